"""Routine templates: reusable programmes, so a clinician never rebuilds one per patient.

A template names exercises by id and stores only what differs from the
catalog, so it follows later corrections to the catalog's wording. (A saved
plan, by contrast, freezes the text a patient was given; see storage.py.)
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Iterable
from functools import partial
from os import PathLike
from pathlib import Path
from typing import Any

from .catalog import Catalog
from .errors import InputError, Problem
from .files import write_atomic
from .jsoncheck import REPS, TAILORED, TEXT, TRANSITION, Builder, ListOf, Obj, built, check
from .jsonfile import read_json
from .routine import DEFAULT_TRANSITION_SECONDS, Routine, RoutineItem

FORMAT = "backcare-kit/routine-template"
VERSION = 1
BUNDLED = "five-exercises"

#: Unknown ids that get suggestions: as many as a message lists (the rest are only counted).
MAX_SUGGESTED = InputError.LISTED
#: Ids compared with an unknown one, on each side of it in sorted order, forwards and backwards.
NEIGHBOURS = 50

#: What each field of a template must be. Items are closed: a misspelt override must not be ignored.
ITEM = Obj(
    "an item: an object with an exercise id and any of duration_seconds, sides, hold, cues, included, "
    "reps, sets, rest_seconds and seconds_per_rep",
    required={"exercise": TEXT},
    optional={**TAILORED, **REPS},
    closed=True,
)
TEMPLATE = Obj(
    "a routine template: an object with items",
    required={},
    optional={
        "name": TEXT,
        "description": TEXT,
        "transition_seconds": TRANSITION,
        "items": ListOf(ITEM, "a list of items"),
    },
)


def template_path(name_or_path: str | PathLike[str]) -> Path:
    """A path as given, or the bundled template of that name."""
    from .bundled import bundled_path

    path = Path(name_or_path)
    if path.suffix == ".json" or path.exists():
        return path
    return bundled_path("routines", f"{name_or_path}.json")


def load_template(name_or_path: str | PathLike[str], catalog: Catalog) -> Routine:
    """Build a routine from a template, checking every field and every exercise id against the catalog.

    Every problem in the file is reported at once, each with its field path:
    wrong types and unknown ids first, then what the value objects refuse.
    """
    path = template_path(name_or_path)
    data = read_json(path, FORMAT, VERSION)
    name = str(path)
    problems = check(data, TEMPLATE, name) + _unknown_ids(data.get("items"), catalog, name)
    return built(problems, name, lambda build: _routine(data, catalog, build))


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


def _routine(data: dict[str, Any], catalog: Catalog, build: Builder) -> Routine | None:
    entries = data.get("items", []) if build.intact("items") else []
    items = [build.make(f"items[{n}]", "a valid item", partial(_item, e, catalog)) for n, e in enumerate(entries)]
    # make() skips the routine when an item failed (its problem lies under the routine's path), so none is dropped.
    return build.make(
        "",
        "a valid routine",
        lambda: Routine(
            items=tuple(item for item in items if item is not None),
            name=data.get("name", ""),
            description=data.get("description", ""),
            transition_seconds=data.get("transition_seconds", DEFAULT_TRANSITION_SECONDS),
        ),
    )


def _item(entry: dict[str, Any], catalog: Catalog) -> RoutineItem:
    """The catalog's exercise with the entry's overrides, which ITEM has checked."""
    overrides = {k: v for k, v in entry.items() if k != "exercise"}
    if "cues" in overrides:
        overrides["cues"] = tuple(overrides["cues"])
    return RoutineItem.of(catalog[entry["exercise"]], **overrides)


def _unknown_ids(entries: Any, catalog: Catalog, file: str) -> list[Problem]:
    """A problem for each item whose exercise id is text but not in the catalog, with the closest ids."""
    if not isinstance(entries, list):
        return []
    unknown = [
        (n, entry["exercise"])
        for n, entry in enumerate(entries)
        if isinstance(entry, dict) and isinstance(entry.get("exercise"), str) and entry["exercise"] not in catalog
    ]
    if not unknown:
        return []
    nearby = _Nearby(catalog)
    return [
        Problem(
            file, None, f"items[{n}].exercise", exercise_id, nearby.expected(exercise_id, k < MAX_SUGGESTED), "field"
        )
        for k, (n, exercise_id) in enumerate(unknown)
    ]


class _Nearby:
    """The ids of a catalog closest to an unknown one, found among a bounded set of candidates.

    difflib compares the unknown id with every candidate, which over a
    100,000-exercise catalog takes seconds for each unknown id. A typo
    usually keeps the start or the end of an id, so the candidates are the
    ids next to it in sorted order, and next to it spelt backwards.
    """

    def __init__(self, ids: Iterable[str]):
        self._forwards = sorted(ids)
        self._backwards = sorted(i[::-1] for i in self._forwards)

    def expected(self, exercise_id: str, suggest: bool) -> str:
        """What was expected instead of ``exercise_id``, naming at most three close ids."""
        if not suggest:
            return "an exercise id in the catalog"
        close = self.closest(exercise_id)
        if not close:
            return f"an exercise id in the catalog (none of its {len(self._forwards)} ids is close)"
        names = [repr(i) for i in close]
        listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
        return f"an exercise id in the catalog; did you mean {listed}?"

    def closest(self, exercise_id: str) -> list[str]:
        import difflib  # only for a message: not on the command line's start-up path

        backwards = {i[::-1] for i in _around(self._backwards, exercise_id[::-1])}
        candidates = sorted(_around(self._forwards, exercise_id) | backwards)
        return difflib.get_close_matches(exercise_id, candidates, n=3)


def _around(ordered: list[str], word: str) -> set[str]:
    at = bisect_left(ordered, word)
    return set(ordered[max(0, at - NEIGHBOURS) : at + NEIGHBOURS])
