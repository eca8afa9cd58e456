"""What every export says, worked out once: a plan as a format-neutral outline.

Exporters lay this outline out (HTML, text, a calendar description) but never
decide what goes in it, so no format can drop the safety text or word a dose
differently from another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from .exercise import Exercise
from .illustration import motion_of, pictures_of
from .picture import Picture
from .plan import Plan
from .progression import Stage, stage_days, week_of
from .routine import Routine, RoutineItem
from .safety import SafetySection
from .timing import Segment, SegmentKind, Timing, session_timing
from .words import (
    CREDITS,
    contact_in_words,
    date_in_words,
    dose_in_words,
    estimate_in_words,
    schedule_in_words,
    week_numbers_in_words,
    weeks_in_words,
    who_and_when,
)


@dataclass(frozen=True)
class ExerciseOutline:
    number: int
    id: str
    name: str
    dose: str
    starting_position: tuple[str, ...]
    steps: tuple[str, ...]
    cues: tuple[str, ...]
    side_switch: str
    segments: tuple[Segment, ...]  # this exercise's stretches of the session timing
    #: The exercise as the routine holds it, for its pictures, which are drawn only when a format asks.
    exercise: Exercise | None = field(default=None, repr=False)

    @property
    def seconds(self) -> int:
        return sum(s.seconds for s in self.segments)

    @cached_property
    def pictures(self) -> tuple[Picture, ...]:
        """What the exercise looks like (start, end): the clinic's own images, else figures drawn from its poses.

        Formats that can show images show them beside the steps; text
        formats never ask, so they never pay for drawing.
        """
        return pictures_of(self.exercise) if self.exercise else ()

    @cached_property
    def motion(self) -> str:
        """The figure moving from its start to its end pose, as SVG text with no script, for a follow-along timer.

        "" when the exercise has fewer than two poses. Drawn only when a
        format asks: its keyframes take tens of milliseconds.
        """
        return motion_of(self.exercise) if self.exercise else ""


@dataclass(frozen=True)
class SessionDay:
    """One scheduled session: a row of the paper log sheet, and what the handout's on-device log counts against.

    Every session of the schedule is listed (twice a day gives two rows a
    day), with the stage whose exercises are done then, so a log of it says
    how many parts there were.
    """

    day: date
    time: str  # 'HH:MM', the wall-clock time in the plan's time zone
    stage: int  # the number of the StageOutline whose exercises are done that day
    parts_total: int  # how many exercises that stage's session has


@dataclass(frozen=True)
class StageOutline:
    """One stretch of weeks with its own routine: the whole plan when it has no phases."""

    number: int
    first_week: int
    last_week: int
    weeks: str  # 'Weeks 1 to 2, from Monday 30 November to Sunday 13 December 2026'
    week_numbers: str  # 'Weeks 1 to 2': where the dates are said elsewhere, or there is no room for them
    first_day: date
    last_day: date
    session_length: str
    work_length: str
    exercises: tuple[ExerciseOutline, ...]
    timing: Timing


@dataclass(frozen=True)
class Outline:
    title: str
    patient: str
    safety: tuple[SafetySection, ...]
    schedule: str
    session_length: str
    work_length: str
    exercises: tuple[ExerciseOutline, ...]
    notes: str
    clinician: str
    clinic: str
    clinic_contact: str
    review: str
    description: str
    timing: Timing
    #: Who gave the plan, how to reach them and when to come back, as plain lines (empty ones left out).
    footer: tuple[str, ...]
    #: Whom to contact for advice, shown right after the safety text: the clinic, or the patient's doctor.
    contact: str
    #: The sources, for small print at the end.
    credits: tuple[str, ...]
    #: Every stretch of weeks with its own exercises; one for a plan without phases. ``exercises``,
    #: ``session_length``, ``work_length`` and ``timing`` above are the first stage's.
    stages: tuple[StageOutline, ...] = ()
    #: The plan's id, which every session log of it carries (``plan_id``), so a log is read against its plan.
    plan_id: str = ""
    #: Every scheduled session, oldest first: the paper log sheet has one row for each.
    sessions: tuple[SessionDay, ...] = ()


def outline(plan: Plan) -> Outline:
    """The outline of a plan; raises BackcareError if the plan has nothing to give."""
    plan.check_exportable()
    stages = tuple(_stage(plan, stage) for stage in plan.stages())
    first = stages[0]  # the fields below that predate stages are week 1's, for exporters written before them
    return Outline(
        title=f"Back-care exercise plan for {plan.patient}",
        patient=plan.patient,
        safety=plan.safety.sections,
        schedule=schedule_in_words(plan.schedule),
        session_length=first.session_length,
        work_length=first.work_length,
        exercises=first.exercises,
        notes=plan.notes,
        clinician=plan.clinician,
        clinic=plan.clinic,
        clinic_contact=plan.clinic_contact,
        review=_review(plan.review_date),
        description=plan.routine.description,
        timing=first.timing,
        footer=tuple(f"{label}: {value}" for label, value in who_and_when(plan)),
        contact=contact_in_words(plan),
        credits=CREDITS,
        stages=stages,
        plan_id=plan.id,
        sessions=_sessions(plan, stages),
    )


def _sessions(plan: Plan, stages: tuple[StageOutline, ...]) -> tuple[SessionDay, ...]:
    """Every session the schedule holds, each with the stage it falls in (the last, should weeks run past it)."""
    rows = []
    for start in plan.schedule.session_starts():
        week = week_of(start.date(), plan.schedule.start_date)
        stage = next((s for s in stages if s.first_week <= week <= s.last_week), stages[-1])
        rows.append(SessionDay(start.date(), start.strftime("%H:%M"), stage.number, len(stage.exercises)))
    return tuple(rows)


def _stage(plan: Plan, stage: Stage) -> StageOutline:
    timing = session_timing(stage.routine)
    first_day, last_day = stage_days(plan.schedule, stage)
    return StageOutline(
        number=stage.number,
        first_week=stage.first_week,
        last_week=stage.last_week,
        weeks=weeks_in_words(stage.first_week, stage.last_week, first_day, last_day),
        week_numbers=week_numbers_in_words(stage.first_week, stage.last_week),
        first_day=first_day,
        last_day=last_day,
        session_length=estimate_in_words(timing.total_seconds, timing),
        work_length=estimate_in_words(timing.work_seconds, timing),
        exercises=_exercises(stage.routine, timing),
        timing=timing,
    )


def _exercises(routine: Routine, timing: Timing) -> tuple[ExerciseOutline, ...]:
    """The included exercises, numbered from 1, each with its stretches of ``timing``."""
    included = [(index, item) for index, item in enumerate(routine.items) if item.included]
    return tuple(_exercise(number, index, item, timing) for number, (index, item) in enumerate(included, start=1))


def _exercise(number: int, index: int, item: RoutineItem, timing: Timing) -> ExerciseOutline:
    ex = item.exercise
    return ExerciseOutline(
        number=number,
        id=ex.id,
        name=ex.name,
        dose=dose_in_words(item),
        starting_position=ex.starting_position,
        steps=ex.steps,
        cues=item.cues,
        side_switch=ex.side_switch if item.sides.rounds == 2 else "",
        segments=tuple(s for s in timing.segments if s.item == index and s.kind is SegmentKind.EXERCISE),
        exercise=ex,
    )


def _review(day: date | None) -> str:
    return date_in_words(day) if day else ""
