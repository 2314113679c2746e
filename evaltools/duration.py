"""Time in the insats: Kaplan–Meier of the days from start to exit.

Participants of ``totalt`` (started by the end of the report period) are followed from
``startdatum``: those who ended by the end of the period (``slutdatum ≤ slut``) for the days to
``slutdatum`` (an exit), the others for the days to the end of the period (still enrolled: censored,
their exit is not yet known). The median time in the insats is the first time the Kaplan–Meier curve
is at or below one half; it does not exist while more than half are still enrolled.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd

from .config import Period
from .participants import MISSING, population_mask, split_counts
from .stats import MIN_CLUSTERS

__all__ = ["time_in_insats", "survival_curve", "kaplan_meier", "DURATION_COLUMNS", "CURVE_COLUMNS"]

DURATION_COLUMNS = ["grupp", "deltagare", "avslutade", "pagaende", "median_dagar", "ki_lag", "ki_hog",
                    "status", "metod"]
CURVE_COLUMNS = ["grupp", "dagar", "andel_kvar", "ki_lag", "ki_hog", "i_risk", "avslutade"]

_METHOD = "Kaplan–Meier; medianens intervall: Brookmeyer–Crowley, log-transformering"


def _follow_up(deltagare: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Days followed and whether the participant ended, for every participant of ``totalt``.

    Internal: the result is row-aligned with ``deltagare`` (ids kept out of it, but never publish it).
    """
    chosen = deltagare.loc[population_mask(deltagare, period, "totalt")]
    slut = pd.Timestamp(period.slut)
    ended = (chosen["slutdatum"] <= slut).to_numpy()
    stop = chosen["slutdatum"].where(ended, slut)
    days = (stop - chosen["startdatum"]).dt.days.to_numpy(dtype=float)
    return pd.DataFrame({"dagar": days, "avslutad": ended}, index=chosen.index)


def kaplan_meier(days: np.ndarray, ended: np.ndarray, *, level: float = 0.95) -> dict[str, object]:
    """Kaplan–Meier estimate of the time to exit, its median and the median's interval.

    Returns
    -------
    dict with ``deltagare``, ``avslutade`` (int), ``median`` (the first time the curve is at or below
    0.5, NaN if never), ``ki_lag``, ``ki_hog`` (the median's interval at ``level``; NaN where
    undefined, e.g. an open upper end) and ``kurva``: a DataFrame with ``dagar``, ``andel_kvar``
    (S(t)), ``ki_lag``, ``ki_hog`` (pointwise interval of S(t)), ``i_risk`` and ``avslutade`` (int),
    one row per time with an exit, after a first row at day 0 (S = 1, everyone at risk) and, when
    someone is followed beyond the last exit, a last row at the longest follow-up.

    Notes
    -----
    ``statsmodels.duration.survfunc.SurvfuncRight(days, ended)``: S(t) and its Greenwood standard
    error. The median's interval is ``quantile_ci(0.5, method="log")`` (Brookmeyer & Crowley 1982,
    by inverting tests on log S(t)), the construction of R ``survfit``'s default interval
    (``conf.type = "log"``: the times whose pointwise interval holds 0.5); where the curve ends at 0
    the upper limit is the last exit. The pointwise interval of S(t) is R's default too:
    ``S · exp(± z · SE / S)``, cut at 1 (none where S = 0). The
    median itself is read off the curve as the contract defines it (statsmodels' ``quantile`` uses
    a strict inequality). Checked against R ``survfit`` on the Freireich 6-MP arm: S(6) = 0.857
    (SE 0.0764), S(13) = 0.690 (0.1068), S(23) = 0.448 (0.1346), median 23, interval 16 to NA.
    """
    from scipy.special import ndtri
    from statsmodels.duration.survfunc import SurvfuncRight

    days = np.asarray(days, dtype=float)
    ended = np.asarray(ended, dtype=bool)
    n, events = len(days), int(ended.sum())
    curve = pd.DataFrame({"dagar": [0.0], "andel_kvar": [1.0], "ki_lag": [1.0], "ki_hog": [1.0],
                          "i_risk": [n], "avslutade": [0]})
    out: dict[str, object] = {"deltagare": n, "avslutade": events, "median": math.nan,
                              "ki_lag": math.nan, "ki_hog": math.nan}
    if n == 0:
        out["kurva"] = curve.iloc[0:0].astype({"i_risk": "int64", "avslutade": "int64"})
        return out
    if events == 0:
        last = pd.DataFrame({"dagar": [days.max()], "andel_kvar": [1.0], "ki_lag": [1.0], "ki_hog": [1.0],
                             "i_risk": [int(np.sum(days >= days.max()))], "avslutade": [0]})
        out["kurva"] = pd.concat([curve, last], ignore_index=True) if days.max() > 0 else curve
        return out
    fit = SurvfuncRight(days, ended.astype(float))
    survival = np.asarray(fit.surv_prob, dtype=float)
    se = np.asarray(fit.surv_prob_se, dtype=float)
    z = float(ndtri(0.5 + level / 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = np.exp(z * se / survival)
        low = np.where(survival > 0, survival / spread, np.nan)
        high = np.where(survival > 0, np.minimum(1.0, survival * spread), np.nan)
    steps = pd.DataFrame({"dagar": np.asarray(fit.surv_times, dtype=float), "andel_kvar": survival,
                          "ki_lag": low, "ki_hog": high,
                          "i_risk": np.asarray(fit.n_risk, dtype="int64"),
                          "avslutade": np.asarray(fit.n_events, dtype="int64")})
    frames = [curve, steps]
    if days.max() > steps["dagar"].iloc[-1]:
        tail = steps.iloc[[-1]].assign(dagar=days.max(), avslutade=0,
                                       i_risk=int(np.sum(days >= days.max())))
        frames.append(tail)
    out["kurva"] = pd.concat(frames, ignore_index=True).astype({"i_risk": "int64", "avslutade": "int64"})
    below = np.flatnonzero(survival <= 0.5 + 1e-12)
    if len(below):
        out["median"] = float(fit.surv_times[below[0]])
    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        lo, hi = fit.quantile_ci(0.5, alpha=1 - level, method="log")
    out["ki_lag"] = float(lo) if np.isfinite(lo) else math.nan
    out["ki_hog"] = float(hi) if np.isfinite(hi) else math.nan
    return out


def _groups(deltagare: pd.DataFrame, period: Period, by: str | None,
            groups: tuple[str, ...] | None) -> tuple[pd.DataFrame, list[str]]:
    follow = _follow_up(deltagare, period)
    if by is None:
        return follow.assign(grupp="alla"), ["alla"]
    follow["grupp"] = deltagare.loc[follow.index, by].fillna(MISSING).to_numpy()
    order = split_counts(deltagare, period, by=by, groups=groups)
    return follow, [g for g, n in zip(order["grupp"], order["antal"]) if n > 0]


def time_in_insats(deltagare: pd.DataFrame, period: Period, *, by: str | None = None,
                   groups: tuple[str, ...] | None = None, min_participants: int = MIN_CLUSTERS,
                   level: float = 0.95) -> pd.DataFrame:
    """How long participants stay in the insats: the Kaplan–Meier median, overall or per group.

    Parameters
    ----------
    by, groups
        A column of ``deltagare`` to split by (``kon``, ``aldersgrupp``, ``kommun``) and the group
        order, as :func:`evaltools.participants.split_counts` takes them; ``None``: one row ``alla``.
    min_participants
        A group with fewer participants gets its counts only ("descriptives only").

    Returns
    -------
    DataFrame with :data:`DURATION_COLUMNS`, one row per group: ``grupp``, ``deltagare`` (int,
    participants of ``totalt``), ``avslutade`` (int, ended by the end of the period: the exits),
    ``pagaende`` (int, still enrolled: censored), ``median_dagar`` (days; NaN while the curve has not
    reached one half), ``ki_lag``, ``ki_hog`` (the median's interval at ``level``; an end is NaN where
    it is not defined, typically the upper end while few have ended), ``status`` (``redovisas``;
    ``median_ej_nadd``: more than half still enrolled; ``for_fa``: fewer than ``min_participants``;
    ``inga_deltagare``) and ``metod``.

    Notes
    -----
    :func:`kaplan_meier` (statsmodels ``SurvfuncRight``), checked against R ``survfit`` on the
    Freireich 6-MP arm (median 23, S(13) = 0.690).
    """
    follow, order = _groups(deltagare, period, by, groups)
    rows = []
    for group in order:
        part = follow.loc[follow["grupp"] == group]
        n, events = len(part), int(part["avslutad"].sum())
        row = {"grupp": group, "deltagare": n, "avslutade": events, "pagaende": n - events,
               "median_dagar": math.nan, "ki_lag": math.nan, "ki_hog": math.nan, "metod": _METHOD}
        if n == 0:
            row["status"] = "inga_deltagare"
        elif n < min_participants:
            row["status"] = "for_fa"
        else:
            km = kaplan_meier(part["dagar"].to_numpy(), part["avslutad"].to_numpy(), level=level)
            row.update(median_dagar=km["median"], ki_lag=km["ki_lag"], ki_hog=km["ki_hog"],
                       status="median_ej_nadd" if math.isnan(km["median"]) else "redovisas")
        rows.append(row)
    frame = pd.DataFrame(rows, columns=DURATION_COLUMNS)
    return frame.astype({"deltagare": "int64", "avslutade": "int64", "pagaende": "int64"})


def survival_curve(deltagare: pd.DataFrame, period: Period, *, by: str | None = None,
                   groups: tuple[str, ...] | None = None, min_participants: int = MIN_CLUSTERS,
                   level: float = 0.95) -> pd.DataFrame:
    """The Kaplan–Meier curve of the share still in the insats, as steps for a figure.

    Returns
    -------
    DataFrame with :data:`CURVE_COLUMNS`: ``grupp``, ``dagar`` (days since start), ``andel_kvar``
    (S(t): the share still enrolled after ``dagar`` days, drawn as a step that holds until the next
    row), ``ki_lag``, ``ki_hog`` (pointwise interval of S(t) at ``level``), ``i_risk`` (int,
    participants still followed just before ``dagar``) and ``avslutade`` (int, exits on that day).
    A first row per group at day 0 (S = 1), a row per day with an exit, and a last row at the longest
    follow-up when it is beyond the last exit. Groups with fewer than ``min_participants`` are left
    out (no curve is drawn for them).

    Notes
    -----
    :func:`kaplan_meier`; pointwise interval as R ``survfit(conf.type = "log")``: Freireich 6-MP
    S(13) = 0.690, 0.510–0.935.
    """
    follow, order = _groups(deltagare, period, by, groups)
    frames = []
    for group in order:
        part = follow.loc[follow["grupp"] == group]
        if len(part) == 0 or len(part) < min_participants:
            continue
        km = kaplan_meier(part["dagar"].to_numpy(), part["avslutad"].to_numpy(), level=level)
        frames.append(km["kurva"].assign(grupp=group))
    if not frames:
        empty = pd.DataFrame({c: pd.Series(dtype="float64") for c in CURVE_COLUMNS})
        return empty.astype({"grupp": "str", "i_risk": "int64", "avslutade": "int64"})
    return pd.concat(frames, ignore_index=True)[CURVE_COLUMNS]
