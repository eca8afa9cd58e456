"""The safety text every plan carries: red flags, who to see, urgent signs, guidance.

It is data (``data/safety.csv``) so a clinic can reword it, but its sections
are fixed: loading fails if one is missing or empty, so no export can ever go
out without the red flags.
"""

from __future__ import annotations

from dataclasses import dataclass
from os import PathLike
from pathlib import Path

import pandas as pd

from .csvfile import drop_blank_rows, line_numbers, read_strings
from .errors import InputError, Problem

#: Sections every safety text must have, and what each is for.
SECTIONS = {
    "do_not_start": "who must not start the exercises",
    "see_first": "who to see before starting",
    "urgent": "warning signs that need urgent care",
    "guidance": "how to exercise safely, including stopping if it hurts",
}


@dataclass(frozen=True)
class SafetySection:
    id: str
    heading: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class SafetyText:
    """Sections in the order a patient should read them."""

    sections: tuple[SafetySection, ...]

    def __post_init__(self) -> None:
        missing = [s for s in SECTIONS if s not in {x.id for x in self.sections if x.items}]
        if missing:
            raise ValueError(f"safety text lacks the section(s) {', '.join(missing)}")

    def section(self, section_id: str) -> SafetySection:
        return next(s for s in self.sections if s.id == section_id)

    def lines(self) -> list[str]:
        """Every heading and item as plain lines, e.g. to check an export kept them."""
        return [text for s in self.sections for text in (s.heading, *s.items)]


def load_safety(path: str | PathLike[str] | None = None) -> SafetyText:
    """Read the safety CSV (the bundled one by default); every problem at once."""
    from .bundled import bundled_path

    path = Path(path) if path is not None else bundled_path("safety.csv")
    name = str(path)
    frame = read_strings(path)
    lines = line_numbers(frame)
    frame = drop_blank_rows(frame).apply(lambda column: column.str.strip())
    missing = [c for c in ("section", "heading", "text") if c not in frame.columns]
    if missing:
        raise InputError([Problem(name, 1, c, None, "this column in the header row") for c in missing])
    problems = _row_problems(frame, lines, name)
    if problems:
        raise InputError(problems)
    return SafetyText(tuple(_section(frame, sid) for sid in dict.fromkeys(frame["section"])))


def _row_problems(frame: pd.DataFrame, lines: pd.Series, name: str) -> list[Problem]:
    problems = []
    for n, row in frame.iterrows():
        line = int(lines[n])
        if row["section"] not in SECTIONS:
            problems.append(Problem(name, line, "section", row["section"], "one of " + ", ".join(SECTIONS)))
        if not row["text"]:
            problems.append(Problem(name, line, "text", "", "the words the patient reads"))
    for sid, purpose in SECTIONS.items():
        rows = frame[frame["section"] == sid]
        if rows.empty:
            problems.append(Problem(name, None, "section", sid, f"at least one row: {purpose}"))
        elif rows["heading"].replace("", pd.NA).dropna().nunique() != 1:
            problems.append(
                Problem(
                    name,
                    int(lines[rows.index[0]]),
                    "heading",
                    rows["heading"].iloc[0],
                    f"one heading for the section {sid!r}, repeated or blank on its other rows",
                )
            )
    return problems


def _section(frame: pd.DataFrame, sid: str) -> SafetySection:
    rows = frame[frame["section"] == sid]
    heading = next(h for h in rows["heading"] if h)
    return SafetySection(sid, heading, tuple(rows["text"]))
