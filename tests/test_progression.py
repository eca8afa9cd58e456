"""Progression: a plan whose routine changes over the weeks, and plans saved before phases existed."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from backcare_kit import BackcareError, InputError, InvalidValue, Phase, bundled_plan, export_plan, load_plan, save_plan
from backcare_kit.storage import VERSION
from backcare_kit.words import date_in_words

V1_PLAN = Path(__file__).parent / "data" / "plan-v1.json"


@pytest.fixture
def plan():
    """The bundled plan: 6 weeks from the next Monday, the article's doses."""
    return bundled_plan()


@pytest.fixture
def three_phases(three_stages):
    """The shared three-stage plan (the root conftest's ``in_three_stages``)."""
    return three_stages


def test_a_plan_without_phases_has_one_stage_for_every_week(plan):
    (stage,) = plan.stages()
    assert (stage.number, stage.first_week, stage.last_week) == (1, 1, plan.schedule.weeks)
    assert stage.routine == plan.routine


def test_phases_divide_the_weeks_in_order_whatever_order_they_were_given(plan, three_phases):
    staged = three_phases(plan)
    assert [phase.from_week for phase in staged.phases] == [3, 5]
    weeks = [(s.number, s.first_week, s.last_week) for s in staged.stages()]
    assert weeks == [(1, 1, 2), (2, 3, 4), (3, 5, 6)]
    assert staged.stages()[1].routine.items[0].duration_seconds == 120
    assert not any(item.id == "arm-openings" for item in staged.stages()[2].routine.included)


def test_the_stage_on_a_day_counts_weeks_from_the_start_date(plan, three_phases):
    staged = three_phases(plan)
    start = staged.schedule.start_date
    on = {offset: staged.stage_on(start + timedelta(days=offset)) for offset in (-1, 0, 13, 14, 27, 28, 41, 42)}
    assert on[-1] is None and on[42] is None  # before the first day and after the last
    assert [on[d].number for d in (0, 13, 14, 27, 28, 41)] == [1, 1, 2, 2, 3, 3]


@pytest.mark.parametrize(
    ("phases", "expected"),
    [
        ((Phase(3, bundled_plan().routine), Phase(3, bundled_plan().routine)), "not two in week 3"),
        ((Phase(7, bundled_plan().routine),), "a phase starts in week 7, after the schedule's last week"),
        (("weeks 3-6",), "expected phases"),
    ],
)
def test_phases_that_would_leave_a_week_unclear_are_refused(plan, phases, expected):
    with pytest.raises(InvalidValue, match=expected):
        plan.edited(phases=phases)


def test_a_phase_cannot_start_in_week_one_which_is_the_plans_own_routine(plan):
    with pytest.raises(InvalidValue, match="from 2 to"):
        Phase(1, plan.routine)


def test_shortening_the_schedule_below_a_phase_is_refused_not_silently_dropped(plan, three_phases):
    staged = three_phases(plan)
    with pytest.raises(InvalidValue, match="week 5"):
        staged.edited(schedule=staged.schedule.__class__(staged.schedule.start_date, weeks=4))


def test_an_empty_later_phase_is_refused_at_export_naming_its_weeks(plan):
    empty = plan.routine
    for n in range(len(empty.items)):
        empty = empty.tailor(n, included=False)
    staged = plan.edited(phases=(Phase(4, empty),))
    with pytest.raises(BackcareError, match="weeks 4-6: the routine has no exercises included"):
        staged.check_exportable()


def test_a_plan_with_phases_survives_a_file(tmp_path, plan, three_phases):
    staged = three_phases(plan)
    path = save_plan(staged, tmp_path / "plan.json")
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == VERSION
    assert load_plan(path) == staged


def test_a_plan_saved_before_phases_existed_still_loads_as_one_stage(tmp_path):
    """tests/data/plan-v1.json was written by the toolkit before version 2, not by hand."""
    copy = Path(shutil.copy(V1_PLAN, tmp_path / "old.json"))
    plan = load_plan(copy)
    assert json.loads(V1_PLAN.read_text(encoding="utf-8"))["version"] == 1
    assert (plan.patient, plan.clinician, plan.review_date) == ("Jane Doe", "Dr Ann Lee", date(2026, 4, 13))
    assert plan.phases == ()
    assert [item.id for item in plan.routine.items] == [item.id for item in bundled_plan().routine.items]
    saved = save_plan(plan, tmp_path / "again.json")  # saving it again writes the current version
    assert json.loads(saved.read_text(encoding="utf-8"))["version"] == VERSION
    assert load_plan(saved) == plan


def test_a_bad_phase_in_a_file_is_named_by_its_path(tmp_path, plan, three_phases):
    path = save_plan(three_phases(plan), tmp_path / "plan.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["phases"][1]["from_week"] = 1
    data["phases"][0]["routine"]["items"][0]["duration_seconds"] = "two minutes"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_plan(path)
    message = str(caught.value)
    assert "2 problems found" in message
    assert "field 'phases[1].from_week': value '1'" in message
    assert "field 'phases[0].routine.items[0].duration_seconds'" in message


def test_a_format_that_cannot_show_phases_is_never_given_a_plan_with_them(tmp_path, plan, plugins, three_phases):
    """The test Markdown exporter lays out Outline.exercises only: it would give week 1's doses for every week."""
    with pytest.raises(BackcareError, match="the markdown format cannot show a plan that changes over the weeks"):
        export_plan(three_phases(plan), "markdown", tmp_path / "plan.md", plugins=plugins)
    assert list(tmp_path.iterdir()) == []
    assert export_plan(plan, "markdown", tmp_path / "plan.md", plugins=plugins).is_file()  # no phases: as before


def test_the_text_export_gives_each_stretch_of_weeks_with_its_own_doses(tmp_path, plan, three_phases):
    text = export_plan(three_phases(plan), "txt", tmp_path / "plan.txt").read_text(encoding="utf-8")
    start = plan.schedule.start_date
    headings = [
        f"Weeks 1 to 2, from {date_in_words(start).removesuffix(f' {start.year}')} to "
        f"{date_in_words(start + timedelta(days=13))}",
        f"Weeks 3 to 4, from {date_in_words(start + timedelta(days=14)).removesuffix(f' {start.year}')} to "
        f"{date_in_words(start + timedelta(days=27))}",
        "Weeks 5 to 6, from",
    ]
    places = [text.index(heading) for heading in headings]
    assert places == sorted(places)
    assert text.index("SAFETY ADVICE") < places[0]  # safety first, whatever the weeks
    week1, week3, week5 = text[places[0] : places[1]], text[places[1] : places[2]], text[places[2] :]
    assert all("1 minute" in dose and "2 minutes" not in dose for dose in doses(week1).values())
    assert doses(week3)["Glute bridge with spinal articulation"].count("2 minutes") == 1
    assert "Arm openings" in doses(week3) and "Arm openings" not in doses(week5)
    assert len(doses(week1)) == len(doses(week3)) == 5 and len(doses(week5)) == 4


def doses(text: str) -> dict[str, str]:
    """Each exercise's dose in a stretch of the text export: its '1. Name: dose' lines."""
    lines = (re.match(r"\d+\. ([^:]+): (.*)", line) for line in text.splitlines())
    return {match[1]: match[2] for match in lines if match}


def test_the_notebook_view_of_a_plan_shows_each_stretch_of_weeks_with_its_timing(plan, three_phases):
    """What a clinician reviews in the notebook and the clinical record: every stage, not only week 1."""
    page = three_phases(plan)._repr_html_()
    headings = re.findall(r"<h4>(Weeks \d to \d)", page)
    assert headings == ["Weeks 1 to 2", "Weeks 3 to 4", "Weeks 5 to 6"]
    blocks = page.split("<h4>")[1:]
    assert blocks[0].count("1 minute") >= 5 and "Arm openings" not in blocks[2]
    assert all("bk-timing" in block for block in blocks)
    assert "<h4>" not in plan._repr_html_()  # a plan without phases reads as before


def test_the_exercise_text_version_covers_an_exercise_added_only_in_a_later_phase(plan):
    from backcare_kit import Exercise
    from backcare_kit.words import exercises_version

    extra = Exercise(id="wall-sit", name="Wall sit", steps=("Lean on a wall.",), duration_seconds=30)
    later = plan.edited(phases=(Phase(3, plan.routine.add(extra)),))
    assert exercises_version(later) != exercises_version(plan)
    assert exercises_version(plan.edited(phases=(Phase(3, plan.routine),))) == exercises_version(plan)
