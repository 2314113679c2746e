"""Small shared builders for the reading-layer tests: insats folders, CSV and Excel files.

Every fixture is written by hand into ``tmp_path``: a few rows, no randomness, no network. Tests import
the plain functions (``from conftest import write_insats``) and use the ``tmp_path`` fixture.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd

from evaltools.config import InsatsConfig, Period, load_config
from evaltools.errors import ConfigError, EvaltoolsError
from evaltools.read import RawTable, read_raw

# The smallest valid insats.yaml; tests add keys after it (YAML allows no key twice, so a test that
# changes one of these keys writes its own text).
BASE_YAML = """\
insats: Testinsatsen
insatsperiod: {start: 2022-01-01, slut: 2024-12-31}
rapportperiod: 2024-H1
aldersgrupper: [16-24, 25-29, 30-]
"""

# Three participants: one ended with arbete, one still enrolled, one ended with studier.
DELTAGARE = """\
deltagar_id;kon;fodelsear;startdatum;slutdatum;utfall
A1;kvinna;2000;2024-01-10;2024-05-02;arbete
A2;man;1996;2024-02-01;;
A3;kvinna;1980;2023-03-01;2024-03-01;studier
"""
KNOWN = {"A1", "A2", "A3"}


def write_file(path: Path, content: str | bytes) -> Path:
    """Write text as UTF-8 (no BOM), or bytes as given; creates the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def write_insats(folder: Path, yaml_text: str = BASE_YAML, *, deltagare: str | bytes | None = DELTAGARE,
                 **files: str | bytes) -> Path:
    """An insats folder: ``insats.yaml``, ``data/deltagare.csv`` and one more file per keyword.

    A keyword without a dot is a table, written to ``data/<name>.csv`` (``narvaro="..."``); a keyword
    with a dot is a path relative to the folder (``**{"data/narvaro.xlsx": b"..."}``).
    ``deltagare=None`` leaves the participant file out. Returns the path of ``insats.yaml``.
    """
    if deltagare is not None:
        write_file(folder / "data" / "deltagare.csv", deltagare)
    for name, content in files.items():
        write_file(folder / (name if "." in name else f"data/{name}.csv"), content)
    return write_file(folder / "insats.yaml", yaml_text)


def make_config(folder: Path, yaml_text: str = BASE_YAML, **files: Any) -> InsatsConfig:
    """Write an insats folder (see :func:`write_insats`) and load its configuration."""
    return load_config(write_insats(folder, yaml_text, **files))


def raw_csv(folder: Path, table: str, content: str | bytes, name: str | None = None) -> RawTable:
    """Write ``data/<table>.csv`` (or ``data/<name>``) and read it as the insats reader does."""
    path = write_file(folder / "data" / (name or f"{table}.csv"), content)
    return read_raw(path, table, f"data/{path.name}")


def write_xlsx(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """An Excel workbook with the given sheets, in order; each sheet a list of rows of cell values."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def assert_place(err: EvaltoolsError, file: str, row: int | None = None, column: str | None = None) -> None:
    """The message names the place as the evaluator sees it: ``data/x.csv, rad 3, kolumn Startdatum``."""
    place = ", ".join([file] + ([f"rad {row}"] if row is not None else [])
                      + ([f"kolumn {column}"] if column is not None else []))
    assert place + ":" in str(err), f"{place!r} not in {str(err)!r}"


def assert_key(err: ConfigError, key: str) -> None:
    """The message names the key path of insats.yaml: ``insats.yaml, nyckeln 'mal[1].malvarde'``."""
    assert err.key == key, f"key {err.key!r}, expected {key!r}: {err}"
    assert f"insats.yaml, nyckeln '{key}':" in str(err)


# ------------------------------------------------- canonical tables for the evaluation functions

H1 = Period(dt.date(2024, 1, 1), dt.date(2024, 6, 30), "2024-H1")

CANONICAL_TEXT = ["deltagar_id", "kon", "aldersgrupp", "utfall", "kommun", "anvisare", "forsorjning_start",
        "forsorjning_slut", "gemensam_planering"]


def canonical_deltagare(rows: list[dict]) -> pd.DataFrame:
    """A canonical deltagare table (as evaltools.tables builds it) from a few hand-written rows."""
    columns: dict[str, object] = {"rad": pd.Series(range(2, len(rows) + 2), dtype="int64")}
    for name in CANONICAL_TEXT:
        columns[name] = pd.Series([r.get(name) for r in rows], dtype="str")
    columns["alder"] = pd.array([r.get("alder") for r in rows], dtype="Int64")
    for name in ("startdatum", "slutdatum"):
        columns[name] = pd.to_datetime(pd.Series([r.get(name) for r in rows], dtype=object)
                                       ).astype("datetime64[s]")
    return pd.DataFrame(columns)
