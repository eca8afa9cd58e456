"""What the HTML tests share: a plan that changes over the weeks, each stage with doses of its own."""

from __future__ import annotations

import pytest

from backcare_kit import Phase, Plan


def in_three_stages(plan: Plan) -> Plan:
    """Weeks 1-2 at 1 minute an exercise, weeks 3-4 at the article's doses, weeks 5-6 without arm openings
    and with the glute bridge at 1 minute 30 seconds: the first exercise's dose differs in every stage."""
    full = plan.routine
    short = full
    for n in range(len(full.items)):
        short = short.tailor(n, duration_seconds=60)
    fewer = full.tailor(full.position("arm-openings"), included=False).tailor(0, duration_seconds=90)
    return plan.edited(routine=short, phases=(Phase(3, full), Phase(5, fewer)))


@pytest.fixture(scope="session")
def three_stages():
    """``in_three_stages``, for test modules (a conftest is not imported by name)."""
    return in_three_stages
