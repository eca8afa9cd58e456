"""Every hook is documented for plugin authors and tested (as datasette does)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from backcare_kit import hookspecs

ROOT = Path(__file__).resolve().parent.parent
HOOKS = [name for name, f in vars(hookspecs).items() if inspect.isfunction(f) and name.startswith("register_")]


def test_there_are_hooks():
    assert HOOKS == ["register_exporters"]


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_is_documented_in_the_readme(hook):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"^#+ `?{hook}\(", readme, re.M), f"README.md needs a section for the hook {hook}"


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_docstring_describes_every_parameter(hook):
    function = getattr(hookspecs, hook)
    doc = inspect.getdoc(function) or ""
    for parameter in inspect.signature(function).parameters:
        assert f":param {parameter}:" in doc


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_has_a_test(hook):
    tests = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*.py"))
    assert f"def test_hook_{hook}(" in tests
