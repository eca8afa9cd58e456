"""A plan saved before repetition doses existed still loads, and a time-only routine is saved exactly as before.

``tests/data/plan-v1-doses.json`` was written by the code as it was before
repetition doses were added (the bundled plan, arm openings tailored to
90 seconds with a 5-second hold). A time-only routine keeps the same keys,
so a routine file, which is still version 1, opens in an older install; a
plan is now version 2 (it may hold phases), which an older install refuses
by name rather than misreading.
"""

from __future__ import annotations

import json
from pathlib import Path

from backcare_kit.storage import load_plan, plan_to_dict

FIXTURE = Path(__file__).parent / "data" / "plan-v1-doses.json"


def test_a_plan_saved_before_still_loads_with_its_doses():
    plan = load_plan(FIXTURE)
    arm = plan.routine.items[2]
    assert (arm.id, arm.duration_seconds, arm.hold) == ("arm-openings", 90, "5 seconds")
    assert plan.timing().total_seconds == 12 * 60


def test_a_time_only_routine_is_saved_exactly_as_before():
    saved = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert plan_to_dict(load_plan(FIXTURE))["routine"] == saved["routine"]
