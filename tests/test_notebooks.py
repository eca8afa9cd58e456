"""Every notebook runs top to bottom in a real kernel, and is committed clean."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path

import nbformat
import pytest
from nbconvert.preprocessors import ExecutePreprocessor
from nbformat.v4 import new_code_cell

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

IMG = re.compile(r'<img class="bk-picture" src="data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+" alt="([^"]+)"')

pytestmark = pytest.mark.slow


def execute(name: str, folder: Path, parameters: str = "", more: tuple[str, ...] = ()) -> nbformat.NotebookNode:
    """Run a copy of the notebook in ``folder`` (its working directory), as Jupyter would.

    ``parameters`` runs right after the cell tagged ``parameters`` (to point it
    at a copy of a file); ``more`` are cells run at the end, as a clinician's clicks.
    """
    shutil.copytree(ROOT / "notebooks", folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns("exports", "plans"))
    book = nbformat.read(folder / name, as_version=4)
    if parameters:
        [at] = [n for n, cell in enumerate(book.cells) if "parameters" in cell.metadata.get("tags", [])]
        book.cells.insert(at + 1, new_code_cell(parameters))
    book.cells.extend(new_code_cell(source) for source in more)
    # nbconvert's execute API (nbclient underneath), as `jupyter nbconvert --execute` runs it.
    ExecutePreprocessor(timeout=120, kernel_name="python3").preprocess(book, {"metadata": {"path": str(folder)}})
    return book


def outputs(book: nbformat.NotebookNode, mime: str) -> list[str]:
    found = []
    for cell in book.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if mime in data:
                found.append(data[mime] if isinstance(data[mime], str) else json.dumps(data[mime]))
            elif mime == "text/plain" and output.get("output_type") == "stream":
                found.append(output["text"])
    return found


def test_there_are_five_notebooks():
    assert [p.name for p in NOTEBOOKS] == [
        "01_tailor_a_plan.ipynb",
        "02_exercise_library.ipynb",
        "03_write_an_exporter.ipynb",
        "04_illustrate_an_exercise.ipynb",
        "05_review_progress.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_without_outputs(path):
    book = nbformat.read(path, as_version=4)
    nbformat.validate(book)
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in book.cells if c.cell_type == "code")


def test_tailor_notebook_shows_the_editor_and_a_static_summary(tmp_path):
    book = execute("01_tailor_a_plan.ipynb", tmp_path)
    [view] = outputs(book, WIDGET_VIEW)
    assert json.loads(view)["version_major"] == 2  # the ipywidgets 8 protocol JupyterLab 4, Notebook 7, VS Code read
    summary = " ".join(outputs(book, "text/html"))
    assert "Back-care plan for New patient" in summary and "Total 11:00" in summary


def test_library_notebook_browses_merges_and_shows_errors_readably(tmp_path):
    book = execute("02_exercise_library.ipynb", tmp_path)
    html = " ".join(outputs(book, "text/html"))
    assert "Lumbar rotation stretch" in html and "Gentle walk" in html
    assert "4 problems found" in html
    assert 'class="bk-library"' in html and "Rock back" in html.split('class="bk-library"')[1]
    for expected in [
        "a slug of lowercase letters",
        "the exercise&#x27;s name",
        "a whole number of seconds from 1 to 3600",
        "one of none, each_side, alternating",
    ]:
        assert expected in html or expected.replace("&#x27;", "'") in html


def test_exporter_notebook_registers_a_format_the_editor_offers_and_exports(tmp_path):
    book = execute("03_write_an_exporter.ipynb", tmp_path)
    text = " ".join(outputs(book, "text/plain"))
    assert "'checklist'" in text
    written = (tmp_path / "exports" / "new-patient-back-care-plan.checklist.txt").read_text()
    assert (
        "[ ] Arm openings: Repeat for 1 minute on one side, then 1 minute on the other side. "
        "Hold for a few seconds each time"
    ) in written
    assert "Call 999 or go to A&E if you have back pain and" in written


def test_library_notebook_shows_every_exercise_with_its_pictures(tmp_path):
    book = execute("02_exercise_library.ipynb", tmp_path)
    [table] = [out for out in outputs(book, "text/html") if 'class="bk-library"' in out]
    assert "No picture yet" not in table
    assert len(IMG.findall(table)) >= 2 * 5 and all(alt.strip() for alt in IMG.findall(table))


#: The clinician's clicks in the illustration notebook, then what the page shows, as JSON.
ILLUSTRATE = (
    """
illustrator.exercise.value = "rock-back"
illustrator.sliders["neck"].value = -10  # the head lifted a little: the hands and knees stay on the floor
illustrator.alt.value = "On your hands and knees"
illustrator.save.click()
""",
    """
import json
print(json.dumps({name: getattr(illustrator, name).value for name in ("figure", "problem", "message", "shown")}))
""",
)


@pytest.fixture(scope="module")
def illustrated_book(tmp_path_factory):
    """Notebook 04 run on a copy of the bundled exercise file, a pose set and saved as a clinician would."""
    folder = tmp_path_factory.mktemp("illustrate")
    catalog = folder / "catalog" / "exercises.csv"
    catalog.parent.mkdir()
    shutil.copyfile(ROOT / "data" / "exercises.csv", catalog)
    shutil.copyfile(ROOT / "data" / "poses.csv", catalog.parent / "poses.csv")
    book = execute("04_illustrate_an_exercise.ipynb", folder, f"CATALOG = {str(catalog)!r}", ILLUSTRATE)
    [shown] = [text for text in outputs(book, "text/plain") if text.startswith("{")]
    return catalog, book, json.loads(shown)


def test_illustration_notebook_shows_the_editor_and_a_live_figure(illustrated_book):
    _, book, shown = illustrated_book
    [view] = outputs(book, WIDGET_VIEW)
    assert json.loads(view)["version_major"] == 2
    assert shown["figure"].startswith('<img class="bk-picture" src="data:image/svg+xml;base64,')
    assert 'alt="On your hands and knees"' in shown["figure"] and shown["problem"] == ""
    assert shown["message"] and "Traceback" not in shown["message"]  # saved, or the reason it was not


def test_illustration_notebook_saves_the_pose_beside_the_catalog_and_shows_it(illustrated_book):
    catalog, _, shown = illustrated_book
    assert "Saved the start position of Rock back" in unescape(shown["message"]), shown["message"]
    saved = (catalog.parent / "poses.csv").read_text(encoding="utf-8")
    assert "rock-back,start,On your hands and knees," in saved and saved.count("\n") == 11  # one row replaced
    assert "In the plan editor" in shown["shown"] and 'alt="On your hands and knees"' in shown["shown"]


#: A plot as notebook 05 shows it: an embedded SVG image with its words, which the clinical record keeps.
PLOT = re.compile(r'<img class="bk-plot" src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="([^"]+)"')
#: The same in the record, whose cleaning puts the attributes in another order.
RECORDED_PLOT = re.compile(r'<img alt="([^"]+)" class="bk-plot" src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"')


@pytest.fixture(scope="module")
def progress_book(tmp_path_factory):
    """Notebook 05 run on its example logs, saved as a clinician leaves it."""
    folder = tmp_path_factory.mktemp("progress")
    book = execute("05_review_progress.ipynb", folder)
    nbformat.write(book, folder / "05_review_progress.ipynb")
    return folder / "05_review_progress.ipynb", book


def test_progress_notebook_shows_the_caseload_flagged_first_and_the_flags_in_words(progress_book):
    _, book = progress_book
    html = unescape(" ".join(outputs(book, "text/html")))
    [caseload] = [out for out in html.split("</table>") if "Pain before, first → last session" in out]
    rows = re.findall(r"<th>([A-Z][a-z]+ [A-Z][a-z]+)</th>", caseload)
    assert rows == ["Chloe Martin", "Ben Okafor", "Ana Silva"]  # the red-flag note first, then the most flags
    assert (
        "6 of 18 sessions (33%)" in caseload
        and "pain rising, worse after, adherence under half, 2-week gap" in caseload
    )
    assert "A note mentions a red-flag symptom" in html
    assert 'The patient wrote: "Tingling and numbness in both legs since the weekend"' in html
    text = " ".join(outputs(book, "text/plain"))
    assert "chloe-martin.csv: 1 row not counted" in text and "a repeat of line 6" in text
    assert len(PLOT.findall(html)) == 6  # two plots for each of three patients


def test_progress_notebooks_record_shows_the_plots_and_the_flags(progress_book):
    from backcare_kit.record import notebook_record

    path, _ = progress_book
    record = notebook_record(path)
    alts = [unescape(alt) for alt in RECORDED_PLOT.findall(record)]
    assert len(alts) == 6
    assert "Bar chart of sessions done and scheduled in each of 6 weeks: 6 of 18 sessions (33%) in all." in alts
    assert "Line chart of pain before and after each of 7 sessions, from 0 to 10: pain before, first to last " in (
        " ".join(alts)
    )
    words = unescape(record)
    assert "A note mentions a red-flag symptom" in words and "Tingling and numbness in both legs" in words
    assert "Two weeks or more went by without a session." in words
    assert "<script" not in record.lower()
