"""backcare_kit exporter: the plan as calendar reminders, one .ics file a patient imports.

The file holds one recurring event for the exercise sessions (with the whole
plan, safety text first, as its description, and an optional reminder) and,
when the plan has a review date, an all-day event for the review.

This module only declares the format and checks its options; the calendar is
built in :mod:`backcare_kit_ical.calendar`, imported when a file is written,
so listing the installed formats does not pay for importing icalendar.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from backcare_kit.plugin_api import Exporter, OptionError, Plan, hookimpl

#: Minutes before each session the reminder pops up, unless the clinician says otherwise.
DEFAULT_ALARM_MINUTES = 10
#: A day: a longer lead time would remind the patient of the session before the last one.
MAX_ALARM_MINUTES = 24 * 60
#: The option value that turns the reminder off.
NO_ALARM = "none"


def render(plan: Plan, options: Mapping[str, str]) -> bytes:
    """The iCalendar file for ``plan``; OptionError for a bad option, before any work is done."""
    alarm = alarm_minutes(options.get("alarm", str(DEFAULT_ALARM_MINUTES)))
    from .calendar import plan_calendar

    return plan_calendar(plan, alarm_minutes=alarm).to_ical()


def alarm_minutes(value: str) -> int | None:
    """The ``alarm`` option as minutes before the session (0: at its start), or None for no reminder."""
    text = value.strip().lower()
    if text == NO_ALARM:
        return None
    # ASCII digits only: str.isdigit() accepts '²', which int() then rejects.
    if not re.fullmatch(r"[0-9]+", text) or int(text) > MAX_ALARM_MINUTES:
        raise OptionError(
            f"alarm must be a whole number of minutes before each session, from 0 (at the start) "
            f"to {MAX_ALARM_MINUTES}, or {NO_ALARM!r} for no reminder; not {value!r}"
        )
    return int(text)


@hookimpl
def register_exporters(register):
    register(
        Exporter(
            name="ics",
            title="Calendar reminders (iCalendar)",
            extension=".ics",
            media_type="text/calendar",
            render=render,
            options={
                "alarm": (
                    f"minutes before each session for a reminder (default {DEFAULT_ALARM_MINUTES}; "
                    f"0: at the start; {NO_ALARM}: no reminder)"
                )
            },
            phases=True,
        )
    )
