"""The schedule and the shared wording every exporter uses."""

from __future__ import annotations

from datetime import UTC, date, time, timedelta

import pytest

from backcare_kit import InvalidValue, Schedule
from backcare_kit.bundled import next_monday
from backcare_kit.schedule import parse_days
from backcare_kit.words import dose_in_words, duration_in_words, schedule_in_words


def test_sessions_fall_on_the_chosen_days_for_the_chosen_weeks():
    schedule = Schedule(start_date=date(2026, 3, 2), days=(0, 2, 4), weeks=6)
    starts = schedule.session_starts()
    assert len(starts) == 18
    assert {s.weekday() for s in starts} == {0, 2, 4}
    assert starts[0].date() == date(2026, 3, 2) and starts[-1].date() == date(2026, 4, 10)
    assert schedule.end_date == date(2026, 4, 12)


def test_session_time_stays_on_the_wall_clock_across_a_daylight_saving_change():
    starts = Schedule(start_date=date(2026, 3, 23), days=(0,), weeks=2, time_of_day=time(8)).session_starts()
    assert [s.strftime("%H:%M %Z") for s in starts] == ["08:00 GMT", "08:00 BST"]
    assert starts[1].astimezone(UTC) - starts[0].astimezone(UTC) == timedelta(days=7, hours=-1)


def test_times_per_week_spreads_sessions_with_rest_days_between():
    assert Schedule.times_per_week(2, date(2026, 3, 2)).days == (0, 3)
    assert Schedule.times_per_week(7, date(2026, 3, 2)).days == tuple(range(7))


@pytest.mark.parametrize("kwargs", [{"days": ()}, {"days": (7,)}, {"weeks": 0}, {"timezone": "Mars/Base"}])
def test_impossible_schedules_are_refused(kwargs):
    with pytest.raises(ValueError):
        Schedule(start_date=date(2026, 3, 2), **kwargs)


def test_days_are_read_from_words():
    assert parse_days("mon,wed,fri") == (0, 2, 4)
    assert parse_days("Tuesday thu") == (1, 3)
    with pytest.raises(ValueError, match="unknown day 't'"):
        parse_days("t")


def test_schedule_in_words():
    schedule = Schedule(start_date=date(2026, 12, 7), days=(4, 0, 2), time_of_day=time(8), weeks=6)
    assert (
        schedule_in_words(schedule) == "Monday, Wednesday and Friday at 08:00 for 6 weeks, from Monday 7 December 2026"
    )
    daily = Schedule(start_date=date(2026, 12, 7), days=tuple(range(7)), weeks=1, time_of_day=time(18, 30))
    assert schedule_in_words(daily).startswith("Every day at 18:30 for 1 week")


@pytest.mark.parametrize(
    "seconds, words",
    [(120, "2 minutes"), (60, "1 minute"), (90, "1 minute 30 seconds"), (45, "45 seconds"), (1, "1 second")],
)
def test_durations_in_words(seconds, words):
    assert duration_in_words(seconds) == words


def test_doses_in_words_match_the_article(plan):
    words = {item.id: dose_in_words(item) for item in plan.routine.items}
    assert words == {
        "glute-bridge": "Repeat for 2 minutes",
        "rock-back": "Repeat for 2 minutes",
        "arm-openings": (
            "Repeat for 1 minute on one side, then 1 minute on the other side. Hold for a few seconds each time"
        ),
        "bent-knee-fall-out": "Repeat for 2 minutes, changing sides each time",
        "lumbar-rotation-stretch": (
            "Repeat for 1 minute on one side, then 1 minute on the other side. Hold for a few seconds each time"
        ),
    }


def test_default_start_is_the_next_monday():
    assert next_monday(date(2026, 11, 26)) == date(2026, 11, 30)
    assert next_monday(date(2026, 11, 30)) == date(2026, 12, 7)


# --- several sessions a day ---------------------------------------------------------------------


def test_more_times_make_more_sessions_on_the_same_days_in_order():
    schedule = Schedule(date(2026, 3, 9), weeks=1, more_times=(time(18, 0), time(12, 30)))
    assert schedule.times == (time(8, 0), time(12, 30), time(18, 0))
    starts = schedule.session_starts()
    assert [(s.weekday(), s.hour, s.minute) for s in starts[:4]] == [(0, 8, 0), (0, 12, 30), (0, 18, 0), (2, 8, 0)]
    assert len(starts) == 9
    assert [s.hour for s in schedule.session_starts(time(18, 0))] == [18, 18, 18]


@pytest.mark.parametrize(
    ("more", "expected"),
    [
        ((time(8, 0),), "08:00 is given twice"),
        ((time(9, 0), time(9, 0)), "09:00 is given twice"),
        ((time(9), time(10), time(11), time(12)), "at most 4 sessions a day, not 5"),
        (("18:00",), "more_times: expected a time of day such as 08:00"),
        ("18:00", "expected a list of times of day"),
    ],
)
def test_more_times_that_make_no_sense_are_refused(more, expected):
    with pytest.raises(InvalidValue, match=expected):
        Schedule(date(2026, 3, 9), more_times=more)


def test_several_times_a_day_are_said_with_how_often():
    schedule = Schedule(date(2026, 3, 9), days=(0,), more_times=(time(18, 0),))
    assert (
        schedule_in_words(schedule) == "Monday at 08:00 and 18:00 (twice a day) for 6 weeks, from Monday 9 March 2026"
    )
