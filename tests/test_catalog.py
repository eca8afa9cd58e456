"""The exercise catalog: the bundled content, Excel-shaped CSV, and every error at once."""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest

from backcare_kit import Catalog, InputError, Sides, load_catalog
from backcare_kit.bundled import bundled_path
from backcare_kit.catalog import check_files

ARTICLE = {
    "glute-bridge": ("Glute bridge with spinal articulation", 120, Sides.NONE, ""),
    "rock-back": ("Rock back", 120, Sides.NONE, ""),
    "arm-openings": ("Arm openings", 60, Sides.EACH_SIDE, "a few seconds"),
    "bent-knee-fall-out": ("Bent knee fall out", 120, Sides.ALTERNATING, ""),
    "lumbar-rotation-stretch": ("Lumbar rotation stretch", 60, Sides.EACH_SIDE, "a few seconds"),
}

# Phrases of the source article, typos mended, that must reach the patient.
ARTICLE_PHRASES = {
    "glute-bridge": [
        "knees bent up and your feet flat on the floor",
        "feet hip-width apart",
        "Take a slow breath in",
        "tilt your pelvis back to flatten your lower back",
        "peel your lower back off the floor",
        "one segment of your spine down at a time",
        "Keep your shoulders relaxed",
        "Do not let your chest flare or your lower back arch",
    ],
    "rock-back": [
        "hands and knees",
        "directly under your shoulders",
        "knees hip-width apart",
        "eyes are looking straight down",
        "not arched or rounded",
        "moving through your hips",
        "without changing the position of your lower back",
        "Do not lock your elbows",
        "not pinched together or sticking out",
    ],
    "arm-openings": [
        "Lie on your side",
        "head supported",
        "palms touching",
        "90 degrees",
        "allowing your head to follow the movement",
        "Reach as far as is comfortable",
        "rotate through your upper back and not overload your shoulder",
        "lower back should remain still",
        "no pain is caused throughout the movement",
    ],
    "bent-knee-fall-out": [
        "natural arch",
        "arms by your sides",
        "drawing in your deeper abdominal muscles",
        "let one knee fall out to one side",
        "the other leg completely still",
        "repeat with the other leg",
        "Keep both sit bones on the floor",
        "lower back stays completely still",
    ],
    "lumbar-rotation-stretch": [
        "arms out to the side to stabilise your upper back and shoulders",
        "Cross your right foot over your left knee",
        "turn at the hips and torso to your left",
        "Only rotate as far as you can to feel a stretch",
        "Do not lift your shoulders off the floor",
    ],
}

TYPOS = ["wither ", "As as", "the your", "numness", "head is line", "the lumbar back", "while let"]

HEADER = "id,name,body_areas,starting_position,steps,cues,duration_seconds,sides,hold,side_switch\n"


def write(tmp_path, text, name="mine.csv", encoding="utf-8", newline="\n"):
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def all_text(exercise):
    return " ".join([*exercise.starting_position, *exercise.steps, *exercise.cues, exercise.side_switch])


def test_bundled_catalog_has_the_articles_five_exercises_and_doses():
    catalog = load_catalog()
    assert list(catalog) == list(ARTICLE)
    for exercise_id, (name, seconds, sides, hold) in ARTICLE.items():
        ex = catalog[exercise_id]
        assert (ex.name, ex.duration_seconds, ex.sides, ex.hold) == (name, seconds, sides, hold)


@pytest.mark.parametrize("exercise_id", list(ARTICLE_PHRASES))
def test_bundled_exercise_carries_every_instruction_of_the_article(exercise_id):
    text = all_text(load_catalog()[exercise_id])
    missing = [p for p in ARTICLE_PHRASES[exercise_id] if p not in text]
    assert not missing
    assert not [t for t in TYPOS if t in text]


def test_article_steps_are_numbered_lines_and_doses_are_not_repeated_in_them():
    catalog = load_catalog()
    assert len(catalog["glute-bridge"].steps) == 4
    for ex in catalog.values():
        assert not any(re.search(r"repeat for (one|two|a) minute", s, re.I) for s in ex.steps), ex.id


def test_no_sentence_is_said_twice_in_one_exercise():
    """The article repeats "knees bent" in arm openings' starting position; the catalog says it once."""
    for ex in load_catalog().values():
        lines = [*ex.starting_position, *ex.steps, *ex.cues]
        assert len(lines) == len(set(lines)), ex.id
    arm = load_catalog()["arm-openings"]
    assert sum("knees bent" in line or "knees should be bent" in line for line in arm.starting_position) == 1


def test_excel_csv_with_bom_crlf_and_quoted_newlines_reads_the_same(tmp_path, text_storage):
    plain = Catalog.read_csv(bundled_path("exercises.csv"))
    source = bundled_path("exercises.csv").read_text(encoding="utf-8")
    shutil.copy(bundled_path("poses.csv"), tmp_path)  # the pictures come from the pose file beside the catalog
    excel = Catalog.read_csv(write(tmp_path, "\ufeff" + source, encoding="utf-8", newline="\r\n"))
    assert [excel[i] for i in excel] == [plain[i] for i in plain]


@pytest.fixture(params=["python strings", "arrow strings"])
def text_storage(request, monkeypatch):
    """Run a test with both ways the reader stores text (small files and large ones)."""
    from backcare_kit import csvfile

    if request.param == "arrow strings":
        monkeypatch.setattr(csvfile, "LARGE_FILE_BYTES", 0)
    return request.param


def test_every_problem_is_reported_at_once_with_file_line_column_value_and_expectation(tmp_path, text_storage):
    rows = (
        'ok-one,Fine,,"two\nlines",Step one,,60,none,,\n'  # lines 2-3
        ",No id,,,Step,,60,none,,\n"  # line 4
        "Bad Id,Name,,,Step,,60,none,,\n"  # line 5
        'ok-one,"",,,Step,,-5,sideways,forever,\n'  # line 6
        "ok-two,Name,,,,,1.5,each_side,,\n"  # line 7
    )
    path = write(tmp_path, HEADER + rows)
    with pytest.raises(InputError) as caught:
        Catalog.read_csv(path)
    found = {(p.line, p.column, p.value) for p in caught.value.problems}
    assert found == {
        (4, "id", ""),
        (5, "id", "Bad Id"),
        (6, "id", "ok-one"),
        (6, "name", ""),
        (6, "duration_seconds", "-5"),
        (6, "sides", "sideways"),
        (6, "hold", "forever"),
        (7, "steps", ""),
        (7, "duration_seconds", "1.5"),
    }
    message = str(caught.value)
    assert (
        f"{path}:6 (line 6, row 5 in a spreadsheet): column 'sides': value 'sideways': "
        "expected one of none, each_side, alternating"
    ) in message
    assert "already used on line 2" in message
    assert "9 problems found" in message


def test_missing_required_columns_are_all_named(tmp_path):
    path = write(tmp_path, "id,title\nx,Y\n")
    with pytest.raises(InputError) as caught:
        Catalog.read_csv(path)
    assert {p.column for p in caught.value.problems} == {"name", "steps", "duration_seconds", "sides"}
    assert all(p.line == 1 for p in caught.value.problems)


def test_a_row_with_too_many_fields_names_its_line(tmp_path):
    path = write(tmp_path, HEADER + "a,A,,,S,,60,none,,\nb,B,,,S,,60,none,,,extra\n")
    with pytest.raises(InputError, match=r"mine.csv:3: expected .*: row has 11 fields, the header has 10"):
        Catalog.read_csv(path)


def test_text_that_is_not_utf8_is_explained(tmp_path):
    path = write(tmp_path, HEADER + "a,Caf\u00e9 stretch,,,S,,60,none,,\n", encoding="cp1252")
    with pytest.raises(InputError, match=r"mine.csv:2: expected UTF-8 text"):
        Catalog.read_csv(path)


def test_extra_columns_are_kept_and_mentioned(tmp_path, text_storage):
    path = write(tmp_path, "id,name,steps,duration_seconds,sides,Equipment\nwall-sit,Wall sit,Sit,30,,a wall\n")
    catalog = Catalog.read_csv(path)
    assert dict(catalog["wall-sit"].extra) == {"equipment": "a wall"}
    assert catalog["wall-sit"].sides is Sides.NONE
    assert catalog.to_frame().loc["wall-sit", "equipment"] == "a wall"
    assert catalog.warnings == (f"{path}: extra column 'equipment' kept with each exercise",)


def test_clinicians_own_csv_merges_with_the_bundled_catalog(tmp_path):
    path = write(tmp_path, HEADER + 'cat-cow,Cat cow,back,,"Arch\nRound",,90,none,,\n')
    catalog = load_catalog(path)
    assert list(catalog)[-1] == "cat-cow" and len(catalog) == 6
    assert catalog["cat-cow"].steps == ("Arch", "Round")
    assert catalog.where("cat-cow") == f"{path}:2"


def test_merging_an_id_already_in_the_catalog_is_refused_with_both_places(tmp_path):
    path = write(tmp_path, HEADER + "rock-back,My rock back,,,Rock,,60,none,,\n")
    with pytest.raises(InputError, match=r"mine.csv:2: column 'id': value 'rock-back': .*exercises.csv:8"):
        load_catalog(path)


def test_to_frame_is_a_browsable_dataframe():
    frame = load_catalog().to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert frame.index.name == "id" and len(frame) == 5
    assert frame.loc["arm-openings", "duration_seconds"] == 60
    assert {"source", "line"}.isdisjoint(frame.columns)


def test_catalog_exercises_are_immutable():
    ex = load_catalog()["rock-back"]
    with pytest.raises(AttributeError):
        ex.duration_seconds = 10


def test_a_merged_catalog_keeps_file_order_places_and_each_files_own_columns(tmp_path, text_storage):
    rows = "".join(f"mine-{n},Mine {n},,,Step,,60,none,,,mat\n" for n in range(3))
    path = write(tmp_path, HEADER.replace("\n", ",Equipment\n") + rows)
    catalog = load_catalog(path)
    assert list(catalog) == [*ARTICLE, "mine-0", "mine-1", "mine-2"] and len(catalog) == 8
    assert catalog.sources == (str(bundled_path("exercises.csv")), str(path))
    assert repr(catalog) == f"<Catalog of 8 exercises from {bundled_path('exercises.csv')}, {path}>"
    assert (catalog.where("rock-back"), catalog.where("mine-2")) == (
        f"{bundled_path('exercises.csv')}:8 (line 8, row 3 in a spreadsheet)",
        f"{path}:4",
    )
    assert catalog["glute-bridge"].extra == () and dict(catalog["mine-1"].extra) == {"equipment": "mat"}
    frame = catalog.to_frame()
    assert list(frame.index) == list(catalog) and list(frame.columns[-1:]) == ["equipment"]
    assert pd.isna(frame.loc["rock-back", "equipment"]) and frame.loc["mine-0", "equipment"] == "mat"
    assert frame.loc["mine-0", "duration_seconds"] == 60 and frame.loc["arm-openings", "sides"] == "each_side"


def test_check_files_merges_only_the_ids_a_file_adds(tmp_path):
    first = write(tmp_path, HEADER + "x,X,,,S,,60,none,,\n", "first.csv")
    second = write(tmp_path, HEADER + "x,X,,,S,,60,none,,\ny,Y,,,S,,60,none,,\n", "second.csv")
    third = write(tmp_path, HEADER + "y,Y,,,S,,60,none,,\nx,X,,,S,,60,none,,\n", "third.csv")
    checks = check_files([first, second, third], bundled=False)
    assert [[(p.line, p.expected) for p in c.problems] for c in checks] == [
        [],
        [(2, f"an id not already used at {first}:2")],
        [(2, f"an id not already used at {second}:3"), (3, f"an id not already used at {first}:2")],
    ]


def test_an_empty_catalog_is_browsable():
    catalog = load_catalog(bundled=False)
    assert (list(catalog), catalog.sources, repr(catalog)) == ([], (), "<Catalog of 0 exercises from nowhere>")
    frame = catalog.to_frame()
    assert frame.empty and frame.index.name == "id" and "name" in frame.columns
