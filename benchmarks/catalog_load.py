"""Loading a large clinician catalog: ``Catalog.read_csv`` against bare ``pandas.read_csv``.

The catalog module promises that validation costs little on top of pandas
parsing the same file. The baseline reads every cell as a string, as the
catalog does, so the difference is the checking and normalising alone.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import pandas as pd

from backcare_kit import Catalog
from backcare_kit.bundled import bundled_path

from .common import Row, best_of, ratio, seconds

#: Validation may add at most this share to the bare read.
TARGET_OVERHEAD = 0.5

#: (rows, repeats): fewer repeats for the big file keep the full run short.
FULL = ((10_000, 5), (100_000, 3))
QUICK = ((1_000, 3), (10_000, 2))


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


def bare_read(path: Path) -> pd.DataFrame:
    """The baseline: pandas parsing the file with every cell as a string."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def measure(path: Path, rows: int, repeat: int) -> Row:
    """One row of the table for one generated file."""
    catalog = Catalog.read_csv(path)  # also a check that the generated file is valid
    if len(catalog) != rows:
        raise RuntimeError(f"generated catalog has {len(catalog)} exercises, expected {rows}")
    validated, bare = best_of(repeat, lambda: Catalog.read_csv(path), lambda: bare_read(path))
    megabytes = path.stat().st_size / 1e6
    overhead = validated / bare - 1
    return Row(
        benchmark=f"`Catalog.read_csv`, {rows:,} rows ({megabytes:.1f} MB), best of {repeat}",
        measured=seconds(validated),
        baseline=f"{seconds(bare)} (`pandas.read_csv`)",
        figure=f"{ratio(validated, bare)} (validation adds {overhead:+.0%})",
        target=f"adds ≤ {TARGET_OVERHEAD:.0%}",
        met=overhead <= TARGET_OVERHEAD,
    )


def run(quick: bool = False) -> list[Row]:
    """Generate each catalog in a temporary folder and time loading it."""
    results = []
    with tempfile.TemporaryDirectory(prefix="backcare-bench-") as folder:
        for rows, repeat in QUICK if quick else FULL:
            path = Path(folder) / f"catalog-{rows}.csv"
            write_catalog(path, rows)
            results.append(measure(path, rows, repeat))
            path.unlink()
    return results
