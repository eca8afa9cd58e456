"""environment.yml stays in step with the pyproject files it mirrors."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: conda-forge names that differ from the package index's.
CONDA_NAMES = {"build": "python-build"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _requirements() -> set[str]:
    """Every package pyproject.toml names: dependencies, extras and dependency groups."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = pyproject["project"]
    lists = [
        project["dependencies"],
        *project["optional-dependencies"].values(),
        *pyproject["dependency-groups"].values(),
    ]
    requirements = [r for listed in lists for r in listed if isinstance(r, str)]  # not {include-group = ...}
    return {CONDA_NAMES.get(_name(r), _name(r)) for r in requirements} - {"backcare-kit"}


def test_environment_yml_has_every_dependency_and_installs_every_local_package():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    # conda packages, and the few that only the package index has, under "- pip:"
    listed = {_name(m) for m in re.findall(r"^(?:  |      )- ([A-Za-z][\w.-]*.*)$", text, re.M)}
    assert _requirements() <= listed, f"missing from environment.yml: {_requirements() - listed}"
    # One distribution: the toolkit and its built-in exporters install together.
    assert set(re.findall(r"^      - -e (\S+)$", text, re.M)) == {"."}


def test_the_voila_template_in_this_environment_is_the_repositorys():
    """An editable install cannot install data files, so scripts/setup copies the template; it must be current.

    setuptools' editable wheels (PEP 660) carry only an import hook, and Voilà
    finds templates only in Jupyter's data folders ({sys.prefix}/share/jupyter
    and the like), never beside a package; a wheel install puts it there itself.
    """
    pytest.importorskip("voila")
    source = ROOT / "share" / "jupyter" / "voila" / "templates" / "backcare"
    installed = Path(sys.prefix) / "share" / "jupyter" / "voila" / "templates" / "backcare"
    for path in source.iterdir():
        copy = installed / path.name
        assert copy.is_file(), f"{copy} is missing: run scripts/setup (or pip install .)"
        assert copy.read_bytes() == path.read_bytes(), f"{copy} is out of date: run scripts/setup"
