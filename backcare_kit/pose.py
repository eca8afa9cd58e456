"""A body position as data: the angles of the body's joints and what rests on the floor.

Poses are data, not drawings, so a clinic makes a new illustration by editing
angles (in ``poses.csv`` beside the catalog, or the illustration notebook)
and the same two poses can be drawn still or animated one into the other.

INTERFACE (pictures-base): the FIG helper defines the joints, their
ranges and the parts, and keeps these names.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Every joint a pose sets: name -> (lowest degrees, highest degrees, what a clinician calls it).
#: PLACEHOLDER list until the FIG helper fixes the body model; sliders are built from it.
JOINTS: dict[str, tuple[float, float, str]] = {
    "hip": (-30.0, 150.0, "hip bend"),
    "knee": (0.0, 160.0, "knee bend"),
}

#: Every body part a pose may say rests on the floor (PLACEHOLDER list until the FIG helper fixes it).
PARTS: tuple[str, ...] = ("back", "head", "feet", "hands", "knees")


@dataclass(frozen=True)
class Pose:
    """One position of an exercise (``start`` or ``end``) with its text alternative."""

    alt: str  # what the picture shows, in words a patient reads: "Lying on your back with your knees bent"
    angles: tuple[tuple[str, float], ...]  # (joint, degrees), sorted by joint
    on_floor: tuple[str, ...]  # the body parts resting on the floor, sorted
    view: float = 20.0  # the camera's height: degrees above the floor it looks down from

    def angle(self, joint: str) -> float:
        """The angle of ``joint`` in degrees."""
        return dict(self.angles)[joint]
