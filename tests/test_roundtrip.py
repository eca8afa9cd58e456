"""Plans, routines and templates survive a save and a load exactly.

The property tests build arbitrary (valid) values with hypothesis and check
that JSON, a real file, and the template form all give back an equal value.
Text is drawn from the whole of Unicode (bar surrogates) and mixed with
strings a clinician really types: quotes, commas, semicolons, emoji and
non-Latin scripts. Values are generated already in the normal form the
constructors produce (control characters removed, stripped, single-spaced
where the code single-spaces, never blank where blank is refused) and within
the bounds of backcare_kit.limits, so equality after a round trip means
nothing was lost.

The example tests below them pin down what a user sees when a save or a
load is refused.
"""

from __future__ import annotations

import json
import tempfile
from datetime import date, time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backcare_kit import (
    BackcareError,
    Catalog,
    Exercise,
    InputError,
    Plan,
    Routine,
    RoutineItem,
    SafetyText,
    Schedule,
    Sides,
    bundled_plan,
    load_plan,
    load_routine,
    load_template,
    save_plan,
    save_routine,
    save_template,
)
from backcare_kit.catalog import DOSE_COLUMNS, KNOWN
from backcare_kit.exercise import DoseKind, parse_hold
from backcare_kit.limits import FIRST_DATE, LAST_DATE, MAX_HOLD_SECONDS
from backcare_kit.progression import Phase
from backcare_kit.routine import TAILORED
from backcare_kit.safety import SECTIONS, SafetySection
from backcare_kit.storage import plan_from_dict, plan_to_dict, routine_from_dict, routine_to_dict
from backcare_kit.text import is_blank, strip_controls

ROUNDTRIP = settings(max_examples=60, deadline=None)

TIMEZONES = ("Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC", "Pacific/Chatham")

#: Text a clinician or patient really writes, beyond what random text is likely to hit.
REAL_TEXT = (
    'Keep your "knees" bent, then; breathe out',
    "Don't arch your back — it's 'fine' to stop",
    "Respira lentamente 🙂",
    "膝を曲げて、ゆっくり戻す",
    "Держите спину прямо; не спешите",
    "ابقِ ظهرك مستقيماً",
    "हिप्स को धीरे-धीरे ऊपर उठाएँ",
    "emoji with ZWJ 👩🏽‍⚕️ and flags 🇬🇧",
    "a backslash \\ and \\n that is not a newline",
    '{"json": [1, 2], "null": null}',
    "café vs cafe\u0301",
    "tab\tinside, commas, and; semicolons",
    "null",
    "0",
)

#: One line of text: no line breaks, nothing to strip, never blank (see backcare_kit.text).
_any_line = (
    st.text(st.characters(exclude_characters="\r\n", exclude_categories=("Cs",)), min_size=1, max_size=25)
    .map(lambda s: strip_controls(s).strip())
    .filter(lambda s: not is_blank(s))
)
lines = st.one_of(st.sampled_from(REAL_TEXT), _any_line)

#: Text as the code single-spaces it (" ".join(text.split())): names, side switches.
normal_text = lines.map(lambda s: " ".join(s.split())).filter(bool)

#: Free text that may span lines (descriptions, notes), stripped at the ends.
free_text = st.one_of(
    st.just(""),
    st.sampled_from(REAL_TEXT),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=60).map(lambda s: strip_controls(s).strip()),
    st.lists(lines, min_size=2, max_size=4).map("\n".join),
)

slugs = st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True).filter(lambda s: len(s) <= 40)

#: Holds in the canonical words parse_hold returns.
holds = st.one_of(
    st.sampled_from(["", "a few seconds", "1 second"]),
    st.integers(2, MAX_HOLD_SECONDS).map(lambda n: f"{n} seconds"),
    st.tuples(st.integers(1, 60), st.integers(1, 120)).map(lambda ab: f"{min(ab)}-{max(ab)} seconds"),
)

sides = st.sampled_from(Sides)

#: Extra CSV column names: as catalog.py normalises headers, and never a known column.
extra_names = st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True).filter(
    lambda c: c not in KNOWN and c not in DOSE_COLUMNS and c not in ("source", "line")
)

#: The repetition fields of a dose by repetitions, small enough that one side lasts at most an hour.
reps_doses = st.fixed_dictionaries(
    {
        "reps": st.integers(1, 20),
        "sets": st.integers(1, 5),
        "rest_seconds": st.integers(0, 300),
        "seconds_per_rep": st.integers(1, 30),
    }
)

CATALOG_EXTRAS = ("video", "equipment", "level", "staff_note")


@st.composite
def exercises(draw, *, for_catalog: bool = False) -> Exercise:
    """An Exercise; ``for_catalog`` keeps to what a catalog row can hold.

    In a catalog the name and side switch are single-spaced, body areas are
    one cell split on ';', an empty extra cell means "no such column for
    this exercise", so extra values are never empty, and extra columns keep
    one order for the whole catalog (the order they first appear in), so
    each exercise's extras are a leading part of CATALOG_EXTRAS.
    """
    text = normal_text if for_catalog else lines
    body_area = lines.filter(lambda s: ";" not in s) if for_catalog else lines
    if for_catalog:
        names = CATALOG_EXTRAS[: draw(st.integers(0, len(CATALOG_EXTRAS)))]
        extra = [(name, draw(free_text.filter(bool))) for name in names]
    else:
        extra = draw(st.dictionaries(extra_names, st.one_of(st.just(""), free_text), max_size=3).map(dict.items))
    by_reps = draw(st.booleans())
    dose = {"dose_kind": "reps", **draw(reps_doses)} if by_reps else {}
    return Exercise(
        id=draw(slugs),
        name=draw(text),
        steps=tuple(draw(st.lists(lines, min_size=1, max_size=4))),
        duration_seconds=0 if by_reps else draw(st.integers(1, 3600)),
        sides=draw(sides),
        starting_position=tuple(draw(st.lists(lines, max_size=3))),
        cues=tuple(draw(st.lists(lines, max_size=3))),
        body_areas=tuple(draw(st.lists(body_area, max_size=3))),
        hold=draw(holds),
        side_switch=draw(st.one_of(st.just(""), text)),
        extra=tuple(extra),
        **dose,
    )


@st.composite
def routine_items(draw, exercise: Exercise) -> RoutineItem:
    """An item of this exercise, each tailored field either the default or overridden."""
    overrides = {}
    if exercise.dose_kind is DoseKind.REPS:
        overrides.update(draw(st.one_of(st.just({}), reps_doses)))
    elif draw(st.booleans()):
        overrides["duration_seconds"] = draw(st.integers(0, 3600))
    if draw(st.booleans()):
        overrides["sides"] = draw(sides)
    if draw(st.booleans()):
        overrides["hold"] = draw(holds)
    if draw(st.booleans()):
        overrides["cues"] = tuple(draw(st.lists(lines, max_size=3)))
    return RoutineItem.of(exercise, included=draw(st.booleans()), **overrides)


@st.composite
def routines_with_catalog(draw, *, for_catalog: bool = False) -> tuple[Routine, list[Exercise]]:
    """A routine of 0 to 8 items drawn (with repeats) from a pool of exercises with unique ids."""
    pool = draw(st.lists(exercises(for_catalog=for_catalog), max_size=4, unique_by=lambda ex: ex.id))
    chosen = draw(st.lists(st.sampled_from(pool), max_size=8)) if pool else []
    routine = Routine(
        items=tuple(draw(routine_items(ex)) for ex in chosen),
        name=draw(st.one_of(st.just(""), lines)),
        description=draw(free_text),
        transition_seconds=draw(st.integers(0, 120)),
    )
    return routine, pool


routines = routines_with_catalog().map(lambda pair: pair[0])


@st.composite
def schedule_values(draw) -> Schedule:
    # Any naive time: Schedule keeps it to the minute, which is what a saved plan holds.
    first = draw(st.times())
    minutes = st.times().map(lambda t: t.replace(second=0, microsecond=0))
    more = draw(
        st.lists(minutes.filter(lambda t: t != first.replace(second=0, microsecond=0)), max_size=3, unique=True)
    )
    return Schedule(
        start_date=draw(st.dates(FIRST_DATE, LAST_DATE)),
        days=tuple(draw(st.sets(st.integers(0, 6), min_size=1))),
        time_of_day=first,
        weeks=draw(st.integers(1, 104)),
        timezone=draw(st.sampled_from(TIMEZONES)),
        more_times=tuple(more),
    )


schedules = schedule_values()


@st.composite
def safety_texts(draw) -> SafetyText:
    """The four required sections, in any order, perhaps with a clinic's own sections among them."""
    ids = list(SECTIONS) + draw(st.lists(slugs.filter(lambda s: s not in SECTIONS), max_size=2, unique=True))
    ordered = draw(st.permutations(ids))
    return SafetyText(
        tuple(SafetySection(sid, draw(lines), tuple(draw(st.lists(lines, min_size=1, max_size=3)))) for sid in ordered)
    )


@st.composite
def phases(draw, weeks: int) -> tuple[Phase, ...]:
    """Up to three later phases, each starting in its own week of the schedule."""
    if weeks < 2:
        return ()
    starts = draw(st.lists(st.integers(2, weeks), max_size=3, unique=True))
    return tuple(Phase(week, draw(routines)) for week in sorted(starts))


@st.composite
def plans(draw) -> Plan:
    schedule = draw(schedules)
    return Plan(
        patient=draw(normal_text),
        routine=draw(routines),
        schedule=schedule,
        safety=draw(safety_texts()),
        clinician=draw(free_text),
        clinic=draw(free_text),
        clinic_contact=draw(free_text),
        notes=draw(free_text),
        review_date=draw(st.none() | st.dates(schedule.start_date, LAST_DATE)),
        phases=draw(phases(schedule.weeks)),
    )


# --- the strategies generate what they promise -------------------------------------------------


@given(holds)
def test_generated_holds_are_canonical(hold):
    assert parse_hold(hold) == hold


@ROUNDTRIP
@given(plans())
def test_generated_plans_are_already_normal(plan):
    """Re-running the constructors changes nothing, so the round trips below compare like with like."""
    assert Plan(**{f: getattr(plan, f) for f in plan.__dataclass_fields__}) == plan
    for item in plan.routine.items:
        assert (
            RoutineItem.of(
                item.exercise,
                **{f: getattr(item, f) for f in (*TAILORED, "included")},
            )
            == item
        )


# --- properties: nothing is lost -----------------------------------------------------------------


@ROUNDTRIP
@given(plans())
def test_plan_survives_json(plan):
    assert plan_from_dict(json.loads(json.dumps(plan_to_dict(plan)))) == plan


@ROUNDTRIP
@given(plans())
def test_plan_survives_a_file(plan):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.json"
        assert save_plan(plan, path) == path
        assert load_plan(path) == plan


@ROUNDTRIP
@given(routines)
def test_routine_survives_json(routine):
    assert routine_from_dict(json.loads(json.dumps(routine_to_dict(routine)))) == routine


@ROUNDTRIP
@given(routines)
def test_routine_survives_a_file(routine):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "routine.json"
        save_routine(routine, path)
        assert load_routine(path) == routine


@ROUNDTRIP
@given(routines_with_catalog(for_catalog=True))
def test_routine_survives_a_template(routine_and_pool):
    """A template stores ids and overrides only; with the same catalog it rebuilds the same routine."""
    routine, pool = routine_and_pool
    catalog = Catalog.from_exercises(pool)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "template.json"
        save_template(routine, path)
        assert load_template(path, catalog) == routine


@ROUNDTRIP
@given(exercises(for_catalog=True))
def test_catalog_from_exercises_keeps_catalog_exercises(exercise):
    assert Catalog.from_exercises([exercise])[exercise.id] == exercise


def test_bundled_plan_survives_a_file(tmp_path):
    plan = bundled_plan(patient="Zoë O'Brien-Ó Súilleabháin", start_date=date(2026, 3, 2), notes="Line one\nLine two")
    save_plan(plan, tmp_path / "plan.json")
    assert load_plan(tmp_path / "plan.json") == plan


def test_schedule_time_is_kept_to_the_minute_through_json():
    plan = bundled_plan(start_date=date(2026, 3, 2))
    plan = plan.edited(schedule=Schedule(date(2026, 3, 2), time_of_day=time(8, 0, 30, 5)))
    assert plan.schedule.time_of_day == time(8, 0)
    assert plan_from_dict(json.loads(json.dumps(plan_to_dict(plan)))) == plan


def test_catalog_from_exercises_keeps_extra_columns_of_each_exercise():
    with_video = Exercise("bridge", "Bridge", ("Lift",), 60, extra=(("video", "https://example.org/bridge"),))
    without = Exercise("rock", "Rock", ("Rock back",), 60)
    catalog = Catalog.from_exercises([with_video, without])
    assert catalog["bridge"] == with_video
    assert catalog["rock"] == without


# --- examples: what a user sees when a save or a load is refused ---------------------------------


@pytest.fixture
def plan():
    return bundled_plan(patient="Jane Doe", start_date=date(2026, 3, 2))


def _savers(plan):
    return {
        "plan": lambda path, **kw: save_plan(plan, path, **kw),
        "routine": lambda path, **kw: save_routine(plan.routine, path, **kw),
        "template": lambda path, **kw: save_template(plan.routine, path, **kw),
    }


@pytest.mark.parametrize("kind", ["plan", "routine", "template"])
def test_saving_over_an_existing_file_is_refused_and_leaves_it_untouched(tmp_path, plan, kind):
    path = tmp_path / "existing.json"
    original = b'{"keep": "me \xc3\xa9"}\r\nnot even JSON\n'
    path.write_bytes(original)
    with pytest.raises(BackcareError, match="already exists"):
        _savers(plan)[kind](path)
    assert path.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing.json"], "a temporary file was left behind"


def test_saving_with_overwrite_replaces_the_file(tmp_path, plan):
    path = tmp_path / "plan.json"
    save_plan(plan, path)
    changed = plan.edited(patient="John Roe", notes="Walk daily.")
    save_plan(changed, path, overwrite=True)
    assert load_plan(path) == changed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]


@pytest.mark.parametrize(("save", "load"), [(save_plan, load_plan), (save_routine, load_routine)])
def test_a_newer_version_names_the_file_and_the_version_expected(tmp_path, plan, save, load):
    path = tmp_path / "future.json"
    save(plan if save is save_plan else plan.routine, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["version"] = 99
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load(path)
    message = str(caught.value)
    assert str(path) in message
    assert "'99'" in message
    expected = "expected version 1 or 2 (" if load is load_routine else "expected version 1, 2 or 3 ("
    assert expected in message


def test_a_truncated_file_names_the_file_and_the_line(tmp_path, plan):
    path = tmp_path / "plan.json"
    save_plan(plan, path)
    text = path.read_text(encoding="utf-8")
    line = next(n for n, s in enumerate(text.splitlines(), start=1) if '"patient"' in s)
    # Cut inside the patient's name: an unterminated string on that line.
    cut = text.index('"patient": "') + len('"patient": "Ja')
    path.write_text(text[:cut], encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_plan(path)
    assert f"{path}:{line}:" in str(caught.value)
    assert "valid JSON" in str(caught.value)


def _without_urgent(data):
    data["safety"] = [s for s in data["safety"] if s["id"] != "urgent"]


def _urgent_emptied(data):
    next(s for s in data["safety"] if s["id"] == "urgent")["items"] = []


def _no_safety(data):
    del data["safety"]


@pytest.mark.parametrize("damage", [_without_urgent, _urgent_emptied, _no_safety])
def test_a_plan_without_its_urgent_warnings_is_refused(tmp_path, plan, damage):
    """The red flags must never be dropped silently on the way back in."""
    path = tmp_path / "plan.json"
    save_plan(plan, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    damage(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_plan(path)
    message = str(caught.value)
    assert str(path) in message
    assert ("urgent" if damage is not _no_safety else "'safety'") in message
