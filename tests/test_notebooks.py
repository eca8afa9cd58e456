"""Every notebook runs top to bottom in a real kernel, and is committed clean."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest
from nbconvert.preprocessors import ExecutePreprocessor

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

pytestmark = pytest.mark.slow


def execute(name: str, folder: Path) -> nbformat.NotebookNode:
    """Run a copy of the notebook in ``folder`` (its working directory), as Jupyter would."""
    shutil.copytree(ROOT / "notebooks", folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns("exports", "plans"))
    book = nbformat.read(folder / name, as_version=4)
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


def test_there_are_three_notebooks():
    assert [p.name for p in NOTEBOOKS] == [
        "01_tailor_a_plan.ipynb",
        "02_exercise_library.ipynb",
        "03_write_an_exporter.ipynb",
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
