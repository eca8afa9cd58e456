"""Plans and routines as versioned JSON, so a clinician's work survives any session.

A saved plan is self-contained: it holds the full text of every exercise and
the safety text as the patient was given them, so reopening it later, even
after the catalog changed, shows exactly that plan. Loading checks the
format and version and names the field of any bad value.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, time
from os import PathLike
from pathlib import Path
from typing import Any, TypeVar

from .errors import InputError, Problem
from .exercise import Exercise, Sides
from .files import write_atomic
from .jsonfile import read_json
from .plan import Plan
from .routine import Routine, RoutineItem
from .safety import SafetySection, SafetyText
from .schedule import Schedule

PLAN_FORMAT = "backcare-kit/plan"
ROUTINE_FORMAT = "backcare-kit/routine"
VERSION = 1
T = TypeVar("T")


def exercise_to_dict(exercise: Exercise) -> dict[str, Any]:
    data = asdict(exercise)
    data["sides"] = exercise.sides.value
    data["extra"] = dict(exercise.extra)
    return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}


def exercise_from_dict(data: dict[str, Any]) -> Exercise:
    return Exercise(
        id=data["id"],
        name=data["name"],
        steps=tuple(data["steps"]),
        duration_seconds=int(data["duration_seconds"]),
        sides=Sides(data["sides"]),
        starting_position=tuple(data.get("starting_position", ())),
        cues=tuple(data.get("cues", ())),
        body_areas=tuple(data.get("body_areas", ())),
        hold=data.get("hold", ""),
        side_switch=data.get("side_switch", ""),
        extra=tuple(data.get("extra", {}).items()),
    )


def routine_to_dict(routine: Routine) -> dict[str, Any]:
    return {
        "name": routine.name,
        "description": routine.description,
        "transition_seconds": routine.transition_seconds,
        "items": [
            {
                "exercise": exercise_to_dict(item.exercise),
                "duration_seconds": item.duration_seconds,
                "sides": item.sides.value,
                "hold": item.hold,
                "cues": list(item.cues),
                "included": item.included,
            }
            for item in routine.items
        ],
    }


def routine_from_dict(data: dict[str, Any]) -> Routine:
    items = tuple(
        RoutineItem(
            exercise=exercise_from_dict(entry["exercise"]),
            duration_seconds=entry["duration_seconds"],
            sides=Sides(entry["sides"]),
            hold=entry["hold"],
            cues=tuple(entry["cues"]),
            included=bool(entry["included"]),
        )
        for entry in data["items"]
    )
    return Routine(
        items=items,
        name=data.get("name", ""),
        description=data.get("description", ""),
        transition_seconds=data["transition_seconds"],
    )


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    schedule = plan.schedule
    return {
        "format": PLAN_FORMAT,
        "version": VERSION,
        "id": plan.id,
        "patient": plan.patient,
        "clinician": plan.clinician,
        "clinic": plan.clinic,
        "clinic_contact": plan.clinic_contact,
        "notes": plan.notes,
        "review_date": plan.review_date.isoformat() if plan.review_date else None,
        "schedule": {
            "start_date": schedule.start_date.isoformat(),
            "days": list(schedule.days),
            "time_of_day": schedule.time_of_day.isoformat(timespec="minutes"),
            "weeks": schedule.weeks,
            "timezone": schedule.timezone,
        },
        "routine": routine_to_dict(plan.routine),
        "safety": [{"id": s.id, "heading": s.heading, "items": list(s.items)} for s in plan.safety.sections],
    }


def plan_from_dict(data: dict[str, Any]) -> Plan:
    schedule = data["schedule"]
    review = data.get("review_date")
    return Plan(
        id=data.get("id", ""),
        patient=data["patient"],
        clinician=data.get("clinician", ""),
        clinic=data.get("clinic", ""),
        clinic_contact=data.get("clinic_contact", ""),
        notes=data.get("notes", ""),
        review_date=date.fromisoformat(review) if review else None,
        schedule=Schedule(
            start_date=date.fromisoformat(schedule["start_date"]),
            days=tuple(schedule["days"]),
            time_of_day=time.fromisoformat(schedule["time_of_day"]),
            weeks=schedule["weeks"],
            timezone=schedule["timezone"],
        ),
        routine=routine_from_dict(data["routine"]),
        safety=SafetyText(tuple(SafetySection(s["id"], s["heading"], tuple(s["items"])) for s in data["safety"])),
    )


def save_plan(plan: Plan, path: str | PathLike[str], *, overwrite: bool = False) -> Path:
    """Write the plan as JSON, atomically, refusing to overwrite unless asked."""
    return _save(plan_to_dict(plan), Path(path), overwrite)


def load_plan(path: str | PathLike[str]) -> Plan:
    return _load(Path(path), PLAN_FORMAT, plan_from_dict)


def save_routine(routine: Routine, path: str | PathLike[str], *, overwrite: bool = False) -> Path:
    """Write a self-contained routine (exercise text included) as JSON."""
    data = {"format": ROUTINE_FORMAT, "version": VERSION, **routine_to_dict(routine)}
    return _save(data, Path(path), overwrite)


def load_routine(path: str | PathLike[str]) -> Routine:
    return _load(Path(path), ROUTINE_FORMAT, routine_from_dict)


def _save(data: dict[str, Any], path: Path, overwrite: bool) -> Path:
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return write_atomic(path, text.encode("utf-8"), overwrite=overwrite)


def _load(path: Path, expected_format: str, build: Callable[[dict[str, Any]], T]) -> T:
    data = read_json(path, expected_format, VERSION)
    try:
        return build(data)
    except KeyError as error:
        raise InputError([Problem(str(path), None, str(error.args[0]), None, "this field", "field")]) from None
    except (TypeError, ValueError, AttributeError) as error:
        raise InputError([Problem(str(path), None, None, None, f"a valid {expected_format} file ({error})")]) from None
