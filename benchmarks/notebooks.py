"""Notebook execution: each notebook in notebooks/ through nbclient, against an empty notebook.

The notebooks are the toolkit's tutorials and run in CI, so how long they
take to run top to bottom is what a reader (or the test suite) waits for.
Starting and stopping the kernel dominates, so the baseline is an empty
notebook (one empty code cell) run the same way: the gap is the notebook's
own cells.

Each execution runs in a fresh temporary copy of the notebooks folder as its
working directory, as the tests do, so files a notebook writes (exports,
plans) never carry over from one run to the next and the repository stays
untouched.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from .common import Row, seconds

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
EMPTY = "<empty notebook>"
TIMEOUT = 120


def _empty() -> nbformat.NotebookNode:
    book = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("")])
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return book


def _execute(name: str) -> float:
    """Wall seconds to execute one notebook (kernel start to shutdown) in a fresh copy of the folder."""
    with tempfile.TemporaryDirectory(prefix="backcare-notebooks-") as folder:
        cwd = Path(folder)
        shutil.copytree(NOTEBOOKS, cwd, dirs_exist_ok=True, ignore=shutil.ignore_patterns("exports", "plans"))
        book = _empty() if name == EMPTY else nbformat.read(cwd / name, as_version=4)
        client = NotebookClient(book, timeout=TIMEOUT, kernel_name="python3", resources={"metadata": {"path": folder}})
        start = time.perf_counter()
        client.execute()  # raises CellExecutionError if a cell fails, which fails the benchmark
        return time.perf_counter() - start


def run(quick: bool = False) -> list[Row]:
    """Best wall time of each notebook and of the empty one, taking turns round by round."""
    names = [EMPTY, *(path.name for path in sorted(NOTEBOOKS.glob("*.ipynb")))]
    repeat = 1 if quick else 3
    best = dict.fromkeys(names, float("inf"))
    for _ in range(repeat):
        for name in names:
            best[name] = min(best[name], _execute(name))
    empty = best.pop(EMPTY)
    runs = "one run" if repeat == 1 else f"best of {repeat}"
    return [
        Row(
            benchmark=f"nbclient run of `notebooks/{name}`, {runs} (kernel start and shutdown dominate)",
            measured=seconds(measured),
            baseline=f"{seconds(empty)} (empty notebook, one empty code cell)",
            figure=f"{measured - empty:+.2f} s above the empty notebook",
            target="none set",
            met=None,
        )
        for name, measured in best.items()
    ]
