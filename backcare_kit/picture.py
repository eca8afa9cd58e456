"""A picture of an exercise as a value: its bytes, what kind of image they are, and words for it.

The values layer knows no files: the catalog reader loads a clinic's image
files and hands their bytes here. A picture is checked by its content, not by
a file name, because a handout embeds it as it is (a ``data:`` URI) and a
patient's browser will treat it as what its bytes say.

INTERFACE (pictures-base): the PIC helper completes the checks
(sniffing, size limit, SVG safety) and keeps these names.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

#: The kinds of image a picture may be, by media type.
MEDIA_TYPES = ("image/png", "image/jpeg", "image/webp", "image/svg+xml")


@dataclass(frozen=True)
class Picture:
    """One image with its text alternative. ``media_type`` is one of MEDIA_TYPES."""

    media_type: str
    data: bytes
    alt: str

    @property
    def data_uri(self) -> str:
        """The picture as a ``data:`` URI, so a handout carries it without a network or a second file."""
        return f"data:{self.media_type};base64,{base64.b64encode(self.data).decode('ascii')}"
