"""The safety text: bundled wording, its sources and services, its version, and that no plan can lose it."""

from __future__ import annotations

import csv
import json
import shutil
from datetime import date

import pytest

from backcare_kit import InputError, bundled_plan, load_plan, load_safety, save_plan
from backcare_kit.bundled import bundled_path
from backcare_kit.plaintext import plan_as_text
from backcare_kit.safety import ADDED_SECTIONS, SECTIONS, SafetyText
from backcare_kit.services import load_services
from backcare_kit.words import safety_version_in_words

ROOT = bundled_path().parent

#: What the issue asks every bundled text to say, by section: (phrase, ...) as the patient reads it.
REQUIRED_PHRASES = {
    "urgent": [
        "Call 999 or go to A&E",
        "weakness or numbness in both legs",
        "tingling around your genitals, buttocks or back passage",
        "difficulty peeing",
        "loss of bladder or bowel control",
        "you pee or poo yourself",
        "do not notice when you need to pee or poo",
        "chest pain",
        "serious accident, like a car crash",
    ],
    "same_day": [
        "Call 111 or ask for an urgent GP appointment",
        "a high temperature",
        "weight loss without trying",
        "a lump or swelling in your back",
        "your back has changed shape",
        "does not get better with rest, or is worse at night",
        "worse when you sneeze, cough or poo",
        "between your shoulder blades",
    ],
    "do_not_start": ["new episode of back pain", "legs or feet", "numbness", "not been diagnosed"],
    "see_first": ["GP, physiotherapist or osteopath"],
    "stop_and_contact": [
        "Stop and get advice",
        "makes your pain worse",
        "pain or new symptoms last after you exercise",
        "any sign listed above starts while you do these exercises",
    ],
    "guidance": [
        "steady and controlled pace",
        "If an exercise hurts, stop.",
        "Do not work into pain",
        "not better after 4 weeks, go back to your GP",
    ],
}


def section_text(safety: SafetyText, section_id: str) -> str:
    section = safety.section(section_id)
    return " ".join([section.heading, *section.items])


def rows(path):
    with open(path, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_bundled_sections_come_in_the_order_a_patient_reads_them_most_serious_first():
    assert (
        [s.id for s in load_safety().sections]
        == list(SECTIONS)
        == [
            "urgent",
            "same_day",
            "do_not_start",
            "see_first",
            "stop_and_contact",
            "guidance",
        ]
    )


@pytest.mark.parametrize("section_id", list(REQUIRED_PHRASES))
def test_bundled_safety_says_everything_the_issue_asks_for(section_id):
    text = section_text(load_safety(), section_id)
    missing = [phrase for phrase in REQUIRED_PHRASES[section_id] if phrase not in text]
    assert not missing, f"{section_id} lacks {missing}"


def test_the_bundled_text_export_carries_every_sign_at_both_levels_and_when_to_stop(plan):
    text = " ".join(plan_as_text(plan, width=None).split())
    before_schedule = text[: text.index("WHEN")]
    for phrases in REQUIRED_PHRASES.values():
        for phrase in phrases:
            assert phrase in before_schedule


def test_data_readme_names_the_source_of_every_safety_row_and_cites_them():
    readme = bundled_path("README.md").read_text(encoding="utf-8")
    sources = {row["source"] for row in rows(bundled_path("safety.csv"))}
    assert sources == {"article", "nhs", "nice", "toolkit"}
    for source in sources:
        assert f"`{source}`" in readme
    for citation in ["nhs.uk/conditions/back-pain", "nhs.uk/conditions/sciatica", "nice.org.uk/guidance/ng59"]:
        assert citation in readme


def test_advice_not_in_the_article_is_marked_as_the_toolkits_not_the_articles():
    by_text = {row["text"]: row["source"] for row in rows(bundled_path("safety.csv"))}
    assert by_text["If an exercise hurts, stop."] == "toolkit"
    assert by_text["an exercise makes your pain worse"] == "toolkit"
    article = (ROOT.parent / "shared" / "seed" / "five-exercises-back-pain.txt").resolve()
    if article.exists():  # the article lives beside the project, not in a wheel
        source = article.read_text(encoding="utf-8")
        assert "If an exercise hurts, stop" not in source and "hurts" not in source


def test_services_are_filled_in_from_one_file_so_a_clinic_abroad_changes_them_once(tmp_path):
    services = {**load_services(), "emergency_number": "112", "emergency_place": "the emergency department"}
    safety = load_safety(services=services)
    assert safety.section("urgent").heading.startswith("Call 112 or go to the emergency department")
    assert not any("999" in line or "A&E" in line for line in safety.lines())
    assert "{" not in " ".join(load_safety().lines())


def test_an_unknown_placeholder_is_reported_with_file_line_column_and_value(tmp_path):
    text = bundled_path("safety.csv").read_text(encoding="utf-8").replace("chest pain", "chest pain: call {ambulance}")
    path = tmp_path / "clinic.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_safety(path)
    [problem] = caught.value.problems
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if "{ambulance}" in row)
    assert (problem.file, problem.line, problem.column, problem.value) == (
        str(path),
        line,
        "text",
        "chest pain: call {ambulance}",
    )
    assert "{emergency_number}" in problem.expected and "{ambulance}" in problem.expected


def test_a_services_file_without_a_required_service_or_with_a_blank_one_is_refused(tmp_path):
    path = tmp_path / "services.csv"
    path.write_text("key,value,meaning\nemergency_number,,\ndoctor,GP,\ndoctor,GP,\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_services(path)
    found = {(p.line, p.column, p.value) for p in caught.value.problems}
    assert (2, "value", "") in found and (4, "key", "doctor") in found
    assert {(None, "key", "emergency_place"), (None, "key", "urgent_number")} <= found


def test_the_version_is_the_files_label_and_a_fingerprint_that_any_edit_changes(tmp_path):
    bundled = load_safety()
    assert bundled.version == rows(bundled_path("safety.csv"))[0]["version"] != ""
    assert safety_version_in_words(bundled) == f"{bundled.version} ({bundled.fingerprint})"
    path = tmp_path / "clinic.csv"
    path.write_text(bundled_path("safety.csv").read_text(encoding="utf-8").replace("chest pain", "pain in your chest"))
    edited = load_safety(path)
    assert edited.version == bundled.version and edited.fingerprint != bundled.fingerprint
    assert load_safety().fingerprint == bundled.fingerprint  # stable from run to run


def test_two_version_labels_in_one_file_are_refused(tmp_path):
    lines = bundled_path("safety.csv").read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5] + "2027-01"  # the row's version cell was blank
    path = tmp_path / "clinic.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"clinic.csv:6: column 'version': value '2027-01'"):
        load_safety(path)


def test_a_clinic_can_reword_but_not_drop_a_section(tmp_path):
    text = bundled_path("safety.csv").read_text(encoding="utf-8")
    reworded = tmp_path / "reworded.csv"
    reworded.write_text(text.replace("new weakness in one or both legs", "weak legs that are new to you"))
    assert "weak legs that are new to you" in load_safety(reworded).lines()
    for section_id in SECTIONS:
        dropped = tmp_path / f"dropped-{section_id}.csv"
        dropped.write_text("\n".join(line for line in text.splitlines() if not line.startswith(f"{section_id},")))
        with pytest.raises(InputError, match=rf"column 'section': value '{section_id}': expected at least one row"):
            load_safety(dropped)


def test_unknown_sections_and_empty_text_are_reported_with_lines(tmp_path):
    path = tmp_path / "bad.csv"
    text = bundled_path("safety.csv").read_text(encoding="utf-8")
    path.write_text(text + "warnings,Extra,,x,\n")
    with pytest.raises(InputError) as caught:
        load_safety(path)
    line = len(text.splitlines()) + 1
    assert {(p.line, p.column) for p in caught.value.problems} == {(line, "section"), (line, "text")}


@pytest.mark.parametrize("section_id", list(SECTIONS))
def test_a_safety_text_without_any_required_section_cannot_be_built(section_id):
    sections = tuple(s for s in load_safety().sections if s.id != section_id)
    with pytest.raises(ValueError, match=section_id):
        SafetyText(sections)


def test_every_plan_carries_the_safety_text_and_its_version(plan, tmp_path):
    assert plan.safety == load_safety()
    path = save_plan(plan, tmp_path / "plan.json")
    again = load_plan(path)
    assert again.safety == plan.safety and again.safety.version == plan.safety.version


def test_a_plan_saved_by_the_first_release_loads_and_gains_the_sections_added_since(tmp_path):
    """tests/data/plan-v1.json was written by `backcare-kit plan` before this version; it must still load."""
    fixture = ROOT / "tests" / "data" / "plan-v1.json"
    saved = json.loads(fixture.read_text(encoding="utf-8"))
    plan = load_plan(fixture)
    assert [s.id for s in plan.safety.sections] == list(SECTIONS)
    for section in saved["safety"]:  # what the patient was given is kept word for word
        assert plan.safety.section(section["id"]).items == tuple(section["items"])
    for section_id in ADDED_SECTIONS:
        assert plan.safety.section(section_id) == load_safety().section(section_id)
    assert plan.safety.version == "" and plan.made_on is None and plan.clinician_registration == ""
    copy = shutil.copy(fixture, tmp_path / "copy.json")
    assert load_plan(save_plan(load_plan(copy), tmp_path / "resaved.json")) == plan


def test_a_plan_saved_now_that_lacks_a_section_is_refused_not_completed(tmp_path, plan):
    path = save_plan(plan, tmp_path / "plan.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["safety"] = [s for s in data["safety"] if s["id"] != "stop_and_contact"]
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match="stop_and_contact"):
        load_plan(path)


def test_new_plans_record_the_day_they_were_made():
    before = date.today()
    made = bundled_plan().made_on
    assert made in {before, date.today()}  # a run across midnight may see either day
    assert bundled_plan(made_on=date(2026, 1, 5)).made_on == date(2026, 1, 5)


def test_the_notebook_preview_of_a_plan_warns_when_it_names_no_contact(plan):
    assert "no clinic contact" in plan._repr_html_()
    assert "no clinic contact" not in plan.edited(clinic_contact="01234 567890")._repr_html_()
    assert "Safety advice version" in plan._repr_html_()


def test_a_services_file_is_read_again_once_it_changes(tmp_path):
    path = tmp_path / "services.csv"
    bundled = bundled_path("services.csv").read_text(encoding="utf-8")
    path.write_text(bundled, encoding="utf-8")
    assert load_services(path)["doctor"] == "GP"
    load_services(path)["doctor"] = "changed by a caller"  # a copy: what was read stays as read
    assert load_services(path)["doctor"] == "GP"
    path.write_text(bundled.replace(",GP,", ",family doctor,"), encoding="utf-8")
    assert load_services(path)["doctor"] == "family doctor"
    path.write_text("key,value\n", encoding="utf-8")
    for _ in range(2):  # a file with problems is refused every time, never kept
        with pytest.raises(InputError):
            load_services(path)
