"""A catalog's ``images`` and ``image_alt`` columns: the image files they name, read beside the CSV and checked.

An ``images`` cell names one file per line, relative to the CSV's folder, so
a clinic can move the folder (or zip it) with its pictures. Each file is
read once however many exercises show it, and each is checked as a
:class:`~backcare_kit.picture.Picture` (by its content, its size, and for an
SVG its safety). Every problem of every cell is returned, never the first
alone, so the catalog lists them with the file's other problems at once.

Only a catalog with an ``images`` or ``image_alt`` column comes here: one
without costs nothing more to read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from .errors import InvalidValue
from .limits import MAX_PICTURE_BYTES, MAX_PICTURES
from .picture import Picture, PictureRefused, too_large
from .text import has_controls

_NEWLINE = r"\r\n|\r|\n"
#: What was expected of an image path that could not be read, by the reason it could not.
_UNREADABLE: dict[type[OSError], str] = {
    FileNotFoundError: "an image file that exists",
    IsADirectoryError: "an image file, not a folder",
    NotADirectoryError: "a path whose folders are folders (a part of it is a file)",
    PermissionError: "an image file you have permission to read",
}


class CellProblem(NamedTuple):
    """One problem in one cell: the row's index, the column, the value shown and what was expected."""

    row: int
    column: str
    value: str
    expected: str


class Images(NamedTuple):
    """Each row's pictures (by the row's index; rows without pictures are left out), and every problem found."""

    pictures: Mapping[int, tuple[Picture, ...]]
    problems: list[CellProblem]


def read_images(raw: pd.DataFrame, folder: Path) -> Images:
    """The pictures each row's ``images`` cell names, with their text alternatives, read from files in ``folder``."""
    files = _Folder(folder)
    pictures: dict[int, tuple[Picture, ...]] = {}
    problems: list[CellProblem] = []
    names = raw["images"] if "images" in raw.columns else pd.Series("", index=raw.index)
    alts = raw["image_alt"] if "image_alt" in raw.columns else pd.Series("", index=raw.index)
    for index in raw.index[(names != "") | (alts != "")]:
        found, row_problems = _row_pictures(int(index), raw.loc[index], files)
        problems += row_problems
        if found and not row_problems:
            pictures[int(index)] = found
    return Images(pictures, problems)


def _row_pictures(index: int, row: pd.Series, files: _Folder) -> tuple[tuple[Picture, ...], list[CellProblem]]:
    """One row's pictures and the problems of its images and image_alt cells."""
    names, alts = _lines(row.get("images", "")), _lines(row.get("image_alt", ""))
    problems = []
    if len(alts) > len(names):
        said = f"{len(names)} image{'s' if len(names) != 1 else ''}"
        expected = f"one line per image at most, but it has {len(alts)} lines for {said} in the images column"
        problems.append(CellProblem(index, "image_alt", str(row.get("image_alt", "")), expected))
    if len(names) > MAX_PICTURES:
        expected = f"at most {MAX_PICTURES} images, one per line, not {len(names)}"
        problems.append(CellProblem(index, "images", str(row["images"]), expected))
    pictures = []
    for n, name in enumerate(names):
        given = n < len(alts)
        try:
            pictures.append(Picture.from_bytes(files.read(name), alts[n] if given else _default_alt(row)))
        except PictureRefused as refused:
            problems.append(CellProblem(index, "images", name, refused.expected))
        except InvalidValue:  # the alt prints as nothing: only a line of image_alt can be such
            value, expected = (alts[n], "words that say what the picture shows") if given else (name, "a name")
            problems.append(CellProblem(index, "image_alt" if given else "name", value, expected))
    return tuple(pictures), problems


class _Folder:
    """The catalog's folder, reading each image file in it once, however many exercises show it."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._read: dict[Path, bytes | str] = {}

    def read(self, name: str) -> bytes:
        """The bytes of the file a line of an images cell names; PictureRefused saying what was expected instead.

        A backslash is read as a folder separator, as Windows writes paths.
        """
        if has_controls(name):
            raise PictureRefused("a file name without control characters")
        relative = name.replace("\\", "/")
        if relative.startswith("/") or re.match(r"[A-Za-z]:", relative):
            raise PictureRefused(
                f"a path relative to the catalog's folder ({self.folder.absolute()}), not an absolute path"
            )
        path = self.folder / relative
        if path not in self._read:
            self._read[path] = _read(path)
        content = self._read[path]
        if isinstance(content, str):
            raise PictureRefused(content)
        return content


def _read(path: Path) -> bytes | str:
    """The file's bytes, or what was expected of it; a file above the size limit is not read at all."""
    try:
        with path.open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            return too_large(size) if size > MAX_PICTURE_BYTES else file.read(MAX_PICTURE_BYTES + 1)
    except OSError as error:
        expected = next((words for kind, words in _UNREADABLE.items() if isinstance(error, kind)), "a readable file")
        return f"{expected} (looked for {path})"


def _lines(cell: object) -> list[str]:
    return [line.strip() for line in re.split(_NEWLINE, str(cell)) if line.strip()]


def _default_alt(row: pd.Series) -> str:
    """The starting position in one sentence, else the name: a picture of an exercise shows how to start it."""
    position = " ".join(_lines(row.get("starting_position", "")))
    return " ".join((position or str(row.get("name", ""))).split()) or str(row.get("id", "")).strip() or "picture"
