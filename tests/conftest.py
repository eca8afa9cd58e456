"""Shared fixtures: the bundled plan, a plugin manager, and real installed test plugins."""

from __future__ import annotations

import importlib
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from backcare_kit import bundled_plan
from backcare_kit import plugins as plugins_module
from backcare_kit.cli import cli
from backcare_kit.plugins import build_plugins

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent / "plugins"))

import markdown_exporter  # noqa: E402


@pytest.fixture
def plan():
    """The article's routine for a patient, starting on a fixed Monday, made on a fixed day."""
    return bundled_plan(patient="Jane Doe", start_date=date(2026, 3, 2), made_on=date(2026, 2, 27))


@pytest.fixture
def plugins():
    """A plugin manager with no installed plugins but the test Markdown exporter."""
    plugins = build_plugins(load_entry_points=False, strict=False)
    plugins.register(markdown_exporter, name="markdown_exporter")
    return plugins


@pytest.fixture
def install_plugin(tmp_path, monkeypatch):
    """Install a plugin for real: a module plus a .dist-info with an entry point.

    importlib.metadata finds it on sys.path exactly as it finds a
    pip-installed distribution, so loading goes through the same path an
    outside plugin takes.
    """
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))

    def install(module: str, source: str, dist: str | None = None, version: str = "1.0") -> None:
        dist = dist or module.replace("_", "-")
        (site / f"{module}.py").write_text(textwrap.dedent(source))
        info = site / f"{dist.replace('-', '_')}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n")
        (info / "entry_points.txt").write_text(f"[backcare_kit]\n{module} = {module}\n")
        monkeypatch.delitem(sys.modules, module, raising=False)
        importlib.invalidate_caches()

    return install


@pytest.fixture
def run(plugins, monkeypatch):
    """Invoke the CLI in-process with the test Markdown exporter installed."""
    monkeypatch.setattr(plugins_module, "_plugins", plugins)
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, list(args), catch_exceptions=False)

    return invoke


def illustrated(value):
    """An Exercise, Routine or Plan whose every exercise has pictures: its own, else the bundled glute bridge's poses.

    The ONE place tests give pictures to exercises they made without any
    (the bundled exercises carry their own poses from data/poses.csv).
    """
    from dataclasses import replace

    from backcare_kit import Exercise, Plan, Routine
    from backcare_kit.bundled import bundled_path
    from backcare_kit.posefile import POSES_FILE, read_poses

    if isinstance(value, Exercise):
        if value.poses or value.pictures:
            return value
        start, end = read_poses(bundled_path(POSES_FILE))["glute-bridge"]
        words = (
            replace(start, alt=f"{value.name}: starting position"),
            replace(end, alt=f"{value.name}: end position"),
        )
        return replace(value, poses=words)
    if isinstance(value, Routine):
        return replace(value, items=tuple(replace(item, exercise=illustrated(item.exercise)) for item in value.items))
    if isinstance(value, Plan):
        phases = tuple(replace(phase, routine=illustrated(phase.routine)) for phase in value.phases)
        return value.edited(routine=illustrated(value.routine), phases=phases)
    raise TypeError(f"illustrated: an Exercise, Routine or Plan, not {value!r}")


@pytest.fixture(scope="session")
def illustrate():
    """:func:`illustrated`, for test modules (a conftest is not imported by name)."""
    return illustrated
