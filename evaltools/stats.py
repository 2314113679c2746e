"""Small statistics used across the evaluation modules, each a thin layer over scipy or statsmodels
(the random-intercept trend computes its REML criterion from sums per participant, and scipy
minimises it: statsmodels' MixedLM does not scale to a national insats).

Every function takes counts (or arrays) and returns plain numbers; tables are built in the evaluation
modules. The libraries are imported inside the functions, so that importing evaltools stays cheap.
Each function is checked in ``tests/test_stats.py`` against an independent reference (R output or a
published table) written beside the assertion.

Conventions: an interval that cannot be computed is ``(nan, nan)``; a p-value that no outcome of the
data could make small (too few observations) is ``nan``; nothing is rounded.
"""

from __future__ import annotations

import math
import warnings
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MIN_CLUSTERS", "INTERVAL_METHODS", "share_interval", "share_intervals", "interval_label",
           "with_share_interval",
           "wilson_interval", "binomial_test", "binomial_test_possible", "share_difference",
           "clustered_rate_variance", "clustered_rate_interval", "rate_difference", "sign_test",
           "too_few_for_sign_test", "wilcoxon_signed_rank", "holm", "WILCOXON_EXACT_MAX",
           "random_intercept_trend", "BOUNDARY_SHARE"]

#: fewer participants than this: a rate is reported without an interval (descriptives only)
MIN_CLUSTERS = 10

#: ``statistik.intervall`` in insats.yaml -> statsmodels' ``proportion_confint`` method
INTERVAL_METHODS = {"wilson": "wilson", "exakt": "beta"}

#: up to this many non-zero differences the Wilcoxon p-value is exact (all 2ⁿ sign changes)
WILCOXON_EXACT_MAX = 16

#: a random-intercept variance below this share of the total variance is "on the boundary"
BOUNDARY_SHARE = 0.01


def _method(method: str) -> str:
    try:
        return INTERVAL_METHODS[method]
    except KeyError:
        raise ValueError(f"unknown interval method {method!r}; one of {sorted(INTERVAL_METHODS)}") from None


def _check_level(level: float) -> None:
    if not 0 < level < 1:
        raise ValueError(f"level must lie strictly between 0 and 1, not {level!r}")


def share_intervals(successes: np.ndarray, n: np.ndarray, *, method: str = "wilson",
                    level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised :func:`share_interval`: arrays of lower and upper limits, NaN where ``n`` is 0.

    Notes
    -----
    ``statsmodels.stats.proportion.proportion_confint(count, nobs, alpha=1 − level,
    method="wilson" | "beta")`` (never its default, the Wald interval), widened by rounding error at
    most so that it contains the estimate, within [0, 1]. Wilson
    (1927) score interval; Clopper & Pearson (1934) exact interval (``exakt``). Checked against R
    ``binom::binom.confint``: Wilson 18/20 -> 0.6990–0.9721, Clopper–Pearson 5/26 -> 0.0655–0.3935.
    """
    from statsmodels.stats.proportion import proportion_confint

    _check_level(level)
    k = np.atleast_1d(np.asarray(successes, dtype=float))
    total = np.atleast_1d(np.asarray(n, dtype=float))
    if k.shape != total.shape:
        raise ValueError("successes and n must have the same shape")
    if np.any(total < 0) or np.any(k < 0) or np.any(k > total):
        raise ValueError("successes must lie between 0 and n")
    low = np.full(k.shape, np.nan)
    high = np.full(k.shape, np.nan)
    used = total > 0
    if used.any():
        lo, hi = proportion_confint(k[used], total[used], alpha=1 - level, method=_method(method))
        # both intervals contain the estimate and reach 0 at 0/n and 1 at n/n; statsmodels' floats
        # can miss by one unit in the last place (0.9999999999999999 at 30/30)
        estimate = k[used] / total[used]
        low[used] = np.clip(np.minimum(lo, estimate), 0.0, 1.0)
        high[used] = np.clip(np.maximum(hi, estimate), 0.0, 1.0)
    return low, high


def with_share_interval(table: "pd.DataFrame", *, count: str, total: str | int, method: str = "wilson",
                        level: float = 0.95) -> "pd.DataFrame":
    """A copy of a result table with the interval of the share ``count / total`` as ``ki_lag``,
    ``ki_hog`` (for the splits, kartläggning answers and other tables of counts).

    Parameters
    ----------
    count
        The column of counts of persons (e.g. ``antal``).
    total
        The column of denominators (e.g. ``besvarade``), or one denominator for every row.

    Returns
    -------
    The table's columns, then ``ki_lag`` and ``ki_hog`` (NaN where the denominator is 0); the
    caller's table is not changed.

    Notes
    -----
    :func:`share_intervals` (statsmodels ``proportion_confint``, Wilson or Clopper–Pearson).
    """
    counts = table[count].to_numpy(dtype=float)
    totals = (table[total].to_numpy(dtype=float) if isinstance(total, str)
              else np.full(len(table), float(total)))
    low, high = share_intervals(counts, totals, method=method, level=level)
    return table.assign(ki_lag=low, ki_hog=high)


def share_interval(successes: int, n: int, *, method: str = "wilson",
                   level: float = 0.95) -> tuple[float, float]:
    """Confidence interval for the share ``successes / n``.

    Parameters
    ----------
    method
        ``"wilson"`` (Wilson score interval, the default) or ``"exakt"`` (Clopper–Pearson), as
        ``statistik.intervall`` in insats.yaml.
    level
        Confidence level, ``statistik.konfidensniva`` (0.95).

    Returns
    -------
    ``(low, high)`` within [0, 1]; ``(nan, nan)`` when ``n`` is 0. The interval always contains the
    estimate; at 0/n the lower limit is 0, at n/n the upper limit is 1.

    Notes
    -----
    See :func:`share_intervals`. References: R ``binom::binom.confint`` 18/20 Wilson
    0.6989663548–0.9721335188, exact 0.6830172860–0.9876514728; ``reference/statistics.md``.
    """
    low, high = share_intervals(np.array([successes]), np.array([n]), method=method, level=level)
    return (float(low[0]), float(high[0]))


_METHOD_NAMES = {"wilson": "Wilson", "exakt": "Clopper–Pearson",
                 "newcombe": "Newcombes hybridintervall (score)"}


def interval_label(method: str = "wilson", level: float = 0.95) -> str:
    """The name of an interval method, for a result table's ``metod`` column: ``"Wilson 95 %"``.

    ``method`` is ``wilson``, ``exakt`` or ``newcombe`` (a difference of two shares)."""
    if method not in _METHOD_NAMES:
        raise ValueError(f"unknown interval method {method!r}; one of {sorted(_METHOD_NAMES)}")
    percent = f"{level * 100:.10g}".replace(".", ",")
    return f"{_METHOD_NAMES[method]} {percent} %"


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for ``successes / n``; ``(nan, nan)`` when ``n`` is 0.

    Notes
    -----
    :func:`share_interval` with ``method="wilson"``. Checked against R
    ``binom::binom.confint(method = "wilson")``: 18/20 -> 0.6990–0.9721, 4/20 -> 0.0807–0.4160.
    """
    return share_interval(successes, n, method="wilson", level=confidence)


def binomial_test(successes: int, n: int, p0: float) -> float:
    """Exact two-sided binomial test of ``successes`` of ``n`` against the share ``p0``.

    Returns ``nan`` when ``n`` is 0.

    Notes
    -----
    ``scipy.stats.binomtest(k, n, p=p0).pvalue``: the two-sided p-value sums the probabilities of all
    outcomes no more likely than the one observed, as R ``binom.test(x, n, p)``. Checked against R
    ``binom.test(682, 925, p = 3/4)`` -> p = 0.3825.
    """
    if n <= 0:
        return math.nan
    from scipy.stats import binomtest

    return float(binomtest(int(successes), int(n), p=float(p0)).pvalue)


def binomial_test_possible(n: int, p0: float, alpha: float = 0.05) -> bool:
    """Whether any outcome of ``n`` trials could reach ``alpha`` in the exact test against ``p0``.

    Notes
    -----
    ``min(binomtest(0, n, p0).pvalue, binomtest(n, n, p0).pvalue) ≤ alpha`` (the most extreme
    outcomes give the smallest p-values). Against 0.5 the smallest p is ``2 · 0.5ⁿ``: n ≤ 5 cannot
    reach 5 % (reference/statistics.md).
    """
    if n <= 0:
        return False
    return min(binomial_test(0, n, p0), binomial_test(n, n, p0)) <= alpha


def share_difference(successes1: int, n1: int, successes2: int, n2: int, *,
                     level: float = 0.95) -> tuple[float, float, float]:
    """Difference of two independent shares ``k1/n1 − k2/n2`` with Newcombe's hybrid score interval.

    Returns
    -------
    ``(difference, low, high)``; all ``nan`` when either ``n`` is 0.

    Notes
    -----
    ``statsmodels.stats.proportion.confint_proportions_2indep(k1, n1, k2, n2, method="newcomb",
    compare="diff")``: Newcombe (1998) method 10, built from the two Wilson score intervals.
    Checked against Newcombe (1998), table II: 56/70 vs 48/80 -> difference 0.2, 0.0524–0.3339.
    """
    if n1 <= 0 or n2 <= 0:
        return (math.nan, math.nan, math.nan)
    if not (0 <= successes1 <= n1 and 0 <= successes2 <= n2):
        raise ValueError("successes must lie between 0 and n")
    from statsmodels.stats.proportion import confint_proportions_2indep

    _check_level(level)
    low, high = confint_proportions_2indep(successes1, n1, successes2, n2, method="newcomb",
                                           compare="diff", alpha=1 - level)
    return (successes1 / n1 - successes2 / n2, float(max(low, -1.0)), float(min(high, 1.0)))


def clustered_rate_variance(attended: np.ndarray, planned: np.ndarray) -> tuple[float, float, int]:
    """Pooled rate ``Σ attended / Σ planned`` of occasions clustered in participants, and its
    bias-reduced sandwich variance.

    ``attended[i]`` and ``planned[i]`` are participant ``i``'s totals (occasions or hours);
    participants with nothing planned do not count.

    Returns
    -------
    ``(rate, variance, clusters)``; rate and variance ``nan`` when nothing is planned.

    Notes
    -----
    The estimate of an intercept-only binomial GEE with independence working correlation is the pooled
    rate ``p = A / M``. Its bias-reduced (Mancl & DeRouen 2001) sandwich variance has the closed form
    ``Var(p) = Σ_i (e_i · M / (M − m_i))² / M²`` with ``e_i = a_i − p · m_i``: the cluster leverage
    is ``H_i = 1 1ᵀ / M``, and ``(I − H_i)⁻¹ e_i`` sums to ``e_i M / (M − m_i)``. This is
    ``statsmodels`` ``GEE(..., family=Binomial(), cov_struct=Independence())
    .fit(cov_type="bias_reduced")`` on one row per occasion, without expanding the occasions: at
    national scale (millions of occasions) statsmodels takes about half a minute per fit, and hours
    (form B) cannot be expanded into occasions at all. Checked against that GEE in the tests.
    """
    attended = np.asarray(attended, dtype=float)
    planned = np.asarray(planned, dtype=float)
    used = planned > 0
    attended, planned = attended[used], planned[used]
    clusters = int(len(planned))
    total = float(planned.sum())
    if total <= 0:
        return (math.nan, math.nan, clusters)
    p = float(attended.sum()) / total
    with np.errstate(divide="ignore", invalid="ignore"):
        residual = (attended - p * planned) * total / (total - planned)
    if clusters < 2:
        return (p, math.nan, clusters)
    return (p, float(np.sum(residual ** 2)) / total ** 2, clusters)


def clustered_rate_interval(attended: np.ndarray, planned: np.ndarray, confidence: float = 0.95,
                            min_clusters: int = MIN_CLUSTERS) -> tuple[float, float]:
    """Interval for a pooled rate ``Σ attended / Σ planned`` whose occasions cluster in participants.

    Returns ``(nan, nan)`` with fewer than ``min_clusters`` participants or a rate of exactly 0 or 1
    (the logit interval is not defined there).

    Notes
    -----
    ``p`` back-transformed from ``logit(p) ± t_{G−1} · SE / (p (1 − p))`` with the bias-reduced
    sandwich SE of :func:`clustered_rate_variance` and a t distribution on G − 1 degrees of freedom
    (G participants), as recommended for few clusters. Checked against statsmodels
    ``GEE(..., cov_struct=Independence()).fit(cov_type="bias_reduced")``.
    """
    from scipy.special import stdtrit  # light; scipy.stats is not needed here

    p, variance, clusters = clustered_rate_variance(attended, planned)
    if clusters < max(min_clusters, 2) or not 0.0 < p < 1.0:
        return (math.nan, math.nan)
    se_logit = math.sqrt(variance) / (p * (1 - p))
    t = float(stdtrit(clusters - 1, 0.5 + confidence / 2))
    centre = math.log(p / (1 - p))
    low, high = centre - t * se_logit, centre + t * se_logit
    return (1 / (1 + math.exp(-low)), 1 / (1 + math.exp(-high)))


def rate_difference(attended1: np.ndarray, planned1: np.ndarray, attended2: np.ndarray,
                    planned2: np.ndarray, *, level: float = 0.95,
                    min_clusters: int = MIN_CLUSTERS) -> tuple[float, float, float]:
    """Difference of two pooled attendance rates (group 1 − group 2), participants as clusters.

    Arrays hold each participant's attended and planned totals, one array pair per group.

    Returns
    -------
    ``(difference, low, high)``; the interval is ``nan`` when a group has fewer than
    ``min_clusters`` participants or a rate of exactly 0 or 1; everything ``nan`` when a group has
    nothing planned.

    Notes
    -----
    The binomial GEE ``attended ~ group`` with independence working correlation and participant
    clusters reproduces each group's pooled rate; its bias-reduced sandwich covariance is
    block-diagonal (no participant is in both groups), each block that of the group alone
    (:func:`clustered_rate_variance`). The difference and its interval follow by the delta method on
    the probability scale: ``(p1 − p2) ± t_{G−2} · sqrt(V1 + V2)``, t on G − 2 degrees of freedom
    (G participants, two parameters). Checked against statsmodels ``GEE(..., family=Binomial(),
    cov_struct=Independence()).fit(cov_type="bias_reduced")`` on one row per occasion, with the delta
    method applied to its coefficients and covariance.
    """
    from scipy.special import stdtrit

    _check_level(level)
    p1, v1, g1 = clustered_rate_variance(attended1, planned1)
    p2, v2, g2 = clustered_rate_variance(attended2, planned2)
    if math.isnan(p1) or math.isnan(p2):
        return (math.nan, math.nan, math.nan)
    difference = p1 - p2
    if min(g1, g2) < max(min_clusters, 2) or not (0.0 < p1 < 1.0 and 0.0 < p2 < 1.0):
        return (difference, math.nan, math.nan)
    t = float(stdtrit(g1 + g2 - 2, 0.5 + level / 2))
    half = t * math.sqrt(v1 + v2)
    return (difference, difference - half, difference + half)


def sign_test(improved: int, worse: int) -> float:
    """Two-sided exact sign test of ``improved`` against ``worse`` (ties already dropped).

    Returns ``nan`` when both are 0.

    Notes
    -----
    ``p = min(1, 2 · P(X ≤ min(k, n − k)))`` with ``X ~ Bin(n, 1/2)``, the tail from
    ``scipy.special.bdtr`` (the regularised incomplete beta function: constant time in n).
    Checked against the Hollander & Wolfe depression data (7 improved, 2 worse): R
    ``binom.test(7, 9)`` -> p = 0.1796875.
    """
    from scipy.special import bdtr

    n = int(improved) + int(worse)
    if n == 0:
        return math.nan
    k = min(int(improved), int(worse))
    return float(min(1.0, 2 * bdtr(k, n, 0.5)))


def too_few_for_sign_test(n: int, alpha: float = 0.05) -> bool:
    """True when no outcome of ``n`` non-tied pairs could reach ``alpha`` (two-sided: n ≤ 5 at 5 %)."""
    return n == 0 or 2 * 0.5 ** n > alpha


def wilcoxon_signed_rank(differences: np.ndarray, *,
                         exact_max: int = WILCOXON_EXACT_MAX) -> tuple[float, float, str]:
    """Wilcoxon signed-rank test of paired differences against 0, two-sided, zeros dropped.

    Returns
    -------
    ``(v, p, method)``: ``v`` is the sum of the ranks of the positive differences (R's ``V``);
    ``method`` is ``"exakt"`` (the exact permutation distribution over all 2ⁿ sign changes, valid
    with tied ranks; up to ``exact_max`` non-zero differences) or ``"normalapproximation"`` (normal
    approximation with tie and continuity correction, as R ``wilcox.test(..., exact = FALSE)``);
    ``(nan, nan, "inga_forandringar")`` when no difference is non-zero.

    Notes
    -----
    ``scipy.stats.wilcoxon(d, zero_method="wilcox", method=...)`` with the method always passed
    explicitly: ``method="auto"`` changes between scipy versions when there are ties or zeros.
    Checked against Hollander & Wolfe's depression data: R ``wilcox.test(x, y, paired = TRUE)`` ->
    V = 40, p = 0.0390625; the approximation against R's formula by hand.

    The exact test is ``scipy.stats.permutation_test`` over every sign change, the test
    ``wilcoxon(..., method=PermutationMethod())`` runs, with the statistic computed for all 2ⁿ sign
    changes at once: ``wilcoxon`` hands its statistic one sign change at a time (65 536 Python calls
    at n = 16, seconds per indicator). Tested equal to ``wilcoxon`` with ties and zeros.
    """
    from scipy.stats import permutation_test, rankdata, wilcoxon

    d = np.asarray(differences, dtype=float)
    d = d[~np.isnan(d) & (d != 0)]
    if len(d) == 0:
        return (math.nan, math.nan, "inga_forandringar")
    ranks = rankdata(np.abs(d))
    v = float(ranks[d > 0].sum())
    if len(d) == 1:  # two equally likely sign changes, one each side: p = 1 (scipy needs two)
        return (v, 1.0, "exakt")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # scipy warns about small n; we know
        if len(d) <= exact_max:
            result = permutation_test((d,), _positive_rank_sum, permutation_type="samples", vectorized=True,
                                      n_resamples=np.inf, alternative="two-sided", axis=-1)
            method = "exakt"
        else:
            result = wilcoxon(d, zero_method="wilcox", correction=True, method="asymptotic")
            method = "normalapproximation"
    return (v, float(min(1.0, result.pvalue)), method)


def _positive_rank_sum(d: np.ndarray, axis: int = -1) -> np.ndarray:
    """The Wilcoxon statistic ``V`` (sum of the ranks of |d| where d > 0) along ``axis``, for many
    sign changes of ``d`` at once (as scipy's ``_wilcoxon_statistic`` computes ``r_plus``)."""
    from scipy.stats import rankdata

    ranks = rankdata(np.abs(d), axis=axis)
    return np.sum(ranks * (d > 0), axis=axis)


def holm(pvalues: np.ndarray) -> np.ndarray:
    """Holm's step-down adjustment; ``nan`` entries are left out of the family and stay ``nan``.

    Notes
    -----
    Holm (1979), as R's ``p.adjust(p, "holm")``: sorted p-values times m, m − 1, …, 1, made
    non-decreasing, at most 1. The arithmetic of ``statsmodels.stats.multitest.multipletests(p,
    method="holm")`` step by step (tested equal), without its ``gc.collect()``, which costs a report
    a few tenths of a second with its figures in memory.
    """
    pvalues = np.asarray(pvalues, dtype=float)
    adjusted = np.full_like(pvalues, np.nan)
    present = ~np.isnan(pvalues)
    if present.any():
        p = pvalues[present]
        order = np.argsort(p)
        stepped = np.maximum.accumulate(np.take(p, order) * np.arange(len(p), 0, -1))
        stepped[stepped > 1] = 1
        unsorted = np.empty_like(stepped)
        unsorted[order] = stepped
        adjusted[present] = unsorted
    return adjusted


def random_intercept_trend(values: np.ndarray, time: np.ndarray, groups: np.ndarray, *,
                           level: float = 0.95) -> dict[str, float | bool | str]:
    """Linear trend over time in repeated measurements, with a random intercept per participant.

    Fits ``value = b0 + b1 · time + u_participant + e`` by REML, as ``lme4::lmer(value ~ time +
    (1 | participant), REML = TRUE)`` and statsmodels' ``MixedLM(...).fit(reml=True)`` do.

    Returns
    -------
    dict with ``lutning`` (b1, per unit of ``time``), ``se``, ``ki_lag``, ``ki_hog`` (b1 ± t_{G−2} ·
    se at ``level``, G participants), ``p_varde`` (two-sided, same t), ``intercept``,
    ``deltagarvarians`` (variance of the random intercept), ``residualvarians``, ``konvergerad``,
    ``hessian_pd`` (the REML criterion curves upward at its minimum: the observed information of the
    variance parameter is positive), ``pa_randen`` (the intercept variance is below
    :data:`BOUNDARY_SHARE` of the total) and ``status``: ``redovisas`` when all three checks pass,
    else ``ej_konvergerad``, ``hessian_ej_positivt_definit`` or ``pa_randen`` (the first that
    fails). Everything numeric is ``nan`` when the model cannot be fit at all (status
    ``ej_konvergerad``).

    Notes
    -----
    With a random intercept only, each participant's covariance is ``σ² (I + γ J)`` (γ = τ²/σ²), whose
    inverse and determinant are closed-form (Searle, Casella & McCulloch 1992, ch. 6): for given γ the
    fixed effects (generalised least squares), σ² and the REML criterion follow from sums per
    participant (sizes, means and the sums of squares within), computed once. What is left is one
    variable: the REML criterion, profiled over σ² as lme4 profiles it, is minimised over log γ by
    scipy's bounded Brent method (``scipy.optimize.minimize_scalar``). Its cost grows with the rows,
    not with the rows times the participants as statsmodels' ``MixedLM`` does (a loop over
    participants in Python at every step: 40 s per indicator for 50 000 participants). The standard
    error is lme4's, ``σ² (X' V₀⁻¹ X)⁻¹``. The t distribution on G − 2 degrees of freedom (instead of
    the normal) is a guard for few participants. Checked against R lme4 on statsmodels' ``dietox``
    data (861 rows, 72 pigs): ``lmer(Weight ~ Time + (1 | Pig))`` -> Time 6.942505 (SE 0.03338727),
    intercept 15.723523 (0.78805374), residual variance 11.36692, Pig variance 40.39395; and against
    statsmodels' ``MixedLM`` in ``tests/test_progression.py``.
    """
    import pandas as pd
    from scipy.optimize import minimize_scalar
    from scipy.special import stdtr, stdtrit
    from statsmodels.tools.numdiff import approx_hess3

    _check_level(level)
    out: dict[str, float | bool | str] = {
        "lutning": math.nan, "se": math.nan, "ki_lag": math.nan, "ki_hog": math.nan,
        "p_varde": math.nan, "intercept": math.nan, "deltagarvarians": math.nan,
        "residualvarians": math.nan, "konvergerad": False, "hessian_pd": False, "pa_randen": False,
        "status": "ej_konvergerad"}
    y = np.asarray(values, dtype=float)
    t = np.asarray(time, dtype=float)
    codes, distinct = pd.factorize(np.asarray(groups), use_na_sentinel=False)
    clusters, rows = len(distinct), len(y)
    freedom = rows - 2  # REML: the residual degrees of freedom
    if freedom < 1 or clusters < 2 or not (np.all(np.isfinite(y)) and np.all(np.isfinite(t))):
        return out
    # centred first (the slope does not change; the sums below lose no digits to large values)
    y_mean, t_mean = float(y.mean()), float(t.mean())
    y, t = y - y_mean, t - t_mean
    size = np.bincount(codes, minlength=clusters).astype(float)
    t_bar = np.bincount(codes, t, clusters) / size
    y_bar = np.bincount(codes, y, clusters) / size
    t_within, y_within = t - t_bar[codes], y - y_bar[codes]
    tt, ty, yy = float(t_within @ t_within), float(t_within @ y_within), float(y_within @ y_within)

    def solved(ratio: float) -> tuple[np.ndarray, np.ndarray, float]:
        """X' V₀⁻¹ X, the fixed effects and the residual sum of squares at γ = ``ratio``: for a
        participant's vectors a, b, a' V₀⁻¹ b = Σ (a − ā)(b − b̄) + n ā b̄ / (1 + n γ)."""
        weight = size / (1.0 + size * ratio)
        xvx = np.array([[weight.sum(), weight @ t_bar], [weight @ t_bar, tt + weight @ (t_bar * t_bar)]])
        xvy = np.array([weight @ y_bar, ty + weight @ (t_bar * y_bar)])
        beta = np.linalg.solve(xvx, xvy)
        return xvx, beta, yy + weight @ (y_bar * y_bar) - xvy @ beta

    def criterion(log_ratio: float) -> float:
        """−2 × the REML log-likelihood profiled over σ², less a constant."""
        ratio = math.exp(log_ratio)
        try:
            xvx, _, residual = solved(ratio)
        except np.linalg.LinAlgError:
            return math.inf
        sign, log_det = np.linalg.slogdet(xvx)
        if not residual > 0 or sign <= 0:
            return math.inf
        return freedom * math.log(residual / freedom) + float(np.log1p(size * ratio).sum()) + log_det

    low, high = math.log(1e-10), math.log(1e10)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = minimize_scalar(criterion, bounds=(low, high), method="bounded", options={"xatol": 1e-10})
        if not math.isfinite(found.fun):
            return out
        ratio = math.exp(found.x)
        xvx, beta, residual = solved(ratio)
        curvature = float(approx_hess3(np.array([found.x]), lambda x: criterion(float(x[0])))[0, 0])
    scale = float(residual / freedom)
    slope = float(beta[1])
    se = math.sqrt(scale * np.linalg.inv(xvx)[1, 1])
    group_variance = float(ratio * scale)
    total = group_variance + scale
    converged = bool(found.success and found.x < high - 1.0 and np.isfinite(slope) and np.isfinite(se)
                     and se > 0)
    positive = bool(np.isfinite(curvature) and curvature > 0)
    boundary = bool(not total > 0 or group_variance < BOUNDARY_SHARE * total)
    out.update(lutning=slope, se=se, intercept=float(beta[0]) + y_mean - slope * t_mean,
               deltagarvarians=group_variance, residualvarians=scale, konvergerad=converged,
               hessian_pd=positive, pa_randen=boundary)
    if converged and clusters > 2:
        q = float(stdtrit(clusters - 2, 0.5 + level / 2))
        out.update(ki_lag=slope - q * se, ki_hog=slope + q * se,
                   p_varde=float(2 * stdtr(clusters - 2, -abs(slope / se))))
    out["status"] = ("ej_konvergerad" if not converged else
                     "hessian_ej_positivt_definit" if not positive else
                     "pa_randen" if boundary else "redovisas")
    return out
