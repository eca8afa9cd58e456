"""A dose that contradicts the exercise's own text is pointed out, in the core, the CLI and the editor, never blocking.

Each case is an edit a clinician can make to a bundled exercise, whose
steps come from the article and are not edited.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from backcare_kit import Phase, bundled_plan, export_plan
from backcare_kit import plugins as plugins_module
from backcare_kit.cli import cli
from backcare_kit.plugins import build_plugins
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


def test_export_says_each_stages_warnings_on_stderr_and_still_writes_the_files(plan, tmp_path, monkeypatch):
    """A clinician who exports without a preview hears the warnings too, led by the weeks they concern."""
    full = plan.routine
    one_way = full.tailor(full.position("lumbar-rotation-stretch"), sides="none")
    phased = plan.edited(clinic_contact="01234 567890", phases=(Phase(3, one_way),))
    saved = save_plan(phased, tmp_path / "p.json")
    monkeypatch.setattr(plugins_module, "_plugins", build_plugins(selected="txt", strict=True))
    args = ["export", "--plan", str(saved), "--format", "txt", "--output", str(tmp_path / "out") + "/"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning: ")]
    assert warnings == [f"Warning: Weeks 3 to 6: {caution}" for caution in cautions_in_words(one_way)]
    assert (tmp_path / "out").is_dir() and any((tmp_path / "out").iterdir())
