"""Every hook is documented for plugin authors and tested (as datasette does), and so is the plugin API."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest

from backcare_kit import hookspecs, plugin_api

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


def _backcare_kit_imports(source: Path) -> list[str]:
    """The backcare_kit modules a file imports from, at any depth (a local import counts too)."""
    modules: list[str] = []
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.append(node.module)
        elif isinstance(node, ast.Import):
            modules += [alias.name for alias in node.names]
    return [m for m in modules if m == "backcare_kit" or m.startswith("backcare_kit.")]


@pytest.mark.parametrize("folder", ["html", "ical", "pdf", "text"])
def test_built_in_exporters_import_only_the_plugin_api(folder):
    """The built-ins are written as an outside plugin is: against the declared API, nothing else."""
    sources = sorted((ROOT / "exporters" / folder).glob("backcare_kit_*/**/*.py"))
    assert sources, f"no source found for the {folder} exporter"
    api = plugin_api.__name__
    outside = [f"{s.relative_to(ROOT)}: {m}" for s in sources for m in _backcare_kit_imports(s) if m != api]
    assert not outside, f"import these names from {api} (add them there if they are missing): {outside}"


@pytest.mark.parametrize("name", plugin_api.__all__)
def test_every_plugin_api_name_is_documented_for_plugin_authors(name):
    guide = (ROOT / "exporters" / "README.md").read_text(encoding="utf-8")
    assert getattr(plugin_api, name, None) is not None, f"{name} is in __all__ but not defined"
    assert f"`{name}`" in guide, f"exporters/README.md must say what `{name}` in {plugin_api.__name__} is for"
