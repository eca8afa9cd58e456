"""What every benchmark shares: the row it reports and how it times things."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One line of the results table, already in words.

    Figures are formatted by the benchmark that knows their unit, so run.py
    only lays them out. ``met`` is None when a row has no target.
    """

    benchmark: str
    measured: str
    baseline: str
    figure: str
    target: str
    met: bool | None


def rounds(repeat: int, *functions: Callable[[], object]) -> list[list[float]]:
    """Each function's wall-clock seconds in each of ``repeat`` rounds, taking turns as in :func:`best_of`."""
    times: list[list[float]] = [[] for _ in functions]
    for _ in range(repeat):
        for n, function in enumerate(functions):
            gc.collect()
            start = time.perf_counter()
            function()
            times[n].append(time.perf_counter() - start)
    return times


def best_of(repeat: int, *functions: Callable[[], object]) -> list[float]:
    """The best wall-clock seconds of each function over ``repeat`` rounds.

    The functions take turns within each round rather than running back to
    back, so a burst of noise from elsewhere on the machine hits measured
    and baseline alike instead of skewing the ratio. The best time is the one
    least disturbed by such noise; a collection beforehand keeps garbage
    from an earlier call out of the next one's time.
    """
    return [min(times) for times in rounds(repeat, *functions)]


def seconds(value: float) -> str:
    """A duration in the unit that keeps three significant figures readable."""
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 1e-3:
        return f"{value * 1e3:.1f} ms"
    return f"{value * 1e6:.1f} µs"


def ratio(measured: float, baseline: float) -> str:
    """'1.23x' of the baseline; the form the README's targets are stated in."""
    return f"{measured / baseline:.2f}x"
