"""The safety text every plan carries: red flags, who to see, urgent signs, guidance.

It is data (``data/safety.csv``) so a clinic can reword it, but its sections
are fixed: loading fails if one is missing or empty, so no export can ever go
out without the red flags. The constructors enforce the same rules, so a plan
from a JSON file, from code or from the editor obeys them too: no heading or
item that would print as nothing, no section twice, and the required
sections always first, in the order of SECTIONS.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import cast

import pandas as pd

from .csvfile import drop_blank_rows, line_numbers, read_strings
from .errors import InputError, InvalidValue, Problem
from .text import as_words, has_controls, is_blank, shown, strip_controls, tuple_of

#: Sections every safety text must have, and what each is for, in the order a patient reads them.
SECTIONS = {
    "do_not_start": "who must not start the exercises",
    "see_first": "who to see before starting",
    "urgent": "warning signs that need urgent care",
    "guidance": "how to exercise safely, including stopping if it hurts",
}

_ITEM_EXPECTED = "words the patient can read (not only spaces or invisible characters)"


@dataclass(frozen=True)
class SafetySection:
    """One heading and its items, each with words a patient can read."""

    id: str
    heading: str
    items: tuple[str, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or is_blank(self.id) or has_controls(self.id):
            raise InvalidValue(f"safety section: id: expected a short name such as 'urgent', not {shown(self.id)}")
        where = f"safety section {shown(self.id.strip())}"
        object.__setattr__(self, "id", self.id.strip())
        object.__setattr__(self, "heading", as_words(self.heading, f"{where}: heading", _ITEM_EXPECTED))
        object.__setattr__(self, "items", _items(self.items, where))


def _items(value: object, where: str) -> tuple[str, ...]:
    """Every item readable; a blank one is refused, not dropped, since it means a warning went missing."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidValue(f"{where}: items: expected a tuple of items, one entry each, not {shown(value)}")
    items = tuple(as_words(item, f"{where}: item {n}", _ITEM_EXPECTED) for n, item in enumerate(value, start=1))
    if not items:
        raise InvalidValue(f"{where}: items: expected at least one item, not an empty list")
    return items


@dataclass(frozen=True)
class SafetyText:
    """Sections in the order a patient should read them: the required ones first, as SECTIONS orders them.

    Sections given in another order are put in that order rather than
    refused, so "safety first" holds whatever the input (a hand-edited JSON
    plan, a clinic's own CSV). A clinic's own sections follow, as given.
    """

    sections: tuple[SafetySection, ...]

    def __post_init__(self) -> None:
        sections = _sections(self.sections)
        ids = [s.id for s in sections]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise InvalidValue(f"safety text: section {', '.join(repeated)}: expected each section once, not repeated")
        missing = [s for s in SECTIONS if s not in ids]
        if missing:
            raise InvalidValue(f"safety text lacks the section(s) {', '.join(missing)}: expected {_required()}")
        order = {sid: n for n, sid in enumerate(SECTIONS)}
        ordered = sorted(sections, key=lambda s: order.get(s.id, len(order)))  # sorted() is stable
        object.__setattr__(self, "sections", tuple(ordered))

    def section(self, section_id: str) -> SafetySection:
        return next(s for s in self.sections if s.id == section_id)

    def lines(self) -> list[str]:
        """Every heading and item as plain lines, e.g. to check an export kept them."""
        return [text for s in self.sections for text in (s.heading, *s.items)]


def _sections(value: object) -> tuple[SafetySection, ...]:
    return tuple_of(value, SafetySection, "safety text: sections", "safety sections", "safety sections")


def _required() -> str:
    return "; ".join(f"{sid} ({purpose})" for sid, purpose in SECTIONS.items())


def load_safety(path: str | PathLike[str] | None = None) -> SafetyText:
    """Read the safety CSV (the bundled one by default); every problem at once."""
    from .bundled import bundled_path

    path = Path(path) if path is not None else bundled_path("safety.csv")
    name = str(path)
    frame = read_strings(path)
    lines = line_numbers(frame)
    frame = drop_blank_rows(frame.map(_clean_cell))
    missing = [c for c in ("section", "heading", "text") if c not in frame.columns]
    if missing:
        raise InputError([Problem(name, 1, c, None, "this column in the header row") for c in missing])
    problems = _row_problems(frame, lines, name)
    if problems:
        raise InputError(problems)
    rows = _rows(frame)
    return SafetyText(tuple(_section(rows, sid) for sid in dict.fromkeys(row["section"] for row in rows)))


def _clean_cell(cell: str) -> str:
    """A cell as SafetySection will hold it, so blank text is found here, with its file and line."""
    return strip_controls(cell).strip()


def _row_problems(frame: pd.DataFrame, lines: pd.Series, name: str) -> list[Problem]:
    """Every problem in the rows, read as plain records: a safety file is a few dozen rows."""
    rows = _records(frame, lines)
    problems = []
    for line, row in rows:
        if row["section"] not in SECTIONS:
            problems.append(Problem(name, line, "section", row["section"], "one of " + ", ".join(SECTIONS)))
        if is_blank(row["text"]):
            problems.append(Problem(name, line, "text", row["text"], f"the {_ITEM_EXPECTED}"))
    for sid, purpose in SECTIONS.items():
        section = [(line, row) for line, row in rows if row["section"] == sid]
        if not section:
            problems.append(Problem(name, None, "section", sid, f"at least one row: {purpose}"))
        elif len(set(_headings(row for _, row in section))) != 1:
            line, first = section[0]
            expected = f"one heading with {_ITEM_EXPECTED} for the section {sid!r}, repeated or blank on its other rows"
            problems.append(Problem(name, line, "heading", first["heading"], expected))
    return problems


def _records(frame: pd.DataFrame, lines: pd.Series) -> list[tuple[int, dict[str, str]]]:
    """Each row as a dict, with the file line it starts on."""
    starts = [int(line) for line in lines.loc[frame.index]]
    return list(zip(starts, _rows(frame), strict=True))


def _rows(frame: pd.DataFrame) -> list[dict[str, str]]:
    """The rows as dicts; every cell is a string, as read_strings read it."""
    return cast(list[dict[str, str]], frame.to_dict("records"))


def _headings(rows: Iterable[Mapping[str, str]]) -> list[str]:
    """The section's headings that a patient can read; blank ones only repeat the first."""
    return [row["heading"] for row in rows if not is_blank(row["heading"])]


def _section(rows: list[dict[str, str]], sid: str) -> SafetySection:
    chosen = [row for row in rows if row["section"] == sid]
    return SafetySection(sid, _headings(chosen)[0], tuple(row["text"] for row in chosen))
