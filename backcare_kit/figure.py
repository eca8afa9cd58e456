"""The figure renderer: a pose in, SVG text out. Pure: no files, no state.

INTERFACE (pictures-base): the FIG helper writes the renderer and keeps
these signatures.
"""

from __future__ import annotations

from collections.abc import Sequence

from .pose import Pose


def figure_svg(pose: Pose, *, width: int = 240) -> str:
    """A still line drawing of ``pose``: a complete ``<svg>`` element, black on white, with a floor line."""
    height = width // 2  # PLACEHOLDER until the renderer lands: a floor line and a head
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        f'<rect width="{width}" height="{height}" fill="#fff"/>'
        f'<line x1="0" y1="{height - 10}" x2="{width}" y2="{height - 10}" stroke="#000" stroke-width="2"/>'
        f'<circle cx="{width // 2}" cy="{height // 2}" r="12" fill="none" stroke="#000" stroke-width="3"/></svg>'
    )


def motion_svg(poses: Sequence[Pose], *, width: int = 240, seconds: float = 4.0) -> str:
    """An ``<svg>`` whose figure moves from each pose to the next and back, ``seconds`` per move.

    Animated with SVG's own animation elements, never script, so a page
    that forbids scripts but its own can show it.
    """
    return figure_svg(poses[0], width=width)  # PLACEHOLDER until the renderer lands
