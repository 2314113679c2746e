r"""Evaluators' files -> raw tables of text, with spreadsheet row numbers; cell parsers.

A :class:`RawTable` holds every cell as text (empty string for an empty cell) under folded column
names, and the row number a spreadsheet shows for each row (the header is row 1). Typing the cells is
:mod:`evaltools.tables`' job; this module knows files, encodings, delimiters and the cell formats of
the contract (dates, numbers, categories).

Files repeat their values (a date, ``ja``/``nej``, a participant's code on every row of narvaro), so a
column is held as :class:`Cells`: its distinct values and a code per row. Whatever is done per value
(stripping, parsing, checking for personnummer) is done once per distinct value and spread to the rows
by the codes; a national file of millions of rows costs little more than its distinct values.

CSV is read by pandas' C parser when the file leaves no doubt how its lines are records: no quote
character (so no cell spans lines and every line is one record, numbered as an editor shows it), no
line longer in fields than the header line, line ends ``\n`` or ``\r\n``. Any other file (quoted
cells, ragged rows, old-Mac ``\r`` line ends, a cell longer than the csv module allows, a column
of numbers only, which the parser would turn into numbers: ``050301`` into 50301) is read by
Python's csv module, record by record, which also names the row where a file cannot be read.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import DataError, Problem, nearest
from .vocabulary import fold

__all__ = ["RawTable", "Cells", "read_raw", "parse_date", "parse_number", "parse_category"]


@dataclass(frozen=True)
class Cells:
    """One column's cells, each distinct value stored once: ``values[codes]`` are the cells.

    ``values`` (object array of str, stripped, distinct) are in the order the rows first show them,
    as :func:`pandas.unique` lists them; every value is the cell of at least one row.
    """

    codes: np.ndarray  # integer, one per row, indexing ``values``
    values: np.ndarray  # object array of distinct str

    def __len__(self) -> int:
        return len(self.codes)

    def per_row(self, per_value: Sequence | np.ndarray) -> np.ndarray:
        """An array with one element per distinct value, spread to the rows."""
        return np.asarray(per_value)[self.codes]

    def text(self) -> np.ndarray:
        """The cells as an object array of str."""
        return self.values[self.codes]

    def empty(self) -> np.ndarray:
        """Which rows' cells are empty."""
        return self.per_row(self.values == "")

    def take(self, rows: np.ndarray) -> Cells:
        """The cells of some rows (positions or a boolean mask), values compacted to those used."""
        return _cells(self.codes[rows], self.values)

    def __reduce__(self) -> tuple:
        # pickled (sent back from a forked copy, evaltools.prefetch) with the fewest bytes per code
        # that hold them: a column of a few values in one byte per row, not four
        return _unpickled_cells, (self.codes.astype(np.min_scalar_type(max(len(self.values) - 1, 0))),
                                  self.values)


def _unpickled_cells(codes: np.ndarray, values: np.ndarray) -> Cells:
    return Cells(codes.astype(np.int32), values)


def _cells(codes: np.ndarray, values: Sequence[str] | np.ndarray) -> Cells:
    """Cells from codes into ``values`` (a negative code is an empty cell): values compacted to those
    used, in the order of the rows, and distinct."""
    values = np.asarray(values, dtype=object)
    codes = np.asarray(codes)
    if len(codes) and codes.min() < 0:
        values = np.append(values, np.array([""], dtype=object))
        codes = np.where(codes < 0, len(values) - 1, codes)
    used = pd.unique(codes)  # the codes in the order the rows first show them
    remap = np.zeros(len(values), dtype=np.int32)
    remap[used] = np.arange(len(used), dtype=np.int32)
    values = values[used]
    return _relabelled(Cells(remap[codes], values), values)


def _relabelled(cells: Cells, values: Sequence[str] | np.ndarray) -> Cells:
    """``cells`` with each distinct value replaced by the one at its place in ``values``; values that
    become equal (``" A1"`` and ``"A1"`` once stripped) become one."""
    values = np.asarray(values, dtype=object)
    distinct, merged = pd.factorize(values)
    if len(merged) == len(values):
        return Cells(cells.codes, values)
    return Cells(distinct.astype(np.int32)[cells.codes], np.asarray(merged, dtype=object))


@dataclass
class RawTable:
    """A data file as text: folded column names, one row per non-empty spreadsheet row."""

    table: str
    file: str  # how messages name the file, e.g. "data/deltagare.csv"
    cells: dict[str, Cells]  # folded column name -> its cells, in the file's order
    rows: np.ndarray  # spreadsheet row number of each row
    original: dict[str, str]  # folded column name -> the name as written

    @property
    def columns(self) -> list[str]:
        """The folded column names, in the file's order."""
        return list(self.cells)

    @cached_property
    def frame(self) -> pd.DataFrame:
        """Every cell a str (``""`` for empty), one row per row of ``rows``."""
        return pd.DataFrame({name: c.text() for name, c in self.cells.items()}, columns=self.columns,
                            index=pd.RangeIndex(len(self.rows)), dtype=object)

    def __reduce__(self) -> tuple:
        # pickled without the cached frame, and with rows numbered one after another (as a file read
        # by pandas' parser has them) as their first number only
        n = len(self.rows)
        counted = n > 0 and self.rows[-1] - self.rows[0] == n - 1 and bool((np.diff(self.rows) == 1).all())
        rows = (int(self.rows[0]), n) if counted else self.rows
        return _unpickled_table, (self.table, self.file, self.cells, rows, self.original)

    def problem(self, message: str, index: int | None = None, column: str | None = None) -> Problem:
        """A problem at row ``index`` (positional) and ``column`` (folded), named as the user wrote it."""
        row = int(self.rows[index]) if index is not None else None
        return Problem(self.file, message, row, self.original.get(column, column) if column else None)


def _unpickled_table(table: str, file: str, cells: dict[str, Cells], rows: np.ndarray | tuple[int, int],
                     original: dict[str, str]) -> RawTable:
    if isinstance(rows, tuple):
        rows = np.arange(rows[0], rows[0] + rows[1], dtype=np.int64)
    return RawTable(table, file, cells, rows, original)


def read_raw(path: Path, table: str, display: str | None = None) -> RawTable:
    """Read a CSV or XLSX file as text. Raises :class:`DataError` when it cannot be read at all.

    CSV covers Excel's exports "CSV" (Windows-1252), "CSV UTF-8" (with a BOM) and "Unicode-text"
    (UTF-16 with a BOM, tab-separated); the delimiter is detected from the header row.
    """
    path = Path(path)
    display = display or path.name
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise DataError.single(display, "det gamla Excel-formatet .xls kan inte läsas; spara filen som "
                                        ".xlsx eller CSV")
    if suffix not in (".xlsx", ".xlsm", ".csv", ".txt", ".tsv"):
        raise DataError.single(display, "filen ska vara CSV (.csv) eller Excel (.xlsx)")
    content = _read_bytes(path, display)
    if suffix in (".xlsx", ".xlsm"):
        header, body, rows, sheet = _read_xlsx(content, table, display)
        display = f"{display} (blad {sheet})" if sheet else display
        return _assemble(table, display, *_columns(header, body, rows))
    fast = _read_utf8_fast(content)
    if fast is None:
        text, utf8 = _decode(content, display)
        fast = (_read_csv_fast(content, text, _bom_length(content)) if utf8 else
                _read_csv_fast(text.encode("utf-8"), text))
        if fast is None:
            return _assemble(table, display, *_columns(*_read_csv(text, display)))
    return _assemble(table, display, *fast)


def _read_bytes(path: Path, display: str) -> bytes:
    """The file's content; a folder, a missing file or one that cannot be opened is a DataError."""
    if path.is_dir():
        raise DataError.single(display, "är en mapp, inte en fil; ange sökvägen till själva filen")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DataError.single(display, "filen finns inte") from None
    except PermissionError:
        raise DataError.single(display, "filen kan inte läsas: behörighet saknas (är den öppen i Excel "
                                        "eller skyddad?)") from None
    except OSError as err:
        raise DataError.single(display, f"filen kan inte läsas ({type(err).__name__})") from None


def _columns(header: list[str], body: list[list[str]],
             rows: list[int]) -> tuple[list[str], list[Cells], np.ndarray]:
    """Rows of cells (of any lengths) -> the header and one :class:`Cells` per column, as wide as the
    widest row or the header; missing cells are empty."""
    width = max([len(header), *map(len, body)])
    for values in body:  # the reader's own lists
        if len(values) < width:
            values.extend([""] * (width - len(values)))
    frame = pd.DataFrame(body, columns=range(width), dtype=object)
    columns = [_cells(*pd.factorize(frame[j].to_numpy(dtype=object))) for j in range(width)]
    return header + [""] * (width - len(header)), columns, np.asarray(rows, dtype=np.int64)


def _assemble(table: str, display: str, header: list[str], columns: list[Cells],
              rows: np.ndarray) -> RawTable:
    """Header, unstripped columns of equal width and row numbers -> the :class:`RawTable`."""
    columns = [_relabelled(c, [v.strip() for v in c.values]) for c in columns]
    # drop unnamed columns that hold nothing (Excel leaves them behind)
    keep = [j for j, c in enumerate(columns) if header[j].strip() or (c.values != "").any()]
    names: list[str] = []
    original: dict[str, str] = {}
    problems = []
    for j in keep:
        written = header[j].strip()
        name = fold(written) or f"kolumn_{j + 1}"  # a name of only dashes folds to nothing
        if name in original:
            problems.append(Problem(display, f"kolumnerna '{original[name]}' och '{written}' betyder samma "
                                             "sak; ta bort eller döp om den ena", 1, written))
        original[name] = written or name
        names.append(name)
    if problems:
        raise DataError(problems)
    # rows that are empty in every column are not data (Excel leaves them behind); they are skipped
    filled = np.zeros(len(rows), dtype=bool)
    for j in keep:
        if not (columns[j].values == "").any():  # a column filled on every row: every row is kept
            filled = np.ones(len(rows), dtype=bool)
            break
        filled |= ~columns[j].empty()
    cells = {name: columns[j] if filled.all() else columns[j].take(filled) for name, j in zip(names, keep)}
    return RawTable(table, display, cells, np.asarray(rows, dtype=np.int64)[filled], original)


# ---------------------------------------------------------------------------------------------- CSV

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
#: the first bytes of files that are no text, and what they are
_MAGIC = {
    b"PK\x03\x04": "en zip-fil (t.ex. en Excel-fil .xlsx), inte en CSV-fil; är det en Excel-fil, ge "
                    "den filändelsen .xlsx",
    b"\xd0\xcf\x11\xe0": "en fil i det gamla Excel-formatet (.xls), inte en CSV-fil; spara den som "
                         ".xlsx eller CSV",
    b"%PDF": "en PDF-fil, inte en CSV-fil",
}
_NOT_TEXT = ("filen är ingen textfil (innehåller binära tecken); spara tabellen från Excel som CSV "
             "eller .xlsx")


_UTF8_BOM = b"\xef\xbb\xbf"


def _bom_length(raw: bytes) -> int:
    """Where the text of a UTF-8 file begins: after its BOM, if any."""
    return len(_UTF8_BOM) if raw.startswith(_UTF8_BOM) else 0


def _read_utf8_fast(raw: bytes) -> tuple[list[str], list[Cells], np.ndarray] | None:
    """:func:`_read_csv_fast` on a UTF-8 file as it is, without decoding all of it first: the parser
    refuses bytes that are no UTF-8 (then the file is decoded as :func:`_decode` does, and read
    again). None for every file whose first bytes leave any doubt (left to :func:`_decode`)."""
    if raw.startswith(_UTF16_BOMS) or any(raw.startswith(m) for m in _MAGIC) or b"\x00" in raw:
        return None
    head_bytes = raw[:1 << 16]
    try:  # the beginning, whole characters only; enough for the checks of _decode on text[:4096]
        head = codecs.getincrementaldecoder("utf-8-sig")().decode(head_bytes, final=len(raw) <= len(head_bytes))
    except UnicodeDecodeError:
        return None
    if not _looks_like_text(head):
        return None
    if len(raw) > len(head_bytes):
        head = head[:head.rfind("\n") + 1]  # whole lines only
    try:
        return _read_csv_fast(raw, head, _bom_length(raw))
    except UnicodeDecodeError:  # not UTF-8 after all
        return None


def _decode(raw: bytes, display: str) -> tuple[str, bool]:
    """Text of a CSV file: UTF-16 with a BOM (Excel's "Unicode-text"), UTF-8 (with or without BOM)
    or Windows-1252, and whether it was UTF-8. Files that are not text at all are refused with a
    message saying what they are."""
    utf8 = False
    if raw.startswith(_UTF16_BOMS):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise DataError.single(display, "filen är sparad som UTF-16 (Excels \"Unicode-text\") men är "
                                            "skadad; spara den igen från Excel") from None
    else:
        for magic, what in _MAGIC.items():
            if raw.startswith(magic):
                raise DataError.single(display, f"filen är {what}")
        if b"\x00" in raw:
            raise DataError.single(display, _NOT_TEXT)
        try:
            text = raw.decode("utf-8-sig")
            utf8 = True
        except UnicodeDecodeError:
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError:
                raise DataError.single(display, "teckenkodningen känns inte igen; spara filen som "
                                                "\"CSV UTF-8\" eller CSV från Excel") from None
    if not _looks_like_text(text):
        raise DataError.single(display, _NOT_TEXT)
    return text, utf8


def _looks_like_text(text: str) -> bool:
    """Text, not bytes of some other format read as text: no NUL, few control characters."""
    sample = text[:4096]
    control = sum(1 for ch in sample if ch < " " and ch not in "\t\r\n\x0b\x0c")
    return "\x00" not in sample and control <= max(2, len(sample) // 100)


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _header_line(lines: Iterable[str]) -> str | None:
    """The first line with something in it but delimiters and spaces: the delimiter is read from it."""
    return next((line for line in lines if line.strip(" \t;,")), None)


def _lines(text: str) -> Iterator[str]:
    r"""The lines of a text whose line ends are ``\n`` or ``\r\n``, one at a time."""
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        yield text[start:end - 1] if end > start and text[end - 1] == "\r" else text[start:end]
        start = end + 1


_LONE_CR = re.compile("\r(?!\n)")


#: a CSV file larger than this is parsed in parts of about this size, side by side in threads (pandas'
#: C parser lets go of the GIL while it tokenises): a national narvaro file in about half the time
PART_BYTES = 16 << 20


def _read_csv_fast(data: bytes, head: str, start: int = 0) -> tuple[list[str], list[Cells], np.ndarray] | None:
    """Header, unstripped columns and row numbers by pandas' C parser, or None where only the csv
    module can be trusted to read the file as Excel wrote it (see the module's docstring).

    ``data[start:]`` is the file's text in UTF-8 without a BOM, ``head`` its beginning as text (whole
    lines). A file larger than :data:`PART_BYTES` is parsed in parts (each a run of whole lines) in
    threads, its cells and rows as if parsed at once. Raises ``UnicodeDecodeError`` when the text is
    no UTF-8."""
    if data.find(b'"', start) >= 0 or data.startswith(_UTF8_BOM, start) or _LONE_CR.search(head):
        return None  # (a lone \r further on is found from the parser's line count below)
    line = _header_line(_lines(head))
    if line is None:
        return None
    delimiter = _delimiter(line)
    # as wide as the header line or the first line: the parser refuses any later line that is wider
    width = max(line.count(delimiter), next(_lines(head)).count(delimiter)) + 1
    bounds = _part_bounds(data, start)
    # every part after the first is parsed behind the file's first line (and that row dropped): the
    # parser then sees each part's columns as it sees the first part's, with the header's text in
    # them (else a part of numbers only would become numbers: 050301 -> 50301)
    first_line = data[start:data.find(b"\n", start) + 1] if len(bounds) > 2 else b""
    view = memoryview(data)
    jobs = [(_Pieces(first_line if k else b"", view[a:b]), delimiter, width, k > 0)
            for k, (a, b) in enumerate(zip(bounds, bounds[1:]))]
    # The parser refuses a line wider than its first line and the names (ParserError); it would only
    # warn, and cut cells off, were the first line the wider one, which ``width`` rules out: every
    # part begins with the file's first line. (No warnings filter here: it is global to all threads,
    # and files are read side by side.)
    try:
        if len(jobs) == 1:
            parts = [_parse_part(*jobs[0])]
        else:
            with ThreadPoolExecutor(min(len(jobs), os.cpu_count() or 1)) as pool:
                parts = list(pool.map(lambda job: _parse_part(*job), jobs))
    except (pd.errors.ParserError, ValueError):  # a line wider than those
        return None
    if any(part is None for part in parts):
        return None
    n = sum(len(part[0][0]) for part in parts)
    # the parser ends a line at a \r alone (old Mac) too: then it made more rows than there are \n
    if data.find(b"\r", start) >= 0 and (data.endswith(b"\r") or
                                         n != data.count(b"\n", start) + (not data.endswith(b"\n"))):
        return None
    columns = [_joined([part[j] for part in parts]) for j in range(width)]
    del parts
    blank = [np.array([not v.strip() for v in values]) for _, values in columns]
    # the header is the first line with a cell that holds more than spaces
    header_at = next((i for i in range(len(columns[0][0]))
                      if not all(b[codes[i]] for b, (codes, _) in zip(blank, columns))), None)
    if header_at is None:
        return None
    header = [str(values[codes[header_at]]) for codes, values in columns]
    body = [_after(codes, values, header_at + 1) for codes, values in columns]
    rows = np.arange(header_at + 2, header_at + 2 + len(body[0]), dtype=np.int64)
    return header, body, rows


def _after(codes: np.ndarray, values: np.ndarray, skip: int) -> Cells:
    """The cells after the first ``skip`` rows of a column whose values are distinct and in the order
    its rows first show them (and all shown)."""
    if not skip:
        return Cells(codes, values)
    seen = int(codes[:skip].max()) + 1 if len(codes) else 0  # the values of the rows skipped: the first
    rest = codes[skip:]
    if len(rest) and rest.min() >= seen:  # ... and none of them later (a header's text, as a rule)
        return Cells(rest - np.int32(seen), values[seen:])
    return _cells(rest, values)


def _part_bounds(data: bytes, start: int) -> list[int]:
    """Where the parts of ``data[start:]`` begin, and its end: each part ends after a line end."""
    bounds = [start]
    while len(data) - bounds[-1] > PART_BYTES * 3 // 2:
        end = data.find(b"\n", bounds[-1] + PART_BYTES)
        if end < 0 or end + 1 >= len(data):
            break
        bounds.append(end + 1)
    return [*bounds, len(data)]


class _Pieces:
    """A file of bytes (pieces read one after another, none copied whole) for pandas to read."""

    def __init__(self, *pieces: bytes | memoryview) -> None:
        self._pieces = [memoryview(p) for p in pieces if len(p)]
        self._at = 0  # position in the first piece left

    def read(self, size: int = -1) -> bytes:
        if not self._pieces:
            return b""
        piece = self._pieces[0]
        end = len(piece) if size is None or size < 0 else self._at + size
        chunk = bytes(piece[self._at:end])
        self._at += len(chunk)
        if self._at >= len(piece):
            self._pieces.pop(0)
            self._at = 0
        return chunk

    def __iter__(self) -> Iterator[bytes]:  # pandas takes an object as a file when it has both
        return iter(lambda: self.read(1 << 16), b"")


def _parse_part(text: _Pieces, delimiter: str, width: int,
                behind_first_line: bool) -> list[tuple[np.ndarray, np.ndarray]] | None:
    """The columns of one part of a file as codes (int32) and distinct values in the order the rows
    first show them, or None when a column holds numbers only or a cell the csv module refuses;
    ``behind_first_line``: the part's text begins with the file's first line, whose row is dropped."""
    frame = pd.read_csv(text, sep=delimiter, header=None, names=range(width),
                        index_col=False, dtype="category", na_filter=False,
                        skip_blank_lines=False, quoting=csv.QUOTE_NONE, encoding="utf-8",
                        engine="c")
    limit = csv.field_size_limit()
    columns = []
    for j in range(width):
        cells = frame[j].array
        values = np.asarray(cells.categories, dtype=object)
        if not all(type(v) is str for v in values):
            return None  # a column of numbers only (no header text): the parser made numbers of it
        if any(len(v) >= limit for v in values):
            return None  # the csv module refuses such a cell, and says where
        codes = cells.codes[1:] if behind_first_line else cells.codes
        used = pd.unique(codes)  # the codes in the order the rows first show them (in this thread)
        remap = np.zeros(len(values), dtype=np.int32)
        remap[used] = np.arange(len(used), dtype=np.int32)
        columns.append((remap[codes], values[used]))
    return columns


def _joined(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """One column's codes and distinct values, in the order the rows first show them, from its
    parts' (each so)."""
    if len(parts) == 1:
        return parts[0]
    # the values of all parts, in order, numbered as they are first met: the order of the rows
    merged, values = pd.factorize(np.concatenate([values for _, values in parts]))
    codes = np.empty(sum(len(c) for c, _ in parts), dtype=np.int32)
    at = offset = 0
    for part, part_values in parts:
        np.take(merged[offset:offset + len(part_values)].astype(np.int32), part, out=codes[at:at + len(part)])
        at += len(part)
        offset += len(part_values)
    return codes, np.asarray(values, dtype=object)


def _read_csv(text: str, display: str) -> tuple[list[str], list[list[str]], list[int]]:
    """Header, rows and the line each row ends on, by Python's csv module (any quoting, ragged rows)."""
    # one line ending everywhere (Windows \r\n, old Mac \r), so that line numbers are those an
    # editor shows and the header line below is the one the csv reader starts from
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first = _header_line(text.split("\n"))
    if first is None:
        raise DataError.single(display, "filen är tom")
    delimiter = _delimiter(first)
    reader = csv.reader(io.StringIO(text, newline="\n"), delimiter=delimiter)
    header: list[str] | None = None
    body: list[list[str]] = []
    rows: list[int] = []
    line = 0
    try:
        for values in reader:
            line = reader.line_num  # the physical line where this record ended
            if header is None:
                if any(v.strip() for v in values):
                    header = values
                continue
            body.append(values)
            rows.append(line)
    except csv.Error:  # named at the line where the record that cannot be read begins
        raise DataError.single(display, "filen kan inte läsas som CSV från den här raden (ett citattecken "
                                        "som inte avslutas, eller en cell som är orimligt lång?)",
                               line + 1) from None
    if header is None:
        raise DataError.single(display, "filen saknar en rubrikrad med kolumnnamn")
    return header, body, rows


# --------------------------------------------------------------------------------------------- XLSX

def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float):  # decimal comma, so that 0.125 is not read as a thousands group
        return str(int(value)) if value.is_integer() else repr(value).replace(".", ",")
    return str(value)


def _read_xlsx(content: bytes, table: str,
               display: str) -> tuple[list[str], list[list[str]], list[int], str | None]:
    """Header, rows and row numbers of the sheet named after the table (else the first sheet), and
    that sheet's name when the workbook has several (messages must say which sheet)."""
    import openpyxl  # imported here: only Excel users pay for it

    try:
        book = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or non-Excel file
        text = content.strip() and b"\x00" not in content[:4096] and content[:1].isascii()
        what = ("den är en textfil, inte en Excel-fil; är det en CSV-fil, ge den filändelsen .csv"
                if text else "den är skadad eller ingen Excel-fil")
        raise DataError.single(display, f"Excel-filen kan inte öppnas: {what}") from None
    try:
        if not book.worksheets:
            raise DataError.single(display, "Excel-filen har inga blad")
        several = len(book.worksheets) > 1
        named = [ws for ws in book.worksheets if fold(ws.title) == table]
        sheet = named[0] if named else book.worksheets[0]
        header: list[str] | None = None
        body: list[list[str]] = []
        rows: list[int] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            texts = [_cell_text(v) for v in values]
            if header is None:
                if any(t.strip() for t in texts):
                    header = texts
                continue
            body.append(texts)
            rows.append(number)
    finally:
        book.close()
    if header is None:
        raise DataError.single(display, f"bladet '{sheet.title}' är tomt")
    return header, body, rows, (sheet.title if several else None)


# -------------------------------------------------------------------------------------- cell parsers

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_COMPACT8 = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_COMPACT6 = re.compile(r"^(\d{2})(\d{2})(\d{2})$")


def parse_date(text: str) -> dt.date:
    """Read ``2024-03-01``, ``20240301`` or ``240301`` (YYMMDD, 20YY). Raises ``ValueError``."""
    text = text.strip()
    match = _ISO.match(text) or _COMPACT8.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _COMPACT6.match(text)
        if not match:
            raise ValueError("är inget datum; skriv ÅÅÅÅ-MM-DD (t.ex. 2024-03-01), ÅÅÅÅMMDD eller ÅÅMMDD")
        year, month, day = (int(g) for g in match.groups())
        year += 2000
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError("är inget giltigt datum (finns inte i kalendern)") from None


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_CURRENCY = re.compile(r"(kr|sek|:-)$", re.IGNORECASE)
_DOT_GROUPS = re.compile(r"^[-\u2212]?\d{1,3}(\.\d{3})+$")


def parse_number(text: str) -> float:
    """Read ``1 360 000``, ``1360000``, ``698411,50`` or ``698411.50``. Raises ``ValueError``.

    ``1.360`` is refused: in a Swedish file it may mean 1360 or 1,36.
    """
    compact = _CURRENCY.sub("", _SPACES.sub("", text.strip())).replace("\u2212", "-")
    if "," in compact and "." in compact:
        raise ValueError("är inget tal; skriv t.ex. 1 360 000 eller 698411,50 (utan punkt som tusental)")
    if _DOT_GROUPS.match(compact):
        raise ValueError("är tvetydigt (punkt som tusentalsavgränsare?); skriv 1360 eller 1,36")
    try:
        value = float(compact.replace(",", "."))
    except ValueError:
        raise ValueError("är inget tal; skriv t.ex. 1 360 000 eller 698411,50") from None
    if not np.isfinite(value):
        raise ValueError("är inget tal")
    return value


def parse_category(text: str, allowed: tuple[str, ...], aliases: Mapping[str, str]) -> str:
    """Fold a category value and resolve aliases. Raises ``ValueError`` naming the allowed values."""
    key = fold(text)
    if key in allowed:
        return key
    if key in aliases:
        return aliases[key]
    guess = nearest(key, [*allowed, *aliases])
    hint = f"; menade du {guess}?" if guess else ""
    raise ValueError(f"är inget tillåtet värde; tillåtna: {', '.join(allowed)}{hint}")
