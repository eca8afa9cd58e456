"""The browser harness itself: Chromium loads a file, axe finds what it should, the request recorder sees leaks.

If these fail, the exporters' browser tests cannot be trusted either way.
"""

from __future__ import annotations

import base64
import hashlib

import pytest
from backcare_kit_browser import Unavailable, find_chromium, format_violations, record_requests, run_axe, unavailable

pytestmark = pytest.mark.slow

#: A 1x1 GIF: an image that needs no request.
DOT = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"

#: The discard port on loopback: nothing listens, and nothing leaves the machine.
LOOPBACK = "http://127.0.0.1:9/planted.png"

SCRIPT = "document.querySelector('button').addEventListener('click', (e) => { e.target.textContent = 'Pressed'; });"


def page_file(tmp_path, body: str, head: str = "", name: str = "page.html"):
    path = tmp_path / name
    path.write_text(
        f'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n{head}<title>Harness check</title>\n'
        f"</head>\n<body>\n<main>\n<h1>Harness check</h1>\n{body}\n</main>\n</body>\n</html>\n",
        encoding="utf-8",
    )
    return path.as_uri()


def test_a_page_loads_from_a_file_and_runs_its_script(page, tmp_path):
    url = page_file(tmp_path, f"<button type='button'>Press me</button>\n<script>{SCRIPT}</script>")
    page.goto(url)
    page.get_by_role("button", name="Press me").click()
    assert page.locator("button").inner_text() == "Pressed"


def test_axe_finds_planted_violations(page, tmp_path, axe_path):
    page.goto(page_file(tmp_path, f'<img src="{DOT}">\n<button type="button"></button>'))
    found = {v["id"] for v in run_axe(page, axe_path)}
    assert {"image-alt", "button-name"} <= found


def test_axe_finds_nothing_in_a_good_page(page, tmp_path, axe_path):
    page.goto(page_file(tmp_path, f'<p>A dot: <img src="{DOT}" alt="dot"></p>\n<button type="button">Go</button>'))
    violations = run_axe(page, axe_path)
    assert violations == [], format_violations(violations)


def test_axe_runs_on_a_page_whose_policy_allows_only_its_own_script(page, tmp_path, axe_path):
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
    policy = f"default-src 'none'; script-src 'sha256-{digest}'; img-src data:"
    head = f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
    page.goto(
        page_file(tmp_path, f'<img src="{DOT}">\n<button type="button">Go</button><script>{SCRIPT}</script>', head)
    )
    page.get_by_role("button").click()
    assert page.locator("button").inner_text() == "Pressed"  # the policy let the page's own script run
    assert [v["id"] for v in run_axe(page, axe_path)] == ["image-alt"]


def test_recorder_catches_a_planted_external_request(page, tmp_path):
    url = page_file(tmp_path, f'<img src="{DOT}" alt="dot">\n<img src="{LOOPBACK}" alt="planted">')
    requests = record_requests(page, url)
    page.goto(url)
    assert requests.external == [LOOPBACK]
    assert requests.failures[LOOPBACK] == "net::ERR_BLOCKED_BY_CLIENT.Inspector"  # aborted by the recorder
    assert requests.requests[0] == url


def test_recorder_finds_nothing_on_a_clean_page(page, tmp_path):
    url = page_file(tmp_path, f'<img src="{DOT}" alt="dot">\n<button type="button">Go</button>')
    requests = record_requests(page, url)
    page.goto(url)
    page.get_by_role("button").click()
    assert requests.requests == [url]
    assert requests.external == []


def test_recorder_catches_requests_made_by_script_after_loading(page, tmp_path):
    url = page_file(tmp_path, "<p>Quiet until a script runs.</p>")
    requests = record_requests(page, url)
    page.goto(url)
    with page.expect_event("requestfailed"):
        page.evaluate("(src) => fetch(src).catch(() => null)", LOOPBACK)
    assert requests.external == [LOOPBACK]


def test_missing_browser_pieces_skip_locally_and_fail_in_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no chromium here"):
        unavailable("no chromium here")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no chromium here"):
        unavailable("no chromium here")


def test_chromium_from_the_environment_must_exist(monkeypatch, tmp_path):
    monkeypatch.setenv("BACKCARE_KIT_CHROMIUM", str(tmp_path / "no-such-chromium"))
    with pytest.raises(Unavailable, match="BACKCARE_KIT_CHROMIUM"):
        find_chromium()


def test_axe_fails_instead_of_hanging_while_the_clock_is_paused(page, tmp_path, axe_path):
    page.clock.install()
    page.goto(page_file(tmp_path, "<p>Time stands still here.</p>"))
    page.clock.pause_at(page.evaluate("Date.now()") + 60_000)
    with pytest.raises(TimeoutError, match="clock"):
        run_axe(page, axe_path, timeout=1)
