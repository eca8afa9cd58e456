"""A plan that changes over the weeks, as a patient's calendar sees it: one series per stretch of weeks.

Parsed back with icalendar and expanded with recurring-ical-events, as in
test_ical.py. The plan starts on Monday 9 March 2026, so its weeks 3 and 4
(23 March to 5 April) span the UK's spring clock change on 29 March.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from icalendar import Calendar

from backcare_kit import Plan, bundled_plan, export_plan
from backcare_kit.plugins import Plugins, build_plugins

ROOT = Path(__file__).resolve().parents[3]
ICAL_JS = ROOT / "node_modules" / "ical.js"
START = date(2026, 3, 9)
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(scope="module")
def plugins() -> Plugins:
    return build_plugins(selected="ical", strict=True)


@pytest.fixture
def plan(three_stages) -> Plan:
    """The shared three-stage plan (the root conftest's ``in_three_stages``) from Monday 9 March 2026."""
    return three_stages(bundled_plan(patient="Jane Doe", start_date=START))


def unavailable(reason: str) -> None:
    """Skip, or fail under ``CI=true``, where .ci/run installs node and ical.js."""
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"{reason} (CI=true, so this test fails instead of skipping)", pytrace=False)
    pytest.skip(reason)


def export(plan: Plan, folder: Path, plugins: Plugins) -> Calendar:
    return Calendar.from_ical(export_plan(plan, "ics", folder, plugins=plugins).read_bytes())


def serieses(calendar: Calendar) -> dict[str, object]:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT") if "RRULE" in e}


def sessions(calendar: Calendar, uid: str) -> list[datetime]:
    return sorted(e["DTSTART"].dt for e in recurring_ical_events.of(calendar).all() if str(e["UID"]) == uid)


def test_each_stretch_of_weeks_is_its_own_series_on_its_own_days(tmp_path, plugins, plan):
    calendar = export(plan, tmp_path, plugins)
    uids = sorted(serieses(calendar))
    assert uids == sorted(f"{plan.id}-sessions{suffix}@backcare-kit" for suffix in ("", "-2", "-3"))
    days = {uid: [start.date() for start in sessions(calendar, uid)] for uid in uids}
    monday = {n: START + timedelta(weeks=n - 1) for n in range(1, 7)}
    week = lambda n: [monday[n] + timedelta(days=d) for d in (0, 2, 4)]  # noqa: E731
    assert days[f"{plan.id}-sessions@backcare-kit"] == week(1) + week(2)
    assert days[f"{plan.id}-sessions-2@backcare-kit"] == week(3) + week(4)
    assert days[f"{plan.id}-sessions-3@backcare-kit"] == week(5) + week(6)


def test_sessions_stay_at_eight_local_time_across_the_spring_clock_change_inside_a_series(tmp_path, plugins, plan):
    calendar = export(plan, tmp_path, plugins)
    starts = sessions(calendar, f"{plan.id}-sessions-2@backcare-kit")
    assert all(start.astimezone(LONDON).time() == time(8, 0) for start in starts)
    offsets = [start.astimezone(LONDON).utcoffset() for start in starts]
    assert offsets == [timedelta(0)] * 3 + [timedelta(hours=1)] * 3  # GMT before 29 March, BST after


def test_each_series_lasts_its_own_session_and_describes_only_its_own_exercises(tmp_path, plugins, plan):
    calendar = export(plan, tmp_path, plugins)
    events = serieses(calendar)
    first, second, third = (events[f"{plan.id}-sessions{s}@backcare-kit"] for s in ("", "-2", "-3"))
    assert [e["DURATION"].dt for e in (first, second, third)] == [
        timedelta(seconds=stage.routine.timing().total_seconds) for stage in plan.stages()
    ]
    for event in (first, second, third):
        text = str(event["DESCRIPTION"])
        assert text.index("SAFETY ADVICE") < text.index("THE EXERCISES")  # safety first in every series
        assert all(line in text for line in plan.safety.lines())
    assert "Weeks 1 to 2" in str(first["DESCRIPTION"]) and "Weeks 3 to 4" not in str(first["DESCRIPTION"])
    assert "Arm openings" in str(second["DESCRIPTION"]) and "Arm openings" not in str(third["DESCRIPTION"])
    assert "weeks 5 to 6" in str(third["SUMMARY"])
    assert all(len(list(e.walk("VALARM"))) == 1 for e in (first, second, third))


def test_a_re_export_after_an_edit_carries_a_higher_sequence_under_the_same_uids(tmp_path, plugins, plan):
    before = export(plan, tmp_path / "before", plugins)
    edited = plan.edited(notes="Take it slowly.")
    after = export(edited, tmp_path / "after", plugins)
    assert sorted(serieses(before)) == sorted(serieses(after))
    for uid, event in serieses(after).items():
        assert event["SEQUENCE"] > serieses(before)[uid]["SEQUENCE"]
        assert event["LAST-MODIFIED"].dt == edited.modified
    assert edited.modified is not None and edited.modified.tzinfo is not None


def test_ical_js_reads_the_same_series_and_times_as_icalendar(tmp_path, plugins, plan):
    """ical.js, which many web calendars use, expands every series to the same sessions in UTC."""
    node = shutil.which("node")
    if node is None or not ICAL_JS.is_dir():
        unavailable(f"ical.js needs node and `npm ci` in {ROOT} (found node: {node}, ical.js: {ICAL_JS.is_dir()})")
    path = export_plan(plan, "ics", tmp_path, plugins=plugins)
    done = subprocess.run(
        [node, str(Path(__file__).with_name("icaljs_sessions.mjs")), str(path)],
        cwd=ROOT,  # node resolves ical.js from the repository's node_modules
        capture_output=True,
        text=True,
        check=True,
    )
    seen = {uid: [datetime.fromisoformat(s) for s in starts] for uid, starts in json.loads(done.stdout).items()}
    calendar = Calendar.from_ical(path.read_bytes())
    assert seen == {uid: [s.astimezone(UTC) for s in sessions(calendar, uid)] for uid in serieses(calendar)}
    assert [s.hour for s in seen[f"{plan.id}-sessions-2@backcare-kit"]] == [8, 8, 8, 7, 7, 7]  # in UTC


def test_several_sessions_a_day_are_one_series_per_time_and_stage_each_at_its_local_time(tmp_path, plugins, plan):
    twice = plan.edited(schedule=plan.schedule.__class__(START, more_times=(time(18, 0),)))
    calendar = export(twice, tmp_path, plugins)
    uids = sorted(serieses(calendar))
    expected = [f"{plan.id}-sessions{s}{t}@backcare-kit" for s in ("", "-2", "-3") for t in ("", "-at-1800")]
    assert uids == sorted(expected)
    evening = sessions(calendar, f"{plan.id}-sessions-2-at-1800@backcare-kit")
    assert [s.astimezone(LONDON).time() for s in evening] == [time(18, 0)] * 6  # across the clock change too
    morning = sessions(calendar, f"{plan.id}-sessions-2@backcare-kit")
    assert [s.date() for s in morning] == [s.date() for s in evening]
    assert "08:00 and 18:00 (twice a day)" in str(serieses(calendar)[uids[0]]["DESCRIPTION"])
