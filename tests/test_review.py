"""The review of session logs: known logs give the figures and flags worked out by hand from their rows."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest

from backcare_kit.review import Flag, caseload, review
from backcare_kit.schedule import Schedule
from backcare_kit.sessionlog import read_log

LOGS = Path(__file__).parent / "data" / "logs"
MONDAY = date(2026, 3, 2)
#: Monday, Wednesday and Friday, the default schedule.
SCHEDULE = Schedule(start_date=MONDAY, days=(0, 2, 4), weeks=6)


def rows(name: str) -> list[dict[str, str]]:
    with (LOGS / name).open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


def by_hand(name: str, until: date) -> tuple[list[int], list[int]]:
    """Sessions done and due in each week from MONDAY to ``until``, counted from the rows and the calendar."""
    days = [date.fromisoformat(r["date"]) for r in rows(name)]
    done, due = [], []
    start = MONDAY
    while start <= until:
        week = [start + timedelta(days=n) for n in range(7)]
        done.append(sum(1 for d in days if d in week))
        due.append(sum(1 for d in week if d <= until and d.weekday() in (0, 2, 4)))
        start += timedelta(days=7)
    return done, due


def test_a_steady_log_has_full_adherence_falling_pain_and_no_flags():
    until = date(2026, 3, 13)
    done, due = by_hand("steady.csv", until)
    found = review(read_log(LOGS / "steady.csv"), SCHEDULE, until)
    assert [w.done for w in found.weeks] == done
    assert [w.scheduled for w in found.weeks] == due
    assert found.adherence == pytest.approx(sum(done) / sum(due))
    assert found.sessions == len(rows("steady.csv"))
    assert [(d.isoformat(), b, a) for d, b, a in found.pain] == [
        (r["date"], int(r["pain_before"]), int(r["pain_after"])) for r in rows("steady.csv")
    ]
    assert found.flags == ()


def test_a_worsening_log_raises_every_flag():
    until = date(2026, 3, 20)
    log = rows("worse.csv")
    done, due = by_hand("worse.csv", until)
    found = review(read_log(LOGS / "worse.csv"), SCHEDULE, until)
    assert found.adherence == pytest.approx(sum(done) / sum(due))
    assert sum(done) / sum(due) < 0.5
    assert int(log[-1]["pain_before"]) - int(log[0]["pain_before"]) >= 2
    assert set(found.flags) == set(Flag)
    assert found.flags[0] is Flag.RED_FLAG_NOTE
    assert found.red_flag_notes == (log[-1]["note"],)


def test_without_a_plan_sessions_and_pain_are_counted_but_not_adherence():
    found = review(read_log(LOGS / "steady.csv"))
    assert found.adherence is None
    assert all(w.scheduled is None for w in found.weeks)
    assert [w.done for w in found.weeks] == by_hand("steady.csv", date(2026, 3, 13))[0]
    assert Flag.LOW_ADHERENCE not in found.flags


@pytest.mark.parametrize(
    ("note", "flagged"),
    [("Numbness down my leg", True), ("pain in both\nlegs", True), ("bladder trouble", True), ("felt good", False)],
)
def test_a_red_flag_word_in_a_note_is_flagged(tmp_path, note, flagged):
    path = tmp_path / "log.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(
            [
                ["plan_id", "date", "time", "parts_done", "parts_total", "pain_before", "pain_after", "note"],
                ["p1", "2026-03-02", "08:00", "5", "5", "3", "2", note],
            ]
        )
    assert (Flag.RED_FLAG_NOTE in review(read_log(path)).flags) is flagged


def test_a_skipped_session_counts_as_not_done(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(
        "plan_id,date,time,parts_done,parts_total,pain_before,pain_after,note\n"
        "p1,2026-03-02,08:00,0,5,,,too sore\np1,2026-03-04,08:00,5,5,3,2,\n",
        encoding="utf-8",
    )
    found = review(read_log(path), SCHEDULE, date(2026, 3, 4))
    assert (found.weeks[0].done, found.weeks[0].scheduled) == (1, 2)


def test_a_caseload_puts_the_flagged_first():
    steady, worse = read_log(LOGS / "steady.csv"), read_log(LOGS / "worse.csv")
    ordered = caseload([review(steady, SCHEDULE, date(2026, 3, 20)), review(worse, SCHEDULE, date(2026, 3, 20))])
    assert [r.plan_id for r in ordered] == ["p-worse", "p-steady"]


def test_a_red_flag_note_comes_first_in_a_caseload_however_few_its_other_flags(tmp_path):
    path = tmp_path / "numbness.csv"
    path.write_text(
        "plan_id,date,time,parts_done,parts_total,pain_before,pain_after,note\n"
        "p-a,2026-03-02,08:00,5,5,3,2,numbness in my foot\n",
        encoding="utf-8",
    )
    lapsing = tmp_path / "lapsing.csv"  # worse.csv without its red-flag note: every other flag
    lapsing.write_text((LOGS / "worse.csv").read_text(encoding="utf-8").replace("Some NUMBNESS", "Sore"), "utf-8")
    red = review(read_log(path), SCHEDULE, date(2026, 3, 2))
    worse = review(read_log(lapsing), SCHEDULE, date(2026, 3, 20))
    steady = review(read_log(LOGS / "steady.csv"), SCHEDULE, date(2026, 3, 13))
    assert red.flags == (Flag.RED_FLAG_NOTE,) and len(worse.flags) == len(Flag) - 1
    assert [r.plan_id for r in caseload([steady, worse, red])] == ["p-a", "p-worse", "p-steady"]


def test_cli_reviews_one_log_with_its_plan(run, plan, tmp_path):
    from backcare_kit.storage import save_plan

    log = tmp_path / "log.csv"
    log.write_text((LOGS / "worse.csv").read_text(encoding="utf-8").replace("p-worse", plan.id), encoding="utf-8")
    plan_file = save_plan(plan, tmp_path / "plan.json")
    result = run("review", str(log), "--plan", str(plan_file), "--until", "2026-03-20")
    assert result.exit_code == 0, result.output
    done, due = by_hand("worse.csv", date(2026, 3, 20))
    assert f"Sessions done: {sum(done)}" in result.output
    assert f"Week 1 (Monday 2 March 2026): {done[0]} of {due[0]} sessions" in result.output
    assert "Fewer than half the scheduled sessions were done." in result.output
    assert "red-flag symptom" in result.output and "NUMBNESS" in result.output
    assert plan.patient in result.output


def test_cli_refuses_a_log_of_another_plan_with_file_and_line(run, plan, tmp_path):
    from backcare_kit.storage import save_plan

    plan_file = save_plan(plan, tmp_path / "plan.json")
    result = run("review", str(LOGS / "steady.csv"), "--plan", str(plan_file))
    assert result.exit_code == 2
    assert f"{LOGS / 'steady.csv'}:2: column 'plan_id': value 'p-steady'" in result.output
    assert "Traceback" not in result.output


def test_cli_reports_bad_rows_of_every_log_and_exits_2(run, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text((LOGS / "steady.csv").read_text(encoding="utf-8").replace(",4,3,", ",11,3,"), encoding="utf-8")
    other = tmp_path / "other.csv"
    other.write_text("plan_id,date\np1,2026-03-02\n", encoding="utf-8")
    result = run("review", str(bad), str(other))
    assert result.exit_code == 2
    assert f"{bad}:2: column 'pain_before': value '11'" in result.output
    assert f"{bad}:3: column 'pain_before'" in result.output
    assert f"{other}:1: column 'time'" in result.output


def test_cli_reviews_a_caseload_flagged_first_and_says_rows_not_counted(run):
    paths = [str(LOGS / n) for n in ("steady.csv", "repeated.csv", "worse.csv")]
    result = run("review", *paths)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    table = [line for line in lines if line.startswith(str(LOGS))]
    assert [line.split()[0] for line in table] == [paths[2], paths[1], paths[0]]
    assert "RED FLAG note" in table[0]
    assert f"{paths[1]}: 1 row not counted:" in result.output


def test_a_patient_who_stopped_logging_is_flagged_once_two_weeks_pass():
    last = max(date.fromisoformat(r["date"]) for r in rows("steady.csv"))
    log = read_log(LOGS / "steady.csv")
    assert Flag.GAP not in review(log, SCHEDULE, last + timedelta(days=13)).flags
    assert Flag.GAP in review(log, SCHEDULE, last + timedelta(days=14)).flags
