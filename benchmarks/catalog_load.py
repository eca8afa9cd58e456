"""Loading a large clinician catalog: ``load_catalog`` against bare ``pandas.read_csv``.

The catalog module promises that checking a file costs little on top of
pandas parsing it. The baseline is the plain call a user would make,
``pandas.read_csv(path)`` with default arguments, timed in the same process
as ``load_catalog(path)``, which reads, checks and merges the file after the
bundled five exercises, as every command does.

Each variant runs in a fresh interpreter: once as installed (with pyarrow,
which pandas then uses for text) and once with pyarrow made unimportable,
as on a machine without the ``fast`` extra. Merging is measured on its own
too: reading the file after the bundled five, as ``load_catalog`` does,
against reading it alone, with the five already read, so that the figure is
the merge and not the five rows (which, read just after a 67 MB file, with
the processor's caches full of it, take twice as long as read alone). It
must cost no more than reading the rows it adds.
"""

from __future__ import annotations

import csv
import json
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from backcare_kit.bundled import bundled_path

from .common import Row, ratio, seconds

#: load_catalog may take at most this multiple of the bare read.
TARGET_RATIO = 1.5

#: (rows, repeats): fewer repeats for the big file keep the full run short.
FULL = ((10_000, 25), (100_000, 7))
QUICK = ((1_000, 3), (10_000, 2))

#: Run in a fresh interpreter: prints the best seconds of each call as JSON.
_TIMER = textwrap.dedent(
    """
    import json, sys
    if sys.argv[3] == "no-pyarrow":
        sys.modules["pyarrow"] = None  # import pyarrow now fails, as where it is not installed
    import pandas as pd
    sys.path.insert(0, sys.argv[4])
    from pathlib import Path
    from benchmarks.common import rounds
    from backcare_kit import Catalog, load_catalog
    from backcare_kit.catalog import _read
    path, repeat = sys.argv[1], int(sys.argv[2])
    bundled = load_catalog()  # also warms the bundled catalog's imports, as a long-lived process would be

    def merged():
        # What load_catalog does with a file once the bundled five are read: read it knowing them, then join.
        read, may_clash = _read(Path(path), after=bundled)
        return bundled.merge(read) if may_clash else bundled._joined(read)

    times = rounds(
        repeat,
        lambda: load_catalog(path),
        lambda: pd.read_csv(path),
        lambda: Catalog.read_csv(path),
        lambda: load_catalog(),
        merged,
    )
    print(json.dumps(dict(zip(["loaded", "bare", "read_only", "bundled", "merged"], times))))
    """
)


def write_catalog(path: Path, rows: int) -> None:
    """Write ``rows`` exercises cycling through the bundled five, each with its own id.

    The bundled rows are realistic: quoted cells with newlines inside, empty
    optional cells and every column the catalog knows. Writing through the
    csv module quotes exactly what needs it, as Excel would, with CRLF
    between records.
    """
    with bundled_path("exercises.csv").open(newline="", encoding="utf-8") as source:
        reader = csv.DictReader(source)
        columns = list(reader.fieldnames or ())
        exercises = list(reader)
    with path.open("w", newline="", encoding="utf-8") as target:
        writer = csv.DictWriter(target, fieldnames=columns, quoting=csv.QUOTE_MINIMAL)
        writer.writeheader()
        for n in range(rows):
            exercise = exercises[n % len(exercises)]
            writer.writerow({**exercise, "id": f"{exercise['id']}-{n // len(exercises) + 1}"})


def timings(path: Path, repeat: int, pyarrow: bool) -> dict[str, list[float]]:
    """Each call's seconds in every round, measured in a fresh interpreter with or without pyarrow."""
    variant = "pyarrow" if pyarrow else "no-pyarrow"
    root = str(Path(__file__).resolve().parent.parent)
    done = subprocess.run(
        [sys.executable, "-c", _TIMER, str(path), str(repeat), variant, root],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"timing {path.name} ({variant}) failed: {done.stderr.strip()}")
    return json.loads(done.stdout)


def measure(path: Path, rows: int, repeat: int, pyarrow: bool) -> list[Row]:
    """Two rows for one file and one variant: the load against the bare read, and the merge."""
    times = timings(path, repeat, pyarrow)
    t = {name: min(seconds) for name, seconds in times.items()}
    size = f"{rows:,} rows ({path.stat().st_size / 1e6:.1f} MB), {'with' if pyarrow else 'without'} pyarrow"
    merge = max(0.0, median_difference(times["merged"], times["read_only"]))
    return [
        Row(
            benchmark=f"`load_catalog(path)`, {size}, best of {repeat}",
            measured=seconds(t["loaded"]),
            baseline=f"{seconds(t['bare'])} (`pandas.read_csv(path)`)",
            figure=ratio(t["loaded"], t["bare"]),
            target=f"≤ {TARGET_RATIO}x",
            met=t["loaded"] <= TARGET_RATIO * t["bare"],
        ),
        Row(
            benchmark=f"merging it after the bundled five, already read ({size}), median of {repeat} paired rounds",
            measured=seconds(merge),
            baseline=f"{seconds(t['bundled'])} (`load_catalog()`: reading the five alone)",
            figure=f"{merge / t['bundled']:.2f}x the rows it adds",
            target="≤ the cost of the rows it adds",
            met=merge <= t["bundled"],
        ),
    ]


def median_difference(measured: list[float], baseline: list[float]) -> float:
    """The median over rounds of measured minus baseline, each pair timed back to back.

    A small cost on top of a large one is the difference of two noisy
    times; pairing them by round and taking the median keeps one noisy
    round from deciding it, as the difference of two bests would not.
    """
    return statistics.median(m - b for m, b in zip(measured, baseline, strict=True))


def run(quick: bool = False) -> list[Row]:
    """Generate each catalog in a temporary folder and time loading it, with and without pyarrow."""
    results = []
    with tempfile.TemporaryDirectory(prefix="backcare-bench-") as folder:
        for rows, repeat in QUICK if quick else FULL:
            path = Path(folder) / f"catalog-{rows}.csv"
            write_catalog(path, rows)
            for pyarrow in (True, False):
                results.extend(measure(path, rows, repeat, pyarrow))
            path.unlink()
    return results
