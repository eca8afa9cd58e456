"""backcare_kit exporter: the plan as one self-contained HTML handout.

A plan that changes over the weeks is laid out stage by stage, each with its
weeks, session length and exercises, and the follow-along timer carries
every stage with its days, so it can run today's without a network or a
server to ask.

The page is a single file a patient can open from an email attachment with
no network: styles and script are inline, and a Content-Security-Policy
allows nothing else (the inline blocks are allowed by their hashes, so even
text that slipped past escaping could not run), and images only from
``data:`` URIs, which is how each exercise's pictures travel inside the page.
Everything a person typed goes through Jinja2's autoescaping, the pictures'
text alternatives included.

The follow-along timer shows the current exercise's figure moving between
its start and end pose: the page carries each exercise's animation once
(the same exercise in several stages shares it), and its script shows the
current one, paused whenever the timer is.

The session log (devicelog.js) keeps what the patient did on the device, in
the browser's localStorage under the plan's id, and "Save my log" hands it
over as a CSV file in the session log format (backcare_kit.sessionlog,
version 1). The file is built in the page and saved through a ``blob:`` URL
and a link's ``download`` attribute: a download is not a fetch or a load the
policy governs (``default-src 'none'`` still refuses every request), so the
policy stays as it is.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from functools import cache, partial
from importlib import resources
from typing import TYPE_CHECKING

from backcare_kit.plugin_api import (
    LOG_SHEET_WORDS,
    LOG_WORDS,
    STAGES_AHEAD,
    TIMER_WORDS,
    ExerciseOutline,
    Exporter,
    Outline,
    Plan,
    Side,
    StageOutline,
    date_in_words,
    hookimpl,
    outline,
    reps_to_do,
    segment_label,
    side_in_words,
)

from .pictures import inline_svg

if TYPE_CHECKING:
    from jinja2 import Environment


#: The page's styles and scripts, inlined in this order (each file holds one part of the page).
CSS_FILES = ("handout.css", "devicelog.css", "logsheet.css")
JS_FILES = ("timer.js", "devicelog.js")


def render(plan: Plan, options: Mapping[str, str]) -> str:
    from markupsafe import Markup  # imported here: listing exporters should not pay for Jinja2

    doc = outline(plan)
    css = "\n".join(_asset(name) for name in CSS_FILES)
    js = "\n".join(_asset(name) for name in JS_FILES)
    figures = timer_figures(doc)
    return (
        _environment()
        .get_template("handout.html.j2")
        .render(
            doc=doc,
            css=Markup(css),
            js=Markup(js),
            csp=Markup(_csp(css, js)),  # our own text: quotes and base64 only
            stages_ahead=STAGES_AHEAD,
            anchor=partial(exercise_anchor, doc),
            log_sheet=LOG_SHEET_WORDS,
            date_in_words=date_in_words,
            log_words=LOG_WORDS,
            illustrated=any(ex.pictures for stage in doc.stages for ex in stage.exercises),
            timer={"stages": timer_stages(doc, figures), "words": TIMER_WORDS, "figures": figures},
            log=log_data(doc),
        )
    )


def timer_stages(doc: Outline, figures: Mapping[str, object] | None = None) -> list[dict[str, object]]:
    """Every stage as the page's timer needs it to run the one for the device's date, or the one chosen.

    ``first_day`` and ``last_day`` are ISO dates, which the script compares
    with the local date as strings (so no time zone or clock change can move
    a day); ``weeks``, ``starts`` and ``ends`` are worded here, in the core's
    words, for the script to put into TIMER_WORDS' ``{weeks}`` and ``{date}``.
    """
    return [
        {
            "weeks": stage.week_numbers,
            "first_day": stage.first_day.isoformat(),
            "last_day": stage.last_day.isoformat(),
            "starts": date_in_words(stage.first_day),
            "ends": date_in_words(stage.last_day),
            "stretches": timer_stretches(stage, figures or {}),
        }
        for stage in doc.stages
    ]


def log_data(doc: Outline) -> dict[str, object]:
    """What the page's session log needs: the plan's id, each stage's days and parts, the sessions due, its words.

    ``start`` is the plan's first day: its weeks run from there, as
    ``backcare-kit review`` counts them, so "this week" on the page is the
    review's week too. ``sessions`` lists the ISO date of every scheduled
    session (a day twice for two sessions that day), for "N of M sessions".
    ``parts_total`` of a stage is its number of exercises, the log's
    ``parts_total`` for a session of it.
    """
    return {
        "plan_id": doc.plan_id,
        "start": doc.stages[0].first_day.isoformat(),
        "stages": [
            {
                "first_day": stage.first_day.isoformat(),
                "last_day": stage.last_day.isoformat(),
                "parts_total": len(stage.exercises),
            }
            for stage in doc.stages
        ],
        "sessions": [session.day.isoformat() for session in doc.sessions],
        "words": LOG_WORDS,
    }


def timer_stretches(stage: StageOutline, figures: Mapping[str, object] | None = None) -> list[dict[str, object]]:
    """One stage's session as the page's timer walks through it: one stretch per side or transition.

    ``kind`` and ``side`` are stable codes the script tests (``rest`` for the
    rest between sets); everything it shows is already worded here
    (``label``, with the set; ``side_words``; ``reps``: the repetitions to do),
    from the core. ``figure`` names the exercise's entry in :func:`timer_figures`
    ("" for none); a transition shows the figure of the exercise it leads to.
    """
    switch = {ex.id: ex.side_switch for ex in stage.exercises}
    shown = figures or {}
    return [
        {
            "kind": s.kind.value,
            "side": s.side.value,
            "label": segment_label(s),
            "side_words": side_in_words(s.side),
            "seconds": s.seconds,
            "reps": reps_to_do(s),
            "switch": switch.get(s.exercise_id, "") if s.side is Side.SECOND else "",
            "figure": s.exercise_id if s.exercise_id in shown else "",
        }
        for s in stage.timing.segments
    ]


def timer_figures(doc: Outline) -> dict[str, dict[str, str]]:
    """What the timer shows of each illustrated exercise, by exercise id, once however many stages it is in.

    ``motion`` is the moving figure's SVG markup ("" without poses), checked
    for the page (``inline_svg``); ``pictures`` is the id of the first
    exercise on the page whose still pictures the timer copies when motion
    is reduced or there is none, so the page carries each image only where
    the patient reads it.
    """
    figures: dict[str, dict[str, str]] = {}
    for stage in doc.stages:
        for ex in stage.exercises:
            if ex.id not in figures and (ex.pictures or ex.motion):
                figures[ex.id] = {
                    "motion": inline_svg(ex.motion) if ex.motion else "",
                    "pictures": exercise_anchor(doc, stage, ex) if ex.pictures else "",
                }
    return figures


def exercise_anchor(doc: Outline, stage: StageOutline, ex: ExerciseOutline) -> str:
    """The page's id for an exercise: numbered within its stage when the plan has several."""
    if len(doc.stages) > 1:
        return f"stage-{stage.number}-exercise-{ex.number}"
    return f"exercise-{ex.number}"


def _csp(css: str, js: str) -> str:
    return (
        "default-src 'none'; "
        f"style-src '{_sha256(css)}'; script-src '{_sha256(js)}'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
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
            phases=True,
        )
    )
