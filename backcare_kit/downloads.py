"""A file the toolkit wrote, offered to the browser as a download.

A clinician may use the Voilà page from another computer than the server's:
the file written on the server is then out of reach. The page offers it as a
link holding the file itself (a ``data:`` URI with the ``download``
attribute), so the browser saves it with no route on the server and no
request anywhere: the file the link holds is the file written, byte for byte.
"""

from __future__ import annotations

import base64
import mimetypes
from html import escape
from pathlib import Path

#: Larger files are not put into the page: a link of that size would slow the page for every edit after it.
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024


def download_html(path: Path, media_type: str = "", label: str = "") -> str:
    """A link that saves ``path`` under its own name; a sentence saying where it is when it is too large.

    ``media_type`` defaults from the file's extension; its parameters (``; charset=utf-8``) are kept.
    """
    size = path.stat().st_size
    if size > MAX_DOWNLOAD_BYTES:
        where = escape(str(path))
        return (
            f"{escape(path.name)} is too large to download from this page ({size // 1_000_000} MB); it is at {where}."
        )
    kind = (media_type or mimetypes.guess_type(path.name)[0] or "application/octet-stream").replace(" ", "")
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    words = label or f"Download {path.name}"
    return f'<a download="{escape(path.name)}" href="data:{escape(kind)};base64,{data}">{escape(words)}</a>'
