"""The paper log sheet at the end of the printed handout: one row per scheduled session, shown only on paper.

On screen the on-device log does its job, so the sheet is hidden there; in
print it starts on a page of its own, under the patient's name and the
plan's dates. The markup is checked as a file; hidden-or-shown in headless
Chromium, on screen and in print.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date, time
from html.parser import HTMLParser

import pytest
from backcare_kit_browser import require, save_screenshot

from backcare_kit import bundled_plan, export_plan
from backcare_kit.handout import outline
from backcare_kit.plugins import build_plugins
from backcare_kit.words import LOG_SHEET_WORDS, date_in_words

pytest.importorskip("backcare_kit_html")


def make_plan(**fields):
    details = {"patient": "Jane Doe", "start_date": date(2026, 3, 2), "clinic": "Riverside Physio"}
    return bundled_plan(**{**details, **fields})


@pytest.fixture(scope="module")
def plugins():
    return build_plugins(selected="html")


def export_html(plan, plugins, folder):
    return export_plan(plan, "html", folder, plugins=plugins)


class _Sheet(HTMLParser):
    """The log sheet's text: its paragraphs, and each body row's header cell (the session)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = 0
        self.in_body = False
        self.in_row_header = False
        self.rows: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "section" and "log-sheet" in classes:
            self.inside = 1
        elif self.inside:
            self.inside += tag == "section"
            self.in_body = self.in_body or tag == "tbody"
            if self.in_body and tag == "th":
                self.in_row_header = True
                self.rows.append("")

    def handle_endtag(self, tag):
        if self.inside and tag == "section":
            self.inside -= 1
        elif tag == "th":
            self.in_row_header = False

    def handle_data(self, data):
        if self.inside:
            self.text.append(data)
            if self.in_row_header:
                self.rows[-1] += data


def sheet_of(html: str) -> _Sheet:
    sheet = _Sheet()
    sheet.feed(html)
    return sheet


def squash(words: str) -> str:
    return " ".join(words.split())


@pytest.mark.parametrize("kind", ["plain", "phases, twice a day"])
def test_the_sheet_has_one_row_per_scheduled_session_under_the_patient_and_the_dates(
    plugins, tmp_path, kind, three_stages
):
    plan = make_plan(patient='Ann "Nan" <b>O\'Neil</b>')
    if kind != "plain":
        plan = three_stages(plan).edited(schedule=replace(plan.schedule, more_times=(time(18),)))
    sessions = outline(plan).sessions
    html = export_html(plan, plugins, tmp_path).read_text(encoding="utf-8")
    sheet = sheet_of(html)
    assert [squash(row) for row in sheet.rows] == [f"{date_in_words(s.day)} {s.time}" for s in sessions]
    text = squash(" ".join(sheet.text))
    assert LOG_SHEET_WORDS["for"].format(patient='Ann "Nan" <b>O\'Neil</b>') in text
    first, last = date_in_words(sessions[0].day), date_in_words(sessions[-1].day)
    assert LOG_SHEET_WORDS["dates"].format(first=first, last=last) in text
    for key in ("title", "intro", "day", "done", "pain_before", "pain_after", "note", "bring"):
        assert LOG_SHEET_WORDS[key] in text, key
    assert "<b>O'Neil</b>" not in html and "&lt;b&gt;" in html


def test_the_sheet_comes_last_after_the_footer(plugins, tmp_path):
    html = export_html(make_plan(), plugins, tmp_path).read_text(encoding="utf-8")
    assert html.index("</footer>") < html.index('class="log-sheet"') < html.index("</main>")


# -- in a browser ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def handout(plugins, tmp_path_factory):
    return export_html(make_plan(), plugins, tmp_path_factory.mktemp("logsheet")).as_uri()


@pytest.mark.slow
def test_hidden_on_screen_shown_in_print_on_a_page_of_its_own(page, handout):
    expect = require("playwright.sync_api", "pip install playwright").expect
    rows = len(outline(make_plan()).sessions)
    page.goto(handout)
    sheet = page.locator("section.log-sheet")
    expect(sheet).to_be_hidden()
    page.emulate_media(media="print")
    expect(sheet).to_be_visible()
    assert sheet.evaluate("el => getComputedStyle(el).breakBefore") == "page"
    expect(sheet.locator("tbody tr")).to_have_count(rows)
    expect(sheet.locator("tbody tr").first).to_be_visible()
    save_screenshot(sheet, "handout-print-log-sheet")


@pytest.mark.slow
def test_chromium_prints_the_sheet_on_its_last_pages(page, handout, tmp_path):
    """Printed from the browser: the sheet's title starts a page, and nothing of the plan shares its pages."""
    page.goto(handout)
    path = tmp_path / "printed.pdf"
    path.write_bytes(page.pdf(format="A4"))
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not found: install poppler-utils to read the printed pages")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    start = next(n for n, p in enumerate(pages) if LOG_SHEET_WORDS["title"] in p)
    assert re.match(r"\s*" + re.escape(LOG_SHEET_WORDS["title"]), pages[start])
    assert not any("How much:" in p for p in pages[start:])
    assert "About this plan" in pages[start - 1]
