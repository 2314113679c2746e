"""Progression: repeated self-ratings (SMAIL, BIP, …), first against latest rating per indicator.

Each participant's first and latest rating up to the end of the report period are compared;
participants with a single rating of an indicator are not counted for it. The scale and whether a
higher value is better come from ``insats.yaml``. The sign test (exact binomial on improved against
worse, ties dropped) maps directly onto the improved/unchanged/worse counts; p-values are adjusted
across indicators with Holm's method.

Beside first against latest: the Wilcoxon signed-rank test as a secondary test
(:func:`progression_wilcoxon`), how far participants moved (:func:`change_distribution`), and a
model over all rating occasions (:func:`progression_model`: a linear trend per month since each
participant's first rating, random intercept per participant), reported only when it converged with
a positive definite Hessian off the boundary. Everything is computed per indicator on whole columns:
no loop over participants.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .config import Period
from .participants import id_codes
from .stats import (MIN_CLUSTERS, holm, random_intercept_trend, sign_test, too_few_for_sign_test,
                    wilcoxon_signed_rank)

__all__ = ["rating_codes", "RatingCodes", "rating_changes", "progression_summary", "ratings_by_wave", "change_distribution",
           "progression_wilcoxon", "progression_model", "SUMMARY_COLUMNS", "DISTRIBUTION_COLUMNS",
           "WILCOXON_COLUMNS", "MODEL_COLUMNS", "MAX_MODEL_PARTICIPANTS", "DAYS_PER_MONTH"]

SUMMARY_COLUMNS = ["indikator", "deltagare", "forbattrad", "oforandrad", "forsamrad", "medelforandring",
                   "forsta_medel", "senaste_medel", "p_varde", "p_justerat", "metod"]
DISTRIBUTION_COLUMNS = ["indikator", "forandring", "riktning", "deltagare", "andel"]
WILCOXON_COLUMNS = ["indikator", "deltagare", "forandrade", "v", "p_varde", "p_justerat", "metod"]
MODEL_COLUMNS = ["indikator", "deltagare", "deltagare_upprepade", "skattningar", "lutning_per_manad",
                 "ki_lag", "ki_hog", "p_varde", "deltagarvarians", "residualvarians", "redovisas",
                 "status", "metod"]

#: the default cap on participants for an indicator's model: none. The model's cost grows with the
#: ratings (:func:`~evaltools.stats.random_intercept_trend`), so a national insats gets one too; a
#: caller may still set ``max_participants`` (status ``for_manga`` above it).
MAX_MODEL_PARTICIPANTS: int | None = None

#: the mean length of a month in days (365.25 / 12): time since the first rating is in months
DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class RatingCodes:
    """Each row's participant and indicator of a progression table as codes into their distinct
    values sorted (−1: missing; the groups and their order of pandas' groupby of the texts), and the
    indicators in the order of the file. Made by :func:`rating_codes` once for every table of a
    report (telling 800 000 ratings' texts apart is the costly step of each)."""

    ids: np.ndarray  # one per row of the table, in its order
    id_values: np.ndarray  # object array, sorted
    indicators: np.ndarray
    indicator_values: np.ndarray
    order: list[str]  # the indicators in the order they first appear in the file


def rating_codes(progression: pd.DataFrame) -> RatingCodes:
    """The :class:`RatingCodes` of ``progression``'s rows, to hand to the functions of this module as
    ``codes`` (they compute it themselves by default)."""
    ids, id_values = id_codes(progression["deltagar_id"])
    indicators, indicator_values = _codes(progression["indikator"], sort=True)
    if (indicators < 0).any():  # a row without an indicator (never in a canonical table)
        order = _indicators(progression)
    else:
        rad = progression["rad"]  # a canonical table is in the file's order
        in_file = indicators if rad.is_monotonic_increasing else indicators[np.argsort(rad.to_numpy(), kind="stable")]
        order = list(np.asarray(indicator_values, dtype=object)[pd.unique(in_file)])
    return RatingCodes(ids, np.asarray(id_values, dtype=object), indicators,
                       np.asarray(indicator_values, dtype=object), order)


def _given(progression: pd.DataFrame, codes: RatingCodes | None) -> RatingCodes:
    """``codes``, or :func:`rating_codes` of ``progression`` when not given."""
    if codes is None:
        return rating_codes(progression)
    if len(codes.ids) != len(progression):
        raise ValueError("codes are the codes of another progression table")
    return codes


def _indicators(progression: pd.DataFrame, codes: RatingCodes | None = None) -> list[str]:
    """Indicators in the order they first appear in the file."""
    if codes is not None:
        return _given(progression, codes).order
    if not progression["rad"].is_monotonic_increasing:  # a canonical table is in the file's order
        progression = progression.sort_values("rad", kind="stable")
    return list(pd.unique(progression["indikator"]))


def rating_changes(progression: pd.DataFrame, period: Period, *, higher_is_better: bool = True,
                   codes: RatingCodes | None = None) -> pd.DataFrame:
    """Each participant's first and latest rating of each indicator, up to the end of the period.

    Internal: the result holds participant ids and must never be published as it is.

    Returns
    -------
    DataFrame with ``deltagar_id``, ``indikator``, ``skattningar`` (int, ratings up to the end of the
    period), ``forsta``, ``senaste``, ``forandring`` (latest − first, in the scale's units) and
    ``riktning`` (``forbattrad``, ``oforandrad`` or ``forsamrad``, by ``higher_is_better``), one row
    per participant and indicator with at least two ratings. ``codes``: :func:`rating_codes` of
    ``progression``, when the caller has it already.
    """
    codes = _given(progression, codes)
    up_to = _up_to(progression, period)
    # participant and indicator as one integer key (sorted as the texts sort), rows by key and date:
    # the groups and their order of pandas' groupby of the texts, without hashing every text again
    ids, id_values = codes.ids[up_to], codes.id_values
    indicators, indicator_values = codes.indicators[up_to], codes.indicator_values
    known = np.flatnonzero((ids >= 0) & (indicators >= 0))  # rows without either are in no group
    key = ids.astype(np.int64) * len(indicator_values) + indicators
    days = progression["datum"].to_numpy(dtype="datetime64[s]")[up_to]
    order = known[_by_key_and_day(key[known], days[known])]
    grouped = pd.Series(progression["varde"].to_numpy()[up_to][order]).groupby(key[order], sort=False)
    frame = pd.DataFrame({"skattningar": grouped.size(), "forsta": grouped.first(),
                          "senaste": grouped.last()})
    groups = frame.index.to_numpy()
    frame = frame.reset_index(drop=True)
    frame.insert(0, "deltagar_id", pd.array(id_values.take(groups // max(len(indicator_values), 1)), dtype="str"))
    frame.insert(1, "indikator", pd.array(indicator_values.take(groups % max(len(indicator_values), 1)), dtype="str"))
    frame = frame.loc[frame["skattningar"] >= 2].reset_index(drop=True)
    frame["skattningar"] = frame["skattningar"].astype("int64")
    frame["forandring"] = frame["senaste"] - frame["forsta"]
    better = np.sign(frame["forandring"].to_numpy()) * (1 if higher_is_better else -1)
    frame["riktning"] = np.select([better > 0, better < 0], ["forbattrad", "forsamrad"], "oforandrad")
    return frame


def _by_key_and_day(key: np.ndarray, days: np.ndarray) -> np.ndarray:
    """The order of rows by ``key`` (ints ≥ 0), then ``days`` (``datetime64[s]``, NaT last), rows of a
    key and day in their order: ``np.lexsort((days, key))``, by one stable sort of one integer made
    of both when it fits in 62 bits."""
    seconds = days.view(np.int64)
    missing = np.isnat(days)
    if len(key) and not missing.all():
        low, high = int(seconds[~missing].min()), int(seconds[~missing].max())
        span = high - low + 2  # the last for NaT
        if (int(key.max()) + 1) * span < 2 ** 62:
            combined = key.astype(np.int64) * span + np.where(missing, span - 1, seconds - low)
            return np.argsort(combined, kind="stable")
    return np.lexsort((np.where(missing, np.iinfo(np.int64).max, seconds), key))


def _codes(texts: pd.Series, *, sort: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """A text column as codes (−1: missing) into its distinct values (an object array), as
    :func:`pandas.factorize` gives them (sorted as the texts sort with ``sort``)."""
    return pd.factorize(texts.to_numpy(dtype=object), sort=sort)


def _up_to(progression: pd.DataFrame, period: Period) -> np.ndarray:
    """Which rows are dated up to the end of the period."""
    return (progression["datum"] <= pd.Timestamp(period.slut)).to_numpy(dtype=bool)


def progression_summary(progression: pd.DataFrame, period: Period, *, higher_is_better: bool = True,
                        alpha: float = 0.05, changes: pd.DataFrame | None = None,
                        codes: RatingCodes | None = None) -> pd.DataFrame:
    """Per indicator: how many improved, stayed, got worse; mean change; sign test.

    Parameters
    ----------
    changes
        :func:`rating_changes` of this ``progression`` and ``period`` with the same
        ``higher_is_better``, when the caller has it already (a report computes it once for its
        tables); computed here by default.
    codes
        :func:`rating_codes` of ``progression``, when the caller has it already.

    Returns
    -------
    DataFrame with :data:`SUMMARY_COLUMNS`, one row per indicator in the order of the file:
    ``deltagare`` (int, participants with two or more ratings), ``forbattrad``, ``oforandrad``,
    ``forsamrad`` (int), ``medelforandring`` (mean of latest − first, the scale's units),
    ``forsta_medel`` and ``senaste_medel`` (mean first and latest rating of those participants),
    ``p_varde`` (two-sided exact sign test; NaN when too few changed for any test to reach ``alpha``),
    ``p_justerat`` (Holm over the indicators tested) and ``metod``.

    Notes
    -----
    Sign test: :func:`evaltools.stats.sign_test` (``scipy.special.bdtr``), checked against R
    ``binom.test(7, 9)`` (Hollander & Wolfe): p = 0.1796875; Holm: statsmodels ``multipletests``,
    checked against R ``p.adjust``.
    """
    if changes is None:
        changes = rating_changes(progression, period, higher_is_better=higher_is_better, codes=codes)
    counts = pd.crosstab(changes["indikator"], changes["riktning"])
    means = changes.groupby("indikator")[["forandring", "forsta", "senaste"]].mean()
    rows = []
    for indicator in _indicators(progression, codes):
        up, same, down = (int(counts.at[indicator, k]) if indicator in counts.index and k in counts
                          else 0 for k in ("forbattrad", "oforandrad", "forsamrad"))
        if too_few_for_sign_test(up + down, alpha):
            p, method = math.nan, "för få förändrade för ett test"
        else:
            p, method = sign_test(up, down), "teckentest (exakt, tvåsidigt), Holm-justerat"
        present = indicator in means.index
        rows.append({"indikator": indicator, "deltagare": up + same + down, "forbattrad": up,
                     "oforandrad": same, "forsamrad": down,
                     "medelforandring": means.at[indicator, "forandring"] if present else math.nan,
                     "forsta_medel": means.at[indicator, "forsta"] if present else math.nan,
                     "senaste_medel": means.at[indicator, "senaste"] if present else math.nan,
                     "p_varde": p, "metod": method})
    frame = pd.DataFrame(rows, columns=[c for c in SUMMARY_COLUMNS if c != "p_justerat"])
    frame.insert(SUMMARY_COLUMNS.index("p_justerat"), "p_justerat", holm(frame["p_varde"].to_numpy()))
    return frame


def change_distribution(progression: pd.DataFrame, period: Period, *, higher_is_better: bool = True,
                        changes: pd.DataFrame | None = None, codes: RatingCodes | None = None) -> pd.DataFrame:
    """How many participants moved by how much between their first and latest rating, per indicator.

    Parameters
    ----------
    changes
        :func:`rating_changes` of this ``progression`` and ``period`` (either direction of the
        scale: only the changes are read), when the caller has it already (a report computes it
        once for its tables); computed here by default.
    codes
        :func:`rating_codes` of ``progression``, when the caller has it already.

    Returns
    -------
    DataFrame with :data:`DISTRIBUTION_COLUMNS`, one row per indicator and change: ``indikator`` (in
    the order of the file), ``forandring`` (latest − first, in the scale's units), ``riktning``
    (``forbattrad``, ``oforandrad`` or ``forsamrad`` by ``higher_is_better``), ``deltagare`` (int,
    participants with that change) and ``andel`` (of the indicator's participants with two or more
    ratings). When every change is a whole number, every whole change from the smallest to the
    largest seen (over all indicators, 0 included) is listed for every indicator, zeros included, so
    that figures share one axis; otherwise only the changes seen.
    """
    if changes is None:
        changes = rating_changes(progression, period, higher_is_better=higher_is_better, codes=codes)
    rated = set(pd.unique(changes["indikator"]))
    indicators = [i for i in _indicators(progression, codes) if i in rated]
    counts = changes.groupby(["indikator", "forandring"]).size()
    values = changes["forandring"].to_numpy()
    if len(values) and np.all(np.mod(values, 1) == 0):
        steps = np.arange(min(values.min(), 0), max(values.max(), 0) + 1, dtype=float)
    else:
        steps = np.unique(values)
    index = pd.MultiIndex.from_product([indicators, steps], names=["indikator", "forandring"])
    frame = counts.reindex(index, fill_value=0).rename("deltagare").reset_index()
    frame["deltagare"] = frame["deltagare"].astype("int64")
    totals = frame.groupby("indikator", sort=False)["deltagare"].transform("sum")
    frame["andel"] = frame["deltagare"] / totals.where(totals > 0)
    better = np.sign(frame["forandring"].to_numpy()) * (1 if higher_is_better else -1)
    frame["riktning"] = np.select([better > 0, better < 0], ["forbattrad", "forsamrad"], "oforandrad")
    return frame[DISTRIBUTION_COLUMNS]


def progression_wilcoxon(progression: pd.DataFrame, period: Period, *,
                         changes: pd.DataFrame | None = None, codes: RatingCodes | None = None) -> pd.DataFrame:
    """Wilcoxon signed-rank test of latest against first rating per indicator (secondary to the sign
    test: it also weighs how far participants moved, not only in which direction).

    Parameters
    ----------
    changes
        :func:`rating_changes` of this ``progression`` and ``period`` (either direction of the
        scale: only the changes are read), when the caller has it already (a report computes it
        once for its tables); computed here by default.
    codes
        :func:`rating_codes` of ``progression``, when the caller has it already.

    Returns
    -------
    DataFrame with :data:`WILCOXON_COLUMNS`, one row per indicator in the order of the file:
    ``deltagare`` (int, participants with two or more ratings), ``forandrade`` (int, those whose
    rating changed), ``v`` (sum of the ranks of the increases, R's ``V``), ``p_varde`` (two-sided;
    NaN when nothing changed), ``p_justerat`` (Holm over the indicators tested) and ``metod``
    (``exakt``: the exact permutation distribution, with up to
    :data:`~evaltools.stats.WILCOXON_EXACT_MAX` changed; ``normalapproximation``: normal with tie
    and continuity correction; ``inga_forandringar``).

    Notes
    -----
    :func:`evaltools.stats.wilcoxon_signed_rank` (``scipy.stats.wilcoxon`` with the method passed
    explicitly), checked against Hollander & Wolfe's depression data, R ``wilcox.test(x, y,
    paired = TRUE)``: V = 40, p = 0.0390625. The test is two-sided, so the direction of the scale
    does not change it.
    """
    if changes is None:
        changes = rating_changes(progression, period, codes=codes)
    by_indicator = dict(tuple(changes.groupby("indikator", sort=False)["forandring"]))
    rows = []
    for indicator in _indicators(progression, codes):
        d = by_indicator.get(indicator, pd.Series(dtype=float)).to_numpy()
        v, p, method = wilcoxon_signed_rank(d)
        rows.append({"indikator": indicator, "deltagare": len(d), "forandrade": int(np.sum(d != 0)),
                     "v": v, "p_varde": p, "metod": method})
    frame = pd.DataFrame(rows, columns=[c for c in WILCOXON_COLUMNS if c != "p_justerat"])
    frame.insert(WILCOXON_COLUMNS.index("p_justerat"), "p_justerat", holm(frame["p_varde"].to_numpy()))
    return frame


def progression_model(progression: pd.DataFrame, period: Period, *,
                      min_participants: int = MIN_CLUSTERS,
                      max_participants: int | None = MAX_MODEL_PARTICIPANTS,
                      level: float = 0.95, codes: RatingCodes | None = None) -> pd.DataFrame:
    """A model over all rating occasions per indicator: the mean change per month.

    Every rating up to the end of the period counts; time is months since the participant's first
    rating of the indicator. The model has a fixed linear trend and a random intercept per
    participant (random slopes are not credible with two or three ratings each).

    Returns
    -------
    DataFrame with :data:`MODEL_COLUMNS`, one row per indicator in the order of the file:
    ``deltagare`` (int, participants with a rating), ``deltagare_upprepade`` (int, with two or
    more), ``skattningar`` (int, ratings), ``lutning_per_manad`` (mean change of the rating per
    month, in the scale's units; positive = rising, whatever the direction of the scale),
    ``ki_lag``, ``ki_hog`` (its interval at ``level``), ``p_varde`` (two-sided, slope 0),
    ``deltagarvarians``, ``residualvarians``, ``redovisas`` (bool: the numbers may be reported),
    ``status`` (``redovisas``; or why not: ``for_fa`` fewer than ``min_participants`` with two or
    more ratings; ``for_manga`` more than ``max_participants`` (when one is set), not fitted;
    ``ingen_tidsspridning`` all ratings of a participant on one day; ``ej_konvergerad``;
    ``hessian_ej_positivt_definit``; ``pa_randen`` the participant variance is estimated at (near)
    zero) and ``metod``. Where ``redovisas`` is false the numbers of a fitted model are still given,
    for the evaluator, but must not be published. ``codes``: :func:`rating_codes` of
    ``progression``, when the caller has it already.

    Notes
    -----
    :func:`evaltools.stats.random_intercept_trend`: REML as lme4 and statsmodels ``MixedLM`` fit it,
    checked against R lme4 on statsmodels' ``dietox`` data (Time 6.942505). Months are days / 30.4375.
    """
    codes = _given(progression, codes)
    used = _up_to(progression, period) & progression["varde"].notna().to_numpy(dtype=bool)
    rows = progression.loc[used, ["datum", "varde", "deltagar_id"]]
    # participant and indicator as one integer key (-1: either missing, in no group)
    ids, indicators, indicator_values = codes.ids[used], codes.indicators[used], codes.indicator_values
    width = max(len(indicator_values), 1)
    key = np.where((ids >= 0) & (indicators >= 0), ids.astype(np.int64) * width + indicators, -1)
    # the rows of each key one after another (one stable sort), its first and latest rating's date
    seconds = rows["datum"].to_numpy(dtype="datetime64[s]").view(np.int64)
    valid = np.flatnonzero(key >= 0)
    order = valid[np.argsort(key[valid], kind="stable")]
    sorted_key = key[order]
    starts = np.flatnonzero(np.r_[True, sorted_key[1:] != sorted_key[:-1]]) if len(order) else order
    sizes = np.diff(np.r_[starts, len(order)])
    first = np.minimum.reduceat(seconds[order], starts) if len(order) else seconds[:0]
    latest = np.maximum.reduceat(seconds[order], starts) if len(order) else seconds[:0]
    # whole days since the participant's first rating of the indicator, in months (NaN without a key)
    days = np.full(len(key), np.nan)
    days[order] = (seconds[order] - np.repeat(first, sizes)) // 86400
    months = days / DAYS_PER_MONTH
    # per participant and indicator: ratings, and whether the latest is a day or more after the first
    groups = sorted_key[starts] % width
    counts = {"deltagare": np.bincount(groups, minlength=width),
              "deltagare_upprepade": np.bincount(groups, weights=sizes >= 2, minlength=width),
              "tidsspridning": np.bincount(groups, weights=(latest - first) // 86400 > 0, minlength=width),
              "skattningar": np.bincount(indicators[indicators >= 0], minlength=width)}
    out = []
    for indicator in codes.order:
        at = int(pd.Index(indicator_values).get_indexer([indicator])[0]) if len(indicator_values) else -1
        n, repeated_twice, repeated, ratings = (int(counts[c][at]) if at >= 0 else 0 for c in counts)
        row = {"indikator": indicator, "deltagare": n, "deltagare_upprepade": repeated_twice,
               "skattningar": ratings, "lutning_per_manad": math.nan, "ki_lag": math.nan,
               "ki_hog": math.nan, "p_varde": math.nan, "deltagarvarians": math.nan,
               "residualvarians": math.nan, "redovisas": False,
               "metod": "linjär blandad modell (REML), slumpintercept per deltagare"}
        if repeated_twice < max(min_participants, 3):
            row["status"] = "for_fa"
        elif max_participants is not None and n > max_participants:
            row["status"] = "for_manga"
        elif repeated < max(min_participants, 3):
            row["status"] = "ingen_tidsspridning"
        else:
            part = indicators == at
            fit = random_intercept_trend(rows["varde"].to_numpy()[part], months[part],
                                         ids[part], level=level)
            row.update(lutning_per_manad=fit["lutning"], ki_lag=fit["ki_lag"], ki_hog=fit["ki_hog"],
                       p_varde=fit["p_varde"], deltagarvarians=fit["deltagarvarians"],
                       residualvarians=fit["residualvarians"], status=fit["status"],
                       redovisas=fit["status"] == "redovisas")
        out.append(row)
    return pd.DataFrame(out, columns=MODEL_COLUMNS)


def ratings_by_wave(progression: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Mean rating per indicator at each participant's 1st, 2nd, 3rd … rating (up to period end).

    Returns
    -------
    DataFrame with ``indikator``, ``matning`` (int, 1 = first rating), ``deltagare`` (int) and
    ``medel``, one row per indicator and wave, indicators in the order of the file.
    """
    rows = progression.loc[progression["datum"] <= pd.Timestamp(period.slut)]
    rows = rows.sort_values(["deltagar_id", "indikator", "datum"], kind="stable")
    wave = rows.groupby(["deltagar_id", "indikator"]).cumcount() + 1
    grouped = rows.assign(matning=wave.astype("int64")).groupby(["indikator", "matning"])["varde"]
    frame = pd.DataFrame({"deltagare": grouped.size().astype("int64"), "medel": grouped.mean()})
    frame = frame.reset_index()
    order = {name: i for i, name in enumerate(_indicators(progression))}
    frame = frame.sort_values(["indikator", "matning"], key=lambda s: s.map(order) if s.name ==
                              "indikator" else s, kind="stable")
    return frame.reset_index(drop=True)[["indikator", "matning", "deltagare", "medel"]]
