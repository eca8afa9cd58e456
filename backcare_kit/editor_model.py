"""The notebook editor's state and every edit it can make, with no widget in sight.

The model holds the :class:`Plan` being tailored, as a traitlets trait that
the widgets (backcare_kit/widgets.py) observe. Every edit is a method here
that replaces the plan with an edited copy, so the plan is always the truth:
code can drive the editor through these methods, tests need no widgets, and
the widgets only display the plan and call methods.

Beside the plan it holds one choice that is not part of the plan: which
stage of it (week 1's routine, or a later phase) the routine edits, the
timing and the warnings are about. It is kept here, not in a widget, so code
and widgets select and edit the same stage.
"""

from __future__ import annotations

import os
from dataclasses import replace
from os import PathLike
from pathlib import Path
from typing import Any

from traitlets import HasTraits, Instance, Int, observe

from .bundled import bundled_plan
from .catalog import Catalog, load_catalog
from .errors import BackcareError, InvalidValue
from .export import default_filename, export_plan
from .files import safe_filename
from .plan import Plan
from .plugins import Plugins, get_plugins
from .progression import Phase, Stage, stage_in_week
from .routine import Routine
from .safety import load_safety
from .schedule import Schedule, parse_times
from .storage import load_plan, save_plan
from .timing import Timing
from .words import FIRST_STAGE_STAYS, cautions_in_words, plan_warnings

#: Where plans and exports go by default, relative to the notebook.
PLANS_FOLDER = Path("plans")
EXPORTS_FOLDER = Path("exports")


class EditorModel(HasTraits):
    """One plan under edit, and the catalog to add exercises from."""

    plan = Instance(Plan)
    catalog = Instance(Catalog)
    #: The selected stage, as an index into ``plan.stages()``: 0 is week 1's routine (``plan.routine``),
    #: n is ``plan.phases[n - 1]``. An index rather than a start week, because moving a phase's start
    #: week must keep it selected; the methods that move or add phases select the right index.
    stage = Int(0)

    def __init__(self, plan: Plan | None = None, catalog: Catalog | None = None, plugins: Plugins | None = None):
        super().__init__(plan=plan or bundled_plan(patient="New patient"), catalog=catalog or load_catalog())
        self.plugins = plugins

    @observe("plan")
    def _keep_a_stage_selected(self, _change: object) -> None:
        """A plan with fewer phases (opened, or set from code) must not leave a stage selected that is gone.

        Registered before any widget's observer, so the widgets render with a stage that exists.
        """
        self.stage = min(self.stage, len(self.plan.phases))

    # The selected stage, and what the preview shows, derived from the plan each time: nothing to keep in step.
    @property
    def selected(self) -> Stage:
        return self.plan.stages()[self.stage]

    @property
    def routine(self) -> Routine:
        """The routine the item edits change: week 1's, or the selected phase's."""
        return self.plan.routine if self.stage == 0 else self.plan.phases[self.stage - 1].routine

    def timing(self) -> Timing:
        """The selected stage's session timing: a method, as ``plan.timing()`` and ``routine.timing()`` are."""
        return self.routine.timing()

    def warnings(self) -> list[str]:
        """What the clinician should look at before exporting: the selected stage's cautions, then the plan's."""
        return cautions_in_words(self.routine) + plan_warnings(self.plan)

    # Routine items, of the selected stage
    def tailor(self, index: int, **changes: Any) -> None:
        """Change duration_seconds, sides, hold, cues or included of item ``index``."""
        self._routine(self.routine.tailor(index, **changes))

    def set_cues(self, index: int, text: str) -> None:
        """Cues from text, one per line: edit, add and remove lines in one go."""
        self.tailor(index, cues=tuple(text.splitlines()))

    def reset(self, index: int, *fields: str) -> None:
        """Item ``index`` back to the catalog's defaults (only ``fields`` when named)."""
        self._routine(self.routine.reset(index, *fields))

    def move(self, index: int, offset: int) -> None:
        self._routine(self.routine.move(index, offset))

    def add(self, exercise_id: str) -> None:
        self._routine(self.routine.add(self.catalog[exercise_id]))

    def remove(self, index: int) -> None:
        self._routine(self.routine.remove(index))

    def set_transition(self, seconds: int) -> None:
        self._routine(replace(self.routine, transition_seconds=seconds))

    # Phases: the stages after week 1's
    def select(self, stage: int) -> None:
        """Choose the stage (an index into ``plan.stages()``) the routine edits and the preview are about."""
        if not 0 <= stage < len(self.plan.stages()):
            raise InvalidValue(f"stage {stage}: expected 0 to {len(self.plan.phases)}")
        self.stage = stage

    def new_phase_week(self) -> int:
        """The week a new phase starts by default: the middle of the selected stage, or the week after it.

        Splitting the selected stage is the usual intent (weeks 1 to 6 becoming
        1 to 3 and 4 to 6); for a one-week stage there is no middle, so the
        week after it. Kept within 2 and the schedule's weeks, so the box can
        show it; a week already taken is left for the core to refuse.
        """
        stage = self.selected
        span = stage.last_week - stage.first_week + 1
        return max(2, min(stage.first_week + max(1, span // 2), self.plan.schedule.weeks))

    def add_phase(self, from_week: int) -> None:
        """A phase from ``from_week`` on, a copy of the routine those weeks follow now; then select it.

        Copying the stage the week falls in, not some other, means adding a
        phase changes no week's exercises: the clinician then tailors the new
        phase from exactly what the patient was doing. The core refuses a
        week already taken or outside the schedule.
        """
        all_stages = self.plan.stages()
        now = stage_in_week(all_stages, from_week) or all_stages[-1]  # a week past the end: refused below
        self._phases([*self.plan.phases, Phase(from_week, now.routine)], select=from_week)

    def remove_phase(self) -> None:
        """Remove the selected phase (its weeks then follow the stage before it) and select that stage.

        Week 1's routine is the plan's own and cannot go: it is refused with a reason.
        """
        if self.stage == 0:
            raise InvalidValue(FIRST_STAGE_STAYS)
        phases = list(self.plan.phases)
        del phases[self.stage - 1]
        self._phases(phases, select=None)

    def move_phase(self, from_week: int) -> None:
        """Start the selected phase in another week; it stays selected wherever that puts it."""
        if self.stage == 0:
            raise InvalidValue(FIRST_STAGE_STAYS)
        phases = list(self.plan.phases)
        phases[self.stage - 1] = replace(phases[self.stage - 1], from_week=from_week)
        self._phases(phases, select=from_week)

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

    def open(self, path: str | PathLike[str]) -> Path:
        """Replace the plan under edit with a saved one, showing its week 1; return the file opened, as save does."""
        plan = load_plan(path)
        with self.hold_trait_notifications():
            self.plan = plan
            self.stage = 0
        return Path(path)

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

    def media_type(self, format: str) -> str:
        """The installed format's media type (``text/html; charset=utf-8``), "" for a format not installed."""
        installed = self._plugins().exporters().get(format)
        return installed.exporter.media_type if installed else ""

    def default_plan_path(self) -> Path:
        return PLANS_FOLDER / f"{safe_filename(self.plan.patient)}.json"

    def default_export_name(self, format: str) -> str:
        installed = self._plugins().exporters().get(format)
        return default_filename(self.plan, installed.exporter.extension) if installed else ""

    def _safety(self, section_id: str, items: list[str]) -> None:
        self.plan = self.plan.edited(safety=self.plan.safety.with_items(section_id, items))

    def _routine(self, routine: Routine) -> None:
        """The selected stage's routine replaced: week 1's is the plan's own, a later one its phase's."""
        if self.stage == 0:
            self.plan = self.plan.edited(routine=routine)
            return
        phases = list(self.plan.phases)
        phases[self.stage - 1] = replace(phases[self.stage - 1], routine=routine)
        self.plan = self.plan.edited(phases=tuple(phases))

    def _phases(self, phases: list[Phase], select: int | None) -> None:
        """New phases through the core (which refuses a week taken or outside the schedule), then a stage selected.

        ``select`` is the start week of the phase to select, or None for the
        stage before the one selected. Both change before anyone is told, so
        no observer sees the new selection with the old plan.
        """
        plan = self.plan.edited(phases=tuple(phases))
        weeks = [stage.first_week for stage in plan.stages()]
        with self.hold_trait_notifications():
            self.plan = plan
            self.stage = weeks.index(select) if select is not None else self.stage - 1

    def _plugins(self) -> Plugins:
        return self.plugins or get_plugins()


def schedule_times(text: str) -> dict[str, object]:
    """'08:00, 18:00' as the schedule's time_of_day and more_times: one session time, or several a day."""
    first, *more = parse_times(text)
    return {"time_of_day": first, "more_times": tuple(more)}


def times_text(schedule: Schedule) -> str:
    """The schedule's session times as the editor's box shows them: '08:00' or '08:00, 18:00'."""
    return ", ".join(t.strftime("%H:%M") for t in (schedule.time_of_day, *schedule.more_times))
