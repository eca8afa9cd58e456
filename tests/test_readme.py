"""The README's Python example runs as written, and its picture of the editor is there and small."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize("code", [e for e in EXAMPLES if "bk.export_plan" in e], ids=["from-python"])
def test_readme_python_example_runs(code, tmp_path, monkeypatch):
    pytest.importorskip("backcare_kit_html")
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})
    assert (tmp_path / "jane.json").exists()
    handout = (tmp_path / "out" / "jane-doe-back-care-plan.html").read_text(encoding="utf-8")
    assert "Rock back" not in handout  # the example leaves it out
    assert "Arm openings" in handout
    assert "Repeat for 1 minute 30 seconds on one side, then 1 minute 30 seconds on the other side" in handout


def test_the_readme_shows_the_editor_page_in_a_small_committed_picture():
    """docs/editor.png is the Voilà test's ``editor-readme`` screenshot (tests/test_voila.py), copied when the
    page changes: a clinic sees what it gets before installing anything."""
    from PIL import Image

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/editor.png)" in readme
    picture = ROOT / "docs" / "editor.png"
    assert picture.stat().st_size < 150_000, "recompress it as the test does (128 colours)"
    with Image.open(picture) as shot:
        assert shot.format == "PNG" and shot.width >= 800 and shot.height >= 500
