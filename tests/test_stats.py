"""Tests for evaltools/stats.py: every value against an independent reference written beside it."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import statsmodels.formula.api as smf
from scipy import stats as sps

from evaltools.stats import (MIN_CLUSTERS, clustered_rate_interval, holm, sign_test,
                             too_few_for_sign_test, wilson_interval)


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


def test_holm_empty_and_all_nan():
    assert len(holm(np.array([]))) == 0
    assert np.isnan(holm(np.array([np.nan, np.nan]))).all()
