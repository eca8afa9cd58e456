"""A routine: the clinician's ordered choice of exercises and their tailored doses.

Routines and their items are immutable values. Every edit returns a new
routine, so an editor can keep history, a saved plan cannot change under a
patient, and the catalog is never touched. Each item carries the catalog
exercise it came from, which is what makes "reset to default" possible.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

from .exercise import Exercise, Sides, parse_hold

if TYPE_CHECKING:
    from .timing import Timing

#: Seconds between two exercises to get into the next starting position.
DEFAULT_TRANSITION_SECONDS = 15

#: A session this many times its catalog-dose length gets a warning.
LONG_SESSION_FACTOR = 1.5

#: Fields of an item a clinician can tailor; each defaults to the exercise's own.
TAILORED = ("duration_seconds", "sides", "hold", "cues")


@dataclass(frozen=True)
class RoutineItem:
    """One exercise in a routine with its dose as tailored for this patient."""

    exercise: Exercise
    duration_seconds: int
    sides: Sides
    hold: str
    cues: tuple[str, ...]
    included: bool = True

    def __post_init__(self) -> None:
        if isinstance(self.duration_seconds, bool) or not isinstance(self.duration_seconds, int):
            raise ValueError(f"{self.exercise.name}: duration must be a whole number of seconds")
        if self.duration_seconds < 0:
            raise ValueError(f"{self.exercise.name}: duration cannot be negative ({self.duration_seconds} s)")
        object.__setattr__(self, "sides", Sides(self.sides))
        try:
            object.__setattr__(self, "hold", parse_hold(self.hold))
        except ValueError as error:
            raise ValueError(f"{self.exercise.name}: hold {self.hold!r}: expected {error}") from None
        object.__setattr__(self, "cues", tuple(c.strip() for c in self.cues if c.strip()))

    @classmethod
    def of(cls, exercise: Exercise, **overrides: Any) -> RoutineItem:
        """An item with the exercise's default dose, changed by ``overrides``."""
        defaults = {name: getattr(exercise, name) for name in TAILORED}
        return cls(exercise=exercise, **{**defaults, **overrides})

    @property
    def id(self) -> str:
        return self.exercise.id

    @property
    def name(self) -> str:
        return self.exercise.name

    @property
    def work_seconds(self) -> int:
        """Exercise time for this item: the duration once per side it runs on."""
        return self.duration_seconds * self.sides.rounds

    def tailored(self, **changes: Any) -> RoutineItem:
        """A copy with some of duration_seconds, sides, hold, cues or included changed."""
        unknown = set(changes) - {f.name for f in fields(self)} | ({"exercise"} & set(changes))
        if unknown:
            raise TypeError(f"cannot tailor {', '.join(sorted(unknown))}")
        return replace(self, **changes)

    def reset(self, *names: str) -> RoutineItem:
        """Back to the catalog's default for the fields named (all when none are)."""
        names = names or TAILORED
        return replace(self, **{n: getattr(self.exercise, n) for n in names})

    def overridden(self) -> tuple[str, ...]:
        """The tailored fields that differ from the catalog's default."""
        return tuple(n for n in TAILORED if getattr(self, n) != getattr(self.exercise, n))


@dataclass(frozen=True)
class Routine:
    """Ordered items plus the rest between exercises."""

    items: tuple[RoutineItem, ...] = ()
    name: str = ""
    description: str = ""
    transition_seconds: int = DEFAULT_TRANSITION_SECONDS

    def __post_init__(self) -> None:
        object.__setattr__(self, "items", tuple(self.items))
        if isinstance(self.transition_seconds, bool) or not isinstance(self.transition_seconds, int):
            raise ValueError("transition must be a whole number of seconds")
        if self.transition_seconds < 0:
            raise ValueError(f"transition cannot be negative ({self.transition_seconds} s)")

    @classmethod
    def of(cls, exercises: Iterable[Exercise], **kwargs: Any) -> Routine:
        """A routine of these exercises at their default doses."""
        return cls(items=tuple(RoutineItem.of(ex) for ex in exercises), **kwargs)

    @property
    def included(self) -> tuple[RoutineItem, ...]:
        return tuple(item for item in self.items if item.included)

    def position(self, exercise_id: str) -> int:
        """Index of the first item for this exercise (ValueError if absent)."""
        for n, item in enumerate(self.items):
            if item.id == exercise_id:
                return n
        raise ValueError(f"no exercise {exercise_id!r} in this routine")

    def tailor(self, index: int, **changes: Any) -> Routine:
        """A copy with item ``index`` tailored (see RoutineItem.tailored)."""
        return self._with_item(index, self.items[index].tailored(**changes))

    def reset(self, index: int, *names: str) -> Routine:
        """A copy with item ``index`` back to its catalog defaults."""
        return self._with_item(index, self.items[index].reset(*names))

    def move(self, index: int, offset: int) -> Routine:
        """A copy with item ``index`` moved by ``offset`` places, clamped to the ends."""
        items = list(self.items)
        item = items.pop(index)
        items.insert(max(0, min(len(items), index + offset)), item)
        return replace(self, items=tuple(items))

    def add(self, exercise: Exercise, index: int | None = None) -> Routine:
        """A copy with the exercise added at its default dose (at the end by default)."""
        items = list(self.items)
        items.insert(len(items) if index is None else index, RoutineItem.of(exercise))
        return replace(self, items=tuple(items))

    def remove(self, index: int) -> Routine:
        return replace(self, items=(*self.items[:index], *self.items[index + 1 :]))

    def timing(self) -> Timing:
        """The session timing; see :func:`backcare_kit.timing.session_timing`."""
        from .timing import session_timing

        return session_timing(self)

    def warnings(self) -> list[str]:
        """Things a clinician would want to know while tailoring, in words.

        An empty session, an exercise at zero seconds, and a session much
        longer (by half or more) than the same exercises at the catalog's doses.
        """
        included = self.included
        if not included:
            return ["No exercises are included: the session is empty."]
        found = [f"{item.name} lasts 0 seconds." for item in included if item.duration_seconds == 0]
        planned = sum(item.reset().work_seconds for item in included)
        work = sum(item.work_seconds for item in included)
        if planned and work >= LONG_SESSION_FACTOR * planned:
            found.append(
                f"The exercises take {work // 60} min {work % 60:02d} s, much longer than the "
                f"{planned // 60} min {planned % 60:02d} s at the catalog's doses."
            )
        return found

    def _with_item(self, index: int, item: RoutineItem) -> Routine:
        return replace(self, items=(*self.items[:index], item, *self.items[index + 1 :]))
