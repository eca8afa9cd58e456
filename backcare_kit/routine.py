"""A routine: the clinician's ordered choice of exercises and their tailored doses.

Routines and their items are immutable values. Every edit returns a new
routine, so an editor can keep history, a saved plan cannot change under a
patient, and the catalog is never touched. Each item carries the catalog
exercise it came from, which is what makes "reset to default" possible.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .dosetext import describes_side_change, one_side_words, steps_change_side, steps_say_hold
from .errors import InvalidValue
from .exercise import REPS_FIELDS, DoseKind, Exercise, Sides, as_hold, as_sides, no_duration, reps_dose
from .limits import MAX_DURATION_SECONDS, MAX_TRANSITION_SECONDS, whole_number
from .text import as_lines, as_text, shown, tuple_of

if TYPE_CHECKING:
    from .timing import Timing

#: Seconds between two exercises to get into the next starting position.
DEFAULT_TRANSITION_SECONDS = 15

#: A session this many times its catalog-dose length gets a warning.
LONG_SESSION_FACTOR = 1.5

#: Fields of an item a clinician can tailor; each defaults to the exercise's own.
#: The dose kind is not among them: it is the exercise's (see RoutineItem).
TAILORED = ("duration_seconds", "sides", "hold", "cues", *REPS_FIELDS)


class CautionKind(StrEnum):
    EMPTY = "empty"
    ZERO_DURATION = "zero-duration"
    LONG_SESSION = "long-session"
    #: Set to each side or alternating, but nothing the patient reads says how to change sides.
    SIDES_UNDESCRIBED = "sides-undescribed"
    #: Set to no sides, but the steps put the patient on one side and never on the other.
    ONE_SIDE_ONLY = "one-side-only"
    #: The hold is cleared, but a step still says "Hold".
    HOLD_CLEARED = "hold-cleared"


@dataclass(frozen=True)
class Caution:
    """One thing worth pointing out about a routine; facts only, worded by the faces."""

    kind: CautionKind
    exercise: str = ""  # the exercise's name, for ZERO_DURATION and the text contradictions
    seconds: int = 0  # the session's exercise time, for LONG_SESSION
    usual_seconds: int = 0  # the same at the catalog's doses
    sides: Sides = Sides.NONE  # the item's sides, for SIDES_UNDESCRIBED
    words: tuple[str, ...] = ()  # the words of the steps naming one side, for ONE_SIDE_ONLY


@dataclass(frozen=True)
class RoutineItem:
    """One exercise in a routine with its dose as tailored for this patient.

    The dose is measured as its exercise's is (``dose_kind``): a clinician
    tailors the time, or the repetitions, sets and rest, but does not turn one
    into the other, since the steps were written for one of them. The
    repetition fields default to 0, right for a dose by time, so code and
    files written before they existed still build items; ``of`` gives a dose
    by repetitions its exercise's.
    """

    exercise: Exercise
    duration_seconds: int
    sides: Sides
    hold: str
    cues: tuple[str, ...]
    included: bool = True
    reps: int = 0
    sets: int = 0
    rest_seconds: int = 0
    seconds_per_rep: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.exercise, Exercise):
            raise InvalidValue(
                f"routine item: exercise: expected an Exercise from the catalog, not {shown(self.exercise)}"
            )
        where = self.exercise.name
        if not isinstance(self.included, bool):
            raise InvalidValue(f"{where}: included: expected True or False, not {shown(self.included)}")
        fields = {
            # Zero seconds is allowed while editing (Routine.cautions points it out); export refuses it.
            "duration_seconds": no_duration(self.duration_seconds, where)
            if self.dose_kind is DoseKind.REPS
            else whole_number(
                self.duration_seconds, 0, MAX_DURATION_SECONDS, what=f"{where}: duration_seconds", unit="seconds"
            ),
            **reps_dose(self.dose_kind, {name: getattr(self, name) for name in REPS_FIELDS}, where),
            "sides": as_sides(self.sides, where),
            "hold": as_hold(self.hold, where),
            "cues": as_lines(self.cues, f"{where}: cues"),
        }
        for field, value in fields.items():
            object.__setattr__(self, field, value)

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
    def dose_kind(self) -> DoseKind:
        return self.exercise.dose_kind

    @property
    def set_seconds(self) -> int:
        """One stretch of work: the duration, or one set's repetitions at seconds_per_rep (an estimate)."""
        return self.reps * self.seconds_per_rep if self.dose_kind is DoseKind.REPS else self.duration_seconds

    @property
    def work_seconds(self) -> int:
        """Exercise time for this item, once per side it runs on: the duration, or every set (rests left out)."""
        sets = self.sets if self.dose_kind is DoseKind.REPS else 1
        return self.set_seconds * sets * self.sides.rounds

    def tailored(self, **changes: Any) -> RoutineItem:
        """A copy with some of duration_seconds, sides, hold, cues, included or the repetition fields changed."""
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
        object.__setattr__(self, "items", _items(self.items))
        object.__setattr__(self, "name", as_text(self.name, "routine: name"))
        where = f"routine {shown(self.name)}" if self.name else "routine"
        object.__setattr__(self, "description", as_text(self.description, f"{where}: description"))
        transition = whole_number(
            self.transition_seconds, 0, MAX_TRANSITION_SECONDS, what=f"{where}: transition_seconds", unit="seconds"
        )
        object.__setattr__(self, "transition_seconds", transition)

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
        raise InvalidValue(f"no exercise {shown(exercise_id)} in this routine")

    def tailor(self, index: int, **changes: Any) -> Routine:
        """A copy with item ``index`` tailored (see RoutineItem.tailored)."""
        return self._with_item(index, self.item(index).tailored(**changes))

    def reset(self, index: int, *names: str) -> Routine:
        """A copy with item ``index`` back to its catalog defaults."""
        return self._with_item(index, self.item(index).reset(*names))

    def move(self, index: int, offset: int) -> Routine:
        """A copy with item ``index`` moved by ``offset`` places, clamped to the ends."""
        items = list(self.items)
        item = items.pop(self._index(index))
        items.insert(max(0, min(len(items), index + offset)), item)
        return replace(self, items=tuple(items))

    def add(self, exercise: Exercise, index: int | None = None) -> Routine:
        """A copy with the exercise added at its default dose (at the end by default)."""
        items = list(self.items)
        items.insert(len(items) if index is None else index, RoutineItem.of(exercise))
        return replace(self, items=tuple(items))

    def remove(self, index: int) -> Routine:
        index = self._index(index)
        return replace(self, items=(*self.items[:index], *self.items[index + 1 :]))

    def item(self, index: int) -> RoutineItem:
        """Item ``index`` (0 is the first), or InvalidValue saying which numbers this routine has."""
        return self.items[self._index(index)]

    def timing(self) -> Timing:
        """The session timing; see :func:`backcare_kit.timing.session_timing`."""
        from .timing import session_timing

        return session_timing(self)

    def cautions(self) -> list[Caution]:
        """Things a clinician would want to know while tailoring, as facts (``words.caution_in_words`` says them).

        An empty session, an exercise at zero seconds, a dose that contradicts
        the exercise's own text (see :func:`_contradictions`), and a session much
        longer (by half or more) than the same exercises at the catalog's doses.
        None of them blocks an export: only the clinician can judge them.
        """
        included = self.included
        if not included:
            return [Caution(CautionKind.EMPTY)]
        found = [Caution(CautionKind.ZERO_DURATION, item.name) for item in included if item.work_seconds == 0]
        found.extend(caution for item in included for caution in _contradictions(item))
        usual = sum(_usual_work_seconds(item.exercise) for item in included)
        work = sum(item.work_seconds for item in included)
        if usual and work >= LONG_SESSION_FACTOR * usual:
            found.append(Caution(CautionKind.LONG_SESSION, seconds=work, usual_seconds=usual))
        return found

    def _index(self, index: int) -> int:
        """``index`` checked: a position in the routine, never a negative count from the end, which is a slip."""
        count = len(self.items)
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < count:
            expected = f"an item number from 0 to {count - 1}" if count else "no item number: the routine is empty"
            raise InvalidValue(f"item {shown(index)}: expected {expected} (this routine has {count} exercises)")
        return index

    def _with_item(self, index: int, item: RoutineItem) -> Routine:
        return replace(self, items=(*self.items[:index], item, *self.items[index + 1 :]))


@lru_cache(maxsize=4096)
def _usual_work_seconds(exercise: Exercise) -> int:
    """The exercise time at the catalog's dose; cached, as the editor asks for every item on every keystroke."""
    return RoutineItem.of(exercise).work_seconds


def _contradictions(item: RoutineItem) -> list[Caution]:
    """Where the item's sides or hold disagree with what its exercise's steps tell the patient.

    Checked on every item, tailored or not, since the steps are what the
    patient follows: "no sides" while the steps cross the right foot over the
    left knee means the patient only ever turns one way; "each side" while
    nothing says how to change sides leaves the patient guessing; no hold
    while a step says "Hold" leaves them not knowing for how long.
    """
    exercise, found = item.exercise, []
    if item.sides is not Sides.NONE and not describes_side_change(exercise):
        found.append(Caution(CautionKind.SIDES_UNDESCRIBED, item.name, sides=item.sides))
    if item.sides is Sides.NONE and not steps_change_side(exercise):
        words = one_side_words(exercise)
        if words:
            found.append(Caution(CautionKind.ONE_SIDE_ONLY, item.name, words=words))
    if not item.hold and steps_say_hold(exercise):
        found.append(Caution(CautionKind.HOLD_CLEARED, item.name))
    return found


def _items(value: object) -> tuple[RoutineItem, ...]:
    """The items as a tuple, refusing anything that is not a RoutineItem."""
    return tuple_of(value, RoutineItem, "routine: items", "a sequence of routine items", "routine items")
