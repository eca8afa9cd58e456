"""A clinic's own pictures: named in the catalog CSV, read beside it, checked, and carried in saved plans.

Every catalog here is a real CSV in a real folder with real image files made
by Pillow, read by pandas through ``load_catalog`` and through the command
line; every plan is a real JSON file. The assertions are on the words the
clinician reads: the file, the line, the column, the value, what was expected.
"""

from __future__ import annotations

import base64
import io
import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from backcare_kit import (
    InputError,
    Routine,
    export_plan,
    load_catalog,
    load_plan,
    load_routine,
    save_plan,
    save_routine,
)
from backcare_kit.bundled import bundled_path
from backcare_kit.catalog import Catalog
from backcare_kit.jsonfile import read_json
from backcare_kit.limits import MAX_PICTURE_BYTES
from backcare_kit.picture import Picture
from backcare_kit.posefile import POSES_FILE, read_poses
from backcare_kit.storage import PLAN_FORMAT, VERSION

HEADER = "id,name,steps,duration_seconds,sides,starting_position,images,image_alt\n"
BUNDLED_POSES = read_poses(bundled_path(POSES_FILE))
V2_PLAN = Path(__file__).parent / "data" / "pictures" / "plan-v2.json"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 60"><line x1="0" y1="50" x2="120" y2="50"/></svg>'


def raster(kind: str, size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "navy").save(out, kind)
    return out.getvalue()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A clinic's folder: a pictures/ folder of good images beside where the CSV will go."""
    pictures = tmp_path / "pictures"
    pictures.mkdir()
    for name, data in {
        "bridge.png": raster("PNG"),
        "bridge-up.jpg": raster("JPEG", (64, 48)),
        "rock.webp": raster("WEBP"),
        "floor.svg": SVG,
    }.items():
        (pictures / name).write_bytes(data)
    return tmp_path


def write(folder: Path, rows: str, name: str = "mine.csv") -> Path:
    path = folder / name
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_catalog(path)
    return [str(p) for p in caught.value.problems]


# 1. Good pictures


def test_pictures_load_with_their_kinds_and_alts_given_or_from_the_starting_position(folder):
    path = write(
        folder,
        'bridge,Bridge,Lift.,60,none,"Lie on your back.\nBend your knees.",'
        '"pictures/bridge.png\npictures\\\\bridge-up.jpg\npictures/rock.webp\npictures/floor.svg",'
        '"Lying on the back, knees bent\nHips lifted"\n'
        "rock,Rock back,Rock.,60,none,,pictures/rock.webp,\n",
    )
    catalog = load_catalog(path)
    bridge = catalog["bridge"].pictures
    assert [(p.media_type, p.alt) for p in bridge] == [
        ("image/png", "Lying on the back, knees bent"),
        ("image/jpeg", "Hips lifted"),
        ("image/webp", "Lie on your back. Bend your knees."),
        ("image/svg+xml", "Lie on your back. Bend your knees."),
    ]
    assert (bridge[1].width, bridge[3].width) == (64, 120)
    assert [(p.media_type, p.alt) for p in catalog["rock"].pictures] == [("image/webp", "Rock back")]
    assert catalog["glute-bridge"].pictures == ()
    assert catalog.warnings == ()  # known columns, not the clinic's own extras


def test_to_frame_shows_the_file_names_and_the_alt_each_picture_gets(folder):
    path = write(folder, 'bridge,Bridge,Lift.,60,none,Lie down.,"pictures/bridge.png\npictures/floor.svg",Knees bent\n')
    frame = load_catalog(path).to_frame()
    assert frame.loc["bridge", "images"] == "pictures/bridge.png\npictures/floor.svg"
    assert frame.loc["bridge", "image_alt"] == "Knees bent\nLie down."
    assert frame.loc["rock-back", "images"] == ""


def test_a_catalog_made_in_code_keeps_its_pictures_and_poses_and_describes_them(folder):
    picture = Picture.from_bytes(raster("PNG"), "Knees bent")
    exercise = replace(load_catalog()["glute-bridge"], pictures=(picture,), poses=BUNDLED_POSES["rock-back"])
    catalog = Catalog.from_exercises([exercise])
    assert catalog["glute-bridge"] == exercise
    assert catalog.to_frame().loc["glute-bridge", ["images", "image_alt"]].tolist() == [
        "PNG picture, 40 x 30",
        "Knees bent",
    ]


# 2. Every bad picture, each with the file, the line, the column and the value


def _oversized(pictures: Path) -> str:
    (pictures / "big.png").write_bytes(raster("PNG") + bytes(MAX_PICTURE_BYTES))
    return "pictures/big.png"


def _gif(pictures: Path) -> str:
    (pictures / "x.png").write_bytes(raster("GIF"))
    return "pictures/x.png"


def _truncated(pictures: Path) -> str:
    data = raster("PNG", (200, 100))
    (pictures / "cut.png").write_bytes(data[: len(data) // 2])
    return "pictures/cut.png"


def _script(pictures: Path) -> str:
    (pictures / "evil.svg").write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    return "pictures/evil.svg"


def _entity(pictures: Path) -> str:
    (pictures / "lol.svg").write_bytes(
        b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'
    )
    return "pictures/lol.svg"


#: case -> (makes the file and gives the cell for it, what the message says was expected)
BAD = {
    "missing": (lambda p: "pictures/none.png", "expected an image file that exists (looked for "),
    "another type": (_gif, "expected a PNG, JPEG, WebP or SVG image, not a GIF image"),
    "oversized": (_oversized, "expected a picture of at most 2 MB (2,097,152 bytes), not one of 2 MB"),
    "truncated": (_truncated, "expected a complete PNG image that can be read to its end"),
    "svg script": (_script, "not an SVG with a <script> element"),
    "svg entity": (_entity, "not one with a DOCTYPE"),
    "absolute": (lambda p: "/srv/clinic/pictures/bridge.png", "expected a path relative to the catalog's folder"),
    "windows absolute": (lambda p: "C:\\pictures\\bridge.png", "not an absolute path"),
    "folder": (lambda p: "pictures", "expected an image file, not a folder"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_picture_is_named_by_file_line_column_and_value(folder, case):
    make, expected = BAD[case]
    cell = make(folder / "pictures")
    path = write(folder, f'a,A,Step.,60,none,,pictures/bridge.png,\nb,B,Step.,60,none,,"{cell}",\n')
    (message,) = problems_of(path)
    assert message.startswith(f"{path}:3: column 'images': value {cell!r}: ")
    assert expected in message


def test_more_alt_lines_than_images_is_named_on_the_image_alt_column(folder):
    path = write(folder, 'a,A,Step.,60,none,,pictures/bridge.png,"One\nTwo"\nb,B,Step.,60,none,,,Lonely\n')
    assert problems_of(path) == [
        f"{path}:2: column 'image_alt': value 'One\\nTwo': expected one line per image at most, "
        "but it has 2 lines for 1 image in the images column",
        f"{path}:4 (line 4, row 3 in a spreadsheet): column 'image_alt': value 'Lonely': expected one line per image "
        "at most, but it has 1 lines for 0 images in the images column",
    ]


def test_every_problem_of_a_file_is_reported_at_once_in_file_order(folder):
    cells = [make(folder / "pictures") for make, _ in BAD.values()]
    rows = "".join(f'e{n},E,Step.,60,none,,"{cell}",\n' for n, cell in enumerate(cells))
    path = write(folder, rows + 'z,Z,Step.,0,none,,"pictures/none.png\npictures/floor.svg",\n')
    problems = problems_of(path)
    assert len(problems) == len(BAD) + 2
    assert [p.split(": column")[0] for p in problems[: len(BAD)]] == [f"{path}:{n + 2}" for n in range(len(BAD))]
    last = len(BAD) + 2
    assert problems[-2].startswith(f"{path}:{last}: column 'duration_seconds'")
    assert problems[-1].startswith(f"{path}:{last}: column 'images': value 'pictures/none.png'")


def test_a_file_named_by_several_exercises_is_read_and_reported_for_each(folder):
    path = write(folder, "a,A,S.,60,none,,pictures/none.png,\nb,B,S.,60,none,,pictures/none.png,\n")
    assert [p.split(":")[1] for p in problems_of(path)] == ["2", "3"]


def test_an_image_alt_column_without_an_images_column_is_checked_too(tmp_path):
    path = tmp_path / "alts.csv"
    path.write_text("id,name,steps,duration_seconds,sides,image_alt\na,A,S.,60,none,A picture\n", encoding="utf-8")
    assert "but it has 1 lines for 0 images" in problems_of(path)[0]


# 3. The command line: exit 2, the message, no traceback


@pytest.mark.parametrize("case", list(BAD))
def test_validate_names_a_bad_picture_and_exits_2_without_a_traceback(run, folder, case):
    make, expected = BAD[case]
    cell = make(folder / "pictures")
    path = write(folder, f'a,A,Step.,60,none,,"{cell}",\n')
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert f"{path}: 1 problem found:" in result.output
    assert f"{path}:2: column 'images': value {cell!r}: " in result.output and expected in result.output
    assert "Traceback" not in result.output


def test_export_with_a_catalog_of_bad_pictures_exits_2_listing_them_all(run, folder, tmp_path):
    path = write(folder, "a,A,S.,60,none,,pictures/none.png,\nb,B,S.,60,none,,pictures,\n")
    result = run("export", "--catalog", str(path), "--format", "markdown", "--output", str(tmp_path / "out.md"))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"{path}:2: column 'images'" in result.output and f"{path}:3: column 'images'" in result.output
    assert not (tmp_path / "out.md").exists()


def test_validate_of_a_catalog_with_good_pictures_exits_0(run, folder):
    path = write(folder, 'a,A,S.,60,none,,"pictures/bridge.png\npictures/floor.svg",\n')
    result = run("validate", str(path))
    assert result.exit_code == 0, result.output
    assert f"{path}: ok, 1 exercises" in result.output


# 4. Saved plans carry pictures and poses


@pytest.fixture
def illustrated(plan):
    """The bundled plan with a PNG, a JPEG, a WebP and an SVG on its first exercise, and poses on its second."""
    pictures = tuple(
        Picture.from_bytes(data, alt)
        for data, alt in [
            (raster("PNG"), "Lying on the back"),
            (raster("JPEG"), "Hips lifted"),
            (raster("WEBP"), "On hands and knees"),
            (SVG, "A floor line"),
        ]
    )
    poses = tuple(replace(pose, alt=f"{pose.alt} (as the clinic drew it)") for pose in BUNDLED_POSES["rock-back"])
    items = list(plan.routine.items)
    items[0] = replace(items[0], exercise=replace(items[0].exercise, pictures=pictures))
    items[1] = replace(items[1], exercise=replace(items[1].exercise, poses=poses))
    return plan.edited(routine=replace(plan.routine, items=tuple(items)))


def test_a_plan_with_pictures_and_poses_survives_a_file(tmp_path, illustrated):
    path = save_plan(illustrated, tmp_path / "plan.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == VERSION == 3
    saved = data["routine"]["items"][0]["exercise"]["pictures"][1]
    assert (saved["media_type"], saved["alt"]) == ("image/jpeg", "Hips lifted")
    assert base64.b64decode(saved["data"]) == illustrated.routine.items[0].exercise.pictures[1].data
    end = illustrated.routine.items[1].exercise.poses[1]
    assert data["routine"]["items"][1]["exercise"]["poses"][1] == {
        "alt": end.alt,
        "angles": [[joint, degrees] for joint, degrees in end.angles],
        "on_floor": list(end.on_floor),
        "view": end.view,
    }
    assert "pictures" not in data["routine"]["items"][2]["exercise"]  # none: written as before
    loaded = load_plan(path)
    assert loaded == illustrated
    assert loaded.routine.items[0].exercise.pictures == illustrated.routine.items[0].exercise.pictures


def test_a_clinic_s_png_jpeg_and_svg_reach_the_handout_and_still_export_once_their_files_are_gone(
    tmp_path, folder, plan
):
    """From the catalog CSV to the HTML file, each picture embedded byte for byte; then from the saved plan alone."""
    rows = (
        'bridge,Bridge,Lift.,60,none,Lie on your back.,"pictures/bridge.png\npictures/bridge-up.jpg",'
        '"Knees bent\nHips lifted"\n'
        "floor,Floor,Lie down.,60,none,Lie down.,pictures/floor.svg,\n"
    )
    catalog = load_catalog(write(folder, rows))
    routine = Routine.of([catalog["bridge"], catalog["floor"]])
    mine = plan.edited(routine=routine, phases=())
    files = ("bridge.png", "bridge-up.jpg", "floor.svg")
    expected = [base64.b64encode((folder / "pictures" / name).read_bytes()).decode("ascii") for name in files]

    def embedded(path: Path) -> list[str]:
        return re.findall(r'<img src="data:image/[a-z+]+;base64,([A-Za-z0-9+/=]+)"', path.read_text(encoding="utf-8"))

    assert embedded(export_plan(mine, "html", tmp_path / "first.html")) == expected
    saved = save_plan(mine, tmp_path / "plan.json")
    shutil.rmtree(folder / "pictures")  # another machine: the plan file alone
    assert embedded(export_plan(load_plan(saved), "html", tmp_path / "again.html")) == expected


def test_an_older_reader_refuses_a_plan_with_pictures_rather_than_drop_them(tmp_path, illustrated):
    path = save_plan(illustrated, tmp_path / "plan.json")
    with pytest.raises(InputError, match=r"field 'version': value '3': expected version 1 or 2 \("):
        read_json(path, PLAN_FORMAT, 2, 1)  # what backcare-kit before pictures asks of a plan file


def test_a_version_2_plan_still_reads(tmp_path, plan):
    """tests/data/pictures/plan-v2.json was written by the toolkit before pictures, not by hand."""
    assert json.loads(V2_PLAN.read_text(encoding="utf-8"))["version"] == 2
    loaded = load_plan(shutil.copy(V2_PLAN, tmp_path / "v2.json"))
    undrawn = tuple(replace(item, exercise=replace(item.exercise, poses=())) for item in plan.routine.items)
    assert loaded == replace(plan, routine=replace(plan.routine, items=undrawn))
    assert all(item.exercise.pictures == () == item.exercise.poses for item in loaded.routine.items)


def test_a_routine_with_pictures_survives_a_file_and_a_version_1_routine_still_reads(tmp_path, illustrated):
    path = save_routine(illustrated.routine, tmp_path / "routine.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == 2 and load_routine(path) == illustrated.routine
    plain = save_routine(replace(illustrated.routine, items=illustrated.routine.items[2:]), tmp_path / "plain.json")
    old = json.loads(plain.read_text(encoding="utf-8")) | {"version": 1}
    plain.write_text(json.dumps(old), encoding="utf-8")
    assert load_routine(plain).items == illustrated.routine.items[2:]


def test_every_bad_picture_or_pose_in_a_plan_is_named_by_its_path(tmp_path, illustrated):
    path = save_plan(illustrated, tmp_path / "plan.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    first, second = (data["routine"]["items"][n]["exercise"] for n in (0, 1))
    first["pictures"][0]["data"] = "not base64!"
    first["pictures"][1]["media_type"] = "image/svg+xml"
    first["pictures"][1]["data"] = base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>').decode()
    first["pictures"][2]["media_type"] = "image/gif"
    first["pictures"][3]["data"] = base64.b64encode(raster("GIF")).decode()
    second["poses"][0]["angles"] = [["near_hip", "ninety"]]
    second["poses"][1]["colour"] = "red"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_plan(path)
    messages = [str(p) for p in caught.value.problems]
    at = f"{path}: field 'routine.items"
    assert messages == [
        f"{at}[0].exercise.pictures[0].data': value 'not base64!': expected the image's bytes in base64 "
        "(at most 2,097,152 bytes)",
        f"{at}[0].exercise.pictures[2].media_type': value 'image/gif': expected one of image/png, image/jpeg, "
        "image/webp, image/svg+xml",
        f'{at}[1].exercise.poses[0].angles[0]\': value \'["near_hip", "ninety"]\': expected a [joint, degrees] pair '
        'such as ["near_hip", 90]',
        f"{at}[1].exercise.poses[1].colour': value '\"red\"': expected a field this object has "
        "(alt, angles, on_floor, view)",
        f"{at}[0].exercise.pictures[1]': expected a picture that can be shown (picture 'Hips lifted': expected an "
        "SVG without scripts, event handlers, foreignObject or references outside the drawing (such an SVG is "
        'refused, not cleaned), not an SVG with an event handler (onload="x()"))',
        f"{at}[0].exercise.pictures[3]': expected a picture that can be shown (picture 'A floor line': expected "
        "a PNG, JPEG, WebP or SVG image, not a GIF image (told by the file's content, whatever its name))",
    ]


def test_preview_of_a_plan_with_a_refused_picture_exits_2_without_a_traceback(run, tmp_path, illustrated):
    path = save_plan(illustrated, tmp_path / "plan.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["routine"]["items"][0]["exercise"]["pictures"][0]["data"] = base64.b64encode(raster("PNG")[:60]).decode()
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run("preview", "--plan", str(path))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "field 'routine.items[0].exercise.pictures[0]': expected a picture that can be shown" in result.output
    assert "expected a complete PNG image that can be read to its end" in result.output
