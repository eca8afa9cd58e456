"""The HTML handout as a file: self-contained, escaped, structured. (Browser checks: test_html_browser.py.)"""

from __future__ import annotations

import base64
import hashlib
import itertools
import re
from datetime import date

import pytest

from backcare_kit import bundled_plan, export_plan
from backcare_kit.plugins import build_plugins

pytest.importorskip("backcare_kit_html")


@pytest.fixture(scope="module")
def plugins():
    return build_plugins(selected="html")


@pytest.fixture
def plan():
    return bundled_plan(
        patient="Jane Doe",
        start_date=date(2026, 3, 2),
        notes="Start gently.\nKeep a diary.",
        clinician="Dr Ann Smith",
        clinic="Riverside Physio",
        clinic_contact="01234 567890",
        review_date=date(2026, 4, 13),
    )


def html_of(plan, plugins, tmp_path):
    return export_plan(plan, "html", tmp_path, plugins=plugins).read_text(encoding="utf-8")


def sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def test_page_is_self_contained_and_its_policy_allows_only_its_own_inline_code(plan, plugins, tmp_path):
    html = html_of(plan, plugins, tmp_path)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html, re.I)
    assert "@import" not in html and "url(" not in html
    [policy] = re.findall(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert "default-src 'none'" in policy
    [css] = re.findall(r"<style>(.*?)</style>", html, re.S)
    [js] = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert f"style-src '{sha256(css)}'" in policy and f"script-src '{sha256(js)}'" in policy


def test_structure_one_h1_safety_first_numbered_steps(plan, plugins, tmp_path):
    html = html_of(plan, plugins, tmp_path)
    assert '<html lang="en">' in html
    assert html.count("<h1>") == 1
    assert html.index('class="safety"') < html.index('class="exercise"')
    assert html.count('<article class="exercise"') == 5
    assert "<ol>\n<li>Take a slow breath in.</li>" in html
    levels = [int(n) for n in re.findall(r"<h([1-6])", html)]
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_schedule_doses_notes_and_clinic_in_words(plan, plugins, tmp_path):
    html = html_of(plan, plugins, tmp_path)
    for text in [
        "Monday, Wednesday and Friday at 08:00 for 6 weeks, from Monday 2 March 2026",
        "about 11 minutes",
        "Repeat for 1 minute on one side, then 1 minute on the other side. Hold for a few seconds each time",
        "<p>Keep a diary.</p>",
        "Clinician: Dr Ann Smith",
        "Contact: 01234 567890",
        "Review: Monday 13 April 2026",
        "Lie on your other side and repeat.",
    ]:
        assert text in html


def test_everything_typed_is_escaped(plan, plugins, tmp_path):
    attack = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    typed = plan.edited(
        patient=f"Jane {attack}",
        notes=attack,
        clinician=attack,
        clinic=attack,
        clinic_contact=attack,
        routine=plan.routine.tailor(0, cues=(attack,)),
    )
    html = html_of(typed, plugins, tmp_path)
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 6


def test_timer_is_hidden_until_its_script_runs_and_carries_every_stretch(plan, plugins, tmp_path):
    html = html_of(plan, plugins, tmp_path)
    assert re.search(r'<section class="timer"[^>]*\bhidden\b', html)
    import json

    [data] = re.findall(r'<script type="application/json" id="timer-data">(.*?)</script>', html, re.S)
    timer = json.loads(data)
    stretches = timer["stretches"]
    assert sum(s["seconds"] for s in stretches) == plan.timing().total_seconds
    arm = [(s["side"], s["side_words"]) for s in stretches if s["label"] == "Arm openings"]
    assert arm == [("first", "first side"), ("second", "second side")]  # a stable code, and its words
    assert stretches[5]["switch"] == "Lie on your other side and repeat."
    assert timer["words"]["switch"] == "Switch sides."  # the script's phrases come from backcare_kit.words


def test_script_end_tags_typed_into_a_name_cannot_close_the_timer_data(plan, plugins, tmp_path):
    html = html_of(
        plan.edited(routine=plan.routine.tailor(0, cues=("</script><script>alert(1)//",))), plugins, tmp_path
    )
    [data] = re.findall(r'<script type="application/json" id="timer-data">(.*?)</script>', html, re.S)
    assert "Get ready" in data


def test_every_safety_section_then_the_contact_come_before_anything_else(plan, plugins, tmp_path):
    html = html_of(plan, plugins, tmp_path)
    body = html[html.index("<body>") :]
    places = [body.index(f'class="safety-section safety-{section.id}"') for section in plan.safety.sections]
    assert places == sorted(places) and len(places) == 6
    contact = body.index('<p class="safety-contact"><strong>For advice, contact Riverside Physio: 01234 567890.')
    assert places[-1] < contact < body.index("</section>", contact) < body.index('class="when"')
    assert body.index('class="safety"') < body.index('class="when"') < body.index('class="exercise"')


def test_the_footer_says_what_is_true_and_credits_the_sources(plan, plugins, tmp_path):
    made = plan.edited(
        made_on=date(2026, 2, 27), clinician_profession="Physiotherapist", clinician_registration="HCPC PH123456"
    )
    html = html_of(made, plugins, tmp_path)
    footer = html[html.index("<footer") : html.index("</footer>")]
    for text in [
        "Clinician: Dr Ann Smith, Physiotherapist",
        "Registration number: HCPC PH123456",
        "Plan made: Friday 27 February 2026",
        f"Safety advice version: {made.safety.version} ({made.safety.fingerprint})",
        "Exercise text version:",
        '<div class="credits">',
        "Five exercises which can help relieve back pain",
        "NICE guide NG59",
    ]:
        assert text in footer
    assert "Reviewed by" not in html and "reviewed" not in footer.lower()
