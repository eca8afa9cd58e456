"""Illustrated plans for the HTML exporter's tests: one place that says where the tests' figures come from.

The bundled exercises carry their own poses (data/poses.csv), so the tests
run on the real drawings. :func:`illustrate` draws any exercise that has
neither poses nor pictures (one a test made bare) with the glute bridge's
start and end, and :func:`without_pictures` takes every picture away.
Test modules reach these helpers through the one fixture ``illustrations``.
No test depends on the drawings' shapes.
"""

from __future__ import annotations

import io
from dataclasses import replace
from types import SimpleNamespace

import pytest

from backcare_kit.bundled import bundled_path
from backcare_kit.picture import Picture
from backcare_kit.posefile import POSES_FILE, read_poses

#: A start and an end pose for an exercise a test left without any: the bundled glute bridge's.
START, END = read_poses(bundled_path(POSES_FILE))["glute-bridge"]


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
    """``plan`` with every exercise of every stage drawn: its own poses or pictures, else START and END."""

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
