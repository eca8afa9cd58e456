"""The notebook editor: ipywidgets over an :class:`EditorModel`, laid out as one page a clinician works down.

The page reads top to bottom as the work goes: the patient, the exercises,
the schedule and the safety text, each a section that folds away; beside
them (below them on a narrow screen) a summary that stays in view: the
session total, the warnings, the timeline with its legend, and the export
and save actions, each offering its file as a download.

The widgets hold no state of their own. Each control calls a model method
when a clinician changes it, and every change of ``model.plan`` re-renders
the controls and the summary from the plan. So ``editor.plan`` is always
the truth, code can drive the editor (``editor.model.tailor(0, duration_seconds=90)``)
and what the widgets show always matches what will be exported. A value the
plan refuses is explained right under its field, announced to screen
readers, and the field shows the plan's value again: no field changes value
without saying why.

Every control has a visible description (a screen reader's name for it) and
a stable CSS class (``bk-...``) for browser tests.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html import escape
from typing import Any, TypeVar

import ipywidgets as w

from .downloads import download_html
from .editor_look import LABEL, MessageLine, Section, error_html, style
from .editor_model import EditorModel, schedule_times, times_text
from .editor_rows import HOLDS, SIDES_LABELS, ItemRow
from .editor_safety import SafetyPanel
from .errors import InvalidValue
from .plan import Plan
from .progression import stage_days
from .richrepr import glance_html, segments_html
from .schedule import WEEKDAYS
from .words import fields_in_words, problem_shown, total_in_words, weeks_in_words

__all__ = ["HOLDS", "SIDES_LABELS", "TIMEZONES", "Editor", "ItemRow", "SafetyPanel", "error_html"]

_log = logging.getLogger(__name__)
T = TypeVar("T")

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
#: Menus and lists of choices as wide as their column: a cut label ("Calendar reminders (iC") hides what is chosen.
_FULL_WIDTH = {"width": "100%"}
#: The format the export choice starts on: what most patients are given.
FIRST_FORMAT = "html"
#: What a refused edit adds, so that a field going back to its old value never goes back unexplained.
NOT_CHANGED = "Not changed: {problem}"


class Editor(w.VBox):
    """Tailor a plan with widgets; ``editor.plan`` is the plan as it stands.

    The exercise cards, the add-exercise control, the rest between exercises,
    the total, the timing preview and the warnings are all about the stage
    chosen in the stage menu (``model.stage``): week 1's routine, or a later
    phase. The patient, schedule and safety fields are the whole plan's.
    """

    def __init__(self, plan: Plan | None = None, model: EditorModel | None = None, **model_kwargs: Any):
        self.model = model or EditorModel(plan, **model_kwargs)
        self._syncing = False
        self._shape: tuple[str, ...] = ()
        self._stages_shown: tuple[tuple[str, ...], int] | None = None
        self.messages: dict[str, MessageLine] = {}
        self._last: MessageLine | None = None
        self.rows: list[ItemRow] = []
        self.items_box = w.VBox().add_class("bk-items")
        self.preview = w.HTML().add_class("bk-preview")
        self.total = w.HTML().add_class("bk-total")
        self.segments = w.HTML().add_class("bk-segments")
        self.status = self._line("status")
        self._build_plan_fields()
        self.safety = SafetyPanel(self)
        self._build_schedule_fields()
        self._build_add_panel()
        self._build_stage_panel()
        self._build_export_panel()
        self._build_file_panel()
        self.sections = {
            "patient": Section("Patient", self.patient_box, "patient"),
            "exercises": Section("Exercises", self.exercises_box, "exercises"),
            "schedule": Section("Schedule", self.schedule_box, "schedule"),
            "safety": Section("Safety advice for this plan", self.safety, "safety"),
        }
        self.summary = w.VBox(
            [
                w.HTML("<h2>Summary</h2>"),
                self.stage_words,
                self.total,
                self.status,
                self.preview,
                w.HTML("<h3>Export for the patient</h3>"),
                self.export_box,
                w.HTML("<h3>Save or open this plan</h3>"),
                self.file_box,
                self.segments,
            ]
        ).add_class("bk-summary")
        work = w.VBox(list(self.sections.values())).add_class("bk-work")
        super().__init__([style(), w.Box([work, self.summary]).add_class("bk-layout")])
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

    @property
    def message(self) -> MessageLine:
        """The line showing the latest message, wherever on the page it is (the summary's status line at first)."""
        return self._last or self.status

    def act(self, edit: Callable[[EditorModel], T], near: MessageLine | None = None) -> T | None:
        """Make one edit from a control; a refusal is said under the field (``near``), which shows the plan again."""
        if self._syncing:
            return None
        try:
            result = edit(self.model)
        except Exception as error:  # a callback's error is lost in a log unless shown here
            problem = fields_in_words(problem_shown(error, _log, "editor action"))
            self._say(near or self.status, NOT_CHANGED.format(problem=problem), error=True)
            self.render(force=True)  # put the control back to what the plan holds
            return None
        self._say(near or self.status, "")
        return result

    def do(self, action: Callable[[EditorModel], T], near: MessageLine, overwrite: str = "") -> T | None:
        """Run an action (export, save, open); a failure is said under its button, naming its tick box if any."""
        try:
            return action(self.model)
        except Exception as error:
            self._say(near, problem_shown(error, _log, "editor action", overwrite), error=True)
            return None

    def render(self, force: bool = False) -> None:
        """Show the plan: rebuild item rows if items moved, set every control, redraw the summary.

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
        self.total.value = f"<p style='font-size:1.3em;margin:0.2em 0'><b>{escape(total_in_words(timing))}</b></p>"
        self.preview.value = glance_html(timing, self.model.warnings())
        self.segments.value = segments_html(timing)

    # Building the sections
    def _line(self, name: str) -> MessageLine:
        """A message line for the field or action ``name``, kept in ``messages`` for code and tests."""
        line = self.messages[name] = MessageLine(name)
        return line

    def _field(self, control: w.Widget, name: str, edit: Callable[[EditorModel, Any], object]) -> w.VBox:
        """``control`` with its message line under it, each change of its value made through ``edit``."""
        line = self._line(name)
        control.observe(lambda c: self.act(lambda m: edit(m, c.new), near=line), "value")
        return w.VBox([control, line])

    def _build_plan_fields(self) -> None:
        def text(label: str, name: str) -> w.Text:
            return w.Text(description=label, continuous_update=False, style=LABEL).add_class(f"bk-{name}")

        self.patient, self.clinician = text("Patient", "patient"), text("Clinician", "clinician")
        self.profession, self.registration = text("Profession", "profession"), text("Registration no.", "registration")
        self.clinic, self.contact = text("Clinic", "clinic"), text("Clinic contact", "contact")
        self.notes = w.Textarea(
            description="Notes", continuous_update=False, rows=3, style=LABEL, layout=w.Layout(width="100%")
        ).add_class("bk-notes")
        self.review = w.DatePicker(description="Review date", style=LABEL).add_class("bk-review")
        fields = [
            (self.patient, "patient", "patient"),
            (self.clinician, "clinician", "clinician"),
            (self.profession, "profession", "clinician_profession"),
            (self.registration, "registration", "clinician_registration"),
            (self.clinic, "clinic", "clinic"),
            (self.contact, "contact", "clinic_contact"),
            (self.notes, "notes", "notes"),
            (self.review, "review", "review_date"),
        ]
        self.patient_box = w.VBox([self._field(control, name, _updates(field)) for control, name, field in fields])

    def _build_schedule_fields(self) -> None:
        self.start = w.DatePicker(description="First day", style=LABEL).add_class("bk-start")
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
            style=LABEL,
            layout=w.Layout(width="100%", max_width="32em"),
        ).add_class("bk-time")
        self.weeks = w.IntText(description="Weeks", style=LABEL).add_class("bk-weeks")
        self.timezone = w.Combobox(
            description="Time zone", options=list(TIMEZONES), ensure_option=False, continuous_update=False, style=LABEL
        ).add_class("bk-timezone")
        days_line = self._line("days")
        for day in self.days:
            day.observe(lambda _: self.act(lambda m: m.schedule(days=self._chosen_days()), near=days_line), "value")
        days = w.HBox([w.Label("Days").add_class("bk-days-label"), *self.days]).add_class("bk-days")
        self.schedule_box = w.VBox(
            [
                self._field(self.start, "start", _starts),
                w.VBox([days, days_line]),
                self._field(self.time, "time", lambda m, typed: m.schedule(**schedule_times(typed))),
                self._field(self.weeks, "weeks", lambda m, weeks: m.schedule(weeks=weeks)),
                self._field(self.timezone, "timezone", lambda m, name: m.schedule(timezone=name.strip())),
            ]
        )

    def _build_add_panel(self) -> None:
        self.add_choice = w.Dropdown(
            description="Exercise",
            style=LABEL,
            layout=w.Layout(**_FULL_WIDTH),
            options=[(ex.name, ex_id) for ex_id, ex in self.model.catalog.items()],
        ).add_class("bk-add-choice")
        self.add_button = w.Button(description="Add exercise", icon="plus", layout=w.Layout(flex="0 0 auto"))
        self.add_button.add_class("bk-add")
        add_line = self._line("add")
        self.add_button.on_click(lambda _: self.act(lambda m: m.add(self.add_choice.value), near=add_line))
        # The rest between exercises belongs to a routine, so it sits with the exercises of the stage shown.
        self.transition = w.IntText(description="Rest between (s)", style=LABEL).add_class("bk-transition")
        self.add_box = w.VBox([w.HBox([self.add_choice, self.add_button]), add_line])
        self.transition_box = self._field(self.transition, "transition", lambda m, seconds: m.set_transition(seconds))

    def _build_stage_panel(self) -> None:
        """The stage list and the phase controls: add a phase, start it in another week, remove it.

        A list of choices rather than a row of toggle buttons or a menu: a plan
        can change every week, a list never runs off the page however many
        stages there are, and each stage's dates wrap where a menu's were cut
        short in a narrow column (JupyterLab's beside its file browser).
        """
        self.stage_choice = w.RadioButtons(
            description="Weeks shown", style=LABEL, layout=w.Layout(**_FULL_WIDTH)
        ).add_class("bk-stage")
        self.phase_start = w.IntText(description="Starts in week", style=LABEL).add_class("bk-phase-start")
        self.remove_phase_button = w.Button(description="Remove this phase", icon="trash").add_class("bk-phase-remove")
        self.new_phase_week = w.IntText(description="New phase from week", style=LABEL).add_class("bk-phase-new-week")
        self.add_phase_button = w.Button(description="Add a phase", icon="plus").add_class("bk-phase-add")
        self.stage_words = w.HTML().add_class("bk-stage-words")
        line = self._line("phases")
        self.stage_choice.observe(lambda c: self.act(lambda m: m.select(c.new), near=line), "value")
        self.phase_start.observe(lambda c: self.act(lambda m: m.move_phase(c.new), near=line), "value")
        self.remove_phase_button.on_click(lambda _: self.act(lambda m: m.remove_phase(), near=line))
        self.add_phase_button.on_click(lambda _: self.act(lambda m: m.add_phase(self.new_phase_week.value), near=line))
        self.stage_box = w.VBox(
            [
                self.stage_choice,
                w.HBox([self.phase_start, self.remove_phase_button]),
                w.HBox([self.new_phase_week, self.add_phase_button]),
                line,
            ]
        )
        self.exercises_box = w.VBox([self.stage_box, self.items_box, self.add_box, self.transition_box])

    def _build_export_panel(self) -> None:
        summary = {"description_width": "6em"}
        self.format = w.RadioButtons(description="Format", style=summary)
        self.format.add_class("bk-export-format")
        self.folder = w.Text(description="Folder", value="exports", style=summary)
        self.folder.add_class("bk-export-folder")
        self.filename = w.Text(description="File name", placeholder="from the patient's name", style=summary).add_class(
            "bk-export-filename"
        )
        self.overwrite = w.Checkbox(description="Overwrite an existing file", indent=False).add_class(
            "bk-export-overwrite"
        )
        self.export_button = w.Button(description="Export", icon="download", button_style="primary").add_class(
            "bk-export-button"
        )
        self.refresh_button = w.Button(description="Refresh formats", icon="refresh").add_class("bk-export-refresh")
        self.export_message = self._line("export")
        self.export_button.on_click(lambda _: self._export())
        self.refresh_button.on_click(lambda _: self.refresh_formats())
        self.export_box = w.VBox(
            [
                self.format,
                self.folder,
                self.filename,
                self.overwrite,
                w.HBox([self.export_button, self.refresh_button], layout=w.Layout(flex_flow="row wrap")),
                self.export_message,
            ]
        )
        self.refresh_formats()

    def _build_file_panel(self) -> None:
        self.path = w.Text(
            description="Plan file",
            placeholder="plans/<patient>.json",
            style={"description_width": "6em"},
        ).add_class("bk-plan-path")
        self.save_button = w.Button(description="Save plan", icon="save").add_class("bk-save")
        self.open_button = w.Button(description="Open plan", icon="folder-open").add_class("bk-open")
        self.save_overwrite = w.Checkbox(description="Replace the saved file", indent=False).add_class(
            "bk-save-overwrite"
        )
        self.file_message = self._line("file")
        self.save_button.on_click(lambda _: self._save())
        self.open_button.on_click(lambda _: self._open())
        self.file_box = w.VBox(
            [self.path, self.save_overwrite, w.HBox([self.save_button, self.open_button]), self.file_message]
        )

    # Actions with their own messages
    def refresh_formats(self) -> None:
        """Fill the format menu from the installed exporters (also those registered at run time), the handout first."""
        formats = self.model.formats()
        current = self.format.value
        names = sorted(formats, key=lambda name: name != FIRST_FORMAT)
        self.format.options = [(formats[name], name) for name in names]
        if names:
            self.format.value = current if current in formats else names[0]

    def _export(self) -> None:
        self.refresh_formats()
        name = self.format.value
        path = self.do(
            lambda m: m.export(
                name,
                self.folder.value.strip() or None,
                self.filename.value.strip() or None,
                overwrite=self.overwrite.value,
            ),
            near=self.export_message,
            overwrite=f"tick “{self.overwrite.description}”",
        )
        if path is not None:
            link = download_html(path, self.model.media_type(name))
            self._say(self.export_message, f"Exported to <code>{escape(str(path.resolve()))}</code>. {link}")

    def _save(self) -> None:
        path = self.do(
            lambda m: m.save(self.path.value.strip() or None, overwrite=self.save_overwrite.value),
            near=self.file_message,
            overwrite=f"tick “{self.save_overwrite.description}”",
        )
        if path is not None:
            link = download_html(path, "application/json")
            self._say(self.file_message, f"Saved to <code>{escape(str(path.resolve()))}</code>. {link}")

    def _open(self) -> None:
        chosen = self.path.value.strip()
        if not chosen:
            self._say(self.file_message, "Type the path of a saved plan first.", error=True)
            return
        opened = self.do(lambda m: m.open(chosen), near=self.file_message)
        if opened is not None:
            self._say(self.file_message, f"Opened <code>{escape(str(opened))}</code>")

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
        first = selected == 0
        self.phase_start.value = stages[selected].first_week
        self.phase_start.disabled = self.remove_phase_button.disabled = first
        self.add_phase_button.disabled = plan.schedule.weeks < 2
        if self._stages_shown != (labels, selected):
            self._stages_shown = (labels, selected)
            self.new_phase_week.value = self.model.new_phase_week()
            self.stage_words.value = f"<p><b>{escape(labels[selected])}</b></p>" if len(stages) > 1 else ""

    def _chosen_days(self) -> tuple[int, ...]:
        return tuple(n for n, day in enumerate(self.days) if day.value)

    def _say(self, line: MessageLine, text: str, error: bool = False) -> None:
        """Show ``text`` under its field, and clear the message before it: one message on the page at a time."""
        if self._last is not None and self._last is not line:
            self._last.say("")
        line.say(text, error)
        self._last = line

    @contextmanager
    def _quiet(self) -> Iterator[None]:
        """Setting controls from the plan must not count as a clinician's edit."""
        self._syncing = True
        try:
            yield
        finally:
            self._syncing = False


def _updates(field: str) -> Callable[[EditorModel, Any], None]:
    """The edit a patient or clinician field makes: the plan's ``field`` set to the value typed."""

    def update(model: EditorModel, value: Any) -> None:
        model.update(**{field: value})

    return update


def _starts(model: EditorModel, day: Any) -> None:
    """The first day picked; an emptied picker is refused with the reason, and shows the plan's day again."""
    if day is None:
        raise InvalidValue("first day: expected a date, not an empty box (a plan needs its first day)")
    model.schedule(start_date=day)
