"""What pictures an exercise shows: the clinic's own images, else figures drawn from its poses."""

from __future__ import annotations

from .exercise import Exercise
from .figure import figure_svgs, motion_svg
from .picture import Picture


def pictures_of(exercise: Exercise) -> tuple[Picture, ...]:
    """The pictures to show beside the exercise's steps, in order.

    A clinic's own images win: it chose them. Without any, each pose
    (start, end) is drawn as an SVG figure with the pose's own text
    alternative, all in one frame so they match side by side.
    """
    if exercise.pictures:
        return exercise.pictures
    if not exercise.poses:
        return ()
    drawn = zip(figure_svgs(exercise.poses), exercise.poses, strict=True)
    return tuple(Picture("image/svg+xml", svg.encode("utf-8"), pose.alt) for svg, pose in drawn)


def motion_of(exercise: Exercise) -> str:
    """The animated figure for the timer (SVG text), or "" when the exercise has fewer than two poses."""
    return motion_svg(exercise.poses) if len(exercise.poses) >= 2 else ""
