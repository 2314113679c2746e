"""Reading rules of contract section 2: encodings, delimiters, Excel, column names, cell formats."""

from __future__ import annotations

import datetime as dt
import os
import warnings
from pathlib import Path

import pandas as pd
import pytest
from conftest import assert_place, raw_csv, write_file, write_xlsx

from evaltools.errors import DataError
from evaltools.read import parse_category, parse_date, parse_number, read_raw
from evaltools.vocabulary import GENDER_ALIASES, GENDERS, REFERRER_ALIASES, REFERRERS, fold

SWEDISH = "deltagar_id;Kön;kommun\nA1;K;Håbo\nA2;M;Älvkarleby Örebro\n"


# -------------------------------------------------------------------------------- encodings, delimiters

@pytest.mark.parametrize("encoded", [
    SWEDISH.encode("utf-8"),
    "\ufeff".encode("utf-8") + SWEDISH.encode("utf-8"),  # Excel's "CSV UTF-8" writes a BOM
    SWEDISH.encode("cp1252"),  # Excel's plain "CSV" on a Swedish Windows
    SWEDISH.replace("\n", "\r\n").encode("cp1252"),
])
def test_encodings(tmp_path, encoded):
    raw = raw_csv(tmp_path, "deltagare", encoded)

    assert list(raw.frame.columns) == ["deltagar_id", "kon", "kommun"]
    assert raw.original["kon"] == "Kön"
    assert list(raw.frame["kommun"]) == ["Håbo", "Älvkarleby Örebro"]


def unicode_text(text: str) -> bytes:
    """A table as Excel's "Unicode-text" export writes it: UTF-16 LE with a BOM, tabs, CRLF."""
    return "\ufeff".encode("utf-16-le") + text.replace(";", "\t").replace("\n", "\r\n").encode("utf-16-le")


def test_excel_unicode_text_utf16_tab_separated(tmp_path):
    # Excel quotes a cell holding the delimiter (a tab) or a quote
    raw = raw_csv(tmp_path, "deltagare", unicode_text(SWEDISH + 'A3;M;"Gnesta\tTrosa ""norr"""\n'),
                  name="deltagare.txt")

    assert list(raw.frame.columns) == ["deltagar_id", "kon", "kommun"]
    assert raw.original["kon"] == "Kön"
    assert raw.frame["kommun"].tolist() == ["Håbo", "Älvkarleby Örebro", 'Gnesta\tTrosa "norr"']
    assert raw.rows.tolist() == [2, 3, 4]


def test_utf16_big_endian_is_read_too(tmp_path):
    data = "\ufeff".encode("utf-16-be") + SWEDISH.replace(";", "\t").encode("utf-16-be")

    raw = raw_csv(tmp_path, "deltagare", data)

    assert raw.frame["kommun"].tolist() == ["Håbo", "Älvkarleby Örebro"]


def test_damaged_utf16_file(tmp_path):
    data = unicode_text(SWEDISH) + b"\x00"  # an odd number of bytes cannot be UTF-16

    with pytest.raises(DataError) as info:
        raw_csv(tmp_path, "deltagare", data)

    assert str(info.value) == ('data/deltagare.csv: filen är sparad som UTF-16 (Excels "Unicode-text") men '
                               'är skadad; spara den igen från Excel')


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])  # \r alone: old Mac Excel
def test_line_endings(tmp_path, ending):
    raw = raw_csv(tmp_path, "deltagare", SWEDISH.replace("\n", ending))

    assert raw.frame["deltagar_id"].tolist() == ["A1", "A2"]
    assert raw.rows.tolist() == [2, 3]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiter_is_detected(tmp_path, delimiter):
    text = "deltagar_id,kon,startdatum\nA1,K,2024-03-01\n".replace(",", delimiter)

    raw = raw_csv(tmp_path, "deltagare", text)

    assert raw.frame.to_dict("records") == [{"deltagar_id": "A1", "kon": "K", "startdatum": "2024-03-01"}]


def test_quoted_cell_may_hold_the_delimiter(tmp_path):
    raw = raw_csv(tmp_path, "ekonomi", 'period;post;utfall\n2024;"Lokaler; hyra";"698411,50"\n')

    assert raw.frame.iloc[0].to_dict() == {"period": "2024", "post": "Lokaler; hyra", "utfall": "698411,50"}


def test_cells_are_text_without_surrounding_spaces(tmp_path):
    raw = raw_csv(tmp_path, "deltagare", "deltagar_id;kon\n  A1 ; K\n")

    assert raw.frame.iloc[0].to_dict() == {"deltagar_id": "A1", "kon": "K"}


# ------------------------------------------------------------------------------------- column names

@pytest.mark.parametrize(("written", "folded"), [
    ("Kön", "kon"),
    ("Födelseår", "fodelsear"),
    ("Deltagar-ID", "deltagar_id"),
    (" Startdatum ", "startdatum"),
    ("Gemensam planering", "gemensam_planering"),
    ("FÖRSÖRJNING  START", "forsorjning_start"),
    ("Ålder", "alder"),
])
def test_column_names_are_folded(tmp_path, written, folded):
    raw = raw_csv(tmp_path, "deltagare", f"x;{written}\n1;2\n")

    assert list(raw.frame.columns) == ["x", folded]
    assert raw.original[folded] == written.strip()


def test_duplicate_column_names_after_folding(tmp_path):
    with pytest.raises(DataError) as info:
        raw_csv(tmp_path, "deltagare", "deltagar_id;kon;Kön\nA1;K;K\n")

    assert_place(info.value, "data/deltagare.csv", 1, "Kön")
    assert "'kon' och 'Kön' betyder samma sak" in str(info.value)


def test_extra_columns_are_kept(tmp_path):
    raw = raw_csv(tmp_path, "deltagare", "deltagar_id;Handläggare;Anteckning\nA1;Eva;ny\n")

    assert list(raw.frame.columns) == ["deltagar_id", "handlaggare", "anteckning"]
    assert raw.frame["handlaggare"].tolist() == ["Eva"]


def test_column_name_that_folds_to_nothing_is_named_by_position(tmp_path):
    raw = raw_csv(tmp_path, "deltagare", "deltagar_id;--;kon\nA1;x;K\n")

    assert list(raw.frame.columns) == ["deltagar_id", "kolumn_2", "kon"]
    assert raw.original["kolumn_2"] == "--"


def test_unnamed_empty_columns_are_dropped(tmp_path):
    raw = raw_csv(tmp_path, "deltagare", "deltagar_id;kon;;\nA1;K;;\n")

    assert list(raw.frame.columns) == ["deltagar_id", "kon"]


# ------------------------------------------------------------------------------------- row numbers

def test_row_numbers_as_a_spreadsheet_shows_them(tmp_path):
    raw = raw_csv(tmp_path, "deltagare", "deltagar_id;kon\nA1;K\nA2;M\n")

    assert raw.rows.tolist() == [2, 3]


def test_blank_rows_are_skipped_and_later_rows_keep_their_numbers(tmp_path):
    text = "deltagar_id;kon\nA1;K\n\n;;\n  ;  \nA2;M\n"

    raw = raw_csv(tmp_path, "deltagare", text)

    assert raw.frame["deltagar_id"].tolist() == ["A1", "A2"]
    assert raw.rows.tolist() == [2, 6]
    assert raw.problem("x", 1, "kon").row == 6


def test_problem_names_the_column_as_written(tmp_path):
    raw = raw_csv(tmp_path, "deltagare", "Deltagar-ID; Startdatum \nA1;x\n")

    assert str(raw.problem("är inget datum", 0, "startdatum")) == \
        "data/deltagare.csv, rad 2, kolumn Startdatum: är inget datum"


# -------------------------------------------------------------------------------- unreadable files

def test_empty_file(tmp_path):
    with pytest.raises(DataError) as info:
        raw_csv(tmp_path, "deltagare", "\n\n")

    assert str(info.value) == "data/deltagare.csv: filen är tom"


@pytest.mark.parametrize(("name", "says"), [("deltagare.xls", ".xls"),
                                            ("deltagare.ods", "CSV (.csv) eller Excel")])
def test_unsupported_file_types(tmp_path, name, says):
    path = write_file(tmp_path / name, b"\x00\x01")

    with pytest.raises(DataError) as info:
        read_raw(path, "deltagare")

    assert str(info.value).startswith(f"{name}: ")
    assert says in str(info.value)


def test_damaged_excel_file(tmp_path):
    path = write_file(tmp_path / "deltagare.xlsx", bytes(range(256)) * 4)

    with pytest.raises(DataError) as info:
        read_raw(path, "deltagare")

    assert str(info.value) == "deltagare.xlsx: Excel-filen kan inte öppnas: den är skadad eller ingen Excel-fil"


def test_csv_saved_with_the_xlsx_ending(tmp_path):
    path = write_file(tmp_path / "deltagare.xlsx", "deltagar_id;kon\nA1;K\n")

    with pytest.raises(DataError) as info:
        read_raw(path, "deltagare")

    assert str(info.value) == ("deltagare.xlsx: Excel-filen kan inte öppnas: den är en textfil, inte en "
                               "Excel-fil; är det en CSV-fil, ge den filändelsen .csv")


def test_excel_file_saved_with_the_csv_ending(tmp_path):
    xlsx = write_xlsx(tmp_path / "x.xlsx", {"Blad1": [["deltagar_id"], ["A1"]]})

    with pytest.raises(DataError) as info:
        raw_csv(tmp_path, "deltagare", xlsx.read_bytes())

    assert str(info.value).startswith("data/deltagare.csv: filen är en zip-fil (t.ex. en Excel-fil .xlsx), "
                                      "inte en CSV-fil")


@pytest.mark.parametrize("garbage", [
    bytes(range(256)) * 8,  # NUL and every other byte
    bytes(range(1, 32)) * 40,  # control characters without NUL
])
def test_binary_garbage(tmp_path, garbage):
    with pytest.raises(DataError) as info:
        raw_csv(tmp_path, "deltagare", garbage)

    assert str(info.value) == ("data/deltagare.csv: filen är ingen textfil (innehåller binära tecken); spara "
                               "tabellen från Excel som CSV eller .xlsx")


def test_unterminated_quote_swallowing_the_file(tmp_path):
    text = 'deltagar_id;kon\nA1;"K\n' + "A2;M\n" * 30000  # one cell longer than the csv module allows

    with pytest.raises(DataError) as info:
        raw_csv(tmp_path, "deltagare", text)

    assert str(info.value) == ("data/deltagare.csv, rad 2: filen kan inte läsas som CSV från den här raden "
                               "(ett citattecken som inte avslutas, eller en cell som är orimligt lång?)")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_path_that_is_a_folder(tmp_path, suffix):
    folder = tmp_path / f"deltagare{suffix}"
    folder.mkdir()

    with pytest.raises(DataError) as info:
        read_raw(folder, "deltagare", "data/deltagare" + suffix)

    assert str(info.value) == f"data/deltagare{suffix}: är en mapp, inte en fil; ange sökvägen till själva filen"


def test_missing_file(tmp_path):
    with pytest.raises(DataError) as info:
        read_raw(tmp_path / "deltagare.csv", "deltagare")

    assert str(info.value) == "deltagare.csv: filen finns inte"


UNREADABLE = ("filen kan inte läsas: behörighet saknas (är den öppen i Excel eller skyddad?)")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_file_that_cannot_be_read(tmp_path, monkeypatch, suffix):
    """As Windows answers while Excel holds the file open (simulated: root can read any file)."""
    path = write_file(tmp_path / f"deltagare{suffix}", "deltagar_id;kon\nA1;K\n")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(DataError) as info:
        read_raw(path, "deltagare")

    assert str(info.value) == f"deltagare{suffix}: {UNREADABLE}"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files without permission")
def test_file_without_read_permission(tmp_path):
    path = write_file(tmp_path / "deltagare.csv", "deltagar_id;kon\nA1;K\n")
    path.chmod(0)
    try:
        with pytest.raises(DataError) as info:
            read_raw(path, "deltagare")
    finally:
        path.chmod(0o600)

    assert str(info.value) == f"deltagare.csv: {UNREADABLE}"


# -------------------------------------------------------------------------------------------- XLSX

def test_xlsx_first_sheet(tmp_path):
    path = write_xlsx(tmp_path / "deltagare.xlsx", {"Blad1": [["Deltagar-ID", "Kön"], ["A1", "K"]]})

    raw = read_raw(path, "deltagare")

    assert raw.frame.to_dict("records") == [{"deltagar_id": "A1", "kon": "K"}]
    assert raw.file == "deltagare.xlsx"


def test_xlsx_sheet_named_after_the_table(tmp_path):
    path = write_xlsx(tmp_path / "mallar.xlsx", {
        "Instruktioner": [["Fyll i bladen"]],
        "Deltagare": [["deltagar_id", "kon"], ["A1", "K"]],
        "Närvaro": [["deltagar_id", "datum", "narvarande"], ["A1", "2024-03-01", "ja"]],
    })

    raw = read_raw(path, "narvaro", "data/mallar.xlsx")

    assert list(raw.frame.columns) == ["deltagar_id", "datum", "narvarande"]
    assert raw.file == "data/mallar.xlsx (blad Närvaro)"  # messages say which sheet


def test_xlsx_cells_as_text(tmp_path):
    path = write_xlsx(tmp_path / "deltagare.xlsx", {"Blad1": [
        ["deltagar_id", "startdatum", "slutdatum", "belopp", "heltal", "gemensam_planering"],
        [1001, dt.datetime(2024, 3, 1), dt.date(2024, 5, 2), 698411.5, 1360000.0, True],
    ]})

    row = read_raw(path, "deltagare").frame.iloc[0].to_dict()

    assert row == {"deltagar_id": "1001", "startdatum": "2024-03-01", "slutdatum": "2024-05-02",
                   "belopp": "698411,5", "heltal": "1360000", "gemensam_planering": "ja"}
    assert parse_number(row["belopp"]) == 698411.5


def test_xlsx_row_numbers_skip_blank_rows(tmp_path):
    path = write_xlsx(tmp_path / "deltagare.xlsx", {"Blad1": [
        ["deltagar_id", "kon"], ["A1", "K"], [None, None], ["A2", "M"]]})

    raw = read_raw(path, "deltagare")

    assert raw.rows.tolist() == [2, 4]


def test_xlsx_empty_sheet(tmp_path):
    path = write_xlsx(tmp_path / "deltagare.xlsx", {"Blad1": []})

    with pytest.raises(DataError) as info:
        read_raw(path, "deltagare")

    assert "bladet 'Blad1' är tomt" in str(info.value)


# -------------------------------------------------------------------------------------------- dates

@pytest.mark.parametrize("text", ["2024-03-01", "20240301", "240301", "2024-3-1", " 2024-03-01 "])
def test_dates(text):
    assert parse_date(text) == dt.date(2024, 3, 1)


@pytest.mark.parametrize(("text", "says"), [
    ("2024-02-30", "finns inte i kalendern"),
    ("240230", "finns inte i kalendern"),
    ("20241301", "finns inte i kalendern"),
    ("1/3/2024", "är inget datum"),
    ("2024.03.01", "är inget datum"),
    ("1 mars 2024", "är inget datum"),
    ("2024-03", "är inget datum"),
])
def test_invalid_dates(text, says):
    with pytest.raises(ValueError, match=says):
        parse_date(text)


# ------------------------------------------------------------------------------------------ numbers

@pytest.mark.parametrize(("text", "value"), [
    ("1 360 000", 1360000.0),
    ("1360000", 1360000.0),
    ("698411,50", 698411.5),
    ("698411.50", 698411.5),
    ("1\u00a0360\u00a0000", 1360000.0),  # non-breaking space, as Excel writes thousands
    ("1\u202f360\u202f000", 1360000.0),  # narrow non-breaking space
    ("1 360 000 kr", 1360000.0),
    ("-12,5", -12.5),
    ("\u221212,5", -12.5),  # a real minus sign
    ("0", 0.0),
])
def test_numbers(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["1.360", "1.360.000", "1,360.00", "tusen", "12 %", "nan", "inf"])
def test_invalid_numbers(text):
    with pytest.raises(ValueError):
        parse_number(text)


# --------------------------------------------------------------------------------------- categories

@pytest.mark.parametrize(("text", "code"), [
    ("kvinna", "kvinna"), ("K", "kvinna"), ("k", "kvinna"), ("Kvinnor", "kvinna"), ("flicka", "kvinna"),
    ("M", "man"), ("Man", "man"), ("män", "man"), ("pojke", "man"), (" MAN ", "man"),
    ("Okänt", "okant"), ("annat", "annat"),
])
def test_gender_values_and_aliases(text, code):
    assert parse_category(text, GENDERS, GENDER_ALIASES) == code


@pytest.mark.parametrize(("text", "code"), [
    ("Egen anmälan", "egen_anmalan"), ("egen-anmälan", "egen_anmalan"),
    ("Arbetsförmedlingen", "arbetsformedlingen"),
    ("AF", "arbetsformedlingen"), ("Försäkringskassan", "forsakringskassan"),
])
def test_category_folding(text, code):
    assert parse_category(text, REFERRERS, REFERRER_ALIASES) == code


def test_unknown_category_lists_the_allowed_values():
    with pytest.raises(ValueError) as info:
        parse_category("hen", GENDERS, GENDER_ALIASES)

    assert str(info.value) == "är inget tillåtet värde; tillåtna: kvinna, man, annat, okant"


@pytest.mark.parametrize(("text", "meant"), [
    ("kvina", "kvinna"), ("Kvinnlig", "kvinna"), ("mann", "man"), ("Okänd t", "okant"),
    ("flika", "flicka"),  # the alias that was meant (it is accepted as kvinna)
])
def test_unknown_category_suggests_the_nearest_value(text, meant):
    with pytest.raises(ValueError) as info:
        parse_category(text, GENDERS, GENDER_ALIASES)

    assert str(info.value) == f"är inget tillåtet värde; tillåtna: kvinna, man, annat, okant; menade du {meant}?"


@pytest.mark.parametrize(("text", "folded"), [
    ("Kön", "kon"), (" Deltagar-ID ", "deltagar_id"), ("Vård av barn", "vard_av_barn"),
    ("Psykisk  ohälsa", "psykisk_ohalsa"), ("a – b", "a_b"), ("__x__", "x"),
])
def test_fold(text, folded):
    assert fold(text) == folded


# ------------------------------------------------------------------------- the two ways of reading CSV
# Files without quote characters are read by pandas' C parser, others by the csv module: both must
# give the same cells and row numbers.

def test_quoted_and_plain_files_read_alike(tmp_path):
    plain = "deltagar_id;kon;kommun\n\nA1 ; K;Håbo\n;;\nA2;M;Älvkarleby\n"
    quoted = '"deltagar_id";"kon";"kommun"\n\n"A1 ";" K";"Håbo"\n;;\n"A2";"M";"Älvkarleby"\n'

    first, second = raw_csv(tmp_path / "a", "deltagare", plain), raw_csv(tmp_path / "b", "deltagare", quoted)

    pd.testing.assert_frame_equal(first.frame, second.frame)
    assert first.rows.tolist() == second.rows.tolist() == [3, 5]
    assert first.original == second.original


def test_cell_over_several_lines_keeps_the_row_numbers_after_it(tmp_path):
    raw = raw_csv(tmp_path, "deltagare", 'deltagar_id;anteckning\nA1;"två\nrader"\nA2;x\n')

    assert raw.frame["anteckning"].tolist() == ["två\nrader", "x"]
    assert raw.rows.tolist() == [3, 4]  # the row where each record ends, as Excel numbers it


@pytest.mark.parametrize("text", ["deltagar_id;kon\nA1;K;extra\nA2;M\n",  # a row wider than the header
                                  ";;\n\ndeltagar_id;kon\nA1;K;extra\nA2;M\n",  # and a first line wider
                                  "deltagar_id;kon;;\nA1;K;;extra\nA2;M\n"])
def test_rows_wider_than_the_header_keep_their_cells(tmp_path, text):
    raw = raw_csv(tmp_path, "deltagare", text)

    assert raw.frame.iloc[0].tolist()[-1] == "extra"
    assert raw.frame.iloc[1].tolist()[-1] == ""
    assert raw.rows.tolist()[-1] == text.count("\n")


def test_cells_are_held_once_per_distinct_value(tmp_path):
    raw = raw_csv(tmp_path, "narvaro", "deltagar_id;datum\nA1;2024-01-15\nA2; 2024-01-15\nA1;2024-01-16\n")

    cells = raw.cells["datum"]
    assert cells.values.tolist() == ["2024-01-15", "2024-01-16"]  # stripped, in the order met
    assert cells.codes.tolist() == [0, 0, 1]
    assert cells.text().tolist() == raw.frame["datum"].tolist()


def test_windows_1252_after_a_long_plain_beginning(tmp_path):
    # the beginning of the file is plain ASCII (valid UTF-8 too); a letter of Windows-1252 comes later
    rows = "".join(f"A{i};K;Tierp\n" for i in range(8000))
    raw = raw_csv(tmp_path, "deltagare", ("deltagar_id;kon;kommun\n" + rows + "B1;M;Håbo\n").encode("cp1252"))

    assert raw.frame["kommun"].iloc[-1] == "Håbo"
    assert raw.rows.tolist()[-1] == 8002


def test_long_file_with_old_mac_line_ends(tmp_path):
    rows = "".join(f"A{i},K,Håbo\r" for i in range(8000))
    raw = raw_csv(tmp_path, "deltagare", ("deltagar_id,kon,kommun\r" + rows).encode("cp1252"))

    assert list(raw.frame.columns) == ["deltagar_id", "kon", "kommun"]
    assert len(raw.frame) == 8000 and raw.rows.tolist()[-1] == 8001


@pytest.mark.parametrize("text", ["850312;050301;1.50\n860101;240115;2\n",  # no header row: numbers only
                                  "1;2024\n050301;1e3\n"])  # header names that are numbers
def test_columns_of_numbers_keep_their_text(tmp_path, text):
    raw = raw_csv(tmp_path, "narvaro", text)

    assert [list(raw.original.values()), *raw.frame.values.tolist()] == [line.split(";")
                                                                          for line in text.splitlines()]


# ------------------------------------------------------------------ large files: parsed in parts, in threads

_LONG = "".join(f"A{i % 37};{240101 + i % 28};ja;{'x' if i % 5 else ''}\n" for i in range(400))


@pytest.mark.parametrize("text", [
    "deltagar_id;datum;narvarande;orsak\n" + _LONG,  # numbers only in the parts after the first
    "\ufeffdeltagar_id;datum;narvarande;orsak\r\n" + _LONG.replace("\n", "\r\n"),  # BOM, Windows line ends
    ";;;\n\ndeltagar_id;datum;narvarande;orsak\n" + _LONG + "\n;;;\n" + _LONG,  # header below, blank rows
    "deltagar_id;datum;narvarande;orsak\n" + _LONG + "B1;240101;ja;x;extra\n" + _LONG,  # a wider row late
    "deltagar_id;datum;narvarande;orsak\n" + _LONG + "B1;240101;ja\rB2;240102;nej\n",  # a lone \r late
    "1;2;3;4\n" + _LONG,  # header names that are numbers
    "deltagar_id;datum;narvarande;orsak\n" + _LONG + "B1;240101;ja;Håbo",  # no line end at the end
])
def test_file_read_in_parts_reads_as_at_once(tmp_path, monkeypatch, text):
    whole = raw_csv(tmp_path / "a", "narvaro", text)
    monkeypatch.setattr("evaltools.read.PART_BYTES", 256)  # some 40 parts
    parts = raw_csv(tmp_path / "b", "narvaro", text)

    pd.testing.assert_frame_equal(parts.frame, whole.frame)
    assert parts.rows.tolist() == whole.rows.tolist()
    assert parts.original == whole.original
    assert {k: c.values.tolist() for k, c in parts.cells.items()} == {k: c.values.tolist()
                                                                      for k, c in whole.cells.items()}


def test_file_read_in_parts_with_windows_1252_late(tmp_path, monkeypatch):
    text = ("deltagar_id;kommun\n" + "".join(f"A{i};Tierp\n" for i in range(400)) + "B1;Håbo\n").encode("cp1252")
    monkeypatch.setattr("evaltools.read.PART_BYTES", 256)

    raw = raw_csv(tmp_path, "deltagare", text)

    assert raw.frame["kommun"].iloc[-1] == "Håbo" and raw.rows.tolist()[-1] == 402


def test_header_text_again_in_a_cell_below(tmp_path):
    raw = raw_csv(tmp_path, "deltagare", "deltagar_id;kon\nA1;K\nA2;kon\ndeltagar_id;M\n")

    assert raw.frame.values.tolist() == [["A1", "K"], ["A2", "kon"], ["deltagar_id", "M"]]
    assert raw.cells["kon"].values.tolist() == ["K", "kon", "M"]  # in the order the rows show them
    assert raw.cells["deltagar_id"].codes.tolist() == [0, 1, 2]


@pytest.mark.parametrize("text", ["deltagar_id;kon\nA1;K;extra\nA2;M\n", ";;\n\ndeltagar_id;kon\nA1;K;extra\nA2;M\n",
                                  ";;;;\ndeltagar_id;kon\n" + "A1;K\n" * 300 + "A2;M;x;y\n"])
def test_rows_wider_than_the_first_line_cut_nothing_off(tmp_path, monkeypatch, text):
    # the parser would only warn (and drop cells) were the first line of a part the widest; every
    # part begins with the file's first line, as wide as the parser is told (warnings made errors)
    monkeypatch.setattr("evaltools.read.PART_BYTES", 256)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        raw = raw_csv(tmp_path, "deltagare", text)

    assert [c for row in raw.frame.values.tolist() for c in row if c] == [
        c for line in text.splitlines()[text.splitlines().index("deltagar_id;kon") + 1:]
        for c in line.split(";") if c]
