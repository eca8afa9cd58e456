"""The command line's one error boundary: input errors exit 2, bugs say so and exit 1."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from backcare_kit import cli as cli_module
from backcare_kit import plugins as plugins_module
from backcare_kit.cli import cli


@pytest.fixture
def broken_core(monkeypatch, plugins):
    """A bug inside the toolkit: building the plan raises what no input explains."""
    monkeypatch.setattr(plugins_module, "_plugins", plugins)

    def bug(fields):
        raise KeyError("schedule")

    monkeypatch.setattr(cli_module, "_plan", bug)


def test_a_bug_is_called_a_bug_on_one_line_with_exit_1(broken_core):
    result = CliRunner().invoke(cli, ["export", "--format", "markdown", "--output", "out/"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    (line,) = result.output.strip().splitlines()
    assert "internal error, a bug in backcare-kit and not in your input (KeyError: 'schedule')" in line
    assert "--debug" in line


def test_debug_shows_the_traceback(broken_core):
    result = CliRunner().invoke(cli, ["--debug", "export", "--format", "markdown"])
    assert isinstance(result.exception, KeyError)  # raised through, so Python prints the traceback


def test_a_value_error_from_a_library_is_not_passed_off_as_bad_input(monkeypatch, plugins):
    monkeypatch.setattr(plugins_module, "_plugins", plugins)
    monkeypatch.setattr(cli_module, "_plan", lambda fields: int("not a number"))
    result = CliRunner().invoke(cli, ["export", "--format", "markdown"])
    assert result.exit_code == 1 and "internal error" in result.output


def test_bad_input_still_exits_2_with_the_message(monkeypatch, plugins, tmp_path):
    monkeypatch.setattr(plugins_module, "_plugins", plugins)
    result = CliRunner().invoke(cli, ["export", "--format", "nope", "--output", str(tmp_path)])
    assert result.exit_code == 2 and "Error: unknown format 'nope'" in result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
