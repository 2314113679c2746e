"""Write the empty data templates: one CSV file per table and the Excel workbook ``mallar.xlsx``.

Run it from anywhere: ``.venv/bin/python data_templates/skapa_mallar.py``. The files are written next
to this script and are byte-identical on every run (fixed workbook properties, fixed timestamps in
the xlsx archive). The column lists here and the documentation in ``README.md`` describe the same
tables; change both together.

The CSV files are saved as Swedish Excel saves "CSV UTF-8" (BOM, ``;`` between cells, CRLF), so that
Excel opens them with å, ä and ö intact. The workbook has one sheet per table, named after the table
(evaltools reads the sheet named after the table), with a bold, frozen header row and drop-down lists
of the codes for category columns. The lists do not block other values: aliases (``K``, ``AF``) and
local outcome codes from ``insats.yaml`` are valid too.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

from evaltools.vocabulary import (ABSENCE_REASONS, GENDERS, INCOME_SOURCES, OUTCOMES, REFERRERS,
                                  YES_NO)

__all__ = ["TEMPLATES", "write_csv_templates", "write_workbook", "main"]

FOLDER = Path(__file__).resolve().parent
WORKBOOK = "mallar.xlsx"
FIXED_TIME = dt.datetime(2024, 1, 1, 0, 0, 0)
"""The workbook's created/modified properties and the timestamp of every file in its archive."""

TEMPLATES: dict[str, tuple[str, ...]] = {
    "deltagare": ("deltagar_id", "kon", "fodelsear", "startdatum", "slutdatum", "utfall", "kommun",
                  "anvisare", "forsorjning_start", "forsorjning_slut", "gemensam_planering"),
    "narvaro": ("deltagar_id", "datum", "narvarande", "franvaroorsak", "aktivitet", "timmar"),
    "narvaro_form_b": ("deltagar_id", "period_start", "period_slut", "planerade", "narvarande"),
    "progression": ("deltagar_id", "datum", "indikator", "varde", "instrument"),
    "ekonomi": ("period", "kommun", "post", "beviljat", "utfall", "prognos"),
    "kartlaggning": ("deltagar_id", "fraga", "svar"),
}
"""Template name (file and sheet) -> its columns, in order."""

CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("deltagare", "kon"): GENDERS,
    ("deltagare", "utfall"): OUTCOMES,
    ("deltagare", "anvisare"): REFERRERS,
    ("deltagare", "forsorjning_start"): INCOME_SOURCES,
    ("deltagare", "forsorjning_slut"): INCOME_SOURCES,
    ("deltagare", "gemensam_planering"): YES_NO,
    ("narvaro", "narvarande"): YES_NO,
    ("narvaro", "franvaroorsak"): ABSENCE_REASONS,
}
"""(sheet, column) -> the codes offered in the column's drop-down list."""

WIDTHS = {
    "deltagar_id": 14, "kon": 10, "fodelsear": 11, "utfall": 34, "kommun": 16, "anvisare": 20,
    "forsorjning_start": 22, "forsorjning_slut": 22, "gemensam_planering": 20, "narvarande": 12,
    "franvaroorsak": 18, "aktivitet": 24, "timmar": 9, "planerade": 11, "indikator": 32, "varde": 8,
    "instrument": 12, "period": 10, "post": 18, "beviljat": 14, "prognos": 14, "fraga": 30,
    "svar": 18,
}
"""Column widths in characters; date columns get DATE_WIDTH."""
DATE_WIDTH = 13
DATE_COLUMNS = {"startdatum", "slutdatum", "datum", "period_start", "period_slut"}

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill(fill_type="solid", start_color="FFDDE6F0", end_color="FFDDE6F0")


def write_csv_templates(folder: Path = FOLDER) -> list[Path]:
    """Write one header-only CSV file per template; return the paths."""
    written = []
    for name, columns in TEMPLATES.items():
        path = folder / f"{name}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle, delimiter=";", lineterminator="\r\n").writerow(columns)
        written.append(path)
    return written


def _validation(sheet: str, column: str, letter: str) -> DataValidation | None:
    codes = CHOICES.get((sheet, column))
    if codes is None:
        return None
    hint = ("Värdet finns inte i listan. Det godtas ändå om det är ett känt alias (se README.md)"
            + (" eller en egen utfallskod som står i insats.yaml." if column == "utfall" else "."))
    validation = DataValidation(
        type="list", formula1='"' + ",".join(codes) + '"', allow_blank=True,
        showErrorMessage=True, errorStyle="information", errorTitle="Okänt värde", error=hint)
    validation.add(f"{letter}2:{letter}1048576")
    return validation


def build_workbook() -> Workbook:
    """The template workbook: one sheet per table, header row bold and frozen, drop-down lists."""
    book = Workbook()
    book.remove(book.active)
    for name, columns in TEMPLATES.items():
        sheet = book.create_sheet(title=name)
        sheet.append(list(columns))
        for index, column in enumerate(columns, start=1):
            letter = get_column_letter(index)
            cell = sheet.cell(row=1, column=index)
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            width = DATE_WIDTH if column in DATE_COLUMNS else WIDTHS.get(column, len(column) + 4)
            sheet.column_dimensions[letter].width = max(width, len(column) + 3)
            validation = _validation(name, column, letter)
            if validation is not None:
                sheet.add_data_validation(validation)
        sheet.freeze_panes = "A2"
    book.active = 0
    props = book.properties
    props.creator = props.lastModifiedBy = "evaltools"
    props.title = "Datamallar för evaltools"
    props.description = "Tomma mallar, en flik per tabell. Kolumnerna beskrivs i data_templates/README.md."
    props.created = props.modified = FIXED_TIME
    return book


def write_workbook(path: Path = FOLDER / WORKBOOK) -> Path:
    """Save the template workbook so that the file is byte-identical on every run.

    openpyxl's ``save_workbook`` stamps the current time into the properties and the zip entries;
    here the workbook is written with its fixed properties and the archive rewritten with one fixed
    timestamp and fixed file attributes.
    """
    buffer = io.BytesIO()
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)
    ExcelWriter(build_workbook(), archive).save()  # closes the archive
    stamp = FIXED_TIME.timetuple()[:6]
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 3
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(entry.filename))
    return path


def main(argv: Sequence[str] | None = None) -> int:
    """Write every template next to this script and list them."""
    for path in [*write_csv_templates(), write_workbook()]:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
