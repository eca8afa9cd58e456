"""The notebook editor's state and every edit it can make, with no widget in sight.

The model holds one thing, the :class:`Plan` being tailored, as a traitlets
trait that the widgets (backcare_kit/widgets.py) observe. Every edit is a
method here that replaces the plan with an edited copy, so the plan is always
the truth: code can drive the editor through these methods, tests need no
widgets, and the widgets only display the plan and call methods.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import time
from os import PathLike
from pathlib import Path
from typing import Any

from traitlets import HasTraits, Instance

from .bundled import bundled_plan
from .catalog import Catalog, load_catalog
from .errors import BackcareError, InvalidValue
from .export import default_filename, export_plan
from .files import safe_filename
from .plan import Plan
from .plugins import Plugins, get_plugins
from .safety import load_safety
from .storage import load_plan, save_plan
from .timing import Timing
from .words import cautions_in_words, plan_warnings

#: Where plans and exports go by default, relative to the notebook.
PLANS_FOLDER = Path("plans")
EXPORTS_FOLDER = Path("exports")


class EditorModel(HasTraits):
    """One plan under edit, and the catalog to add exercises from."""

    plan = Instance(Plan)
    catalog = Instance(Catalog)

    def __init__(self, plan: Plan | None = None, catalog: Catalog | None = None, plugins: Plugins | None = None):
        super().__init__(plan=plan or bundled_plan(patient="New patient"), catalog=catalog or load_catalog())
        self.plugins = plugins

    # What the preview shows, derived from the plan each time: nothing to keep in step.
    @property
    def timing(self) -> Timing:
        return self.plan.timing()

    @property
    def warnings(self) -> list[str]:
        return cautions_in_words(self.plan.routine) + plan_warnings(self.plan)

    # Routine items
    def tailor(self, index: int, **changes: Any) -> None:
        """Change duration_seconds, sides, hold, cues or included of item ``index``."""
        self._routine(self.plan.routine.tailor(index, **changes))

    def set_cues(self, index: int, text: str) -> None:
        """Cues from text, one per line: edit, add and remove lines in one go."""
        self.tailor(index, cues=tuple(text.splitlines()))

    def reset(self, index: int, *fields: str) -> None:
        """Item ``index`` back to the catalog's defaults (only ``fields`` when named)."""
        self._routine(self.plan.routine.reset(index, *fields))

    def move(self, index: int, offset: int) -> None:
        self._routine(self.plan.routine.move(index, offset))

    def add(self, exercise_id: str) -> None:
        self._routine(self.plan.routine.add(self.catalog[exercise_id]))

    def remove(self, index: int) -> None:
        self._routine(self.plan.routine.remove(index))

    def set_transition(self, seconds: int) -> None:
        self._routine(replace(self.plan.routine, transition_seconds=seconds))

    # The rest of the plan
    def update(self, **fields: Any) -> None:
        """Change patient, clinician, clinician_profession, clinician_registration, clinic, clinic_contact,
        notes or review_date (the plan id stays)."""
        self.plan = self.plan.edited(**fields)

    def schedule(self, **changes: Any) -> None:
        """Change start_date, days, time_of_day, weeks or timezone."""
        self.plan = self.plan.edited(schedule=replace(self.plan.schedule, **changes))

    # The plan's own safety text: items change, sections never go (SafetyText refuses an empty one)
    def set_safety_item(self, section_id: str, index: int, text: str) -> None:
        items = list(self.plan.safety.section(section_id).items)
        items[index] = text
        self._safety(section_id, items)

    def add_safety_item(self, section_id: str, text: str) -> None:
        self._safety(section_id, [*self.plan.safety.section(section_id).items, text])

    def remove_safety_item(self, section_id: str, index: int) -> None:
        """Remove one item; refused for a section's last item, whose section must stay."""
        items = list(self.plan.safety.section(section_id).items)
        del items[index]
        self._safety(section_id, items)

    def reset_safety(self) -> None:
        """Back to the bundled safety text."""
        self.plan = self.plan.edited(safety=load_safety())

    # Files
    def save(self, path: str | PathLike[str] | None = None, overwrite: bool = False) -> Path:
        """Save the plan as JSON (default: plans/<patient>.json) and return where it went."""
        return save_plan(self.plan, Path(path) if path else self.default_plan_path(), overwrite=overwrite)

    def open(self, path: str | PathLike[str]) -> None:
        """Replace the plan under edit with a saved one."""
        self.plan = load_plan(path)

    def export(
        self,
        format: str,
        folder: str | PathLike[str] | None = None,
        filename: str | None = None,
        overwrite: bool = False,
        options: dict[str, str] | None = None,
    ) -> Path:
        """Export through an installed exporter; the file name defaults from the patient's name."""
        if filename and (Path(filename).name != filename or filename in (".", "..") or "\\" in filename):
            raise BackcareError(f"file name {filename!r}: give a name only; the folder is chosen separately")
        folder = Path(folder) if folder else EXPORTS_FOLDER
        target = folder / filename if filename else os.path.join(folder, "")  # a folder, made if missing
        return export_plan(self.plan, format, target, overwrite=overwrite, options=options, plugins=self._plugins())

    def formats(self) -> dict[str, str]:
        """Installed formats and their titles, asked afresh so a new exporter shows up at once."""
        return {name: i.exporter.title for name, i in self._plugins().exporters().items()}

    def default_plan_path(self) -> Path:
        return PLANS_FOLDER / f"{safe_filename(self.plan.patient)}.json"

    def default_export_name(self, format: str) -> str:
        installed = self._plugins().exporters().get(format)
        return default_filename(self.plan, installed.exporter.extension) if installed else ""

    def _safety(self, section_id: str, items: list[str]) -> None:
        self.plan = self.plan.edited(safety=self.plan.safety.with_items(section_id, items))

    def _routine(self, routine: Any) -> None:
        self.plan = self.plan.edited(routine=routine)

    def _plugins(self) -> Plugins:
        return self.plugins or get_plugins()


def parse_time(text: str) -> time:
    """'08:00' to a time, or InvalidValue saying what was expected."""
    try:
        return time.fromisoformat(text.strip())
    except ValueError:
        raise InvalidValue(f"time of day {text!r}: expected HH:MM, e.g. 08:00") from None
