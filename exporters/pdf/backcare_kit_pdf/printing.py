"""The print stylesheet the PDF adds to the handout: paper, print size, page breaks, fonts.

WeasyPrint reads the handout's own ``@media print`` rules (the timer and
buttons hidden, exercises kept whole); this sheet sets what only a PDF
decides. It is a *user* stylesheet in WeasyPrint's terms, which ranks below
the page's own rules, so its declarations are ``!important``: that is how a
user sheet wins, and nothing else in the handout is ``!important`` but
``[hidden]``.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from .options import PAPERS, Settings

#: Fonts that embed and read well at small sizes, in order; CI installs both (fonts-liberation, fonts-dejavu-core).
FONTS = '"Liberation Sans", "DejaVu Sans", Arial, sans-serif'


def print_css(settings: Settings) -> str:
    """The stylesheet for ``settings``: the page size, then the rules for every PDF, then the print size's."""
    page = f"@page {{ size: {PAPERS[settings.paper]}; }}\nhtml {{ font-family: {FONTS} !important; }}\n"
    return page + _sheet("pdf.css") + _sheet(f"{settings.print_size}.css")


@cache
def _sheet(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
