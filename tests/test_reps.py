"""Doses by repetitions, end to end: the catalog CSV, the values, timing, words, files and every exporter.

The example catalog (tests/data/reps-exercises.csv) is the tests', not the
article's: the article prescribes only doses by time.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from backcare_kit import Catalog, InputError, InvalidValue, bundled_plan, load_catalog
from backcare_kit.exercise import DoseKind, Exercise
from backcare_kit.routine import RoutineItem
from backcare_kit.storage import load_plan, plan_to_dict, save_plan
from backcare_kit.templates import load_template, save_template
from backcare_kit.timing import SegmentKind, Side
from backcare_kit.words import dose_in_words, segment_label, total_in_words

DATA = Path(__file__).parent / "data"
CATALOG = DATA / "reps-exercises.csv"
ROUTINE = DATA / "reps-routine.json"
HEADER = "id,name,steps,duration_seconds,sides,dose_kind,reps,sets,rest_seconds,seconds_per_rep\n"


@pytest.fixture
def catalog():
    return load_catalog(CATALOG)


@pytest.fixture
def reps_plan(catalog):
    routine = load_template(ROUTINE, catalog)
    return bundled_plan(patient="Jane Doe", start_date=date(2026, 3, 2)).edited(routine=routine)


def squat(**changes):
    fields = {"dose_kind": "reps", "reps": 10, "sets": 3, "rest_seconds": 30, "seconds_per_rep": 4}
    return Exercise("squat", "Squat", ("Stand up from a chair.",), 0, **{**fields, **changes})


# The values


def test_a_reps_exercise_reads_from_the_csv_with_blank_sets_and_rest_defaulted(catalog, tmp_path):
    sit = catalog["sit-to-stand"]
    assert (sit.dose_kind, sit.reps, sit.sets, sit.rest_seconds, sit.seconds_per_rep) == (DoseKind.REPS, 10, 3, 30, 4)
    assert sit.duration_seconds == 0
    assert catalog["side-stretch"].dose_kind is DoseKind.TIME
    path = tmp_path / "mine.csv"
    path.write_text(HEADER + "a,A,Step,,none,reps,12,,,5\nb,B,Step,60,none,,,,,\n", encoding="utf-8")
    a, b = Catalog.read_csv(path)["a"], Catalog.read_csv(path)["b"]
    assert (a.reps, a.sets, a.rest_seconds, a.seconds_per_rep) == (12, 1, 0, 5)
    assert (b.dose_kind, b.duration_seconds, b.reps) == (DoseKind.TIME, 60, 0)


def test_every_bad_dose_cell_is_reported_at_once_with_line_column_value_and_expectation(tmp_path):
    rows = (
        "a,A,Step,,none,reps,0,3,30,4\n"  # line 2: no repetitions
        "b,B,Step,,none,reps,10,11,,4\n"  # line 3: too many sets
        "c,C,Step,60,none,time,10,,,\n"  # line 4: repetitions on a dose by time
        "d,D,Step,60,none,reps,10,,,4\n"  # line 5: a duration on a dose by repetitions
        "e,E,Step,,none,sets,10,,,4\n"  # line 6: an unknown dose kind
        "f,F,Step,,none,reps,100,10,,5\n"  # line 7: 5000 seconds on one side
        "g,G,Step,,none,reps,ten,,,\n"  # line 8: not a number, and no pace
    )
    path = tmp_path / "mine.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        Catalog.read_csv(path)
    messages = [str(p) for p in caught.value.problems]
    expected = [
        (2, "reps", "'0'", "a whole number of repetitions from 1 to 100 for a dose by repetitions"),
        (3, "sets", "'11'", "a whole number of sets from 1 to 10 for a dose by repetitions; blank means 1"),
        (4, "reps", "'10'", "blank, as the row's dose is by time (dose_kind)"),
        (5, "duration_seconds", "'60'", "blank for a dose by repetitions (dose_kind reps)"),
        (6, "dose_kind", "'sets'", "one of time, reps (blank means time)"),  # and nothing else of the row
        (7, "seconds_per_rep", "'5'", "sets x reps x seconds_per_rep at most 3600 seconds on one side"),
        (8, "reps", "'ten'", "a whole number of repetitions from 1 to 100"),
        (8, "seconds_per_rep", "''", "a whole number of seconds from 1 to 120 for a dose by repetitions"),
    ]
    for line, column, value, words in expected:
        start = f"{path}:{line}: column '{column}': value {value}: expected {words}"
        assert any(m.startswith(start) for m in messages), f"{start}\nnot in\n" + "\n".join(messages)
    assert len(messages) == len(expected), messages


def test_a_dose_kind_column_needs_reps_and_pace_columns(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("id,name,steps,duration_seconds,sides,dose_kind\na,A,S,60,none,time\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"column 'reps'.*this column in the header row") as caught:
        Catalog.read_csv(path)
    assert "seconds_per_rep" in str(caught.value)


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"reps": 0}, "Squat: reps: expected a whole number of repetitions from 1 to 100, not 0"),
        ({"sets": 11}, "sets: expected a whole number of sets from 1 to 10, not 11"),
        ({"rest_seconds": 301}, "rest_seconds: expected a whole number of seconds from 0 to 300"),
        ({"seconds_per_rep": True}, "seconds_per_rep: expected a whole number of seconds from 1 to 120, not True"),
        ({"reps": 100, "sets": 10}, "at most 3600 seconds on one side, not 4000"),
    ],
)
def test_the_reps_fields_are_bounded_for_every_way_in(catalog, changes, words):
    item = RoutineItem.of(catalog["sit-to-stand"])
    with pytest.raises(InvalidValue) as caught:
        item.tailored(**changes)
    assert words.replace("Squat", "Sit to stand") in str(caught.value)
    with pytest.raises(InvalidValue):
        squat(**changes)


def test_a_dose_by_time_refuses_repetitions_and_a_dose_by_repetitions_a_duration(catalog):
    with pytest.raises(InvalidValue, match="reps: expected nothing for a dose by time"):
        RoutineItem.of(catalog["side-stretch"], reps=10)
    with pytest.raises(InvalidValue, match=r"duration_seconds: expected nothing \(0\) for a dose by repetitions"):
        RoutineItem.of(catalog["sit-to-stand"], duration_seconds=60)


# Timing and words


def test_timing_runs_set_by_set_with_rests_and_is_an_estimate(reps_plan):
    timing = reps_plan.timing()
    sit = [s for s in timing.segments if s.exercise_id == "sit-to-stand"]
    assert [(s.kind, s.set_number, s.seconds) for s in sit] == [
        (SegmentKind.EXERCISE, 1, 40),
        (SegmentKind.REST, 2, 30),
        (SegmentKind.EXERCISE, 2, 40),
        (SegmentKind.REST, 3, 30),
        (SegmentKind.EXERCISE, 3, 40),
    ]
    assert timing.estimate and timing.rest_seconds == 2 * 30 + 2 * 20
    assert total_in_words(timing) == "Total about 8:04 (about 5:54 exercise, 1:40 rest, 0:30 transitions)"
    assert not bundled_plan().timing().estimate


def test_each_side_runs_both_sides_in_every_set(catalog):
    item = RoutineItem.of(catalog["sit-to-stand"], sides="each_side")
    from backcare_kit.routine import Routine

    segments = Routine((item,)).timing().segments
    assert [(s.kind.value, s.side, s.set_number) for s in segments][:3] == [
        ("exercise", Side.FIRST, 1),
        ("exercise", Side.SECOND, 1),
        ("rest", Side.NONE, 2),
    ]
    assert item.work_seconds == 2 * 3 * 40


def test_a_reps_dose_in_words_counts_sets_rest_and_hold_and_says_about(catalog):
    sit, bird = RoutineItem.of(catalog["sit-to-stand"]), RoutineItem.of(catalog["bird-dog"])
    assert (
        dose_in_words(sit)
        == "Do 3 sets of 10 repetitions. Rest 30 seconds between sets. This takes about 3 minutes in all"
    )
    assert dose_in_words(bird) == (
        "Do 2 sets of 8 repetitions, changing sides each time. Rest 20 seconds between sets. "
        "This takes about 2 minutes in all. "
        "Hold for 3 seconds each time"
    )
    assert dose_in_words(sit.tailored(sets=1, sides="each_side")) == (
        "Do 1 set of 10 repetitions on each side, one side and then the other. "
        "This takes about 1 minute 30 seconds in all"
    )


def test_segments_are_labelled_with_their_set(reps_plan):
    labels = [segment_label(s) for s in reps_plan.timing().segments[:3]]
    assert labels == ["Sit to stand, set 1 of 3", "Rest, then Sit to stand, set 2 of 3", "Sit to stand, set 2 of 3"]


# Files


def test_a_reps_plan_survives_a_file_and_a_time_plan_gains_no_keys(reps_plan, tmp_path):
    path = save_plan(reps_plan, tmp_path / "p.json")
    assert load_plan(path) == reps_plan
    data = json.loads(path.read_text(encoding="utf-8"))
    sit = data["routine"]["items"][0]
    assert (sit["reps"], sit["sets"], sit["exercise"]["dose_kind"]) == (10, 3, "reps")
    stretch = data["routine"]["items"][2]
    assert "reps" not in stretch and "dose_kind" not in stretch["exercise"]


def test_a_bad_reps_value_in_a_saved_plan_names_its_path(reps_plan, tmp_path):
    data = plan_to_dict(reps_plan)
    data["routine"]["items"][0]["sets"] = 0
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match=r"routine\.items\[0\]\.sets.*a whole number of sets from 1 to 10"):
        load_plan(path)


def test_a_template_tailors_reps_and_saves_only_what_differs(catalog, reps_plan, tmp_path):
    bird = reps_plan.routine.items[1]
    assert (bird.sets, bird.overridden()) == (3, ("sets",))
    saved = save_template(reps_plan.routine.tailor(0, reps=12), tmp_path / "t.json")
    items = json.loads(saved.read_text(encoding="utf-8"))["items"]
    assert items[0] == {"exercise": "sit-to-stand", "reps": 12} and items[1] == {"exercise": "bird-dog", "sets": 3}
    assert load_template(saved, catalog) == reps_plan.routine.tailor(0, reps=12)


# Faces and formats


def test_preview_shows_sets_rests_and_an_estimated_total(run):
    result = run("preview", "--routine", str(ROUTINE), "--catalog", str(CATALOG))
    assert result.exit_code == 0, result.output
    assert "Rest, then Sit to stand, set 2 of 3" in result.output
    assert "Sit to stand: Do 3 sets of 10 repetitions" in result.output
    assert "Total about 8:04" in result.output


def test_a_catalog_of_both_kinds_from_python_keeps_whole_numbers(catalog):
    """pandas turns a column of numbers with gaps into floats; '10.0' must never reach a dose."""
    mixed = Catalog.from_exercises([catalog["side-stretch"], catalog["sit-to-stand"]])
    assert list(mixed.values()) == [catalog["side-stretch"], catalog["sit-to-stand"]]
    assert mixed.to_frame().loc["sit-to-stand", "reps"] == 10


def test_validate_lists_bad_dose_cells_and_exits_2(run, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(HEADER + "a,A,Step,,none,reps,0,,,4\n", encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert f"{path}:2: column 'reps': value '0': expected a whole number of repetitions from 1 to 100" in result.output
    assert run("validate", str(CATALOG)).output.strip() == f"{CATALOG}: ok, 3 exercises"


def test_browsing_the_merged_catalog_shows_every_exercise_with_its_dose_kind(catalog):
    frame = catalog.to_frame()
    assert frame.loc["glute-bridge", "dose_kind"] == "time" and frame.loc["glute-bridge", "reps"] == ""
    assert frame.loc["sit-to-stand", "dose_kind"] == "reps" and frame.loc["sit-to-stand", "reps"] == "10"
    assert not frame.isna().any().any()
