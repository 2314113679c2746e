"""Privacy: personnummer are refused wherever they turn up and never repeated; small counts are masked."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import BASE_YAML, DELTAGARE, assert_place, write_insats

from evaltools.errors import DataError
from evaltools.insats import load_insats
from evaltools.privacy import contains_personnummer, looks_like_personnummer, safe_value, small_cell_mask

PNR_FORMS = [
    "19850312-1234",
    "850312-1234",
    "198503121234",
    "8503121234",
    "850312+1234",  # over 100 years old
    "850372-1234",  # samordningsnummer: the day plus 60
    "19850372-1234",
    "20050312-1234",
    "850312 1234",
]
NOT_PNR = [
    "UF001",
    "1001",
    "2024010112",  # 10 digits, but month 24 is no month
    "850332-1234",  # day 32
    "850392-1234",  # samordningsnummer day 32
    "851312-1234",  # month 13
    "21850312-1234",  # no such century
    "85031212345",  # 11 digits
    "UF-850312",
    "",
]


def digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def assert_not_echoed(err: Exception, value: str) -> None:
    """Neither the number nor its date part appears in the message, with or without separators."""
    text = str(err)
    flat = digits(text)
    assert value not in text
    assert digits(value) not in flat
    assert digits(value)[-10:-4] not in text  # YYMMDD


# ------------------------------------------------------------------------------------- recognising

@pytest.mark.parametrize("value", PNR_FORMS)
def test_looks_like_personnummer(value):
    assert looks_like_personnummer(value)


@pytest.mark.parametrize("value", NOT_PNR)
def test_pseudonyms_and_other_codes_pass(value):
    assert not looks_like_personnummer(value)


@pytest.mark.parametrize("text", [
    "ring 850312-1234 före lunch",
    "pnr:19850312-1234",
    "19850312-1234",
    "samordningsnr 850372-1234.",
    "id 198503121234 i akten",
])
def test_personnummer_in_free_text(text):
    assert contains_personnummer(text)


@pytest.mark.parametrize("text", [
    "telefon 0701234567",
    "8503121234",  # ten bare digits in free text could be anything: only the unmistakable forms count
    "period 2024-03-01 till 2024-06-30",
    "20240101-20240301",
    "belopp 1360000",
    "kod UF001",
])
def test_free_text_without_personnummer(text):
    assert not contains_personnummer(text)


@pytest.mark.parametrize("value", PNR_FORMS + ["ring 850312-1234"])
def test_safe_value_never_echoes_a_personnummer(value):
    shown = safe_value(value)

    assert digits(value)[-10:-4] not in shown
    assert "personnummer" in shown


def test_safe_value_quotes_and_shortens():
    assert safe_value("kvinnlig") == "'kvinnlig'"
    assert safe_value("x" * 100, limit=10) == "'xxxxxxxxxx…'"


# ------------------------------------------------------------------------------- the file guard

@pytest.mark.parametrize("value", PNR_FORMS)
def test_personnummer_as_deltagar_id_is_refused(tmp_path, value):
    write_insats(tmp_path, deltagare=DELTAGARE.replace("A2;", f"{value};"))

    with pytest.raises(DataError) as info:
        load_insats(tmp_path)

    assert_place(info.value, "data/deltagare.csv", 3, "deltagar_id")
    assert "personnummer" in str(info.value)
    assert_not_echoed(info.value, value)


@pytest.mark.parametrize("value", ["UF001", "1001", "2024010112"])
def test_pseudonymous_codes_are_accepted(tmp_path, value):
    write_insats(tmp_path, deltagare=DELTAGARE.replace("A2;", f"{value};"))

    assert value in set(load_insats(tmp_path).deltagare["deltagar_id"])


def test_every_row_with_a_personnummer_is_named(tmp_path):
    text = "Deltagar-ID;kon;fodelsear;startdatum\n850312-1234;K;1985;2024-01-10\nA2;M;1990;2024-01-10\n" \
           "19900101-5678;M;1990;2024-01-10\n"
    write_insats(tmp_path, deltagare=text)

    with pytest.raises(DataError) as info:
        load_insats(tmp_path)

    assert [(p.row, p.column) for p in info.value.problems] == [(2, "Deltagar-ID"), (4, "Deltagar-ID")]
    assert_not_echoed(info.value, "850312-1234")
    assert_not_echoed(info.value, "19900101-5678")


def test_personnummer_inside_a_deltagar_id(tmp_path):
    write_insats(tmp_path, deltagare=DELTAGARE.replace("A2;", "pnr 850312-1234;"))

    with pytest.raises(DataError) as info:
        load_insats(tmp_path)

    assert_place(info.value, "data/deltagare.csv", 3, "deltagar_id")
    assert_not_echoed(info.value, "850312-1234")


def test_personnummer_in_free_text_column(tmp_path):
    text = DELTAGARE.replace("slutdatum;utfall\n", "slutdatum;utfall;Anteckning\n") \
                    .replace("2024-02-01;;\n", "2024-02-01;;;mamma har pnr 19850312-1234\n")
    write_insats(tmp_path, deltagare=text)

    with pytest.raises(DataError) as info:
        load_insats(tmp_path)

    assert_place(info.value, "data/deltagare.csv", 3, "Anteckning")
    assert_not_echoed(info.value, "19850312-1234")


def test_a_personnummer_column_is_refused_whatever_it_holds(tmp_path):
    text = DELTAGARE.replace("utfall\n", "utfall;Personnummer\n") \
                    .replace("2024-02-01;;\n", "2024-02-01;;;x\n")
    write_insats(tmp_path, deltagare=text)

    with pytest.raises(DataError) as info:
        load_insats(tmp_path)

    assert_place(info.value, "data/deltagare.csv", 3, "Personnummer")


def test_file_without_header_row_does_not_echo_the_first_participant(tmp_path):
    """Saved without its header, the first participant's personnummer would be a column name."""
    write_insats(tmp_path, deltagare="850312-1234;K;1985;2024-01-10\n860101-5678;M;1986;2024-01-10\n")

    with pytest.raises(DataError) as info:
        load_insats(tmp_path)

    assert_place(info.value, "data/deltagare.csv", 1)
    assert "rubrikrad" in str(info.value)
    assert_not_echoed(info.value, "850312-1234")
    assert_not_echoed(info.value, "860101-5678")


def test_personnummer_in_a_malformed_cell_is_not_echoed(tmp_path):
    """Ten bare digits pass the free-text guard; the date error must still not repeat them."""
    write_insats(tmp_path, deltagare=DELTAGARE.replace("2024-02-01", "8503121234"))

    with pytest.raises(DataError) as info:
        load_insats(tmp_path)

    assert_place(info.value, "data/deltagare.csv", 3, "startdatum")
    assert_not_echoed(info.value, "8503121234")


OTHER_FILES = {
    "narvaro": ("deltagar_id;datum;narvarande;franvaroorsak\nA1;2024-01-11;ja;\n{id};2024-01-12;nej;{text}\n",
                "franvaroorsak"),
    "progression": ("deltagar_id;datum;indikator;varde;instrument\nA1;2024-01-11;Hälsa;5;\n"
                    "{id};2024-01-12;Hälsa;6;{text}\n", "instrument"),
    "kartlaggning": ("deltagar_id;fraga;svar\nA1;Diagnos;Ja\n{id};Diagnos;{text}\n", "svar"),
    "ekonomi": ("period;post;beviljat;utfall\n2024;Lön;100;90\n2024;{text};10;{id}\n", "post"),
}
PROGRESSION_YAML = "progression: {skala: [1, 10]}\n"


@pytest.mark.parametrize("table", ["narvaro", "progression", "kartlaggning"])
def test_personnummer_as_deltagar_id_in_other_files(tmp_path, table):
    template, _ = OTHER_FILES[table]
    write_insats(tmp_path, BASE_YAML + PROGRESSION_YAML,
                 **{table: template.format(id="8503121234", text="")})

    with pytest.raises(DataError) as info:
        load_insats(tmp_path)

    assert_place(info.value, f"data/{table}.csv", 3, "deltagar_id")
    assert_not_echoed(info.value, "8503121234")


@pytest.mark.parametrize("table", ["narvaro", "progression", "kartlaggning", "ekonomi"])
def test_personnummer_in_free_text_of_other_files(tmp_path, table):
    template, column = OTHER_FILES[table]
    write_insats(tmp_path, BASE_YAML + PROGRESSION_YAML,
                 **{table: template.format(id="A2" if table != "ekonomi" else "5", text="ring 850312-1234")})

    with pytest.raises(DataError) as info:
        load_insats(tmp_path)

    assert_place(info.value, f"data/{table}.csv", 3, column)
    assert_not_echoed(info.value, "850312-1234")


# ------------------------------------------------------------------------------- small-cell masking

COUNTS = pd.DataFrame({"grupp": ["16-24", "25-29", "30-"], "deltagare": [10, 2, 0], "arbete": [4, 1, 0],
                       "andel": [0.4, 0.5, float("nan")]})


def test_counts_below_min_count_are_masked_but_zero_is_not():
    mask = small_cell_mask(COUNTS, min_count=3, counts=["deltagare", "arbete"])

    assert mask["deltagare"].tolist() == [False, True, False]
    assert mask["arbete"].tolist() == [False, True, False]
    assert not mask["grupp"].any()


def test_shares_derived_from_masked_counts_are_masked():
    mask = small_cell_mask(COUNTS, min_count=3, counts=["arbete"], derived={"andel": ["arbete"]})

    assert mask["andel"].tolist() == [False, True, False]


def test_a_small_group_masks_its_whole_row():
    table = pd.DataFrame({"grupp": ["a", "b"], "deltagare": [10, 2], "medel": [3.5, 4.0]})

    mask = small_cell_mask(table, min_count=3, group="deltagare")

    assert mask.to_dict("list") == {"grupp": [False, False], "deltagare": [False, True],
                                    "medel": [False, True]}


def test_min_count_zero_turns_masking_off():
    assert not small_cell_mask(COUNTS, min_count=0, counts=["deltagare", "arbete"]).to_numpy().any()


def test_masking_does_not_change_the_table():
    before = COUNTS.copy()

    small_cell_mask(COUNTS, min_count=3, counts=["arbete"], derived={"andel": ["arbete"]}, group="deltagare")

    pd.testing.assert_frame_equal(COUNTS, before)
