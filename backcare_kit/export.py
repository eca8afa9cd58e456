"""Turning a plan into a file through an exporter plugin, safely.

The exporter only renders; this module checks the plan is worth sending,
chooses a safe file name, and writes atomically, so every format, built in
or third party, gets the same guarantees: nothing partial, nothing
overwritten unless asked, no name that escapes its folder.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from os import PathLike
from pathlib import Path

from .errors import BackcareError
from .exporters import Installed, OptionError, find_exporter
from .files import safe_filename, write_atomic
from .plan import Plan
from .plugins import Plugins, get_plugins

FILE_STEM = "back-care-plan"


def default_filename(plan: Plan, extension: str) -> str:
    """'jane-doe-back-care-plan.html': from the patient's name, safe as a file name."""
    return f"{safe_filename(plan.patient)}-{FILE_STEM}{extension}"


def output_path(plan: Plan, installed: Installed, path: str | PathLike[str] | None) -> Path:
    """Where an export goes: a folder (or a name ending in '/') gets the default name; a bare name the extension."""
    extension = installed.exporter.extension
    if path is None:
        return Path(default_filename(plan, extension))
    if _names_folder(path):
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
    """The exporter's output as bytes, or a BackcareError naming the plugin at fault."""
    plan.check_exportable()
    exporter = installed.exporter
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
    except Exception as error:  # a plugin's bug: report it, write nothing
        raise BackcareError(
            f"the {exporter.name} exporter (plugin {installed.plugin!r}) failed: "
            f"{type(error).__name__}: {error}; no file was written"
        ) from error
    data = content.encode("utf-8") if isinstance(content, str) else content
    if not isinstance(data, bytes) or not data:
        raise BackcareError(
            f"the {exporter.name} exporter (plugin {installed.plugin!r}) returned no content; no file was written"
        )
    return data


def export_plan(
    plan: Plan,
    format: str,
    path: str | PathLike[str] | None = None,
    *,
    overwrite: bool = False,
    options: Mapping[str, str] | None = None,
    plugins: Plugins | None = None,
) -> Path:
    """Export ``plan`` in ``format`` to ``path`` (a file or a folder) and return the file written."""
    installed = find_exporter((plugins or get_plugins()).exporters(), format)
    target = output_path(plan, installed, path)
    data = render(plan, installed, options)  # before touching the disk: a failed render leaves nothing
    if path is not None and _names_folder(path):
        target.parent.mkdir(parents=True, exist_ok=True)  # 'out/' names a folder, new or not
    return write_atomic(target, data, overwrite=overwrite)


def _names_folder(path: str | PathLike[str]) -> bool:
    """An existing folder, or a name ending in a separator ('out/')."""
    return Path(path).is_dir() or (isinstance(path, str) and path.endswith(("/", os.sep)))
