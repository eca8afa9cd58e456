"""The bundled illustrations as a browser shows them: each still, and the motion figure caught mid-move.

Each picture is shown the way the handout shows it, as an ``<img>`` whose
source is a ``data:`` URI, and screenshotted into screenshots/ for a person
to look at (tests/browser.py). The checks a screenshot allows are made
here: the image loaded, it is not blank, it is mostly white with a real
amount of black line, and the motion figure is somewhere else mid-move
than at its start.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from backcare_kit_browser import save_screenshot
from PIL import Image, ImageChops

from backcare_kit.figure import FRAMES_HELD, FRAMES_PER_MOVE, figure_svgs, motion_svg
from backcare_kit.picture import Picture
from backcare_kit.posefile import read_poses

pytestmark = pytest.mark.slow

POSES = read_poses(Path(__file__).resolve().parent.parent / "data" / "poses.csv")
STILLS = [
    pytest.param(exercise, position, pose, svg, id=f"{exercise}-{position}")
    for exercise, poses in POSES.items()
    for position, pose, svg in zip(("start", "end"), poses, figure_svgs(poses, width=480), strict=False)
]


def shown_as_image(page, svg: str, alt: str, width: int) -> None:
    """Load ``svg`` into the page as the handout does: an <img> with a data: URI, on a white page."""
    uri = Picture("image/svg+xml", svg.encode("utf-8"), alt).data_uri
    page.set_content(
        f'<!doctype html><html lang="en"><body style="margin:0;background:#fff">'
        f'<img src="{uri}" alt="{html.escape(alt)}" width="{width}"></body></html>'
    )
    page.wait_for_function("document.images[0].complete && document.images[0].naturalWidth > 0")


def ink(path: Path) -> float:
    """The share of the picture's pixels that are dark (the lines)."""
    with Image.open(path) as image:
        grey = image.convert("L")
        histogram = grey.histogram()
    return sum(histogram[:128]) / (grey.width * grey.height)


@pytest.mark.parametrize(("exercise", "position", "pose", "svg"), STILLS)
def test_each_bundled_illustration_shows_in_chromium(page, exercise, position, pose, svg):
    """Drawn as the handout draws them: an exercise's start and end in one frame."""
    shown_as_image(page, svg, pose.alt, 480)
    path = save_screenshot(page.locator("img"), f"figure-{exercise}-{position}")
    height = int(re.search(r'height="(\d+)"', svg)[1])
    with Image.open(path) as image:
        assert image.size == (480, height) and height <= 240
    assert 0.02 < ink(path) < 0.3, f"{path}: lines cover {ink(path):.1%} of the picture"


def test_every_bundled_exercise_has_a_start_and_an_end_picture():
    assert {exercise: len(poses) for exercise, poses in POSES.items()} == {
        "glute-bridge": 2,
        "rock-back": 2,
        "arm-openings": 2,
        "bent-knee-fall-out": 2,
        "lumbar-rotation-stretch": 2,
    }


@pytest.mark.parametrize("exercise", list(POSES))
def test_the_motion_figure_moves_between_start_and_end(page, exercise):
    """Inline, so SVG's own clock can be stopped: at 0 s the start pose, half way through the move another."""
    seconds = 4.0
    moving = motion_svg(POSES[exercise], width=480, seconds=seconds)
    page.set_content(f'<!doctype html><html lang="en"><body style="margin:0">{moving}</body></html>')
    figure = page.locator("svg")
    halfway = seconds * (FRAMES_HELD + FRAMES_PER_MOVE / 2) / FRAMES_PER_MOVE
    shots = {}
    for name, at in (("start", 0.0), ("halfway", halfway)):
        page.evaluate(
            "(at) => { const s = document.querySelector('svg'); s.pauseAnimations(); s.setCurrentTime(at) }", at
        )
        shots[name] = save_screenshot(figure, f"motion-{exercise}-{name}")
    with Image.open(shots["start"]) as a, Image.open(shots["halfway"]) as b:
        assert ImageChops.difference(a.convert("L"), b.convert("L")).getbbox() is not None, "the figure did not move"
