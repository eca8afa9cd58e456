"""The editor as a page a clinician trusts: messages under their fields, no silent changes, downloads, sections.

These drive the real widgets from Python, as the browser would through the
kernel; tests/test_voila.py and tests/test_jupyterlab.py do the same through
Chromium.
"""

from __future__ import annotations

import base64
import json
import re
from html import unescape

import pytest

from backcare_kit import bundled_plan, load_plan
from backcare_kit.widgets import Editor


@pytest.fixture
def editor(tmp_path, monkeypatch):
    """The editor with the installed exporters, as a clinician has it."""
    monkeypatch.chdir(tmp_path)
    return Editor(bundled_plan(patient="Jane Doe"))


def others_silent(editor, line) -> bool:
    return all(other.value == "" for other in editor.messages.values() if other is not line)


@pytest.mark.parametrize(
    "field, typed, kept, expected",
    [
        ("time", "25:99", "08:00", "time of day '25:99': expected a 24-hour time such as 07:30 or 18:00"),
        ("weeks", 0, 6, "weeks: expected a whole number of weeks from 1 to 104, not 0"),
        ("timezone", "Mars/Base", "Europe/London", "unknown time zone 'Mars/Base'"),
        ("transition", 9999, 15, "rest between exercises: expected a whole number of seconds from 0 to 600"),
    ],
)
def test_a_refused_value_is_explained_under_its_own_field_and_the_field_says_it_did_not_change(
    editor, field, typed, kept, expected
):
    before = editor.plan
    getattr(editor, field).value = typed
    line = editor.messages[field]
    assert line.text == f"Not changed: {expected}" or (line.text.startswith("Not changed: ") and expected in line.text)
    assert 'role="alert"' in line.value  # announced by screen readers as it appears
    assert getattr(editor, field).value == kept and editor.plan == before
    assert editor.message is line and others_silent(editor, line)


def test_an_emptied_first_day_is_refused_and_the_picker_shows_the_plans_day_again(editor):
    day = editor.plan.schedule.start_date
    editor.start.value = None
    expected = "Not changed: first day: expected a date, not an empty box (a plan needs its first day)"
    assert editor.messages["start"].text == expected
    assert editor.start.value == day == editor.plan.schedule.start_date


def test_a_dose_out_of_range_is_explained_on_its_card_in_the_words_of_its_label(editor):
    row = editor.rows[0]
    row.seconds.value = 99_999
    assert row.seconds.value == 120 and editor.plan.routine.items[0].duration_seconds == 120
    assert "duration: expected a whole number of seconds from 0 to 3600, not 99999" in row.message.text
    assert "duration_seconds" not in row.message.text
    assert editor.message is row.message


def test_a_good_edit_clears_the_message_it_answers_so_no_stale_error_stays_on_the_page(editor):
    editor.time.value = "25:99"
    assert editor.messages["time"].text
    editor.rows[1].seconds.value = 90
    assert editor.messages["time"].value == "" and editor.rows[1].message.value == ""


def test_a_morning_time_with_one_hour_digit_is_simply_taken(editor):
    editor.time.value = "7:30"
    assert editor.time.value == "07:30" and editor.plan.schedule.time_of_day.isoformat() == "07:30:00"
    assert editor.messages["time"].value == ""


def test_the_format_choice_starts_on_the_handout_and_shows_each_title_whole(editor):
    assert editor.format.value == "html"
    labels = [label for label, _ in editor.format.options]
    assert labels[0].startswith("Patient handout")
    assert not any(re.search(r"\((html|ical|txt|pdf)\)$", label) for label in labels)


def data_link(message_html: str) -> tuple[str, str, bytes]:
    """The download link in a message: its file name, media type and the bytes it holds."""
    found = re.search(r'<a download="([^"]+)" href="data:([^;"]+(?:;charset=[^;"]+)?);base64,([^"]+)">', message_html)
    assert found, message_html
    return unescape(found[1]), found[2], base64.b64decode(found[3])


def test_export_offers_the_file_written_as_a_download_in_the_page(editor, tmp_path):
    editor.export_button.click()
    written = tmp_path / "exports" / "jane-doe-back-care-plan.html"
    assert written.is_file() and str(written) in editor.export_message.text
    name, kind, data = data_link(editor.export_message.value)
    assert (name, kind) == ("jane-doe-back-care-plan.html", "text/html;charset=utf-8")
    assert data == written.read_bytes()


def test_save_offers_the_plan_file_as_a_download_that_opens_as_the_same_plan(editor, tmp_path):
    editor.rows[2].seconds.value = 75
    editor.save_button.click()
    saved = tmp_path / "plans" / "jane-doe.json"
    name, kind, data = data_link(editor.file_message.value)
    assert (name, kind) == ("jane-doe.json", "application/json") and data == saved.read_bytes()
    downloaded = tmp_path / "downloaded.json"
    downloaded.write_bytes(data)
    assert load_plan(downloaded) == editor.plan and json.loads(data)["routine"]


def test_an_export_refused_names_the_tick_box_and_offers_no_stale_download(editor):
    editor.export_button.click()
    editor.export_button.click()
    assert (
        "already exists" in editor.export_message.text and "“Overwrite an existing file”" in editor.export_message.text
    )
    assert "<a download" not in editor.export_message.value


def test_sections_fold_away_and_come_back_with_a_button_that_says_what_it_will_do(editor):
    patient = editor.sections["patient"]
    assert patient.toggle.description == "Hide Patient" and not patient.folded
    patient.toggle.click()
    assert patient.folded and patient.body.layout.display == "none" and patient.toggle.description == "Show Patient"
    patient.toggle.click()
    assert not patient.folded and patient.toggle.description == "Hide Patient"
    assert list(editor.sections) == ["patient", "exercises", "schedule", "safety"]  # the order the work goes


def test_the_summary_holds_the_total_the_warnings_the_timeline_legend_and_the_actions(editor):
    summary = editor.summary.children
    for part in (editor.total, editor.preview, editor.export_box, editor.file_box):
        assert part in summary
    assert "no clinic contact" in editor.preview.value
    legend = re.search(r'<p class="bk-legend".*?</p>', editor.preview.value)
    assert legend and "an exercise" in legend[0] and "getting ready or resting" in legend[0]
    editor.rows[0].seconds.value = 60
    assert "Total 10:00" in editor.total.value


def test_the_cues_box_is_tall_enough_for_every_cue(editor):
    row = editor.rows[1]  # rock back: three cues, one long
    lines = editor.plan.routine.items[1].cues
    assert row.cues.rows >= len(lines) and row.cues.layout.width == "100%"


def test_a_write_the_system_refuses_is_said_in_words_not_as_an_error_number(editor, tmp_path, monkeypatch):
    import errno
    import os

    from backcare_kit import files

    real_open = os.open

    def refusing(path, *args, **kwargs):
        if os.path.abspath(path).startswith(str(tmp_path / "exports")):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(files.os, "open", refusing)
    editor.export_button.click()
    said = editor.export_message.text
    assert "permission denied; choose a folder you can write to" in said and "nothing was written" in said
    assert "Errno" not in said and "[" not in said
    assert not (tmp_path / "exports").exists() or not list((tmp_path / "exports").iterdir())  # nothing left
