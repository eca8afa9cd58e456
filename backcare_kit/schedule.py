"""When the patient exercises: days of the week, time of day, weeks, time zone."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import InvalidValue
from .limits import MAX_WEEKS, MIN_WEEKS, a_date, whole_number
from .text import shown

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

#: Evenly spread days for "N times a week", Monday = 0; rest days fall between sessions.
_SPREAD = {
    1: (0,),
    2: (0, 3),
    3: (0, 2, 4),
    4: (0, 1, 3, 4),
    5: (0, 1, 2, 3, 4),
    6: (0, 1, 2, 3, 4, 5),
    7: (0, 1, 2, 3, 4, 5, 6),
}

DEFAULT_TIMEZONE = "Europe/London"


@dataclass(frozen=True)
class Schedule:
    """Sessions on ``days`` (Monday = 0) at ``time_of_day`` local time for ``weeks`` weeks.

    Times are wall-clock times in ``timezone``, to the minute: a session at
    08:00 stays at 08:00 across a daylight-saving change, as a patient expects.
    ``more_times`` are further sessions on the same days, for exercises
    prescribed several times a day (08:00 and 18:00 is "twice a day"): how
    often the patient exercises belongs to the schedule, since every session
    is the whole routine.
    """

    start_date: date
    days: tuple[int, ...] = (0, 2, 4)
    time_of_day: time = time(8, 0)
    weeks: int = 6
    timezone: str = DEFAULT_TIMEZONE
    more_times: tuple[time, ...] = ()

    def __post_init__(self) -> None:
        a_date(self.start_date, what="schedule: start_date")
        object.__setattr__(self, "days", _weekdays(self.days))
        object.__setattr__(self, "time_of_day", _wall_clock(self.time_of_day))
        whole_number(self.weeks, MIN_WEEKS, MAX_WEEKS, what="schedule: weeks", unit="weeks")
        zone(self.timezone)
        object.__setattr__(self, "more_times", _more_times(self.more_times, self.time_of_day))

    @property
    def times(self) -> tuple[time, ...]:
        """Every session time of a day, earliest first."""
        return tuple(sorted((self.time_of_day, *self.more_times)))

    @classmethod
    def times_per_week(cls, times: int, start_date: date, **kwargs: object) -> Schedule:
        """A schedule of ``times`` sessions a week on evenly spread days."""
        whole_number(times, 1, 7, what="schedule: times per week")
        return cls(start_date=start_date, days=_SPREAD[times], **kwargs)  # type: ignore[arg-type]

    @property
    def zone(self) -> ZoneInfo:
        return zone(self.timezone)

    @property
    def end_date(self) -> date:
        """The last day of the last week."""
        return self.start_date + timedelta(days=7 * self.weeks - 1)

    def session_starts(self, at: time | None = None) -> list[datetime]:
        """Every session's start as an aware datetime in the plan's time zone; only those at ``at`` if given."""
        tz = self.zone
        days = [self.start_date + timedelta(days=n) for n in range(7 * self.weeks)]
        times = self.times if at is None else (at,)
        return [datetime.combine(d, t, tzinfo=tz) for d in days if d.weekday() in self.days for t in times]


_DAYS_EXPECTED = "one or more weekdays as whole numbers, Monday = 0 to Sunday = 6"


def _weekdays(value: object) -> tuple[int, ...]:
    """The days sorted and without repeats; a bool is refused though Python counts it as 0 or 1."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidValue(f"schedule: days: expected {_DAYS_EXPECTED}, not {shown(value)}")
    days = tuple(value)
    bad = [d for d in days if isinstance(d, bool) or not isinstance(d, int) or not 0 <= d <= 6]
    if not days or bad:
        raise InvalidValue(f"schedule: days: expected {_DAYS_EXPECTED}, not {shown(bad[0] if bad else days)}")
    return tuple(sorted(set(days)))


def _wall_clock(value: object, field: str = "time_of_day") -> time:
    """The time of day to the minute, which is what a saved plan and a calendar hold."""
    if not isinstance(value, time):
        raise InvalidValue(f"schedule: {field}: expected a time of day such as 08:00, not {shown(value)}")
    if value.tzinfo is not None:
        raise InvalidValue(
            f"schedule: {field}: expected a wall-clock time without a time zone (give it as timezone), "
            f"not {shown(value)}"
        )
    return value.replace(second=0, microsecond=0)


#: At most this many sessions a day: the whole routine four times a day is already a lot.
MAX_TIMES_A_DAY = 4


def _more_times(value: object, first: time) -> tuple[time, ...]:
    """Further session times, each a wall-clock time, none repeating another, at most MAX_TIMES_A_DAY in all."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidValue(f"schedule: more_times: expected a list of times of day such as 18:00, not {shown(value)}")
    times = tuple(_wall_clock(t, "more_times") for t in value)
    every = [first, *times]
    twice = sorted({t for t in every if every.count(t) > 1})
    if twice:
        raise InvalidValue(f"schedule: expected each session time once, but {twice[0]:%H:%M} is given twice")
    if len(times) + 1 > MAX_TIMES_A_DAY:
        raise InvalidValue(f"schedule: expected at most {MAX_TIMES_A_DAY} sessions a day, not {len(times) + 1}")
    return tuple(sorted(times))


def zone(name: str) -> ZoneInfo:
    """The IANA time zone, or InvalidValue naming what was expected."""
    expected = "expected an IANA name such as 'Europe/London'"
    if not isinstance(name, str):
        raise InvalidValue(f"schedule: timezone: {expected}, not {shown(name)}")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # OSError: a name too long for a file name, or one the system cannot open.
        raise InvalidValue(f"unknown time zone {shown(name)}; {expected}") from None


_CLOCK = re.compile(r"(\d{1,2})[:.](\d{2})")


def parse_time(text: str) -> time:
    """'08:00', '8:00' or '7.30' to a time of day; InvalidValue saying what was expected otherwise.

    People write a morning time with one digit for the hour, and some with
    a dot: both are what they mean, so both are taken, here once for every
    face (the command line and the editor).
    """
    found = _CLOCK.fullmatch(text.strip())
    hour, minute = (int(found[1]), int(found[2])) if found else (-1, -1)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise InvalidValue(f"time of day {shown(text.strip())}: expected a 24-hour time such as 07:30 or 18:00")
    return time(hour, minute)


def parse_times(text: str) -> tuple[time, ...]:
    """'08:00, 18:00' to the session times of a day, in the order given; InvalidValue for any that is not a time."""
    return tuple(parse_time(part) for part in text.split(","))


def parse_days(text: str) -> tuple[int, ...]:
    """'mon,wed,fri' or 'Monday Wednesday' to weekday numbers; InvalidValue (a ValueError) otherwise."""
    days = []
    for word in text.replace(",", " ").split():
        matches = [n for n, day in enumerate(WEEKDAYS) if len(word) >= 2 and day.lower().startswith(word.lower())]
        if len(matches) != 1:
            raise InvalidValue(f"unknown day {shown(word)}; expected day names such as mon,wed,fri")
        days.append(matches[0])
    if not days:
        raise InvalidValue("expected at least one day, such as mon,wed,fri")
    return tuple(days)
