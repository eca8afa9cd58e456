"""Plans and routines as versioned JSON, so a clinician's work survives any session.

A saved plan is self-contained: it holds the full text of every exercise and
the safety text as the patient was given them, so reopening it later, even
after the catalog changed, shows exactly that plan. Loading checks the
format and version, then every field against the tables below, then builds
the value objects; every bad field is reported at once, with its path.
"""

from __future__ import annotations

import base64
import dataclasses
import json
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from functools import partial
from os import PathLike
from pathlib import Path
from typing import Any

from .errors import InvalidValue
from .exercise import REPS_FIELDS, DoseKind, Exercise, Sides
from .files import write_atomic
from .jsoncheck import (
    DATE,
    DOSE_KIND,
    DURATION,
    HOLD,
    LINES,
    PICTURES,
    POSES,
    REPS,
    SIDES,
    TAILORED,
    TEXT,
    TIME,
    TRANSITION,
    Builder,
    ListOf,
    MapOf,
    Obj,
    Value,
    built,
    check,
    join,
    parses,
    whole,
)
from .jsonfile import read_json
from .limits import MAX_REVISION, MAX_WEEKS, MIN_WEEKS, a_utc_time
from .picture import Picture
from .plan import Plan
from .pose import Pose
from .progression import Phase
from .routine import Routine, RoutineItem
from .safety import ADDED_SECTIONS, SafetySection, SafetyText, load_safety
from .schedule import Schedule, zone

PLAN_FORMAT = "backcare-kit/plan"
ROUTINE_FORMAT = "backcare-kit/routine"
#: The plan format written now. Version 3 added an exercise's ``pictures`` and ``poses``, version 2 ``phases``;
#: an older plan is the same with none. The number changed although both are optional, because a reader of
#: version 2 ignores fields it does not know: it would open a plan with pictures and silently leave them out.
VERSION = 3
#: Plan versions still read, each by :func:`_upgraded`.
OLDER_VERSIONS = (1, 2)
#: Routine files: version 2 added pictures and poses, for the same reason; version 1 files still read.
ROUTINE_VERSION = 2
OLDER_ROUTINE_VERSIONS = (1,)


# --- what each field of a saved plan or routine must be -----------------------------------------------

EXERCISE = Obj(
    "an exercise: an object with id, name, steps, duration_seconds and sides",
    required={"id": TEXT, "name": TEXT, "steps": LINES, "duration_seconds": DURATION, "sides": SIDES},
    optional={
        "starting_position": LINES,
        "cues": LINES,
        "body_areas": LINES,
        "hold": HOLD,
        "side_switch": TEXT,
        "extra": MapOf(TEXT, "an object of extra columns, each value text"),
        "dose_kind": DOSE_KIND,
        **REPS,
        # Added in version 3 (routines: 2).
        "pictures": PICTURES,
        "poses": POSES,
    },
)
ITEM = Obj(
    "an item: an object with exercise, duration_seconds, sides, hold, cues and included",
    required={"exercise": EXERCISE, **TAILORED},
    optional=REPS,
)
ROUTINE = Obj(
    "a routine: an object with transition_seconds and items",
    required={"transition_seconds": TRANSITION, "items": ListOf(ITEM, "a list of items")},
    optional={"name": TEXT, "description": TEXT},
)
SCHEDULE = Obj(
    "a schedule: an object with start_date, days, time_of_day, weeks and timezone",
    required={
        "start_date": DATE,
        "days": ListOf(whole(0, 6, "a weekday number, Monday = 0 to Sunday = 6"), "a list of weekday numbers"),
        "time_of_day": TIME,
        "weeks": whole(MIN_WEEKS, MAX_WEEKS),
        "timezone": Value("an IANA time zone name such as 'Europe/London'", parses(zone), text=True),
    },
    optional={"more_times": ListOf(TIME, "a list of further session times of a day")},
)
SAFETY_SECTION = Obj(
    "a safety section: an object with id, heading and items",
    required={"id": TEXT, "heading": TEXT, "items": LINES},
)


def _is_modified(value: Any) -> bool:
    """None, or ISO text of a UTC time on a date in range, as plan_to_dict writes ``modified``."""
    if value is None:
        return True
    try:
        a_utc_time(datetime.fromisoformat(value), what="modified")
    except (TypeError, ValueError):  # InvalidValue is a ValueError
        return False
    return True


PHASE = Obj(
    "a phase: an object with from_week and routine",
    required={"from_week": whole(2, MAX_WEEKS, "the week the phase starts in, from 2"), "routine": ROUTINE},
)
PLAN = Obj(
    "a plan: an object with patient, schedule, routine and safety",
    required={
        "patient": TEXT,
        "schedule": SCHEDULE,
        "routine": ROUTINE,
        "safety": ListOf(SAFETY_SECTION, "a list of safety sections"),
    },
    optional={
        "id": TEXT,
        "clinician": TEXT,
        "clinic": TEXT,
        "clinic_contact": TEXT,
        "notes": TEXT,
        "review_date": Value(f"null or {DATE.expected}", lambda v: v is None or DATE.accepts(v), text=True),
        # Added after version 1 plans were first saved; optional, so those plans still load.
        "clinician_profession": TEXT,
        "clinician_registration": TEXT,
        "made_on": Value(f"null or {DATE.expected}", lambda v: v is None or DATE.accepts(v), text=True),
        "safety_version": TEXT,
        # Added in version 2.
        "phases": ListOf(PHASE, "a list of phases"),
        "revision": whole(0, MAX_REVISION, "how many times the plan was edited, from 0"),
        "modified": Value("null or a UTC time such as '2026-11-27T08:00:00+00:00'", _is_modified, text=True),
    },
)


def exercise_to_dict(exercise: Exercise) -> dict[str, Any]:
    """The exercise as JSON; a dose by time is written without the repetition keys, exactly as before they existed,
    and an exercise without pictures or poses without those keys.

    Pictures are embedded (base64, with their media type and alt), so the
    plan exports on another machine, where the clinic's image files are not.
    """
    data = {f.name: getattr(exercise, f.name) for f in dataclasses.fields(exercise)}
    data["pictures"] = [picture_to_dict(p) for p in exercise.pictures]
    data["poses"] = [pose_to_dict(p) for p in exercise.poses]
    for name in ("pictures", "poses"):
        if not data[name]:
            del data[name]
    data["sides"] = exercise.sides.value
    data["extra"] = dict(exercise.extra)
    if exercise.dose_kind is DoseKind.TIME:
        for name in ("dose_kind", *REPS_FIELDS):
            del data[name]
    else:
        data["dose_kind"] = exercise.dose_kind.value
    return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}


def _reps_of(item: RoutineItem) -> dict[str, int]:
    """An item's repetition fields for JSON: none for a dose by time (see exercise_to_dict)."""
    return {name: getattr(item, name) for name in REPS_FIELDS} if item.dose_kind is DoseKind.REPS else {}


def picture_to_dict(picture: Picture) -> dict[str, Any]:
    """A picture as JSON: its bytes in base64 with the media type and alt that say what they are."""
    return {
        "media_type": picture.media_type,
        "alt": picture.alt,
        "data": base64.b64encode(picture.data).decode("ascii"),
    }


def picture_from_dict(data: Mapping[str, Any]) -> Picture:
    """The picture in ``data``, which PICTURE has checked; the Picture checks the bytes."""
    return Picture(data["media_type"], base64.b64decode(data["data"], validate=True), data["alt"])


def pose_to_dict(pose: Pose) -> dict[str, Any]:
    """A pose as JSON, field by field (tuples as lists), so a field Pose gains is saved with no change here."""
    return {f.name: _as_json(getattr(pose, f.name)) for f in dataclasses.fields(pose) if f.init}


def pose_from_dict(data: Mapping[str, Any]) -> Pose:
    """The pose in ``data``, which POSE has checked field by field; the Pose checks the values."""
    try:
        return Pose(**{name: _as_tuples(value) for name, value in data.items()})
    except TypeError as error:  # a value of the wrong kind met arithmetic inside Pose: still bad input, not a bug
        raise InvalidValue(str(error)) from None


def _as_json(value: Any) -> Any:
    return [_as_json(v) for v in value] if isinstance(value, tuple | list) else value


def _as_tuples(value: Any) -> Any:
    return tuple(_as_tuples(v) for v in value) if isinstance(value, list) else value


def exercise_from_dict(data: dict[str, Any], attached: Mapping[str, Any] | None = None) -> Exercise:
    """The exercise in ``data``, which EXERCISE has checked; the Exercise checks the values.

    ``attached`` gives its pictures and poses already built (each checked
    under its own path, see :func:`_attached`); without it they are built here.
    """
    if attached is None:
        attached = {
            "pictures": tuple(picture_from_dict(p) for p in data.get("pictures", ())),
            "poses": tuple(pose_from_dict(p) for p in data.get("poses", ())),
        }
    return Exercise(
        id=data["id"],
        name=data["name"],
        steps=tuple(data["steps"]),
        duration_seconds=data["duration_seconds"],
        sides=Sides(data["sides"]),
        starting_position=tuple(data.get("starting_position", ())),
        cues=tuple(data.get("cues", ())),
        body_areas=tuple(data.get("body_areas", ())),
        hold=data.get("hold", ""),
        side_switch=data.get("side_switch", ""),
        extra=tuple(data.get("extra", {}).items()),
        dose_kind=data.get("dose_kind", DoseKind.TIME.value),
        **{name: data.get(name, 0) for name in REPS_FIELDS},
        **attached,
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
                **_reps_of(item),
            }
            for item in routine.items
        ],
    }


def routine_from_dict(data: Any, source: str = "<routine>") -> Routine:
    """The routine in ``data`` (as routine_to_dict gives it), or an InputError naming every bad field of ``source``."""
    return built(check(data, ROUTINE, source), source, lambda build: _routine(data, build, ""))


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
        "clinician_profession": plan.clinician_profession,
        "clinician_registration": plan.clinician_registration,
        "made_on": plan.made_on.isoformat() if plan.made_on else None,
        "schedule": {
            "start_date": schedule.start_date.isoformat(),
            "days": list(schedule.days),
            "time_of_day": schedule.time_of_day.isoformat(timespec="minutes"),
            "weeks": schedule.weeks,
            "timezone": schedule.timezone,
            "more_times": [t.isoformat(timespec="minutes") for t in schedule.more_times],
        },
        "routine": routine_to_dict(plan.routine),
        "phases": [{"from_week": p.from_week, "routine": routine_to_dict(p.routine)} for p in plan.phases],
        "revision": plan.revision,
        "modified": plan.modified.isoformat() if plan.modified else None,
        "safety": [{"id": s.id, "heading": s.heading, "items": list(s.items)} for s in plan.safety.sections],
        "safety_version": plan.safety.version,
    }


def plan_from_dict(data: Any, source: str = "<plan>") -> Plan:
    """The plan in ``data`` (as plan_to_dict gives it), or an InputError naming every bad field of ``source``."""
    return built(check(data, PLAN, source), source, lambda build: _plan(data, build))


def save_plan(plan: Plan, path: str | PathLike[str], *, overwrite: bool = False) -> Path:
    """Write the plan as JSON, atomically, refusing to overwrite unless asked."""
    return _save(plan_to_dict(plan), Path(path), overwrite)


def load_plan(path: str | PathLike[str]) -> Plan:
    """The plan saved in ``path``; an InputError naming the file and every bad field, whatever is wrong."""
    path = Path(path)
    return plan_from_dict(_upgraded(read_json(path, PLAN_FORMAT, VERSION, *OLDER_VERSIONS)), str(path))


def _upgraded(data: dict[str, Any]) -> dict[str, Any]:
    """A saved plan of any version read, as the current version writes it.

    Version 1 had no phases, and versions 1 and 2 no pictures or poses,
    which is what a plan without those fields means now, so they need no
    change beyond their number; a later format change adds its step here,
    so every old file keeps loading.
    """
    return {**data, "version": VERSION}


def save_routine(routine: Routine, path: str | PathLike[str], *, overwrite: bool = False) -> Path:
    """Write a self-contained routine (exercise text included) as JSON."""
    data = {"format": ROUTINE_FORMAT, "version": ROUTINE_VERSION, **routine_to_dict(routine)}
    return _save(data, Path(path), overwrite)


def load_routine(path: str | PathLike[str]) -> Routine:
    """The routine saved in ``path``; an InputError naming the file and every bad field, whatever is wrong."""
    path = Path(path)
    data = read_json(path, ROUTINE_FORMAT, ROUTINE_VERSION, *OLDER_ROUTINE_VERSIONS)
    return routine_from_dict({**data, "version": ROUTINE_VERSION}, str(path))


def _save(data: dict[str, Any], path: Path, overwrite: bool) -> Path:
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return write_atomic(path, text.encode("utf-8"), overwrite=overwrite)


# --- building the value objects from checked JSON ---------------------------------------------------


def _routine(data: Any, build: Builder, path: str) -> Routine | None:
    items_path = join(path, "items")
    entries = data["items"] if build.intact(items_path) else []
    items = [_item(entry, build, f"{items_path}[{n}]") for n, entry in enumerate(entries)]
    # make() skips the routine when an item failed (its problem lies under the routine's path), so none is dropped.
    return build.make(
        path,
        "a valid routine",
        lambda: Routine(
            items=tuple(item for item in items if item is not None),
            name=data.get("name", ""),
            description=data.get("description", ""),
            transition_seconds=data["transition_seconds"],
        ),
    )


def _item(entry: Any, build: Builder, path: str) -> RoutineItem | None:
    exercise_path = join(path, "exercise")
    attached = _attached(entry.get("exercise") if build.intact(exercise_path) else None, build, exercise_path)
    exercise = build.make(exercise_path, "a valid exercise", lambda: exercise_from_dict(entry["exercise"], attached))
    if exercise is None:
        return None
    return build.make(
        path,
        "a valid item",
        lambda: RoutineItem(
            exercise=exercise,
            duration_seconds=entry["duration_seconds"],
            sides=Sides(entry["sides"]),
            hold=entry["hold"],
            cues=tuple(entry["cues"]),
            included=entry["included"],
            **{name: entry.get(name, 0) for name in REPS_FIELDS},
        ),
    )


def _attached(data: Any, build: Builder, path: str) -> dict[str, Any] | None:
    """An exercise's pictures and poses, each built under its own path (``...pictures[1]``), or None if one failed.

    A refused picture is then named by where it is in the file, not only as
    "a valid exercise", and every refused picture of the file is listed.
    """
    if data is None:
        return None
    pictures = _each(data, "pictures", build, path, "a picture that can be shown", picture_from_dict)
    poses = _each(data, "poses", build, path, "a valid pose", pose_from_dict)
    if pictures is None or poses is None:
        return None
    return {"pictures": pictures, "poses": poses}


def _each(
    data: dict[str, Any], field: str, build: Builder, path: str, noun: str, make: Callable[[Any], Any]
) -> tuple[Any, ...] | None:
    """Each entry of the list ``data[field]`` made into a value, or None when one was refused (and noted)."""
    field_path = join(path, field)
    if not build.intact(field_path):
        return None
    made = [build.make(f"{field_path}[{n}]", noun, partial(make, e)) for n, e in enumerate(data.get(field, ()))]
    return None if any(value is None for value in made) else tuple(made)


def _plan(data: Any, build: Builder) -> Plan | None:
    routine = _routine(data.get("routine"), build, "routine")
    schedule = build.make("schedule", "a valid schedule", lambda: _schedule(data["schedule"]))
    safety = _safety(data.get("safety"), build, data.get("safety_version"))
    phases = _phases(data.get("phases", []), build)
    if routine is None or schedule is None or safety is None or phases is None:
        return None
    review, modified, made_on = data.get("review_date"), data.get("modified"), data.get("made_on")
    return build.make(
        "",
        "a valid plan",
        lambda: Plan(
            id=data.get("id", ""),
            patient=data["patient"],
            clinician=data.get("clinician", ""),
            clinic=data.get("clinic", ""),
            clinic_contact=data.get("clinic_contact", ""),
            notes=data.get("notes", ""),
            review_date=date.fromisoformat(review) if review else None,
            clinician_profession=data.get("clinician_profession", ""),
            clinician_registration=data.get("clinician_registration", ""),
            made_on=date.fromisoformat(made_on) if made_on else None,
            schedule=schedule,
            routine=routine,
            safety=safety,
            phases=phases,
            revision=data.get("revision", 0),
            modified=datetime.fromisoformat(modified) if modified else None,
        ),
    )


def _phases(data: Any, build: Builder) -> tuple[Phase, ...] | None:
    """The phases, or None when one failed (its problem is already reported)."""
    entries = data if build.intact("phases") else []
    phases = [_phase(entry, build, f"phases[{n}]") for n, entry in enumerate(entries)]
    if any(phase is None for phase in phases):
        return None
    return tuple(phase for phase in phases if phase is not None)


def _phase(entry: Any, build: Builder, path: str) -> Phase | None:
    if not build.intact(path):
        return None
    routine = _routine(entry["routine"], build, join(path, "routine"))
    if routine is None:
        return None
    return build.make(path, "a valid phase", lambda: Phase(entry["from_week"], routine))


def _schedule(data: dict[str, Any]) -> Schedule:
    return Schedule(
        start_date=date.fromisoformat(data["start_date"]),
        days=tuple(data["days"]),
        time_of_day=time.fromisoformat(data["time_of_day"]),
        weeks=data["weeks"],
        timezone=data["timezone"],
        more_times=tuple(time.fromisoformat(t) for t in data.get("more_times", [])),
    )


def _safety(data: Any, build: Builder, version: str | None) -> SafetyText | None:
    """The saved safety text; one saved before ``safety_version`` existed gets the sections added since.

    Such a plan (``version`` None) was saved when the required sections were
    do_not_start, see_first, urgent and guidance, so it cannot have the
    same-day signs or when to stop. Refusing it would strand every plan made
    so far; exporting it would leave warnings out. So the bundled sections it
    lacks are added, its own are kept word for word, and it has no version
    label: the footer shows only the fingerprint, which differs from the
    bundled text's. A plan saved since that lacks a required section is refused.
    """
    entries = data if build.intact("safety") else []
    sections = [
        build.make(f"safety[{n}]", "a valid safety section", partial(_section, s)) for n, s in enumerate(entries)
    ]
    # As for a routine's items: make() skips the whole when a section failed.
    kept = tuple(s for s in sections if s is not None)
    if version is None:
        kept += _added_sections({s.id for s in kept})
    return build.make("safety", "complete safety text", lambda: SafetyText(kept, version or ""))


def _added_sections(present: set[str]) -> tuple[SafetySection, ...]:
    if all(sid in present for sid in ADDED_SECTIONS):
        return ()
    bundled = load_safety()
    return tuple(bundled.section(sid) for sid in ADDED_SECTIONS if sid not in present)


def _section(data: dict[str, Any]) -> SafetySection:
    return SafetySection(data["id"], data["heading"], tuple(data["items"]))
