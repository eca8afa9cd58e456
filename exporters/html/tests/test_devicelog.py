"""The data the handout's session log runs on, and its words. (In a browser: test_devicelog_browser.py.)"""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace
from datetime import date, time
from pathlib import Path

import pytest

from backcare_kit import bundled_plan, export_plan
from backcare_kit.handout import outline
from backcare_kit.plugins import build_plugins
from backcare_kit.words import LOG_WORDS

backcare_kit_html = pytest.importorskip("backcare_kit_html")

TEMPLATES = Path(backcare_kit_html.__file__).parent / "templates"


@pytest.fixture(scope="module")
def plugins():
    return build_plugins(selected="html")


@pytest.fixture
def plan():
    return bundled_plan(start_date=date(2026, 3, 2), patient="Jane Doe", clinic_contact="01234 567890")


def log_data_of(plan, plugins, tmp_path) -> dict:
    """The page's log data, as the script reads it: the JSON in <script id="log-data">."""
    page = export_plan(plan, "html", tmp_path, plugins=plugins).read_text(encoding="utf-8")
    [text] = re.findall(r'<script type="application/json" id="log-data">(.*?)</script>', page, re.S)
    return json.loads(text)


def test_the_log_data_carries_the_plan_id_its_sessions_and_words(plan, plugins, tmp_path):
    data = log_data_of(plan, plugins, tmp_path)
    doc = outline(plan)
    assert data["plan_id"] == plan.id != ""
    assert data["start"] == "2026-03-02"
    assert data["sessions"] == [s.day.isoformat() for s in doc.sessions]
    assert data["sessions"][:4] == ["2026-03-02", "2026-03-04", "2026-03-06", "2026-03-09"]
    assert data["stages"] == [{"first_day": "2026-03-02", "last_day": "2026-04-12", "parts_total": 5}]
    assert data["words"] == LOG_WORDS
    assert data == backcare_kit_html.log_data(doc)


def test_each_stage_has_its_days_and_number_of_exercises(plan, plugins, tmp_path, three_stages):
    staged = three_stages(plan)
    data = log_data_of(staged, plugins, tmp_path)
    doc = outline(staged)
    assert [s["parts_total"] for s in data["stages"]] == [len(stage.exercises) for stage in doc.stages]
    assert [(s["first_day"], s["last_day"]) for s in data["stages"]] == [
        (stage.first_day.isoformat(), stage.last_day.isoformat()) for stage in doc.stages
    ]
    # Each scheduled session's parts are its stage's: the page counts the same.
    by_day = {(s["first_day"], s["last_day"]): s["parts_total"] for s in data["stages"]}
    for session in doc.sessions:
        [parts] = [n for (first, last), n in by_day.items() if first <= session.day.isoformat() <= last]
        assert parts == session.parts_total


def test_twice_a_day_lists_each_session(plan, plugins, tmp_path):
    twice = plan.edited(schedule=replace(plan.schedule, more_times=(time(18, 0),)))
    data = log_data_of(twice, plugins, tmp_path)
    assert data["sessions"][:2] == ["2026-03-02", "2026-03-02"]


def test_a_typed_plan_id_cannot_end_the_data_block(plan, plugins, tmp_path):
    odd = plan.edited(id="</script><script>alert(1)</script>")
    data = log_data_of(odd, plugins, tmp_path)
    assert data["plan_id"] == odd.id


def script_code() -> str:
    """devicelog.js without its comments."""
    return re.sub(r"/\*.*?\*/", "", (TEMPLATES / "devicelog.js").read_text(encoding="utf-8"), flags=re.S)


def test_every_word_the_script_uses_is_in_the_log_words():
    script = script_code()
    used = set(re.findall(r"words\.(\w+)", script))
    assert used and used <= set(LOG_WORDS), used - set(LOG_WORDS)


def test_every_log_word_is_on_the_page_or_in_the_script(plan, plugins, tmp_path):
    page = export_plan(plan, "html", tmp_path, plugins=plugins).read_text(encoding="utf-8")
    start = page.index('<section class="devicelog"')
    section = page[start : page.index("</section>", start)]
    script = script_code()
    unused = [key for key in LOG_WORDS if html.escape(LOG_WORDS[key], quote=False) not in section]
    unused = [key for key in unused if f"words.{key}" not in script]
    assert unused == []


def test_the_script_shows_no_words_of_its_own():
    """Every phrase comes from LOG_WORDS: the script's string literals are codes, selectors and formats."""
    literals = re.findall(r'"((?:[^"\\]|\\.)*)"', script_code())
    worded = [t for t in literals if re.search(r"[A-Za-z]{2,} [A-Za-z]{2,}", t) and t != "use strict"]
    assert worded == [], worded
