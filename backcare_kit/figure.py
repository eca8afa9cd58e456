"""The figure renderer: a pose in, SVG text out. Pure: no files, no state.

INTERFACE (pictures-base): the FIG helper writes the renderer and keeps
these signatures.
"""

from __future__ import annotations

from collections.abc import Sequence

from .pose import Pose


def figure_svg(pose: Pose, *, width: int = 240) -> str:
    """A still line drawing of ``pose``: a complete ``<svg>`` element, black on white, with a floor line."""
    raise NotImplementedError


def motion_svg(poses: Sequence[Pose], *, width: int = 240, seconds: float = 4.0) -> str:
    """An ``<svg>`` whose figure moves from each pose to the next and back, ``seconds`` per move.

    Animated with SVG's own animation elements, never script, so a page
    that forbids scripts but its own can show it.
    """
    raise NotImplementedError
