"""The hooks a backcare_kit plugin can implement.

A plugin is a module (or any object) with functions marked ``@hookimpl``
and named after a hook below, registered under the entry-point group
``backcare_kit`` or at run time with ``get_plugin_manager().register(obj)``.
"""

from pluggy import HookimplMarker, HookspecMarker

hookspec = HookspecMarker("backcare_kit")
hookimpl = HookimplMarker("backcare_kit")


@hookspec
def register_exporters(register):
    """Declare the export formats this plugin provides.

    Call ``register`` once per format with a
    :class:`backcare_kit.exporters.Exporter`, which names the format,
    its file extension and media type and the function that turns a plan into
    the file's text or bytes.

    :param register: call it as ``register(Exporter(...))`` for each format.
    """
