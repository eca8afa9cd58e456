"""The services a patient is sent to (emergency number, emergency department, urgent line, doctor), as data.

The safety text names them by placeholder (``{emergency_number}``) so that a
clinic outside the UK changes "999", "A&E", "111" and "GP" once, in
``data/services.csv``, and every warning follows. Each required service must
have words: a warning that says "call  now" is worse than none.
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path

from .csvfile import drop_blank_rows, line_numbers, read_strings
from .errors import InputError, Problem
from .files import parsed_once
from .text import is_blank, strip_controls

#: The services the bundled safety text refers to, and what each is.
REQUIRED = {
    "emergency_number": "the phone number for an emergency ambulance, e.g. 999",
    "emergency_place": "where to go in an emergency, e.g. A&E",
    "urgent_number": "the phone number for urgent advice that is not an emergency, e.g. 111",
    "doctor": "the patient's own family doctor, e.g. GP",
}


#: Services read before, by file and the file's (modification time, size) then: see load_services.
_read: dict[Path, tuple[tuple[int, int], dict[str, str]]] = {}


def load_services(path: str | PathLike[str] | None = None) -> dict[str, str]:
    """Placeholder name to words, from the services CSV (the bundled one by default); every problem at once.

    A file read before and not changed since (same modification time and
    size) is not parsed again: the editor's warnings name the doctor on
    every keystroke, and parsing the CSV each time cost more than the rest
    of a 100-exercise re-render. An edited file is read afresh, and a file
    with problems is never kept, so it is refused every time.
    """
    from .bundled import bundled_path

    path = Path(path) if path is not None else bundled_path("services.csv")
    services: dict[str, str] = parsed_once(path, _parse, _read)
    return dict(services)


def _parse(path: Path) -> dict[str, str]:
    name = str(path)
    frame = read_strings(path)
    lines = line_numbers(frame)
    frame = drop_blank_rows(frame.map(lambda cell: " ".join(strip_controls(cell).split())))
    missing = [c for c in ("key", "value") if c not in frame.columns]
    if missing:
        raise InputError([Problem(name, 1, c, None, "this column in the header row") for c in missing])
    services: dict[str, str] = {}
    problems = []
    for line, key, value in zip(lines.loc[frame.index], frame["key"], frame["value"], strict=True):
        if key in services or not key.isidentifier():
            expected = "a name used once, of letters, digits and underscores (emergency_number)"
            problems.append(Problem(name, int(line), "key", key, expected))
        elif is_blank(value):
            problems.append(Problem(name, int(line), "value", value, REQUIRED.get(key, "the words to show")))
        services.setdefault(key, value)
    problems += [
        Problem(name, None, "key", key, f"a row for {what}") for key, what in REQUIRED.items() if key not in services
    ]
    if problems:
        raise InputError(problems)
    return services
