"""The plugin system: discovery through entry points, isolation of broken plugins, lookup."""

from __future__ import annotations

import pytest

from backcare_kit import BackcareError, Exporter, export_plan
from backcare_kit.exporters import find_exporter
from backcare_kit.plugins import PluginError, build_plugins

GOOD = """
    from backcare_kit import Exporter, hookimpl

    @hookimpl
    def register_exporters(register):
        register(Exporter(name="{name}", title="{name} format", extension=".{name}",
                          media_type="text/plain", render=lambda plan, options: plan.patient))
"""


def test_hook_register_exporters(install_plugin, plan, tmp_path):
    """An installed distribution's exporter is found, credited and used to export."""
    install_plugin("bk_good", GOOD.format(name="good"), dist="backcare-kit-good", version="2.5")
    plugins = build_plugins(selected="bk_good")
    installed = plugins.exporters()["good"]
    assert (installed.distribution, installed.version) == ("backcare-kit-good", "2.5")
    path = export_plan(plan, "good", tmp_path, plugins=plugins)
    assert path.read_text() == "Jane Doe"


def test_plugin_that_fails_to_import_is_reported_and_others_still_work(install_plugin):
    install_plugin("bk_good", GOOD.format(name="good"))
    install_plugin("bk_broken", "import a_module_that_does_not_exist\n")
    plugins = build_plugins(selected="bk_good,bk_broken")
    assert "good" in plugins.exporters()
    [failure] = plugins.failures
    assert failure.plugin == "bk_broken"
    assert "a_module_that_does_not_exist" in failure.reason


def test_misspelled_hook_is_an_error_naming_the_right_hook(install_plugin):
    install_plugin("bk_typo", GOOD.format(name="typo").replace("def register_exporters", "def register_exporter"))
    plugins = build_plugins(selected="bk_typo")
    assert plugins.exporters() == {}
    [failure] = plugins.failures
    assert "register_exporter" in failure.reason and "did you mean 'register_exporters'" in failure.reason


def test_plugin_raising_in_its_hook_does_not_hide_other_formats(install_plugin):
    install_plugin("bk_good", GOOD.format(name="good"))
    raising = GOOD.format(name="bad").replace("register(Exporter", "raise RuntimeError('boom'); register(Exporter")
    install_plugin("bk_raises", raising)
    plugins = build_plugins(selected="bk_good,bk_raises")
    assert list(plugins.exporters()) == ["good"]
    assert [f.plugin for f in plugins.failures] == ["bk_raises"]
    assert "RuntimeError: boom" in plugins.failures[0].reason


def test_strict_mode_turns_a_load_failure_into_an_error(install_plugin, monkeypatch):
    install_plugin("bk_broken", "raise ImportError('missing dependency foo')\n")
    monkeypatch.setenv("BACKCARE_KIT_STRICT", "1")
    with pytest.raises(PluginError, match="missing dependency foo"):
        build_plugins(selected="bk_broken")


def test_environment_variable_chooses_plugins(install_plugin, monkeypatch):
    install_plugin("bk_one", GOOD.format(name="one"))
    install_plugin("bk_two", GOOD.format(name="two"))
    monkeypatch.setenv("BACKCARE_KIT_PLUGINS", "bk_two")
    assert list(build_plugins().exporters()) == ["two"]
    monkeypatch.setenv("BACKCARE_KIT_PLUGINS", "")
    assert build_plugins().exporters() == {}


def test_choosing_a_plugin_that_is_not_installed_is_reported(monkeypatch):
    monkeypatch.setenv("BACKCARE_KIT_PLUGINS", "no_such_plugin")
    plugins = build_plugins()
    assert [f.plugin for f in plugins.failures] == ["no_such_plugin"]


def test_plugin_registered_at_run_time_appears_at_once(plugins, plan, tmp_path):
    from backcare_kit import hookimpl

    class Shout:
        @hookimpl
        def register_exporters(self, register):
            register(Exporter("shout", "Shouting", ".txt", "text/plain", lambda p, o: p.patient.upper()))

    assert "shout" not in plugins.exporters()
    plugins.manager.register(Shout())
    assert export_plan(plan, "shout", tmp_path, plugins=plugins).read_text() == "JANE DOE"


def test_plugin_registered_straight_on_the_manager_with_a_typo_is_reported(plugins):
    from backcare_kit import hookimpl

    class Typo:
        @hookimpl
        def register_exporter(self, register):  # missing the final s
            pass

    plugins.manager.register(Typo(), name="typo")
    plugins.exporters()
    assert any(f.plugin == "typo" and "register_exporters" in f.reason for f in plugins.failures)


def test_two_plugins_claiming_one_format_name_are_reported(plugins):
    """The first by plugin name wins, however they were registered; the other is reported, not used."""
    from backcare_kit import hookimpl

    class Copycat:
        @hookimpl(tryfirst=True)
        def register_exporters(self, register):
            register(Exporter("markdown", "Another Markdown", ".md", "text/markdown", lambda p, o: "x"))

    plugins.manager.register(Copycat(), name="zz_copycat")
    found = plugins.exporters()
    assert found["markdown"].plugin == "markdown_exporter"
    [failure] = plugins.failures
    assert failure.plugin == "zz_copycat" and "'markdown'" in failure.reason and "markdown_exporter" in failure.reason


def test_unknown_format_suggests_the_closest(plugins):
    with pytest.raises(BackcareError, match=r"did you mean 'markdown'.*Installed formats: markdown"):
        find_exporter(plugins.exporters(), "markdwn")


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"extension": "html"}, "must start with a dot"),
        ({"extension": ".HTML"}, "must start with a dot"),
        ({"name": "Has Space"}, "lowercase"),
        ({"media_type": "html"}, "media type"),
        ({"title": " "}, "title"),
    ],
)
def test_exporter_declarations_are_checked(changes, message):
    fields = {"name": "x", "title": "X", "extension": ".x", "media_type": "text/plain", "render": lambda p, o: ""}
    with pytest.raises(ValueError, match=message):
        Exporter(**{**fields, **changes})


def test_a_hook_with_the_wrong_arguments_is_reported_not_raised(install_plugin):
    install_plugin("bk_good", GOOD.format(name="good"))
    install_plugin("bk_args", GOOD.format(name="args").replace("(register)", "(registry)"))
    plugins = build_plugins(selected="bk_good,bk_args")
    assert list(plugins.exporters()) == ["good"]
    [failure] = plugins.failures
    assert failure.plugin == "bk_args" and "registry" in failure.reason
