"""A plan: what one patient is given. Routine, schedule, notes and the safety text."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from .errors import BackcareError, InvalidValue
from .limits import MAX_REVISION, a_date, a_utc_time, whole_number
from .progression import Phase, Stage, checked_phases, stage_in_week, stages_of, week_of
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
    #: The clinician's profession and registration number (e.g. "Physiotherapist", "HCPC PH123456"),
    #: shown with their name so the patient knows who gave the plan; both optional.
    clinician_profession: str = ""
    clinician_registration: str = ""
    #: The day the plan was made, set by whatever makes a new plan (bundled_plan) and kept on save and
    #: load. None for a plan saved before the field existed: a date the toolkit does not know is left out
    #: of the handout rather than guessed.
    made_on: date | None = None
    #: Identity kept across edits and saves, so a re-exported calendar updates
    #: its events instead of doubling them. Derived from the patient and start
    #: date when not given, so re-exporting the same new plan gives the same id.
    id: str = ""
    #: How the routine changes over the weeks: ``routine`` is week 1's, and each
    #: phase replaces it from its own week on (see backcare_kit.progression).
    phases: tuple[Phase, ...] = ()
    #: How many times the plan has been edited. A calendar export carries it as
    #: SEQUENCE, which is how a calendar app tells that an import is newer than
    #: the events it already holds (RFC 5545, 3.8.7.4), and so updates them.
    revision: int = 0
    #: When the plan was last edited, in UTC (the calendar's LAST-MODIFIED); None if never.
    modified: datetime | None = None

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
        for name in ("clinician_profession", "clinician_registration"):
            object.__setattr__(self, name, as_line(getattr(self, name), f"{where}: {name}"))
        if self.made_on is not None:
            object.__setattr__(self, "made_on", a_date(self.made_on, what=f"{where}: made_on"))
        _check_review(self.review_date, self.schedule.start_date, where)
        object.__setattr__(self, "phases", checked_phases(self.phases, self.schedule.weeks, where))
        whole_number(self.revision, 0, MAX_REVISION, what=f"{where}: revision")
        if self.modified is not None:
            a_utc_time(self.modified, what=f"{where}: modified")
        if not self.id:
            seed = f"{patient}|{self.schedule.start_date.isoformat()}"
            object.__setattr__(self, "id", str(uuid.uuid5(_PLAN_NAMESPACE, seed)))

    def timing(self) -> Timing:
        """Week 1's session timing; each stage has its own (``stage.routine.timing()``)."""
        return session_timing(self.routine)

    def stages(self) -> tuple[Stage, ...]:
        """Every stretch of weeks with its routine: one stage for a plan without phases."""
        return stages_of(self.routine, self.phases, self.schedule.weeks)

    def stage_on(self, day: date) -> Stage | None:
        """The stage the patient follows on ``day``; None before the start or after the last week."""
        return stage_in_week(self.stages(), week_of(day, self.schedule.start_date))

    def edited(self, **changes: Any) -> Plan:
        """A copy with some fields changed, counted as one more revision made now.

        Counting every edit is what lets a re-exported calendar replace the
        events the patient imported before, rather than sit beside them.
        """
        stamp = {"revision": min(self.revision + 1, MAX_REVISION), "modified": _now()}
        return replace(self, **{**stamp, **changes})

    def _repr_html_(self) -> str:
        from .richrepr import plan_html

        return plan_html(self)

    def check_exportable(self) -> Timing:
        """Week 1's timing, or a BackcareError when some stage has nothing to give a patient."""
        all_stages = self.stages()
        for stage in all_stages:
            label = f"weeks {stage.first_week}-{stage.last_week}: " if len(all_stages) > 1 else ""
            _check_routine(stage.routine, label)
        return self.timing()


def _check_routine(routine: Routine, where: str) -> None:
    """A BackcareError when ``routine`` has nothing a patient could do; ``where`` names the stage."""
    if not routine.included:
        raise BackcareError(f"{where}the routine has no exercises included; add or include at least one")
    zero = [item.name for item in routine.included if item.work_seconds == 0]
    if zero:
        raise BackcareError(f"{where}these exercises last 0 seconds: {', '.join(zero)}; give each a duration")


def _now() -> datetime:
    """This moment in UTC, to the second: what a saved plan and a calendar can hold."""
    return datetime.now(UTC).replace(microsecond=0)


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
