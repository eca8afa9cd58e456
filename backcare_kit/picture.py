"""A picture of an exercise as a value: its bytes, what kind of image they are, and words for it.

The values layer knows no files: the catalog reader loads a clinic's image
files and hands their bytes here. A picture is checked by its content, not by
a file name, because a handout embeds it as it is (a ``data:`` URI) and a
patient's browser will treat it as what its bytes say. So a Picture, whether
read from a catalog, a saved plan or made in code, is always one of
MEDIA_TYPES, at most MAX_PICTURE_BYTES and MAX_PICTURE_PIXELS, readable to
its last byte, and, for an SVG, free of anything that runs or reaches
outside the drawing (see backcare_kit.svgcheck).

Pillow and defusedxml are imported only when a picture of their kind is
checked: the command line's cold start is benchmarked, and a catalog without
pictures needs neither.
"""

from __future__ import annotations

import base64
import io
import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache

from .errors import InvalidValue
from .limits import MAX_PICTURE_BYTES, MAX_PICTURE_PIXELS
from .text import as_words, shown

#: The kinds of image a picture may be, by media type.
MEDIA_TYPES = ("image/png", "image/jpeg", "image/webp", "image/svg+xml")
#: Each kind's name as a message says it.
KINDS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WebP", "image/svg+xml": "SVG"}
ACCEPTED = "a PNG, JPEG, WebP or SVG image"
#: Pillow's name for each raster kind, so it reads the bytes only as the kind they were recognised as.
_PILLOW_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WEBP"}
#: Up to 512 pictures this small are remembered once checked, and 8 larger ones (see inspect).
_REMEMBERED_BYTES = 64 * 1024
#: Other kinds of file a clinic may pick by mistake, by their first bytes, named so the message helps.
_OTHER_KINDS: tuple[tuple[bytes, int, str], ...] = (
    (b"GIF8", 0, "a GIF image"),
    (b"II*\x00", 0, "a TIFF image"),
    (b"MM\x00*", 0, "a TIFF image"),
    (b"%PDF", 0, "a PDF document"),
    (b"PK\x03\x04", 0, "a ZIP archive (or a Word or PowerPoint file)"),
    (b"8BPS", 0, "a Photoshop (PSD) file"),
    (b"\x00\x00\x01\x00", 0, "an icon (ICO) file"),
    (b"ftypavif", 4, "an AVIF image"),
    (b"ftyphei", 4, "a HEIC image (as iPhones save photos)"),
    (b"ftypmif1", 4, "a HEIC image (as iPhones save photos)"),
    (b"ftyp", 4, "a video (MP4 or QuickTime)"),
    (b"\x00\x00\x00\x0cjP  ", 0, "a JPEG 2000 image"),
)
_SVG_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?svg[\s>/]")


class PictureRefused(InvalidValue):
    """Bytes that cannot be a picture; ``expected`` says what was expected and what they are, for a message."""

    def __init__(self, expected: str, what: str = "picture"):
        super().__init__(f"{what}: expected {expected}")
        self.expected = expected


@dataclass(frozen=True)
class Picture:
    """One image with its text alternative. ``media_type`` is one of MEDIA_TYPES and must be what ``data`` is.

    ``alt`` is what a screen reader says instead: control characters are
    removed and it is single-spaced, as every text entering a value is, and
    one that would print as nothing is refused, since a picture without words
    is lost to a patient who cannot see it. ``width`` and ``height`` are the
    image's size in pixels (an SVG's from its width, height or viewBox), so a
    page can reserve the space before the picture is drawn.
    """

    media_type: str
    data: bytes = field(repr=False)
    alt: str
    width: int = field(init=False, compare=False)
    height: int = field(init=False, compare=False)

    def __post_init__(self) -> None:
        alt = as_words(self.alt, "picture: alt", "words that say what the picture shows (its text alternative)")
        if self.media_type not in MEDIA_TYPES:
            raise InvalidValue(
                f"picture {shown(alt)}: media_type: expected one of {', '.join(MEDIA_TYPES)}, "
                f"not {shown(self.media_type)}"
            )
        if not isinstance(self.data, bytes):
            raise InvalidValue(
                f"picture {shown(alt)}: data: expected the image's bytes, not {shown(type(self.data).__name__)}"
            )
        try:
            width, height = inspect(self.data, self.media_type)
        except PictureRefused as error:
            raise PictureRefused(error.expected, f"picture {shown(alt)}") from None
        object.__setattr__(self, "alt", " ".join(alt.split()))
        object.__setattr__(self, "width", width)
        object.__setattr__(self, "height", height)

    @classmethod
    def from_bytes(cls, data: bytes, alt: str) -> Picture:
        """The picture ``data`` is, its kind told from its content; PictureRefused when it is none of MEDIA_TYPES."""
        media_type = sniff(data)
        if media_type is None:
            raise PictureRefused(_kind_expected(data))
        return cls(media_type, data, alt)

    @property
    def data_uri(self) -> str:
        """The picture as a ``data:`` URI, so a handout carries it without a network or a second file."""
        return f"data:{self.media_type};base64,{base64.b64encode(self.data).decode('ascii')}"

    @property
    def kind(self) -> str:
        """The kind of image in words: PNG, JPEG, WebP or SVG."""
        return KINDS[self.media_type]


def sniff(data: bytes) -> str | None:
    """The media type ``data`` is by its first bytes (one of MEDIA_TYPES), or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:8192].removeprefix(b"\xef\xbb\xbf").lstrip()
    if head.startswith(b"<") and _SVG_ROOT.search(head):
        return "image/svg+xml"
    return None


def what_it_is(data: bytes) -> str:
    """What kind of file ``data`` is, in words for a message: "a GIF image", "a PDF document", "an empty file"."""
    media_type = sniff(data)
    if media_type is not None:
        kind = KINDS[media_type]
        return f"an {kind} image" if kind == "SVG" else f"a {kind} image"
    if not data:
        return "an empty file"
    for signature, offset, description in _OTHER_KINDS:
        if data[offset : offset + len(signature)] == signature:
            return description
    if data.startswith(b"BM") and data[6:10] == b"\x00\x00\x00\x00":
        return "a BMP image"
    return _text_kind(data)


def _text_kind(data: bytes) -> str:
    try:
        text = data[:4096].decode("utf-8").lstrip("\ufeff \t\r\n").lower()
    except UnicodeDecodeError:
        return "a file of a kind backcare-kit does not recognise"
    if text.startswith(("<!doctype html", "<html")):
        return "a web page (HTML)"
    return "an XML file that is not an SVG" if text.startswith("<") else "a text file"


def _kind_expected(data: bytes) -> str:
    return f"{ACCEPTED}, not {what_it_is(data)} (told by the file's content, whatever its name)"


def inspect(data: bytes, media_type: str) -> tuple[int, int]:
    """The width and height of the picture ``data`` as ``media_type``; PictureRefused saying why it cannot be.

    Checks, cheapest first: the size in bytes, the kind told by the content,
    then the content itself (a raster image read to its last pixel; an SVG
    parsed and searched for anything unsafe).
    """
    if len(data) > MAX_PICTURE_BYTES:
        raise PictureRefused(too_large(len(data)))
    found = sniff(data)
    if found is None:
        raise PictureRefused(_kind_expected(data))
    if found != media_type:
        raise PictureRefused(f"{KINDS[media_type]} bytes for media type {media_type}, not {what_it_is(data)}")
    if len(data) <= _REMEMBERED_BYTES:
        return _remembered_size(data, media_type)
    return _remembered_large(data, media_type)


# Checking is remembered, so a picture made again (a figure drawn on every render, a clinic's photo shown by
# several exercises, a plan read again) is checked once; a few large pictures are kept, many small ones.
@lru_cache(maxsize=512)
def _remembered_size(data: bytes, media_type: str) -> tuple[int, int]:
    return _size(data, media_type)


@lru_cache(maxsize=8)
def _remembered_large(data: bytes, media_type: str) -> tuple[int, int]:
    return _size(data, media_type)


def _size(data: bytes, media_type: str) -> tuple[int, int]:
    if media_type == "image/svg+xml":
        from .svgcheck import SvgRefused, svg_size

        try:
            return svg_size(data)
        except SvgRefused as error:
            raise PictureRefused(str(error)) from None
    return _raster_size(data, media_type)


def _raster_size(data: bytes, media_type: str) -> tuple[int, int]:
    """Width and height of a PNG, JPEG or WebP after reading every pixel, so a truncated file is caught now.

    ``verify`` checks what it can without decoding (a PNG's checksums), and
    only ``load`` finds a JPEG cut short, so both run. A decoder may fail in
    many ways on broken input (OSError, SyntaxError, ValueError, struct.error,
    EOFError...), and every one means the same to a clinic: the file cannot
    be read; so any exception from Pillow is reported as that.
    """
    from PIL import Image

    kind, formats = KINDS[media_type], [_PILLOW_FORMATS[media_type]]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=formats) as image:
                width, height = image.size
                _check_pixels(width, height, getattr(image, "n_frames", 1))
                image.verify()
            with Image.open(io.BytesIO(data), formats=formats) as image:
                image.load()
    except PictureRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PictureRefused(_too_many_pixels("more")) from None
    except Image.UnidentifiedImageError:
        raise PictureRefused(f"a complete {kind} image that can be read, not one whose start is damaged") from None
    except Exception as error:  # see the docstring: any decoder failure means "cannot be read"
        reason = str(error) or type(error).__name__
        raise PictureRefused(
            f"a complete {kind} image that can be read to its end, not one that cannot ({reason})"
        ) from None
    return width, height


def too_large(count: int) -> str:
    """What was expected of a picture of ``count`` bytes, above MAX_PICTURE_BYTES."""
    return (
        f"a picture of at most {_in_megabytes(MAX_PICTURE_BYTES)} ({MAX_PICTURE_BYTES:,} bytes), "
        f"not one of {_in_megabytes(count)} ({count:,} bytes); save it smaller or at a lower resolution"
    )


def _check_pixels(width: int, height: int, frames: int) -> None:
    if width * height * frames > MAX_PICTURE_PIXELS:
        frames_said = f" in {frames} frames" if frames > 1 else ""
        raise PictureRefused(_too_many_pixels(f"{width} x {height}{frames_said}"))


def _too_many_pixels(found: str) -> str:
    return (
        f"a picture of at most {MAX_PICTURE_PIXELS:,} pixels (4096 x 4096) in all its frames, not {found}; "
        "save it at a lower resolution"
    )


def _in_megabytes(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
