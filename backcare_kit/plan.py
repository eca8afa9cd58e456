"""A plan: what one patient is given. Routine, schedule, notes and the safety text."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from .errors import BackcareError, InvalidValue
from .limits import a_date
from .routine import Routine
from .safety import SafetyText
from .schedule import Schedule
from .text import as_line, as_text, shown
from .timing import Timing, session_timing

_PLAN_NAMESPACE = uuid.UUID("5b0c2a4e-4d7e-4f39-9a57-6d1f0c8e2b11")


@dataclass(frozen=True)
class Plan:
    """Everything an exporter needs, and nothing about the patient beyond a name.

    The safety text is part of the plan, not of an exporter's template, so a
    saved plan carries the exact warnings the patient was given.
    """

    patient: str
    routine: Routine
    schedule: Schedule
    safety: SafetyText
    clinician: str = ""
    clinic: str = ""
    clinic_contact: str = ""
    notes: str = ""
    review_date: date | None = None
    #: Identity kept across edits and saves, so a re-exported calendar updates
    #: its events instead of doubling them. Derived from the patient and start
    #: date when not given, so re-exporting the same new plan gives the same id.
    id: str = ""

    def __post_init__(self) -> None:
        # Blank means empty once control characters and whitespace are gone. An invisible name
        # (text.is_blank) is still accepted: it gives a safe file name, and only safety text must be readable.
        patient = as_line(self.patient, "plan: patient")
        if not patient:
            expected = "the patient's name as it should appear on the handout"
            raise InvalidValue(f"plan: patient: expected {expected}, not {shown(self.patient)}")
        object.__setattr__(self, "patient", patient)
        where = f"plan for {shown(patient)}"
        for name, kind in (("routine", Routine), ("schedule", Schedule), ("safety", SafetyText)):
            if not isinstance(getattr(self, name), kind):
                raise InvalidValue(f"{where}: {name}: expected a {kind.__name__}, not {shown(getattr(self, name))}")
        for name in ("clinician", "clinic", "clinic_contact", "notes", "id"):
            object.__setattr__(self, name, as_text(getattr(self, name), f"{where}: {name}"))
        _check_review(self.review_date, self.schedule.start_date, where)
        if not self.id:
            seed = f"{patient}|{self.schedule.start_date.isoformat()}"
            object.__setattr__(self, "id", str(uuid.uuid5(_PLAN_NAMESPACE, seed)))

    def timing(self) -> Timing:
        return session_timing(self.routine)

    def edited(self, **changes: Any) -> Plan:
        """A copy with some fields changed."""
        return replace(self, **changes)

    def _repr_html_(self) -> str:
        from .richrepr import plan_html

        return plan_html(self)

    def check_exportable(self) -> Timing:
        """The timing, or a BackcareError when there is nothing to give a patient."""
        timing = self.timing()
        if not self.routine.included:
            raise BackcareError("the routine has no exercises included; add or include at least one")
        zero = [item.name for item in self.routine.included if item.work_seconds == 0]
        if zero:
            raise BackcareError(f"these exercises last 0 seconds: {', '.join(zero)}; give each a duration")
        return timing


def _check_review(review: object, start: date, where: str) -> None:
    """A review date, when given, is a date in range and not before the plan starts.

    A review before the first session is a typo (most often the year), and
    the calendar would remind the patient to review a plan not yet begun.
    """
    if review is None:
        return
    day = a_date(review, what=f"{where}: review_date")
    if day < start:
        raise InvalidValue(
            f"{where}: review_date: expected a date on or after the start date {start.isoformat()}, "
            f"not {day.isoformat()}"
        )
