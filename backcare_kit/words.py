"""Doses, durations and schedules in plain words, shared by every exporter.

One wording everywhere: the handout, the calendar and the text message must
never disagree about what the patient was asked to do.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from .exercise import Sides
from .schedule import WEEKDAYS

if TYPE_CHECKING:
    from .routine import RoutineItem
    from .schedule import Schedule


def clock(seconds: int) -> str:
    """Seconds as m:ss, e.g. 75 -> '1:15'."""
    return f"{seconds // 60}:{seconds % 60:02d}"


def _count(n: int, unit: str) -> str:
    return f"{n} {unit}" + ("" if n == 1 else "s")


def duration_in_words(seconds: int) -> str:
    """'2 minutes', '1 minute 30 seconds', '45 seconds'."""
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return _count(rest, "second")
    return _count(minutes, "minute") + (f" {_count(rest, 'second')}" if rest else "")


def join_words(words: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def dose_in_words(item: RoutineItem) -> str:
    """'2 minutes', '1 minute each side, hold a few seconds', '2 minutes, alternating sides'."""
    words = duration_in_words(item.duration_seconds)
    if item.sides is Sides.EACH_SIDE:
        words += " each side"
    elif item.sides is Sides.ALTERNATING:
        words += ", alternating sides"
    if item.hold:
        words += f", hold {item.hold}"
    return words


def days_in_words(days: Sequence[int]) -> str:
    if len(days) == 7:
        return "Every day"
    return join_words([WEEKDAYS[d] for d in days])


def date_in_words(day: date) -> str:
    """'Monday 7 December 2026'."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {day:%B %Y}"


def schedule_in_words(schedule: Schedule) -> str:
    """'Monday, Wednesday and Friday at 08:00 for 6 weeks, from Monday 7 December 2026'."""
    return (
        f"{days_in_words(schedule.days)} at {schedule.time_of_day:%H:%M} "
        f"for {_count(schedule.weeks, 'week')}, from {date_in_words(schedule.start_date)}"
    )
