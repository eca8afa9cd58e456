"""The illustration notebook's widgets: sliders and boxes linked to a :class:`PoseModel`, and a live figure.

The widgets hold no state of their own (see pose_model.py): the exercise,
position, view and words are linked to the model's traits, each joint's
slider and each floor box call one model method and are set back from the
model, and the figure, its problem and the exercise as the editor shows it
follow the model. Controls are built from ``pose.JOINTS`` and ``pose.PARTS``,
so a joint added to the body model gets its slider with no change here.
Every control has a visible description and a stable CSS class (``bk-pose-...``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from html import escape
from os import PathLike

import ipywidgets as w

from .editor_look import error_html
from .picture import Picture
from .pose import JOINTS, PARTS
from .pose_model import FIGURE_WIDTH, POSITIONS, PoseModel
from .richrepr import picture_html, pictures_html, thumbnail_html
from .words import problem_shown

_log = logging.getLogger(__name__)
_WIDE = {"description_width": "12em"}
_LONG = "34em"  # the width of a long control: the exercise menu, the words, a slider
#: The highest a clinician may look down on the figure from, in degrees above the floor: straight down.
MAX_VIEW = 90.0


class PoseEditor(w.VBox):
    """Pick an exercise and its start or end position, set the pose, see the figure, save it beside the catalog."""

    def __init__(self, catalog_path: str | PathLike[str], model: PoseModel | None = None):
        self.model = model or PoseModel(catalog_path)
        self._syncing = False
        m = self.model
        self.exercise = w.Dropdown(
            description="Exercise",
            options=[(ex.name, ex_id) for ex_id, ex in m.catalog.items()],
            style=_WIDE,
            layout=w.Layout(width=_LONG),
        ).add_class("bk-pose-exercise")
        self.position = w.ToggleButtons(
            description="Position", options=[(p.capitalize(), p) for p in POSITIONS], style=_WIDE
        ).add_class("bk-pose-position")
        self.sliders = {joint: _slider(label, low, high, joint) for joint, (low, high, label) in JOINTS.items()}
        self.view = _slider("View from above", 0.0, MAX_VIEW, "view")
        self.floor = {
            part: w.Checkbox(
                description=part.replace("_", " ").capitalize(), indent=False, layout=w.Layout(width="10em")
            ).add_class(f"bk-pose-floor-{part.replace(' ', '-')}")
            for part in PARTS
        }
        self.alt = w.Text(
            description="In words", continuous_update=False, style=_WIDE, layout=w.Layout(width=_LONG)
        ).add_class("bk-pose-alt")
        self.figure = w.HTML().add_class("bk-pose-figure")
        self.problem = w.HTML().add_class("bk-pose-problem")
        self.save = w.Button(description="Save pose", icon="save", button_style="primary").add_class("bk-pose-save")
        self.message = w.HTML().add_class("bk-pose-message")
        self.shown = w.HTML().add_class("bk-pose-shown")
        self._link()
        # The controls on the left and the figure beside them, so every move is seen where it is made.
        controls = w.VBox(
            [
                self.exercise,
                self.position,
                *self.sliders.values(),
                self.view,
                w.HTML("<b>Resting on the floor</b>"),
                w.HBox(list(self.floor.values()), layout=w.Layout(flex_flow="row wrap", width="34em")),
                self.alt,
            ]
        )
        drawing = w.VBox([self.figure, self.problem], layout=w.Layout(margin="0 0 0 1em"))
        super().__init__([w.HBox([controls, drawing]), w.HBox([self.save, self.message]), self.shown])
        self.add_class("bk-pose-editor")
        self._show_pose()
        self._show_figure()
        self._show_exercise()

    def _link(self) -> None:
        m = self.model
        w.link((m, "exercise_id"), (self.exercise, "value"))
        w.link((m, "position"), (self.position, "value"))
        w.link((m, "view"), (self.view, "value"))
        w.link((m, "alt"), (self.alt, "value"))
        for joint, slider in self.sliders.items():
            slider.observe(lambda c, joint=joint: self._edit(lambda: m.set_angle(joint, c.new)), "value")
        for part, box in self.floor.items():
            box.observe(lambda c, part=part: self._edit(lambda: m.set_on_floor(part, c.new)), "value")
        m.observe(lambda _: self._show_pose(), ["angles", "on_floor"])
        m.observe(lambda _: self._show_figure(), ["figure", "problem", "alt"])
        m.observe(lambda _: self._show_exercise(), ["exercise"])
        m.observe(lambda _: self._say(""), ["exercise_id", "position"])
        self.save.on_click(lambda _: self._save())

    def _edit(self, change: Callable[[], object]) -> None:
        if not self._syncing:
            change()

    def _show_pose(self) -> None:
        """Set the sliders and boxes from the model, without counting that as an edit."""
        self._syncing = True
        try:
            for joint, slider in self.sliders.items():
                slider.value = self.model.angles[joint]
            for part, box in self.floor.items():
                box.value = part in self.model.on_floor
        finally:
            self._syncing = False

    def _show_figure(self) -> None:
        m = self.model
        if m.figure:
            picture = Picture("image/svg+xml", m.figure.encode("utf-8"), m.alt.strip() or "The pose being drawn")
            self.figure.value = picture_html(picture, f"{FIGURE_WIDTH}px")
        else:
            self.figure.value = ""
        self.problem.value = error_html(f"This pose cannot be drawn: {m.problem}") if m.problem else ""

    def _show_exercise(self) -> None:
        """The exercise as the plan editor shows it (its thumbnail), and all its pictures, as saved so far."""
        exercise = self.model.exercise
        pictures = pictures_html(exercise, width="12em")
        self.shown.value = (
            f"<p>In the plan editor: {thumbnail_html(exercise)}<b>{escape(exercise.name)}</b></p>"
            f"<p>Its pictures: {pictures}</p>"
            if pictures
            else f"<p><b>{escape(exercise.name)}</b> has no saved pictures yet: save its start and end position.</p>"
        )

    def _save(self) -> None:
        try:
            path = self.model.save()
        except Exception as error:  # shown in the message line, never raised into the page
            self._say(error_html(problem_shown(error, _log, "saving the pose")))
            return
        where = f"<code>{escape(str(path.resolve()))}</code>"
        self._say(f"Saved the {self.model.position} position of {escape(self.model.exercise.name)} in {where}")

    def _say(self, html: str) -> None:
        self.message.value = html


def _slider(label: str, low: float, high: float, name: str) -> w.FloatSlider:
    """A slider in whole degrees that redraws the figure as it moves."""
    return w.FloatSlider(
        description=f"{label[:1].upper()}{label[1:]} (°)",
        min=low,
        max=high,
        step=1.0,
        readout_format=".0f",
        continuous_update=True,
        style=_WIDE,
        layout=w.Layout(width=_LONG),
    ).add_class(f"bk-pose-{name}")
