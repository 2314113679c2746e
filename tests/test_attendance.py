"""Tests for evaltools/attendance.py: pooled rates, groups, months, reasons, concentration, bands."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import statsmodels.formula.api as smf
from scipy import stats as sps

from evaltools.attendance import (RATE_COLUMNS, RATE_DIFFERENCE_COLUMNS, absence_concentration,
                                  absence_reasons, attendance_difference,
                                  attendance_by_month, attendance_distribution, attendance_overview,
                                  attendance_per_participant, attendance_rate, attendance_window,
                                  participant_codes)
from evaltools.config import Period
from evaltools.stats import clustered_rate_interval

H1 = Period(dt.date(2024, 1, 1), dt.date(2024, 6, 30), "2024-H1")


def _dates(values) -> pd.Series:
    return pd.to_datetime(pd.Series(list(values), dtype=object)).astype("datetime64[s]")


def form_a(rows: list[tuple]) -> pd.DataFrame:
    """Canonical form A: (id, date, attended[, reason]) per planned occasion, in file order."""
    days = _dates(r[1] for r in rows)
    reasons = [None if r[2] else (r[3] if len(r) > 3 else None) for r in rows]
    return pd.DataFrame({
        "rad": pd.Series(range(2, len(rows) + 2), dtype="int64"),
        "deltagar_id": pd.Series([r[0] for r in rows], dtype="str"),
        "period_start": days, "datum": days,
        "planerade": np.ones(len(rows)), "narvarande": np.array([float(r[2]) for r in rows]),
        "franvaroorsak": pd.Series(reasons, dtype="str"),
        "aktivitet": pd.Series([None] * len(rows), dtype="str"), "timmar": np.nan,
    })


def form_b(rows: list[tuple]) -> pd.DataFrame:
    """Canonical form B: (id, period_start, period_slut, planned, attended) per participant and period."""
    return pd.DataFrame({
        "rad": pd.Series(range(2, len(rows) + 2), dtype="int64"),
        "deltagar_id": pd.Series([r[0] for r in rows], dtype="str"),
        "period_start": _dates(r[1] for r in rows), "datum": _dates(r[2] for r in rows),
        "planerade": np.array([float(r[3]) for r in rows]),
        "narvarande": np.array([float(r[4]) for r in rows]),
        "franvaroorsak": pd.Series([None] * len(rows), dtype="str"),
        "aktivitet": pd.Series([None] * len(rows), dtype="str"), "timmar": np.nan,
    })


def deltagare(groups: dict[str, str | None], column: str = "aldersgrupp") -> pd.DataFrame:
    return pd.DataFrame({"deltagar_id": pd.Series(list(groups), dtype="str"),
                         column: pd.Series(list(groups.values()), dtype="str")})


@pytest.fixture
def a() -> pd.DataFrame:
    # Period 2024-H1.
    # N1: 2023-12 one attended, one absent (before the period, counted cumulatively);
    #     2024-01 two attended; 2024-02 one absent (sjukdom) -> 3 of 5 up to the end
    # N2: 2024-03 two attended, 2024-06-30 absent (vard_av_barn), 2024-07-01 absent (after: left out)
    #     -> 2 of 3
    # N3: 2024-01-01 attended, 2024-05 attended -> 2 of 2
    return form_a([
        ("N1", "2023-12-04", True), ("N1", "2023-12-05", False, "okand"),
        ("N1", "2024-01-08", True), ("N1", "2024-01-09", True), ("N1", "2024-02-01", False, "sjukdom"),
        ("N2", "2024-03-01", True), ("N2", "2024-03-02", True), ("N2", "2024-06-30", False, "vard_av_barn"),
        ("N2", "2024-07-01", False, "sjukdom"),
        ("N3", "2024-01-01", True), ("N3", "2024-05-15", True),
    ])


# ------------------------------------------------------------------------------------------ window

def test_window_excludes_rows_after_period_end(a):
    assert len(attendance_window(a, H1)) == 10  # all but N2's 2024-07-01
    assert len(attendance_window(a, H1, cumulative=False)) == 8  # also not N1's two in 2023-12


# ---------------------------------------------------------------------------------- pooled rate

def test_pooled_rate_by_hand(a):
    rate = attendance_rate(a, H1)
    assert rate.columns.tolist() == RATE_COLUMNS
    r = rate.iloc[0]
    # planned up to 2024-06-30: N1 5, N2 3, N3 2 = 10; attended 3 + 2 + 2 = 7
    assert r["grupp"] == "alla"
    assert (r["deltagare"], r["planerade"], r["narvarande"]) == (3, 10, 7)
    assert r["andel"] == 0.7
    # three participants: no interval
    assert math.isnan(r["ki_lag"]) and math.isnan(r["ki_hog"])
    assert "för få" in r["metod"]


def test_rate_within_period_only(a):
    r = attendance_rate(a, H1, cumulative=False).iloc[0]
    # without 2023-12: N1 2 of 3, N2 2 of 3, N3 2 of 2 -> 6 of 8
    assert (r["planerade"], r["narvarande"], r["andel"]) == (8, 6, 0.75)


def test_overview_two_rows(a):
    overview = attendance_overview(a, H1)
    assert overview["grupp"].tolist() == ["hela_tiden", "under_perioden"]
    assert overview["andel"].tolist() == [0.7, 0.75]


def test_per_participant(a):
    per = attendance_per_participant(a, H1).set_index("deltagar_id")
    assert per["planerade"].to_dict() == {"N1": 5, "N2": 3, "N3": 2}
    assert per["franvaro"].to_dict() == {"N1": 2, "N2": 1, "N3": 0}
    assert per.loc["N2", "andel"] == pytest.approx(2 / 3)


def test_rate_interval_matches_gee_with_enough_participants():
    rng = np.random.default_rng(42)
    rows, pooled = [], []
    for i in range(15):
        m = int(rng.integers(3, 20))
        attended = rng.random(m) < rng.beta(4, 2)
        rows += [(f"P{i:02d}", f"2024-01-{k + 1:02d}", bool(x)) for k, x in enumerate(attended)]
        pooled += [{"pid": i, "y": int(x)} for x in attended]
    r = attendance_rate(form_a(rows), H1).iloc[0]
    df = pd.DataFrame(pooled)
    # reference: statsmodels GEE, independence, bias-reduced SE; logit ± t(G−1, 0.975)·SE
    res = smf.gee("y ~ 1", groups="pid", data=df, family=sm.families.Binomial(),
                  cov_struct=sm.cov_struct.Independence()).fit(cov_type="bias_reduced")
    b, se = float(res.params.iloc[0]), float(res.bse.iloc[0])
    t = sps.t.ppf(0.975, 15 - 1)
    assert r["andel"] == pytest.approx(1 / (1 + math.exp(-b)), abs=1e-10)
    assert r["ki_lag"] == pytest.approx(1 / (1 + math.exp(-(b - t * se))), abs=1e-8)
    assert r["ki_hog"] == pytest.approx(1 / (1 + math.exp(-(b + t * se))), abs=1e-8)
    assert r["deltagare"] == 15
    assert "GEE" in r["metod"]


def test_form_b_hours_and_period_end_by_last_day():
    b = form_b([("B1", "2024-01-01", "2024-03-31", 40, 30.5),
                ("B1", "2024-04-01", "2024-06-30", 40, 20),
                ("B2", "2024-05-01", "2024-07-31", 10, 10),  # ends after the period: left out
                ("B3", "2024-01-01", "2024-06-30", 0, 0)])   # nothing planned: not a participant
    r = attendance_rate(b, H1).iloc[0]
    assert (r["deltagare"], r["planerade"], r["narvarande"]) == (1, 80, 50.5)
    assert r["andel"] == 50.5 / 80


# ----------------------------------------------------------------------------------- by group

def test_rate_per_group(a):
    d = deltagare({"N1": "16-24", "N2": "25-29", "N3": "16-24"})
    rate = attendance_rate(a, H1, deltagare=d, by="aldersgrupp", groups=("16-24", "25-29", "30-"))
    # 16-24: N1 + N3 = 5 of 7; 25-29: N2 2 of 3; 30- has nobody with attendance: not listed
    assert rate["grupp"].tolist() == ["16-24", "25-29"]
    assert rate["planerade"].tolist() == [7, 3]
    assert rate["narvarande"].tolist() == [5, 2]
    assert rate["deltagare"].tolist() == [2, 1]
    assert rate["andel"].tolist() == pytest.approx([5 / 7, 2 / 3])
    assert rate["planerade"].sum() == attendance_rate(a, H1).iloc[0]["planerade"]


def test_rate_per_group_other_values_then_missing_last(a):
    d = deltagare({"N1": "okand", "N2": None})  # N3 not in the table at all
    rate = attendance_rate(a, H1, deltagare=d, by="aldersgrupp", groups=("16-24",))
    assert rate["grupp"].tolist() == ["okand", "saknas"]
    assert rate["planerade"].tolist() == [5, 5]  # saknas: N2 (no value) and N3 (unknown) 3 + 2


def test_rate_by_needs_deltagare(a):
    with pytest.raises(ValueError, match="deltagare"):
        attendance_rate(a, H1, by="kon")


# ----------------------------------------------------------------------------------- by month

def test_by_month(a):
    months = attendance_by_month(a, H1)
    assert months["manad"].dt.strftime("%Y-%m").tolist() == ["2023-12", "2024-01", "2024-02",
                                                             "2024-03", "2024-05", "2024-06"]
    assert months["planerade"].tolist() == [2, 3, 1, 2, 1, 1]
    assert months["narvarande"].tolist() == [1, 3, 0, 2, 1, 0]
    assert months["deltagare"].tolist() == [1, 2, 1, 1, 1, 1]  # 2024-01: N1 and N3
    assert months["i_perioden"].tolist() == [False, True, True, True, True, True]
    assert months["andel"].tolist() == pytest.approx([0.5, 1.0, 0.0, 1.0, 1.0, 0.0])


def test_by_month_not_cumulative(a):
    months = attendance_by_month(a, H1, cumulative=False)
    assert months["manad"].min() == pd.Timestamp("2024-01-01")
    assert months["i_perioden"].all()
    assert months["planerade"].sum() == 8


def test_by_month_form_b_by_period_start():
    b = form_b([("B1", "2024-01-01", "2024-01-31", 10, 8), ("B2", "2024-01-15", "2024-02-14", 4, 4)])
    months = attendance_by_month(b, H1)
    assert months["manad"].tolist() == [pd.Timestamp("2024-01-01")]
    assert (months["planerade"].iloc[0], months["narvarande"].iloc[0]) == (14, 12)


# -------------------------------------------------------------------------------- absence reasons

def test_absence_reasons_order_and_counts():
    rows = [("R1", "2024-01-01", False, "sjukdom"), ("R1", "2024-01-02", False, "sjukdom"),
            ("R2", "2024-01-01", False, None), ("R2", "2024-01-02", False, "okand"),
            ("R3", "2024-01-01", False, None),
            ("R1", "2024-02-01", False, "tandlakare"), ("R2", "2024-02-01", False, "tandlakare"),
            ("R3", "2024-02-01", False, "tandlakare"),
            ("R1", "2024-03-01", False, "resa"), ("R1", "2024-03-02", False, "resa"),
            ("R1", "2024-03-03", False, "resa"),
            ("R3", "2024-03-01", False, "annat"), ("R3", "2024-03-02", False, "vard_av_barn"),
            ("R3", "2024-04-01", True),
            ("R3", "2024-07-01", False, "psykisk_ohalsa")]  # after the period: left out
    reasons = absence_reasons(form_a(rows), H1)
    # the template's reasons first in its order (sjukdom, vard_av_barn, psykisk_ohalsa, annat; only
    # those present), then others by size with ties by name (resa 3 = tandlakare 3), okand last
    assert reasons["orsak"].tolist() == ["sjukdom", "vard_av_barn", "annat", "resa", "tandlakare",
                                         "okand"]
    assert reasons["tillfallen"].tolist() == [2, 1, 1, 3, 3, 3]  # okand: two empty + one written
    assert reasons["deltagare"].tolist() == [1, 1, 1, 1, 3, 2]
    assert reasons["andel"].tolist() == pytest.approx([2 / 13, 1 / 13, 1 / 13, 3 / 13, 3 / 13, 3 / 13])
    assert reasons["andel"].sum() == pytest.approx(1.0)


def test_absence_reasons_without_absence(a):
    present_only = a.loc[a["narvarande"] == 1]
    reasons = absence_reasons(present_only, H1)
    assert reasons.empty
    assert reasons.columns.tolist() == ["orsak", "tillfallen", "deltagare", "andel"]


# -------------------------------------------------------------------------- concentration of absence

def test_absence_concentration_top_fifth_by_hand():
    # 10 participants, 10 planned each; absences 5, 4, 3, 2, 1, 0, 0, 0, 0, 0 (total 15).
    # The most-absent fifth is ceil(0.2 · 10) = 2 participants: 5 + 4 = 9 of 15 = 0.6.
    absences = [3, 0, 5, 0, 1, 0, 4, 2, 0, 0]
    b = form_b([(f"C{i}", "2024-01-01", "2024-06-30", 10, 10 - x) for i, x in enumerate(absences)])
    c = absence_concentration(b, H1).iloc[0]
    assert (c["deltagare"], c["deltagare_topp"]) == (10, 2)
    assert (c["franvaro"], c["franvaro_topp"]) == (15, 9)
    assert c["andel"] == 0.6


def test_absence_concentration_rounds_up_and_ties():
    # 11 participants: ceil(0.2 · 11) = ceil(2.2) = 3; absences 4, 4, 4, 4, 0 … (ties at the cut):
    # the top three sum to 12 of 16 whichever of the tied ones are taken.
    absences = [4, 4, 4, 4] + [0] * 7
    b = form_b([(f"C{i:02d}", "2024-01-01", "2024-06-30", 10, 10 - x) for i, x in enumerate(absences)])
    c = absence_concentration(b, H1).iloc[0]
    assert (c["deltagare_topp"], c["franvaro_topp"], c["franvaro"]) == (3, 12, 16)
    assert c["andel"] == 0.75


def test_absence_concentration_without_absence_and_empty(a):
    c = absence_concentration(a.loc[a["narvarande"] == 1], H1).iloc[0]
    assert c["franvaro"] == 0 and math.isnan(c["andel"])
    c = absence_concentration(a.iloc[0:0], H1).iloc[0]
    assert (c["deltagare"], c["deltagare_topp"]) == (0, 0)


# ---------------------------------------------------------------------------- distribution bands

def test_distribution_bands_boundaries():
    # rates 0.0, 0.49, 0.5, 0.7, 0.79, 0.8, 0.85, 0.9, 1.0, 1.0 (planned 100 each)
    rates = [0, 49, 50, 70, 79, 80, 85, 90, 100, 100]
    b = form_b([(f"D{i}", "2024-01-01", "2024-06-30", 100, x) for i, x in enumerate(rates)])
    dist = attendance_distribution(b, H1)
    assert list(zip(dist["lag"], dist["hog"])) == [(0.0, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9),
                                                   (0.9, 1.0)]
    # [0, 0.5): 0, 0.49 | [0.5, 0.7): 0.5 | [0.7, 0.8): 0.7, 0.79 | [0.8, 0.9): 0.8, 0.85 |
    # [0.9, 1]: 0.9, 1.0, 1.0 (exactly 0.8 goes up; 1.0 is in the last band)
    assert dist["deltagare"].tolist() == [2, 1, 2, 2, 3]
    assert dist["deltagare"].sum() == 10
    assert dist["andel"].tolist() == pytest.approx([0.2, 0.1, 0.2, 0.2, 0.3])


def test_distribution_exact_fractions_from_occasions():
    # 4 of 5 = 0.8 and 7 of 10 = 0.7 as computed from counts land in the upper band
    b = form_b([("E1", "2024-01-01", "2024-06-30", 5, 4), ("E2", "2024-01-01", "2024-06-30", 10, 7),
                ("E3", "2024-01-01", "2024-06-30", 0, 0)])  # nothing planned: not counted
    dist = attendance_distribution(b, H1).set_index("lag")["deltagare"]
    assert dist[0.8] == 1 and dist[0.7] == 1
    assert dist.sum() == 2


def test_distribution_custom_edges_and_empty(a):
    dist = attendance_distribution(a, H1, edges=(0.5,))
    # N1 0.6, N2 2/3, N3 1.0: all in [0.5, 1]
    assert dist["deltagare"].tolist() == [0, 3]
    empty = attendance_distribution(a.iloc[0:0], H1)
    assert empty["deltagare"].sum() == 0 and empty["andel"].isna().all()


# ------------------------------------------------------------------------------ empty / no mutation

def test_empty_table(a):
    empty = a.iloc[0:0]
    r = attendance_rate(empty, H1).iloc[0]
    assert r["deltagare"] == 0 and r["planerade"] == 0 and math.isnan(r["andel"])
    assert attendance_by_month(empty, H1).empty
    assert attendance_rate(empty, H1, deltagare=deltagare({"N1": "16-24"}), by="aldersgrupp").empty


@pytest.mark.parametrize("call", [
    lambda t, d: attendance_window(t, H1, cumulative=False),
    lambda t, d: attendance_per_participant(t, H1),
    lambda t, d: attendance_rate(t, H1),
    lambda t, d: attendance_rate(t, H1, deltagare=d, by="aldersgrupp", groups=("16-24",)),
    lambda t, d: attendance_overview(t, H1),
    lambda t, d: attendance_distribution(t, H1),
    lambda t, d: attendance_by_month(t, H1),
    lambda t, d: absence_reasons(t, H1),
    lambda t, d: absence_concentration(t, H1),
])
def test_inputs_not_mutated(a, call):
    d = deltagare({"N1": "16-24", "N2": None})
    a0, d0 = a.copy(), d.copy()
    call(a, d)
    pd.testing.assert_frame_equal(a, a0)
    pd.testing.assert_frame_equal(d, d0)


# ------------------------------------------------------------ differences between groups (issue 7)

def _group_attendance(seed: int, sizes: dict[str, int], rates: dict[str, tuple[float, float]],
                      column: str = "aldersgrupp"):
    """Form A occasions for participants in groups; returns (narvaro, deltagare, occasion rows)."""
    rng = np.random.default_rng(seed)
    rows, pooled, groups = [], [], {}
    for group, size in sizes.items():
        for i in range(size):
            pid = f"{group}-{i:02d}"
            groups[pid] = group
            m = int(rng.integers(4, 25))
            attended = rng.random(m) < rng.beta(*rates[group])
            rows += [(pid, f"2024-0{1 + k % 6}-{1 + k:02d}", bool(x)) for k, x in enumerate(attended)]
            pooled += [{"pid": pid, "g": group, "y": int(x)} for x in attended]
    return form_a(rows), deltagare(groups, column), pd.DataFrame(pooled)


def test_attendance_difference_matches_gee_delta_method():
    n, d, pooled = _group_attendance(17, {"16-24": 14, "25-29": 12}, {"16-24": (5, 3), "25-29": (8, 2)})
    table = attendance_difference(n, H1, deltagare=d, by="aldersgrupp", groups=("16-24", "25-29"))
    assert table.columns.tolist() == RATE_DIFFERENCE_COLUMNS
    ref, older = table.iloc[0], table.iloc[1]
    assert (ref["grupp"], ref["status"], older["referens"]) == ("16-24", "referens", "16-24")
    # reference: binomial GEE y ~ older, independence, participant clusters, bias-reduced sandwich;
    # the difference expit(b0 + b1) − expit(b0) by the delta method, t on G − 2 = 24 df
    pooled["older"] = (pooled["g"] == "25-29").astype(int)
    res = smf.gee("y ~ older", groups="pid", data=pooled, family=sm.families.Binomial(),
                  cov_struct=sm.cov_struct.Independence()).fit(cov_type="bias_reduced")
    b0, b1 = res.params
    p1, p0 = 1 / (1 + math.exp(-(b0 + b1))), 1 / (1 + math.exp(-b0))
    grad = np.array([p1 * (1 - p1) - p0 * (1 - p0), p1 * (1 - p1)])
    se = math.sqrt(grad @ np.asarray(res.cov_params()) @ grad)
    t = sps.t.ppf(0.975, 26 - 2)
    # independence reproduces the pooled rates of each group
    assert older["andel"] == pytest.approx(p1, abs=1e-10) and ref["andel"] == pytest.approx(p0, abs=1e-10)
    assert older["skillnad"] == pytest.approx(p1 - p0, abs=1e-10)
    assert (older["skillnad_ki_lag"], older["skillnad_ki_hog"]) == pytest.approx(
        (p1 - p0 - t * se, p1 - p0 + t * se), abs=1e-8)
    assert older["status"] == "jamford" and "deltametoden" in older["metod"]
    # the groups' own rates and intervals are those of attendance_rate
    rates = attendance_rate(n, H1, deltagare=d, by="aldersgrupp", groups=("16-24", "25-29"))
    pd.testing.assert_frame_equal(table[RATE_COLUMNS[:-1]], rates[RATE_COLUMNS[:-1]])


def test_attendance_difference_descriptives_only_with_few_participants():
    n, d, _ = _group_attendance(3, {"kvinna": 12, "man": 6}, {"kvinna": (5, 3), "man": (5, 3)}, "kon")
    table = attendance_difference(n, H1, deltagare=d, by="kon").set_index("grupp")
    assert table.loc["man", "status"] == "for_fa"
    assert math.isnan(table.loc["man", "skillnad"]) and math.isnan(table.loc["man", "ki_lag"])
    assert table.loc["man", "deltagare"] == 6
    lowered = attendance_difference(n, H1, deltagare=d, by="kon", min_participants=5).set_index("grupp")
    assert lowered.loc["man", "status"] == "jamford"


def test_attendance_difference_rate_of_one_and_unknown_group(a):
    # 10 with full attendance vs 10 with some absence: the logit model has no estimate at 100 %
    rows = [(f"F{i}", "2024-01-0" + str(1 + k), True) for i in range(10) for k in range(3)]
    rows += [(f"H{i}", "2024-01-0" + str(1 + k), k != i % 3) for i in range(10) for k in range(3)]
    rows += [("U1", "2024-01-01", True)]
    groups = {**{f"F{i}": "kvinna" for i in range(10)}, **{f"H{i}": "man" for i in range(10)}, "U1": None}
    table = attendance_difference(form_a(rows), H1, deltagare=deltagare(groups, "kon"),
                                  by="kon").set_index("grupp")
    assert table.loc["man", "status"] == "andel_0_eller_1"
    assert table.loc["man", "skillnad"] == pytest.approx(20 / 30 - 1)
    assert math.isnan(table.loc["man", "skillnad_ki_lag"])
    assert table.loc["saknas", "status"] == "okand_grupp"


def test_attendance_difference_reference_and_empty(a):
    d = deltagare({"N1": "16-24", "N2": "25-29", "N3": "16-24"})
    table = attendance_difference(a, H1, deltagare=d, by="aldersgrupp", reference="25-29")
    assert table.set_index("grupp").loc["25-29", "status"] == "referens"
    with pytest.raises(ValueError, match="reference"):
        attendance_difference(a, H1, deltagare=d, by="aldersgrupp", reference="30-")
    empty = attendance_difference(a.iloc[0:0], H1, deltagare=d, by="aldersgrupp")
    assert empty.empty and empty.columns.tolist() == RATE_DIFFERENCE_COLUMNS


def test_attendance_difference_does_not_mutate(a):
    d = deltagare({"N1": "16-24", "N2": None})
    a0, d0 = a.copy(), d.copy()
    attendance_difference(a, H1, deltagare=d, by="aldersgrupp")
    pd.testing.assert_frame_equal(a, a0)
    pd.testing.assert_frame_equal(d, d0)


def test_by_month_interval_clustered_per_month():
    n, _, _ = _group_attendance(5, {"P": 15}, {"P": (6, 2)})
    months = attendance_by_month(n, H1)
    rows = attendance_window(n, H1)
    for _, m in months.iterrows():
        part = rows.loc[rows["period_start"].dt.to_period("M").dt.to_timestamp() == m["manad"]]
        per = part.groupby("deltagar_id")[["planerade", "narvarande"]].sum()
        expected = clustered_rate_interval(per["narvarande"].to_numpy(), per["planerade"].to_numpy())
        assert (m["ki_lag"], m["ki_hog"]) == pytest.approx(expected, nan_ok=True)
    assert months["ki_lag"].notna().any()
    assert (months["ki_lag"].dropna() <= months["andel"][months["ki_lag"].notna()]).all()


def test_rate_interval_level(a):
    rng = np.random.default_rng(1)
    rows = [(f"L{i}", f"2024-02-{1 + k:02d}", bool(x)) for i in range(12)
            for k, x in enumerate(rng.random(8) < 0.7)]
    wide = attendance_rate(form_a(rows), H1, level=0.99).iloc[0]
    narrow = attendance_rate(form_a(rows), H1, level=0.90).iloc[0]
    assert wide["ki_lag"] < narrow["ki_lag"] <= narrow["andel"] <= narrow["ki_hog"] < wide["ki_hog"]


@pytest.mark.parametrize("call", [
    lambda n, per, within: attendance_rate(n, H1, per=per),
    lambda n, per, within: attendance_rate(n, H1, deltagare=deltagare({"N1": "a", "N2": "b", "N3": "a"}),
                                           by="aldersgrupp", per=per),
    lambda n, per, within: attendance_difference(n, H1, deltagare=deltagare({"N1": "a", "N2": "b", "N3": "a"}),
                                                 by="aldersgrupp", min_participants=1, per=per),
    lambda n, per, within: attendance_overview(n, H1, per=per, per_within=within),
    lambda n, per, within: attendance_distribution(n, H1, per=per),
    lambda n, per, within: absence_concentration(n, H1, per=per),
])
def test_per_participant_totals_given_or_computed_alike(a, call):
    # a report groups the rows by participant once and hands the totals to every table
    per = attendance_per_participant(a, H1)
    within = attendance_per_participant(a, H1, cumulative=False)

    pd.testing.assert_frame_equal(call(a, per, within), call(a, None, None))


@pytest.mark.parametrize("call", [
    lambda n, ids: attendance_per_participant(n, H1, participants=ids),
    lambda n, ids: attendance_per_participant(n, H1, cumulative=False, participants=ids),
    lambda n, ids: attendance_by_month(n, H1, participants=ids),
    lambda n, ids: attendance_by_month(n, H1, cumulative=False, participants=ids),
    lambda n, ids: absence_reasons(n, H1, participants=ids),
])
@pytest.mark.parametrize("without_id", [False, True])
def test_participant_codes_given_or_computed_alike(a, call, without_id):
    # a report tells the participants of the rows apart once and hands the codes to every table
    n = a.copy()
    n.loc[0, "deltagar_id"] = "N0"  # only in 2023-12: not in the window of the period alone
    n.loc[10, "deltagar_id"] = "Ö9"  # an id sorting after the others, only in 2024-05
    if without_id:
        n.loc[4, "deltagar_id"] = None
    ids = participant_codes(n)

    assert ids.ids.tolist() == sorted(set(n["deltagar_id"].dropna()))
    pd.testing.assert_frame_equal(call(n, ids), call(n, None))


def test_participant_codes_of_another_table_are_refused(a):
    with pytest.raises(ValueError, match="another narvaro"):
        attendance_per_participant(a, H1, participants=participant_codes(a.iloc[:5]))
