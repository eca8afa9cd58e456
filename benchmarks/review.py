"""Reviewing a caseload: ``read_log`` + ``review`` + ``caseload`` over many logs against bare ``pandas.read_csv``.

A clinician reviews every patient's log at once (``backcare-kit review
logs/*.csv``), so what counts is the cost per log file, which is mostly the
fixed cost of opening and parsing a small CSV. The baseline is the plain
call a user would make on the same files, ``pandas.read_csv(path)`` with
default arguments, timed in the same run, in turns with the review.

The logs are realistic: six weeks of three sessions (Monday, Wednesday and
Friday mornings, sometimes the evening), pain before and after, a few notes;
one patient in ten is lapsing (sessions missed, pain rising, a two-week gap)
and one in twenty-five writes a red-flag note.
"""

from __future__ import annotations

import csv
import random
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from backcare_kit.review import caseload, review
from backcare_kit.schedule import Schedule
from backcare_kit.sessionlog import COLUMNS, read_log

from .common import Row, best_of, ratio, seconds

START = date(2026, 3, 2)
SCHEDULE = Schedule(start_date=START, days=(0, 2, 4), weeks=6)
UNTIL = START + timedelta(weeks=6, days=-1)

#: (logs, repeats)
FULL = (1_000, 5)
QUICK = (50, 2)

NOTES = ("", "", "", "", "felt fine", "short on time", "stiff in the morning", "did it after work")


def write_log(path: Path, number: int, rng: random.Random) -> None:
    """One patient's log: 6 weeks x 3 sessions, minus what a lapsing patient missed."""
    lapsing = number % 10 == 0
    red_flag = number % 25 == 0
    pain = rng.randint(3, 6)
    rows = []
    for week in range(6):
        for weekday in (0, 2, 4):
            if lapsing and (week in (2, 3) or rng.random() < 0.4):
                continue
            day = START + timedelta(weeks=week, days=weekday)
            pain = max(0, min(10, pain + (1 if lapsing and rng.random() < 0.5 else -(rng.random() < 0.3))))
            after = max(0, min(10, pain + (1 if lapsing else -1)))
            done = 5 if rng.random() < 0.9 else rng.randint(1, 4)
            clock = "08:00" if rng.random() < 0.8 else "18:30"
            rows.append([f"plan-{number:04d}", day.isoformat(), clock, done, 5, pain, after, rng.choice(NOTES)])
    if red_flag and rows:
        rows[-1][-1] = "Numbness in both legs since Tuesday"
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(COLUMNS)
        writer.writerows(rows)


def write_caseload(folder: Path, logs: int) -> list[Path]:
    rng = random.Random(10)
    paths = [folder / f"log-{n:04d}.csv" for n in range(1, logs + 1)]
    for n, path in enumerate(paths, start=1):
        write_log(path, n, rng)
    return paths


def reviewed(paths: list[Path]) -> list:
    """What `backcare-kit review` does with the files, printing aside."""
    return caseload([review(read_log(path), SCHEDULE, UNTIL) for path in paths])


def bare(paths: list[Path]) -> list[pd.DataFrame]:
    return [pd.read_csv(path) for path in paths]


def run(quick: bool = False) -> list[Row]:
    """Generate the caseload in a temporary folder and time reviewing it against reading it with pandas."""
    logs, repeat = QUICK if quick else FULL
    with tempfile.TemporaryDirectory(prefix="backcare-bench-") as folder:
        paths = write_caseload(Path(folder), logs)
        rows = sum(1 for path in paths for _ in path.open(encoding="utf-8")) - logs
        flagged = sum(1 for r in reviewed(paths) if r.flags)
        measured, baseline = best_of(repeat, lambda: reviewed(paths), lambda: bare(paths))
    return [
        Row(
            benchmark=(
                f"`read_log` + `review` + `caseload`, {logs:,} logs ({rows:,} sessions, {flagged} flagged), "
                f"best of {repeat}"
            ),
            measured=f"{seconds(measured)} ({seconds(measured / logs)} a log)",
            baseline=f"{seconds(baseline)} (`pandas.read_csv(path)` for each log)",
            figure=ratio(measured, baseline),
            target="none set",
            met=None,
        )
    ]
