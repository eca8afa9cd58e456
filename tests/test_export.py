"""export_plan: safe file names, atomic writes, no overwrite unless asked, nothing partial."""

from __future__ import annotations

import os

import pytest

from backcare_kit import BackcareError, Exporter, export_plan, hookimpl
from backcare_kit.files import safe_filename


def test_export_writes_the_plan_under_a_name_from_the_patient(plan, plugins, tmp_path):
    path = export_plan(plan, "markdown", tmp_path, plugins=plugins)
    assert path == tmp_path / "jane-doe-back-care-plan.md"
    text = path.read_text(encoding="utf-8")
    assert "Back-care plan for Jane Doe" in text
    for line in plan.safety.lines():
        assert line in text
    assert (
        "Arm openings: Repeat for 1 minute on one side, then 1 minute on the other side. "
        "Hold for a few seconds each time"
    ) in text


@pytest.mark.parametrize("patient", ["../../etc/passwd", "..", "/root/.bashrc", "a\\b\x00c\nd", "  ", "\u202e"])
def test_default_file_name_never_leaves_its_folder(plan, plugins, tmp_path, patient):
    named = plan.edited(patient=patient) if patient.strip() else plan
    path = export_plan(named, "markdown", tmp_path, plugins=plugins)
    assert path.parent == tmp_path and path.exists()
    assert not path.name.startswith(".")
    assert "/" not in path.name and "\\" not in path.name and "\x00" not in path.name


def test_safe_filename_keeps_letters_of_any_script():
    assert safe_filename("Zoë Ελένη 王芳") == "zoë-ελένη-王芳"
    assert safe_filename("../..") == "patient"
    assert len(safe_filename("x" * 500)) == 60


def test_existing_file_is_not_overwritten_unless_asked(plan, plugins, tmp_path):
    target = tmp_path / "plan.md"
    target.write_text("the clinician's own edits")
    with pytest.raises(BackcareError, match="already exists"):
        export_plan(plan, "markdown", target, plugins=plugins)
    assert target.read_text() == "the clinician's own edits"
    export_plan(plan, "markdown", target, plugins=plugins, overwrite=True)
    assert "Jane Doe" in target.read_text()
    assert sorted(os.listdir(tmp_path)) == ["plan.md"]


def test_a_bare_name_gets_the_extension_and_a_wrong_one_is_refused(plan, plugins, tmp_path):
    assert export_plan(plan, "markdown", tmp_path / "handout", plugins=plugins).name == "handout.md"
    with pytest.raises(BackcareError, match=r"writes \.md files"):
        export_plan(plan, "markdown", tmp_path / "handout.pdf", plugins=plugins)


def test_exporter_options_are_passed_and_unknown_ones_refused(plan, plugins, tmp_path):
    path = export_plan(plan, "markdown", tmp_path, plugins=plugins, options={"shout": "yes"})
    assert "BACK-CARE PLAN FOR JANE DOE" in path.read_text()
    with pytest.raises(BackcareError, match="no option colour; it accepts: shout"):
        export_plan(plan, "markdown", tmp_path, plugins=plugins, options={"colour": "red"}, overwrite=True)


def test_a_plugin_that_raises_while_exporting_leaves_no_file(plan, plugins, tmp_path):
    def explode(plan, options):
        raise RuntimeError("template missing")

    class Broken:
        @hookimpl
        def register_exporters(self, register):
            register(Exporter("broken", "Broken", ".txt", "text/plain", explode))

    plugins.manager.register(Broken(), name="broken-plugin")
    with pytest.raises(BackcareError, match=r"broken exporter \(plugin 'broken-plugin'\) failed.*template missing"):
        export_plan(plan, "broken", tmp_path, plugins=plugins)
    assert os.listdir(tmp_path) == []


def test_an_empty_routine_or_a_zero_length_exercise_is_not_exported(plan, plugins, tmp_path):
    from dataclasses import replace

    with pytest.raises(BackcareError, match="no exercises included"):
        export_plan(plan.edited(routine=replace(plan.routine, items=())), "markdown", tmp_path, plugins=plugins)
    with pytest.raises(BackcareError, match="0 seconds: Rock back"):
        export_plan(
            plan.edited(routine=plan.routine.tailor(1, duration_seconds=0)), "markdown", tmp_path, plugins=plugins
        )
    assert os.listdir(tmp_path) == []


def test_a_missing_folder_is_made_for_the_file(plan, plugins, tmp_path):
    written = export_plan(plan, "markdown", tmp_path / "new" / "deeper" / "plan.md", plugins=plugins)
    assert written == tmp_path / "new" / "deeper" / "plan.md" and "Jane Doe" in written.read_text()


def test_a_failed_export_to_a_new_folder_creates_no_folder(plan, plugins, tmp_path):
    with pytest.raises(BackcareError, match="no option"):
        export_plan(plan, "markdown", f"{tmp_path}/new/", plugins=plugins, options={"colour": "red"})
    assert not (tmp_path / "new").exists()
    assert export_plan(plan, "markdown", f"{tmp_path}/new/", plugins=plugins).parent == tmp_path / "new"
