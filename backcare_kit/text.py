"""Text a person typed, made safe to carry into every file and terminal.

Control characters (C0 other than tab and newline, DEL and C1) are invisible
in an editor yet corrupt what the toolkit writes: RFC 5545 forbids them in
iCalendar text, a terminal obeys them as commands, and a NUL cuts a string
short in other programs. They are removed where text enters a value object,
so no exporter has to remember to. Separately, a safety heading or item made
only of spaces or invisible characters would print as nothing, so
:func:`is_blank` tells such text apart from words a patient can read.
"""

from __future__ import annotations

import re
import unicodedata

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
