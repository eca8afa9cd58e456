"""Headless-browser helpers for the tests: find Chromium and axe-core, launch, audit, watch requests.

The root ``conftest.py`` loads this file by path as the module
``backcare_kit_browser`` (see there why), so test files anywhere in the
repository write ``from backcare_kit_browser import run_axe``. Playwright is
imported only by the functions that drive a browser, so loading this module
costs nothing for the tests that never start one.

Chromium is the distribution's package (Debian: ``apt-get install chromium``),
driven by Playwright for Python; ``playwright install`` is never needed.
axe-core comes from npm (``npm ci`` at the repository root).
"""

from __future__ import annotations

import importlib
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import urldefrag

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Request, Route

ROOT = Path(__file__).resolve().parent.parent

#: Set to a Chromium (or Chrome) binary to use instead of the system one.
CHROMIUM_ENV = "BACKCARE_KIT_CHROMIUM"
SYSTEM_CHROMIUM = Path("/usr/bin/chromium")

#: Headless, and quiet: no sandbox (CI runs as root), no GPU, and none of
#: Chromium's own background traffic, so every request seen comes from the page.
CHROMIUM_ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"

#: Every axe rule for WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus axe's best practices.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")

#: URL schemes a self-contained page may use: nothing in them leaves the page.
LOCAL_SCHEMES = ("data:", "blob:", "about:")


class Unavailable(Exception):
    """A browser test cannot run here: the message says what is missing and how to get it."""


def unavailable(reason: str) -> NoReturn:
    """Skip the test (or module), or fail it when ``CI=true``: CI must never skip the browser tests silently."""
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"{reason} (CI=true, so browser tests fail instead of skipping)", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def require(module: str, hint: str = "") -> ModuleType:
    """``pytest.importorskip`` that fails instead under ``CI=true``."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        reason = f"{module} is not installed ({error}){'; ' + hint if hint else ''}"
    unavailable(reason)  # outside the except block: no chained traceback in the report


def find_chromium() -> Path:
    """``$BACKCARE_KIT_CHROMIUM``, else /usr/bin/chromium, else ``chromium`` on PATH."""
    chosen = os.environ.get(CHROMIUM_ENV, "").strip()
    if chosen:
        path = Path(chosen)
        if path.is_file() and os.access(path, os.X_OK):
            return path
        raise Unavailable(f"{CHROMIUM_ENV}={chosen!r} is not an executable file")
    if SYSTEM_CHROMIUM.is_file() and os.access(SYSTEM_CHROMIUM, os.X_OK):
        return SYSTEM_CHROMIUM
    found = shutil.which("chromium")
    if found:
        return Path(found)
    raise Unavailable(f"Chromium not found (apt-get install chromium, or set {CHROMIUM_ENV})")


def find_axe() -> Path:
    """axe-core's browser bundle, installed by ``npm ci`` at the repository root."""
    if not AXE_PATH.is_file():
        raise Unavailable(f"axe-core not found at {AXE_PATH} (run `npm ci` in {ROOT})")
    return AXE_PATH


def launch(playwright: Playwright, executable: Path | None = None) -> Browser:
    """Start headless Chromium (the system one unless ``executable`` is given)."""
    return playwright.chromium.launch(
        executable_path=str(executable or find_chromium()), args=list(CHROMIUM_ARGS), headless=True
    )


def run_axe(
    page: Page, axe_path: Path | None = None, tags: tuple[str, ...] = AXE_TAGS, timeout: float = 30
) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now: every rule tagged with one of ``tags``.

    axe is evaluated through the DevTools protocol rather than added as a
    ``<script>`` tag: a page whose Content-Security-Policy allows only its own
    scripts by hash (as the HTML handout's does) refuses an injected tag, but
    the policy does not govern DevTools evaluation, and axe needs no ``eval``.

    axe schedules its work with the page's timers, so it never finishes while
    ``page.clock`` is paused; the result is polled for from here, with a
    ``timeout`` in real seconds, instead of awaited, so that fails instead of hanging.
    """
    if not page.evaluate("typeof window.axe === 'object'"):
        source = (axe_path or find_axe()).read_text(encoding="utf-8")
        page.evaluate(f"{source}\n;0\n//# sourceURL=axe.min.js")
    page.evaluate(
        """(tags) => {
            window.__backcareAxe = null;
            axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]}).then(
                (results) => {
                    window.__backcareAxe = {violations: results.violations.map((v) => ({
                        id: v.id,
                        impact: v.impact,
                        help: v.help,
                        nodes: v.nodes.map((n) => ({target: n.target, html: n.html, summary: n.failureSummary})),
                    }))};
                },
                (error) => { window.__backcareAxe = {error: String(error)}; },
            );
        }""",
        list(tags),
    )
    deadline = time.monotonic() + timeout
    while (result := page.evaluate("window.__backcareAxe")) is None:
        if time.monotonic() > deadline:
            raise TimeoutError(f"axe did not finish in {timeout} s (is page.clock paused? axe needs its timers)")
        time.sleep(0.02)
    if "error" in result:
        raise RuntimeError(f"axe failed: {result['error']}")
    return result["violations"]


def format_violations(violations: list[dict[str, Any]]) -> str:
    """One line per rule, then each failing element's selector and markup, for assertion messages."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}")
    return "\n".join(lines)


@dataclass
class RequestRecorder:
    """Every request pages in a browser context make, and which of them would leave the page.

    ``allowed`` holds the page's own ``file://`` URL (fragments ignored); URLs
    with a scheme in LOCAL_SCHEMES are always allowed. Anything else counts
    as external, and is also aborted before it reaches the network, so a page
    under test cannot contact anything even when a test is about to fail.
    """

    allowed: set[str] = field(default_factory=set)
    requests: list[str] = field(default_factory=list)
    #: URL -> why it failed ("csp" when the page's own policy refused it).
    failures: dict[str, str] = field(default_factory=dict)

    def allow(self, url: str) -> None:
        self.allowed.add(urldefrag(url).url)

    def is_local(self, url: str) -> bool:
        return url.startswith(LOCAL_SCHEMES) or urldefrag(url).url in self.allowed

    @property
    def external(self) -> list[str]:
        """Requests other than the page's own file and data:/blob:/about: URLs, in order."""
        return [url for url in self.requests if not self.is_local(url)]

    def _on_request(self, request: Request) -> None:
        self.requests.append(request.url)

    def _on_failed(self, request: Request) -> None:
        self.failures[request.url] = request.failure or ""

    def _on_websocket(self, websocket: Any) -> None:
        self.requests.append(websocket.url)

    def _block(self, route: Route) -> None:
        route.abort("blockedbyclient")


def record_requests(target: Page | BrowserContext, *allowed: str) -> RequestRecorder:
    """Record (and keep local) every request made in ``target``'s browser context.

    Call before ``page.goto``; pass the page's own URL(s) as ``allowed``. The
    whole context is watched, not one page, so pop-ups and frames count too.
    """
    context = getattr(target, "context", target)
    recorder = RequestRecorder()
    for url in allowed:
        recorder.allow(url)
    context.on("request", recorder._on_request)
    context.on("requestfailed", recorder._on_failed)
    for page in context.pages:
        page.on("websocket", recorder._on_websocket)
    context.on("page", lambda page: page.on("websocket", recorder._on_websocket))
    context.route(lambda url: not url.startswith(("file:", *LOCAL_SCHEMES)), recorder._block)
    return recorder


def watch_errors(page: Page) -> list[str]:
    """A list that fills with the page's uncaught exceptions and console errors (CSP refusals included)."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return errors


#: Where browser tests leave screenshots for a person to look at (never committed; see .gitignore).
SCREENSHOTS_ENV = "BACKCARE_KIT_SCREENSHOTS"


def screenshot_folder() -> Path:
    """The folder for screenshots: $BACKCARE_KIT_SCREENSHOTS, else ``screenshots/`` at the repository root."""
    folder = Path(os.environ.get(SCREENSHOTS_ENV) or ROOT / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_screenshot(target: Any, name: str, **options: Any) -> Path:
    """Screenshot ``target`` (a Page or a Locator) as ``name``.png in screenshot_folder(), checked not blank.

    Blank means one colour everywhere: a page that drew nothing, or a picture
    that failed to load. The path is returned for further checks.
    """
    path = screenshot_folder() / f"{name}.png"
    target.screenshot(path=str(path), **options)
    assert_not_blank(path)
    return path


def assert_not_blank(path: Path) -> None:
    """Fail when the image at ``path`` is a single colour."""
    from PIL import Image

    with Image.open(path) as image:
        low_high = image.convert("L").getextrema()
    assert low_high[0] != low_high[1], f"{path} is blank: every pixel is {low_high[0]}"
