"""Raw tables -> canonical tables (contract section 2) and the policy of evaltools/tables.py:
malformed cells and self-contradicting rows are errors naming file, row and column; in the other
tables, rows lacking a value, naming an unknown participant or repeating a row are left out and logged.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import BASE_YAML, KNOWN, assert_place, canonical_deltagare, make_config, raw_csv

from evaltools.errors import DataError
from evaltools.quality import QUALITY_COLUMNS, QualityLog
from evaltools.tables import (DELTAGARE_COLUMNS, attendance_table, baseline_table, economy_table,
                              participants_table, progression_table)

HEADER = "deltagar_id;kon;fodelsear;startdatum;slutdatum;utfall\n"
FILE = "data/deltagare.csv"


def deltagare(tmp_path, text: str, yaml_text: str = BASE_YAML) -> pd.DataFrame:
    config = make_config(tmp_path, yaml_text)
    return participants_table(raw_csv(tmp_path, "deltagare", text), config)


def deltagare_error(tmp_path, text: str, yaml_text: str = BASE_YAML) -> DataError:
    with pytest.raises(DataError) as info:
        deltagare(tmp_path, text, yaml_text)
    return info.value


def one_problem(err: DataError):
    assert len(err.problems) == 1, str(err)
    return err.problems[0]


def logged(log: QualityLog) -> list[tuple]:
    return list(log.frame().itertuples(index=False, name=None))


# ======================================================================================== deltagare

def test_deltagare_canonical_table(tmp_path):
    table = deltagare(tmp_path, HEADER + "A1;kvinna;2000;2024-01-10;2024-05-02;arbete\n"
                                         "A2;man;1996;2024-02-01;;\n")

    assert list(table.columns) == ["rad", "deltagar_id", "kon", "fodelsear", "alder", "aldersgrupp",
                                   *DELTAGARE_COLUMNS[4:]]
    first = table.iloc[0]
    assert (first["rad"], first["deltagar_id"], first["kon"], first["fodelsear"], first["alder"]) == \
        (2, "A1", "kvinna", 2000, 24)
    assert first["startdatum"] == pd.Timestamp("2024-01-10")
    assert first["slutdatum"] == pd.Timestamp("2024-05-02")
    assert first["utfall"] == "arbete"
    assert pd.isna(table.loc[1, "slutdatum"]) and pd.isna(table.loc[1, "utfall"])
    assert table["startdatum"].dtype.kind == "M"


def test_deltagare_optional_columns(tmp_path):
    text = ("deltagar_id;kon;alder;startdatum;slutdatum;utfall;kommun;anvisare;forsorjning_start;"
            "forsorjning_slut;gemensam_planering\n"
            "A1;K;20;2024-01-10;2024-05-02;arbete;Tierp;AF;Ekonomiskt bistånd;Lön;Ja\n"
            "A2;M;30;2024-01-10;;;tierp;Egen anmälan;a-kassa;;\n")

    table = deltagare(tmp_path, text)

    assert table["kommun"].tolist() == ["Tierp", "Tierp"]  # one spelling per folded form
    assert table["anvisare"].tolist() == ["arbetsformedlingen", "egen_anmalan"]
    assert table["forsorjning_start"].tolist() == ["forsorjningsstod", "a_kassa"]
    assert table.loc[0, "forsorjning_slut"] == "lon" and pd.isna(table.loc[1, "forsorjning_slut"])
    assert table.loc[0, "gemensam_planering"] == "ja" and pd.isna(table.loc[1, "gemensam_planering"])


def test_deltagare_extra_columns_are_kept_as_text(tmp_path):
    table = deltagare(tmp_path, "deltagar_id;kon;alder;startdatum;Handläggare;Arbetsträning\n"
                                "A1;K;20;2024-01-10;Eva;ja\nA2;M;21;2024-01-10;;\n")

    assert list(table.columns[-2:]) == ["handlaggare", "arbetstraning"]
    assert table.loc[0, "handlaggare"] == "Eva" and pd.isna(table.loc[1, "handlaggare"])


def test_deltagare_with_folded_column_names(tmp_path):
    table = deltagare(tmp_path, "Deltagar-ID;Kön;Födelseår; Startdatum \nA1;K;2000;2024-01-10\n")

    assert table.loc[0, ["deltagar_id", "kon", "fodelsear", "alder"]].tolist() == ["A1", "kvinna", 2000, 24]


@pytest.mark.parametrize(("written", "code"), [
    ("K", "kvinna"), ("M", "man"), ("Kvinnor", "kvinna"), ("män", "man"), ("pojke", "man"),
    ("flicka", "kvinna"), ("Annat", "annat"), ("okänt", "okant"),
])
def test_kon_aliases(tmp_path, written, code):
    table = deltagare(tmp_path, HEADER + f"A1;{written};2000;2024-01-10;;\n")

    assert table.loc[0, "kon"] == code


@pytest.mark.parametrize("written", ["2024-03-01", "20240301", "240301", "2024-3-1"])
def test_date_forms(tmp_path, written):
    table = deltagare(tmp_path, HEADER + f"A1;K;2000;{written};;\n")

    assert table.loc[0, "startdatum"] == pd.Timestamp("2024-03-01")


# ----------------------------------------------------------------------------------------- errors

def test_duplicate_deltagar_id_names_the_earlier_row(tmp_path):
    err = deltagare_error(tmp_path, HEADER + "A1;K;2000;2024-01-10;;\nA2;M;2000;2024-01-10;;\n"
                                             "A1;M;2001;2024-02-10;;\n")

    assert_place(err, FILE, 4, "deltagar_id")
    assert "samma deltagar_id som rad 2" in str(err)
    assert "A1" not in str(err)


def test_empty_deltagar_id(tmp_path):
    err = deltagare_error(tmp_path, HEADER + ";K;2000;2024-01-10;;\n")

    assert_place(err, FILE, 2, "deltagar_id")
    assert "deltagar_id saknas" in str(err)


def test_missing_kon_value(tmp_path):
    err = deltagare_error(tmp_path, "deltagar_id;Kön;fodelsear;startdatum\nA1;K;2000;2024-01-10\n"
                                    "A2;;2000;2024-01-10\n")

    assert_place(err, FILE, 3, "Kön")
    assert "värde saknas" in str(err)


def test_unknown_kon_value_lists_allowed_values(tmp_path):
    err = deltagare_error(tmp_path, HEADER + "A1;kvinnlig;2000;2024-01-10;;\n")

    assert_place(err, FILE, 2, "kon")
    assert "'kvinnlig' är inget tillåtet värde; tillåtna: kvinna, man, annat, okant" in str(err)


@pytest.mark.parametrize("column", ["deltagar_id", "kon", "startdatum"])
def test_missing_required_column(tmp_path, column):
    text = "deltagar_id;kon;fodelsear;startdatum\nA1;K;2000;2024-01-10\n"
    header, row = (line.split(";") for line in text.splitlines())
    keep = [i for i, name in enumerate(header) if name != column]
    text = ";".join(header[i] for i in keep) + "\n" + ";".join(row[i] for i in keep) + "\n"

    err = deltagare_error(tmp_path, text)

    assert_place(err, FILE, 1)
    assert f"kolumnen {column} saknas" in str(err)


def test_neither_fodelsear_nor_alder(tmp_path):
    err = deltagare_error(tmp_path, "deltagar_id;kon;startdatum\nA1;K;2024-01-10\n")

    assert_place(err, FILE, 1)
    assert "kolumnen fodelsear eller alder saknas" in str(err)


@pytest.mark.parametrize("written", ["2024-02-30", "1/3/2024", "idag", "2024-13-01", "240230"])
def test_invalid_startdatum_names_file_row_and_column(tmp_path, written):
    err = deltagare_error(tmp_path, "deltagar_id;kon;fodelsear;Startdatum\nA1;K;2000;2024-01-10\n"
                                    f"A2;K;2000;{written}\n")

    problem = one_problem(err)
    assert (problem.file, problem.row, problem.column) == (FILE, 3, "Startdatum")
    assert written in problem.message


def test_missing_startdatum_value(tmp_path):
    err = deltagare_error(tmp_path, HEADER + "A1;K;2000;;;\n")

    assert_place(err, FILE, 2, "startdatum")


def test_invalid_slutdatum(tmp_path):
    err = deltagare_error(tmp_path, HEADER + "A1;K;2000;2024-01-10;2024-06-31;arbete\n")

    assert_place(err, FILE, 2, "slutdatum")
    assert "finns inte i kalendern" in str(err)


def test_error_after_a_blank_row_names_the_right_row(tmp_path):
    err = deltagare_error(tmp_path, HEADER + "A1;K;2000;2024-01-10;;\n\n;;;;;\nA2;K;2000;1/3/2024;;\n")

    assert_place(err, FILE, 5, "startdatum")


def test_slutdatum_before_startdatum(tmp_path):
    err = deltagare_error(tmp_path, HEADER + "A1;K;2000;2024-03-01;2024-02-28;arbete\n")

    assert_place(err, FILE, 2, "slutdatum")
    assert "ligger före startdatum" in str(err)


def test_slutdatum_on_startdatum_is_allowed(tmp_path):
    table = deltagare(tmp_path, HEADER + "A1;K;2000;2024-03-01;2024-03-01;arbete\n")

    assert table.loc[0, "slutdatum"] == table.loc[0, "startdatum"]


def test_slutdatum_without_utfall(tmp_path):
    err = deltagare_error(tmp_path, HEADER + "A1;K;2000;2024-01-10;2024-05-02;\n")

    assert_place(err, FILE, 2, "utfall")
    assert "utfall saknas" in str(err)


def test_slutdatum_without_an_utfall_column(tmp_path):
    err = deltagare_error(tmp_path, "deltagar_id;kon;fodelsear;startdatum;slutdatum\n"
                                    "A1;K;2000;2024-01-10;2024-05-02\n")

    assert_place(err, FILE, 2)
    assert "utfall saknas" in str(err)


def test_utfall_without_slutdatum(tmp_path):
    err = deltagare_error(tmp_path, HEADER + "A1;K;2000;2024-01-10;;arbete\n")

    assert_place(err, FILE, 2, "slutdatum")
    assert "slutdatum saknas" in str(err)


def test_unknown_utfall_code(tmp_path):
    err = deltagare_error(tmp_path, HEADER + "A1;K;2000;2024-01-10;2024-05-02;jobb\n")

    assert_place(err, FILE, 2, "utfall")
    assert "'jobb' är inget tillåtet värde" in str(err)
    assert "arbete" in str(err)  # the allowed codes are listed


@pytest.mark.parametrize(("written", "code"), [("Arbete", "arbete"), ("Förvärvsarbete", "arbete"),
                                               ("Medicinsk rehabilitering", "medicinsk_rehabilitering"),
                                               ("okänt", "okant")])
def test_utfall_codes_are_folded(tmp_path, written, code):
    table = deltagare(tmp_path, HEADER + f"A1;K;2000;2024-01-10;2024-05-02;{written}\n")

    assert table.loc[0, "utfall"] == code


def test_local_utfall_code_is_accepted(tmp_path):
    yaml_text = BASE_YAML + "utfallskoder:\n  steget_vidare: Fortsatt i Steget Vidare\n"

    table = deltagare(tmp_path, HEADER + "A1;K;2000;2024-01-10;2024-05-02;Steget vidare\n", yaml_text)

    assert table.loc[0, "utfall"] == "steget_vidare"


def test_local_utfall_code_of_another_insats_is_refused(tmp_path):
    err = deltagare_error(tmp_path, HEADER + "A1;K;2000;2024-01-10;2024-05-02;steget_vidare\n")

    assert_place(err, FILE, 2, "utfall")


@pytest.mark.parametrize(("column", "written", "says"), [
    ("anvisare", "grannen", "inget tillåtet värde; tillåtna: arbetsformedlingen"),
    ("forsorjning_start", "lotteri", "inget tillåtet värde"),
    ("gemensam_planering", "kanske", "tillåtna: ja, nej"),
    ("fodelsear", "85", "födelseår"),
    ("fodelsear", "1985,5", "födelseår"),
    ("alder", "tjugo", "inget tal"),
    ("alder", "130", "ålder"),
])
def test_invalid_optional_values(tmp_path, column, written, says):
    age = "" if column in ("fodelsear", "alder") else ";alder"
    err = deltagare_error(tmp_path, f"deltagar_id;kon;startdatum;{column}{age}\n"
                                    f"A1;K;2024-01-10;{written}{age and ';20'}\n")

    assert_place(err, FILE, 2, column)
    assert says in str(err)


def test_fodelsear_after_startdatum(tmp_path):
    err = deltagare_error(tmp_path, HEADER + "A1;K;2025;2024-01-10;;\n")

    assert_place(err, FILE, 2, "fodelsear")


def test_every_problem_is_reported_at_once(tmp_path):
    err = deltagare_error(tmp_path, HEADER + "A1;X;2000;2024-01-10;;\nA2;K;2000;1/3/2024;;\n"
                                             "A3;K;2000;2024-01-10;;arbete\n")

    assert sorted((p.row, p.column) for p in err.problems) == [(2, "kon"), (3, "startdatum"),
                                                               (4, "slutdatum")]


def test_long_lists_of_problems_are_cut(tmp_path):
    rows = "".join(f"A{i};X;2000;2024-01-10;;\n" for i in range(20))

    err = deltagare_error(tmp_path, HEADER + rows)

    assert len(err.problems) == 20
    assert str(err).splitlines()[-1] == "… och 5 problem till av samma slag."


# -------------------------------------------------------------------------------------- age, bands

def test_age_from_fodelsear_is_year_of_start_minus_birth_year(tmp_path):
    table = deltagare(tmp_path, HEADER + "A1;K;2000;2024-01-01;;\nA2;K;2000;2024-12-31;;\n")

    assert table["alder"].tolist() == [24, 24]


def test_age_given_directly(tmp_path):
    table = deltagare(tmp_path, "deltagar_id;kon;Ålder;startdatum\nA1;K;19;2024-01-10\n")

    assert table.loc[0, "alder"] == 19
    assert pd.isna(table.loc[0, "fodelsear"])


def test_alder_wins_when_both_are_given(tmp_path):
    table = deltagare(tmp_path, "deltagar_id;kon;fodelsear;alder;startdatum\nA1;K;2000;23;2024-01-10\n"
                                "A2;K;2000;;2024-01-10\n")

    assert table["alder"].tolist() == [23, 24]


@pytest.mark.parametrize(("age", "band"), [(16, "16-24"), (24, "16-24"), (25, "25-29"), (29, "25-29"),
                                           (30, "30-"), (64, "30-"), (15, "okand")])
def test_age_bands_from_config(tmp_path, age, band):
    table = deltagare(tmp_path, f"deltagar_id;kon;alder;startdatum\nA1;K;{age};2024-01-10\n")

    assert table.loc[0, "aldersgrupp"] == band


def test_unknown_age_is_band_okand(tmp_path):
    table = deltagare(tmp_path, HEADER + "A1;K;;2024-01-10;;\n")

    assert pd.isna(table.loc[0, "alder"])
    assert table.loc[0, "aldersgrupp"] == "okand"


def test_default_age_bands(tmp_path):
    yaml_text = "insats: X\ninsatsperiod: {start: 2022-01-01, slut: 2024-12-31}\nrapportperiod: 2024\n"
    table = deltagare(tmp_path, "deltagar_id;kon;alder;startdatum\nA1;K;18;2024-01-10\nA2;K;27;2024-01-10\n"
                                "A3;K;40;2024-01-10\n", yaml_text)

    assert table["aldersgrupp"].tolist() == ["-24", "25-29", "30-"]


# ========================================================================================== narvaro

def narvaro(tmp_path, text: str, log: QualityLog | None = None, enrolled: pd.DataFrame | None = None):
    log = log if log is not None else QualityLog()
    return attendance_table(raw_csv(tmp_path, "narvaro", text), KNOWN, log, deltagare=enrolled)


# conftest's DELTAGARE as evaltools.tables reads it: A1 2024-01-10 – 2024-05-02, A2 from 2024-02-01
# (still enrolled), A3 2023-03-01 – 2024-03-01
ENROLLED = canonical_deltagare([
    {"deltagar_id": "A1", "startdatum": "2024-01-10", "slutdatum": "2024-05-02"},
    {"deltagar_id": "A2", "startdatum": "2024-02-01"},
    {"deltagar_id": "A3", "startdatum": "2023-03-01", "slutdatum": "2024-03-01"},
])
BEFORE = "datum före deltagarens startdatum"
AFTER = "datum efter deltagarens slutdatum"


def narvaro_error(tmp_path, text: str) -> DataError:
    with pytest.raises(DataError) as info:
        narvaro(tmp_path, text)
    return info.value


FORM_A = "deltagar_id;datum;narvarande;franvaroorsak;aktivitet\n"
FORM_B = "deltagar_id;period_start;period_slut;planerade;narvarande\n"


def test_form_a(tmp_path):
    frame, form = narvaro(tmp_path, FORM_A + "A1;2024-01-15;ja;;Samtal\n"
                                             "A1;2024-01-16;Nej;Vård av barn;Grupp\n")

    assert form == "A"
    assert frame["planerade"].tolist() == [1.0, 1.0]
    assert frame["narvarande"].tolist() == [1.0, 0.0]
    assert pd.isna(frame.loc[0, "franvaroorsak"]) and frame.loc[1, "franvaroorsak"] == "vard_av_barn"
    assert frame["datum"].tolist() == [pd.Timestamp("2024-01-15"), pd.Timestamp("2024-01-16")]
    assert frame["aktivitet"].tolist() == ["Samtal", "Grupp"]
    assert frame["rad"].tolist() == [2, 3]


@pytest.mark.parametrize(("written", "attended"), [("ja", 1.0), ("Ja", 1.0), ("J", 1.0), ("1", 1.0),
                                                   ("närvarande", 1.0), ("nej", 0.0), ("0", 0.0),
                                                   ("frånvarande", 0.0)])
def test_form_a_attended_values(tmp_path, written, attended):
    frame, _ = narvaro(tmp_path, FORM_A + f"A1;2024-01-15;{written};;\n")

    assert frame.loc[0, "narvarande"] == attended


def test_form_a_hours(tmp_path):
    frame, _ = narvaro(tmp_path, "deltagar_id;datum;narvarande;timmar\nA1;2024-01-15;ja;2,5\n")

    assert frame.loc[0, "timmar"] == 2.5


def test_form_b(tmp_path):
    frame, form = narvaro(tmp_path, FORM_B + "A1;2024-01-01;2024-01-31;12;10\nA2;2024-01-01;2024-01-31;8;8\n")

    assert form == "B"
    assert frame["planerade"].tolist() == [12.0, 8.0]
    assert frame["narvarande"].tolist() == [10.0, 8.0]
    assert frame["period_start"].tolist() == [pd.Timestamp("2024-01-01")] * 2
    assert frame["datum"].tolist() == [pd.Timestamp("2024-01-31")] * 2


def test_both_forms_columns(tmp_path):
    err = narvaro_error(tmp_path, "deltagar_id;datum;period_start;period_slut;planerade;narvarande\n"
                                  "A1;2024-01-15;2024-01-01;2024-01-31;1;1\n")

    assert_place(err, "data/narvaro.csv", 1)
    assert "både" in str(err)


def test_neither_form(tmp_path):
    err = narvaro_error(tmp_path, "deltagar_id;narvarande\nA1;ja\n")

    assert_place(err, "data/narvaro.csv", 1)
    assert "kolumnen datum saknas" in str(err)


def test_unknown_participant_is_left_out_and_logged(tmp_path):
    log = QualityLog()

    frame, _ = narvaro(tmp_path, FORM_A + "A1;2024-01-15;ja;;\nB9;2024-01-15;ja;;\n"
                                          "A2;2024-01-15;nej;;\n", log)

    assert frame["deltagar_id"].tolist() == ["A1", "A2"]
    assert logged(log) == [("data/narvaro.csv", 3, "deltagar_id", "deltagaren finns inte i deltagarfilen")]


@pytest.mark.parametrize(("row", "column", "reason"), [
    ("A1;;ja;;", "datum", "datum saknas"),
    ("A1;2024-01-16;;;", "narvarande", "uppgift om närvaro (ja/nej) saknas"),
    (";2024-01-16;ja;;", "deltagar_id", "deltagar_id saknas"),
])
def test_form_a_row_lacking_a_value_is_left_out(tmp_path, row, column, reason):
    log = QualityLog()

    frame, _ = narvaro(tmp_path, FORM_A + "A1;2024-01-15;ja;;\n" + row + "\n", log)

    assert frame["rad"].tolist() == [2]
    assert logged(log) == [("data/narvaro.csv", 3, column, reason)]


def test_the_log_never_names_a_participant(tmp_path):
    log = QualityLog()

    narvaro(tmp_path, FORM_A + "B9;2024-01-15;ja;;\n", log)

    assert list(log.frame().columns) == QUALITY_COLUMNS
    assert "B9" not in log.frame().to_string()


@pytest.mark.parametrize(("row", "column", "says"), [
    ("A1;2024-02-30;ja;;", "datum", "finns inte i kalendern"),
    ("A1;2024-01-15;kanske;;", "narvarande", "tillåtna: ja, nej"),
])
def test_form_a_malformed_cell_is_an_error(tmp_path, row, column, says):
    err = narvaro_error(tmp_path, FORM_A + "A1;2024-01-15;ja;;\n" + row + "\n")

    assert_place(err, "data/narvaro.csv", 3, column)
    assert says in str(err)


def test_form_b_narvarande_above_planerade(tmp_path):
    err = narvaro_error(tmp_path, FORM_B + "A1;2024-01-01;2024-01-31;12;10\nA2;2024-01-01;2024-01-31;8;9\n")

    assert_place(err, "data/narvaro.csv", 3, "narvarande")
    assert "närvarande (9) är fler än planerade (8)" in str(err)


def test_form_b_period_slut_before_period_start(tmp_path):
    err = narvaro_error(tmp_path, FORM_B + "A1;2024-02-01;2024-01-31;12;10\n")

    assert_place(err, "data/narvaro.csv", 2, "period_slut")
    assert "period_slut ligger före period_start" in str(err)


def test_form_b_overlapping_periods_of_one_participant(tmp_path):
    err = narvaro_error(tmp_path, FORM_B + "A1;2024-01-01;2024-01-31;12;10\nA2;2024-01-15;2024-02-15;8;8\n"
                                           "A1;2024-01-20;2024-02-29;10;9\n")

    assert_place(err, "data/narvaro.csv", 4, "period_start")
    assert "överlappar perioden på rad 2" in str(err)


@pytest.mark.parametrize(("row", "column"), [("A1;2024-01-01;2024-01-31;-1;0", "planerade"),
                                             ("A1;2024-01-01;2024-01-31;tolv;0", "planerade"),
                                             ("A1;2024-01-01;31/1;12;0", "period_slut")])
def test_form_b_malformed_cell(tmp_path, row, column):
    err = narvaro_error(tmp_path, FORM_B + row + "\n")

    assert_place(err, "data/narvaro.csv", 2, column)


def test_form_b_row_lacking_a_count_is_left_out(tmp_path):
    log = QualityLog()

    frame, _ = narvaro(tmp_path, FORM_B + "A1;2024-01-01;2024-01-31;12;10\n"
                                          "A2;2024-01-01;2024-01-31;8;\n", log)

    assert frame["deltagar_id"].tolist() == ["A1"]
    assert logged(log) == [("data/narvaro.csv", 3, "narvarande", "narvarande saknas")]


def test_form_a_same_participant_and_date_twice_keeps_the_first(tmp_path):
    log = QualityLog()

    frame, _ = narvaro(tmp_path, "deltagar_id;datum;narvarande\nA1;2024-01-15;ja\nA1;240115;nej\n"
                                 "A2;2024-01-15;nej\nA1;2024-01-16;nej\nA1;2024-01-15;ja\n", log)

    assert frame["rad"].tolist() == [2, 4, 5]
    assert frame["narvarande"].tolist() == [1.0, 0.0, 0.0]  # the first row of A1 on the 15th counts
    duplicate = "dubblett: samma deltagare och datum som en tidigare rad"
    assert logged(log) == [("data/narvaro.csv", 3, "datum", duplicate),
                           ("data/narvaro.csv", 6, "datum", duplicate)]


def test_form_a_with_aktivitet_an_occasion_is_participant_date_and_activity(tmp_path):
    log = QualityLog()

    frame, _ = narvaro(tmp_path, FORM_A + "A1;2024-01-15;ja;;Samtal\nA1;2024-01-15;ja;;Grupp\n"
                                          "A1;2024-01-15;nej;sjukdom;grupp\nA1;2024-01-15;ja;;\n"
                                          "A1;2024-01-15;nej;;\n", log)

    assert frame["rad"].tolist() == [2, 3, 5]  # two activities the same day are two occasions
    reason = "dubblett: samma deltagare, datum och aktivitet som en tidigare rad"
    assert logged(log) == [("data/narvaro.csv", 4, "datum", reason), ("data/narvaro.csv", 6, "datum", reason)]


def test_form_a_dated_outside_the_participants_enrolment_is_left_out(tmp_path):
    log = QualityLog()

    frame, _ = narvaro(tmp_path, FORM_A + "A1;2024-01-09;ja;;\nA1;2024-01-10;ja;;\nA1;2024-05-02;nej;;\n"
                                          "A1;2024-05-03;ja;;\nA2;2030-01-01;ja;;\nA3;2023-02-28;ja;;\n"
                                          "A3;2023-02-28;ja;;\n", log, ENROLLED)

    # start and exit days are inside; with no slutdatum there is no end; a repeat outside the
    # enrolment is listed once, for being outside
    assert frame["rad"].tolist() == [3, 4, 6]
    assert logged(log) == [("data/narvaro.csv", 2, "datum", BEFORE), ("data/narvaro.csv", 5, "datum", AFTER),
                           ("data/narvaro.csv", 7, "datum", BEFORE), ("data/narvaro.csv", 8, "datum", BEFORE)]


def test_form_a_outside_the_report_period_is_no_problem(tmp_path):
    log = QualityLog()

    frame, _ = narvaro(tmp_path, FORM_A + "A3;2023-03-01;ja;;\nA2;2024-12-30;ja;;\n", log, ENROLLED)

    # 2023 and H2 lie outside the report period 2024-H1: not counted there, but not logged either
    assert len(frame) == 2 and len(log) == 0


def test_form_b_period_wholly_outside_the_enrolment_is_left_out(tmp_path):
    log = QualityLog()

    frame, _ = narvaro(tmp_path, FORM_B + "A1;2023-12-01;2023-12-31;8;8\nA1;2024-01-01;2024-01-31;8;6\n"
                                          "A1;2024-05-01;2024-05-31;8;7\nA1;2024-06-01;2024-06-30;8;8\n"
                                          "A2;2024-02-01;2024-02-29;4;4\n", log, ENROLLED)

    assert frame["rad"].tolist() == [3, 4, 6]  # a period partly inside counts: it cannot be split
    assert logged(log) == [
        ("data/narvaro.csv", 2, "period_slut", "perioden slutar före deltagarens startdatum"),
        ("data/narvaro.csv", 5, "period_start", "perioden börjar efter deltagarens slutdatum")]


# ====================================================================================== progression

def progression(tmp_path, text: str, log: QualityLog | None = None, settings: str = "{skala: [1, 10]}",
                enrolled: pd.DataFrame | None = None):
    config = make_config(tmp_path, BASE_YAML + f"progression: {settings}\n",
                         progression="deltagar_id;datum;indikator;varde\n")
    raw = raw_csv(tmp_path, "progression", text)
    return progression_table(raw, KNOWN, config, log if log is not None else QualityLog(),
                             deltagare=enrolled)


PROG = "deltagar_id;datum;indikator;Värde;instrument\n"


def test_progression_table(tmp_path):
    frame = progression(tmp_path, PROG + "A1;2024-01-15;Hälsa;3;SMAIL\nA1;2024-03-15;hälsa;5,5;SMAIL\n")

    assert frame["varde"].tolist() == [3.0, 5.5]
    assert frame["indikator"].tolist() == ["Hälsa", "Hälsa"]  # one spelling per folded form
    assert frame["datum"].tolist() == [pd.Timestamp("2024-01-15"), pd.Timestamp("2024-03-15")]


@pytest.mark.parametrize("value", ["0", "11", "10,5", "-1"])
def test_value_outside_the_scale(tmp_path, value):
    with pytest.raises(DataError) as info:
        progression(tmp_path, PROG + f"A1;2024-01-15;Hälsa;5;\nA1;2024-02-15;Hälsa;{value};\n")

    assert_place(info.value, "data/progression.csv", 3, "Värde")
    assert "utanför skalan 1–10" in str(info.value)


@pytest.mark.parametrize(("row", "column"), [("A1;2024-01-15;Hälsa;bra;", "Värde"),
                                             ("A1;15 jan;Hälsa;5;", "datum")])
def test_progression_malformed_cell(tmp_path, row, column):
    with pytest.raises(DataError) as info:
        progression(tmp_path, PROG + row + "\n")

    assert_place(info.value, "data/progression.csv", 2, column)


def test_empty_value_is_left_out(tmp_path):
    log = QualityLog()

    frame = progression(tmp_path, PROG + "A1;2024-01-15;Hälsa;5;\nA1;2024-02-15;Hälsa;;\n", log)

    assert frame["rad"].tolist() == [2]
    assert logged(log) == [("data/progression.csv", 3, "Värde", "värde saknas (ej skattat)")]


def test_duplicate_rating_later_one_left_out(tmp_path):
    log = QualityLog()

    frame = progression(tmp_path, PROG + "A1;2024-01-15;Hälsa;5;\nA2;2024-01-15;Hälsa;6;\n"
                                         "A1;2024-01-15;hälsa;7;\nA1;2024-01-15;Motivation;7;\n", log)

    assert frame["rad"].tolist() == [2, 3, 5]
    assert logged(log) == [("data/progression.csv", 4, "datum",
                            "dubblett: samma deltagare, indikator och datum som en tidigare rad")]


def test_other_instrument_than_configured_is_left_out(tmp_path):
    log = QualityLog()

    frame = progression(tmp_path, PROG + "A1;2024-01-15;Hälsa;5;SMAIL\nA1;2024-02-15;Hälsa;6;smail\n"
                                         "A1;2024-03-15;Hälsa;6;\nA1;2024-04-15;Hälsa;2;Kompassen\n",
                        log, settings="{instrument: SMAIL, skala: [1, 10]}")

    assert frame["rad"].tolist() == [2, 3, 4]
    assert logged(log) == [("data/progression.csv", 5, "instrument", "annat instrument än SMAIL "
                                                                     "(progression.instrument)")]


def test_progression_unknown_participant_is_left_out(tmp_path):
    log = QualityLog()

    frame = progression(tmp_path, PROG + "B9;2024-01-15;Hälsa;5;\n", log)

    assert frame.empty
    assert logged(log)[0][1:] == (2, "deltagar_id", "deltagaren finns inte i deltagarfilen")


def test_rating_before_start_or_after_exit_is_left_out(tmp_path):
    log = QualityLog()

    frame = progression(tmp_path, PROG + "A1;2024-01-09;Hälsa;5;\nA1;2024-01-10;Hälsa;6;\n"
                                         "A3;2024-03-01;Hälsa;6;\nA3;2024-03-02;Hälsa;7;\n"
                                         "A3;2024-03-02;Hälsa;8;\n", log, enrolled=ENROLLED)

    assert frame["rad"].tolist() == [3, 4]
    # the repeat on 2024-03-02 is after exit too: one reason per row, the enrolment first
    assert logged(log) == [("data/progression.csv", 2, "datum", BEFORE),
                           ("data/progression.csv", 5, "datum", AFTER),
                           ("data/progression.csv", 6, "datum", AFTER)]


# ========================================================================================== ekonomi

def ekonomi(tmp_path, text: str, log: QualityLog | None = None) -> pd.DataFrame:
    return economy_table(raw_csv(tmp_path, "ekonomi", text), log if log is not None else QualityLog())


def test_amounts_are_parsed(tmp_path):
    frame = ekonomi(tmp_path, "period;kommun;post;beviljat;utfall;prognos\n"
                              "2024-H1;Tierp;Personal;1 360 000;698411,50;1\u00a0300\u00a0000\n"
                              "2024-H1;tierp;Lokaler;156000;156 000;\n")

    assert frame["beviljat"].tolist() == [1360000.0, 156000.0]
    assert frame["utfall"].tolist() == [698411.5, 156000.0]
    assert frame.loc[0, "prognos"] == 1300000.0 and np.isnan(frame.loc[1, "prognos"])
    assert frame["kommun"].tolist() == ["Tierp", "Tierp"]
    assert frame["period"].tolist() == ["2024-H1", "2024-H1"]


def test_optional_economy_columns(tmp_path):
    frame = ekonomi(tmp_path, "period;beviljat;utfall\n2024;100;90\n")

    assert frame["prognos"].isna().all() and frame["kommun"].isna().all() and frame["post"].isna().all()


def test_row_without_amount_is_left_out(tmp_path):
    log = QualityLog()

    frame = ekonomi(tmp_path, "period;post;beviljat;utfall\n2024;Personal;100;90\n2024;Lokaler;;\n", log)

    assert frame["rad"].tolist() == [2]
    assert logged(log) == [("data/ekonomi.csv", 3, "",
                            "inget belopp (beviljat, utfall eller prognos) ifyllt")]


def test_row_without_period_is_left_out(tmp_path):
    log = QualityLog()

    frame = ekonomi(tmp_path, "Period;beviljat;utfall\n2024;100;90\n;50;40\n", log)

    assert frame["rad"].tolist() == [2]
    assert logged(log) == [("data/ekonomi.csv", 3, "Period", "period saknas")]


def test_malformed_amount(tmp_path):
    with pytest.raises(DataError) as info:
        ekonomi(tmp_path, "period;Beviljat;utfall\n2024;100;90\n2025;1.360;90\n")

    assert_place(info.value, "data/ekonomi.csv", 3, "Beviljat")


# ===================================================================================== kartlaggning

def kartlaggning(tmp_path, text: str, log: QualityLog | None = None) -> pd.DataFrame:
    log = log if log is not None else QualityLog()
    return baseline_table(raw_csv(tmp_path, "kartlaggning", text), KNOWN, log)


def test_answers_are_folded_and_empty_means_not_answered(tmp_path):
    log = QualityLog()

    frame = kartlaggning(tmp_path, "deltagar_id;fraga;svar\nA1;Diagnos NPF;Ja\nA2;Diagnos NPF;\n"
                                   "A3;diagnos npf;nej\n", log)

    assert frame["svar"].tolist()[0] == "ja" and pd.isna(frame["svar"].tolist()[1])
    assert frame["svar_text"].tolist()[0] == "Ja"
    assert frame["fraga"].tolist() == ["Diagnos NPF"] * 3
    assert len(log) == 0


def test_duplicate_answer_later_one_left_out(tmp_path):
    log = QualityLog()

    frame = kartlaggning(tmp_path, "deltagar_id;Fråga;svar\nA1;Diagnos NPF;Ja\nA1;Diagnos NPF;Nej\n", log)

    assert frame["svar"].tolist() == ["ja"]
    assert logged(log) == [("data/kartlaggning.csv", 3, "Fråga", "dubblett: samma deltagare och fråga som en "
                                                                  "tidigare rad")]


@pytest.mark.parametrize(("row", "column", "reason"), [
    ("B9;Diagnos NPF;Ja", "deltagar_id", "deltagaren finns inte i deltagarfilen"),
    ("A2;;Ja", "fraga", "fraga saknas"),
])
def test_kartlaggning_rows_left_out(tmp_path, row, column, reason):
    log = QualityLog()

    frame = kartlaggning(tmp_path, "deltagar_id;fraga;svar\nA1;Diagnos NPF;Ja\n" + row + "\n", log)

    assert frame["rad"].tolist() == [2]
    assert logged(log) == [("data/kartlaggning.csv", 3, column, reason)]


# ========================================================================================== general

def test_quality_log_is_sorted_by_file_and_row(tmp_path):
    log = QualityLog()
    narvaro(tmp_path, FORM_A + "B9;2024-01-15;ja;;\nA1;;ja;;\n", log)
    ekonomi(tmp_path, "period;beviljat;utfall\n;1;1\n", log)

    assert [(f, r) for f, r, *_ in logged(log)] == [("data/ekonomi.csv", 2), ("data/narvaro.csv", 2),
                                                    ("data/narvaro.csv", 3)]


def test_reading_does_not_change_the_raw_table(tmp_path):
    raw = raw_csv(tmp_path, "narvaro", FORM_A + "A1;2024-01-15;ja;;\nB9;2024-01-15;nej;sjuk;\n")
    before = raw.frame.copy()

    attendance_table(raw, KNOWN, QualityLog())

    pd.testing.assert_frame_equal(raw.frame, before)
    assert raw.frame.loc[0, "datum"] == "2024-01-15"  # dates stay text in the raw table


def test_form_b_overlap_is_named_by_the_period_that_reaches_furthest(tmp_path):
    # A1's first period runs to the end of March: the two after it both start before then
    err = narvaro_error(tmp_path, FORM_B + "A1;2024-01-01;2024-03-31;30;30\nA1;2024-01-15;2024-01-31;5;5\n"
                                           "A1;2024-02-01;2024-02-10;4;4\nA2;2024-01-01;2024-01-31;8;8\n"
                                           "A2;2024-02-01;2024-02-29;8;8\n")

    assert [(p.row, p.column) for p in err.problems] == [(3, "period_start"), (4, "period_start")]
    assert all("överlappar perioden på rad 2 " in p.message for p in err.problems)


def test_narvaro_with_many_rows_per_value(tmp_path):
    # every check is made once per distinct value and spread to the rows: the rows keep their own
    log = QualityLog()
    rows = [f"A{1 + i % 3};2024-01-{1 + i % 28:02d};{'ja' if i % 2 else 'nej'}" for i in range(300)]

    frame, _ = narvaro(tmp_path, "deltagar_id;datum;narvarande\n" + "\n".join(rows) + "\nA7;2024-01-01;ja\n", log)

    assert len(frame) + len(log) == 301
    assert frame["rad"].tolist() == list(range(2, 2 + 84))  # 3 participants x 28 days, then repeats
    assert frame["narvarande"].tolist() == [float(i % 2) for i in range(84)]
    assert logged(log)[-1] == ("data/narvaro.csv", 302, "deltagar_id",
                               "deltagaren finns inte i deltagarfilen")


@pytest.mark.parametrize("repeat", [False, True])
def test_form_a_in_participant_and_date_order_repeats_found_alike(tmp_path, repeat):
    # a file in the order of participant and date has no repeat unless two rows are equal next to
    # each other (dates compare as dates, whatever their spelling)
    log = QualityLog()
    rows = "A1;2024-01-15;ja\nA1;240116;nej\n" + ("A1;2024-01-16;ja\n" if repeat else "") + "A2;20240102;ja\n"

    frame, _ = narvaro(tmp_path, "deltagar_id;datum;narvarande\n" + rows, log)

    assert frame["rad"].tolist() == ([2, 3, 5] if repeat else [2, 3, 4])
    assert logged(log) == ([("data/narvaro.csv", 4, "datum", "dubblett: samma deltagare och datum som en "
                                                              "tidigare rad")] if repeat else [])


@pytest.mark.parametrize("outside", [None, "A1;2024-05-03", "A3;2023-02-28", "A2;2024-01-31"])
def test_file_by_participant_dated_outside_enrolment_found_alike(tmp_path, outside):
    # a file by participant is first checked per run of one participant's rows: a run with a date
    # outside the enrolment has its rows looked at one by one
    days = {"A1": pd.date_range("2024-01-10", "2024-05-02", periods=20),
            "A2": pd.date_range("2024-02-01", "2024-06-30", periods=20),
            "A3": pd.date_range("2023-03-01", "2024-03-01", periods=20)}
    lines = [f"{who};{day:%Y-%m-%d};ja" for who, dates in days.items() for day in dates]
    if outside:
        at = next(i for i, line in enumerate(lines) if line.startswith(outside[:2])) + 5
        lines.insert(at, f"{outside};nej")
    log = QualityLog()

    frame, _ = narvaro(tmp_path, "deltagar_id;datum;narvarande\n" + "\n".join(lines) + "\n", log, ENROLLED)

    assert len(frame) == 60
    expected = [] if outside is None else [("data/narvaro.csv", at + 2, "datum",
                                            AFTER if outside.startswith("A1") else BEFORE)]
    assert logged(log) == expected
