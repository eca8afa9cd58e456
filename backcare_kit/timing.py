"""Session timing, computed in one place for the preview and every exporter.

A session is a sequence of segments: each included exercise once, or once
per side for ``each_side`` exercises, with a transition between exercises
(not before the first or after the last, and none between the two sides of
one exercise: the article times the side change inside the minute).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from .exercise import Sides

if TYPE_CHECKING:
    import pandas as pd

    from .routine import Routine


class SegmentKind(StrEnum):
    """What a stretch of the session is. The values are stable codes (the HTML timer reads them), not words."""

    EXERCISE = "exercise"
    TRANSITION = "transition"


class Side(StrEnum):
    """Which side a stretch works. Stable codes; ``backcare_kit.words.side_in_words`` says them."""

    NONE = "none"  # both sides at once, or a transition
    FIRST = "first"
    SECOND = "second"
    ALTERNATING = "alternating"


@dataclass(frozen=True)
class Segment:
    """A stretch of the session: one exercise on one side, or the transition before an exercise."""

    kind: SegmentKind
    item: int  # index in routine.items; for a transition, of the next exercise
    exercise_id: str
    name: str  # the exercise's name; for a transition, the next exercise's
    side: Side
    start: int
    seconds: int

    @property
    def end(self) -> int:
        return self.start + self.seconds


@dataclass(frozen=True)
class ItemTiming:
    """When one routine item starts and ends within the session."""

    item: int
    exercise_id: str
    name: str
    start: int
    end: int
    work_seconds: int


@dataclass(frozen=True)
class Timing:
    segments: tuple[Segment, ...]
    items: tuple[ItemTiming, ...]

    @property
    def total_seconds(self) -> int:
        return self.segments[-1].end if self.segments else 0

    @property
    def work_seconds(self) -> int:
        return sum(s.seconds for s in self.segments if s.kind is SegmentKind.EXERCISE)

    @property
    def transition_seconds(self) -> int:
        return self.total_seconds - self.work_seconds

    def _repr_html_(self) -> str:
        from .richrepr import timing_html

        return timing_html(self)

    def to_frame(self) -> pd.DataFrame:
        """One row per segment, with start and end offsets in seconds and as m:ss, and the side in words."""
        import pandas as pd

        from .words import clock, segment_label, side_in_words

        rows = [
            {
                "kind": s.kind.value,
                "exercise": segment_label(s),
                "side": side_in_words(s.side),
                "start": clock(s.start),
                "end": clock(s.end),
                "seconds": s.seconds,
                "start_seconds": s.start,
                "end_seconds": s.end,
                "item": s.item,
                "exercise_id": s.exercise_id,
            }
            for s in self.segments
        ]
        return pd.DataFrame(
            rows,
            columns=[
                "kind",
                "exercise",
                "side",
                "start",
                "end",
                "seconds",
                "start_seconds",
                "end_seconds",
                "item",
                "exercise_id",
            ],
        )


def session_timing(routine: Routine) -> Timing:
    """Lay the routine's included items out in time."""
    segments: list[Segment] = []
    items: list[ItemTiming] = []
    clock = 0
    for index, item in enumerate(routine.items):
        if not item.included:
            continue
        if items and routine.transition_seconds:
            transition = routine.transition_seconds
            segments.append(Segment(SegmentKind.TRANSITION, index, item.id, item.name, Side.NONE, clock, transition))
            clock += transition
        start = clock
        for side in _sides(item.sides):
            segments.append(
                Segment(SegmentKind.EXERCISE, index, item.id, item.name, side, clock, item.duration_seconds)
            )
            clock += item.duration_seconds
        items.append(ItemTiming(index, item.id, item.name, start, clock, clock - start))
    return Timing(tuple(segments), tuple(items))


def _sides(sides: Sides) -> tuple[Side, ...]:
    if sides is Sides.EACH_SIDE:
        return (Side.FIRST, Side.SECOND)
    return (Side.ALTERNATING,) if sides is Sides.ALTERNATING else (Side.NONE,)
