"""Text a person typed, made safe to carry into every file and terminal.

Control characters (C0 other than tab and newline, DEL and C1) are invisible
in an editor yet corrupt what the toolkit writes: RFC 5545 forbids them in
iCalendar text, a terminal obeys them as commands, and a NUL cuts a string
short in other programs. They are removed where text enters a value object,
so no exporter has to remember to. Separately, a safety heading or item made
only of spaces or invisible characters would print as nothing, so
:func:`is_blank` tells such text apart from words a patient can read.

The ``as_*`` helpers do both for the value objects: each checks that it was
given text (a string where a tuple of lines is expected would otherwise turn
into one line per character), cleans it, and raises
:class:`~backcare_kit.errors.InvalidValue` naming the field when it cannot.
"""

from __future__ import annotations

import re
import reprlib
import unicodedata
from collections.abc import Iterable
from typing import TypeVar

from .errors import InvalidValue

T = TypeVar("T")

#: C0 controls except tab (09) and newline (0A), DEL, and C1 controls.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

#: Characters that draw nothing although Unicode does not class them as space or format.
_INVISIBLE = frozenset("\u115f\u1160\u2800\u3164\uffa0\u180e")


def strip_controls(text: str) -> str:
    """``text`` without control characters; a CR LF or lone CR becomes a newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL.sub("", text)


def has_controls(text: str) -> bool:
    """True when ``text`` holds a control character that :func:`strip_controls` would remove."""
    return CONTROL.search(text.replace("\r\n", "\n").replace("\r", "\n")) is not None


def is_blank(text: str) -> bool:
    """True when ``text`` would show nothing: only spaces, format or control characters, or fillers."""
    return all(_draws_nothing(ch) for ch in text)


def _draws_nothing(ch: str) -> bool:
    return (
        ch.isspace()
        or ch in _INVISIBLE
        or unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co", "Cn", "Mn", "Me", "Zs", "Zl", "Zp"}
    )


class _Shown(reprlib.Repr):
    """reprlib, except that an int too large to print (or to be meant) is described, not printed.

    Python refuses to print an int of more than 4300 digits (a ValueError that
    would replace the real message), and any int beyond 64 bits is a typo or
    hostile input, so its digits would not help the reader anyway.
    """

    def repr_int(self, x: int, level: int) -> str:
        return repr(x) if x.bit_length() < 64 else "a number that large"


_shown = _Shown()
_shown.maxstring = _shown.maxother = 60
_shown.maxlong = 40


def shown(value: object) -> str:
    """``value`` as a message shows it: short, one line, control characters escaped."""
    if isinstance(value, int) and not isinstance(value, bool):
        return _shown.repr_int(value, 0)
    return _shown.repr(value)


def as_text(value: object, what: str) -> str:
    """``value`` without control characters or surrounding whitespace; InvalidValue when it is not text."""
    if not isinstance(value, str):
        raise InvalidValue(f"{what}: expected text, not {shown(value)}")
    return strip_controls(value).strip()


def as_line(value: object, what: str) -> str:
    """Like :func:`as_text`, with every run of whitespace (line breaks too) made one space, for names."""
    return " ".join(as_text(value, what).split())


def as_lines(value: object, what: str) -> tuple[str, ...]:
    """A sequence of lines, each cleaned; lines that would print as nothing are dropped.

    A bare string is refused: iterating it would give one line per character.
    A line holding a line break becomes two lines, as it would in a CSV cell.
    """
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidValue(f"{what}: expected a tuple of lines, one entry per line, not {shown(value)}")
    lines = (line.strip() for entry in value for line in as_text(entry, what).split("\n"))
    return tuple(line for line in lines if not is_blank(line))


def tuple_of(value: object, kind: type[T], where: str, whole: str, each: str) -> tuple[T, ...]:
    """``value`` as a tuple of ``kind``; InvalidValue saying ``whole`` or ``each`` was expected otherwise.

    A str or bytes is refused although it is iterable: it would split into letters.
    """
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidValue(f"{where}: expected {whole}, not {shown(value)}")
    members = tuple(value)
    for member in members:
        if not isinstance(member, kind):
            raise InvalidValue(f"{where}: expected {each}, not {shown(member)}")
    return members


def as_words(value: object, what: str, expected: str) -> str:
    """:func:`as_text`, refused when it would print as nothing (:func:`is_blank`)."""
    text = as_text(value, what)
    if is_blank(text):
        raise InvalidValue(f"{what}: expected {expected}, not {shown(value)}")
    return text
