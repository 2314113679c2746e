"""Tests for evaltools/stats.py: every value against an independent reference written beside it."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import statsmodels.formula.api as smf
from scipy import stats as sps

from hypothesis import given, settings
from hypothesis import strategies as st

from evaltools.stats import (MIN_CLUSTERS, binomial_test, binomial_test_possible,
                             clustered_rate_interval, clustered_rate_variance, holm, interval_label,
                             rate_difference, share_difference, share_interval, share_intervals,
                             sign_test, too_few_for_sign_test, wilcoxon_signed_rank, wilson_interval,
                             with_share_interval)


def expit(x: float) -> float:
    return 1 / (1 + math.exp(-x))


# ------------------------------------------------------------------------------------------ Wilson

@pytest.mark.parametrize("x, n, low, high", [
    # R: binom::binom.confint(18, 20, methods = "wilson") -> 0.6989663548 0.9721335188
    (18, 20, 0.6989663548, 0.9721335188),
    # R: binom::binom.confint(4, 20, methods = "wilson") -> 0.0806576626 0.4160174323
    (4, 20, 0.0806576626, 0.4160174323),
    # R: binom::binom.confint(0, 30, methods = "wilson") -> 0 0.11351339
    (0, 30, 0.0, 0.11351339),
    # hand formula (x + z²/2)/(n + z²) ± z/(n + z²)·sqrt(x(n−x)/n + z²/4), z = 1.959964:
    # 75/156 -> 0.4037745852–0.5586882198 (reference/statistics.md)
    (75, 156, 0.4037745852, 0.5586882198),
    # reference/statistics.md table: 5/26 -> 0.0850706115–0.3787625712, 16/19 -> 0.6243452473–0.9447952836
    (5, 26, 0.0850706115, 0.3787625712),
    (16, 19, 0.6243452473, 0.9447952836),
])
def test_wilson_against_references(x, n, low, high):
    got = wilson_interval(x, n)
    assert got[0] == pytest.approx(low, abs=1e-8)
    assert got[1] == pytest.approx(high, abs=1e-8)


def test_wilson_all_successes_is_mirror_of_none():
    # symmetry of the score interval: x = n mirrors x = 0 (R: binom.confint(30, 30, "wilson") -> 0.8864866 1)
    low, high = wilson_interval(30, 30)
    assert high == 1.0
    assert low == pytest.approx(1 - 0.11351339, abs=1e-8)


def test_wilson_zero_n_is_nan_and_bad_counts_raise():
    assert all(math.isnan(v) for v in wilson_interval(0, 0))
    with pytest.raises(ValueError):
        wilson_interval(5, 4)
    with pytest.raises(ValueError):
        wilson_interval(-1, 4)


def test_wilson_other_confidence_matches_statsmodels():
    from statsmodels.stats.proportion import proportion_confint
    # statsmodels' own Wilson (independent implementation), 90 %
    expected = proportion_confint(7, 23, alpha=0.10, method="wilson")
    assert wilson_interval(7, 23, confidence=0.90) == pytest.approx(expected, abs=1e-12)


# ---------------------------------------------------------------------------- clustered attendance

def _gee_interval(attended, planned):
    """The reference: intercept-only binomial GEE, independence, bias-reduced SE, logit ± t(G−1)."""
    rows = []
    for pid, (a, m) in enumerate(zip(attended, planned)):
        rows += [{"pid": pid, "y": 1}] * int(a) + [{"pid": pid, "y": 0}] * int(m - a)
    df = pd.DataFrame(rows)
    res = smf.gee("y ~ 1", groups="pid", data=df, family=sm.families.Binomial(),
                  cov_struct=sm.cov_struct.Independence()).fit(cov_type="bias_reduced")
    g = int(np.sum(np.asarray(planned) > 0))
    t = sps.t.ppf(0.975, g - 1)
    b, se = float(res.params.iloc[0]), float(res.bse.iloc[0])
    return expit(b - t * se), expit(b + t * se), expit(b)


@pytest.mark.parametrize("seed, clusters", [(1, 10), (7, 14), (2024, 25)])
def test_clustered_interval_matches_statsmodels_gee(seed, clusters):
    rng = np.random.default_rng(seed)
    planned = rng.integers(3, 25, clusters)
    attended = rng.binomial(planned, rng.beta(6, 2, clusters))
    low, high, estimate = _gee_interval(attended, planned)
    # the GEE estimate with independence is exactly the pooled rate
    assert estimate == pytest.approx(attended.sum() / planned.sum(), abs=1e-10)
    got = clustered_rate_interval(attended, planned)
    assert got[0] == pytest.approx(low, abs=1e-8)
    assert got[1] == pytest.approx(high, abs=1e-8)


def test_clustered_interval_closed_form_by_hand():
    # Three participants: attended (1, 2, 3) of planned (2, 2, 4). M = 8, A = 6, p = 0.75.
    # e_i = a_i − p·m_i = (−0.5, 0.5, 0); scaled by M/(M − m_i) = (8/6, 8/6, 8/4): (−2/3, 2/3, 0).
    # Var(p) = Σ scaled² / M² = (8/9) / 64 = 1/72; SE = 1/sqrt(72) = 0.1178511.
    # SE on the logit scale = SE / (p(1 − p)) = SE / 0.1875; logit(0.75) = ln 3.
    # t(2, 0.975) = 4.302653 (published t table: 4.303).
    se_logit = (1 / math.sqrt(72)) / 0.1875
    t = 4.302652729911275
    expected = (expit(math.log(3) - t * se_logit), expit(math.log(3) + t * se_logit))
    got = clustered_rate_interval(np.array([1, 2, 3]), np.array([2, 2, 4]), min_clusters=2)
    assert got == pytest.approx(expected, abs=1e-9)
    assert got == pytest.approx((0.167176, 0.978183), abs=1e-6)
    # and the same against the GEE reference
    low, high, _ = _gee_interval([1, 2, 3], [2, 2, 4])
    assert got == pytest.approx((low, high), abs=1e-8)


def test_clustered_interval_ignores_participants_with_nothing_planned():
    rng = np.random.default_rng(3)
    planned = rng.integers(4, 12, 12)
    attended = rng.binomial(planned, 0.7)
    with_empty = clustered_rate_interval(np.append(attended, 0), np.append(planned, 0))
    assert with_empty == clustered_rate_interval(attended, planned)


def test_clustered_interval_nan_with_few_participants_or_extreme_rate():
    planned = np.full(MIN_CLUSTERS - 1, 5)
    assert all(math.isnan(v) for v in clustered_rate_interval(planned - 1, planned))  # 9 participants
    planned = np.full(MIN_CLUSTERS, 5)
    assert not any(math.isnan(v) for v in clustered_rate_interval(planned - np.arange(10) % 2, planned))
    assert all(math.isnan(v) for v in clustered_rate_interval(planned, planned))  # rate 1
    assert all(math.isnan(v) for v in clustered_rate_interval(planned * 0, planned))  # rate 0
    assert all(math.isnan(v) for v in clustered_rate_interval(np.array([]), np.array([])))


def test_clustered_interval_does_not_mutate_inputs():
    attended = np.array([3, 4, 5, 2, 4, 5, 1, 3, 4, 5, 0])
    planned = np.array([5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 0])
    a, m = attended.copy(), planned.copy()
    clustered_rate_interval(attended, planned)
    np.testing.assert_array_equal(attended, a)
    np.testing.assert_array_equal(planned, m)


# ---------------------------------------------------------------------------------------- sign test

def test_sign_test_hollander_wolfe():
    # Hollander & Wolfe depression data: 7 up, 2 down. R: binom.test(7, 9) -> p = 0.1796875
    assert sign_test(7, 2) == pytest.approx(0.1796875, abs=1e-12)
    assert sign_test(2, 7) == pytest.approx(0.1796875, abs=1e-12)


@pytest.mark.parametrize("up, down, p", [
    (6, 0, 0.03125),       # R: binom.test(6, 6) -> p = 0.03125
    (5, 0, 0.0625),        # R: binom.test(5, 5) -> p = 0.0625
    (3, 3, 1.0),           # R: binom.test(3, 6) -> p = 1
    (10, 2, 0.03857422),   # R: binom.test(10, 12) -> p = 0.03857
])
def test_sign_test_against_r(up, down, p):
    assert sign_test(up, down) == pytest.approx(p, abs=1e-8)
    assert sign_test(up, down) == pytest.approx(sps.binomtest(up, up + down).pvalue, abs=1e-12)


def test_sign_test_nothing_changed_is_nan():
    assert math.isnan(sign_test(0, 0))


def test_too_few_for_sign_test():
    # smallest two-sided p with n pairs is 2·0.5ⁿ: n = 5 -> 0.0625 > 0.05, n = 6 -> 0.03125
    assert too_few_for_sign_test(0)
    assert too_few_for_sign_test(5)
    assert not too_few_for_sign_test(6)
    assert too_few_for_sign_test(6, alpha=0.01)  # 0.03125 > 0.01
    assert not too_few_for_sign_test(8, alpha=0.01)  # 2/256 = 0.0078


# ---------------------------------------------------------------------------------------------- Holm

def test_holm_by_hand_and_r():
    # R: p.adjust(c(0.01, 0.04, 0.03), "holm") -> 0.03 0.06 0.06
    # hand: sorted 0.01·3 = 0.03; 0.03·2 = 0.06; max(0.06, 0.04·1) = 0.06
    np.testing.assert_allclose(holm(np.array([0.01, 0.04, 0.03])), [0.03, 0.06, 0.06], atol=1e-15)


def test_holm_caps_at_one_and_keeps_nan_out_of_family():
    # R: p.adjust(c(0.5, NA, 0.2, 0.01), "holm") -> 0.5 NA 0.4 0.03 (NA not counted in m)
    got = holm(np.array([0.5, np.nan, 0.2, 0.01]))
    assert math.isnan(got[1])
    np.testing.assert_allclose(got[[0, 2, 3]], [0.5, 0.4, 0.03], atol=1e-15)
    # R: p.adjust(c(0.6, 0.7), "holm") -> 1 1
    np.testing.assert_allclose(holm(np.array([0.6, 0.7])), [1.0, 1.0])


def test_holm_matches_statsmodels_multipletests():
    from statsmodels.stats.multitest import multipletests
    p = np.random.default_rng(11).uniform(0, 0.2, 7)
    np.testing.assert_allclose(holm(p), multipletests(p, method="holm")[1], atol=1e-15)


@pytest.mark.parametrize("seed", range(20))
def test_holm_is_statsmodels_holm_to_the_last_bit(seed):
    # holm does statsmodels' arithmetic itself (without its gc.collect()): results must be identical
    from statsmodels.stats.multitest import multipletests
    rng = np.random.default_rng(seed)
    p = rng.choice([rng.uniform(0, 1), 0.01, 0.2, 1.0], size=rng.integers(1, 12)) * rng.uniform(0.5, 1)

    assert holm(p).tolist() == multipletests(p, method="holm")[1].tolist()


def test_holm_empty_and_all_nan():
    assert len(holm(np.array([]))) == 0
    assert np.isnan(holm(np.array([np.nan, np.nan]))).all()


# ------------------------------------------------------------------ share_interval (issue 7)

@pytest.mark.parametrize("x, n, method, low, high", [
    # R: binom::binom.confint(18, 20, methods = "wilson") -> 0.6989663548 0.9721335188
    (18, 20, "wilson", 0.6989663548, 0.9721335188),
    # R: binom::binom.confint(18, 20, methods = "exact") -> 0.6830172860 0.9876514728
    (18, 20, "exakt", 0.6830172860, 0.9876514728),
    # reference/statistics.md: Clopper–Pearson 75/156 -> 0.4001966357–0.5620861663,
    # 5/26 -> 0.0655481087–0.3935055279, 16/19 -> 0.6042154487–0.9661737510
    (75, 156, "exakt", 0.4001966357, 0.5620861663),
    (5, 26, "exakt", 0.0655481087, 0.3935055279),
    (16, 19, "exakt", 0.6042154487, 0.9661737510),
    # Wilson 5/26 -> 0.0850706115–0.3787625712 (reference/statistics.md)
    (5, 26, "wilson", 0.0850706115, 0.3787625712),
    # R: binom.test(682, 925)$conf.int -> 0.7076683 0.7654066 (Clopper–Pearson)
    (682, 925, "exakt", 0.7076683, 0.7654066),
])
def test_share_interval_against_references(x, n, method, low, high):
    got = share_interval(x, n, method=method)
    assert got == pytest.approx((low, high), abs=1e-7)


def test_share_interval_exact_at_the_ends():
    # Clopper–Pearson at 0/n: upper 1 − (α/2)^(1/n); R: binom.test(0, 10)$conf.int -> 0 0.3084971
    assert share_interval(0, 10, method="exakt") == pytest.approx((0.0, 0.3084971), abs=1e-7)
    assert share_interval(10, 10, method="exakt") == pytest.approx((1 - 0.3084971, 1.0), abs=1e-7)
    assert share_interval(0, 10, method="exakt")[0] == 0.0
    assert share_interval(10, 10, method="wilson")[1] == 1.0


def test_share_interval_other_level():
    # 90 %: R binom::binom.confint(7, 23, conf.level = 0.9, methods = "wilson") -> 0.1693 0.4801 (hand
    # formula with z = 1.644854: (7 + z²/2)/(23 + z²) ± z/(23 + z²)·sqrt(7·16/23 + z²/4))
    z = 1.6448536269514722
    centre = (7 + z * z / 2) / (23 + z * z)
    half = z / (23 + z * z) * math.sqrt(7 * 16 / 23 + z * z / 4)
    assert share_interval(7, 23, level=0.90) == pytest.approx((centre - half, centre + half), abs=1e-12)
    wider = share_interval(7, 23, level=0.99)
    assert wider[0] < centre - half and wider[1] > centre + half


def test_share_interval_rejects_impossible_input():
    with pytest.raises(ValueError):
        share_interval(5, 4)
    with pytest.raises(ValueError):
        share_interval(1, 4, method="wald")
    with pytest.raises(ValueError):
        share_interval(1, 4, level=95)


def test_share_intervals_vectorised_with_empty_groups():
    low, high = share_intervals(np.array([0, 3, 5, 0]), np.array([5, 3, 10, 0]))
    assert np.isnan(low[3]) and np.isnan(high[3])
    for i, (x, n) in enumerate([(0, 5), (3, 3), (5, 10)]):
        assert (low[i], high[i]) == share_interval(x, n)


def test_interval_label():
    assert interval_label() == "Wilson 95 %"
    assert interval_label("exakt", 0.9) == "Clopper–Pearson 90 %"
    assert interval_label("wilson", 0.995) == "Wilson 99,5 %"


@settings(max_examples=300, deadline=None)
@given(n=st.integers(0, 400), data=st.data(), method=st.sampled_from(["wilson", "exakt"]),
       level=st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_property_interval_contains_estimate_within_unit_interval(n, data, method, level):
    x = data.draw(st.integers(0, n))
    low, high = share_interval(x, n, method=method, level=level)
    if n == 0:
        assert math.isnan(low) and math.isnan(high)
        return
    assert 0.0 <= low <= x / n <= high <= 1.0
    if x == 0:
        assert low == 0.0
    if x == n:
        assert high == 1.0
    # a figure draws error bars of length estimate − low and high − estimate: never negative
    assert x / n - low >= 0 and high - x / n >= 0


# ------------------------------------------------------------------ binomial test against a target

@pytest.mark.parametrize("x, n, p0, p", [
    # R: binom.test(682, 925, p = 3/4) -> p-value = 0.3825
    (682, 925, 0.75, 0.3825),
    # reference/statistics.md: exact binomtest vs 0.5: 75/156 -> 0.6890542729, 5/26 -> 0.0024939179,
    # 16/19 -> 0.0044250488
    (75, 156, 0.5, 0.6890542729),
    (5, 26, 0.5, 0.0024939179),
    (16, 19, 0.5, 0.0044250488),
    # R: binom.test(7, 9) -> p-value = 0.1797 (Hollander & Wolfe sign test)
    (7, 9, 0.5, 0.1796875),
])
def test_binomial_test_against_r(x, n, p0, p):
    assert binomial_test(x, n, p0) == pytest.approx(p, abs=5e-5 if p == 0.3825 else 1e-9)


def test_binomial_test_possible():
    # against 0.5 the smallest two-sided p is 2·0.5ⁿ: n = 5 -> 0.0625, n = 6 -> 0.03125
    assert not binomial_test_possible(5, 0.5)
    assert binomial_test_possible(6, 0.5)
    assert not binomial_test_possible(0, 0.5)
    # against 0.9 with n = 2: 0/2 has P = 0.01 (p ≤ 0.05 reachable); R: binom.test(0, 2, 0.9) -> 0.01
    assert binomial_test(0, 2, 0.9) == pytest.approx(0.01, abs=1e-12)
    assert binomial_test_possible(2, 0.9)
    # against 0.9 with n = 1: 0/1 has p = 0.1, 1/1 has p = 1: never below 0.05
    assert not binomial_test_possible(1, 0.9)
    assert math.isnan(binomial_test(0, 0, 0.5))


# ---------------------------------------------------------------- Newcombe's hybrid score interval

@pytest.mark.parametrize("x1, n1, x2, n2, low, high", [
    # Newcombe (1998), Stat Med 17:873–890, table II, method 10 (score interval, no continuity
    # correction): (a) 56/70 − 48/80 -> 0.0524 to 0.3339; (b) 9/10 − 3/10 -> 0.1705 to 0.8090;
    # (c) 6/7 − 2/7 -> 0.0582 to 0.8062; (d) 5/56 − 0/29 -> −0.0381 to 0.1926;
    # (e) 0/10 − 0/20 -> −0.1611 to 0.2775; (f) 10/10 − 0/20 -> 0.6791 to 1.0000
    (56, 70, 48, 80, 0.0524, 0.3339),
    (9, 10, 3, 10, 0.1705, 0.8090),
    (6, 7, 2, 7, 0.0582, 0.8062),
    (5, 56, 0, 29, -0.0381, 0.1926),
    (0, 10, 0, 20, -0.1611, 0.2775),
    (10, 10, 0, 20, 0.6791, 1.0000),
])
def test_share_difference_newcombe_table_ii(x1, n1, x2, n2, low, high):
    difference, lo, hi = share_difference(x1, n1, x2, n2)
    assert difference == pytest.approx(x1 / n1 - x2 / n2)
    assert (lo, hi) == pytest.approx((low, high), abs=5e-5)


def test_share_difference_is_built_from_wilson_limits():
    # hand: lower = d − sqrt((p1 − l1)² + (u2 − p2)²), upper = d + sqrt((u1 − p1)² + (p2 − l2)²)
    l1, u1 = wilson_interval(56, 70)
    l2, u2 = wilson_interval(48, 80)
    p1, p2 = 0.8, 0.6
    d, lo, hi = share_difference(56, 70, 48, 80)
    assert lo == pytest.approx(d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), abs=1e-12)
    assert hi == pytest.approx(d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2), abs=1e-12)


def test_share_difference_empty_group_and_bad_counts():
    assert all(math.isnan(v) for v in share_difference(3, 10, 0, 0))
    with pytest.raises(ValueError):
        share_difference(11, 10, 1, 2)


@settings(max_examples=200, deadline=None)
@given(n1=st.integers(1, 120), n2=st.integers(1, 120), data=st.data())
def test_property_difference_interval_contains_difference(n1, n2, data):
    x1, x2 = data.draw(st.integers(0, n1)), data.draw(st.integers(0, n2))
    d, lo, hi = share_difference(x1, n1, x2, n2)
    assert -1.0 <= lo <= d + 1e-12 and d - 1e-12 <= hi <= 1.0


# ----------------------------------------------------------- attendance difference between groups

def _occasions(attended, planned, offset=0, group=0):
    rows = []
    for pid, (a, m) in enumerate(zip(attended, planned)):
        rows += [{"pid": pid + offset, "g": group, "y": 1}] * int(a)
        rows += [{"pid": pid + offset, "g": group, "y": 0}] * int(m - a)
    return rows


@pytest.mark.parametrize("seed, g1, g2", [(4, 12, 15), (9, 30, 11), (21, 40, 40)])
def test_rate_difference_matches_gee_with_delta_method(seed, g1, g2):
    rng = np.random.default_rng(seed)
    m1, m2 = rng.integers(3, 30, g1), rng.integers(3, 30, g2)
    a1 = rng.binomial(m1, rng.beta(6, 2, g1))
    a2 = rng.binomial(m2, rng.beta(4, 3, g2))
    df = pd.DataFrame(_occasions(a1, m1, group=1) + _occasions(a2, m2, offset=1000, group=0))
    # reference: binomial GEE y ~ g, independence, participant clusters, bias-reduced sandwich;
    # delta method for expit(b0 + b1) − expit(b0) with gradient (p1(1−p1), p1(1−p1) − p2(1−p2))
    res = smf.gee("y ~ g", groups="pid", data=df, family=sm.families.Binomial(),
                  cov_struct=sm.cov_struct.Independence()).fit(cov_type="bias_reduced")
    b0, b1 = res.params
    p1, p2 = expit(b0 + b1), expit(b0)
    grad = np.array([p1 * (1 - p1) - p2 * (1 - p2), p1 * (1 - p1)])
    se = math.sqrt(grad @ np.asarray(res.cov_params()) @ grad)
    t = sps.t.ppf(0.975, g1 + g2 - 2)
    difference, low, high = rate_difference(a1, m1, a2, m2)
    # Independence reproduces each group's pooled rate
    assert p1 == pytest.approx(a1.sum() / m1.sum(), abs=1e-10)
    assert p2 == pytest.approx(a2.sum() / m2.sum(), abs=1e-10)
    assert difference == pytest.approx(p1 - p2, abs=1e-10)
    assert (low, high) == pytest.approx((p1 - p2 - t * se, p1 - p2 + t * se), abs=1e-8)


def test_rate_difference_descriptive_only_for_small_groups_or_extreme_rates():
    planned = np.full(12, 10)
    attended = planned - np.arange(12) % 3
    d, lo, hi = rate_difference(attended, planned, attended[:9], planned[:9])  # 9 participants
    assert not math.isnan(d) and math.isnan(lo) and math.isnan(hi)
    d, lo, hi = rate_difference(attended, planned, planned, planned)  # 100 % in group 2
    assert d == pytest.approx(attended.sum() / planned.sum() - 1) and math.isnan(lo)
    assert all(math.isnan(v) for v in rate_difference(attended, planned, np.array([]), np.array([])))


def test_clustered_rate_variance_by_hand():
    # the three participants of test_clustered_interval_closed_form_by_hand: Var(p) = 1/72
    p, variance, clusters = clustered_rate_variance(np.array([1, 2, 3]), np.array([2, 2, 4]))
    assert (p, clusters) == (0.75, 3)
    assert variance == pytest.approx(1 / 72, abs=1e-15)


# ------------------------------------------------------------------------- sign test at scale

def test_sign_test_large_n_is_fast_and_matches_scipy():
    import time
    start = time.perf_counter()
    p = sign_test(25_000, 25_500)
    assert time.perf_counter() - start < 0.5  # the summed big-integer version took minutes
    # reference: scipy.stats.binomtest(25000, 50500).pvalue (exact two-sided, symmetric at 1/2)
    assert p == pytest.approx(sps.binomtest(25_000, 50_500).pvalue, rel=1e-9)


# ---------------------------------------------------------------------------------- Wilcoxon

HW_X = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
HW_Y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]


def test_wilcoxon_hollander_wolfe():
    # R: wilcox.test(x, y, paired = TRUE) -> V = 40, p-value = 0.03906 (exact: 0.0390625)
    v, p, method = wilcoxon_signed_rank(np.array(HW_X) - np.array(HW_Y))
    assert v == 40
    assert p == pytest.approx(0.0390625, abs=1e-12)
    assert method == "exakt"


def test_wilcoxon_exact_with_ties_by_enumeration():
    # integer rating changes: zeros dropped (8 remain), ties share ranks: |1| ×5 -> rank 3 each,
    # |2| ×2 -> 6.5, |3| -> 8; V = 4·3 + 2·6.5 + 8 = 33. The exact conditional p-value by
    # enumerating all 2^8 sign changes of the midranks (independent of scipy)
    import itertools
    d = np.array([2, 1, 1, 0, -1, 3, 1, 2, 0, 1])
    v, p, method = wilcoxon_signed_rank(d)
    nz = d[d != 0]
    ranks = sps.rankdata(np.abs(nz))
    observed = ranks[nz > 0].sum()
    sums = np.array([sum(r for r, s in zip(ranks, signs) if s) for signs in
                     itertools.product([0, 1], repeat=len(nz))])
    centre = ranks.sum() / 2
    expected = min(1.0, 2 * min(np.mean(sums <= observed), np.mean(sums >= observed)))
    assert v == observed == 33
    assert method == "exakt"
    assert p == pytest.approx(expected, abs=1e-12)
    assert observed > centre


@pytest.mark.parametrize("seed", range(6))
def test_wilcoxon_exact_equals_scipy_permutation_method(seed):
    # reference: scipy.stats.wilcoxon with PermutationMethod (one sign change per call), on rating
    # changes with ties and zeros; evaltools computes the same test for all sign changes at once
    rng = np.random.default_rng(seed)
    d = rng.integers(-3, 4, int(rng.integers(2, 13))).astype(float)
    d[:2] = [1.0, -2.0]  # at least two non-zero differences
    v, p, method = wilcoxon_signed_rank(d)
    reference = sps.wilcoxon(d[d != 0], zero_method="wilcox", method=sps.PermutationMethod(n_resamples=np.inf))
    assert method == "exakt"
    assert p == min(1.0, reference.pvalue)
    nz = d[d != 0]
    assert v == sps.rankdata(np.abs(nz))[nz > 0].sum()


def test_wilcoxon_normal_approximation_as_r():
    # R: wilcox.test(d, exact = FALSE, correct = TRUE) by hand: z = (V − n(n+1)/4 − 0.5·sign) /
    # sqrt(n(n+1)(2n+1)/24 − Σ(t³ − t)/48), p = 2·(1 − Φ(|z|))
    rng = np.random.default_rng(8)
    d = rng.integers(-2, 4, 60)
    v, p, method = wilcoxon_signed_rank(d)
    nz = d[d != 0]
    n = len(nz)
    ranks = sps.rankdata(np.abs(nz))
    observed = ranks[nz > 0].sum()
    _, ties = np.unique(np.abs(nz), return_counts=True)
    mean = n * (n + 1) / 4
    sd = math.sqrt(n * (n + 1) * (2 * n + 1) / 24 - np.sum(ties ** 3 - ties) / 48)
    z = (observed - mean - 0.5 * np.sign(observed - mean)) / sd
    assert method == "normalapproximation"
    assert v == observed
    assert p == pytest.approx(2 * sps.norm.sf(abs(z)), rel=1e-9)


def test_wilcoxon_single_change():
    # one non-zero difference: V is 1 or 0 with probability 1/2 each; two-sided p = 1
    # (R: wilcox.test(c(0, 2, 0)) -> V = 1, p-value = 1)
    assert wilcoxon_signed_rank(np.array([0, 2, 0])) == (1.0, 1.0, "exakt")
    assert wilcoxon_signed_rank(np.array([-3])) == (0.0, 1.0, "exakt")


def test_wilcoxon_nothing_changed():
    v, p, method = wilcoxon_signed_rank(np.zeros(8))
    assert math.isnan(v) and math.isnan(p) and method == "inga_forandringar"
    assert wilcoxon_signed_rank(np.array([]))[2] == "inga_forandringar"


# ----------------------------------------------------------------- table helper and properties

def test_with_share_interval_on_a_table():
    table = pd.DataFrame({"svar": ["ja", "nej"], "antal": [18, 2], "besvarade": [20, 20]})
    original = table.copy()
    out = with_share_interval(table, count="antal", total="besvarade")
    pd.testing.assert_frame_equal(table, original)
    assert out.columns.tolist() == ["svar", "antal", "besvarade", "ki_lag", "ki_hog"]
    # R: binom::binom.confint(18, 20, methods = "wilson") -> 0.6989663548 0.9721335188
    assert (out.at[0, "ki_lag"], out.at[0, "ki_hog"]) == pytest.approx((0.6989663548, 0.9721335188))
    empty = with_share_interval(table.assign(besvarade=0, antal=0), count="antal", total="besvarade")
    assert empty["ki_lag"].isna().all()
    fixed = with_share_interval(table, count="antal", total=20, method="exakt")
    # R: binom.test(18, 20)$conf.int -> 0.6830173 0.9876515
    assert (fixed.at[0, "ki_lag"], fixed.at[0, "ki_hog"]) == pytest.approx((0.6830173, 0.9876515), abs=1e-7)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), min_size=0, max_size=25))
def test_property_clustered_interval_holds_the_rate(pairs):
    attended = np.array([min(a, m) for a, m in pairs], dtype=float)
    planned = np.array([max(a, m) for a, m in pairs], dtype=float)
    low, high = clustered_rate_interval(attended, planned)
    if math.isnan(low):
        return
    rate = attended.sum() / planned.sum()
    assert 0.0 <= low <= rate <= high <= 1.0


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.integers(1, 20)), min_size=10, max_size=20),
       st.lists(st.tuples(st.integers(0, 20), st.integers(1, 20)), min_size=10, max_size=20))
def test_property_rate_difference_interval_holds_the_difference(one, two):
    a1 = np.array([min(a, m) for a, m in one], dtype=float)
    m1 = np.array([m for _, m in one], dtype=float)
    a2 = np.array([min(a, m) for a, m in two], dtype=float)
    m2 = np.array([m for _, m in two], dtype=float)
    d, low, high = rate_difference(a1, m1, a2, m2)
    assert d == pytest.approx(a1.sum() / m1.sum() - a2.sum() / m2.sum())
    if not math.isnan(low):
        assert low <= d <= high
