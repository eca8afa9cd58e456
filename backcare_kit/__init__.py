"""backcare_kit: tailor back-care exercises into a plan a patient can follow.

Data flows one way: CSV -> :class:`Catalog` -> :class:`Routine` -> :class:`Plan`
-> an exporter plugin -> a file. The command line and the notebook editor
are faces over these objects and keep no state of their own.

Names are imported on first use, so ``import backcare_kit`` and the command
line start quickly and load pandas only when a CSV is read.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "bundled_plan": "bundled",
    "Catalog": "catalog",
    "load_catalog": "catalog",
    "BackcareError": "errors",
    "InputError": "errors",
    "InvalidValue": "errors",
    "Problem": "errors",
    "Exercise": "exercise",
    "Sides": "exercise",
    "export_formats": "export",
    "export_plan": "export",
    "Exporter": "exporters",
    "hookimpl": "hookspecs",
    "Plan": "plan",
    "Phase": "progression",
    "get_plugin_manager": "plugins",
    "get_plugins": "plugins",
    "Routine": "routine",
    "RoutineItem": "routine",
    "SafetyText": "safety",
    "load_safety": "safety",
    "Schedule": "schedule",
    "load_plan": "storage",
    "load_routine": "storage",
    "save_plan": "storage",
    "save_routine": "storage",
    "load_template": "templates",
    "save_template": "templates",
    "Timing": "timing",
    "session_timing": "timing",
}

__all__ = [
    "BackcareError",
    "Catalog",
    "Exercise",
    "Exporter",
    "InputError",
    "InvalidValue",
    "Phase",
    "Plan",
    "Problem",
    "Routine",
    "RoutineItem",
    "SafetyText",
    "Schedule",
    "Sides",
    "Timing",
    "bundled_plan",
    "export_formats",
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


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'backcare_kit' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


if TYPE_CHECKING:
    from .bundled import bundled_plan
    from .catalog import Catalog, load_catalog
    from .errors import BackcareError, InputError, InvalidValue, Problem
    from .exercise import Exercise, Sides
    from .export import export_formats, export_plan
    from .exporters import Exporter
    from .hookspecs import hookimpl
    from .plan import Plan
    from .plugins import get_plugin_manager, get_plugins
    from .progression import Phase
    from .routine import Routine, RoutineItem
    from .safety import SafetyText, load_safety
    from .schedule import Schedule
    from .storage import load_plan, load_routine, save_plan, save_routine
    from .templates import load_template, save_template
    from .timing import Timing, session_timing
