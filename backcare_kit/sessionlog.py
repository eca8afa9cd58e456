"""The session log, version 1: what a patient did, one CSV row per session.

The same file comes from the handout's "Save my log" and from a paper log
sheet typed up by hand, so it is read as a clinician's CSV (csvfile.read_table)
and every problem is reported at once, with file and line.

What refuses the file and what is only left out of the count:

* Refused: a missing column, a date or time that is not one, pain outside
  0-10 or not a number, parts that are not whole numbers or more done than
  there are, a plan id other than the plan's (or, without the plan, than the
  first row's: two patients' logs pasted together). Dropping such a row would
  silently change adherence or pain, or mix in another patient's sessions.
* Tolerated: a duplicate session (same plan id, date and time), which a
  patient gets by saving the log twice and pasting both. The first row is
  kept, the others are not counted, and each is returned as a warning.

Blank lines are skipped. Extra columns are allowed, so a later version may
add some without breaking older readers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

from .csvfile import CsvTable, read_table
from .errors import InputError, Problem

VERSION = 1
COLUMNS = ("plan_id", "date", "time", "parts_done", "parts_total", "pain_before", "pain_after", "note")
PAIN_EXPECTED = "a pain score, a whole number from 0 to 10, or empty"
PAIN = ("pain_before", "pain_after")

T = TypeVar("T")


@dataclass(frozen=True)
class LogEntry:
    """One session as the patient logged it; ``line`` is where it is in the file, for messages."""

    plan_id: str
    when: datetime
    parts_done: int
    parts_total: int
    pain_before: int | None
    pain_after: int | None
    note: str
    line: int

    @property
    def day(self) -> date:
        """The day of the session, which is what weeks and gaps are counted in."""
        return self.when.date()


@dataclass(frozen=True)
class SessionLog:
    """The counted sessions of one file, oldest first, and the rows left out of the count."""

    path: str
    entries: tuple[LogEntry, ...]
    warnings: tuple[Problem, ...] = ()

    @property
    def plan_id(self) -> str:
        """The plan the sessions belong to; '' for a log with no sessions."""
        return self.entries[0].plan_id if self.entries else ""


def read_log(path: Path, plan_id: str | None = None) -> SessionLog:
    """Read a session log; InputError listing every problem, warnings for duplicates left out.

    With ``plan_id``, a row of any other plan is a problem: the log is from
    another patient's plan, or for an older plan this one replaced.

    The cells are checked a column at a time (see :class:`_Columns`), each
    distinct value once: a caseload of a thousand logs is read in one go,
    and a log's cost is then mostly pandas reading the file.
    """
    table = read_table(Path(path))
    frame = table.text()
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        expected = f"this column, which every session log (version {VERSION}) has: {', '.join(COLUMNS)}"
        raise InputError([Problem(table.name, 1, c, None, expected) for c in missing])
    columns = _Columns(table, frame, plan_id)
    if columns.problems:
        raise InputError(columns.problems)
    kept, dropped = _without_duplicates(table, columns.entries())
    return SessionLog(table.name, tuple(sorted(kept, key=lambda e: e.when)), tuple(dropped))


class _Columns:
    """A log's cells checked column by column: each column's distinct values are parsed once, by the same
    functions a single cell would be, so every problem reads exactly as a row-by-row check would say it.

    ``problems`` lists them by row, and within a row in the order of the
    columns checked; ``entries()`` gives the good rows once there are none.
    """

    #: The order a row's problems are listed in.
    ORDER = ("plan_id", "date", "time", "parts_total", "parts_done", "pain_before", "pain_after")

    def __init__(self, table: CsvTable, frame: pd.DataFrame, plan_id: str | None):
        self.table = table
        self._values = frame.to_numpy(dtype=object)  # one conversion: pandas costs more per column than per cell here
        at = {c: int(frame.columns.get_loc(c)) for c in COLUMNS}  # type: ignore[arg-type]
        self.cells = {c: [str(v).strip() for v in self._values[:, at[c]].tolist()] for c in COLUMNS}
        self.rows = [n for n in range(len(frame)) if any(self.cells[c][n] for c in COLUMNS)]  # blank lines skipped
        # Without the plan, the first row's plan is the log's: one log is one patient's.
        self.plan_id = plan_id or next((self.cells["plan_id"][n] for n in self.rows if self.cells["plan_id"][n]), None)
        self.day = _each(self.cells["date"], lambda text: _parsed(text, "%Y-%m-%d"))
        self.clock = _each(self.cells["time"], lambda text: _parsed(text, "%H:%M"))
        self.total = _each(self.cells["parts_total"], lambda text: _whole(text, 1))
        self.done = _each(self.cells["parts_done"], lambda text: _whole(text, 0))
        self.pain = {c: _each(self.cells[c], lambda text: _score(text) if text else None) for c in PAIN}
        found = [problem for column in self.ORDER for problem in self._problems(column)]
        found.sort(key=lambda item: (item[0], self.ORDER.index(item[1])))
        self.bad_rows = {index for index, _, _ in found}
        self.problems = [problem for _, _, problem in found]

    def _problems(self, column: str) -> list[tuple[int, str, Problem]]:
        """The problems of one column, as (row index, column, problem)."""
        return [
            (n, column, self.table.problem(n, column, self.cells[column][n], expected))
            for n in self.rows
            if (expected := self._expected(column, n))
        ]

    def _expected(self, column: str, n: int) -> str:
        """What row ``n``'s cell in ``column`` should have been, or '' when it is good."""
        text = self.cells[column][n]
        if column == "plan_id":
            if not text:
                return "the id of the plan the session belongs to"
            if self.plan_id is not None and text != self.plan_id:
                return f"the plan id {self.plan_id!r}: a log holds one plan's sessions, and this row is another's"
        elif column == "date" and self.day[n] is None:
            return "a date written YYYY-MM-DD, e.g. 2026-03-02"
        elif column == "time" and self.clock[n] is None:
            return "a time written HH:MM, e.g. 08:30"
        elif column == "parts_total" and self.total[n] is None:
            return "the number of parts in the session, a whole number of 1 or more"
        elif column == "parts_done":
            done, total = self.done[n], self.total[n]
            if done is None:
                return "the number of parts done, a whole number of 0 or more"
            if total is not None and done > total:
                return f"at most parts_total ({total})"
        elif column in PAIN and text and self.pain[column][n] is None:
            return PAIN_EXPECTED
        return ""

    def entries(self) -> list[LogEntry]:
        """The good rows as entries, in file order (after ``problems`` came out empty)."""
        lines = _lines(self.table, self._values)
        cells, entries = self.cells, []
        for n in self.rows:
            day, clock, done, total = self.day[n], self.clock[n], self.done[n], self.total[n]
            if n in self.bad_rows or day is None or clock is None or done is None or total is None:
                continue
            when = datetime.combine(day.date(), clock.time())
            before, after = (self.pain[c][n] for c in PAIN)
            entries.append(LogEntry(cells["plan_id"][n], when, done, total, before, after, cells["note"][n], lines[n]))
        return entries


def _each(texts: list[str], parse: Callable[[str], T]) -> list[T]:
    """``parse`` of every text, calling it once per distinct text: a column repeats its times and numbers."""
    parsed = {text: parse(text) for text in set(texts)}
    return [parsed[text] for text in texts]


def _lines(table: CsvTable, values: np.ndarray) -> list[int]:
    """The line each row starts on: its position, unless a cell holds a line break (then csvfile counts them)."""
    if any(isinstance(v, str) and ("\n" in v or "\r" in v) for v in values.ravel().tolist()):
        return [table.line(n) for n in range(len(values))]
    return [table.row(n) for n in range(len(values))]


def _parsed(text: str, form: str) -> datetime | None:
    try:
        return datetime.strptime(text, form)
    except ValueError:
        return None


def _whole(text: str, least: int) -> int | None:
    """A whole number of at least ``least`` written in plain digits, else None."""
    return int(text) if text.isascii() and text.isdigit() and int(text) >= least else None


def _score(text: str) -> int | None:
    """A pain score from 0 to 10 written in plain digits, else None."""
    score = _whole(text, 0)
    return score if score is not None and score <= 10 else None


def _without_duplicates(table: CsvTable, entries: list[LogEntry]) -> tuple[list[LogEntry], list[Problem]]:
    """The first row of each session, and a warning for each repeat: saving a log twice must not double it."""
    first: dict[tuple[str, datetime], LogEntry] = {}
    dropped: list[Problem] = []
    for entry in entries:
        key = (entry.plan_id, entry.when)
        if key in first:
            expected = f"one row per session (a repeat of line {first[key].line}; not counted)"
            value = entry.when.strftime("%Y-%m-%d %H:%M")
            dropped.append(Problem(table.name, entry.line, "date", value, expected))
        else:
            first[key] = entry
    return list(first.values()), dropped
