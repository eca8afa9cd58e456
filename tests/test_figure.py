"""The pose model and the figure renderer: geometry that holds for every pose, and SVG that is safe to embed.

Geometry is checked through :func:`backcare_kit.figure.layout`, the settled
3D points and where each lands in the picture, for the bundled poses and for
poses hypothesis makes up: limbs keep their lengths (between poses and at
every step of a move), each line starts where the one before it ends, the
figure stays in its frame, what rests on the floor touches it and nothing is
below it.
"""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path

import pytest
from defusedxml import ElementTree
from hypothesis import given, settings
from hypothesis import strategies as st

from backcare_kit.errors import InvalidValue
from backcare_kit.figure import figure_svg, figure_svgs, layout, motion_poses, motion_svg
from backcare_kit.pose import JOINTS, PARTS, Pose, between
from backcare_kit.posefile import read_poses
from backcare_kit.skeleton import BONES, TOUCH, check_pose, floor_gaps, limb_lengths, radius

BUNDLED = read_poses(Path(__file__).resolve().parent.parent / "data" / "poses.csv")
EVERY_POSE = [
    pytest.param(pose, id=f"{exercise}-{position}")
    for exercise, poses in BUNDLED.items()
    for position, pose in zip(("start", "end"), poses, strict=False)
]
SVG = "{http://www.w3.org/2000/svg}"

#: The lines of a figure, as anatomy has them: each starts where the one before it ends.
CHAINS = [
    *[(f"{s}_shoulder", f"{s}_elbow", f"{s}_hand") for s in ("near", "far")],
    *[(f"{s}_hip", f"{s}_knee", f"{s}_ankle", f"{s}_toe") for s in ("near", "far")],
    ("far_hip", "near_hip"),
    ("pelvis", "chest"),
    ("far_shoulder", "near_shoulder"),
]

angles = st.fixed_dictionaries(
    {joint: st.floats(low, high, allow_nan=False) for joint, (low, high, _) in JOINTS.items()}
).map(lambda found: tuple(found.items()))
#: Any pose at all, saying any parts rest on the floor: whether or not they can, the figure is drawn settled.
poses = st.builds(Pose, st.just("A figure"), angles, st.lists(st.sampled_from(PARTS), max_size=4), st.floats(0, 90))


def pose(on_floor=(), view=20.0, **degrees) -> Pose:
    return Pose("A figure", tuple(degrees.items()), tuple(on_floor), view)


# --- geometry -----------------------------------------------------------------------------------


def assert_lengths_kept(points) -> None:
    for bone, length in limb_lengths(points).items():
        assert math.isclose(length, BONES[bone], abs_tol=1e-9), f"{bone}: {length} is not {BONES[bone]}"


def assert_in_frame(drawn) -> None:
    for name, (x, y) in drawn.screen.items():
        reach = radius(name) * drawn.scale
        assert reach <= x <= drawn.width - reach, f"{name} at x={x} leaves a frame {drawn.width} wide"
        assert reach <= y <= drawn.height - reach, f"{name} at y={y} leaves a frame {drawn.height} high"
    for x, y in drawn.mat:
        assert 0 <= x <= drawn.width and 0 <= y <= drawn.height


def assert_on_the_floor(drawn) -> None:
    lowest = min(v[1] - radius(name) for name, v in drawn.points.items())
    assert math.isclose(lowest, 0.0, abs_tol=1e-9), f"the lowest point is {lowest} above the floor, not on it"


@pytest.mark.parametrize("bundled", EVERY_POSE)
def test_a_bundled_pose_rests_its_parts_on_the_floor_and_stays_in_its_frame(bundled):
    drawn = layout(bundled)
    assert_lengths_kept(drawn.points)
    assert_in_frame(drawn)
    assert_on_the_floor(drawn)
    gaps = floor_gaps(bundled, drawn.points)
    assert set(gaps) == set(bundled.on_floor) and bundled.on_floor
    assert all(gap <= TOUCH for gap in gaps.values()), gaps
    check_pose(bundled)


def test_every_bundled_figure_is_drawn_at_one_scale():
    scales = {round(layout(p).scale, 6) for poses in BUNDLED.values() for p in poses}
    assert len(scales) == 1, f"figures side by side would differ in size: {scales}"


@settings(max_examples=60, deadline=None)
@given(poses)
def test_any_valid_pose_keeps_its_limbs_rests_on_the_floor_and_fits_its_frame(made_up):
    drawn = layout(made_up)
    assert_lengths_kept(drawn.points)
    assert_on_the_floor(drawn)
    assert_in_frame(drawn)


@settings(max_examples=30, deadline=None)
@given(poses, poses, st.floats(0, 1))
def test_limbs_keep_their_lengths_between_two_poses(a, b, t):
    assert_lengths_kept(layout(between(a, b, t)).points)


def test_between_runs_from_one_pose_to_the_other():
    a, b = BUNDLED["glute-bridge"]
    assert between(a, b, 0).angles == a.angles and between(a, b, 1).angles == b.angles
    assert between(a, b, 0.5).angle("near_knee") == pytest.approx((a.angle("near_knee") + b.angle("near_knee")) / 2)
    assert between(a, b, 0.5).on_floor == tuple(p for p in a.on_floor if p in b.on_floor)


def test_the_body_rolls_the_short_way_round():
    assert between(pose(body_roll=170), pose(body_roll=-170), 0.5).angle("body_roll") in (180.0, -180.0)
    assert between(pose(body_roll=-170), pose(body_roll=170), 0.25).angle("body_roll") == pytest.approx(-175)


@pytest.mark.parametrize("exercise", sorted(BUNDLED))
def test_each_line_starts_where_the_one_before_it_ends(exercise):
    """Every drawn path is a chain of the layout's points, in anatomical order: the figure is in one piece."""
    still = BUNDLED[exercise][0]
    drawn = layout(still)
    paths = [_points(p.get("d")) for p in _elements(figure_svg(still), "path")]
    subpaths = [sub for path in paths for sub in path]
    for chain in CHAINS:
        expected = [drawn.screen[name] for name in chain]
        assert any(_same(sub, expected) for sub in subpaths), f"no line joins {' -> '.join(chain)}"
    head = _elements(figure_svg(still), "circle")[-1]
    assert (float(head.get("cx")), float(head.get("cy"))) == pytest.approx(drawn.screen["head"], abs=0.06)


def _points(d: str) -> list[list[tuple[float, float]]]:
    """A path's subpaths (each 'M x,y L x,y …'), as lists of points."""
    return [
        [tuple(map(float, xy.split(","))) for xy in re.findall(r"-?[\d.]+,-?[\d.]+", sub)]
        for sub in d.split("M")
        if sub.strip()
    ]


def _same(found, expected) -> bool:
    return len(found) == len(expected) and all(math.dist(a, b) <= 0.08 for a, b in zip(found, expected, strict=True))


# --- the SVG ------------------------------------------------------------------------------------


def _elements(svg: str, tag: str):
    return list(ElementTree.fromstring(svg).iter(SVG + tag))


def assert_safe_standalone_svg(svg: str) -> None:
    root = ElementTree.fromstring(svg)  # defusedxml: no entities, no external DTD
    assert root.tag == SVG + "svg"
    assert {"viewBox", "width", "height"} <= set(root.attrib)
    for element in root.iter():
        tag = element.tag.removeprefix(SVG)
        assert tag not in {"script", "foreignObject", "image", "use", "a", "style"}, f"<{tag}> in a figure"
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), f"event handler {name}"
            assert "href" not in name.lower() and "url(" not in value, f"a reference: {name}={value}"


@pytest.mark.parametrize("bundled", EVERY_POSE)
def test_a_still_figure_is_small_safe_standalone_svg_black_on_white(bundled):
    svg = figure_svg(bundled)
    assert_safe_standalone_svg(svg)
    assert len(svg.encode()) < 3000
    colours = set(re.findall(r'(?:stroke|fill)="([^"]+)"', svg))
    assert colours <= {"#000", "#fff", "none"}, colours
    root = ElementTree.fromstring(svg)
    height = int(root.get("height"))
    assert root.get("width") == "240" and root.get("viewBox") == f"0 0 240 {height}" and 0 < height <= 120


def test_the_width_sets_the_size_and_the_figure_keeps_its_proportions():
    small, large = layout(BUNDLED["rock-back"][0], width=240), layout(BUNDLED["rock-back"][0], width=480)
    assert large.width == 480 and abs(large.height - 2 * small.height) <= 2
    assert large.scale == pytest.approx(2 * small.scale)


def test_a_figure_lying_down_is_cropped_to_its_drawing_and_an_exercise_s_pictures_share_one_frame():
    lying, kneeling = layout(BUNDLED["glute-bridge"][0]), layout(BUNDLED["rock-back"][0])
    assert lying.scale == kneeling.scale  # one scale for every figure that fits
    assert lying.height < 0.75 * kneeling.height  # no empty band above a figure lying down
    start, end = figure_svgs(BUNDLED["glute-bridge"])
    sizes = {ElementTree.fromstring(svg).get("viewBox") for svg in (start, end)}
    assert len(sizes) == 1, sizes
    assert figure_svgs(BUNDLED["glute-bridge"])[0] != figure_svg(BUNDLED["glute-bridge"][0])  # the pair's own frame


def test_coordinates_are_rounded_to_a_tenth_of_a_pixel():
    numbers = re.findall(r"-?\d+\.\d+", figure_svg(BUNDLED["arm-openings"][1]))
    assert numbers and all(len(n.split(".")[1]) == 1 for n in numbers)


@pytest.mark.parametrize("exercise", sorted(BUNDLED))
def test_a_motion_figure_moves_by_svg_animation_alone_and_every_keyframe_keeps_its_limbs(exercise):
    start_end = BUNDLED[exercise]
    svg = motion_svg(start_end, seconds=3)
    assert_safe_standalone_svg(svg)
    frames = motion_poses(start_end)
    animations = _elements(svg, "animate")
    assert animations and all(a.get("repeatCount") == "indefinite" for a in animations)
    assert all(len(a.get("values").split(";")) == len(frames) for a in animations)
    for frame in frames:
        assert_lengths_kept(layout(frame).points)
    assert frames[0] == start_end[0] and frames[-1] == start_end[0] and start_end[1] in frames
    assert len(svg.encode()) < 25_000


def test_a_motion_takes_the_given_seconds_for_each_move_there_and_back():
    frames = motion_poses(BUNDLED["rock-back"])
    duration = _elements(motion_svg(BUNDLED["rock-back"], seconds=3), "animate")[0].get("dur")
    assert float(duration.removesuffix("s")) == pytest.approx(3 / 12 * (len(frames) - 1), abs=0.06)
    assert float(duration.removesuffix("s")) > 2 * 3  # two moves, and a pause at each end


def test_a_motion_eases_in_and_out():
    frames = motion_poses(BUNDLED["glute-bridge"])
    knees = [f.angle("near_knee") for f in frames]
    steps = [abs(b - a) for a, b in itertools.pairwise(knees) if b != a]
    assert steps[0] < steps[len(steps) // 4], "the first step should be smaller than those mid-move"


# --- the pose as a value ----------------------------------------------------------------------


def test_a_pose_keeps_every_joint_sorted_with_the_missing_ones_at_zero():
    made = pose(("feet", "back", "feet"), near_knee=90)
    assert [j for j, _ in made.angles] == sorted(JOINTS)
    assert made.angle("near_knee") == 90.0 and made.angle("far_knee") == 0.0
    assert made.on_floor == ("back", "feet")
    assert made == Pose("A figure", (("near_knee", 90),), ("back", "feet"))


def test_a_pose_cleans_its_words():
    assert Pose("  Lie on\nyour back\x00 ", (), ()).alt == "Lie on your back"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: pose(near_knee=170), "pose: near_knee: expected degrees from 0 to 160, not 170"),
        (lambda: pose(neck=-61), "pose: neck: expected degrees from -60 to 90, not -61"),
        (lambda: pose(near_knee=float("nan")), "pose: near_knee: expected degrees from 0 to 160, not nan"),
        (lambda: pose(near_knee=True), "pose: near_knee: expected degrees from 0 to 160, not True"),
        (lambda: pose(near_knee="90"), "pose: near_knee: expected degrees from 0 to 160, not '90'"),
        (lambda: pose(knee_near=90), "pose: angles: expected a joint, one of body_pitch, "),
        (lambda: Pose("x", (("neck", 1), ("neck", 2)), ()), "expected each joint once, but 'neck' is given twice"),
        (lambda: Pose("x", "neck", ()), "pose: angles: expected (joint, degrees) pairs, not 'neck'"),
        (lambda: Pose("x", (("neck",),), ()), "pose: angles: expected (joint, degrees) pairs, not ('neck',)"),
        (lambda: pose(("bottom",)), "pose: on_floor: expected body parts from arms, back, "),
        (lambda: Pose("x", (), "feet"), "pose: on_floor: expected a tuple of body parts, not 'feet'"),
        (lambda: pose(view=91), "pose: view: expected degrees from 0 to 90, not 91"),
        (lambda: Pose(" \u200b ", (), ()), "pose: alt: expected words saying what the picture shows"),
        (lambda: Pose(None, (), ()), "pose: alt: expected text, not None"),
    ],
)
def test_a_pose_refuses_bad_values_naming_them(make, message):
    with pytest.raises(InvalidValue) as refused:
        make()
    assert message in str(refused.value)


def test_parts_and_joints_have_names_and_ranges_around_rest():
    assert list(PARTS) == sorted(PARTS) and {"head", "back", "feet", "near hand", "far knee"} <= set(PARTS)
    assert all(low <= 0 <= high and label for low, high, label in JOINTS.values())


def test_a_pose_whose_parts_cannot_all_touch_the_floor_is_refused_naming_them():
    legs_up = pose(("back", "feet", "head"), near_hip=90, far_hip=90)  # straight legs in the air
    with pytest.raises(InvalidValue) as refused:
        check_pose(legs_up)
    message = str(refused.value)
    assert "pose 'A figure': on_floor: expected every part it names to touch the floor" in message
    assert re.search(r"the feet would be \d+ cm \(on a person 170 cm tall\) above it", message), message
    assert "change the angles, or leave that part out of on_floor" in message
    check_pose(pose(("back", "head")))  # the same body, said to rest on its back alone, is fine


def test_a_part_below_the_others_lifts_the_body_and_is_named():
    """A hand reaching down through the floor would lift the back off it: the message says what rests lowest."""
    hand_down = pose(("back", "head"), near_shoulder=-60, view=0)
    with pytest.raises(InvalidValue, match=r"the back would be \d+ cm .*\(the near hand rests lowest\)"):
        check_pose(hand_down)


@pytest.mark.parametrize("pitch", [-30, 0, 40])
def test_the_floor_levels_two_or_more_parts_by_tilting_the_body(pitch):
    """Told its hands and knees rest on the floor, a body posed at any tilt is turned until they all do.

    The turn is the smallest that levels them, so the body keeps its heading:
    its trunk still runs along the picture, not into it.
    """
    on_all_fours = pose(("hands", "knees"), body_roll=180, body_pitch=pitch, near_shoulder=90, far_shoulder=90,
                        near_hip=90, far_hip=90, near_knee=120, far_knee=120, near_ankle=60, far_ankle=60)  # fmt: skip
    drawn = layout(on_all_fours)
    assert max(floor_gaps(on_all_fours, drawn.points).values()) <= 1e-6
    trunk = [c - p for c, p in zip(drawn.points["chest"], drawn.points["pelvis"], strict=True)]
    assert abs(trunk[2]) < 1e-6 and trunk[0] < 0, trunk  # head still to the left, nothing turned towards the viewer
    assert trunk[1] > 0  # arms are longer than thighs: the shoulders stand higher than the hips
