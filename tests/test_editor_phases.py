"""Phases in the notebook editor: a plan that changes over the weeks, built and tailored with real widgets."""

from __future__ import annotations

import html
from datetime import date

import pytest

from backcare_kit import bundled_plan, load_plan
from backcare_kit.editor_model import EditorModel
from backcare_kit.plugins import build_plugins
from backcare_kit.widgets import Editor
from backcare_kit.words import FIRST_STAGE_STAYS


@pytest.fixture
def editor(plugins, tmp_path, monkeypatch):
    """Six weeks from Monday 2 March 2026, the article's doses, no phases yet."""
    monkeypatch.chdir(tmp_path)
    return Editor(bundled_plan(patient="Jane Doe", start_date=date(2026, 3, 2)), plugins=plugins)


def add_phase(editor, week):
    editor.new_phase_week.value = week
    editor.add_phase_button.click()


def stage_labels(editor):
    return [label for label, _ in editor.stage_choice.options]


def message(editor):
    return html.unescape(editor.message.value)


def test_a_new_phase_copies_its_weeks_routine_and_tailoring_it_leaves_week_1_alone(editor):
    week_1 = editor.plan.routine
    assert stage_labels(editor) == ["Weeks 1 to 6, from Monday 2 March to Sunday 12 April 2026"]
    assert editor.new_phase_week.value == 4  # the middle of weeks 1 to 6
    add_phase(editor, 3)
    assert editor.message.value == ""
    ((phase),) = editor.plan.phases
    assert (phase.from_week, phase.routine) == (3, week_1)
    assert stage_labels(editor) == [
        "Weeks 1 to 2, from Monday 2 March to Sunday 15 March 2026",
        "Weeks 3 to 6, from Monday 16 March to Sunday 12 April 2026",
    ]
    assert editor.stage_choice.value == 1 and editor.phase_start.value == 3 and not editor.phase_start.disabled
    assert "Weeks 3 to 6" in editor.stage_words.value

    editor.rows[0].seconds.value = 180  # 2 minutes to 3 in weeks 3 to 6
    assert editor.plan.phases[0].routine.items[0].duration_seconds == 180
    assert editor.plan.routine == week_1
    assert "Total 12:00" in editor.total.value and "3:00" in editor.preview.value

    editor.stage_choice.value = 0
    assert editor.rows[0].seconds.value == 120 and "Total 11:00" in editor.total.value
    assert editor.phase_start.disabled and editor.remove_phase_button.disabled
    assert "Weeks 1 to 2" in editor.stage_words.value
    editor.stage_choice.value = 1
    assert editor.rows[0].seconds.value == 180 and "Total 12:00" in editor.total.value


def test_an_exercise_added_to_a_phase_gets_its_own_row_and_week_1_keeps_five(editor):
    add_phase(editor, 3)
    editor.add_choice.value = "rock-back"
    editor.add_button.click()
    assert len(editor.rows) == 6 and editor.rows[5].include.description == "6. Rock back"
    assert len(editor.plan.routine.items) == 5
    editor.transition.value = 30  # the rest between exercises is the phase's too
    assert editor.plan.phases[0].routine.transition_seconds == 30 and editor.plan.routine.transition_seconds == 15
    editor.stage_choice.value = 0
    assert len(editor.rows) == 5 and editor.transition.value == 15


def test_warnings_follow_the_selected_stage(editor):
    add_phase(editor, 3)
    editor.rows[0].seconds.value = 0
    assert "lasts 0 seconds" in editor.preview.value
    editor.stage_choice.value = 0
    assert "lasts 0 seconds" not in editor.preview.value and "no clinic contact" in editor.preview.value


def test_a_phase_can_start_in_another_week_and_stays_selected(editor):
    add_phase(editor, 3)
    add_phase(editor, 5)
    editor.rows[0].seconds.value = 240
    editor.phase_start.value = 2  # the weeks 5-6 phase now starts before the other one
    assert [p.from_week for p in editor.plan.phases] == [2, 3]
    assert editor.stage_choice.value == 1 and editor.rows[0].seconds.value == 240
    assert stage_labels(editor)[1].startswith("Week 2, from Monday 9 March")


@pytest.mark.parametrize(
    ("act", "expected"),
    [
        (lambda e: add_phase(e, 3), "expected one phase to start in each week, not two in week 3"),
        (lambda e: setattr(e.phase_start, "value", 3), "expected one phase to start in each week, not two in week 3"),
        (lambda e: setattr(e.weeks, "value", 4), "a phase starts in week 5, after the schedule's last week"),
    ],
    ids=["a week taken by a new phase", "a week taken by a moved phase", "the schedule shortened below a phase"],
)
def test_a_refused_phase_edit_is_explained_and_the_controls_show_the_plan_again(editor, act, expected):
    add_phase(editor, 3)
    add_phase(editor, 5)
    before = editor.plan
    act(editor)
    assert expected in message(editor)
    assert editor.plan == before
    assert (editor.phase_start.value, editor.weeks.value, editor.stage_choice.value) == (5, 6, 2)
    assert len(editor.stage_choice.options) == 3


def test_removing_a_phase_gives_its_weeks_to_the_stage_before_and_week_1_cannot_go(editor):
    add_phase(editor, 3)
    editor.rows[0].seconds.value = 180
    add_phase(editor, 5)  # a copy of weeks 3-4, at 3 minutes
    assert editor.plan.phases[1].routine.items[0].duration_seconds == 180
    editor.remove_phase_button.click()
    assert [p.from_week for p in editor.plan.phases] == [3]
    assert editor.stage_choice.value == 1 and stage_labels(editor)[1].startswith("Weeks 3 to 6")
    editor.stage_choice.value = 0
    editor.remove_phase_button.click()  # disabled in the page; code or a stale click is refused in words
    assert FIRST_STAGE_STAYS in message(editor) and len(editor.plan.phases) == 1


def test_save_and_open_keep_the_phases_and_show_week_1(editor, tmp_path):
    add_phase(editor, 3)
    editor.rows[0].seconds.value = 180
    editor.save_button.click()
    saved = tmp_path / "plans" / "jane-doe.json"
    assert load_plan(saved) == editor.plan
    reopened = Editor.from_file(str(saved))
    assert reopened.plan.phases == editor.plan.phases
    assert reopened.stage_choice.value == 0 and len(reopened.stage_choice.options) == 2
    reopened.stage_choice.value = 1
    assert reopened.rows[0].seconds.value == 180


def test_opening_a_plan_with_fewer_phases_selects_a_stage_it_has(editor, tmp_path):
    editor.save_button.click()  # no phases
    add_phase(editor, 3)
    add_phase(editor, 5)
    editor.path.value = str(tmp_path / "plans" / "jane-doe.json")
    editor.open_button.click()
    assert editor.plan.phases == () and editor.stage_choice.value == 0
    assert editor.message is editor.file_message and editor.file_message.text.startswith("Opened ")
    add_phase(editor, 2)
    editor.plan = bundled_plan(patient="Other Person")  # code replaces the plan: the selection still exists
    assert editor.model.stage == 0 and stage_labels(editor)[0].startswith("Weeks 1 to 6")


def test_a_plan_without_phases_does_not_name_its_weeks_above_the_timing(editor):
    assert editor.stage_words.value == ""  # one stage: the schedule already says which weeks
    add_phase(editor, 3)
    editor.remove_phase_button.click()
    assert editor.stage_words.value == ""


def test_export_of_a_plan_with_phases_goes_through_the_core(editor, tmp_path):
    import markdown_exporter

    installed = build_plugins()  # the built-in exporters, as a clinician has them, and the test one
    installed.register(markdown_exporter, name="markdown_exporter")
    editor.model.plugins = installed
    editor.refresh_formats()
    add_phase(editor, 3)
    editor.format.value = "markdown"  # the test exporter does not lay out phases
    editor.export_button.click()
    assert "phases" in editor.export_message.value and "Traceback" not in editor.export_message.value
    assert not (tmp_path / "exports" / "jane-doe-back-care-plan.md").exists()
    editor.format.value = "txt"
    editor.export_button.click()
    text = (tmp_path / "exports" / "jane-doe-back-care-plan.txt").read_text(encoding="utf-8")
    assert "Weeks 3 to 6" in text


def test_the_new_phase_week_defaults_to_the_middle_of_the_stage_or_the_week_after():
    model = EditorModel(bundled_plan(patient="Jane"))
    assert model.new_phase_week() == 4  # weeks 1-6
    model.add_phase(2)
    assert model.new_phase_week() == 4  # weeks 2 to 6: 2 + 5 // 2
    model.add_phase(3)
    model.select(1)  # week 2 alone: no middle, so the week after it
    assert model.new_phase_week() == 3
    model.schedule(weeks=3)
    model.select(2)  # week 3, the last: the week after is outside, so the box stays in the schedule
    assert model.new_phase_week() == 3


def test_the_model_selects_and_edits_stages_without_widgets():
    model = EditorModel(bundled_plan(patient="Jane"))
    model.add_phase(3)
    model.tailor(0, duration_seconds=60)
    assert model.timing().total_seconds == 660 - 60 and model.plan.timing().total_seconds == 660
    with pytest.raises(ValueError, match="stage 2: expected 0 to 1"):
        model.select(2)
    model.select(0)
    with pytest.raises(ValueError, match="cannot be moved or removed"):
        model.move_phase(4)
