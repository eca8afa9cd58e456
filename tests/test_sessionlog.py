"""Reading a session log: good rows become entries, bad ones are reported with file and line."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from backcare_kit.errors import InputError
from backcare_kit.sessionlog import COLUMNS, read_log

LOGS = Path(__file__).parent / "data" / "logs"
GOOD = ["p1", "2026-03-02", "08:00", "5", "5", "4", "3", "fine"]


def write(tmp_path: Path, rows: list[list[str]], header: tuple[str, ...] = COLUMNS) -> Path:
    path = tmp_path / "log.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows([list(header), *rows])
    return path


def test_a_good_log_gives_one_entry_per_row_oldest_first():
    rows = list(csv.reader((LOGS / "steady.csv").open(encoding="utf-8")))[1:]
    log = read_log(LOGS / "steady.csv")
    assert len(log.entries) == len(rows)
    assert log.plan_id == rows[0][0]
    assert [e.day.isoformat() for e in log.entries] == [r[1] for r in rows]
    assert [e.pain_before for e in log.entries] == [int(r[5]) for r in rows]
    assert [e.parts_done for e in log.entries] == [int(r[3]) for r in rows]
    assert [e.line for e in log.entries] == list(range(2, 2 + len(rows)))
    assert log.warnings == ()


def test_empty_pain_is_not_recorded_and_blank_lines_are_skipped(tmp_path):
    path = write(
        tmp_path, [["p1", "2026-03-02", "08:00", "5", "5", "", "", ""], [], [*GOOD[:1], "2026-03-04", *GOOD[2:]]]
    )
    log = read_log(path)
    assert [(e.pain_before, e.pain_after) for e in log.entries] == [(None, None), (4, 3)]
    assert log.entries[1].line == 4


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("pain_before", "11", "0 to 10"),
        ("pain_after", "a lot", "0 to 10"),
        ("date", "2026-02-30", "YYYY-MM-DD"),
        ("date", "02/03/2026", "YYYY-MM-DD"),
        ("time", "8am", "HH:MM"),
        ("parts_total", "0", "1 or more"),
        ("parts_done", "6", "at most parts_total (5)"),
        ("plan_id", "", "the id of the plan"),
    ],
)
def test_a_bad_cell_refuses_the_file_naming_file_line_column_and_value(tmp_path, column, value, expected):
    bad = list(GOOD)
    bad[COLUMNS.index(column)] = value
    path = write(tmp_path, [GOOD, bad])
    with pytest.raises(InputError) as caught:
        read_log(path)
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.column, problem.value) == (str(path), 3, column, value)
    assert expected in problem.expected
    assert f"{path}:3" in str(caught.value)


def test_every_problem_is_reported_at_once(tmp_path):
    first = ["p1", "not a date", "08:00", "5", "5", "11", "3", ""]
    second = ["p1", "2026-03-04", "25:00", "5", "5", "4", "-1", ""]
    path = write(tmp_path, [first, GOOD, second])
    with pytest.raises(InputError) as caught:
        read_log(path)
    found = {(p.line, p.column) for p in caught.value.problems}
    assert found == {(2, "date"), (2, "pain_before"), (4, "time"), (4, "pain_after")}


def test_missing_columns_are_all_named(tmp_path):
    header = tuple(c for c in COLUMNS if c not in ("pain_after", "note"))
    path = write(tmp_path, [GOOD[:6]], header=header)
    with pytest.raises(InputError) as caught:
        read_log(path)
    assert {(p.line, p.column) for p in caught.value.problems} == {(1, "pain_after"), (1, "note")}
    assert "version 1" in caught.value.problems[0].expected


def test_extra_columns_are_allowed(tmp_path):
    path = write(tmp_path, [[*GOOD, "x"]], header=(*COLUMNS, "device"))
    assert len(read_log(path).entries) == 1


def test_a_row_of_another_plan_is_refused_when_the_plan_is_given(tmp_path):
    other = ["p2", *GOOD[1:]]
    path = write(tmp_path, [GOOD, other])
    with pytest.raises(InputError) as caught:
        read_log(path, plan_id="p1")
    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.value) == (3, "plan_id", "p2")
    assert "'p1'" in problem.expected


def test_without_the_plan_a_log_mixing_two_plans_is_refused_at_the_second(tmp_path):
    path = write(tmp_path, [GOOD, ["p2", *GOOD[1:]]])
    with pytest.raises(InputError) as caught:
        read_log(path)
    assert [(p.line, p.value) for p in caught.value.problems] == [(3, "p2")]


def test_a_repeated_session_is_counted_once_and_said():
    rows = list(csv.reader((LOGS / "repeated.csv").open(encoding="utf-8")))[1:]
    sessions = {(r[0], r[1], r[2]) for r in rows}
    log = read_log(LOGS / "repeated.csv")
    assert len(log.entries) == len(sessions)
    [warning] = log.warnings
    assert warning.line == 4
    assert "line 2" in warning.expected and "not counted" in warning.expected
