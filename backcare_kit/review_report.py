"""The progress report: session logs reviewed, as one self-contained HTML page for the patient's notes.

For one log: who and which plan, sessions done and adherence, the flags in
words (most urgent first, red-flag notes quoted), sessions by week and pain
before and after each session, each as a plot with its table beside it (the
table is the plot's text alternative). For many logs: first a summary table,
one row per patient, flagged first, then each patient in that order.

The page must open from a patient's record years later with no network, and
what a patient wrote must never run: everything typed goes through Jinja2's
autoescaping, the plots are inline SVG with nothing to load, and a
Content-Security-Policy allows only the page's own style sheet, by its hash.
The figures are review.py's and the words are words.py's, as the command
line's text review shows them.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

from .files import write_atomic
from .review import Review, caseload, review
from .sessionlog import SessionLog
from .words import (
    FLAG_WORDS,
    REPORT_WORDS,
    caseload_row,
    date_in_words,
    patient_in_words,
    rows_not_counted,
    score_in_words,
)

if TYPE_CHECKING:
    from jinja2 import Environment
    from markupsafe import Markup

    from .plan import Plan

TEMPLATE = "review_report.html.j2"
CSS = "review_report.css"


@dataclass(frozen=True)
class Section:
    """One patient's part of the report, every value already in words for the template."""

    anchor: str
    who: str
    log: str
    review: Review
    #: Whether the plan, and so the sessions due, is known.
    planned: bool
    adherence: str
    row: tuple[str, str, str]
    weeks: list[dict[str, str]]
    pain: list[tuple[str, str, str]]
    weeks_svg: Markup
    pain_svg: Markup
    not_counted_heading: str
    not_counted: list[str]


def report_html(logs: Sequence[SessionLog], plan: Plan | None = None, until: date | None = None) -> str:
    """The report for ``logs``; with ``plan``, sessions due are counted up to ``until`` (default: each last entry)."""
    from markupsafe import Markup

    schedule = plan.schedule if plan else None
    reviewed = [(review(log, schedule, until if plan else None), log) for log in logs]
    by_review = {id(found): log for found, log in reviewed}
    ordered = caseload([found for found, _ in reviewed])
    patient = plan.patient if plan else ""
    sections = [_section(n, found, by_review[id(found)], patient) for n, found in enumerate(ordered, start=1)]
    css = _asset(CSS)
    if len(sections) == 1:
        title = REPORT_WORDS["title_one"].format(who=sections[0].who)
    else:
        title = REPORT_WORDS["title_many"].format(count=len(sections))
    return (
        _environment()
        .get_template(TEMPLATE)
        .render(
            title=title,
            sections=sections,
            words=REPORT_WORDS,
            flag_words=FLAG_WORDS,
            until=_until_in_words(plan, until),
            css=Markup(css),
            csp=Markup(_csp(css)),  # our own text: quotes and base64 only
        )
    )


def write_report(
    path: str | PathLike[str],
    logs: Sequence[SessionLog],
    plan: Plan | None = None,
    until: date | None = None,
    overwrite: bool = False,
) -> Path:
    """Write the report atomically, refusing to replace an existing file unless ``overwrite``.

    The page is built before anything is written, so a log that cannot be
    reported leaves no file (and no old report half replaced).
    """
    return write_atomic(path, report_html(logs, plan, until).encode("utf-8"), overwrite=overwrite)


def _section(number: int, found: Review, log: SessionLog, patient: str) -> Section:
    from markupsafe import Markup

    from .review_plots import pain_plot, weeks_plot

    anchor = f"patient-{number}"
    row = caseload_row(found)
    return Section(
        anchor=anchor,
        who=patient_in_words(found, patient),
        log=found.source,
        review=found,
        planned=any(w.scheduled is not None for w in found.weeks),
        adherence=row[0],
        row=row,
        weeks=[
            {
                "number": str(w.number),
                "start": date_in_words(w.start),
                "done": str(w.done),
                "scheduled": "-" if w.scheduled is None else str(w.scheduled),
            }
            for w in found.weeks
        ],
        pain=[(date_in_words(day), score_in_words(b), score_in_words(a)) for day, b, a in found.pain],
        weeks_svg=Markup(weeks_plot(found).inline(f"{anchor}-weeks")) if found.weeks else Markup(""),
        pain_svg=Markup(pain_plot(found).inline(f"{anchor}-pain")) if _any_score(found) else Markup(""),
        not_counted_heading=rows_not_counted(log.path, len(log.warnings)),
        not_counted=[str(w) for w in log.warnings],
    )


def _any_score(found: Review) -> bool:
    """Whether the patient wrote any pain score: a plot of none would be empty axes (the table says 'not recorded')."""
    return any(before is not None or after is not None for _, before, after in found.pain)


def _until_in_words(plan: Plan | None, until: date | None) -> str:
    if plan is None:
        return REPORT_WORDS["no_plan"]
    return REPORT_WORDS["until"].format(date=date_in_words(until)) if until else ""


def _csp(css: str) -> str:
    """Nothing loads and nothing runs; the only style allowed is the page's own sheet, by its hash."""
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return f"default-src 'none'; style-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"


@cache
def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("review_templates", name).read_text(encoding="utf-8")


@cache
def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader

    return Environment(
        loader=PackageLoader(__package__ or "backcare_kit", "review_templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
