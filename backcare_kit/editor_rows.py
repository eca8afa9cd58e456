"""One exercise card of the editor: its picture, include, order, dose, sides, hold, cues and reset.

A card holds no state: each control calls an EditorModel method through the
editor, and the card is set again from the plan afterwards, so what it shows
is what will be exported. A value the plan refuses is explained under the
card, and the control shows the plan's value again.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

import ipywidgets as w

from .editor_look import LABEL, MessageLine, fitted, rows_for
from .exercise import DoseKind, Sides
from .richrepr import thumbnail_html
from .routine import Routine
from .words import dose_in_words, duration_in_words

if TYPE_CHECKING:
    from .editor_model import EditorModel
    from .widgets import Editor

SIDES_LABELS = {"No sides": Sides.NONE, "Each side in turn": Sides.EACH_SIDE, "Alternating sides": Sides.ALTERNATING}
HOLDS = ("", "a few seconds", "3 seconds", "5 seconds", "10 seconds", "20 seconds", "30 seconds")
#: Wide enough for the label and the longest choice ("Alternating sides") whole.
MENU_WIDTH = "27em"
#: The step of the duration box's arrows (and arrow keys): doses are given in steps of 5 seconds.
SECONDS_STEP = 5

#: The controls of a dose by repetitions: field and label. Labels say the time is an estimate.
REPS_CONTROLS = (
    ("reps", "Repetitions"),
    ("sets", "Sets"),
    ("rest_seconds", "Rest between sets (s)"),
    ("seconds_per_rep", "Seconds per rep (estimate)"),
)


class ItemRow(w.VBox):
    """The controls for one routine item.

    The dose controls are the duration for a dose by time, or repetitions,
    sets, rest and the pace for a dose by repetitions: a row always shows one
    exercise (rows are rebuilt when the exercises change), whose dose kind
    and picture do not change, so the thumbnail is set once, here, from a
    cache (see richrepr.thumbnail_html): no dose edit draws a picture. An
    exercise without a picture gets no thumbnail at all rather than an empty frame.

    Number boxes take any whole number and leave the limits to the plan,
    which refuses a value out of range with a reason shown under the card:
    a box that silently moved 99,999 seconds to its own maximum would
    change a dose without saying so.
    """

    def __init__(self, editor: Editor, index: int):
        self.editor, self.index = editor, index
        self._shown: tuple[object, int] | None = None
        item = editor.model.routine.items[index]
        self.include = w.Checkbox(description=f"{index + 1}. {item.name}", indent=False, layout=w.Layout(width="auto"))
        self.up = w.Button(description="Move up", icon="arrow-up", layout=w.Layout(width="8em"))
        self.down = w.Button(description="Move down", icon="arrow-down", layout=w.Layout(width="9em"))
        self.seconds = w.IntText(description="Duration (seconds)", step=SECONDS_STEP, style=LABEL)
        self.sides = w.Dropdown(
            description="Sides", options=list(SIDES_LABELS), style=LABEL, layout=w.Layout(width=MENU_WIDTH)
        )
        self.hold = w.Combobox(
            description="Hold",
            options=list(HOLDS),
            ensure_option=False,
            continuous_update=False,
            placeholder="none",
            style=LABEL,
        )
        self.cues = w.Textarea(description="Cues", continuous_update=False, placeholder="One cue per line", style=LABEL)
        self.reps_fields = {name: w.IntText(description=label, style=LABEL) for name, label in REPS_CONTROLS}
        self.reset = w.Button(description="Reset to catalog", icon="undo", layout=w.Layout(width="auto"))
        self.dose = w.HTML()
        self.message = MessageLine(f"item-{index}")
        self._classes()
        by_reps = item.dose_kind is DoseKind.REPS
        controls: list[w.Widget] = [
            w.HBox([self.include, self.up, self.down], layout=w.Layout(flex_flow="row wrap")),
            *(list(self.reps_fields.values()) if by_reps else [self.seconds]),
            self.sides,
            self.hold,
            self.cues,
            w.HBox([self.dose, self.reset], layout=w.Layout(flex_flow="row wrap", align_items="center")),
            self.message,
        ]
        picture = thumbnail_html(item.exercise)
        self.thumbnail = w.HTML(picture, layout=w.Layout(flex="0 0 auto", margin="0 0.75em 0 0")) if picture else None
        body = w.VBox(controls, layout=w.Layout(flex="1 1 auto", min_width="0"))
        super().__init__(
            [w.HBox([self.thumbnail.add_class("bk-item-thumbnail"), body])] if self.thumbnail else [body],
            layout=w.Layout(border="1px solid #bbb", padding="0.5em", margin="0.25em 0"),
        )
        self._wire()

    def _classes(self) -> None:
        """Stable CSS classes (``bk-item-...``) for the page's style and for browser tests."""
        self.add_class("bk-item").add_class(f"bk-item-{self.index}")
        for widget, name in [
            (self.include, "include"),
            (self.up, "up"),
            (self.down, "down"),
            (self.seconds, "seconds"),
            (self.sides, "sides"),
            (self.hold, "hold"),
            (self.cues, "cues"),
            (self.reset, "reset"),
            (self.dose, "dose"),
            *((control, name.replace("_", "-")) for name, control in self.reps_fields.items()),
        ]:
            widget.add_class(f"bk-item-{name}")
        fitted(self.cues)

    def _wire(self) -> None:
        edit = self._edit
        i = self.index
        self.include.observe(lambda c: edit(lambda m: m.tailor(i, included=c.new)), "value")
        self.up.on_click(lambda _: edit(lambda m: m.move(i, -1)))
        self.down.on_click(lambda _: edit(lambda m: m.move(i, 1)))
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
        self.editor.act(change, near=self.message)
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
        self.seconds.value = item.duration_seconds
        self.sides.value = next(k for k, v in SIDES_LABELS.items() if v is item.sides)
        self.hold.value = item.hold
        self.cues.value = "\n".join(item.cues)
        self.cues.rows = rows_for(item.cues, least=3)
        if item.dose_kind is DoseKind.REPS:
            for name, control in self.reps_fields.items():
                control.value = getattr(item, name)
        tailored = " (tailored)" if item.overridden() else ""
        # A dose by repetitions says its whole time itself ("about 3 minutes in all").
        by_time = item.dose_kind is DoseKind.TIME
        in_all = f" · {duration_in_words(item.work_seconds)} in all" if item.sides.rounds > 1 and by_time else ""
        self.dose.value = f"<b>{escape(dose_in_words(item))}</b>{tailored}{in_all}"
