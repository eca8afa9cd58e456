"""The notebook editor driven from Python, as a clinician's clicks would drive it."""

from __future__ import annotations

import html
from datetime import date, time

import ipywidgets as w
import pytest

from backcare_kit import bundled_plan, load_plan
from backcare_kit.editor_model import EditorModel, times_text
from backcare_kit.errors import InvalidValue
from backcare_kit.plaintext import plan_as_text
from backcare_kit.widgets import Editor


@pytest.fixture
def editor(plugins, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return Editor(bundled_plan(patient="Jane Doe", start_date=date(2026, 3, 2)), plugins=plugins)


def controls(widget):
    """Every widget a person can operate, found by walking the tree."""
    if isinstance(widget, w.Box):
        for child in widget.children:
            yield from controls(child)
    elif isinstance(widget, w.ValueWidget | w.Button) and not isinstance(widget, w.HTML | w.Label):
        yield widget


def test_changing_a_duration_updates_the_plan_and_the_summary(editor):
    editor.rows[0].seconds.value = 60
    assert editor.plan.routine.items[0].duration_seconds == 60
    assert "Total 10:00" in editor.total.value and "11:00" not in editor.preview.value
    editor.rows[2].seconds.value = 90  # arm openings, per side
    assert "Total 11:00" in editor.total.value
    dose = editor.rows[2].dose.value
    assert "Repeat for 1 minute 30 seconds on one side, then 1 minute 30 seconds on the other side" in dose
    assert "(tailored)" in dose


def test_sides_hold_cues_include_order_and_reset(editor):
    row = editor.rows[0]
    row.sides.value = "Each side in turn"
    row.hold.value = "5"
    row.cues.value = "Keep your knees apart\n\nBreathe out as you lift\n"
    item = editor.plan.routine.items[0]
    assert (item.sides.value, item.hold, item.cues) == (
        "each_side",
        "5 seconds",
        ("Keep your knees apart", "Breathe out as you lift"),
    )
    assert "Total 13:00" in editor.total.value
    editor.rows[0].reset.click()
    assert editor.plan.routine.items[0] == editor.plan.routine.items[0].reset()
    editor.rows[1].include.value = False
    assert "Rock back" not in editor.segments.value
    editor.rows[4].up.click()
    assert [i.id for i in editor.plan.routine.items][3:] == ["lumbar-rotation-stretch", "bent-knee-fall-out"]
    assert editor.rows[3].include.description == "4. Lumbar rotation stretch"


def test_a_bad_value_is_explained_and_the_control_shows_the_plan_again(editor):
    editor.rows[0].hold.value = "forever"
    assert "Glute bridge with spinal articulation: hold 'forever'" in html.unescape(editor.message.value)
    assert editor.rows[0].hold.value == "" and editor.plan.routine.items[0].hold == ""
    editor.time.value = "25:00"
    assert "expected a 24-hour time" in editor.message.value and editor.time.value == "08:00"


def test_several_session_times_a_day_are_typed_in_one_box(editor):
    editor.time.value = "18:00, 08:00"
    schedule = editor.plan.schedule
    assert (schedule.time_of_day, schedule.more_times) == (time(18, 0), (time(8, 0),))
    assert editor.time.value == "18:00, 08:00"
    editor.time.value = "08:00, 08:00"
    assert "08:00 is given twice" in editor.message.value
    assert editor.time.value == "18:00, 08:00" and editor.plan.schedule == schedule  # nothing lost
    editor.time.value = "09:15"
    assert (editor.plan.schedule.time_of_day, editor.plan.schedule.more_times) == (time(9, 15), ())


def test_warnings_appear_in_the_preview(editor):
    editor.rows[0].seconds.value = 0
    assert "Glute bridge with spinal articulation lasts 0 seconds." in editor.preview.value
    for row in editor.rows:
        row.include.value = False
    assert "the session is empty" in editor.preview.value


def test_patient_and_schedule_fields_edit_the_plan(editor):
    plan_id = editor.plan.id
    editor.patient.value = "Ann Smith"
    editor.notes.value = "Start gently"
    editor.review.value = date(2026, 4, 13)
    editor.days[0].value = False
    editor.days[1].value = True
    editor.time.value = "18:30"
    editor.weeks.value = 4
    editor.timezone.value = "America/New_York"
    editor.transition.value = 30
    plan = editor.plan
    assert (plan.patient, plan.notes, plan.review_date, plan.id) == (
        "Ann Smith",
        "Start gently",
        date(2026, 4, 13),
        plan_id,
    )
    assert plan.schedule.days == (1, 2, 4) and plan.schedule.time_of_day.isoformat() == "18:30:00"
    assert (plan.schedule.weeks, plan.schedule.timezone) == (4, "America/New_York")
    assert "Total 12:00" in editor.total.value


def test_code_drives_the_editor_and_the_widgets_follow(editor):
    editor.model.tailor(3, duration_seconds=45)
    assert editor.rows[3].seconds.value == 45
    editor.plan = bundled_plan(patient="Other Person")
    assert editor.patient.value == "Other Person" and editor.rows[3].seconds.value == 120
    editor.model.add("rock-back")
    assert len(editor.rows) == 6 and editor.rows[5].include.description == "6. Rock back"


def test_export_panel_writes_the_file_and_says_where(editor, tmp_path):
    assert "markdown" in [value for _, value in editor.format.options]
    editor.format.value = "markdown"
    editor.export_button.click()
    path = tmp_path / "exports" / "jane-doe-back-care-plan.md"
    assert path.exists() and str(path) in editor.export_message.value
    editor.export_button.click()
    # The refusal names the tick box the clinician has, not the command line's --force.
    assert "already exists" in editor.export_message.value
    assert "Overwrite an existing file" in editor.export_message.value and "--force" not in editor.export_message.value
    editor.overwrite.value = True
    editor.filename.value = "../../escape.md"
    editor.export_button.click()
    assert not (tmp_path.parent / "escape.md").exists()
    assert "give a name only" in editor.export_message.value


def test_save_and_open_keep_every_edit(editor, tmp_path):
    editor.rows[2].seconds.value = 75
    editor.notes.value = "Keep a diary"
    editor.save_button.click()
    saved = tmp_path / "plans" / "jane-doe.json"
    assert str(saved) in editor.file_message.value
    assert load_plan(saved) == editor.plan
    reopened = Editor.from_file(str(saved))
    assert reopened.plan == editor.plan and reopened.rows[2].seconds.value == 75
    editor.save_button.click()
    assert "already exists" in editor.file_message.value
    assert "Replace the saved file" in editor.file_message.value and "--force" not in editor.file_message.value


def test_every_control_has_a_label_and_a_stable_class(editor):
    found = list(controls(editor))
    assert len(found) > 60
    unlabelled = [type(c).__name__ for c in found if not c.description.strip()]
    assert not unlabelled
    unclassed = [c.description for c in found if not any(cls.startswith("bk-") for cls in c._dom_classes)]
    assert not unclassed


def test_the_model_needs_no_widgets():
    import sys

    model = EditorModel(bundled_plan(patient="Jane"))
    model.tailor(0, duration_seconds=30)
    assert model.timing().total_seconds == 660 - 90
    assert "ipywidgets.widgets.widget_box" in sys.modules  # imported by this test module, not by the model
    import backcare_kit.editor_model as module

    assert "ipywidgets" not in module.__dict__ and "w" not in module.__dict__


def test_controls_show_what_the_plan_keeps_after_tidying(editor):
    editor.rows[0].hold.value = "  "
    assert editor.rows[0].hold.value == "" == editor.plan.routine.items[0].hold
    editor.rows[0].cues.value = "Keep your knees apart\n\n\n"
    assert editor.rows[0].cues.value == "Keep your knees apart"


def test_clinician_profession_and_registration_are_edited_and_saved(editor, tmp_path):
    editor.profession.value = "Physiotherapist"
    editor.registration.value = "HCPC PH123456"
    assert (editor.plan.clinician_profession, editor.plan.clinician_registration) == (
        "Physiotherapist",
        "HCPC PH123456",
    )
    editor.save_button.click()
    assert load_plan(tmp_path / "plans" / "jane-doe.json").clinician_registration == "HCPC PH123456"


def test_a_plan_without_a_contact_is_flagged_in_the_preview_until_one_is_given(editor):
    assert "no clinic contact" in editor.preview.value
    editor.contact.value = "01234 567890"
    assert "no clinic contact" not in editor.preview.value


def test_the_safety_panel_edits_adds_and_removes_items_of_this_plan_only(editor):
    bundled = editor.plan.safety
    panel = editor.safety
    panel.items["urgent"][7].value = "pain in your chest"
    assert editor.plan.safety.section("urgent").items[7] == "pain in your chest"
    assert editor.plan.safety.fingerprint != bundled.fingerprint and bundled.fingerprint not in panel.version.value
    section_box = next(box for box in panel.sections_box.children if "bk-safety-guidance" in box._dom_classes)
    new, add = section_box.children[-2].children
    new.value = "Stop if you feel dizzy."
    add.click()
    assert editor.plan.safety.section("guidance").items[-1] == "Stop if you feel dizzy."
    assert len(panel.items["guidance"]) == len(bundled.section("guidance").items) + 1
    remove = next(box for box in panel.sections_box.children if "bk-safety-guidance" in box._dom_classes)
    remove.children[1].children[1].click()  # the first item's Remove button
    assert editor.plan.safety.section("guidance").items[0] == bundled.section("guidance").items[1]
    panel.reset.click()
    assert editor.plan.safety == bundled


def test_a_blank_safety_item_is_refused_with_the_reason_and_the_line_shows_the_plan_again(editor):
    editor.safety.items["urgent"][2].value = "   "
    assert "safety section 'urgent': item 3: expected words the patient can read" in html.unescape(editor.message.value)
    kept = editor.plan.safety.section("urgent").items[2]
    assert editor.safety.items["urgent"][2].value == "difficulty peeing" == kept


def test_a_line_break_typed_in_a_safety_item_keeps_it_one_item_on_one_line(editor):
    """The item boxes wrap and take Enter as a new line; every format lists an item to a line."""
    editor.safety.items["urgent"][2].value = "difficulty peeing\nor  pooing\n"
    assert editor.plan.safety.section("urgent").items[2] == "difficulty peeing or pooing"
    assert editor.safety.items["urgent"][2].value == "difficulty peeing or pooing"
    assert "\n  - difficulty peeing or pooing\n  - loss of bladder" in plan_as_text(editor.plan)


def test_the_last_item_of_a_required_section_cannot_be_removed(editor):
    box = next(b for b in editor.safety.sections_box.children if "bk-safety-see_first" in b._dom_classes)
    box.children[1].children[1].click()  # see_first has one item
    assert "items: expected at least one item" in editor.message.value
    assert len(editor.plan.safety.section("see_first").items) == 1
    with pytest.raises(ValueError, match="at least one item"):
        EditorModel(editor.plan).remove_safety_item("see_first", 0)


def test_a_dose_by_repetitions_is_tailored_with_its_own_controls(plugins, tmp_path, monkeypatch):
    from pathlib import Path

    from backcare_kit import load_catalog
    from backcare_kit.templates import load_template

    monkeypatch.chdir(tmp_path)
    data = Path(__file__).parent / "data"
    catalog = load_catalog(data / "reps-exercises.csv")
    plan = bundled_plan(patient="Jane Doe", start_date=date(2026, 3, 2))
    editor = Editor(plan.edited(routine=load_template(data / "reps-routine.json", catalog)), plugins=plugins)
    sit, stretch = editor.rows[0], editor.rows[2]
    shown = set(controls(sit))
    assert all(control in shown for control in sit.reps_fields.values()) and sit.seconds not in shown
    assert stretch.seconds in set(controls(stretch)) and stretch.reps_fields["reps"] not in set(controls(stretch))
    assert sit.reps_fields["sets"].value == 3 and "Total about 8:04" in editor.total.value

    sit.reps_fields["sets"].value = 2
    sit.reps_fields["reps"].value = 12
    item = editor.plan.routine.items[0]
    assert (item.sets, item.reps, item.overridden()) == (2, 12, ("reps", "sets"))
    assert "Do 2 sets of 12 repetitions" in sit.dose.value and "(tailored)" in sit.dose.value
    assert "Total about 7:10" in editor.total.value  # 2 x 12 x 4 s + 30 s rest, not 3 x 10 x 4 s + 2 x 30 s
    assert "Rest, then Sit to stand, set 2 of 2" in editor.segments.value

    sit.reps_fields["reps"].value = 20
    sit.reps_fields["seconds_per_rep"].value = 100  # 2 sets x 20 x 100 s: longer than an hour on one side
    assert "at most 3600 seconds on one side" in html.unescape(editor.message.value)
    assert editor.plan.routine.items[0].seconds_per_rep == 4
    assert sit.reps_fields["seconds_per_rep"].value == 4  # the control shows the plan again

    sit.reset.click()
    assert editor.plan.routine.items[0].overridden() == ()


def test_the_models_timing_and_warnings_are_methods_as_on_the_plan_and_routine():
    model = EditorModel(bundled_plan(patient="Jane"))
    assert model.timing() == model.routine.timing() == model.plan.timing()
    assert any("no clinic contact" in warning for warning in model.warnings())
    model.update(clinic_contact="01234 567890")
    assert not any("no clinic contact" in warning for warning in model.warnings())


@pytest.mark.parametrize("index", [9, 5, -1])
def test_an_item_number_out_of_range_says_which_numbers_the_routine_has(index):
    model = EditorModel(bundled_plan(patient="Jane"))
    for edit in (lambda: model.tailor(index, duration_seconds=30), lambda: model.remove(index)):
        with pytest.raises(InvalidValue, match=rf"item {index}: expected an item number from 0 to 4 \(this routine"):
            edit()
    assert model.plan == EditorModel(bundled_plan(patient="Jane")).plan


@pytest.mark.parametrize("typed, shown", [("7:30", "07:30"), ("07:30, 18:00", "07:30, 18:00"), ("7.05", "07:05")])
def test_a_time_with_one_hour_digit_is_taken_as_meant(editor, typed, shown):
    editor.time.value = typed
    assert editor.time.value == shown and times_text(editor.plan.schedule) == shown
    assert editor.message.value == ""


@pytest.mark.parametrize("typed", ["25:99", "7:3", "8pm", "07:30, later"])
def test_a_time_that_is_not_a_time_is_refused_with_what_was_expected(editor, typed):
    before = editor.plan.schedule
    editor.time.value = typed
    assert "expected a 24-hour time such as 07:30" in editor.message.value
    assert editor.plan.schedule == before and editor.time.value == "08:00"
