"""Reading the toolkit's versioned JSON files, with errors that say where."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import BackcareError, InputError, Problem


def read_json(path: Path, expected_format: str, version: int) -> dict[str, Any]:
    """A JSON object of the expected format and version, or an InputError naming the file."""
    name = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError([Problem(name, None, None, None, "an existing JSON file")]) from None
    except json.JSONDecodeError as error:
        expected = f"valid JSON ({error.msg} at character {error.colno})"
        raise InputError([Problem(name, error.lineno, None, None, expected)]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise BackcareError(f"{path}: cannot read: {error}") from None
    if not isinstance(data, dict):
        raise InputError([Problem(name, 1, None, None, "a JSON object")])
    if data.get("format") != expected_format:
        raise InputError([Problem(name, None, "format", str(data.get("format")), repr(expected_format), "field")])
    if data.get("version") != version:
        expected = f"version {version} (this toolkit reads only that version)"
        raise InputError([Problem(name, None, "version", str(data.get("version")), expected, "field")])
    return data
