"""Turning a plan into a file through an exporter plugin, safely.

The exporter only renders; this module checks the plan is worth sending,
chooses a safe file name, and writes atomically, so every format, built in
or third party, gets the same guarantees: nothing partial, nothing
overwritten unless asked, no name that escapes its folder.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from os import PathLike
from pathlib import Path

from .errors import BackcareError
from .exporters import Installed, OptionError, find_exporter
from .files import safe_filename, write_files
from .plan import Plan
from .plugins import PLUGIN_ERRORS, Plugins, get_plugins

FILE_STEM = "back-care-plan"


def default_filename(plan: Plan, extension: str) -> str:
    """'jane-doe-back-care-plan.html': from the patient's name, safe as a file name."""
    return f"{safe_filename(plan.patient)}-{FILE_STEM}{extension}"


def output_path(plan: Plan, installed: Installed, path: str | PathLike[str] | None, *, folder: bool = False) -> Path:
    """Where an export goes: a folder (or a name ending in '/') gets the default name; a bare name the extension.

    ``folder`` makes ``path`` a folder whatever it looks like, as when several formats are exported.
    """
    extension = installed.exporter.extension
    if path is None:
        return Path(default_filename(plan, extension))
    if folder or _names_folder(path):
        return Path(path) / default_filename(plan, extension)
    path = Path(path)
    if not path.name.endswith(extension):
        if path.suffix:
            raise BackcareError(
                f"{path}: the {installed.exporter.name} format writes {extension} files; "
                f"name the file …{extension} or give a folder"
            )
        path = path.with_name(path.name + extension)
    return path


def render(plan: Plan, installed: Installed, options: Mapping[str, str] | None = None) -> bytes:
    """The exporter's output as bytes, or a BackcareError naming the plugin at fault.

    A plugin calling ``sys.exit`` is a plugin bug like any other, so it is
    reported and nothing is written; KeyboardInterrupt is the user's and still
    stops the program.
    """
    plan.check_exportable()
    exporter = installed.exporter
    if plan.phases and not exporter.phases:  # it would give week 1's exercises for every week
        raise BackcareError(
            f"the {exporter.name} format cannot show a plan that changes over the weeks; "
            "export the plan in another format, or remove its phases"
        )
    options = dict(options or {})
    unknown = sorted(set(options) - set(exporter.options))
    if unknown:
        accepted = ", ".join(exporter.options) or "none"
        raise BackcareError(f"the {exporter.name} format has no option {', '.join(unknown)}; it accepts: {accepted}")
    try:
        content = exporter.render(plan, options)
    except OptionError as error:
        raise BackcareError(f"the {exporter.name} format: {error}; no file was written") from None
    except BackcareError:
        raise
    except PLUGIN_ERRORS as error:  # a plugin's bug, even sys.exit(): report it, write nothing
        raise installed.crashed(error) from error
    return installed.content(content)


def export_plan(
    plan: Plan,
    format: str,
    path: str | PathLike[str] | None = None,
    *,
    overwrite: bool = False,
    options: Mapping[str, str] | None = None,
    plugins: Plugins | None = None,
) -> Path:
    """Export ``plan`` in ``format`` to ``path`` (a file or a folder) and return the file written.

    A missing folder is created, and removed again if the write fails.
    """
    return export_formats(plan, [format], path, overwrite=overwrite, options=options, plugins=plugins)[0]


def export_formats(
    plan: Plan,
    formats: Sequence[str],
    path: str | PathLike[str] | None = None,
    *,
    overwrite: bool = False,
    options: Mapping[str, str] | None = None,
    plugins: Plugins | None = None,
) -> list[Path]:
    """Export ``plan`` in every format named, all or none, and return the files written.

    Every format is rendered before anything touches the disk, so one
    exporter's failure leaves no file of the others. Several formats need a
    folder (``path``, created if missing); one format may also go to a file.
    """
    if not formats:
        raise BackcareError("no format chosen; see `backcare-kit exporters` for the installed ones")
    found = (plugins or get_plugins()).exporters()
    chosen = [find_exporter(found, name) for name in dict.fromkeys(formats)]
    targets = [output_path(plan, installed, path, folder=len(chosen) > 1) for installed in chosen]
    rendered = [render(plan, installed, options) for installed in chosen]  # before touching the disk
    return write_files(list(zip(targets, rendered, strict=True)), overwrite=overwrite)


def _names_folder(path: str | PathLike[str]) -> bool:
    """An existing folder, or a name ending in a separator ('out/')."""
    return Path(path).is_dir() or (isinstance(path, str) and path.endswith(("/", os.sep)))
