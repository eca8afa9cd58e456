"""Editor responsiveness: from a widget change to the re-rendered preview, against the preview's core.

A clinician changes a control and expects the timing preview to follow at
once, so the whole round trip (the model edit, every control set back from
the plan, the preview's HTML) has to fit in one frame. The baseline is what
the preview cannot do without: the timing and its HTML for the same routine,
so the table shows what the widgets cost on top.

The editor runs without a frontend, as in a kernel no browser is attached to:
setting a control's value runs the edit and ``render()`` synchronously, and
each widget builds its state update, but no comm message is sent.

With pictures, every card shows a thumbnail, drawn once per exercise: the
same edits on the same 100 exercises with and without pictures, taking
turns, show what thumbnails cost an edit (nothing should be redrawn), and
building the editor afresh, with the thumbnail cache empty, what drawing
them all costs once.
"""

from __future__ import annotations

import gc
import statistics
import time
from dataclasses import replace

from backcare_kit import Routine, bundled_plan, session_timing
from backcare_kit.richrepr import _thumbnails, timing_html
from backcare_kit.widgets import Editor
from backcare_kit.words import total_in_words

from .common import Row, best_of, seconds
from .timing import build_routine

#: Per change, in seconds: one frame at 60 Hz.
TARGET = 16e-3
#: Routine sizes and how many changes to time for each (full run, --quick).
CASES = ((5, 50, 10), (100, 20, 5))
#: Untimed changes first, so one-off costs (first calls, caches) stay out of the figures.
WARM_UP = 2
#: Items in the routine with a thumbnail on every card, each a different exercise: changes (full run, --quick).
PICTURED = (100, 20, 5)
#: Editors built from scratch, with and without pictures, for the one-off cost (full run, --quick).
BUILDS = (5, 2)


def _editor(items: int) -> Editor:
    plan = bundled_plan("Bench").edited(routine=build_routine(items))
    return Editor(plan)


def _distinct(items: int, pictures: bool) -> Routine:
    """``items`` different exercises (the bundled ones under new ids), each with pictures or with none."""
    routine = build_routine(items)
    exercises = [replace(item.exercise, id=f"{item.id}-{n}") for n, item in enumerate(routine.items)]
    return Routine.of(
        ex if pictures else replace(ex, pictures=(), poses=()) for ex in exercises
    )  # drawn: bundled poses


def _pictured_editor(items: int, pictures: bool) -> Editor:
    return Editor(bundled_plan("Bench").edited(routine=_distinct(items, pictures)))


def _baseline(editor: Editor) -> str:
    """The timing and its HTML for the routine as the editor now has it."""
    return timing_html(session_timing(editor.plan.routine))


def _change(editor: Editor, value: int) -> float:
    """Seconds to set the first item's Seconds box to ``value``, checked to have re-rendered."""
    before_total, before_preview = editor.total.value, editor.preview.value
    gc.collect()
    start = time.perf_counter()
    editor.rows[0].seconds.value = value
    elapsed = time.perf_counter() - start
    expected = f"<b>{total_in_words(session_timing(editor.plan.routine))}</b>"
    if editor.plan.routine.items[0].duration_seconds != value:
        raise RuntimeError(f"the edit to {value} s did not reach the plan: {editor.message.value}")
    if editor.total.value == before_total or expected not in editor.total.value:
        raise RuntimeError(f"the total did not follow the edit: {before_total!r} then {editor.total.value!r}")
    if editor.preview.value == before_preview:
        raise RuntimeError("the preview did not change after the edit")
    return elapsed


def _time_baseline(editor: Editor) -> float:
    gc.collect()
    start = time.perf_counter()
    _baseline(editor)
    return time.perf_counter() - start


def measure(items: int, changes: int) -> tuple[list[float], list[float]]:
    """Per-change seconds for the editor and for the baseline, taking turns change by change.

    The value alternates between two durations that both differ from the
    catalog's, so every set is a real change and the totals differ each time.
    """
    editor = _editor(items)
    current = editor.rows[0].seconds.value
    values = (current + 5, current + 10)
    for n in range(WARM_UP):
        _change(editor, values[n % 2])
        _baseline(editor)
    measured, baseline = [], []
    for n in range(changes):
        measured.append(_change(editor, values[(WARM_UP + n) % 2]))
        baseline.append(_time_baseline(editor))
    return measured, baseline


def measure_pictures(items: int, changes: int) -> tuple[list[float], list[float]]:
    """Per-change seconds with a thumbnail on every card and without, taking turns change by change."""
    with_pictures, without = _pictured_editor(items, True), _pictured_editor(items, False)
    if not all(row.thumbnail for row in with_pictures.rows) or any(row.thumbnail for row in without.rows):
        raise RuntimeError("the editors do not differ by their thumbnails alone")
    current = with_pictures.rows[0].seconds.value
    values = (current + 5, current + 10)
    timed: tuple[list[float], list[float]] = ([], [])
    for n in range(WARM_UP + changes):
        for editor, times in zip((with_pictures, without), timed, strict=True):
            elapsed = _change(editor, values[n % 2])
            if n >= WARM_UP:
                times.append(elapsed)
    return timed


def _fresh(items: int, pictures: bool) -> Editor:
    """The editor built with the thumbnail cache empty: every picture drawn."""
    _thumbnails.cache_clear()
    return _pictured_editor(items, pictures)


def run(quick: bool = False) -> list[Row]:
    """Time edits in a 5-exercise and a 100-item routine against timing plus its HTML; then with pictures."""
    rows = [_row(items, short if quick else full) for items, full, short in CASES]
    items, full, short = PICTURED
    changes = short if quick else full
    measured, baseline = measure_pictures(items, changes)
    mean, base = statistics.fmean(measured), statistics.fmean(baseline)
    rows.append(
        Row(
            benchmark=(
                f"Editor: Seconds box change to re-rendered preview, {items}-item routine with a thumbnail on "
                f"every card ({items} different exercises), {changes} changes (no frontend attached)"
            ),
            measured=f"mean {seconds(mean)}, best {seconds(min(measured))}",
            baseline=f"mean {seconds(base)}, best {seconds(min(baseline))} (the same editor without pictures)",
            figure=f"{_difference(mean, base)} ({mean / base:.2f}x)",
            target=f"< {TARGET * 1e3:g} ms mean",
            met=mean < TARGET,
        )
    )
    builds = BUILDS[1] if quick else BUILDS[0]
    built = best_of(builds, lambda: _fresh(items, True), lambda: _fresh(items, False))
    rows.append(
        Row(
            benchmark=f"Editor: building it for a {items}-item routine, every thumbnail drawn afresh, best of {builds}",
            measured=seconds(built[0]),
            baseline=f"{seconds(built[1])} (the same editor without pictures)",
            figure=f"{_difference(built[0], built[1])}, once per exercise",
            target="none: paid once, when the exercises change",
            met=None,
        )
    )
    return rows


def _difference(measured: float, baseline: float) -> str:
    """What the thumbnails add, or that they add nothing measurable when noise made the edits faster."""
    if measured < baseline:
        return f"thumbnails add nothing measurable (with pictures {seconds(baseline - measured)} faster)"
    return f"thumbnails add {seconds(measured - baseline)}"


def _row(items: int, changes: int) -> Row:
    measured, baseline = measure(items, changes)
    mean, base = statistics.fmean(measured), statistics.fmean(baseline)
    return Row(
        benchmark=(
            f"Editor: Seconds box change to re-rendered preview, {items}-item routine, "
            f"{changes} changes (no frontend attached)"
        ),
        measured=f"mean {seconds(mean)}, best {seconds(min(measured))}",
        baseline=(f"mean {seconds(base)}, best {seconds(min(baseline))} (`session_timing` + `timing_html`)"),
        figure=f"widgets add {seconds(mean - base)} ({mean / base:.1f}x)",
        target=f"< {TARGET * 1e3:g} ms mean",
        met=mean < TARGET,
    )
