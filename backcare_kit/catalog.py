"""The exercise catalog: CSV files read with pandas, checked, merged, browsed.

A catalog is a validated DataFrame plus the file and row each exercise came from.
Exercises are built from rows on first use, so loading a large catalog costs
little more than ``pandas.read_csv`` of the same file (see benchmarks/).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

import pandas as pd

from .csvfile import NEWLINE, drop_blank_rows, line_numbers, read_strings
from .errors import InputError, Problem
from .exercise import HOLD_EXPECTED, SIDES_EXPECTED, Exercise, Sides, parse_hold

REQUIRED = ("id", "name", "steps", "duration_seconds", "sides")
OPTIONAL = ("body_areas", "starting_position", "cues", "hold", "side_switch")
KNOWN = REQUIRED + OPTIONAL
MULTILINE = ("starting_position", "steps", "cues")
_PRIVATE = ("source", "row")  # the file, and the row's index in it (blank lines included)
_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"


@dataclass(frozen=True)
class _Check:
    column: str
    bad: pd.Series  # boolean mask over rows
    expected: Callable[[], str]  # a function, as some messages need line numbers


class Catalog(Mapping[str, Exercise]):
    """Exercises by id, in file order. Read-only: routines override, never edit."""

    def __init__(self, frame: pd.DataFrame, warnings: Iterable[str] = ()):
        self._frame = frame
        self._cache: dict[str, Exercise] = {}
        self._lines: dict[str, _Lines] = {}
        self.warnings: tuple[str, ...] = tuple(warnings)

    @classmethod
    def read_csv(cls, path: str | PathLike[str]) -> Catalog:
        """Read and check one CSV file; raise InputError listing every problem."""
        return _read(Path(path))

    @classmethod
    def from_exercises(cls, exercises: Iterable[Exercise], source: str = "<code>") -> Catalog:
        """Build a catalog from Exercise objects, e.g. in a notebook or a test."""
        rows = [_row_of(ex, source, n) for n, ex in enumerate(exercises, start=1)]
        extras = list(dict.fromkeys(k for row in rows for k in row if k not in KNOWN and k not in _PRIVATE))
        frame = pd.DataFrame(rows, columns=[*KNOWN, *extras, *_PRIVATE]).fillna("") if rows else _empty_frame()
        duplicates = frame["id"][frame["id"].duplicated()]
        if len(duplicates):
            raise InputError([Problem(source, None, "id", v, "a unique id") for v in duplicates])
        return cls(frame.set_index("id", drop=False))

    def __getitem__(self, exercise_id: str) -> Exercise:
        if exercise_id not in self._cache:
            if exercise_id not in self._frame.index:
                raise KeyError(exercise_id)
            self._cache[exercise_id] = _exercise_of(self._frame.loc[exercise_id])
        return self._cache[exercise_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._frame.index)

    def __len__(self) -> int:
        return len(self._frame)

    def __repr__(self) -> str:
        return f"<Catalog of {len(self)} exercises from {', '.join(self.sources) or 'nowhere'}>"

    @property
    def sources(self) -> tuple[str, ...]:
        """The files this catalog was read from, in merge order."""
        return tuple(dict.fromkeys(self._frame["source"]))

    def where(self, exercise_id: str) -> str:
        """'file:line' of an exercise, for messages that point a clinician at it."""
        file, line = self.location(exercise_id)
        return file if line is None else f"{file}:{line}"

    def location(self, exercise_id: str) -> tuple[str, int | None]:
        """The file an exercise came from and the line its row starts on (None if not from a file)."""
        source, row = self._frame.loc[exercise_id, ["source", "row"]]
        path = Path(source)
        if not path.is_file():
            return source, None
        if source not in self._lines:  # only for messages, so counted only when asked
            self._lines[source] = _Lines(read_strings(path))
        return source, self._lines[source][int(row)]

    def merge(self, other: Catalog) -> Catalog:
        """A new catalog with ``other``'s exercises after this one's.

        An id in both is an error rather than a silent override: two
        different exercises under one id would make saved routines ambiguous.
        """
        clashes = [i for i in other if i in self._frame.index]
        if clashes:
            raise InputError(
                [Problem(*other.location(i), "id", i, f"an id not already used at {self.where(i)}") for i in clashes]
            )
        frame = pd.concat([self._frame, other._frame])
        return Catalog(frame, self.warnings + other.warnings)

    def to_frame(self) -> pd.DataFrame:
        """The catalog as a DataFrame for browsing, one row per exercise."""
        frame = self._frame.drop(columns=list(_PRIVATE)).reset_index(drop=True)
        for column in MULTILINE:
            frame[column] = frame[column].map(lambda text: "\n".join(_lines_of(text)))
        return frame.set_index("id")


def load_catalog(*paths: str | PathLike[str], bundled: bool = True) -> Catalog:
    """The bundled catalog, merged with any clinician CSV files given."""
    from .bundled import bundled_path

    files = ([bundled_path("exercises.csv")] if bundled else []) + [Path(p) for p in paths]
    if not files:
        return Catalog(_empty_frame().set_index("id", drop=False))
    catalog = Catalog.read_csv(files[0])
    for path in files[1:]:
        catalog = catalog.merge(Catalog.read_csv(path))
    return catalog


def _read(path: Path) -> Catalog:
    name = str(path)
    full = read_strings(path)
    problems = _header_problems(full.columns, name)
    if problems:
        raise InputError(problems)
    raw = drop_blank_rows(full)
    lines = _Lines(full)
    checks = _row_checks(raw, lines)
    if any(check.bad.any() for check in checks):
        raise InputError(_problems(raw, checks, lines, name))
    frame = _normalise(raw, name)
    extras = [c for c in frame.columns if c not in KNOWN and c not in _PRIVATE]
    warnings = [f"{name}: extra column {c!r} kept with each exercise" for c in extras]
    return Catalog(frame.set_index("id", drop=False), warnings)


class _Lines:
    """Line numbers of a file's rows, counted only if a message needs them.

    Counting newlines inside every quoted cell costs as much as the checks
    themselves, and a valid file never needs it.
    """

    def __init__(self, frame: pd.DataFrame):
        self._frame = frame
        self._lines: pd.Series | None = None

    def __getitem__(self, row: int) -> int:
        if self._lines is None:
            self._lines = line_numbers(self._frame)
        return int(self._lines[row])


def _problems(raw: pd.DataFrame, checks: list[_Check], lines: _Lines, name: str) -> list[Problem]:
    problems = [
        Problem(name, lines[i], check.column, str(raw.at[i, check.column]), check.expected())
        for check in checks
        for i in raw.index[check.bad]
    ]
    return sorted(problems, key=lambda p: (p.line, KNOWN.index(p.column)))


def _header_problems(columns: pd.Index, name: str) -> list[Problem]:
    problems = [
        Problem(name, 1, c, None, "this required column in the header row") for c in REQUIRED if c not in columns
    ]
    for column in columns:
        base = re.fullmatch(r"(.+)\.\d+", column)
        if base and base.group(1) in columns:
            problems.append(Problem(name, 1, base.group(1), None, "each column only once"))
        elif not column or column.startswith("unnamed:"):
            problems.append(Problem(name, 1, None, None, "a name for every column in the header row"))
    return problems


def _row_checks(raw: pd.DataFrame, lines: _Lines) -> list[_Check]:
    ids = raw["id"].str.strip()
    duration = raw["duration_seconds"].str.strip()
    whole = duration.str.fullmatch(r"\d+")
    sides = raw["sides"].str.strip().str.lower()
    checks = [
        _check("id", ids == "", "an id (a short slug such as 'glute-bridge')"),
        _check("id", (ids != "") & ~ids.str.fullmatch(_SLUG), "a slug of lowercase letters, digits and hyphens"),
        _check("name", raw["name"].str.strip() == "", "the exercise's name"),
        _check("steps", raw["steps"].str.strip() == "", "at least one step, one per line"),
        _check(
            "duration_seconds",
            ~whole | (duration.where(whole, "0").astype(int) <= 0),
            "a positive whole number of seconds, e.g. 120",
        ),
        _check("sides", ~sides.isin([s.value for s in Sides] + [""]), SIDES_EXPECTED),
    ]
    if "hold" in raw.columns:
        bad_holds = [value for value in raw["hold"].unique() if not _hold_ok(value)]
        checks.append(_check("hold", raw["hold"].isin(bad_holds), HOLD_EXPECTED))
    repeated = ids.duplicated() & (ids != "")
    if repeated.any():
        checks.extend(_duplicate_checks(ids, repeated, lines))
    return checks


def _check(column: str, bad: pd.Series, expected: str) -> _Check:
    return _Check(column, bad, lambda: expected)


def _hold_ok(text: str) -> bool:
    try:
        parse_hold(text)
    except ValueError:
        return False
    return True


def _duplicate_checks(ids: pd.Series, repeated: pd.Series, lines: _Lines) -> list[_Check]:
    first = {value: n for n, value in ids[~ids.duplicated()].items()}
    return [
        _Check(
            "id",
            repeated & (ids == value),
            lambda v=value: f"a unique id; {v!r} is already used on line {lines[first[v]]}",
        )
        for value in ids[repeated].unique()
    ]


def _normalise(raw: pd.DataFrame, name: str) -> pd.DataFrame:
    """Tidy the short columns; multi-line cells are split into lines per exercise, on use."""
    frame = raw.copy()
    for column in OPTIONAL:
        if column not in frame.columns:
            frame[column] = ""
    for column in ("id", "name", "sides", "hold", "side_switch", "body_areas", "duration_seconds"):
        frame[column] = frame[column].str.strip()
    frame["sides"] = frame["sides"].str.lower().replace("", Sides.NONE.value)
    frame["duration_seconds"] = frame["duration_seconds"].astype(int)
    frame["source"] = name
    frame["row"] = frame.index
    ordered = [*KNOWN, *[c for c in frame.columns if c not in KNOWN and c not in _PRIVATE], *_PRIVATE]
    return frame[ordered].reset_index(drop=True)


def _lines_of(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in re.split(NEWLINE, text) if line.strip())


def _exercise_of(row: pd.Series) -> Exercise:
    extra = tuple((c, str(row[c])) for c in row.index if c not in KNOWN and c not in _PRIVATE and row[c] != "")
    return Exercise(
        id=row["id"],
        name=" ".join(row["name"].split()),
        steps=_lines_of(row["steps"]),
        duration_seconds=int(row["duration_seconds"]),
        sides=Sides(row["sides"]),
        starting_position=_lines_of(row["starting_position"]),
        cues=_lines_of(row["cues"]),
        body_areas=tuple(a.strip() for a in row["body_areas"].split(";") if a.strip()),
        hold=parse_hold(row["hold"]),
        side_switch=" ".join(row["side_switch"].split()),
        extra=extra,
    )


def _row_of(ex: Exercise, source: str, line: int) -> dict[str, object]:
    return {
        "id": ex.id,
        "name": ex.name,
        "steps": "\n".join(ex.steps),
        "duration_seconds": ex.duration_seconds,
        "sides": Sides(ex.sides).value,
        "body_areas": "; ".join(ex.body_areas),
        "starting_position": "\n".join(ex.starting_position),
        "cues": "\n".join(ex.cues),
        "hold": ex.hold,
        "side_switch": ex.side_switch,
        "source": source,
        "row": line,
        **dict(ex.extra),
    }


def _empty_frame() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in (*KNOWN, *_PRIVATE)})
