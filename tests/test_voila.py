"""End to end: a clinician opens the tailoring notebook in Voilà, edits a dose by keyboard, and exports.

Voilà runs as a subprocess on 127.0.0.1, serving a copy of ``notebooks/`` in a
temporary folder (so exports land there, not in the repository), with its own
Jupyter data, runtime and config folders. Headless Chromium drives the page as
a person would: keyboard for the duration, the format choice, the Export button and its download.
Every request the page makes is recorded; only Voilà's own origin may answer.

Voilà's stock ``lab`` template links Font Awesome from cdn.jsdelivr.net,
although Voilà's own bundle (``voila-style.js``) already carries Font Awesome 5
and its fonts. The notebook therefore asks for the project's ``backcare``
template (``share/jupyter/voila/templates/backcare``, installed by the wheel
and by scripts/setup), which is ``lab`` minus those two ``<link>`` tags. This
test serves the notebook exactly as a clinician's ``voila`` command does, so a
page that makes any request beyond 127.0.0.1 fails it; the icons still draw
(checked).
"""

from __future__ import annotations

import html
import importlib.util
import json
import pickle
import re
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pytest
from backcare_kit_browser import run_axe, save_screenshot, unavailable
from backcare_kit_jupyter import CUT_WORDS, beyond, kernels_running, server_page, type_into
from backcare_kit_jupyter import Server as Voila
from backcare_kit_jupyter import serve as serve_jupyter

from backcare_kit import bundled_plan
from backcare_kit.pose import JOINTS

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = "01_tailor_a_plan.ipynb"
ILLUSTRATE = "04_illustrate_an_exercise.ipynb"
TEMPLATE = "backcare"  # the notebook's metadata asks for it
RENDER_MS = 60_000  # Voilà executes the notebook before the editor appears
STEP_MS = 10_000  # one edit travelling to the kernel and back


def voila_command(notebook: str, connections: Path) -> Callable[[int], list[str]]:
    def command(port: int) -> list[str]:
        return [
            sys.executable,
            "-m",
            "voila",
            notebook,
            "--no-browser",
            f"--port={port}",
            "--Voila.port_retries=0",  # a taken port fails loudly instead of moving where we do not look
            "--Voila.ip=127.0.0.1",
            f"--Voila.connection_dir_root={connections}",
            "--VoilaConfiguration.show_tracebacks=True",
        ]

    return command


@contextmanager
def serve(tmp_path: Path, notebook: str = NOTEBOOK, prepare=None) -> Iterator[Voila]:
    """Voilà serving ``notebook`` from a copy of notebooks/ (``prepare(folder)`` may change the copy first)."""
    if importlib.util.find_spec("voila") is None:
        unavailable("Voilà is not installed (pip install -e '.[editor]', or scripts/setup)")
    connections = tmp_path / "connections"  # the kernels' connection files, in the test's folder, not /tmp
    connections.mkdir()
    with serve_jupyter("Voilà", voila_command(notebook, connections), tmp_path, prepare) as server:
        yield server


@pytest.fixture
def voila(tmp_path) -> Iterator[Voila]:
    with serve(tmp_path) as server:
        yield server


def voila_page(browser, server, **options):
    """The Voilà page opened in a new browser context (see ``server_page``): the page, its requests, its errors."""
    return server_page(browser, server, "/", RENDER_MS, STEP_MS, **options)


@contextmanager
def editor_page(browser, server, **options):
    """The tailoring page with its editor rendered (Total 11:00): the page, its total line, requests, errors."""
    from playwright.sync_api import expect

    with voila_page(browser, server, **options) as (page, requests, errors):
        total = page.locator(".bk-total")
        expect(total).to_contain_text("Total 11:00", timeout=RENDER_MS)
        yield page, total, requests, errors


def test_clinician_tailors_a_dose_and_exports_through_voila(voila, browser):
    from playwright.sync_api import expect

    notebook = json.loads((ROOT / "notebooks" / NOTEBOOK).read_text(encoding="utf-8"))
    assert notebook["metadata"]["voila"]["template"] == TEMPLATE  # what makes plain `voila` offline
    repository_notebooks = sorted((ROOT / "notebooks").rglob("*"))
    with editor_page(browser, voila) as (page, total, requests, errors):
        kernels = kernels_running(voila)
        if kernels is not None:  # the notebook runs in this interpreter, not whichever python is on PATH
            assert kernels and all(c[0] == sys.executable for c in kernels), kernels

        # No code: Voilà strips the inputs, and nothing of the source reaches the page.
        assert "from backcare_kit.widgets import Editor" not in page.content()
        expect(page.get_by_text("import Editor")).to_have_count(0)
        expect(page.locator(".jp-InputArea-editor, .jp-InputPrompt")).to_have_count(0)

        # The duration by keyboard alone: 120 s down in steps of 5 s with the arrow key, watching the total.
        row = page.locator(".bk-item-0")
        expect(row).to_contain_text("Glute bridge")
        seconds = row.locator(".bk-item-seconds input")
        seconds.focus()
        for shown in ("10:55", "10:50", "10:45", "10:40"):
            page.keyboard.press("ArrowDown")
            expect(total).to_contain_text(f"Total {shown}")
        expect(seconds).to_have_value("100")
        type_into(page, seconds, "60")
        expect(total).to_contain_text("Total 10:00")

        # The seconds box, typed into as a person would: 90 s, then back to 60 s.
        for value, shown in (("90", "Total 10:30"), ("60", "Total 10:00")):
            type_into(page, seconds, value)
            expect(total).to_contain_text(shown)
        expect(row.locator(".bk-item-dose")).to_contain_text("Repeat for 1 minute")

        # Export as plain text into the copy's exports/ folder; the page offers the file as a download.
        expect(page.locator(".bk-export-folder input")).to_have_value("exports")
        formats = page.locator(".bk-export-format")
        expect(formats.get_by_role("radio", name=re.compile(r"^Patient handout \(HTML"))).to_be_checked()
        formats.get_by_role("radio", name=re.compile("^Plain text")).check()
        page.locator("button.bk-export-button").click()
        message = page.locator(".bk-message-export")
        expect(message).to_contain_text("Exported to")
        shown_path = html.unescape(message.locator("code").inner_text())
        with page.expect_download() as download:
            message.get_by_role("link", name=re.compile("^Download ")).click()
        downloaded = voila.folder.parent / "downloaded.txt"
        download.value.save_as(downloaded)
        assert download.value.suggested_filename == Path(shown_path).name

        # Icons come from Voilà's own Font Awesome, not the CDN the stock template links.
        icon_font = page.evaluate(
            "getComputedStyle(document.querySelector('.bk-export-button i'), '::before').fontFamily"
        )
        assert "Font Awesome" in icon_font, icon_font
        faces = page.evaluate(
            "document.fonts.ready.then((fonts) => [...fonts].map((f) => `${f.family} ${f.weight} ${f.status}`))"
        )
        assert any("Font Awesome 5 Free" in f and f.endswith("loaded") for f in faces), faces

    exported = Path(shown_path)
    assert exported.parent == (voila.folder / "exports").resolve(), f"{exported}\n{voila.tail()}"
    assert exported.suffix == ".txt" and exported.is_file(), f"{exported}\n{voila.tail()}"
    text = exported.read_text(encoding="utf-8")
    assert downloaded.read_bytes() == exported.read_bytes()  # the download is the file written, byte for byte
    assert re.search(r"^1\. Glute bridge with spinal articulation: Repeat for 1 minute$", text, re.MULTILINE), text
    assert sorted((ROOT / "notebooks").rglob("*")) == repository_notebooks, "something was written to notebooks/"

    outside = beyond(voila, requests)
    assert requests.requests and outside == [], f"requests beyond {voila.url}: {outside}"
    assert errors == [], f"console errors: {errors}"


def test_clinician_adds_a_phase_and_tailors_it_through_voila(voila, browser, tmp_path):
    """A phase from week 3, its first dose typed longer, week 1 left as it was; a screenshot of each stage.

    The screenshots (``voila-phase-*.png`` in the test's temporary folder, see ``screenshots``)
    are for a person to look at: whether the stage list, the phase controls
    and the stage's weeks above the timing read as one plan in two stages. The
    stages are a list of choices, each with its dates, which wrap rather than being cut short.
    """
    from playwright.sync_api import expect

    with editor_page(browser, voila, viewport={"width": 1280, "height": 1000}) as (page, total, _, errors):
        stages = page.locator(".bk-stage").get_by_role("radio")
        expect(stages).to_have_count(1)

        type_into(page, page.locator(".bk-phase-new-week input"), "3")
        page.locator("button.bk-phase-add").click()
        expect(stages).to_have_count(2)
        expect(page.locator(".bk-stage").get_by_label(re.compile("^Weeks 3 to"))).to_be_checked()
        expect(page.locator(".bk-stage-words")).to_contain_text("Weeks 3 to")
        expect(page.locator(".bk-phase-start input")).to_have_value("3")

        seconds = page.locator(".bk-item-0 .bk-item-seconds input")
        type_into(page, seconds, "180")
        expect(total).to_contain_text("Total 12:00")
        screenshots(page, tmp_path / "voila-phase-weeks-3-on")

        stages.nth(0).check()
        expect(total).to_contain_text("Total 11:00")
        expect(seconds).to_have_value("120")
        expect(page.locator("button.bk-phase-remove")).to_be_disabled()
        screenshots(page, tmp_path / "voila-phase-weeks-1-2")
        assert errors == [], f"console errors: {errors}"


def screenshots(page, stem: Path) -> None:
    """The exercises and the timing of the stage shown, one picture each (Voilà scrolls inside the page,
    so a full-page screenshot holds only what is in view)."""
    for part, selector in (("exercises", ".bk-stage"), ("timing", ".bk-stage-words")):
        page.locator(selector).evaluate("element => element.scrollIntoView({block: 'start'})")
        page.screenshot(path=f"{stem}-{part}.png")


#: Tall enough that the exercise cards, or the whole illustration editor, are in view for a screenshot.
TALL = {"width": 1280, "height": 2400}


def editor_on(plan):
    """A ``prepare`` for :func:`serve`: the tailoring notebook's editor opens ``plan`` (until the bundled
    exercises carry poses, the only way to a page whose exercises have pictures)."""
    saved = pickle.dumps(plan).hex()
    code = (
        "import pickle\nfrom backcare_kit.widgets import Editor\n\n"
        f"editor = Editor(pickle.loads(bytes.fromhex('{saved}')))\neditor"
    )

    def prepare(folder: Path) -> None:
        book = nbformat.read(folder / NOTEBOOK, as_version=4)
        [cell] = [c for c in book.cells if "Editor()" in c.source]
        cell.source = code
        nbformat.write(book, folder / NOTEBOOK)

    return prepare


def test_each_card_shows_its_thumbnail_with_its_words_through_voila(tmp_path, browser, illustrate):
    from playwright.sync_api import expect

    plan = illustrate(bundled_plan(patient="New patient"))
    with (
        serve(tmp_path, prepare=editor_on(plan)) as server,
        editor_page(browser, server, viewport=TALL) as (page, total, requests, errors),
    ):
        expect(page.locator(".bk-item")).to_have_count(len(plan.routine.items))
        sources = []
        for n, item in enumerate(plan.routine.items):
            picture = page.locator(f".bk-item-{n} .bk-item-thumbnail img")
            expect(picture).to_have_attribute("alt", item.exercise.poses[0].alt)
            named = page.locator(f".bk-item-{n}").get_by_role("img", name=item.exercise.poses[0].alt)
            expect(named).to_be_visible()  # the text alternative is the picture's accessible name
            assert picture.evaluate("(img) => img.complete && img.naturalWidth") > 0
            sources.append(picture.get_attribute("src"))
        assert all(src.startswith("data:image/svg+xml;base64,") for src in sources)
        type_into(page, page.locator(".bk-item-0 .bk-item-seconds input"), "90")
        expect(total).to_contain_text("Total 10:30")
        assert page.locator(".bk-item-0 .bk-item-thumbnail img").get_attribute("src") == sources[0]
        page.locator(".bk-items").evaluate("element => element.scrollIntoView({block: 'start'})")
        save_screenshot(page.locator(".bk-items"), "voila-editor-thumbnails")
        assert beyond(server, requests) == [], f"requests beyond Voilà: {beyond(server, requests)}"
        assert errors == [], f"console errors: {errors}"


def illustrating(catalog: Path):
    """A ``prepare`` for :func:`serve`: the illustration notebook draws the exercises of ``catalog``."""

    def prepare(folder: Path) -> None:
        shutil.copyfile(ROOT / "data" / "exercises.csv", catalog)
        book = nbformat.read(folder / ILLUSTRATE, as_version=4)
        [cell] = [c for c in book.cells if "parameters" in c.metadata.get("tags", [])]
        cell.source += f"\nCATALOG = {str(catalog)!r}"
        nbformat.write(book, folder / ILLUSTRATE)

    return prepare


@contextmanager
def illustration_page(tmp_path, browser):
    """The illustration notebook through Voilà, on a copy of the bundled exercise file, its figure drawn."""
    from playwright.sync_api import expect

    catalog = tmp_path / "exercises.csv"
    with (
        serve(tmp_path, ILLUSTRATE, prepare=illustrating(catalog)) as server,
        voila_page(browser, server, viewport=TALL) as (page, requests, errors),
    ):
        expect(page.locator(".bk-pose-figure img")).to_be_visible(timeout=RENDER_MS)
        yield page, catalog, errors
        assert beyond(server, requests) == [], f"requests beyond Voilà: {beyond(server, requests)}"


def test_clinician_sets_a_pose_with_the_keyboard_and_sees_the_figure_through_voila(tmp_path, browser):
    from playwright.sync_api import expect

    with illustration_page(tmp_path, browser) as (page, _, errors):
        figure = page.locator(".bk-pose-figure img")
        expect(figure).to_have_attribute("alt", re.compile(r"^Lie on your back"))
        assert "bk_kit" not in page.content() and "PoseEditor(" not in page.content()  # no code
        for joint, (_, _, label) in JOINTS.items():
            expect(page.locator(f".bk-pose-{joint}")).to_contain_text(f"{label[:1].upper()}{label[1:]} (°)")
        joint = next(iter(JOINTS))
        handle = page.locator(f".bk-pose-{joint} [role=slider]")
        before = handle.get_attribute("aria-valuenow")
        handle.focus()
        for _ in range(5):
            page.keyboard.press("ArrowRight")
        expect(handle).not_to_have_attribute("aria-valuenow", before)
        type_into(page, page.locator(".bk-pose-alt input"), "Lying on your back, knees bent")
        expect(figure).to_have_attribute("alt", "Lying on your back, knees bent")
        assert figure.evaluate("(img) => img.complete && img.naturalWidth") > 0
        save_screenshot(figure, "voila-illustrate-figure")
        page.locator("button.bk-pose-save").click()
        expect(page.locator(".bk-pose-message")).not_to_be_empty()
        assert "Traceback" not in page.locator(".bk-pose-message").inner_text()
        save_screenshot(page.locator(".bk-pose-editor"), "voila-illustrate-editor")
        assert errors == [], f"console errors: {errors}"


def test_a_pose_saved_through_voila_shows_at_once_as_the_editor_shows_it(tmp_path, browser):
    from playwright.sync_api import expect

    with illustration_page(tmp_path, browser) as (page, catalog, _):
        type_into(page, page.locator(".bk-pose-alt input"), "Lying on your back, knees bent")
        page.locator("button.bk-pose-save").click()
        expect(page.locator(".bk-pose-message")).to_contain_text("Saved the start position")
        shown = page.locator(".bk-pose-shown img").first
        expect(shown).to_have_attribute("alt", "Lying on your back, knees bent")
        assert (catalog.parent / "poses.csv").is_file()


def test_a_bad_time_is_explained_under_its_field_with_the_summary_in_view_and_no_accessibility_violation(
    voila, browser
):
    """What a clinician sees of a mistake: the reason right under the box, the total still in view, axe content."""
    from playwright.sync_api import expect

    with editor_page(browser, voila, viewport={"width": 1280, "height": 900}) as (page, total, requests, errors):
        assert run_axe(page) == [], "axe-core on the editor as it first renders"
        assert page.evaluate(CUT_WORDS) == [], "labels, menu choices or boxes cut short"
        label = page.locator(".bk-days-label").bounding_box()
        first_day = page.locator(".bk-start .widget-label").bounding_box()
        assert abs((label["x"] + label["width"]) - (first_day["x"] + first_day["width"])) < 6, (label, first_day)
        # No stale copy of the plan beside the live editor, and no prose asking to run a cell.
        expect(page.get_by_text("Back-care plan for New patient")).to_have_count(0)
        expect(page.get_by_text("For the clinical record")).to_have_count(0)
        box = page.locator(".bk-time input")
        type_into(page, box, "25:99")
        said = page.locator(".bk-message-time [role=alert]")
        expect(said).to_contain_text("Not changed: time of day '25:99': expected a 24-hour time such as 07:30")
        expect(box).to_have_value("08:00")
        under, where = said.bounding_box(), box.bounding_box()
        assert 0 <= under["y"] - (where["y"] + where["height"]) < 40, (where, under)  # just under the box
        assert abs(under["x"] - where["x"]) < 40, (where, under)  # and lined up with it
        assert run_axe(page) == [], "axe-core with a message shown"
        save_screenshot(page, "voila-editor-message")

        type_into(page, box, "7:30")
        expect(box).to_have_value("07:30")
        expect(said).to_have_count(0)
        readme_screenshot(page)

        # The last card's dose, with the total in view beside it: the summary stays where the eye is.
        last = page.locator(".bk-item-4 .bk-item-seconds input")
        last.scroll_into_view_if_needed()
        type_into(page, last, "90")
        expect(total).to_contain_text("Total 12:00")  # 90 s on each side
        shown = total.bounding_box()
        assert shown and shown["y"] >= 0 and shown["y"] + shown["height"] <= 900, shown
        save_screenshot(page, "voila-editor")
        assert beyond(voila, requests) == [] and errors == []


#: The README's picture of the page (docs/editor.png is this file, copied when the page changes; tests/test_readme.py
#: checks the copy is there and small).
README_SCREENSHOT = "editor-readme"


def readme_screenshot(page) -> None:
    """The page as a clinic first sees it, at the top, in 128 colours: a picture small enough to commit.

    64 colours were smaller still, but lost the timeline's green, which its legend names.
    """
    from PIL import Image

    page.locator(".bk-editor").evaluate("element => element.scrollIntoView({block: 'start'})")
    path = save_screenshot(page, README_SCREENSHOT)
    with Image.open(path) as shot:
        shot.convert("RGB").resize((shot.width * 3 // 4, shot.height * 3 // 4), Image.LANCZOS).quantize(128).save(
            path, optimize=True
        )


def test_every_control_is_reached_by_keyboard_in_the_order_the_page_reads_with_focus_visible(voila, browser):
    with editor_page(browser, voila, viewport={"width": 1280, "height": 900}) as (page, _, _, errors):
        page.locator(".bk-patient input").focus()
        reached = []
        for _ in range(400):
            page.keyboard.press("Tab")
            reached.append(
                page.evaluate(
                    """() => {
                        const e = document.activeElement;
                        const owner = e.closest('[class*="bk-"]');
                        const name = owner ? [...owner.classList].find((c) => c.startsWith('bk-')) : e.tagName;
                        const style = getComputedStyle(e);
                        // A date box's calendar button is inside the browser's own shadow tree, which draws its
                        // focus ring itself: the box is then the active element without matching :focus.
                        const own = e.matches(':focus');
                        return [name, own ? style.outlineStyle : 'browser', own ? style.outlineWidth : 'browser'];
                    }"""
                )
            )
            if reached[-1][0] == "bk-export-button":
                break
        names = [name for name, _, _ in reached]
        assert "bk-export-button" in names, f"the Export button was never reached: {names[-20:]}"
        order = ["bk-clinician", "bk-item-include", "bk-item-seconds", "bk-start", "bk-safety-item", "bk-export-button"]
        assert [names.index(name) for name in order] == sorted(names.index(name) for name in order), names
        invisible = [(name, style, width) for name, style, width in reached if style == "none" or width == "0px"]
        assert not invisible, f"focus not visible on: {invisible[:5]}"
        assert errors == []


#: The test's idle timeout: long enough for the page to connect to the kernel Voilà started for it (before
#: that the kernel has no connection and would be culled), short enough to wait for.
CULL_SECONDS = 12


def short_culling(folder: Path) -> None:
    """A ``prepare`` for :func:`serve`: the shipped voila.json with its culling shortened to seconds."""
    config = json.loads((folder / "voila.json").read_text(encoding="utf-8"))
    config["MappingKernelManager"].update(cull_idle_timeout=CULL_SECONDS, cull_interval=1)
    (folder / "voila.json").write_text(json.dumps(config), encoding="utf-8")


def kernels_of(server: Voila) -> list[list[str]]:
    running = kernels_running(server)
    if running is None:
        unavailable("this system does not list a process's children in /proc")
    return running


def test_a_closed_pages_kernel_is_shut_down_while_an_open_page_keeps_its_own(tmp_path, browser):
    shipped = json.loads((ROOT / "notebooks" / "voila.json").read_text(encoding="utf-8"))["MappingKernelManager"]
    assert shipped["cull_idle_timeout"] > 0 and shipped["cull_interval"] > 0 and shipped["cull_connected"] is False
    with serve(tmp_path, prepare=short_culling) as server:
        with editor_page(browser, server) as (page, total, _, _):
            assert len(kernels_of(server)) == 1
            page.wait_for_timeout(1_500 * CULL_SECONDS)  # longer than the idle timeout: an open page is not culled
            assert len(kernels_of(server)) == 1
            type_into(page, page.locator(".bk-item-0 .bk-item-seconds input"), "90")
            from playwright.sync_api import expect

            expect(total).to_contain_text("Total 10:30")  # and its kernel still answers
        deadline = time.monotonic() + 4 * CULL_SECONDS
        while kernels_of(server) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert kernels_of(server) == [], f"the closed page's kernel still runs:\n{server.tail()}"
