"""WeasyPrint may read only what the handout carries inside itself: ``data:`` URIs.

A plan comes from a clinic's files; a picture or a style that named a web
address or a local file must not make printing a handout reach out (it would
tell a server that a patient's plan is being printed, and the PDF would
depend on it). Anything but ``data:`` is refused, so WeasyPrint leaves it out
and prints the rest. The class is WeasyPrint's own ``URLFetcher`` (68 and
later: the release that made it the supported way), narrowed to one scheme.
"""

from __future__ import annotations

from typing import Any


class FetchRefused(ValueError):
    """WeasyPrint asked for something outside the document; the message names it."""


def offline_fetcher() -> Any:
    """A WeasyPrint URL fetcher that decodes ``data:`` URIs and refuses everything else."""
    from weasyprint.urls import URLFetcher  # imported here: WeasyPrint is an optional extra

    class OfflineFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith("data:"):
                raise FetchRefused(f"the PDF handout reads nothing outside itself, so {url[:80]!r} was left out")
            return super().fetch(url, headers)

    return OfflineFetcher(allowed_protocols=("data",), allow_redirects=False)
