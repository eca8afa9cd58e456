"""A real (non-editable) install works: the wheel carries the bundled data and the CLI finds it.

The wheel is built once per module from a copy of the checkout (so the build
leaves no build/ folder or egg-info behind in the repository), installed with
its dependencies from the package index into a fresh virtual environment
with no access to this checkout or its virtualenv, and run from a folder
outside the repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent

EXERCISE_NAMES = (
    "Glute bridge with spinal articulation",
    "Rock back",
    "Arm openings",
    "Bent knee fall out",
    "Lumbar rotation stretch",
)

BUNDLED_DATA = (
    "backcare_kit/data/exercises.csv",
    "backcare_kit/data/safety.csv",
    "backcare_kit/data/services.csv",
    "backcare_kit/data/routines/five-exercises.json",
)

#: Top-level entries of the checkout that are not sources (all in .gitignore or git's own).
_NOT_SOURCES = {
    ".git",
    ".venv",
    "venv",
    "build",
    "dist",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    "node_modules",
    "demo-output",
}


def _ignore(folder: str, names: list[str]) -> set[str]:
    ignored = {n for n in names if n == "__pycache__" or n.endswith(".egg-info")}
    if Path(folder).resolve() == ROOT:
        ignored |= _NOT_SOURCES & set(names)
    return ignored


def _clean_env() -> dict[str, str]:
    """The environment minus anything that could point Python back at the checkout or its venv."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"}}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PIP_NO_INPUT"] = "1"
    return env


def _run(args: list[str | Path], cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=_clean_env(), capture_output=True, text=True, timeout=timeout
    )


def _explain(result: subprocess.CompletedProcess[str]) -> str:
    return (
        f"{' '.join(result.args)} exited {result.returncode}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(wheel, venv folder, a working folder outside the repository)."""
    work = tmp_path_factory.mktemp("packaging")
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=_ignore)

    # Isolated build: setuptools comes from the package index, as for `pip install .`.
    # The sdist is built first and the wheel from it, as a package index's users get them.
    dist = work / "dist"
    built = _run([sys.executable, "-m", "build", "--outdir", dist, source], cwd=work)
    assert built.returncode == 0, _explain(built)
    (wheel,) = dist.glob("*.whl")

    env_dir = work / "venv"
    venv.create(env_dir, with_pip=True, clear=True)
    python = env_dir / "bin" / "python"
    pip = _run([python, "-m", "pip", "install", wheel], cwd=work)
    assert pip.returncode == 0, _explain(pip)

    elsewhere = work / "elsewhere"
    elsewhere.mkdir()
    return wheel, env_dir, elsewhere


def test_the_wheel_contains_the_bundled_data(installed):
    wheel, _, _ = installed
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    missing = [name for name in BUNDLED_DATA if name not in names]
    assert not missing, f"{wheel.name} lacks {missing}; it holds {sorted(names)}"


def test_the_wheel_installs_the_offline_voila_template(installed):
    _, env_dir, _ = installed
    template = env_dir / "share" / "jupyter" / "voila" / "templates" / "backcare"
    assert (template / "conf.json").is_file()
    assert "cdn.jsdelivr.net" in (template / "index.html.j2").read_text(encoding="utf-8")  # the links it removes


def test_the_package_is_imported_from_the_venv_not_the_checkout(installed):
    _, env_dir, elsewhere = installed
    result = _run(
        [
            env_dir / "bin" / "python",
            "-c",
            "import backcare_kit, pathlib, sysconfig\n"
            "print(backcare_kit.__file__)\n"
            "print(sysconfig.get_paths()['purelib'])\n",
        ],
        cwd=elsewhere,
    )
    assert result.returncode == 0, _explain(result)
    module_file, site_packages = (Path(line).resolve() for line in result.stdout.splitlines())
    assert module_file.is_relative_to(site_packages), f"imported from {module_file}, not {site_packages}"
    assert site_packages.is_relative_to(env_dir.resolve())
    assert not module_file.is_relative_to(ROOT)


def test_bundled_files_are_found_inside_the_installed_package(installed):
    _, env_dir, elsewhere = installed
    code = (
        "from backcare_kit.bundled import bundled_path\n"
        "for name in ('exercises.csv', 'safety.csv', 'services.csv', 'routines/five-exercises.json'):\n"
        "    print(bundled_path(*name.split('/')))\n"
    )
    result = _run([env_dir / "bin" / "python", "-c", code], cwd=elsewhere)
    assert result.returncode == 0, _explain(result)
    for line in result.stdout.splitlines():
        path = Path(line)
        assert path.is_file(), f"bundled_path gave {line!r}, which is not a file"
        assert path.resolve().is_relative_to(env_dir.resolve())


def test_exercises_lists_the_bundled_catalog(installed):
    _, env_dir, elsewhere = installed
    result = _run([env_dir / "bin" / "backcare-kit", "exercises"], cwd=elsewhere)
    assert result.returncode == 0, _explain(result)
    missing = [name for name in EXERCISE_NAMES if name not in result.stdout]
    assert not missing, f"missing {missing} from:\n{result.stdout}"


def test_preview_times_the_bundled_routine(installed):
    _, env_dir, elsewhere = installed
    result = _run([env_dir / "bin" / "backcare-kit", "preview"], cwd=elsewhere)
    assert result.returncode == 0, _explain(result)
    assert "Total 11:00" in result.stdout, result.stdout
    for name in EXERCISE_NAMES:
        assert name in result.stdout


def test_the_wheel_alone_lists_and_exports_every_built_in_format(installed, tmp_path):
    """`pip install backcare-kit` is enough: html, ics and txt, with nothing else installed.

    The pdf format is listed too; without the ``pdf`` extra (WeasyPrint), 'all' leaves it out, saying what to install.
    """
    _, env_dir, elsewhere = installed
    listed = _run([env_dir / "bin" / "backcare-kit", "exporters"], cwd=elsewhere)
    assert listed.returncode == 0 and not listed.stderr, _explain(listed)
    formats = {line.split()[0] for line in listed.stdout.splitlines()[1:]}
    assert formats == {"html", "ics", "pdf", "txt"}, listed.stdout
    assert all("backcare-kit 0.1.0" in line for line in listed.stdout.splitlines()[1:])
    out = tmp_path / "out"
    exported = _run([env_dir / "bin" / "backcare-kit", "export", "--format", "all", "--output", out], cwd=elsewhere)
    assert exported.returncode == 0, _explain(exported)
    assert "the pdf format was left out" in exported.stderr and "backcare-kit[pdf]" in exported.stderr
    written = sorted(p.name for p in out.iterdir())
    assert written == [f"patient-back-care-plan{ext}" for ext in (".html", ".ics", ".txt")]
    text = {p.suffix: p.read_text(encoding="utf-8") for p in out.iterdir()}
    assert all("Every movement should be pain free" in text[ext] for ext in (".html", ".txt"))  # data/safety.csv
    assert text[".ics"].startswith("BEGIN:VCALENDAR") and "RRULE:FREQ=WEEKLY" in text[".ics"]


def test_the_wheel_is_typed_and_licensed(installed):
    wheel, _, _ = installed
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    for package in ("backcare_kit", "backcare_kit_html", "backcare_kit_ical", "backcare_kit_text", "backcare_kit_pdf"):
        assert f"{package}/py.typed" in names
    assert {f"backcare_kit_pdf/{sheet}.css" for sheet in ("pdf", "standard", "large")} <= names
    assert "License-Expression: MIT" in metadata and any(n.endswith("licenses/LICENSE") for n in names)
    assert "Classifier: Typing :: Typed" in metadata
    assert "pyarrow" not in metadata.split("Provides-Extra: fast")[0], "pyarrow must stay optional"


def test_the_sdist_carries_its_tests_and_they_pass(installed, tmp_path):
    """An unpacked sdist runs its own tests against the installed wheel."""
    wheel, env_dir, _ = installed
    (sdist,) = wheel.parent.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path, filter="data")
    (unpacked,) = tmp_path.iterdir()
    assert (unpacked / "tests" / "test_catalog.py").is_file() and (unpacked / "exporters" / "text" / "tests").is_dir()
    tools = _run([env_dir / "bin" / "python", "-m", "pip", "install", "--quiet", "pytest", "hypothesis"], cwd=tmp_path)
    assert tools.returncode == 0, _explain(tools)
    subset = ["tests/test_catalog.py", "tests/test_routine_timing.py", "tests/test_export.py", "exporters/text"]
    # `pytest`, not `python -m pytest`: the unpacked folder is not put on sys.path, so the wheel is what is tested.
    result = _run([env_dir / "bin" / "pytest", "-q", "-p", "no:cacheprovider", *subset], cwd=unpacked)
    assert result.returncode == 0, _explain(result)
    assert " passed" in result.stdout and "failed" not in result.stdout
