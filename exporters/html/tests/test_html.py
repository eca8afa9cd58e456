"""The HTML handout as a file: self-contained, escaped, structured. (Browser checks: test_html_browser.py.)"""

from __future__ import annotations

import base64
import hashlib
import itertools
import re
from datetime import date

import pytest

from backcare_kit import bundled_plan, export_plan
from backcare_kit.handout import outline
from backcare_kit.plugins import build_plugins
from backcare_kit.words import STAGES_AHEAD, TIMER_WORDS

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
    [stage] = timer["stages"]  # a plan without phases: one stage, all its weeks
    assert (stage["first_day"], stage["last_day"]) == ("2026-03-02", "2026-04-12")
    stretches = stage["stretches"]
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


# -- a plan that changes over the weeks ---------------------------------------------------------------------


def timer_data(html: str) -> dict:
    import json

    [data] = re.findall(r'<script type="application/json" id="timer-data">(.*?)</script>', html, re.S)
    return json.loads(data)


#: An exercise in a stage: its number and name (a level below the stage's weeks), then its dose.
EXERCISE_IN_A_STAGE = r'<h4 id="[^"]+">(\d+)\. ([^<]+)</h4>\s*<p class="dose"><strong>How much:</strong> ([^<]+)</p>'


def test_a_plan_with_phases_is_laid_out_stage_by_stage_each_with_its_weeks_length_and_doses(
    plan, plugins, tmp_path, three_stages
):
    staged = three_stages(plan)
    html = html_of(staged, plugins, tmp_path)
    doc = outline(staged)
    body = html[html.index("<body>") :]
    headings = [f'<h3 id="stage-{stage.number}-title">{stage.weeks}</h3>' for stage in doc.stages]
    assert headings[0].endswith(">Weeks 1 to 2, from Monday 2 March to Sunday 15 March 2026</h3>")
    places = [body.index(heading) for heading in headings]
    assert places == sorted(places)
    assert body.index('class="safety"') < body.index('class="when"') < places[0]  # safety first, whatever the weeks
    when = body[body.index('class="when"') : body.index("</section>", body.index('class="when"'))]
    assert STAGES_AHEAD in when and "Each session takes" not in when  # no one length for every week
    parts = [body[start:end] for start, end in itertools.pairwise([*places, body.index("</footer>")])]
    for part, stage in zip(parts, doc.stages, strict=True):
        assert f"Each session takes about {stage.session_length}: {stage.work_length} of exercise" in part
        shown = re.findall(EXERCISE_IN_A_STAGE, part)
        assert shown == [(str(ex.number), ex.name, ex.dose) for ex in stage.exercises]  # numbered from 1 each time
    glute = [re.search(r"How much:</strong> ([^<.]+)", part)[1] for part in parts]
    assert glute == ["Repeat for 1 minute", "Repeat for 2 minutes", "Repeat for 1 minute 30 seconds"]
    assert "Arm openings" in parts[1] and "Arm openings" not in parts[2]
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert re.findall(r'aria-labelledby="([^"]+)"', html) and all(
        f'id="{target}"' in html for target in re.findall(r'aria-labelledby="([^"]+)"', html)
    )
    levels = [int(n) for n in re.findall(r"<h([1-6])", html)]
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_the_timer_carries_every_stage_with_its_days_and_its_own_stretches(plan, plugins, tmp_path, three_stages):
    staged = three_stages(plan)
    timer = timer_data(html_of(staged, plugins, tmp_path))
    days = [(s["weeks"], s["first_day"], s["last_day"], s["starts"], s["ends"]) for s in timer["stages"]]
    assert days == [
        ("Weeks 1 to 2", "2026-03-02", "2026-03-15", "Monday 2 March 2026", "Sunday 15 March 2026"),
        ("Weeks 3 to 4", "2026-03-16", "2026-03-29", "Monday 16 March 2026", "Sunday 29 March 2026"),
        ("Weeks 5 to 6", "2026-03-30", "2026-04-12", "Monday 30 March 2026", "Sunday 12 April 2026"),
    ]
    for data, stage in zip(timer["stages"], staged.stages(), strict=True):
        assert [s["seconds"] for s in data["stretches"]] == [s.seconds for s in stage.routine.timing().segments]
    assert timer["words"]["before"] == TIMER_WORDS["before"]  # the script's phrases come from the core


def test_a_plan_without_phases_shows_no_choice_of_weeks(plan, plugins, tmp_path, three_stages):
    html = html_of(plan, plugins, tmp_path)
    assert "timer-stage-select" not in html and 'class="stage"' not in html and STAGES_AHEAD not in html
    staged = html_of(three_stages(plan), plugins, tmp_path / "staged")
    [choice] = re.findall(r'<select id="timer-stage-select"[^>]*>(.*?)</select>', staged, re.S)
    assert re.findall(r'<option value="(\d)">([^<]+)</option>', choice) == [
        ("0", "Weeks 1 to 2"),
        ("1", "Weeks 3 to 4"),
        ("2", "Weeks 5 to 6"),
    ]
    assert f'<label for="timer-stage-select">{TIMER_WORDS["stage"]}</label>' in staged


# -- pictures --------------------------------------------------------------------------------------------------

IMG = re.compile(r"<img\b([^>]*)>")


def images(html: str) -> list[dict[str, str]]:
    """Every ``<img>``'s attributes, as a browser reads them (entities decoded)."""
    from html.parser import HTMLParser

    found: list[dict[str, str]] = []

    class Images(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "img":
                found.append({name: value or "" for name, value in attrs})

    Images(convert_charrefs=True).feed(html)
    return found


def policy_of(html: str) -> dict[str, list[str]]:
    [policy] = re.findall(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    directives = (d.split() for d in policy.split(";") if d.strip())
    return {name: sources for name, *sources in directives}


def test_each_picture_is_embedded_as_a_data_uri_with_its_alt_and_size(plan, plugins, tmp_path, illustrations):
    drawn = illustrations.illustrate(plan)
    html = html_of(drawn, plugins, tmp_path)
    shown = images(html)
    expected = [picture for ex in outline(drawn).exercises for picture in ex.pictures]
    assert len(expected) == 10 and len(shown) == len(expected)  # start and end of each of the five
    for img, picture in zip(shown, expected, strict=True):
        assert img["src"] == picture.data_uri and img["src"].startswith("data:image/svg+xml;base64,")
        assert img["alt"] == picture.alt and img["alt"].strip()
        assert int(img["width"]) > 0 and int(img["height"]) > 0  # the room it takes, known before it is drawn


def test_the_policy_adds_images_from_data_uris_and_nothing_else(plan, plugins, tmp_path, illustrations):
    before = policy_of(html_of(illustrations.without_pictures(plan), plugins, tmp_path / "before"))
    after = policy_of(html_of(illustrations.illustrate(plan), plugins, tmp_path / "after"))
    assert after["img-src"] == ["data:"]
    assert {name: s for name, s in after.items() if name != "img-src"} == {
        name: s for name, s in before.items() if name != "img-src"
    }
    assert set(after) == {"default-src", "style-src", "script-src", "img-src", "base-uri", "form-action"}
    assert after["default-src"] == ["'none'"]


def test_a_clinics_own_png_jpeg_and_svg_are_each_embedded(plan, plugins, tmp_path, illustrations):
    pictures = illustrations.clinic_pictures()
    bare = illustrations.without_pictures(plan)  # only the clinic's pictures on the page, whatever is bundled
    html = html_of(illustrations.with_clinic_pictures(bare, 1, pictures), plugins, tmp_path)
    shown = images(html)
    assert [img["src"] for img in shown] == [picture.data_uri for picture in pictures]
    assert [img["src"].split(";")[0] for img in shown] == ["data:image/png", "data:image/jpeg", "data:image/svg+xml"]
    assert [(img["width"], img["height"]) for img in shown] == [("64", "40"), ("80", "60"), ("120", "60")]
    assert [img["alt"] for img in shown] == [picture.alt for picture in pictures]
    rock_back = html[html.index('id="exercise-2"') : html.index('id="exercise-3"')]
    assert rock_back.count("<img ") == 3 and "<figcaption>" not in rock_back  # three: not a start and an end


def test_two_pictures_are_a_start_and_an_end(plan, plugins, tmp_path, illustrations):
    html = html_of(illustrations.illustrate(plan), plugins, tmp_path)
    first = html[html.index('id="exercise-1"') : html.index('id="exercise-2"')]
    assert re.findall(r"<figcaption>([^<]+)</figcaption>", first) == ["Start", "End"]
    steps = first.index("<ol>")
    assert first.index('<div class="pictures">') < steps  # above the steps on a narrow screen, in reading order


def test_typed_text_alternatives_are_escaped(plan, plugins, tmp_path, illustrations):
    attack = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    bare = illustrations.without_pictures(plan)
    typed = illustrations.with_clinic_pictures(bare, 0, illustrations.clinic_pictures(alt=attack))
    html = html_of(typed, plugins, tmp_path)
    assert (
        "<script>alert(1)" not in html
        and "<img src=x" not in html
        and "onerror=alert"
        not in html.replace("&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;", "")
    )
    assert [img["alt"] for img in images(html)] == [attack] * 3  # shown as typed, never as markup


def test_exercises_without_pictures_show_no_pictures_and_no_empty_box(plan, plugins, tmp_path, illustrations):
    plain = html_of(illustrations.without_pictures(plan), plugins, tmp_path / "plain")
    markup = plain[plain.index("<body>") : plain.index("<script")]
    assert "<img" not in markup and 'class="pictures"' not in markup and "timer-figure" not in markup
    assert 'class="illustrated"' not in plain and timer_data(plain)["figures"] == {}
    one = illustrations.with_clinic_pictures(
        illustrations.without_pictures(plan), 1, illustrations.clinic_pictures()[:1]
    )
    mixed = html_of(one, plugins, tmp_path / "mixed")
    assert mixed.count('<div class="pictures">') == 1 and 'class="timer-figure"' in mixed
    [stage] = timer_data(mixed)["stages"]
    shown = {(s["label"], s["figure"]) for s in stage["stretches"]}
    assert ("Rock back", "rock-back") in shown and ("Get ready: Rock back", "rock-back") in shown
    assert all(figure == "" for label, figure in shown if "Rock back" not in label)


def test_the_timer_carries_each_exercises_figure_once_however_many_stages_show_it(
    plan, plugins, tmp_path, illustrations, three_stages
):
    staged = illustrations.illustrate(three_stages(plan))
    html = html_of(staged, plugins, tmp_path)
    timer = timer_data(html)
    ids = [item.exercise.id for item in plan.routine.items]
    assert sorted(timer["figures"]) == sorted(ids)
    for figure in timer["figures"].values():
        assert figure["motion"].startswith("<svg") and re.fullmatch(r"stage-1-exercise-\d", figure["pictures"])
        assert f'id="{figure["pictures"]}"' in html  # the page's first article of that exercise
    for stage in timer["stages"]:
        assert {s["figure"] for s in stage["stretches"]} <= set(ids) and all(s["figure"] for s in stage["stretches"])
    assert html.count("<img ") == 2 * sum(len(s.exercises) for s in outline(staged).stages)  # beside every copy


def test_the_moving_figure_is_checked_before_it_goes_into_the_page():
    from backcare_kit_html.pictures import UnsafeFigure, inline_svg

    ns = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
    animate = '<animate attributeName="x2" values="9;1;9" dur="4s"/>'
    moving = f'<svg {ns}><line x1="0" y1="0" x2="9" y2="9">{animate}</line></svg>'
    assert inline_svg(moving) == moving
    assert inline_svg(f'<svg {ns}><defs><path id="p" d="M0 0"/></defs><use href="#p"/></svg>')
    for bad, why in [
        (f"<svg {ns}><script>alert(1)</script></svg>", "<script>"),
        (f'<svg {ns} onload="alert(1)"/>', "onload"),
        (f'<svg {ns}><g style="fill:red"/></svg>', "style"),
        (f"<svg {ns}><style>g{{}}</style></svg>", "style"),
        (f'<svg {ns}><use xlink:href="http://example.org/x.svg#a"/></svg>', "outside the drawing"),
        (f'<svg {ns}><rect fill="url(http://example.org/p)"/></svg>', "http://example.org/p"),
        (f"<svg {ns}><foreignObject/></svg>", "foreignObject"),
        (f'<svg {ns}><set attributeName="href" to="javascript:alert(1)"/></svg>', "changes a link"),
        ('<html xmlns="http://www.w3.org/1999/xhtml"/>', "not <html>"),
    ]:
        with pytest.raises(UnsafeFigure, match=re.escape(why)):
            inline_svg(bad)
