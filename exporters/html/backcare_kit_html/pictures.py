"""Pictures in the handout: their sizes for the page's layout, and the timer's moving figure checked for inlining.

Each ``<img>`` carries its picture's width and height, so the browser keeps
the picture's room before it draws it and the steps never jump down the page.

The moving figure is different: an SVG animation can only be paused from the
page's script (``pauseAnimations``) when it is part of the page, not an
``<img>``. So its markup goes into the page, and is first checked to hold
nothing that could run, load or style anything (the page's policy would
refuse that, but a figure that trips it is a bug to report, not to ship).
"""

from __future__ import annotations

import importlib
import io
import re
from functools import lru_cache
from typing import Any

SVG = "image/svg+xml"
_SVG_NS = "{http://www.w3.org/2000/svg}"

#: The size a browser gives an SVG that says nothing of its own: CSS's default for a replaced element.
DEFAULT_SIZE = (300, 150)

#: Elements that run script, load something or bring in markup of another kind.
_UNSAFE_ELEMENTS = frozenset(
    {"script", "foreignObject", "style", "iframe", "a", "image", "audio", "video", "object", "embed", "handler"}
)
_NUMBER = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(?:px)?\s*")


def size_of(picture: Any) -> tuple[int, int]:
    """The picture's width and height in CSS pixels, as its ``<img>`` is first laid out.

    A Picture that already knows its size (``width``/``height``) says so;
    otherwise raster images are measured from their header and SVG from its
    root's ``width``/``height`` or ``viewBox``.
    """
    width, height = getattr(picture, "width", None), getattr(picture, "height", None)
    if isinstance(width, int) and isinstance(height, int) and width > 0 and height > 0:
        return width, height
    return _measured(picture.media_type, picture.data)


@lru_cache(maxsize=256)
def _measured(media_type: str, data: bytes) -> tuple[int, int]:
    if media_type == SVG:
        return _svg_size(data)
    from PIL import Image  # only for a clinic's own raster images

    with Image.open(io.BytesIO(data)) as image:
        return image.size


def _parse_xml(text: str | bytes) -> Any:
    """The root element of ``text``, parsed refusing entities and external references (defusedxml).

    Imported by name: defusedxml ships no type hints, and whether stubs are
    installed must not decide whether the type check passes.
    """
    return importlib.import_module("defusedxml.ElementTree").fromstring(text)


def _svg_size(data: bytes) -> tuple[int, int]:
    root = _parse_xml(data)
    width, height = _length(root.get("width")), _length(root.get("height"))
    box = [_length(part) for part in (root.get("viewBox") or "").replace(",", " ").split()[2:]]
    if len(box) == 2 and None not in box and (width is None or height is None):
        box_width, box_height = float(box[0] or 0), float(box[1] or 0)
        if box_width > 0 and box_height > 0:
            if width is not None:
                return round(width), round(width * box_height / box_width)
            if height is not None:
                return round(height * box_width / box_height), round(height)
            return round(box_width), round(box_height)
    if width and height:
        return round(width), round(height)
    return DEFAULT_SIZE


def _length(value: str | None) -> float | None:
    """A length in pixels ('240', '240px'); None for none, a percentage or another unit."""
    match = _NUMBER.fullmatch(value or "")
    return float(match[1]) if match and float(match[1]) > 0 else None


class UnsafeFigure(ValueError):
    """The figure renderer made markup the handout will not put into its page."""


@lru_cache(maxsize=256)
def inline_svg(markup: str) -> str:
    """``markup`` unchanged, once checked to be one ``<svg>`` with nothing in it that runs, loads or styles.

    Raises UnsafeFigure naming what was found: a script or a foreign
    element, an event handler, a ``style`` (the page's policy allows only
    its own), or a link to anything but a part of the figure itself.
    Remembered: a clinic exporting a batch of plans draws the same few figures each time.
    """
    root = _parse_xml(markup)
    if root.tag != f"{_SVG_NS}svg":
        raise UnsafeFigure(f"the moving figure is not an <svg> element: {root.tag}")
    for element in root.iter():
        _check(element.tag.removeprefix(_SVG_NS), element.attrib)
    return markup


def _check(tag: str, attributes: dict[str, str]) -> None:
    if tag in _UNSAFE_ELEMENTS or tag.startswith("{"):
        raise UnsafeFigure(f"the moving figure holds a <{tag}> element")
    for name, value in attributes.items():
        local = name.rsplit("}", 1)[-1].lower()
        if local.startswith("on") or local == "style":
            raise UnsafeFigure(f"the moving figure's <{tag}> has a {local} attribute")
        if local == "href" and not value.startswith("#"):
            raise UnsafeFigure(f"the moving figure's <{tag}> links outside itself: {value[:60]!r}")
        if re.search(r"url\(\s*['\"]?(?!#)", value):
            raise UnsafeFigure(f"the moving figure's <{tag}> refers to {value[:60]!r}")
        if local == "attributename" and _animates_unsafely(value):
            raise UnsafeFigure(f"the moving figure's <{tag}> animates {value!r}")


def _animates_unsafely(attribute: str) -> bool:
    """Whether an animation changes a link, a style or a handler, which could make it load or run something."""
    name = attribute.rsplit(":", 1)[-1].lower()
    return name in ("href", "style") or name.startswith("on")
