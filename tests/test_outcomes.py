"""Tests for evaltools/outcomes.py: outcome counts, SUS groups and goal attainment (contract §3)."""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import statsmodels.formula.api as smf
from scipy import stats as sps
from statsmodels.stats.proportion import proportion_confint

from conftest import H1, canonical_deltagare as deltagare

from evaltools.config import InsatsConfig, Period, load_config
from hypothesis import given, settings
from hypothesis import strategies as st

from evaltools.outcomes import (GOAL_COLUMNS, GROUP_SHARE_COLUMNS, assessment, goal_attainment,
                                goal_by_group, outcome_counts, share_by_group, sus_group_counts)
from evaltools.vocabulary import OUTCOMES, SUS_GROUPS



def narvaro(rows: list[tuple[str, str, bool]]) -> pd.DataFrame:
    """A canonical form-A attendance table: one (id, date, attended) per planned occasion."""
    days = pd.to_datetime(pd.Series([r[1] for r in rows], dtype=object)).astype("datetime64[s]")
    return pd.DataFrame({
        "rad": pd.Series(range(2, len(rows) + 2), dtype="int64"),
        "deltagar_id": pd.Series([r[0] for r in rows], dtype="str"),
        "period_start": days, "datum": days,
        "planerade": np.ones(len(rows)), "narvarande": np.array([float(r[2]) for r in rows]),
        "franvaroorsak": pd.Series([None if r[2] else "sjukdom" for r in rows], dtype="str"),
        "aktivitet": pd.Series([None] * len(rows), dtype="str"), "timmar": np.nan,
    })


def make_config(tmp_path: Path, body: str) -> InsatsConfig:
    """An InsatsConfig from an insats.yaml written to a tmp folder (data files need only exist)."""
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / "deltagare.csv").write_text("deltagar_id;kon;alder;startdatum\n", "utf-8")
    (tmp_path / "data" / "narvaro.csv").write_text("deltagar_id;datum;narvarande\n", "utf-8")
    head = textwrap.dedent("""\
        insats: Testinsats
        insatsperiod: {start: 2023-01-01, slut: 2024-12-31}
        rapportperiod: 2024-H1
        data: {deltagare: data/deltagare.csv, narvaro: data/narvaro.csv}
        aldersgrupper: [16-24, 25-29]
        utfallskoder:
          steget_vidare: Fortsatt i Steget Vidare
          egen_studiecirkel: {etikett: Studiecirkel, sus_grupp: studier}
    """)
    (tmp_path / "insats.yaml").write_text(head + textwrap.dedent(body), "utf-8")
    return load_config(tmp_path / "insats.yaml")


# Report period 2024-H1. gp = gemensam_planering.
ROWS = [
    # ended by the period's end (avslutade_totalt): A1–A5
    dict(deltagar_id="A1", startdatum="2023-05-01", slutdatum="2023-12-31", utfall="arbete",
         gemensam_planering="ja"),
    dict(deltagar_id="A2", startdatum="2023-06-01", slutdatum="2024-01-01", utfall="studier",
         gemensam_planering="nej"),
    dict(deltagar_id="A3", startdatum="2023-09-01", slutdatum="2024-03-15", utfall="flyttat"),
    dict(deltagar_id="A4", startdatum="2023-10-01", slutdatum="2024-06-30", utfall="arbete",
         gemensam_planering="ja"),
    dict(deltagar_id="A5", startdatum="2024-02-10", slutdatum="2024-05-20", utfall="steget_vidare",
         gemensam_planering="ja"),
    # ongoing at the period's end (in totalt, not ended): A6 ends the day after, with outcome arbete
    dict(deltagar_id="A6", startdatum="2023-11-01", slutdatum="2024-07-01", utfall="arbete",
         gemensam_planering="ja"),
    dict(deltagar_id="A7", startdatum="2024-01-01"),
    dict(deltagar_id="A8", startdatum="2024-06-30", gemensam_planering="ja"),
    # started after the period: in no population
    dict(deltagar_id="A9", startdatum="2024-07-01", gemensam_planering="ja"),
    dict(deltagar_id="A10", startdatum="2024-08-01", slutdatum="2024-09-01", utfall="studier",
         gemensam_planering="ja"),
]

GOALS = """\
mal:
  - {namn: Arbete eller studier, typ: utfall, kategorier: [arbete, studier], malvarde: 0.6}
  - {namn: Arbete eller studier bland alla, typ: utfall, kategorier: [arbete, studier],
     namnare: alla, malvarde: 0.4}
  - {namn: Gemensam planering, typ: andel, kolumn: gemensam_planering, malvarde: 0.9}
  - {namn: Gemensam planering bland alla, typ: andel, kolumn: gemensam_planering, namnare: alla,
     malvarde: 0.5}
  - {namn: Närvaro, typ: narvaro, malvarde: 0.75}
  - {namn: Arbetsträningsplatser, typ: antal, utfall: 20, malvarde: 20}
  - {namn: Platser för få, typ: antal, utfall: 19.5, malvarde: 20}
"""


@pytest.fixture
def d() -> pd.DataFrame:
    return deltagare(ROWS)


@pytest.fixture
def config(tmp_path) -> InsatsConfig:
    return make_config(tmp_path, GOALS)


@pytest.fixture
def n() -> pd.DataFrame:
    # A1: 3 of 4 attended; A4: 2 of 2; A7: 1 of 2, plus one absence after the period's end (left out)
    return narvaro([("A1", "2023-10-02", True), ("A1", "2023-10-03", True), ("A1", "2023-10-04", False),
                    ("A1", "2023-12-01", True), ("A4", "2024-03-01", True), ("A4", "2024-06-30", True),
                    ("A7", "2024-01-01", False), ("A7", "2024-02-01", True),
                    ("A7", "2024-07-01", False)])


@pytest.fixture
def goals(d, config, n) -> pd.DataFrame:
    return goal_attainment(d, config, narvaro=n).set_index("namn")


# ----------------------------------------------------------------------------------- outcome counts

def test_outcome_counts_over_avslutade_totalt(d, config):
    table = outcome_counts(d, H1, config)
    # the contract's codes in order, then the local ones; zeros included
    assert table["utfall"].tolist() == [*OUTCOMES, "steget_vidare", "egen_studiecirkel"]
    counts = table.set_index("utfall")["antal"]
    # avslutade_totalt: A1 arbete, A2 studier, A3 flyttat, A4 arbete, A5 steget_vidare
    # (A6 and A10 end after the period: not counted)
    assert counts[counts > 0].to_dict() == {"arbete": 2, "studier": 1, "flyttat": 1, "steget_vidare": 1}
    assert counts.sum() == 5
    assert table.set_index("utfall").loc["arbete", "andel"] == pytest.approx(2 / 5)
    assert table["antal"].dtype == "int64"


def test_outcome_counts_other_population(d, config):
    table = outcome_counts(d, H1, config, population="avslutade_under_perioden")
    counts = table.set_index("utfall")["antal"]
    # ended within the period: A2 studier, A3 flyttat, A4 arbete, A5 steget_vidare (A1 ended before)
    assert counts[counts > 0].to_dict() == {"studier": 1, "flyttat": 1, "arbete": 1, "steget_vidare": 1}


def test_outcome_counts_nobody_ended(d, config):
    table = outcome_counts(d.iloc[6:], H1, config)  # A7–A10: none ended by the period's end
    assert table["antal"].sum() == 0
    assert table["andel"].isna().all()


def test_sus_groups(d, config):
    groups = sus_group_counts(outcome_counts(d, H1, config))
    assert groups["sus_grupp"].tolist() == list(SUS_GROUPS)
    # arbete 2 -> förvärvsarbete; studier 1 -> studier; flyttat + steget_vidare (local, default
    # övriga) -> övriga avslutade
    assert groups["antal"].tolist() == [2, 1, 0, 2]
    assert groups["andel"].tolist() == pytest.approx([0.4, 0.2, 0.0, 0.4])


def test_local_code_with_its_own_sus_group(d, config):
    d = d.assign(utfall=d["utfall"].replace({"flyttat": "egen_studiecirkel"}))
    groups = sus_group_counts(outcome_counts(d, H1, config)).set_index("sus_grupp")["antal"]
    assert groups["studier"] == 2  # studier + the local code declared sus_grupp: studier


# ------------------------------------------------------------------------------------------- goals

def test_goal_table_shape_and_order(goals):
    assert goals.reset_index().columns.tolist() == GOAL_COLUMNS
    assert goals.index.tolist() == ["Arbete eller studier", "Arbete eller studier bland alla",
                                    "Gemensam planering", "Gemensam planering bland alla", "Närvaro",
                                    "Arbetsträningsplatser", "Platser för få"]


def test_outcome_goal_over_avslutade_reached_exactly_at_target(goals):
    g = goals.loc["Arbete eller studier"]
    # avslutade_totalt A1–A5; arbete/studier: A1, A2, A4 -> 3 / 5 = 0.6 = malvarde -> reached
    assert (g["taljare"], g["namnare"]) == (3, 5)
    assert g["varde"] == 0.6
    assert bool(g["uppnatt"])
    # statsmodels proportion_confint(3, 5, method="wilson") -> 0.2307242813, 0.8823792258
    assert (g["ki_lag"], g["ki_hog"]) == pytest.approx((0.2307242813, 0.8823792258), abs=1e-9)
    assert (g["ki_lag"], g["ki_hog"]) == pytest.approx(proportion_confint(3, 5, method="wilson"))
    assert g["population"] == "avslutade"
    assert math.isnan(g["saknas"])


def test_outcome_goal_over_alla(goals):
    g = goals.loc["Arbete eller studier bland alla"]
    # totalt A1–A8 = 8. Outcomes known by the period's end: A1, A2, A4 -> 3.
    # A6 ends 2024-07-01 with arbete: ongoing at the period's end, so no outcome yet in this period.
    assert (g["taljare"], g["namnare"]) == (3, 8)
    assert g["varde"] == 3 / 8
    assert not g["uppnatt"]  # 0.375 < 0.4
    # statsmodels proportion_confint(3, 8, method="wilson") -> 0.1368442858, 0.6942576054
    assert (g["ki_lag"], g["ki_hog"]) == pytest.approx((0.1368442858, 0.6942576054), abs=1e-9)
    assert g["population"] == "alla"


def test_share_goal_counts_empties_in_denominator(goals):
    g = goals.loc["Gemensam planering"]
    # avslutade_totalt A1 ja, A2 nej, A3 empty, A4 ja, A5 ja -> 3 / 5; the empty one counts as not ja
    assert (g["taljare"], g["namnare"], g["saknas"]) == (3, 5, 1)
    assert g["varde"] == 0.6
    assert not g["uppnatt"]
    g = goals.loc["Gemensam planering bland alla"]
    # totalt A1–A8: ja A1, A4, A5, A6, A8 = 5; empty A3, A7 = 2 -> 5 / 8 ≥ 0.5
    assert (g["taljare"], g["namnare"], g["saknas"]) == (5, 8, 2)
    assert g["varde"] == 5 / 8
    assert g["uppnatt"]
    # statsmodels proportion_confint(5, 8, method="wilson") -> 0.3057423946, 0.8631557142
    assert (g["ki_lag"], g["ki_hog"]) == pytest.approx((0.3057423946, 0.8631557142), abs=1e-9)


def test_attendance_goal_occasions_up_to_period_end(goals):
    g = goals.loc["Närvaro"]
    # occasions dated ≤ 2024-06-30: A1 3/4, A4 2/2, A7 1/2 -> 6 / 8 (A7's 2024-07-01 left out)
    assert (g["taljare"], g["namnare"]) == (6, 8)
    assert g["varde"] == 0.75
    assert g["uppnatt"]  # exactly at the target
    # three participants (< 10): descriptives only, no interval
    assert math.isnan(g["ki_lag"]) and math.isnan(g["ki_hog"])
    assert g["population"] == "narvarotillfallen"
    assert "för få" in g["metod"]


def test_count_goal_has_no_numerator_denominator_or_interval(goals):
    g = goals.loc["Arbetsträningsplatser"]
    assert all(math.isnan(g[c]) for c in ("taljare", "namnare", "ki_lag", "ki_hog"))
    assert g["varde"] == 20
    assert g["uppnatt"]  # 20 ≥ 20
    assert g["population"] == "handrakning"
    assert not goals.loc["Platser för få", "uppnatt"]  # 19.5 < 20


def test_uppnatt_is_bool(goals):
    assert all(isinstance(v, (bool, np.bool_)) for v in goals["uppnatt"])


def test_attendance_goal_interval_with_enough_participants(d, tmp_path):
    config = make_config(tmp_path, "mal:\n  - {namn: Närvaro, typ: narvaro, malvarde: 0.8}\n")
    rng = np.random.default_rng(5)
    rows, pooled = [], []
    for i in range(12):
        planned = int(rng.integers(4, 15))
        attended = rng.random(planned) < rng.beta(5, 2)
        rows += [(f"G{i:02d}", f"2024-0{1 + k % 6}-{1 + k:02d}", bool(a)) for k, a in enumerate(attended)]
        pooled += [{"pid": i, "y": int(a)} for a in attended]
    g = goal_attainment(d, config, narvaro=narvaro(rows)).iloc[0]
    df = pd.DataFrame(pooled)
    # reference: intercept-only binomial GEE, independence, bias-reduced SE; logit ± t(G−1)·SE
    res = smf.gee("y ~ 1", groups="pid", data=df, family=sm.families.Binomial(),
                  cov_struct=sm.cov_struct.Independence()).fit(cov_type="bias_reduced")
    b, se = float(res.params.iloc[0]), float(res.bse.iloc[0])
    t = sps.t.ppf(0.975, 12 - 1)
    assert g["varde"] == df["y"].sum() / len(df)
    assert (g["taljare"], g["namnare"]) == (df["y"].sum(), len(df))
    assert g["ki_lag"] == pytest.approx(1 / (1 + math.exp(-(b - t * se))), abs=1e-8)
    assert g["ki_hog"] == pytest.approx(1 / (1 + math.exp(-(b + t * se))), abs=1e-8)


def test_attendance_goal_needs_the_table(d, config):
    with pytest.raises(ValueError, match="narvaro"):
        goal_attainment(d, config)


def test_goals_with_nobody_ended(d, tmp_path):
    config = make_config(tmp_path, "mal:\n  - {namn: A, typ: utfall, kategorier: [arbete], malvarde: 0}\n"
                                   "  - {namn: B, typ: andel, kolumn: gemensam_planering, malvarde: 0}\n")
    goals = goal_attainment(d.iloc[6:], config)  # nobody ended by the period's end
    assert goals["namnare"].tolist() == [0, 0]
    assert goals["varde"].isna().all()
    assert goals["ki_lag"].isna().all()
    assert not goals["uppnatt"].any()  # no value: not reached, even against a target of 0


def test_goals_without_any_goal(d, tmp_path):
    config = make_config(tmp_path, "")
    goals = goal_attainment(d, config)
    assert goals.empty
    assert goals.columns.tolist() == GOAL_COLUMNS


# ------------------------------------------------------------------------------------- no mutation

def test_inputs_not_mutated(d, config, n):
    d0, n0 = d.copy(), n.copy()
    outcomes = outcome_counts(d, H1, config)
    o0 = outcomes.copy()
    sus_group_counts(outcomes)
    goal_attainment(d, config, narvaro=n)
    pd.testing.assert_frame_equal(d, d0)
    pd.testing.assert_frame_equal(n, n0)
    pd.testing.assert_frame_equal(outcomes, o0)


# ------------------------------------------------------------ intervals on outcome shares (issue 7)

def test_outcome_counts_have_intervals(d, config):
    table = outcome_counts(d, H1, config).set_index("utfall")
    # arbete 2 of 5 ended; statsmodels proportion_confint(2, 5, method="wilson") -> 0.1176, 0.7693
    # (R: binom::binom.confint(2, 5, methods = "wilson") -> 0.1176208 0.7692757)
    assert (table.loc["arbete", "ki_lag"], table.loc["arbete", "ki_hog"]) == pytest.approx(
        (0.1176208, 0.7692757), abs=1e-7)
    # a code nobody has: 0/5, lower limit 0 (R: binom.confint(0, 5, "wilson") -> 0 0.4344825)
    assert (table.loc["okant", "ki_lag"], table.loc["okant", "ki_hog"]) == pytest.approx(
        (0.0, 0.4344825), abs=1e-7)
    sus = sus_group_counts(outcome_counts(d, H1, config)).set_index("sus_grupp")
    # forvarvsarbete 2/5 as above; exakt: R binom.test(2, 5)$conf.int -> 0.05274495 0.85336720
    assert sus.loc["forvarvsarbete", "ki_lag"] == pytest.approx(0.1176208, abs=1e-7)
    exact = sus_group_counts(outcome_counts(d, H1, config), method="exakt").set_index("sus_grupp")
    assert (exact.loc["forvarvsarbete", "ki_lag"], exact.loc["forvarvsarbete", "ki_hog"]) == \
        pytest.approx((0.05274495, 0.85336720), abs=1e-7)


def test_outcome_intervals_follow_statistik(d, tmp_path):
    config = make_config(tmp_path, "statistik: {intervall: exakt, konfidensniva: 0.9}\n")
    table = outcome_counts(d, H1, config).set_index("utfall")
    assert (table.loc["arbete", "ki_lag"], table.loc["arbete", "ki_hog"]) == pytest.approx(
        proportion_confint(2, 5, alpha=0.10, method="beta"))


def test_outcome_intervals_nobody_ended(d, config):
    table = outcome_counts(d.iloc[6:], H1, config)
    assert table["ki_lag"].isna().all() and table["ki_hog"].isna().all()


# ------------------------------------------------------------------ the goal against chance

@pytest.mark.parametrize("target, low, high, expected", [
    (0.3, 0.4, 0.6, "over_malet"),
    (0.7, 0.4, 0.6, "under_malet"),
    (0.5, 0.4, 0.6, "forenligt_med_malet"),
    (0.4, 0.4, 0.6, "forenligt_med_malet"),   # at the end of the interval: compatible
    (0.6, 0.4, 0.6, "forenligt_med_malet"),
    (0.5, math.nan, math.nan, None),
])
def test_assessment(target, low, high, expected):
    assert assessment(target, low, high) == expected


def test_goal_against_chance_columns(goals):
    g = goals.loc["Arbete eller studier"]
    # 3/5 against 0.6: Wilson 0.2307–0.8824 holds the target. n = 5 against 0.6 can reach 5 %:
    # R binom.test(0, 5, p = 0.6) -> p = 0.01024 (by hand: only 0 is as unlikely as P(0) = 0.4⁵);
    # binom.test(5, 5, p = 0.6) -> p = 0.1648 (P(0) + P(1) + P(5) = 0.01024 + 0.0768 + 0.07776)
    assert g["bedomning"] == "forenligt_med_malet"
    assert g["p_test"] == "exakt_binomialtest"
    # R: binom.test(3, 5, p = 0.6) -> p-value = 1
    assert g["p_varde"] == pytest.approx(1.0)
    # the attendance goal: no interval (three participants), no test
    g = goals.loc["Närvaro"]
    assert pd.isna(g["bedomning"]) and math.isnan(g["p_varde"]) and pd.isna(g["p_test"])
    g = goals.loc["Arbetsträningsplatser"]
    assert pd.isna(g["bedomning"]) and math.isnan(g["p_varde"]) and pd.isna(g["p_test"])


def test_goal_p_value_against_r(d, tmp_path):
    # 5/26 against 0.5 (reference/statistics.md: exact binomtest 0.0024939179; Wilson 0.0851–0.3788,
    # the target above the interval)
    rows = [dict(deltagar_id=f"P{i:02d}", startdatum="2023-01-01", slutdatum="2023-06-01",
                 utfall="arbete" if i < 5 else "flyttat") for i in range(26)]
    config = make_config(tmp_path, "mal:\n  - {namn: A, typ: utfall, kategorier: [arbete], malvarde: 0.5}\n")
    g = goal_attainment(deltagare(rows), config).iloc[0]
    assert (g["taljare"], g["namnare"]) == (5, 26)
    assert g["p_varde"] == pytest.approx(0.0024939179, abs=1e-10)
    assert g["bedomning"] == "under_malet"
    assert g["metod"] == "Wilson 95 %"


def test_goal_too_few_for_a_test(d, tmp_path):
    # 2 of 2 ended against 0.5: smallest p = 2·0.5² = 0.5 > 0.05 -> no p-value, said so
    rows = [dict(deltagar_id="P1", startdatum="2023-01-01", slutdatum="2023-06-01", utfall="arbete"),
            dict(deltagar_id="P2", startdatum="2023-01-01", slutdatum="2023-06-01", utfall="arbete")]
    config = make_config(tmp_path, "mal:\n  - {namn: A, typ: utfall, kategorier: [arbete], malvarde: 0.5}\n")
    g = goal_attainment(deltagare(rows), config).iloc[0]
    assert math.isnan(g["p_varde"]) and g["p_test"] == "for_fa"
    # R: binom::binom.confint(2, 2, methods = "wilson") -> 0.3423802 1: the target inside
    assert (g["ki_lag"], g["ki_hog"]) == pytest.approx((0.3423802, 1.0), abs=1e-7)
    assert g["bedomning"] == "forenligt_med_malet"
    empty = goal_attainment(deltagare(rows).iloc[0:0], config).iloc[0]
    assert empty["p_test"] == "for_fa" and pd.isna(empty["bedomning"])


def test_goal_interval_follows_statistik(d, tmp_path):
    config = make_config(tmp_path, "statistik: {intervall: exakt}\n" + GOALS)
    g = goal_attainment(d, config, narvaro=narvaro([("A1", "2024-01-02", True)])).set_index("namn")
    row = g.loc["Arbete eller studier"]
    # R: binom.test(3, 5)$conf.int -> 0.1466328 0.9472550 (Clopper–Pearson)
    assert (row["ki_lag"], row["ki_hog"]) == pytest.approx((0.1466328, 0.9472550), abs=1e-7)
    assert row["metod"] == "Clopper–Pearson 95 %"


# ------------------------------------------------------------------ shares compared between groups

def _group_rows(spec: dict[str, tuple[int, int]], column: str = "kon") -> list[dict]:
    """Participants ended in 2023: per group (hits, n) with arbete for the hits, flyttat otherwise."""
    rows = []
    for group, (hits, n) in spec.items():
        for i in range(n):
            rows.append({"deltagar_id": f"{group}{i:03d}", column: group, "startdatum": "2023-01-01",
                         "slutdatum": "2023-06-01", "utfall": "arbete" if i < hits else "flyttat"})
    return rows


def test_share_by_group_newcombe_table_ii():
    # Newcombe (1998), table II (a): 56/70 − 48/80 -> 0.2, method 10: 0.0524 to 0.3339
    d = deltagare(_group_rows({"man": (48, 80), "kvinna": (56, 70)}))
    table = share_by_group(d, H1, by="kon", categories=["arbete", "studier"])
    assert table.columns.tolist() == GROUP_SHARE_COLUMNS
    # the contract's order: kvinna first (the reference), then man
    assert table["grupp"].tolist() == ["kvinna", "man"]
    ref, man = table.iloc[0], table.iloc[1]
    assert ref["status"] == "referens" and math.isnan(ref["skillnad"])
    assert (man["taljare"], man["namnare"], man["referens"]) == (48, 80, "kvinna")
    # man − kvinna = 0.6 − 0.8 = −0.2; the interval mirrors Newcombe's: −0.3339 to −0.0524
    assert man["skillnad"] == pytest.approx(-0.2)
    assert (man["skillnad_ki_lag"], man["skillnad_ki_hog"]) == pytest.approx((-0.3339, -0.0524), abs=5e-5)
    assert man["status"] == "jamford"
    # each group's own Wilson interval: R binom::binom.confint(48, 80, "wilson") -> 0.4904 0.7010
    assert (man["ki_lag"], man["ki_hog"]) == pytest.approx(proportion_confint(48, 80, method="wilson"))
    assert table["taljare"].dtype == "int64" and table["namnare"].dtype == "int64"


def test_share_by_group_small_and_unknown_groups():
    rows = _group_rows({"kvinna": (6, 12), "man": (2, 9), "annat": (1, 2)})
    rows.append({"deltagar_id": "X1", "startdatum": "2023-01-01", "slutdatum": "2023-06-01",
                 "utfall": "arbete"})  # no kön
    table = share_by_group(deltagare(rows), H1, by="kon", categories=["arbete"]).set_index("grupp")
    assert table.index.tolist() == ["kvinna", "man", "annat", "saknas"]
    assert table.loc["man", "status"] == "for_fa"      # 9 < 10: descriptives only
    assert math.isnan(table.loc["man", "skillnad"])
    assert table.loc["man", "andel"] == pytest.approx(2 / 9)
    assert table.loc["annat", "status"] == "for_fa"
    assert table.loc["saknas", "status"] == "okand_grupp"
    # with a lower threshold, man is compared
    table = share_by_group(deltagare(rows), H1, by="kon", categories=["arbete"],
                           min_participants=5).set_index("grupp")
    assert table.loc["man", "status"] == "jamford"
    # 2/9 − 6/12 by Newcombe: statsmodels confint_proportions_2indep(2, 9, 6, 12, method="newcomb")
    from statsmodels.stats.proportion import confint_proportions_2indep
    assert (table.loc["man", "skillnad_ki_lag"], table.loc["man", "skillnad_ki_hog"]) == pytest.approx(
        confint_proportions_2indep(2, 9, 6, 12, method="newcomb", compare="diff"))


def test_share_by_group_reference_too_small_or_chosen():
    rows = _group_rows({"kvinna": (1, 4), "man": (8, 20)})
    table = share_by_group(deltagare(rows), H1, by="kon", categories=["arbete"]).set_index("grupp")
    assert table.loc["man", "status"] == "for_fa"  # the reference kvinna has 4
    table = share_by_group(deltagare(rows), H1, by="kon", categories=["arbete"],
                           reference="man").set_index("grupp")
    assert table.loc["man", "status"] == "referens"
    assert table.loc["kvinna", "status"] == "for_fa"
    with pytest.raises(ValueError, match="reference"):
        share_by_group(deltagare(rows), H1, by="kon", categories=["arbete"], reference="annat")
    with pytest.raises(ValueError):
        share_by_group(deltagare(rows), H1, by="kon")


def test_share_by_group_zero_and_all():
    # 0/12 against 12/12 (cf. Newcombe 1998 table II (f), 10/10 − 0/20 -> 0.6791 to 1): the lower
    # limit is −1, the estimate itself
    from statsmodels.stats.proportion import confint_proportions_2indep
    rows = _group_rows({"kvinna": (12, 12), "man": (0, 12)})
    row = share_by_group(deltagare(rows), H1, by="kon", categories=["arbete"]).iloc[1]
    assert row["skillnad"] == -1.0
    assert (row["skillnad_ki_lag"], row["skillnad_ki_hog"]) == pytest.approx(
        confint_proportions_2indep(0, 12, 12, 12, method="newcomb", compare="diff"))
    assert row["skillnad_ki_lag"] == -1.0 and row["ki_lag"] == 0.0


def test_goal_by_group_uses_the_goal_population(d, config):
    goal = config.goals[0]  # arbete/studier among avslutade
    rows = [dict(r, kon="kvinna" if i % 2 else "man") for i, r in enumerate(ROWS)]
    table = goal_by_group(deltagare(rows), config, goal, by="kon").set_index("grupp")
    # avslutade: A1 man arbete, A2 kvinna studier, A3 man flyttat, A4 kvinna arbete, A5 man steget
    assert (table.loc["kvinna", "taljare"], table.loc["kvinna", "namnare"]) == (2, 2)
    assert (table.loc["man", "taljare"], table.loc["man", "namnare"]) == (1, 3)
    andel = goal_by_group(deltagare(rows), config, config.goals[3], by="kon").set_index("grupp")
    # gemensam planering among all (A1–A8): kvinna A2 nej, A4 ja, A6 ja, A8 ja; man A1 ja, A3 -, A5 ja, A7 -
    assert (andel.loc["kvinna", "taljare"], andel.loc["kvinna", "namnare"]) == (3, 4)
    assert (andel.loc["man", "taljare"], andel.loc["man", "namnare"]) == (2, 4)
    with pytest.raises(ValueError):
        goal_by_group(d, config, config.goals[4], by="kon")


def test_share_by_group_does_not_mutate(d):
    d0 = d.copy()
    share_by_group(d, H1, by="kon", categories=["arbete"])
    pd.testing.assert_frame_equal(d, d0)


@settings(max_examples=60, deadline=None)
@given(spec=st.lists(st.tuples(st.integers(0, 25), st.integers(0, 25)), min_size=1, max_size=3))
def test_property_group_shares_hold_their_estimates(spec):
    groups = {}
    for name, (a, b) in zip(["kvinna", "man", "annat"], spec):
        groups[name] = (min(a, b), max(a, b))
    table = share_by_group(deltagare(_group_rows(groups)), H1, by="kon", categories=["arbete"])
    for _, r in table.iterrows():
        assert 0 <= r["ki_lag"] <= r["andel"] <= r["ki_hog"] <= 1
        if r["status"] == "jamford":
            assert -1 <= r["skillnad_ki_lag"] <= r["skillnad"] + 1e-12
            assert r["skillnad"] - 1e-12 <= r["skillnad_ki_hog"] <= 1
