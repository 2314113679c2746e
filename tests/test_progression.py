"""Tests for evaltools/progression.py: first against latest rating, sign test, Holm, waves."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.descriptivestats import sign_test as sm_sign_test

from evaltools.config import Period
from evaltools.progression import (SUMMARY_COLUMNS, progression_summary, rating_changes,
                                   ratings_by_wave)

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
])
def test_inputs_not_mutated(p, call):
    original = p.copy()
    call(p)
    pd.testing.assert_frame_equal(p, original)
