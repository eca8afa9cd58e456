"""Reading a clinician's CSV the way Excel writes it, with line and row numbers for errors.

Excel saves UTF-8 with a byte-order mark, CRLF line ends and quoted cells
that hold newlines. pandas handles all three, but it numbers rows, not
lines, so :meth:`CsvTable.line` recovers the line each row starts on, and
:meth:`CsvTable.problem` gives both, as a clinician in Excel sees rows.

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
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import InputError, Problem
from .text import CONTROL, has_controls

NEWLINE = r"\r\n|\r|\n"
#: Above this size a CSV is read into Arrow-backed strings (see _text_dtype).
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
    column names (:func:`column_key`); blank lines are kept as empty rows, so
    a row's index is its record number and line numbers stay right.
    """

    def __init__(self, path: Path, frame: pd.DataFrame, scan: _ScanningReader):
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
            self._lines = line_numbers(self.frame)
        return int(self._lines[index])

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


def read_table(path: Path) -> CsvTable:
    """Read a CSV as strings; raise InputError for anything wrong with the file as a whole."""
    name = str(path)
    try:
        with path.open("rb", buffering=0) as file:
            scan = _ScanningReader(file)
            # No value means "missing" in these files, so NA detection is skipped, which is faster too.
            # pandas skips a UTF-8 byte-order mark itself.
            frame = pd.read_csv(
                io.BufferedReader(scan, _SCAN_CHUNK), dtype=_text_dtype(path), na_filter=False, skip_blank_lines=False
            )
    except OSError as error:
        raise InputError([Problem(name, None, None, None, _unreadable(error))]) from None
    except UnicodeDecodeError:
        raise InputError([Problem(name, _first_bad_line(path), None, None, f"UTF-8 text ({EXCEL_UTF8})")]) from None
    except pd.errors.EmptyDataError:
        raise InputError([Problem(name, 1, None, None, "a header row naming the columns")]) from None
    except pd.errors.ParserError as error:
        raise InputError(_shape_problems(path) or [_parser_problem(path, str(error))]) from None
    if _misshapen(frame):
        raise InputError(_shape_problems(path) or [Problem(name, None, None, None, "well-formed CSV")])
    keys = [column_key(c) for c in frame.columns]
    if len(set(keys)) < len(keys) or _mangled(frame.columns):
        _raise_collisions(path)
    if scan.may_have_controls and any(has_controls(str(c)) for c in frame.columns):
        raise InputError(_header_control_problems(name, frame.columns))
    frame.columns = keys
    return CsvTable(path, frame, scan)


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
    """The CSV line each row starts on, counting newlines inside quoted cells."""
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


def control_mask(frame: pd.DataFrame) -> pd.DataFrame:
    """True for every cell holding a control character (:func:`text.has_controls`); slow, so only for bad files."""
    return frame.apply(lambda column: column.map(has_controls).astype(bool))


def control_expected(value: str, what: str = "text") -> str:
    """What a cell holding a control character should be, naming the character and where it is."""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    found = CONTROL.search(text)
    where = "" if found is None else f"; U+{ord(found.group()):04X} at character {found.start() + 1}"
    return f"{what} without control characters (invisible characters, often pasted from another program{where})"


def _text_dtype(path: Path) -> type:
    """Arrow-backed strings for large files, plain Python strings for small ones.

    Arrow makes the checks on a 100,000-row catalog vectorised, but each
    operation on it has a fixed cost that dominates for a file of a few rows,
    such as the bundled catalog read at every command-line start. Without
    pyarrow, pandas stores ``str`` columns as Python strings, and every check
    still works.
    """
    try:
        large = path.stat().st_size > LARGE_FILE_BYTES
    except OSError:
        large = False  # let read_csv report the missing file
    return str if large else object


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
    """True when pandas' reading hints at a file of another shape than one record per row.

    pandas takes the first columns as the index when the first data row has
    more fields than the header (a trailing comma, a stray leading value) and
    then reads every later row shifted; ``index_col=False`` would instead
    drop the extra fields without a word. A first column whose name holds
    semicolons or tabs is a file saved by a European Excel, or as text.
    """
    first = str(frame.columns[0]) if len(frame.columns) else ""
    return any(s in first for s in _SEPARATORS) or not isinstance(frame.index, pd.RangeIndex)


def _mangled(columns: pd.Index) -> bool:
    """True when pandas renamed a repeated header cell ('id', 'id' becomes 'id', 'id.1')."""
    names = {str(c) for c in columns}
    return any((m := re.fullmatch(r"(.+)\.\d+", name)) and m.group(1) in names for name in names)


def _records(path: Path) -> Iterator[tuple[int, list[str]]]:
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
