"""Reading a clinician's CSV the way Excel writes it, with line numbers for errors.

Excel saves UTF-8 with a byte-order mark, CRLF line ends and quoted cells
that hold newlines. pandas handles all three, but it numbers rows, not
lines, so :func:`line_numbers` recovers the line each row starts on.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .errors import InputError, Problem

NEWLINE = r"\r\n|\r|\n"
#: Above this size a CSV is read into Arrow-backed strings (see _text_dtype).
LARGE_FILE_BYTES = 256 * 1024


def read_strings(path: Path) -> pd.DataFrame:
    """Every cell as a string ('' when empty); read failures as an InputError.

    Blank lines are kept as empty rows so that line numbers stay
    right; callers drop them after calling :func:`line_numbers`.
    """
    name = str(path)
    try:
        frame = pd.read_csv(
            path, dtype=_text_dtype(path), keep_default_na=False, skip_blank_lines=False
        )  # pandas' parser skips a UTF-8 byte-order mark itself
    except (FileNotFoundError, IsADirectoryError):
        raise InputError([Problem(name, None, None, None, "an existing CSV file")]) from None
    except UnicodeDecodeError:
        raise InputError(
            [Problem(name, _first_bad_line(path), None, None, "UTF-8 text (in Excel: Save As 'CSV UTF-8')")]
        ) from None
    except pd.errors.EmptyDataError:
        raise InputError([Problem(name, 1, None, None, "a header row naming the columns")]) from None
    except pd.errors.ParserError as error:
        raise InputError([_parser_problem(name, str(error))]) from None
    frame.columns = [re.sub(r"\s+", "_", str(c).strip().lower()) for c in frame.columns]
    return frame.fillna("")


def _text_dtype(path: Path) -> type:
    """Arrow-backed strings for large files, plain Python strings for small ones.

    Arrow makes the checks on a 100,000-row catalog vectorised, but each
    operation on it has a fixed cost that dominates for a file of a few rows,
    such as the bundled catalog read at every command-line start.
    """
    try:
        large = path.stat().st_size > LARGE_FILE_BYTES
    except OSError:
        large = False  # let read_csv report the missing file
    return str if large else object


def line_numbers(frame: pd.DataFrame) -> pd.Series:
    """The CSV line each row starts on, counting newlines inside quoted cells."""
    inner = sum((frame[c].str.count(NEWLINE) for c in frame.columns), start=pd.Series(0, index=frame.index))
    return (inner + 1).cumsum().shift(fill_value=0) + 2


def drop_blank_rows(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[(frame != "").any(axis=1)]


def _first_bad_line(path: Path) -> int | None:
    """The line of the first byte that is not UTF-8 (pandas reports a chunk offset)."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return data[: error.start].count(b"\n") + 1
    return None


def _parser_problem(name: str, message: str) -> Problem:
    match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
    if match:
        expected, line, saw = match.groups()
        return Problem(name, int(line), None, f"{saw} fields", f"{expected} fields, as in the header row")
    return Problem(name, None, None, None, f"well-formed CSV ({message.strip()})")
