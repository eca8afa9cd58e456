"""A plan: what one patient is given. Routine, schedule, notes and the safety text."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from .errors import BackcareError
from .routine import Routine
from .safety import SafetyText
from .schedule import Schedule
from .timing import Timing, session_timing


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

    def __post_init__(self) -> None:
        patient = " ".join(str(self.patient).split())
        if not patient:
            raise ValueError("the plan needs the patient's name as it should appear on the handout")
        object.__setattr__(self, "patient", patient)
        for name in ("clinician", "clinic", "clinic_contact"):
            object.__setattr__(self, name, str(getattr(self, name)).strip())
        object.__setattr__(self, "notes", str(self.notes).strip())

    def timing(self) -> Timing:
        return session_timing(self.routine)

    def edited(self, **changes: Any) -> Plan:
        """A copy with some fields changed."""
        return replace(self, **changes)

    def check_exportable(self) -> Timing:
        """The timing, or a BackcareError when there is nothing to give a patient."""
        timing = self.timing()
        if not self.routine.included:
            raise BackcareError("the routine has no exercises included; add or include at least one")
        zero = [item.name for item in self.routine.included if item.duration_seconds == 0]
        if zero:
            raise BackcareError(f"these exercises last 0 seconds: {', '.join(zero)}; give each a duration")
        return timing
