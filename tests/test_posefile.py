"""poses.csv: the bundled file, every problem a clinic's file can have (all reported at once), and saving one pose.

Files are written to a temporary folder and read by the real reader (pandas
through backcare_kit.csvfile), as a clinic's would be.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
import readability

from backcare_kit.errors import InputError, InvalidValue
from backcare_kit.pose import JOINTS, Pose
from backcare_kit.posefile import COLUMNS, POSES_FILE, read_poses, save_pose

BUNDLED = Path(__file__).resolve().parent.parent / "data" / POSES_FILE
HEADER = ",".join([*COLUMNS, "near_knee", "far_knee"])
ON_BACK = "Start: lie on your back."


def write(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / POSES_FILE
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as refused:
        read_poses(path)
    return [str(p) for p in refused.value.problems]


# --- the bundled file ---------------------------------------------------------------------------


def test_the_bundled_file_draws_the_start_and_end_of_each_bundled_exercise():
    poses = read_poses(BUNDLED)
    assert list(poses) == ["glute-bridge", "rock-back", "arm-openings", "bent-knee-fall-out", "lumbar-rotation-stretch"]
    for exercise, (start, end) in poses.items():
        assert start.alt.startswith("Start: ") and end.alt.startswith("End: "), exercise
        assert start != end


def test_the_bundled_exercise_ids_are_the_catalogs():
    with (BUNDLED.parent / "exercises.csv").open(encoding="utf-8-sig", newline="") as catalog:
        ids = [row["id"] for row in csv.DictReader(catalog)]
    assert list(read_poses(BUNDLED)) == ids


def test_the_bundled_pictures_words_read_at_grade_8_or_below():
    """The same measure as tests/test_readability.py: Flesch-Kincaid grade 8 and reading ease 60 at worst."""
    for exercise, poses in read_poses(BUNDLED).items():
        for pose in poses:
            sentences = [s for s in re.split(r"(?<=[.!?])\s+", pose.alt) if s]
            text = "".join(" ".join(re.findall(r"\w+(?:['-]\w+)*|[^\w\s]", s)) + "\n" for s in sentences)
            grades = readability.getmeasures(text, lang="en")["readability grades"]
            assert grades["Kincaid"] <= 8 and grades["FleschReadingEase"] >= 60, (exercise, pose.alt, grades)


def test_the_bundled_file_lists_every_joint_in_order():
    header = BUNDLED.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header == [*COLUMNS, *JOINTS]


# --- a clinic's file ----------------------------------------------------------------------------


def test_a_small_file_needs_only_the_joints_it_moves(tmp_path):
    path = write(
        tmp_path,
        f"mine,start,{ON_BACK},,back; head,,,,",
        "mine,end,End: knees bent.,10,back;head,90,90,45,45",
        header=HEADER + ",near_hip,far_hip",
    )
    (start, end) = read_poses(path)["mine"]
    assert start.view == 20 and start.angle("near_knee") == 0 and start.on_floor == ("back", "head")
    assert end.view == 10 and end.angle("far_knee") == 90 and end.angle("near_hip") == 45
    assert end.angle("neck") == 0 and end.on_floor == ("back", "head")


def test_blank_rows_are_skipped_and_a_start_alone_is_one_picture(tmp_path):
    path = write(tmp_path, "", f"mine,start,{ON_BACK},20,back,0,0", ",,,,,,")
    assert read_poses(path) == {"mine": (Pose(ON_BACK, (), ("back",)),)}


def test_a_header_with_an_unknown_or_a_missing_column_is_refused_all_at_once(tmp_path):
    path = write(tmp_path, "mine,start,0", header="exercise,position,knee_near")
    found = problems(path)
    assert len(found) == 2
    assert found[0].endswith(":1: column 'alt': expected this required column in the header row")
    assert "column 'knee_near': expected a pose column (exercise, position, alt, view, on_floor) or a joint" in found[1]
    assert "near_knee" in found[1]


@pytest.mark.parametrize(
    ("row", "column", "value", "expected"),
    [
        (f"mine,start,{ON_BACK},20,back,170,0", "near_knee", "170", "degrees from 0 to 160 (near knee bend); blank"),
        (f"mine,start,{ON_BACK},20,back,bent,0", "near_knee", "bent", "degrees from 0 to 160"),
        (f"mine,start,{ON_BACK},20,back,0,nan", "far_knee", "nan", "degrees from 0 to 160"),
        (f"mine,start,{ON_BACK},95,back,0,0", "view", "95", "degrees from 0 to 90"),
        (f"mine,start,{ON_BACK},20,back; bottom,0,0", "on_floor", "back; bottom", "body parts separated by ';'"),
        (f"mine,middle,{ON_BACK},20,back,0,0", "position", "middle", "start or end"),
        ("mine,start, ,20,back,0,0", "alt", " ", "words saying what the picture shows"),
        (f",start,{ON_BACK},20,back,0,0", "exercise", "", "the id of an exercise in the catalog"),
    ],
)
def test_a_bad_cell_is_named_by_file_line_column_value_and_what_was_expected(tmp_path, row, column, value, expected):
    path = write(tmp_path, row)
    (found,) = problems(path)
    assert found.startswith(f"{path}:2: column {column!r}: value {value!r}: expected {expected}"), found


def test_a_part_said_to_rest_on_the_floor_that_cannot_is_named_with_how_far_off_it_is(tmp_path):
    path = write(tmp_path, f"mine,start,{ON_BACK},20,back; feet,0,0", header=HEADER + ",near_hip,far_hip")
    path.write_text(path.read_text().replace("back; feet,0,0", "back; feet,0,0,90,90"))
    (found,) = problems(path)
    assert found.startswith(f"{path}:2: column 'on_floor': value 'back; feet': expected every part it names to")
    assert re.search(r"the feet would be \d+ cm \(on a person 170 cm tall\) above it", found)


def test_a_picture_given_twice_and_an_end_without_a_start_are_refused(tmp_path):
    path = write(
        tmp_path,
        f"mine,start,{ON_BACK},20,back,0,0",
        f"mine,Start,{ON_BACK},20,back,0,0",
        f"other,end,{ON_BACK},20,back,0,0",
    )
    assert problems(path) == [
        f"{path}:3: column 'position': value 'start': expected one start for 'mine'; line 2 has it",
        f"{path}:4: column 'position': value 'end': expected a start row for 'other' as well: "
        "an end pose is drawn after its start",
    ]


def test_every_problem_of_a_file_comes_at_once(tmp_path):
    path = write(
        tmp_path,
        f"mine,start,{ON_BACK},20,back,170,-1",
        "mine,end,,20,elbow,0,0",
        f"other,end,{ON_BACK},20,back,0,0",
    )
    found = problems(path)
    assert [re.match(r".*?:(\d+): column '(\w+)'", p).groups() for p in found] == [
        ("2", "near_knee"),
        ("2", "far_knee"),
        ("3", "alt"),
        ("3", "on_floor"),
        ("4", "position"),
    ]


def test_a_control_character_is_named(tmp_path):
    path = write(tmp_path, "mine,start,Start:\x07 lie down.,20,back,0,0")
    (found,) = problems(path)
    assert "column 'alt'" in found and "without control characters" in found and "U+0007" in found


def test_a_missing_file_is_an_input_error_naming_it(tmp_path):
    assert problems(tmp_path / "none.csv") == [f"{tmp_path / 'none.csv'}: expected an existing CSV file"]


# --- saving one pose ----------------------------------------------------------------------------


def lying(alt: str = "Start: lie on your back with your knees bent.") -> Pose:
    return Pose(alt, (("near_hip", 45), ("far_hip", 45), ("near_knee", 90), ("far_knee", 90)), ("back", "head"), 25)


def test_saving_a_pose_replaces_its_row_and_keeps_every_other_row_as_it_was(tmp_path):
    path = tmp_path / POSES_FILE
    shutil.copy(BUNDLED, path)
    before = path.read_text(encoding="utf-8").splitlines()
    changed = lying("End: a new picture of rock back.")
    assert save_pose(path, "rock-back", "end", changed) == path
    after = path.read_text(encoding="utf-8").splitlines()
    assert len(after) == len(before)
    differ = [n for n, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert differ == [4] and after[4].startswith("rock-back,end,End: a new picture of rock back.,25,back; head,")
    poses = read_poses(path)
    assert poses["rock-back"][1] == changed
    assert poses["glute-bridge"] == read_poses(BUNDLED)["glute-bridge"]


def test_saving_a_new_exercise_adds_a_row_and_a_missing_file_is_made_with_every_column(tmp_path):
    path = tmp_path / "new" / POSES_FILE
    save_pose(path, "mine", "start", lying())
    save_pose(path, "mine", "end", lying("End: the same, again."))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join([*COLUMNS, *JOINTS]) and len(lines) == 3
    assert read_poses(path) == {"mine": (lying(), lying("End: the same, again."))}


def test_saving_keeps_a_clinics_column_order_extra_joints_byte_order_mark_and_line_ends(tmp_path):
    path = tmp_path / POSES_FILE
    path.write_bytes((f"\ufeffposition,exercise,alt,near_knee\r\nstart,other,{ON_BACK},0\r\n").encode())
    save_pose(path, "mine", "start", lying())
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfposition,exercise,alt,near_knee,view,on_floor,")
    assert b"\r\nstart,other,Start: lie on your back.,0\r\n" in data and data.count(b"\r\n") == 3
    assert set(read_poses(path)) == {"other", "mine"}


def test_saving_refuses_a_pose_that_cannot_rest_as_it_says_and_a_bad_position(tmp_path):
    path = tmp_path / POSES_FILE
    legs_up = Pose(ON_BACK, (("near_hip", 90), ("far_hip", 90)), ("back", "feet"))
    with pytest.raises(InvalidValue, match=r"the feet would be \d+ cm"):
        save_pose(path, "mine", "start", legs_up)
    with pytest.raises(InvalidValue, match="position: expected start or end, not 'middle'"):
        save_pose(path, "mine", "middle", lying())
    with pytest.raises(InvalidValue, match="exercise: expected an exercise id"):
        save_pose(path, " ", "start", lying())
    assert not path.exists()


# --- the pose file beside a catalog ---------------------------------------------------------------


def test_the_bundled_catalog_carries_each_exercise_start_and_end_pose():
    from backcare_kit import load_catalog

    drawn = read_poses(BUNDLED)
    catalog = load_catalog()
    assert {i: catalog[i].poses for i in catalog} == drawn
    assert all(len(poses) == 2 for poses in drawn.values())


def test_a_clinic_catalog_takes_its_poses_from_the_file_beside_it_and_says_which_are_not_used(tmp_path):
    from backcare_kit.bundled import bundled_path
    from backcare_kit.catalog import Catalog

    shutil.copy(bundled_path("exercises.csv"), tmp_path / "clinic.csv")
    rows = BUNDLED.read_text(encoding="utf-8").splitlines()
    kept = [rows[0], *(r for r in rows[1:] if r.startswith("rock-back,"))]
    stray = rows[1].replace("glute-bridge,", "side-plank,", 1)
    (tmp_path / POSES_FILE).write_text("\n".join([*kept, stray]) + "\n", encoding="utf-8")
    catalog = Catalog.read_csv(tmp_path / "clinic.csv")
    assert catalog["rock-back"].poses == read_poses(BUNDLED)["rock-back"]
    assert catalog["glute-bridge"].poses == ()
    assert any("'side-plank'" in w and POSES_FILE in w for w in catalog.warnings)


def test_a_bad_pose_file_is_reported_with_the_catalog_s_own_problems_at_once(tmp_path):
    from backcare_kit.bundled import bundled_path
    from backcare_kit.catalog import Catalog

    source = bundled_path("exercises.csv").read_text(encoding="utf-8")
    (tmp_path / "clinic.csv").write_text(source.replace(",120,none,", ",-5,none,", 1), encoding="utf-8")
    write(tmp_path, f"rock-back,start,{ON_BACK},20,feet,400,90")
    with pytest.raises(InputError) as refused:
        Catalog.read_csv(tmp_path / "clinic.csv")
    said = [str(p) for p in refused.value.problems]
    assert any("clinic.csv" in s and "duration_seconds" in s for s in said), said
    assert any(POSES_FILE in s and "near_knee" in s and "400" in s for s in said), said
