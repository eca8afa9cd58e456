"""backcare_kit exporter: the plan as one self-contained HTML handout.

The page is a single file a patient can open from an email attachment with
no network: styles and script are inline, and a Content-Security-Policy
allows nothing else (the inline blocks are allowed by their hashes, so even
text that slipped past escaping could not run). Everything a person typed
goes through Jinja2's autoescaping.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from backcare_kit.plugin_api import (
    TIMER_WORDS,
    Exporter,
    Outline,
    Plan,
    Side,
    hookimpl,
    outline,
    reps_to_do,
    segment_label,
    side_in_words,
)

if TYPE_CHECKING:
    from jinja2 import Environment


def render(plan: Plan, options: Mapping[str, str]) -> str:
    from markupsafe import Markup  # imported here: listing exporters should not pay for Jinja2

    doc = outline(plan)
    css, js = _asset("handout.css"), _asset("timer.js")
    return (
        _environment()
        .get_template("handout.html.j2")
        .render(
            doc=doc,
            css=Markup(css),
            js=Markup(js),
            csp=Markup(_csp(css, js)),  # our own text: quotes and base64 only
            timer={"stretches": timer_stretches(doc), "words": TIMER_WORDS},
        )
    )


def timer_stretches(doc: Outline) -> list[dict[str, object]]:
    """The session as the page's timer walks through it: one stretch per side or transition.

    ``kind`` and ``side`` are stable codes the script tests (``rest`` for the
    rest between sets); everything it shows is already worded here
    (``label``, with the set; ``side_words``; ``reps``: the repetitions to do),
    from the core.
    """
    switch = {ex.id: ex.side_switch for ex in doc.exercises}
    return [
        {
            "kind": s.kind.value,
            "side": s.side.value,
            "label": segment_label(s),
            "side_words": side_in_words(s.side),
            "seconds": s.seconds,
            "reps": reps_to_do(s),
            "switch": switch.get(s.exercise_id, "") if s.side is Side.SECOND else "",
        }
        for s in doc.timing.segments
    ]


def _csp(css: str, js: str) -> str:
    return (
        "default-src 'none'; "
        f"style-src '{_sha256(css)}'; script-src '{_sha256(js)}'; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


@cache
def _asset(name: str) -> str:
    return resources.files(__name__).joinpath("templates", name).read_text(encoding="utf-8")


@cache
def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader

    env = Environment(loader=PackageLoader(__name__), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    return env


@hookimpl
def register_exporters(register):
    register(
        Exporter(
            name="html",
            title="Patient handout (HTML, prints and works offline)",
            extension=".html",
            media_type="text/html; charset=utf-8",
            render=render,
        )
    )
