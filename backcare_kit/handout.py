"""What every export says, worked out once: a plan as a format-neutral outline.

Exporters lay this outline out (HTML, text, a calendar description) but never
decide what goes in it, so no format can drop the safety text or word a dose
differently from another.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .plan import Plan
from .routine import RoutineItem
from .safety import SafetySection
from .timing import Segment, SegmentKind, Timing
from .words import date_in_words, dose_in_words, estimate_in_words, schedule_in_words, who_and_when


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

    @property
    def seconds(self) -> int:
        return sum(s.seconds for s in self.segments)


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


def outline(plan: Plan) -> Outline:
    """The outline of a plan; raises BackcareError if the plan has nothing to give."""
    timing = plan.check_exportable()
    exercises = tuple(
        _exercise(number, index, item, timing)
        for number, (index, item) in enumerate(
            ((i, item) for i, item in enumerate(plan.routine.items) if item.included), start=1
        )
    )
    return Outline(
        title=f"Back-care exercise plan for {plan.patient}",
        patient=plan.patient,
        safety=plan.safety.sections,
        schedule=schedule_in_words(plan.schedule),
        session_length=estimate_in_words(timing.total_seconds, timing),
        work_length=estimate_in_words(timing.work_seconds, timing),
        exercises=exercises,
        notes=plan.notes,
        clinician=plan.clinician,
        clinic=plan.clinic,
        clinic_contact=plan.clinic_contact,
        review=_review(plan.review_date),
        description=plan.routine.description,
        timing=timing,
        footer=tuple(f"{label}: {value}" for label, value in who_and_when(plan)),
    )


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
    )


def _review(day: date | None) -> str:
    return date_in_words(day) if day else ""
