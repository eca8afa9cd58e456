"""Session timing for a long routine: ``session_timing`` against a bare sum of durations.

The notebook editor recomputes the timing on every edit, so it has to stay
far below what a person notices. The baseline is the least any timing could
do, one pass adding up durations, so the table shows what laying out the
segments costs on top.
"""

from __future__ import annotations

import timeit
from itertools import cycle, islice

from backcare_kit import Routine, load_catalog, session_timing

from .common import Row

ITEMS = 100
#: Per call, in seconds.
TARGET = 1e-3


def build_routine(items: int = ITEMS) -> Routine:
    """A routine of ``items`` bundled exercises in catalog order, over and over."""
    catalog = load_catalog()
    return Routine.of(catalog[i] for i in islice(cycle(catalog), items))


def mean_per_call(statement: timeit.Timer, repeat: int) -> tuple[float, int]:
    """Seconds per call from the best of ``repeat`` runs, and the calls in each run.

    autorange picks a call count that runs for at least 0.2 s, so the
    clock's resolution does not matter even for the trivial baseline.
    """
    number, _ = statement.autorange()
    return min(statement.repeat(repeat=repeat, number=number)) / number, number


def microseconds(value: float) -> str:
    """Always in µs, the unit the target is compared in, so rows read alike."""
    return f"{value * 1e6:,.1f} µs"


def run(quick: bool = False) -> list[Row]:
    """Time the timing of a 100-item routine and the bare sum, each on its own."""
    routine = build_routine()
    segments = len(session_timing(routine).segments)
    repeat = 3 if quick else 5
    measured, number = mean_per_call(timeit.Timer(lambda: session_timing(routine)), repeat)
    baseline, _ = mean_per_call(timeit.Timer(lambda: sum(item.duration_seconds for item in routine.items)), repeat)
    return [
        Row(
            benchmark=(
                f"`session_timing`, {ITEMS}-item routine ({segments} segments), "
                f"mean per call, best of {repeat} runs of {number:,} calls"
            ),
            measured=microseconds(measured),
            baseline=f"{microseconds(baseline)} (sum of durations)",
            figure=f"{measured / baseline:.0f}x the bare sum",
            target=f"< {TARGET * 1e3:g} ms",
            met=measured < TARGET,
        )
    ]
