"""Tests for evaltools/participants.py: the six populations of contract section 3, splits, income."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from conftest import H1, canonical_deltagare as deltagare

from evaltools.config import Period
from evaltools.participants import (MISSING, POPULATIONS, id_codes, income_change, participant_flow,
                                    population_mask, split_counts)




# Report period 2024-01-01 .. 2024-06-30. Each row: id, kon, age band, start, end.
FLOW_ROWS = [
    # P01 ended the day before the period: totalt, avslutade_totalt; not active in the period
    dict(deltagar_id="P01", kon="kvinna", aldersgrupp="16-24", startdatum="2023-05-01",
         slutdatum="2023-12-31", utfall="arbete", forsorjning_start="forsorjningsstod",
         forsorjning_slut="lon"),
    # P02 ended exactly on the period's first day: active, ended within the period
    dict(deltagar_id="P02", kon="man", aldersgrupp="16-24", startdatum="2023-06-01",
         slutdatum="2024-01-01", utfall="studier", forsorjning_start="forsorjningsstod",
         forsorjning_slut="studiemedel"),
    # P03 started before, ended within
    dict(deltagar_id="P03", kon="man", aldersgrupp="25-29", startdatum="2023-09-01",
         slutdatum="2024-03-15", utfall="flyttat", forsorjning_start="a_kassa"),
    # P04 ended exactly on the period's last day: ended (within and in total), not ongoing
    dict(deltagar_id="P04", kon="kvinna", aldersgrupp="25-29", startdatum="2023-10-01",
         slutdatum="2024-06-30", utfall="arbete", forsorjning_start="forsorjningsstod",
         forsorjning_slut="forsorjningsstod"),
    # P05 ended the day after the period: still ongoing at the period's end
    dict(deltagar_id="P05", kon="man", aldersgrupp="okand", startdatum="2023-11-01",
         slutdatum="2024-07-01", utfall="arbete", forsorjning_start="lon", forsorjning_slut="lon"),
    # P06 started before, never ended
    dict(deltagar_id="P06", kon="annat", aldersgrupp="16-24", startdatum="2023-12-01"),
    # P07 started exactly on the period's first day, never ended: new, ongoing
    dict(deltagar_id="P07", kon="kvinna", aldersgrupp="16-24", startdatum="2024-01-01"),
    # P08 started and ended within the period
    dict(deltagar_id="P08", kon="kvinna", aldersgrupp="okand", startdatum="2024-02-10",
         slutdatum="2024-05-20", utfall="annat"),
    # P09 started exactly on the period's last day, never ended: new, ongoing
    dict(deltagar_id="P09", kon="man", aldersgrupp="25-29", startdatum="2024-06-30"),
    # P10 started the day after the period: in no population
    dict(deltagar_id="P10", kon="kvinna", aldersgrupp="16-24", startdatum="2024-07-01"),
    # P11 started and ended after the period: in no population
    dict(deltagar_id="P11", kon="man", aldersgrupp="16-24", startdatum="2024-08-01",
         slutdatum="2024-09-01", utfall="arbete"),
]

# Worked out by hand from the comments above:
EXPECTED_FLOW = {
    "totalt": 9,                       # P01–P09 (startdatum ≤ 2024-06-30)
    "aktiva_under_perioden": 8,        # P02–P09 (P01 left before the start; P10, P11 began after)
    "nya_under_perioden": 3,           # P07 (on start), P08, P09 (on slut)
    "avslutade_under_perioden": 4,     # P02 (on start), P03, P04 (on slut), P08
    "avslutade_totalt": 5,             # P01 plus the four above
    "pagaende_vid_periodens_slut": 4,  # P05 (ended the day after), P06, P07, P09
}
MEMBERS = {
    "totalt": {"P01", "P02", "P03", "P04", "P05", "P06", "P07", "P08", "P09"},
    "aktiva_under_perioden": {"P02", "P03", "P04", "P05", "P06", "P07", "P08", "P09"},
    "nya_under_perioden": {"P07", "P08", "P09"},
    "avslutade_under_perioden": {"P02", "P03", "P04", "P08"},
    "avslutade_totalt": {"P01", "P02", "P03", "P04", "P08"},
    "pagaende_vid_periodens_slut": {"P05", "P06", "P07", "P09"},
}


@pytest.fixture
def d() -> pd.DataFrame:
    return deltagare(FLOW_ROWS)


def flow_dict(table: pd.DataFrame, period: Period) -> dict[str, int]:
    flow = participant_flow(table, period)
    return dict(zip(flow["population"], flow["antal"]))


def test_flow_counts_by_hand(d):
    flow = participant_flow(d, H1)
    assert list(flow["population"]) == list(POPULATIONS)
    assert flow_dict(d, H1) == EXPECTED_FLOW
    assert flow["antal"].dtype == "int64"


@pytest.mark.parametrize("population", POPULATIONS)
def test_population_members(d, population):
    mask = population_mask(d, H1, population)
    assert set(d.loc[mask, "deltagar_id"]) == MEMBERS[population]


def test_flow_identities(d):
    flow = flow_dict(d, H1)
    # everyone who has started has either ended by the period's end or is ongoing
    assert flow["totalt"] == flow["avslutade_totalt"] + flow["pagaende_vid_periodens_slut"]
    assert flow["nya_under_perioden"] <= flow["aktiva_under_perioden"] <= flow["totalt"]


def test_one_day_period_on_boundaries(d):
    # a period of the single day 2024-01-01: P02 ends that day, P07 starts that day
    day = Period(dt.date(2024, 1, 1), dt.date(2024, 1, 1), "dag")
    flow = flow_dict(d, day)
    # started by 2024-01-01: P01–P07 (7); of these P01 ended 2023-12-31, before the day
    assert flow["totalt"] == 7
    assert flow["aktiva_under_perioden"] == 6           # P02–P07
    assert flow["nya_under_perioden"] == 1              # P07
    assert flow["avslutade_under_perioden"] == 1        # P02
    assert flow["avslutade_totalt"] == 2                # P01, P02
    assert flow["pagaende_vid_periodens_slut"] == 5     # P03–P07


def test_period_with_nobody(d):
    before = Period(dt.date(2020, 1, 1), dt.date(2020, 12, 31), "2020")
    flow = participant_flow(d, before)
    assert flow["antal"].tolist() == [0] * 6
    split = split_counts(d, before, by="kon")
    assert split["antal"].sum() == 0
    assert split["andel"].isna().all()


def test_empty_table():
    empty = deltagare([])
    assert participant_flow(empty, H1)["antal"].tolist() == [0] * 6
    ages = split_counts(empty, H1, by="aldersgrupp", groups=("16-24", "25-29"))
    assert ages["grupp"].tolist() == ["16-24", "25-29"]  # okand only when someone is in it
    assert ages["antal"].tolist() == [0, 0]
    assert income_change(empty, H1).empty


def test_unknown_population_raises(d):
    with pytest.raises(ValueError, match="unknown population"):
        population_mask(d, H1, "alla")


# ------------------------------------------------------------------------------------------- splits

def test_split_by_gender_sums_to_total(d):
    split = split_counts(d, H1, by="kon")
    # totalt P01–P09: kvinna P01, P04, P07, P08 = 4; man P02, P03, P05, P09 = 4; annat P06 = 1
    assert split["grupp"].tolist() == ["kvinna", "man", "annat"]  # the contract's order
    assert split["antal"].tolist() == [4, 4, 1]
    assert split["antal"].sum() == EXPECTED_FLOW["totalt"]
    assert split["andel"].tolist() == pytest.approx([4 / 9, 4 / 9, 1 / 9])


def test_split_by_gender_always_lists_kvinna_and_man(d):
    only_annat = d.loc[d["deltagar_id"] == "P06"]
    split = split_counts(only_annat, H1, by="kon")
    assert split["grupp"].tolist() == ["kvinna", "man", "annat"]
    assert split["antal"].tolist() == [0, 0, 1]


def test_split_by_age_band_unknown_as_okand(d):
    split = split_counts(d, H1, by="aldersgrupp", groups=("16-24", "25-29"))
    # totalt: 16-24 P01, P02, P06, P07 = 4; 25-29 P03, P04, P09 = 3; okand P05, P08 = 2
    assert split["grupp"].tolist() == ["16-24", "25-29", "okand"]
    assert split["antal"].tolist() == [4, 3, 2]
    assert split["antal"].sum() == EXPECTED_FLOW["totalt"]


def test_split_by_age_band_lists_empty_bands(d):
    split = split_counts(d, H1, by="aldersgrupp", groups=("16-24", "25-29", "30-"))
    assert split.set_index("grupp")["antal"].to_dict() == {"16-24": 4, "25-29": 3, "30-": 0, "okand": 2}


def test_split_other_population(d):
    split = split_counts(d, H1, by="kon", population="nya_under_perioden")
    # P07 kvinna, P08 kvinna, P09 man
    assert split.set_index("grupp")["antal"].to_dict() == {"kvinna": 2, "man": 1}


def test_split_missing_values_last_as_saknas(d):
    # kommun given for three of the nine, free text: ordered by size, then missing last
    d = d.assign(kommun=pd.Series(["Tierp", "Tierp", "Älvkarleby"] + [None] * 8, dtype="str"))
    split = split_counts(d, H1, by="kommun")
    assert split["grupp"].tolist() == ["Tierp", "Älvkarleby", MISSING]
    assert split["antal"].tolist() == [2, 1, 6]
    assert split["antal"].sum() == EXPECTED_FLOW["totalt"]
    assert split["andel"].sum() == pytest.approx(1.0)


def test_split_values_outside_groups_follow_them(d):
    split = split_counts(d, H1, by="kon", groups=("man",))
    assert split["grupp"].tolist() == ["man", "kvinna", "annat"]
    assert split["antal"].tolist() == [4, 4, 1]


# ----------------------------------------------------------------------------------------- income

def test_income_change_by_hand(d):
    table = income_change(d, H1)
    # avslutade_totalt: P01, P02, P03, P04, P08; with both start and exit given: P01, P02, P04
    # (P03 lacks forsorjning_slut, P08 both; P05 has both but ended after the period)
    assert (table["namnare"] == 3).all()
    got = {r.forsorjning: (r.fore, r.efter) for r in table.itertuples()}
    assert got == {"forsorjningsstod": (3, 1), "lon": (0, 1), "studiemedel": (0, 1)}
    assert table["forsorjning"].tolist() == ["forsorjningsstod", "lon", "studiemedel"]  # contract order


def test_income_change_without_columns(d):
    table = income_change(d.drop(columns=["forsorjning_slut"]), H1)
    assert table.empty
    assert table.columns.tolist() == ["forsorjning", "fore", "efter", "namnare"]


# ------------------------------------------------------------------------------------- no mutation

@pytest.mark.parametrize("call", [
    lambda t: population_mask(t, H1, "aktiva_under_perioden"),
    lambda t: participant_flow(t, H1),
    lambda t: split_counts(t, H1, by="kon"),
    lambda t: split_counts(t, H1, by="aldersgrupp", groups=("16-24",)),
    lambda t: income_change(t, H1),
])
def test_inputs_not_mutated(d, call):
    original = d.copy()
    call(d)
    pd.testing.assert_frame_equal(d, original)


def test_nan_share_only_when_population_empty(d):
    split = split_counts(d, H1, by="kon", population="nya_under_perioden")
    assert not split["andel"].isna().any()
    assert math.isclose(split["andel"].sum(), 1.0)


@pytest.mark.parametrize("ids", [
    ["B2", "B2", "A1", "A1", "A1", "C3", "B2"],  # runs, and an id met again later
    ["B2", "A1", "B2", "A1"],  # no runs
    ["A1", None, None, "A1", "Ö9"],  # ids missing
    ["A1"], [],
])
@pytest.mark.parametrize("dtype", ["str", object])
def test_id_codes_are_factorize_sorted(ids, dtype):
    series = pd.Series(ids, dtype=dtype)
    if dtype is object:
        series = series.where(series.notna(), pd.NA)  # pd.NA compares as neither true nor false

    codes, distinct = id_codes(series)
    expected_codes, expected = pd.factorize(series.to_numpy(dtype=object), sort=True)

    np.testing.assert_array_equal(codes, expected_codes)
    assert list(distinct) == list(expected)
