"""environment.yml stays in step with the pyproject files it mirrors."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: conda-forge names that differ from the package index's.
CONDA_NAMES = {"build": "python-build"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _requirements() -> set[str]:
    names = set()
    for path in [ROOT / "pyproject.toml", *ROOT.glob("exporters/*/pyproject.toml")]:
        project = tomllib.loads(path.read_text(encoding="utf-8"))["project"]
        extras = project.get("optional-dependencies", {}).values()
        for requirement in [*project.get("dependencies", []), *(r for extra in extras for r in extra)]:
            names.add(CONDA_NAMES.get(_name(requirement), _name(requirement)))
    return names - {"backcare-kit"}


def test_environment_yml_has_every_dependency_and_installs_every_local_package():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    listed = {_name(m) for m in re.findall(r"^  - ([A-Za-z][\w.-]*.*)$", text, re.M)}
    assert _requirements() <= listed, f"missing from environment.yml: {_requirements() - listed}"
    installed = set(re.findall(r"^      - -e (\S+)$", text, re.M))
    local = {"."} | {f"exporters/{p.parent.name}" for p in ROOT.glob("exporters/*/pyproject.toml")}
    assert installed == local
