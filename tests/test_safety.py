"""The safety text: bundled wording, its sources, and that no plan can lose it."""

from __future__ import annotations

import pytest

from backcare_kit import InputError, load_safety
from backcare_kit.bundled import bundled_path
from backcare_kit.safety import SECTIONS, SafetySection, SafetyText


def test_bundled_safety_carries_the_articles_red_flags_and_advice():
    safety = load_safety()
    assert [s.id for s in safety.sections] == ["do_not_start", "see_first", "urgent", "guidance"]
    red_flags = " ".join(safety.section("do_not_start").items)
    for phrase in ["new episode of back pain", "legs or feet", "numbness", "not been diagnosed"]:
        assert phrase in red_flags
    assert "GP, physiotherapist or osteopath" in safety.section("see_first").items[0]
    guidance = " ".join(safety.section("guidance").items)
    for phrase in [
        "steady and controlled pace",
        "regular and relaxed",
        "If an exercise hurts, stop",
        "Do not work into pain",
    ]:
        assert phrase in guidance


def test_bundled_safety_carries_the_nhs_urgent_warning_signs():
    urgent = load_safety().section("urgent")
    assert "urgent" in urgent.heading.lower()
    text = " ".join(urgent.items)
    for phrase in ["bladder", "bowels", "sexual function", "between your legs", "new weakness"]:
        assert phrase in text


def test_data_readme_names_the_source_of_every_safety_row():
    readme = bundled_path("README.md").read_text(encoding="utf-8")
    frame_sources = {
        line.rsplit(",", 1)[1].strip()
        for line in bundled_path("safety.csv").read_text(encoding="utf-8").splitlines()[1:]
    }
    for source in frame_sources:
        assert f"`{source}`" in readme
    assert "nhs.uk" in readme


def test_a_clinic_can_reword_but_not_drop_a_section(tmp_path):
    text = bundled_path("safety.csv").read_text(encoding="utf-8")
    reworded = tmp_path / "reworded.csv"
    reworded.write_text(text.replace("new weakness in one or both legs", "weak legs that are new to you"))
    assert "weak legs that are new to you" in load_safety(reworded).lines()
    dropped = tmp_path / "dropped.csv"
    dropped.write_text("\n".join(line for line in text.splitlines() if not line.startswith("urgent")))
    with pytest.raises(InputError, match=r"dropped.csv: column 'section': value 'urgent': expected at least one row"):
        load_safety(dropped)


def test_unknown_sections_and_empty_text_are_reported_with_lines(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(bundled_path("safety.csv").read_text(encoding="utf-8") + "warnings,Extra,,x\n")
    with pytest.raises(InputError) as caught:
        load_safety(path)
    assert {(p.line, p.column) for p in caught.value.problems} == {(15, "section"), (15, "text")}


def test_a_safety_text_without_a_required_section_cannot_be_built():
    sections = tuple(SafetySection(s, s, ("x",)) for s in SECTIONS if s != "do_not_start")
    with pytest.raises(ValueError, match="do_not_start"):
        SafetyText(sections)


def test_every_plan_carries_the_safety_text(plan):
    assert plan.safety == load_safety()
