"""Every benchmark the README quotes still runs: a smoke run of each, with no time asserted.

A benchmark that no longer matches what it measures (a reworded total, a
renamed command) fails to run and leaves a README figure nobody can
reproduce; this catches that the day it happens, not the next time someone
measures.
"""

from __future__ import annotations

import pytest

from benchmarks.common import Row
from benchmarks.run import BENCHMARKS


@pytest.mark.parametrize(("name", "benchmark"), BENCHMARKS, ids=[name for name, _ in BENCHMARKS])
def test_benchmark_runs_and_reports_figures(name, benchmark):
    rows = benchmark(True)  # quick: smaller inputs and fewer repeats
    assert rows, f"{name} reported nothing"
    for row in rows:
        assert isinstance(row, Row)
        assert row.measured and row.baseline and row.figure, f"{name}: a row without figures: {row}"
        assert row.met in (True, False, None)
