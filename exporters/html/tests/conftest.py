"""Illustrated plans for the HTML exporter's tests: one place that says where the tests' figures come from.

Until the pictures branches are merged, the bundled exercises carry no poses,
so :func:`illustrate` gives each exercise that has neither poses nor
pictures a start and an end pose of its own here, from the joints
``backcare_kit.pose`` knows now. Once the bundled catalog carries its poses
(data/poses.csv), ``illustrate`` leaves them as they are and the tests run
on the real drawings; the placeholder poses below can then go. Test modules
reach these helpers through the one fixture ``illustrations``. No test
depends on the drawings' shapes.
"""

from __future__ import annotations

import io
from dataclasses import replace
from types import SimpleNamespace

import pytest

from backcare_kit.picture import Picture
from backcare_kit.pose import JOINTS, Pose


def _angles(fraction: float) -> tuple[tuple[str, float], ...]:
    """Every joint the body model has, ``fraction`` of the way from its lowest to its highest angle."""
    return tuple(sorted((joint, low + (high - low) * fraction) for joint, (low, high, _label) in JOINTS.items()))


#: A start and an end pose, with words a patient reads (the alt text); PLACEHOLDER until the bundled poses land.
START = Pose(alt="Lying on your back with your knees bent", angles=_angles(0.5), on_floor=("back", "feet", "head"))
END = Pose(alt="Lying on your back with your hips lifted", angles=_angles(0.2), on_floor=("feet", "head"))


def with_poses(routine, only: tuple[int, ...] | None = None):
    """``routine`` with every exercise (or those at the positions ``only``) given a start and an end pose.

    An exercise's own pictures, if it has any, still win over the figures drawn from its poses.
    """
    items = tuple(
        replace(item, exercise=replace(item.exercise, poses=(START, END))) if only is None or n in only else item
        for n, item in enumerate(routine.items)
    )
    return replace(routine, items=items)


def illustrate(plan):
    """``plan`` with every exercise of every stage drawn: its own poses or pictures, else the placeholder poses."""

    def drawn(routine):
        bare = tuple(n for n, item in enumerate(routine.items) if not (item.exercise.poses or item.exercise.pictures))
        return with_poses(routine, only=bare)

    phases = tuple(replace(phase, routine=drawn(phase.routine)) for phase in plan.phases)
    return plan.edited(routine=drawn(plan.routine), phases=phases)


def without_pictures(plan):
    """``plan`` with no exercise illustrated: neither the clinic's pictures nor poses."""

    def bare(routine):
        items = tuple(replace(item, exercise=replace(item.exercise, pictures=(), poses=())) for item in routine.items)
        return replace(routine, items=items)

    phases = tuple(replace(phase, routine=bare(phase.routine)) for phase in plan.phases)
    return plan.edited(routine=bare(plan.routine), phases=phases)


def raster(media_type: str, size: tuple[int, int] = (64, 40)) -> bytes:
    """A small PNG or JPEG made with Pillow: a black bar on white, so a screenshot shows it."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, "white")
    ImageDraw.Draw(image).rectangle((4, size[1] // 2 - 3, size[0] - 4, size[1] // 2 + 3), fill="black")
    out = io.BytesIO()
    image.save(out, format={"image/png": "PNG", "image/jpeg": "JPEG"}[media_type])
    return out.getvalue()


#: A clinic's own SVG, as a clinician might save it from a drawing program.
CLINIC_SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 60">'
    b'<rect width="120" height="60" fill="#fff"/><path d="M10 50 H110 M30 40 L60 20 L90 40" '
    b'stroke="#000" stroke-width="4" fill="none"/></svg>'
)


def clinic_pictures(alt: str = "") -> tuple[Picture, ...]:
    """A PNG, a JPEG and an SVG of the clinic's own, each with its text alternative."""
    return (
        Picture("image/png", raster("image/png"), alt or "Clinic photo: kneeling on all fours"),
        Picture("image/jpeg", raster("image/jpeg", (80, 60)), alt or "Clinic photo: sitting back on your heels"),
        Picture("image/svg+xml", CLINIC_SVG, alt or "Clinic drawing: a bridge"),
    )


def with_clinic_pictures(plan, position: int, pictures: tuple[Picture, ...]):
    """``plan`` with the clinic's own ``pictures`` on the exercise at ``position`` of its routine.

    The others keep what they have: start from ``without_pictures(plan)`` for a plan where only this one is
    illustrated (once the bundled exercises carry poses, they all are).
    """
    item = plan.routine.items[position]
    items = list(plan.routine.items)
    items[position] = replace(item, exercise=replace(item.exercise, pictures=pictures))
    return plan.edited(routine=replace(plan.routine, items=tuple(items)))


@pytest.fixture(scope="session")
def illustrations() -> SimpleNamespace:
    """This module's helpers, for test modules (a conftest is not imported by name)."""
    return SimpleNamespace(
        illustrate=illustrate,
        without_pictures=without_pictures,
        clinic_pictures=clinic_pictures,
        with_clinic_pictures=with_clinic_pictures,
        with_poses=with_poses,
        start=START,
        end=END,
    )
