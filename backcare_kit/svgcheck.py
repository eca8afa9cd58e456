"""Whether an SVG is safe to embed in a patient's handout, and how much space it takes.

An SVG is a program as much as a picture: it can carry scripts, event
handlers, HTML inside ``<foreignObject>``, and references that make a
browser fetch from the network (which would tell a third party that the
patient opened their plan). Such an SVG is **refused, not sanitised**: a
sanitiser that removes what it judges dangerous must know every trick a
browser honours, and what it leaves is a drawing nobody checked; a refusal
says what was found, and the clinic re-exports the drawing (Inkscape's
"Plain SVG", for one, carries none of these). A drawing a clinic makes for a
handout never needs any of them.

Parsed with defusedxml, DOCTYPEs refused outright: entity declarations live
there, and they can expand to gigabytes or fetch a file. Imported only
when a picture is an SVG, so a catalog without one never loads the parser.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from .text import shown

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
#: What a browser shows an SVG as when it states no size (the default size of an embedded object).
DEFAULT_SIZE = (300, 150)
#: Elements that run, or hand the page to, code or another document.
_REFUSED_ELEMENTS = {
    "script": "a <script> element",
    "foreignobject": "a <foreignObject> element (HTML inside the drawing)",
    "handler": "a <handler> element (an event handler)",
    "listener": "a <listener> element (an event handler)",
}
#: Animation elements, which can change a link or a handler after the checks below have looked.
_ANIMATIONS = {"animate", "set", "animatetransform", "animatemotion", "animatecolor"}
_URL = re.compile(r"url\(\s*(['\"]?)\s*([^)'\"]*)", re.IGNORECASE)
_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(px|pt|pc|mm|cm|in)?\s*")
#: CSS pixels in each absolute unit.
_UNITS = {None: 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}


class SvgRefused(ValueError):
    """Why an SVG was refused, as the end of an "expected ..." message."""


def svg_size(data: bytes) -> tuple[int, int]:
    """The width and height in pixels a page should reserve for this SVG; SvgRefused when it is unsafe or broken."""
    root = _parse(data)
    if _local(root.tag) != "svg" or _namespace(root.tag) != SVG_NAMESPACE:
        raise SvgRefused(
            f'an SVG whose root element is <svg xmlns="{SVG_NAMESPACE}"> (a browser shows nothing without it), '
            f"not <{_local(root.tag)}> in {_namespace(root.tag) or 'no namespace'}"
        )
    found = _unsafe(root)
    if found is not None:
        raise SvgRefused(
            "an SVG without scripts, event handlers, foreignObject or references outside the drawing "
            f"(such an SVG is refused, not cleaned), not an SVG with {found}"
        )
    return _size(root.attrib)


class _Tree(ET.TreeBuilder):
    """A tree builder that also notes processing instructions, even those before the root element."""

    def __init__(self) -> None:
        super().__init__()
        self.instructions: list[str] = []

    def pi(self, target: str, text: str | None = None) -> Any:
        self.instructions.append(target)
        return super().pi(target, text)


def _parse(data: bytes) -> ET.Element:
    from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
    from defusedxml.ElementTree import DefusedXMLParser  # type: ignore[import-untyped]

    tree = _Tree()
    parser = DefusedXMLParser(target=tree, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException:
        raise SvgRefused(
            "an SVG without a DOCTYPE or entity declarations (they can expand without end or fetch files; "
            "such an SVG is refused, not cleaned), not one with a DOCTYPE"
        ) from None
    except ET.ParseError as error:
        line, column = error.position
        reason = str(error).split(":")[0]
        raise SvgRefused(
            f"an SVG that is well-formed XML, not one with an error at line {line}, column {column + 1} ({reason})"
        ) from None
    if tree.instructions:
        raise SvgRefused(
            "an SVG without processing instructions (they can load a style sheet from elsewhere), "
            f"not one with <?{tree.instructions[0]} ...?>"
        )
    return root


def _unsafe(root: ET.Element) -> str | None:
    """What in the drawing could run code or reach outside it, in words, or None."""
    for element in root.iter():
        name = _local(element.tag)
        if name.lower() in _REFUSED_ELEMENTS:
            return _REFUSED_ELEMENTS[name.lower()]
        for key, value in element.attrib.items():
            found = _unsafe_attribute(name, key, value)
            if found is not None:
                return found
        if name == "style":
            found = _unsafe_css(element.text or "")
            if found is not None:
                return f"{found} in a <style> element"
    return None


def _unsafe_attribute(element: str, key: str, value: str) -> str | None:
    name = _local(key)
    if name.lower().startswith("on"):
        return f"an event handler ({name}={_quoted(value)})"
    if name == "href" and not value.strip().startswith("#"):
        return f"a reference outside the drawing (<{element} {_qualified(key)}={_quoted(value)}>)"
    if element.lower() in _ANIMATIONS and name == "attributeName":
        target = _local(value.split(":")[-1]).lower()
        if target == "href" or target.startswith("on"):
            return f"an animation that changes a link or an event handler (<{element} attributeName={_quoted(value)}>)"
    if _namespace(key) not in ("", SVG_NAMESPACE):  # an editor's own notes (inkscape:export-filename): never read
        return None
    found = _unsafe_css(value)
    return None if found is None else f"{found} in its {name} attribute"


def _unsafe_css(text: str) -> str | None:
    """A reference outside the drawing in CSS (an attribute's value or a style sheet), in words, or None.

    A CSS escape is refused too: ``u\\72l(`` is ``url(`` to a browser and could hide a reference.
    """
    if "@import" in text.lower():
        return "an @import"
    if "\\" in text:
        return "a CSS escape (\\), which can hide a reference"
    for match in _URL.finditer(text):
        if not match.group(2).strip().startswith("#"):
            return f"a reference outside the drawing (url({shown(match.group(2).strip())}))"
    return None


def _size(attributes: dict[str, str]) -> tuple[int, int]:
    """Width and height from the root's width and height, else its viewBox, as a browser sizes an ``<img>``."""
    width, height = _length(attributes.get("width")), _length(attributes.get("height"))
    box = _view_box(attributes.get("viewBox"))
    if box is not None:
        if width is None and height is None:
            width, height = box
        elif height is None and width is not None:
            height = width * box[1] / box[0]
        elif width is None and height is not None:
            width = height * box[0] / box[1]
    return (
        max(1, round(width if width is not None else DEFAULT_SIZE[0])),
        max(1, round(height if height is not None else DEFAULT_SIZE[1])),
    )


def _length(text: str | None) -> float | None:
    """An absolute length in pixels, or None for a missing, relative (%, em) or unreadable one."""
    match = _LENGTH.fullmatch(text or "")
    if match is None or float(match.group(1)) <= 0:
        return None
    return min(float(match.group(1)) * _UNITS[match.group(2)], 1e6)


def _view_box(text: str | None) -> tuple[float, float] | None:
    numbers = re.split(r"[\s,]+", (text or "").strip())
    try:
        width, height = float(numbers[2]), float(numbers[3])
    except (IndexError, ValueError):
        return None
    return (width, height) if len(numbers) == 4 and 0 < width <= 1e6 and 0 < height <= 1e6 else None


def _local(tag: str) -> str:
    """``{namespace}name`` without its namespace."""
    return tag.rpartition("}")[2]


def _namespace(tag: str) -> str:
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


def _qualified(key: str) -> str:
    return "xlink:href" if _namespace(key) == "http://www.w3.org/1999/xlink" else _local(key)


def _quoted(value: str) -> str:
    return '"' + (value if len(value) <= 40 else value[:39] + "…") + '"'
