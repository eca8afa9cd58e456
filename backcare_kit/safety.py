"""The safety text every plan carries: emergency and urgent signs, red flags, when to stop, guidance.

It is data (``data/safety.csv``) so a clinic can reword it, but its sections
are fixed: loading fails if one is missing or empty, so no export can ever go
out without the red flags. The constructors enforce the same rules, so a plan
from a JSON file, from code or from the editor obeys them too: no heading or
item that would print as nothing, no section twice, and the required
sections always first, in the order of SECTIONS.

Phone numbers and service names (999, A&E, 111, GP) are not written in the
safety text but named by placeholders such as ``{emergency_number}``, filled
in from ``data/services.csv`` as the file is read: a clinic outside the UK
changes them in that one place. A SafetyText holds the filled-in words, as
the patient reads them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import cast

import pandas as pd

from .csvfile import drop_blank_rows, line_numbers, read_strings
from .errors import InputError, InvalidValue, Problem
from .services import load_services
from .text import as_line, as_words, has_controls, is_blank, shown, strip_controls, tuple_of

#: Sections every safety text must have, and what each is for, in the order a patient reads them.
#:
#: The most serious first: a patient who reads only the first box must meet
#: the signs that need an ambulance today, then those that need a doctor
#: today. Then who must not start at all and whom to see first (the article's
#: red flags, kept side by side because the second refers to the first), then
#: when to stop once started, and last how to do the exercises.
SECTIONS = {
    "urgent": "signs that need the emergency number or the emergency department now",
    "same_day": "signs that need the urgent advice line or an urgent doctor's appointment",
    "do_not_start": "who must not start the exercises",
    "see_first": "who to see before starting",
    "stop_and_contact": "when to stop and get advice once started, and when to go back if not better",
    "guidance": "how to exercise safely, including stopping if it hurts",
}

#: Required sections that plans saved before them lack; loading such a plan adds the bundled ones.
ADDED_SECTIONS = ("same_day", "stop_and_contact")

#: A placeholder for a service in the safety text: ``{emergency_number}``.
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")

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


def _item(value: object, what: str) -> str:
    """One sign or step on one line: a line break typed in the editor's box or a CSV cell is a space.

    Every format lists items one to a line (a text message's "- " list above
    all), where a break inside an item would read as a new item.
    """
    return " ".join(as_words(value, what, _ITEM_EXPECTED).split())


def _items(value: object, where: str) -> tuple[str, ...]:
    """Every item readable; a blank one is refused, not dropped, since it means a warning went missing."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidValue(f"{where}: items: expected a tuple of items, one entry each, not {shown(value)}")
    items = tuple(_item(item, f"{where}: item {n}") for n, item in enumerate(value, start=1))
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
    #: A label a person can read (``2026-11``), from the file's ``version`` column; empty when not known.
    version: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "version", as_line(self.version, "safety text: version"))
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

    def with_items(self, section_id: str, items: Iterable[str]) -> SafetyText:
        """A copy with one section's items replaced, checked as any safety text is.

        How the editor adds, edits and removes items: an empty list or a blank
        item is refused here, in the core, so no face can empty a section.
        The label stays (the text started from it); the fingerprint shows the edit.
        """
        section = self.section(section_id)
        edited = SafetySection(section.id, section.heading, tuple(items))
        return SafetyText(tuple(edited if s.id == section_id else s for s in self.sections), self.version)

    def lines(self) -> list[str]:
        """Every heading and item as plain lines, e.g. to check an export kept them."""
        return [text for s in self.sections for text in (s.heading, *s.items)]

    @property
    def fingerprint(self) -> str:
        """Eight hex digits that change with any word of the text, so an edited copy never passes as the original.

        The label alone cannot show that: a clinician who edits one plan's
        warnings keeps the label of the text they started from.
        """
        return fingerprint([[s.id, s.heading, *s.items] for s in self.sections])


def fingerprint(parts: Iterable[Iterable[str]]) -> str:
    """A short, stable digest of nested text (sections, exercises), for a version a person can compare."""
    digest = hashlib.sha256()
    for group in parts:
        for text in group:
            digest.update(text.encode("utf-8") + b"\x1f")
        digest.update(b"\x1e")
    return digest.hexdigest()[:8]


def _sections(value: object) -> tuple[SafetySection, ...]:
    return tuple_of(value, SafetySection, "safety text: sections", "safety sections", "safety sections")


def _required() -> str:
    return "; ".join(f"{sid} ({purpose})" for sid, purpose in SECTIONS.items())


def load_safety(path: str | PathLike[str] | None = None, services: Mapping[str, str] | None = None) -> SafetyText:
    """Read the safety CSV (the bundled one by default), with services filled in; every problem at once.

    ``services`` maps placeholder names to words (default: ``data/services.csv``).
    """
    from .bundled import bundled_path

    path = Path(path) if path is not None else bundled_path("safety.csv")
    services = load_services() if services is None else services
    name = str(path)
    frame = read_strings(path)
    lines = line_numbers(frame)
    frame = drop_blank_rows(frame.map(_clean_cell))
    if "version" not in frame.columns:
        frame["version"] = ""
    missing = [c for c in ("section", "heading", "text") if c not in frame.columns]
    if missing:
        raise InputError([Problem(name, 1, c, None, "this column in the header row") for c in missing])
    problems = _row_problems(frame, lines, name) + _placeholder_problems(frame, lines, name, services)
    problems += _version_problems(frame, lines, name)
    if problems:
        raise InputError(problems)
    rows = [
        {**row, "heading": fill(row["heading"], services), "text": fill(row["text"], services)} for row in _rows(frame)
    ]
    version = next((row["version"] for row in rows if row["version"]), "")
    sections = tuple(_section(rows, sid) for sid in dict.fromkeys(row["section"] for row in rows))
    return SafetyText(sections, version)


def fill(text: str, services: Mapping[str, str]) -> str:
    """``text`` with each ``{name}`` replaced by the service's words (names checked beforehand)."""
    return PLACEHOLDER.sub(lambda match: services[match.group(1).strip()], text)


def _placeholder_problems(
    frame: pd.DataFrame, lines: pd.Series, name: str, services: Mapping[str, str]
) -> list[Problem]:
    """Every ``{name}`` that services.csv does not define: it would print as a stray code, not a number."""
    known = ", ".join(f"{{{key}}}" for key in services)
    problems = []
    for line, row in _records(frame, lines):
        for column in ("heading", "text"):
            for match in PLACEHOLDER.finditer(row[column]):
                if match.group(1).strip() not in services:
                    expected = f"only the placeholders of services.csv ({known}), not {match.group(0)}"
                    problems.append(Problem(name, line, column, row[column], expected))
    return problems


def _version_problems(frame: pd.DataFrame, lines: pd.Series, name: str) -> list[Problem]:
    """One version label for the file: on the first row, repeated or blank on the others."""
    labelled = [(line, row["version"]) for line, row in _records(frame, lines) if row["version"]]
    first = labelled[0][1] if labelled else ""
    expected = f"the same version as the first labelled row ({first!r}), or blank"
    return [Problem(name, line, "version", value, expected) for line, value in labelled if value != first]


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
