"""Tests for evaltools/duration.py: Kaplan–Meier of the time in the insats against R survfit."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from conftest import H1, canonical_deltagare
from hypothesis import given, settings
from hypothesis import strategies as st

from evaltools.duration import (CURVE_COLUMNS, DURATION_COLUMNS, kaplan_meier, survival_curve,
                                time_in_insats)

# Freireich et al. (1963), 6-MP arm, weeks of remission; + = censored (reference/statistics.md)
FREIREICH = [(6, 1), (6, 1), (6, 1), (6, 0), (7, 1), (9, 0), (10, 1), (10, 0), (11, 0), (13, 1),
             (16, 1), (17, 0), (19, 0), (20, 0), (22, 1), (23, 1), (25, 0), (32, 0), (32, 0), (34, 0),
             (35, 0)]
SLUT = pd.Timestamp("2024-06-30")


def freireich_deltagare(kon: str = "kvinna", prefix: str = "F") -> list[dict]:
    """The 6-MP arm as participants: an exit t days after start, or still enrolled t days after start
    at the end of the period (start = period end − t)."""
    rows = []
    for i, (t, event) in enumerate(FREIREICH):
        if event:
            start = pd.Timestamp("2024-01-01") + pd.Timedelta(days=i)
            rows.append({"deltagar_id": f"{prefix}{i:02d}", "kon": kon, "startdatum": str(start.date()),
                         "slutdatum": str((start + pd.Timedelta(days=t)).date()), "utfall": "arbete"})
        else:
            start = SLUT - pd.Timedelta(days=t)
            rows.append({"deltagar_id": f"{prefix}{i:02d}", "kon": kon, "startdatum": str(start.date())})
    return rows


def test_kaplan_meier_freireich_against_r():
    days = np.array([t for t, _ in FREIREICH], dtype=float)
    ended = np.array([e for _, e in FREIREICH], dtype=bool)
    km = kaplan_meier(days, ended)
    curve = km["kurva"].set_index("dagar")
    # R: summary(survfit(Surv(time, status) ~ 1)) on the 6-MP arm:
    #  time n.risk n.event survival std.err lower 95% CI upper 95% CI
    #     6     21       3    0.857  0.0764        0.720        1.000
    #    13     12       1    0.690  0.1068        0.510        0.935
    #    23      6       1    0.448  0.1346        0.249        0.807
    assert curve.loc[6.0, "andel_kvar"] == pytest.approx(0.857, abs=5e-4)
    assert (curve.loc[6.0, "ki_lag"], curve.loc[6.0, "ki_hog"]) == pytest.approx((0.720, 1.000), abs=5e-4)
    assert curve.loc[13.0, "andel_kvar"] == pytest.approx(0.690, abs=5e-4)
    assert (curve.loc[13.0, "ki_lag"], curve.loc[13.0, "ki_hog"]) == pytest.approx((0.510, 0.935), abs=5e-4)
    assert curve.loc[23.0, "andel_kvar"] == pytest.approx(0.448, abs=5e-4)
    assert (curve.loc[23.0, "ki_lag"], curve.loc[23.0, "ki_hog"]) == pytest.approx((0.249, 0.807), abs=5e-4)
    assert (curve.loc[6.0, "i_risk"], curve.loc[6.0, "avslutade"]) == (21, 3)
    assert (curve.loc[13.0, "i_risk"], curve.loc[23.0, "i_risk"]) == (12, 6)
    # R: survfit(...) -> n = 21, events = 9, median = 23, 0.95LCL = 16, 0.95UCL = NA
    assert (km["deltagare"], km["avslutade"], km["median"]) == (21, 9, 23.0)
    assert km["ki_lag"] == 16.0 and math.isnan(km["ki_hog"])
    # the curve starts at day 0 with everyone and ends at the longest follow-up (35 weeks, censored)
    assert km["kurva"].iloc[0].tolist() == [0.0, 1.0, 1.0, 1.0, 21, 0]
    assert km["kurva"].iloc[-1]["dagar"] == 35 and km["kurva"].iloc[-1]["andel_kvar"] == curve.loc[23.0, "andel_kvar"]


def test_kaplan_meier_freireich_control_arm():
    # control arm, no censoring: 1,1,2,2,3,4,4,5,5,8,8,8,8,11,11,12,12,15,17,22,23
    # R: survfit -> median 8, 0.95LCL 4, 0.95UCL 12
    days = np.array([1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23], dtype=float)
    km = kaplan_meier(days, np.ones(21, dtype=bool))
    assert (km["median"], km["ki_lag"], km["ki_hog"]) == (8.0, 4.0, 12.0)


def test_median_is_the_first_time_at_or_below_one_half():
    # two exits at 3 and 5: S(3) = 0.5 exactly. The contract: first time at or below 0.5 -> 3
    # (R's survfit would report the midpoint 4 for a flat stretch at exactly 0.5)
    km = kaplan_meier(np.array([3.0, 5.0]), np.array([True, True]))
    assert km["median"] == 3.0


def test_time_in_insats_from_deltagare():
    d = canonical_deltagare(freireich_deltagare())
    table = time_in_insats(d, H1)
    assert table.columns.tolist() == DURATION_COLUMNS
    r = table.iloc[0]
    assert (r["grupp"], r["deltagare"], r["avslutade"], r["pagaende"]) == ("alla", 21, 9, 12)
    assert (r["median_dagar"], r["ki_lag"]) == (23.0, 16.0) and math.isnan(r["ki_hog"])
    assert r["status"] == "redovisas"
    curve = survival_curve(d, H1)
    assert curve.columns.tolist() == CURVE_COLUMNS
    assert curve.set_index("dagar").loc[13.0, "andel_kvar"] == pytest.approx(0.690, abs=5e-4)


def test_population_and_censoring_at_period_end():
    rows = [
        # ends after the period's end: censored at the period's end, 181 days after 2024-01-01
        {"deltagar_id": "A", "startdatum": "2024-01-01", "slutdatum": "2024-08-01", "utfall": "arbete"},
        # ends on the period's last day: an exit after 30 days
        {"deltagar_id": "B", "startdatum": "2024-05-31", "slutdatum": "2024-06-30", "utfall": "arbete"},
        # starts after the period: not in totalt
        {"deltagar_id": "C", "startdatum": "2024-07-01"},
        # ended the day it started: an exit at day 0
        {"deltagar_id": "D", "startdatum": "2023-03-01", "slutdatum": "2023-03-01", "utfall": "okant"},
    ]
    table = time_in_insats(canonical_deltagare(rows), H1, min_participants=1).iloc[0]
    assert (table["deltagare"], table["avslutade"], table["pagaende"]) == (3, 2, 1)
    curve = survival_curve(canonical_deltagare(rows), H1, min_participants=1)
    # day 0: first the row with everyone, then D's exit; B's at 30; A followed to 181 days
    assert curve["dagar"].tolist() == [0.0, 0.0, 30.0, 181.0]
    assert curve["andel_kvar"].tolist() == pytest.approx([1.0, 2 / 3, 1 / 3, 1 / 3])
    # S(30) = 1/3 ≤ 0.5 -> median 30 (S(0) = 2/3 is above one half)
    assert table["median_dagar"] == 30.0


def test_per_group_and_descriptives_only():
    rows = freireich_deltagare("kvinna", "F") + freireich_deltagare("man", "M")[:8]
    table = time_in_insats(canonical_deltagare(rows), H1, by="kon").set_index("grupp")
    assert table.index.tolist() == ["kvinna", "man"]
    assert table.loc["kvinna", "median_dagar"] == 23.0
    assert table.loc["man", "status"] == "for_fa" and math.isnan(table.loc["man", "median_dagar"])
    assert table.loc["man", "deltagare"] == 8
    curve = survival_curve(canonical_deltagare(rows), H1, by="kon")
    assert set(curve["grupp"]) == {"kvinna"}  # no curve for a group of 8


def test_median_not_reached_and_nobody():
    rows = [{"deltagar_id": f"P{i}", "startdatum": "2024-01-01",
             **({"slutdatum": "2024-02-01", "utfall": "arbete"} if i < 4 else {})} for i in range(12)]
    r = time_in_insats(canonical_deltagare(rows), H1).iloc[0]
    assert r["status"] == "median_ej_nadd" and math.isnan(r["median_dagar"])
    assert (r["deltagare"], r["avslutade"]) == (12, 4)
    nobody = time_in_insats(canonical_deltagare(rows).iloc[0:0], H1).iloc[0]
    assert (nobody["deltagare"], nobody["status"]) == (0, "inga_deltagare")
    assert survival_curve(canonical_deltagare(rows).iloc[0:0], H1).empty


def test_nobody_ended_yet():
    rows = [{"deltagar_id": f"P{i}", "startdatum": f"2024-01-{i + 1:02d}"} for i in range(12)]
    r = time_in_insats(canonical_deltagare(rows), H1).iloc[0]
    assert (r["avslutade"], r["status"]) == (0, "median_ej_nadd")
    curve = survival_curve(canonical_deltagare(rows), H1)
    assert curve["andel_kvar"].tolist() == [1.0, 1.0]


def test_does_not_mutate():
    d = canonical_deltagare(freireich_deltagare())
    d0 = d.copy()
    time_in_insats(d, H1, by="kon")
    survival_curve(d, H1)
    pd.testing.assert_frame_equal(d, d0)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 400), st.booleans()), min_size=1, max_size=60))
def test_property_curve_is_a_valid_survival_curve(data):
    days = np.array([t for t, _ in data], dtype=float)
    ended = np.array([e for _, e in data], dtype=bool)
    km = kaplan_meier(days, ended)
    curve = km["kurva"]
    s = curve["andel_kvar"].to_numpy()
    assert np.all(np.diff(s) <= 1e-12) and np.all((s >= 0) & (s <= 1))
    shown = curve.dropna(subset=["ki_lag"])
    assert np.all(shown["ki_lag"] <= shown["andel_kvar"] + 1e-12)
    assert np.all(shown["andel_kvar"] <= shown["ki_hog"] + 1e-12)
    assert np.all(shown["ki_hog"] <= 1.0)
    if not math.isnan(km["median"]):
        assert s[curve["dagar"].to_numpy() == km["median"]].min() <= 0.5 + 1e-12
    if not (math.isnan(km["ki_lag"]) or math.isnan(km["ki_hog"])):
        assert km["ki_lag"] <= km["ki_hog"]
