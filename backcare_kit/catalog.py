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
from typing import cast

import pandas as pd

from .csvfile import NEWLINE, CsvTable, control_expected, control_mask, drop_blank_rows, read_table
from .errors import InputError, Problem
from .exercise import HOLD_EXPECTED, SIDES_EXPECTED, Exercise, Sides, parse_hold
from .limits import MAX_DURATION_SECONDS
from .text import is_blank

REQUIRED = ("id", "name", "steps", "duration_seconds", "sides")
OPTIONAL = ("body_areas", "starting_position", "cues", "hold", "side_switch")
KNOWN = REQUIRED + OPTIONAL
MULTILINE = ("starting_position", "steps", "cues")
_PRIVATE = ("source", "row")  # the file, and the row's index in it (blank lines included)
_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
DURATION_EXPECTED = f"a whole number of seconds from 1 to {MAX_DURATION_SECONDS}, e.g. 120"
#: A duration with more digits than the bound (leading zeros aside) is refused before int() sees it.
_SECONDS = rf"0*[0-9]{{1,{len(str(MAX_DURATION_SECONDS))}}}"
NO_EXERCISES = "at least one exercise, one per row under the header row, but the file has no exercises"


@dataclass(frozen=True)
class _Check:
    column: str
    bad: pd.Series  # boolean mask over rows
    expected: Callable[[int], str]  # of the row's index, as some messages need line numbers or the value


@dataclass(frozen=True)
class _Cells:
    """The short columns tidied once, for the checks and then for the catalog itself."""

    ids: pd.Series
    whole: pd.Series  # True where duration_seconds is a short enough whole number to convert
    seconds: pd.Series  # duration_seconds as int, 0 where not whole
    sides: pd.Series

    @classmethod
    def of(cls, raw: pd.DataFrame) -> _Cells:
        duration = raw["duration_seconds"].str.strip()
        whole = duration.str.fullmatch(_SECONDS)
        sides = raw["sides"].str.strip().str.lower()
        return cls(raw["id"].str.strip(), whole, _whole_numbers(duration.where(whole, "0")), sides)


def _whole_numbers(digits: pd.Series) -> pd.Series:
    """Short strings of digits as int64; Arrow casts a column at once, ten times faster than int() per cell."""
    if getattr(digits.dtype, "storage", None) == "pyarrow":
        return digits.astype("int64[pyarrow]").astype("int64")
    return digits.astype("int64")


@dataclass(frozen=True)
class FileCheck:
    """What loading one file would say: its catalog, or every problem loading it would raise."""

    path: Path
    catalog: Catalog | None
    problems: tuple[Problem, ...] = ()


class Catalog(Mapping[str, Exercise]):
    """Exercises by id, in file order. Read-only: routines override, never edit."""

    def __init__(self, frame: pd.DataFrame, warnings: Iterable[str] = ()):
        self._frame = frame
        self._cache: dict[str, Exercise] = {}
        self._lines: dict[str, CsvTable] = {}
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
            self._cache[exercise_id] = _exercise_of(cast(pd.Series, self._frame.loc[exercise_id]))  # ids are unique
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
        """'file:line' of an exercise, with its spreadsheet row when that differs, for messages."""
        file, line, row = self._place(exercise_id)
        return Problem(file, line, None, None, "", row=row).where

    def location(self, exercise_id: str) -> tuple[str, int | None]:
        """The file an exercise came from and the line its row starts on (None if not from a file)."""
        source, line, _ = self._place(exercise_id)
        return source, line

    def _place(self, exercise_id: str) -> tuple[str, int | None, int | None]:
        """The file, line and spreadsheet row of an exercise (line and row None if not from a file)."""
        source, index = str(self._frame.at[exercise_id, "source"]), cast(int, self._frame.at[exercise_id, "row"])
        path = Path(source)
        if not path.is_file():
            return source, None, None
        if source not in self._lines:  # only for messages, so read again only when asked
            self._lines[source] = read_table(path)
        table = self._lines[source]
        return source, table.line(index), table.row(index)

    def merge(self, other: Catalog) -> Catalog:
        """A new catalog with ``other``'s exercises after this one's.

        An id in both is an error rather than a silent override: two
        different exercises under one id would make saved routines ambiguous.
        """
        clashes = self.clashes(other)
        if clashes:
            raise InputError(clashes)
        return self._plus(other)

    def clashes(self, other: Catalog) -> list[Problem]:
        """A problem for each of ``other``'s ids already in this catalog, naming both places."""
        problems = []
        for exercise_id in other:
            if exercise_id in self._frame.index:
                file, line, row = other._place(exercise_id)
                expected = f"an id not already used at {self.where(exercise_id)}"
                problems.append(Problem(file, line, "id", exercise_id, expected, row=row))
        return problems

    def _plus(self, other: Catalog) -> Catalog:
        """This catalog and ``other``'s exercises with ids not in it, after its own."""
        fresh = other._frame[~other._frame.index.isin(self._frame.index)]
        return Catalog(pd.concat([self._frame, fresh]), self.warnings + other.warnings)

    def to_frame(self) -> pd.DataFrame:
        """The catalog as a DataFrame for browsing, one row per exercise."""
        frame = self._frame.drop(columns=list(_PRIVATE)).reset_index(drop=True)
        for column in MULTILINE:
            frame[column] = frame[column].map(lambda text: "\n".join(_lines_of(text)))
        return frame.set_index("id")


def load_catalog(*paths: str | PathLike[str], bundled: bool = True) -> Catalog:
    """The bundled catalog, merged with any clinician CSV files given."""
    files = ([_bundled_file()] if bundled else []) + [Path(p) for p in paths]
    if not files:
        return Catalog(_empty_frame().set_index("id", drop=False))
    catalog = Catalog.read_csv(files[0])
    for path in files[1:]:
        catalog = catalog.merge(Catalog.read_csv(path))
    return catalog


def check_files(paths: Iterable[str | PathLike[str]], bundled: bool = True) -> list[FileCheck]:
    """What :func:`load_catalog` would say of each file, every problem of every file at once.

    load_catalog stops at the first bad file; a clinician checking files
    wants all of them judged, including ids that clash with the bundled
    catalog or an earlier file once merged, even in a file with other
    problems. A file that fails to load adds no ids, so it cannot cause a
    clash in a later one. The bundled file given as one of ``paths`` is
    checked as itself, not merged with itself.
    """
    listed = [Path(p) for p in paths]
    merged: Catalog | None = None
    checks: list[FileCheck] = []
    base = _bundled_file() if bundled else None
    if base is not None and not any(_same_file(path, base) for path in listed):
        first = _check_file(base, None)
        merged = first.catalog
        if first.problems:  # loading would fail on the bundled file itself
            checks.append(first)
    for path in listed:
        check = _check_file(path, merged)
        checks.append(check)
        if check.catalog is not None:
            merged = check.catalog if merged is None else merged._plus(check.catalog)
    return checks


def _check_file(path: Path, merged: Catalog | None) -> FileCheck:
    try:
        catalog = Catalog.read_csv(path)
    except InputError as error:
        clashes = _clashes_in_bad_file(path, merged) if merged is not None else []
        return FileCheck(path, None, tuple(sorted([*error.problems, *clashes], key=lambda p: p.line or 0)))
    return FileCheck(path, catalog, tuple(merged.clashes(catalog) if merged is not None else ()))


def _clashes_in_bad_file(path: Path, merged: Catalog) -> list[Problem]:
    """Ids already in ``merged`` in a file refused for other reasons, so that fixing those reveals nothing new."""
    try:
        table = read_table(path)
    except InputError:  # not even read as a table: it has no ids to trust
        return []
    if "id" not in table.frame.columns:
        return []
    ids = table.frame["id"].str.strip()
    return [
        table.problem(cast(int, i), "id", str(v), f"an id not already used at {merged.where(str(v))}")
        for i, v in ids[ids.isin(merged._frame.index)].items()
    ]


def _bundled_file() -> Path:
    from .bundled import bundled_path

    return bundled_path("exercises.csv")


def _same_file(path: Path, other: Path) -> bool:
    try:
        return path.samefile(other)
    except OSError:
        return False


def _read(path: Path) -> Catalog:
    table = read_table(path)
    name = table.name
    problems = _header_problems(table.frame.columns, name)
    if problems:
        raise InputError(problems)
    raw = drop_blank_rows(table.frame)
    if raw.empty:
        raise InputError([Problem(name, None, None, None, NO_EXERCISES)])
    cells = _Cells.of(raw)
    checks = _row_checks(raw, cells, table)
    if table.may_have_controls:  # a byte scan found one somewhere: find the cells
        checks.extend(_control_checks(raw))
    if any(check.bad.any() for check in checks):
        raise InputError(_problems(raw, checks, table))
    frame = _normalise(raw, cells, name)
    extras = [c for c in frame.columns if c not in KNOWN and c not in _PRIVATE]
    warnings = [f"{name}: extra column {c!r} kept with each exercise" for c in extras]
    return Catalog(frame.set_index("id", drop=False), warnings)


def _problems(raw: pd.DataFrame, checks: list[_Check], table: CsvTable) -> list[Problem]:
    problems = [
        (i, check.column, table.problem(i, check.column, str(raw.at[i, check.column]), check.expected(i)))
        for check in checks
        for i in raw.index[check.bad]
    ]
    order = list(raw.columns)
    return [problem for _, _, problem in sorted(problems, key=lambda p: (p[0], order.index(p[1])))]


def _header_problems(columns: pd.Index, name: str) -> list[Problem]:
    """Required columns missing and cells without a name; repeated names are read_table's to report."""
    problems = [
        Problem(name, 1, c, None, "this required column in the header row") for c in REQUIRED if c not in columns
    ]
    if any(not column or column.startswith("unnamed:") for column in columns):
        problems.append(Problem(name, 1, None, None, "a name for every column in the header row"))
    return problems


def _row_checks(raw: pd.DataFrame, cells: _Cells, table: CsvTable) -> list[_Check]:
    ids = cells.ids
    checks = [
        _check("id", ids == "", "an id (a short slug such as 'glute-bridge')"),
        _check("id", (ids != "") & ~ids.str.fullmatch(_SLUG), "a slug of lowercase letters, digits and hyphens"),
        _check("name", _unreadable(raw["name"], table), "the exercise's name as the patient reads it"),
        _check("steps", _unreadable(raw["steps"], table), "at least one step the patient can read, one per line"),
        _check(
            "duration_seconds",
            ~cells.whole | (cells.seconds < 1) | (cells.seconds > MAX_DURATION_SECONDS),
            DURATION_EXPECTED,
        ),
        _check("sides", ~cells.sides.isin([s.value for s in Sides] + [""]), SIDES_EXPECTED),
    ]
    if "hold" in raw.columns:
        bad_holds = [value for value in raw["hold"].unique() if not _hold_ok(value)]
        checks.append(_check("hold", raw["hold"].isin(bad_holds), HOLD_EXPECTED))
    if len(ids.unique()) < len(ids):  # cheaper than duplicated(), which only a bad file needs
        checks.append(_duplicate_check(ids, ids.duplicated() & (ids != ""), table))
    return checks


def _unreadable(text: pd.Series, table: CsvTable) -> pd.Series:
    """True for cells that would print as nothing: empty, only spaces, or only invisible characters.

    Exercise refuses such a name or steps too, but only when the exercise is
    first used; the file must be refused when read, with the line. Text that
    is all ASCII cannot hide in invisible characters, so the slower check of
    :func:`text.is_blank` runs only for other files, on cells holding no ASCII
    letter or digit.
    """
    blank = text.str.strip() == ""
    if table.ascii:
        return blank
    suspects = text.index[~blank & ~text.str.contains(r"[0-9A-Za-z]")]
    if suspects.empty:
        return blank
    return blank | pd.Series(text[suspects].map(is_blank), index=text.index).fillna(False).astype(bool)


def _check(column: str, bad: pd.Series, expected: str) -> _Check:
    return _Check(column, bad, lambda _: expected)


def _hold_ok(text: str) -> bool:
    try:
        parse_hold(text)
    except ValueError:
        return False
    return True


def _duplicate_check(ids: pd.Series, repeated: pd.Series, table: CsvTable) -> _Check:
    first = {str(value): cast(int, n) for n, value in ids[~ids.duplicated()].items()}

    def expected(index: int) -> str:
        return f"a unique id; {ids[index]!r} is already used on {table.place(first[str(ids[index])])}"

    return _Check("id", repeated, expected)


def _control_checks(raw: pd.DataFrame) -> list[_Check]:
    """A check per column for control characters, naming the character found in each cell."""
    mask = control_mask(raw)
    return [_control_check(raw, str(column), mask[column]) for column in raw.columns if mask[column].any()]


def _control_check(raw: pd.DataFrame, column: str, bad: pd.Series) -> _Check:
    return _Check(column, bad, lambda index: control_expected(str(raw.at[index, column])))


def _normalise(raw: pd.DataFrame, cells: _Cells, name: str) -> pd.DataFrame:
    """Tidy the short columns; multi-line cells are split into lines per exercise, on use."""
    frame = raw.copy()
    for column in OPTIONAL:
        if column not in frame.columns:
            frame[column] = ""
    for column in ("name", "hold", "side_switch", "body_areas"):
        frame[column] = frame[column].str.strip()
    frame["id"] = cells.ids
    frame["sides"] = cells.sides.replace("", Sides.NONE.value)
    frame["duration_seconds"] = cells.seconds
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
