"""One exercise as the catalog holds it: the clinician's default dose and text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from .errors import InvalidValue
from .limits import (
    MAX_DURATION_SECONDS,
    MAX_HOLD_SECONDS,
    MAX_PICTURES,
    MAX_REPS,
    MAX_REST_SECONDS,
    MAX_SECONDS_PER_REP,
    MAX_SETS,
    whole_number,
)
from .picture import Picture
from .pose import Pose
from .text import as_line, as_lines, as_words, has_controls, is_blank, shown, strip_controls, tuple_of

E = TypeVar("E", bound=StrEnum)


class Sides(StrEnum):
    """How an exercise uses the two sides of the body.

    The value decides timing: ``each_side`` runs the duration once per side,
    one side after the other; ``alternating`` and ``none`` run it once.
    """

    NONE = "none"
    EACH_SIDE = "each_side"
    ALTERNATING = "alternating"

    @property
    def rounds(self) -> int:
        """How many times the duration is run."""
        return 2 if self is Sides.EACH_SIDE else 1


SIDES_EXPECTED = "one of " + ", ".join(s.value for s in Sides)


class DoseKind(StrEnum):
    """How a dose is measured. Stable codes, stored in files.

    ``time``: repeat the movement for ``duration_seconds``, as the article
    prescribes. ``reps``: ``sets`` sets of ``reps`` repetitions with
    ``rest_seconds`` between sets, as most exercise programmes prescribe;
    the session time is then an estimate from ``seconds_per_rep``.
    """

    TIME = "time"
    REPS = "reps"


DOSE_KIND_EXPECTED = "one of " + ", ".join(k.value for k in DoseKind) + " (blank means time)"

#: The fields of a repetition dose, each with its bounds when the dose is by repetitions (all 0 for a time dose).
REPS_FIELDS: dict[str, tuple[int, int, str]] = {
    "reps": (1, MAX_REPS, "repetitions"),
    "sets": (1, MAX_SETS, "sets"),
    "rest_seconds": (0, MAX_REST_SECONDS, "seconds"),
    "seconds_per_rep": (1, MAX_SECONDS_PER_REP, "seconds"),
}


def as_dose_kind(value: object, where: str) -> DoseKind:
    """``value`` as a DoseKind, or InvalidValue naming the exercise."""
    return _member(DoseKind, value, f"{where}: dose_kind", DOSE_KIND_EXPECTED)


def _member(kind: type[E], value: object, what: str, expected: str) -> E:
    """``value`` as a member of the enum ``kind``, or InvalidValue saying ``what`` expected what.

    A non-string is refused by its repr, so ``1`` never matches a member named "1".
    """
    try:
        return kind(value if isinstance(value, str) else repr(value))
    except ValueError:
        raise InvalidValue(f"{what}: expected {expected}, not {shown(value)}") from None


def no_duration(value: object, where: str) -> int:
    """0, the duration of a dose by repetitions (its time is the estimate), or InvalidValue saying so."""
    if isinstance(value, bool) or value != 0:
        raise InvalidValue(
            f"{where}: duration_seconds: expected nothing (0) for a dose by repetitions (dose_kind reps), "
            f"not {shown(value)}; its time is estimated from seconds_per_rep"
        )
    return 0


def reps_dose(kind: DoseKind, values: Mapping[str, object], where: str) -> dict[str, int]:
    """The repetition fields checked for a dose of ``kind``, or InvalidValue for the first that is wrong.

    A time dose has none (each is 0: a value there would be silently
    ignored, so it is refused). A repetition dose has each within its bound
    in REPS_FIELDS, and one side's repetitions (sets x reps x seconds per
    repetition) last at most MAX_DURATION_SECONDS, like a time dose, so
    the estimate never overflows a timer or a calendar.
    """
    if kind is DoseKind.TIME:
        for name in REPS_FIELDS:
            value = values[name]
            if isinstance(value, bool) or value != 0:
                raise InvalidValue(
                    f"{where}: {name}: expected nothing for a dose by time (dose_kind time), not {shown(value)}; "
                    "for a dose by repetitions set dose_kind to reps"
                )
        return dict.fromkeys(REPS_FIELDS, 0)
    checked = {
        name: whole_number(values[name], low, high, what=f"{where}: {name}", unit=unit)
        for name, (low, high, unit) in REPS_FIELDS.items()
    }
    seconds = checked["sets"] * checked["reps"] * checked["seconds_per_rep"]
    if seconds > MAX_DURATION_SECONDS:
        raise InvalidValue(
            f"{where}: sets x reps x seconds_per_rep: expected at most {MAX_DURATION_SECONDS} seconds "
            f"on one side, not {seconds}"
        )
    return checked


# ASCII digits only: int() reads other scripts' digits too (Arabic-Indic five is 5), giving two words for one hold.
_HOLD = re.compile(r"(a few|([0-9]+)(?:\s*(?:-|to)\s*([0-9]+))?)\s+seconds?", re.IGNORECASE)
HOLD_EXPECTED = (
    "empty, a whole number of seconds, 'N seconds', 'N-M seconds' or 'a few seconds', "
    f"each number from 1 to {MAX_HOLD_SECONDS}"
)


def parse_hold(text: object) -> str:
    """Return the hold in its canonical words, or raise InvalidValue (a ValueError).

    A hold is said in words ("a few seconds", as the article says, or
    "5 seconds") because clinicians prescribe it that way; it happens inside
    each repetition, so it does not change the session timing. Numbers are
    bounded by MAX_HOLD_SECONDS (a longer hold is a typo, and a hold that
    outlasts the exercise cannot be done).
    """
    if isinstance(text, int) and not isinstance(text, bool):  # a JSON template may give 5 for "5 seconds"
        if not 1 <= text <= MAX_HOLD_SECONDS:
            raise _hold_refused(text, f"a whole number of seconds from 1 to {MAX_HOLD_SECONDS}")
        return _seconds_in_words(text)
    if not isinstance(text, str):
        raise _hold_refused(text, HOLD_EXPECTED)
    words = " ".join(strip_controls(text).split())
    if not words:
        return ""
    if re.fullmatch(r"[0-9]+", words):
        return _seconds_in_words(_hold_seconds(words, text))
    match = _HOLD.fullmatch(words)
    if not match:
        raise _hold_refused(text, HOLD_EXPECTED)
    if match.group(2) is None:
        return "a few seconds"
    low = _hold_seconds(match.group(2), text)
    if match.group(3) is None:
        return _seconds_in_words(low)
    high = _hold_seconds(match.group(3), text)
    if low > high:
        raise _hold_refused(text, f"the shorter time first ('{high}-{low} seconds')")
    return f"{low}-{high} seconds"


def _hold_seconds(digits: str, text: object) -> int:
    """One number of a hold, refused beyond the bound before int() can meet a huge digit string."""
    if len(digits.lstrip("0")) > len(str(MAX_HOLD_SECONDS)) or int(digits) > MAX_HOLD_SECONDS:
        raise _hold_refused(text, f"at most {MAX_HOLD_SECONDS} seconds in one repetition")
    if int(digits) == 0:
        raise _hold_refused(text, "at least 1 second (leave it empty for no hold)")
    return int(digits)


def _hold_refused(text: object, expected: str) -> InvalidValue:
    """The error for a refused hold, worded as the editor and the command line have always shown it."""
    return InvalidValue(f"hold {shown(text)}: expected {expected}")


def _seconds_in_words(seconds: int) -> str:
    return f"{seconds} second" + ("" if seconds == 1 else "s")


def as_sides(value: object, where: str) -> Sides:
    """``value`` as Sides, or InvalidValue naming the exercise."""
    return _member(Sides, value, f"{where}: sides", SIDES_EXPECTED)


def as_hold(value: object, where: str) -> str:
    """``value`` as canonical hold words (see parse_hold), or InvalidValue naming the exercise."""
    try:
        return parse_hold(value)
    except InvalidValue as error:
        raise InvalidValue(f"{where}: {error}") from None


@dataclass(frozen=True)
class Exercise:
    """A catalog entry. Immutable: a routine overrides it, never changes it.

    Text fields that hold several sentences or steps are tuples of lines, so
    every exporter numbers and lays them out the same way. Every value is
    checked and cleaned here (see backcare_kit.text and backcare_kit.limits),
    so an exercise from a CSV, a JSON plan or Python code obeys the same
    rules: a name and at least one step a patient can read, a duration from
    1 second to an hour (or, for a dose by repetitions, no duration and the
    repetition fields within their bounds), no control characters anywhere.
    """

    id: str
    name: str
    steps: tuple[str, ...]
    duration_seconds: int
    sides: Sides = Sides.NONE
    starting_position: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    body_areas: tuple[str, ...] = ()
    hold: str = ""
    side_switch: str = ""
    extra: tuple[tuple[str, str], ...] = ()
    dose_kind: DoseKind = DoseKind.TIME
    reps: int = 0
    sets: int = 0
    rest_seconds: int = 0
    seconds_per_rep: int = 0
    pictures: tuple[Picture, ...] = ()  # the clinic's own images, checked by Picture
    poses: tuple[Pose, ...] = ()  # start and end positions, drawn by backcare_kit.figure

    def __post_init__(self) -> None:
        where = f"exercise {shown(_exercise_id(self.id))}"
        name = as_words(self.name, f"{where}: name", "the exercise's name as the patient reads it")
        steps = as_lines(self.steps, f"{where}: steps")
        if not steps:
            raise InvalidValue(
                f"{where}: steps: expected at least one step the patient can read, not {shown(self.steps)}"
            )
        kind = as_dose_kind(self.dose_kind, where)
        fields = {
            "name": " ".join(name.split()),
            "steps": steps,
            "duration_seconds": no_duration(self.duration_seconds, where)
            if kind is DoseKind.REPS
            else whole_number(
                self.duration_seconds, 1, MAX_DURATION_SECONDS, what=f"{where}: duration_seconds", unit="seconds"
            ),
            "dose_kind": kind,
            **reps_dose(kind, {name: getattr(self, name) for name in REPS_FIELDS}, where),
            "sides": as_sides(self.sides, where),
            "starting_position": as_lines(self.starting_position, f"{where}: starting_position"),
            "cues": as_lines(self.cues, f"{where}: cues"),
            "body_areas": as_lines(self.body_areas, f"{where}: body_areas"),
            "hold": as_hold(self.hold, where),
            "side_switch": as_line(self.side_switch, f"{where}: side_switch"),
            # Extra columns are a mapping: order them so equal exercises compare equal.
            "extra": tuple(sorted(_extra_pairs(self.extra, f"{where}: extra"))),
            "pictures": _pictures(self.pictures, where),
            "poses": tuple_of(self.poses, Pose, f"{where}: poses", "a tuple of poses (start, end)", "a Pose"),
        }
        for field, value in fields.items():
            object.__setattr__(self, field, value)


def _pictures(value: object, where: str) -> tuple[Picture, ...]:
    """The clinic's pictures, each a checked Picture; more than MAX_PICTURES is refused, as no handout needs more."""
    pictures = tuple_of(value, Picture, f"{where}: pictures", "a tuple of pictures", "a Picture")
    if len(pictures) > MAX_PICTURES:
        raise InvalidValue(f"{where}: pictures: expected at most {MAX_PICTURES} pictures, not {len(pictures)}")
    return pictures


def _exercise_id(value: object) -> str:
    """The id, refused when blank or holding control characters: routines and saved plans refer to it."""
    if not isinstance(value, str) or is_blank(value) or has_controls(value):
        raise InvalidValue(f"exercise id: expected a short slug such as 'glute-bridge', not {shown(value)}")
    return value


def _extra_pairs(value: object, what: str) -> list[tuple[str, str]]:
    """Extra catalog columns as (column, text) pairs without control characters; a mapping is accepted too."""
    pairs = value.items() if isinstance(value, Mapping) else value
    if isinstance(pairs, str | bytes) or not isinstance(pairs, Iterable):
        raise InvalidValue(f"{what}: expected (column, text) pairs, not {shown(value)}")
    cleaned = []
    for pair in pairs:
        if not (isinstance(pair, tuple | list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
            raise InvalidValue(f"{what}: expected (column, text) pairs, not {shown(pair)}")
        cleaned.append((strip_controls(pair[0]), strip_controls(pair[1])))
    return cleaned
