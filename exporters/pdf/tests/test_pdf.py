"""The PDF handout read back as a patient, a printer and a screen reader would: poppler's tools on real exports.

Every PDF here is made through the real plugin machinery and WeasyPrint,
from the bundled plan (its exercises carry their own pose drawings).
"""

from __future__ import annotations

import http.server
import threading
from dataclasses import replace
from datetime import date, time
from typing import ClassVar

import pytest
from backcare_kit_browser import assert_not_blank, screenshot_folder

from backcare_kit import BackcareError, bundled_plan, export_plan
from backcare_kit.handout import outline
from backcare_kit.plugins import build_plugins
from backcare_kit.words import LOG_SHEET_WORDS, date_in_words

backcare_kit_pdf = pytest.importorskip("backcare_kit_pdf")

LOG_TITLE = LOG_SHEET_WORDS["title"]


def make_plan(**fields):
    details = {
        "patient": "Jane Doe",
        "start_date": date(2026, 3, 2),
        "made_on": date(2026, 2, 27),
        "clinician": "Dr Ann Smith",
        "clinic": "Riverside Physio",
    }
    return bundled_plan(**{**details, **fields})


@pytest.fixture(scope="module")
def plugins():
    return build_plugins(selected="pdf")


@pytest.fixture(scope="module")
def export(plugins, tmp_path_factory):
    """``export(plan, **options)``: the PDF's path; the bundled plan's PDFs are made once per option set."""
    made: dict[tuple, object] = {}

    def make(plan=None, **options):
        key = tuple(sorted(options.items()))
        if plan is None and key in made:
            return made[key]
        folder = tmp_path_factory.mktemp("pdf")
        path = export_plan(plan or make_plan(), "pdf", folder, plugins=plugins, options=options)
        if plan is None:
            made[key] = path
        return path

    return make


def laid(poppler, path):
    return poppler.Laid(poppler.page_texts(path), LOG_TITLE)


def exercise_names(plan):
    return [ex.name for stage in outline(plan).stages for ex in stage.exercises]


# -- Pages -------------------------------------------------------------------------------------------------------


def test_the_bundled_plan_in_standard_print_fits_three_a4_pages_then_its_log_sheet(export, poppler):
    path = export()
    assert poppler.info(path)["Page size"].endswith("(A4)")
    pages = laid(poppler, path)
    assert 0 < pages.log_start <= 3, f"the plan takes {pages.log_start} A4 pages before its log sheet"
    assert "About this plan" in pages.texts[pages.log_start - 1]
    assert len(pages.texts) - pages.log_start == 1, "the bundled plan's 18 sessions fit one log sheet page"


@pytest.mark.parametrize(
    "options", [{}, {"paper": "letter"}, {"print": "large"}, {"paper": "letter", "print": "large"}], ids=str
)
def test_the_log_sheet_has_its_own_last_pages_and_no_exercise_is_split(export, poppler, options):
    path = export(**options)
    pages = laid(poppler, path)
    assert pages.log_start > 0
    plan_pages, log_pages = pages.texts[: pages.log_start], pages.texts[pages.log_start :]
    assert not any(LOG_SHEET_WORDS["done"] in page and "How much:" in page for page in log_pages)
    assert LOG_SHEET_WORDS["bring"] in log_pages[-1]
    for ex in outline(make_plan()).exercises:
        [first] = [n for n, page in enumerate(plan_pages) if f"{ex.number}. {ex.name}" in page]
        last_step = poppler.squash(ex.steps[-1])
        assert last_step in plan_pages[first], f"{ex.name}: its last step is not on its page ({options})"
        if ex.cues:
            assert poppler.squash(ex.cues[-1]) in plan_pages[first], f"{ex.name}: split ({options})"


def test_letter_paper_is_letter_size(export, poppler):
    assert poppler.info(export(paper="letter"))["Page size"].endswith("(letter)")


def test_large_print_takes_more_pages_than_standard(export, poppler):
    """The same words at 16 pt instead of 12 pt: more pages, never fewer words."""
    standard, large = export(), export(print="large")
    assert poppler.pages(large) > poppler.pages(standard)
    assert poppler.squash(poppler.text(large)).count("How much:") == len(outline(make_plan()).exercises)


# -- Reading order and words ---------------------------------------------------------------------------------------


def test_the_text_reads_safety_first_then_the_exercises_in_order_then_the_log_sheet(export, poppler):
    plan = make_plan()
    doc = outline(plan)
    path = export()
    layout = poppler.squash(poppler.text(path, layout=True))
    names = [f"{ex.number}. {ex.name}" for ex in doc.exercises]
    headings = ["Safety advice", *(section.heading for section in doc.safety), doc.contact]
    expected = [*headings, "When to exercise", *names, "About this plan", LOG_TITLE]
    places = [layout.find(words) for words in expected]
    assert -1 not in places, [words for words, at in zip(expected, places, strict=True) if at < 0]
    assert places == sorted(places), "not in reading order (pdftotext -layout)"
    reading = poppler.squash(poppler.text(path))
    first_exercise = reading.index(names[0])
    missing = [line for line in plan.safety.lines() if poppler.squash(line) not in reading[:first_exercise]]
    assert not missing, f"safety text not before the first exercise: {missing}"


def test_the_log_sheet_has_a_row_for_every_session_with_its_date_under_the_patient_and_dates(export, poppler):
    plan = make_plan()
    sessions = outline(plan).sessions
    pages = laid(poppler, export())
    sheet = " ".join(pages.texts[pages.log_start :])
    assert LOG_SHEET_WORDS["for"].format(patient="Jane Doe") in sheet
    first, last = date_in_words(sessions[0].day), date_in_words(sessions[-1].day)
    assert LOG_SHEET_WORDS["dates"].format(first=first, last=last) in sheet
    rows = [f"{date_in_words(s.day)} {s.time}" for s in sessions]
    assert _in_order(sheet, rows), "the sheet's rows are not the sessions, in order"
    body = sheet.split(LOG_SHEET_WORDS["note"], 1)[1]
    assert sum(body.count(f"{date_in_words(s.day)} ") for s in {s.day: s for s in sessions}.values()) == len(sessions)


def test_a_plan_with_phases_and_two_sessions_a_day_gets_a_row_for_each_session(export, poppler, three_stages):
    plan = three_stages(make_plan()).edited(schedule=replace(make_plan().schedule, more_times=(time(18),)))
    sessions = outline(plan).sessions
    assert len({s.stage for s in sessions}) == 3 and len(sessions) == 36
    pages = laid(poppler, export(plan))
    sheet = " ".join(pages.texts[pages.log_start :])
    assert _in_order(sheet, [f"{date_in_words(s.day)} {s.time}" for s in sessions])
    for stage in outline(plan).stages:
        assert stage.weeks in " ".join(pages.texts[: pages.log_start])


def test_a_patient_name_with_markup_and_odd_characters_is_printed_as_typed(export, poppler):
    name = 'Ann "Nan" O\'Neil; <b>Smith</b>, & co \\ Zoë'
    path = export(make_plan(patient=name))
    unspaced = "".join(poppler.text(path).split())  # a long name may wrap after "</"
    assert "".join(f"Back-care exercise plan for {name}".split()) in unspaced
    assert "".join(LOG_SHEET_WORDS["for"].format(patient=name).split()) in unspaced
    assert poppler.info(path)["Title"] == f"Back-care exercise plan for {name}"
    pages = laid(poppler, path)
    assert "About this plan" in pages.texts[pages.log_start - 1]


def _in_order(text: str, expected: list[str]) -> bool:
    at = 0
    for words in expected:
        at = text.find(words, at)
        if at < 0:
            return False
        at += len(words)
    return True


# -- For PDF readers and screen readers --------------------------------------------------------------------------


def test_every_font_is_embedded(export, poppler):
    for options in ({}, {"print": "large"}):
        found = poppler.fonts(export(**options))
        assert found and all(font["emb"] == "yes" for font in found), found


def test_title_author_language_and_tags_are_set(export, poppler):
    path = export()
    info = poppler.info(path)
    assert info["Title"] == "Back-care exercise plan for Jane Doe"
    assert info["Author"] == "Riverside Physio"
    assert info["Tagged"] == "yes"
    assert poppler.language(path) == "en"
    assert 'pdfuaid:part="1"' in poppler.metadata(path)  # PDF/UA-1


def test_without_a_clinic_the_clinician_is_the_author(export, poppler):
    assert poppler.info(export(make_plan(clinic="")))["Author"] == "Dr Ann Smith"


def test_the_pose_drawings_stay_vector_and_a_photo_keeps_its_pixels(export, poppler):
    """SVG is drawn as lines (no raster image at all); a clinic's PNG is embedded at its own size, not resampled."""
    assert poppler.images(export()) == []
    [image] = poppler.images(export(_with_a_photo(make_plan(), size=(64, 40))))
    assert (image["width"], image["height"]) == ("64", "40")


def _with_a_photo(plan, size):
    """``plan`` with a clinic's PNG (a black bar on white, made with Pillow) as its first exercise's one picture."""
    import io

    from PIL import Image, ImageDraw

    from backcare_kit.picture import Picture

    image = Image.new("RGB", size, "white")
    ImageDraw.Draw(image).rectangle((4, size[1] // 2 - 3, size[0] - 4, size[1] // 2 + 3), fill="black")
    out = io.BytesIO()
    image.save(out, format="PNG")
    first = plan.routine.items[0]
    photo = Picture("image/png", out.getvalue(), "Clinic photo: lying on your back")
    items = (replace(first, exercise=replace(first.exercise, pictures=(photo,))), *plan.routine.items[1:])
    return plan.edited(routine=replace(plan.routine, items=items))


def test_pages_look_like_pages(export, poppler):
    """The first page and the log sheet as PNGs under screenshots/, to look at; neither is blank."""
    path = export()
    log_page = laid(poppler, path).log_start + 1
    for page, name in ((1, "pdf-a4-page-1"), (2, "pdf-a4-page-2"), (log_page, "pdf-a4-log-sheet")):
        assert_not_blank(poppler.to_png(path, page, screenshot_folder() / name))
    assert_not_blank(poppler.to_png(export(print="large"), 1, screenshot_folder() / "pdf-large-page-1"))


# -- Options and safety ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"paper": "tabloid"}, "paper must be a4 or letter, not 'tabloid'"),
        ({"print": "huge"}, "print must be standard or large, not 'huge'"),
        ({"paper": ""}, "paper must be a4 or letter, not ''"),
    ],
)
def test_a_bad_option_value_is_named_with_what_is_expected_and_no_file_is_written(plugins, tmp_path, options, expected):
    with pytest.raises(BackcareError, match=expected.replace("(", r"\(")):
        export_plan(make_plan(), "pdf", tmp_path, plugins=plugins, options=options)
    assert list(tmp_path.iterdir()) == []


def test_option_values_are_read_whatever_their_case(export, poppler):
    assert poppler.info(export(make_plan(), paper=" Letter "))["Page size"].endswith("(letter)")


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self):
        type(self).requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    """A web server on loopback that records every request: the PDF must never make one."""
    _Recorder.requests = []
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_nothing_outside_the_page_is_fetched_neither_a_picture_nor_a_style(monkeypatch, export, poppler, server):
    """Were a web address or a file to slip into the handout, WeasyPrint leaves it out and prints the rest."""
    import backcare_kit_html

    real = backcare_kit_html.render

    def with_outside_links(plan, options):
        outside = (
            f'<img src="{server}/picture.png" alt="">'
            f'<link rel="stylesheet" href="{server}/style.css">'
            f"<style>@import url({server}/import.css); body {{ background: url({server}/bg.png); }}</style>"
            '<img src="file:///etc/hostname" alt="">'
        )
        return real(plan, options).replace("</header>", outside + "</header>", 1)

    monkeypatch.setattr(backcare_kit_html, "render", with_outside_links)
    path = export(make_plan())
    assert _Recorder.requests == []
    assert "Safety advice" in poppler.text(path)


def test_the_fetcher_refuses_everything_but_data_uris():
    fetcher = backcare_kit_pdf.offline.offline_fetcher()
    for url in ("http://127.0.0.1:9/x.png", "https://example.org/a.css", "file:///etc/hostname", "ftp://x/y"):
        with pytest.raises(backcare_kit_pdf.offline.FetchRefused, match="reads nothing outside itself"):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"


def test_making_a_pdf_leaves_pillow_refusing_images_cut_short(export):
    """WeasyPrint's import tells Pillow to accept truncated images; the toolkit's picture check must not change."""
    from PIL import ImageFile

    export(make_plan(patient="Pillow Check"))
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    assert backcare_kit_pdf.missing() == ""
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
