"""The plain-text exporter, read as a patient reads an email or a text message."""

from __future__ import annotations

from datetime import date

import pytest

from backcare_kit import BackcareError, bundled_plan, export_plan
from backcare_kit.plugins import build_plugins

pytest.importorskip("backcare_kit_text")


@pytest.fixture(scope="module")
def plugins():
    return build_plugins(selected="text")


@pytest.fixture
def plan():
    return bundled_plan(
        patient="Zoë Ωmega",
        start_date=date(2026, 3, 2),
        notes="Start gently — “little and often”.",
        clinician="Dr Ann Smith",
        review_date=date(2026, 4, 13),
    )


def export(plan, plugins, tmp_path, **options):
    return export_plan(plan, "txt", tmp_path, plugins=plugins, options=options).read_text(encoding="utf-8")


def test_lines_are_wrapped_at_72_columns_and_steps_numbered(plan, plugins, tmp_path):
    text = export(plan, plugins, tmp_path)
    assert max(len(line) for line in text.splitlines()) <= 72
    assert "     1. Take a slow breath in." in text
    assert "     4. Lower back down with control" in text


def test_safety_text_comes_before_the_schedule_and_the_exercises(plan, plugins, tmp_path):
    text = export(plan, plugins, tmp_path)
    sections = [section.heading + ":" for section in plan.safety.sections]
    places = [text.index(heading) for heading in sections]
    assert places == sorted(places), "the safety sections keep their order"
    assert places[-1] < text.index("For advice, contact") < text.index("WHEN") < text.index("1. Glute bridge")
    assert "Call 999 or go to A&E if you have back pain and:" in text
    assert "Call 111 or ask for an urgent GP appointment" in text
    assert "Stop and get advice if:" in text


def test_footer_says_who_made_the_plan_when_and_which_texts_it_carries_then_the_credits(plugins, tmp_path):
    plan = bundled_plan(
        patient="Zoë Ωmega",
        start_date=date(2026, 3, 2),
        made_on=date(2026, 2, 27),
        clinician="Dr Ann Smith",
        clinician_profession="Physiotherapist",
        clinician_registration="HCPC PH123456",
        clinic_contact="01234 567890",
    )
    text = " ".join(export(plan, plugins, tmp_path).split())
    about = text[text.index("ABOUT THIS PLAN") :]
    for line in [
        "Clinician: Dr Ann Smith, Physiotherapist",
        "Registration number: HCPC PH123456",
        "Contact: 01234 567890",
        "Plan made: Friday 27 February 2026",
        f"Safety advice version: {plan.safety.version} ({plan.safety.fingerprint})",
        "Exercise text version: ",
        "Five exercises which can help relieve back pain",
        "NICE guide NG59",
    ]:
        assert line in about
    assert "review" not in about.lower()  # nothing was reviewed: the footer never says so
    assert "For advice, contact 01234 567890." in text


def test_a_plan_without_a_contact_tells_the_patient_whom_to_ask(plan, plugins, tmp_path):
    text = " ".join(export(plan.edited(clinic_contact=""), plugins, tmp_path).split())
    assert "For advice, contact your GP or the clinic that gave you this plan." in text


def test_doses_schedule_notes_and_review_read_in_words(plan, plugins, tmp_path):
    text = " ".join(export(plan, plugins, tmp_path).split())
    assert (
        "3. Arm openings: Repeat for 1 minute on one side, then 1 minute on the other side. "
        "Hold for a few seconds each time"
    ) in text
    assert "Monday, Wednesday and Friday at 08:00 for 6 weeks, from Monday 2 March 2026." in text
    assert "Each session takes about 11 minutes (10 minutes of exercise)." in text
    assert "Changing sides: - Lie on your other side and repeat." in text
    assert "Start gently — “little and often”." in text
    assert "Review: Monday 13 April 2026" in text and "Clinician: Dr Ann Smith" in text


def test_utf8_by_default_and_ascii_only_when_asked(plan, plugins, tmp_path):
    assert "Zoë Ωmega" in export(plan, plugins, tmp_path / "utf8.txt")
    ascii_text = export(plan, plugins, tmp_path / "ascii.txt", ascii="yes")
    ascii_text.encode("ascii")
    assert "Zoe ?mega" in ascii_text
    assert 'Start gently - "little and often".' in ascii_text


def test_width_option_and_bad_options_are_explained(plan, plugins, tmp_path):
    wide = export(plan, plugins, tmp_path, width="100")
    assert max(len(line) for line in wide.splitlines()) > 72
    with pytest.raises(BackcareError, match="width must be a whole number from 40 to 200"):
        export(plan, plugins, tmp_path / "x.txt", width="10")
    with pytest.raises(BackcareError, match="ascii must be yes or no"):
        export(plan, plugins, tmp_path / "y.txt", ascii="maybe")


@pytest.mark.parametrize("width", [40, 72])
def test_a_megabyte_without_a_space_is_broken_into_lines_and_nothing_is_lost(plugins, tmp_path, width):
    """A pasted link or data blob in the notes comes out whole, in lines that fit (and in linear time)."""
    word = "".join(f"{n:07d}" for n in range(150_000))[:1_000_000]
    plan = bundled_plan(patient="Jane Doe", start_date=date(2026, 3, 2), notes=f"See {word} then rest.")
    text = export(plan, plugins, tmp_path, width=str(width))
    assert max(len(line) for line in text.splitlines()) <= width
    assert f"See{word}thenrest." in "".join(text.split())
