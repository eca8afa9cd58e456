"""Static HTML for notebooks: a plan summary, the timing table and a timeline.

Used as ``_repr_html_`` by Plan and Timing, and by the editor's live preview,
so what a clinician sees while editing is what an executed notebook keeps as
its record. Plain HTML with inline styles only: it reads with no kernel, no
widget manager and no network. Everything typed is escaped.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from .progression import Stage, stage_days
from .timing import SegmentKind
from .words import (
    cautions_in_words,
    clock,
    dose_in_words,
    length_in_words,
    plan_warnings,
    schedule_in_words,
    segment_label,
    side_in_words,
    total_in_words,
    weeks_in_words,
    who_and_when,
)

if TYPE_CHECKING:
    from .plan import Plan
    from .timing import Timing

#: Bar colours for the timeline: exercises alternate so neighbours stay apart; transitions and rests are grey.
_COLOURS = ("#0a4f8a", "#2e7d32")
_TRANSITION = "#9e9e9e"


def timing_html(timing: Timing, warnings: list[str] | None = None, totals: bool = True) -> str:
    """Totals (unless shown elsewhere), a proportional timeline (one bar per exercise and side), the segments."""
    total = f"<p><strong>{escape(total_in_words(timing))}</strong></p>"
    parts = [
        f'<div class="bk-timing">{total if totals else ""}',
        _warnings_html(warnings or []),
        _timeline_html(timing),
        _table_html(timing),
        "</div>",
    ]
    return "".join(parts)


def plan_html(plan: Plan) -> str:
    """The plan as a clinician reviews it: who, when, what, and the timing."""
    rows = [("Patient", plan.patient), ("Schedule", schedule_in_words(plan.schedule)), *who_and_when(plan)]
    if plan.notes:
        rows.append(("Notes", plan.notes))
    facts = "".join(f"<tr><th style='text-align:left'>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    stages = plan.stages()
    return (
        f'<div class="bk-plan"><h3>Back-care plan for {escape(plan.patient)}</h3><table>{facts}</table>'
        + _warnings_html(plan_warnings(plan))
        + "".join(_stage_html(plan, stage, alone=len(stages) == 1) for stage in stages)
        + "</div>"
    )


def _stage_html(plan: Plan, stage: Stage, alone: bool) -> str:
    """One stretch of weeks: its weeks (unless it is the whole plan), its exercises and doses, its timing."""
    routine = stage.routine
    items = "".join(f"<li>{escape(item.name)}: {escape(dose_in_words(item))}</li>" for item in routine.included)
    days = stage_days(plan.schedule, stage)
    weeks = "" if alone else f"<h4>{escape(weeks_in_words(stage.first_week, stage.last_week, *days))}</h4>"
    return f"{weeks}<ol>{items}</ol>{timing_html(routine.timing(), cautions_in_words(routine))}"


def _warnings_html(warnings: list[str]) -> str:
    if not warnings:
        return ""
    items = "".join(f"<li>{escape(w)}</li>" for w in warnings)
    return f'<ul class="bk-warnings" style="color:#9f1d1d;font-weight:bold">{items}</ul>'


def _timeline_html(timing: Timing) -> str:
    if not timing.total_seconds:
        return '<p class="bk-timeline">No exercises: the session is empty.</p>'
    bars = []
    for n, segment in enumerate(timing.segments):
        colour = _COLOURS[segment.item % 2] if segment.kind is SegmentKind.EXERCISE else _TRANSITION
        side = side_in_words(segment.side)
        label = f"{segment_label(segment)}{f' ({side})' if side else ''}: {clock(segment.seconds)}"
        bars.append(
            f'<div title="{escape(label)}" style="flex:{segment.seconds} 0 0;background:{colour};'
            f'height:1.5em;min-width:1px;{"margin-left:1px;" if n else ""}"></div>'
        )
    return (
        f'<div class="bk-timeline" role="img" aria-label="Timeline of a {length_in_words(timing)}'
        f' session" style="display:flex;width:100%;max-width:40em">{"".join(bars)}</div>'
    )


def _table_html(timing: Timing) -> str:
    rows = "".join(
        f"<tr><td>{clock(s.start)}</td><td>{clock(s.end)}</td><td>{escape(segment_label(s))}</td>"
        f"<td>{escape(side_in_words(s.side))}</td><td>{s.seconds}</td></tr>"
        for s in timing.segments
    )
    head = "<tr><th>start</th><th>end</th><th>exercise</th><th>side</th><th>seconds</th></tr>"
    return f'<table class="bk-timing-table"><thead>{head}</thead><tbody>{rows}</tbody></table>'
