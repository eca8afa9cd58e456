"""What pictures an exercise shows: the clinic's own images, else figures drawn from its poses."""

from __future__ import annotations

from .exercise import Exercise
from .figure import figure_svg, motion_svg
from .picture import Picture


def pictures_of(exercise: Exercise) -> tuple[Picture, ...]:
    """The pictures to show beside the exercise's steps, in order.

    A clinic's own images win: it chose them. Without any, each pose
    (start, end) is drawn as an SVG figure with the pose's own text alternative.
    """
    if exercise.pictures:
        return exercise.pictures
    return tuple(Picture("image/svg+xml", figure_svg(pose).encode("utf-8"), pose.alt) for pose in exercise.poses)


def motion_of(exercise: Exercise) -> str:
    """The animated figure for the timer (SVG text), or "" when the exercise has fewer than two poses."""
    return motion_svg(exercise.poses) if len(exercise.poses) >= 2 else ""
