"""Evaluators' files -> raw tables of text, with spreadsheet row numbers; cell parsers.

A :class:`RawTable` holds every cell as text (empty string for an empty cell) under folded column
names, and the row number a spreadsheet shows for each row (the header is row 1). Typing the cells is
:mod:`evaltools.tables`' job; this module knows files, encodings, delimiters and the cell formats of
the contract (dates, numbers, categories).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import DataError, Problem, nearest
from .vocabulary import fold

__all__ = ["RawTable", "read_raw", "parse_date", "parse_number", "parse_category"]


@dataclass
class RawTable:
    """A data file as text: folded column names, one row per non-empty spreadsheet row."""

    table: str
    file: str  # how messages name the file, e.g. "data/deltagare.csv"
    frame: pd.DataFrame  # every cell a str; "" for empty
    rows: np.ndarray  # spreadsheet row number of each frame row
    original: dict[str, str]  # folded column name -> the name as written

    def problem(self, message: str, index: int | None = None, column: str | None = None) -> Problem:
        """A problem at frame row ``index`` (positional) and ``column`` (folded), named as the user wrote it."""
        row = int(self.rows[index]) if index is not None else None
        return Problem(self.file, message, row, self.original.get(column, column) if column else None)


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
    else:
        header, body, rows = _read_csv(content, display)
    return _assemble(table, display, header, body, rows)


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


def _assemble(table: str, display: str, header: list[str], body: list[list[str]],
              rows: list[int]) -> RawTable:
    width = len(header)
    for values in body:
        width = max(width, len(values))
    header = header + [""] * (width - len(header))
    body = [values + [""] * (width - len(values)) for values in body]
    # drop unnamed columns that hold nothing (Excel leaves them behind)
    keep = [j for j in range(width) if header[j].strip() or any(v[j].strip() for v in body)]
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
    data = {name: [values[j].strip() for values in body] for name, j in zip(names, keep)}
    frame = pd.DataFrame(data, columns=names, dtype=object)
    # rows that are empty in every column are not data (Excel leaves them behind); they are skipped
    filled = frame.ne("").any(axis=1).to_numpy() if len(frame) else np.zeros(0, bool)
    frame = frame.loc[filled].reset_index(drop=True)
    return RawTable(table, display, frame, np.asarray(rows, dtype=np.int64)[filled], original)


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


def _decode(raw: bytes, display: str) -> str:
    """Text of a CSV file: UTF-16 with a BOM (Excel's "Unicode-text"), UTF-8 (with or without BOM)
    or Windows-1252. Files that are not text at all are refused with a message saying what they are."""
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
        except UnicodeDecodeError:
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError:
                raise DataError.single(display, "teckenkodningen känns inte igen; spara filen som "
                                                "\"CSV UTF-8\" eller CSV från Excel") from None
    if not _looks_like_text(text):
        raise DataError.single(display, _NOT_TEXT)
    return text


def _looks_like_text(text: str) -> bool:
    """Text, not bytes of some other format read as text: no NUL, few control characters."""
    sample = text[:4096]
    control = sum(1 for ch in sample if ch < " " and ch not in "\t\r\n\x0b\x0c")
    return "\x00" not in sample and control <= max(2, len(sample) // 100)


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(raw: bytes, display: str) -> tuple[list[str], list[list[str]], list[int]]:
    text = _decode(raw, display)
    # one line ending everywhere (Windows \r\n, old Mac \r), so that line numbers are those an
    # editor shows and the header line below is the one the csv reader starts from
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip(" \t;,")), None)
    if start is None:
        raise DataError.single(display, "filen är tom")
    delimiter = _delimiter(lines[start])
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
