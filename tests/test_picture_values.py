"""A Picture is what its bytes are: a PNG, JPEG, WebP or safe SVG, within its limits, readable to its end.

The images are made by Pillow here (real encoders, real bytes), and broken
the way files really break: cut short, a flipped byte, a header that claims
a billion pixels. The assertions are on the words a clinician reads.
"""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PIL import Image

from backcare_kit import Exercise
from backcare_kit.errors import InvalidValue
from backcare_kit.limits import MAX_PICTURE_BYTES, MAX_PICTURES
from backcare_kit.picture import Picture, PictureRefused, sniff, what_it_is

ROOT = Path(__file__).resolve().parent.parent
SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'


def raster(kind: str, size: tuple[int, int] = (40, 30), mode: str = "RGB") -> bytes:
    """An image of ``size`` saved by Pillow as ``kind`` (PNG, JPEG, WEBP, GIF, BMP, TIFF)."""
    out = io.BytesIO()
    Image.new(mode, size, "navy").save(out, kind)
    return out.getvalue()


def svg(inner: str = "", attributes: str = ' viewBox="0 0 120 60"') -> bytes:
    return f"{SVG_OPEN}{attributes}>{inner}</svg>".encode()


def refusal(data: bytes, media_type: str | None = None) -> str:
    """What a Picture made of ``data`` says it expected."""
    with pytest.raises(PictureRefused) as caught:
        if media_type is None:
            Picture.from_bytes(data, "A drawing")
        else:
            Picture(media_type, data, "A drawing")
    return caught.value.expected


def with_size_in_header(png: bytes, width: int, height: int) -> bytes:
    """``png`` with its IHDR claiming ``width`` x ``height`` (checksum mended): what a decompression bomb looks like."""
    start = 8 + 8  # signature, then the IHDR chunk's length and type
    fields = struct.pack(">II", width, height) + png[start + 8 : start + 13]
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + fields))
    return png[:start] + fields + crc + png[start + 17 :]


# 1. The accepted kinds, told by their content


@pytest.mark.parametrize(("kind", "media_type"), [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp")])
def test_each_raster_kind_is_told_by_its_content_with_its_size(kind, media_type):
    picture = Picture.from_bytes(raster(kind, (64, 48)), "A person lying on their back")
    assert (picture.media_type, picture.width, picture.height) == (media_type, 64, 48)
    assert picture.data_uri.startswith(f"data:{media_type};base64,")
    assert "bytes" not in repr(picture) and "b'" not in repr(picture)  # a notebook never prints 2 MB of bytes


@pytest.mark.parametrize(
    ("attributes", "size"),
    [
        (' width="200" height="100" viewBox="0 0 20 10"', (200, 100)),
        (' viewBox="0 0 120 60"', (120, 60)),
        (' width="2in" viewBox="0 0 100 50"', (192, 96)),
        (' height="30mm"', (300, 113)),
        (' width="50%" height="80"', (300, 80)),
        ("", (300, 150)),
    ],
    ids=["width-height", "viewbox", "inches-and-viewbox", "millimetres", "percent", "none"],
)
def test_an_svgs_size_is_what_a_browser_would_give_it(attributes, size):
    picture = Picture.from_bytes(svg("<circle r='5'/>", attributes), "A circle")
    assert (picture.media_type, (picture.width, picture.height)) == ("image/svg+xml", size)


def test_an_svg_with_an_xml_declaration_a_byte_order_mark_and_comments_is_recognised():
    data = b'\xef\xbb\xbf<?xml version="1.0" encoding="UTF-8"?>\n<!-- made by hand -->\n' + svg()
    assert sniff(data) == "image/svg+xml"
    assert Picture.from_bytes(data, "A drawing").width == 120


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (raster("GIF"), "a GIF image"),
        (raster("BMP"), "a BMP image"),
        (raster("TIFF"), "a TIFF image"),
        (b"%PDF-1.7\n", "a PDF document"),
        (b"<!DOCTYPE html><html><body>", "a web page (HTML)"),
        (b'<?xml version="1.0"?><note/>', "an XML file that is not an SVG"),
        (b"Lie on your back.", "a text file"),
        (b"", "an empty file"),
    ],
    ids=["gif", "bmp", "tiff", "pdf", "html", "xml", "text", "empty"],
)
def test_another_kind_of_file_is_named_in_the_refusal(data, named):
    assert what_it_is(data) == named
    assert refusal(data) == (
        f"a PNG, JPEG, WebP or SVG image, not {named} (told by the file's content, whatever its name)"
    )


def test_a_media_type_that_is_not_what_the_bytes_are_is_refused():
    assert refusal(raster("JPEG"), "image/png") == "PNG bytes for media type image/png, not a JPEG image"
    with pytest.raises(InvalidValue, match=r"media_type: expected one of image/png, .* not 'image/gif'"):
        Picture("image/gif", raster("GIF"), "A drawing")
    with pytest.raises(InvalidValue, match="data: expected the image's bytes, not 'str'"):
        Picture("image/svg+xml", svg().decode(), "A drawing")  # type: ignore[arg-type]


# 2. Limits: bytes and pixels


def test_a_picture_over_the_size_limit_is_refused_naming_the_limit_and_its_size():
    data = raster("PNG") + bytes(MAX_PICTURE_BYTES)
    assert refusal(data) == (
        f"a picture of at most 2 MB (2,097,152 bytes), not one of 2 MB ({len(data):,} bytes); "
        "save it smaller or at a lower resolution"
    )
    assert Picture.from_bytes(raster("PNG") + bytes(1000), "Trailing bytes are no harm").width == 40


@pytest.mark.parametrize(
    ("size", "found"),
    [((5000, 5000), "not 5000 x 5000"), ((20000, 20000), "not more")],
    ids=["above the limit", "above Pillow's own bomb limit"],
)
def test_a_header_claiming_too_many_pixels_is_refused_before_decoding(size, found):
    bomb = with_size_in_header(raster("PNG", (1, 1)), *size)
    assert len(bomb) < 200
    expected = refusal(bomb)
    assert expected.startswith("a picture of at most 16,777,216 pixels (4096 x 4096) in all its frames")
    assert found in expected


def test_a_large_real_image_within_the_pixel_limit_is_read():
    picture = Picture.from_bytes(raster("PNG", (4096, 4096), mode="1"), "A large, plain picture")
    assert (picture.width, picture.height) == (4096, 4096)


# 3. Unreadable images


@pytest.mark.parametrize("kind", ["PNG", "JPEG", "WEBP"])
def test_an_image_cut_short_is_refused_as_unreadable(kind):
    data = raster(kind, (300, 200))
    assert refusal(data[: len(data) * 2 // 3]).startswith(f"a complete {kind.replace('EBP', 'ebP')} image that")


def test_a_png_with_a_damaged_byte_is_refused_by_its_checksum():
    data = bytearray(raster("PNG", (50, 50)))
    data[data.index(b"IDAT") + 6] ^= 0xFF
    assert "can be read to its end, not one that cannot" in refusal(bytes(data))


def test_a_png_whose_header_is_damaged_says_so():
    data = raster("PNG")
    assert (
        refusal(data[:12] + b"XXXX" + data[16:])
        == "a complete PNG image that can be read, not one whose start is damaged"
    )


# 4. SVGs that could run code or reach outside: refused, each saying what was found

SVG_REFUSED = {
    "script": (svg("<script>alert(1)</script>"), "not an SVG with a <script> element"),
    "onload": (svg("", ' onload="alert(1)"'), 'not an SVG with an event handler (onload="alert(1)")'),
    "onclick": (svg('<rect onclick="go()"/>'), 'an event handler (onclick="go()")'),
    "foreignObject": (svg("<foreignObject><p>hi</p></foreignObject>"), "a <foreignObject> element"),
    "href": (svg('<image href="https://example.org/x.png"/>'), 'outside the drawing (<image href="https://example'),
    "xlink:href": (svg('<use xlink:href="other.svg#leg"/>'), '(<use xlink:href="other.svg#leg">)'),
    "data-image": (svg('<image href="data:image/png;base64,AAAA"/>'), '(<image href="data:image/png;base64,AAAA">)'),
    "feImage": (svg('<filter><feImage href="http://x/y.png"/></filter>'), "(<feImage href="),
    "javascript-link": (svg('<a href="javascript:alert(1)"><rect/></a>'), '(<a href="javascript:alert(1)">)'),
    "url(http)": (svg('<rect fill="url(http://x/y#g)"/>'), "(url('http://x/y#g')) in its fill attribute"),
    "style-url": (svg("<rect style=\"fill: url( '//x/y' )\"/>"), "(url('//x/y')) in its style attribute"),
    "import": (svg('<style>@import "https://x/s.css";</style>'), "an @import in a <style> element"),
    "css-escape": (svg("<style>rect { fill: u\\72l(http://x) }</style>"), "a CSS escape"),
    "entity": (
        b'<!DOCTYPE svg [<!ENTITY big "lots">]>' + svg("<text>&big;</text>"),
        "not one with a DOCTYPE",
    ),
    "doctype": (
        b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">' + svg(),
        "an SVG without a DOCTYPE or entity declarations",
    ),
    "stylesheet": (b'<?xml-stylesheet href="http://x/s.css"?>' + svg(), "not one with <?xml-stylesheet ...?>"),
    "animated-link": (
        svg('<a href="#top"><set attributeName="href" to="javascript:alert(1)"/></a>'),
        'an animation that changes a link or an event handler (<set attributeName="href">)',
    ),
    "no-namespace": (b'<svg viewBox="0 0 10 10"/>', "(a browser shows nothing without it), not <svg> in no namespace"),
    "broken": (svg("<g>"), "an SVG that is well-formed XML, not one with an error at line 1"),
}


@pytest.mark.parametrize("case", list(SVG_REFUSED))
def test_an_unsafe_or_broken_svg_is_refused_saying_what_was_found(case):
    data, found = SVG_REFUSED[case]
    assert sniff(data) == "image/svg+xml"
    assert found in refusal(data)


def test_an_svg_refusal_says_it_refuses_rather_than_cleans():
    assert refusal(svg("<script/>")).startswith(
        "an SVG without scripts, event handlers, foreignObject or references outside the drawing "
        "(such an SVG is refused, not cleaned), not an SVG with"
    )


def test_references_inside_the_drawing_and_an_editors_own_notes_are_accepted():
    inner = (
        '<defs><linearGradient id="g"/><path id="leg" d="M0 0L10 10"/></defs>'
        '<rect fill="url(#g)" style="stroke: url( \'#g\' )"/><use href="#leg"/><use xlink:href="#leg"/>'
        "<style>rect { stroke-width: 2 }</style>"
        '<g xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" inkscape:export-filename="C:\\pics\\a.png"/>'
    )
    assert Picture.from_bytes(svg(inner), "A leg").height == 60


# 5. The text alternative


def test_the_alt_is_cleaned_of_control_characters_and_spaced_as_one_line():
    picture = Picture.from_bytes(raster("PNG"), "  Lie on\x00 your back,\n knees bent ")
    assert picture.alt == "Lie on your back, knees bent"


@pytest.mark.parametrize("alt", ["", "   ", "\u200b\u200b", 7])
def test_an_alt_that_prints_as_nothing_or_is_not_text_is_refused(alt):
    with pytest.raises(InvalidValue, match="picture: alt: expected"):
        Picture.from_bytes(raster("PNG"), alt)


# 6. On an exercise


def test_an_exercise_holds_pictures_only_and_a_handful_of_them():
    base = {"id": "wall-sit", "name": "Wall sit", "steps": ("Sit.",), "duration_seconds": 30}
    picture = Picture.from_bytes(raster("PNG"), "Back to the wall")
    assert Exercise(**base, pictures=[picture]).pictures == (picture,)
    with pytest.raises(InvalidValue, match=r"wall-sit'?: pictures: expected a Picture, not"):
        Exercise(**base, pictures=(raster("PNG"),))
    with pytest.raises(InvalidValue, match=f"expected at most {MAX_PICTURES} pictures, not {MAX_PICTURES + 1}"):
        Exercise(**base, pictures=(picture,) * (MAX_PICTURES + 1))


def test_equal_pictures_compare_equal_whatever_their_checked_size():
    data = raster("WEBP")
    assert Picture("image/webp", data, "A") == Picture.from_bytes(data, " A ")
    assert Picture("image/webp", data, "A") != Picture("image/webp", data, "B")
    assert len({Picture("image/webp", data, "A"), Picture("image/webp", data, "A")}) == 1


# 7. Nothing is imported for pictures a catalog does not have

IMPORTS = """
import sys
from backcare_kit import bundled_plan, load_catalog
from backcare_kit.storage import plan_to_dict, plan_from_dict
catalog = load_catalog()
[catalog[exercise_id] for exercise_id in catalog]
plan_from_dict(plan_to_dict(bundled_plan()))
lazy = ("PIL", "defusedxml", "backcare_kit.imagefiles", "backcare_kit.svgcheck")
print(sorted(name for name in lazy if name in sys.modules))
"""


def test_a_catalog_and_plan_without_pictures_never_import_pillow_the_svg_parser_or_the_image_reader():
    result = subprocess.run([sys.executable, "-c", IMPORTS], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
