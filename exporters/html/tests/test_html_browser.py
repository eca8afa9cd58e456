"""The HTML handout in headless Chromium: accessible, offline, a working timer, readable on paper and phones.

The page's contract, as these tests read it:

* one self-contained file: ``<html lang="en">``, one ``<h1>``, heading levels
  that never skip, and a Content-Security-Policy ``<meta>`` (before any style
  or script) with ``default-src 'none'`` that allows only inline style and script;
* ``section.safety`` comes before the first ``article.exercise``; each exercise
  is an ``article.exercise`` with an ``<h2>``/``<h3>`` name, its dose and an
  ``<ol>`` of steps;
* ``section.timer`` is ``hidden`` in the markup and shown by the script, with
  ``button.timer-start``/``.timer-pause``/``.timer-skip``, ``.timer-clock`` (m:ss
  left in the current stretch), ``.timer-exercise``, ``.timer-side`` and an
  ``aria-live="polite"`` ``.timer-announce``; transitions are stretches too.

Time in the timer tests is Playwright's fake clock, so they take no real time.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from datetime import date, datetime, timedelta

import pytest
from backcare_kit_browser import (
    assert_not_blank,
    format_violations,
    record_requests,
    require,
    run_axe,
    save_screenshot,
    screenshot_folder,
    unavailable,
    watch_errors,
)

from backcare_kit import bundled_plan, export_plan
from backcare_kit.handout import outline
from backcare_kit.plugins import build_plugins
from backcare_kit.progression import stage_days
from backcare_kit.words import TIMER_WORDS, clock, date_in_words, segment_label

require("backcare_kit_html", "pip install -e exporters/html")
expect = require("playwright.sync_api", "pip install playwright").expect

pytestmark = pytest.mark.slow

NAMES = (
    "Glute bridge with spinal articulation",
    "Rock back",
    "Arm openings",
    "Bent knee fall out",
    "Lumbar rotation stretch",
)

#: CSS pixels in a point, and in a centimetre.
PT = 96 / 72
CM = 96 / 2.54

SCRIPT = "<script>window.__xss=1</script>"
ATTRIBUTE = '"><img src=x onerror=window.__xss=1>'
SINGLE = "'><img src=x onerror=window.__xss=1>"
IMG = "<img src=x onerror=window.__xss=1>"

#: What the fake clock reads when the page opens.
MORNING = datetime(2026, 3, 2, 8, 0)

#: Discard port on loopback: a probe that cannot reach anything even if the policy failed.
PROBE = "http://127.0.0.1:9/probe"


def make_plan(**fields):
    details = {
        "patient": "Jane Doe",
        "notes": "Start gently.\nKeep a diary of how your back feels.",
        "clinician": "Dr Ann Smith",
        "clinic": "Riverside Physio",
        # A long word with no hyphen to break at: on a phone it must wrap, not widen the page.
        "clinic_contact": "appointments@riversidephysiotherapyclinic.example.org",
        "review_date": date(2026, 4, 13),
    }
    return bundled_plan(start_date=date(2026, 3, 2), **{**details, **fields})


@pytest.fixture(scope="module")
def plugins():
    return build_plugins(selected="html")


@pytest.fixture(scope="module")
def plan():
    return make_plan()


@pytest.fixture(scope="module")
def handout(plan, plugins, tmp_path_factory):
    """The handout's file:// URL (exported once for the module)."""
    return export_plan(plan, "html", tmp_path_factory.mktemp("handout"), plugins=plugins).as_uri()


@pytest.fixture(scope="module")
def staged(plan, three_stages):
    """The plan in three stages (conftest.in_three_stages): weeks 1-2 from Monday 2 March 2026 (MORNING)."""
    return three_stages(plan)


@pytest.fixture(scope="module")
def staged_handout(staged, plugins, tmp_path_factory):
    """The three-stage plan's handout, exported once for the module."""
    return export_plan(staged, "html", tmp_path_factory.mktemp("staged"), plugins=plugins).as_uri()


@pytest.fixture(scope="module")
def drawn(plan, illustrations):
    """The plan with every exercise drawn at its start and end (conftest.illustrate)."""
    return illustrations.illustrate(plan)


@pytest.fixture(scope="module")
def illustrated_handout(drawn, plugins, tmp_path_factory):
    """The illustrated plan's handout, exported once for the module."""
    return export_plan(drawn, "html", tmp_path_factory.mktemp("illustrated"), plugins=plugins).as_uri()


@pytest.fixture(scope="module")
def staged_illustrated_handout(staged, illustrations, plugins, tmp_path_factory):
    """The three-stage plan, illustrated, exported once for the module."""
    folder = tmp_path_factory.mktemp("staged-illustrated")
    return export_plan(illustrations.illustrate(staged), "html", folder, plugins=plugins).as_uri()


def open_page(page, url, *, clock=False, at=MORNING):
    """Load the handout watching requests and errors; with ``clock``, time stands still at ``at`` but for run_for."""
    requests = record_requests(page, url)
    errors = watch_errors(page)
    if clock:
        page.clock.install(time=at)
    page.goto(url)
    if clock:
        page.clock.pause_at(at + timedelta(minutes=1))  # no real time leaks in while a test checks
    return requests, errors


def text_of(locator) -> str:
    return " ".join(locator.inner_text().split())


@pytest.fixture
def timer(page, handout):
    """The handout with the fake clock installed and the timer on screen."""
    open_page(page, handout, clock=True)
    expect(page.locator("section.timer")).to_be_visible()
    return page


# -- structure ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["handout", "staged_handout", "illustrated_handout"])
def test_document_outline(page, which, request):
    page.goto(request.getfixturevalue(which))
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("h1").count() == 1
    levels = page.eval_on_selector_all("h1, h2, h3, h4, h5, h6", "hs => hs.map(h => Number(h.tagName[1]))")
    assert levels[0] == 1, f"the first heading is h{levels[0]}"
    skips = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
    assert not skips, f"heading levels skip: {skips} in {levels}"


def test_safety_text_comes_before_the_first_exercise(page, handout, plan):
    page.goto(handout)
    assert page.evaluate(
        """() => {
            const safety = document.querySelector("section.safety");
            const first = document.querySelector("article.exercise");
            return Boolean(safety && first && safety.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    ), "section.safety must come before the first article.exercise"
    safety = text_of(page.locator("section.safety"))
    for section in plan.safety.sections:
        assert section.heading in safety
        for item in section.items:
            assert " ".join(item.split()) in safety


def test_each_exercise_has_its_name_dose_and_steps(page, handout, plan):
    page.goto(handout)
    articles = page.locator("article.exercise")
    exercises = outline(plan).exercises
    assert articles.count() == len(exercises) == len(NAMES)
    for n, exercise in enumerate(exercises):
        article = articles.nth(n)
        assert exercise.name in text_of(article.locator("h2, h3").first), f"exercise {n + 1} is not {exercise.name}"
        assert exercise.dose in text_of(article), f"{exercise.name}: dose {exercise.dose!r} not shown"
        steps = [" ".join(s.split()) for s in article.locator("ol > li").all_inner_texts()]
        missing = [step for step in exercise.steps if step not in steps]
        assert not missing, f"{exercise.name}: steps not in an <ol>: {missing}"


def test_the_pages_own_style_and_script_run_under_its_policy(page, handout):
    _, errors = open_page(page, handout)
    expect(page.locator("section.timer")).to_be_visible()  # the script ran and showed the timer
    styles = page.evaluate("document.querySelectorAll('style').length")
    applied = page.evaluate("[...document.styleSheets].filter((s) => s.cssRules.length).length")
    assert styles >= 1 and applied == styles, f"{applied} of {styles} <style> blocks applied"
    assert errors == [], "console errors (a policy refusing the page's own code shows here):\n" + "\n".join(errors)


# -- accessibility -----------------------------------------------------------------------------------------


def test_axe_finds_no_violations(page, handout, axe_path):
    open_page(page, handout)  # real time: axe runs on the page's timers
    expect(page.locator("section.timer")).to_be_visible()
    violations = run_axe(page, axe_path)
    assert violations == [], "on load:\n" + format_violations(violations)
    page.locator("button.timer-start").click()
    page.locator("button.timer-skip").click()
    expect(page.locator(".timer-announce")).not_to_be_empty()
    violations = run_axe(page, axe_path)
    assert violations == [], "with the timer running:\n" + format_violations(violations)


def test_timer_controls_are_named_and_its_announcements_polite(timer):
    for kind in ("start", "pause", "skip"):
        expect(timer.locator(f"button.timer-{kind}")).to_have_accessible_name(re.compile(r"\w"))
    expect(timer.locator(".timer-announce")).to_have_attribute("aria-live", "polite")


# -- nothing leaves the page ----------------------------------------------------------------------------------


def test_no_requests_while_loading_or_using_the_timer(page, handout):
    requests, errors = open_page(page, handout, clock=True)
    page.locator("button.timer-start").click()
    page.clock.run_for(5_000)
    page.locator("button.timer-skip").click()
    page.locator("button.timer-pause").click()
    page.locator("button.timer-start").click()
    page.clock.run_for(20_000)
    assert requests.requests == [handout], f"requests besides the page itself: {requests.external}"
    assert errors == []


def test_policy_forbids_every_external_load(page, handout):
    page.goto(handout)
    meta = 'meta[http-equiv="Content-Security-Policy" i]'
    assert page.locator(meta).count() == 1
    assert page.evaluate(
        """(meta) => {
            const policy = document.querySelector(meta);
            const code = document.querySelector("style, script, link");
            return policy.parentElement === document.head
                && (!code || Boolean(policy.compareDocumentPosition(code) & Node.DOCUMENT_POSITION_FOLLOWING));
        }""",
        meta,
    ), "the policy must be in <head>, before any style or script (it covers only what follows it)"
    policy = page.get_attribute(meta, "content")
    directives = {}
    for directive in filter(None, (d.strip() for d in policy.split(";"))):
        name, *sources = directive.split()
        directives[name.lower()] = sources
    assert directives.get("default-src") == ["'none'"], policy
    assert not {"report-uri", "report-to"} & set(directives), f"reports would leave the page: {policy}"
    inline = re.compile(r"'none'|'unsafe-inline'|'(sha256|sha384|sha512)-[A-Za-z0-9+/=]+'|'nonce-[^']+'|data:")
    loose = [(name, s) for name, sources in directives.items() for s in sources if not inline.fullmatch(s)]
    assert not loose, f"sources that could load from outside the file: {loose}"


def test_policy_refuses_loads_added_at_run_time(page, handout):
    requests, _ = open_page(page, handout)
    refused = page.evaluate(
        """async (probe) => {
            const refused = [];
            document.addEventListener("securitypolicyviolation", (e) => refused.push(e.blockedURI));
            const img = document.createElement("img");
            img.alt = "";
            img.src = probe + ".png";
            document.body.append(img);
            await fetch(probe + ".json").catch(() => null);
            for (let i = 0; i < 100 && refused.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
            return refused;
        }""",
        PROBE,
    )
    assert len(refused) == 2 and all(url.startswith("http://127.0.0.1:9") for url in refused), refused
    # The policy refused them, not the test's own guard (which aborts with a different reason).
    assert all(requests.failures.get(url, "csp") == "csp" for url in requests.external), requests.failures


# -- the timer -------------------------------------------------------------------------------------------------


def test_timer_counts_down_pauses_and_resumes(timer):
    clock = timer.locator(".timer-clock")
    expect(clock).to_have_text("2:00")
    expect(timer.locator(".timer-exercise")).to_contain_text(NAMES[0])
    timer.locator("button.timer-start").click()
    timer.clock.run_for(5_000)
    expect(clock).to_have_text("1:55")
    timer.locator("button.timer-pause").click()
    timer.clock.run_for(10_000)
    expect(clock).to_have_text("1:55")
    timer.locator("button.timer-start").click()
    timer.clock.run_for(1_000)
    expect(clock).to_have_text("1:54")


def test_skip_goes_to_the_next_stretch(timer):
    timer.locator("button.timer-start").click()
    timer.clock.run_for(2_000)
    timer.locator("button.timer-skip").click()
    expect(timer.locator("section.timer")).to_contain_text("Get ready: Rock back")
    expect(timer.locator(".timer-exercise")).to_contain_text("Rock back")
    expect(timer.locator(".timer-clock")).to_have_text("0:15")


def test_second_side_and_next_exercise_are_announced(timer):
    timer.locator("button.timer-start").click()
    for _ in range(4):  # Rock back's transition, Rock back, Arm openings' transition, Arm openings
        timer.locator("button.timer-skip").click()
    expect(timer.locator(".timer-exercise")).to_contain_text("Arm openings")
    expect(timer.locator(".timer-side")).to_contain_text("first side")
    expect(timer.locator(".timer-clock")).to_have_text("1:00")
    announce = timer.locator(".timer-announce")
    timer.clock.run_for(62_000)  # the first side runs out
    expect(timer.locator(".timer-side")).to_contain_text("second side")
    expect(announce).to_have_text(re.compile("switch", re.IGNORECASE))
    timer.clock.run_for(60_000)  # the second side runs out: Bent knee fall out is next
    expect(announce).to_contain_text("Bent knee fall out")


@pytest.fixture(scope="module")
def reps_handout(plugins, tmp_path_factory):
    """A handout of the tests' doses by repetitions (tests/data), exported once for the module."""
    from pathlib import Path

    from backcare_kit import load_catalog
    from backcare_kit.templates import load_template

    data = Path(__file__).resolve().parents[3] / "tests" / "data"
    routine = load_template(data / "reps-routine.json", load_catalog(data / "reps-exercises.csv"))
    folder = tmp_path_factory.mktemp("reps")
    return export_plan(make_plan().edited(routine=routine), "html", folder, plugins=plugins).as_uri()


def test_a_dose_by_repetitions_counts_sets_and_rests(page, reps_handout):
    open_page(page, reps_handout, clock=True)
    exercise, reps, clock = page.locator(".timer-exercise"), page.locator(".timer-reps"), page.locator(".timer-clock")
    announce = page.locator(".timer-announce")
    expect(exercise).to_have_text("Sit to stand, set 1 of 3")
    expect(reps).to_have_text(re.compile(r"^Do 10 repetitions at your own pace"))
    expect(clock).to_have_text("0:40")  # 10 repetitions at 4 seconds each: an estimate
    page.locator("button.timer-start").click()
    page.clock.run_for(40_500)  # half a second into the rest
    expect(exercise).to_have_text("Rest, then Sit to stand, set 2 of 3")
    expect(announce).to_have_text(re.compile("^Rest"))
    expect(clock).to_have_text("0:30")
    expect(reps).to_be_hidden()
    page.clock.run_for(30_000)
    expect(exercise).to_have_text("Sit to stand, set 2 of 3")
    expect(reps).to_contain_text("Do 10 repetitions")
    expect(announce).to_have_text("Start: Sit to stand, set 2 of 3")
    for _ in range(4):  # past set 2, its last rest, its last set and the transition to Bird dog
        page.locator("button.timer-skip").click()
    expect(exercise).to_have_text("Bird dog, set 1 of 3")
    expect(page.locator(".timer-side")).to_contain_text("alternating")
    expect(reps).to_contain_text("Do 8 repetitions")
    expect(clock).to_have_text("0:48")


def test_a_handout_with_repetitions_says_its_session_time_is_about(page, reps_handout):
    page.goto(reps_handout)
    when = text_of(page.locator("section.when"))
    assert "Each session takes about 8 minutes: 6 minutes of exercise" in when  # an estimate, to the half minute
    dose = text_of(page.locator("article.exercise").first.locator(".dose"))
    assert "Do 3 sets of 10 repetitions. Rest 30 seconds between sets. This takes about 3 minutes in all" in dose


@pytest.mark.parametrize("key", ["Enter", "Space"])
def test_keyboard_reaches_start_and_starts_the_timer(timer, key):
    for _ in range(50):
        timer.keyboard.press("Tab")
        if timer.evaluate("document.activeElement.matches('button.timer-start')"):
            break
    else:
        pytest.fail("Tab never reached the timer's start button")
    assert timer.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            return style.outlineStyle !== "none" || style.boxShadow !== "none";
        }"""
    ), "the focused start button shows no focus indicator"
    timer.keyboard.press(key)
    timer.clock.run_for(3_000)
    expect(timer.locator(".timer-clock")).to_have_text("1:57")


# -- without JavaScript ------------------------------------------------------------------------------------


def test_without_javascript_the_handout_is_complete_and_the_timer_hidden(browser, handout, plan):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(handout)
        headings = page.locator("article.exercise").locator("h2, h3")
        for name in NAMES:
            expect(headings.filter(has_text=name).first).to_be_visible()
        safety = page.locator("section.safety")
        expect(safety).to_be_visible()
        for section in plan.safety.sections:
            expect(safety).to_contain_text(section.heading)
        expect(page.locator("section.timer")).to_be_hidden()
    finally:
        context.close()


# -- print -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["handout", "illustrated_handout"])
def test_print_keeps_exercises_whole_and_drops_the_timer(page, which, request):
    page.set_viewport_size({"width": round(18 * CM), "height": round(25 * CM)})  # about an A4 text area
    page.goto(request.getfixturevalue(which))
    expect(page.locator("section.timer")).to_be_visible()
    page.emulate_media(media="print")
    articles = page.eval_on_selector_all(
        "article.exercise",
        """els => els.map(el => ({
            name: el.querySelector("h2, h3").textContent.trim(),
            breakInside: getComputedStyle(el).breakInside,
            height: el.getBoundingClientRect().height,
        }))""",
    )
    assert len(articles) == len(NAMES)
    split = [a["name"] for a in articles if a["breakInside"] not in ("avoid", "avoid-page")]
    assert not split, f"break-inside is not avoid for: {split}"
    # avoid only works for what fits on a page: Letter is 27.9 cm tall, so 24 cm leaves ~2 cm margins.
    tall = [(a["name"], round(a["height"] / CM, 1)) for a in articles if a["height"] > 24 * CM]
    assert not tall, f"exercises taller than a printed page (cm): {tall}"
    assert page.locator("section.timer").evaluate("el => getComputedStyle(el).display") == "none"
    visible = [b.inner_text() for b in page.locator("button").all() if b.is_visible()]
    assert not visible, f"buttons shown in print: {visible}"


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("which", ["handout", "illustrated_handout"])
def test_prints_to_pdf(page, which, paper, request):
    page.goto(request.getfixturevalue(which))
    pdf = page.pdf(format=paper)
    assert pdf.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    assert 1 <= pages <= 20, f"{pages} pages on {paper}"


# -- readable text -----------------------------------------------------------------------------------------

#: The handout's running text: exercise and safety paragraphs and list items, as rendered now.
BODY_TEXT = """(selector) => [...document.querySelectorAll(selector)]
    .filter((el) => el.getClientRects().length)
    .map((el) => {
        const style = getComputedStyle(el);
        const canvas = document.createElement("canvas").getContext("2d");
        canvas.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const size = parseFloat(style.fontSize);
        return {
            text: el.textContent.trim().slice(0, 40),
            px: size,
            // line-height: normal is about 1.2; report it as such.
            lineHeight: style.lineHeight === "normal" ? 1.2 : parseFloat(style.lineHeight) / size,
            // Line length in "0" widths, as CSS's ch unit measures it.
            ch: el.getBoundingClientRect().width / canvas.measureText("0").width,
        };
    })"""
BODY = "article.exercise li, article.exercise p, section.safety li, section.safety p"


def few(found: list) -> str:
    """The first few offenders, and how many there are."""
    return f"{len(found)}, e.g. {found[:3]}"


def body_text(page):
    text = page.evaluate(BODY_TEXT, BODY)
    assert len(text) > 20, f"too little body text found: {text}"
    return text


def test_text_is_large_and_lines_short_on_screen(page, handout):
    page.set_viewport_size({"width": 1600, "height": 1000})  # wide enough that only a max-width limits lines
    page.goto(handout)
    text = body_text(page)
    small = [t for t in text if t["px"] < 16]
    assert not small, f"text under 16px: {few(small)}"
    tight = [t for t in text if t["lineHeight"] < 1.5 - 0.01]
    assert not tight, f"line-height under 1.5: {few(tight)}"
    long = [t for t in text if t["ch"] > 80]
    assert not long, f"lines over about 75 characters (80ch allowed): {few(long)}"


def test_text_is_at_least_14pt_in_print(page, handout):
    page.goto(handout)
    page.emulate_media(media="print")
    text = body_text(page)
    small = [(t["text"], f"{t['px'] / PT:.1f}pt") for t in text if t["px"] < 14 * PT - 0.01]
    assert not small, f"printed text under 14pt: {few(small)}"
    tight = [t for t in text if t["lineHeight"] < 1.5 - 0.01]
    assert not tight, f"printed line-height under 1.5: {few(tight)}"


# -- hostile text ------------------------------------------------------------------------------------------


def test_typed_text_is_shown_literally_and_never_runs(page, plugins, tmp_path):
    typed = {
        "patient": f"Jane {SCRIPT} {ATTRIBUTE}",
        "notes": f"Note {SCRIPT} {ATTRIBUTE} {SINGLE}",
        "clinician": f"Dr {SCRIPT} {ATTRIBUTE}",
        "clinic": f"Clinic {SCRIPT} {SINGLE}",
        "clinic_contact": f"Call {ATTRIBUTE} {SCRIPT}",
    }
    hostile = make_plan(**typed)
    hostile = hostile.edited(routine=hostile.routine.tailor(0, cues=(IMG,)))
    url = export_plan(hostile, "html", tmp_path, plugins=plugins).as_uri()
    requests, errors = open_page(page, url)
    page.locator("button.timer-start").click()  # the timer still works with this text in the page
    page.wait_for_timeout(200)  # let any image error handlers fire
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.evaluate("document.querySelectorAll('[onerror], img[src=x]').length") == 0, "typed text became markup"
    assert page.evaluate("[...document.scripts].filter(s => s.textContent.includes('__xss')).length") == 0
    shown = text_of(page.locator("body"))
    for field, value in {**typed, "cue": IMG}.items():
        assert value in shown, f"{field} not shown literally: {value!r}"
    assert requests.external == []
    assert errors == []


# -- phones --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["handout", "staged_handout", "illustrated_handout", "staged_illustrated_handout"])
def test_phone_screen_needs_no_sideways_scrolling(browser, which, request):
    handout = request.getfixturevalue(which)
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=3, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        page.goto(handout)
        expect(page.locator("section.timer")).to_be_visible()
        size = page.evaluate(
            """() => {
                const root = document.documentElement;
                const name = (el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : "");
                const shown = [...document.body.querySelectorAll("*")].filter((el) => el.getClientRects().length);
                return {
                    client: root.clientWidth,
                    scroll: root.scrollWidth,
                    // Boxes past the edge, and text spilling out of its box (caught even if the page hid overflow).
                    past_edge: shown.filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1).map(name),
                    spilling: shown
                        .filter((el) => getComputedStyle(el).overflowX === "visible")
                        .filter((el) => el.clientWidth && el.scrollWidth > el.clientWidth + 1)
                        .map(name),
                };
            }"""
        )
        assert size["client"] == 390, f"laid out {size['client']}px wide: is there a viewport <meta>? {size}"
        assert size["scroll"] <= size["client"] and not size["past_edge"] and not size["spilling"], size
    finally:
        context.close()


# -- a plan that changes over the weeks ------------------------------------------------------------------------

#: Days of the three-stage plan, as the device's clock reads them (local time).
WEEK_4 = datetime(2026, 3, 25, 18, 0)
BEFORE_START = datetime(2026, 2, 20, 9, 0)
AFTER_END = datetime(2026, 4, 20, 9, 0)


def walk(page, count: int) -> list[tuple[str, str]]:
    """What the timer shows for each of ``count`` stretches, skipping from one to the next: (label, m:ss)."""
    seen = []
    for n in range(count):
        expect(page.locator(".timer-progress")).to_have_text(TIMER_WORDS["part"].format(number=n + 1, count=count))
        seen.append((text_of(page.locator(".timer-exercise")), text_of(page.locator(".timer-clock"))))
        if n + 1 < count:
            page.locator("button.timer-skip").click()
    return seen


def stretches_of(stage) -> list[tuple[str, str]]:
    """What the timer should show for a stage: each stretch's label and full time."""
    return [(segment_label(s), clock(s.seconds)) for s in stage.routine.timing().segments]


def stage_note(staged, key: str, number: int) -> str:
    """The timer's sentence about the weeks it runs, as the core words it (TIMER_WORDS)."""
    stage = staged.stages()[number - 1]
    first, last = stage_days(staged.schedule, stage)
    day = date_in_words(first if key == "before" else last)
    return TIMER_WORDS[key].format(weeks=f"Weeks {stage.first_week} to {stage.last_week}", date=day)


@pytest.mark.parametrize(
    ("at", "number", "key"),
    [
        (MORNING, 1, "today"),  # the first morning of week 1
        (datetime(2026, 3, 15, 23, 30), 1, "today"),  # late on the last day of week 2: still stage 1
        (datetime(2026, 3, 16, 0, 5), 2, "today"),  # just after midnight, the first day of week 3
        (WEEK_4, 2, "today"),
        (BEFORE_START, 1, "before"),
        (AFTER_END, 3, "after"),
    ],
    ids=["week-1", "end-of-week-2", "start-of-week-3", "week-4", "before-the-start", "after-the-end"],
)
def test_the_timer_runs_the_stage_of_the_devices_date(page, staged_handout, staged, at, number, key):
    requests, errors = open_page(page, staged_handout, clock=True, at=at)
    stage = staged.stages()[number - 1]
    expect(page.locator("select.timer-stage-select")).to_have_value(str(number - 1))
    expect(page.locator(".timer-stage-note")).to_have_text(stage_note(staged, key, number))
    assert walk(page, len(stage.routine.timing().segments)) == stretches_of(stage)
    assert requests.requests == [staged_handout] and errors == []


def test_the_notes_before_the_start_and_after_the_end_say_so_in_plain_words(page, staged_handout):
    open_page(page, staged_handout, clock=True, at=BEFORE_START)
    expect(page.locator(".timer-stage-note")).to_have_text(
        "Your plan starts on Monday 2 March 2026. Until then, the timer shows the first exercises (Weeks 1 to 2)."
    )
    open_page(page, staged_handout, clock=True, at=AFTER_END)
    expect(page.locator(".timer-stage-note")).to_have_text(
        "Your plan ended on Sunday 12 April 2026. You can still do the exercises. "
        "The timer shows the last ones (Weeks 5 to 6)."
    )


def test_the_patient_can_choose_other_weeks_and_come_back_to_todays(page, staged_handout, staged):
    requests, errors = open_page(page, staged_handout, clock=True)
    choice, note = page.locator("select.timer-stage-select"), page.locator(".timer-stage-note")
    expect(choice).to_have_accessible_name(TIMER_WORDS["stage"])
    page.locator("button.timer-start").click()
    page.clock.run_for(5_000)
    expect(page.locator(".timer-clock")).to_have_text("0:55")
    choice.select_option("2")  # weeks 5 to 6, while the timer runs
    expect(note).to_have_text(TIMER_WORDS["chosen"].format(weeks="Weeks 5 to 6"))
    expect(page.locator("button.timer-start")).to_be_enabled()  # stopped, at the start of the chosen session
    expect(page.locator("button.timer-pause")).to_be_disabled()
    expect(page.locator(".timer-announce")).to_be_empty()
    page.clock.run_for(5_000)
    expect(page.locator(".timer-clock")).to_have_text("1:30")  # the glute bridge's dose in weeks 5 to 6
    stage3 = staged.stages()[2]
    assert walk(page, len(stage3.routine.timing().segments)) == stretches_of(stage3)
    choice.focus()  # by keyboard: an arrow key moves to the weeks before
    page.keyboard.press("ArrowUp")
    expect(choice).to_have_value("1")
    expect(page.locator(".timer-clock")).to_have_text("2:00")
    choice.select_option("0")
    expect(note).to_have_text(stage_note(staged, "today", 1))  # back to today's, and it says so
    expect(page.locator(".timer-clock")).to_have_text("1:00")
    assert requests.requests == [staged_handout] and errors == [], (requests.external, errors)


def test_axe_finds_no_violations_on_a_plan_with_phases(page, staged_handout, axe_path):
    open_page(page, staged_handout)  # real time: axe runs on the page's timers
    expect(page.locator("section.timer")).to_be_visible()
    violations = run_axe(page, axe_path)
    assert violations == [], "on load:\n" + format_violations(violations)
    page.locator("select.timer-stage-select").select_option("2")
    page.locator("button.timer-start").click()
    page.locator("button.timer-skip").click()
    violations = run_axe(page, axe_path)
    assert violations == [], "after choosing other weeks:\n" + format_violations(violations)


def test_without_javascript_every_stage_is_shown(browser, staged_handout, staged):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(staged_handout)
        stages = page.locator("section.stage")
        expect(stages).to_have_count(3)
        for n, stage in enumerate(outline(staged).stages):
            expect(stages.nth(n).locator("h3")).to_have_text(stage.weeks)
            expect(stages.nth(n).locator("article.exercise")).to_have_count(len(stage.exercises))
        expect(page.locator("section.timer")).to_be_hidden()
    finally:
        context.close()


def test_print_keeps_each_stage_heading_with_its_first_exercise(page, staged_handout):
    page.set_viewport_size({"width": round(18 * CM), "height": round(25 * CM)})
    page.goto(staged_handout)
    page.emulate_media(media="print")
    starts = page.eval_on_selector_all(
        "section.stage",
        """els => els.map(el => {
            const start = el.querySelector(".stage-start");
            return {
                breakInside: start && getComputedStyle(start).breakInside,
                holds: Boolean(start && start.querySelector("h3") && start.querySelector("article.exercise")),
                height: start ? start.getBoundingClientRect().height : 0,
            };
        })""",
    )
    assert len(starts) == 3
    assert all(s["holds"] and s["breakInside"] in ("avoid", "avoid-page") for s in starts), starts
    assert all(s["height"] < 24 * CM for s in starts), "a stage's heading and first exercise do not fit a page"


def test_a_page_left_open_past_midnight_runs_the_new_days_stage_at_the_next_start(page, staged_handout, staged):
    open_page(page, staged_handout, clock=True, at=datetime(2026, 3, 15, 23, 50))  # the last evening of week 2
    expect(page.locator("select.timer-stage-select")).to_have_value("0")
    page.clock.pause_at(datetime(2026, 3, 16, 7, 0))  # next morning, the page still open
    page.locator("button.timer-start").click()
    expect(page.locator("select.timer-stage-select")).to_have_value("1")
    expect(page.locator(".timer-stage-note")).to_have_text(stage_note(staged, "today", 2))
    expect(page.locator(".timer-announce")).to_have_text("Start: Glute bridge with spinal articulation")
    page.clock.run_for(1_000)
    expect(page.locator(".timer-clock")).to_have_text("1:59")  # weeks 3 to 4's 2 minutes, running


def test_weeks_chosen_by_hand_are_kept_when_the_day_changes_and_a_paused_session_is_never_switched(
    page, staged_handout
):
    open_page(page, staged_handout, clock=True, at=datetime(2026, 3, 15, 23, 50))
    page.locator("button.timer-start").click()
    page.clock.run_for(5_000)
    page.locator("button.timer-pause").click()
    page.clock.pause_at(datetime(2026, 3, 16, 7, 0))
    page.locator("button.timer-start").click()  # resumes week 2's session where it was paused
    expect(page.locator("select.timer-stage-select")).to_have_value("0")
    expect(page.locator(".timer-clock")).to_have_text("0:55")
    page.locator("select.timer-stage-select").select_option("2")
    page.clock.pause_at(datetime(2026, 3, 17, 7, 0))
    page.locator("button.timer-start").click()
    expect(page.locator("select.timer-stage-select")).to_have_value("2")
    expect(page.locator(".timer-clock")).to_have_text("1:30")


# -- pictures ----------------------------------------------------------------------------------------------------

#: Each shown picture's box, its markup's width and height, and the box of the steps beside or below it.
PICTURE_BOXES = """() => [...document.querySelectorAll("article.exercise")].map((article) => {
    const box = (el) => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top,
        bottom: r.bottom, width: r.width, height: r.height}; };
    const pictures = article.querySelector(".pictures");
    return {
        article: box(article),
        pictures: pictures && box(pictures),
        steps: box(article.querySelector("ol")),
        images: [...article.querySelectorAll(".pictures img")].map((img) => ({
            ...box(img), attrWidth: Number(img.getAttribute("width")), attrHeight: Number(img.getAttribute("height")),
            contentWidth: img.clientWidth, contentHeight: img.clientHeight,
            complete: img.complete && img.naturalWidth > 0,
        })),
    };
})"""


@pytest.fixture(scope="module")
def mixed_handout(plan, illustrations, plugins, tmp_path_factory):
    """Exercise 1 drawn from its poses, exercise 2 with two pictures of the clinic's own and no poses, the rest bare."""
    bare = illustrations.without_pictures(plan)
    mixed = bare.edited(routine=illustrations.with_poses(bare.routine, only=(0,)))
    mixed = illustrations.with_clinic_pictures(mixed, 1, illustrations.clinic_pictures()[:2])
    return export_plan(mixed, "html", tmp_path_factory.mktemp("mixed"), plugins=plugins).as_uri()


#: The timer's figure as shown now: whether it is on screen, its animation (on screen, paused, its time) and how
#: many still pictures are on screen.
FIGURE_STATE = """() => {
    const box = document.querySelector(".timer-figure");
    const svg = box && box.querySelector(".timer-motion svg");
    const visible = (el) => Boolean(el && el.getClientRects().length);
    return {
        shown: visible(box),
        motion: visible(svg),
        stills: box ? [...box.querySelectorAll(".timer-stills img")].filter(visible).map((img) => img.alt) : [],
        paused: svg ? svg.animationsPaused() : null,
        time: svg ? svg.getCurrentTime() : null,
    };
}"""


def figure_state(page) -> dict:
    return page.evaluate(FIGURE_STATE)


def settled(page, done, seconds: float = 3.0) -> dict:
    """The figure's state once ``done(state)`` holds, or as it is after ``seconds`` of real time."""
    state = figure_state(page)
    for _ in range(int(seconds / 0.05)):
        if done(state):
            break
        page.wait_for_timeout(50)
        state = figure_state(page)
    return state


def moves(page, seconds: float = 3.0) -> bool:
    """Whether the figure's animation time advances within ``seconds`` of real time.

    SVG animations run on the browser's own clock, which Playwright's fake
    clock does not hold, so this waits for real (and stops at the first change).
    """
    before = figure_state(page)["time"]
    for _ in range(int(seconds / 0.05)):
        page.wait_for_timeout(50)
        if figure_state(page)["time"] != before:
            return True
    return False


def test_the_timer_shows_the_figure_moving_while_it_counts_and_pauses_it_with_the_timer(page, illustrated_handout):
    requests, errors = open_page(page, illustrated_handout, clock=True)
    state = figure_state(page)
    assert state["shown"] and state["motion"] and not state["stills"], state
    assert state["paused"] and not moves(page, 0.3), "the figure moves before the timer starts"
    page.locator("button.timer-start").click()
    assert figure_state(page)["paused"] is False and moves(page), "the figure does not move while the timer runs"
    save_screenshot(page.locator("section.timer"), "handout-timer-figure")
    page.locator("button.timer-pause").click()
    assert figure_state(page)["paused"] and not moves(page, 0.3), "the figure moves while the timer is paused"
    page.locator("button.timer-start").click()
    assert figure_state(page)["paused"] is False
    page.locator("button.timer-skip").click()  # getting ready for rock back: its figure, still, at its start
    expect(page.locator(".timer-exercise")).to_contain_text("Rock back")
    state = figure_state(page)
    assert state["motion"] and state["paused"] and state["time"] < 0.01, state
    page.locator("button.timer-skip").click()  # rock back itself: moving
    assert figure_state(page)["paused"] is False and moves(page)
    page.clock.run_for(900_000)  # to the end of the session: everything stops
    expect(page.locator(".timer-announce")).to_have_text(TIMER_WORDS["done"])
    assert figure_state(page)["paused"]
    assert requests.requests == [illustrated_handout] and errors == [], (requests.external, errors)


def test_with_reduced_motion_the_timer_shows_the_two_still_pictures(page, illustrated_handout, drawn):
    page.emulate_media(reduced_motion="reduce")
    open_page(page, illustrated_handout, clock=True)
    page.locator("button.timer-start").click()
    state = figure_state(page)
    first = outline(drawn).exercises[0]
    assert state["shown"] and not state["motion"], state
    assert state["stills"] == [picture.alt for picture in first.pictures]
    assert state["paused"], "a hidden animation still runs: it costs a phone's battery for nothing"
    save_screenshot(page.locator("section.timer"), "handout-timer-reduced-motion")
    page.emulate_media(reduced_motion="no-preference")  # the patient changes the setting with the page open
    state = settled(page, lambda state: state["paused"] is False)  # the change reaches the page with its next frame
    assert state["motion"] and not state["stills"] and state["paused"] is False, state


def test_an_exercise_shows_its_own_pictures_still_and_one_with_none_shows_no_figure(page, mixed_handout):
    """Exercise 1 has poses, exercise 2 only the clinic's pictures, exercise 3 nothing at all."""
    open_page(page, mixed_handout, clock=True)
    page.locator("button.timer-start").click()
    assert figure_state(page)["motion"]
    page.locator("button.timer-skip").click()  # getting ready for rock back
    state = figure_state(page)
    assert state["shown"] and state["motion"] is False and len(state["stills"]) == 2, state
    page.locator("button.timer-skip").click()
    page.locator("button.timer-skip").click()  # getting ready for arm openings, which has no pictures
    expect(page.locator(".timer-exercise")).to_contain_text("Arm openings")
    expect(page.locator(".timer-figure")).to_be_hidden()
    assert page.locator(".timer-figure img, .timer-figure svg").count() == 0
    assert page.locator("article.exercise .pictures").count() == 2  # and no empty box beside the others


ANNOUNCEMENTS = """() => {
    const live = document.querySelector(".timer-announce");
    window.__said = [];
    new MutationObserver(() => window.__said.push(live.textContent)).observe(
        live, {childList: true, characterData: true, subtree: true});
}"""


def announcements(page, url) -> list[str]:
    """Everything the timer's live region says through a session with starts, skips and a pause."""
    open_page(page, url, clock=True)
    page.evaluate(ANNOUNCEMENTS)
    page.locator("button.timer-start").click()
    page.clock.run_for(5_000)
    page.locator("button.timer-skip").click()
    page.locator("button.timer-pause").click()
    page.locator("button.timer-start").click()
    page.clock.run_for(900_000)
    return page.evaluate("window.__said")


@pytest.fixture(scope="module")
def bare_handout(plan, illustrations, plugins, tmp_path_factory):
    """The plan with no pictures at all (as every handout was before them), exported once for the module."""
    bare = illustrations.without_pictures(plan)
    return export_plan(bare, "html", tmp_path_factory.mktemp("bare"), plugins=plugins).as_uri()


def test_the_figure_is_hidden_from_screen_readers_and_the_timer_says_no_more_than_before(
    page, bare_handout, illustrated_handout
):
    before = announcements(page, bare_handout)
    assert before and before[-1] == TIMER_WORDS["done"]
    assert announcements(page, illustrated_handout) == before
    hidden = page.evaluate(
        """() => [...document.querySelectorAll("section.timer svg, section.timer img")].map(
            (el) => Boolean(el.closest('[aria-hidden="true"]')))"""
    )
    assert hidden and all(hidden), "a picture in the timer is not hidden from screen readers"
    assert page.locator(".timer-figure [aria-live], .timer-figure [role]").count() == 0


def test_axe_finds_no_violations_in_the_handout_with_pictures(page, illustrated_handout, mixed_handout, axe_path):
    for url in (illustrated_handout, mixed_handout):
        open_page(page, url)  # real time: axe runs on the page's timers
        expect(page.locator("section.timer")).to_be_visible()
        violations = run_axe(page, axe_path)
        assert violations == [], f"{url} on load:\n" + format_violations(violations)
        page.locator("button.timer-start").click()
        page.locator("button.timer-skip").click()
        expect(page.locator(".timer-figure")).to_be_visible()
        violations = run_axe(page, axe_path)
        assert violations == [], f"{url} with the timer's figure:\n" + format_violations(violations)


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_every_picture_has_words_and_nothing_leaves_the_file(page, illustrated_handout, mixed_handout, motion):
    page.emulate_media(reduced_motion=motion)
    for url in (illustrated_handout, mixed_handout):
        requests, errors = open_page(page, url, clock=True)
        page.locator("button.timer-start").click()
        for _ in range(3):
            page.locator("button.timer-skip").click()
        page.clock.run_for(10_000)
        alts = page.eval_on_selector_all("img", "imgs => imgs.map((img) => img.getAttribute('alt'))")
        assert alts and all(alt and alt.strip() for alt in alts), alts
        assert page.eval_on_selector_all("img", "imgs => imgs.every((img) => img.complete && img.naturalWidth > 0)")
        assert requests.requests == [url], f"requests besides the page itself: {requests.external}"
        assert errors == []


def test_on_a_wide_screen_the_pictures_sit_beside_the_steps(page, illustrated_handout):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(illustrated_handout)
    for n, article in enumerate(page.evaluate(PICTURE_BOXES), start=1):
        pictures, steps = article["pictures"], article["steps"]
        assert pictures["left"] >= steps["right"] - 1, f"exercise {n}: pictures not beside the steps: {article}"
        assert pictures["top"] < steps["bottom"] and pictures["right"] <= 1280, f"exercise {n}: {article}"
        keeps_shape(n, article)
    text = body_text(page)
    assert not [t for t in text if t["ch"] > 80], "the pictures' column made lines longer"
    page.locator("article.exercise").first.scroll_into_view_if_needed()
    save_screenshot(page, "handout-wide")


def keeps_shape(n: int, article: dict) -> None:
    """Each picture is drawn in the shape its markup's width and height promised, so nothing moves as it loads."""
    for img in article["images"]:
        assert img["complete"], f"exercise {n}: a picture did not load"
        promised, drawn = img["attrWidth"] / img["attrHeight"], img["contentWidth"] / img["contentHeight"]
        assert abs(promised - drawn) < 0.02 * promised, f"exercise {n}: {img}"


def test_on_a_phone_the_pictures_fill_the_screens_width_above_the_steps(browser, illustrated_handout):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        page.goto(illustrated_handout)
        for n, article in enumerate(page.evaluate(PICTURE_BOXES), start=1):
            pictures = article["pictures"]
            assert pictures["bottom"] <= article["steps"]["top"], f"exercise {n}: pictures not above the steps"
            assert pictures["width"] >= 0.8 * 390 - 40 and pictures["right"] <= 390, f"exercise {n}: {pictures}"
            assert all(img["width"] >= 140 for img in article["images"]), f"exercise {n}: pictures too small"
            keeps_shape(n, article)
        save_screenshot(page, "handout-phone", full_page=True)
    finally:
        context.close()


def test_in_print_each_exercise_keeps_its_pictures_beside_it(page, illustrated_handout):
    page.set_viewport_size({"width": round(18 * CM), "height": round(25 * CM)})
    page.goto(illustrated_handout)
    page.emulate_media(media="print")
    for n, article in enumerate(page.evaluate(PICTURE_BOXES), start=1):
        outer, pictures = article["article"], article["pictures"]
        inside = outer["top"] <= pictures["top"] and pictures["bottom"] <= outer["bottom"] + 1
        assert inside, f"exercise {n}: its pictures stick out of it, so a page could split them off"
        assert all(3 * CM <= img["width"] <= 7 * CM for img in article["images"]), f"exercise {n}: {article}"
        keeps_shape(n, article)
    save_screenshot(page, "handout-print", full_page=True)


def test_printed_drawings_stay_vectors_and_every_page_shows_something(
    page, illustrated_handout, mixed_handout, tmp_path
):

    page.goto(mixed_handout)
    assert b"/Subtype /Image" in page.pdf(format="A4"), "a clinic's photo should print as an image (the check works)"
    page.goto(illustrated_handout)
    pdf = page.pdf(format="A4")
    assert b"/Subtype /Image" not in pdf, "a drawing was printed as pixels: it will not print sharp"
    pdftoppm = shutil.which("pdftoppm")
    if not pdftoppm:
        unavailable("pdftoppm not found (apt-get install poppler-utils)")
    (tmp_path / "handout.pdf").write_bytes(pdf)
    folder = screenshot_folder()
    for old in folder.glob("handout-pdf-*.png"):
        old.unlink()
    subprocess.run([pdftoppm, "-r", "60", "-png", tmp_path / "handout.pdf", folder / "handout-pdf"], check=True)
    pages = sorted(folder.glob("handout-pdf-*.png"))
    assert len(pages) == len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    for path in pages:
        assert_not_blank(path)


#: A moving figure of the kind the renderer makes: SVG's own animation, no script. A dot that slides along.
SLIDING_DOT = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 120" width="240" height="120">'
    '<line x1="0" y1="110" x2="240" y2="110" stroke="#000" stroke-width="2"/>'
    '<circle cx="40" cy="60" r="12" fill="#000">'
    '<animate attributeName="cx" values="40;200;40" dur="4s" repeatCount="indefinite"/></circle></svg>'
)


@pytest.fixture(scope="module")
def sliding_handout(drawn, plugins, tmp_path_factory):
    """The illustrated handout with every exercise's moving figure a sliding dot, whatever the renderer draws."""
    import backcare_kit.handout

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(backcare_kit.handout, "motion_of", lambda exercise: SLIDING_DOT if exercise.poses else "")
        return export_plan(drawn, "html", tmp_path_factory.mktemp("sliding"), plugins=plugins).as_uri()


def dot(page) -> float:
    """Where the sliding dot is now, as drawn (its animated value, not its attribute)."""
    return page.evaluate("document.querySelector('.timer-motion circle').cx.animVal.value")


def slides(page, seconds: float = 3.0) -> bool:
    """Whether the dot moves within ``seconds`` of real time (SVG animation runs on the browser's own clock)."""
    before = dot(page)
    for _ in range(int(seconds / 0.05)):
        page.wait_for_timeout(50)
        if dot(page) != before:
            return True
    return False


def test_the_figures_own_animation_runs_in_the_page_only_while_the_timer_counts(page, sliding_handout):
    requests, errors = open_page(page, sliding_handout, clock=True)
    assert dot(page) == 40 and not slides(page, 0.3), "the figure moves before the timer starts"
    page.locator("button.timer-start").click()
    assert slides(page), "the figure's animation does not run in the page"
    page.locator("button.timer-pause").click()
    held = dot(page)
    assert not slides(page, 0.3) and dot(page) == held, "the figure moves while the timer is paused"
    page.locator("button.timer-start").click()
    assert slides(page)
    page.locator("button.timer-skip").click()  # getting ready for the next exercise: its start pose, still
    assert dot(page) == 40 and not slides(page, 0.3)
    assert requests.requests == [sliding_handout] and errors == [], (requests.external, errors)


def test_each_side_starts_the_figure_again_from_its_start_pose(page, sliding_handout):
    open_page(page, sliding_handout, clock=True)
    page.locator("button.timer-start").click()
    for _ in range(4):  # to arm openings, first side
        page.locator("button.timer-skip").click()
    expect(page.locator(".timer-side")).to_contain_text("first side")
    for _ in range(60):  # let the dot slide well away from where it starts
        if dot(page) > 100:
            break
        page.wait_for_timeout(50)
    page.locator("button.timer-pause").click()
    assert dot(page) > 100
    page.locator("button.timer-skip").click()  # the second side, still paused
    expect(page.locator(".timer-side")).to_contain_text("second side")
    assert dot(page) == 40, "the second side starts the figure where the first side left it"
