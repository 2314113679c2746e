"""Publishing a result table: small cells masked (and what is derived from them), Swedish and
English formatting, CSV for Excel, and no participant ids ever."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from evaltools.privacy import small_cell_mask
from evaltools.publish import TABLES, band_label, publish

NBSP = "\u00a0"


def split_table() -> pd.DataFrame:
    # 10 women, 2 men, 0 other, 1 unknown: 13 participants
    return pd.DataFrame({"grupp": ["kvinna", "man", "annat", "saknas"], "antal": [10, 2, 0, 1],
                         "andel": [10 / 13, 2 / 13, 0.0, 1 / 13]})


def test_counts_below_the_threshold_are_masked_with_their_shares():
    published = publish("deltagare_per_kon", split_table(), TABLES["deltagare_per_kon"], min_count=3)
    assert published.display["Antal"].tolist() == ["10", "<3", "0", "<3"]  # 0 is shown: no person
    assert published.display["Andel"].tolist() == [f"76,9{NBSP}%", "–", f"0,0{NBSP}%", "–"]
    assert published.masked_cells == 4  # two counts and the two shares computed from them
    assert math.isnan(published.values.loc[1, "antal"]) and math.isnan(published.values.loc[1, "andel"])
    assert published.values.loc[0, "antal"] == 10


def test_threshold_zero_turns_masking_off():
    published = publish("deltagare_per_kon", split_table(), TABLES["deltagare_per_kon"], min_count=0)
    assert published.display["Antal"].tolist() == ["10", "2", "0", "1"]
    assert published.masked_cells == 0


def test_threshold_five():
    published = publish("deltagare_per_kon", split_table(), TABLES["deltagare_per_kon"], min_count=5)
    assert published.display["Antal"].tolist() == ["10", "<5", "0", "<5"]


def test_a_rate_about_few_persons_is_masked_whole():
    rates = pd.DataFrame({"grupp": ["16-24", "25-29", "30-"], "deltagare": [12, 2, 9],
                          "planerade": [300.0, 40.0, 200.0], "narvarande": [240.0, 39.0, 150.0],
                          "andel": [0.8, 0.975, 0.75], "ki_lag": [0.7, math.nan, 0.6],
                          "ki_hog": [0.87, math.nan, 0.85], "metod": ["x", "y", "z"]})
    published = publish("narvaro_per_aldersgrupp", rates, TABLES["narvaro_per_aldersgrupp"], min_count=3)
    # occasions of few persons show X, never a person-count label
    assert published.display.iloc[1].tolist() == ["25–29 år", "<3", "X", "X", "–", "–"]
    # the overall attendance is published: the smallest other group is hidden with it
    assert published.display.iloc[2].tolist() == ["30 år och äldre", "X", "X", "X", "–", "–"]
    assert published.display.iloc[0].tolist() == ["16–24 år", "12", "300", "240", f"80,0{NBSP}%",
                                                   f"70,0–87,0{NBSP}%"]


def test_csv_rendering_is_numeric_for_swedish_excel():
    economy = pd.DataFrame({"grupp": ["2023"], "beviljat": [1610000.0], "utfall": [1437555.5],
                            "prognos": [math.nan], "forbrukningsgrad": [1437555.5 / 1610000],
                            "kvar": [172444.5]})
    published = publish("ekonomi_per_period", economy, TABLES["ekonomi_per_period"], min_count=3)
    assert published.display.iloc[0].tolist() == ["2023", f"1{NBSP}610{NBSP}000{NBSP}kr",
                                                   f"1{NBSP}437{NBSP}556{NBSP}kr", "", f"89,3{NBSP}%",
                                                   f"172{NBSP}445{NBSP}kr"]
    assert list(published.csv.columns) == ["Period", "Beviljat", "Utfall", "Prognos",
                                           "Förbrukningsgrad (%)", "Kvar"]
    assert published.csv.iloc[0].tolist() == ["2023", "1610000", "1437556", "", "89,3", "172445"]


def test_goal_table_shows_shares_and_hand_figures_each_their_way():
    goals = pd.DataFrame({
        "namn": ["Arbete eller studier", "Platser"], "typ": ["utfall", "antal"],
        "taljare": [75.0, math.nan], "namnare": [156.0, math.nan], "varde": [75 / 156, 40.0],
        "malvarde": [0.5, 20.0], "uppnatt": [False, True], "ki_lag": [0.4037745852, math.nan],
        "ki_hog": [0.5586882198, math.nan], "population": ["avslutade", "handrakning"],
        "saknas": [math.nan, math.nan], "metod": ["Wilson 95 %", "uppgift i insats.yaml"]})
    published = publish("maluppfyllelse", goals, TABLES["maluppfyllelse"], min_count=3)
    assert published.display.iloc[0].tolist() == ["Arbete eller studier", "75", "156", f"48,1{NBSP}%",
                                                   f"50,0{NBSP}%", f"40,4–55,9{NBSP}%", "Nej"]
    assert published.display.iloc[1].tolist() == ["Platser", "", "", "40", "20", "", "Ja"]
    english = publish("maluppfyllelse", goals, TABLES["maluppfyllelse"], min_count=3, language="en")
    assert english.display.iloc[0].tolist() == ["Arbete eller studier", "75", "156", f"48.1{NBSP}%",
                                                f"50.0{NBSP}%", f"40.4–55.9{NBSP}%", "No"]


def test_local_labels_name_local_codes():
    outcomes = pd.DataFrame({"utfall": ["arbete", "steget_vidare"], "sus_grupp": ["forvarvsarbete",
                             "ovriga_avslutade"], "antal": [4, 3], "andel": [4 / 7, 3 / 7]})
    published = publish("utfall", outcomes, TABLES["utfall"], min_count=3,
                        labels={"steget_vidare": "Fortsatt i Steget Vidare"})
    assert published.display["Utfall"].tolist() == ["Arbete", "Fortsatt i Steget Vidare"]


def test_a_table_with_participant_ids_is_refused():
    with pytest.raises(ValueError, match="participant ids"):
        publish("deltagare_per_kon", split_table().assign(deltagar_id="UF001"),
                TABLES["deltagare_per_kon"], min_count=3)


def test_caller_table_is_not_changed():
    table = split_table()
    before = table.copy()
    publish("deltagare_per_kon", table, TABLES["deltagare_per_kon"], min_count=3)
    pd.testing.assert_frame_equal(table, before)


@pytest.mark.parametrize(("band", "sv", "en"), [
    ("16-24", "16–24 år", "16–24 years"), ("30-", "30 år och äldre", "30 years and older"),
    ("-24", "högst 24 år", "up to 24 years"), ("okand", "Okänd", "Unknown")])
def test_band_labels(band, sv, en):
    assert band_label(band) == sv
    assert band_label(band, "en") == en


def test_small_cell_mask_roles():
    table = pd.DataFrame({"namn": ["a", "b", "c"], "n": [1, 5, 0], "k": [1, 2, 0], "andel": [1.0, 0.4, 0.0]})
    mask = small_cell_mask(table, min_count=3, counts=["k"], derived={"andel": ["k"]}, group="n")
    assert mask["namn"].tolist() == [False, False, False]  # text is never masked
    assert mask["n"].tolist() == [True, False, False]
    assert mask["k"].tolist() == [True, True, False]
    assert mask["andel"].tolist() == [True, True, False]


def test_every_table_spec_names_columns_its_masking_roles_use():
    for name, spec in TABLES.items():
        keys = {c.key for c in spec.columns} | {c.other for c in spec.columns if c.other}
        roles = set(spec.counts) | set(spec.derived) | {spec.group} - {None}
        # what is masked is shown; a value may be derived from numbers the table does not show
        # (a difference of attendance from its planned and attended occasions)
        assert roles <= keys, name


def test_a_model_interval_narrower_than_two_decimals_gets_more():
    model = pd.DataFrame({"indikator": ["Motivation", "Framtidstro"], "deltagare": [47456, 60],
                          "skattningar": [118875, 135], "lutning_per_manad": [0.0601, 0.0692],
                          "ki_lag": [0.0581, 0.0212], "ki_hog": [0.0619, 0.1172], "status": ["redovisas"] * 2})
    shown = publish("progression_modell", model, TABLES["progression_modell"], min_count=3).display
    assert shown.iloc[0, 3:5].tolist() == ["0,060", "0,058 till 0,062"]
    assert shown.iloc[1, 3:5].tolist() == ["0,069", "0,021 till 0,117"]  # one precision for the column
    wide = publish("progression_modell", model.iloc[1:], TABLES["progression_modell"], min_count=3).display
    assert wide.iloc[0, 3:5].tolist() == ["0,07", "0,02 till 0,12"]  # as before where two suffice
