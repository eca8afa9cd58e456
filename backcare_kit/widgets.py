"""The notebook editor: ipywidgets over an :class:`EditorModel`.

The widgets hold no state of their own. Each control calls a model method
when a clinician changes it, and every change of ``model.plan`` re-renders
the controls and the preview from the plan. So ``editor.plan`` is always the
truth, code can drive the editor (``editor.model.tailor(0, duration_seconds=90)``)
and what the widgets show always matches what will be exported.

Every control has a visible description (a screen reader's name for it) and
a stable CSS class (``bk-...``) for browser tests. Each exercise card shows
the exercise's first picture as a thumbnail, its text alternative as its name.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html import escape
from typing import Any, TypeVar

import ipywidgets as w

from .editor_model import EditorModel, schedule_times, times_text
from .exercise import DoseKind, Sides
from .limits import MAX_REPS, MAX_REST_SECONDS, MAX_SECONDS_PER_REP, MAX_SETS
from .plan import Plan
from .progression import stage_days
from .richrepr import thumbnail_html, timing_html
from .routine import Routine
from .schedule import WEEKDAYS
from .words import (
    dose_in_words,
    duration_in_words,
    problem_shown,
    safety_version_in_words,
    total_in_words,
    weeks_in_words,
)

_log = logging.getLogger(__name__)
T = TypeVar("T")

SIDES_LABELS = {"No sides": Sides.NONE, "Each side in turn": Sides.EACH_SIDE, "Alternating sides": Sides.ALTERNATING}
HOLDS = ("", "a few seconds", "3 seconds", "5 seconds", "10 seconds", "20 seconds", "30 seconds")
TIMEZONES = (
    "Europe/London",
    "Europe/Dublin",
    "Europe/Paris",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Australia/Sydney",
    "Asia/Kolkata",
    "UTC",
)
MAX_SECONDS = 600
_WIDE = {"description_width": "10em"}
#: Wide enough for "Seconds per rep (estimate)" in full: a cut label hides that the time is an estimate.
_REPS_LABEL = {"description_width": "14em"}
#: The stage menu and the phase controls, aligned with one another; wide enough for "New phase from week".
_PHASE_LABEL = _REPS_LABEL


#: The controls of a dose by repetitions: field, label, bounds. Labels say the time is an estimate.
REPS_CONTROLS = (
    ("reps", "Repetitions", 1, MAX_REPS),
    ("sets", "Sets", 1, MAX_SETS),
    ("rest_seconds", "Rest between sets (s)", 0, MAX_REST_SECONDS),
    ("seconds_per_rep", "Seconds per rep (estimate)", 1, MAX_SECONDS_PER_REP),
)


class ItemRow(w.VBox):
    """The controls for one routine item: its picture, include, order, the dose, sides, hold, cues, reset.

    The dose controls are the duration for a dose by time, or repetitions,
    sets, rest and the pace for a dose by repetitions: a row always shows one
    exercise (rows are rebuilt when the exercises change), whose dose kind
    and picture do not change, so the thumbnail is set once, here, from a
    cache (see richrepr.thumbnail_html): no dose edit draws a picture. An
    exercise without a picture gets no thumbnail at all rather than an empty frame.
    """

    def __init__(self, editor: Editor, index: int):
        self.editor, self.index = editor, index
        self._shown: tuple[object, int] | None = None
        item = editor.model.routine.items[index]
        self.include = w.Checkbox(description=f"{index + 1}. {item.name}", indent=False)
        self.up = w.Button(description="Move up", icon="arrow-up", layout=w.Layout(width="8em"))
        self.down = w.Button(description="Move down", icon="arrow-down", layout=w.Layout(width="9em"))
        self.slider = w.IntSlider(
            description="Duration (s)", min=0, max=MAX_SECONDS, step=5, style=_WIDE, continuous_update=False
        )
        self.seconds = w.BoundedIntText(description="Seconds", min=0, max=3600, layout=w.Layout(width="12em"))
        self.sides = w.Dropdown(description="Sides", options=list(SIDES_LABELS), style=_WIDE)
        self.hold = w.Combobox(
            description="Hold",
            options=list(HOLDS),
            ensure_option=False,
            continuous_update=False,
            placeholder="none",
            style=_WIDE,
        )
        self.cues = w.Textarea(
            description="Cues",
            continuous_update=False,
            placeholder="One cue per line",
            rows=3,
            style=_WIDE,
            layout=w.Layout(width="40em"),
        )
        self.reps_fields = {
            name: w.BoundedIntText(
                description=label, min=low, max=high, style=_REPS_LABEL, layout=w.Layout(width="24em")
            )
            for name, label, low, high in REPS_CONTROLS
        }
        self.reset = w.Button(description="Reset to catalog", icon="undo")
        self.dose = w.HTML()
        for widget, name in [
            (self, "item"),
            (self.include, "include"),
            (self.up, "up"),
            (self.down, "down"),
            (self.slider, "duration"),
            (self.seconds, "seconds"),
            (self.sides, "sides"),
            (self.hold, "hold"),
            (self.cues, "cues"),
            (self.reset, "reset"),
            (self.dose, "dose"),
            *((control, name.replace("_", "-")) for name, control in self.reps_fields.items()),
        ]:
            widget.add_class(f"bk-item-{name}" if widget is not self else "bk-item")
        self.add_class(f"bk-item-{index}")
        reps = list(self.reps_fields.values())
        by_reps = item.dose_kind is DoseKind.REPS
        controls: list[w.Widget] = [
            w.HBox([self.include, self.up, self.down]),
            *([w.HBox(reps[:2]), w.HBox(reps[2:])] if by_reps else [w.HBox([self.slider, self.seconds])]),
            w.HBox([self.sides, self.hold]),
            self.cues,
            w.HBox([self.dose, self.reset]),
        ]
        picture = thumbnail_html(item.exercise)
        self.thumbnail = w.HTML(picture, layout=w.Layout(flex="0 0 auto", margin="0 0.75em 0 0")) if picture else None
        super().__init__(
            [w.HBox([self.thumbnail.add_class("bk-item-thumbnail"), w.VBox(controls)])] if self.thumbnail else controls,
            layout=w.Layout(border="1px solid #bbb", padding="0.5em", margin="0.25em 0"),
        )
        self._wire()

    def _wire(self) -> None:
        edit = self._edit
        i = self.index
        self.include.observe(lambda c: edit(lambda m: m.tailor(i, included=c.new)), "value")
        self.up.on_click(lambda _: edit(lambda m: m.move(i, -1)))
        self.down.on_click(lambda _: edit(lambda m: m.move(i, 1)))
        self.slider.observe(lambda c: edit(lambda m: m.tailor(i, duration_seconds=c.new)), "value")
        self.seconds.observe(lambda c: edit(lambda m: m.tailor(i, duration_seconds=c.new)), "value")
        self.sides.observe(lambda c: edit(lambda m: m.tailor(i, sides=SIDES_LABELS[c.new])), "value")
        self.hold.observe(lambda c: edit(lambda m: m.tailor(i, hold=c.new)), "value")
        self.cues.observe(lambda c: edit(lambda m: m.set_cues(i, c.new)), "value")
        self.reset.on_click(lambda _: edit(lambda m: m.reset(i)))
        for name, control in self.reps_fields.items():
            control.observe(lambda c, name=name: edit(lambda m: m.tailor(i, **{name: c.new})), "value")

    def _edit(self, change: Callable[[EditorModel], object]) -> None:
        """Make an edit, then show this row as the plan now has it.

        The row is redrawn even when the item did not change, because the plan
        may have tidied what was typed (stray spaces, blank cue lines), and the
        controls must show exactly what will be exported.
        """
        self._shown = None
        self.editor.act(change)
        routine = self.editor.model.routine
        if self._shown is None and not self.editor._syncing and self.index < len(routine.items):
            with self.editor._quiet():
                self.show(routine)

    def show(self, routine: Routine) -> None:
        """Set every control from the item as the routine has it (skipped when the item is unchanged).

        The routine is the selected stage's, so switching to a phase whose
        item is the same copy costs nothing either.
        """
        item = routine.items[self.index]
        shown = (item, len(routine.items))
        if shown == self._shown:
            return  # a 100-item routine re-renders in a frame because untouched rows cost nothing
        self._shown = shown
        self.include.value = item.included
        self.up.disabled = self.index == 0
        self.down.disabled = self.index == len(routine.items) - 1
        self.slider.max = max(MAX_SECONDS, item.duration_seconds)
        self.slider.value = item.duration_seconds
        self.seconds.value = item.duration_seconds
        self.sides.value = next(k for k, v in SIDES_LABELS.items() if v is item.sides)
        self.hold.value = item.hold
        self.cues.value = "\n".join(item.cues)
        if item.dose_kind is DoseKind.REPS:
            for name, control in self.reps_fields.items():
                control.value = getattr(item, name)
        tailored = " (tailored)" if item.overridden() else ""
        # A dose by repetitions says its whole time itself ("about 3 minutes in all").
        by_time = item.dose_kind is DoseKind.TIME
        in_all = f" · {duration_in_words(item.work_seconds)} in all" if item.sides.rounds > 1 and by_time else ""
        self.dose.value = f"<b>{escape(dose_in_words(item))}</b>{tailored}{in_all}"


class SafetyPanel(w.VBox):
    """The plan's own safety text: every item of every section as a line to edit, remove or add to.

    It holds no state: each change is an EditorModel method, and the core
    refuses a blank item or a section left empty, so the editor's message
    line says why and the panel shows the plan's text again.
    """

    def __init__(self, editor: Editor):
        self.editor = editor
        self._shape: tuple[tuple[str, int], ...] = ()
        self.version = w.HTML().add_class("bk-safety-version")
        self.reset = w.Button(description="Use the bundled text", icon="undo").add_class("bk-safety-reset")
        self.reset.on_click(lambda _: editor.act(lambda m: m.reset_safety()))
        self.sections_box = w.VBox()
        self.items: dict[str, list[w.Text]] = {}
        super().__init__([self.sections_box, w.HBox([self.version, self.reset])])
        self.add_class("bk-safety")

    def show(self, plan: Plan) -> None:
        """Rebuild the rows when items came or went, then set every line from the plan."""
        shape = tuple((s.id, len(s.items)) for s in plan.safety.sections)
        if shape != self._shape:
            self.sections_box.children = [self._section(s.id, s.heading, len(s.items)) for s in plan.safety.sections]
            self._shape = shape
        for section in plan.safety.sections:
            for line, item in zip(self.items[section.id], section.items, strict=True):
                line.value = item
        self.version.value = f"Safety text version: <b>{escape(safety_version_in_words(plan.safety))}</b>"

    def _section(self, section_id: str, heading: str, count: int) -> w.VBox:
        act = self.editor.act
        lines = []
        rows = []
        for index in range(count):
            line = w.Text(description=f"Item {index + 1}", continuous_update=False, layout=w.Layout(width="48em"))
            line.add_class("bk-safety-item").add_class(f"bk-safety-{section_id}-{index}")
            line.observe(lambda c, i=index: act(lambda m: m.set_safety_item(section_id, i, c.new)), "value")
            remove = w.Button(description="Remove", icon="trash", layout=w.Layout(width="8em"))
            remove.add_class("bk-safety-remove")
            remove.on_click(lambda _, i=index: act(lambda m: m.remove_safety_item(section_id, i)))
            lines.append(line)
            rows.append(w.HBox([line, remove]))
        self.items[section_id] = lines
        new = w.Text(description="New item", placeholder="One sign or step", layout=w.Layout(width="48em"))
        new.add_class("bk-safety-new")
        add = w.Button(description="Add item", icon="plus", layout=w.Layout(width="8em")).add_class("bk-safety-add")
        add.on_click(lambda _: act(lambda m: m.add_safety_item(section_id, new.value)))
        label = w.HTML(f"<b>{escape(heading)}</b>")
        return w.VBox([label, *rows, w.HBox([new, add])]).add_class(f"bk-safety-{section_id}")


class Editor(w.VBox):
    """Tailor a plan with widgets; ``editor.plan`` is the plan as it stands.

    The exercise rows, the add-exercise control, the rest between exercises,
    the total, the timing preview and the warnings are all about the stage
    chosen in the stage menu (``model.stage``): week 1's routine, or a later
    phase. The patient, schedule and safety fields are the whole plan's.
    """

    def __init__(self, plan: Plan | None = None, model: EditorModel | None = None, **model_kwargs: Any):
        self.model = model or EditorModel(plan, **model_kwargs)
        self._syncing = False
        self._shape: tuple[str, ...] = ()
        self._stages_shown: tuple[tuple[str, ...], int] | None = None
        self.message = w.HTML().add_class("bk-message")
        self.rows: list[ItemRow] = []
        self.items_box = w.VBox().add_class("bk-items")
        self.preview = w.HTML().add_class("bk-preview")
        self.total = w.HTML().add_class("bk-total")
        self._build_plan_fields()
        self.safety = SafetyPanel(self)
        self._build_schedule_fields()
        self._build_add_panel()
        self._build_stage_panel()
        self._build_export_panel()
        self._build_file_panel()
        super().__init__(
            [
                w.HTML("<h2>Patient</h2>"),
                self.patient_box,
                w.HTML("<h2>Schedule</h2>"),
                self.schedule_box,
                w.HTML("<h2>Exercises</h2>"),
                self.stage_box,
                self.items_box,
                self.add_box,
                self.transition,
                w.HTML("<h2>Session timing</h2>"),
                self.stage_words,
                self.total,
                self.preview,
                w.HTML("<h2>Safety advice for this plan</h2>"),
                self.safety,
                w.HTML("<h2>Export</h2>"),
                self.export_box,
                w.HTML("<h2>Save or open</h2>"),
                self.file_box,
                self.message,
            ]
        )
        self.add_class("bk-editor")
        self.model.observe(lambda _: self.render(), ["plan", "stage"])
        self.render()

    @classmethod
    def from_file(cls, path: str, **kwargs: Any) -> Editor:
        """An editor on a saved plan."""
        editor = cls(**kwargs)
        editor.model.open(path)
        return editor

    @property
    def plan(self) -> Plan:
        return self.model.plan

    @plan.setter
    def plan(self, plan: Plan) -> None:
        self.model.plan = plan

    def act(self, edit: Callable[[EditorModel], T], overwrite: str = "") -> T | None:
        """Run one edit from a control; show its error instead of raising into the notebook.

        ``overwrite`` names the tick box that allows overwriting, for a write refused because the file exists.
        """
        if self._syncing:
            return None
        try:
            result = edit(self.model)
        except Exception as error:  # a callback's error is lost in a log unless shown here
            self._say(problem_shown(error, _log, "editor action", overwrite), error=True)
            self.render(force=True)  # put the control back to what the plan holds
            return None
        self._say("")
        return result

    def render(self, force: bool = False) -> None:
        """Show the plan: rebuild item rows if items moved, set every control, redraw the preview.

        ``force`` sets every control again, e.g. to undo a value the plan refused.
        """
        plan, routine = self.plan, self.model.routine
        if force:
            for row in self.rows:
                row._shown = None
        with self._quiet():
            shape = tuple(item.id for item in routine.items)
            if shape != self._shape or len(self.rows) != len(shape):
                self.rows = [ItemRow(self, n) for n in range(len(shape))]
                self.items_box.children = self.rows
                self._shape = shape
            for row in self.rows:
                row.show(routine)
            self._show_fields(plan)
            self._show_stages(plan)
            self.safety.show(plan)
        timing = self.model.timing()
        self.total.value = f"<p style='font-size:1.3em'><b>{escape(total_in_words(timing))}</b></p>"
        self.preview.value = timing_html(timing, self.model.warnings(), totals=False)

    # Building the panels
    def _build_plan_fields(self) -> None:
        self.patient = w.Text(description="Patient", continuous_update=False, style=_WIDE).add_class("bk-patient")
        self.clinician = w.Text(description="Clinician", continuous_update=False, style=_WIDE).add_class("bk-clinician")
        self.profession = w.Text(description="Profession", continuous_update=False, style=_WIDE).add_class(
            "bk-profession"
        )
        self.registration = w.Text(description="Registration no.", continuous_update=False, style=_WIDE).add_class(
            "bk-registration"
        )
        self.clinic = w.Text(description="Clinic", continuous_update=False, style=_WIDE).add_class("bk-clinic")
        self.contact = w.Text(description="Clinic contact", continuous_update=False, style=_WIDE).add_class(
            "bk-contact"
        )
        self.notes = w.Textarea(
            description="Notes", continuous_update=False, rows=3, style=_WIDE, layout=w.Layout(width="40em")
        ).add_class("bk-notes")
        self.review = w.DatePicker(description="Review date", style=_WIDE).add_class("bk-review")
        self.patient.observe(lambda c: self.act(lambda m: m.update(patient=c.new)), "value")
        self.clinician.observe(lambda c: self.act(lambda m: m.update(clinician=c.new)), "value")
        self.profession.observe(lambda c: self.act(lambda m: m.update(clinician_profession=c.new)), "value")
        self.registration.observe(lambda c: self.act(lambda m: m.update(clinician_registration=c.new)), "value")
        self.clinic.observe(lambda c: self.act(lambda m: m.update(clinic=c.new)), "value")
        self.contact.observe(lambda c: self.act(lambda m: m.update(clinic_contact=c.new)), "value")
        self.notes.observe(lambda c: self.act(lambda m: m.update(notes=c.new)), "value")
        self.review.observe(lambda c: self.act(lambda m: m.update(review_date=c.new)), "value")
        self.patient_box = w.VBox(
            [
                self.patient,
                self.clinician,
                self.profession,
                self.registration,
                self.clinic,
                self.contact,
                self.notes,
                self.review,
            ]
        )

    def _build_schedule_fields(self) -> None:
        self.start = w.DatePicker(description="First day", style=_WIDE).add_class("bk-start")
        self.days = [
            w.Checkbox(description=day[:3], indent=False, layout=w.Layout(width="5em")).add_class(
                f"bk-day-{day[:3].lower()}"
            )
            for day in WEEKDAYS
        ]
        self.time = w.Text(
            description="Time (HH:MM)",
            placeholder="08:00, or 08:00, 18:00 for twice a day",
            continuous_update=False,
            style=_WIDE,
        ).add_class("bk-time")
        self.weeks = w.BoundedIntText(description="Weeks", min=1, max=104, style=_WIDE).add_class("bk-weeks")
        self.timezone = w.Combobox(
            description="Time zone", options=list(TIMEZONES), ensure_option=False, continuous_update=False, style=_WIDE
        ).add_class("bk-timezone")
        self.start.observe(lambda c: c.new and self.act(lambda m: m.schedule(start_date=c.new)), "value")
        for day in self.days:
            day.observe(lambda _: self.act(lambda m: m.schedule(days=self._chosen_days())), "value")
        self.time.observe(lambda c: self.act(lambda m: m.schedule(**schedule_times(c.new))), "value")
        self.weeks.observe(lambda c: self.act(lambda m: m.schedule(weeks=c.new)), "value")
        self.timezone.observe(lambda c: self.act(lambda m: m.schedule(timezone=c.new.strip())), "value")
        self.schedule_box = w.VBox(
            [self.start, w.HBox([w.Label("Days"), *self.days]), self.time, self.weeks, self.timezone]
        )

    def _build_add_panel(self) -> None:
        self.add_choice = w.Dropdown(
            description="Exercise", style=_WIDE, options=[(ex.name, ex_id) for ex_id, ex in self.model.catalog.items()]
        )
        self.add_button = w.Button(description="Add exercise", icon="plus").add_class("bk-add")
        self.add_button.on_click(lambda _: self.act(lambda m: m.add(self.add_choice.value)))
        # The rest between exercises belongs to a routine, so it sits with the exercises of the stage shown.
        self.transition = w.BoundedIntText(description="Rest between (s)", min=0, max=600, style=_WIDE).add_class(
            "bk-transition"
        )
        self.transition.observe(lambda c: self.act(lambda m: m.set_transition(c.new)), "value")
        self.add_box = w.HBox([self.add_choice.add_class("bk-add-choice"), self.add_button])

    def _build_stage_panel(self) -> None:
        """The stage menu and the phase controls: add a phase, start it in another week, remove it.

        A menu rather than a row of toggle buttons: a plan can change every
        week, and a menu never runs off the page however many stages there
        are, while it has room for each stage's dates.
        """
        self.stage_choice = w.Dropdown(
            description="Weeks shown", style=_PHASE_LABEL, layout=w.Layout(width="52em")
        ).add_class("bk-stage")
        self.phase_start = w.BoundedIntText(
            description="Starts in week", min=1, max=2, style=_PHASE_LABEL, layout=w.Layout(width="24em")
        ).add_class("bk-phase-start")
        self.remove_phase_button = w.Button(description="Remove this phase", icon="trash").add_class("bk-phase-remove")
        self.new_phase_week = w.BoundedIntText(
            description="New phase from week", min=2, max=2, style=_PHASE_LABEL, layout=w.Layout(width="24em")
        ).add_class("bk-phase-new-week")
        self.add_phase_button = w.Button(description="Add a phase", icon="plus").add_class("bk-phase-add")
        self.stage_words = w.HTML().add_class("bk-stage-words")
        self.stage_choice.observe(lambda c: self.act(lambda m: m.select(c.new)), "value")
        self.phase_start.observe(lambda c: self.act(lambda m: m.move_phase(c.new)), "value")
        self.remove_phase_button.on_click(lambda _: self.act(lambda m: m.remove_phase()))
        self.add_phase_button.on_click(lambda _: self.act(lambda m: m.add_phase(self.new_phase_week.value)))
        self.stage_box = w.VBox(
            [
                self.stage_choice,
                w.HBox([self.phase_start, self.remove_phase_button]),
                w.HBox([self.new_phase_week, self.add_phase_button]),
            ]
        )

    def _build_export_panel(self) -> None:
        self.format = w.Dropdown(description="Format", style=_WIDE).add_class("bk-export-format")
        self.folder = w.Text(description="Folder", value="exports", style=_WIDE).add_class("bk-export-folder")
        self.filename = w.Text(description="File name", placeholder="from the patient's name", style=_WIDE).add_class(
            "bk-export-filename"
        )
        self.overwrite = w.Checkbox(description="Overwrite an existing file", indent=False).add_class(
            "bk-export-overwrite"
        )
        self.export_button = w.Button(description="Export", icon="download", button_style="primary").add_class(
            "bk-export-button"
        )
        self.refresh_button = w.Button(description="Refresh formats", icon="refresh").add_class("bk-export-refresh")
        self.export_message = w.HTML().add_class("bk-export-message")
        self.export_button.on_click(lambda _: self._export())
        self.refresh_button.on_click(lambda _: self.refresh_formats())
        self.export_box = w.VBox(
            [
                w.HBox([self.format, self.refresh_button]),
                self.folder,
                self.filename,
                self.overwrite,
                self.export_button,
                self.export_message,
            ]
        )
        self.refresh_formats()

    def _build_file_panel(self) -> None:
        self.path = w.Text(
            description="Plan file", placeholder="plans/<patient>.json", style=_WIDE, layout=w.Layout(width="40em")
        ).add_class("bk-plan-path")
        self.save_button = w.Button(description="Save plan", icon="save").add_class("bk-save")
        self.open_button = w.Button(description="Open plan", icon="folder-open").add_class("bk-open")
        self.save_overwrite = w.Checkbox(description="Replace the saved file", indent=False).add_class(
            "bk-save-overwrite"
        )
        self.file_message = w.HTML().add_class("bk-file-message")
        self.save_button.on_click(lambda _: self._save())
        self.open_button.on_click(lambda _: self._open())
        self.file_box = w.VBox(
            [self.path, self.save_overwrite, w.HBox([self.save_button, self.open_button]), self.file_message]
        )

    # Actions with their own messages
    def refresh_formats(self) -> None:
        """Fill the format menu from the installed exporters (also those registered at run time)."""
        formats = self.model.formats()
        current = self.format.value
        self.format.options = [(f"{title} ({name})", name) for name, title in formats.items()]
        if formats:
            self.format.value = current if current in formats else next(iter(formats))

    def _export(self) -> None:
        self.refresh_formats()
        name = self.format.value
        path = self.act(
            lambda m: m.export(
                name,
                self.folder.value.strip() or None,
                self.filename.value.strip() or None,
                overwrite=self.overwrite.value,
            ),
            overwrite=f"tick “{self.overwrite.description}”",
        )
        if path is not None:
            self.export_message.value = f"Exported to <code>{escape(str(path.resolve()))}</code>"
        else:
            self.export_message.value = self.message.value

    def _save(self) -> None:
        path = self.act(
            lambda m: m.save(self.path.value.strip() or None, overwrite=self.save_overwrite.value),
            overwrite=f"tick “{self.save_overwrite.description}”",
        )
        self.file_message.value = (
            f"Saved to <code>{escape(str(path.resolve()))}</code>" if path is not None else self.message.value
        )

    def _open(self) -> None:
        chosen = self.path.value.strip()
        if not chosen:
            self.file_message.value = error_html("Type the path of a saved plan first.")
            return
        self.act(lambda m: m.open(chosen))
        self.file_message.value = self.message.value or f"Opened <code>{escape(chosen)}</code>"

    # Helpers
    def _show_fields(self, plan: Plan) -> None:
        self.patient.value = plan.patient
        self.clinician.value = plan.clinician
        self.profession.value = plan.clinician_profession
        self.registration.value = plan.clinician_registration
        self.clinic.value = plan.clinic
        self.contact.value = plan.clinic_contact
        self.notes.value = plan.notes
        self.review.value = plan.review_date
        schedule = plan.schedule
        self.start.value = schedule.start_date
        for n, day in enumerate(self.days):
            day.value = n in schedule.days
        self.time.value = times_text(schedule)
        self.weeks.value = schedule.weeks
        self.timezone.value = schedule.timezone
        self.transition.value = self.model.routine.transition_seconds

    def _show_stages(self, plan: Plan) -> None:
        """The stage menu, the selected phase's start week and the new phase's default week, from the model.

        The menu's options are rebuilt only when the stages' words change,
        and the new phase's week is suggested afresh only when the stages or
        the selection change: it is not part of the plan, so a dose edit or a
        refused phase leaves the week the clinician typed.
        """
        stages = plan.stages()
        labels = tuple(weeks_in_words(s.first_week, s.last_week, *stage_days(plan.schedule, s)) for s in stages)
        selected = self.model.stage
        if labels != tuple(label for label, _ in self.stage_choice.options):
            self.stage_choice.options = [(label, n) for n, label in enumerate(labels)]
        self.stage_choice.value = selected
        weeks, first = plan.schedule.weeks, selected == 0
        _bounded(self.phase_start, (1, 1) if first else (2, weeks), stages[selected].first_week)
        self.phase_start.disabled = self.remove_phase_button.disabled = first
        self.add_phase_button.disabled = weeks < 2
        if self._stages_shown != (labels, selected):
            self._stages_shown = (labels, selected)
            _bounded(self.new_phase_week, (2, max(2, weeks)), self.model.new_phase_week())
            self.stage_words.value = f"<p><b>{escape(labels[selected])}</b></p>" if len(stages) > 1 else ""

    def _chosen_days(self) -> tuple[int, ...]:
        return tuple(n for n, day in enumerate(self.days) if day.value)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.value = error_html(text) if error and text else escape(text)

    @contextmanager
    def _quiet(self) -> Iterator[None]:
        """Setting controls from the plan must not count as a clinician's edit."""
        self._syncing = True
        try:
            yield
        finally:
            self._syncing = False


def _bounded(box: w.BoundedIntText, bounds: tuple[int, int], value: int) -> None:
    """Set a box's bounds and value in an order ipywidgets accepts (it refuses min > max even for a moment)."""
    low, high = bounds
    box.max = max(box.max, high)
    box.min = low
    box.max = high
    box.value = value


def error_html(text: str) -> str:
    """A message line's error: escaped, dark red and bold, as every notebook control shows one."""
    return f'<span style="color:#9f1d1d;font-weight:bold">{escape(text)}</span>'
