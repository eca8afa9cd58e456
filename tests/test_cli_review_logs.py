"""Bad session logs from the real command line: each named by file, line, column, value and what was expected,
exit status 2 and no traceback; a session logged twice is the one fault safe to count past, and is said."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from backcare_kit.sessionlog import COLUMNS
from backcare_kit.storage import save_plan

HEADER = ",".join(COLUMNS)
GOOD = "p1,2026-03-02,08:00,5,5,4,3,"


def review(*args: str) -> subprocess.CompletedProcess[str]:
    """`backcare-kit review ...` in its own process, as a clinician runs it."""
    command = [sys.executable, "-m", "backcare_kit", "review", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def write(tmp_path: Path, *lines: str, header: str = HEADER) -> Path:
    path = tmp_path / "log.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("header", "row", "where", "expected"),
    [
        (
            HEADER.replace("pain_before", "pain"),
            GOOD,
            ":1: column 'pain_before'",
            "expected this column, which every session log (version 1) has",
        ),
        (HEADER, "p1,2026-03-04,08:00,5,5,11,3,", ":3: column 'pain_before': value '11'", "expected a pain score"),
        (HEADER, "p1,2026-13-01,08:00,5,5,4,3,", ":3: column 'date': value '2026-13-01'", "expected a date written"),
        (HEADER, "p1,next Tuesday,08:00,5,5,4,3,", ":3: column 'date': value 'next Tuesday'", "YYYY-MM-DD"),
    ],
    ids=["wrong-columns", "pain-of-11", "impossible-date", "not-a-date"],
)
def test_a_bad_log_is_refused_with_file_line_column_value_and_what_was_expected(tmp_path, header, row, where, expected):
    log = write(tmp_path, GOOD, row, header=header)
    result = review(str(log))
    assert result.returncode == 2
    assert f"{log}{where}" in result.stderr and expected in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_a_log_of_another_plan_is_refused_against_the_plan_given(tmp_path, plan):
    plan_file = save_plan(plan, tmp_path / "plan.json")
    log = write(tmp_path, GOOD.replace("p1", plan.id), GOOD.replace("2026-03-02", "2026-03-04"))
    result = review(str(log), "--plan", str(plan_file))
    assert result.returncode == 2
    assert f"{log}:3: column 'plan_id': value 'p1': expected the plan id '{plan.id}'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_session_logged_twice_is_counted_once_and_the_repeat_is_said(tmp_path):
    log = write(tmp_path, GOOD, GOOD, GOOD.replace("2026-03-02", "2026-03-04"))
    result = review(str(log))
    assert result.returncode == 0
    assert "Sessions done: 2" in result.stdout
    assert f"{log}: 1 row not counted:" in result.stderr
    assert f"{log}:3: column 'date': value '2026-03-02 08:00': expected one row per session (a repeat of line 2" in (
        result.stderr
    )


def test_a_report_says_the_rows_it_did_not_count(tmp_path):
    log = write(tmp_path, GOOD, GOOD)
    result = review(str(log), "--output", str(tmp_path / "r.html"))
    assert result.returncode == 0 and "1 row not counted" in result.stderr
    assert "a repeat of line 2; not counted" in (tmp_path / "r.html").read_text(encoding="utf-8")
