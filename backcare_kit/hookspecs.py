"""The hooks a backcare_kit plugin can implement.

A plugin is a module (or any object) with functions marked ``@hookimpl``
and named after a hook below, registered under the entry-point group
``backcare_kit`` or at run time with ``get_plugin_manager().register(obj)``.
Plugins import ``hookimpl`` and everything else from
:mod:`backcare_kit.plugin_api`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from pluggy import HookimplMarker, HookspecMarker

if TYPE_CHECKING:
    from .exporters import Exporter

hookspec = HookspecMarker("backcare_kit")
hookimpl = HookimplMarker("backcare_kit")


@hookspec
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Declare the export formats this plugin provides.

    Call ``register`` once per format with a
    :class:`backcare_kit.plugin_api.Exporter`, which names the format,
    its file extension and media type and the function that turns a plan into
    the file's text or bytes.

    Call it only while the hook runs, and return nothing. A format name
    another plugin also registers goes to the first plugin by name; the
    built-in names ``html``, ``ics``, ``pdf`` and ``txt`` only ever go to the
    built-in exporters. The plugin that loses is reported.

    :param register: call it as ``register(Exporter(...))`` for each format.
    """
