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

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from .csvfile import CsvTable, read_table
from .errors import InputError, Problem

VERSION = 1
COLUMNS = ("plan_id", "date", "time", "parts_done", "parts_total", "pain_before", "pain_after", "note")
PAIN_EXPECTED = "a pain score, a whole number from 0 to 10, or empty"


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
    """
    table = read_table(Path(path))
    frame = table.text()
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        expected = f"this column, which every session log (version {VERSION}) has: {', '.join(COLUMNS)}"
        raise InputError([Problem(table.name, 1, c, None, expected) for c in missing])
    problems: list[Problem] = []
    entries: list[LogEntry] = []
    for index, row in enumerate(frame[list(COLUMNS)].itertuples(index=False)):
        cells = dict(zip(COLUMNS, (str(v).strip() for v in row), strict=True))
        if not any(cells.values()):
            continue
        # Without the plan, the first row's plan is the log's: one log is one patient's.
        plan_id = plan_id or cells["plan_id"] or None
        entry = _entry(table, index, cells, plan_id, problems)
        if entry is not None:
            entries.append(entry)
    if problems:
        raise InputError(problems)
    kept, dropped = _without_duplicates(table, entries)
    return SessionLog(table.name, tuple(sorted(kept, key=lambda e: e.when)), tuple(dropped))


def _entry(
    table: CsvTable, index: int, cells: dict[str, str], plan_id: str | None, problems: list[Problem]
) -> LogEntry | None:
    """One row as a LogEntry, or None after adding its problems to ``problems``."""
    found: list[Problem] = []

    def bad(column: str, expected: str) -> None:
        found.append(table.problem(index, column, cells[column], expected))

    if not cells["plan_id"]:
        bad("plan_id", "the id of the plan the session belongs to")
    elif plan_id is not None and cells["plan_id"] != plan_id:
        bad("plan_id", f"the plan id {plan_id!r}: a log holds one plan's sessions, and this row is another's")
    day = _parsed(cells["date"], "%Y-%m-%d")
    if day is None:
        bad("date", "a date written YYYY-MM-DD, e.g. 2026-03-02")
    clock = _parsed(cells["time"], "%H:%M")
    if clock is None:
        bad("time", "a time written HH:MM, e.g. 08:30")
    total = _whole(cells["parts_total"], 1)
    if total is None:
        bad("parts_total", "the number of parts in the session, a whole number of 1 or more")
    done = _whole(cells["parts_done"], 0)
    if done is None:
        bad("parts_done", "the number of parts done, a whole number of 0 or more")
    elif total is not None and done > total:
        bad("parts_done", f"at most parts_total ({total})")
    pains = {c: cells[c] for c in ("pain_before", "pain_after")}
    for column, text in pains.items():
        if text and _score(text) is None:
            bad(column, PAIN_EXPECTED)
    problems.extend(found)
    if found or day is None or clock is None or total is None or done is None:
        return None
    before, after = (_score(text) if text else None for text in pains.values())  # empty: not recorded
    when = datetime.combine(day.date(), clock.time())
    return LogEntry(cells["plan_id"], when, done, total, before, after, cells["note"], table.line(index))


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
