"""The published tables as one Excel workbook, ``tabeller/tabeller.xlsx``, for evaluators who rework
the numbers: one sheet per table, numbers stored as numbers with Swedish display formats, masked
cells as the text they show (``<3``, ``X``, ``–``), the header row frozen. Byte-identical for the same
input."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .formatting import is_missing
from .labels import label
from .publish import TABLES, Published
from .tablespecs import TableSpec
from .zipfiles import fixed_zip

__all__ = ["write_xlsx"]

#: Excel display formats by column kind; Excel shows them with the reader's own decimal comma
_FORMATS = {"count": "#,##0", "number": "General", "mean": "0.00", "share": "0.0%", "interval": "0.0%",
            "kronor": '#,##0 "kr"', "p": "0.000", "goal": "General"}


def _sheet_name(name: str, used: set[str]) -> str:
    base = name[:31]
    candidate, i = base, 2
    while candidate in used:
        candidate = f"{base[:28]}_{i}"
        i += 1
    used.add(candidate)
    return candidate


def write_xlsx(path: Path, tables: Mapping[str, Published], *, language: str, created: dt.date,
               specs: Mapping[str, TableSpec] | None = None, titles: Mapping[str, str] | None = None) -> Path:
    """Write every published table in ``tables`` (in order) as a sheet of ``path``. ``specs`` and
    ``titles`` name how tables that are not the report's are published and called (the
    förbundsöversikt's); by default the report's :data:`~evaltools.tablespecs.TABLES` and labels."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for name, published in tables.items():
        spec = (specs or TABLES)[name]
        sheet = workbook.create_sheet(_sheet_name(name, used))
        sheet.append([titles[name] if titles and name in titles else label("t_" + name, language)])
        sheet["A1"].font = Font(bold=True, size=12)
        headers: list[str] = []
        for col in spec.columns:
            header = label(col.header, language)
            if col.kind == "interval":
                low, high = ("nedre", "övre") if language != "en" else ("low", "high")
                headers += [f"{header}, {low}", f"{header}, {high}"]
            else:
                headers.append(header)
        sheet.append(headers)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        # rows as dicts once: a pandas lookup per cell cost more than writing the workbook
        values = published.values.to_dict("records")
        marks = published.marks.to_dict("records") if published.marks is not None else None
        display = published.display.to_numpy()
        positions = {c.key: j for j, c in enumerate(spec.columns)}
        for i in range(len(values)):
            row: list[object] = []
            formats: list[str | None] = []
            for col in spec.columns:
                keys = [col.key, col.other] if col.kind == "interval" else [col.key]
                for key in keys:
                    mark = marks[i][key] if marks is not None else ""
                    value = values[i][key]
                    if mark:
                        row.append(mark)
                        formats.append(None)
                    elif col.kind in _FORMATS and not is_missing(value):
                        if col.kind == "goal" and values[i]["typ"] != "antal":
                            row.append(float(value))
                            formats.append("0.0%")
                        else:
                            row.append(float(value) if col.kind != "count" else int(value))
                            formats.append(_FORMATS[col.kind] if col.kind != "goal" else "#,##0")
                    else:
                        shown = display[i, positions[col.key]]
                        row.append("" if is_missing(value) else (
                            pd.Timestamp(value).strftime("%Y-%m") if col.kind == "month" else shown))
                        formats.append(None)
            sheet.append(row)
            for j, number_format in enumerate(formats, start=1):
                cell = sheet.cell(row=sheet.max_row, column=j)
                if number_format:
                    cell.number_format = number_format
                elif isinstance(cell.value, str) and (cell.value in ("X", "–") or cell.value.startswith("<")):
                    cell.alignment = Alignment(horizontal="right")
        sheet.freeze_panes = "A3"
        for j, header in enumerate(headers, start=1):
            sheet.column_dimensions[get_column_letter(j)].width = max(10, min(42, len(header) + 4))
        sheet.column_dimensions["A"].width = 34
    if not workbook.sheetnames:  # nothing published: an empty workbook still opens
        workbook.create_sheet("tabeller")
    moment = dt.datetime(created.year, created.month, created.day)
    workbook.properties.created = workbook.properties.modified = moment
    workbook.properties.creator = workbook.properties.lastModifiedBy = "evaltools"
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(fixed_zip(buffer.getvalue(), created))
    return path
