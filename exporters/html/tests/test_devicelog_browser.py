"""The handout's session log in headless Chromium, used as a patient uses it: from a file, offline, by keyboard.

The page's contract, as these tests read it:

* ``section.devicelog`` is ``hidden`` in the markup and shown by the script;
  it says the log stays on the device (LOG_WORDS' ``privacy``);
* when the timer ends, or after ``button.log-did``, ``form.log-form`` asks for
  pain before and after (radio buttons ``#log-pain_before-N`` and
  ``#log-pain_after-N``, 0 to 10), how many exercises were done
  (``#log-parts-done``, only when the timer did not count down every one)
  and a note (``#log-note``), and after ``button.log-did`` which day
  (``#log-when``: today, yesterday, back a week but not before the plan's
  first day); ``button.log-add`` keeps the entry;
* ``.log-week`` says this week's sessions done against those due,
  ``ul.log-list`` lists the past sessions, ``.log-status`` (a live region)
  says what changed; ``button.log-download`` saves the log as a CSV file
  that :func:`backcare_kit.sessionlog.read_log` reads; ``button.log-clear``
  asks (``.log-confirm``) before it clears.

Time is Playwright's fake clock wherever a date matters, so the week is known.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from backcare_kit_browser import format_violations, record_requests, require, run_axe, save_screenshot, watch_errors

from backcare_kit import Phase, bundled_plan, export_plan
from backcare_kit.handout import outline
from backcare_kit.plugins import build_plugins
from backcare_kit.sessionlog import COLUMNS, read_log
from backcare_kit.words import LOG_WORDS, TIMER_WORDS

require("backcare_kit_html", "pip install -e exporters/html")
expect = require("playwright.sync_api", "pip install playwright").expect

pytestmark = pytest.mark.slow

#: A Wednesday in the plan's first week (the plan starts on Monday 2 March 2026; sessions Mon, Wed, Fri).
WEDNESDAY = datetime(2026, 3, 4, 8, 0)
#: The plan's second week.
WEEK_2 = datetime(2026, 3, 11, 18, 30)
BEFORE_START = datetime(2026, 2, 20, 9, 0)

#: A note a patient might type, with everything CSV must quote, and markup that must stay text.
NOTE = 'Sore, "a bit"\nthen better. <img src=x onerror=window.__xss=1>'
#: A note a spreadsheet would run as a formula if it were written as it is.
FORMULA = "=cmd|' /C calc'!A0"


@pytest.fixture(scope="module")
def plan():
    return bundled_plan(start_date=date(2026, 3, 2), patient="Jane Doe", clinic_contact="01234 567890")


@pytest.fixture(scope="module")
def handout(plan, tmp_path_factory):
    """The handout's file:// URL: the patient opens it straight from disk."""
    folder = tmp_path_factory.mktemp("devicelog")
    return export_plan(plan, "html", folder, plugins=build_plugins(selected="html")).as_uri()


@pytest.fixture(scope="module")
def parts(plan) -> int:
    """How many exercises the plan's session has: the log's parts_total."""
    return len(outline(plan).stages[0].exercises)


def open_page(page, url, at=WEDNESDAY):
    """The handout with time standing still at ``at`` (but for run_for), watching requests and errors."""
    requests = record_requests(page, url)
    errors = watch_errors(page)
    page.clock.install(time=at)
    page.goto(url)
    page.clock.pause_at(at + timedelta(minutes=1))
    expect(page.locator("section.devicelog")).to_be_visible()
    return requests, errors


def finish_timer_by_skipping(page):
    """Start the timer and skip every stretch until it says the session is complete."""
    page.locator("button.timer-start").click()
    form = page.locator("form.log-form")
    for _ in range(100):
        if form.is_visible():
            break
        page.locator("button.timer-skip").click()
    expect(page.locator(".timer-announce")).to_have_text(TIMER_WORDS["done"])
    expect(form).to_be_visible()


def log_by_hand(page, before=None, after=None, done=None, note=""):
    """Press "I did my exercises" and fill in the form with the mouse."""
    page.locator("button.log-did").click()
    fill_form(page, before, after, done, note)


def fill_form(page, before=None, after=None, done=None, note=""):
    if before is not None:
        page.locator(f"#log-pain_before-{before}").check()
    if after is not None:
        page.locator(f"#log-pain_after-{after}").check()
    if done is not None:
        page.locator("#log-parts-done").select_option(str(done))
    if note:
        page.locator("#log-note").fill(note)
    page.locator("button.log-add").click()
    expect(page.locator(".log-status")).to_contain_text(LOG_WORDS["saved"])


def save_log(page, folder: Path) -> Path:
    """Press "Save my log" and keep the file the browser downloads."""
    with page.expect_download() as info:
        page.locator("button.log-download").click()
    download = info.value
    path = folder / download.suggested_filename
    download.save_as(path)
    return path


def past(page) -> list[str]:
    return [" ".join(text.split()) for text in page.locator("ul.log-list > li").all_inner_texts()]


# -- the check: a session logged from the timer, kept, saved and reviewed -------------------------------


def test_a_patient_logs_a_session_saves_it_and_the_review_counts_it(page, handout, plan, parts, tmp_path):
    assert handout.startswith("file://")
    requests, errors = open_page(page, handout)
    expect(page.locator(".devicelog")).to_contain_text(LOG_WORDS["privacy"])
    expect(page.locator("ul.log-list > li")).to_have_count(0)
    expect(page.locator(".log-none")).to_have_text(LOG_WORDS["none_yet"])
    finish_timer_by_skipping(page)
    expect(page.locator("#log-ask")).to_be_focused()
    fill_form(page, before=3, after=2)
    page.reload()
    expect(page.locator("ul.log-list > li")).to_have_count(1)
    [entry] = past(page)
    assert entry.startswith("Wednesday 4 March 2026 at 08:0"), entry
    assert f"{parts} of {parts} exercises. Pain 3 before, 2 after." in entry
    expect(page.locator(".log-week")).to_have_text(LOG_WORDS["this_week"].format(done=1, due=3))

    saved = save_log(page, tmp_path)
    assert saved.name == "my-exercise-log-2026-03-04.csv"
    log = read_log(saved, plan.id)
    assert log.warnings == ()
    [session] = log.entries
    assert (session.plan_id, session.day, session.parts_done, session.parts_total) == (plan.id, date(2026, 3, 4), 5, 5)
    assert (session.pain_before, session.pain_after, session.note) == (3, 2, "")
    assert session.when.strftime("%H:%M") in entry

    review = subprocess.run(
        [sys.executable, "-m", "backcare_kit", "review", str(saved)], capture_output=True, text=True, check=False
    )
    assert review.returncode == 0, review.stderr
    assert "Sessions done: 1" in review.stdout, review.stdout
    assert requests.requests == [handout, handout], f"requests besides the page itself: {requests.external}"
    assert errors == [], errors


# -- the ways a session ends -----------------------------------------------------------------------------------


def test_a_timer_run_to_its_end_logs_every_exercise_without_asking_how_many(page, handout, plan, parts, tmp_path):
    open_page(page, handout)
    page.locator("button.timer-start").click()
    total = outline(plan).stages[0].timing.total_seconds
    page.clock.run_for((total + 5) * 1000)
    expect(page.locator("form.log-form")).to_be_visible()
    expect(page.locator(".log-parts")).to_be_hidden()
    expect(page.locator(".log-when")).to_be_hidden()  # the timer has just run: the session is today's
    fill_form(page, before=4)
    [session] = read_log(save_log(page, tmp_path), plan.id).entries
    assert (session.parts_done, session.parts_total, session.pain_before, session.pain_after) == (parts, parts, 4, None)
    assert session.when == datetime(2026, 3, 4, 8, 1)  # when the session started
    assert f"Pain 4 before, {LOG_WORDS['no_score']} after." in past(page)[0]


def test_i_did_my_exercises_asks_how_many_and_keeps_fewer(page, handout, plan, parts, tmp_path):
    open_page(page, handout)
    page.locator("button.log-did").click()
    expect(page.locator(".log-parts")).to_be_visible()
    expect(page.locator("#log-parts-done")).to_have_value(str(parts))  # all, unless the patient says fewer
    fill_form(page, before=6, after=5, done=2)
    assert "2 of 5 exercises" in past(page)[0]
    [session] = read_log(save_log(page, tmp_path), plan.id).entries
    assert (session.parts_done, session.parts_total, session.pain_before, session.pain_after) == (2, parts, 6, 5)


def test_a_session_done_yesterday_is_logged_for_yesterday(page, handout, plan, parts, tmp_path):
    """Logged late, on Wednesday: the day is chosen from today back to the plan's first day, Monday."""
    open_page(page, handout)
    page.locator("button.log-did").click()
    days = page.locator("#log-when")
    expect(days).to_have_accessible_name(LOG_WORDS["day"])
    expect(days).to_have_value("2026-03-04")  # today, unless the patient says otherwise
    offered = days.locator("option").all_inner_texts()
    assert offered == [LOG_WORDS["today"], LOG_WORDS["yesterday"], "Monday 2 March 2026"]
    days.select_option(label=LOG_WORDS["yesterday"])
    fill_form(page, before=4, after=3)
    assert past(page)[0].startswith("Tuesday 3 March 2026 at 08:0"), past(page)
    expect(page.locator(".log-week")).to_have_text(LOG_WORDS["this_week"].format(done=1, due=3))
    [session] = read_log(save_log(page, tmp_path), plan.id).entries
    assert (session.day, session.parts_done, session.pain_before, session.pain_after) == (date(2026, 3, 3), parts, 4, 3)


def test_a_late_session_in_an_earlier_phase_offers_that_phases_exercises(browser, plan, parts, tmp_path):
    """Week 2 has one exercise fewer; logged on its Monday for the Friday before, the count is week 1's."""
    phased = plan.edited(phases=(Phase(2, plan.routine.remove(0)),))
    url = export_plan(phased, "html", tmp_path, plugins=build_plugins(selected="html")).as_uri()
    page = browser.new_page()
    try:
        open_page(page, url, at=datetime(2026, 3, 9, 19, 0))
        page.locator("button.log-did").click()
        done = page.locator("#log-parts-done")
        expect(done).to_have_value(str(parts - 1))
        page.locator("#log-when").select_option(label="Friday 6 March 2026")
        expect(done).to_have_value(str(parts))
        fill_form(page, before=2)
        [session] = read_log(save_log(page, tmp_path), phased.id).entries
        assert (session.day, session.parts_done, session.parts_total) == (date(2026, 3, 6), parts, parts)
    finally:
        page.close()


def test_the_timer_ending_while_the_form_is_open_keeps_what_was_typed(page, handout, plan, parts, tmp_path):
    open_page(page, handout)
    page.locator("button.timer-start").click()
    page.clock.run_for(30_000)
    page.locator("button.log-did").click()
    page.locator("#log-pain_before-5").check()
    page.locator("#log-note").fill("typed while it ran")
    page.clock.run_for((outline(plan).stages[0].timing.total_seconds + 5) * 1000)
    expect(page.locator(".timer-announce")).to_have_text(TIMER_WORDS["done"])
    expect(page.locator("#log-pain_before-5")).to_be_checked()
    expect(page.locator("#log-note")).to_have_value("typed while it ran")
    expect(page.locator(".log-parts")).to_be_hidden()  # the timer counted every exercise down
    page.locator("button.log-add").click()
    [session] = read_log(save_log(page, tmp_path), plan.id).entries
    assert (session.when, session.parts_done, session.pain_before) == (datetime(2026, 3, 4, 8, 1), parts, 5)


def test_cancel_keeps_nothing(page, handout):
    open_page(page, handout)
    page.locator("button.log-did").click()
    page.locator("#log-pain_before-7").check()
    page.locator("button.log-cancel").click()
    expect(page.locator("form.log-form")).to_be_hidden()
    expect(page.locator("button.log-did")).to_be_focused()
    expect(page.locator("ul.log-list > li")).to_have_count(0)


# -- keyboard alone ---------------------------------------------------------------------------------------------


def focused(page) -> str:
    """The focused element as 'tag#id.class', to follow the order Tab takes."""
    return page.evaluate(
        "() => { const el = document.activeElement; return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')"
        " + (el.className ? '.' + el.className : ''); }"
    )


def tab_to(page, selector: str, limit: int = 60) -> None:
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}; stopped on {focused(page)}")


def test_a_session_is_logged_with_the_keyboard_alone(page, handout, plan, tmp_path):
    open_page(page, handout)
    tab_to(page, "button.log-did")
    page.keyboard.press("Enter")
    expect(page.locator("#log-ask")).to_be_focused()
    order = []
    for _ in range(6):
        page.keyboard.press("Tab")
        order.append(focused(page))
    assert order == [
        "select#log-when",
        "input#log-pain_before-0",
        "input#log-pain_after-0",
        "select#log-parts-done",
        "textarea#log-note",
        "button.log-add",
    ], order
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")  # back on pain before
    page.keyboard.press("Space")  # chooses 0...
    for _ in range(3):
        page.keyboard.press("ArrowRight")  # ...and the arrows move on to 3, as in any radio group
    expect(page.locator("#log-pain_before-3")).to_be_checked()
    ring = page.locator("#log-pain_before-3 + span").evaluate("el => getComputedStyle(el).outlineStyle")
    assert ring == "solid", "the chosen score shows no focus ring"
    save_screenshot(page.locator("form.log-form"), "devicelog-keyboard-focus")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.locator("#log-pain_after-2")).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowUp")  # one fewer than all
    page.keyboard.press("Tab")
    page.keyboard.type("Did it slowly")
    page.keyboard.press("Tab")
    expect(page.locator("button.log-add")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".log-status")).to_have_text(
        LOG_WORDS["saved"] + " " + LOG_WORDS["this_week"].format(done=1, due=3)
    )
    expect(page.locator("button.log-did")).to_be_focused()
    [session] = read_log(save_log(page, tmp_path), plan.id).entries
    assert (session.pain_before, session.pain_after, session.parts_done, session.note) == (3, 2, 4, "Did it slowly")


def test_the_log_announces_what_changed_politely(page, handout):
    open_page(page, handout)
    expect(page.locator(".log-status")).to_have_attribute("role", "status")
    page.locator("button.log-did").click()
    for name in ("pain_before", "pain_after"):
        expect(page.locator(f"fieldset:has(#log-{name}-0) legend")).to_have_text(LOG_WORDS[name])
    expect(page.locator("#log-parts-done")).to_have_accessible_name(LOG_WORDS["parts_done"])
    expect(page.locator("#log-note")).to_have_accessible_name(LOG_WORDS["note"])
    buttons = {"did": "did_them", "add": "save_entry", "cancel": "cancel", "download": "download", "clear": "clear"}
    buttons |= {"clear-yes": "clear_yes", "clear-no": "keep"}
    for name, key in buttons.items():
        assert page.locator(f"button.log-{name}").text_content() == LOG_WORDS[key], name


# -- clearing ---------------------------------------------------------------------------------------------------


def test_clear_asks_first_and_cancel_keeps_the_log(page, handout):
    open_page(page, handout)
    log_by_hand(page, before=2, after=1)
    page.locator("button.log-clear").click()
    confirm = page.locator(".log-confirm")
    expect(confirm).to_be_visible()
    expect(confirm).to_contain_text(LOG_WORDS["confirm_clear"])
    expect(page.locator("button.log-clear-no")).to_be_focused()  # the safe answer first
    page.keyboard.press("Enter")
    expect(confirm).to_be_hidden()
    expect(page.locator("button.log-clear")).to_be_focused()
    page.reload()
    expect(page.locator("ul.log-list > li")).to_have_count(1)

    page.locator("button.log-clear").click()
    page.keyboard.press("Escape")  # Escape is "no" too
    expect(confirm).to_be_hidden()
    expect(page.locator("ul.log-list > li")).to_have_count(1)

    page.locator("button.log-clear").click()
    page.locator("button.log-clear-yes").click()
    expect(page.locator(".log-status")).to_have_text(LOG_WORDS["cleared"])
    expect(page.locator("ul.log-list > li")).to_have_count(0)
    expect(page.locator(".log-none")).to_be_visible()
    page.reload()
    expect(page.locator("ul.log-list > li")).to_have_count(0)


# -- this week --------------------------------------------------------------------------------------------------


def seed(page, plan, *entries):
    """Put entries in the page's storage as the page keeps them, then reload."""
    stored = [
        {
            "date": day,
            "time": "08:00",
            "parts_done": 5,
            "parts_total": 5,
            "pain_before": 3,
            "pain_after": 3,
            "note": "",
        }
        for day in entries
    ]
    page.evaluate(
        "([key, value]) => localStorage.setItem(key, JSON.stringify(value))",
        [f"backcare_kit.log.{plan.id}", {"version": 1, "plan_id": plan.id, "entries": stored}],
    )
    page.reload()


def test_this_week_counts_the_sessions_done_against_those_due(page, handout, plan):
    open_page(page, handout, at=WEEK_2)
    week = page.locator(".log-week")
    expect(week).to_have_text(LOG_WORDS["this_week"].format(done=0, due=3))
    seed(page, plan, "2026-03-06", "2026-03-08", "2026-03-09")  # Friday and Sunday of week 1, Monday of week 2
    expect(week).to_have_text(LOG_WORDS["this_week"].format(done=1, due=3))
    expect(page.locator("ul.log-list > li")).to_have_count(3)
    assert past(page)[0].startswith("Monday 9 March 2026"), "the newest session comes first"
    log_by_hand(page, before=1, after=1)
    expect(week).to_have_text(LOG_WORDS["this_week"].format(done=2, due=3))


def test_a_week_with_no_sessions_due_counts_those_done(page, handout):
    open_page(page, handout, at=BEFORE_START)
    expect(page.locator(".log-week")).to_have_text(LOG_WORDS["this_week_unscheduled"].format(done=0))
    log_by_hand(page)
    expect(page.locator(".log-week")).to_have_text(LOG_WORDS["this_week_unscheduled"].format(done=1))


# -- what a patient types ---------------------------------------------------------------------------------------


def test_notes_survive_the_csv_round_trip_safely(page, handout, plan, tmp_path):
    open_page(page, handout)
    log_by_hand(page, before=3, after=2, note=NOTE)
    page.clock.run_for(60_000)
    log_by_hand(page, before=2, after=2, note=FORMULA)
    notes = page.locator(".log-entry-note").all_text_contents()
    assert notes == [FORMULA, NOTE]  # shown as typed, newest first
    assert page.evaluate("window.__xss") is None, "a note ran as markup"
    saved = save_log(page, tmp_path)
    raw = saved.read_bytes().decode("utf-8-sig")  # as written: read_text would turn CRLF into LF
    with saved.open(newline="", encoding="utf-8-sig") as file:
        rows = list(csv.reader(file))
    assert rows[0] == list(COLUMNS)
    assert [row[-1] for row in rows[1:]] == [NOTE, "'" + FORMULA]
    risky = [cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@")]
    assert not risky, f"cells a spreadsheet would run: {risky}"
    assert '"Sore, ""a bit""\nthen better.' in raw  # quoted, quotes doubled (RFC 4180)
    assert raw.endswith("\r\n") and raw.count("\r\n") == 3
    first, second = read_log(saved, plan.id).entries
    assert (first.note, second.note) == (NOTE, "'" + FORMULA)


# -- nothing leaves the page ------------------------------------------------------------------------------------


def test_no_request_while_logging_saving_and_clearing(page, handout, tmp_path):
    requests, errors = open_page(page, handout)
    finish_timer_by_skipping(page)
    fill_form(page, before=3, after=2, note="fine")
    log_by_hand(page, before=2, after=2)
    save_log(page, tmp_path)
    page.locator("button.log-clear").click()
    page.locator("button.log-clear-yes").click()
    assert requests.requests == [handout], f"requests besides the page itself: {requests.external}"
    assert errors == [], "console errors (a policy refusing the download would show here):\n" + "\n".join(errors)


# -- a browser that keeps nothing -------------------------------------------------------------------------------

BLOCK_STORAGE = """
Object.defineProperty(window, "localStorage", {
    configurable: true,
    get() { throw new DOMException("The user denied permission to access the database.", "SecurityError"); },
});
"""


def test_without_storage_the_page_says_so_and_points_to_the_paper_sheet(page, handout):
    page.add_init_script(BLOCK_STORAGE)
    _, errors = open_page(page, handout)
    expect(page.locator(".log-no-storage")).to_be_visible()
    expect(page.locator(".log-no-storage")).to_have_text(LOG_WORDS["no_storage"])
    expect(page.locator(".log-privacy")).to_be_hidden()  # it would promise what this browser cannot do
    expect(page.locator("button.log-did")).to_be_hidden()
    finish_timer_by_skipping_without_log(page)
    expect(page.locator("form.log-form")).to_be_hidden()
    assert errors == [], errors
    save_screenshot(page.locator("section.devicelog"), "devicelog-no-storage")
    page.clock.resume()  # axe runs on the page's timers
    violations = run_axe(page)
    assert violations == [], "without storage:\n" + format_violations(violations)


def finish_timer_by_skipping_without_log(page):
    page.locator("button.timer-start").click()
    announce = page.locator(".timer-announce")
    for _ in range(100):
        if announce.text_content() == TIMER_WORDS["done"]:
            return
        page.locator("button.timer-skip").click()
    raise AssertionError("the timer never ended")


# -- phones, accessibility, print ------------------------------------------------------------------------------


def test_on_a_phone_the_log_fits_the_screen(browser, handout, plan):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        open_page(page, handout, at=WEEK_2)
        seed(page, plan, "2026-03-09")
        page.locator("button.log-did").tap()
        page.locator("#log-pain_before-4").tap()
        page.locator("#log-note").fill("A long note to see how it wraps on a small screen, with no sideways scroll.")
        size = page.evaluate(
            """() => {
                const root = document.documentElement;
                const log = document.querySelector("section.devicelog");
                const shown = [...log.querySelectorAll("*")].filter((el) => el.getClientRects().length);
                return {
                    client: root.clientWidth,
                    scroll: root.scrollWidth,
                    past_edge: shown.filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
                        .map((el) => el.tagName + "." + el.className),
                    small: [...log.querySelectorAll(".log-scores span, button")]
                        .filter((el) => el.getClientRects().length)
                        .filter((el) => el.getBoundingClientRect().height < 44 || el.getBoundingClientRect().width < 44)
                        .map((el) => el.textContent),
                };
            }"""
        )
        assert size["client"] == 390 and size["scroll"] <= 390 and not size["past_edge"], size
        assert not size["small"], f"targets smaller than a finger: {size['small']}"
        expect(page.locator("#log-pain_before-4")).to_be_checked()
        save_screenshot(page.locator("section.devicelog"), "devicelog-phone-form")
        page.locator("button.log-add").tap()
        save_screenshot(page.locator("section.devicelog"), "devicelog-phone-list")
    finally:
        context.close()


def test_axe_finds_no_violations_with_the_log_open(page, handout, plan, axe_path):
    open_page(page, handout)
    page.clock.resume()  # axe runs on the page's timers
    seed(page, plan, "2026-03-02")
    page.locator("button.log-did").click()
    violations = run_axe(page, axe_path)
    assert violations == [], "with the log's form open:\n" + format_violations(violations)
    save_screenshot(page.locator("section.devicelog"), "devicelog-form")
    fill_form(page, before=3, after=2, note=NOTE)
    page.locator("button.log-clear").click()
    violations = run_axe(page, axe_path)
    assert violations == [], "with the list and the question to clear:\n" + format_violations(violations)
    save_screenshot(page.locator("section.devicelog"), "devicelog-list-confirm")


def test_print_leaves_the_log_to_the_paper_sheet(page, handout, plan):
    open_page(page, handout)
    seed(page, plan, "2026-03-02")
    page.emulate_media(media="print")
    assert page.locator("section.devicelog").evaluate("el => getComputedStyle(el).display") == "none"


def test_the_log_needs_no_server(page, handout):
    """The page is a file: the log works with no origin but the file's own (a sanity check of the fixture)."""
    open_page(page, handout)
    assert page.evaluate("location.protocol") == "file:"
    assert re.fullmatch(r"file://.+\.html", page.url)
