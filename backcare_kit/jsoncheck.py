"""The shape of a JSON file checked against a table of fields, naming the path of every bad value.

Plans, routines and templates are JSON that people edit by hand, and Python
is lenient where a patient's plan must not be: ``tuple("Keep still")`` is a
tuple of ten characters, ``bool("false")`` is True and ``True == 1``. So
before any value object sees the data, every field is checked for its JSON
type, and each bad one is reported with its path (``routine.items[2].cues``),
its value and what was expected, all in one pass.

It is hand-written rather than jsonschema because the command line reads the
bundled template on every start and its cold start is benchmarked; a table
of fields per object (see storage.py and templates.py) reads as well as a
schema. What a value object refuses beyond the JSON type (a blank safety
heading, a schedule without days) is reported through :class:`Builder`,
with the path of the object that refused it.
"""

from __future__ import annotations

import binascii
import dataclasses
import json
import math
from collections.abc import Callable, Iterator, Mapping
from datetime import date, time
from typing import Any, TypeVar

from .errors import InputError, Problem
from .exercise import DOSE_KIND_EXPECTED, HOLD_EXPECTED, REPS_FIELDS, SIDES_EXPECTED, DoseKind, Sides, parse_hold
from .limits import (
    FIRST_DATE,
    LAST_DATE,
    MAX_DURATION_SECONDS,
    MAX_PICTURE_BYTES,
    MAX_PICTURES,
    MAX_TRANSITION_SECONDS,
    date_error,
)
from .picture import MEDIA_TYPES
from .pose import Pose

T = TypeVar("T")


# The shapes below are plain classes rather than dataclasses or NamedTuples: the
# command line imports this module on every start, and making a dataclass (or
# resolving a NamedTuple's annotations) costs most of a millisecond each.


class Misfit:
    """One value that does not fit its place: where, what it is, and what was expected there.

    ``text`` says the field holds text, so the value is shown as it reads;
    otherwise it is shown in its JSON form, where the text "false" keeps its
    quotes and differs from false.
    """

    __slots__ = ("expected", "missing", "path", "text", "value")

    def __init__(self, path: str, value: Any, expected: str, text: bool = False, missing: bool = False):
        self.path, self.value, self.expected, self.text, self.missing = path, value, expected, text, missing

    def problem(self, file: str) -> Problem:
        value = None if self.missing else as_written(self.value, as_text=self.text)
        return Problem(file, None, self.path or None, value, self.expected, "field")


class Value:
    """A single value: what it must be, in words, and the test it must pass."""

    __slots__ = ("accepts", "expected", "text")

    def __init__(self, expected: str, accepts: Callable[[Any], bool], text: bool = False):
        self.expected, self.accepts, self.text = expected, accepts, text

    def misfits(self, data: Any, path: str) -> Iterator[Misfit]:
        if not self.accepts(data):
            yield Misfit(path, data, self.expected, self.text)


class ListOf:
    """A list whose every entry has one shape."""

    __slots__ = ("expected", "item")

    def __init__(self, item: Spec, expected: str):
        self.item, self.expected = item, expected

    def misfits(self, data: Any, path: str) -> Iterator[Misfit]:
        if not isinstance(data, list):
            yield Misfit(path, data, self.expected)
            return
        for n, entry in enumerate(data):
            yield from self.item.misfits(entry, f"{path}[{n}]")


class MapOf:
    """An object with any field names, each value of one shape (an exercise's extra CSV columns)."""

    __slots__ = ("expected", "value")

    def __init__(self, value: Spec, expected: str):
        self.value, self.expected = value, expected

    def misfits(self, data: Any, path: str) -> Iterator[Misfit]:
        if not isinstance(data, dict):
            yield Misfit(path, data, self.expected)
            return
        for name, entry in data.items():
            yield from self.value.misfits(entry, join(path, name))


class Obj:
    """An object with known fields: the required ones, and those that may be left out.

    A ``closed`` object refuses fields it does not know, for files where a
    misspelt field would otherwise be ignored without a word (a template's
    overrides: ``"durration": 90`` must not leave the default dose).
    """

    __slots__ = ("closed", "expected", "optional", "required")

    def __init__(
        self,
        expected: str,
        required: Mapping[str, Spec],
        optional: Mapping[str, Spec] | None = None,
        closed: bool = False,
    ):
        self.expected, self.required, self.optional, self.closed = expected, required, optional or {}, closed

    def misfits(self, data: Any, path: str) -> Iterator[Misfit]:
        if not isinstance(data, dict):
            yield Misfit(path, data, self.expected)
            return
        for name, needed in self.required.items():
            if name not in data:
                yield Misfit(join(path, name), None, f"{needed.expected}; the field is missing", missing=True)
        for name, entry in data.items():
            spec = self.required.get(name) or self.optional.get(name)
            if spec is not None:
                yield from spec.misfits(entry, join(path, name))
            elif self.closed:
                yield Misfit(join(path, name), entry, self._known_field(name))

    def _known_field(self, name: str) -> str:
        import difflib  # only for a message: not on the command line's start-up path

        known = [*self.required, *self.optional]
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"a field this object has ({', '.join(known)}){hint}"


Spec = Value | ListOf | MapOf | Obj


def check(data: Any, spec: Spec, file: str) -> list[Problem]:
    """Every value in ``data`` that does not fit ``spec``, each with its field path, in file order."""
    return [misfit.problem(file) for misfit in spec.misfits(data, "")]


def join(path: str, name: str) -> str:
    """The path of field ``name`` inside the object at ``path`` (``routine`` + ``items``: ``routine.items``)."""
    return f"{path}.{name}" if path else name


def as_written(value: Any, *, as_text: bool = False) -> str:
    """A value as it is written in the file, kept short: a bad value must not flood the message.

    Text is shown as it reads when the field holds text, and otherwise in
    quotes, so "false" and false look different. A nested or long list or
    object is summarised rather than written out.
    """
    if as_text and isinstance(value, str):
        return value
    if isinstance(value, list | dict) and not _small(value):
        return (
            f"[a list of {len(value)} entries]" if isinstance(value, list) else f"{{an object of {len(value)} fields}}"
        )
    return json.dumps(value, ensure_ascii=False)


def _small(value: list[Any] | dict[str, Any]) -> bool:
    entries = value.values() if isinstance(value, dict) else value
    return len(value) <= 8 and not any(isinstance(entry, list | dict) for entry in entries)


class Builder:
    """Builds value objects from checked JSON, noting each refusal with its field path instead of stopping.

    A value object raises ValueError (``InvalidValue``) on the first thing it
    refuses. Building every object of a file in turn, each under its own
    path, lets one message list all of them, together with the problems
    :func:`check` found. An object with a problem at, under or around its
    path is not built at all: its value object would only repeat the
    problem, or meet a string where it expects lines.
    """

    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems: list[Problem] = []
        self._fields: set[str] = set()  # the paths of the problems
        self._within: set[str] = set()  # those paths and the paths of every object around them
        for problem in problems:
            self._note(problem)

    def intact(self, path: str) -> bool:
        """Whether the value at ``path`` and every object around it are free of problems, so it can be read."""
        return self._fields.isdisjoint(_prefixes(path))

    def make(self, path: str, noun: str, build: Callable[[], T]) -> T | None:
        """``build()`` for the object at ``path``, or None if it has a problem or its value object refuses it."""
        if path in self._within or not self.intact(path):
            return None
        try:
            return build()
        except ValueError as error:
            self._note(Problem(self.file, None, path or None, None, f"{noun} ({error})", "field"))
            return None

    def _note(self, problem: Problem) -> None:
        path = problem.column or ""
        self.problems.append(problem)
        self._fields.add(path)
        self._within.update(_prefixes(path))


def _prefixes(path: str) -> set[str]:
    """``path`` and the paths of the objects around it: ``a.b[2]`` gives ``a.b[2]``, ``a.b``, ``a`` and ``""``."""
    return {"", path, *(path[:n] for n, ch in enumerate(path) if ch in ".[")}


def built(problems: list[Problem], source: str, build: Callable[[Builder], T | None]) -> T:
    """What ``build`` makes of a file, or an InputError listing every problem in it at once.

    ``problems`` are those :func:`check` found in the JSON types (and, for a
    template, its unknown exercise ids); ``build`` adds whatever the value
    objects refuse among the objects those problems leave intact.
    """
    builder = Builder(source, problems)
    result = build(builder) if builder.intact("") else None  # not even an object to read fields from
    if result is None or builder.problems:
        raise InputError(builder.problems)
    return result


# --- shapes of the fields shared by plans, routines and templates ---------------------------------


def whole(low: int, high: int, expected: str = "") -> Value:
    """A whole number from ``low`` to ``high``; never a bool (``true`` is not one second) nor a float."""
    words = expected or f"a whole number from {low} to {high}"
    return Value(words, lambda v: isinstance(v, int) and not isinstance(v, bool) and low <= v <= high)


def parses(parse: Callable[[str], object]) -> Callable[[Any], bool]:
    """A test that ``value`` is text ``parse`` accepts (parse_hold, date.fromisoformat...)."""

    def accepts(value: Any) -> bool:
        if not isinstance(value, str):
            return False
        try:
            parse(value)
        except ValueError:
            return False
        return True

    return accepts


def _is_plan_date(value: Any) -> bool:
    """ISO text of a date within limits.py's range (a year 9999 is a typo, and overflows calendars)."""
    if not isinstance(value, str):
        return False
    try:
        return date_error(date.fromisoformat(value)) is None
    except ValueError:
        return False


TEXT = Value("text", lambda v: isinstance(v, str), text=True)
LINES = ListOf(TEXT, "a list of text lines, one per line")
FLAG = Value("true or false", lambda v: isinstance(v, bool))
DURATION = whole(0, MAX_DURATION_SECONDS, f"a whole number of seconds from 0 to {MAX_DURATION_SECONDS}")
TRANSITION = whole(0, MAX_TRANSITION_SECONDS, f"a whole number of seconds from 0 to {MAX_TRANSITION_SECONDS}")
_SIDES = frozenset(s.value for s in Sides)
SIDES = Value(SIDES_EXPECTED, lambda v: isinstance(v, str) and v in _SIDES, text=True)
HOLD = Value(HOLD_EXPECTED, parses(parse_hold), text=True)
DATE = Value(
    f"a date as YYYY-MM-DD from {FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()}",
    _is_plan_date,
    text=True,
)
TIME = Value("a time of day as HH:MM", parses(time.fromisoformat), text=True)

#: The fields a clinician tailors on an item, as a saved routine and a template hold them.
TAILORED: dict[str, Spec] = {
    "duration_seconds": DURATION,
    "sides": SIDES,
    "hold": HOLD,
    "cues": LINES,
    "included": FLAG,
}

_DOSE_KINDS = frozenset(k.value for k in DoseKind)
DOSE_KIND = Value(DOSE_KIND_EXPECTED, lambda v: isinstance(v, str) and v in _DOSE_KINDS, text=True)
#: The fields of a dose by repetitions, optional everywhere: files written before they existed have none.
#: Files hold them only for a dose by repetitions; the value objects refuse them on a dose by time.
REPS: dict[str, Spec] = {
    name: whole(low, high, f"a whole number of {unit} from {low} to {high}")
    for name, (low, high, unit) in REPS_FIELDS.items()
}


def _is_number(value: Any) -> bool:
    """A finite JSON number (Python's json reads NaN and Infinity, which no angle or view can be)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _is_base64(value: Any) -> bool:
    """Base64 text of at most MAX_PICTURE_BYTES bytes, every character and the padding as the standard has them."""
    if not isinstance(value, str) or len(value) > (MAX_PICTURE_BYTES + 2) // 3 * 4:
        return False
    try:
        binascii.a2b_base64(value, strict_mode=True)
    except (binascii.Error, ValueError):
        return False
    return True


NUMBER = Value("a number", _is_number)
ANY = Value("a JSON value", lambda _: True)
PICTURE = Obj(
    "a picture: an object with media_type, data (the image's bytes in base64) and alt",
    required={
        "media_type": Value(f"one of {', '.join(MEDIA_TYPES)}", lambda v: v in MEDIA_TYPES, text=True),
        "data": Value(f"the image's bytes in base64 (at most {MAX_PICTURE_BYTES:,} bytes)", _is_base64, text=True),
        "alt": TEXT,
    },
)
PICTURES = ListOf(PICTURE, f"a list of at most {MAX_PICTURES} pictures")

#: The JSON shape of the Pose fields known here; a field Pose gains later is carried as any JSON value, and
#: Pose checks it when the pose is built, so a saved pose needs no change here when the body model grows.
_POSE_SHAPES: dict[str, Spec] = {
    "alt": TEXT,
    "angles": ListOf(
        Value('a [joint, degrees] pair such as ["near_hip", 90]', lambda v: _is_pair(v, _is_number)),
        "a list of [joint, degrees] pairs",
    ),
    "on_floor": ListOf(TEXT, "a list of the body parts resting on the floor"),
    "view": NUMBER,
}


def _is_pair(value: Any, second: Callable[[Any], bool]) -> bool:
    return isinstance(value, list) and len(value) == 2 and isinstance(value[0], str) and second(value[1])


def _pose_spec() -> Obj:
    """A pose's shape, from Pose's own fields: those without a default are required, and no others are known."""
    fields = [f for f in dataclasses.fields(Pose) if f.init]
    needed = [f.name for f in fields if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    return Obj(
        f"a pose: an object with {', '.join(needed)}",
        required={name: _POSE_SHAPES.get(name, ANY) for name in needed},
        optional={f.name: _POSE_SHAPES.get(f.name, ANY) for f in fields if f.name not in needed},
        closed=True,
    )


POSE = _pose_spec()
POSES = ListOf(POSE, "a list of poses (start, end)")
