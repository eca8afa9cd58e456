"""Reading the toolkit's versioned JSON files, with errors that say where.

Whatever is wrong with the file itself (missing, a folder, not UTF-8, not
JSON, nested thousands deep, a number thousands of digits long) ends as an
InputError naming the file, never as a raw OSError, UnicodeDecodeError,
RecursionError or ValueError: the command line shows a BackcareError as a
message and anything else as a traceback.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import Any

from .errors import InputError, Problem
from .jsoncheck import as_written

#: Digits in the longest number a file may hold. No field needs more than a
#: handful; longer numbers are refused while parsing, before Python's own limit
#: (4,300 digits, a ValueError) and before its slow conversion of huge numbers.
MAX_DIGITS = 100

#: What was expected of a path that could not be read, by the reason it could not.
_UNREADABLE: dict[type[OSError], str] = {
    FileNotFoundError: "an existing JSON file",
    IsADirectoryError: "a JSON file, not a folder",
    NotADirectoryError: "a path whose folders are folders (a part of it is a file)",
    PermissionError: "a file you have permission to read",
}


class _TooLong(ValueError):
    """A number with more than MAX_DIGITS digits, raised from inside the JSON parser."""

    def __init__(self, digits: str):
        super().__init__(digits)
        self.digits = digits


def read_json(path: Path, expected_format: str, version: int, *older: int) -> dict[str, Any]:
    """A JSON object of the expected format and of ``version`` or an ``older`` one, or an InputError naming the file.

    A version this toolkit does not know is refused, never read as if it
    were one it knows: a newer file may hold what an older reader would
    silently drop (a plan's later phases, say).
    """
    name = str(path)
    data = read_object(path)
    if data.get("format") != expected_format:
        raise InputError([Problem(name, None, "format", _value(data, "format"), repr(expected_format), "field")])
    found = data.get("version")
    if type(found) is not int or found not in (version, *older):  # true == 1.0 == 1, but neither is a version
        numbers = [str(v) for v in sorted({version, *older})]
        known = " or ".join([", ".join(numbers[:-1]), numbers[-1]] if len(numbers) > 1 else numbers)
        expected = f"version {known} (this toolkit reads only {'those versions' if older else 'that version'})"
        raise InputError([Problem(name, None, "version", _value(data, "version"), expected, "field")])
    return data


def read_object(path: Path) -> dict[str, Any]:
    """The JSON object in a file, of any format (e.g. to tell a routine from a template), or an InputError."""
    data = _parse(_read_text(path), str(path))
    if not isinstance(data, dict):
        raise InputError([Problem(str(path), 1, None, None, "a JSON object")])
    return data


def _read_text(path: Path) -> str:
    """The file's text, UTF-8 with or without a byte-order mark (as Windows editors save it)."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError([Problem(name, None, None, None, _unreadable(error))]) from None
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        byte = f"byte 0x{raw[error.start]:02x}"
        raise InputError([Problem(name, line, None, byte, "UTF-8 text (save the file as UTF-8)")]) from None


def _unreadable(error: OSError) -> str:
    for kind, expected in _UNREADABLE.items():
        if isinstance(error, kind):
            return expected
    return f"a readable file ({error.strerror or error})"


def _parse(text: str, name: str) -> Any:
    try:
        return json.loads(text, parse_int=_whole_number)
    except json.JSONDecodeError as error:
        expected = f"valid JSON ({error.msg} at character {error.colno})"
        raise InputError([Problem(name, error.lineno, None, None, expected)]) from None
    except _TooLong as error:
        line = text.count("\n", 0, max(text.find(error.digits), 0)) + 1
        raise InputError(
            [Problem(name, line, None, error.digits, f"a number of at most {MAX_DIGITS} digits")]
        ) from None
    except RecursionError:
        expected = (
            "JSON nested a few levels deep, as plans, routines and templates are (this file nests too deep to read)"
        )
        raise InputError([Problem(name, None, None, None, expected)]) from None


def _whole_number(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise _TooLong(digits)
    return int(digits)


def _value(data: dict[str, Any], key: str) -> str | None:
    """The field's value as written, or None when it is missing."""
    return as_written(data[key], as_text=key == "format") if key in data else None
