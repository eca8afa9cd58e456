"""Every bad plan, routine or template JSON file gets a clear answer, never a traceback (issue 7).

Each test writes a real file and reads it through the real loader (or the
command line), then checks what a user sees: the file, the field's path,
the value as written in the file, and what was expected, with every
problem of the file listed at once.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from backcare_kit import (
    BackcareError,
    Catalog,
    Exercise,
    InputError,
    load_catalog,
    load_plan,
    load_routine,
    load_template,
)
from backcare_kit.cli import cli
from backcare_kit.storage import plan_to_dict, save_routine
from backcare_kit.templates import save_template
from backcare_kit.text import CONTROL

TEMPLATE_FORMAT = {"format": "backcare-kit/routine-template", "version": 1}


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def refusal(load, *args) -> str:
    """The message of the InputError a loader raises."""
    with pytest.raises(InputError) as caught:
        load(*args)
    return str(caught.value)


def preview(path: Path, option: str = "--plan"):
    return CliRunner().invoke(cli, ["preview", option, str(path)])


@pytest.fixture
def plan_data(plan) -> dict[str, Any]:
    """The bundled plan as saved JSON, to damage one field at a time."""
    return json.loads(json.dumps(plan_to_dict(plan)))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _load_template(path: Path):
    return load_template(path, load_catalog())


LOADERS = {"plan": load_plan, "routine": load_routine, "template": _load_template}


# --- 1. files too deep or with numbers too long to parse ------------------------------------------


@pytest.mark.parametrize("kind", LOADERS)
@pytest.mark.parametrize("text", ["[" * 1000 + "]" * 1000, '{"a":' * 100_000 + "1" + "}" * 100_000])
def test_json_nested_thousands_deep_is_refused_naming_the_file(tmp_path, kind, text):
    path = tmp_path / "deep.json"
    path.write_text(text, encoding="utf-8")
    message = refusal(LOADERS[kind], path)
    assert f"{path}: expected JSON nested a few levels deep" in message


@pytest.mark.parametrize("kind", LOADERS)
def test_a_number_of_5000_digits_is_refused_with_its_line(tmp_path, kind):
    path = tmp_path / "huge.json"
    path.write_text('{"format": "backcare-kit/plan",\n "version": ' + "9" * 5000 + "}", encoding="utf-8")
    message = refusal(LOADERS[kind], path)
    assert f"{path}:2: value '9999" in message
    assert "expected a number of at most 100 digits" in message


def test_the_command_line_answers_a_too_deep_file_without_a_traceback(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 1000 + "]" * 1000, encoding="utf-8")
    result = preview(path)
    assert result.exit_code == 2
    assert f"{path}: expected JSON nested a few levels deep" in result.output
    assert "Traceback" not in result.output


# --- 2. wrong types: each refused with its field path -----------------------------------------------


def _set(*path_and_value):
    """A damage: set the field at ``path`` (keys and indexes) to ``value``."""
    *keys, last, value = path_and_value

    def damage(data):
        for key in keys:
            data = data[key]
        data[last] = value

    return damage


def _delete(*path):
    def damage(data):
        for key in path[:-1]:
            data = data[key]
        del data[path[-1]]

    return damage


WRONG_TYPES = [
    (_set("patient", None), "patient", "null", "text"),
    (_set("patient", ["Jane"]), "patient", '["Jane"]', "text"),
    (_set("notes", 5), "notes", "5", "text"),
    (_set("routine", "items", 2, "cues", "Keep it slow"), "routine.items[2].cues", '"Keep it slow"', "a list of text"),
    (_set("routine", "items", 2, "exercise", "steps", "Lie"), "routine.items[2].exercise.steps", '"Lie"', "a list of"),
    (_set("routine", "items", 1, "included", "false"), "routine.items[1].included", '"false"', "true or false"),
    (_set("version", True), "version", "true", "version 1, 2 or 3 (this toolkit reads only those versions)"),
    (_set("version", 1.0), "version", "1.0", "version 1"),
    (_set("schedule", "days", ["mon", 2]), "schedule.days[0]", '"mon"', "a weekday number, Monday = 0"),
    (_set("schedule", "weeks", "6"), "schedule.weeks", '"6"', "a whole number from 1 to 104"),
    (_set("routine", "items", 0, "duration_seconds", 60.5), "routine.items[0].duration_seconds", "60.5", "a whole"),
    (_set("routine", "items", 0, "duration_seconds", "60"), "routine.items[0].duration_seconds", '"60"', "a whole"),
    (_set("routine", "items", 0, "duration_seconds", True), "routine.items[0].duration_seconds", "true", "a whole"),
    (_set("routine", "items", 0, "duration_seconds", 10**30), "routine.items[0].duration_seconds", "1" + "0" * 30, "a"),
    (_set("routine", "transition_seconds", "15"), "routine.transition_seconds", '"15"', "a whole number of seconds"),
    (_set("safety", 0, "items", [1, "Stop"]), "safety[0].items[0]", "1", "text"),
    (
        _set("routine", "items", 0, "exercise", "extra", {"video": 5}),
        "routine.items[0].exercise.extra.video",
        "5",
        "text",
    ),
    (_set("review_date", 2026), "review_date", "2026", "null or a date as YYYY-MM-DD"),
    (_set("schedule", "start_date", "2026-13-01"), "schedule.start_date", "2026-13-01", "a date as YYYY-MM-DD"),
    (_set("routine", "items", "all of them"), "routine.items", '"all of them"', "a list of items"),
    (_set("schedule", []), "schedule", "[]", "a schedule: an object with start_date"),
]


@pytest.mark.parametrize(("damage", "field", "value", "expected"), WRONG_TYPES)
def test_a_wrong_type_is_refused_with_its_field_path_and_value(tmp_path, plan_data, damage, field, value, expected):
    damage(plan_data)
    path = write_json(tmp_path / "plan.json", plan_data)
    message = refusal(load_plan, path)
    assert message.startswith("1 problem found:")
    assert f"{path}: field '{field}': value '{value[:59]}" in message
    assert f"expected {expected}" in message


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        (("patient",), "text; the field is missing"),
        (("routine", "items", 0, "cues"), "a list of text lines, one per line; the field is missing"),
        (("schedule", "timezone"), "an IANA time zone name such as 'Europe/London'; the field is missing"),
        (("safety",), "a list of safety sections; the field is missing"),
    ],
)
def test_a_missing_field_is_named_with_its_path(tmp_path, plan_data, field, expected):
    _delete(*field)(plan_data)
    path = write_json(tmp_path / "plan.json", plan_data)
    dotted = ".".join(f"[{k}]" if isinstance(k, int) else k for k in field).replace(".[", "[")
    assert f"{path}: field '{dotted}': expected {expected}" in refusal(load_plan, path)


def test_every_problem_in_a_plan_is_reported_at_once(tmp_path, plan_data):
    for damage, *_ in WRONG_TYPES[:6]:
        damage(plan_data)
    _set("routine", "items", 0, "hold", "forever")(plan_data)  # refused by the table
    _set("safety", 1, "heading", "   ")(plan_data)  # refused by the value object
    path = write_json(tmp_path / "plan.json", plan_data)
    message = refusal(load_plan, path)
    assert message.startswith("7 problems found:")
    for field in ["patient", "notes", "routine.items[2].cues", "routine.items[2].exercise.steps"]:
        assert f"field '{field}'" in message
    for field in ["routine.items[1].included", "routine.items[0].hold", "safety[1]"]:
        assert f"field '{field}'" in message


def test_a_saved_routine_with_wrong_types_names_each_field(tmp_path, plan):
    path = save_routine(plan.routine, tmp_path / "routine.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["items"][3]["cues"] = "Breathe"
    data["items"][4]["included"] = "no"
    data["version"] = True
    write_json(path, data)
    assert f"{path}: field 'version': value 'true': expected version 1" in refusal(load_routine, path)
    data["version"] = 1
    write_json(path, data)
    message = refusal(load_routine, path)
    assert f"{path}: field 'items[3].cues': value '\"Breathe\"': expected a list of text lines" in message
    assert f"{path}: field 'items[4].included': value '\"no\"': expected true or false" in message


@pytest.mark.parametrize(
    ("item", "field", "value", "expected"),
    [
        ({"exercise": "rock-back", "cues": "Slowly"}, "items[0].cues", '"Slowly"', "a list of text lines"),
        ({"exercise": "rock-back", "included": "false"}, "items[0].included", '"false"', "true or false"),
        ({"exercise": "rock-back", "duration_seconds": -1}, "items[0].duration_seconds", "-1", "a whole number"),
        ({"exercise": "rock-back", "sides": "both"}, "items[0].sides", "both", "one of none, each_side"),
        ({"exercise": ["rock-back"]}, "items[0].exercise", '["rock-back"]', "text"),
        ({"exercise": "rock-back", "durration": 90}, "items[0].durration", "90", "a field this object has"),
        ("rock-back", "items[0]", '"rock-back"', "an item: an object with an exercise id"),
    ],
)
def test_a_template_with_a_wrong_type_names_the_field(tmp_path, catalog, item, field, value, expected):
    path = write_json(tmp_path / "template.json", {**TEMPLATE_FORMAT, "items": [item]})
    message = refusal(load_template, path, catalog)
    assert f"{path}: field '{field}': value '{value}': expected {expected}" in message


def test_a_misspelt_template_field_suggests_the_right_one(tmp_path, catalog):
    path = write_json(tmp_path / "template.json", {**TEMPLATE_FORMAT, "items": [{"exercise": "rock-back", "hols": 5}]})
    assert "did you mean 'hold'?" in refusal(load_template, path, catalog)


def test_a_template_with_bad_top_level_fields_lists_them_all(tmp_path, catalog):
    data = {**TEMPLATE_FORMAT, "name": 5, "description": ["a"], "transition_seconds": 15.5, "items": []}
    path = write_json(tmp_path / "template.json", data)
    message = refusal(load_template, path, catalog)
    assert message.startswith("3 problems found:")
    assert f"{path}: field 'name': value '5': expected text" in message
    assert f"{path}: field 'transition_seconds': value '15.5': expected a whole number of seconds" in message


def test_the_command_line_lists_every_wrong_type_without_a_traceback(tmp_path, plan_data):
    _set("routine", "items", 2, "cues", "Keep it slow")(plan_data)
    _set("routine", "items", 1, "included", "false")(plan_data)
    path = write_json(tmp_path / "plan.json", plan_data)
    result = preview(path)
    assert result.exit_code == 2
    assert "2 problems found:" in result.output
    assert f"{path}: field 'routine.items[1].included': value '\"false\"': expected true or false" in result.output
    assert f"{path}: field 'routine.items[2].cues'" in result.output
    assert "Traceback" not in result.output


# --- 3. values the value objects refuse, reported with the field path --------------------------------


@pytest.mark.parametrize(
    ("damage", "line"),
    [
        (
            _set("routine", "items", 0, "hold", "20 minutes"),
            "field 'routine.items[0].hold': value '20 minutes': expected empty, a whole number of seconds",
        ),
        (
            _set("schedule", "timezone", "Mars/Base"),
            "field 'schedule.timezone': value 'Mars/Base': expected an IANA time zone name",
        ),
        (
            _set("routine", "items", 0, "duration_seconds", -5),
            "field 'routine.items[0].duration_seconds': value '-5': expected a whole number of seconds from 0 to 3600",
        ),
        (
            _set("routine", "items", 0, "duration_seconds", 3601),
            "field 'routine.items[0].duration_seconds': value '3601': "
            "expected a whole number of seconds from 0 to 3600",
        ),
        (_set("routine", "items", 0, "exercise", "duration_seconds", 0), "field 'routine.items[0].exercise': expected"),
        (_set("safety", 0, "items", ["  "]), "field 'safety[0]': expected a valid safety section"),
        (_set("safety", 2, "items", []), "field 'safety[2]': expected a valid safety section"),
        (_set("schedule", "days", []), "field 'schedule': expected a valid schedule"),
        (_set("review_date", "2026-01-01"), "expected a valid plan"),
    ],
)
def test_a_value_refused_by_a_value_object_is_named_with_its_field_path(tmp_path, plan_data, damage, line):
    damage(plan_data)
    path = write_json(tmp_path / "plan.json", plan_data)
    message = refusal(load_plan, path)
    assert message.startswith("1 problem found:")
    assert f"{path}: {line}" in message


def test_a_value_objects_own_words_reach_the_message(tmp_path, plan_data):
    """Beyond the JSON types, the value object decides; its message names the field it refused."""
    _set("safety", 1, "heading", "\u200b")(plan_data)
    _set("review_date", "2026-01-01")(plan_data)
    path = write_json(tmp_path / "plan.json", plan_data)
    message = refusal(load_plan, path)
    assert "field 'safety[1]'" in message and "heading" in message
    assert "review_date" not in message, "the plan itself is only built once its parts are valid"
    _set("safety", 1, "heading", "Who to see first")(plan_data)
    write_json(path, plan_data)
    assert "review_date" in refusal(load_plan, path)


def test_a_template_item_the_value_object_refuses_is_named(tmp_path, catalog):
    items = [{"exercise": "rock-back", "hold": "20-10 seconds"}, {"exercise": "glute-bridge", "hold": "5"}]
    path = write_json(tmp_path / "template.json", {**TEMPLATE_FORMAT, "items": items})
    message = refusal(load_template, path, catalog)
    assert message.startswith("1 problem found:")
    assert f"{path}: field 'items[0].hold': value '20-10 seconds'" in message


# --- 4. files that cannot be read -------------------------------------------------------------------


@pytest.mark.parametrize("kind", LOADERS)
def test_a_folder_is_refused_as_a_json_file(tmp_path, kind):
    folder = tmp_path / "plan.json"
    folder.mkdir()
    assert f"{folder}: expected a JSON file, not a folder" in refusal(LOADERS[kind], folder)


@pytest.mark.parametrize("kind", LOADERS)
def test_a_path_under_a_regular_file_is_refused(tmp_path, kind):
    (tmp_path / "notes.txt").write_text("not a folder", encoding="utf-8")
    path = tmp_path / "notes.txt" / "plan.json"
    assert f"{path}: expected a path whose folders are folders" in refusal(LOADERS[kind], path)


@pytest.mark.parametrize("kind", LOADERS)
def test_a_file_that_is_not_utf8_is_refused_with_its_line(tmp_path, kind):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"format": "backcare-kit/plan",\n "patient": "Zoë"}'.encode("latin-1"))
    assert f"{path}:2: value 'byte 0xeb': expected UTF-8 text" in refusal(LOADERS[kind], path)


@pytest.mark.parametrize("kind", LOADERS)
def test_a_missing_file_is_refused(tmp_path, kind):
    path = tmp_path / "nowhere.json"
    assert f"{path}: expected an existing JSON file" in refusal(LOADERS[kind], path)


def test_a_name_too_long_for_the_system_is_refused(tmp_path):
    path = tmp_path / ("x" * 5000 + ".json")
    message = refusal(load_plan, path)
    assert "expected a readable file (File name too long)" in message


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_file_without_read_permission_is_refused(tmp_path, plan):
    """Root reads any file whatever its mode, so as root the loading runs without that capability."""
    from backcare_kit import save_plan

    drop: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv to drop the capability to read any file")
        drop = ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search"]
    path = save_plan(plan, tmp_path / "plan.json")
    path.chmod(0)
    code = (
        "import sys\nfrom backcare_kit import BackcareError, load_plan\n"
        "try:\n    load_plan(sys.argv[1])\nexcept BackcareError as error:\n    print(error)\n"
    )
    result = subprocess.run([*drop, sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert f"{path}: expected a file you have permission to read" in result.stdout


def test_an_unreadable_file_is_a_backcare_error_and_the_command_line_shows_no_traceback(tmp_path):
    path = tmp_path / "plan.json"
    path.write_bytes(b'{"patient": "\xff"}')
    with pytest.raises(BackcareError):
        load_plan(path)
    result = preview(path)
    assert result.exit_code == 2
    assert f"{path}:1: value 'byte 0xff': expected UTF-8 text" in result.output
    assert "Traceback" not in result.output


def test_a_byte_order_mark_is_accepted(tmp_path, plan):
    from backcare_kit import save_plan

    path = save_plan(plan, tmp_path / "plan.json")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_plan(path) == plan


# --- 5. unknown exercise ids: the closest few, never the catalog -------------------------------------


def test_an_unknown_id_suggests_the_closest_ids(tmp_path, catalog):
    items = [{"exercise": "glute-bridg"}, {"exercise": "rock-bak"}, {"exercise": "handstand"}]
    path = write_json(tmp_path / "template.json", {**TEMPLATE_FORMAT, "items": items})
    message = refusal(load_template, path, catalog)
    assert message.startswith("3 problems found:")
    assert (
        f"{path}: field 'items[0].exercise': value 'glute-bridg': "
        "expected an exercise id in the catalog; did you mean 'glute-bridge'?"
    ) in message
    assert "did you mean 'rock-back'?" in message
    assert f"value 'handstand': expected an exercise id in the catalog (none of its {len(catalog)} ids is close)" in (
        message
    )
    assert "lumbar-rotation-stretch" not in message, "the catalog is never listed"


@pytest.fixture(scope="module")
def big_catalog() -> Catalog:
    """A catalog of 100,000 exercises, as a large clinic's library could be."""
    return Catalog.from_exercises(Exercise(f"exercise-{n:06d}", f"Exercise {n}", ("Step",), 60) for n in range(100_000))


def test_unknown_ids_against_a_huge_catalog_give_a_short_message(tmp_path, big_catalog):
    items = [{"exercise": f"exercise-{n:06d}x"} for n in range(100)]
    path = write_json(tmp_path / "template.json", {**TEMPLATE_FORMAT, "items": items})
    message = refusal(load_template, path, big_catalog)
    assert len(message) < 10_000
    assert (
        f"{path}: field 'items[0].exercise': value 'exercise-000000x': "
        "expected an exercise id in the catalog; did you mean 'exercise-000000'"
    ) in message
    assert message.count("did you mean") == 20
    assert all(line.count("'exercise-") <= 4 for line in message.splitlines()), "at most three suggestions each"
    assert message.startswith("100 problems found:")
    assert message.splitlines()[-1] == "  … and 80 more (fix these first, or see .problems / to_frame())"


def test_a_typo_at_the_start_of_an_id_is_found_in_a_huge_catalog(tmp_path, big_catalog):
    path = write_json(tmp_path / "template.json", {**TEMPLATE_FORMAT, "items": [{"exercise": "xercise-054321"}]})
    assert "did you mean 'exercise-054321'" in refusal(load_template, path, big_catalog)


# --- 6. text: never a number or an object turned into text, never a control character ---------------


@pytest.mark.parametrize("value", [5, {"first": "Jane"}, ["Jane", "Doe"], True])
def test_a_non_string_is_refused_rather_than_turned_into_text(tmp_path, plan_data, value):
    plan_data["clinician"] = value
    path = write_json(tmp_path / "plan.json", plan_data)
    assert f"{path}: field 'clinician': value '{json.dumps(value)}': expected text" in refusal(load_plan, path)


def test_control_characters_in_text_never_reach_the_plan(tmp_path, plan_data):
    plan_data["patient"] = "Jane\x1b[31m Doe\x00"
    plan_data["notes"] = "Walk\x07 daily\x9b"
    plan_data["routine"]["items"][0]["cues"] = ["Slowly\x08", "\x7fBreathe"]
    path = write_json(tmp_path / "plan.json", plan_data)
    loaded = load_plan(path)
    texts = [loaded.patient, loaded.notes, *loaded.routine.items[0].cues]
    assert not any(CONTROL.search(text) for text in texts)
    assert loaded.patient == "Jane[31m Doe"


def test_a_valid_template_with_overrides_still_loads(tmp_path, catalog, plan):
    routine = plan.routine.tailor(2, duration_seconds=90, hold="5 seconds", cues=("Breathe out",)).tailor(
        1, included=False
    )
    path = save_template(routine, tmp_path / "template.json")
    assert load_template(path, catalog) == routine
