"""End to end in JupyterLab 4: a clinician opens the tailoring notebook, runs it, edits a dose and exports.

JupyterLab runs as a subprocess on 127.0.0.1 with no token (the port is the
test's alone), serving a copy of ``notebooks/`` with its own Jupyter config,
data and runtime folders, so nothing of the user's JupyterLab settings or
workspaces is read or written. Headless Chromium drives it: the notebook is
run with JupyterLab's own Run All command (``window.jupyterapp``, which the
test's server exposes; pressed keys raced the kernel's start), and then
typed into and clicked as a person would. The widgets render through
JupyterLab's own widget manager (jupyterlab_widgets), not Voilà's.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
from pathlib import Path

import pytest
from backcare_kit_browser import save_screenshot, unavailable
from backcare_kit_jupyter import CUT_WORDS, beyond, serve, server_page, type_into

pytestmark = pytest.mark.slow

NOTEBOOK = "01_tailor_a_plan.ipynb"
OPEN_MS = 90_000  # JupyterLab loads its application, then the notebook, then a kernel starts
RUN_MS = 90_000  # Run All: the editor's cell imports pandas, reads the catalog and draws the thumbnails
STEP_MS = 15_000  # one edit travelling to the kernel and back


def lab_command(port: int, settings: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        "--ServerApp.ip=127.0.0.1",
        "--IdentityProvider.token=",  # no token: the port is the test's, on the loopback address only
        "--ServerApp.password=",
        "--LabApp.news_url=None",  # no news fetched from the internet
        "--LabApp.expose_app_in_browser=True",  # window.jupyterapp, to run the menu's commands
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        f"--LabApp.user_settings_dir={settings}",
        *(["--allow-root"] if os.name == "posix" and os.geteuid() == 0 else []),  # CI's containers run as root
    ]


@pytest.fixture
def lab(tmp_path):
    if importlib.util.find_spec("jupyterlab") is None:
        unavailable("JupyterLab is not installed (scripts/setup installs it for the tests)")
    settings = tmp_path / "lab_settings"
    write_settings(settings)
    with serve("JupyterLab", lambda port: lab_command(port, settings), tmp_path) as server:
        yield server


def write_settings(folder: Path) -> None:
    """Never fetch news or ask to: the question's toast covers the editor's export message."""
    notification = folder / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    notification.parent.mkdir(parents=True)
    notification.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")


def wait_for_the_kernel(page) -> None:
    """Wait until the notebook's kernel has started and answers, as a clinician waits for "Idle".

    The toolbar's execution indicator says idle before any kernel exists, and Run All sent then
    starts a second kernel, shuts the first down half-started and runs nothing (seen in a fresh clone).
    """
    page.wait_for_function(
        """() => {
            const kernel = window.jupyterapp.shell.currentWidget?.sessionContext?.session?.kernel;
            return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle';
        }""",
        timeout=OPEN_MS,
    )


def run_all_cells(page) -> None:
    """Run ▸ Run All Cells, through JupyterLab's own command (the menu item runs the same command).

    Not awaited: the command's promise waits on any dialog JupyterLab opens, and Playwright's
    evaluate has no time limit; the test waits for what the cells draw instead.
    """
    page.evaluate("() => { void window.jupyterapp.commands.execute('notebook:run-all-cells'); }")


def test_clinician_runs_the_notebook_edits_a_dose_and_exports_in_jupyterlab(lab, browser):
    from playwright.sync_api import expect

    page_options = {"viewport": {"width": 1400, "height": 1000}, "accept_downloads": True}
    notebook = server_page(browser, lab, f"/lab/tree/{NOTEBOOK}", OPEN_MS, STEP_MS, **page_options)
    with notebook as (page, requests, errors):
        expect(page.locator(".jp-NotebookPanel .jp-Cell").first).to_be_visible(timeout=OPEN_MS)
        wait_for_the_kernel(page)
        expect(page.locator(".jp-Dialog")).to_have_count(0)  # no "Select Kernel": the notebook's own started
        run_all_cells(page)
        total = page.locator(".bk-total")
        expect(total).to_contain_text("Total 11:00", timeout=RUN_MS)
        # JupyterLab's narrower column and its own style sheet: every word still shows.
        assert page.evaluate(CUT_WORDS) == [], "labels, menu choices or boxes cut short"

        seconds = page.locator(".bk-item-0 .bk-item-seconds input")
        type_into(page, seconds, "90")
        expect(total).to_contain_text("Total 10:30")
        expect(page.locator(".bk-item-0 .bk-item-dose")).to_contain_text("Repeat for 1 minute 30 seconds")

        type_into(page, page.locator(".bk-time input"), "25:99")
        expect(page.locator(".bk-message-time [role=alert]")).to_contain_text("Not changed: time of day '25:99'")

        page.locator("button.bk-export-button").click()
        message = page.locator(".bk-message-export")
        expect(message).to_contain_text("Exported to")
        written = Path(message.locator("code").inner_text())
        with page.expect_download() as download:
            message.get_by_role("link", name=re.compile("^Download ")).click()
        downloaded = lab.folder.parent / "downloaded.html"
        download.value.save_as(downloaded)
        save_screenshot(page, "jupyterlab-editor")

    assert written.parent == (lab.folder / "exports").resolve() and written.suffix == ".html"
    assert downloaded.read_bytes() == written.read_bytes()
    handout = written.read_text(encoding="utf-8")
    assert "Repeat for 1 minute 30 seconds" in handout and "Safety advice" in handout
    assert beyond(lab, requests) == [], f"requests beyond JupyterLab: {beyond(lab, requests)}"
    assert errors == [], f"console errors: {errors}"
