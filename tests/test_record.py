"""The clinical record: an executed notebook as one HTML page that reads with no kernel and no network.

The main notebook is really executed (a python3 kernel, through nbclient),
so the record is checked against what Jupyter actually stores: Plan and
Timing HTML, a widget's view mimetype and saved state, an embedded PNG.
"""

from __future__ import annotations

import pickle
import re
import shutil
import struct
import subprocess
import sys
import zlib
from html import unescape
from pathlib import Path

import nbformat
import pytest
from backcare_kit_browser import format_violations, record_requests, run_axe, save_screenshot, watch_errors
from click.testing import CliRunner
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from backcare_kit.cli import cli
from backcare_kit.record import CSP, NOT_RUN, notebook_record

PATIENT = "Jane <b>Doe</b>"
PLAN_CELL = f'import backcare_kit as bk; plan = bk.bundled_plan("{PATIENT}", notes="Start gently"); plan'
#: Anything that would fetch from the network if it were left in the page.
REMOTE_ATTRIBUTE = re.compile(r"""\b(?:src|href|srcset)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
WIDGET = "application/vnd.jupyter.widget-view+json"
ROOT = Path(__file__).resolve().parent.parent


def tiny_png(width: int = 2, height: int = 2) -> bytes:
    """A valid grey PNG in pure Python: an image output without matplotlib."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def session_notebook() -> nbformat.NotebookNode:
    return new_notebook(
        cells=[
            new_markdown_cell("# Tailoring session\n\nReviewed with the patient."),
            new_code_cell(PLAN_CELL),
            new_code_cell("plan.timing()"),
            new_code_cell('import ipywidgets as w; w.IntSlider(description="Duration")'),
            new_code_cell(f"from IPython.display import Image; Image(data=bytes.fromhex('{tiny_png().hex()}'))"),
        ]
    )


def embedded_pictures(html: str) -> list[str]:
    """The words of every picture the plan summary, the editor and the library show, each checked to be
    embedded as a data: URI (the record's cleaning may reorder attributes)."""
    found = []
    for tag in re.findall(r"<img\b[^>]*>", html):
        if 'class="bk-picture"' in tag:
            assert re.search(r'\ssrc="data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+"', tag), tag[:200]
            alt = re.search(r'\salt="([^"]*)"', tag)
            found.append(unescape(alt.group(1)) if alt else "")
    return found


def run_in_kernel(nb: nbformat.NotebookNode, path: Path) -> Path:
    """Run ``nb`` for real in a python3 kernel in ``path``'s folder and save it there, as a clinician leaves it."""
    import nbclient

    nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> Path:
    """The session notebook, run and saved."""
    return run_in_kernel(session_notebook(), tmp_path_factory.mktemp("session") / "01_tailor_a_plan.ipynb")


@pytest.fixture(scope="module")
def illustrated_session(tmp_path_factory, illustrate) -> Path:
    """A session whose exercises have pictures: its plan summary, and the library of those exercises, run and saved."""
    plan = illustrate(__import__("backcare_kit").bundled_plan(PATIENT))
    cells = [
        new_markdown_cell("# Tailoring session with pictures\n\n## The plan"),
        new_code_cell(f"import pickle\nplan = pickle.loads(bytes.fromhex('{pickle.dumps(plan).hex()}'))\nplan"),
        new_markdown_cell("## Its exercises"),
        new_code_cell(
            "from IPython.display import HTML\nfrom backcare_kit.richrepr import library_html\n"
            "HTML(library_html(item.exercise for item in plan.routine.items))"
        ),
    ]
    folder = tmp_path_factory.mktemp("pictures")
    return run_in_kernel(new_notebook(cells=cells), folder / "session.ipynb")


def run_cli(*args: str):
    return CliRunner().invoke(cli, ["record", *args])


def write_notebook(path: Path, nb: nbformat.NotebookNode) -> Path:
    nbformat.write(nb, path)
    return path


def assert_static(html: str) -> None:
    """Nothing that runs, and nothing that loads from anywhere."""
    assert "<script" not in html.lower()
    assert "<link" not in html.lower() and "<iframe" not in html.lower()
    assert not REMOTE_ATTRIBUTE.search(html), REMOTE_ATTRIBUTE.search(html)
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in html
    assert "default-src 'none'; style-src 'unsafe-inline'; img-src data:" in CSP


@pytest.mark.slow
def test_record_of_an_executed_notebook(executed):
    result = run_cli(str(executed))
    record = executed.with_name("01_tailor_a_plan.record.html")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(record)
    html = record.read_text(encoding="utf-8")
    assert html.startswith('<!doctype html>\n<html lang="en">')
    assert "<title>Clinical record: 01_tailor_a_plan</title>" in html
    assert "Back-care plan for Jane &lt;b&gt;Doe&lt;/b&gt;" in html and "Start gently" in html
    assert "Total 11:00" in html
    assert '<h1 id="Tailoring-session">Tailoring session</h1>' in html
    assert "bk.bundled_plan" not in html and "IntSlider" not in html and "fromhex" not in html  # no code
    assert "In&nbsp;[" not in html and "Out[" not in html  # no prompts
    assert "Interactive control “Duration”" in html  # the widget, as a note
    assert 'src="data:image/png;base64,' in html
    assert NOT_RUN not in html
    assert_static(html)


@pytest.mark.slow
def test_the_command_gives_the_same_record_from_a_subprocess(executed, tmp_path):
    output = tmp_path / "record.html"
    done = subprocess.run(
        [sys.executable, "-m", "backcare_kit", "record", str(executed), "--output", str(output)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(output)
    assert output.read_text(encoding="utf-8") == notebook_record(executed)


@pytest.mark.slow
def test_record_reads_offline_in_a_browser(executed, tmp_path, page):
    path = tmp_path / "record.html"
    path.write_text(notebook_record(executed), encoding="utf-8")
    url = path.as_uri()
    requests = record_requests(page, url)
    errors = watch_errors(page)
    page.goto(url)
    assert requests.requests == [url] and requests.external == []
    assert errors == []  # a CSP refusal would show here: nothing even tried to load
    text = page.inner_text("body")
    assert "Total 11:00" in text and "Back-care plan for Jane <b>Doe</b>" in text
    assert "Tailoring session" in text and "Interactive control “Duration”" in text
    png = page.locator('img[src^="data:image/png"]').first  # the cell's own 2 x 2 PNG, not a thumbnail
    assert png.evaluate("(img) => img.naturalWidth") == 2  # the PNG rendered, embedded
    assert page.locator('img[src^="data:image/svg+xml"]').count() >= 5  # each exercise's picture
    assert page.title() == "Clinical record: 01_tailor_a_plan"


@pytest.mark.slow
def test_record_shows_each_exercises_pictures_with_their_words(illustrated_session, illustrate):
    html = notebook_record(illustrated_session)
    plan_part, library_part = html.split('class="bk-library"')
    exercises = [illustrate(item.exercise) for item in __import__("backcare_kit").bundled_plan().routine.items]
    assert embedded_pictures(plan_part) == [ex.poses[0].alt for ex in exercises]
    assert embedded_pictures(library_part) == [pose.alt for ex in exercises for pose in ex.poses]
    assert "pickle" not in html  # no code
    assert_static(html)


@pytest.mark.slow
def test_the_pictures_draw_in_the_record_offline_with_no_accessibility_violation(illustrated_session, tmp_path, page):
    path = tmp_path / "record.html"
    path.write_text(notebook_record(illustrated_session), encoding="utf-8")
    requests = record_requests(page, path.as_uri())
    errors = watch_errors(page)
    page.set_viewport_size({"width": 1000, "height": 900})
    page.goto(path.as_uri())
    pictures = page.locator("img.bk-picture")
    assert pictures.count() == 5 + 10
    assert all(width > 0 for width in pictures.evaluate_all("(all) => all.map((img) => img.naturalWidth)"))
    assert requests.external == [] and errors == []
    violations = run_axe(page)
    assert violations == [], format_violations(violations)
    save_screenshot(page.locator(".bk-plan"), "record-plan-with-thumbnails")
    save_screenshot(page.locator("table.bk-library"), "record-library-with-pictures")


@pytest.mark.slow
@pytest.mark.parametrize("name", ["01_tailor_a_plan.ipynb", "02_exercise_library.ipynb"])
def test_records_of_the_bundled_notebooks_show_the_exercises_pictures(tmp_path, name):
    shutil.copytree(ROOT / "notebooks", tmp_path, dirs_exist_ok=True, ignore=shutil.ignore_patterns("exports", "plans"))
    path = run_in_kernel(nbformat.read(tmp_path / name, as_version=4), tmp_path / name)
    alts = embedded_pictures(notebook_record(path))
    assert len(alts) >= 5 and all(alt.strip() for alt in alts)


def test_a_notebook_that_was_not_run_says_so(tmp_path):
    nb = write_notebook(tmp_path / "draft.ipynb", session_notebook())
    html = notebook_record(nb)
    assert html.index(NOT_RUN) < html.index("Tailoring session")
    assert "Total 11:00" not in html
    assert_static(html)


def test_a_partly_run_notebook_says_how_much_is_missing(tmp_path):
    nb = session_notebook()
    nb.cells[1].execution_count = 1
    html = notebook_record(write_notebook(tmp_path / "partial.ipynb", nb))
    assert "3 of 4 code cells have not been run" in html and NOT_RUN not in html


def test_nothing_that_runs_or_loads_survives(tmp_path):
    planted = (
        '<script src="https://e.example/x.js"></script><iframe src="https://e.example/f"></iframe>'
        '<link rel="stylesheet" href="https://e.example/s.css"><style>@import url(https://e.example/i.css);'
        ' p>b{color:red}</style><img src="https://e.example/p.png" alt="remote">'
        '<img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" alt="dot">'
        '<p onclick="alert(1)" style="color:red;background:url(https://e.example/b.png)">styled</p>'
        '<a href="javascript:alert(1)">bad</a> <a href="https://www.nhs.uk/">NHS advice</a>'
        '<svg><image href="https://e.example/i.png"/></svg><object data="https://e.example/o"></object>'
    )
    outputs = [
        new_output("display_data", {"text/html": planted, "text/plain": "planted"}),
        new_output("display_data", {"application/javascript": "alert(1)", "text/plain": "<Javascript object>"}),
        new_output("display_data", {WIDGET: {"model_id": "gone"}, "text/plain": "VBox()"}),
        new_output("display_data", {WIDGET: {"model_id": "x"}, "text/html": "<p>Editor fallback</p>"}),
    ]
    nb = new_notebook(cells=[new_code_cell("planted()", outputs=outputs, execution_count=1)])
    html = notebook_record(write_notebook(tmp_path / "planted.ipynb", nb))
    assert "e.example" not in html and "javascript:" not in html and "onclick" not in html
    assert "<object" not in html and "Javascript object" not in html and "VBox" not in html
    assert 'alt="remote"' in html and 'src="data:image/gif;base64,' in html
    assert 'style="color:red;background:none"' in html and "p>b{color:red}" in html
    assert '<a href="https://www.nhs.uk/">NHS advice</a>' in html  # a link loads nothing until followed
    assert "(Interactive editor: usable only in the live notebook" in html and "<p>Editor fallback</p>" in html
    assert_static(html.replace('href="https://www.nhs.uk/"', ""))


def test_overwrite_is_refused_without_force(tmp_path):
    nb = write_notebook(tmp_path / "draft.ipynb", session_notebook())
    record = tmp_path / "draft.record.html"
    record.write_text("earlier record", encoding="utf-8")
    result = run_cli(str(nb))
    assert result.exit_code == 2 and "already exists" in result.output and "--force" in result.output
    assert record.read_text(encoding="utf-8") == "earlier record"
    result = run_cli(str(nb), "--force")
    assert result.exit_code == 0 and NOT_RUN in record.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("plan.csv", "name,dose\nbridge,10\n", "plan.csv:1: expected a Jupyter notebook: valid JSON"),
        ("plan.json", '{"format": "backcare-kit/plan"}', "plan.json: expected a Jupyter notebook (JSON with"),
        (
            "broken.ipynb",
            '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code"}]}',
            "broken.ipynb: expected a Jupyter notebook (.ipynb):",
        ),
        ("missing.ipynb", None, "missing.ipynb: expected an existing Jupyter notebook"),
    ],
)
def test_a_file_that_is_not_a_notebook_is_named(tmp_path, name, content, expected):
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = run_cli(str(path))
    assert result.exit_code == 2
    assert expected in result.output and "Traceback" not in result.output
    assert not list(tmp_path.glob("*.record.html"))


def test_help_explains_the_record():
    result = run_cli("--help")
    assert result.exit_code == 0
    assert "clinical record" in result.output and "--force" in result.output and "--output" in result.output
