"""Every bad exercise CSV gets a clear answer: the file, the line (and spreadsheet row), the column, the value.

Each file is written to disk as real bytes and read by pandas as a clinician's
file would be; the assertions are on the words the clinician reads.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from backcare_kit import BackcareError, Catalog, InputError, load_catalog
from backcare_kit.bundled import bundled_path
from backcare_kit.catalog import check_files

HEADER = "id,name,steps,duration_seconds,sides\n"
ROOT = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, text: str | bytes, name: str = "mine.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def problems_of(path: Path) -> list[str]:
    """The problem lines a clinician reads for one file."""
    with pytest.raises(InputError) as caught:
        Catalog.read_csv(path)
    return [str(p) for p in caught.value.problems]


@pytest.fixture(params=["python strings", "arrow strings"])
def text_storage(request, monkeypatch):
    """Run a test with both ways the reader stores text (small files and large ones)."""
    from backcare_kit import csvfile

    if request.param == "arrow strings":
        monkeypatch.setattr(csvfile, "LARGE_FILE_BYTES", 0)
    return request.param


# 1. Header cells that name one column


@pytest.mark.parametrize(
    ("header", "column", "cells"),
    [
        ("id,name,steps,duration_seconds,sides,ID", "id", "A1 'id' and F1 'ID'"),
        ("id,name,steps,duration seconds,sides,duration_seconds", "duration_seconds", "D1 'duration seconds' and F1"),
        ("id,name,steps,duration_seconds,sides,id", "id", "A1 'id' and F1 'id'"),
    ],
)
def test_header_cells_naming_one_column_are_named_with_their_spellings(tmp_path, header, column, cells):
    path = write(tmp_path, header + "\nwall-sit,Wall sit,Sit,30,none,x\n")
    (message,) = problems_of(path)
    assert message.startswith(f"{path}:1: column '{column}': expected each column to appear once")
    assert f"header cells {cells}" in message


# 2. Rows with more fields than the header


def test_a_trailing_comma_on_a_later_row_is_blamed_on_that_row_not_on_shifted_columns(tmp_path, text_storage):
    path = write(tmp_path, HEADER + "a,A,S,60,none\nb,B,S,60,none,\nc,C,S,60,none\n")
    assert problems_of(path) == [
        f"{path}:3: expected no more fields than the header row: row has 6 fields, the header has 5; "
        "the last is empty: remove the comma at the end of the row"
    ]


def test_a_trailing_comma_on_the_first_row_is_not_read_as_an_index(tmp_path, text_storage):
    path = write(tmp_path, HEADER + "a,A,S,60,none,\nb,B,S,60,none\n")
    (message,) = problems_of(path)
    assert message.startswith(f"{path}:2: expected no more fields than the header row: row has 6 fields")


@pytest.mark.parametrize("first", [1, 0], ids=["led-by-1", "led-by-0"])
def test_an_extra_leading_field_on_every_row_is_not_silently_dropped(tmp_path, text_storage, first):
    """Led by 0, 1, 2... the extra field would make the very index pandas gives a good file: still refused."""
    path = write(tmp_path, HEADER + f"{first},a,A,S,60,none\n{first + 1},b,B,S,60,none\n")
    assert problems_of(path) == [
        f"{path}:2: expected no more fields than the header row: row has 6 fields, the header has 5",
        f"{path}:3: expected no more fields than the header row: row has 6 fields, the header has 5",
    ]


def test_every_row_with_too_many_fields_is_reported_at_once_with_line_and_row(tmp_path):
    rows = 'a,A,"one\ntwo",60,none\nb,B,S,60,none,\nc,C,S,60,none\nd,D,S,60,none,,x\n'
    path = write(tmp_path, HEADER + rows)
    messages = problems_of(path)
    assert len(messages) == 2
    assert messages[0].startswith(f"{path}:4 (line 4, row 3 in a spreadsheet): expected no more fields")
    assert messages[1].startswith(f"{path}:6 (line 6, row 5 in a spreadsheet): expected no more fields")
    assert "row has 7 fields, the header has 5" in messages[1]


# 3. Semicolons for commas


@pytest.mark.parametrize(
    "rows",
    ["wall-sit;Wall sit;Sit;30;none\n", "wall-sit;Wall sit;Sit, then stand;30;none\n"],
    ids=["plain", "commas in a cell"],
)
def test_a_semicolon_separated_file_says_so_and_how_to_save_it_from_excel(tmp_path, rows):
    path = write(tmp_path, "\ufeffid;name;steps;duration_seconds;sides\n" + rows)
    (message,) = problems_of(path)
    assert message.startswith(f"{path}:1: value 'id;name;steps;duration_seconds;sides': expected columns separated")
    assert "separates them with semicolons" in message
    assert "'CSV UTF-8 (Comma delimited) (*.csv)'" in message


def test_a_semicolon_separated_file_with_a_comma_in_the_header_is_still_recognised(tmp_path):
    path = write(tmp_path, "id;name;steps, one per line;duration_seconds;sides\nwall-sit;Wall sit;Sit;30;none\n")
    (message,) = problems_of(path)
    assert "separates them with semicolons" in message


def test_a_tab_separated_file_says_so(tmp_path):
    path = write(tmp_path, "id\tname\tsteps\tduration_seconds\tsides\nwall-sit\tWall sit\tSit\t30\tnone\n")
    (message,) = problems_of(path)
    assert message.startswith(f"{path}:1: value 'id\\tname\\tsteps\\tduration_seconds\\tsides': expected columns")
    assert "separates them with tabs" in message and "CSV UTF-8 (Comma delimited)" in message


def test_a_quote_never_closed_is_pointed_at_by_line_and_row(tmp_path):
    path = write(tmp_path, HEADER + 'a,A,"one\ntwo",60,none\nb,"B,S,60,none\nc,C,S,60,none\n')
    assert problems_of(path) == [
        f'{path}:4 (line 4, row 3 in a spreadsheet): expected a closing quote (") for the quoted cell in this row; '
        "without it the rest of the file is one cell"
    ]


# 4. Control characters in a cell


@pytest.mark.parametrize(
    ("cell", "shown", "code"),
    [
        (b"Wall\x00 sit hidden", r"'Wall\x00 sit hidden'", "U+0000 at character 5"),
        (b"Wall sit\x1b[31m", r"'Wall sit\x1b[31m'", "U+001B at character 9"),
        (b"Wall\x7f sit", r"'Wall\x7f sit'", "U+007F at character 5"),
        ("Wall\u0085 sit".encode(), r"'Wall\x85 sit'", "U+0085 at character 5"),
    ],
    ids=["NUL", "ESC", "DEL", "C1 NEL"],
)
def test_a_control_character_in_a_cell_names_line_column_and_character(tmp_path, text_storage, cell, shown, code):
    data = HEADER.encode() + b'ok,Fine,"Step\r\ntwo",60,none\nwall-sit,' + cell + b",Sit,30,none\n"
    path = write(tmp_path, data)
    (message,) = problems_of(path)
    assert message.startswith(f"{path}:4 (line 4, row 3 in a spreadsheet): column 'name': value {shown}: ")
    assert "expected text without control characters" in message and code in message


def test_pandas_keeps_the_text_after_a_nul_so_nothing_is_cut_short(tmp_path, text_storage):
    path = write(tmp_path, HEADER.encode() + b'a,A,"Step one\x00 and the rest\nStep two",60,none\n')
    with pytest.raises(InputError) as caught:
        Catalog.read_csv(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (2, "steps")
    assert problem.value == "Step one\x00 and the rest\nStep two"


@pytest.mark.parametrize("control", ["\x00", "\u0085"], ids=["NUL", "C1 split between two reads"])
def test_a_control_character_deep_in_a_large_file_is_found(tmp_path, control):
    """pandas reads 256 KiB at a time; the C1 character's two bytes straddle the first boundary."""
    first = HEADER + "a,A,S,60,none\nb,"
    padding = "x" * (256 * 1024 - 1 - len(first.encode()))
    text = first + padding + control + "y,S,60,none\n" + "".join(f"c{n},C,S,60,none\n" for n in range(10_000))
    path = write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        Catalog.read_csv(path)
    assert [(p.line, p.column) for p in caught.value.problems] == [(3, "name")]
    assert f"U+{ord(control):04X} at character {len(padding) + 1}" in caught.value.problems[0].expected


def test_a_control_character_in_the_header_is_named(tmp_path):
    path = write(tmp_path, b"id,na\x00me,steps,duration_seconds,sides\na,A,S,60,none\n")
    (message,) = problems_of(path)
    assert message.startswith(rf"{path}:1: value 'na\x00me': expected a column name without control characters")


def test_tabs_crlf_and_non_ascii_text_are_not_control_characters(tmp_path, text_storage):
    text = HEADER + 'a,Hip\u00a0bend \u00b0 \u00a3 caf\u00e9,"Step\tone\r\nStep two",60,none\r\n'
    catalog = Catalog.read_csv(write(tmp_path, text))
    assert catalog["a"].name == "Hip bend \u00b0 \u00a3 caf\u00e9"


@pytest.mark.parametrize(
    ("cells", "column", "shown"),
    [("\u200b,Sit", "name", r"'\u200b'"), ('Wall sit,"\u3164\n\u200b"', "steps", "'\u3164\\n\\u200b'")],
    ids=["zero-width name", "invisible steps"],
)
def test_text_made_only_of_invisible_characters_is_refused_on_reading(tmp_path, text_storage, cells, column, shown):
    path = write(tmp_path, "\ufeff" + HEADER + f"wall-sit,{cells},30,none\n")
    (message,) = problems_of(path)
    assert message.startswith(f"{path}:2: column '{column}': value {shown}: expected ")
    assert "the patient can read" in message or "as the patient reads it" in message


# 5. Durations beyond the bound


@pytest.mark.parametrize("value", ["9223372036854775808", "1000000000", "3601", "0", "99999999999999999999999"])
def test_a_duration_out_of_bounds_names_the_bound_without_overflowing(tmp_path, text_storage, value):
    path = write(tmp_path, HEADER + f"a,A,S,{value},none\n")
    assert problems_of(path) == [
        f"{path}:2: column 'duration_seconds': value '{value}': "
        "expected a whole number of seconds from 1 to 3600, e.g. 120"
    ]


def test_durations_at_the_bound_and_with_leading_zeros_are_read(tmp_path, text_storage):
    catalog = Catalog.read_csv(write(tmp_path, HEADER + "a,A,S,3600,none\nb,B,S,0060,none\n"))
    assert (catalog["a"].duration_seconds, catalog["b"].duration_seconds) == (3600, 60)


# 6. No exercises


@pytest.mark.parametrize("body", ["", "\n\n", ",,,,\n\r\n,,,,\n"], ids=["header only", "blank lines", "empty rows"])
def test_a_file_without_exercises_is_an_error(tmp_path, body):
    path = write(tmp_path, HEADER + body)
    assert problems_of(path) == [
        f"{path}: expected at least one exercise, one per row under the header row, but the file has no exercises"
    ]


# 7. Lines and spreadsheet rows


def test_a_problem_after_cells_with_line_breaks_gives_the_line_and_the_spreadsheet_row(tmp_path, text_storage):
    rows = 'a,A,"one\ntwo\nthree",60,none\n\nb,B,S,sixty,none\na,Again,S,60,none\n'
    path = write(tmp_path, HEADER + rows)
    assert problems_of(path) == [
        f"{path}:6 (line 6, row 4 in a spreadsheet): column 'duration_seconds': value 'sixty': "
        "expected a whole number of seconds from 1 to 3600, e.g. 120",
        f"{path}:7 (line 7, row 5 in a spreadsheet): column 'id': value 'a': expected a unique id; "
        "'a' is already used on line 2",
    ]


def test_the_row_is_left_out_when_it_is_the_line(tmp_path):
    path = write(tmp_path, HEADER + "a,A,S,sixty,none\n")
    (message,) = problems_of(path)
    assert message.startswith(f"{path}:2: column 'duration_seconds'") and "spreadsheet" not in message


# 8. Files that cannot be read


def test_a_folder_is_refused_with_the_toolkits_error(tmp_path):
    with pytest.raises(BackcareError, match=rf"{tmp_path}: expected a CSV file, not a folder"):
        Catalog.read_csv(tmp_path)


def test_a_path_through_a_file_is_refused_with_the_toolkits_error(tmp_path):
    regular = write(tmp_path, HEADER + "a,A,S,60,none\n")
    with pytest.raises(InputError, match=r"mine.csv/more.csv: expected a path whose folders are folders"):
        Catalog.read_csv(regular / "more.csv")


READ_LOCKED = """
import sys
from backcare_kit import BackcareError, Catalog
try:
    Catalog.read_csv(sys.argv[1])
except BackcareError as error:
    print(error)
"""


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_file_without_read_permission_is_refused_with_the_toolkits_error():
    """Root reads any file whatever its mode, so as root the reading runs as the user nobody."""
    as_user: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv to drop privileges")
        as_user = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    with tempfile.TemporaryDirectory() as folder:
        os.chmod(folder, 0o755)  # nobody may look inside, but not read the file
        path = write(Path(folder), HEADER + "a,A,S,60,none\n")
        path.chmod(0)
        result = subprocess.run(
            [*as_user, sys.executable, "-c", READ_LOCKED, str(path)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert f"{path}: expected a file you have permission to read" in result.stdout


# 9. Checking files as loading them would


def test_check_files_reports_an_id_clashing_with_the_bundled_catalog_with_both_places(tmp_path):
    path = write(tmp_path, HEADER + "wall-sit,Wall sit,Sit,30,none\nrock-back,My rock back,Rock,60,none\n")
    (check,) = check_files([path])
    assert [str(p) for p in check.problems] == [
        f"{path}:3: column 'id': value 'rock-back': expected an id not already used at "
        f"{bundled_path('exercises.csv')}:8 (line 8, row 3 in a spreadsheet)"
    ]


def test_check_files_reports_clashes_between_files_and_every_problem_of_every_file(tmp_path):
    first = write(tmp_path, HEADER + "wall-sit,Wall sit,Sit,30,none\n", "first.csv")
    bad = write(tmp_path, HEADER + "x,X,S,0,none\n", "bad.csv")
    second = write(tmp_path, HEADER + 'wall-sit,"Wall\nsit",Sit,30,none\n', "second.csv")
    checks = check_files([first, bad, second])
    assert [(c.path, len(c.problems)) for c in checks] == [(first, 0), (bad, 1), (second, 1)]
    assert str(checks[2].problems[0]) == (
        f"{second}:2: column 'id': value 'wall-sit': expected an id not already used at {first}:2"
    )


def test_check_files_reports_a_clash_in_a_file_with_other_problems_too(tmp_path):
    path = write(tmp_path, HEADER + "wall-sit,Wall sit,Sit,sixty,none\nrock-back,My rock back,Rock,60,none\n")
    (check,) = check_files([path])
    assert [(p.line, p.column) for p in check.problems] == [(2, "duration_seconds"), (3, "id")]
    assert "expected an id not already used at" in str(check.problems[1])


def test_check_files_checks_the_bundled_file_as_itself():
    (check,) = check_files([bundled_path("exercises.csv")])
    assert not check.problems and check.catalog is not None and len(check.catalog) == 5


def test_load_catalog_refuses_what_check_files_reports(tmp_path):
    path = write(tmp_path, HEADER + "rock-back,My rock back,Rock,60,none\n")
    with pytest.raises(InputError) as caught:
        load_catalog(path)
    assert caught.value.problems == list(check_files([path])[0].problems)


# The command line: one case per group, exit 2, the message, no traceback

CLI_CASES = {
    "header": ("id,name,steps,duration_seconds,sides,ID\na,A,S,60,none,x\n", ":1: column 'id': expected each column"),
    "fields": (HEADER + "a,A,S,60,none,\n", ":2: expected no more fields than the header row: row has 6 fields"),
    "semicolons": ("id;name;steps;duration_seconds;sides\na;A;S;60;none\n", "separates them with semicolons"),
    "controls": (HEADER + "a,A\x00B,S,60,none\n", r":2: column 'name': value 'A\x00B': expected text without"),
    "duration": (HEADER + "a,A,S,9223372036854775808,none\n", "expected a whole number of seconds from 1 to 3600"),
    "empty": (HEADER, "mine.csv: expected at least one exercise"),
    "rows": (HEADER + 'a,A,"1\n2",60,none\nb,B,S,x,none\n', ":4 (line 4, row 3 in a spreadsheet): column"),
    "clash": (HEADER + "rock-back,R,S,60,none\n", "expected an id not already used at"),
}


@pytest.mark.parametrize("case", list(CLI_CASES))
def test_validate_exits_2_with_the_message_and_no_traceback(run, tmp_path, case):
    text, expected = CLI_CASES[case]
    path = write(tmp_path, text)
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert f"{path}: 1 problem found:" in result.output
    assert expected in result.output
    assert "Traceback" not in result.output


def test_validate_reports_an_unreadable_path_and_still_checks_the_others(run, tmp_path):
    good = write(tmp_path, HEADER + "wall-sit,Wall sit,Sit,30,none\n")
    result = run("validate", str(good / "more.csv"), str(good))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "more.csv: expected a path whose folders are folders" in result.output
    assert f"{good}: ok, 1 exercises" in result.output


def test_validate_of_good_files_exits_0(run, tmp_path):
    path = write(tmp_path, HEADER + "wall-sit,Wall sit,Sit,30,none\n")
    result = run("validate", str(path), str(bundled_path("exercises.csv")))
    assert result.exit_code == 0, result.output
    assert f"{path}: ok, 1 exercises" in result.output


# 10. Without pyarrow


def run_without_pyarrow(script: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """Run ``script`` (which blocks pyarrow before importing pandas) in a fresh interpreter on ``folder``."""
    command = [sys.executable, "-c", textwrap.dedent(script), str(folder)]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120)


WITHOUT_PYARROW = """
import sys
sys.modules["pyarrow"] = None  # import pyarrow now fails, as where it is not installed
from pathlib import Path
import pandas as pd
from backcare_kit import Catalog, InputError, csvfile

csvfile.LARGE_FILE_BYTES = 0  # the large-file path: pandas' str dtype, with Python storage
folder = Path(sys.argv[1])
good = Catalog.read_csv(folder / "good.csv")
print("storage", pd.read_csv(folder / "good.csv", dtype=str).dtypes.iloc[0].storage)
print("good", len(good), good["b"].duration_seconds)
for name in ("bad.csv", "shifted.csv"):
    try:
        Catalog.read_csv(folder / name)
    except InputError as error:
        print(error)
"""


def test_the_catalog_reads_and_checks_files_without_pyarrow(tmp_path):
    write(tmp_path, HEADER + 'a,A,"1\n2",60,none\nb,B,S,0090,each_side\n', "good.csv")
    write(tmp_path, HEADER.encode() + b"a,A\x00,S,3601,none\na,B,S,60,none\n", "bad.csv")
    write(tmp_path, HEADER + "a,A,S,60,none,\n", "shifted.csv")
    result = run_without_pyarrow(WITHOUT_PYARROW, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "storage python" in result.stdout
    assert "good 2 90" in result.stdout
    assert "bad.csv:2: column 'name': value 'A\\x00': expected text without control characters" in result.stdout
    assert "bad.csv:2: column 'duration_seconds': value '3601'" in result.stdout
    assert "bad.csv:3: column 'id': value 'a': expected a unique id" in result.stdout
    assert "shifted.csv:2: expected no more fields than the header row: row has 6 fields" in result.stdout


# 11. Columns pandas would read as numbers or booleans (large files let pandas infer types)


def test_ids_of_digits_keep_their_leading_zeros(tmp_path, text_storage):
    catalog = Catalog.read_csv(write(tmp_path, HEADER + "001,A,S,60,none\n002,B,S,60,none\n"))
    assert list(catalog) == ["001", "002"]
    assert catalog["001"].id == "001" and "1" not in catalog


def test_text_columns_of_numbers_and_booleans_stay_as_typed(tmp_path, text_storage):
    header = "id,name,steps,duration_seconds,sides,hold,Reps,Loaded\n"
    path = write(tmp_path, header + "a,1.50,10,60,none,5,010,TRUE\nb,2,20,90,none,5,8,false\n")
    catalog = Catalog.read_csv(path)
    assert (catalog["a"].name, catalog["a"].steps, catalog["a"].hold) == ("1.50", ("10",), "5 seconds")
    assert dict(catalog["a"].extra) == {"reps": "010", "loaded": "TRUE"}
    assert catalog.to_frame().loc["a", "reps"] == "010"


@pytest.mark.parametrize(
    ("value", "shown"), [("-05", "'-05'"), ("0", "'0'"), ("+0", "'+0'"), ("\f60", r"'\x0c60'")], ids=str
)
def test_a_duration_read_as_a_number_is_shown_as_typed(tmp_path, text_storage, value, shown):
    path = write(tmp_path, HEADER + f"a,A,S,60,none\nb,B,S,{value},none\n")
    (message,) = problems_of(path)
    assert message.startswith(f"{path}:3: column 'duration_seconds': value {shown}: expected ")


def test_a_leading_plus_on_a_duration_is_taken_however_the_file_is_stored(tmp_path, text_storage):
    """pandas reads '+60' as the number 60, so the text checks take it too: one answer for every file size."""
    catalog = Catalog.read_csv(write(tmp_path, HEADER + "a,A,S,+60,none\nb,B,S, 0090 ,none\n"))
    assert (catalog["a"].duration_seconds, catalog["b"].duration_seconds) == (60, 90)


def test_a_word_far_down_a_column_of_numbers_is_found_on_its_line(tmp_path):
    """pandas types a large file in parts, so the column comes out as numbers and strings mixed."""
    rows = "".join(f"e{n},N,S,60,none\n" for n in range(150_000))
    path = write(tmp_path, HEADER + rows + "z,N,S,sixty,none\n")
    assert problems_of(path) == [
        f"{path}:150002: column 'duration_seconds': value 'sixty': "
        "expected a whole number of seconds from 1 to 3600, e.g. 120"
    ]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("a--b", "a slug"),
        ("-a", "a slug"),
        ("a-", "a slug"),
        ("Wall-sit", "a slug"),
        ("caf\u00e9", "a slug"),
        ('"a\nb"', "a slug"),
        ("a_b", "a slug"),
        ('" "', "an id ("),
    ],
    ids=repr,
)
def test_every_id_that_is_not_a_slug_is_named(tmp_path, text_storage, cell, expected):
    path = write(tmp_path, HEADER + f"ok,A,S,60,none\n{cell},B,S,60,none\n")
    (message,) = problems_of(path)
    assert "column 'id': value " in message and f"expected {expected}" in message


@pytest.mark.parametrize(
    ("cell", "refused"),
    [('"   "', True), ('"\t"', True), ('"\u00a0"', True), ('"  Wall sit"', False), ('"\u00e9tirement"', False)],
    ids=repr,
)
def test_names_that_print_as_nothing_are_refused_and_the_others_read(tmp_path, text_storage, cell, refused):
    path = write(tmp_path, HEADER + f"a,Fine,S,60,none\nb,{cell},S,60,none\n")
    if refused:
        (message,) = problems_of(path)
        assert message.startswith(f"{path}:3: column 'name'")
    else:
        assert Catalog.read_csv(path)["b"].name == cell.strip('"').strip()


def test_merging_counts_the_bundled_ids_with_the_files_and_still_names_a_clash(tmp_path, text_storage):
    rows = "".join(f"mine-{n},M,S,60,none\n" for n in range(8)) + "rock-back,R,S,60,none\n"
    path = write(tmp_path, HEADER + rows)
    with pytest.raises(InputError) as caught:
        load_catalog(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:10: column 'id': value 'rock-back': expected an id not already used at "
        f"{bundled_path('exercises.csv')}:8 (line 8, row 3 in a spreadsheet)"
    ]


def test_a_repeated_id_in_a_merged_file_is_its_own_problem_before_any_clash(tmp_path, text_storage):
    rows = "".join(f"mine-{n},M,S,60,none\n" for n in range(8)) + "mine-1,R,S,60,none\nrock-back,R,S,60,none\n"
    path = write(tmp_path, HEADER + rows)
    with pytest.raises(InputError) as caught:
        load_catalog(path)
    assert [(p.line, p.column, p.value) for p in caught.value.problems] == [(10, "id", "mine-1")]


def test_a_smaller_file_clashing_with_a_larger_one_is_named(tmp_path, text_storage):
    big = write(tmp_path, HEADER + "".join(f"e{n},N,S,60,none\n" for n in range(20)), "big.csv")
    small = write(tmp_path, HEADER + "e7,N,S,60,none\n", "small.csv")
    with pytest.raises(InputError, match=r"small.csv:2: column 'id': value 'e7': .*big.csv:9"):
        load_catalog(big, small, bundled=False)
    assert [len(c.problems) for c in check_files([big, small], bundled=False)] == [0, 1]


WITHOUT_PYARROW_LARGE = """
import sys
sys.modules["pyarrow"] = None  # import pyarrow now fails, as where it is not installed
from pathlib import Path
from backcare_kit import Catalog, InputError, csvfile, load_catalog

csvfile.LARGE_FILE_BYTES = 0  # the large-file path: inferred types, text as Python strings
folder = Path(sys.argv[1])
catalog = load_catalog(folder / "good.csv")
print("good", len(catalog), list(catalog)[-2:], catalog["007"].duration_seconds, catalog["007"].hold)
print("frame", list(catalog.to_frame().index[-2:]), catalog.to_frame().loc["007", "duration_seconds"])
for name in ("clash.csv", "plus.csv"):
    try:
        print(name, len(load_catalog(folder / name)))
    except InputError as error:
        print(error)
"""


def test_the_catalog_infers_types_and_merges_without_pyarrow(tmp_path):
    write(tmp_path, HEADER.replace("sides", "sides,hold") + "007,A,S,60,none,5\n008,B,S,90,none,\n", "good.csv")
    write(tmp_path, HEADER + "".join(f"m{n},M,S,60,none\n" for n in range(6)) + "rock-back,R,S,60,none\n", "clash.csv")
    write(tmp_path, HEADER + "a,A,S,+60,none\nb,B,S,-05,none\n", "plus.csv")
    result = run_without_pyarrow(WITHOUT_PYARROW_LARGE, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "good 7 ['007', '008'] 60 5 seconds" in result.stdout
    assert "frame ['007', '008'] 60" in result.stdout
    assert "clash.csv:8: column 'id': value 'rock-back': expected an id not already used at" in result.stdout
    assert "plus.csv:3: column 'duration_seconds': value '-05'" in result.stdout
