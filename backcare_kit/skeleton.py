"""The body's geometry: a 3D stick figure posed by joint angles and settled onto the floor.

Lengths are in body heights (a person 1.0 tall), so every figure has the
same proportions whatever size it is drawn at. World axes: x along the
floor (the head of a body lying flat points to -x, the left of a picture),
y up from the floor, z towards the viewer. A body's own frame has its
*axis* (pelvis to shoulders), its *front* (the belly's way) and its *near*
side; at rest (every angle 0) it lies on its back, near side towards the
viewer.

Pure arithmetic on tuples: a figure has about twenty points, too few for
numpy to pay for itself, and the values layer stays free of it.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable

from .errors import InvalidValue
from .pose import Pose

Vec = tuple[float, float, float]

TRUNK, NECK, HEAD = 0.30, 0.05, 0.065  # pelvis to shoulders; shoulders to the head; the head's radius
UPPER_ARM, FOREARM = 0.16, 0.16  # the forearm reaches the middle of the hand
THIGH, SHIN, FOOT = 0.245, 0.25, 0.11
SHOULDER_HALF, HIP_HALF = 0.09, 0.08  # half the width between the shoulders, between the hips
#: The drawn line's width: a part "touches" the floor when its line's edge does.
STROKE = 0.02
#: How far a part said to rest on the floor may be off it: 1.7 cm on a person 170 cm tall.
TOUCH = 0.01
#: The height of the person the messages measure in centimetres.
PERSON_CM = 170

SIDES = ("far", "near")
UP: Vec = (0.0, 1.0, 0.0)

#: Each body part a pose may rest on the floor, as the points that must then touch it.
_REGION_POINTS = {
    "shoulder": ("shoulder",),
    "hip": ("hip",),
    "arm": ("elbow", "hand"),
    "hand": ("hand",),
    "knee": ("knee",),
    "foot": ("ankle", "toe"),
}
_PLURAL = {"shoulder": "shoulders", "hip": "hips", "arm": "arms", "hand": "hands", "knee": "knees", "foot": "feet"}
PART_POINTS: dict[str, tuple[str, ...]] = {
    "head": ("head",),
    "back": tuple(f"{s}_{p}" for s in SIDES for p in ("shoulder", "hip")),
    **{_PLURAL[r]: tuple(f"{s}_{p}" for s in SIDES for p in points) for r, points in _REGION_POINTS.items()},
    **{f"{s} {r}": tuple(f"{s}_{p}" for p in points) for s in SIDES for r, points in _REGION_POINTS.items()},
}

#: Every segment of fixed length: (from point, to point) -> length in body heights.
BONES: dict[tuple[str, str], float] = {
    ("pelvis", "chest"): TRUNK,
    ("chest", "head"): math.hypot(NECK + HEAD, HEAD),
    **{
        pair: length
        for s in SIDES
        for pair, length in {
            ("pelvis", f"{s}_hip"): HIP_HALF,
            ("chest", f"{s}_shoulder"): SHOULDER_HALF,
            (f"{s}_shoulder", f"{s}_elbow"): UPPER_ARM,
            (f"{s}_elbow", f"{s}_hand"): FOREARM,
            (f"{s}_hip", f"{s}_knee"): THIGH,
            (f"{s}_knee", f"{s}_ankle"): SHIN,
            (f"{s}_ankle", f"{s}_toe"): FOOT,
        }.items()
    },
}


def add(*vectors: Vec) -> Vec:
    x = y = z = 0.0
    for v in vectors:
        x, y, z = x + v[0], y + v[1], z + v[2]
    return (x, y, z)


def mul(k: float, v: Vec) -> Vec:
    return (k * v[0], k * v[1], k * v[2])


def dot(a: Vec, b: Vec) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def cross(a: Vec, b: Vec) -> Vec:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def unit(v: Vec) -> Vec:
    return mul(1.0 / math.sqrt(dot(v, v)), v)


def rotate(v: Vec, axis: Vec, degrees: float) -> Vec:
    """``v`` turned ``degrees`` about the unit vector ``axis`` (right-hand rule; Rodrigues' formula)."""
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return add(mul(c, v), mul(s, cross(axis, v)), mul(dot(axis, v) * (1 - c), axis))


def radius(point: str) -> float:
    """How far the drawing reaches beyond ``point``: the head's circle, else half a line."""
    return HEAD + STROKE / 2 if point == "head" else STROKE / 2


def posed(pose: Pose) -> dict[str, Vec]:
    """Every point of the body for ``pose``, pelvis at the origin, before it is settled on the floor."""
    a = dict(pose.angles)
    axis, front, near = (-1.0, 0.0, 0.0), UP, (0.0, 0.0, 1.0)
    front, near = rotate(front, axis, a["body_roll"]), rotate(near, axis, a["body_roll"])
    pitch: Vec = (0.0, 0.0, -1.0)
    axis, front, near = (rotate(v, pitch, a["body_pitch"]) for v in (axis, front, near))
    axis, front, near = (rotate(v, UP, a["body_turn"]) for v in (axis, front, near))
    # The upper body turns about the trunk's axis: positive turns the chest towards the near side.
    chest_front, chest_near = rotate(front, axis, -a["trunk_twist"]), rotate(near, axis, -a["trunk_twist"])
    head_axis = rotate(axis, chest_near, -a["neck"])
    head_front = rotate(chest_front, chest_near, -a["neck"])
    chest = mul(TRUNK, axis)
    points = {
        "pelvis": (0.0, 0.0, 0.0),
        "chest": chest,
        # The head sits forward of the spine's line, so a body lying flat rests its head on the floor too.
        "head": add(chest, mul(NECK + HEAD, head_axis), mul(HEAD, head_front)),
    }
    for side, sign in (("far", -1.0), ("near", 1.0)):
        shoulder = add(chest, mul(sign * SHOULDER_HALF, chest_near))
        hip = mul(sign * HIP_HALF, near)
        points |= _arm(side, shoulder, axis, chest_front, mul(sign, chest_near), a)
        points |= _leg(side, hip, axis, front, mul(sign, near), a)
    return points


def _limb_frame(axis: Vec, front: Vec, out: Vec, raise_by: float, towards: float) -> tuple[Vec, Vec]:
    """A limb raised ``raise_by`` degrees from hanging along -axis, in the plane ``towards`` degrees from front to out.

    Returns its direction and the direction it would move in if raised further,
    the plane a hinge joint (elbow, knee) bends in.
    """
    e, p = math.radians(raise_by), math.radians(towards)
    plane = add(mul(math.cos(p), front), mul(math.sin(p), out))
    return add(mul(-math.cos(e), axis), mul(math.sin(e), plane)), add(mul(math.sin(e), axis), mul(math.cos(e), plane))


def _arm(side: str, shoulder: Vec, axis: Vec, front: Vec, out: Vec, a: dict[str, float]) -> dict[str, Vec]:
    upper, onward = _limb_frame(axis, front, out, a[f"{side}_shoulder"], a[f"{side}_shoulder_out"])
    bend = math.radians(a[f"{side}_elbow"])
    forearm = add(mul(math.cos(bend), upper), mul(math.sin(bend), onward))  # the elbow bends the hand up
    elbow = add(shoulder, mul(UPPER_ARM, upper))
    return {f"{side}_shoulder": shoulder, f"{side}_elbow": elbow, f"{side}_hand": add(elbow, mul(FOREARM, forearm))}


def _leg(side: str, hip: Vec, axis: Vec, front: Vec, out: Vec, a: dict[str, float]) -> dict[str, Vec]:
    thigh, onward = _limb_frame(axis, front, out, a[f"{side}_hip"], a[f"{side}_hip_out"])
    bend, point = math.radians(a[f"{side}_knee"]), math.radians(a[f"{side}_ankle"])
    shin = add(mul(math.cos(bend), thigh), mul(-math.sin(bend), onward))  # the knee bends the foot back
    instep = add(mul(math.sin(bend), thigh), mul(math.cos(bend), onward))  # square to the shin, toes forward
    foot = add(mul(math.cos(point), instep), mul(math.sin(point), shin))
    knee = add(hip, mul(THIGH, thigh))
    ankle = add(knee, mul(SHIN, shin))
    return {
        f"{side}_hip": hip,
        f"{side}_knee": knee,
        f"{side}_ankle": ankle,
        f"{side}_toe": add(ankle, mul(FOOT, foot)),
    }


def settled(pose: Pose) -> dict[str, Vec]:
    """The body's points for ``pose`` resting on the floor (y = 0 is the floor).

    The parts ``pose.on_floor`` names are levelled (the whole body turned by
    the smallest rotation that makes them level, as near as they allow), then
    the body is lowered until its lowest point touches the floor, so nothing
    is ever below it. When the parts cannot all touch, levelling can tip the
    body over to split the difference; the body as posed is kept instead if
    fewer of its parts miss the floor, so a message blames the part that is off.
    """
    return dict(_settled(pose))


@functools.lru_cache(maxsize=4096)
def _settled(pose: Pose) -> tuple[tuple[str, Vec], ...]:
    """settled, kept for reuse: reading a pose file checks each pose on the floor, and drawing it settles it again."""
    points = posed(pose)
    contacts = [PART_POINTS[part] for part in pose.on_floor]
    level = _lowered(_levelled(points, [name for names in contacts for name in names]))
    return tuple(min((level, _lowered(points)), key=lambda body: _misses(body, contacts)).items())


def _levelled(points: dict[str, Vec], contacts: list[str]) -> dict[str, Vec]:
    for _ in range(4):  # each turn changes which way is down for the head's circle: repeat until still
        tilt = _tilt(points, contacts)
        if tilt is None:
            break
        points = {name: rotate(v, tilt[0], tilt[1]) for name, v in points.items()}
    return points


def _lowered(points: dict[str, Vec]) -> dict[str, Vec]:
    low = min(v[1] - radius(name) for name, v in points.items())
    return {name: (v[0], v[1] - low, v[2]) for name, v in points.items()}


def _misses(points: dict[str, Vec], contacts: list[tuple[str, ...]]) -> tuple[int, float]:
    """How many parts miss the floor, and by how much at most: fewer first, then nearer."""
    gaps = [max(points[name][1] - radius(name) for name in names) for names in contacts]
    return sum(gap > TOUCH for gap in gaps), max(gaps, default=0.0)


def _tilt(points: dict[str, Vec], contacts: list[str]) -> tuple[Vec, float] | None:
    """The axis and degrees that level the floor's contacts, or None when they are level (or too few)."""
    touching = [(points[c][0], points[c][1] - radius(c), points[c][2]) for c in contacts]
    slope = _slope(touching)
    if slope is None:
        return None
    normal = unit((-slope[0], 1.0, -slope[1]))
    degrees = math.degrees(math.acos(max(-1.0, min(1.0, dot(normal, UP)))))
    return (unit(cross(normal, UP)), degrees) if degrees > 1e-6 else None


def _slope(points: list[Vec]) -> tuple[float, float] | None:
    """How the height of ``points`` rises along x and z (least squares), or None when there is no slope to take."""
    n = len(points)
    if n < 2:
        return None
    mx, my, mz = (sum(p[i] for p in points) / n for i in range(3))
    xx = sum((p[0] - mx) ** 2 for p in points)
    zz = sum((p[2] - mz) ** 2 for p in points)
    xz = sum((p[0] - mx) * (p[2] - mz) for p in points)
    xy = sum((p[0] - mx) * (p[1] - my) for p in points)
    zy = sum((p[2] - mz) * (p[1] - my) for p in points)
    spread = xx + zz
    if spread < 1e-9:
        return None
    det = xx * zz - xz * xz
    if n >= 3 and det > 1e-3 * spread * spread:  # spread out in both directions: a plane
        return (xy * zz - zy * xz) / det, (zy * xx - xy * xz) / det
    # Along one line (two points, or all in a row): tilt only along it.
    angle = 0.5 * math.atan2(2 * xz, xx - zz)
    ux, uz = math.cos(angle), math.sin(angle)
    along = sum(((p[0] - mx) * ux + (p[2] - mz) * uz) * (p[1] - my) for p in points)
    length = sum(((p[0] - mx) * ux + (p[2] - mz) * uz) ** 2 for p in points)
    return (along / length * ux, along / length * uz) if length > 1e-12 else None


def floor_gaps(pose: Pose, points: dict[str, Vec] | None = None) -> dict[str, float]:
    """How far above the floor each part in ``pose.on_floor`` is (its highest point), in body heights."""
    points = points or settled(pose)
    return {part: max(points[p][1] - radius(p) for p in PART_POINTS[part]) for part in pose.on_floor}


def check_pose(pose: Pose) -> None:
    """Refuse a pose whose parts on the floor cannot all touch it, naming each part and how far off it is."""
    missed = floor_misses(pose)
    if missed:
        raise InvalidValue(f"pose {pose.alt!r}: on_floor: expected {FLOOR_EXPECTED}, but {missed}")


#: What check_pose expects of a pose's parts on the floor.
FLOOR_EXPECTED = "every part it names to touch the floor"


def floor_misses(pose: Pose) -> str:
    """'' when every part ``pose.on_floor`` names touches the floor, else which do not, how far off, and what to do."""
    points = settled(pose)
    gaps = floor_gaps(pose, points)
    off = [(part, gap) for part, gap in gaps.items() if gap > TOUCH]
    if not off:
        return ""
    lowest = min(points, key=lambda name: points[name][1] - radius(name))
    held_up = len(off) == len(gaps)  # no part it names touches: another holds the body up
    return (
        "; ".join(f"the {part} would be {_cm(gap)} above it" for part, gap in off)
        + (f" (the {_named(lowest)} rests lowest)" if held_up else "")
        + "; change the angles, or leave "
        + ("that part" if len(off) == 1 else "those parts")
        + " out of on_floor"
    )


def _cm(height: float) -> str:
    return f"{round(height * PERSON_CM)} cm (on a person {PERSON_CM} cm tall)"


def _named(point: str) -> str:
    return point.replace("_", " ")


def limb_lengths(points: dict[str, Vec], bones: Iterable[tuple[str, str]] = BONES) -> dict[tuple[str, str], float]:
    """The length of each bone in ``points``: the same for every pose, which the tests hold it to."""
    return {(a, b): math.dist(points[a], points[b]) for a, b in bones}
