"""The README's first command, run the way the README gives it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def test_the_readme_starts_with_the_demo_and_test_commands():
    first_block = re.search(r"```bash\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.splitlines()]
    assert commands == ["./scripts/demo", "./scripts/test"]


def test_the_demo_exports_every_format_and_says_where(tmp_path):
    out = tmp_path / "demo-output"
    result = subprocess.run(
        [str(ROOT / "scripts" / "demo"), str(out)], capture_output=True, text=True, timeout=600, cwd=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Total 11:00" in result.stdout
    written = sorted(p.name for p in out.iterdir())
    expected = [
        "alex-example-back-care-plan.html",
        "alex-example-back-care-plan.ics",
        "alex-example-back-care-plan.txt",
    ]
    if _pdf_ready():  # with the pdf extra (scripts/setup installs it) the demo writes the PDF too
        expected.append("alex-example-back-care-plan.pdf")
    assert written == sorted(["plan.json", *expected])
    for name in written:
        assert str(out / name) in result.stdout, f"the demo must say where it wrote {name}"
    assert "Error" not in result.stderr and "Failed" not in result.stderr


def _pdf_ready() -> bool:
    """Whether the pdf format can run here (WeasyPrint and Pango installed), as `--format all` decides."""
    from backcare_kit.plugins import build_plugins

    found = build_plugins().exporters()
    return "pdf" in found and not found["pdf"].unavailable()
