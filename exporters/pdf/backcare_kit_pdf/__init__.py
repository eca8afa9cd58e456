"""backcare_kit exporter: the patient handout as a PDF, to print or attach.

The PDF is the HTML handout printed: ``backcare_kit_html.render`` gives the
page (the same outline, words, safety text first, pictures as ``data:`` URIs
and the paper log sheet at the end), and WeasyPrint lays it out for print
media with this package's stylesheet for the paper and print size. Reusing
the handout, rather than a template of its own, keeps one layout of the plan
to review and keeps every format's wording the same by construction; the
HTML exporter ships in the same distribution, so depending on it adds
nothing to install.

WeasyPrint is an optional extra (``backcare-kit[pdf]``) that needs the Pango
library from the system, so it is imported only when a PDF is made: the
format is always listed, and without WeasyPrint it says what to install.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from backcare_kit.plugin_api import Exporter, OptionError, Outline, Plan, hookimpl, outline

from .layout import wrap_exercise_parts
from .offline import offline_fetcher
from .options import OPTIONS, read_options
from .printing import print_css

#: What to install for PDFs, said when WeasyPrint or Pango is missing.
INSTALL = (
    "pip install 'backcare-kit[pdf]' for WeasyPrint, and the Pango library from your system "
    "(Debian or Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0)"
)

#: PDF/UA-1: tagged for screen readers, with the language and title a reader announces.
PDF_VARIANT = "pdf/ua-1"


class PdfUnavailable(OptionError):
    """WeasyPrint or Pango is not installed: the user is told what to install, as for a bad option, not a crash."""


def render(plan: Plan, options: Mapping[str, str]) -> bytes:
    settings = read_options(options)  # first: a mistyped option is reported even without WeasyPrint
    from backcare_kit_html import render as render_html  # the same distribution: see the module's docstring

    with pillow_kept_strict():
        weasyprint = load_weasyprint()
        html = weasyprint.HTML(string=render_html(plan, {}), url_fetcher=offline_fetcher(), media_type="print")
        wrap_exercise_parts(html.etree_element)
        document = html.render(stylesheets=[weasyprint.CSS(string=print_css(settings))])
        describe(document.metadata, outline(plan))
        return bytes(document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True))


@contextmanager
def pillow_kept_strict() -> Iterator[None]:
    """Undo the one global WeasyPrint changes: importing it tells Pillow to load images cut short.

    The toolkit refuses a clinic's picture that is cut short (Pillow raises on
    it); after a PDF in the same process, a notebook kernel say, it would
    quietly accept one. WeasyPrint only ever sees pictures that passed that check.
    """
    from PIL import ImageFile

    before = ImageFile.LOAD_TRUNCATED_IMAGES
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def load_weasyprint() -> Any:
    """The weasyprint module, or :class:`PdfUnavailable` saying what to install (Python package or Pango)."""
    try:
        import weasyprint
    except ImportError:
        raise PdfUnavailable(f"making a PDF needs WeasyPrint, which is not installed: {INSTALL}") from None
    except OSError as error:  # WeasyPrint is there but cannot load Pango
        raise PdfUnavailable(f"making a PDF needs the Pango library ({error}): {INSTALL}") from None
    return weasyprint


def missing() -> str:
    """What to install for PDFs, or "" when WeasyPrint and Pango are here: ``--format all`` asks before rendering."""
    try:
        with pillow_kept_strict():
            load_weasyprint()
    except PdfUnavailable as error:
        return str(error)
    return ""


def describe(metadata: Any, doc: Outline) -> None:
    """The PDF's title, author and language: what a PDF reader lists and a screen reader announces first.

    The page gives the title and language; the author is the clinic (else the clinician) that gave the plan.
    """
    metadata.title = doc.title
    metadata.authors = [who for who in (doc.clinic or doc.clinician,) if who]
    metadata.lang = metadata.lang or "en"


@hookimpl
def register_exporters(register):
    register(
        Exporter(
            name="pdf",
            title="Patient handout (PDF, to print or attach)",
            extension=".pdf",
            media_type="application/pdf",
            render=render,
            options=OPTIONS,
            phases=True,
            missing=missing,
        )
    )
