"""Finding plugins, and keeping one broken or hostile plugin from breaking the rest.

Plugins are found through the entry-point group ``backcare_kit``. Each is
imported and checked on its own: one that fails to import, misspells a hook,
forgets ``@hookimpl``, raises (or calls ``sys.exit``) while registering is
reported with its reason and left out, while the others keep working.
``BACKCARE_KIT_STRICT=1`` turns such failures into errors (for CI), and
``BACKCARE_KIT_PLUGINS`` chooses which plugins load, by plugin or format name.

The built-in formats carry the safety text a patient must read, so no other
plugin can take their names, whatever order pluggy would call it in; between
two outside plugins the first by plugin name wins, so the same installation
always exports the same way.
"""

from __future__ import annotations

import inspect
import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, EntryPoints, entry_points

import pluggy

from . import hookspecs
from .errors import BackcareError
from .exporters import Exporter, Installed, describe_error

ENTRY_POINT_GROUP = "backcare_kit"
#: Comma-separated plugin (entry-point) or format names to load; unset loads all, empty loads none.
PLUGINS_ENV = "BACKCARE_KIT_PLUGINS"
#: Set to 1 to make any plugin failure an error.
STRICT_ENV = "BACKCARE_KIT_STRICT"
RUN_TIME = "(registered at run time)"

#: The distribution that ships the built-in exporters. Only it may provide a built-in format
#: (``BUILT_IN_FORMATS``), and what it provides always wins over another plugin's format of the same name.
BUILT_IN_DISTRIBUTIONS = frozenset({"backcare-kit"})
#: Names reserved for the built-in formats even when their distribution is not loaded, so
#: ``--format html`` can never give a page from a plugin that left the safety text out.
BUILT_IN_FORMATS = frozenset({"html", "ics", "pdf", "txt"})

#: What a plugin's own code may raise that is its bug: ``sys.exit`` too, since a plugin
#: must not end the program. KeyboardInterrupt is the user's and is never caught.
PLUGIN_ERRORS = (Exception, SystemExit)


class PluginError(BackcareError):
    """A plugin failed and strict mode is on."""


@dataclass(frozen=True)
class PluginFailure:
    plugin: str
    distribution: str
    reason: str

    def __str__(self) -> str:
        return f"plugin {self.plugin!r} ({self.distribution}) {self.reason}"


def is_built_in(distribution: str) -> bool:
    """Whether a distribution (named as its metadata spells it) ships the built-in exporters."""
    return re.sub(r"[-_.]+", "-", distribution).lower() in BUILT_IN_DISTRIBUTIONS


class _Collector:
    """The ``register`` a plugin's hook is given: it keeps exporters only while the hook runs.

    Closing it afterwards means a plugin that kept ``register`` and calls it
    later gets an error instead of silently changing nothing.
    """

    def __init__(self) -> None:
        self.exporters: list[Exporter] = []
        self.open = True

    def __call__(self, exporter: Exporter) -> None:
        if not self.open:
            raise RuntimeError("register() was called after register_exporters returned")
        if not isinstance(exporter, Exporter):
            raise TypeError(f"register() takes an Exporter, not {type(exporter).__name__}")
        self.exporters.append(exporter)


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
        """Register a plugin object (e.g. from a notebook cell) and check its own hooks.

        Returns the name it was registered under. A plugin whose hooks are
        wrong is left out and reported; only its own hooks are checked, so a
        good plugin is never blamed for another's mistake.
        """
        name = name or _label(plugin)
        reason = self._refusal(plugin, name)
        if reason:
            self._fail(self.load_failures, name, source[0], reason)
        else:
            self.sources[name] = source
        return name

    def _refusal(self, plugin: object, name: str) -> str | None:
        """Register ``plugin`` as ``name``; why it was refused (and left unregistered), or None."""
        taken = self._taken(plugin, name)
        if taken:
            return f"could not be registered: {taken}"
        try:
            registered = self.manager.register(plugin, name=name)
        except PLUGIN_ERRORS as error:  # bad hook arguments, a hostile object
            if self.manager.get_plugin(name) is plugin:  # older pluggy leaves a half-registered plugin
                self.manager.unregister(name=name)
            return f"could not be registered: {describe_error(error)}"
        if registered is None:
            return "could not be registered: its name is blocked"
        problems = _hook_problems(self.manager, plugin)
        if problems:
            self.manager.unregister(name=name)
        return "; ".join(problems) or None

    def _taken(self, plugin: object, name: str) -> str | None:
        """Why ``plugin`` cannot be registered as ``name`` at all, said in words rather than pluggy's registry dump."""
        if plugin is None:
            return "it is None, not a module or an object with hooks"
        if self.manager.has_plugin(name):
            return f"another plugin is already registered as {name!r}"
        if self.manager.is_registered(plugin):
            return f"it is already registered as {self.manager.get_name(plugin)!r}"
        return None

    def exporters(self) -> dict[str, Installed]:
        """Every exporter of every registered plugin, asked afresh on each call, one per format name.

        Asking afresh is what makes a plugin registered in a notebook appear
        at once. Each plugin's hook runs on its own, so one that raises is
        reported and skipped rather than hiding every other format.
        """
        self.call_failures = []
        self._check_straight_registrations()
        offered = [installed for impl in self._exporter_hooks() for installed in self._ask(impl)]
        return self._one_per_format(offered)

    def _check_straight_registrations(self) -> None:
        """Report plugins added with ``manager.register()`` (a notebook), which skipped register()'s checks."""
        for name, plugin in self.manager.list_name_plugin():
            if plugin is None or name in self.sources:
                continue
            for problem in _hook_problems(self.manager, plugin):
                self._fail(self.call_failures, name, RUN_TIME, problem)

    def _exporter_hooks(self) -> list[pluggy.HookImpl]:
        """The plain ``register_exporters`` implementations; a wrapper's generator would do nothing."""
        impls = self.manager.hook.register_exporters.get_hookimpls()
        return [impl for impl in impls if not (impl.hookwrapper or impl.wrapper)]

    def _ask(self, impl: pluggy.HookImpl) -> list[Installed]:
        """What one plugin's hook registers; nothing, and a failure, if the hook misbehaves."""
        dist, version = self.sources.get(impl.plugin_name, (RUN_TIME, ""))
        register = _Collector()
        try:
            result = impl.function(*[register for _ in impl.argnames])
        except PLUGIN_ERRORS as error:  # a plugin's bug must not take the toolkit down
            reason = f"raised in register_exporters: {describe_error(error)}"
            self._fail(self.call_failures, impl.plugin_name, dist, reason)
            return []
        finally:
            register.open = False
        if result is not None:
            _discard(result)
            reason = f"register_exporters returned a {type(result).__name__}; it should call register(Exporter(...))"
            self._fail(self.call_failures, impl.plugin_name, dist, reason)
            return []
        return [Installed(exporter, impl.plugin_name, dist, version) for exporter in register.exporters]

    def _one_per_format(self, offered: Iterable[Installed]) -> dict[str, Installed]:
        """Each format from one plugin: a built-in first, then the first plugin by name; the rest are reported."""
        found: dict[str, Installed] = {}
        for installed in sorted(offered, key=lambda i: (not is_built_in(i.distribution), i.plugin)):
            name = installed.exporter.name
            if name not in found and (is_built_in(installed.distribution) or name not in BUILT_IN_FORMATS):
                found[name] = installed
            else:
                reason = _clash_reason(name, found.get(name))
                self._fail(self.call_failures, installed.plugin, installed.distribution, reason)
        return dict(sorted(found.items()))

    def _fail(self, into: list[PluginFailure], plugin: str, dist: str, reason: str) -> None:
        failure = PluginFailure(plugin, dist, reason)
        if self.strict:
            raise PluginError(f"{failure} (strict mode: {STRICT_ENV}=1)")
        into.append(failure)


def _label(plugin: object) -> str:
    """A readable name for a plugin registered without one: its module's name, or its class's."""
    try:
        name = getattr(plugin, "__name__", None)
    except Exception:  # a hostile __getattr__
        name = None
    return name if isinstance(name, str) and name else type(plugin).__name__


def _hook_problems(manager: pluggy.PluginManager, plugin: object) -> list[str]:
    """What is wrong with one registered plugin's hooks, never with another plugin's."""
    callers = manager.get_hookcallers(plugin) or []
    problems = [_unknown_hook_reason(caller.name) for caller in callers if not caller.has_spec()]
    for caller in callers:
        impls = [impl for impl in caller.get_hookimpls() if impl.plugin is plugin]
        if caller.has_spec() and any(impl.hookwrapper or impl.wrapper for impl in impls):
            problems.append(f"makes {caller.name} a hook wrapper; it must be a plain @hookimpl function")
    implemented = {caller.name for caller in callers}
    for hook in _hook_names(manager):
        if hook not in implemented and _defines(plugin, hook):
            problems.append(
                f"defines {hook} without @hookimpl, so it would never be called (did you forget @hookimpl?)"
            )
    return problems


def _hook_names(manager: pluggy.PluginManager) -> list[str]:
    """The hooks a plugin can implement, as the manager knows them."""
    return [name for name, caller in vars(manager.hook).items() if not name.startswith("_") and caller.has_spec()]


def _defines(plugin: object, name: str) -> bool:
    """Whether ``plugin`` has a function called ``name``, found without running any of its code."""
    try:
        value = inspect.getattr_static(plugin, name)
    except AttributeError:
        return False
    return callable(value) or isinstance(value, (staticmethod, classmethod))


def _discard(result: object) -> None:
    """Close what an ``async`` or generator hook returned, so Python does not warn it was never run."""
    if inspect.isgenerator(result) or inspect.iscoroutine(result):
        result.close()


def _clash_reason(name: str, winner: Installed | None) -> str:
    if winner is None:
        return f"registers the format {name!r}, a name only the built-in exporter may use; the format was left out"
    return (
        f"registers the format {name!r}, which plugin {winner.plugin!r} ({winner.distribution}) provides; "
        "this plugin's was left out (rename the format)"
    )


def _unknown_hook_reason(hook: str) -> str:
    import difflib  # only for a message: not on the command line's start-up path

    close = difflib.get_close_matches(hook, [h for h in dir(hookspecs) if h.startswith("register_")], n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"implements an unknown hook {hook!r}{hint}"


def _new_manager() -> pluggy.PluginManager:
    manager = pluggy.PluginManager("backcare_kit")
    manager.add_hookspecs(hookspecs)
    return manager


def build_plugins(
    *, load_entry_points: bool = True, strict: bool | None = None, selected: str | None = None
) -> Plugins:
    """A new plugin manager with the installed plugins loaded, each one guarded.

    ``strict`` and ``selected`` default to the environment variables.
    """
    strict = os.environ.get(STRICT_ENV, "") not in ("", "0") if strict is None else strict
    plugins = Plugins(_new_manager(), strict=strict)
    if load_entry_points:
        _load_entry_points(plugins, os.environ.get(PLUGINS_ENV) if selected is None else selected)
    return plugins


def _load_entry_points(plugins: Plugins, selected: str | None) -> None:
    found = entry_points(group=ENTRY_POINT_GROUP)
    chosen = list(found) if selected is None else _choose(plugins, found, _names(selected))
    for ep in chosen:
        _load(plugins, ep)


def _names(selected: str) -> set[str]:
    return {name.strip() for name in selected.split(",") if name.strip()}


def _choose(plugins: Plugins, found: EntryPoints, names: set[str]) -> list[EntryPoint]:
    """The entry points ``names`` asks for, each name a plugin's or a format's; unknown names reported once.

    A name that is no plugin's is looked up as a format, which means loading
    the plugins to ask them; only then is it reported as unknown.
    """
    formats = names - set(found.names)
    providers = _format_providers(found) if formats else {}
    for name in sorted(formats - set(providers)):
        plugins._fail(plugins.load_failures, name, "not installed", _not_installed_reason(name, found, providers))
    wanted = names | {providers[name] for name in formats & set(providers)}
    return [ep for ep in found if ep.name in wanted]


def _format_providers(found: EntryPoints) -> dict[str, str]:
    """Each format name, with the plugin that would provide it, learnt by loading every plugin aside."""
    probe = Plugins(_new_manager())
    for ep in found:
        _load(probe, ep)
    return {name: installed.plugin for name, installed in probe.exporters().items()}


def _not_installed_reason(name: str, found: EntryPoints, providers: dict[str, str]) -> str:
    known = sorted(set(found.names) | set(providers))
    import difflib  # only for a message: not on the command line's start-up path

    close = difflib.get_close_matches(name, known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return (
        f"was chosen in {PLUGINS_ENV} but no installed plugin or format has that name{hint} "
        f"(plugins: {', '.join(sorted(found.names)) or 'none'}; formats: {', '.join(sorted(providers)) or 'none'})"
    )


def _load(plugins: Plugins, ep: EntryPoint) -> None:
    """Import one entry point's plugin and register it, reporting any failure against it."""
    source = _distribution(ep)
    try:
        plugin = ep.load()
    except PLUGIN_ERRORS as error:  # an ImportError, any bug at import time, even sys.exit()
        plugins._fail(plugins.load_failures, ep.name, source[0], f"failed to import: {describe_error(error)}")
        return
    plugins.register(plugin, name=ep.name, source=source)


def _distribution(ep: EntryPoint) -> tuple[str, str]:
    """The name and version of the distribution an entry point comes from, from one read of its metadata."""
    if ep.dist is None:
        return ("unknown distribution", "")
    metadata = ep.dist.metadata
    return (metadata["Name"], metadata["Version"])


_plugins: Plugins | None = None
_plugins_lock = threading.RLock()
_loading = False


def get_plugins() -> Plugins:
    """The toolkit's plugins, loaded once per process on first use.

    Threads asking at once (a notebook server, a test runner) get the one
    manager: the first loads it while the others wait. A plugin that asks for
    the plugins while being imported is refused, rather than being handed a
    second manager or hanging.
    """
    global _plugins, _loading
    with _plugins_lock:
        if _plugins is None:
            if _loading:
                raise PluginError("get_plugins() was called while the plugins were loading, by a plugin's import")
            _loading = True
            try:
                _plugins = build_plugins()
            finally:
                _loading = False
        return _plugins


def get_plugin_manager() -> pluggy.PluginManager:
    """The one pluggy manager; ``get_plugin_manager().register(obj)`` adds a plugin at run time."""
    return get_plugins().manager
