"""The iCalendar objects for a plan: the session series, its time zone, the review day.

The sessions are one event with a weekly recurrence rule, not one event per
session: the patient's calendar shows a single series they can move or delete
as a whole, and wall-clock times stay put across daylight-saving changes
because the rule repeats in the plan's time zone. Every text goes through
icalendar's objects, which escape commas, semicolons, backslashes and line
breaks; no iCalendar text is written by hand.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from importlib.metadata import version
from typing import cast

from icalendar import Alarm, Calendar, Event, Timezone

from backcare_kit.plugin_api import (
    Outline,
    Plan,
    StageOutline,
    duration_in_words,
    length_in_words,
    outline,
    render_outline,
)

#: Who wrote the file: the toolkit and its one version, read from the installed distribution.
PRODID = f"-//backcare-kit//backcare-kit {version('backcare-kit')}//EN"
#: RFC 5545 weekday codes, Monday = 0 as in ``Schedule.days``.
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
#: The right-hand side of every UID: ids made here never collide with another program's.
UID_DOMAIN = "backcare-kit"
REVIEW_SUMMARY = "Back-care plan review"


def session_uid(plan: Plan, stage: int = 1, at: time | None = None) -> str:
    """Stable for the plan (its id survives edits), so a re-export updates the series instead of adding one.

    Each stretch of weeks with its own exercises is its own series, and so is
    each further session time of a day (``at``, other than the schedule's
    ``time_of_day``); the first keeps the UID a plan with neither has always had.
    """
    stage_part = "" if stage == 1 else f"-{stage}"
    time_part = "" if at is None or at == plan.schedule.time_of_day else f"-at-{at:%H%M}"
    return f"{plan.id}-sessions{stage_part}{time_part}@{UID_DOMAIN}"


def review_uid(plan: Plan) -> str:
    """Stable like :func:`session_uid`, and distinct from it so the review is its own event."""
    return f"{plan.id}-review@{UID_DOMAIN}"


def plan_calendar(plan: Plan, alarm_minutes: int | None, now: datetime | None = None) -> Calendar:
    """The whole calendar: header, the time zone the sessions use, the sessions and the review.

    :param alarm_minutes: reminder lead time before each session (0: at the
        start), or None for no reminder.
    :param now: the DTSTAMP, in UTC; the current time when not given.
    """
    doc = outline(plan)  # raises BackcareError for a plan with nothing to do
    now = now or datetime.now(UTC)
    calendar = _header(doc)
    series = [
        session_event(plan, doc, stage, at, alarm_minutes, now) for stage in doc.stages for at in plan.schedule.times
    ]
    zone = session_timezone(plan, series[0])
    if zone is not None:
        calendar.add_component(zone)  # before the events that refer to it, as some clients expect
    for sessions in series:
        calendar.add_component(sessions)
    if plan.review_date is not None:
        calendar.add_component(review_event(plan, plan.review_date, doc, now))
    return calendar


def _header(doc: Outline) -> Calendar:
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    # PUBLISH: a file to import, not an invitation the patient must answer.
    calendar.add("METHOD", "PUBLISH")
    # Named after the patient, so a calendar that offers to import into a new
    # calendar suggests a name that says whose plan it is: NAME is RFC 7986,
    # X-WR-CALNAME what most clients read. Added as properties, not through
    # Calendar.calendar_name, which icalendar before 6.2 silently ignores.
    calendar.add("NAME", doc.title)
    calendar.add("X-WR-CALNAME", doc.title)
    return calendar


def session_event(
    plan: Plan, doc: Outline, stage: StageOutline, at: time, alarm_minutes: int | None, now: datetime
) -> Event:
    """One recurring event for the sessions at ``at`` in a stretch of weeks, described with that stretch's exercises.

    A weekly rule repeats one time of day; several sessions a day are one
    series per time, so each keeps its wall-clock time across clock changes.
    """
    starts = [s for s in plan.schedule.session_starts(at) if stage.first_day <= s.date() <= stage.last_day]
    event = Event()
    event.add("UID", session_uid(plan, stage.number, at))
    event.add("DTSTAMP", now)
    _revision(event, plan)
    weeks = f", weeks {stage.first_week} to {stage.last_week}" if len(doc.stages) > 1 else ""
    event.add("SUMMARY", f"Back exercises{weeks} ({length_in_words(stage.timing)})")  # "about" for repetitions
    # RFC 5545 counts DTSTART as the first instance whether or not it matches
    # the rule, so it must be the first real session, not the plan's start date.
    event.add("DTSTART", starts[0])
    event.add("DURATION", timedelta(seconds=stage.timing.total_seconds))
    # COUNT, not UNTIL: an UNTIL would have to be given in UTC and be compared
    # across time zones; a count of sessions means the same to every client.
    event.add("RRULE", {"FREQ": "WEEKLY", "BYDAY": [BYDAY[d] for d in plan.schedule.days], "COUNT": len(starts)})
    # The same words as the handout and the text export, safety text first.
    event.add("DESCRIPTION", render_outline(doc, width=None, stage=stage.number))
    # Health details: a calendar shared with others shows the slot, not the plan.
    event.add("CLASS", "PRIVATE")
    if alarm_minutes is not None:
        event.add_component(reminder(alarm_minutes))
    return event


def _revision(event: Event, plan: Plan) -> None:
    """SEQUENCE and LAST-MODIFIED from the plan's edits, so importing a re-export updates the events.

    A calendar app keeps the event it has unless the one imported under the
    same UID has a higher SEQUENCE (RFC 5545, 3.8.7.4); the plan counts its
    edits, so every re-export after an edit carries a higher one.
    """
    event.add("SEQUENCE", plan.revision)
    if plan.modified is not None:
        event.add("LAST-MODIFIED", plan.modified)


def reminder(minutes: int) -> Alarm:
    """A pop-up ``minutes`` before each session (at its start for 0)."""
    alarm = Alarm()
    alarm.add("ACTION", "DISPLAY")
    when = f"in {duration_in_words(minutes * 60)}" if minutes else "now"
    alarm.add("DESCRIPTION", f"Back exercises start {when}")
    alarm.add("TRIGGER", timedelta(minutes=-minutes))
    return alarm


def review_event(plan: Plan, day: date, doc: Outline, now: datetime) -> Event:
    """An all-day event on the review ``day``, saying whom to contact to book it."""
    event = Event()
    event.add("UID", review_uid(plan))
    event.add("DTSTAMP", now)
    _revision(event, plan)
    event.add("SUMMARY", REVIEW_SUMMARY)
    event.add("DTSTART", day)
    # DTEND is exclusive: the next day makes it one whole day in every client.
    event.add("DTEND", day + timedelta(days=1))
    event.add("DESCRIPTION", review_text(doc))
    # A date to remember, not a day the patient is busy.
    event.add("TRANSP", "TRANSPARENT")
    event.add("CLASS", "PRIVATE")
    return event


def review_text(doc: Outline) -> str:
    """What the review is and who to contact; lines without a value are left out."""
    lines = [
        f"Your back-care exercise plan is due for review on {doc.review}.",
        "Contact your clinician to book the review if it is not booked yet.",
        f"Clinician: {doc.clinician}" if doc.clinician else "",
        f"Clinic: {doc.clinic}" if doc.clinic else "",
        f"Contact: {doc.clinic_contact}" if doc.clinic_contact else "",
    ]
    return "\n".join(line for line in lines if line)


def session_timezone(plan: Plan, sessions: Event) -> Timezone | None:
    """The VTIMEZONE for the TZID on the sessions' DTSTART, so clients that trust the file get the offsets right.

    Built from the very zoneinfo zone the session times came from, over whole
    calendar years around the sessions, so it has both of each year's
    daylight-saving changes. None when icalendar wrote the start in UTC
    (``...Z``), which needs no VTIMEZONE (icalendar 7.0.0 to 7.0.2 still put a
    TZID=UTC parameter on it, hence the check of what was written).
    """
    start = sessions["DTSTART"]
    tzid = start.params.get("TZID")
    if not tzid or cast(bytes, start.to_ical()).endswith(b"Z"):  # bytes at run time
        return None
    starts = plan.schedule.session_starts()
    return Timezone.from_tzinfo(
        plan.schedule.zone,
        tzid=str(tzid),
        first_date=date(starts[0].year, 1, 1),
        last_date=date(starts[-1].year + 1, 1, 1),
    )
