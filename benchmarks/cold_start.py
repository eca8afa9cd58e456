"""Command-line cold start: an export in a fresh interpreter against ``python -c "import pandas"``.

A clinician runs one export at a time, so start-up is most of what they
wait for. pandas is the toolkit's heaviest import and is needed anyway,
which makes importing it the floor the command cannot beat; the target
bounds what the toolkit adds on top (its own imports, plugin discovery,
loading the catalog and writing the file).

``main`` freezes the garbage collector's objects before the process exits,
which skips the interpreter's last full collection over everything pandas
made (about as long as the export itself). The baseline pays that
collection, so a second row runs the same command without the shortcut
(``cli()`` in place of ``main()``): the difference is what the shortcut
saves, and the second ratio is what the toolkit's own work costs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .common import Row, ratio, seconds

#: The command may take at most this multiple of importing pandas.
TARGET = 1.3

BASELINE = [sys.executable, "-c", "import pandas"]


#: Bytecode may be written, so the warm-up caches it as an installed package's is: a clinician's runs
#: never compile the toolkit's source (some shells set PYTHONDONTWRITEBYTECODE, which would make every run do so).
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

#: The interpreter, told to find no pyarrow (as where the ``fast`` extra is not installed).
_NO_PYARROW = "import sys; sys.modules['pyarrow'] = None; "


def commands(pyarrow: bool, args: list[str]) -> tuple[list[str], list[str], list[str]]:
    """The command line with ``args``, the same without the exit shortcut, and the baseline.

    Each runs in a fresh interpreter with or without pyarrow. The command
    line is started the way its console script starts it (``main``, which
    reads sys.argv), so blocking pyarrow can happen first.
    """
    prelude = "" if pyarrow else _NO_PYARROW
    main = [sys.executable, "-c", f"{prelude}from backcare_kit.cli import main; main()", *args]
    plain = [sys.executable, "-c", f"{prelude}from backcare_kit.cli import cli; cli()", *args]
    return main, plain, [sys.executable, "-c", f"{prelude}import pandas"]


def wall_time(command: list[str], cwd: Path) -> float:
    """Seconds from starting the command to its exit; a failure stops the benchmark."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {done.returncode}: {done.stderr.strip()}")
    return elapsed


def best_of(repeat: int, cwd: Path, *commands: list[str]) -> list[float]:
    """Best wall time of each command over ``repeat`` rounds, after one warm-up each.

    The warm-up fills the OS file cache and writes bytecode, so every timed
    run is a warm-cache cold start, the usual case for a clinician. Commands
    take turns within each round so that noise hits them alike.
    """
    for command in commands:
        wall_time(command, cwd)
    best = [float("inf")] * len(commands)
    for _ in range(repeat):
        for n, command in enumerate(commands):
            best[n] = min(best[n], wall_time(command, cwd))
    return best


def run(quick: bool = False) -> list[Row]:
    """Time a text export against importing pandas, with and without pyarrow.

    All run in an empty temporary folder, so none picks up modules or
    files from the current directory.
    """
    repeat = 2 if quick else 7
    rows = []
    with tempfile.TemporaryDirectory(prefix="backcare-bench-") as folder:
        cwd = Path(folder)
        args = ["export", "--format", "txt", "--output", str(cwd / "out") + "/", "--force"]
        for pyarrow in (True, False):
            measured, plain, baseline = best_of(repeat, cwd, *commands(pyarrow, args))
            name = f"`backcare-kit export --format txt` cold start, {'with' if pyarrow else 'without'} pyarrow"
            rows.append(_row(f"{name}, best of {repeat}", measured, baseline, targeted=True))
            rows.append(_row(f"{name}, without skipping the last garbage collection at exit", plain, baseline))
    return rows


def _row(benchmark: str, measured: float, baseline: float, targeted: bool = False) -> Row:
    """One row against importing pandas: held to TARGET, or (``targeted`` False) shown for what it tells."""
    return Row(
        benchmark=benchmark,
        measured=seconds(measured),
        baseline=f'{seconds(baseline)} (`python -c "import pandas"`)',
        figure=ratio(measured, baseline),
        target=f"≤ {TARGET}x" if targeted else "none: the toolkit's own work",
        met=measured / baseline <= TARGET if targeted else None,
    )
