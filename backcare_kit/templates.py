"""Routine templates: reusable programmes, so a clinician never rebuilds one per patient.

A template names exercises by id and stores only what differs from the
catalog, so it follows later corrections to the catalog's wording. (A saved
plan, by contrast, freezes the text a patient was given; see storage.py.)
"""

from __future__ import annotations

import json
from os import PathLike
from pathlib import Path
from typing import Any

from .catalog import Catalog
from .errors import InputError, Problem
from .files import write_atomic
from .jsonfile import read_json
from .routine import DEFAULT_TRANSITION_SECONDS, Routine, RoutineItem

FORMAT = "backcare-kit/routine-template"
VERSION = 1
BUNDLED = "five-exercises"


def template_path(name_or_path: str | PathLike[str]) -> Path:
    """A path as given, or the bundled template of that name."""
    from .bundled import bundled_path

    path = Path(name_or_path)
    if path.suffix == ".json" or path.exists():
        return path
    return bundled_path("routines", f"{name_or_path}.json")


def load_template(name_or_path: str | PathLike[str], catalog: Catalog) -> Routine:
    """Build a routine from a template, checking every exercise id against the catalog."""
    path = template_path(name_or_path)
    data = read_json(path, FORMAT, VERSION)
    name = str(path)
    problems, items = [], []
    for n, entry in enumerate(data.get("items", [])):
        where = f"items[{n}]"
        exercise_id = entry.get("exercise") if isinstance(entry, dict) else None
        if exercise_id not in catalog:
            problems.append(
                Problem(
                    name,
                    None,
                    f"{where}.exercise",
                    str(exercise_id),
                    f"an exercise id in the catalog ({', '.join(catalog)})",
                    "field",
                )
            )
            continue
        try:
            items.append(RoutineItem.of(catalog[exercise_id], **_overrides(entry)))
        except (TypeError, ValueError) as error:
            problems.append(Problem(name, None, where, json.dumps(entry), f"valid overrides ({error})", "field"))
    if problems:
        raise InputError(problems)
    return Routine(
        items=tuple(items),
        name=str(data.get("name", "")),
        description=str(data.get("description", "")),
        transition_seconds=int(data.get("transition_seconds", DEFAULT_TRANSITION_SECONDS)),
    )


def template_data(routine: Routine) -> dict[str, Any]:
    """The template form of a routine: ids plus the fields tailored away from the catalog."""
    items = []
    for item in routine.items:
        entry: dict[str, Any] = {"exercise": item.id}
        for field in item.overridden():
            value = getattr(item, field)
            entry[field] = list(value) if isinstance(value, tuple) else getattr(value, "value", value)
        if not item.included:
            entry["included"] = False
        items.append(entry)
    return {
        "format": FORMAT,
        "version": VERSION,
        "name": routine.name,
        "description": routine.description,
        "transition_seconds": routine.transition_seconds,
        "items": items,
    }


def save_template(routine: Routine, path: str | PathLike[str], *, overwrite: bool = False) -> Path:
    """Save a routine as a template (atomically; refuses to overwrite unless asked)."""
    text = json.dumps(template_data(routine), indent=2, ensure_ascii=False) + "\n"
    return write_atomic(Path(path), text.encode("utf-8"), overwrite=overwrite)


def _overrides(entry: dict[str, Any]) -> dict[str, Any]:
    overrides = {k: v for k, v in entry.items() if k != "exercise"}
    if "cues" in overrides:
        overrides["cues"] = tuple(overrides["cues"])
    return overrides
