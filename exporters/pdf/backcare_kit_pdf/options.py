"""The PDF's options, read and checked before anything is rendered.

Checked first so a mistyped value is reported at once (and even where
WeasyPrint is not installed), naming the value and what is expected.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from backcare_kit.plugin_api import OptionError

#: Paper sizes by option value, as CSS ``@page`` sizes.
PAPERS = {"a4": "A4", "letter": "letter"}
#: Print sizes: ``standard`` is 12 pt body text, ``large`` follows clear-print guidance at 16 pt.
PRINT_SIZES = ("standard", "large")

OPTIONS = {
    "paper": "a4 (default) or letter",
    "print": "standard (default, 12 pt) or large (16 pt clear print)",
}


@dataclass(frozen=True)
class Settings:
    paper: str = "a4"
    print_size: str = "standard"


def read_options(options: Mapping[str, str]) -> Settings:
    """The settings for ``options``, or an OptionError naming the bad value and the accepted ones."""
    paper = _choice("paper", options.get("paper", "a4"), tuple(PAPERS))
    print_size = _choice("print", options.get("print", "standard"), PRINT_SIZES)
    return Settings(paper=paper, print_size=print_size)


def _choice(option: str, value: str, accepted: tuple[str, ...]) -> str:
    chosen = value.strip().lower()
    if chosen not in accepted:
        raise OptionError(f"{option} must be {' or '.join(accepted)}, not {value!r}")
    return chosen
