"""Reading a PDF back as a person (and a PDF reader) would: poppler's pdftotext, pdfinfo, pdffonts, pdftoppm.

Test modules reach these through the ``poppler`` fixture (a conftest is not
imported by name). Without poppler-utils the PDF tests skip, saying what to
install, except under ``CI=true`` where they fail: CI installs it (.ci/run).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest

TOOLS = ("pdftotext", "pdfinfo", "pdffonts", "pdftoppm", "pdfimages")


def _require_tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not missing:
        return
    reason = f"{', '.join(missing)} not found: install poppler-utils (Debian: apt-get install poppler-utils)"
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"{reason} (CI=true, so PDF tests fail instead of skipping)", pytrace=False)
    pytest.skip(reason)


def _run(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True).stdout


def text(path: Path, *, layout: bool = False, page: int | None = None) -> str:
    """The PDF's text in reading order, of one page or all; with ``layout``, as laid out on the page.

    Reading order is the order the PDF draws its text in (``-raw``), which
    WeasyPrint keeps to the page's: an exercise's two columns read down the
    first, then the second. pdftotext's default guesses the order from where
    words sit, and can zigzag across two columns whose lines do not line up.
    """
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return _run("pdftotext", "-layout" if layout else "-raw", *pages, "-enc", "UTF-8", path, "-")


def page_texts(path: Path) -> list[str]:
    """Each page's text, whitespace collapsed: what a page says, whatever its line breaks."""
    return [squash(text(path, page=n)) for n in range(1, pages(path) + 1)]


def info(path: Path) -> dict[str, str]:
    """pdfinfo's fields: Title, Author, Tagged, Pages, Page size, ..."""
    rows = (line.split(":", 1) for line in _run("pdfinfo", path).splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in rows}


def pages(path: Path) -> int:
    return int(info(path)["Pages"])


def fonts(path: Path) -> list[dict[str, str]]:
    """pdffonts' rows: name and whether each font is embedded ('emb' is yes or no)."""
    lines = _run("pdffonts", path).splitlines()[2:]
    return [{"name": line.split()[0], "emb": line[-25:].split()[0]} for line in lines if line.strip()]


def images(path: Path) -> list[dict[str, str]]:
    """pdfimages' list of raster images: page, width, height (an SVG drawn as vectors is not one)."""
    rows = _run("pdfimages", "-list", path).splitlines()[2:]
    return [dict(zip(("page", "num", "type", "width", "height"), row.split()[:5], strict=True)) for row in rows]


def language(path: Path) -> str:
    """The document's /Lang, read from the catalog wherever it is (compressed object streams included)."""
    data = path.read_bytes()
    chunks = [data]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            chunks.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            continue
    for chunk in chunks:
        found = re.search(rb"/Lang\s*\(([^)]*)\)", chunk)
        if found:
            return found.group(1).decode("latin-1")
    return ""


def metadata(path: Path) -> str:
    """The XMP metadata stream (PDF/UA identification, title, creator)."""
    return _run("pdfinfo", "-meta", path)


def to_png(path: Path, page: int, target: Path, resolution: int = 60) -> Path:
    """One page rendered as ``target`` (.png), to look at and to check it is not blank."""
    stem = target.with_suffix("")
    _run("pdftoppm", "-r", str(resolution), "-png", "-singlefile", "-f", str(page), "-l", str(page), path, stem)
    return stem.with_suffix(".png")


def squash(words: str) -> str:
    return " ".join(words.split())


@dataclass(frozen=True)
class Laid:
    """Where a PDF's parts fall: the pages of the plan, and those of the log sheet at its end."""

    texts: list[str]
    log_title: str

    @property
    def log_start(self) -> int:
        """The index of the first log sheet page (-1 if none)."""
        return next((n for n, page in enumerate(self.texts) if self.log_title in page), -1)


@pytest.fixture(scope="session")
def poppler() -> SimpleNamespace:
    _require_tools()
    return SimpleNamespace(
        text=text,
        page_texts=page_texts,
        info=info,
        pages=pages,
        fonts=fonts,
        images=images,
        language=language,
        metadata=metadata,
        to_png=to_png,
        squash=squash,
        Laid=Laid,
    )
