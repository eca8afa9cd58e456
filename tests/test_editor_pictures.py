"""Pictures on the clinician's side: the editor's thumbnails, the plan summary, the library table, the pose editor.

The bundled exercises carry their own poses; the ``illustrate`` fixture
(tests/conftest.py) draws an exercise a test made without any.
"""

from __future__ import annotations

import html
import re
import shutil
from dataclasses import replace
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from backcare_kit import bundled_plan, load_catalog
from backcare_kit import richrepr as richrepr_module
from backcare_kit.bundled import bundled_path
from backcare_kit.picture import Picture
from backcare_kit.pose import JOINTS, PARTS
from backcare_kit.pose_editor import PoseEditor
from backcare_kit.posefile import POSES_FILE, read_poses
from backcare_kit.richrepr import THUMBNAIL_PIXELS, library_html, plan_html, thumbnail_html
from backcare_kit.widgets import Editor

IMG = re.compile(r'<img class="bk-picture" src="data:(image/[a-z+]+);base64,[A-Za-z0-9+/=]+" alt="([^"]+)"')


@pytest.fixture
def editor(illustrate, plugins, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return Editor(illustrate(bundled_plan(patient="Jane Doe", start_date=date(2026, 3, 2))), plugins=plugins)


@pytest.fixture
def counted(monkeypatch):
    """How many times the pictures of an exercise are drawn, from a clean cache."""
    calls = []
    real = richrepr_module.pictures_of
    monkeypatch.setattr(richrepr_module, "pictures_of", lambda exercise: calls.append(exercise.id) or real(exercise))
    richrepr_module._thumbnails.cache_clear()
    yield calls
    richrepr_module._thumbnails.cache_clear()


def test_each_card_shows_the_first_picture_with_its_words(editor):
    for row, item in zip(editor.rows, editor.plan.routine.items, strict=True):
        [(media_type, alt)] = IMG.findall(row.thumbnail.value)
        assert media_type == "image/svg+xml" and html.unescape(alt) == item.exercise.poses[0].alt
        assert "bk-item-thumbnail" in row.thumbnail._dom_classes


def test_an_exercise_without_pictures_gets_no_empty_frame(plugins):
    plan = bundled_plan(patient="Jane Doe")
    bare = tuple(replace(item, exercise=replace(item.exercise, poses=())) for item in plan.routine.items)
    editor = Editor(plan.edited(routine=replace(plan.routine, items=bare)), plugins=plugins)
    assert all(row.thumbnail is None for row in editor.rows)
    assert "<img" not in thumbnail_html(editor.plan.routine.items[0].exercise)


def test_a_dose_edit_draws_no_picture_and_a_move_draws_none_again(counted, illustrate, plugins):
    editor = Editor(illustrate(bundled_plan(patient="Jane Doe")), plugins=plugins)
    assert sorted(counted) == sorted(item.id for item in editor.plan.routine.items)  # once per exercise
    drawn, thumbnail = len(counted), editor.rows[0].thumbnail
    editor.rows[0].seconds.value = 90
    editor.rows[2].sides.value = "Alternating sides"
    assert len(counted) == drawn and editor.rows[0].thumbnail is thumbnail
    editor.rows[4].up.click()  # the rows are rebuilt: the thumbnails come from the cache
    lumbar = load_catalog()["lumbar-rotation-stretch"].poses[0].alt
    assert len(counted) == drawn and f'alt="{lumbar}"' in html.unescape(editor.rows[3].thumbnail.value)


def test_an_alt_a_clinic_typed_is_escaped(illustrate, plugins):
    exercise = illustrate(load_catalog()["rock-back"])
    start = replace(exercise.poses[0], alt='On hands & knees <script>alert("x")</script>')
    shown = thumbnail_html(replace(exercise, poses=(start, exercise.poses[1])))
    assert "<script>" not in shown and "&lt;script&gt;" in shown and "&amp; knees" in shown


def test_a_large_photograph_becomes_a_small_thumbnail(illustrate):
    photo = BytesIO()
    Image.new("RGB", (2000, 1000), "#3a6").save(photo, format="JPEG")
    exercise = replace(load_catalog()["rock-back"], pictures=(Picture("image/jpeg", photo.getvalue(), "On all fours"),))
    [(media_type, alt)] = IMG.findall(thumbnail_html(exercise))
    assert (media_type, alt) == ("image/png", "On all fours")
    data = richrepr_module._thumbnails(exercise)[0].data
    with Image.open(BytesIO(data)) as small:
        assert small.size == (THUMBNAIL_PIXELS, THUMBNAIL_PIXELS // 2)
    assert len(data) < len(photo.getvalue())


def test_the_plan_summary_shows_each_included_exercise_with_its_thumbnail(illustrate):
    plan = illustrate(bundled_plan(patient="Jane Doe"))
    plan = plan.edited(routine=plan.routine.tailor(1, included=False))
    alts = [html.unescape(alt) for _, alt in IMG.findall(plan_html(plan))]
    assert alts == [item.exercise.poses[0].alt for item in plan.routine.included]


def test_the_library_shows_every_picture_and_says_when_there_is_none(illustrate):
    catalog = load_catalog()
    exercises = [illustrate(catalog["rock-back"]), replace(catalog["arm-openings"], poses=())]
    table = library_html(exercises)
    assert [html.unescape(alt) for _, alt in IMG.findall(table)] == [pose.alt for pose in exercises[0].poses]
    rows = table.split("<tr>")[2:]
    assert "<img" not in rows[1] and "No picture yet" in rows[1] and "Arm openings" in rows[1]
    assert "Repeat for 2 minutes" in rows[0]


# The illustration notebook's editor, on a copy of the bundled exercise file.
@pytest.fixture
def catalog_copy(tmp_path) -> Path:
    path = tmp_path / "exercises.csv"
    shutil.copyfile(bundled_path("exercises.csv"), path)
    return path


def test_the_pose_editor_has_a_labelled_slider_per_joint_and_a_box_per_part(catalog_copy):
    editor = PoseEditor(catalog_copy)
    assert list(editor.sliders) == list(JOINTS) and list(editor.floor) == list(PARTS)
    for joint, slider in editor.sliders.items():
        low, high, label = JOINTS[joint]
        assert (slider.description, slider.min, slider.max) == (f"{label[:1].upper()}{label[1:]} (°)", low, high)
    assert [o for o, _ in editor.exercise.options][:2] == ["Glute bridge with spinal articulation", "Rock back"]
    assert editor.model.alt.startswith("Lie on your back")  # a first guess from the starting position
    assert (
        editor.figure.value.startswith('<img class="bk-picture" src="data:image/svg+xml;base64,')
        and editor.problem.value == ""
    )


def test_sliders_and_boxes_change_the_pose_and_the_figure_follows(catalog_copy):
    editor = PoseEditor(catalog_copy)
    joint = next(iter(JOINTS))
    low, high, _ = JOINTS[joint]
    editor.sliders[joint].value = high
    editor.floor[PARTS[0]].value = True
    editor.alt.value = "Lying on your back"
    pose = editor.model.pose()
    assert (pose.angle(joint), pose.on_floor, pose.alt) == (high, (PARTS[0],), "Lying on your back")
    assert 'alt="Lying on your back"' in editor.figure.value
    editor.position.value = "end"  # a new position starts from the start pose's angles, with words of its own
    assert editor.model.pose().angle(joint) == pytest.approx(0 if low <= 0 <= high else low)
    assert editor.model.alt == "Glute bridge with spinal articulation: end position"


def test_the_figure_is_redrawn_as_a_slider_moves(catalog_copy):
    editor = PoseEditor(catalog_copy)
    before = editor.figure.value
    joint = next(iter(JOINTS))
    editor.sliders[joint].value = JOINTS[joint][1]
    assert editor.figure.value != before


def test_a_pose_that_cannot_be_drawn_is_explained_not_raised(catalog_copy):
    editor = PoseEditor(catalog_copy)
    joint, (low, high, label) = next(iter(JOINTS.items()))
    editor.model.set_angle(joint, high + 500)  # from code: a slider could not go there
    assert editor.figure.value == ""
    assert f"This pose cannot be drawn: {label}: expected {low:g} to {high:g} degrees" in editor.problem.value
    editor.model.set_angle(joint, high)
    assert editor.problem.value == "" and editor.figure.value


def test_saving_without_words_is_refused_with_the_reason(catalog_copy):
    editor = PoseEditor(catalog_copy)
    editor.alt.value = "  "
    editor.save.click()
    assert "Describe the position in words first" in editor.message.value
    assert not (catalog_copy.parent / POSES_FILE).exists()


def test_a_saved_pose_is_in_the_pose_file_and_the_exercise_shows_it_at_once(catalog_copy):
    shutil.copyfile(bundled_path(POSES_FILE), catalog_copy.parent / POSES_FILE)
    editor = PoseEditor(catalog_copy)
    editor.exercise.value = "rock-back"
    editor.sliders["neck"].value = -10  # the head lifted a little: the hands and knees stay on the floor
    editor.alt.value = "On your hands and knees"
    editor.save.click()
    assert "Saved the start position of Rock back" in editor.message.value, editor.message.value
    [start, *_] = read_poses(catalog_copy.parent / POSES_FILE)["rock-back"]
    assert start == editor.model.pose() and editor.model.exercise.poses[0] == start
    assert 'alt="On your hands and knees"' in editor.shown.value and "In the plan editor" in editor.shown.value
    again = PoseEditor(catalog_copy)  # a new session reads it back
    again.exercise.value = "rock-back"
    assert again.model.pose() == start


def test_a_bug_while_drawing_is_said_beside_the_figure_and_logged_with_its_traceback(catalog_copy, monkeypatch, caplog):
    import backcare_kit.pose_model as pose_model

    def broken(*_args, **_kwargs):
        raise ZeroDivisionError("a bug in the renderer")

    editor = PoseEditor(catalog_copy)
    monkeypatch.setattr(pose_model, "figure_svg", broken)
    editor.sliders["neck"].value = 10
    assert editor.model.figure == "" and "a bug in backcare-kit and not in your input" in editor.model.problem
    [record] = [r for r in caplog.records if r.name == "backcare_kit.pose_model"]
    assert "drawing the pose failed" in record.getMessage() and record.exc_info[0] is ZeroDivisionError
