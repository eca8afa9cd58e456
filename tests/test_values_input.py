"""What the value objects accept and refuse, whichever way a value arrives.

Every refused value raises InvalidValue (a BackcareError, so the command line
and the editor show its message as is) naming the exercise or field, the
value and what was expected; never a bare ValueError, a TypeError or an
OverflowError. Numbers and dates keep to backcare_kit.limits, control
characters never reach an export, and the safety text can never be blank,
repeated or put after anything else.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backcare_kit import (
    BackcareError,
    Exercise,
    InputError,
    Plan,
    Routine,
    RoutineItem,
    Schedule,
    bundled_plan,
    export_plan,
    load_catalog,
    load_plan,
    load_safety,
    save_plan,
)
from backcare_kit.bundled import bundled_path
from backcare_kit.errors import InvalidValue
from backcare_kit.exercise import parse_hold
from backcare_kit.limits import (
    FIRST_DATE,
    LAST_DATE,
    MAX_DURATION_SECONDS,
    MAX_HOLD_SECONDS,
    MAX_TRANSITION_SECONDS,
    MAX_WEEKS,
    MIN_WEEKS,
)
from backcare_kit.plugins import build_plugins
from backcare_kit.safety import SECTIONS, SafetySection, SafetyText
from backcare_kit.schedule import parse_days
from backcare_kit.text import has_controls

MONDAY = date(2026, 3, 2)
#: One past the largest 64-bit signed integer: a calendar or timer field would overflow on it.
BEYOND_64_BITS = 9223372036854775808
#: Too long for Python to print (over 4300 digits): the message must not try.
HUGE = 10**5000
#: HUGE as a test parameter: pytest would try to print it for the test's id.
HUGE_PARAM = pytest.param(HUGE, id="10**5000")
#: Text that prints as nothing: spaces, a zero-width space, a Hangul filler, a no-break space, a blank Braille cell.
BLANKS = ["", "   ", "\u200b", "\u3164", "\u00a0 ", "\u2800", "\x00", "\x07\x1b"]


@pytest.fixture(scope="module")
def bridge():
    return load_catalog()["glute-bridge"]


def exercise(**changes):
    fields = {"id": "bridge", "name": "Bridge", "steps": ("Lift your hips.",), "duration_seconds": 60}
    return Exercise(**{**fields, **changes})


def safety(**replaced):
    """The bundled safety text with some sections replaced, by id."""
    return SafetyText(tuple(replaced.get(s.id, s) for s in load_safety().sections))


def refused(build, *fragments):
    """Build, expecting InvalidValue whose message holds every fragment; the message, for more checks."""
    with pytest.raises(InvalidValue) as caught:
        build()
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message
    assert isinstance(caught.value, BackcareError) and isinstance(caught.value, ValueError)
    return message


# --- numbers: bounded, whole, never an overflow -------------------------------------------------


@pytest.mark.parametrize(
    "seconds", [-1, MAX_DURATION_SECONDS + 1, 10**9, BEYOND_64_BITS, HUGE_PARAM, 1.5, True, "60", None]
)
def test_an_item_duration_outside_0_to_an_hour_is_refused_naming_the_exercise(bridge, seconds):
    refused(
        lambda: RoutineItem.of(bridge, duration_seconds=seconds),
        "Glute bridge with spinal articulation: duration_seconds: expected a whole number of seconds from 0 to 3600",
    )


def test_an_item_may_last_0_seconds_while_editing_and_up_to_an_hour(bridge):
    assert RoutineItem.of(bridge, duration_seconds=0).duration_seconds == 0
    assert RoutineItem.of(bridge, duration_seconds=MAX_DURATION_SECONDS).duration_seconds == 3600


def test_a_number_beyond_64_bits_is_refused_plainly(bridge):
    message = refused(lambda: RoutineItem.of(bridge, duration_seconds=BEYOND_64_BITS))
    assert message.endswith("not a number that large")
    message = refused(lambda: Routine(transition_seconds=HUGE))
    assert (
        message
        == "routine: transition_seconds: expected a whole number of seconds from 0 to 600, not a number that large"
    )


@pytest.mark.parametrize("seconds", [0, -5, MAX_DURATION_SECONDS + 1, BEYOND_64_BITS, "60"])
def test_a_catalog_exercise_lasts_1_second_to_an_hour(seconds):
    refused(lambda: exercise(duration_seconds=seconds), "exercise 'bridge': duration_seconds", "from 1 to 3600")


@pytest.mark.parametrize(
    "hold, why",
    [
        ("999 seconds", "at most 120 seconds"),
        ("5-500 seconds", "at most 120 seconds"),
        ("121", "at most 120 seconds"),
        ("9" * 5000, "at most 120 seconds"),
        ("9" * 5000 + " seconds", "at most 120 seconds"),
        ("0 seconds", "at least 1 second"),
        ("10-5 seconds", "the shorter time first ('5-10 seconds')"),
        ("a while", "'a few seconds'"),
    ],
)
def test_holds_beyond_two_minutes_or_back_to_front_are_refused(bridge, hold, why):
    refused(lambda: parse_hold(hold), "hold '", "': expected", why)
    refused(lambda: RoutineItem.of(bridge, hold=hold), "Glute bridge with spinal articulation: hold '", why)


@pytest.mark.parametrize(
    "hold, words",
    [("120", "120 seconds"), ("005 seconds", "5 seconds"), ("3 to 5 seconds", "3-5 seconds"), ("1", "1 second")],
)
def test_holds_up_to_two_minutes_read_as_canonical_words(hold, words):
    assert parse_hold(hold) == words


@pytest.mark.parametrize("seconds", [-1, MAX_TRANSITION_SECONDS + 1, BEYOND_64_BITS, 2.0, False])
def test_the_rest_between_exercises_is_0_to_10_minutes(seconds):
    refused(lambda: Routine(transition_seconds=seconds), "routine: transition_seconds", "from 0 to 600")
    assert Routine(transition_seconds=MAX_TRANSITION_SECONDS).transition_seconds == 600


@pytest.mark.parametrize("weeks", [0, MAX_WEEKS + 1, BEYOND_64_BITS, HUGE_PARAM, True, "6"])
def test_a_plan_runs_1_to_104_weeks(weeks):
    refused(lambda: Schedule(MONDAY, weeks=weeks), "schedule: weeks: expected a whole number of weeks from 1 to 104")
    assert Schedule(MONDAY, weeks=MIN_WEEKS).weeks == 1 and Schedule(MONDAY, weeks=MAX_WEEKS).weeks == 104


@pytest.mark.parametrize("times", [0, 8, True, BEYOND_64_BITS, "3"])
def test_times_per_week_is_1_to_7(times):
    refused(lambda: Schedule.times_per_week(times, MONDAY), "times per week", "from 1 to 7")


# --- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start", [date(1999, 12, 31), date(2100, 1, 1), date(9999, 12, 31), "2026-03-02", datetime(2026, 3, 2, 8), None]
)
def test_a_start_date_is_a_date_from_2000_to_2099(start):
    refused(lambda: Schedule(start), "schedule: start_date: expected a date from 2000-01-01 to 2099-12-31")


def test_the_first_and_last_supported_dates_are_accepted():
    assert Schedule(FIRST_DATE).start_date == FIRST_DATE
    assert Schedule(LAST_DATE, weeks=MAX_WEEKS).end_date > LAST_DATE  # the plan may run past the last start date


@pytest.mark.parametrize("review", [date(2100, 1, 1), "2026-06-01", datetime(2026, 6, 1, 9)])
def test_a_review_date_is_a_date_in_range(plan, review):
    refused(lambda: plan.edited(review_date=review), "plan for 'Jane Doe': review_date: expected a date from 2000")


def test_a_review_before_the_plan_starts_is_refused(plan):
    message = refused(lambda: plan.edited(review_date=date(2026, 3, 1)))
    assert message == (
        "plan for 'Jane Doe': review_date: expected a date on or after the start date 2026-03-02, not 2026-03-01"
    )
    assert plan.edited(review_date=MONDAY).review_date == MONDAY
    later = plan.edited(review_date=date(2026, 4, 13))
    refused(lambda: later.edited(schedule=Schedule(date(2026, 5, 4))), "on or after the start date 2026-05-04")


# --- schedule days, time and zone --------------------------------------------------------------


@pytest.mark.parametrize("days", [(), (7,), (-1,), (True,), (0, False), ("mon",), (0, 2.0), "024", None, 3])
def test_days_are_whole_numbers_monday_0_to_sunday_6(days):
    refused(lambda: Schedule(MONDAY, days=days), "schedule: days: expected one or more weekdays")


def test_days_are_sorted_without_repeats():
    assert Schedule(MONDAY, days=[4, 0, 4, 2]).days == (0, 2, 4)


@pytest.mark.parametrize("timezone", [None, "Mars/Base", "", "x" * 5000, "Europe/London\x00"])
def test_an_unknown_time_zone_is_refused(timezone):
    refused(lambda: Schedule(MONDAY, timezone=timezone), "expected an IANA name such as 'Europe/London'")


@pytest.mark.parametrize("when", ["08:00", 8, None])
def test_the_time_of_day_is_a_time(when):
    refused(lambda: Schedule(MONDAY, time_of_day=when), "schedule: time_of_day: expected a time of day such as 08:00")


def test_day_names_that_match_nothing_are_refused_as_invalid_values():
    refused(lambda: parse_days("someday"), "unknown day 'someday'")
    refused(lambda: parse_days(" , "), "expected at least one day")


# --- type checks: a string is not a tuple of lines ---------------------------------------------


@pytest.mark.parametrize("field", ["steps", "starting_position", "cues", "body_areas"])
def test_a_string_where_lines_are_expected_is_refused_not_split_into_letters(field):
    message = refused(lambda: exercise(**{field: "abc"}))
    assert message == f"exercise 'bridge': {field}: expected a tuple of lines, one entry per line, not 'abc'"


def test_item_cues_given_as_one_string_are_refused(bridge):
    refused(lambda: RoutineItem.of(bridge, cues="Keep your knees apart"), "cues: expected a tuple of lines")
    refused(lambda: RoutineItem.of(bridge, cues=("fine", 3)), "cues: expected text, not 3")


@pytest.mark.parametrize("included", ["no", "False", 0, 1, None])
def test_included_must_be_true_or_false(bridge, included):
    refused(
        lambda: RoutineItem.of(bridge, included=included),
        "Glute bridge with spinal articulation: included: expected True or False",
    )


def test_sides_are_one_of_three_words(bridge):
    refused(
        lambda: RoutineItem.of(bridge, sides="left"), "sides: expected one of none, each_side, alternating, not 'left'"
    )
    refused(lambda: exercise(sides="both"), "exercise 'bridge': sides: expected one of none")
    assert exercise(sides="each_side").sides.rounds == 2


@pytest.mark.parametrize(
    "build, fragment",
    [
        (lambda: Routine(items=["glute-bridge"]), "routine: items: expected routine items, not 'glute-bridge'"),
        (lambda: Routine(items="abc"), "routine: items: expected a sequence of routine items"),
        (lambda: Routine(name=None), "routine: name: expected text, not None"),
        (lambda: exercise(name=None), "exercise 'bridge': name: expected text, not None"),
        (lambda: exercise(id=""), "exercise id: expected a short slug"),
        (lambda: exercise(extra="video"), "exercise 'bridge': extra: expected (column, text) pairs"),
        (lambda: RoutineItem("glute-bridge", 60, "none", "", ()), "routine item: exercise: expected an Exercise"),
    ],
)
def test_values_of_the_wrong_kind_are_refused(build, fragment):
    refused(build, fragment)


def test_plan_parts_of_the_wrong_kind_are_refused(plan):
    refused(lambda: plan.edited(safety=None), "plan for 'Jane Doe': safety: expected a SafetyText, not None")
    refused(lambda: plan.edited(safety=load_safety().sections), "safety: expected a SafetyText")
    refused(lambda: plan.edited(routine=list(plan.routine.items)), "routine: expected a Routine")
    refused(lambda: plan.edited(clinician=None), "plan for 'Jane Doe': clinician: expected text, not None")


# --- the safety text: never blank, never repeated, always first ---------------------------------


@pytest.mark.parametrize("blank", BLANKS)
def test_a_safety_heading_or_item_that_prints_as_nothing_is_refused(blank):
    refused(lambda: SafetySection("urgent", blank, ("Call 999",)), "safety section 'urgent': heading: expected words")
    refused(
        lambda: SafetySection("urgent", "Get help", ("Call 999", blank)),
        "safety section 'urgent': item 2: expected words the patient can read",
    )


def test_a_safety_section_needs_items_as_a_tuple_and_at_least_one():
    refused(lambda: SafetySection("urgent", "Get help", "Call 999"), "items: expected a tuple of items")
    refused(lambda: SafetySection("urgent", "Get help", ()), "items: expected at least one item")
    refused(lambda: SafetySection("", "Get help", ("Call 999",)), "safety section: id: expected a short name")


def test_a_section_given_twice_is_refused():
    sections = load_safety().sections
    refused(lambda: SafetyText((*sections, SafetySection("urgent", "Also", ("x",)))), "section urgent", "once")


def test_the_required_sections_come_first_in_the_fixed_order_whatever_the_input():
    clinic = SafetySection("clinic-phone", "Our clinic", ("Call us on 0123 456 789.",))
    given = (clinic, *reversed(load_safety().sections))
    safety_text = SafetyText(given)
    assert [s.id for s in safety_text.sections] == [*SECTIONS, "clinic-phone"]
    assert safety_text.lines()[0] == "Call 999 or go to A&E if you have back pain and"


def test_a_missing_section_names_what_it_is_for():
    sections = tuple(s for s in load_safety().sections if s.id != "urgent")
    refused(lambda: SafetyText(sections), "lacks the section(s) urgent", "signs that need the emergency number")


@pytest.mark.parametrize("blank", ["\u200b", "\u3164", "\u00a0", "\u2800", "\x07"])
def test_load_safety_reports_a_blank_cell_with_file_and_line(tmp_path, blank):
    text = bundled_path("safety.csv").read_text(encoding="utf-8")
    path = tmp_path / "clinic.csv"
    path.write_text(text.replace("difficulty peeing", blank), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_safety(path)
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (4, "text")
    assert f"{path}:4: column 'text'" in str(caught.value)


def test_load_safety_reports_a_section_whose_heading_prints_as_nothing(tmp_path):
    text = bundled_path("safety.csv").read_text(encoding="utf-8")
    path = tmp_path / "clinic.csv"
    path.write_text(text.replace("How to do these exercises", "\u200b"), encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if "How to do these exercises" in row)
    with pytest.raises(InputError, match=rf"clinic.csv:{line}: column 'heading': .*one heading with words"):
        load_safety(path)


def test_load_safety_puts_the_sections_in_the_fixed_order_and_strips_controls(tmp_path):
    header, *rows = bundled_path("safety.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "clinic.csv"
    reordered = "\n".join([header, *reversed(rows)]).replace("new weakness", "new\x1b[5m weakness")
    path.write_text(reordered + "\n", encoding="utf-8")
    safety_text = load_safety(path)
    assert [s.id for s in safety_text.sections] == list(SECTIONS)
    assert "new[5m weakness in one or both legs" in safety_text.section("urgent").items


def test_a_saved_plan_with_a_blank_warning_is_refused_on_loading(tmp_path, plan):
    path = tmp_path / "plan.json"
    save_plan(plan, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    next(s for s in data["safety"] if s["id"] == "urgent")["items"][0] = "\u200b"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match="safety section 'urgent': item 1: expected words the patient can read"):
        load_plan(path)


def test_a_saved_plan_with_its_sections_out_of_order_loads_with_safety_first(tmp_path, plan):
    path = tmp_path / "plan.json"
    save_plan(plan, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["safety"].reverse()
    path.write_text(json.dumps(data), encoding="utf-8")
    assert [s.id for s in load_plan(path).safety.sections] == list(SECTIONS)


# --- control characters never reach an export ---------------------------------------------------

#: NUL, BEL, ESC (a terminal colour code), DEL, and two C1 controls (NEL, CSI).
CONTROLS = "\x00\x07\x1b\x7f\x85\x9b"


def typed_with_controls(plan: Plan) -> Plan:
    """Every text field of a plan, its routine, an exercise and the safety text, typed with control characters."""
    ex = plan.routine.items[0].exercise
    dirty = replace(
        ex,
        name=f"Bridge{CONTROLS}",
        steps=(f"Lift{CONTROLS}.",),
        starting_position=(f"Lie down{CONTROLS}.",),
        cues=(f"Breathe{CONTROLS}",),
        side_switch=f"Other side{CONTROLS}.",
        body_areas=(f"hips{CONTROLS}",),
        extra=(("video", f"https://example.org/{CONTROLS}"),),
    )
    item = RoutineItem.of(dirty, cues=(f"Knees apart{CONTROLS}",))
    routine = replace(plan.routine, items=(item, *plan.routine.items[1:]), name=f"Mine{CONTROLS}", description=CONTROLS)
    urgent = plan.safety.section("urgent")
    section = SafetySection("urgent", f"{urgent.heading}{CONTROLS}", tuple(f"{i}{CONTROLS}" for i in urgent.items))
    return plan.edited(
        patient=f"Jane{CONTROLS} Doe",
        clinician=f"Dr{CONTROLS} Who",
        clinic=f"Clinic{CONTROLS}",
        clinic_contact=f"0123{CONTROLS}",
        notes=f"Walk{CONTROLS} daily",
        routine=routine,
        safety=safety(urgent=section),
    )


def test_control_characters_are_removed_from_every_text_field(plan):
    typed = typed_with_controls(plan)
    item = typed.routine.items[0]
    assert (typed.patient, typed.clinician, typed.clinic, typed.clinic_contact, typed.notes) == (
        "Jane Doe",
        "Dr Who",
        "Clinic",
        "0123",
        "Walk daily",
    )
    assert (typed.routine.name, typed.routine.description, item.cues) == ("Mine", "", ("Knees apart",))
    ex = item.exercise
    assert (ex.name, ex.steps, ex.starting_position, ex.cues, ex.side_switch, ex.body_areas, ex.extra) == (
        "Bridge",
        ("Lift.",),
        ("Lie down.",),
        ("Breathe",),
        "Other side.",
        ("hips",),
        (("video", "https://example.org/"),),
    )
    assert typed.safety.section("urgent") == plan.safety.section("urgent")


@pytest.mark.parametrize("format", ["html", "ics", "txt"])
def test_no_control_character_reaches_an_export(plan, tmp_path, format):
    plugins = build_plugins()
    if format not in plugins.exporters():
        pytest.skip(f"the {format} exporter is not installed")
    path = export_plan(typed_with_controls(plan), format, tmp_path, plugins=plugins)
    text = path.read_bytes().decode("utf-8")
    assert not has_controls(text)
    assert "Jane Doe" in text


@pytest.mark.parametrize("patient", ["\x00", " \x07 ", "\x1b\x7f"])
def test_a_patient_name_of_only_control_characters_is_refused(plan, patient):
    refused(lambda: plan.edited(patient=patient), "plan: patient: expected the patient's name")


@pytest.mark.parametrize("blank", BLANKS)
def test_an_exercise_needs_a_name_and_a_step_a_patient_can_read(blank):
    refused(lambda: exercise(name=blank), "exercise 'bridge': name: expected the exercise's name")
    refused(lambda: exercise(steps=(blank,)), "exercise 'bridge': steps: expected at least one step")


def test_existing_whitespace_rules_still_hold(plan, bridge):
    assert plan.edited(patient="  Jane \n  Doe ").patient == "Jane Doe"
    assert plan.edited(notes="  Line one\nLine two  ").notes == "Line one\nLine two"
    item = RoutineItem.of(bridge, cues=("  Keep your knees apart  ", "", "\u200b", "One\nTwo"))
    assert item.cues == ("Keep your knees apart", "One", "Two")
    assert exercise(name="  Glute   bridge ", side_switch=" Lie on  your other side. ").name == "Glute bridge"


def test_the_data_readme_states_every_bound():
    readme = bundled_path("README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Limits and text rules") :]
    for figure in (MAX_DURATION_SECONDS, MAX_HOLD_SECONDS, MAX_TRANSITION_SECONDS, MIN_WEEKS, MAX_WEEKS):
        assert str(figure) in section
    for day in (FIRST_DATE, LAST_DATE):
        assert day.isoformat() in section


# --- whatever a field is given, the only error is InvalidValue -----------------------------------

#: Values of every kind a hand-edited file, a notebook or a form could pass.
ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**62),
    st.floats(),
    st.text(),
    st.binary(),
    st.lists(st.one_of(st.integers(), st.text(), st.none()), max_size=3),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
    st.just(HUGE),
    st.just((HUGE,)),
)


@pytest.fixture(scope="module")
def every_field():
    """Each constructor's valid keyword arguments, from the bundled plan."""
    plan = bundled_plan(patient="Jane Doe", start_date=MONDAY)
    item = plan.routine.items[0]
    ex = item.exercise
    return {
        Exercise: {f: getattr(ex, f) for f in ex.__dataclass_fields__},
        RoutineItem: {f: getattr(item, f) for f in item.__dataclass_fields__},
        Routine: {f: getattr(plan.routine, f) for f in plan.routine.__dataclass_fields__},
        Schedule: {f: getattr(plan.schedule, f) for f in plan.schedule.__dataclass_fields__},
        Plan: {f: getattr(plan, f) for f in plan.__dataclass_fields__},
        SafetySection: {"id": "urgent", "heading": "Get help", "items": ("Call 999",)},
    }


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_any_value_in_any_field_is_accepted_or_refused_as_invalid_value(every_field, data):
    fields = every_field
    kind = data.draw(st.sampled_from(list(fields)))
    field = data.draw(st.sampled_from(list(fields[kind])))
    value = data.draw(ANYTHING)
    try:
        kind(**{**fields[kind], field: value})
    except InvalidValue as error:
        assert len(str(error)) < 400, "a message must stay readable"
