"""Finding plugins, and keeping one broken plugin from breaking the rest.

Plugins are found through the entry-point group ``backcare_kit``. Each is
imported and checked on its own: one that fails to import, misspells a hook
or raises while registering is reported with its reason and left out, while
the others keep working. ``BACKCARE_KIT_STRICT=1`` turns such failures into
errors (for CI), and ``BACKCARE_KIT_PLUGINS`` chooses which plugins load.
"""

from __future__ import annotations

import difflib
import functools
import os
from dataclasses import dataclass, field
from importlib.metadata import entry_points

import pluggy

from . import hookspecs
from .errors import BackcareError
from .exporters import Exporter, Installed

ENTRY_POINT_GROUP = "backcare_kit"
#: Comma-separated entry-point names to load; unset loads all, empty loads none.
PLUGINS_ENV = "BACKCARE_KIT_PLUGINS"
#: Set to 1 to make any plugin failure an error.
STRICT_ENV = "BACKCARE_KIT_STRICT"
RUN_TIME = "(registered at run time)"


class PluginError(BackcareError):
    """A plugin failed and strict mode is on."""


@dataclass(frozen=True)
class PluginFailure:
    plugin: str
    distribution: str
    reason: str

    def __str__(self) -> str:
        return f"plugin {self.plugin!r} ({self.distribution}) {self.reason}"


@dataclass
class Plugins:
    """The plugin manager plus what we know of each plugin's origin and failures."""

    manager: pluggy.PluginManager
    strict: bool = False
    sources: dict[str, tuple[str, str]] = field(default_factory=dict)
    load_failures: list[PluginFailure] = field(default_factory=list)
    call_failures: list[PluginFailure] = field(default_factory=list)

    @property
    def failures(self) -> list[PluginFailure]:
        """Plugins that failed to load, and those that failed in the last exporters() call."""
        return self.load_failures + self.call_failures

    def register(self, plugin: object, name: str | None = None, source: tuple[str, str] = (RUN_TIME, "")) -> str:
        """Register a plugin object (e.g. from a notebook cell) and check its hooks.

        Returns the name it was registered under; a plugin whose hooks do not
        match any hook specification is unregistered and reported.
        """
        label = name or getattr(plugin, "__name__", type(plugin).__name__)
        try:
            name = self.manager.register(plugin, name=name)
        except (pluggy.PluginValidationError, ValueError) as error:  # bad hook arguments, a name taken twice
            self._fail(self.load_failures, label, source[0], f"could not be registered: {error}")
            return label
        try:
            self.manager.check_pending()
        except pluggy.PluginValidationError as error:
            self.manager.unregister(plugin)
            self._fail(self.load_failures, name, source[0], _unknown_hook_reason(str(error)))
            return name
        self.sources[name] = source
        return name

    def exporters(self) -> dict[str, Installed]:
        """Every exporter of every registered plugin, asked afresh on each call.

        Asking afresh is what makes a plugin registered in a notebook appear
        at once. Each plugin's hook runs on its own, so one that raises is
        reported and skipped rather than hiding every other format.
        """
        found: dict[str, Installed] = {}
        self.call_failures = []
        self._check_unknown_hooks()
        for impl in self.manager.hook.register_exporters.get_hookimpls():
            dist, version = self.sources.get(impl.plugin_name, (RUN_TIME, ""))
            register = functools.partial(self._add, found, plugin=impl.plugin_name, dist=dist, version=version)
            try:
                impl.function(register=register)
            except Exception as error:  # a plugin's bug must not take the toolkit down
                reason = f"raised in register_exporters: {type(error).__name__}: {error}"
                self._fail(self.call_failures, impl.plugin_name, dist, reason)
        return found

    def _check_unknown_hooks(self) -> None:
        """Report plugins registered straight on the manager with a misspelled hook."""
        for name, caller in vars(self.manager.hook).items():
            if name.startswith("_") or caller.has_spec():
                continue
            for impl in caller.get_hookimpls():
                dist = self.sources.get(impl.plugin_name, (RUN_TIME, ""))[0]
                self._fail(self.call_failures, impl.plugin_name, dist, _unknown_hook_reason(f"'{name}'"))

    def _add(self, found: dict[str, Installed], exporter: Exporter, plugin: str, dist: str, version: str) -> None:
        if not isinstance(exporter, Exporter):
            raise TypeError(f"register() takes an Exporter, not {type(exporter).__name__}")
        if exporter.name in found:
            other = found[exporter.name]
            raise ValueError(f"format {exporter.name!r} is already provided by plugin {other.plugin!r}")
        found[exporter.name] = Installed(exporter, plugin, dist, version)

    def _fail(self, into: list[PluginFailure], plugin: str, dist: str, reason: str) -> None:
        failure = PluginFailure(plugin, dist, reason)
        if self.strict:
            raise PluginError(f"{failure} (strict mode: {STRICT_ENV}=1)")
        into.append(failure)


def build_plugins(
    *, load_entry_points: bool = True, strict: bool | None = None, selected: str | None = None
) -> Plugins:
    """A new plugin manager with the installed plugins loaded, each one guarded.

    ``strict`` and ``selected`` default to the environment variables.
    """
    manager = pluggy.PluginManager("backcare_kit")
    manager.add_hookspecs(hookspecs)
    strict = os.environ.get(STRICT_ENV, "") not in ("", "0") if strict is None else strict
    plugins = Plugins(manager, strict=strict)
    if load_entry_points:
        _load_entry_points(plugins, os.environ.get(PLUGINS_ENV) if selected is None else selected)
    return plugins


def _load_entry_points(plugins: Plugins, selected: str | None) -> None:
    chosen = None if selected is None else {s.strip() for s in selected.split(",") if s.strip()}
    found = entry_points(group=ENTRY_POINT_GROUP)
    for name in sorted((chosen or set()) - set(found.names)):
        plugins._fail(plugins.load_failures, name, "not installed", f"was chosen in {PLUGINS_ENV} but is not installed")
    for ep in found:
        if chosen is not None and ep.name not in chosen:
            continue
        source = (ep.dist.name, ep.dist.version) if ep.dist else ("unknown distribution", "")
        try:
            plugin = ep.load()
        except Exception as error:  # an ImportError or any bug at import time
            reason = f"failed to import: {type(error).__name__}: {error}"
            plugins._fail(plugins.load_failures, ep.name, source[0], reason)
            continue
        plugins.register(plugin, name=ep.name, source=source)


def _unknown_hook_reason(message: str) -> str:
    hook = message.split("'")[1] if "'" in message else message
    close = difflib.get_close_matches(hook, [h for h in dir(hookspecs) if h.startswith("register_")], n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"implements an unknown hook {hook!r}{hint}"


_plugins: Plugins | None = None


def get_plugins() -> Plugins:
    """The toolkit's plugins, loaded once per process on first use."""
    global _plugins
    if _plugins is None:
        _plugins = build_plugins()
    return _plugins


def get_plugin_manager() -> pluggy.PluginManager:
    """The one pluggy manager; ``get_plugin_manager().register(obj)`` adds a plugin at run time."""
    return get_plugins().manager
