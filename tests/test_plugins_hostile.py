"""Plugins that misbehave, by mistake or on purpose: the toolkit stays safe, predictable and says who is at fault.

Each plugin here is installed for real (a module and a .dist-info on sys.path,
see ``install_plugin``), so it is found, imported and registered exactly as a
pip-installed plugin is.
"""

from __future__ import annotations

import html
import importlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from backcare_kit import BackcareError, Exporter, export_plan, hookimpl
from backcare_kit import plugins as plugins_module
from backcare_kit.plugins import PLUGINS_ENV, build_plugins, is_built_in


def plugin(fmt: str, render: str = "return plan.patient", marker: str = "@hookimpl", before: str = "") -> str:
    """A plugin's source: one format ``fmt`` whose render body is ``render``, its hook marked with ``marker``."""
    return "\n".join(
        [
            "import sys",
            "import pluggy",
            "from backcare_kit.plugin_api import Exporter, hookimpl",
            before,
            "def render(plan, options):",
            f"    {render}",
            marker,
            "def register_exporters(register):",
            f"    register(Exporter(name={fmt!r}, title={fmt!r}, extension='.{fmt}', media_type='text/plain',"
            " render=render))",
            "",
        ]
    )


@pytest.fixture
def out(tmp_path):
    """An empty folder to export into, apart from the installed plugins' site folder."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


# -- 1. Format names collide deterministically, and never displace a built-in format --------------------------


@pytest.mark.parametrize("marker", ["@hookimpl", "@hookimpl(tryfirst=True)", "@hookimpl(trylast=True)"])
def test_no_plugin_can_take_over_a_built_in_format(install_plugin, plan, out, marker):
    page_without_safety = "return '<p>Just do the exercises.</p>'"
    install_plugin("bk_lookalike", plugin("html", page_without_safety, marker), dist="lookalike-html")
    plugins = build_plugins(selected="html,bk_lookalike")
    installed = plugins.exporters()["html"]
    assert installed.plugin == "html" and is_built_in(installed.distribution)
    [failure] = plugins.failures
    assert (failure.plugin, failure.distribution) == ("bk_lookalike", "lookalike-html")
    assert "'html'" in failure.reason
    page = export_plan(plan, "html", out, plugins=plugins).read_text(encoding="utf-8")
    assert "Just do the exercises" not in page and html.escape(plan.safety.lines()[0], quote=False) in page


def test_a_built_in_format_name_stays_reserved_when_the_built_in_is_not_loaded(install_plugin, plan, out):
    install_plugin("bk_lookalike", plugin("txt"), dist="lookalike-text")
    plugins = build_plugins(selected="bk_lookalike")
    assert "txt" not in plugins.exporters()
    [failure] = plugins.failures
    assert failure.distribution == "lookalike-text" and "only the built-in" in failure.reason
    with pytest.raises(BackcareError, match="unknown format 'txt'"):
        export_plan(plan, "txt", out, plugins=plugins)
    assert os.listdir(out) == []


@pytest.mark.parametrize("eager", ["bk_alpha", "bk_zeta"])
def test_between_two_outside_plugins_the_first_by_name_wins_whatever_their_markers(install_plugin, eager):
    for name in ("bk_zeta", "bk_alpha"):
        marker = "@hookimpl(tryfirst=True)" if name == eager else "@hookimpl(trylast=True)"
        install_plugin(name, plugin("memo", f"return {name!r}", marker), dist=name.replace("_", "-") + "-dist")
    plugins = build_plugins(selected="bk_zeta,bk_alpha")
    assert plugins.exporters()["memo"].plugin == "bk_alpha"
    [failure] = plugins.failures
    assert (failure.plugin, failure.distribution) == ("bk_zeta", "bk-zeta-dist")
    assert "'memo'" in failure.reason and "bk_alpha" in failure.reason


# -- 2. A good plugin is never blamed for another's misspelled hook -------------------------------------------


def test_registering_a_good_plugin_never_blames_it_for_another_plugins_typo(install_plugin):
    class Typo:
        @hookimpl
        def register_exporter(self, register):  # missing the final s
            pass

    install_plugin("bk_good", plugin("good"))
    plugins = build_plugins(load_entry_points=False)
    plugins.manager.register(Typo(), name="typo")  # straight on the manager, as a notebook does
    assert plugins.register(importlib.import_module("bk_good"), name="bk_good") == "bk_good"
    assert list(plugins.exporters()) == ["good"]
    [failure] = plugins.failures
    assert failure.plugin == "typo" and "did you mean 'register_exporters'" in failure.reason


# -- 3. One manager, however many threads ask for it at once --------------------------------------------------


def test_threads_asking_for_the_plugins_at_once_share_one_manager(install_plugin, monkeypatch):
    # Importing this plugin is slow, so without a lock every thread would build its own manager.
    install_plugin("bk_slow", plugin("slow", before="import time; time.sleep(0.3)"))
    monkeypatch.setenv(PLUGINS_ENV, "bk_slow")
    monkeypatch.setattr(plugins_module, "_plugins", None)
    start = threading.Barrier(8)

    def ask(_: int) -> object:
        start.wait()
        return plugins_module.get_plugins()

    with ThreadPoolExecutor(max_workers=8) as pool:
        seen = list(pool.map(ask, range(8)))
    assert len({id(plugins) for plugins in seen}) == 1
    assert list(plugins_module.get_plugins().exporters()) == ["slow"]


def test_a_plugin_asking_for_the_plugins_while_it_loads_is_reported_not_hung(install_plugin, monkeypatch):
    install_plugin("bk_eager", "import backcare_kit\nbackcare_kit.get_plugin_manager()\n")
    monkeypatch.setenv(PLUGINS_ENV, "bk_eager")
    monkeypatch.setattr(plugins_module, "_plugins", None)
    [failure] = plugins_module.get_plugins().failures
    assert failure.plugin == "bk_eager" and "while the plugins were loading" in failure.reason


# -- 4. A hook nobody would ever call is reported -------------------------------------------------------------


@pytest.mark.parametrize("marker", ["", "@pluggy.HookimplMarker('backcare-kit')"], ids=["no marker", "wrong project"])
def test_a_hook_without_hookimpl_is_reported(install_plugin, marker):
    install_plugin("bk_unmarked", plugin("memo", marker=marker))
    plugins = build_plugins(selected="bk_unmarked")
    assert plugins.exporters() == {}
    [failure] = plugins.failures
    assert failure.plugin == "bk_unmarked" and "register_exporters" in failure.reason
    assert "did you forget @hookimpl?" in failure.reason


def test_a_notebook_plugin_without_hookimpl_is_reported(plugins):
    class Unmarked:
        def register_exporters(self, register):
            register(Exporter("memo", "Memo", ".memo", "text/plain", lambda p, o: "x"))

    plugins.manager.register(Unmarked(), name="unmarked")
    assert "memo" not in plugins.exporters()
    assert [f.plugin for f in plugins.failures if "did you forget @hookimpl?" in f.reason] == ["unmarked"]


# -- 5. A plugin cannot end the program, nor escape with an encoding error ------------------------------------


def test_sys_exit_in_render_is_a_plugin_failure_and_writes_nothing(install_plugin, plan, out):
    install_plugin("bk_quitter", plugin("memo", "sys.exit(3)"))
    plugins = build_plugins(selected="bk_quitter")
    with pytest.raises(BackcareError, match=r"plugin 'bk_quitter'.*sys\.exit\(3\).*no file was written"):
        export_plan(plan, "memo", out, plugins=plugins)
    assert os.listdir(out) == []


def test_ctrl_c_during_render_still_stops_the_program(install_plugin, plan, out):
    install_plugin("bk_interrupted", plugin("memo", "raise KeyboardInterrupt"))
    plugins = build_plugins(selected="bk_interrupted")
    with pytest.raises(KeyboardInterrupt):
        export_plan(plan, "memo", out, plugins=plugins)
    assert os.listdir(out) == []


def test_a_lone_surrogate_in_rendered_text_names_the_plugin(install_plugin, plan, out):
    install_plugin("bk_surrogate", plugin("memo", "return 'caf\\udc80'"))
    plugins = build_plugins(selected="bk_surrogate")
    with pytest.raises(BackcareError, match=r"plugin 'bk_surrogate'.*not valid Unicode.*no file was written"):
        export_plan(plan, "memo", out, plugins=plugins)
    assert os.listdir(out) == []


@pytest.mark.parametrize(
    "source, reason",
    [
        (plugin("memo", before="sys.exit('no licence key')"), "failed to import: tried to end the program"),
        (plugin("memo").replace("    register(", "    sys.exit(1); register("), "raised in register_exporters"),
        (plugin("memo").replace("register(Exporter", "return [Exporter").replace("))", ")]"), "returned a list"),
        (plugin("memo").replace("def register_exporters", "async def register_exporters"), "returned a coroutine"),
        (plugin("memo", marker="@hookimpl(wrapper=True)").replace("    register(", "    yield; register("), "wrapper"),
    ],
    ids=["exits at import", "exits in its hook", "returns a list", "async hook", "hook wrapper"],
)
def test_a_plugin_that_misbehaves_while_loading_is_reported_and_the_others_work(install_plugin, source, reason):
    install_plugin("bk_good", plugin("good"))
    install_plugin("bk_bad", source)
    plugins = build_plugins(selected="bk_good,bk_bad")
    assert list(plugins.exporters()) == ["good"]
    [failure] = plugins.failures
    assert failure.plugin == "bk_bad" and reason in failure.reason


# -- 6. BACKCARE_KIT_PLUGINS takes plugin names or format names ------------------------------------------------


@pytest.mark.parametrize("chosen", ["html,ics,txt", "html,ical,text", " txt , ical,html ", "html,ics,text,txt"])
def test_plugins_are_chosen_by_plugin_or_format_name(monkeypatch, chosen):
    monkeypatch.setenv(PLUGINS_ENV, chosen)
    plugins = build_plugins()
    assert list(plugins.exporters()) == ["html", "ics", "txt"]
    assert not plugins.failures


def test_the_readme_example_loads_the_html_and_ics_formats(monkeypatch):
    monkeypatch.setenv(PLUGINS_ENV, "html,ics")
    plugins = build_plugins()
    assert list(plugins.exporters()) == ["html", "ics"] and not plugins.failures


def test_an_outside_format_is_chosen_by_name_and_unchosen_broken_plugins_stay_quiet(install_plugin, monkeypatch):
    install_plugin("bk_memo", plugin("memo"))
    install_plugin("bk_broken", "import a_module_that_does_not_exist\n")
    monkeypatch.setenv(PLUGINS_ENV, "memo")
    plugins = build_plugins()
    assert list(plugins.exporters()) == ["memo"] and not plugins.failures


def test_each_unknown_name_is_reported_once_with_a_suggestion(monkeypatch):
    monkeypatch.setenv(PLUGINS_ENV, "html,docx,icss,docx")  # pdf is a built-in format now: docx is the unknown one
    plugins = build_plugins()
    assert list(plugins.exporters()) == ["html"]
    assert sorted(f.plugin for f in plugins.failures) == ["docx", "icss"]
    [icss] = [f for f in plugins.failures if f.plugin == "icss"]
    assert "did you mean 'ics'?" in icss.reason
