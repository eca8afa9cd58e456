"""`backcare-kit new-exporter`: what it writes installs, exports a whole plan and passes its own test.

The generated distribution is installed for real (a wheel built by pip into a
target folder), so the entry point, the package list and the plugin are
checked the way a plugin author's users meet them. The guide in
exporters/README.md is checked against the commands and names the code has.
"""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
import tomllib
from dataclasses import fields
from pathlib import Path

import pytest
from click.testing import CliRunner

from backcare_kit import BackcareError, export_plan
from backcare_kit.cli import cli
from backcare_kit.handout import ExerciseOutline, Outline
from backcare_kit.plugins import PLUGINS_ENV, STRICT_ENV, build_plugins
from backcare_kit.scaffold import create_exporter, extension, install_command
from backcare_kit.words import dose_in_words

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "pyproject.toml"
GUIDE = ROOT / "exporters" / "README.md"
#: The built-in exporters' source folders: exporters/NAME/backcare_kit_NAME, shipped in the one wheel.
BUILT_IN_FOLDERS = sorted(p.parent for p in (ROOT / "exporters").glob("*/backcare_kit_*") if p.is_dir())


def _run(args: list[str | Path], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=300, **kwargs)


def _explain(result: subprocess.CompletedProcess[str]) -> str:
    return f"{' '.join(result.args)} exited {result.returncode}\n{result.stdout}\n{result.stderr}"


def _pyproject(folder: Path) -> dict:
    return tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))


def _normalized(distribution: str) -> str:
    return re.sub(r"[-_.]+", "-", distribution).lower()


def test_create_exporter_writes_a_complete_distribution(tmp_path):
    written = create_exporter("memo", tmp_path)
    folder = tmp_path / "memo"
    assert written == [
        folder / "pyproject.toml",
        folder / "README.md",
        folder / "backcare_kit_memo" / "__init__.py",
        folder / "tests" / "test_memo.py",
    ]
    project = _pyproject(folder)
    assert project["build-system"]["requires"] == ["setuptools>=77"]
    assert project["project"]["name"] == "backcare-kit-memo"
    assert project["project"]["dependencies"] == ["backcare-kit>=0.1"]
    assert project["project"]["entry-points"]["backcare_kit"] == {"memo": "backcare_kit_memo"}
    assert project["tool"]["setuptools"]["packages"] == ["backcare_kit_memo"]


def test_hyphens_become_underscores_in_the_module_only(tmp_path):
    create_exporter("sms-reminder", tmp_path)
    folder = tmp_path / "sms-reminder"
    project = _pyproject(folder)
    assert project["project"]["name"] == "backcare-kit-sms-reminder"
    assert project["project"]["entry-points"]["backcare_kit"] == {"sms-reminder": "backcare_kit_sms_reminder"}
    module = (folder / "backcare_kit_sms_reminder" / "__init__.py").read_text(encoding="utf-8")
    assert 'NAME = "sms-reminder"' in module
    assert f'extension="{extension("sms-reminder")}"' in module
    assert (folder / "tests" / "test_sms_reminder.py").is_file()


def test_generated_code_is_ruff_clean_under_the_repository_config(tmp_path):
    create_exporter("memo", tmp_path)
    create_exporter("sms-reminder", tmp_path)
    # From the repository root, as scripts/test runs ruff: there backcare_kit is a first-party import.
    for command in (["check"], ["format", "--check"]):
        result = _run([sys.executable, "-m", "ruff", *command, "--config", CONFIG, tmp_path], cwd=ROOT)
        assert result.returncode == 0, _explain(result)


@pytest.mark.parametrize("name", ["Bad Name", "1abc", "../evil", "", "memo-", "a--b", "my_format", "all", "x" * 41])
def test_bad_names_are_refused_and_nothing_is_written(tmp_path, name):
    with pytest.raises(BackcareError, match="exporter name"):
        create_exporter(name, tmp_path / "exporters")
    assert not any(tmp_path.iterdir())


def test_an_existing_folder_is_never_overwritten(tmp_path):
    create_exporter("memo", tmp_path)
    module = tmp_path / "memo" / "backcare_kit_memo" / "__init__.py"
    module.write_text("# the author's work", encoding="utf-8")
    with pytest.raises(BackcareError, match="already exists; nothing was changed"):
        create_exporter("memo", tmp_path)
    assert module.read_text(encoding="utf-8") == "# the author's work"
    (tmp_path / "empty").mkdir()
    with pytest.raises(BackcareError, match="already exists"):
        create_exporter("empty", tmp_path)
    assert not any((tmp_path / "empty").iterdir())


def test_the_command_creates_the_exporter_and_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["new-exporter", "memo"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:-1] == [
        "exporters/memo/pyproject.toml",
        "exporters/memo/README.md",
        "exporters/memo/backcare_kit_memo/__init__.py",
        "exporters/memo/tests/test_memo.py",
    ]
    # The very interpreter running backcare-kit, so it works without activating the environment.
    assert lines[-1] == f"Install it with: {sys.executable} -m pip install -e exporters/memo"
    assert all((tmp_path / line).is_file() for line in lines[:-1])


def test_the_command_takes_another_folder_and_refuses_with_exit_2(tmp_path):
    runner = CliRunner()
    folder = tmp_path / "plugins"
    result = runner.invoke(cli, ["new-exporter", "memo", "--folder", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"pip install -e {folder / 'memo'}" in result.output
    again = runner.invoke(cli, ["new-exporter", "memo", "--folder", str(folder)], catch_exceptions=False)
    assert again.exit_code == 2 and "already exists" in again.output
    bad = runner.invoke(cli, ["new-exporter", "../evil", "--folder", str(folder)], catch_exceptions=False)
    assert bad.exit_code == 2 and "exporter name '../evil'" in bad.output


@pytest.fixture
def memo_site(tmp_path, monkeypatch):
    """The generated memo exporter built and installed (no editable link) into a folder on sys.path."""
    distribution = create_exporter("memo", tmp_path / "exporters")[0].parent
    site = tmp_path / "site"
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME"}}
    env |= {"PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1"}
    # An isolated build: pip fetches setuptools>=77 for it, as `pip install -e` does for an author.
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", site, distribution]
    installed = _run(pip, cwd=tmp_path, env=env)
    assert installed.returncode == 0, _explain(installed)
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    yield distribution, site
    sys.modules.pop("backcare_kit_memo", None)


@pytest.mark.slow
def test_the_generated_exporter_installs_exports_a_whole_plan_and_passes_its_test(memo_site, plan, tmp_path):
    distribution, site = memo_site
    plugins = build_plugins(selected="memo", strict=True)
    installed = plugins.exporters()["memo"]
    assert _normalized(installed.distribution) == "backcare-kit-memo"
    assert installed.exporter.extension == extension("memo")

    (tmp_path / "out").mkdir()
    text = export_plan(plan, "memo", tmp_path / "out", plugins=plugins).read_text(encoding="utf-8")
    assert text.startswith("Back-care exercise plan for Jane Doe\n")
    assert [line for line in plan.safety.lines() if line not in text] == []
    assert "For advice, contact your GP" in text
    for item in plan.routine.included:
        assert f"{item.name}: {dose_in_words(item)}" in text

    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"PYTHONPATH": str(site)}
    pytest_command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
    own_test = _run(pytest_command, cwd=distribution, env=env)
    assert own_test.returncode == 0, _explain(own_test)
    assert "2 passed" in own_test.stdout


def test_the_guide_gives_the_commands_and_names_the_code_has():
    guide = GUIDE.read_text(encoding="utf-8")
    assert {"new-exporter", "exporters", "export"} <= set(cli.commands)
    assert "backcare-kit new-exporter memo" in guide
    assert {p.opts[0] for p in cli.commands["new-exporter"].params if p.opts[0].startswith("--")} == {"--folder"}
    # Commands as a fresh clone runs them: in the environment scripts/setup made.
    assert "source .venv/bin/activate" in guide and "pip install -e exporters/memo" in guide
    assert install_command("memo", Path("exporters")).endswith("-m pip install -e exporters/memo")
    assert "backcare-kit exporters" in guide
    assert "backcare-kit export --format memo --output out/" in guide
    assert "--option numbered=no" in guide
    assert f"`{extension('memo')}`" in guide
    assert "get_plugin_manager().register(" in guide
    assert PLUGINS_ENV in guide and STRICT_ENV in guide
    outline_fields = {f.name for f in fields(Outline)} | {"footer"} | {f.name for f in fields(ExerciseOutline)}
    for name in ("safety", "schedule", "name", "dose", "starting_position", "steps", "cues", "side_switch", "footer"):
        assert name in outline_fields, f"the guide names outline field {name!r}, which handout.py no longer has"


def _table_rows() -> dict[str, str]:
    """The guide's built-in exporters table: folder (``exporters/html``) -> its row."""
    guide = GUIDE.read_text(encoding="utf-8")
    return {m.group(1): m.group(0) for m in re.finditer(r"^\| `(exporters/[a-z0-9-]+)` \|.*$", guide, re.M)}


@pytest.mark.parametrize("folder", BUILT_IN_FOLDERS, ids=lambda p: p.name)
def test_every_built_in_exporter_is_in_the_guides_table_with_its_entry_point_and_format(folder):
    """Each folder's package is registered through its own entry point, and the guide says so."""
    row = _table_rows().get(f"exporters/{folder.name}")
    assert row, f"{GUIDE} lacks a table row for exporters/{folder.name}"
    (package,) = (p.name for p in folder.glob("backcare_kit_*") if p.is_dir())
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    entry_points = {module: name for name, module in pyproject["project"]["entry-points"]["backcare_kit"].items()}
    assert package in entry_points, f"pyproject.toml registers no entry point for {package}"
    assert f"| `{entry_points[package]}` |" in row
    formats = [
        i.exporter.name for i in build_plugins(strict=False).exporters().values() if i.plugin == entry_points[package]
    ]
    if not formats:
        if os.environ.get("CI") != "true":
            pytest.skip(f"{package} is not installed here")
        pytest.fail(f"{package} is not installed or registers no format; run scripts/setup")
    for name in formats:
        assert f"| `{name}` |" in row, f"the guide's row for {folder.name} should give the format {name!r}: {row}"
