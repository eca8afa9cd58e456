"""backcare_kit: tailor back-care exercises into a plan a patient can follow.

Data flows one way: CSV -> :class:`Catalog` -> :class:`Routine` -> :class:`Plan`
-> an exporter plugin -> a file. The command line and the notebook editor
are faces over these objects and keep no state of their own.
"""

from .bundled import bundled_plan
from .catalog import Catalog, load_catalog
from .errors import BackcareError, InputError, Problem
from .exercise import Exercise, Sides
from .export import export_plan
from .exporters import Exporter
from .hookspecs import hookimpl
from .plan import Plan
from .plugins import get_plugin_manager, get_plugins
from .routine import Routine, RoutineItem
from .safety import SafetyText, load_safety
from .schedule import Schedule
from .storage import load_plan, load_routine, save_plan, save_routine
from .templates import load_template, save_template
from .timing import Timing, session_timing

__all__ = [
    "BackcareError",
    "Catalog",
    "Exercise",
    "Exporter",
    "InputError",
    "Plan",
    "Problem",
    "Routine",
    "RoutineItem",
    "SafetyText",
    "Schedule",
    "Sides",
    "Timing",
    "bundled_plan",
    "export_plan",
    "get_plugin_manager",
    "get_plugins",
    "hookimpl",
    "load_catalog",
    "load_plan",
    "load_routine",
    "load_safety",
    "load_template",
    "save_plan",
    "save_routine",
    "save_template",
    "session_timing",
]
