"""The exercise catalog: CSV files read with pandas, checked, merged, browsed.

A catalog is one checked DataFrame per file it was read from, in merge order,
plus the file and row each exercise came from. Exercises are built from rows
on first use, and cells are tidied only for an exercise or :meth:`to_frame`,
so loading a large catalog costs little more than ``pandas.read_csv`` of the
same file, and merging it after the bundled five costs no copy of it (see
benchmarks/catalog_load.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import chain
from os import PathLike
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, cast

import numpy as np
import pandas as pd

from .csvfile import (
    NEWLINE,
    CsvTable,
    code_units,
    control_expected,
    control_mask,
    distinct_count,
    drop_blank_rows,
    first_units,
    read_table,
)
from .errors import InputError, Problem
from .exercise import (
    DOSE_KIND_EXPECTED,
    HOLD_EXPECTED,
    REPS_FIELDS,
    SIDES_EXPECTED,
    DoseKind,
    Exercise,
    Sides,
    parse_hold,
)
from .limits import MAX_DURATION_SECONDS
from .pose import Pose
from .posefile import POSES_FILE, read_poses
from .text import is_blank

if TYPE_CHECKING:
    from .imagefiles import CellProblem, Images

REQUIRED = ("id", "name", "steps", "duration_seconds", "sides")
#: A clinic's own pictures: the files (one per line) and their text alternatives. Read only when present
#: (backcare_kit.imagefiles, imported then), so a catalog without them costs nothing more.
IMAGE_COLUMNS = ("images", "image_alt")
OPTIONAL = ("body_areas", "starting_position", "cues", "hold", "side_switch", *IMAGE_COLUMNS)
KNOWN = REQUIRED + OPTIONAL
#: Optional columns of a dose by repetitions, read as such only in a file with a ``dose_kind`` column: in
#: any other file a column named ``reps`` or ``sets`` is the clinic's own, kept as an extra column as it
#: always was. A file without them costs nothing more to read.
DOSE_COLUMNS = ("dose_kind", *REPS_FIELDS)
#: What a blank repetition cell means on a row whose dose_kind is reps (None: the cell is needed).
REPS_BLANK: dict[str, int | None] = {"reps": None, "sets": 1, "rest_seconds": 0, "seconds_per_rep": None}
MULTILINE = ("starting_position", "steps", "cues", "images")
#: Names the catalog once kept its own bookkeeping under: a file's columns by these names are not kept.
_PRIVATE = ("source", "row")
_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
DURATION_EXPECTED = f"a whole number of seconds from 1 to {MAX_DURATION_SECONDS}, e.g. 120"
#: A duration with more digits than the bound (leading zeros aside) is refused before int() sees it.
_SECONDS = rf"0*[0-9]{{1,{len(str(MAX_DURATION_SECONDS))}}}"
_SIDES = [s.value for s in Sides]
NO_EXERCISES = "at least one exercise, one per row under the header row, but the file has no exercises"


class _Check(NamedTuple):
    column: str
    bad: pd.Series  # boolean mask over rows
    expected: Callable[[int], str]  # of the row's index, as some messages need line numbers or the value


class _Cells(NamedTuple):
    """The columns the catalog looks exercises up by or converts, tidied once, for the checks and the catalog.

    A good file's cells are tidy as read: ids are slugs, sides are one of
    the words, pandas read the durations as numbers. A column is tidied, and
    a mask of its bad cells made, only when a first test of the whole column
    finds it is not tidy; each mask is None when no cell is bad.
    """

    ids: pd.Series  # without surrounding spaces
    not_slugs: pd.Series | None
    bad_seconds: pd.Series | None
    unknown_sides: pd.Series | None
    tidied: dict[str, pd.Series]  # the columns as the catalog keeps them, where they differ from the file's

    @classmethod
    def of(cls, raw: pd.DataFrame, slugs: bool) -> _Cells:
        """The cells of ``raw``; ``slugs`` says a test of the id column as read found every id a slug."""
        tidied: dict[str, pd.Series] = {}
        ids, not_slugs = raw["id"], None
        if not slugs:  # spaces around an id are forgiven
            ids = tidied["id"] = ids.str.strip()
            not_slugs = _if_any(~ids.str.fullmatch(_SLUG).astype(bool))
        sides, unknown_sides = _sides(raw["sides"])
        if sides is not None:
            tidied["sides"] = sides
        seconds, bad_seconds = _seconds(raw["duration_seconds"])
        if seconds is not None:
            tidied["duration_seconds"] = seconds
        return cls(ids, not_slugs, bad_seconds, unknown_sides, tidied)


def _if_any(mask: pd.Series) -> pd.Series | None:
    return mask if mask.any() else None


def _sides(column: pd.Series) -> tuple[pd.Series | None, pd.Series | None]:
    """The sides lowercase and without spaces (None when they already are), and where they are not known words.

    A column has a few distinct values, so each is tidied and checked once.
    """
    values = set(column.unique())
    if values <= {*_SIDES, ""}:
        return None, None
    tidy = {value: value.strip().lower() for value in values}
    unknown = [value for value, side in tidy.items() if side not in {*_SIDES, ""}]
    return column.map(tidy), column.isin(unknown) if unknown else None


def _seconds(duration: pd.Series) -> tuple[pd.Series | None, pd.Series | None]:
    """The durations as int where read as text (None for numbers), and where they are not from 1 to the bound.

    pandas reads a column of whole numbers as int64 (taking spaces, line
    breaks and a '+' around the digits, as :func:`_whole_seconds` does), so
    only the bound is left to check, in numpy. Text has a few distinct
    values, each converted once.
    """
    seconds = None
    if duration.dtype != np.int64:
        texts = duration.tolist()
        whole = {text: _whole_seconds(text) for text in set(texts)}
        seconds = duration = pd.Series([whole[text] for text in texts], index=duration.index, dtype=np.int64)
    bad = _out_of_bounds(duration)
    return seconds, pd.Series(bad, index=duration.index) if bad.any() else None


def _whole_seconds(text: str) -> int:
    """A duration cell as a whole number of seconds, 0 when it is not one (or has more digits than the bound)."""
    digits = text.strip().removeprefix("+")
    return int(digits) if re.fullmatch(_SECONDS, digits) else 0


def _out_of_bounds(seconds: pd.Series) -> np.ndarray:
    values = seconds.to_numpy()
    return (values < 1) | (values > MAX_DURATION_SECONDS)


@dataclass(frozen=True)
class FileCheck:
    """What loading one file would say: its catalog, or every problem loading it would raise."""

    path: Path
    catalog: Catalog | None
    problems: tuple[Problem, ...] = ()


class _Part(NamedTuple):
    """The exercises of one file (or of one from_exercises call), checked but not tidied.

    ``frame`` holds the rows as read, indexed by their row in the file (blank
    lines counted), with ids, sides and durations tidied by :class:`_Cells`;
    ``ids`` holds the same rows' ids, to look exercises up by. ``attached``
    holds what a row's cells cannot, by the row's index: the Exercise fields
    (pictures, poses) of rows that have them, as values already checked.
    """

    source: str
    frame: pd.DataFrame
    ids: pd.Index
    attached: Mapping[int, Mapping[str, Any]] = MappingProxyType({})

    def without(self, dropped: np.ndarray) -> _Part:
        """This part without the rows where ``dropped`` is True."""
        if not dropped.any():
            return self
        return self._replace(frame=self.frame[~dropped], ids=self.ids[~dropped])


class Catalog(Mapping[str, Exercise]):
    """Exercises by id, in file order. Read-only: routines override, never edit.

    The exercises of each file stay in that file's DataFrame: merging a large
    file after the bundled five checks its ids against theirs and copies
    nothing, and :meth:`to_frame` puts them in one DataFrame when asked.
    """

    def __init__(self, parts: Iterable[_Part] = (), warnings: Iterable[str] = ()):
        self._parts = tuple(part for part in parts if len(part.ids))
        self._cache: dict[str, Exercise] = {}
        self._lines: dict[str, CsvTable] = {}
        self.warnings: tuple[str, ...] = tuple(warnings)

    @classmethod
    def read_csv(cls, path: str | PathLike[str]) -> Catalog:
        """Read and check one CSV file; raise InputError listing every problem."""
        return _read(Path(path))[0]

    @classmethod
    def from_exercises(cls, exercises: Iterable[Exercise], source: str = "<code>") -> Catalog:
        """Build a catalog from Exercise objects, e.g. in a notebook or a test."""
        exercises = list(exercises)
        rows = [_row_of(ex) for ex in exercises]
        if not rows:
            return cls()
        attached = {n: _attached_of(ex) for n, ex in enumerate(exercises, start=1) if ex.pictures or ex.poses}
        extras = list(dict.fromkeys(k for row in rows for k in _extras(row)))
        doses = list(DOSE_COLUMNS) if any("dose_kind" in row for row in rows) else []
        frame = pd.DataFrame(rows, columns=[*KNOWN, *extras], index=range(1, len(rows) + 1)).fillna("")
        for column in doses:  # as objects: a column of numbers with gaps would become floats ('10.0')
            frame[column] = pd.Series([row.get(column, "") for row in rows], index=frame.index, dtype=object)
        frame = frame[[*KNOWN, *doses, *extras]]
        duplicates = frame["id"][frame["id"].duplicated()]
        if len(duplicates):
            raise InputError([Problem(source, None, "id", v, "a unique id") for v in duplicates])
        return cls([_Part(source, frame, pd.Index(frame["id"]), attached)])

    def __getitem__(self, exercise_id: str) -> Exercise:
        if exercise_id not in self._cache:
            part, position = self._find(exercise_id)
            attached = part.attached.get(int(part.frame.index[position]), {})
            self._cache[exercise_id] = _exercise_of(part.frame.iloc[position], attached)
        return self._cache[exercise_id]

    def __iter__(self) -> Iterator[str]:
        return chain.from_iterable(part.ids for part in self._parts)

    def __len__(self) -> int:
        return sum(len(part.ids) for part in self._parts)

    def __repr__(self) -> str:
        return f"<Catalog of {len(self)} exercises from {', '.join(self.sources) or 'nowhere'}>"

    @property
    def sources(self) -> tuple[str, ...]:
        """The files this catalog was read from, in merge order."""
        return tuple(dict.fromkeys(part.source for part in self._parts))

    def where(self, exercise_id: str) -> str:
        """'file:line' of an exercise, with its spreadsheet row when that differs, for messages."""
        file, line, row = self._place(exercise_id)
        return Problem(file, line, None, None, "", row=row).where

    def location(self, exercise_id: str) -> tuple[str, int | None]:
        """The file an exercise came from and the line its row starts on (None if not from a file)."""
        source, line, _ = self._place(exercise_id)
        return source, line

    def _find(self, exercise_id: str) -> tuple[_Part, int]:
        """The part holding an exercise and its position there; KeyError if none does."""
        for part in self._parts:
            if exercise_id in part.ids:
                return part, cast(int, part.ids.get_loc(exercise_id))  # ids are unique
        raise KeyError(exercise_id)

    def _place(self, exercise_id: str) -> tuple[str, int | None, int | None]:
        """The file, line and spreadsheet row of an exercise (line and row None if not from a file)."""
        part, position = self._find(exercise_id)
        source, index = part.source, int(part.frame.index[position])
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
        return self._joined(other)

    def clashes(self, other: Catalog) -> list[Problem]:
        """A problem for each of ``other``'s ids already in this catalog, naming both places."""
        problems = []
        for part in other._parts:
            for exercise_id in part.ids[self._holds(part.ids)]:
                file, line, row = other._place(exercise_id)
                expected = f"an id not already used at {self.where(exercise_id)}"
                problems.append(Problem(file, line, "id", exercise_id, expected, row=row))
        return problems

    def _holds(self, ids: pd.Index) -> np.ndarray:
        """True for each of ``ids`` already in this catalog: one vectorised test per part."""
        held = np.zeros(len(ids), dtype=bool)
        for part in self._parts:
            held |= _among(ids, part.ids)
        return held

    def _plus(self, other: Catalog) -> Catalog:
        """This catalog and ``other``'s exercises with ids not in it, after its own."""
        return self._joined(Catalog([part.without(self._holds(part.ids)) for part in other._parts], other.warnings))

    def _joined(self, other: Catalog) -> Catalog:
        """This catalog and ``other``'s exercises after its own, their ids known to differ: no copy of either."""
        return Catalog([*self._parts, *other._parts], self.warnings + other.warnings)

    def to_frame(self) -> pd.DataFrame:
        """The catalog as a DataFrame for browsing, one row per exercise."""
        frames = [_tidy(part.frame, part.attached) for part in self._parts] or [_tidy(_empty_frame(), {})]
        frame = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
        if "dose_kind" in frame.columns:  # a file without dose columns is dosed by time
            frame = frame.fillna({"dose_kind": DoseKind.TIME.value, **dict.fromkeys(REPS_FIELDS, "")})
        return frame.set_index("id")


def load_catalog(*paths: str | PathLike[str], bundled: bool = True) -> Catalog:
    """The bundled catalog, merged with any clinician CSV files given.

    Each file is read knowing the catalog it joins, so that the check for
    repeated ids covers clashes too (see :func:`_read`): merging a file that
    clashes with nothing costs no more than reading it.
    """
    files = ([_bundled_file()] if bundled else []) + [Path(p) for p in paths]
    catalog = Catalog()
    for path in files:
        read, may_clash = _read(path, after=catalog)
        catalog = catalog.merge(read) if may_clash else catalog._joined(read)
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
        for i, v in ids[merged._holds(pd.Index(ids))].items()
    ]


def _among(ids: pd.Index, known: pd.Index) -> np.ndarray:
    """True for each of ``ids`` in ``known``, hashing the shorter of the two.

    ``isin`` hashes its argument: asking whether five ids are among 100,000
    would hash the 100,000, so the question is turned around first.
    """
    if len(known) > len(ids):
        known = known[known.isin(ids)]
    return np.asarray(ids.isin(known), dtype=bool)


def _bundled_file() -> Path:
    from .bundled import bundled_path

    return bundled_path("exercises.csv")


def _same_file(path: Path, other: Path) -> bool:
    try:
        return path.samefile(other)
    except OSError:
        return False


def _read(path: Path, after: Catalog | None = None) -> tuple[Catalog, bool]:
    """The catalog of one file, and whether its ids may be among those of ``after``, the catalog it joins.

    Telling that the file repeats no id and shares none with ``after`` is
    one count of distinct ids over both (see :func:`_repeats`), so merging
    the file after the bundled five costs nothing more; only when that count
    finds a repeat, or ``after`` was too large to count, does
    :meth:`Catalog.merge` look for clashes.
    """
    table = read_table(path, numbers=("duration_seconds",))
    name = table.name
    problems = _header_problems(table.frame.columns, name)
    if problems:
        raise InputError(problems)
    slugs = _all_slugs(table.frame["id"])
    raw = table.frame if slugs else drop_blank_rows(table.frame)  # a blank row has no id: a file of slugs has none
    if raw.empty:
        raise InputError([Problem(name, None, None, None, NO_EXERCISES)])
    raw = _text_if_needed(raw, table)
    cells = _Cells.of(raw, slugs)
    repeats, may_clash = _repeats(cells.ids, after or Catalog())
    by_reps, dose_checks = _dose_checks(raw)
    if by_reps is not None and cells.bad_seconds is not None:  # a dose by repetitions has no duration to check
        cells = cells._replace(bad_seconds=_if_any(cells.bad_seconds & ~by_reps))
    checks = [*_row_checks(raw, cells, table, repeats), *dose_checks]
    if table.may_have_controls:  # a byte scan found one somewhere: find the cells
        checks.extend(_control_checks(raw))
    images = _images(raw, path.parent) if any(c in raw.columns for c in IMAGE_COLUMNS) else None
    poses, pose_problems = _poses_beside(path)
    if any(check.bad.any() for check in checks) or (images is not None and images.problems) or pose_problems:
        problems = _problems(raw, checks, table, images.problems if images is not None else [])
        raise InputError([*problems, *pose_problems])
    frame = raw.assign(**cells.tidied) if cells.tidied else raw
    extras = _extras(frame.columns)
    warnings = [f"{name}: extra column {c!r} kept with each exercise" for c in extras]
    attached: dict[int, dict[str, Any]] = {}
    for index, pictures in (images.pictures if images else {}).items():
        attached[index] = {"pictures": pictures}
    ids = pd.Index(cells.ids)
    for exercise_id, drawn in poses.items():
        rows = frame.index[ids == exercise_id]
        for index in rows:
            attached.setdefault(int(index), {})["poses"] = drawn
        if rows.empty:
            warnings.append(f"{POSES_FILE} beside {name}: poses of {exercise_id!r} not used; {name} has no such id")
    return Catalog([_Part(name, frame, ids, attached)], warnings), may_clash


def _poses_beside(path: Path) -> tuple[dict[str, tuple[Pose, ...]], list[Problem]]:
    """The poses in the pose file beside the catalog file, if there is one, and its problems.

    The pose file draws the catalog's exercises, so it is read with the
    catalog and its problems are reported with the catalog's, all at once.
    """
    beside = path.parent / POSES_FILE
    if not beside.is_file():
        return {}, []
    try:
        return read_poses(beside), []
    except InputError as error:
        return {}, list(error.problems)


def _images(raw: pd.DataFrame, folder: Path) -> Images:
    from .imagefiles import read_images  # only for a file with picture columns: the cold start is benchmarked

    return read_images(raw, folder)


def _all_slugs(ids: pd.Series) -> bool:
    """True when every id is a slug: ``ids.str.fullmatch(_SLUG).all()`` at a fraction of its cost.

    A regular expression per id is most of the cost of checking a good
    file's ids; a few numpy passes over their bytes (:func:`code_units`)
    tell the same.
    """
    pieces = code_units(ids)
    return pieces is not None and all(_slugs(units, offsets) for units, offsets in pieces)


def _slugs(units: np.ndarray, offsets: np.ndarray) -> bool:
    """True when each run of ``units`` between ``offsets`` is lowercase letters and digits, hyphens between."""
    starts, ends = offsets[:-1], offsets[1:]
    if not (ends > starts).all():
        return False  # an empty id
    hyphen = units == ord("-")
    word = ((units >= ord("a")) & (units <= ord("z"))) | ((units >= ord("0")) & (units <= ord("9")))
    if not (word | hyphen).all() or (hyphen[1:] & hyphen[:-1]).any():
        return False
    return not (hyphen[starts].any() or hyphen[ends - 1].any())


def _repeats(ids: pd.Series, after: Catalog) -> tuple[bool, bool]:
    """Whether an id appears twice in ``ids``, and whether one may be in ``after`` too.

    When ``after`` is the smaller (the bundled five before a clinician's
    file), its ids are counted with ``ids``: as many distinct values as ids
    in both tells that nothing repeats and nothing clashes, in one pass.
    """
    known = list(after) if len(after) <= len(ids) else []
    if distinct_count(ids, known) == len(ids) + len(known):
        return False, len(after) > len(known)
    return distinct_count(ids) < len(ids), len(after) > 0


def _text_if_needed(raw: pd.DataFrame, table: CsvTable) -> pd.DataFrame:
    """``raw``, or its rows as the text in the file when durations pandas read as numbers must be checked as text.

    A message shows the value as typed ('-05', not -5), and a control
    character around the digits is refused although pandas reads past it.
    """
    duration = raw["duration_seconds"]
    if duration.dtype == np.int64 and (table.may_have_controls or _out_of_bounds(duration).any()):
        return table.text().loc[raw.index]
    return raw


def _problems(raw: pd.DataFrame, checks: list[_Check], table: CsvTable, cells: list[CellProblem]) -> list[Problem]:
    """Every problem of the file in the order a person reads it: by row, then by column, left to right.

    ``cells`` are the problems the picture columns found, each naming one line of its cell.
    """
    problems = [
        (i, check.column, table.problem(i, check.column, str(raw.at[i, check.column]), check.expected(i)))
        for check in checks
        for i in raw.index[check.bad]
    ]
    problems += [(c.row, c.column, table.problem(c.row, c.column, c.value, c.expected)) for c in cells]
    order = list(raw.columns)
    return [problem for _, _, problem in sorted(problems, key=lambda p: (p[0], order.index(p[1])))]


def _header_problems(columns: pd.Index, name: str) -> list[Problem]:
    """Required columns missing and cells without a name; repeated names are read_table's to report."""
    present = columns.tolist()
    problems = [
        Problem(name, 1, c, None, "this required column in the header row") for c in REQUIRED if c not in present
    ]
    if "dose_kind" in present:  # a row may be dosed by repetitions: each needs its count and pace
        problems += [
            Problem(name, 1, c, None, "this column in the header row, as the file has a dose_kind column")
            for c in ("reps", "seconds_per_rep")
            if c not in present
        ]
    if any(not column or column.startswith("unnamed:") for column in present):
        problems.append(Problem(name, 1, None, None, "a name for every column in the header row"))
    return problems


def _row_checks(raw: pd.DataFrame, cells: _Cells, table: CsvTable, repeats: bool) -> list[_Check]:
    """A check for each way a row can be wrong; a column a first test found tidy gets none."""
    ids = cells.ids
    checks = []
    if cells.not_slugs is not None:
        checks.append(_check("id", ids == "", "an id (a short slug such as 'glute-bridge')"))
        checks.append(_check("id", (ids != "") & cells.not_slugs, "a slug of lowercase letters, digits and hyphens"))
    unnamed = _unreadable(raw["name"], table)
    if unnamed is not None:
        checks.append(_check("name", unnamed, "the exercise's name as the patient reads it"))
    no_steps = _unreadable(raw["steps"], table)
    if no_steps is not None:
        checks.append(_check("steps", no_steps, "at least one step the patient can read, one per line"))
    if cells.bad_seconds is not None:
        checks.append(_check("duration_seconds", cells.bad_seconds, DURATION_EXPECTED))
    if cells.unknown_sides is not None:
        checks.append(_check("sides", cells.unknown_sides, SIDES_EXPECTED))
    if "hold" in raw.columns:
        bad_holds = [value for value in raw["hold"].unique() if not _hold_ok(value)]
        if bad_holds:
            checks.append(_check("hold", raw["hold"].isin(bad_holds), HOLD_EXPECTED))
    if repeats:  # duplicated() costs more than the count of distinct ids that told
        checks.append(_duplicate_check(ids, ids.duplicated() & (ids != ""), table))
    return checks


def _dose_checks(raw: pd.DataFrame) -> tuple[pd.Series | None, list[_Check]]:
    """Rows whose duration is not checked (dosed by repetitions, or of an unknown kind; None when none), and
    a check for each way a dose cell is wrong.

    Only a file with dose columns pays for this. Each column has few
    distinct values, so each value is read once, as for sides and durations.
    A row dosed by time must leave the repetition cells and a row dosed by
    repetitions the duration blank: a value there would be silently ignored.
    """
    if "dose_kind" not in raw.columns:
        return None, []
    checks: list[_Check] = []
    kinds = raw["dose_kind"].map({v: str(v).strip().lower() or "time" for v in raw["dose_kind"].unique()})
    unknown = ~kinds.isin({k.value for k in DoseKind})
    checks.append(_check("dose_kind", unknown, DOSE_KIND_EXPECTED))
    # A row of an unknown kind gets that one problem: whether its other dose cells are right depends on it.
    by_reps, by_time = kinds == DoseKind.REPS.value, kinds == DoseKind.TIME.value
    numbers = {c: _cell_numbers(raw[c]) for c in REPS_FIELDS if c in raw.columns}
    for column, values in numbers.items():
        low, high, unit = REPS_FIELDS[column]
        blank_means = REPS_BLANK[column]
        ok = values.between(low, high) | (values.isna() & (blank_means is not None))
        needed = "" if blank_means is None else f"; blank means {blank_means}"
        expected = f"a whole number of {unit} from {low} to {high} for a dose by repetitions{needed}"
        checks.append(_check(column, by_reps & ~ok, expected))
        checks.append(_check(column, by_time & values.notna(), "blank, as the row's dose is by time (dose_kind)"))
    if by_reps.any():
        duration = raw["duration_seconds"]
        filled = duration.astype(str).str.strip() != ""
        checks.append(_check("duration_seconds", by_reps & filled, "blank for a dose by repetitions (dose_kind reps)"))
        checks.append(_too_long(numbers, by_reps))
    untimed = by_reps | unknown
    return (untimed if untimed.any() else None), [check for check in checks if check.bad.any()]


def _cell_numbers(column: pd.Series) -> pd.Series:
    """Each cell as a whole number, NaN when blank and -1 when not a whole number (so no bound takes it)."""
    if column.dtype == np.int64:
        return column.astype(float)

    def number(text: object) -> float:
        digits = str(text).strip().removeprefix("+")
        if not digits:
            return float("nan")
        return float(int(digits)) if re.fullmatch(r"0*[0-9]{1,6}", digits) else -1.0

    return column.map({value: number(value) for value in column.unique()}).astype(float)


def _too_long(numbers: dict[str, pd.Series], by_reps: pd.Series) -> _Check:
    """Rows whose repetitions last longer on one side than a dose by time may: sets x reps x seconds_per_rep."""
    factors = [numbers.get(c, pd.Series(np.nan, index=by_reps.index)) for c in ("sets", "reps", "seconds_per_rep")]
    sets = factors[0].fillna(1)
    seconds = sets * factors[1] * factors[2]
    expected = f"sets x reps x seconds_per_rep at most {MAX_DURATION_SECONDS} seconds on one side, like a duration"
    return _check("seconds_per_rep", by_reps & (seconds > MAX_DURATION_SECONDS), expected)


def _unreadable(text: pd.Series, table: CsvTable) -> pd.Series | None:
    """True for cells that would print as nothing: empty, only spaces, or only invisible characters; None if none.

    Exercise refuses such a name or steps too, but only when the exercise is
    first used; the file must be refused when read, with the line. A cell
    that starts with a visible ASCII character prints, and in a good file
    every cell does, so only the others are looked at. Text that is all ASCII
    cannot hide in invisible characters, so the slower check of
    :func:`text.is_blank` runs only for other files, on cells holding no
    ASCII letter or digit.
    """
    maybe = _maybe_blank(text)
    if not maybe.any():
        return None
    rows, text = text.index, text[maybe]
    blank = text.str.strip() == ""
    if not table.ascii:
        suspects = text.index[~blank & ~text.str.contains(r"[0-9A-Za-z]")]
        if not suspects.empty:
            blank |= pd.Series(text[suspects].map(is_blank), index=text.index).fillna(False).astype(bool)
    return _if_any(blank.reindex(rows, fill_value=False))


def _maybe_blank(text: pd.Series) -> np.ndarray:
    """False for cells that surely print: they start with a visible ASCII character."""
    first = first_units(text)
    if first is None:
        return np.ones(len(text), dtype=bool)
    return (first <= ord(" ")) | (first >= 0x7F)


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


def _tidy(frame: pd.DataFrame, attached: Mapping[int, Mapping[str, Any]]) -> pd.DataFrame:
    """A part's rows as :meth:`Catalog.to_frame` shows them: cells tidied as an Exercise tidies them.

    Done here rather than on reading, so that only browsing pays for it. The
    images column shows the file names, one per line, and image_alt each
    picture's text alternative as the patient's screen reader will say it
    (the starting position where the file gave none).
    """
    frame = frame.copy(deep=False)
    for column in OPTIONAL + (DOSE_COLUMNS if "dose_kind" in frame.columns else ()):
        if column not in frame.columns:
            frame[column] = ""
    if "dose_kind" in frame.columns:
        frame["dose_kind"] = frame["dose_kind"].astype(str).str.strip().str.lower().replace("", DoseKind.TIME.value)
    for column in ("name", "hold", "side_switch", "body_areas"):
        frame[column] = frame[column].str.strip()
    frame["sides"] = frame["sides"].replace("", Sides.NONE.value)
    for column in MULTILINE:
        frame[column] = frame[column].map(lambda text: "\n".join(_lines_of(text)))
    alts = {i: "\n".join(p.alt for p in fields["pictures"]) for i, fields in attached.items() if "pictures" in fields}
    if alts:
        frame["image_alt"] = pd.Series(alts, dtype=object).reindex(frame.index).fillna(frame["image_alt"])
    doses = [c for c in DOSE_COLUMNS if c in frame.columns and "dose_kind" in frame.columns]
    return frame[[*KNOWN, *doses, *_extras(frame.columns)]].reset_index(drop=True)


def _lines_of(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in re.split(NEWLINE, text) if line.strip())


def _exercise_of(row: pd.Series, attached: Mapping[str, Any]) -> Exercise:
    """The exercise of one checked row and what is attached to it; optional columns may be missing and untidied."""
    extra = tuple((c, str(row[c])) for c in _extras(row.index) if row[c] != "")
    kind = DoseKind(str(row.get("dose_kind", "")).strip().lower() or DoseKind.TIME.value)
    reps: dict[str, Any] = {c: _reps_cell(row, c) for c in REPS_FIELDS} if kind is DoseKind.REPS else {}
    return Exercise(
        id=row["id"],
        name=" ".join(row["name"].split()),
        steps=_lines_of(row["steps"]),
        duration_seconds=int(row["duration_seconds"]) if kind is DoseKind.TIME else 0,
        dose_kind=kind,
        **reps,
        sides=Sides(row["sides"] or Sides.NONE.value),
        starting_position=_lines_of(row.get("starting_position", "")),
        cues=_lines_of(row.get("cues", "")),
        body_areas=tuple(a.strip() for a in row.get("body_areas", "").split(";") if a.strip()),
        hold=parse_hold(row.get("hold", "")),
        side_switch=" ".join(row.get("side_switch", "").split()),
        extra=extra,
        **attached,
    )


def _extras(columns: Iterable[str]) -> list[str]:
    """The clinic's own columns, kept with each exercise: the dose columns are among them unless dose_kind is."""
    columns = list(columns)
    doses = DOSE_COLUMNS if "dose_kind" in columns else ()
    return [c for c in columns if c not in KNOWN and c not in _PRIVATE and c not in doses]


def _reps_cell(row: pd.Series, column: str) -> int:
    """One checked repetition cell of a row dosed by repetitions; a blank one has its meaning in REPS_BLANK."""
    text = str(row.get(column, "")).strip()
    return int(text) if text else cast(int, REPS_BLANK[column])


def _attached_of(ex: Exercise) -> dict[str, Any]:
    """What an exercise made in code carries beyond a row's cells, to give back when it is built again."""
    return {"pictures": ex.pictures, "poses": ex.poses}


def _row_of(ex: Exercise) -> dict[str, object]:
    """An exercise as a row; its pictures as words (it has no file names), kept themselves by _attached_of."""
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
        "images": "\n".join(f"{p.kind} picture, {p.width} x {p.height}" for p in ex.pictures),
        "image_alt": "\n".join(p.alt for p in ex.pictures),
        **dict(ex.extra),
        # Only for a dose by repetitions, so a clinic's own 'reps' column of a timed exercise stays its own.
        **(
            {"dose_kind": ex.dose_kind.value, **{c: getattr(ex, c) for c in REPS_FIELDS}}
            if ex.dose_kind is DoseKind.REPS
            else {}
        ),
    }


def _empty_frame() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in KNOWN})
