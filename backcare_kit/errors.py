"""Errors a user can act on.

Every error the toolkit raises for bad input is a :class:`BackcareError`. The
command line prints its message and exits 2 without a traceback, and the
notebook editor shows the same message, so the message must stand on its own:
it names the file, the line, the column, the value and what was expected.
"""

from __future__ import annotations

from dataclasses import dataclass


class BackcareError(Exception):
    """Bad input or a refused action, explained for the person who caused it."""


class InvalidValue(BackcareError, ValueError):
    """A value object (an item, a routine, a schedule, a plan) refused a value.

    It is a ValueError for code that expects one, and a BackcareError so the
    command line and the editor show its message as is. Any other ValueError
    reaching a face is a bug in the toolkit, not bad input, and is reported so.
    """


class AlreadyExists(BackcareError):
    """A write refused because the file is there and overwriting was not asked for.

    The message says to allow overwriting without naming how, since each
    face has its own way (the command line's ``--force``, a tick box in the
    editor); words.problem_in_words adds the face's own hint.
    """


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one value in one file."""

    file: str
    line: int | None
    column: str | None
    value: str | None
    expected: str
    #: What ``column`` names: a CSV column, or a field path in a JSON file.
    label: str = "column"
    #: The row a spreadsheet shows (the header is row 1). A cell with line
    #: breaks spans several lines of the file but one row in Excel, so a
    #: clinician looking for "line 9" there would land on the wrong exercise.
    row: int | None = None

    def __str__(self) -> str:
        parts = [self.where]
        if self.column is not None:
            parts.append(f"{self.label} {self.column!r}")
        if self.value is not None:
            parts.append(f"value {_shorten(self.value)!r}")
        return ": ".join(parts) + f": expected {self.expected}"

    @property
    def where(self) -> str:
        """'file', 'file:4', or 'file:4 (line 4, row 3 in a spreadsheet)' when the row differs from the line."""
        if self.line is None:
            return self.file
        if self.row is None or self.row == self.line:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line} (line {self.line}, row {self.row} in a spreadsheet)"


class InputError(BackcareError):
    """Several problems found in one pass, reported together.

    Every problem is kept in ``problems`` (and in ``to_frame()``), but the
    message lists at most ``LISTED`` and counts the rest: a file with 100,000
    bad rows must give a message a person can read, not megabytes of it.
    """

    LISTED = 20

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"{count} {noun} found:"] + [f"  {p}" for p in self.problems[: self.LISTED]]
        if count > self.LISTED:
            lines.append(f"  … and {count - self.LISTED} more (fix these first, or see .problems / to_frame())")
        super().__init__("\n".join(lines))

    def to_frame(self):  # -> pandas.DataFrame, imported late: errors must not need pandas
        """The problems as a table, one row each, for reading in a notebook."""
        import pandas as pd

        columns = ["file", "line", "row", "column", "value", "expected"]
        return pd.DataFrame([[getattr(p, c) for c in columns] for p in self.problems], columns=columns)

    def _repr_html_(self) -> str:
        count = len(self.problems)
        title = f"<p><strong>{count} problem{'s' if count != 1 else ''} found</strong></p>"
        return title + self.to_frame().to_html(index=False, na_rep="")


def _shorten(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"
