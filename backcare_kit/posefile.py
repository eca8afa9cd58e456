"""``poses.csv`` beside a catalog: read it with every problem reported at once, save one pose atomically.

One row per picture: an exercise's ``start`` or ``end`` pose, its text
alternative, the camera's height, the parts resting on the floor and one
column per joint (see data/README.md). A blank joint cell, or a joint
column left out, is 0, so a clinic's file need only hold the joints it moves.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from os import PathLike
from pathlib import Path

from .csvfile import column_key, control_expected, read_table
from .errors import BackcareError, InputError, InvalidValue, Problem
from .files import describe_os_error, parsed_once, write_atomic
from .pose import JOINTS, PARTS, VIEW_RANGE, Pose
from .skeleton import FLOOR_EXPECTED, check_pose, floor_misses
from .text import has_controls, is_blank

#: A pose file's name: it sits beside the catalog CSV whose exercises it draws.
POSES_FILE = "poses.csv"
#: The columns before the joints, in the order save_pose writes them.
COLUMNS = ("exercise", "position", "alt", "view", "on_floor")
REQUIRED = ("exercise", "position", "alt")
POSITIONS = ("start", "end")
#: The camera's height when the ``view`` cell is blank or the column left out.
DEFAULT_VIEW = 20.0

_JOINTS_EXPECTED = "a pose column (" + ", ".join(COLUMNS) + ") or a joint (" + ", ".join(JOINTS) + ")"
_PARTS_EXPECTED = "body parts separated by ';', each one of: " + ", ".join(PARTS)


#: Pose files read and unchanged since: every catalog read reads the one beside it.
_read: dict[Path, tuple[tuple[int, int], dict[str, tuple[Pose, ...]]]] = {}


def read_poses(path: str | PathLike[str]) -> dict[str, tuple[Pose, ...]]:
    """Each exercise id's poses in order (start, then end), or InputError naming file, line, column and value.

    A file unchanged since it was last read is not parsed again (see files.parsed_once).
    """
    poses: dict[str, tuple[Pose, ...]] = parsed_once(Path(path), _parse, _read)
    return dict(poses)


def _parse(path: Path) -> dict[str, tuple[Pose, ...]]:
    table = read_table(path)
    frame = table.frame
    name = table.name
    problems = [Problem(name, 1, c, None, "this required column in the header row") for c in REQUIRED]
    problems = [p for p in problems if p.column not in frame.columns]
    problems += [
        Problem(name, 1, c, None, _JOINTS_EXPECTED) for c in frame.columns if c not in COLUMNS and c not in JOINTS
    ]
    if problems:
        raise InputError(problems)
    found: dict[tuple[str, str], tuple[int, Pose | None]] = {}
    columns = [str(c) for c in frame.columns]
    for index, record in enumerate(frame.to_numpy(dtype=object).tolist()):  # plain lists: far cheaper than to_dict
        cells = {c: str(v) for c, v in zip(columns, record, strict=True)}
        if all(v.strip() == "" for v in cells.values()):
            continue  # a blank line, or a row of bare commas
        pose, row_problems = _row(table.problem, index, cells)
        problems += row_problems
        key = (cells["exercise"].strip(), cells["position"].strip().lower())
        if key in found and key[0] and key[1] in POSITIONS:
            before = table.place(found[key][0])
            problems.append(table.problem(index, "position", key[1], f"one {key[1]} for {key[0]!r}; {before} has it"))
        else:
            found[key] = (index, pose)
    for (exercise, position), (index, _) in found.items():
        if exercise and position == "end" and (exercise, "start") not in found:
            expected = f"a start row for {exercise!r} as well: an end pose is drawn after its start"
            problems.append(table.problem(index, "position", position, expected))
    if problems:
        raise InputError(problems)
    return _in_order(found)


def _in_order(found: dict[tuple[str, str], tuple[int, Pose | None]]) -> dict[str, tuple[Pose, ...]]:
    poses: dict[str, tuple[Pose, ...]] = {}
    for (exercise, position), (_, pose) in sorted(found.items(), key=lambda item: item[1][0]):
        if position == "start" and pose is not None:
            end = found.get((exercise, "end"), (0, None))[1]
            poses[exercise] = (pose,) if end is None else (pose, end)
    return poses


def _row(problem: Callable[..., Problem], index: int, cells: dict[str, str]) -> tuple[Pose | None, list[Problem]]:
    """The row's pose, or None and every problem with it."""
    problems: list[Problem] = []

    def check(column: str, ok: bool, expected: str) -> None:
        if not ok:
            problems.append(problem(index, column, cells.get(column, ""), expected))

    for column, value in cells.items():
        if has_controls(value):
            problems.append(problem(index, column, value, control_expected(value)))
    if problems:
        return None, problems
    check("exercise", not is_blank(cells["exercise"]), "the id of an exercise in the catalog, such as 'rock-back'")
    check("position", cells["position"].strip().lower() in POSITIONS, "start or end")
    check("alt", not is_blank(cells["alt"]), "words saying what the picture shows, for a patient who cannot see it")
    view = _number(cells.get("view", ""), DEFAULT_VIEW)
    check("view", _within(view, *VIEW_RANGE), f"degrees from {VIEW_RANGE[0]:g} to {VIEW_RANGE[1]:g}")
    parts = [p.strip() for p in cells.get("on_floor", "").split(";") if p.strip()]
    check("on_floor", all(p in PARTS for p in parts), _PARTS_EXPECTED)
    angles = []
    for joint, (low, high, label) in JOINTS.items():
        degrees = _number(cells.get(joint, ""), 0.0)
        check(joint, _within(degrees, low, high), f"degrees from {low:g} to {high:g} ({label}); blank means 0")
        angles.append((joint, degrees))
    if problems:
        return None, problems
    try:
        pose = Pose(cells["alt"], tuple(angles), tuple(parts), view)  # type: ignore[arg-type]
    except InvalidValue as error:  # every cell was checked above; kept so a new rule in Pose still reports well
        return None, [problem(index, None, None, str(error))]
    missed = floor_misses(pose)
    check("on_floor", not missed, f"{FLOOR_EXPECTED}, but {missed}")
    return (None, problems) if problems else (pose, [])


def _number(text: str, blank: float) -> float | None:
    """The cell as a number (``blank`` when empty), or None when it is not one."""
    text = text.strip()
    if not text:
        return blank
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _within(value: float | None, low: float, high: float) -> bool:
    return value is not None and low <= value <= high


def save_pose(path: str | PathLike[str], exercise_id: str, position: str, pose: Pose) -> Path:
    """Write ``pose`` as ``exercise_id``'s ``position`` (start or end) into the pose file, atomically.

    Adds the row or replaces the one for that exercise and position, keeping every other row as it was.
    A pose whose parts on the floor cannot all touch it is refused (check_pose), as reading would refuse it.
    """
    path = Path(path)
    if not isinstance(exercise_id, str) or is_blank(exercise_id) or has_controls(exercise_id):
        raise InvalidValue(f"save_pose: exercise: expected an exercise id such as 'rock-back', not {exercise_id!r}")
    if position not in POSITIONS:
        raise InvalidValue(f"save_pose: position: expected start or end, not {position!r}")
    check_pose(pose)
    header, rows, style = _existing(path)
    keys = [column_key(cell) for cell in header]
    for column in (*COLUMNS, *JOINTS):
        if column not in keys:
            header.append(column)
            keys.append(column)
    values = _cells(exercise_id.strip(), position, pose)
    new = [values.get(key, "") for key in keys]
    mine = [n for n, row in enumerate(rows) if _is(row, keys, exercise_id.strip(), position)]
    if mine:
        rows[mine[0]] = new
    else:
        rows.append(new)
    return write_atomic(path, _csv_bytes([header, *rows], style), overwrite=True)


def _cells(exercise_id: str, position: str, pose: Pose) -> dict[str, str]:
    cells = {"exercise": exercise_id, "position": position, "alt": pose.alt, "view": _degrees(pose.view)}
    cells["on_floor"] = "; ".join(pose.on_floor)
    return cells | {joint: _degrees(degrees) for joint, degrees in pose.angles}


def _degrees(value: float) -> str:
    text = f"{round(value, 1):.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _is(row: list[str], keys: list[str], exercise_id: str, position: str) -> bool:
    cell = dict(zip(keys, row, strict=False))
    return cell.get("exercise", "").strip() == exercise_id and cell.get("position", "").strip().lower() == position


def _existing(path: Path) -> tuple[list[str], list[list[str]], tuple[str, str]]:
    """The file's header and rows as text, and its byte-order mark and line end; a new file's header when missing."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return [*COLUMNS, *JOINTS], [], ("", "\n")
    except OSError as error:
        raise BackcareError(describe_os_error(error, path)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError([Problem(str(path), None, None, None, "UTF-8 text (save it as CSV UTF-8)")]) from None
    style = ("\ufeff" if data.startswith(b"\xef\xbb\xbf") else "", "\r\n" if b"\r\n" in data else "\n")
    records = list(csv.reader(io.StringIO(text, newline="")))
    if not records:
        return [*COLUMNS, *JOINTS], [], style
    return records[0], records[1:], style


def _csv_bytes(records: list[list[str]], style: tuple[str, str]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator=style[1]).writerows(records)
    return (style[0] + out.getvalue()).encode("utf-8")
