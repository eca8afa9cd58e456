"""Run every benchmark and print the results as a Markdown table for the README.

Usage, from the repository root::

    .venv/bin/python benchmarks/run.py           # the figures for the README
    .venv/bin/python benchmarks/run.py --quick   # smaller inputs, fewer repeats: a smoke test

Progress goes to stderr and the table to stdout, so ``> results.md`` keeps
only what belongs in the README. The exit status is 0 whether or not the
targets are met: these are measurements, not tests. Only a benchmark that
fails to run (e.g. the command line exits with an error) makes it 1.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

# Run as a script, Python puts benchmarks/ itself on the path; the repository
# root is what lets the modules import each other as the benchmarks package.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(1, str(ROOT))

import pandas as pd  # noqa: E402

from benchmarks import catalog_load, cold_start, editor, export, notebooks, review, timing  # noqa: E402
from benchmarks.common import Row  # noqa: E402

BENCHMARKS: tuple[tuple[str, Callable[[bool], list[Row]]], ...] = (
    ("catalog loading", catalog_load.run),
    ("session timing", timing.run),
    ("command-line cold start", cold_start.run),
    ("export per format", export.run),
    ("editor responsiveness", editor.run),
    ("notebook execution", notebooks.run),
    ("caseload review", review.run),
)

HEADERS = ("benchmark", "measured", "baseline", "ratio or figure", "target", "met?")


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table, one line per row."""

    def line(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    met = {True: "yes", False: "**no**", None: "n/a"}
    body = [line((r.benchmark, r.measured, r.baseline, r.figure, r.target, met[r.met])) for r in rows]
    return "\n".join([line(HEADERS), line(tuple("---" for _ in HEADERS)), *body])


def machine() -> str:
    """One line saying where the figures come from, since they only hold there."""
    return (
        f"Python {platform.python_version()}, pandas {pd.__version__}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 rows and fewer repeats (smoke test)")
    quick = parser.parse_args(argv).quick
    rows: list[Row] = []
    failed = False
    started = time.perf_counter()
    for name, benchmark in BENCHMARKS:
        print(f"running {name}...", file=sys.stderr, flush=True)
        try:
            rows.extend(benchmark(quick))
        except Exception:
            failed = True
            traceback.print_exc()
            rows.append(Row(name, "failed to run", "", "see stderr", "", None))
    print(f"done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    print(table(rows))
    print()
    print(f"_{machine()}{'; --quick' if quick else ''}._")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
