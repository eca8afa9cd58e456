"""Session timing, computed in one place for the preview and every exporter.

A session is a sequence of segments: each included exercise once, or once
per side for ``each_side`` exercises, with a transition between exercises
(not before the first or after the last, and none between the two sides of
one exercise: the article times the side change inside the minute).

An exercise dosed by repetitions runs set by set (each set on one side,
then the other, for ``each_side``), with a rest segment between sets. Its
time is an estimate (repetitions x seconds_per_rep), so a timing that holds
one says so (``Timing.estimate``) and every face says "about".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

from .exercise import DoseKind, Sides

if TYPE_CHECKING:
    import pandas as pd

    from .routine import Routine, RoutineItem


class SegmentKind(StrEnum):
    """What a stretch of the session is. The values are stable codes (the HTML timer reads them), not words."""

    EXERCISE = "exercise"
    TRANSITION = "transition"
    REST = "rest"  # between two sets of a dose by repetitions


class Side(StrEnum):
    """Which side a stretch works. Stable codes; ``backcare_kit.words.side_in_words`` says them."""

    NONE = "none"  # both sides at once, or a transition
    FIRST = "first"
    SECOND = "second"
    ALTERNATING = "alternating"


class Segment(NamedTuple):
    """A stretch of the session: one exercise on one side, or the transition before an exercise.

    A named tuple rather than a frozen dataclass: a session of 100 items has
    hundreds of stretches, laid out again on every edit in the editor, and a
    tuple is made several times faster.
    """

    kind: SegmentKind
    item: int  # index in routine.items; for a transition, of the next exercise
    exercise_id: str
    name: str  # the exercise's name; for a transition, the next exercise's
    side: Side
    start: int
    seconds: int
    #: For a dose by repetitions: the set this stretch is (from 1; for a rest, the set after it), of how many,
    #: and the repetitions to do in it. All 0 for a dose by time.
    set_number: int = 0
    sets: int = 0
    reps: int = 0

    @property
    def end(self) -> int:
        return self.start + self.seconds


class ItemTiming(NamedTuple):
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
    #: True when a dose by repetitions is included: its time is estimated from seconds_per_rep.
    estimate: bool = False

    @property
    def total_seconds(self) -> int:
        return self.segments[-1].end if self.segments else 0

    @property
    def work_seconds(self) -> int:
        return sum(s.seconds for s in self.segments if s.kind is SegmentKind.EXERCISE)

    @property
    def rest_seconds(self) -> int:
        """Rest between sets of doses by repetitions."""
        return sum(s.seconds for s in self.segments if s.kind is SegmentKind.REST)

    @property
    def transition_seconds(self) -> int:
        return self.total_seconds - self.work_seconds - self.rest_seconds

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
        for segment in _item_segments(index, item, clock):
            segments.append(segment)
            clock = segment.end
        items.append(ItemTiming(index, item.id, item.name, start, clock, clock - start))
    estimate = any(item.dose_kind is DoseKind.REPS for item in routine.included)
    return Timing(tuple(segments), tuple(items), estimate)


def _item_segments(index: int, item: RoutineItem, clock: int) -> list[Segment]:
    """One item's stretches from ``clock``: each side of the duration, or each set and side with rests between."""
    stretches: list[tuple[SegmentKind, Side, int, int]] = []  # kind, side, seconds, set number
    if item.dose_kind is DoseKind.TIME:
        stretches = [(SegmentKind.EXERCISE, side, item.duration_seconds, 0) for side in _sides(item.sides)]
    for number in range(1, item.sets + 1):  # no sets for a dose by time
        if number > 1 and item.rest_seconds:
            stretches.append((SegmentKind.REST, Side.NONE, item.rest_seconds, number))
        stretches += [(SegmentKind.EXERCISE, side, item.set_seconds, number) for side in _sides(item.sides)]
    segments = []
    for kind, side, seconds, number in stretches:
        segments.append(Segment(kind, index, item.id, item.name, side, clock, seconds, number, item.sets, item.reps))
        clock += seconds
    return segments


def _sides(sides: Sides) -> tuple[Side, ...]:
    if sides is Sides.EACH_SIDE:
        return (Side.FIRST, Side.SECOND)
    return (Side.ALTERNATING,) if sides is Sides.ALTERNATING else (Side.NONE,)
