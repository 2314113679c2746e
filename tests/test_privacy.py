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


def with_check_digit(payload: str) -> str:
    """``payload`` and its Luhn check digit (weights 2, 1, 2, … from the right). The tests build their
    synthetic numbers with it; no real person's number is written in this file."""
    total = sum(sum(divmod(int(d) * (2 - i % 2), 10)) for i, d in enumerate(reversed(payload)))
    return payload + str((10 - total % 10) % 10)


def wrong_check_digit(nine: str) -> str:
    right = with_check_digit(nine)
    return right[:9] + str((int(right[9]) + 1) % 10)


# synthetic numbers with a valid check digit: a made-up date part and serial number
BARE_WITH_CHECK_DIGIT = [
    with_check_digit("850412123"),  # the shape of the example: no separator, 10 digits
    with_check_digit("991231987"),
    with_check_digit("040229456"),  # 2004-02-29, a leap day
]
SAMORDNINGSNUMMER = with_check_digit("850472123")  # the day plus 60


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


def test_check_digit_helper_against_a_published_example():
    assert with_check_digit("7992739871") == "79927398713"  # Wikipedia, "Luhn algorithm"


@pytest.mark.parametrize("value", [*BARE_WITH_CHECK_DIGIT, SAMORDNINGSNUMMER])
def test_bare_ten_digits_with_a_valid_check_digit_are_found(value):
    assert contains_personnummer(value)
    assert contains_personnummer(f"{value[:6]} {value[6:]}")
    assert contains_personnummer(f"ring {value} i morgon")
    assert "personnummer" in safe_value(value)


@pytest.mark.parametrize("value", [
    wrong_check_digit("850412123"),
    wrong_check_digit("850472123"),
    with_check_digit("851312123"),  # month 13, though the check digit is right
    with_check_digit("850432123"),  # day 32
    with_check_digit("850492123"),  # samordningsnummer day 32
    "1" + with_check_digit("850412123"),  # 11 digits
])
def test_bare_ten_digits_without_check_digit_or_date_pass(value):
    assert not contains_personnummer(value)


@pytest.mark.parametrize("text", [
    "telefon 0701234567",
    "8503121234",  # ten bare digits without a valid check digit could be anything
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


@pytest.mark.parametrize("value", [BARE_WITH_CHECK_DIGIT[0], SAMORDNINGSNUMMER])
@pytest.mark.parametrize("table", ["deltagare", "narvaro", "progression", "kartlaggning", "ekonomi"])
def test_bare_personnummer_in_an_extra_column_of_every_table(tmp_path, table, value):
    """The issue's case: 10 digits, a real date, a valid check digit, no separator, in a column the
    contract does not know."""
    files = {
        "deltagare": DELTAGARE.replace("utfall\n", "utfall;Notering\n").replace("2024-02-01;;\n",
                                                                                 f"2024-02-01;;;{value}\n"),
        "narvaro": f"deltagar_id;datum;narvarande;Notering\nA1;2024-01-11;ja;\nA2;2024-01-12;nej;{value}\n",
        "progression": f"deltagar_id;datum;indikator;varde;Notering\nA1;2024-01-11;Hälsa;5;\n"
                       f"A2;2024-01-12;Hälsa;6;{value}\n",
        "kartlaggning": f"deltagar_id;fraga;svar;Notering\nA1;Diagnos;Ja;\nA2;Diagnos;Nej;{value}\n",
        "ekonomi": f"period;beviljat;utfall;Notering\n2024;100;90;\n2024;10;5;{value}\n",
    }
    if table == "deltagare":
        write_insats(tmp_path, deltagare=files["deltagare"])
    else:
        write_insats(tmp_path, BASE_YAML + PROGRESSION_YAML, **{table: files[table]})

    with pytest.raises(DataError) as info:
        load_insats(tmp_path)

    assert_place(info.value, f"data/{table}.csv", 3, "Notering")
    assert "personnummer eller samordningsnummer" in str(info.value)
    assert_not_echoed(info.value, value)


def test_bare_personnummer_in_a_column_the_contract_types(tmp_path):
    """Refused before the column is read as money, so the parse error cannot echo it either."""
    value = BARE_WITH_CHECK_DIGIT[1]
    write_insats(tmp_path, ekonomi=f"period;beviljat;utfall\n2024;100;{value}\n")

    with pytest.raises(DataError) as info:
        load_insats(tmp_path)

    assert_place(info.value, "data/ekonomi.csv", 2, "utfall")
    assert "personnummer" in str(info.value)
    assert_not_echoed(info.value, value)


@pytest.mark.parametrize("value", [wrong_check_digit("850412123"), "2024010112"])
def test_ten_digits_without_check_digit_pass_outside_deltagar_id(tmp_path, value):
    text = DELTAGARE.replace("utfall\n", "utfall;Notering\n").replace("2024-02-01;;\n",
                                                                       f"2024-02-01;;;{value}\n")
    write_insats(tmp_path, deltagare=text)

    assert value in set(load_insats(tmp_path).deltagare["notering"])


def test_deltagar_id_keeps_the_stricter_check_without_check_digit(tmp_path):
    value = wrong_check_digit("850412123")
    write_insats(tmp_path, deltagare=DELTAGARE.replace("A2;", f"{value};"))

    with pytest.raises(DataError) as info:
        load_insats(tmp_path)

    assert_place(info.value, "data/deltagare.csv", 3, "deltagar_id")
    assert_not_echoed(info.value, value)


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
