"""The figure renderer: a pose in, SVG text out. Pure: no files, no state.

A pose is settled on the floor in 3D (backcare_kit.skeleton), then seen
through an orthographic camera from the body's near side, ``pose.view``
degrees above the floor, and drawn as black lines on white: one line
width, round ends, the head a circle, the floor a thin mat. Each limb is
drawn over a wider white line, and the limbs nearer the camera last, so a
near limb reads as in front of a far one where they cross.

Every figure is drawn at the same scale for its width (a body height is
``width / BODY_WIDTHS`` pixels); only a pose too big for the frame is drawn
smaller. The frame is as high as the drawing needs, at most ASPECT times
its width, so a figure lying down leaves no empty band above it on a page.
An exercise's start and end are laid out together (``figure_svgs``): one
frame and one mat, so side by side they match.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from .pose import Pose, between
from .skeleton import HEAD, STROKE, UP, Vec, add, dot, mul, radius, rotate, settled

#: The frame is this many body heights wide at the usual scale, and ASPECT times as high as wide.
BODY_WIDTHS, ASPECT = 1.5, 0.5
#: The empty border, as a share of the width; and how far the mat reaches beyond the body, in body heights.
MARGIN, MAT_BORDER = 0.03, 0.04
#: Keyframes per move of a motion figure (each settled on the floor), and still frames at each end.
FRAMES_PER_MOVE, FRAMES_HELD = 12, 2

#: The lines drawn for each side: arm, then leg.
_SIDE_CHAINS = {
    side: (
        (f"{side}_shoulder", f"{side}_elbow", f"{side}_hand"),
        tuple(f"{side}_{p}" for p in ("hip", "knee", "ankle", "toe")),
    )
    for side in ("far", "near")
}
_TRUNK = (("far_hip", "near_hip"), ("pelvis", "chest"), ("far_shoulder", "near_shoulder"))

Point = tuple[float, float]


@dataclass(frozen=True)
class Layout:
    """A pose as drawn: its settled 3D points (body heights, y up from the floor) and where each lands in the SVG."""

    points: dict[str, Vec]
    screen: dict[str, Point]  # SVG pixels, y down
    mat: tuple[Point, Point, Point, Point]  # the floor mat's corners in SVG pixels
    width: int
    height: int
    scale: float  # pixels per body height
    view: float  # degrees above the floor the camera looks from


def layout(pose: Pose, *, width: int = 240) -> Layout:
    """Where ``pose`` is drawn in a figure ``width`` pixels wide: the geometry every drawing and test uses."""
    return _layouts([pose], width)[0]


def figure_svg(pose: Pose, *, width: int = 240) -> str:
    """A still line drawing of ``pose``: a complete ``<svg>`` element, black on white, on a floor mat."""
    return figure_svgs((pose,), width=width)[0]


@functools.lru_cache(maxsize=1024)
def figure_svgs(poses: tuple[Pose, ...], *, width: int = 240) -> tuple[str, ...]:
    """Still drawings of ``poses`` (an exercise's start and end) in one frame, at one scale, on one mat.

    Kept for reuse (poses are immutable values, so their drawings never
    change): an editor redrawing a hundred thumbnails draws each once.
    """
    return tuple(_svg(drawn, [_shapes(drawn, _order(drawn))], 0.0) for drawn in _layouts(poses, width))


def motion_svg(poses: Sequence[Pose], *, width: int = 240, seconds: float = 4.0) -> str:
    """An ``<svg>`` whose figure moves from each pose to the next and back, ``seconds`` per move.

    Animated with SVG's own animation elements, never script, so a page
    that forbids scripts but its own can show it. Each keyframe is a pose
    between two (angles moved in proportion, eased) settled on the floor,
    so limbs keep their lengths as they move.
    """
    return _motion(tuple(poses), width, seconds)


@functools.lru_cache(maxsize=256)
def _motion(poses: tuple[Pose, ...], width: int, seconds: float) -> str:
    """motion_svg, kept for reuse: a clinic exporting a batch of plans animates the same few exercises."""
    frames = motion_poses(poses)
    drawn = _layouts(frames, width)
    order = _order(drawn[0])
    return _svg(drawn[0], [_shapes(d, order) for d in drawn], seconds / FRAMES_PER_MOVE * (len(frames) - 1))


def motion_poses(poses: Sequence[Pose]) -> list[Pose]:
    """The keyframes of a motion figure: each pose to the next, then back, easing in and out, held at each end."""
    if not poses:
        raise ValueError("motion_poses needs at least one pose")
    there = [poses[0]] * FRAMES_HELD
    for a, b in itertools.pairwise(poses):
        there += [between(a, b, (1 - math.cos(math.pi * i / FRAMES_PER_MOVE)) / 2) for i in range(1, FRAMES_PER_MOVE)]
        there += [b] * FRAMES_HELD
    return there + there[-FRAMES_HELD - 1 :: -1] if len(poses) > 1 else there


def _layouts(poses: Sequence[Pose], width: int) -> list[Layout]:
    """Each pose laid out in one frame, at one scale and offset, so a sequence of them does not jump."""
    bodies = [settled(p) for p in poses]
    flats = [{name: _project(v, p.view) for name, v in body.items()} for body, p in zip(bodies, poses, strict=True)]
    footprint = _footprint([v for body in bodies for v in body.values()], poses[0].angle("body_turn"))
    mats = [tuple(_project(corner, p.view) for corner in footprint) for p in poses]
    xs = [x for f in flats for n, (x, _) in f.items() for x in (x - radius(n), x + radius(n))]
    ys = [y for f in flats for n, (_, y) in f.items() for y in (y - radius(n), y + radius(n))]
    xs += [c[0] for m in mats for c in m]
    ys += [c[1] for m in mats for c in m]
    margin = width * MARGIN
    wide, high = max(xs) - min(xs), max(ys) - min(ys)
    scale = min(width / BODY_WIDTHS, (width - 2 * margin) / wide, (width * ASPECT - 2 * margin) / max(high, 1e-9))
    height = min(round(width * ASPECT), math.ceil(scale * high + 2 * margin))
    left = (width - scale * wide) / 2 - scale * min(xs)
    bottom = height - margin + scale * min(ys)

    def place(p: Point) -> Point:
        return (left + scale * p[0], bottom - scale * p[1])

    return [
        Layout(body, {n: place(p) for n, p in flat.items()}, tuple(map(place, mat)), width, height, scale, p.view)  # type: ignore[arg-type]
        for body, flat, mat, p in zip(bodies, flats, mats, poses, strict=True)
    ]


def _project(v: Vec, view: float) -> Point:
    """Where a 3D point appears, in body heights with y up, seen from ``view`` degrees above the floor."""
    a = math.radians(view)
    return (v[0], v[1] * math.cos(a) - v[2] * math.sin(a))


def _footprint(points: list[Vec], turn: float) -> tuple[Vec, Vec, Vec, Vec]:
    """The floor mat's corners: a rectangle on the floor, square to the body's heading, just larger than its shadow.

    Turned with the body, the mat shows which way the floor runs in a picture
    seen from an angle. A motion's mat holds every frame's body.
    """
    along, across = rotate((1.0, 0.0, 0.0), UP, turn), rotate((0.0, 0.0, 1.0), UP, turn)
    a = [dot(v, along) for v in points]
    b = [dot(v, across) for v in points]
    a0, a1, b0, b1 = min(a) - MAT_BORDER, max(a) + MAT_BORDER, min(b) - MAT_BORDER, max(b) + MAT_BORDER
    return tuple(add(mul(x, along), mul(z, across)) for x, z in ((a0, b0), (a1, b0), (a1, b1), (a0, b1)))  # type: ignore[return-value]


def _order(drawn: Layout) -> list[str]:
    """The sides in drawing order: the one nearer the camera last, so it shows in front."""
    up, towards = math.sin(math.radians(drawn.view)), math.cos(math.radians(drawn.view))

    def depth(side: str) -> float:
        return sum(v[1] * up + v[2] * towards for n, v in drawn.points.items() if n.startswith(side))

    return sorted(("far", "near"), key=depth)


def _shapes(drawn: Layout, order: list[str]) -> list[str]:
    """Each line's path data (or the head's "cx cy"), in drawing order: far limbs, body and head, near limbs."""
    s = drawn.screen
    chains = [" ".join(f"M{_path(s, chain)}" for chain in _TRUNK) + f" M{_path(s, ('chest',))}L{_xy(_neck(drawn))}"]
    limbs = {side: [f"M{_path(s, chain)}" for chain in _SIDE_CHAINS[side]] for side in order}
    mat = "M" + "L".join(_xy(c) for c in drawn.mat) + "Z"
    return [mat, *limbs[order[0]], *chains, _xy(s["head"], " "), *limbs[order[1]]]


def _neck(drawn: Layout) -> Point:
    """Where the neck meets the head's circle, on the line from the chest to the head's centre."""
    (cx, cy), (hx, hy) = drawn.screen["chest"], drawn.screen["head"]
    gap = math.hypot(hx - cx, hy - cy) or 1.0
    reach = max(0.0, 1 - HEAD * drawn.scale / gap)
    return (cx + (hx - cx) * reach, cy + (hy - cy) * reach)


def _path(screen: dict[str, Point], chain: Sequence[str]) -> str:
    return "L".join(_xy(screen[name]) for name in chain)


def _xy(p: Point, between: str = ",") -> str:
    return f"{_num(p[0])}{between}{_num(p[1])}"


def _num(x: float) -> str:
    """A coordinate rounded to a tenth of a pixel, without a trailing '.0' (small files)."""
    text = f"{round(x, 1):.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _svg(drawn: Layout, frames: list[list[str]], seconds: float) -> str:
    """The SVG document: the first frame drawn, and when there are more, each shape animated through them."""
    w, h = drawn.width, drawn.height
    line = STROKE * drawn.scale
    halo = f' stroke="#fff" stroke-width="{_num(line * 2.4)}"'

    def moving(attribute: str, index: int, part: int | None = None) -> str:
        if seconds <= 0:
            return ""
        values = ";".join(f[index] if part is None else f[index].split()[part] for f in frames)
        timing = f'dur="{_num(seconds)}s" repeatCount="indefinite"'
        return f'<animate attributeName="{attribute}" values="{values}" {timing}/>'

    first = frames[0]
    head = first.index(next(s for s in first if not s.startswith("M")))
    cx, cy = first[head].split()
    body = [f'<path d="{first[0]}" stroke-width="{_num(line / 3)}">{moving("d", 0)}</path>']
    for index, shape in enumerate(first[1:], start=1):
        if index == head:
            motion = moving("cx", index, 0) + moving("cy", index, 1)
            r = _num(HEAD * drawn.scale)
            body.append(f'<circle cx="{cx}" cy="{cy}" r="{r}"{halo}>{motion}</circle>')
            body.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="#fff">{motion}</circle>')
        else:
            body.append(f'<path d="{shape}"{halo}>{moving("d", index)}</path>')
            body.append(f'<path d="{shape}">{moving("d", index)}</path>')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}">'
        f'<rect width="{w}" height="{h}" fill="#fff"/>'
        f'<g fill="none" stroke="#000" stroke-width="{_num(line)}" stroke-linecap="round" stroke-linejoin="round">'
        + "".join(body)
        + "</g></svg>"
    )
