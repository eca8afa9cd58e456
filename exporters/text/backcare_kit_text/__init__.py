"""backcare_kit exporter: the plan as plain text, for an email or a text message.

The wording comes from the core (``plan_as_text`` in the plugin API), which
the calendar exporter shares; this plugin adds only the choices that belong
to a text file: the line width, and ASCII-only output for old SMS gateways.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from backcare_kit.plugin_api import WIDTH, Exporter, OptionError, Plan, hookimpl, plan_as_text, yes_or_no

#: Typography that has a plain ASCII equivalent a patient still reads correctly.
_ASCII = str.maketrans(
    {
        "\u2018": "'",  # left single quotation mark
        "\u2019": "'",  # right single quotation mark, apostrophe
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2026": "...",
        "\u2022": "*",
        "\u00a0": " ",
        "\u00d7": "x",  # multiplication sign
    }
)


def render(plan: Plan, options: Mapping[str, str]) -> str:
    width = _width(options.get("width", str(WIDTH)))
    text = plan_as_text(plan, width)
    return to_ascii(text) if yes_or_no("ascii", options.get("ascii", "no")) else text


def to_ascii(text: str) -> str:
    """Letters lose their accents (é -> e); what has no ASCII form becomes '?'."""
    text = unicodedata.normalize("NFKD", text.translate(_ASCII))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.encode("ascii", "replace").decode("ascii")


def _width(value: str) -> int:
    if not value.isdigit() or not 40 <= int(value) <= 200:
        raise OptionError(f"width must be a whole number from 40 to 200, not {value!r}")
    return int(value)


@hookimpl
def register_exporters(register):
    register(
        Exporter(
            name="txt",
            title="Plain text (email or text message)",
            extension=".txt",
            media_type="text/plain; charset=utf-8",
            render=render,
            options={"ascii": "yes for ASCII-only text (old SMS gateways)", "width": f"line width (default {WIDTH})"},
            phases=True,
        )
    )
