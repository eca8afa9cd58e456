"""A dose that contradicts the exercise's own text is pointed out, in the core, the CLI and the editor, never blocking.

Each case is an edit a clinician can make to a bundled exercise, whose
steps come from the article and are not edited.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from backcare_kit import bundled_plan, export_plan
from backcare_kit.routine import CautionKind
from backcare_kit.storage import save_plan
from backcare_kit.widgets import Editor
from backcare_kit.words import cautions_in_words

#: (item index, edit, the caution expected, words the warning must say)
EDITS = {
    "lumbar rotation set to no sides": (
        4,
        {"sides": "none"},
        CautionKind.ONE_SIDE_ONLY,
        ["Lumbar rotation stretch is set to no sides", "'right' and 'left'", "only ever work that side"],
    ),
    "glute bridge set to each side": (
        0,
        {"sides": "each_side"},
        CautionKind.SIDES_UNDESCRIBED,
        ["Glute bridge with spinal articulation is set to each side in turn", "never say how to change sides"],
    ),
    "arm openings with the hold cleared": (
        2,
        {"hold": ""},
        CautionKind.HOLD_CLEARED,
        ["Arm openings has no hold", 'a step still says "Hold"'],
    ),
}


def kinds(routine):
    return [caution.kind for caution in routine.cautions()]


def test_the_bundled_routine_contradicts_nothing(plan):
    assert plan.routine.cautions() == []


@pytest.mark.parametrize("case", list(EDITS))
def test_each_contradicting_edit_gives_its_caution_in_words(plan, case):
    index, edit, kind, words = EDITS[case]
    routine = plan.routine.tailor(index, **edit)
    assert kinds(routine) == [kind]
    (warning,) = cautions_in_words(routine)
    missing = [w for w in words if w not in warning]
    assert not missing, warning


@pytest.mark.parametrize("case", list(EDITS))
def test_a_contradiction_never_blocks_export(plan, plugins, tmp_path, case):
    index, edit, _, _ = EDITS[case]
    path = export_plan(plan.edited(routine=plan.routine.tailor(index, **edit)), "markdown", tmp_path, plugins=plugins)
    assert path.is_file()


def test_steps_that_alternate_themselves_are_not_one_sided(plan):
    """Bent knee fall out says "repeat with the other leg": at no sides it still works both."""
    assert plan.routine.tailor(3, sides="none").cautions() == []
    assert plan.routine.tailor(3, sides="each_side").cautions() == []


def test_side_lying_arm_openings_at_no_sides_is_one_sided(plan):
    """Its steps name no side, but the starting position puts the patient on one: "Lie on your side"."""
    assert kinds(plan.routine.tailor(2, sides="none")) == [CautionKind.ONE_SIDE_ONLY]


def test_a_hold_set_again_or_an_excluded_item_clears_the_caution(plan):
    routine = plan.routine.tailor(2, hold="")
    assert routine.tailor(2, hold="5 seconds").cautions() == []
    assert routine.tailor(2, included=False).cautions() == []


def test_preview_of_a_saved_plan_prints_every_warning_and_exits_0(run, plan, tmp_path):
    routine = plan.routine
    for index, edit, _, _ in EDITS.values():
        routine = routine.tailor(index, **edit)
    saved = save_plan(plan.edited(routine=routine, clinic_contact="01234 567890"), tmp_path / "p.json")
    result = run("preview", "--plan", str(saved))
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("Warning: ")]
    assert [w.removeprefix("Warning: ") for w in warnings] == cautions_in_words(routine)
    assert len(warnings) == 3


def test_preview_of_a_template_warns_too(run, tmp_path):
    template = {
        "format": "backcare-kit/routine-template",
        "version": 1,
        "name": "One-sided",
        "items": [{"exercise": "lumbar-rotation-stretch", "sides": "none"}],
    }
    path = tmp_path / "one-sided.json"
    path.write_text(json.dumps(template), encoding="utf-8")
    result = run("preview", "--routine", str(path))
    assert result.exit_code == 0, result.output
    assert "Warning: Lumbar rotation stretch is set to no sides" in result.output


def test_the_bundled_preview_has_no_warnings(run):
    assert "Warning" not in run("preview").output


def test_the_editor_shows_each_warning_as_the_clinician_edits(plugins, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plan = bundled_plan(patient="Jane Doe", start_date=date(2026, 3, 2)).edited(clinic_contact="01234 567890")
    editor = Editor(plan, plugins=plugins)
    assert "bk-warnings" not in editor.preview.value
    editor.rows[4].sides.value = "No sides"
    assert "Lumbar rotation stretch is set to no sides" in editor.preview.value
    editor.rows[0].sides.value = "Each side in turn"
    assert "never say how to change sides" in editor.preview.value
    editor.rows[2].hold.value = ""
    assert "Arm openings has no hold" in editor.preview.value
    editor.rows[2].hold.value = "a few seconds"
    assert "Arm openings has no hold" not in editor.preview.value
