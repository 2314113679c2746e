"""Tests for evaltools/progression.py: first against latest rating, sign test, Holm, waves."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels
import statsmodels.formula.api as smf
from scipy import stats as sps
from statsmodels.stats.descriptivestats import sign_test as sm_sign_test

from evaltools.config import Period
from evaltools.progression import (DISTRIBUTION_COLUMNS, MODEL_COLUMNS, SUMMARY_COLUMNS,
                                   WILCOXON_COLUMNS, change_distribution, progression_model,
                                   progression_summary, progression_wilcoxon, rating_changes,
                                   rating_codes, ratings_by_wave)
from evaltools.stats import random_intercept_trend

H1 = Period(dt.date(2024, 1, 1), dt.date(2024, 6, 30), "2024-H1")


def progression(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    """Canonical progression: (id, date, indicator, value) in file order (``rad`` follows it)."""
    return pd.DataFrame({
        "rad": pd.Series(range(2, len(rows) + 2), dtype="int64"),
        "deltagar_id": pd.Series([r[0] for r in rows], dtype="str"),
        "datum": pd.to_datetime(pd.Series([r[1] for r in rows], dtype=object)).astype("datetime64[s]"),
        "indikator": pd.Series([r[2] for r in rows], dtype="str"),
        "varde": np.array([float(r[3]) for r in rows]),
        "instrument": pd.Series(["SMAIL"] * len(rows), dtype="str"),
    })


M, H = "Motivation", "Hälsa"  # Motivation appears first in the file (not alphabetical order)


@pytest.fixture
def p() -> pd.DataFrame:
    return progression([
        # S1: Motivation 3 (Jan), 6 (May), 5 (Mar) — written out of date order: first 3, latest 6.
        #     A rating after the period's end (1, in August) is left out.
        ("S1", "2024-01-10", M, 3), ("S1", "2024-05-10", M, 6), ("S1", "2024-03-10", M, 5),
        ("S1", "2024-08-10", M, 1),
        # S1: Hälsa 5 -> 5 (unchanged)
        ("S1", "2024-01-10", H, 5), ("S1", "2024-05-10", H, 5),
        # S2: Motivation 7 -> 4 (worse by 3); Hälsa a single rating: not counted for Hälsa
        ("S2", "2023-11-01", M, 7), ("S2", "2024-06-30", M, 4), ("S2", "2024-02-01", H, 6),
        # S3: Motivation single rating up to the end; its second rating is after the period: not counted
        ("S3", "2024-02-01", M, 2), ("S3", "2024-07-01", M, 9),
        # S4: Hälsa 2 -> 8 (better by 6)
        ("S4", "2024-01-15", H, 2), ("S4", "2024-04-15", H, 8),
    ])


def test_first_and_latest_per_participant_and_indicator(p):
    changes = rating_changes(p, H1).set_index(["deltagar_id", "indikator"]).sort_index()
    assert sorted(changes.index) == [("S1", H), ("S1", M), ("S2", M), ("S4", H)]
    assert tuple(changes.loc[("S1", M), ["skattningar", "forsta", "senaste", "forandring"]]) == (3, 3, 6, 3)
    assert changes.loc[("S1", M), "riktning"] == "forbattrad"
    assert changes.loc[("S1", H), "riktning"] == "oforandrad"
    assert tuple(changes.loc[("S2", M), ["forsta", "senaste", "forandring", "riktning"]]) == (
        7, 4, -3, "forsamrad")
    assert changes.loc[("S4", H), "forandring"] == 6
    assert changes["skattningar"].dtype == "int64"


def test_lower_is_better_flips_direction_not_change(p):
    changes = rating_changes(p, H1, higher_is_better=False).set_index(["deltagar_id", "indikator"])
    assert changes.loc[("S1", M), "riktning"] == "forsamrad"   # 3 -> 6 is worse when lower is better
    assert changes.loc[("S2", M), "riktning"] == "forbattrad"  # 7 -> 4 is better
    assert changes.loc[("S1", H), "riktning"] == "oforandrad"
    assert changes.loc[("S1", M), "forandring"] == 3           # raw units, unchanged sign


def test_summary_by_hand(p):
    summary = progression_summary(p, H1)
    assert summary.columns.tolist() == SUMMARY_COLUMNS
    # indicators in the order they first appear in the file
    assert summary["indikator"].tolist() == [M, H]
    m, h = summary.iloc[0], summary.iloc[1]
    # Motivation: S1 +3 (better), S2 −3 (worse); S3 has one rating up to the end
    assert (m["deltagare"], m["forbattrad"], m["oforandrad"], m["forsamrad"]) == (2, 1, 0, 1)
    assert m["medelforandring"] == 0.0
    assert (m["forsta_medel"], m["senaste_medel"]) == (5.0, 5.0)  # (3 + 7)/2, (6 + 4)/2
    # Hälsa: S1 0 (unchanged), S4 +6; S2 a single rating
    assert (h["deltagare"], h["forbattrad"], h["oforandrad"], h["forsamrad"]) == (2, 1, 1, 0)
    assert h["medelforandring"] == 3.0
    # two changed at most: too few for a test (n ≤ 5)
    assert summary["p_varde"].isna().all() and summary["p_justerat"].isna().all()
    assert (summary["metod"] == "för få förändrade för ett test").all()


def test_summary_lower_is_better_keeps_mean_change_in_raw_units(p):
    summary = progression_summary(p, H1, higher_is_better=False).set_index("indikator")
    # Hälsa: S4 2 -> 8 is worse when lower is better; the mean change stays +3 in the scale's units
    assert (summary.loc[H, "forbattrad"], summary.loc[H, "forsamrad"]) == (0, 1)
    assert summary.loc[H, "medelforandring"] == 3.0


def _sign_data(up: int, down: int, same: int, indicator: str, start: int = 0):
    rows = []
    for i in range(up + down + same):
        delta = 1 if i < up else (-2 if i < up + down else 0)
        pid = f"T{start + i:03d}"
        rows += [(pid, "2024-01-15", indicator, 5), (pid, "2024-05-15", indicator, 5 + delta)]
    return rows


def test_sign_test_and_holm():
    # Indicator A: 7 better, 2 worse, 3 unchanged. R: binom.test(7, 9) -> p = 0.1796875
    # Indicator B: 6 better, 0 worse.              R: binom.test(6, 6) -> p = 0.03125
    # Holm (R: p.adjust(c(0.1796875, 0.03125), "holm") -> 0.1796875 0.0625)
    rows = _sign_data(7, 2, 3, "A") + _sign_data(6, 0, 0, "B", start=100)
    summary = progression_summary(progression(rows), H1).set_index("indikator")
    assert summary.loc["A", "p_varde"] == pytest.approx(0.1796875, abs=1e-12)
    assert summary.loc["B", "p_varde"] == pytest.approx(0.03125, abs=1e-12)
    assert summary.loc["A", "p_justerat"] == pytest.approx(0.1796875, abs=1e-12)
    assert summary.loc["B", "p_justerat"] == pytest.approx(0.0625, abs=1e-12)
    assert summary.loc["A", "medelforandring"] == pytest.approx((7 * 1 - 2 * 2) / 12)
    # statsmodels' sign test on the differences (zeros dropped) agrees
    diffs = np.array([1] * 7 + [-2] * 2 + [0] * 3)
    assert summary.loc["A", "p_varde"] == pytest.approx(sm_sign_test(diffs, mu0=0)[1], abs=1e-12)
    assert summary.loc["A", "metod"].startswith("teckentest")


def test_too_few_changed_for_a_test():
    # 5 changed (all better) and many unchanged: 2 · 0.5⁵ = 0.0625 > 0.05, no test
    rows = _sign_data(5, 0, 10, "A") + _sign_data(6, 0, 0, "B", start=100)
    summary = progression_summary(progression(rows), H1).set_index("indikator")
    assert math.isnan(summary.loc["A", "p_varde"])
    assert math.isnan(summary.loc["A", "p_justerat"])
    assert summary.loc["A", "deltagare"] == 15
    # B alone is the family for Holm: unadjusted
    assert summary.loc["B", "p_justerat"] == pytest.approx(0.03125, abs=1e-12)


def test_indicator_rated_only_after_period_end():
    rows = [("S1", "2024-01-01", "A", 3), ("S1", "2024-02-01", "A", 4),
            ("S1", "2024-08-01", "B", 3), ("S1", "2024-09-01", "B", 4)]
    summary = progression_summary(progression(rows), H1).set_index("indikator")
    assert summary.loc["B", "deltagare"] == 0
    assert math.isnan(summary.loc["B", "medelforandring"])


def test_empty_table(p):
    empty = p.iloc[0:0]
    assert rating_changes(empty, H1).empty
    assert progression_summary(empty, H1).empty
    assert ratings_by_wave(empty, H1).empty


def test_ratings_by_wave(p):
    waves = ratings_by_wave(p, H1)
    assert waves["indikator"].tolist() == [M, M, M, H, H]
    got = {(r.indikator, r.matning): (r.deltagare, r.medel) for r in waves.itertuples()}
    # Motivation, up to the end: S1 3, 5, 6 (by date); S2 7, 4; S3 2
    assert got[(M, 1)] == (3, pytest.approx((3 + 7 + 2) / 3))
    assert got[(M, 2)] == (2, pytest.approx((5 + 4) / 2))
    assert got[(M, 3)] == (1, 6)
    # Hälsa: S1 5, 5; S2 6; S4 2, 8
    assert got[(H, 1)] == (3, pytest.approx((5 + 6 + 2) / 3))
    assert got[(H, 2)] == (2, pytest.approx((5 + 8) / 2))


@pytest.mark.parametrize("call", [
    lambda t: rating_changes(t, H1),
    lambda t: progression_summary(t, H1, higher_is_better=False),
    lambda t: ratings_by_wave(t, H1),
    lambda t: change_distribution(t, H1),
    lambda t: progression_wilcoxon(t, H1),
    lambda t: progression_model(t, H1, min_participants=1),
])
def test_inputs_not_mutated(p, call):
    original = p.copy()
    call(p)
    pd.testing.assert_frame_equal(p, original)


# ------------------------------------------------------------------ distribution of change (issue 7)

def test_change_distribution_by_hand(p):
    dist = change_distribution(p, H1)
    assert dist.columns.tolist() == DISTRIBUTION_COLUMNS
    # changes: Motivation S1 +3, S2 −3; Hälsa S1 0, S4 +6 -> every whole change from −3 to +6
    assert dist["indikator"].tolist() == [M] * 10 + [H] * 10
    assert dist["forandring"].tolist()[:10] == list(range(-3, 7))
    got = {(r.indikator, r.forandring): r.deltagare for r in dist.itertuples() if r.deltagare}
    assert got == {(M, 3): 1, (M, -3): 1, (H, 0): 1, (H, 6): 1}
    assert dist.groupby("indikator")["andel"].sum().tolist() == [1.0, 1.0]
    assert dist.set_index(["indikator", "forandring"]).loc[(M, -3), "riktning"] == "forsamrad"
    lower = change_distribution(p, H1, higher_is_better=False).set_index(["indikator", "forandring"])
    assert lower.loc[(M, -3), "riktning"] == "forbattrad"
    assert lower.loc[(H, 0), "riktning"] == "oforandrad"
    assert dist["deltagare"].dtype == "int64"
    # the counts add up to the summary's participants
    summary = progression_summary(p, H1).set_index("indikator")
    assert dist.groupby("indikator")["deltagare"].sum().to_dict() == summary["deltagare"].to_dict()


def test_change_distribution_empty_and_fractional(p):
    empty = change_distribution(p.iloc[0:0], H1)
    assert empty.empty and empty.columns.tolist() == DISTRIBUTION_COLUMNS
    rows = [("A", "2024-01-01", "X", 1.5), ("A", "2024-03-01", "X", 2.0),
            ("B", "2024-01-01", "X", 3.0), ("B", "2024-03-01", "X", 3.0)]
    dist = change_distribution(progression(rows), H1)
    assert dist["forandring"].tolist() == [0.0, 0.5]  # only the changes seen


# ---------------------------------------------------------------------------------- Wilcoxon

def test_wilcoxon_hollander_wolfe_as_ratings():
    # Hollander & Wolfe depression data as first (x) and latest (y) rating; R
    # wilcox.test(y, x, paired = TRUE) -> V = 5, p-value = 0.0390625 (x − y gives V = 40)
    x = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
    y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]
    rows = []
    for i, (a, b) in enumerate(zip(x, y)):
        rows += [(f"H{i}", "2024-01-10", "Depression", a), (f"H{i}", "2024-04-10", "Depression", b)]
    table = progression_wilcoxon(progression(rows), H1)
    assert table.columns.tolist() == WILCOXON_COLUMNS
    r = table.iloc[0]
    assert (r["deltagare"], r["forandrade"]) == (9, 9)
    assert r["v"] == 5
    assert r["p_varde"] == pytest.approx(0.0390625, abs=1e-12)
    assert r["p_justerat"] == pytest.approx(0.0390625, abs=1e-12)  # a family of one
    assert r["metod"] == "exakt"


def test_wilcoxon_nothing_changed_and_holm():
    rows = _sign_data(0, 0, 5, "Oförändrad") + _sign_data(9, 1, 0, "B", start=100) + \
        _sign_data(4, 4, 0, "C", start=200)
    table = progression_wilcoxon(progression(rows), H1).set_index("indikator")
    assert math.isnan(table.loc["Oförändrad", "p_varde"])
    assert table.loc["Oförändrad", "metod"] == "inga_forandringar"
    # B: nine +1 and one −2: the nine |1| share ranks 1–9 (5 each), |−2| has rank 10 -> V = 9·5 = 45.
    # The family for Holm is B and C (the unchanged indicator has no test): R p.adjust(p, "holm")
    from statsmodels.stats.multitest import multipletests
    tested = table["p_varde"].dropna()
    assert table["p_justerat"].dropna().tolist() == pytest.approx(
        multipletests(tested.to_numpy(), method="holm")[1].tolist())
    assert table.loc["B", "v"] == 45


# ------------------------------------------------------------------------ model over all ratings

def _dietox():
    path = Path(statsmodels.__file__).parent / "regression" / "tests" / "results" / "dietox.csv"
    return pd.read_csv(path)


def test_random_intercept_trend_dietox_against_lme4():
    # R: lme4::lmer(Weight ~ Time + (1 | Pig), data = dietox, REML = TRUE) ->
    # (Intercept) 15.723523 (SE 0.78805374), Time 6.942505 (SE 0.03338727),
    # Pig variance 40.39395, residual variance 11.36692 (reference/statistics.md)
    d = _dietox()
    fit = random_intercept_trend(d["Weight"].to_numpy(), d["Time"].to_numpy(), d["Pig"].to_numpy())
    assert fit["lutning"] == pytest.approx(6.942505, abs=1e-5)
    assert fit["se"] == pytest.approx(0.03338727, abs=1e-6)
    assert fit["intercept"] == pytest.approx(15.723523, abs=1e-5)
    assert fit["deltagarvarians"] == pytest.approx(40.39395, abs=1e-3)
    assert fit["residualvarians"] == pytest.approx(11.36692, abs=1e-4)
    assert fit["status"] == "redovisas" and fit["konvergerad"] and fit["hessian_pd"]
    # interval: slope ± t(72 − 2, 0.975) · SE
    q = sps.t.ppf(0.975, 70)
    assert (fit["ki_lag"], fit["ki_hog"]) == pytest.approx(
        (fit["lutning"] - q * fit["se"], fit["lutning"] + q * fit["se"]), abs=1e-12)


def test_random_intercept_trend_on_the_boundary():
    # no participant effect at all: the variance is estimated at (near) zero -> not reported
    rng = np.random.default_rng(4)
    groups = np.repeat(np.arange(30), 3)
    time = np.tile([0.0, 3.0, 6.0], 30)
    fit = random_intercept_trend(rng.normal(5, 1, 90), time, groups)
    assert fit["pa_randen"] and fit["status"] in ("pa_randen", "hessian_ej_positivt_definit")


def _unbalanced(participants: int, seed: int, person_sd: float):
    """Ratings at random times, 1 to 5 per participant (singletons too), a trend of 0.15."""
    rng = np.random.default_rng(seed)
    group = np.repeat(np.arange(participants), rng.integers(1, 6, participants))
    time = rng.uniform(0, 12, len(group))
    values = 5 + rng.normal(0, person_sd, participants)[group] + 0.15 * time + rng.normal(0, 0.8, len(group))
    return values, time, group


@pytest.mark.parametrize("participants, seed, person_sd", [(12, 1, 1.2), (40, 2, 0.3), (200, 3, 2.0)])
def test_random_intercept_trend_matches_statsmodels_mixedlm(participants, seed, person_sd):
    # reference: statsmodels' MixedLM (REML, the same model) for the estimates; for the standard
    # error, GLS (statsmodels) with each participant's covariance I + γJ at the fitted γ: lme4's
    # σ²(X'V⁻¹X)⁻¹ (statsmodels' own bse_fe inverts its full Hessian and differs in the third digit)
    import scipy.linalg
    import statsmodels.api as sm
    from statsmodels.regression.mixed_linear_model import MixedLM

    values, time, group = _unbalanced(participants, seed, person_sd)
    fit = random_intercept_trend(values, time, group)
    exog = np.column_stack([np.ones(len(values)), time])
    reference = MixedLM(values, exog, groups=group).fit(reml=True)
    assert fit["status"] == "redovisas"
    assert fit["lutning"] == pytest.approx(reference.fe_params[1], abs=1e-6)
    assert fit["intercept"] == pytest.approx(reference.fe_params[0], abs=1e-5)
    assert fit["residualvarians"] == pytest.approx(reference.scale, rel=1e-4)
    assert fit["deltagarvarians"] == pytest.approx(reference.cov_re[0, 0], rel=1e-3)
    ratio = fit["deltagarvarians"] / fit["residualvarians"]
    blocks = [np.eye(k) + ratio * np.ones((k, k)) for k in np.bincount(group)]
    gls = sm.GLS(values, exog, sigma=scipy.linalg.block_diag(*blocks)).fit()
    assert fit["se"] == pytest.approx(gls.bse[1], rel=1e-9)
    assert gls.scale == pytest.approx(fit["residualvarians"], rel=1e-9)


def test_random_intercept_trend_cannot_be_fitted():
    group = np.repeat(np.arange(10), 3)
    months = np.tile([0.0, 1.0, 2.0], 10)
    no_time = random_intercept_trend(np.random.default_rng(1).normal(size=30), np.zeros(30), group)
    constant = random_intercept_trend(np.full(30, 4.0), months, group)
    exact = random_intercept_trend(group + 0.5 * months, months, group)  # no residual variation
    one = random_intercept_trend(np.array([1.0]), np.array([0.0]), np.array([1]))
    for fit in (no_time, constant, exact, one):
        assert fit["status"] == "ej_konvergerad" and not fit["konvergerad"]
        assert math.isnan(fit["ki_lag"]) and math.isnan(fit["p_varde"])
    assert exact["lutning"] == pytest.approx(0.5)  # the estimate is there, only not reported
    # two participants: an estimate, no interval (t on G − 2 = 0 degrees of freedom)
    two = random_intercept_trend(np.random.default_rng(2).normal(size=6), months[:6], group[:6])
    assert math.isnan(two["ki_lag"]) and math.isnan(two["p_varde"]) and math.isfinite(two["lutning"])


def test_progression_model_is_fitted_for_many_participants():
    # beyond the thousand participants statsmodels' MixedLM was capped at: fitted, and the same
    rows = _trend_rows(1200, seed=8)
    r = progression_model(progression(rows), H1).iloc[0]
    df = pd.DataFrame(rows, columns=["pid", "datum", "ind", "y"])
    df["datum"] = pd.to_datetime(df["datum"])
    df["months"] = (df["datum"] - df.groupby("pid")["datum"].transform("min")).dt.days / 30.4375
    res = smf.mixedlm("y ~ months", df, groups=df["pid"]).fit(reml=True)
    assert r["status"] == "redovisas" and r["deltagare"] == 1200
    assert r["lutning_per_manad"] == pytest.approx(res.fe_params["months"], abs=1e-6)
    assert r["deltagarvarians"] == pytest.approx(res.cov_re.iloc[0, 0], rel=1e-3)


def _trend_rows(n: int, seed: int, slope: float = 0.15, person_sd: float = 1.2):
    """n participants rated every third month (4 times), from a random first month."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        start = pd.Timestamp("2023-01-01") + pd.Timedelta(days=int(rng.integers(0, 120)))
        level = 5 + rng.normal(0, person_sd)
        for k in range(4):
            day = start + pd.Timedelta(days=91 * k)
            rows.append((f"P{i:03d}", day.strftime("%Y-%m-%d"), "Motivation",
                         float(level + slope * 3 * k + rng.normal(0, 0.8))))
    return rows


def test_progression_model_matches_statsmodels_with_months_since_first_rating():
    rows = _trend_rows(25, seed=6)
    table = progression_model(progression(rows), H1)
    assert table.columns.tolist() == MODEL_COLUMNS
    r = table.iloc[0]
    assert (r["deltagare"], r["deltagare_upprepade"], r["skattningar"]) == (25, 25, 100)
    # reference: statsmodels MixedLM directly, months = days since first rating / 30.4375
    df = pd.DataFrame(rows, columns=["pid", "datum", "ind", "y"])
    df["datum"] = pd.to_datetime(df["datum"])
    df["months"] = (df["datum"] - df.groupby("pid")["datum"].transform("min")).dt.days / 30.4375
    res = smf.mixedlm("y ~ months", df, groups=df["pid"]).fit(reml=True)
    assert r["lutning_per_manad"] == pytest.approx(res.fe_params["months"], abs=1e-6)
    assert r["status"] == "redovisas" and bool(r["redovisas"])
    assert r["ki_lag"] < 0.15 < r["ki_hog"]  # the simulated trend, 0.15 per month


def test_progression_model_fallbacks():
    few = progression(_trend_rows(6, seed=1))
    r = progression_model(few, H1).iloc[0]
    assert r["status"] == "for_fa" and not r["redovisas"] and math.isnan(r["lutning_per_manad"])
    many = progression(_trend_rows(12, seed=2))
    assert progression_model(many, H1, max_participants=10).iloc[0]["status"] == "for_manga"
    same_day = progression([(f"S{i}", "2024-02-01", "X", v) for i in range(12) for v in (3, 4)])
    assert progression_model(same_day, H1).iloc[0]["status"] == "ingen_tidsspridning"
    empty = progression_model(few.iloc[0:0], H1)
    assert empty.empty and empty.columns.tolist() == MODEL_COLUMNS


def test_progression_model_only_ratings_up_to_period_end():
    rows = _trend_rows(12, seed=3)
    late = [(pid, "2024-08-01", ind, 10.0) for pid, _, ind, _ in rows[::4]]
    base = progression_model(progression(rows), H1).iloc[0]
    with_late = progression_model(progression(rows + late), H1).iloc[0]
    assert with_late["skattningar"] == base["skattningar"]
    assert with_late["lutning_per_manad"] == base["lutning_per_manad"]


def test_summary_is_vectorised_and_fast():
    # 50 000 participants, two indicators, two ratings each (200 000 ratings): seconds, not minutes
    import time
    rng = np.random.default_rng(0)
    n = 50_000
    pid = np.repeat(np.arange(n).astype(str), 4)
    ind = np.tile(["A", "A", "B", "B"], n)
    day = np.tile(np.array(["2024-01-10", "2024-05-10"] * 2, dtype="datetime64[s]"), n)
    big = pd.DataFrame({"rad": np.arange(4 * n) + 2, "deltagar_id": pd.Series(pid, dtype="str"),
                        "datum": day, "indikator": pd.Series(ind, dtype="str"),
                        "varde": rng.integers(1, 11, 4 * n).astype(float)})
    start = time.perf_counter()
    summary = progression_summary(big, H1)
    change_distribution(big, H1)
    progression_wilcoxon(big, H1)
    assert time.perf_counter() - start < 30
    assert summary["deltagare"].tolist() == [n, n]
    # the sign test on the counts against scipy's exact binomial test
    a = summary.iloc[0]
    assert a["p_varde"] == pytest.approx(
        sps.binomtest(int(a["forbattrad"]), int(a["forbattrad"] + a["forsamrad"])).pvalue, rel=1e-9)


@pytest.mark.parametrize("call", [
    lambda t, codes: rating_changes(t, H1, codes=codes),
    lambda t, codes: progression_summary(t, H1, higher_is_better=False, codes=codes),
    lambda t, codes: change_distribution(t, H1, codes=codes),
    lambda t, codes: progression_wilcoxon(t, H1, codes=codes),
    lambda t, codes: progression_model(t, H1, min_participants=1, codes=codes),
])
@pytest.mark.parametrize("shuffled", [False, True])
def test_rating_codes_given_or_computed_alike(p, call, shuffled):
    # a report tells the participants and indicators apart once and hands the codes to every table
    t = pd.concat([p, progression([("S9", "2024-08-01", "Ork", 4)]).assign(rad=15)], ignore_index=True)
    if shuffled:  # rows not in the file's order: indicators are still listed in it
        t = t.sample(frac=1, random_state=3).reset_index(drop=True)
    codes = rating_codes(t)

    assert codes.order == [M, H, "Ork"]  # Ork rated only after the period's end
    assert codes.id_values.tolist() == ["S1", "S2", "S3", "S4", "S9"]
    pd.testing.assert_frame_equal(call(t, codes), call(t, None))


def test_rating_codes_of_another_table_are_refused(p):
    with pytest.raises(ValueError, match="another progression"):
        rating_changes(p, H1, codes=rating_codes(p.iloc[:4]))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_rows_by_key_and_day_as_lexsort(seed):
    from evaltools.progression import _by_key_and_day

    rng = np.random.default_rng(seed)
    key = rng.integers(0, 7, 200)
    days = (np.datetime64("2024-01-01", "s") + rng.integers(0, 5, 200) * 86400).astype("datetime64[s]")
    days[rng.random(200) < 0.1] = np.datetime64("NaT")  # no date: last within its key
    expected = np.lexsort((np.where(np.isnat(days), np.iinfo(np.int64).max, days.view(np.int64)), key))

    np.testing.assert_array_equal(_by_key_and_day(key, days), expected)  # ties keep the rows' order
    np.testing.assert_array_equal(_by_key_and_day(key, np.full(200, np.datetime64("NaT"), "datetime64[s]")),
                                  np.argsort(key, kind="stable"))
    assert len(_by_key_and_day(key[:0], days[:0])) == 0
