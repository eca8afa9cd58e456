"""When the patient exercises: days of the week, time of day, weeks, time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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
    """

    start_date: date
    days: tuple[int, ...] = (0, 2, 4)
    time_of_day: time = time(8, 0)
    weeks: int = 6
    timezone: str = DEFAULT_TIMEZONE

    def __post_init__(self) -> None:
        days = tuple(sorted(set(self.days)))
        if not days or any(not isinstance(d, int) or not 0 <= d <= 6 for d in days):
            raise ValueError("days must be one or more weekdays, Monday = 0 to Sunday = 6")
        object.__setattr__(self, "days", days)
        if self.time_of_day.tzinfo is not None:
            raise ValueError("time of day is a wall-clock time; give the time zone as timezone")
        object.__setattr__(self, "time_of_day", self.time_of_day.replace(second=0, microsecond=0))
        if isinstance(self.weeks, bool) or not isinstance(self.weeks, int) or not 1 <= self.weeks <= 104:
            raise ValueError(f"weeks must be a whole number from 1 to 104, not {self.weeks!r}")
        zone(self.timezone)

    @classmethod
    def times_per_week(cls, times: int, start_date: date, **kwargs: object) -> Schedule:
        """A schedule of ``times`` sessions a week on evenly spread days."""
        if times not in _SPREAD:
            raise ValueError(f"times per week must be 1 to 7, not {times!r}")
        return cls(start_date=start_date, days=_SPREAD[times], **kwargs)  # type: ignore[arg-type]

    @property
    def zone(self) -> ZoneInfo:
        return zone(self.timezone)

    @property
    def end_date(self) -> date:
        """The last day of the last week."""
        return self.start_date + timedelta(days=7 * self.weeks - 1)

    def session_starts(self) -> list[datetime]:
        """Every session's start as an aware datetime in the plan's time zone."""
        tz = self.zone
        days = (self.start_date + timedelta(days=n) for n in range(7 * self.weeks))
        return [datetime.combine(d, self.time_of_day, tzinfo=tz) for d in days if d.weekday() in self.days]


def zone(name: str) -> ZoneInfo:
    """The IANA time zone, or ValueError naming what was expected."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r}; expected an IANA name such as 'Europe/London'") from None


def parse_days(text: str) -> tuple[int, ...]:
    """'mon,wed,fri' or 'Monday Wednesday' to weekday numbers; ValueError otherwise."""
    days = []
    for word in text.replace(",", " ").split():
        matches = [n for n, day in enumerate(WEEKDAYS) if len(word) >= 2 and day.lower().startswith(word.lower())]
        if len(matches) != 1:
            raise ValueError(f"unknown day {word!r}; expected day names such as mon,wed,fri")
        days.append(matches[0])
    if not days:
        raise ValueError("expected at least one day, such as mon,wed,fri")
    return tuple(days)
