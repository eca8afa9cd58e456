"""Where the bundled data lives, in a checkout and in an installed wheel.

The wheel maps the repository's top-level ``data/`` folder to the package
``backcare_kit.data`` (see pyproject.toml), so the same files are found
whether the toolkit runs from a clone or from ``pip install``.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .plan import Plan


def bundled_path(*parts: str) -> Path:
    """Path of a bundled data file, e.g. ``bundled_path("exercises.csv")``."""
    here = Path(__file__).resolve().parent
    root = here / "data"  # an installed wheel
    if not root.is_dir():
        root = here.parent / "data"  # a checkout, or an editable install
    return root.joinpath(*parts)


def bundled_plan(patient: str = "Alex Example", start_date: date | None = None, **fields: Any) -> Plan:
    """The article's routine on the default schedule, starting next Monday.

    The quickest way to a complete plan: pass other Plan fields (notes,
    review_date, clinician...) as keyword arguments. This is where every new
    plan is made (the command line and the editor call it), so it is where
    ``made_on`` is set to today unless given.
    """
    from .catalog import load_catalog
    from .plan import Plan
    from .safety import load_safety
    from .schedule import Schedule
    from .templates import BUNDLED, load_template

    start_date = start_date or next_monday(date.today())
    routine = load_template(BUNDLED, load_catalog())
    fields.setdefault("made_on", date.today())
    return Plan(
        patient=patient, routine=routine, schedule=Schedule(start_date=start_date), safety=load_safety(), **fields
    )


def next_monday(today: date) -> date:
    """The first Monday after today (a week ahead when today is Monday)."""
    return today + timedelta(days=7 - today.weekday())
