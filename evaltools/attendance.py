"""Attendance (närvaro): rates overall, by group and month, absence reasons and its concentration.

Rates are pooled: attended / planned summed over participants. Occasions are clustered in
participants, so the uncertainty is that of participants, not of occasions (see
:func:`evaltools.stats.clustered_rate_interval`). By the contract, attendance counts every row dated
up to the end of the report period (``datum ≤ slut``; for form B rows, the last day of the row's
period); ``cumulative=False`` keeps only the rows dated within the period.

Groups are compared with :func:`attendance_difference`: each group's rate against a reference
group's, the difference with an interval that treats participants as clusters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .config import Period
from .participants import MISSING, id_codes
from .stats import MIN_CLUSTERS, clustered_rate_interval, rate_difference
from .vocabulary import ABSENCE_REASONS, UNKNOWN

__all__ = ["attendance_window", "attendance_rate", "attendance_overview", "attendance_per_participant",
           "attendance_distribution", "attendance_by_month", "absence_reasons",
           "absence_concentration", "attendance_difference", "participant_codes", "ParticipantCodes",
           "RATE_COLUMNS",
           "RATE_DIFFERENCE_COLUMNS", "UNKNOWN_GROUPS"]

RATE_COLUMNS = ["grupp", "deltagare", "planerade", "narvarande", "andel", "ki_lag", "ki_hog", "metod"]

RATE_DIFFERENCE_COLUMNS = ["grupp", "referens", "deltagare", "planerade", "narvarande", "andel",
                           "ki_lag", "ki_hog", "skillnad", "skillnad_ki_lag", "skillnad_ki_hog",
                           "status", "metod"]

#: groups that stand for a missing or unknown value: listed, never compared
UNKNOWN_GROUPS = frozenset({MISSING, UNKNOWN, "okant"})

_CLUSTERED = "GEE-sandwich (bias-reducerad), logit, t(G−1)"
_DIFFERENCE = "GEE-sandwich (bias-reducerad), deltametoden, t(G−2)"


@dataclass(frozen=True)
class ParticipantCodes:
    """Each row's participant of a narvaro table as a code into the ids sorted (−1 without an id): the
    groups and their order of ``groupby("deltagar_id", sort=True)``. Made by :func:`participant_codes`
    once for every function here that groups rows by participant (on millions of rows, telling the
    participants apart is the costly step)."""

    codes: np.ndarray  # one per row of the table, in its order
    ids: np.ndarray  # object array of the distinct ids, sorted


def participant_codes(narvaro: pd.DataFrame) -> ParticipantCodes:
    """The :class:`ParticipantCodes` of ``narvaro``'s rows, to hand to the functions of this module as
    ``participants`` (they compute it themselves by default)."""
    codes, ids = id_codes(narvaro["deltagar_id"])
    return ParticipantCodes(codes, np.asarray(ids, dtype=object))


def attendance_window(narvaro: pd.DataFrame, period: Period, *, cumulative: bool = True) -> pd.DataFrame:
    """The rows that count for a report period: dated up to its end (and from its start, if not
    ``cumulative``)."""
    return narvaro.loc[_window(narvaro, period, cumulative)]


def _window(narvaro: pd.DataFrame, period: Period, cumulative: bool) -> np.ndarray:
    """Which rows count for the period (see :func:`attendance_window`)."""
    days = narvaro["datum"]
    if not isinstance(days.dtype, np.dtype) or days.dtype.kind != "M":
        keep = (days <= pd.Timestamp(period.slut)).to_numpy(dtype=bool)
        if not cumulative:
            keep &= (days >= pd.Timestamp(period.start)).to_numpy(dtype=bool)
        return keep
    days = days.to_numpy()

    def day(value: object) -> np.datetime64:  # in the column's unit: no conversion of millions of dates
        return np.datetime64(pd.Timestamp(value)).astype(days.dtype)

    keep = days <= day(period.slut)  # NaT compares false
    if not cumulative:
        keep &= days >= day(period.start)
    return keep


def _columns(narvaro: pd.DataFrame, keep: np.ndarray, columns: list[str]) -> dict[str, Any]:
    """``columns`` of the rows where ``keep`` is true, as arrays (numpy's where they are numpy's)."""
    every = keep.all()
    out = {}
    for name in columns:
        column = narvaro[name]
        values = column.to_numpy() if isinstance(column.dtype, np.dtype) else column.array
        out[name] = values if every else values[keep]
    return out


def _window_participants(narvaro: pd.DataFrame, keep: np.ndarray,
                         participants: ParticipantCodes | None) -> tuple[np.ndarray, np.ndarray]:
    """The participant of each row where ``keep`` is true as a code into the ids of those rows
    sorted (−1 without an id), and those ids: ``pd.factorize(ids, sort=True)`` of the rows, from
    ``participants`` without hashing the ids again when given."""
    if participants is None:
        return pd.factorize(narvaro["deltagar_id"].to_numpy(dtype=object)[keep], sort=True)
    if len(participants.codes) != len(narvaro):
        raise ValueError("participants are the codes of another narvaro table")
    if keep.all():  # every id occurs in the table
        return participants.codes, participants.ids
    codes, present = _dense_codes(participants.codes[keep], len(participants.ids))
    return codes, participants.ids[present]


def attendance_per_participant(narvaro: pd.DataFrame, period: Period, *, cumulative: bool = True,
                               participants: ParticipantCodes | None = None) -> pd.DataFrame:
    """Each participant's planned and attended occasions (or hours).

    Internal: the result holds participant ids and must never be published as it is. Every rate of
    this module is computed from it; the functions take it as ``per`` when the caller has it already
    (a report computes it once for all its tables: on millions of rows, grouping by participant is
    the costly step). ``participants``: :func:`participant_codes` of ``narvaro``, when the caller
    has it already.

    Returns
    -------
    DataFrame with ``deltagar_id``, ``planerade``, ``narvarande``, ``franvaro`` (planned − attended)
    and ``andel`` (NaN with nothing planned), one row per participant with rows in the window.
    """
    keep = _window(narvaro, period, cumulative)
    ids, names = _window_participants(narvaro, keep, participants)
    totals = _sums(_columns(narvaro, keep, ["planerade", "narvarande"]), ids, len(names))
    totals.insert(0, "deltagar_id", pd.array(names, dtype="str"))
    totals["franvaro"] = totals["planerade"] - totals["narvarande"]
    totals["andel"] = totals["narvarande"] / totals["planerade"].where(totals["planerade"] > 0)
    return totals


def _sums(columns: dict[str, Any], codes: np.ndarray, size: int) -> pd.DataFrame:
    """The sums of each of ``columns`` (arrays of equal length) per code ``0 … size − 1`` (rows with
    code −1 in none), one row per code, as ``DataFrame(columns).groupby(codes).sum()`` gives them for
    codes that all occur.

    Whole numbers (occasions) are summed by ``np.bincount``: their float sums are exact in any order,
    so equal to the compensated sums of pandas' groupby; other values (hours, NaN) by pandas."""
    counted = None if len(codes) == 0 or codes.min() >= 0 else codes >= 0
    if len(codes) and all(isinstance(v, np.ndarray) and v.dtype == np.float64 for v in columns.values()):
        limit = 2.0 ** 52 / len(codes)  # no partial sum of whole numbers below it can round
        if all(np.array_equal(v, np.rint(v)) and -limit < v.min() and v.max() < limit for v in columns.values()):
            where = codes if counted is None else codes[counted]
            return pd.DataFrame({c: np.bincount(where, weights=v if counted is None else v[counted],
                                                minlength=size) for c, v in columns.items()})
    values = pd.DataFrame(columns)
    if counted is not None:
        values, codes = values.loc[counted], codes[counted]
    return values.groupby(codes, sort=True).sum().reset_index(drop=True)


def _dense_codes(key: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Codes of ``key`` (ints in ``0 … size − 1``, or −1 for none) numbered as the keys sort, and the
    keys that occur: ``pd.factorize(key, sort=True)`` without hashing, by marking the keys seen."""
    seen = np.zeros(size, dtype=bool)
    seen[key[key >= 0]] = True
    rank = np.cumsum(seen) - 1
    return np.where(key >= 0, rank[key], -1), np.flatnonzero(seen)


def _per(narvaro: pd.DataFrame, period: Period, cumulative: bool, per: pd.DataFrame | None) -> pd.DataFrame:
    return attendance_per_participant(narvaro, period, cumulative=cumulative) if per is None else per


def _rate_row(group: str, attended: np.ndarray, planned: np.ndarray, min_clusters: int,
              level: float = 0.95) -> dict:
    used = planned > 0
    total = float(planned.sum())
    rate = float(attended.sum()) / total if total > 0 else math.nan
    low, high = clustered_rate_interval(attended, planned, confidence=level, min_clusters=min_clusters)
    if math.isnan(low):
        method = "för få deltagare för ett intervall" if used.sum() < min_clusters else "inget intervall"
    else:
        method = _CLUSTERED
    return {"grupp": group, "deltagare": int(used.sum()), "planerade": total,
            "narvarande": float(attended.sum()), "andel": rate, "ki_lag": low, "ki_hog": high,
            "metod": method}


def attendance_rate(narvaro: pd.DataFrame, period: Period, *, deltagare: pd.DataFrame | None = None,
                    by: str | None = None, groups: tuple[str, ...] = (), cumulative: bool = True,
                    min_clusters: int = MIN_CLUSTERS, level: float = 0.95,
                    per: pd.DataFrame | None = None) -> pd.DataFrame:
    """Pooled attendance rate, overall or by a column of ``deltagare`` (``aldersgrupp``, ``kon``, …).

    Parameters
    ----------
    by
        A column of ``deltagare`` (which must then be given); ``None`` gives one row, ``grupp="alla"``.
    groups
        Groups to list first, in this order (e.g. the age bands); other values follow, then ``saknas``.
        Groups without participants in the attendance data are not listed.
    per
        :func:`attendance_per_participant` of this ``narvaro``, ``period`` and ``cumulative``, when
        the caller has it already; computed here by default.

    Returns
    -------
    DataFrame with :data:`RATE_COLUMNS`: ``grupp``, ``deltagare`` (participants with something
    planned), ``planerade``, ``narvarande`` (float: occasions or hours), ``andel``, ``ki_lag``,
    ``ki_hog`` (interval at ``level``, 95 % by default, accounting for clustering in participants;
    NaN with fewer than ``min_clusters`` participants) and ``metod``.
    """
    per = _per(narvaro, period, cumulative, per)
    if by is None:
        rows = [_rate_row("alla", per["narvarande"].to_numpy(), per["planerade"].to_numpy(),
                          min_clusters, level)]
        return pd.DataFrame(rows, columns=RATE_COLUMNS)
    labels, order = _group_labels(per, deltagare, by, groups)
    attended, planned = per["narvarande"].to_numpy(), per["planerade"].to_numpy()
    rows = [_rate_row(group, attended[labels == k], planned[labels == k], min_clusters, level)
            for k, group in enumerate(order)]
    return pd.DataFrame(rows, columns=RATE_COLUMNS)


def _group_labels(per: pd.DataFrame, deltagare: pd.DataFrame | None, by: str,
                  groups: tuple[str, ...]) -> tuple[np.ndarray, list[str]]:
    """Each participant's group (``saknas`` without a value) as its position in the groups in report
    order, and those groups."""
    if deltagare is None:
        raise ValueError(f"attendance by {by} needs deltagare")
    labels = per["deltagar_id"].map(deltagare.set_index("deltagar_id")[by]).fillna(MISSING)
    codes, distinct = pd.factorize(labels.to_numpy(dtype=object))
    present = list(distinct)
    order = [g for g in groups if g in present]
    order += sorted(g for g in present if g not in order and g != MISSING)
    order += [MISSING] if MISSING in present else []
    return pd.Index(order, dtype=object).get_indexer(distinct)[codes], order


def attendance_difference(narvaro: pd.DataFrame, period: Period, *, deltagare: pd.DataFrame, by: str,
                          groups: tuple[str, ...] = (), reference: str | None = None,
                          cumulative: bool = True, min_participants: int = MIN_CLUSTERS,
                          level: float = 0.95, per: pd.DataFrame | None = None) -> pd.DataFrame:
    """Attendance per group and each group's difference to a reference group.

    Parameters
    ----------
    by, groups
        As :func:`attendance_rate`: a column of ``deltagare`` and the groups to list first.
    reference
        The group the others are compared with; by default the first group listed that is neither
        missing nor unknown.
    min_participants
        A group (or the reference) with fewer participants with something planned is shown with its
        rate only, without a difference or an interval ("descriptives only").
    per
        :func:`attendance_per_participant` of this ``narvaro``, ``period`` and ``cumulative``, when
        the caller has it already; computed here by default.

    Returns
    -------
    DataFrame with :data:`RATE_DIFFERENCE_COLUMNS`, one row per group in the order of
    :func:`attendance_rate`: ``grupp``, ``referens`` (None when nothing can be compared),
    ``deltagare`` (int, participants with something planned), ``planerade``, ``narvarande``
    (occasions or hours), ``andel``, ``ki_lag``, ``ki_hog`` (the group's own clustered interval),
    ``skillnad`` (andel − the reference's andel), ``skillnad_ki_lag``, ``skillnad_ki_hog`` (its
    interval at ``level``; NaN unless compared), ``status`` (``referens``, ``jamford``, ``for_fa``:
    this group or the reference has fewer than ``min_participants``, ``andel_0_eller_1``: a rate of
    exactly 0 or 1, where the logit model has no estimate, ``okand_grupp``: a missing or unknown
    value, never compared) and ``metod``.

    Notes
    -----
    The binomial GEE ``attended ~ group`` (independence working correlation, participants as
    clusters, bias-reduced sandwich covariance; Mancl & DeRouen 2001) reproduces the pooled rates;
    the difference is ``p_grupp − p_referens`` with a delta-method interval and a t distribution on
    G − 2 degrees of freedom (:func:`evaltools.stats.rate_difference`). Checked against statsmodels
    ``GEE(..., family=Binomial(), cov_struct=Independence()).fit(cov_type="bias_reduced")``.
    """
    per = _per(narvaro, period, cumulative, per)
    per = per.loc[per["planerade"] > 0]
    labels, order = _group_labels(per, deltagare, by, groups)
    attended = {g: per["narvarande"].to_numpy()[labels == k] for k, g in enumerate(order)}
    planned = {g: per["planerade"].to_numpy()[labels == k] for k, g in enumerate(order)}
    if reference is None:
        reference = next((g for g in order if g not in UNKNOWN_GROUPS), None)
    elif reference not in order:
        raise ValueError(f"reference group {reference!r} has no attendance")
    rows = []
    for group in order:
        row = _rate_row(group, attended[group], planned[group], min_participants, level)
        row.update(referens=reference, skillnad=math.nan, skillnad_ki_lag=math.nan,
                   skillnad_ki_hog=math.nan)
        if group == reference:
            row["status"] = "referens"
        elif group in UNKNOWN_GROUPS or reference is None:
            row["status"] = "okand_grupp"
        elif min(len(planned[group]), len(planned[reference])) < max(min_participants, 2):
            row["status"] = "for_fa"
        else:
            d, low, high = rate_difference(attended[group], planned[group], attended[reference],
                                           planned[reference], level=level,
                                           min_clusters=min_participants)
            row["skillnad"] = d
            if math.isnan(low):
                row["status"] = "andel_0_eller_1"
            else:
                row.update(skillnad_ki_lag=low, skillnad_ki_hog=high, status="jamford",
                           metod=_DIFFERENCE)
        rows.append(row)
    return pd.DataFrame(rows, columns=RATE_DIFFERENCE_COLUMNS)


def attendance_overview(narvaro: pd.DataFrame, period: Period, *, min_clusters: int = MIN_CLUSTERS,
                        per: pd.DataFrame | None = None,
                        per_within: pd.DataFrame | None = None) -> pd.DataFrame:
    """Attendance since the start up to the end of the period, and within the period alone.

    ``per`` and ``per_within`` are :func:`attendance_per_participant` of ``narvaro`` and ``period``
    (``cumulative`` true and false), when the caller has them already; computed here by default.

    Returns
    -------
    DataFrame with :data:`RATE_COLUMNS`, two rows: ``grupp`` ``hela_tiden`` (every row dated up to
    the end of the period, as the contract counts attendance) and ``under_perioden``.
    """
    rows = [attendance_rate(narvaro, period, cumulative=cumulative, min_clusters=min_clusters, per=totals)
            .assign(grupp=group)
            for group, cumulative, totals in (("hela_tiden", True, per), ("under_perioden", False, per_within))]
    return pd.concat(rows, ignore_index=True)


def attendance_distribution(narvaro: pd.DataFrame, period: Period, *,
                            edges: tuple[float, ...] = (0.5, 0.7, 0.8, 0.9),
                            cumulative: bool = True, per: pd.DataFrame | None = None) -> pd.DataFrame:
    """How many participants have an attendance rate in each band.

    ``per``: :func:`attendance_per_participant` of this ``narvaro``, ``period`` and ``cumulative``,
    when the caller has it already; computed here by default.

    Returns
    -------
    DataFrame with ``lag`` and ``hog`` (the band ``lag ≤ andel < hog``; the last band includes 1),
    ``deltagare`` (int) and ``andel`` (share of participants), one row per band from the lowest.
    """
    per = _per(narvaro, period, cumulative, per).dropna(subset=["andel"])
    bounds = [0.0, *edges, 1.0]
    rows = []
    for i, (low, high) in enumerate(zip(bounds, bounds[1:])):
        last = i == len(bounds) - 2
        inside = (per["andel"] >= low) & ((per["andel"] <= high) if last else (per["andel"] < high))
        rows.append({"lag": low, "hog": high, "deltagare": int(inside.sum())})
    frame = pd.DataFrame(rows, columns=["lag", "hog", "deltagare"])
    frame["andel"] = frame["deltagare"] / len(per) if len(per) else math.nan
    return frame


def attendance_by_month(narvaro: pd.DataFrame, period: Period, *, cumulative: bool = True,
                        min_clusters: int = MIN_CLUSTERS, level: float = 0.95,
                        participants: ParticipantCodes | None = None) -> pd.DataFrame:
    """Attendance per calendar month (by ``period_start``: the occasion's date in form A).

    Returns
    -------
    DataFrame with ``manad`` (first day of the month, Timestamp), ``deltagare`` (int), ``planerade``,
    ``narvarande`` and ``andel``, one row per month with data, in order; ``i_perioden`` (bool) tells
    whether the month lies in the report period; ``ki_lag``, ``ki_hog``: the month's interval at
    ``level``, participants as clusters (as :func:`attendance_rate`; NaN with fewer than
    ``min_clusters`` participants that month or a rate of 0 or 1). ``participants``:
    :func:`participant_codes` of ``narvaro``, when the caller has it already.
    """
    keep = _window(narvaro, period, cumulative)
    rows = _columns(narvaro, keep, ["period_start", "planerade", "narvarande"])
    # each row's month (computed once per distinct day) and participant as codes, sorted as the
    # months and ids sort: the groups and their order of groupby("manad") and of
    # groupby(["manad", "deltagar_id"]), without grouping millions of rows by text
    days, day_values = pd.factorize(pd.Series(rows["period_start"]), sort=True)
    month_of_day = pd.Series(day_values).dt.to_period("M").dt.to_timestamp()
    day_months, month_values = pd.factorize(month_of_day, sort=True)
    months = np.where(days >= 0, day_months[days], -1)
    ids, id_values = _window_participants(narvaro, keep, participants)
    sums = {c: rows[c] for c in ("planerade", "narvarande")}
    frame = _sums(sums, months, len(month_values))
    known = (months >= 0) & (ids >= 0)  # groupby leaves out rows without either
    pairs, pair_values = _dense_codes(np.where(known, months.astype(np.int64) * max(len(id_values), 1) + ids, -1),
                                      len(month_values) * max(len(id_values), 1))
    per = _sums(sums, pairs, len(pair_values))
    per_month = pair_values // max(len(id_values), 1)
    frame.insert(0, "deltagare", np.bincount(per_month, minlength=len(month_values)).astype("int64"))
    frame.insert(0, "manad", month_values)
    frame["andel"] = frame["narvarande"] / frame["planerade"].where(frame["planerade"] > 0)
    start = pd.Timestamp(period.start).to_period("M").to_timestamp()
    frame["i_perioden"] = frame["manad"] >= start
    bounds = np.searchsorted(per_month, np.arange(len(month_values) + 1))
    attended, planned = per["narvarande"].to_numpy(), per["planerade"].to_numpy()
    limits = [clustered_rate_interval(attended[a:b], planned[a:b], confidence=level, min_clusters=min_clusters)
              for a, b in zip(bounds[:-1], bounds[1:])]
    frame["ki_lag"] = [low for low, _ in limits]
    frame["ki_hog"] = [high for _, high in limits]
    return frame[["manad", "deltagare", "planerade", "narvarande", "andel", "i_perioden", "ki_lag",
                  "ki_hog"]]


def absence_reasons(narvaro: pd.DataFrame, period: Period, *, cumulative: bool = True,
                    participants: ParticipantCodes | None = None) -> pd.DataFrame:
    """Absent occasions by reason (form A); reasons not given count as ``okand``.

    Returns
    -------
    DataFrame with ``orsak`` (folded), ``tillfallen`` (absent occasions, float), ``deltagare`` (int,
    participants with at least one such absence) and ``andel`` (share of all absence): the suggested
    reasons of the template first, then others by size, ``okand`` last. Form B records no reasons:
    all its absence is ``okand``, so reports leave this table out for form B. ``participants``:
    :func:`participant_codes` of ``narvaro``, when the caller has it already.
    """
    planned, attended = narvaro["planerade"].to_numpy(), narvaro["narvarande"].to_numpy()
    absent = _window(narvaro, period, cumulative) & (planned > attended)
    columns = ["orsak", "tillfallen", "deltagare", "andel"]
    written = narvaro["franvaroorsak"].to_numpy(dtype=object)[absent]
    # the reasons sorted, and each absent row's, as groupby("orsak") groups them
    reason, reasons = pd.factorize(np.where(pd.isna(written), UNKNOWN, written), sort=True)
    missed = planned[absent] - attended[absent]
    occasions = pd.Series(_sums({"franvaro": missed}, reason, len(reasons))["franvaro"].to_numpy(),
                          index=reasons)
    # participants per reason: the distinct pairs of reason and participant (rows without an id in none)
    ids, names = _window_participants(narvaro, absent, participants)
    size = max(len(names), 1)
    pairs = pd.unique(reason[ids >= 0].astype(np.int64) * size + ids[ids >= 0])
    people = pd.Series(np.bincount(pairs // size, minlength=len(reasons)), index=reasons)
    order = [r for r in ABSENCE_REASONS if r in occasions.index and r != UNKNOWN]
    order += sorted((r for r in occasions.index if r not in ABSENCE_REASONS),
                    key=lambda r: (-occasions[r], r))
    order += [UNKNOWN] if UNKNOWN in occasions.index else []
    total = float(pd.Series(missed).sum())
    return pd.DataFrame({"orsak": order, "tillfallen": [float(occasions[r]) for r in order],
                         "deltagare": [int(people[r]) for r in order],
                         "andel": [occasions[r] / total for r in order]}, columns=columns)


def absence_concentration(narvaro: pd.DataFrame, period: Period, *, fraction: float = 0.2,
                          cumulative: bool = True, per: pd.DataFrame | None = None) -> pd.DataFrame:
    """How much of all absence comes from the most-absent ``fraction`` of participants.

    The most-absent fifth is the ``ceil(fraction · G)`` participants (of G with something planned)
    with the most absent occasions; ties at the cut do not change the sum. ``per``:
    :func:`attendance_per_participant` of this ``narvaro``, ``period`` and ``cumulative``, when the
    caller has it already; computed here by default.

    Returns
    -------
    One-row DataFrame with ``deltagare`` (G), ``deltagare_topp`` (the participants counted),
    ``franvaro`` (all absent occasions), ``franvaro_topp`` (theirs) and ``andel`` (their share; NaN
    without absence).
    """
    per = _per(narvaro, period, cumulative, per)
    per = per.loc[per["planerade"] > 0]
    top_n = math.ceil(fraction * len(per)) if len(per) else 0
    absence = np.sort(per["franvaro"].to_numpy())[::-1]
    total = float(absence.sum())
    top = float(absence[:top_n].sum())
    return pd.DataFrame([{"deltagare": len(per), "deltagare_topp": top_n, "franvaro": total,
                          "franvaro_topp": top, "andel": top / total if total > 0 else math.nan}])
