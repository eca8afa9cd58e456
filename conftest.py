"""Browser fixtures for every test directory (tests/ and exporters/*/tests/).

The helpers live in tests/browser.py (and the Jupyter servers the browser
tests start in tests/jupyter_servers.py, as ``backcare_kit_jupyter``). That folder is not a package, and with
``--import-mode=importlib`` pytest may itself put a module called ``tests``
in sys.modules, while any installed distribution that ships a top-level
``tests`` package would shadow ours; ``import tests.browser`` is therefore
fragile. So the file is loaded here by its path, once, under the unique name
``backcare_kit_browser``, and test modules import from that name. This
conftest is loaded before any test module is collected, from whichever
directory pytest runs.

Playwright is imported only inside the ``browser`` fixture, so tests that
never start a browser do not pay for it. A missing Chromium, Playwright or
axe-core skips the browser tests, except under ``CI=true``, where it fails them.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest


def _load_helpers(name: str, file: str):
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).resolve().parent / "tests" / file)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


helpers = _load_helpers("backcare_kit_browser", "browser.py")
_load_helpers("backcare_kit_jupyter", "jupyter_servers.py")  # Voilà and JupyterLab for the browser tests


@pytest.fixture(scope="session")
def axe_path() -> Path:
    """axe-core's browser bundle (node_modules/axe-core/axe.min.js)."""
    try:
        return helpers.find_axe()
    except helpers.Unavailable as missing:
        helpers.unavailable(str(missing))


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run (a Playwright sync-API Browser)."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        helpers.unavailable("Playwright for Python is not installed (pip install playwright)")
    try:
        executable = helpers.find_chromium()
    except helpers.Unavailable as missing:
        helpers.unavailable(str(missing))
    with sync_playwright() as playwright:
        try:
            browser = helpers.launch(playwright, executable)
        except Error as error:
            helpers.unavailable(f"Chromium at {executable} did not start: {error.message.splitlines()[0]}")
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page in its own context (no shared cookies or storage), closed after the test."""
    context = browser.new_context()
    context.set_default_timeout(5_000)  # a local file: anything slower is a failure
    yield context.new_page()
    context.close()


def in_three_stages(plan):
    """``plan`` changing over its weeks, each stage with doses of its own, for every test of phases.

    Weeks 1-2 at 1 minute an exercise, weeks 3-4 at the article's doses,
    weeks 5-6 without arm openings and with the glute bridge at 1 minute 30
    seconds: the first exercise's dose differs in every stage.
    """
    from backcare_kit import Phase

    full = plan.routine
    short = full
    for n in range(len(full.items)):
        short = short.tailor(n, duration_seconds=60)
    fewer = full.tailor(full.position("arm-openings"), included=False).tailor(0, duration_seconds=90)
    return plan.edited(routine=short, phases=(Phase(3, full), Phase(5, fewer)))


@pytest.fixture(scope="session")
def three_stages():
    """:func:`in_three_stages`, for test modules (a conftest is not imported by name)."""
    return in_three_stages
