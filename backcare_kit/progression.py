"""Progression: a plan's routine changing over the weeks, as clinicians prescribe it.

A plan's own routine is the one for week 1. Each :class:`Phase` says that
from a later week on the patient follows another routine (longer doses, an
exercise added), until the next phase or the end of the schedule. Saying
only where each phase *starts* means week ranges can never overlap or leave
a gap, so the clinician cannot make a plan that says two things, or nothing,
about one week.

Weeks count from the schedule's start date: week 1 is its first seven days,
whatever weekday it falls on, as the calendar series and the timer count them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from .errors import InvalidValue
from .limits import MAX_WEEKS, whole_number
from .routine import Routine
from .text import shown, tuple_of

if TYPE_CHECKING:
    from .schedule import Schedule


@dataclass(frozen=True)
class Phase:
    """From week ``from_week`` of the schedule on, the patient follows ``routine``."""

    from_week: int
    routine: Routine

    def __post_init__(self) -> None:
        whole_number(self.from_week, 2, MAX_WEEKS, what="phase: from_week", unit="weeks")
        if not isinstance(self.routine, Routine):
            expected = f"expected a Routine, not {shown(self.routine)}"
            raise InvalidValue(f"phase from week {self.from_week}: routine: {expected}")


class Stage(NamedTuple):
    """One stretch of the plan, week 1's included: the weeks it covers (both ends included) and its routine."""

    number: int  # 1 for the plan's own routine, 2 for the first phase, ...
    first_week: int
    last_week: int
    routine: Routine


def checked_phases(value: object, weeks: int, where: str) -> tuple[Phase, ...]:
    """The phases, in order of their first week, each starting inside a schedule of ``weeks`` weeks.

    Two phases starting in the same week would leave one of them never
    followed, and a phase starting after the last week would never be
    reached: both are refused rather than silently dropped.
    """
    phases = tuple_of(value, Phase, f"{where}: phases", "a sequence of phases", "phases")
    ordered = tuple(sorted(phases, key=lambda phase: phase.from_week))
    starts = [phase.from_week for phase in ordered]
    repeated = sorted({week for week in starts if starts.count(week) > 1})
    if repeated:
        raise InvalidValue(f"{where}: phases: expected one phase to start in each week, not two in week {repeated[0]}")
    late = [week for week in starts if week > weeks]
    if late:
        raise InvalidValue(
            f"{where}: phases: a phase starts in week {late[0]}, after the schedule's last week; "
            f"expected a week from 2 to {weeks}"
        )
    return ordered


def stages_of(first: Routine, phases: tuple[Phase, ...], weeks: int) -> tuple[Stage, ...]:
    """Every stage of the plan with its weeks: week 1's routine, then each phase until the next begins."""
    starts = [1, *(phase.from_week for phase in phases)]
    ends = [start - 1 for start in starts[1:]] + [weeks]
    routines = [first, *(phase.routine for phase in phases)]
    return tuple(
        Stage(number, start, end, routine)
        for number, (start, end, routine) in enumerate(zip(starts, ends, routines, strict=True), start=1)
    )


def week_of(day: date, start: date) -> int:
    """Which week of the plan ``day`` falls in (1 for the first seven days); 0 or less before it starts."""
    return (day - start).days // 7 + 1


def stage_in_week(all_stages: tuple[Stage, ...], week: int) -> Stage | None:
    """The stage covering ``week``, or None before the first week or after the last."""
    return next((stage for stage in all_stages if stage.first_week <= week <= stage.last_week), None)


def stage_days(schedule: Schedule, stage: Stage) -> tuple[date, date]:
    """The first and last calendar day of a stage's weeks."""
    first = schedule.start_date + timedelta(days=7 * (stage.first_week - 1))
    return first, schedule.start_date + timedelta(days=7 * stage.last_week - 1)
