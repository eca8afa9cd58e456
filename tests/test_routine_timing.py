"""Tailoring a routine and timing the session, the figures every face and export shows."""

from __future__ import annotations

import pytest

from backcare_kit import Routine, RoutineItem, Sides, load_catalog, load_template, session_timing
from backcare_kit.timing import SegmentKind, Side


@pytest.fixture
def routine():
    return load_template("five-exercises", load_catalog())


def test_article_routine_is_ten_minutes_of_exercise_plus_transitions(routine):
    timing = session_timing(routine)
    assert timing.work_seconds == 600
    assert routine.transition_seconds == 15
    assert timing.transition_seconds == 4 * 15
    assert timing.total_seconds == 660


def test_each_side_exercises_run_once_per_side_with_offsets(routine):
    timing = session_timing(routine)
    arm = [s for s in timing.segments if s.exercise_id == "arm-openings" and s.kind is SegmentKind.EXERCISE]
    assert [(s.side, s.start, s.end) for s in arm] == [(Side.FIRST, 270, 330), (Side.SECOND, 330, 390)]
    [item] = [i for i in timing.items if i.exercise_id == "arm-openings"]
    assert (item.start, item.end, item.work_seconds) == (270, 390, 120)


def test_timing_table_matches_the_plain_values(routine):
    timing = session_timing(routine)
    frame = timing.to_frame()
    assert frame["seconds"].sum() == timing.total_seconds
    assert frame["end_seconds"].iloc[-1] == timing.total_seconds
    assert list(frame["start"][:3]) == ["0:00", "2:00", "2:15"]
    assert frame[frame["kind"] == "exercise"]["seconds"].sum() == 600


def test_excluded_items_and_their_transitions_drop_out(routine):
    shorter = routine.tailor(1, included=False)
    timing = session_timing(shorter)
    assert "rock-back" not in {s.exercise_id for s in timing.segments}
    assert timing.total_seconds == 660 - 120 - 15


def test_overrides_change_the_routine_but_never_the_catalog(routine):
    catalog = load_catalog()
    tailored = routine.tailor(0, duration_seconds=90, sides="each_side", hold="5", cues=("Breathe out as you lift",))
    item = tailored.items[0]
    assert (item.duration_seconds, item.sides, item.hold, item.cues) == (
        90,
        Sides.EACH_SIDE,
        "5 seconds",
        ("Breathe out as you lift",),
    )
    assert item.overridden() == ("duration_seconds", "sides", "hold", "cues")
    assert routine.items[0].duration_seconds == 120
    assert catalog["glute-bridge"].duration_seconds == 120
    assert session_timing(tailored).work_seconds == 600 - 120 + 180


def test_reset_restores_the_catalog_default_per_field_or_all(routine):
    tailored = routine.tailor(2, duration_seconds=30, cues=())
    assert tailored.reset(2, "cues").items[2].duration_seconds == 30
    assert tailored.reset(2, "cues").items[2].cues == routine.items[2].cues
    assert tailored.reset(2).items[2] == routine.items[2]


def test_cue_lines_can_be_edited_added_and_removed(routine):
    cues = routine.items[0].cues
    edited = routine.tailor(0, cues=(*cues[:1], "  Keep your knees apart  ", ""))
    assert edited.items[0].cues == (cues[0], "Keep your knees apart")


def test_move_add_and_remove_reorder_the_session(routine):
    moved = routine.move(4, -10)
    assert [i.id for i in moved.items][:2] == ["lumbar-rotation-stretch", "glute-bridge"]
    assert session_timing(moved).segments[0].exercise_id == "lumbar-rotation-stretch"
    extra = routine.add(load_catalog()["rock-back"])
    assert [i.id for i in extra.items].count("rock-back") == 2
    assert len(extra.remove(0).items) == 5


def test_transition_time_is_adjustable_down_to_none(routine):
    from dataclasses import replace

    assert session_timing(replace(routine, transition_seconds=0)).total_seconds == 600
    assert session_timing(replace(routine, transition_seconds=30)).total_seconds == 720


@pytest.mark.parametrize("bad", [-1, 1.5, True])
def test_durations_must_be_whole_non_negative_seconds(routine, bad):
    with pytest.raises(ValueError):
        routine.tailor(0, duration_seconds=bad)


def test_unknown_hold_words_are_refused(routine):
    with pytest.raises(ValueError, match="a few seconds"):
        routine.tailor(0, hold="a while")


def test_empty_routine_times_to_zero():
    timing = session_timing(Routine())
    assert (timing.total_seconds, timing.segments) == (0, ())


def test_hundred_item_routine_times_every_item():
    catalog = load_catalog()
    routine = Routine.of([catalog[i] for i in list(catalog) * 20])
    timing = session_timing(routine)
    assert len(timing.items) == 100
    assert timing.total_seconds == 20 * 600 + 99 * 15


def test_item_of_uses_the_exercise_defaults():
    ex = load_catalog()["bent-knee-fall-out"]
    item = RoutineItem.of(ex)
    assert (item.duration_seconds, item.sides, item.work_seconds) == (120, Sides.ALTERNATING, 120)
