"""Export speed per format: one plan, and a clinic's batch of 1,000 plans.

The baseline writes the same plan's facts with plain ``str.format`` and
``Path.write_text``: the least any export could cost. The gap is what each
format's real work costs on top (the outline, Jinja2 or icalendar, escaping,
the atomic write with its fsync).
"""

from __future__ import annotations

import functools
import tempfile
from datetime import date
from pathlib import Path

from backcare_kit import bundled_plan, export_plan
from backcare_kit.plugins import build_plugins
from backcare_kit.words import dose_in_words, schedule_in_words

from .common import Row, best_of, seconds

BATCH = 1_000
QUICK_BATCH = 100
_BASELINE = "Plan for {patient}\n{schedule}\n{safety}\n{exercises}\n"


def _plans(count: int) -> list:
    first = bundled_plan(patient="Patient 0", start_date=date(2027, 1, 4))
    return [first.edited(patient=f"Patient {n}", id="") for n in range(count)]


def _baseline(plans: list, folder: Path) -> None:
    for n, plan in enumerate(plans):
        text = _BASELINE.format(
            patient=plan.patient,
            schedule=schedule_in_words(plan.schedule),
            safety="\n".join(plan.safety.lines()),
            exercises="\n".join(f"{i.name}: {dose_in_words(i)}" for i in plan.routine.included),
        )
        (folder / f"baseline-{n}.txt").write_text(text, encoding="utf-8")


def _export_all(plans: list, name: str, folder: Path, plugins) -> None:
    for plan in plans:
        export_plan(plan, name, folder, plugins=plugins, overwrite=True)


def run(quick: bool = False) -> list[Row]:
    """Time each installed format for one plan and for a batch, against the str.format baseline."""
    plugins = build_plugins()
    batch = QUICK_BATCH if quick else BATCH
    plans = _plans(batch)
    rows = []
    with tempfile.TemporaryDirectory(prefix="backcare-export-") as folder:
        out = Path(folder)
        for name in sorted(plugins.exporters()):
            for count, repeat in ((1, 5), (batch, 1)):
                chosen = plans[:count]
                measured, base = best_of(
                    repeat,
                    functools.partial(_export_all, chosen, name, out, plugins),
                    functools.partial(_baseline, chosen, out),
                )
                rows.append(_row(name, count, measured, base))
    return rows


def _row(name: str, count: int, measured: float, base: float) -> Row:
    return Row(
        benchmark=f"`export_plan` as `{name}`, {count:,} plan{'s' if count > 1 else ''}",
        measured=seconds(measured),
        baseline=f"{seconds(base)} (`str.format` + `write_text`)",
        figure=f"{measured / base:.1f}x; {seconds(measured / count)} a plan",
        target="none set",
        met=None,
    )
