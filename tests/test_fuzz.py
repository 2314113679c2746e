"""Fuzzing the readers and validators: whatever an evaluator's file holds, the outcome is a valid table
or evaltools' own error (a Swedish message naming the place), never another exception.

Random bytes, random tables of awkward cells in random encodings, delimiters and line endings, and
random insats folders (with random insats.yaml) go through ``read_raw``, the table builders and
``load_insats``. Each test draws at most a few hundred examples, derandomized, so the suite stays fast
and repeatable; a failure prints the example that broke it. ``EVALTOOLS_FUZZ=5000`` runs a longer,
random hunt.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import tempfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml
from conftest import BASE_YAML, DELTAGARE, KNOWN, make_config
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from evaltools.errors import EvaltoolsError
from evaltools.insats import load_insats
from evaltools.quality import QualityLog
from evaltools.read import RawTable, read_raw
from evaltools.tables import (attendance_table, baseline_table, economy_table, participants_table,
                              progression_table)

# A long random hunt for a developer: EVALTOOLS_FUZZ=5000 pytest tests/test_fuzz.py
HUNT = int(os.environ.get("EVALTOOLS_FUZZ", "0"))
FUZZ = settings(max_examples=HUNT or 100, deadline=None, database=None, derandomize=not HUNT,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# ----------------------------------------------------------------------------------------- pieces

COLUMNS = {
    "deltagare": ["deltagar_id", "kon", "fodelsear", "alder", "startdatum", "slutdatum", "utfall", "kommun",
                  "anvisare", "forsorjning_start", "forsorjning_slut", "gemensam_planering"],
    "narvaro": ["deltagar_id", "datum", "narvarande", "franvaroorsak", "aktivitet", "timmar",
                "period_start", "period_slut", "planerade"],
    "progression": ["deltagar_id", "datum", "indikator", "varde", "instrument"],
    "ekonomi": ["period", "kommun", "post", "beviljat", "utfall", "prognos"],
    "kartlaggning": ["deltagar_id", "fraga", "svar"],
}
ODD_NAMES = ["Kön", " Deltagar-ID ", "Födelseår", "--", "", "Anteckning", "KON", "datum", "x\ny", "\"",
             "personnummer", "ÅÄÖ", "\t", "a;b"]
# cells that have found bugs in readers before: formats of the contract, near misses, and noise
CELLS = ["", " ", "A1", "A2", "A3", "UF001", "kvinna", "K", "man", "kvina", "okant", "ja", "nej", "J", "1",
         "0", "-1", "2000", "1899", "2101", "24", "130", "2024-03-01", "20240301", "240301", "2024-02-30",
         "2024-13-01", "1/3/2024", "2024-3-1", "2023-12-31", "9999-12-31", "0001-01-01", "arbete", "studier",
         "arbte", "1 360 000", "698411,50", "1.360", "1,360.00", "12 %", "nan", "inf", "-0", "1e400",
         "10,5", "5", "11", "−12,5", "kr", "Hälsa", "hälsa ", "SMAIL", "Diagnos NPF", "2024", "2024-H1",
         "x" * 300, "\"", "'", ";", ",", "\t", "a\nb", "\x0b", "\u2028", "\ufeff", "🙂", "Ω≈ç√",
         "850312-1234", "8503121234", "19850312-1234", "ring 850312-1234"]


REQUIRED = {"deltagare": ["deltagar_id", "kon", "startdatum", "fodelsear"],
            "narvaro": ["deltagar_id", "datum", "narvarande"],
            "progression": ["deltagar_id", "datum", "indikator", "varde"],
            "ekonomi": ["period", "beviljat", "utfall"],
            "kartlaggning": ["deltagar_id", "fraga", "svar"]}
DATES = ["2024-03-01", "20240301", "240301", "2023-12-31", "2024-02-29", "2024-02-30", "2022-01-01", ""]
NUMBERS = ["0", "1", "5", "10", "11", "-1", "2,5", "1 360 000", "698411,50", "1.360", "x", ""]
# plausible values per column (valid ones and near misses), so that rows get past the first check
PLAUSIBLE = {
    "deltagar_id": ["A1", "A2", "A3", "A9", "", "8503121234"], "kon": ["kvinna", "man", "K", "kvina", ""],
    "fodelsear": ["2000", "1996", "2030", "99", ""], "alder": ["20", "17", "-3", "x", ""],
    "startdatum": DATES, "slutdatum": DATES, "datum": DATES, "period_start": DATES, "period_slut": DATES,
    "utfall": ["arbete", "studier", "steget_vidare", "okant", "arbte", ""],
    "anvisare": ["AF", "kommun", "region", "x", ""], "forsorjning_start": ["forsorjningsstod", "lon", "x", ""],
    "forsorjning_slut": ["a-kassa", "ingen", ""], "gemensam_planering": ["ja", "nej", "kanske", ""],
    "narvarande": ["ja", "nej", "J", "0", "1", "3", "kanske", ""], "planerade": NUMBERS, "timmar": NUMBERS,
    "varde": NUMBERS, "beviljat": NUMBERS, "utfall_": NUMBERS, "prognos": NUMBERS,
    "indikator": ["Hälsa", "hälsa ", "Motivation", ""], "instrument": ["SMAIL", "BIP", ""],
    "fraga": ["Diagnos NPF", "diagnos npf", ""], "svar": ["Ja", "nej", "", "vet ej"],
    "period": ["2024", "2024-H1", ""], "kommun": ["Tierp", "tierp", ""], "post": ["Lön", ""],
}


def cell(column: str, table: str) -> st.SearchStrategy[str]:
    """A cell of ``column``: mostly a plausible value for it, sometimes anything at all."""
    key = "utfall_" if (table, column) == ("ekonomi", "utfall") else column
    plausible = PLAUSIBLE.get(key)
    noise = st.one_of(st.sampled_from(CELLS), st.text(max_size=12))
    return st.one_of(st.sampled_from(plausible), st.sampled_from(plausible), noise) if plausible else noise


# a valid row of each table (form A for narvaro), which the rows drawn below start from
VALID_ROWS = {
    "deltagare": [{"kon": "kvinna", "fodelsear": "2000", "alder": "24", "startdatum": "2024-01-10",
                   "slutdatum": "2024-05-02", "utfall": "arbete", "kommun": "Tierp", "anvisare": "AF",
                   "gemensam_planering": "ja"},
                  {"kon": "M", "fodelsear": "1996", "startdatum": "240201", "forsorjning_start": "lon"}],
    "narvaro": [{"deltagar_id": "A1", "datum": "2024-01-15", "narvarande": "ja", "timmar": "2,5"},
                {"deltagar_id": "A2", "datum": "2024-02-15", "narvarande": "nej", "franvaroorsak": "Sjukdom"}],
    "progression": [{"deltagar_id": "A1", "datum": "2024-01-15", "indikator": "Hälsa", "varde": "5"},
                    {"deltagar_id": "A1", "datum": "2024-04-15", "indikator": "Hälsa", "varde": "7"}],
    "ekonomi": [{"period": "2024", "beviljat": "1 360 000", "utfall": "698411,50", "prognos": "1000000"}],
    "kartlaggning": [{"deltagar_id": "A1", "fraga": "Diagnos NPF", "svar": "Ja"},
                     {"deltagar_id": "A2", "fraga": "Diagnos NPF", "svar": ""}],
}


@st.composite
def table_text(draw, table: str) -> list[list[str]]:
    """A header (mostly the table's required columns, now and then an optional or odd one, in any
    order) and up to 8 rows, each a valid row, about one in four with a cell spoilt; now and then a
    row is longer or shorter than the header."""
    names = [c for c in REQUIRED[table] if draw(st.integers(0, 19)) > 0]
    names += draw(st.lists(st.one_of(st.sampled_from(COLUMNS[table]), st.sampled_from(ODD_NAMES),
                                     st.text(max_size=8)), max_size=2))
    names = draw(st.permutations(names))
    rows = []
    for i in range(draw(st.integers(0, 8))):
        valid = {"deltagar_id": f"A{i + 1}", **draw(st.sampled_from(VALID_ROWS[table]))}
        spoilt = draw(st.integers(-3 * len(names) - 1, len(names) - 1))  # about one row in four
        row = []
        for j, name in enumerate(names):
            column = str(name).strip().lower()
            row.append(draw(cell(column, table)) if j == spoilt else valid.get(column, ""))
        change = draw(st.integers(-1, 20))
        if change < 0:
            row = row[:-1]
        elif change == 0:
            row.append(draw(st.sampled_from(CELLS)))
        rows.append(row)
    return [names, *rows]


ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le", "latin-1"]


@st.composite
def encoded(draw, table: str) -> bytes:
    """A table written as a CSV file the way some program might: delimiter, quoting, line ending and
    encoding drawn at random (characters an encoding lacks become '?')."""
    rows = draw(table_text(table))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=draw(st.sampled_from([";", ";", ",", "\t", "|"])),
                        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])),
                        lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"])))
    writer.writerows(rows)
    text = buffer.getvalue()
    if draw(st.integers(0, 4)) == 0:  # cut the file anywhere: a save that did not finish
        text = text[:draw(st.integers(0, len(text)))]
    return text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")


# random bytes, often after the first bytes that make a reader take a particular path
PREFIXES = [b"", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"PK\x03\x04", b"\xd0\xcf\x11\xe0",
            b"deltagar_id;kon\n", b'"']


def raw_bytes(max_size: int) -> st.SearchStrategy[bytes]:
    return st.builds(bytes.__add__, st.sampled_from(PREFIXES), st.binary(max_size=max_size))


def file_bytes(table: str) -> st.SearchStrategy[bytes]:
    return st.one_of(encoded(table), raw_bytes(300))


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    return make_config(tmp_path_factory.mktemp("fuzz_config"),
                       BASE_YAML + "progression: {skala: [1, 10]}\nutfallskoder: {steget_vidare: Steget}\n")


def read(content: bytes, table: str, suffix: str = ".csv") -> RawTable | None:
    """read_raw on ``content``: the table, or None when evaltools refused the file in its own words."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{table}{suffix}"
        path.write_bytes(content)
        try:
            raw = read_raw(path, table, f"data/{path.name}")
        except EvaltoolsError as err:
            assert_own_error(err)
            event("file refused")
            return None
    assert_valid_raw(raw)
    return raw


def assert_own_error(err: EvaltoolsError) -> None:
    """An error of evaltools' own: a message in Swedish naming a file, and no English of a library."""
    text = str(err)
    assert text.strip()
    assert err.problems, text
    assert all(p.file and p.message for p in err.problems)
    assert "Traceback" not in text, text


def assert_valid_raw(raw: RawTable) -> None:
    assert len(raw.rows) == len(raw.frame)
    assert list(raw.rows) == sorted(set(raw.rows)) and (len(raw.rows) == 0 or raw.rows[0] >= 2)
    assert all(isinstance(v, str) for column in raw.frame for v in raw.frame[column])
    assert set(raw.original) == set(raw.frame.columns)


def assert_valid_table(frame: pd.DataFrame, raw: RawTable) -> None:
    """A canonical table: its rows come from the file, each at most once, with their row numbers."""
    assert "rad" in frame.columns
    assert set(frame["rad"]) <= set(raw.rows.tolist())
    assert frame["rad"].is_unique


# ------------------------------------------------------------------------------------------ tests

@FUZZ
@given(content=raw_bytes(2000), suffix=st.sampled_from([".csv", ".txt", ".xlsx"]))
def test_random_bytes_are_read_or_refused_in_swedish(content, suffix):
    read(content, "deltagare", suffix)


@FUZZ
@given(content=file_bytes("deltagare"))
def test_deltagare_builder(config, content):
    raw = read(content, "deltagare")
    if raw is None:
        return
    try:
        table = participants_table(raw, config)
    except EvaltoolsError as err:
        assert_own_error(err)
        event("rows refused")
        return
    event("table built")
    assert_valid_table(table, raw)
    assert len(table) == len(raw.frame) > 0  # participants are never left out: all rows, or an error


@FUZZ
@given(table=st.sampled_from(["narvaro", "progression", "ekonomi", "kartlaggning"]), data=st.data())
def test_other_table_builders(config, table, data):
    raw = read(data.draw(file_bytes(table)), table)
    if raw is None:
        return
    log = QualityLog()
    build = {
        "narvaro": lambda: attendance_table(raw, set(KNOWN), log)[0],
        "progression": lambda: progression_table(raw, set(KNOWN), config, log),
        "ekonomi": lambda: economy_table(raw, log),
        "kartlaggning": lambda: baseline_table(raw, set(KNOWN), log),
    }[table]
    try:
        frame = build()
    except EvaltoolsError as err:
        assert_own_error(err)
        event(f"{table}: rows refused")
        return
    event(f"{table}: table built")
    assert_valid_table(frame, raw)
    logged = log.frame()
    assert set(logged["rad"]) <= set(raw.rows.tolist())
    assert not set(logged["rad"]) & set(frame["rad"])  # a row is either counted or left out


EXCEL_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=10)  # Excel has no others
EXCEL_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False),
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)), st.datetimes(dt.datetime(1900, 1, 1)),
    st.times(), st.sampled_from([c for c in CELLS if c.isprintable() or c == ""]), EXCEL_TEXT)


@st.composite
def workbook(draw) -> bytes:
    """An Excel workbook of one or two sheets holding cells of every type Excel stores."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title in draw(st.lists(st.sampled_from(["Blad1", "deltagare", "Deltagare", "Narvaro"]), min_size=1,
                               max_size=2, unique_by=str.lower)):
        sheet = book.create_sheet(title)
        names = draw(st.permutations([c for c in REQUIRED["deltagare"] if draw(st.integers(0, 9))]))
        sheet.append(names)
        for i in range(draw(st.integers(0, 5))):
            valid = {"deltagar_id": f"A{i + 1}", **VALID_ROWS["deltagare"][0]}
            sheet.append([draw(EXCEL_VALUES) if draw(st.integers(0, 3)) == 0 else valid.get(n, "")
                          for n in names])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@settings(FUZZ, max_examples=HUNT or 40)
@given(content=workbook())
def test_excel_files_with_cells_of_every_type(config, content):
    raw = read(content, "deltagare", ".xlsx")
    if raw is None:
        return
    try:
        table = participants_table(raw, config)
    except EvaltoolsError as err:
        assert_own_error(err)
        event("rows refused")
        return
    event("table built")
    assert_valid_table(table, raw)


# a valid insats.yaml as data, which the strategy below spoils one key at a time
YAML_BASE = {"insats": "Fuzz", "insatsperiod": {"start": "2022-01-01", "slut": "2024-12-31"},
             "rapportperiod": "2024-H1", "progression": {"skala": [1, 10]},
             "mal": [{"namn": "Arbete", "typ": "utfall", "kategorier": ["arbete"], "malvarde": 0.5}]}
YAML_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
              st.text(max_size=10), st.sampled_from(["2024-H1", "2024-02-30", "2024-01-01", "-24", "30-",
                                                     "utfall", "narvaro", "andel", "antal", "50 %"])),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.sampled_from(["start", "slut", "namn", "typ", "malvarde",
                                                             "skala", "min_antal", "x"]), inner, max_size=3)),
    max_leaves=8)
YAML_KEYS = st.sampled_from([*YAML_BASE, "aldersgrupper", "utfallskoder", "sekretess", "sprak", "data",
                             "kommuner", "samordningsforbund", "okand_nyckel"])


@st.composite
def insats_yaml(draw) -> bytes:
    """insats.yaml: the valid base with a few keys replaced by random values, or random text."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)))
    content = dict(YAML_BASE)
    for key, value in draw(st.dictionaries(YAML_KEYS, YAML_VALUES, max_size=3)).items():
        content[key] = value
    return yaml.safe_dump(content, allow_unicode=True).encode()


@settings(FUZZ, max_examples=HUNT or 60)
@given(yaml_bytes=insats_yaml(), data=st.data())
def test_load_insats_on_random_folders(yaml_bytes, data):
    """A whole insats folder: random insats.yaml, a deltagare file that is valid or random, and each
    other table absent, valid-looking or random."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "data").mkdir()
        (root / "insats.yaml").write_bytes(yaml_bytes)
        deltagare = data.draw(st.one_of(st.just(DELTAGARE.encode()), file_bytes("deltagare")))
        (root / "data" / "deltagare.csv").write_bytes(deltagare)
        for table in ("narvaro", "progression", "ekonomi", "kartlaggning"):
            if data.draw(st.booleans()):
                (root / "data" / f"{table}.csv").write_bytes(data.draw(file_bytes(table)))
        try:
            insats = load_insats(root)
        except EvaltoolsError as err:
            assert_own_error(err)
            event("refused: " + ("insats.yaml" if err.problems[0].file == "insats.yaml" else "data"))
            return
    event("insats loaded")
    assert len(insats.deltagare) > 0
    assert list(insats.kvalitet.columns)[:4] == ["fil", "rad", "kolumn", "orsak"]


@settings(FUZZ, max_examples=HUNT or 50)
@given(rows=st.lists(st.tuples(st.sampled_from(["A1", "A2", "A3", "A9", ""]),
                               st.sampled_from(["2024-01-15", "2024-02-30", "", "x"]),
                               st.sampled_from(["ja", "nej", "", "kanske"])), max_size=10))
def test_attendance_rows_are_counted_or_logged_or_refused(config, rows):
    """Form A attendance built from near-valid rows: every row is either in the table or in the log,
    or the file is refused with evaltools' own error."""
    text = "deltagar_id;datum;narvarande\n" + "".join(";".join(r) + "\n" for r in rows)
    raw = read(text.encode(), "narvaro")
    if raw is None:
        return
    log = QualityLog()
    try:
        frame, _ = attendance_table(raw, set(KNOWN), log)
    except EvaltoolsError as err:
        assert_own_error(err)
        return
    assert sorted([*frame["rad"], *log.frame()["rad"]]) == sorted(raw.rows.tolist())
