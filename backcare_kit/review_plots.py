"""The review's two plots, adherence by week and pain over time: the one place they are drawn.

The progress report (``backcare-kit review --output``) puts them inline in its
page and notebook 05 shows them as images, so both show the same picture of
the same figures. matplotlib is imported only here and only when a plot is
drawn: it is the ``review`` extra, and nothing else in the toolkit needs it.

Plots are drawn on a bare ``Figure`` (no pyplot, so no global figure state and
no interactive backend: nothing to close, safe in a kernel) and written as SVG
that is the same byte for byte for the same review: the ids' salt is fixed,
there is no date, and text is drawn as paths, so no font on the reader's
machine changes it. The plots' words come from words.REPORT_WORDS; the
figures are in the tables beside them, which are the plots' text alternative.
"""

from __future__ import annotations

import base64
import io
import math
import re
from dataclasses import dataclass
from datetime import datetime, time
from html import escape
from typing import TYPE_CHECKING

from .errors import BackcareError
from .review import Review
from .words import REPORT_NEEDS_MATPLOTLIB, REPORT_WORDS, pain_plot_in_words, weeks_plot_in_words

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: The settings every plot is drawn and saved under (matplotlib.rc_context), for the same bytes every time.
RC = {
    "svg.hashsalt": "backcare-kit",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",  # ships with matplotlib: the same glyphs on every machine
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
#: Colours that stay apart for the common kinds of colour blindness (Okabe and Ito); lines also differ in marker.
DONE, SCHEDULED, BEFORE, AFTER = "#0072b2", "#bbbbbb", "#d55e00", "#0072b2"
SIZE = (6.4, 3.2)

_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
_STYLE_ELEMENT = re.compile(r"<style[^>]*>.*?</style>", re.DOTALL)
_REFERENCE = re.compile(r'(\bid="|xlink:href="#|\bhref="#|url\(#)')
_NAMESPACES = re.compile(r'\sxmlns(?::\w+)?="[^"]*"')


@dataclass(frozen=True)
class Plot:
    """One drawn plot: its SVG document and the words that stand in for it."""

    svg: str
    alt: str

    def inline(self, prefix: str) -> str:
        """The plot as markup for inside an HTML page (see :func:`inline_svg`)."""
        return inline_svg(self.svg, prefix, self.alt)

    def data_uri(self) -> str:
        """The SVG as a ``data:`` URI, for an ``<img>`` (a notebook output, a record)."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode("utf-8")).decode("ascii")

    def _repr_html_(self) -> str:
        """A notebook shows the plot as an image with its words, which the clinical record keeps."""
        return f'<img class="bk-plot" src="{self.data_uri()}" alt="{escape(self.alt)}">'


def weeks_plot(review: Review) -> Plot:
    """Sessions done, and scheduled when the plan is known, as bars side by side for each week."""
    matplotlib = _matplotlib()  # first: says what to install when it is missing
    from matplotlib.ticker import MaxNLocator

    with matplotlib.rc_context(RC):
        figure, axes = _figure()
        weeks = [w.number for w in review.weeks]
        planned = any(w.scheduled is not None for w in review.weeks)
        width = 0.4 if planned else 0.6
        shift = width / 2 if planned else 0.0
        axes.bar(
            [n - shift for n in weeks], [w.done for w in review.weeks], width, color=DONE, label=REPORT_WORDS["done"]
        )
        if planned:
            scheduled = [w.scheduled or 0 for w in review.weeks]
            axes.bar([n + shift for n in weeks], scheduled, width, color=SCHEDULED, label=REPORT_WORDS["scheduled"])
        axes.set_xticks(weeks or [1])
        axes.set_xlim(0.4, max(weeks or [1]) + 0.6)  # one week is one bar's width, not the whole plot
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        _label(axes, "weeks", "weeks_plot_title" if planned else "weeks_plot_title_unplanned")
        _legend(axes)
        return Plot(_svg(figure), weeks_plot_in_words(review))


def pain_plot(review: Review) -> Plot:
    """Pain before and after each session over the days of the log, on the 0 to 10 scale; gaps where not recorded."""
    matplotlib = _matplotlib()  # first: says what to install when it is missing
    from matplotlib.dates import DateFormatter, DayLocator, date2num

    with matplotlib.rc_context(RC):
        figure, axes = _figure()
        days = [float(date2num(datetime.combine(day, time()))) for day, _, _ in review.pain]
        before = [_score(b) for _, b, _ in review.pain]
        after = [_score(a) for _, _, a in review.pain]
        axes.plot(days, before, color=BEFORE, marker="o", linestyle="-", label=REPORT_WORDS["pain_before"])
        axes.plot(days, after, color=AFTER, marker="s", linestyle="--", label=REPORT_WORDS["pain_after"])
        axes.set_ylim(-0.3, 10.3)
        axes.set_yticks(range(0, 11, 2))
        if days:  # whole days only (a locator's own choice may tick hours, each labelled with the same day)
            axes.set_xlim(days[0] - 1, days[-1] + 1)
            axes.xaxis.set_major_locator(DayLocator(interval=max(1, math.ceil((days[-1] - days[0] + 2) / 7))))
        axes.xaxis.set_major_formatter(DateFormatter("%d %b"))
        _label(axes, "pain")
        _legend(axes)
        return Plot(_svg(figure), pain_plot_in_words(review))


def inline_svg(svg: str, prefix: str, label: str) -> str:
    """An SVG document as an ``<svg role="img">`` element for an HTML page, labelled, with nothing to load or run.

    * ids (and what refers to them) are prefixed, so two plots in one page
      cannot take each other's glyphs or clipping;
    * matplotlib's style attributes become presentation attributes and its
      one ``<style>`` rule moves to the root (inherited), so the page's
      Content-Security-Policy can allow only its own style sheet, by hash;
    * the XML prologue and namespace declarations go: an HTML parser puts
      ``<svg>`` in the SVG namespace itself, and the page then holds no URL at all.
    """
    body = svg[svg.index("<svg") :]
    body = _STYLE_ELEMENT.sub("", body)
    body = _REFERENCE.sub(rf"\g<1>{prefix}-", body)
    body = _STYLE_ATTRIBUTE.sub(_as_attributes, body)
    root_end = body.index(">")
    root = _NAMESPACES.sub("", body[:root_end])
    attributes = f' role="img" aria-label="{escape(label)}" stroke-linejoin="round" stroke-linecap="butt"'
    return root + attributes + body[root_end:]


def _as_attributes(match: re.Match[str]) -> str:
    """``style="fill: #fff; stroke-width: 0.8"`` -> ``fill="#fff" stroke-width="0.8"``."""
    pairs = (part.split(":", 1) for part in match.group(1).split(";") if ":" in part)
    return "".join(f' {name.strip()}="{escape(value.strip())}"' for name, value in pairs)


def _figure() -> tuple[Figure, Axes]:
    from matplotlib.figure import Figure

    figure = Figure(figsize=SIZE, layout="constrained")
    return figure, figure.add_subplot()


def _label(axes: Axes, plot: str, title: str = "") -> None:
    """The plot's title and axis labels, from words.REPORT_WORDS."""
    axes.set_title(REPORT_WORDS[title or f"{plot}_plot_title"], loc="left")
    axes.set_xlabel(REPORT_WORDS[f"{plot}_plot_x"])
    axes.set_ylabel(REPORT_WORDS[f"{plot}_plot_y"])


def _score(score: int | None) -> float:
    """A pain score for the plot: NaN where the patient left it empty, so the line has a gap there."""
    return float("nan") if score is None else float(score)


def _legend(axes: Axes) -> None:
    """The legend beside the plot, where it can hide no bar or point."""
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)


def _svg(figure: Figure) -> str:
    """The figure as an SVG document with no date or creator, so the same plot gives the same text."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    return buffer.getvalue()


def _matplotlib():  # -> the matplotlib module; untyped so that mypy needs no stubs when it is missing
    """matplotlib, or a BackcareError saying what to install: the review extra is optional."""
    try:
        import matplotlib
    except ImportError:
        raise BackcareError(REPORT_NEEDS_MATPLOTLIB) from None
    return matplotlib
