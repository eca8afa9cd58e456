"""The timer's moving figure, checked before its markup goes into the page.

An SVG animation can be paused from the page's script (``pauseAnimations``)
only when it is part of the page, not an ``<img>``. So the figure's markup is
put into the page, after the same check as a clinic's own SVG
(backcare_kit.svgcheck: nothing that runs code or reaches outside the
drawing) and one of the page's own: no ``style``, which the page's policy
would refuse. The figure renderer makes none of these; one that did is a bug
to report, not to ship.
"""

from __future__ import annotations

import re
from functools import lru_cache

from backcare_kit.plugin_api import SvgRefused, svg_size

_STYLE = re.compile(r"<(?:\w+:)?style[\s>/]|\sstyle\s*=", re.IGNORECASE)


class UnsafeFigure(ValueError):
    """The figure renderer made markup the handout will not put into its page."""


@lru_cache(maxsize=256)
def inline_svg(markup: str) -> str:
    """``markup`` unchanged, once checked; UnsafeFigure saying what was found otherwise.

    Remembered: a clinic exporting a batch of plans draws the same few figures each time.
    """
    try:
        svg_size(markup.encode("utf-8"))
    except SvgRefused as refused:
        raise UnsafeFigure(f"the moving figure is refused: expected {refused}") from None
    if _STYLE.search(markup):
        raise UnsafeFigure("the moving figure has a style, which the page's policy refuses")
    return markup
