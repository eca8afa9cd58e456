"""The command line, driven as a user drives it."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from backcare_kit import Phase, bundled_plan
from backcare_kit.storage import load_plan, save_plan

ROOT = Path(__file__).resolve().parent.parent


def cli_process(*args: str, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "backcare_kit", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_every_command_has_help(run):
    for command in ["exercises", "validate", "preview", "exporters", "export"]:
        result = run(command, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output


def test_exercises_lists_the_catalog_with_doses(run):
    result = run("exercises")
    assert result.exit_code == 0
    assert "lumbar-rotation-stretch" in result.output
    assert (
        "Repeat for 1 minute on one side, then 1 minute on the other side. Hold for a few seconds each time"
    ) in result.output


def test_preview_shows_every_side_and_the_total(run):
    result = run("preview")
    assert result.exit_code == 0
    assert "Arm openings                           second side" in result.output
    assert "Total 11:00 (10:00 exercise, 1:00 transitions)" in result.output


def test_preview_of_a_saved_plan(run, plan, tmp_path):
    saved = save_plan(plan.edited(routine=plan.routine.tailor(0, duration_seconds=60)), tmp_path / "p.json")
    assert "Total 10:00" in run("preview", "--plan", str(saved)).output


def test_preview_of_a_plan_with_phases_shows_each_stretch_of_weeks_with_its_doses_total_and_warnings(
    run, plan, tmp_path
):
    short = plan.routine.tailor(0, duration_seconds=60)
    arm = plan.routine.position("arm-openings")
    unclear = plan.routine.tailor(arm, hold="")  # a step still says "Hold": a warning for weeks 3 to 4 only
    fewer = plan.routine.tailor(arm, included=False)
    saved = save_plan(plan.edited(routine=short, phases=(Phase(3, unclear), Phase(5, fewer))), tmp_path / "p.json")
    result = run("preview", "--plan", str(saved))
    assert result.exit_code == 0
    out = result.stdout  # the missing-contact warning goes to stderr
    headings = [
        "Weeks 1 to 2, from Monday 2 March to Sunday 15 March 2026",
        "Weeks 3 to 4, from Monday 16 March to Sunday 29 March 2026",
        "Weeks 5 to 6, from Monday 30 March to Sunday 12 April 2026",
    ]
    places = [out.index(f"{heading}\n{'-' * len(heading)}\nstart  end") for heading in headings]
    assert places == sorted(places)
    week1, week3, week5 = (out[a:b] for a, b in zip(places, [*places[1:], len(out)], strict=True))
    assert "Glute bridge with spinal articulation: Repeat for 1 minute\n" in week1
    assert "Total 10:00 (9:00 exercise, 1:00 transitions)" in week1
    assert "Glute bridge with spinal articulation: Repeat for 2 minutes\n" in week3
    assert "Total 11:00 (10:00 exercise, 1:00 transitions)" in week3
    assert "Arm openings" not in week5 and "Total 8:45 (8:00 exercise, 0:45 transitions)" in week5
    warnings = [line for line in out.splitlines() if line.startswith("Warning:")]
    assert warnings == [line for line in week3.splitlines() if line.startswith("Warning:")]
    assert any("Arm openings has no hold" in line for line in warnings)


def test_preview_of_a_plan_without_phases_has_no_weeks_heading(run, plan, tmp_path):
    result = run("preview", "--plan", str(save_plan(plan, tmp_path / "p.json")))
    assert result.stdout.startswith("start  end")
    assert "Weeks" not in result.output


def test_exporters_lists_name_title_extension_and_provider(run):
    result = run("exporters")
    assert "markdown  Plan as Markdown (test plugin)  .md" in result.output


def test_export_with_no_plan_uses_the_bundled_routine(run, tmp_path):
    result = run(
        "export",
        "--format",
        "markdown",
        "--output",
        str(tmp_path),
        "--patient",
        "Sam Smith",
        "--days",
        "tue,thu",
        "--time",
        "18:30",
        "--weeks",
        "4",
        "--start",
        "2026-12-01",
    )
    assert result.exit_code == 0, result.output
    path = tmp_path / "sam-smith-back-care-plan.md"
    assert result.stdout.strip() == str(path)
    assert "Tuesday and Thursday at 18:30 for 4 weeks, from Tuesday 1 December 2026" in path.read_text()


def test_several_times_give_several_sessions_a_day(run, tmp_path):
    result = run("export", "--format", "markdown", "--output", str(tmp_path) + "/", "--time", "18:00, 08:00")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "patient-back-care-plan.md").read_text()
    assert "at 08:00 and 18:00 (twice a day)" in text


def test_export_all_formats_into_a_folder(run, tmp_path):
    result = run("export", "--format", "all", "--output", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "patient-back-care-plan.md").exists()


def test_export_a_saved_plan_changing_only_the_schedule(run, plan, tmp_path):
    saved = save_plan(plan.edited(notes="Keep going"), tmp_path / "p.json")
    result = run(
        "export",
        "--format",
        "markdown",
        "--plan",
        str(saved),
        "--times-per-week",
        "2",
        "--output",
        str(tmp_path / "x.md"),
    )
    assert result.exit_code == 0, result.output
    assert "Monday and Thursday at 08:00" in (tmp_path / "x.md").read_text()
    assert load_plan(saved).notes == "Keep going"


def test_refuses_to_overwrite_without_force(run, tmp_path):
    target = tmp_path / "plan.md"
    target.write_text("edited by hand")
    result = run("export", "--format", "markdown", "--output", str(target))
    assert result.exit_code == 2 and "already exists" in result.output
    assert target.read_text() == "edited by hand"
    assert run("export", "--format", "markdown", "--output", str(target), "--force").exit_code == 0


@pytest.mark.parametrize(
    "args, message",
    [
        (["export", "--format", "markdwn"], "did you mean 'markdown'"),
        (["export", "--format", "markdown", "--timezone", "Mars/Base"], "unknown time zone 'Mars/Base'"),
        (["export", "--format", "markdown", "--days", "someday"], "unknown day 'someday'"),
        (["export", "--format", "markdown", "--time", "8pm"], "expected a 24-hour time such as 07:30"),
        (["export", "--format", "markdown", "--time", "25:99"], "'25:99': expected a 24-hour time"),
        (["export", "--format", "markdown", "--time", "08:00,18:00,08:00"], "08:00 is given twice"),
        (["export", "--format", "markdown", "--patient", " "], "patient's name"),
        (["preview", "--routine", "no-such-template"], "no-such-template.json: expected an existing JSON file"),
    ],
)
def test_bad_input_exits_2_with_a_message(run, args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.output


def test_validate_reports_every_problem_and_exits_2_without_a_traceback(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,steps,duration_seconds,sides\nok,Fine,Step,60,none\nBad!,,Step,soon,both\n")
    result = cli_process("validate", str(bad), cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    for column in ["'id'", "'name'", "'duration_seconds'", "'sides'"]:
        assert f"bad.csv:3: column {column}" in result.stderr


def test_validate_accepts_the_bundled_catalog():
    from backcare_kit.bundled import bundled_path

    result = cli_process("validate", str(bundled_path("exercises.csv")))
    assert result.returncode == 0 and "ok, 5 exercises" in result.stdout


def test_unreadable_plan_file_exits_2_without_a_traceback(tmp_path):
    broken = tmp_path / "plan.json"
    broken.write_text(json.dumps({"format": "backcare-kit/plan", "version": 1})[:-5])
    result = cli_process("preview", "--plan", str(broken))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "plan.json:1: expected valid JSON" in result.stderr


def test_an_output_ending_in_a_slash_is_a_new_folder(run, tmp_path):
    result = run("export", "--format", "markdown", "--output", f"{tmp_path}/handouts/", "--patient", "Ann")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "handouts" / "ann-back-care-plan.md").exists()


def test_a_failed_export_leaves_no_new_folder_behind(run, tmp_path):
    result = run("export", "--format", "markdown", "--option", "colour=red", "--output", f"{tmp_path}/new/")
    assert result.exit_code == 2
    assert not (tmp_path / "new").exists()


def test_plan_records_the_clinicians_profession_and_registration(run, tmp_path):
    out = tmp_path / "plan.json"
    args = ["plan", "-o", str(out), "--clinician", "Ann Lee", "--profession", "Physiotherapist"]
    result = run(*args, "--registration", "HCPC PH123456", "--clinic-contact", "01234 567890")
    assert result.exit_code == 0, result.output
    plan = load_plan(out)
    assert (plan.clinician_profession, plan.clinician_registration) == ("Physiotherapist", "HCPC PH123456")
    assert plan.made_on is not None and result.stderr == ""


def test_a_new_plans_id_comes_from_its_patient_and_first_day_so_its_logs_are_reviewed_against_it(run, tmp_path):
    """Made on any day, ``plan --start`` gives the id a patient's handout gave their log (the example logs')."""
    out = tmp_path / "ana.json"
    assert run("plan", "-o", str(out), "--patient", "Ana Silva", "--start", "2026-03-02").exit_code == 0
    assert load_plan(out).id == bundled_plan("Ana Silva", start_date=date(2026, 3, 2)).id
    log = ROOT / "notebooks" / "example_logs" / "ana-silva.csv"
    reviewed = run("review", str(log), "--plan", str(out), "--until", "2026-04-10")
    assert reviewed.exit_code == 0, reviewed.output
    assert "Week 1 (Monday 2 March 2026): 3 of 3 sessions" in reviewed.output


def test_export_and_preview_warn_on_stderr_but_go_ahead_when_the_plan_has_no_contact(run, plan, tmp_path):
    result = run("export", "--format", "markdown", "--output", str(tmp_path))
    assert result.exit_code == 0
    assert "Warning: The plan has no clinic contact" in result.stderr and "--clinic-contact" in result.stderr
    assert "Warning" not in result.stdout
    saved = save_plan(plan, tmp_path / "p.json")
    assert "no clinic contact" in run("preview", "--plan", str(saved)).stderr
    with_contact = save_plan(plan.edited(clinic_contact="01234 567890"), tmp_path / "q.json")
    assert run("preview", "--plan", str(with_contact)).stderr == ""
    assert run("preview").stderr == ""  # a routine alone is not a plan: it has no contact to lack


def test_safety_gives_a_plan_its_own_checked_safety_text(run, tmp_path):
    from backcare_kit.bundled import bundled_path

    own = tmp_path / "clinic-safety.csv"
    own.write_text(bundled_path("safety.csv").read_text(encoding="utf-8").replace("chest pain", "pain in your chest"))
    out = tmp_path / "plan.json"
    assert run("plan", "-o", str(out), "--safety", str(own)).exit_code == 0
    assert "pain in your chest" in load_plan(out).safety.section("urgent").items
    exported = run("export", "--format", "markdown", "--output", str(tmp_path), "--safety", str(own))
    assert exported.exit_code == 0, exported.output
    assert "pain in your chest" in (tmp_path / "patient-back-care-plan.md").read_text(encoding="utf-8")


def test_a_bad_safety_file_exits_2_naming_every_problem_without_a_traceback(tmp_path):
    from backcare_kit.bundled import bundled_path

    text = bundled_path("safety.csv").read_text(encoding="utf-8")
    bad = tmp_path / "bad-safety.csv"
    kept = [line for line in text.splitlines() if not line.startswith("see_first,")]
    bad.write_text("\n".join(kept).replace("chest pain", "call {ambulance}") + "\n", encoding="utf-8")
    result = cli_process("export", "--format", "txt", "--safety", str(bad), "--output", str(tmp_path))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "2 problems found" in result.stderr
    assert "bad-safety.csv: column 'section': value 'see_first': expected at least one row" in result.stderr
    assert "bad-safety.csv:9: column 'text': value 'call {ambulance}'" in result.stderr
    assert list(tmp_path.glob("*.txt")) == []
