"""The .ics export as a patient's calendar sees it.

Every test exports through the installed plugin (entry point ``ical``) and the
core's export_plan, parses the written file back with icalendar, and expands
the recurrence with recurring-ical-events, as a calendar application would.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from importlib.metadata import version
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from icalendar import Calendar, Event

from backcare_kit import BackcareError, Plan, Schedule, bundled_plan, export_plan
from backcare_kit.plaintext import plan_as_text
from backcare_kit.plugins import Plugins, build_plugins
from backcare_kit.words import dose_in_words, duration_in_words

MONDAY = date(2026, 3, 2)


@pytest.fixture(scope="module")
def plugins() -> Plugins:
    """Only this distribution's plugin, loaded through its entry point; strict, so a load failure fails."""
    return build_plugins(selected="ical", strict=True)


def make_plan(patient: str = "Jane Doe", schedule: Schedule | None = None, **fields: object) -> Plan:
    plan = bundled_plan(patient=patient, start_date=MONDAY, **fields)
    return plan if schedule is None else plan.edited(schedule=schedule)


def export(plan: Plan, folder: Path, plugins: Plugins, **options: str) -> Calendar:
    path = export_plan(plan, "ics", folder, plugins=plugins, options=options)
    return Calendar.from_ical(path.read_bytes())


def series(calendar: Calendar) -> Event:
    """The one recurring event for the sessions."""
    (event,) = [e for e in calendar.walk("VEVENT") if "RRULE" in e]
    return event


def occurrences(calendar: Calendar) -> list[Event]:
    """Every session as the patient's calendar lists it."""
    uid = series(calendar)["UID"]
    return [e for e in recurring_ical_events.of(calendar).all() if e["UID"] == uid]


def review(calendar: Calendar) -> Event:
    (event,) = [e for e in calendar.walk("VEVENT") if "RRULE" not in e]
    return event


def collapse(text: str) -> str:
    return " ".join(text.split())


# --- the format and the file -------------------------------------------------------------------


def test_the_ics_format_is_built_in_through_its_own_entry_point(plugins):
    installed = plugins.exporters()["ics"]

    assert (installed.plugin, installed.distribution) == ("ical", "backcare-kit")
    assert installed.exporter.extension == ".ics"
    assert installed.exporter.media_type == "text/calendar"
    assert "alarm" in installed.exporter.options


def test_the_file_is_named_after_the_patient_and_has_a_valid_calendar_header(tmp_path, plugins):
    before = datetime.now(UTC).replace(microsecond=0)
    path = export_plan(make_plan(review_date=date(2026, 4, 20)), "ics", tmp_path, plugins=plugins)
    calendar = Calendar.from_ical(path.read_bytes())

    assert path.name == "jane-doe-back-care-plan.ics"
    assert str(calendar["PRODID"]) == f"-//backcare-kit//backcare-kit {version('backcare-kit')}//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    for event in calendar.walk("VEVENT"):
        stamp = event["DTSTAMP"].dt
        assert stamp.utcoffset() == timedelta(0)
        assert before <= stamp <= datetime.now(UTC)


# --- when the sessions are ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "schedule",
    [
        Schedule(start_date=MONDAY, days=(0, 2, 4), time_of_day=time(8, 0), weeks=6),
        Schedule(start_date=MONDAY, days=(1, 3), time_of_day=time(18, 30), weeks=3, timezone="Asia/Kolkata"),
        Schedule(start_date=MONDAY, days=tuple(range(7)), time_of_day=time(7, 15), weeks=2, timezone="UTC"),
    ],
    ids=["mon-wed-fri-london", "tue-thu-kolkata", "every-day-utc"],
)
def test_the_calendar_shows_exactly_the_scheduled_sessions(tmp_path, plugins, schedule):
    plan = make_plan(schedule=schedule)
    starts = [event.start for event in occurrences(export(plan, tmp_path, plugins))]

    expected = schedule.session_starts()
    assert starts == expected  # the same instants...
    assert [s.astimezone(schedule.zone).replace(tzinfo=None) for s in starts] == [
        e.replace(tzinfo=None) for e in expected
    ]  # ...and the same dates and wall-clock times in the plan's zone


def test_six_weeks_of_mon_wed_fri_is_eighteen_sessions_at_eight(tmp_path, plugins):
    sessions = occurrences(export(make_plan(), tmp_path, plugins))

    assert len(sessions) == 18
    assert {s.start.astimezone(ZoneInfo("Europe/London")).time() for s in sessions} == {time(8, 0)}
    assert {s.start.weekday() for s in sessions} == {0, 2, 4}
    assert sessions[0].start.date() == MONDAY
    assert sessions[-1].start.date() == date(2026, 4, 10)


@pytest.mark.parametrize(
    ("zone", "start", "before", "after"),
    [
        ("Europe/London", date(2026, 3, 16), 0, 1),  # BST from Sunday 29 March 2026
        ("America/New_York", date(2026, 3, 2), -5, -4),  # EDT from Sunday 8 March 2026
        ("America/New_York", date(2026, 10, 26), -4, -5),  # EST from Sunday 1 November 2026
    ],
)
def test_sessions_stay_at_eight_local_time_across_a_daylight_saving_change(
    tmp_path, plugins, zone, start, before, after
):
    schedule = Schedule(start_date=start, days=(0, 2, 4), time_of_day=time(8, 0), weeks=3, timezone=zone)
    calendar = export(make_plan(schedule=schedule), tmp_path, plugins)
    sessions = [s.start for s in occurrences(calendar)]

    assert sessions == schedule.session_starts()
    assert {s.astimezone(ZoneInfo(zone)).time() for s in sessions} == {time(8, 0)}
    offsets = [s.utcoffset() for s in sessions]
    assert offsets[0] == timedelta(hours=before)
    assert offsets[-1] == timedelta(hours=after)  # so in UTC the session moves by an hour


@pytest.mark.parametrize("zone", ["Europe/London", "America/New_York"])
def test_the_file_carries_a_vtimezone_that_gives_every_session_the_right_offset(tmp_path, plugins, zone):
    """Clients that use the file's own VTIMEZONE, not their zone database, get the same times."""
    schedule = Schedule(start_date=date(2026, 3, 2), days=(0, 2, 4), weeks=12, timezone=zone)
    calendar = export(make_plan(schedule=schedule), tmp_path, plugins)
    tzid = series(calendar)["DTSTART"].params["TZID"]
    (vtimezone,) = [tz for tz in calendar.walk("VTIMEZONE") if str(tz["TZID"]) == tzid]
    own = vtimezone.to_tz(lookup_tzid=False)  # built from the VTIMEZONE alone

    assert tzid == zone
    starts = schedule.session_starts()
    assert len({s.utcoffset() for s in starts}) == 2  # the plan does cross a change
    for start in starts:
        assert start.replace(tzinfo=own).utcoffset() == start.utcoffset(), start


def test_a_start_day_that_is_not_a_session_day_adds_no_session(tmp_path, plugins):
    tuesday = date(2026, 3, 3)
    schedule = Schedule(start_date=tuesday, days=(0, 2, 4), time_of_day=time(8, 0), weeks=2)
    sessions = occurrences(export(make_plan(schedule=schedule), tmp_path, plugins))

    assert [s.start.date() for s in sessions] == [
        date(2026, 3, 4),
        date(2026, 3, 6),
        date(2026, 3, 9),
        date(2026, 3, 11),
        date(2026, 3, 13),
        date(2026, 3, 16),
    ]


# --- how long, and the reminder -----------------------------------------------------------------


def test_each_session_lasts_the_session_time_and_follows_dose_edits(tmp_path, plugins):
    plan = make_plan()
    longer = plan.edited(routine=plan.routine.tailor(0, duration_seconds=300))
    for n, p in enumerate((plan, longer)):
        calendar = export(p, tmp_path / str(n), plugins)
        seconds = p.timing().total_seconds
        assert {s.end - s.start for s in occurrences(calendar)} == {timedelta(seconds=seconds)}
        assert duration_in_words(seconds) in str(series(calendar)["SUMMARY"])
    assert longer.timing().total_seconds == plan.timing().total_seconds + 180


@pytest.mark.parametrize(
    ("options", "trigger"),
    [
        ({}, timedelta(minutes=-10)),
        ({"alarm": "25"}, timedelta(minutes=-25)),
        ({"alarm": "0"}, timedelta(0)),
        ({"alarm": " 90 "}, timedelta(minutes=-90)),
    ],
    ids=["default", "25", "at-start", "spaces"],
)
def test_the_reminder_comes_the_chosen_minutes_before_each_session(tmp_path, plugins, options, trigger):
    calendar = export(make_plan(), tmp_path, plugins, **options)
    (alarm,) = series(calendar).walk("VALARM")

    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm["TRIGGER"].dt == trigger
    assert str(alarm["DESCRIPTION"]).startswith("Back exercises start")
    for session in occurrences(calendar):  # every occurrence inherits it
        assert [a["TRIGGER"].dt for a in session.walk("VALARM")] == [trigger]


@pytest.mark.parametrize("value", ["none", "None", "NONE"])
def test_alarm_none_gives_no_reminder(tmp_path, plugins, value):
    calendar = export(make_plan(), tmp_path, plugins, alarm=value)

    assert calendar.walk("VALARM") == []
    assert len(occurrences(calendar)) == 18


@pytest.mark.parametrize("value", ["-5", "ten", "1.5", "", "10m", "²", "1441", "off"])
def test_a_bad_alarm_value_is_refused_and_writes_no_file(tmp_path, plugins, value):
    with pytest.raises(BackcareError, match=r"alarm must be a whole number of minutes .* or 'none'"):
        export_plan(make_plan(), "ics", tmp_path, plugins=plugins, options={"alarm": value})
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_option_is_refused_naming_alarm(tmp_path, plugins):
    with pytest.raises(BackcareError, match="accepts: alarm"):
        export_plan(make_plan(), "ics", tmp_path, plugins=plugins, options={"reminder": "5"})
    assert list(tmp_path.iterdir()) == []


# --- identity: a re-export updates the events instead of doubling them ----------------------------


def test_uids_are_stable_for_a_plan_even_after_edits_and_differ_between_patients(tmp_path, plugins):
    plan = make_plan(review_date=date(2026, 4, 20))
    edited = plan.edited(routine=plan.routine.tailor(0, duration_seconds=90))
    other = make_plan(patient="John Roe", review_date=date(2026, 4, 20))

    def uids(p: Plan, folder: str) -> tuple[str, str]:
        calendar = export(p, tmp_path / folder, plugins)
        return str(series(calendar)["UID"]), str(review(calendar)["UID"])

    first, again, after_edit, another = uids(plan, "a"), uids(plan, "b"), uids(edited, "c"), uids(other, "d")

    assert first == (f"{plan.id}-sessions@backcare-kit", f"{plan.id}-review@backcare-kit")
    assert again == first
    assert after_edit == first
    assert set(another).isdisjoint(first)
    assert first[0] != first[1]


# --- what the patient reads ----------------------------------------------------------------------


def test_the_description_has_the_safety_text_then_every_exercise_dose_and_cue(tmp_path, plugins):
    plan = make_plan(clinician="Dr Ann Smith", clinic="Riverside Physio", clinic_contact="01234 567890")
    plan = plan.edited(routine=plan.routine.tailor(1, duration_seconds=90, cues=("Breathe out as you rock back",)))
    text = str(series(export(plan, tmp_path, plugins))["DESCRIPTION"])
    flat = collapse(text)

    for line in plan.safety.lines():
        assert collapse(line) in flat
    for item in plan.routine.included:
        assert f"{item.name}: {dose_in_words(item)}" in text
        for cue in item.cues:
            assert cue in text
    assert "Rock back: Repeat for 1 minute 30 seconds" in text
    assert "Breathe out as you rock back" in text
    headings = [flat.index(collapse(section.heading)) for section in plan.safety.sections]
    assert headings == sorted(headings) and len(headings) == 6  # every section, in order, first
    last_safety_line = collapse(plan.safety.lines()[-1])
    contact = flat.index("For advice, contact Riverside Physio: 01234 567890.")
    assert flat.index(last_safety_line) < contact < flat.index(plan.routine.included[0].name)
    assert "NICE guide NG59" in flat and "Five exercises which can help relieve back pain" in flat
    for who in ("Dr Ann Smith", "Riverside Physio", "01234 567890"):
        assert who in text


def test_commas_semicolons_backslashes_and_line_breaks_round_trip(tmp_path, plugins):
    plan = make_plan(
        patient='Doe, Zoë; "JD" \\ O\u2019Brien',
        notes="Line one;\nLine, two\\three\nC:\\new folder\\; done,",
        clinician="Dr. A, B; C",
        clinic="North; East, \\ Clinic\nFloor 2",
        clinic_contact="tel: 01234 567890; a\\b@example.org, ext. 5",
        review_date=date(2026, 4, 20),
    )
    calendar = export(plan, tmp_path, plugins)
    description = str(series(calendar)["DESCRIPTION"])
    review_description = str(review(calendar)["DESCRIPTION"])

    assert description == plan_as_text(plan, width=None)  # the same words as the text export, exactly
    assert "Line one;\nLine, two\\three\nC:\\new folder\\; done," in description
    assert "North; East, \\ Clinic\nFloor 2" in description
    assert str(calendar["X-WR-CALNAME"]) == 'Back-care exercise plan for Doe, Zoë; "JD" \\ O\u2019Brien'
    for text in ("Dr. A, B; C", "North; East, \\ Clinic\nFloor 2", "tel: 01234 567890; a\\b@example.org, ext. 5"):
        assert text in review_description


# --- the review ----------------------------------------------------------------------------------


def test_a_review_date_adds_an_all_day_event_with_whom_to_contact(tmp_path, plugins):
    day = date(2026, 4, 20)
    plan = make_plan(review_date=day, clinician="Dr Ann Smith", clinic="Riverside Physio", clinic_contact="01234")
    calendar = export(plan, tmp_path, plugins)
    event = review(calendar)

    assert len(calendar.walk("VEVENT")) == 2
    assert type(event.start) is date and event.start == day  # all day, not at a time
    assert event.end == day + timedelta(days=1)
    assert str(event["SUMMARY"]) == "Back-care plan review"
    assert str(event["UID"]) == f"{plan.id}-review@backcare-kit"
    for who in ("Dr Ann Smith", "Riverside Physio", "01234"):
        assert who in str(event["DESCRIPTION"])
    on_the_day = recurring_ical_events.of(calendar).at(day)
    assert [str(e["SUMMARY"]) for e in on_the_day] == ["Back-care plan review"]
    assert recurring_ical_events.of(calendar).at(day + timedelta(days=1)) == []


def test_without_a_review_date_there_is_only_the_session_series(tmp_path, plugins):
    calendar = export(make_plan(), tmp_path, plugins)

    (event,) = calendar.walk("VEVENT")
    assert "RRULE" in event
    assert "review" not in str(event["SUMMARY"]).lower()
