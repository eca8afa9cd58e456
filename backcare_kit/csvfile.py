"""Reading a clinician's CSV the way Excel writes it, with line and row numbers for errors.

Excel saves UTF-8 with a byte-order mark, CRLF line ends and quoted cells
that hold newlines. pandas handles all three, but it numbers rows, not
lines, so :meth:`CsvTable.line` recovers the line each row starts on, and
:meth:`CsvTable.problem` gives both, as a clinician in Excel sees rows.

A large file is read the way ``pandas.read_csv`` reads it by default,
letting pandas infer column types, which is several times faster than asking
for text: a column pandas reads as numbers is read again as text unless the
caller can take whole numbers there (:func:`read_table`'s ``numbers``), and
:meth:`CsvTable.text` gives every column as text when a message needs it.

Everything wrong with the file as a whole ends as an InputError naming the
file: unreadable, not UTF-8, separated by semicolons, a header naming one
column twice, rows with more fields than the header. pandas is left to read
a good file at full speed; the exact, slower checks run only when something
cheap says the file is off: pandas fails, infers an index column (it does
that when the first row has more fields than the header), finds one column
with semicolons in its name, or a byte scan finds a control character.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
from collections import deque
from collections.abc import Collection, Generator
from contextlib import closing
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from .errors import InputError, Problem
from .text import CONTROL, has_controls

NEWLINE = r"\r\n|\r|\n"
#: Above this size pandas infers the columns' types (see _text_dtype).
LARGE_FILE_BYTES = 256 * 1024
#: Bytes read, and scanned for control characters, at a time: small enough to stay in the CPU's cache.
_SCAN_CHUNK = 256 * 1024
#: A C1 control character (U+0080 to U+009F) as UTF-8 writes it.
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")

EXCEL_UTF8 = "in Excel: File > Save As > 'CSV UTF-8 (Comma delimited) (*.csv)'"
#: Separators other than commas that Excel writes, and when it does.
_SEPARATORS = {
    ";": "semicolons, as Excel does in countries that write decimal commas",
    "\t": "tabs, as Excel's 'Text (Tab delimited)' does",
}

#: What was expected of a path that could not be read, by the reason it could not.
_UNREADABLE: dict[type[OSError], str] = {
    FileNotFoundError: "an existing CSV file",
    IsADirectoryError: "a CSV file, not a folder",
    NotADirectoryError: "a path whose folders are folders (a part of it is a file)",
    PermissionError: "a file you have permission to read",
}


class CsvTable:
    """A CSV file read as strings, with what it takes to point a person at one of its cells.

    ``frame`` holds every cell as a string ('' when empty) under normalised
    column names (:func:`column_key`), except in the columns named in
    ``numbers`` that hold only whole numbers, which are int64; blank lines are
    kept as empty rows, so a row's index is its record number and line
    numbers stay right.
    """

    def __init__(self, path: Path, frame: pd.DataFrame, scan: _ScanningReader):
        self.path = path
        self.name = str(path)
        self.frame = frame
        #: False only when a byte scan proved the file free of control characters.
        self.may_have_controls = scan.may_have_controls
        #: True when every byte (a byte-order mark aside) is ASCII: no text can hide in invisible characters.
        self.ascii = scan.ascii
        self._lines: pd.Series | None = None

    def line(self, index: int) -> int:
        """The file line row ``index`` starts on; counted on first use, since only messages need it.

        Counting newlines inside every quoted cell costs as much as checking
        the cells, and a valid file never needs it.
        """
        if self._lines is None:
            self._lines = line_numbers(self.text())
        return int(self._lines[index])

    def text(self) -> pd.DataFrame:
        """``frame`` with every cell as the text in the file, reading number columns again as text.

        A cell pandas read as a number may have held '0060', '+60' or a line
        break around the digits; messages and line counts need the text.
        """
        numeric = _numeric_columns(self.frame)
        if numeric:
            self.frame = _read_as_text(self.path, self.frame, numeric)
        return self.frame

    @staticmethod
    def row(index: int) -> int:
        """The row Excel shows for row ``index``: the header is row 1 and a blank line is a row too."""
        return int(index) + 2

    def place(self, index: int) -> str:
        """'line 6' or 'line 6 (row 5 in a spreadsheet)', for a message that refers to another row."""
        line, row = self.line(index), self.row(index)
        return f"line {line}" if line == row else f"line {line} (row {row} in a spreadsheet)"

    def problem(self, index: int, column: str | None, value: str | None, expected: str) -> Problem:
        """A Problem pointing at one cell by file line and spreadsheet row."""
        return Problem(self.name, self.line(index), column, value, expected, row=self.row(index))


def read_table(path: Path, numbers: Collection[str] = ()) -> CsvTable:
    """Read a CSV as strings; raise InputError for anything wrong with the file as a whole.

    A column named in ``numbers`` (a :func:`column_key`) stays int64 when
    pandas reads it as whole numbers, which spares the caller converting and
    checking text; every other column pandas read as numbers or booleans is
    read again as text, so an id '001' stays '001'.
    """
    name = str(path)
    dtype = _text_dtype(path)
    try:
        with path.open("rb", buffering=0) as file:
            scan = _ScanningReader(file)
            frame, long_first_row = _parse(path, io.BufferedReader(scan, _SCAN_CHUNK), dtype)
    except OSError as error:
        raise InputError([Problem(name, None, None, None, _unreadable(error))]) from None
    except UnicodeDecodeError:
        raise InputError([Problem(name, _first_bad_line(path), None, None, f"UTF-8 text ({EXCEL_UTF8})")]) from None
    except pd.errors.EmptyDataError:
        raise InputError([Problem(name, 1, None, None, "a header row naming the columns")]) from None
    except pd.errors.ParserError as error:
        raise InputError(_shape_problems(path) or [_parser_problem(path, str(error))]) from None
    if long_first_row or _misshapen(frame):
        raise InputError(_shape_problems(path) or [Problem(name, None, None, None, "well-formed CSV")])
    keys = [column_key(c) for c in frame.columns]
    if len(set(keys)) < len(keys) or _mangled(frame.columns):
        _raise_collisions(path)
    if scan.may_have_controls and any(has_controls(str(c)) for c in frame.columns):
        raise InputError(_header_control_problems(name, frame.columns))
    frame.columns = keys
    if dtype is None:
        frame = _text_but_numbers(path, frame, numbers)
    return CsvTable(path, frame, scan)


def _parse(path: Path, source: io.BufferedReader, dtype: type | None) -> tuple[pd.DataFrame, bool]:
    """pandas' reading of a CSV, and whether its first row has more fields than the header.

    No value means "missing" in these files, so NA detection is skipped,
    which is faster too; pandas skips a UTF-8 byte-order mark itself.

    pandas takes a first row with more fields than the header (a trailing
    comma, a stray leading value) as the sign of an index column, and then
    reads every row without its first fields. Read as text, such an index is
    of strings, which tells; but an inferred index of 0, 1, 2... comes out
    as the very RangeIndex of a good file, so then the csv module counts the
    first row's fields. Warnings are kept from the user: pandas warns of a
    column with text and numbers in different parts of a large file, and
    read_table reads such a column again as text.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pd.errors.DtypeWarning)
        frame = pd.read_csv(source, dtype=dtype, na_filter=False, skip_blank_lines=False)
    if not isinstance(frame.index, pd.RangeIndex):
        return frame, True
    return frame, dtype is None and _long_first_row(path)


def _long_first_row(path: Path) -> bool:
    """True when the row after the header has more fields than the header, as the csv module counts them."""
    with closing(_records(path)) as records:
        try:
            (_, header), (_, first) = next(records), next(records)
        except (StopIteration, csv.Error):
            return False
    return len(first) > len(header)


def read_strings(path: Path) -> pd.DataFrame:
    """Every cell as a string ('' when empty); problems with the file as an InputError.

    Blank lines are kept as empty rows so that line numbers stay
    right; callers drop them after calling :func:`line_numbers`.
    """
    return read_table(path).frame


def column_key(cell: object) -> str:
    """A header cell as the column it names: case, surrounding spaces and inner spacing do not matter."""
    return re.sub(r"\s+", "_", str(cell).strip().lower())


def line_numbers(frame: pd.DataFrame) -> pd.Series:
    """The CSV line each row starts on, counting newlines inside quoted cells (of a frame of text)."""
    inner = sum((frame[c].str.count(NEWLINE) for c in frame.columns), start=pd.Series(0, index=frame.index))
    return (inner + 1).cumsum().shift(fill_value=0) + 2


def drop_blank_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` without rows whose every cell is empty (blank lines, or rows of bare commas).

    Only rows whose first cell is empty can be blank, so the other cells are
    compared for those rows alone: a file without blank rows costs one
    comparison of one column.
    """
    if frame.empty or frame.columns.empty:
        return frame
    suspects = frame.index[frame.iloc[:, 0] == ""]
    if suspects.empty:
        return frame
    blank = suspects[(frame.loc[suspects] == "").all(axis=1)]
    return frame.drop(index=blank)


def code_units(text: pd.Series) -> list[tuple[np.ndarray, np.ndarray]] | None:
    """A text column's cells back to back, as numbers, with the offsets each cell starts and ends at.

    A test of every cell, such as "is it a slug", then runs as a few numpy
    passes over the whole column rather than a regular expression or a
    Python call per cell. The numbers are UTF-8 bytes read from Arrow's
    buffers without a copy, one piece per chunk; for Python strings, ASCII
    bytes, or code points when the text is not all ASCII. None when the
    column is stored in a way this does not read.
    """
    if getattr(text.dtype, "storage", None) == "pyarrow":
        chunks = text.array.__arrow_array__().chunks
        pieces = [_arrow_units(chunk) for chunk in chunks]
        return None if any(piece is None for piece in pieces) else cast(list[tuple[np.ndarray, np.ndarray]], pieces)
    values = text.to_numpy(dtype=object)
    try:
        joined = "".join(values)
    except TypeError:  # a cell that is not a string
        return None
    offsets = np.zeros(len(values) + 1, np.int64)
    np.cumsum(np.fromiter(map(len, values), np.int64, len(values)), out=offsets[1:])
    if joined.isascii():
        return [(np.frombuffer(joined.encode("ascii"), np.uint8), offsets)]
    return [(np.frombuffer(joined.encode("utf-32-le"), np.uint32), offsets)]


def first_units(text: pd.Series) -> np.ndarray | None:
    """The first code unit of each cell, 0 for an empty one, without reading the rest of the cells.

    That is the first character's code point, or for Arrow the first byte of
    its UTF-8, which is the character itself when it is ASCII. None when the
    column is stored in a way this does not read.
    """
    if getattr(text.dtype, "storage", None) != "pyarrow":
        try:
            chars = "".join([value[:1] or "\0" for value in text.to_numpy(dtype=object)])
        except TypeError:  # a cell that is not a string
            return None
        return np.frombuffer(chars.encode("utf-32-le"), np.uint32)
    pieces = code_units(text)
    if pieces is None:
        return None
    heads = [np.zeros(0, np.uint8)]
    for units, offsets in pieces:
        starts = offsets[:-1]
        filled = offsets[1:] > starts
        head = np.zeros(len(starts), np.uint8)
        head[filled] = units[starts[filled]]
        heads.append(head)
    return np.concatenate(heads)


def distinct_count(text: pd.Series, more: Collection[str] = ()) -> int:
    """How many distinct values ``text`` and ``more`` hold between them, for telling that none repeats.

    Arrow counts a column and ``more`` together without copying the column;
    Python strings go into a set, twice as fast as pandas' ``unique``.
    """
    if getattr(text.dtype, "storage", None) == "pyarrow":
        import pyarrow as pa
        import pyarrow.compute as pc

        column = text.array.__arrow_array__()
        return len(pc.unique(pa.chunked_array([pa.array(list(more), column.type), *column.chunks], column.type)))
    distinct = set(text.to_numpy(dtype=object))
    distinct.update(more)
    return len(distinct)


def _arrow_units(chunk: Any) -> tuple[np.ndarray, np.ndarray] | None:
    """The UTF-8 bytes and offsets of an Arrow string array, straight from its buffers."""
    import pyarrow as pa  # only called for a column pandas stores in Arrow

    if chunk.null_count or not (pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)):
        return None
    _, offset_buffer, data_buffer = chunk.buffers()
    width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
    offsets = np.frombuffer(offset_buffer, width)[chunk.offset : chunk.offset + len(chunk) + 1].astype(np.int64)
    data = np.frombuffer(data_buffer, np.uint8) if data_buffer is not None else np.zeros(0, np.uint8)
    return data[offsets[0] : offsets[-1]], offsets - offsets[0]


def control_mask(frame: pd.DataFrame) -> pd.DataFrame:
    """True for every cell holding a control character (:func:`text.has_controls`); slow, so only for bad files."""
    return frame.apply(lambda column: column.map(has_controls).astype(bool))


def control_expected(value: str, what: str = "text") -> str:
    """What a cell holding a control character should be, naming the character and where it is."""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    found = CONTROL.search(text)
    where = "" if found is None else f"; U+{ord(found.group()):04X} at character {found.start() + 1}"
    return f"{what} without control characters (invisible characters, often pasted from another program{where})"


def _text_dtype(path: Path) -> type | None:
    """None (pandas infers each column's type) for large files, plain Python strings for small ones.

    Inferring is what ``pandas.read_csv`` does by default, and for a
    100,000-row catalog it is several times faster than asking for ``str``:
    text columns come out as pandas' ``str`` dtype all the same (Arrow-backed
    with pyarrow, which makes the checks vectorised; Python strings without).
    A file of a few rows, such as the bundled catalog read at every
    command-line start, gains nothing from either, so it is read as Python
    strings: every column is text as read, with no types to check and no
    column to read again, and each operation on it costs less than on Arrow.
    """
    try:
        large = path.stat().st_size > LARGE_FILE_BYTES
    except OSError:
        large = False  # let read_csv report the missing file
    return None if large else object


def _text_but_numbers(path: Path, frame: pd.DataFrame, numbers: Collection[str]) -> pd.DataFrame:
    """``frame`` with each column pandas typed other than text read again as text, but whole numbers in ``numbers``.

    Besides numbers and booleans, that is a column of mixed objects: pandas
    reads a large file in parts and types each column in each part, so a
    column of numbers with one word far down comes out as numbers and
    strings mixed.
    """
    misread = [
        n
        for n, (key, dtype) in enumerate(zip(frame.columns, frame.dtypes, strict=True))
        if not isinstance(dtype, pd.StringDtype) and not (key in numbers and dtype == np.int64)
    ]
    return _read_as_text(path, frame, misread) if misread else frame


def _numeric_columns(frame: pd.DataFrame) -> list[int]:
    """The positions of the columns held as numbers rather than text (only whole numbers are kept)."""
    return [n for n, dtype in enumerate(frame.dtypes) if pd.api.types.is_numeric_dtype(dtype)]


def _read_as_text(path: Path, frame: pd.DataFrame, positions: list[int]) -> pd.DataFrame:
    """``frame`` with the columns at ``positions`` read again from ``path``, as text this time.

    Only a file with a column of numbers in it pays for this second read:
    converting numbers back to text would lose leading zeros and signs.
    """
    try:
        text = pd.read_csv(path, usecols=positions, dtype=str, na_filter=False, skip_blank_lines=False)
    except (OSError, ValueError):  # the file went or changed since the first read (pandas' errors are ValueErrors)
        text = None
    if text is None or len(text) != len(frame):
        raise InputError([Problem(str(path), None, None, None, "a file that stays the same while it is read")])
    frame = frame.copy(deep=False)
    for n, position in enumerate(positions):
        frame.isetitem(position, text.iloc[:, n].array)
    return frame


def _unreadable(error: OSError) -> str:
    for kind, expected in _UNREADABLE.items():
        if isinstance(error, kind):
            return expected
    return f"a readable CSV file ({error.strerror or error})"


class _ScanningReader(io.RawIOBase):
    """The file as pandas reads it, each chunk scanned on its way for control characters and non-ASCII bytes.

    pandas keeps a NUL or any other control character in a cell as it is, and
    finding which cell holds one costs a check of every cell. Scanning the
    bytes while they are in the CPU's cache costs a fraction of that, and no
    second read of the file, so the cells are searched only when the scan
    finds something.
    """

    def __init__(self, file: io.RawIOBase):
        self._file = file
        self._scratch = np.empty(_SCAN_CHUNK, np.uint8)
        self._last = 0x20  # the byte before the chunk: a C1 character may be split between two
        self._start = True
        #: False only when the scan proved the file free of control characters.
        self.may_have_controls = False
        #: True when every byte (a byte-order mark aside) is ASCII: no text can hide in invisible characters.
        self.ascii = True

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = self._file.readinto(buffer) or 0
        if size and not self.may_have_controls:
            self._scan(memoryview(buffer).cast("B")[:size])
        return size

    def _scan(self, data: memoryview) -> None:
        chunk = np.frombuffer(data, np.uint8)
        if self._start and data[:3] == codecs.BOM_UTF8:
            chunk = chunk[3:]  # Excel's byte-order mark is neither text nor a control character
        self._start = False
        if len(self._scratch) < len(chunk):
            self._scratch = np.empty(len(chunk), np.uint8)
        scratch = self._scratch[: len(chunk)]
        top = chunk.max(initial=0)
        self.ascii = self.ascii and bool(top < 0x80)
        split_c1 = self._last == 0xC2 and 0x80 <= data[0] <= 0x9F
        if split_c1 or _c0_bytes(chunk, scratch) or (top >= 0x7F and _del_or_c1_bytes(chunk, scratch, data)):
            self.may_have_controls, self.ascii = True, False
        self._last = data[-1]


def _c0_bytes(chunk: np.ndarray, scratch: np.ndarray) -> bool:
    """True when ``chunk`` holds a C0 control other than tab, LF and CR.

    Each test shifts the bytes so that the bad ones are the smallest, then
    takes the minimum: vectorised passes, far faster than a regular
    expression or a lookup table over every byte.
    """
    if not len(chunk):
        return False
    if chunk.min() < 0x09:  # NUL to backspace
        return True
    lowest = np.subtract(chunk, 0x0B, out=scratch).min()  # VT 0, FF 1, CR 2, shift out to unit separator 3-20
    if lowest != 2:
        return bool(lowest <= 0x1F - 0x0B)
    return bool(np.subtract(chunk, 0x0E, out=scratch).min() <= 0x1F - 0x0E)  # CR is there: look past it


def _del_or_c1_bytes(chunk: np.ndarray, scratch: np.ndarray, data: memoryview) -> bool:
    """True when ``chunk`` holds a DEL, or a C1 control as UTF-8 writes it (0xC2, then 0x80-0x9F).

    Only called when a byte of 0x7F or more is there: most catalogs are ASCII without DEL.
    """
    if np.bitwise_xor(chunk, 0x7F, out=scratch).min() == 0:
        return True
    if np.bitwise_xor(chunk, 0xC2, out=scratch).min() != 0:  # no 0xC2: '°' and '£' start with it too
        return False
    return _C1_UTF8.search(data) is not None


def _misshapen(frame: pd.DataFrame) -> bool:
    """True when the first column's name holds semicolons or tabs: a file saved by a European Excel, or as text."""
    first = str(frame.columns[0]) if len(frame.columns) else ""
    return any(s in first for s in _SEPARATORS)


def _mangled(columns: pd.Index) -> bool:
    """True when pandas renamed a repeated header cell ('id', 'id' becomes 'id', 'id.1')."""
    names = {str(c) for c in columns}
    return any((m := re.fullmatch(r"(.+)\.\d+", name)) and m.group(1) in names for name in names)


def _records(path: Path) -> Generator[tuple[int, list[str]]]:
    """Each record with the line it starts on, read by the csv module, which counts every field.

    pandas reports only the first row with too many fields, and with its
    line count off by the line breaks inside quoted cells.
    """
    with path.open(newline="", encoding="utf-8-sig", errors="replace") as file:
        reader = csv.reader(file)
        line = 1
        for record in reader:
            yield line, record
            line = reader.line_num + 1


def _shape_problems(path: Path) -> list[Problem]:
    """Semicolons or tabs for commas, or every row with more fields than the header; [] if neither."""
    name = str(path)
    try:
        records = _records(path)
        _, header = next(records, (1, []))
        separator = next((s for s in _SEPARATORS if header and s in header[0]), None)
        if separator is not None:
            return [_separator_problem(name, ",".join(header), separator)]
        return [
            Problem(name, line, None, None, _too_many_fields(record, len(header)), row=row)
            for row, (line, record) in enumerate(records, start=2)
            if len(record) > len(header)
        ]
    except csv.Error:  # e.g. a cell over the csv module's size limit: pandas' own message will do
        return []


def _separator_problem(name: str, header: str, separator: str) -> Problem:
    expected = f"columns separated by commas, but this file separates them with {_SEPARATORS[separator]}; {EXCEL_UTF8}"
    return Problem(name, 1, None, header, expected)


def _too_many_fields(record: list[str], width: int) -> str:
    hint = "; the last is empty: remove the comma at the end of the row" if record[-1] == "" else ""
    return f"no more fields than the header row: row has {len(record)} fields, the header has {width}{hint}"


def _raise_collisions(path: Path) -> None:
    """Raise InputError naming the header cells that name one column, with their spellings as typed."""
    name = str(path)
    _, header = next(_records(path), (1, []))
    cells: dict[str, list[str]] = {}
    for n, cell in enumerate(header):
        cells.setdefault(column_key(cell), []).append(f"{_column_letter(n)}1 {cell!r}")
    problems = [Problem(name, 1, key, None, _collision(found)) for key, found in cells.items() if len(found) > 1]
    if problems:
        raise InputError(problems)


def _collision(cells: list[str]) -> str:
    both = "both" if len(cells) == 2 else "all"
    return (
        f"each column to appear once, but header cells {_and(cells)} {both} name it "
        "(column names ignore case and spaces); delete or rename all but one"
    )


def _header_control_problems(name: str, columns: pd.Index) -> list[Problem]:
    return [
        Problem(name, 1, None, str(c), control_expected(str(c), "a column name"))
        for c in columns
        if has_controls(str(c))
    ]


def _column_letter(index: int) -> str:
    """Excel's letters for the column at ``index`` (0 is A, 26 is AA)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _first_bad_line(path: Path) -> int | None:
    """The line of the first byte that is not UTF-8 (pandas reports a chunk offset)."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return data[: error.start].count(b"\n") + 1
    return None


def _parser_problem(path: Path, message: str) -> Problem:
    name = str(path)
    if "EOF inside string" in message:
        return _unclosed_quote_problem(path)
    match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
    if match:
        expected, line, saw = match.groups()
        return Problem(name, int(line), None, f"{saw} fields", f"{expected} fields, as in the header row")
    return Problem(name, None, None, None, f"well-formed CSV ({message.strip()})")


def _unclosed_quote_problem(path: Path) -> Problem:
    """A quote opened and never closed swallows the rest of the file into one cell: point at the row it opens in."""
    last = deque(enumerate(_records(path), start=1), maxlen=1)  # the csv module reads the open cell to the end
    row, (line, _) = last[0] if last else (1, (1, []))
    expected = 'a closing quote (") for the quoted cell in this row; without it the rest of the file is one cell'
    return Problem(str(path), line, None, None, expected, row=row)
