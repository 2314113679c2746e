"""Small, exact statistics used across the evaluation modules.

They are written out here (a few lines each) rather than imported from statsmodels, whose import
alone costs seconds per report; each is checked in ``tests/test_stats.py`` against an independent
reference (R output, a published table or statsmodels itself).
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np

__all__ = ["wilson_interval", "clustered_rate_interval", "sign_test", "holm", "MIN_CLUSTERS",
           "too_few_for_sign_test"]

#: fewer participants than this: a rate is reported without an interval (descriptives only)
MIN_CLUSTERS = 10


def _z(confidence: float) -> float:
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a binomial share ``successes / n``.

    Returns ``(nan, nan)`` when ``n`` is 0.

    Notes
    -----
    ``(x + z²/2) / (n + z²) ± z / (n + z²) · sqrt(x (n − x) / n + z² / 4)`` (Wilson 1927; Agresti &
    Coull 1998). Checked against R ``binom::binom.confint(method = "wilson")``: 18/20 ->
    0.6990–0.9721, 4/20 -> 0.0807–0.4160, and the hand formula 75/156 -> 0.4038–0.5587.
    """
    if n <= 0:
        return (math.nan, math.nan)
    if not 0 <= successes <= n:
        raise ValueError("successes must lie between 0 and n")
    z = _z(confidence)
    z2 = z * z
    centre = (successes + z2 / 2) / (n + z2)
    half = z / (n + z2) * math.sqrt(successes * (n - successes) / n + z2 / 4)
    return (max(0.0, centre - half), min(1.0, centre + half))


def clustered_rate_interval(attended: np.ndarray, planned: np.ndarray, confidence: float = 0.95,
                            min_clusters: int = MIN_CLUSTERS) -> tuple[float, float]:
    """Interval for a pooled rate ``Σ attended / Σ planned`` whose occasions cluster in participants.

    ``attended[i]`` and ``planned[i]`` are participant ``i``'s totals; participants with nothing
    planned do not count. Returns ``(nan, nan)`` with fewer than ``min_clusters`` participants or a
    rate of exactly 0 or 1 (the logit interval is not defined there).

    Notes
    -----
    The estimate of an intercept-only binomial GEE with independence working correlation is the pooled
    rate ``p = A / M``. Its bias-reduced (Mancl & DeRouen 2001) sandwich variance has the closed form
    ``Var(p) = Σ_i (e_i · M / (M − m_i))² / M²`` with ``e_i = a_i − p · m_i``: for this model the
    cluster leverage is ``H_i = 1 1ᵀ / M``, and ``(I − H_i)⁻¹ e_i`` sums to ``e_i M / (M − m_i)``.
    The interval is ``p`` back-transformed from ``logit(p) ± t_{G−1} · SE / (p (1 − p))``, with a t
    distribution on G − 1 degrees of freedom (G participants), as recommended for few clusters.
    Checked against statsmodels ``GEE(..., cov_struct=Independence()).fit(cov_type="bias_reduced")``.
    """
    from scipy.special import stdtrit  # light; scipy.stats would cost a second per report

    attended = np.asarray(attended, dtype=float)
    planned = np.asarray(planned, dtype=float)
    used = planned > 0
    attended, planned = attended[used], planned[used]
    clusters = len(planned)
    total = planned.sum()
    if clusters < max(min_clusters, 2):
        return (math.nan, math.nan)
    p = attended.sum() / total
    if p <= 0.0 or p >= 1.0:
        return (math.nan, math.nan)
    residual = (attended - p * planned) * total / (total - planned)
    se = math.sqrt(float(np.sum(residual ** 2))) / total
    se_logit = se / (p * (1 - p))
    t = float(stdtrit(clusters - 1, 0.5 + confidence / 2))
    centre = math.log(p / (1 - p))
    low, high = centre - t * se_logit, centre + t * se_logit
    return (1 / (1 + math.exp(-low)), 1 / (1 + math.exp(-high)))


def sign_test(improved: int, worse: int) -> float:
    """Two-sided exact sign test of ``improved`` against ``worse`` (ties already dropped).

    Returns ``nan`` when both are 0.

    Notes
    -----
    ``p = min(1, 2 · P(X ≤ min(k, n − k)))`` with ``X ~ Bin(n, 1/2)``. Checked against the Hollander &
    Wolfe depression data (7 improved, 2 worse): R ``binom.test(7, 9)`` -> p = 0.1796875.
    """
    n = improved + worse
    if n == 0:
        return math.nan
    k = min(improved, worse)
    tail = sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n
    return min(1.0, 2 * tail)


def too_few_for_sign_test(n: int, alpha: float = 0.05) -> bool:
    """True when no outcome of ``n`` non-tied pairs could reach ``alpha`` (two-sided: n ≤ 5 at 5 %)."""
    return n == 0 or 2 * 0.5 ** n > alpha


def holm(pvalues: np.ndarray) -> np.ndarray:
    """Holm's step-down adjustment; ``nan`` entries are left out of the family and stay ``nan``.

    Notes
    -----
    Sorted ascending, ``p_(j)`` becomes ``max_{i ≤ j} min(1, (m − i + 1) p_(i))`` (Holm 1979), as R's
    ``p.adjust(p, "holm")``.
    """
    pvalues = np.asarray(pvalues, dtype=float)
    adjusted = np.full_like(pvalues, np.nan)
    present = np.flatnonzero(~np.isnan(pvalues))
    m = len(present)
    order = present[np.argsort(pvalues[present], kind="stable")]
    running = 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (m - rank) * pvalues[index]))
        adjusted[index] = running
    return adjusted
