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
from evaltools.outcomes import GOAL_COLUMNS, goal_attainment, outcome_counts, sus_group_counts
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
