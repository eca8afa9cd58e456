"""The illustration notebook's state: one exercise's pose as it is being drawn, and saving it. No widget here.

Like the plan editor (editor_model.py and widgets.py), the state lives in a
traitlets model and the widgets (pose_editor.py) only link to it, so code
and sliders drive the same pose, and tests need no widget. The live figure
is derived state: every change of an angle, the floor, the view or the text
alternative redraws it, or says in words why this pose cannot be drawn.

The exercises come from one catalog file, and their poses from ``poses.csv``
beside it: the file a pose is saved to is the one whose exercises it draws.
After a save the exercise is rebuilt from what the pose file now holds, so
what is shown is what every later plan will show.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from os import PathLike
from pathlib import Path
from typing import Any

from traitlets import Dict, Enum, Float, HasTraits, Instance, Tuple, Unicode, observe

from .catalog import Catalog
from .errors import InvalidValue
from .exercise import Exercise
from .figure import figure_svg
from .pose import JOINTS, PARTS, Pose
from .posefile import POSES_FILE, read_poses, save_pose
from .words import problem_shown

_log = logging.getLogger(__name__)

#: The two positions an exercise is drawn in, in the order its poses are kept.
POSITIONS = ("start", "end")
#: The live figure's width in pixels: large enough to judge an angle by eye.
FIGURE_WIDTH = 360
NO_ALT = "Describe the position in words first: patients who cannot see the picture read this instead."


class PoseModel(HasTraits):
    """One exercise's start or end pose under edit, the figure it draws, and the exercise as saved so far."""

    exercise_id = Unicode()
    position = Enum(POSITIONS, default_value="start")
    angles = Dict(value_trait=Float())  # joint -> degrees, one entry per joint in pose.JOINTS
    on_floor = Tuple()  # the parts resting on the floor, in PARTS order
    view = Float(Pose.view)
    alt = Unicode()
    #: The live drawing (SVG text), or "" when the pose cannot be drawn; then ``problem`` says why.
    figure = Unicode()
    problem = Unicode()
    #: The chosen exercise with the poses its pose file holds: what the plan editor shows.
    exercise = Instance(Exercise)

    def __init__(self, catalog_path: str | PathLike[str], catalog: Catalog | None = None):
        super().__init__()
        self._loading = False
        self.catalog_path = Path(catalog_path)
        self.poses_path = self.catalog_path.parent / POSES_FILE
        self.catalog = catalog if catalog is not None else Catalog.read_csv(self.catalog_path)
        self.choose(next(iter(self.catalog)), "start")

    def choose(self, exercise_id: str, position: str) -> None:
        """Show ``exercise_id`` in ``position``: its saved pose, or a first guess to start from."""
        exercise = self._posed(exercise_id)
        angles, on_floor, view, alt = _to_edit(exercise, position)
        self._loading = True
        try:
            with self.hold_trait_notifications():
                self.exercise, self.exercise_id, self.position = exercise, exercise_id, position
                self.angles, self.on_floor, self.view, self.alt = angles, on_floor, view, alt
        finally:
            self._loading = False
        self._draw()

    def set_angle(self, joint: str, degrees: float) -> None:
        self.angles = {**self.angles, joint: float(degrees)}

    def set_on_floor(self, part: str, resting: bool) -> None:
        chosen = set(self.on_floor) - {part} | ({part} if resting else set())
        self.on_floor = tuple(p for p in PARTS if p in chosen)

    def pose(self) -> Pose:
        """The pose as the controls set it: each angle within its joint's range (set from code, an angle
        could be anything), and the value layer refuses what no body can do."""
        for joint, degrees in self.angles.items():
            low, high, label = JOINTS[joint]
            if not low <= degrees <= high:
                raise InvalidValue(f"{label}: expected {low:g} to {high:g} degrees, not {degrees:g}")
        return Pose(
            alt=self.alt.strip(),
            angles=tuple(sorted(self.angles.items())),
            on_floor=tuple(sorted(self.on_floor)),
            view=self.view,
        )

    def save(self) -> Path:
        """Save the pose into the pose file beside the catalog, then show the exercise as it now is."""
        if not self.alt.strip():
            raise InvalidValue(NO_ALT)
        path = save_pose(self.poses_path, self.exercise_id, self.position, self.pose())
        self.exercise = self._posed(self.exercise_id)
        return path

    @observe("exercise_id", "position")
    def _chosen(self, _change: dict[str, Any]) -> None:
        """A widget chose another exercise or position: load its pose."""
        if not self._loading:
            self.choose(self.exercise_id, self.position)

    @observe("angles", "on_floor", "view", "alt")
    def _changed(self, _change: dict[str, Any]) -> None:
        if not self._loading:
            self._draw()

    def _draw(self) -> None:
        """Redraw the figure, or say why this pose cannot be drawn instead of raising into the notebook."""
        try:
            svg = figure_svg(self.pose(), width=FIGURE_WIDTH)
        except Exception as error:  # a slider's error is lost in a log unless shown here
            self.figure, self.problem = "", problem_shown(error, _log, "drawing the pose")
            return
        self.figure, self.problem = svg, ""

    def _posed(self, exercise_id: str) -> Exercise:
        """The catalog's exercise with the poses the pose file holds for it (none while there is no file)."""
        exercise = self.catalog[exercise_id]
        saved = read_poses(self.poses_path).get(exercise_id) if self.poses_path.exists() else None
        return replace(exercise, poses=saved) if saved else exercise


def _to_edit(exercise: Exercise, position: str) -> tuple[dict[str, float], tuple[str, ...], float, str]:
    """Angles, parts on the floor, view and words to start from: the saved pose; else, for the end,
    the start pose to move from; else every joint at rest, nothing on the floor, the usual view."""
    index = POSITIONS.index(position)
    end_words = f"{exercise.name}: end position"
    if index < len(exercise.poses):
        pose, alt = exercise.poses[index], exercise.poses[index].alt
    elif exercise.poses:
        pose, alt = exercise.poses[0], end_words
    else:
        pose, alt = None, (" ".join(exercise.starting_position) or exercise.name) if index == 0 else end_words
    angles = dict(pose.angles) if pose else {}
    on_floor = pose.on_floor if pose else ()
    return (
        {joint: float(angles.get(joint, min(max(0.0, low), high))) for joint, (low, high, _) in JOINTS.items()},
        tuple(part for part in PARTS if part in on_floor),
        pose.view if pose else Pose.view,
        alt,
    )
