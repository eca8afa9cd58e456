"""Export speed per format: one plan, and a clinic's batch of 1,000 plans; and what pictures add to a handout.

The baseline writes the same plan's facts with plain ``str.format`` and
``Path.write_text``: the least any export could cost. The gap is what each
format's real work costs on top (the outline, Jinja2 or icalendar, escaping,
the atomic write with its fsync).

The handout's pictures are measured against the same plan with every
exercise's pictures and poses taken away, in the same run: the size of the
file a patient is emailed, and the time to export it (drawing the figures,
embedding them, the timer's moving figures).
"""

from __future__ import annotations

import functools
import statistics
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

from backcare_kit import bundled_plan, export_plan
from backcare_kit.plugins import build_plugins
from backcare_kit.words import dose_in_words, schedule_in_words

from .common import Row, best_of, rounds, seconds

BATCH = 1_000
QUICK_BATCH = 100
#: Smaller batches for a format whose one file takes a second or more (the PDF lays out and subsets fonts):
#: 1,000 PDFs would take half an hour, and the time per plan is what the row is for. (full run, quick run)
SLOW_BATCHES = {"pdf": (50, 3)}
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
            slow = SLOW_BATCHES.get(name)
            for count, repeat in ((1, 5), (slow[quick] if slow else batch, 1)):
                chosen = plans[:count]
                measured, base = best_of(
                    repeat,
                    functools.partial(_export_all, chosen, name, out, plugins),
                    functools.partial(_baseline, chosen, out),
                )
                rows.append(_row(name, count, measured, base))
        if "html" in plugins.exporters():
            rows += _pictures(plans[0], out, plugins, repeat=5 if quick else 25)
    return rows


def _pictures(plan, folder: Path, plugins, repeat: int) -> list[Row]:
    """The handout with the five exercises' pictures against the same plan without them: size and export time.

    Medians of paired rounds, not the best: an export's time is mostly its
    flush to disk, whose outliers either way would swamp the pictures' cost.
    """
    drawn = _illustrated(plan)
    bare = _each_exercise(plan, lambda exercise: replace(exercise, pictures=(), poses=()))
    with_pictures = export_plan(drawn, "html", folder, plugins=plugins, overwrite=True).stat().st_size
    without = export_plan(bare, "html", folder, plugins=plugins, overwrite=True).stat().st_size
    render = plugins.exporters()["html"].exporter.render
    timed = [
        (
            "`export_plan` as `html`",
            lambda plan, name: export_plan(plan, name, folder, plugins=plugins, overwrite=True),
        ),
        ("rendering the `html` handout (no file written)", lambda plan, name: render(plan, {})),
    ]
    which = "the five exercises' pictures"
    rows = [
        Row(
            benchmark=f"HTML handout's size with {which}",
            measured=f"{with_pictures / 1000:.1f} kB",
            baseline=f"{without / 1000:.1f} kB (the same plan without pictures)",
            figure=f"+{(with_pictures - without) / 1000:.1f} kB ({with_pictures / without:.2f}x)",
            target="none set",
            met=None,
        )
    ]
    for what, function in timed:
        measured, base = (
            statistics.median(times)
            for times in rounds(
                repeat, functools.partial(function, drawn, "html"), functools.partial(function, bare, "html")
            )
        )
        rows.append(
            Row(
                benchmark=f"{what} with {which}, 1 plan, median of {repeat} paired rounds",
                measured=seconds(measured),
                baseline=f"{seconds(base)} (the same plan without pictures)",
                figure=f"{measured / base:.2f}x; {'+' if measured >= base else '-'}{seconds(abs(measured - base))}",
                target="none set",
                met=None,
            )
        )
    return rows


def _illustrated(plan):
    """``plan`` as bundled: every exercise drawn from its poses in data/poses.csv (refused if one is not)."""
    undrawn = [item.id for item in plan.routine.items if not (item.exercise.poses or item.exercise.pictures)]
    if undrawn:
        raise RuntimeError(f"the bundled exercises should all be drawn; these are not: {', '.join(undrawn)}")
    return plan


def _each_exercise(plan, change):
    """``plan`` with ``change`` applied to the exercise of every item of its routine."""
    items = tuple(replace(item, exercise=change(item.exercise)) for item in plan.routine.items)
    return plan.edited(routine=replace(plan.routine, items=items))


def _row(name: str, count: int, measured: float, base: float) -> Row:
    return Row(
        benchmark=f"`export_plan` as `{name}`, {count:,} plan{'s' if count > 1 else ''}",
        measured=seconds(measured),
        baseline=f"{seconds(base)} (`str.format` + `write_text`)",
        figure=f"{measured / base:.1f}x; {seconds(measured / count)} a plan",
        target="none set",
        met=None,
    )
