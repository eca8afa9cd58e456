"""Without WeasyPrint or Pango, the pdf format is still listed, says what to install, and nothing else breaks.

WeasyPrint is made unimportable for real: its modules are taken out of
``sys.modules`` and an import hook refuses it, either as a missing package
(ImportError) or as WeasyPrint failing to load Pango (OSError, as cffi reports it).
"""

from __future__ import annotations

import sys
from datetime import date

import pytest
from click.testing import CliRunner

from backcare_kit import plugins as plugins_module
from backcare_kit.cli import cli
from backcare_kit.plugins import build_plugins

pytest.importorskip("backcare_kit_pdf")

PANGO = "cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file"


class _Refuse:
    """An import hook that makes ``import weasyprint`` fail the way ``error`` says."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise self.error
        return None


@pytest.fixture(params=["package", "pango"])
def without_weasyprint(request, monkeypatch):
    """WeasyPrint missing (the package, or the Pango library it loads); yields the words the user must see."""
    for name in [n for n in sys.modules if n == "weasyprint" or n.startswith("weasyprint.")]:
        monkeypatch.delitem(sys.modules, name)
    if request.param == "package":
        monkeypatch.setattr(sys, "meta_path", [_Refuse(ImportError("No module named 'weasyprint'")), *sys.meta_path])
        yield "needs WeasyPrint, which is not installed"
    else:
        monkeypatch.setattr(sys, "meta_path", [_Refuse(OSError(PANGO)), *sys.meta_path])
        yield "needs the Pango library"


@pytest.fixture
def cli_run(monkeypatch):
    """The real command line, with the installed exporters (html, ics, pdf, txt) loaded afresh."""
    monkeypatch.setattr(plugins_module, "_plugins", build_plugins())
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, list(args), catch_exceptions=False)

    return invoke


START = ("--patient", "Jane Doe", "--start", date(2026, 3, 2).isoformat())


def test_the_pdf_format_is_still_listed(without_weasyprint, cli_run):
    listed = cli_run("exporters")
    assert listed.exit_code == 0
    assert {line.split()[0] for line in listed.output.splitlines()[1:]} >= {"html", "ics", "pdf", "txt"}


def test_export_as_pdf_says_what_to_install_exits_2_and_writes_nothing(without_weasyprint, cli_run, tmp_path):
    result = cli_run("export", "--format", "pdf", "--output", str(tmp_path), *START)
    assert result.exit_code == 2, result.output
    assert without_weasyprint in result.output
    assert "pip install 'backcare-kit[pdf]'" in result.output
    assert "libpango-1.0-0 libpangoft2-1.0-0" in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_every_other_format_still_exports_and_all_leaves_the_pdf_out_with_a_warning(
    without_weasyprint, cli_run, tmp_path
):
    for name, extension in (("html", ".html"), ("ics", ".ics"), ("txt", ".txt")):
        result = cli_run("export", "--format", name, "--output", f"{tmp_path / name}/", *START)
        assert result.exit_code == 0, result.output
        assert (tmp_path / name / f"jane-doe-back-care-plan{extension}").stat().st_size > 0
    every = cli_run("export", "--format", "all", "--output", str(tmp_path / "all"), *START)
    assert every.exit_code == 0, every.output
    assert sorted(p.suffix for p in (tmp_path / "all").iterdir()) == [".html", ".ics", ".txt"]
    assert "Warning: the pdf format was left out: making a PDF needs" in every.output
    assert "pip install 'backcare-kit[pdf]'" in every.output


def test_with_weasyprint_all_includes_the_pdf(cli_run, tmp_path):
    pytest.importorskip("weasyprint")
    every = cli_run("export", "--format", "all", "--output", str(tmp_path), *START)
    assert every.exit_code == 0, every.output
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".html", ".ics", ".pdf", ".txt"]
    assert "left out" not in every.output
