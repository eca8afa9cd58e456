"""End to end: a clinician opens the tailoring notebook in Voilà, edits a dose by keyboard, and exports.

Voilà runs as a subprocess on 127.0.0.1, serving a copy of ``notebooks/`` in a
temporary folder (so exports land there, not in the repository), with its own
Jupyter data, runtime and config folders. Headless Chromium drives the page as
a person would: keyboard for the duration, the format menu, the Export button.
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
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from backcare_kit_browser import LOCAL_SCHEMES, record_requests, unavailable, watch_errors

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = "01_tailor_a_plan.ipynb"
TEMPLATE = "backcare"  # the notebook's metadata asks for it
STARTUP_SECONDS = 60
RENDER_MS = 60_000  # Voilà executes the notebook before the editor appears
STEP_MS = 10_000  # one edit travelling to the kernel and back
#: Voilà gets its own Jupyter folders (seen needed in CI), never the user's.
JUPYTER_DIRS = ("JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTER_CONFIG_DIR")


@dataclass
class Voila:
    url: str  # http://127.0.0.1:<port>
    folder: Path  # the copy of notebooks/ Voilà serves, and the kernel's working directory
    log: Path
    process: subprocess.Popen

    def tail(self, lines: int = 60) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:]) or "(empty)"

    def kernels(self) -> list[list[str]] | None:
        """Command lines of the server's child processes (its kernels); None where /proc cannot tell."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        if not children.exists():
            return None
        commands = []
        for pid in children.read_text().split():
            cmdline = Path(f"/proc/{pid}/cmdline")
            if cmdline.exists():
                commands.append(cmdline.read_bytes().decode(errors="replace").split("\0")[:-1])
        return commands


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_jupyter_path(where: Path) -> None:
    """A python3 kernel spec for this interpreter, first on JUPYTER_PATH."""
    kernel = where / "kernels" / "python3"
    kernel.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (backcare_kit tests)",
        "language": "python",
    }
    (kernel / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")


@pytest.fixture
def voila(tmp_path) -> Iterator[Voila]:
    if importlib.util.find_spec("voila") is None:
        unavailable("Voilà is not installed (pip install -e '.[editor]', or scripts/setup)")
    folder = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", folder, ignore=shutil.ignore_patterns("exports", "plans", ".ipynb_checkpoints"))
    jupyter = {name: tmp_path / name.lower() for name in JUPYTER_DIRS}
    for path in jupyter.values():
        path.mkdir()
    write_jupyter_path(tmp_path / "jupyter_path")
    connections = tmp_path / "connections"
    connections.mkdir()
    env = {**os.environ, **{k: str(v) for k, v in jupyter.items()}, "JUPYTER_PATH": str(tmp_path / "jupyter_path")}
    env.pop("JUPYTER_CONFIG_PATH", None)
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "voila",
        NOTEBOOK,
        "--no-browser",
        f"--port={port}",
        "--Voila.port_retries=0",  # a taken port fails loudly instead of moving where we do not look
        "--Voila.ip=127.0.0.1",
        f"--Voila.connection_dir_root={connections}",
        "--VoilaConfiguration.show_tracebacks=True",
    ]
    log = tmp_path / "voila.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Voila(f"http://127.0.0.1:{port}", folder, log, process)
    try:
        wait_until_answering(server)
        yield server
    finally:
        process.terminate()  # Voilà stops on SIGTERM and shuts its kernels down
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def wait_until_answering(server: Voila) -> None:
    """Poll a path that starts no kernel; any HTTP answer, 404 included, means the server is up."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        if server.process.poll() is not None:
            pytest.fail(f"Voilà exited with {server.process.returncode}:\n{server.tail()}", pytrace=False)
        try:
            with urllib.request.urlopen(f"{server.url}/backcare-probe", timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"Voilà did not answer in {STARTUP_SECONDS} s:\n{server.tail()}", pytrace=False)
        time.sleep(0.2)


@contextmanager
def voila_log_on_failure(server: Voila) -> Iterator[None]:
    """Any failure inside (Playwright timeouts too) carries the tail of Voilà's log."""
    try:
        yield
    except Exception as error:
        raise AssertionError(f"{type(error).__name__}: {error}\n\n--- Voilà log ---\n{server.tail()}") from error


@contextmanager
def editor_page(browser, server, **options):
    """The Voilà page opened in a new browser context, its editor rendered (Total 11:00), closed afterwards.

    Yields the page, its total line, the requests it made (all but Voilà's
    own and local ones are aborted) and its console errors; a failure shows
    Voilà's log.
    """
    from playwright.sync_api import expect

    context = browser.new_context(**options)
    context.set_default_timeout(STEP_MS)
    requests = record_requests(context)  # aborts everything but file:, data:, blob:, about: ...
    context.route(lambda url: url.startswith(f"{server.url}/"), lambda route: route.continue_())  # ... and Voilà
    try:
        page = context.new_page()
        errors = watch_errors(page)
        with voila_log_on_failure(server):
            page.goto(f"{server.url}/", timeout=RENDER_MS)
            total = page.locator(".bk-total")
            expect(total).to_contain_text("Total 11:00", timeout=RENDER_MS)
            yield page, total, requests, errors
    finally:
        context.close()


def type_into(page, box, text: str) -> None:
    """Replace what a box holds by typing, as a person would, and press Enter."""
    box.focus()
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def test_clinician_tailors_a_dose_and_exports_through_voila(voila, browser):
    from playwright.sync_api import expect

    notebook = json.loads((ROOT / "notebooks" / NOTEBOOK).read_text(encoding="utf-8"))
    assert notebook["metadata"]["voila"]["template"] == TEMPLATE  # what makes plain `voila` offline
    origin = voila.url
    ws_origin = origin.replace("http://", "ws://", 1)
    repository_notebooks = sorted((ROOT / "notebooks").rglob("*"))
    with editor_page(browser, voila) as (page, total, requests, errors):
        children = voila.kernels()
        if children is not None:  # the notebook runs in this interpreter, not whichever python is on PATH
            kernels = [c for c in children if "ipykernel_launcher" in c]
            assert kernels and all(c[0] == sys.executable for c in kernels), children

        # No code: Voilà strips the inputs, and nothing of the source reaches the page.
        assert "from backcare_kit.widgets import Editor" not in page.content()
        expect(page.get_by_text("import Editor")).to_have_count(0)
        expect(page.locator(".jp-InputArea-editor, .jp-InputPrompt")).to_have_count(0)

        # The duration slider by keyboard: 120 s, 12 steps of 5 s down to 60 s.
        row = page.locator(".bk-item-0")
        expect(row).to_contain_text("Glute bridge")
        handle = row.locator(".bk-item-duration [role=slider]")
        handle.focus()
        for _ in range(12):
            page.keyboard.press("ArrowLeft")
        expect(total).to_contain_text("Total 10:00")
        expect(row.locator(".bk-item-seconds input")).to_have_value("60")

        # The seconds box, typed into as a person would: 90 s, then back to 60 s.
        seconds = row.locator(".bk-item-seconds input")
        for value, shown in (("90", "Total 10:30"), ("60", "Total 10:00")):
            type_into(page, seconds, value)
            expect(total).to_contain_text(shown)
        expect(handle).to_have_attribute("aria-valuetext", "60")
        expect(row.locator(".bk-item-dose")).to_contain_text("Repeat for 1 minute")

        # Export as plain text into the copy's exports/ folder.
        expect(page.locator(".bk-export-folder input")).to_have_value("exports")
        menu = page.locator(".bk-export-format select")
        menu.select_option(menu.locator("option", has_text="(txt)").get_attribute("value"))
        page.locator("button.bk-export-button").click()
        message = page.locator(".bk-export-message")
        expect(message).to_contain_text("Exported to")
        shown_path = html.unescape(message.locator("code").inner_text())

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
    assert re.search(r"^1\. Glute bridge with spinal articulation: Repeat for 1 minute$", text, re.MULTILINE), text
    assert sorted((ROOT / "notebooks").rglob("*")) == repository_notebooks, "something was written to notebooks/"

    def own(url: str) -> bool:
        return url.startswith((f"{origin}/", f"{ws_origin}/", *LOCAL_SCHEMES))

    outside = [url for url in requests.requests if not own(url)]
    assert requests.requests and outside == [], f"requests beyond {origin}: {outside}"
    assert errors == [], f"console errors: {errors}"


def test_clinician_adds_a_phase_and_tailors_it_through_voila(voila, browser, tmp_path):
    """A phase from week 3, its first dose typed longer, week 1 left as it was; a screenshot of each stage.

    The screenshots (``voila-phase-*.png`` in the test's temporary folder, see ``screenshots``)
    are for a person to look at: whether the stage menu, the phase controls
    and the stage's weeks above the timing read as one plan in two stages.
    """
    from playwright.sync_api import expect

    with editor_page(browser, voila, viewport={"width": 1280, "height": 1000}) as (page, total, _, errors):
        stages = page.locator(".bk-stage select option")
        expect(stages).to_have_count(1)

        type_into(page, page.locator(".bk-phase-new-week input"), "3")
        page.locator("button.bk-phase-add").click()
        expect(stages).to_have_count(2)
        expect(stages.nth(1)).to_contain_text("Weeks 3 to")
        expect(page.locator(".bk-stage-words")).to_contain_text("Weeks 3 to")
        expect(page.locator(".bk-phase-start input")).to_have_value("3")

        seconds = page.locator(".bk-item-0 .bk-item-seconds input")
        type_into(page, seconds, "180")
        expect(total).to_contain_text("Total 12:00")
        screenshots(page, tmp_path / "voila-phase-weeks-3-on")

        menu = page.locator(".bk-stage select")
        menu.select_option(stages.nth(0).get_attribute("value"))
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
