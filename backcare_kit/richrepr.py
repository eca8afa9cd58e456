"""Static HTML for notebooks: a plan summary, the timing table, a timeline and the exercises' pictures.

Used as ``_repr_html_`` by Plan and Timing, and by the editor's live preview
and exercise cards, so what a clinician sees while editing is what an
executed notebook keeps as its record. Plain HTML with inline styles only: it
reads with no kernel, no widget manager and no network, and pictures are
embedded as ``data:`` URIs. Everything typed is escaped.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING

from .illustration import pictures_of
from .picture import Picture
from .progression import Stage, stage_days
from .routine import RoutineItem
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
    from collections.abc import Iterable

    from .exercise import Exercise
    from .plan import Plan
    from .timing import Timing

#: Bar colours for the timeline: exercises alternate so neighbours stay apart; transitions and rests are grey.
_COLOURS = ("#0a4f8a", "#2e7d32")
_TRANSITION = "#9e9e9e"

#: A thumbnail's width on screen; its height follows the picture.
THUMBNAIL_WIDTH = "7em"
#: The room a thumbnail takes in a row of them, in em: its width, its border and the gap after it.
THUMBNAIL_ROOM = 7.5
#: The widest a raster thumbnail is stored, in pixels: sharp at twice the width on a high-density screen.
THUMBNAIL_PIXELS = 224
#: How many exercises' pictures are kept ready: every card of a long routine, without holding a whole library.
_CACHED_EXERCISES = 512
#: What the library says of an exercise with no picture yet, instead of an empty frame.
NO_PICTURE = "No picture yet"


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


def glance_html(timing: Timing, warnings: list[str]) -> str:
    """What the editor's summary shows at a glance: the warnings, then the timeline with its legend."""
    return f'<div class="bk-timing">{_warnings_html(warnings)}{_timeline_html(timing)}</div>'


def segments_html(timing: Timing) -> str:
    """Every part of the session with its times, folded away until asked for (a summary must stay short)."""
    return f"<details><summary>Every part of the session</summary>{_table_html(timing)}</details>"


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


def thumbnail_html(exercise: Exercise) -> str:
    """The exercise's first picture, small, with its text alternative; "" when it has none (no empty frame)."""
    pictures = _thumbnails(exercise)
    return picture_html(pictures[0], THUMBNAIL_WIDTH) if pictures else ""


def pictures_html(exercise: Exercise, width: str = THUMBNAIL_WIDTH) -> str:
    """Every picture of the exercise (start, end) side by side, each with its text alternative."""
    return "".join(picture_html(picture, width) for picture in _thumbnails(exercise))


def library_html(exercises: Iterable[Exercise]) -> str:
    """The catalog as a table a clinician browses: pictures, name, usual dose, starting position, areas."""
    head = "".join(f"<th>{h}</th>" for h in ("Pictures", "Exercise", "Usual dose", "Starting position", "Works"))
    rows = "".join(_library_row(exercise) for exercise in exercises)
    return f'<table class="bk-library"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _library_row(exercise: Exercise) -> str:
    pictures = pictures_html(exercise) or f'<span style="color:#555">{NO_PICTURE}</span>'
    # Side by side, and wide enough for all: a page that caps images at 100% would otherwise squeeze them.
    width = f"min-width:{len(_thumbnails(exercise)) * THUMBNAIL_ROOM:g}em;"
    cells = (
        escape(exercise.name),
        escape(dose_in_words(RoutineItem.of(exercise))),
        "<br>".join(escape(line) for line in exercise.starting_position),
        escape(", ".join(exercise.body_areas)),
    )
    tds = "".join(f"<td>{cell}</td>" for cell in cells)
    return f'<tr><td style="white-space:nowrap;{width}">{pictures}</td>{tds}</tr>'


@lru_cache(maxsize=_CACHED_EXERCISES)
def _thumbnails(exercise: Exercise) -> tuple[Picture, ...]:
    """The exercise's pictures made small, once per exercise: drawing or scaling again on every edit would
    cost a frame, and a clinic's photograph of several MB would travel to the browser whole."""
    return tuple(_small(picture) for picture in pictures_of(exercise))


def _small(picture: Picture) -> Picture:
    """A raster picture scaled down to THUMBNAIL_PIXELS wide as PNG; SVG (drawn to any size) as it is."""
    if picture.media_type == "image/svg+xml":
        return picture
    from io import BytesIO

    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(BytesIO(picture.data)) as opened:
            if opened.width <= THUMBNAIL_PIXELS:
                return picture
            image = ImageOps.exif_transpose(opened)  # upright, as a browser shows the original
            image = image if image.mode in ("RGB", "RGBA", "L", "LA", "P") else image.convert("RGB")
            image.thumbnail((THUMBNAIL_PIXELS, THUMBNAIL_PIXELS * 4))
            out = BytesIO()
            image.save(out, format="PNG", optimize=True)
    except (OSError, UnidentifiedImageError, ValueError):
        return picture  # the catalog checked it; shown as it is rather than not at all
    return Picture("image/png", out.getvalue(), picture.alt)


def picture_html(picture: Picture, width: str) -> str:
    """One picture, embedded, with its text alternative, ``width`` wide (a CSS length) on white."""
    return (
        f'<img class="bk-picture" src="{picture.data_uri}" alt="{escape(picture.alt)}" '
        f'style="width:{width};height:auto;background:#fff;border:1px solid #c4c4c4;margin:0 .25em .25em 0;'
        'vertical-align:middle">'
    )


def _stage_html(plan: Plan, stage: Stage, alone: bool) -> str:
    """One stretch of weeks: its weeks (unless it is the whole plan), its exercises with a thumbnail and
    their doses, its timing."""
    routine = stage.routine
    items = "".join(f"<li>{_item_html(item)}</li>" for item in routine.included)
    days = stage_days(plan.schedule, stage)
    weeks = "" if alone else f"<h4>{escape(weeks_in_words(stage.first_week, stage.last_week, *days))}</h4>"
    return f"{weeks}<ol>{items}</ol>{timing_html(routine.timing(), cautions_in_words(routine))}"


def _item_html(item: RoutineItem) -> str:
    """An exercise and its dose, beside its thumbnail when it has one (a flex row, so the words wrap beside it)."""
    words = f"{escape(item.name)}: {escape(dose_in_words(item))}"
    thumbnail = thumbnail_html(item.exercise)
    if not thumbnail:
        return words
    # The words set the line's baseline, so the list number stands level with the exercise's name.
    picture = thumbnail.replace('style="', 'style="align-self:center;', 1)
    return f'<div style="display:flex;align-items:baseline;gap:.25em">{picture}<span>{words}</span></div>'


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
        f' session" style="display:flex;width:100%;max-width:40em">{"".join(bars)}</div>' + _legend_html(timing)
    )


def _legend_html(timing: Timing) -> str:
    """What the timeline's colours mean: exercises take turns in two colours, getting ready and rest are grey.

    Said in words beside each swatch, so no one needs to tell the colours apart to read it.
    """
    keys = [(_COLOURS[0], "an exercise"), (_COLOURS[1], "the next exercise")]
    if any(s.kind is not SegmentKind.EXERCISE for s in timing.segments):
        keys.append((_TRANSITION, "getting ready or resting"))
    swatches = "".join(
        f'<span style="display:inline-flex;align-items:center"><i aria-hidden="true" style="display:inline-block;'
        f'width:1em;height:1em;margin-right:0.3em;background:{colour}"></i>{words}</span>'
        for colour, words in keys
    )
    return f'<p class="bk-legend" style="display:flex;flex-wrap:wrap;gap:0.2em 1em;margin:0.3em 0">{swatches}</p>'


def _table_html(timing: Timing) -> str:
    rows = "".join(
        f"<tr><td>{clock(s.start)}</td><td>{clock(s.end)}</td><td>{escape(segment_label(s))}</td>"
        f"<td>{escape(side_in_words(s.side))}</td><td>{s.seconds}</td></tr>"
        for s in timing.segments
    )
    head = "<tr><th>start</th><th>end</th><th>exercise</th><th>side</th><th>seconds</th></tr>"
    return f'<table class="bk-timing-table"><thead>{head}</thead><tbody>{rows}</tbody></table>'
