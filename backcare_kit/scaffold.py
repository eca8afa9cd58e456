"""Starting a new exporter distribution: ``backcare-kit new-exporter NAME``.

A plugin author should begin from something that already works: a package
that installs, registers through its entry point, exports a complete plan
using the core's wording, and has a test proving it carries the safety text.
They then change only the layout. The files come from plain string templates
here, so what a new exporter looks like is visible in one place and reviewed
like any other code.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from pathlib import Path
from string import Template

from .errors import BackcareError
from .exporters import Exporter
from .files import write_files

#: Lowercase letters, digits and single hyphens; starts with a letter, ends with a letter or digit,
#: so the distribution name is valid (PEP 508) and the module name a Python identifier.
_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
MAX_NAME = 40
#: Names the command line already gives a meaning (``--format all``).
RESERVED = frozenset({"all"})
#: The media type of what the generated render returns; the author changes it with the format.
MEDIA_TYPE = "text/plain; charset=utf-8"


def module_name(name: str) -> str:
    """'sms-reminder' -> 'backcare_kit_sms_reminder', the importable package."""
    return "backcare_kit_" + name.replace("-", "_")


def distribution_name(name: str) -> str:
    """'memo' -> 'backcare-kit-memo', the name on the package index."""
    return f"backcare-kit-{name}"


def extension(name: str) -> str:
    """'.memo.txt': plain text that opens anywhere, yet apart from the text exporter's '.txt' files."""
    return f".{name.replace('-', '')}.txt"


def install_command(name: str, folder: Path) -> str:
    """The one command that installs the new distribution for development.

    It names this very interpreter, so it installs where backcare-kit runs
    (the project's .venv, a conda environment) whether or not that
    environment is activated in the author's shell.
    """
    return f"{shlex.quote(sys.executable)} -m pip install -e {shlex.quote(str(Path(folder) / name))}"


def check_name(name: str) -> None:
    """Refuse a name that would give an invalid distribution, module or format name."""
    if len(name) > MAX_NAME or not _NAME.fullmatch(name):
        raise BackcareError(
            f"exporter name {name!r}: use lowercase letters, digits and single hyphens, at most {MAX_NAME} "
            "characters, starting with a letter and ending with a letter or digit (e.g. 'memo' or 'sms-reminder')"
        )
    if name in RESERVED:
        raise BackcareError(f"exporter name {name!r} is taken by the command line (--format {name}); choose another")
    try:  # the generated declaration must pass the same checks it meets when the plugin loads
        Exporter(name=name, title=name, extension=extension(name), media_type=MEDIA_TYPE, render=lambda p, o: "")
    except ValueError as error:
        raise BackcareError(f"exporter name {name!r}: {error}") from None


def create_exporter(name: str, folder: Path) -> list[Path]:
    """Write a new exporter distribution to ``folder/name`` and return the files written.

    An existing ``folder/name`` is never touched. The files are written all
    or none (see :func:`backcare_kit.files.write_files`): if one fails, the
    others and any folder made for them are removed, so a retry starts clean.
    """
    check_name(name)
    target = Path(folder) / name
    if os.path.lexists(target):
        raise BackcareError(
            f"{target} already exists; nothing was changed. Choose another name or move that folder away"
        )
    return write_files([(target / relative, text.encode("utf-8")) for relative, text in files(name).items()])


def files(name: str) -> dict[str, str]:
    """Each file of the new distribution, by its path inside the distribution's folder."""
    module = module_name(name)
    values = {
        "name": name,
        "module": module,
        "distribution": distribution_name(name),
        "title": f"{name.replace('-', ' ').capitalize()} (plain text)",
        "extension": extension(name),
        "media_type": MEDIA_TYPE,
    }
    templates = {
        "pyproject.toml": PYPROJECT,
        "README.md": README,
        f"{module}/__init__.py": MODULE,
        f"tests/test_{name.replace('-', '_')}.py": TEST,
    }
    return {path: Template(text).substitute(values) for path, text in templates.items()}


PYPROJECT = """\
[build-system]
requires = ["setuptools>=77"]
build-backend = "setuptools.build_meta"

[project]
name = "$distribution"
version = "0.1.0"
description = "backcare_kit exporter: $title."
readme = "README.md"
requires-python = ">=3.11"
license = "MIT"
dependencies = ["backcare-kit>=0.1"]

[project.optional-dependencies]
test = ["pytest>=8"]

# This table is what makes it a plugin: backcare_kit finds the module through the
# entry-point group "backcare_kit". The key is the plugin's name in BACKCARE_KIT_PLUGINS.
[project.entry-points.backcare_kit]
$name = "$module"

[tool.setuptools]
packages = ["$module"]
"""

README = """\
# $distribution

A backcare_kit exporter: $title.
Format name `$name`; it writes `$extension` files.

From this folder, with the Python environment that has backcare-kit (activate
it, or write its path, such as `../../.venv/bin/python -m pip`, for `pip`):

1. `pip install -e .` registers it through its entry point;
2. `backcare-kit exporters` lists `$name`;
3. `backcare-kit export --format $name --output out/` exports the bundled routine;
4. `pytest tests` checks it carries every safety line and every exercise.

Change the layout in `render` in `$module/__init__.py`, and the extension and
media type in `register_exporters` to match your format. The guide is
`exporters/README.md` in the backcare_kit repository.
"""

MODULE = '''\
"""backcare_kit exporter "$name": $title.

Started from ``backcare-kit new-exporter``. The words come from the core's
outline (``backcare_kit.handout.outline``), so this format says exactly what
the handout, the calendar and the text message say, dose for dose; this
module decides only the layout. Change ``render`` to lay the outline out in
your format, and the declaration in ``register_exporters`` to match it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from backcare_kit.plugin_api import ExerciseOutline, Exporter, Outline, Plan, hookimpl, outline, yes_or_no

#: The format's name: ``--format $name`` on the command line.
NAME = "$name"

#: Options a user passes as ``--option numbered=no``; the core refuses names not listed here.
OPTIONS = {"numbered": "yes (the default) to number the exercises, no for bullet points"}


def render(plan: Plan, options: Mapping[str, str]) -> str:
    """The whole plan as text: safety first, then when, then each exercise with its dose.

    Return ``str`` (written as UTF-8) or ``bytes``. Raise on bad input rather
    than return part of a plan: the core then writes no file. Raise
    OptionError for a bad option value, so the user is told what to change.
    """
    numbered = yes_or_no("numbered", options.get("numbered", "yes"))  # raises OptionError for 'maybe'
    doc = outline(plan)  # raises BackcareError for a plan with nothing a patient can do
    lines = [doc.title, "", *_safety(doc)]
    lines += [f"When: {doc.schedule}.", f"Each session takes about {doc.session_length}.", ""]
    for exercise in doc.exercises:
        lines += _exercise(exercise, numbered)
    if doc.notes:
        lines += ["Notes from your clinician:", *doc.notes.splitlines(), ""]
    lines += [*doc.footer, "", *doc.credits]
    return "\\n".join(lines).rstrip() + "\\n"


def _safety(doc: Outline) -> list[str]:
    """Every safety heading and item, word for word.

    Every exporter must carry all of it: it tells a patient which signs need
    urgent care, who must not start and when to stop. It goes first, where it
    is read, followed by whom to contact for advice.
    """
    lines = []
    for section in doc.safety:
        lines += [f"{section.heading}:", *(f"- {item}" for item in section.items), ""]
    return [*lines, doc.contact, ""]


def _exercise(exercise: ExerciseOutline, numbered: bool) -> list[str]:
    """One exercise: its name and dose as the core words them, then how to do it."""
    marker = f"{exercise.number}." if numbered else "-"
    lines = [f"{marker} {exercise.name}: {exercise.dose}"]
    if exercise.starting_position:
        lines.append("   Starting position: " + " ".join(exercise.starting_position))
    lines += [f"   {number}. {step}" for number, step in enumerate(exercise.steps, start=1)]
    if exercise.cues:
        lines.append("   Keep in mind: " + " ".join(exercise.cues))
    if exercise.side_switch:
        lines.append(f"   Changing sides: {exercise.side_switch}")
    return [*lines, ""]


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Declare the format; backcare_kit calls this whenever it collects exporters."""
    register(
        Exporter(
            name=NAME,
            # What a clinician sees in `backcare-kit exporters` and the notebook's menu.
            title="$title",
            # Plain text for now, so the file opens anywhere; the double extension keeps it apart
            # from the text exporter's ".txt" files in one folder. When render writes your real
            # format, change both, e.g. extension=".html", media_type="text/html; charset=utf-8".
            extension="$extension",
            media_type="$media_type",
            render=render,
            options=OPTIONS,
        )
    )
'''

TEST = '''\
"""The $name exporter, loaded the way users get it: installed, through its entry point.

Install the distribution first (``pip install -e`` its folder); the tests then
go through the same plugin machinery as ``backcare-kit export --format $name``.
"""

from __future__ import annotations

from datetime import date
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from backcare_kit import BackcareError, Plan, bundled_plan, export_plan
from backcare_kit.plugin_api import dose_in_words, outline
from backcare_kit.plugins import ENTRY_POINT_GROUP, Plugins, build_plugins

NAME = "$name"
DISTRIBUTION = Path(__file__).resolve().parent.parent


@pytest.fixture
def plugins() -> Plugins:
    """Only this plugin, in strict mode: failing to import or register is an error with its reason."""
    if not entry_points(group=ENTRY_POINT_GROUP, name=NAME):
        pytest.fail(f"the {NAME} exporter is not installed; run: pip install -e {DISTRIBUTION}")
    return build_plugins(selected=NAME, strict=True)


@pytest.fixture
def plan() -> Plan:
    """The bundled routine from a fixed Monday, made on a fixed day, so the output never depends on today's date."""
    return bundled_plan(patient="Jane Doe", start_date=date(2026, 3, 2), made_on=date(2026, 2, 27))


def test_export_carries_all_the_safety_text_and_every_exercise(plan, plugins, tmp_path):
    text = export_plan(plan, NAME, tmp_path, plugins=plugins).read_text(encoding="utf-8")
    missing = [line for line in plan.safety.lines() if line not in text]
    assert not missing, f"the safety text must go out whole; missing: {missing}"
    assert outline(plan).contact in text, "say whom to contact for advice"
    for item in plan.routine.included:
        assert item.name in text
        assert dose_in_words(item) in text


def test_a_bad_option_value_writes_nothing(plan, plugins, tmp_path):
    with pytest.raises(BackcareError, match="numbered must be yes or no"):
        export_plan(plan, NAME, tmp_path, plugins=plugins, options={"numbered": "maybe"})
    assert not list(tmp_path.iterdir())
'''
