"""A body position as data: the angles of the body's joints and what rests on the floor.

Poses are data, not drawings, so a clinic makes a new illustration by editing
angles (in ``poses.csv`` beside the catalog, or the illustration notebook)
and the same two poses can be drawn still or animated one into the other.

The body has a *near* and a *far* side (the side nearer the viewer, and the
other), not a left and a right: a picture shows the body from one side, and
what matters to the reader is which limb is in front. Every angle is in
degrees and 0 is the rest position, so a joint left out is 0: a pose of no
angles lies on its back, legs straight, arms by its sides. data/README.md
says which way each joint turns.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .errors import InvalidValue
from .text import as_words, shown

_SIDE_JOINTS: dict[str, tuple[float, float, str]] = {
    "shoulder": (-60.0, 180.0, "arm raise (0 by your side, 90 straight out, 180 above your head)"),
    "shoulder_out": (-45.0, 180.0, "arm direction (0 in front, 90 out to the side, 180 behind)"),
    "elbow": (0.0, 150.0, "elbow bend"),
    "hip": (-30.0, 150.0, "hip bend (90 is the thigh at a right angle to the body)"),
    "hip_out": (-60.0, 90.0, "knee out to the side (below 0: across the body)"),
    "knee": (0.0, 160.0, "knee bend"),
    "ankle": (-40.0, 90.0, "ankle (above 0: toes pointed)"),
}

#: Every joint a pose sets: name -> (lowest degrees, highest degrees, what a clinician calls it).
#: Sliders are built from it, in this order.
JOINTS: dict[str, tuple[float, float, str]] = {
    "body_pitch": (-90.0, 90.0, "body tilt (0 lying flat, 90 upright, head end up)"),
    "body_roll": (-180.0, 180.0, "body roll (0 on your back, 90 on your far side, 180 face down)"),
    "body_turn": (-90.0, 90.0, "body turn on the floor (above 0: head towards the viewer)"),
    "trunk_twist": (-90.0, 90.0, "upper body turn (above 0: chest turns to the near side)"),
    "neck": (-60.0, 90.0, "neck bend (above 0: chin towards chest)"),
    **{
        f"{side}_{joint}": (low, high, f"{side} {label}")
        for side in ("near", "far")
        for joint, (low, high, label) in _SIDE_JOINTS.items()
    },
}

#: Regions a pose may rest on the floor: a plural names both sides, "near"/"far" one side.
_REGIONS = {"shoulder": "shoulders", "hip": "hips", "arm": "arms", "hand": "hands", "knee": "knees", "foot": "feet"}

#: Every body part a pose may say rests on the floor, sorted.
PARTS: tuple[str, ...] = tuple(
    sorted(["head", "back", *_REGIONS.values()] + [f"{side} {one}" for side in ("near", "far") for one in _REGIONS])
)

#: Where the camera may stand: degrees above the floor, from level (0) to straight down (90).
VIEW_RANGE = (0.0, 90.0)


@dataclass(frozen=True)
class Pose:
    """One position of an exercise (``start`` or ``end``) with its text alternative.

    ``angles`` may leave joints out (each is then 0) and come in any order;
    the pose keeps every joint, sorted, so two equal poses compare equal.
    ``on_floor`` likewise comes back sorted, without repeats.
    """

    alt: str  # what the picture shows, in words a patient reads: "Lying on your back with your knees bent"
    angles: tuple[tuple[str, float], ...]  # (joint, degrees), sorted by joint
    on_floor: tuple[str, ...]  # the body parts resting on the floor, sorted
    view: float = 20.0  # the camera's height: degrees above the floor it looks down from

    def __post_init__(self) -> None:
        alt = " ".join(as_words(self.alt, "pose: alt", "words saying what the picture shows").split())
        object.__setattr__(self, "alt", alt)
        object.__setattr__(self, "angles", _angles(self.angles))
        object.__setattr__(self, "on_floor", _parts(self.on_floor))
        object.__setattr__(self, "view", _degrees("view", self.view, *VIEW_RANGE))

    def angle(self, joint: str) -> float:
        """The angle of ``joint`` in degrees."""
        return dict(self.angles)[joint]


def between(a: Pose, b: Pose, t: float) -> Pose:
    """The pose ``t`` of the way from ``a`` (0) to ``b`` (1): each angle and the view moved in proportion.

    The body's roll turns the short way round (170 to -170 passes 180, not 0).
    Only the parts both poses rest on stay on the floor in between.
    """
    angles = tuple((joint, _step(joint, x, dict(b.angles)[joint], t)) for joint, x in a.angles)
    on_floor = tuple(part for part in a.on_floor if part in b.on_floor)
    return Pose(a.alt if t < 0.5 else b.alt, angles, on_floor, a.view + (b.view - a.view) * t)


def _step(joint: str, x: float, y: float, t: float) -> float:
    if joint != "body_roll":
        return x + (y - x) * t
    turn = (y - x + 180.0) % 360.0 - 180.0
    return (x + turn * t + 180.0) % 360.0 - 180.0


def _angles(value: object) -> tuple[tuple[str, float], ...]:
    """Every joint's angle, sorted by joint: given ones checked, missing ones 0."""
    if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
        raise InvalidValue(f"pose: angles: expected (joint, degrees) pairs, not {shown(value)}")
    given: dict[str, float] = {}
    for pair in value:
        if not (isinstance(pair, tuple | list) and len(pair) == 2 and isinstance(pair[0], str)):
            raise InvalidValue(f"pose: angles: expected (joint, degrees) pairs, not {shown(pair)}")
        joint, degrees = pair
        if joint not in JOINTS:
            raise InvalidValue(f"pose: angles: expected a joint, one of {', '.join(JOINTS)}; not {shown(joint)}")
        if joint in given:
            raise InvalidValue(f"pose: angles: expected each joint once, but {joint!r} is given twice")
        given[joint] = _degrees(joint, degrees, *JOINTS[joint][:2])
    return tuple(sorted((joint, given.get(joint, 0.0)) for joint in JOINTS))


def _degrees(what: str, value: object, low: float, high: float) -> float:
    """``value`` as a float within [low, high]; InvalidValue naming ``what``, the value and the range."""
    number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
    if number is None or not math.isfinite(number) or not low <= number <= high:
        raise InvalidValue(f"pose: {what}: expected degrees from {low:g} to {high:g}, not {shown(value)}")
    return float(number)


def _parts(value: object) -> tuple[str, ...]:
    if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
        raise InvalidValue(f"pose: on_floor: expected a tuple of body parts, not {shown(value)}")
    parts = tuple(value)
    for part in parts:
        if part not in PARTS:
            raise InvalidValue(f"pose: on_floor: expected body parts from {', '.join(PARTS)}; not {shown(part)}")
    return tuple(sorted(set(parts)))
