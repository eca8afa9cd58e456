"""One contract, run against every installed exporter (as nbconvert tests its exporters).

Whatever the format, a patient must get every exercise with its dose and the
whole safety text, and what a clinician typed must come through as typed.
Each format is read back the way its reader would: HTML as the text a
browser shows, iCalendar through the icalendar parser, a PDF as the text
poppler's pdftotext extracts from it (in the order it is drawn), text as text.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from backcare_kit import BackcareError, export_plan, load_catalog
from backcare_kit.handout import outline
from backcare_kit.plugins import build_plugins
from backcare_kit.templates import load_template
from backcare_kit.words import PICTURES_IN_HANDOUT, dose_in_words

BUILT_IN = {"html", "ics", "pdf", "txt"}
PLUGINS = build_plugins()
INSTALLED = PLUGINS.exporters()


def test_built_in_exporters_are_installed_in_ci():
    missing = BUILT_IN - set(INSTALLED)
    if missing and os.environ.get("CI") != "true":
        pytest.skip(f"exporters not installed here: {', '.join(sorted(missing))}")
    assert not missing
    assert not PLUGINS.failures


def test_every_built_in_format_shows_every_stage_of_a_plan_that_changes_over_the_weeks():
    """A built-in format refusing such a plan would leave the clinician no way to give it to the patient."""
    hidden = sorted(name for name in BUILT_IN & set(INSTALLED) if not INSTALLED[name].exporter.phases)
    assert not hidden, f"built-in formats that do not declare phases=True: {hidden}"


def in_order(text: str, expected: list[str]) -> list[str]:
    """The expected strings not found in ``text`` each after the one before (empty when all are)."""
    missing, at = [], 0
    for words in expected:
        found = text.find(words, at)
        if found < 0:
            missing.append(words)
        else:
            at = found + len(words)
    return missing


def readable_text(data: bytes, media_type: str) -> str:
    """What a person reads in the file, whitespace collapsed."""
    kind = media_type.split(";")[0].strip()
    if kind == "text/html":
        text = _html_text(data.decode("utf-8"))
    elif kind == "text/calendar":
        text = _calendar_text(data)
    elif kind == "application/pdf":
        text = _pdf_text(data)
    else:
        text = data.decode("utf-8", errors="replace")
    return " ".join(text.split())


def _html_text(html: str) -> str:
    class Collector(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag, attrs):
            self.skip += tag in ("script", "style")

        def handle_endtag(self, tag):
            self.skip -= tag in ("script", "style")

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    collector = Collector()
    collector.feed(html)
    return " ".join(collector.parts)


def _calendar_text(data: bytes) -> str:
    icalendar = pytest.importorskip("icalendar")
    calendar = icalendar.Calendar.from_ical(data)
    return " ".join(str(e.get(k, "")) for e in calendar.walk("VEVENT") for k in ("SUMMARY", "DESCRIPTION"))


def _pdf_text(data: bytes) -> str:
    """The PDF's text as pdftotext extracts it, in the order the PDF draws it (-raw): its reading order."""
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftotext not found: install poppler-utils (CI=true, so this fails instead of skipping)")
        pytest.skip("pdftotext not found: install poppler-utils to read the PDF back")
    run = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True)
    return run.stdout.decode("utf-8")


def _carries_its_pictures(installed) -> bool:
    """The formats a patient sees the pictures in: the HTML handout, and the PDF printed from it."""
    return installed.exporter.media_type.startswith(("text/html", "application/pdf"))


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(params=sorted(INSTALLED), ids=lambda name: name)
def installed(request):
    return INSTALLED[request.param]


class TestExporterContract:
    def test_declares_a_name_a_dotted_extension_and_a_media_type(self, installed):
        exporter = installed.exporter
        assert re.fullmatch(r"[a-z][a-z0-9_-]*", exporter.name)
        assert re.fullmatch(r"(\.[a-z0-9]+)+", exporter.extension)
        assert re.fullmatch(r"[a-z]+/[a-z0-9.+-]+(;.*)?", exporter.media_type)
        assert installed.distribution and installed.version

    def test_exports_the_bundled_plan_to_a_file_with_its_extension(self, installed, plan, tmp_path):
        path = export_plan(plan, installed.exporter.name, tmp_path, plugins=PLUGINS)
        assert path.name == f"jane-doe-back-care-plan{installed.exporter.extension}"
        assert path.stat().st_size > 0

    def test_carries_every_exercise_with_its_dose_and_the_whole_safety_text(self, installed, plan, tmp_path):
        path = export_plan(plan, installed.exporter.name, tmp_path, plugins=PLUGINS)
        text = readable_text(path.read_bytes(), installed.exporter.media_type)
        missing = [line for line in plan.safety.lines() if squash(line) not in text]
        assert not missing, f"safety text dropped: {missing}"
        for item in plan.routine.included:
            assert item.name in text
            assert dose_in_words(item) in text
            for cue in item.cues:
                assert squash(cue) in text

    def test_every_time_based_dose_says_repeat_with_its_time(self, installed, plan, tmp_path):
        """'2 minutes' alone reads as 'hold for 2 minutes'; the article says 'Repeat for two minutes'."""
        tailored = plan.edited(routine=plan.routine.tailor(0, duration_seconds=90).tailor(1, sides="each_side"))
        path = export_plan(tailored, installed.exporter.name, tmp_path, plugins=PLUGINS)
        text = readable_text(path.read_bytes(), installed.exporter.media_type)
        expected = [
            f"{tailored.routine.items[0].name}: Repeat for 1 minute 30 seconds",
            "Repeat for 2 minutes on one side, then 2 minutes on the other side",
            "Repeat for 2 minutes, changing sides each time",
            "Repeat for 1 minute on one side, then 1 minute on the other side. Hold for a few seconds each time",
        ]
        if not installed.exporter.media_type.startswith(("text/plain", "text/calendar")):
            expected[0] = expected[0].split(": ", 1)[1]  # the handout puts the name in a heading
        missing = [words for words in expected if words not in text]
        assert not missing, f"doses not said as a repeat: {missing}"

    def test_a_dose_by_repetitions_is_carried_with_its_sets_and_an_estimate(self, installed, plan, tmp_path):
        data = Path(__file__).parent / "data"
        routine = load_template(data / "reps-routine.json", load_catalog(data / "reps-exercises.csv"))
        path = export_plan(plan.edited(routine=routine), installed.exporter.name, tmp_path, plugins=PLUGINS)
        text = readable_text(path.read_bytes(), installed.exporter.media_type)
        missing = [dose_in_words(item) for item in routine.included if dose_in_words(item) not in text]
        assert not missing
        assert "Do 3 sets of 10 repetitions. Rest 30 seconds between sets. This takes about 3 minutes" in text
        assert "about 8 minutes" in text

    def test_what_a_clinician_typed_comes_through_as_typed(self, installed, plan, tmp_path):
        typed = plan.edited(
            patient='Ann "Nan" O\'Neil; <b>Smith</b>, & co',
            notes="Walk daily; <script>alert(1)</script>, then rest\\stretch",
            routine=plan.routine.tailor(0, cues=("Keep knees <apart>; breathe, & relax",)),
        )
        path = export_plan(typed, installed.exporter.name, tmp_path, plugins=PLUGINS)
        text = readable_text(path.read_bytes(), installed.exporter.media_type)
        for value in [typed.patient, "Keep knees <apart>; breathe, & relax"]:
            assert value in text
        if installed.exporter.media_type.startswith("text/html"):
            assert "<script>alert(1)</script>" not in path.read_text(encoding="utf-8")

    def test_a_plan_with_phases_gets_each_stage_with_its_own_doses_or_an_error_and_no_file(
        self, installed, plan, tmp_path, three_stages
    ):
        """A format declaring phases=True shows each stage's weeks, then its exercises and doses, in order."""
        staged = three_stages(plan)
        if not installed.exporter.phases:
            with pytest.raises(BackcareError, match="cannot show a plan that changes over the weeks"):
                export_plan(staged, installed.exporter.name, tmp_path, plugins=PLUGINS)
            assert os.listdir(tmp_path) == []
            return
        path = export_plan(staged, installed.exporter.name, tmp_path, plugins=PLUGINS)
        text = readable_text(path.read_bytes(), installed.exporter.media_type)
        stages = outline(staged).stages
        places = [text.find(stage.weeks) for stage in stages]
        assert -1 not in places and places == sorted(places), [stage.weeks for stage in stages]
        parts = [text[start:end] for start, end in zip(places, [*places[1:], len(text)], strict=True)]
        for part, weeks, stage in zip(parts, [s.weeks for s in stages], staged.stages(), strict=True):
            expected = [words for item in stage.routine.included for words in (item.name, dose_in_words(item))]
            assert not in_order(part, expected), f"{weeks}: not shown in order: {in_order(part, expected)}"
        assert "Repeat for 2 minutes" not in parts[0] and "Repeat for 2 minutes" in parts[1]
        assert "Repeat for 1 minute 30 seconds" in parts[2] and "Arm openings" not in parts[2]

    def test_an_empty_routine_gives_an_error_and_no_file(self, installed, plan, tmp_path):
        from dataclasses import replace

        empty = plan.edited(routine=replace(plan.routine, items=()))
        with pytest.raises(BackcareError, match="no exercises"):
            export_plan(empty, installed.exporter.name, tmp_path, plugins=PLUGINS)
        assert os.listdir(tmp_path) == []

    def test_a_plan_with_pictures_keeps_every_word_and_only_a_page_carries_the_images(self, installed, plan, tmp_path):
        """Pictures add to the words, never replace them; a text format points to the handout instead."""
        drawn = _with_a_drawing_on_every_exercise(plan)
        path = export_plan(drawn, installed.exporter.name, tmp_path, plugins=PLUGINS)
        data = path.read_bytes()
        text = readable_text(data, installed.exporter.media_type)
        missing = [line for line in plan.safety.lines() if squash(line) not in text]
        assert not missing, f"safety text dropped: {missing}"
        for item in drawn.routine.included:
            assert item.name in text and dose_in_words(item) in text
        drawing = base64.b64encode(_DRAWING).decode("ascii")
        if installed.exporter.media_type.startswith("text/html"):
            assert data.decode("utf-8").count(drawing) == len(drawn.routine.included)
        elif _carries_its_pictures(installed):  # the PDF draws them: no need to point to the handout
            assert PICTURES_IN_HANDOUT not in text
        elif installed.exporter.name in BUILT_IN:
            assert drawing not in data.decode("utf-8") and b"data:image" not in data
            assert PICTURES_IN_HANDOUT in text
            bare = _each_exercise(plan, pictures=(), poses=())
            assert PICTURES_IN_HANDOUT not in readable_text(
                export_plan(bare, installed.exporter.name, tmp_path / "bare", plugins=PLUGINS).read_bytes(),
                installed.exporter.media_type,
            )  # only when there are pictures to point to


#: A clinic's own drawing, small enough to find whole in a file.
_DRAWING = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20"><path d="M2 18H38" stroke="#000"/></svg>'


def _with_a_drawing_on_every_exercise(plan):
    from backcare_kit.picture import Picture

    return _each_exercise(plan, pictures=(Picture("image/svg+xml", _DRAWING, "Lying on your back"),))


def _each_exercise(plan, **changes):
    """``plan`` with ``changes`` made to every exercise of its routine (the catalog's own stays as it is)."""
    from dataclasses import replace

    items = tuple(replace(item, exercise=replace(item.exercise, **changes)) for item in plan.routine.items)
    return plan.edited(routine=replace(plan.routine, items=items))
