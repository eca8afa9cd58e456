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

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.column is not None:
            parts.append(f"{self.label} {self.column!r}")
        if self.value is not None:
            parts.append(f"value {_shorten(self.value)!r}")
        return ": ".join(parts) + f": expected {self.expected}"


class InputError(BackcareError):
    """Several problems found in one pass, reported together."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"{count} {noun} found:"] + [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))

    def to_frame(self):  # -> pandas.DataFrame, imported late: errors must not need pandas
        """The problems as a table, one row each, for reading in a notebook."""
        import pandas as pd

        columns = ["file", "line", "column", "value", "expected"]
        return pd.DataFrame([[getattr(p, c) for c in columns] for p in self.problems], columns=columns)

    def _repr_html_(self) -> str:
        count = len(self.problems)
        title = f"<p><strong>{count} problem{'s' if count != 1 else ''} found</strong></p>"
        return title + self.to_frame().to_html(index=False, na_rep="")


def _shorten(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"
