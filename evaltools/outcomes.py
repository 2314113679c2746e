"""Outcomes at exit (utfall), their SUS grouping, and goal attainment with intervals.

Goals of ``typ: utfall`` and ``andel`` count over ``avslutade_totalt`` (or ``totalt`` with
``namnare: alla``); ``narvaro`` goals over attendance dated up to the end of the period; ``antal``
goals are figures entered by hand. A goal is reached (``uppnatt``) when its value is at least its
target: the participants are the whole population the goal speaks of, so no test decides it; the
95 % interval beside it shows the statistical uncertainty. Beside that fact, each goal says whether
the target lies inside the interval (``bedomning``) and, for shares of participants, gives the exact
binomial test against the target where one can reach 5 % at all.

Shares compared between groups (kön, åldersgrupp, kommun) get the difference to a reference group
with Newcombe's hybrid score interval (:func:`share_by_group`, :func:`goal_by_group`).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .attendance import UNKNOWN_GROUPS, attendance_rate
from .config import (AttendanceGoal, CountGoal, InsatsConfig, OutcomeGoal, Period, ShareGoal)
from .participants import MISSING, population_mask, split_counts
from .stats import (MIN_CLUSTERS, binomial_test, binomial_test_possible, interval_label,
                    share_difference, share_interval, share_intervals)
from .vocabulary import SUS_GROUPS

__all__ = ["outcome_counts", "sus_group_counts", "goal_attainment", "assessment", "share_by_group",
           "goal_by_group", "GOAL_COLUMNS", "GROUP_SHARE_COLUMNS", "UNKNOWN_GROUPS", "ALPHA"]

GOAL_COLUMNS = ["namn", "typ", "taljare", "namnare", "varde", "malvarde", "uppnatt", "ki_lag",
                "ki_hog", "population", "saknas", "metod", "bedomning", "p_varde", "p_test"]

GROUP_SHARE_COLUMNS = ["grupp", "referens", "taljare", "namnare", "andel", "ki_lag", "ki_hog",
                       "skillnad", "skillnad_ki_lag", "skillnad_ki_hog", "status", "metod"]

#: the level a test against a target must be able to reach for its p-value to be reported
ALPHA = 0.05


def outcome_counts(deltagare: pd.DataFrame, period: Period, config: InsatsConfig, *,
                   population: str = "avslutade_totalt") -> pd.DataFrame:
    """Participants per outcome code among those ended (by default: by the end of the period).

    Returns
    -------
    DataFrame with ``utfall`` (code), ``sus_grupp``, ``antal`` (int), ``andel`` (of all ended in
    the population; NaN when none) and ``ki_lag``, ``ki_hog`` (the interval of ``andel`` by
    ``statistik`` in insats.yaml: Wilson 95 % by default; NaN when none ended), one row per code of
    the contract and then each local code, in that order, zeros included.
    """
    chosen = deltagare.loc[population_mask(deltagare, period, population), "utfall"]
    counts = chosen.value_counts()
    total = len(chosen)
    codes = config.outcome_codes
    numbers = np.array([int(counts.get(c, 0)) for c in codes], dtype="int64")
    low, high = share_intervals(numbers, np.full(len(codes), total),
                                method=config.statistics.intervall,
                                level=config.statistics.konfidensniva)
    return pd.DataFrame({
        "utfall": list(codes),
        "sus_grupp": [config.sus_group(c) for c in codes],
        "antal": numbers,
        "andel": [n / total if total else math.nan for n in numbers],
        "ki_lag": low, "ki_hog": high,
    })


def sus_group_counts(outcomes: pd.DataFrame, *, method: str = "wilson",
                     level: float = 0.95) -> pd.DataFrame:
    """Outcome counts summed into SUS's four groups (from :func:`outcome_counts`).

    Returns
    -------
    DataFrame with ``sus_grupp``, ``antal`` (int), ``andel`` and ``ki_lag``, ``ki_hog`` (its
    interval: ``method`` ``wilson`` or ``exakt`` at ``level``; NaN when none ended), one row per SUS
    group in SUS's order.
    """
    sums = outcomes.groupby("sus_grupp")["antal"].sum()
    total = int(outcomes["antal"].sum())
    counts = np.array([int(sums.get(g, 0)) for g in SUS_GROUPS], dtype="int64")
    low, high = share_intervals(counts, np.full(len(counts), total), method=method, level=level)
    return pd.DataFrame({"sus_grupp": list(SUS_GROUPS), "antal": counts,
                         "andel": [c / total if total else math.nan for c in counts],
                         "ki_lag": low, "ki_hog": high})


def assessment(target: float, low: float, high: float) -> str | None:
    """Where a target lies against an interval: ``over_malet`` (target below the interval),
    ``under_malet`` (above it), ``forenligt_med_malet`` (inside it, ends included), or ``None``
    without an interval (contract, ``mal[].bedomning``)."""
    if low is None or high is None or math.isnan(low) or math.isnan(high):
        return None
    if target < low:
        return "over_malet"
    if target > high:
        return "under_malet"
    return "forenligt_med_malet"


def _goal_test(hits: int, n: int, target: float) -> tuple[float, str]:
    if not binomial_test_possible(n, target, ALPHA):
        return math.nan, "for_fa"
    return binomial_test(hits, n, target), "exakt_binomialtest"


def goal_attainment(deltagare: pd.DataFrame, config: InsatsConfig, *,
                    narvaro: pd.DataFrame | None = None, min_clusters: int = MIN_CLUSTERS,
                    attendance_per: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every goal of ``insats.yaml``: numerator, denominator, value, target, reached, interval, and
    the goal against chance.

    ``attendance_per`` is :func:`~evaltools.attendance.attendance_per_participant` of ``narvaro`` up
    to the end of the period, when the caller has it already (for ``narvaro`` goals).

    Returns
    -------
    DataFrame with :data:`GOAL_COLUMNS`, one row per goal in the order of ``mal``:
    ``namn``, ``typ``; ``taljare`` and ``namnare`` (participants for utfall/andel, attended and
    planned occasions for narvaro, NaN for antal); ``varde`` (taljare/namnare, or the hand-entered
    figure); ``malvarde``; ``uppnatt`` (bool: varde ≥ malvarde); ``ki_lag``, ``ki_hog`` (by
    ``statistik`` in insats.yaml, Wilson 95 % by default, for shares of participants; clustered in
    participants for attendance at the same level; NaN for antal); ``population``
    (``avslutade``, ``alla``, ``narvarotillfallen`` or ``handrakning``); ``saknas`` (participants in
    the denominator with no value in the goal's column, counted as not reaching it; andel goals
    only); ``metod`` (the interval's method in words); ``bedomning`` (:func:`assessment`:
    ``over_malet``, ``under_malet``, ``forenligt_med_malet``, or None without an interval);
    ``p_varde`` (utfall and andel goals: exact two-sided binomial test of taljare of namnare against
    malvarde; NaN for other types and where no outcome of that n could reach 0.05); ``p_test``
    (``exakt_binomialtest``, ``for_fa`` where the test cannot reach 0.05 at this n, None for other
    types).

    Notes
    -----
    Intervals: :func:`evaltools.stats.share_interval` (statsmodels ``proportion_confint``), checked
    against R's ``binom::binom.confint``. Test: ``scipy.stats.binomtest``, checked against R
    ``binom.test(682, 925, p = 3/4)`` -> p = 0.3825. The test is reported only where
    ``min(binomtest(0, n, p0), binomtest(n, n, p0)) ≤ 0.05``.
    """
    period = config.period
    method, level = config.statistics.intervall, config.statistics.konfidensniva
    rows = []
    for goal in config.goals:
        row: dict[str, object] = {"namn": goal.namn, "typ": goal.typ, "malvarde": goal.malvarde,
                                  "saknas": math.nan, "p_varde": math.nan, "p_test": None}
        if isinstance(goal, (OutcomeGoal, ShareGoal)):
            population = "totalt" if goal.namnare == "alla" else "avslutade_totalt"
            chosen = deltagare.loc[population_mask(deltagare, period, population)]
            hits = _hits(chosen, period, goal)
            if isinstance(goal, ShareGoal):
                row["saknas"] = int(chosen[goal.kolumn].isna().sum())
            n = len(chosen)
            low, high = share_interval(hits, n, method=method, level=level)
            p_value, test = _goal_test(hits, n, goal.malvarde)
            row.update(taljare=hits, namnare=n, varde=hits / n if n else math.nan, ki_lag=low,
                       ki_hog=high, population=goal.namnare, metod=interval_label(method, level),
                       p_varde=p_value, p_test=test)
        elif isinstance(goal, AttendanceGoal):
            if narvaro is None:
                raise ValueError("a narvaro goal needs the attendance table")
            rate = attendance_rate(narvaro, period, min_clusters=min_clusters, level=level,
                                   per=attendance_per).iloc[0]
            row.update(taljare=rate["narvarande"], namnare=rate["planerade"], varde=rate["andel"],
                       ki_lag=rate["ki_lag"], ki_hog=rate["ki_hog"], population="narvarotillfallen",
                       metod=rate["metod"])
        elif isinstance(goal, CountGoal):
            row.update(taljare=math.nan, namnare=math.nan, varde=goal.utfall, ki_lag=math.nan,
                       ki_hog=math.nan, population="handrakning", metod="uppgift i insats.yaml")
        value = row["varde"]
        row["uppnatt"] = bool(not math.isnan(value) and value >= goal.malvarde)
        row["bedomning"] = assessment(goal.malvarde, row["ki_lag"], row["ki_hog"])
        rows.append(row)
    return pd.DataFrame(rows, columns=GOAL_COLUMNS)


def _hits(chosen: pd.DataFrame, period: Period, goal: OutcomeGoal | ShareGoal) -> int:
    """Participants of ``chosen`` who reach a share goal."""
    if isinstance(goal, OutcomeGoal):
        # an outcome counts once the participant has ended by the period's end: with namnare alla,
        # someone ending after it is still ongoing in this period
        ended = population_mask(chosen, period, "avslutade_totalt")
        return int((chosen["utfall"].isin(goal.kategorier) & ended).sum())
    return int((chosen[goal.kolumn] == "ja").sum())


def share_by_group(deltagare: pd.DataFrame, period: Period, *, by: str,
                   categories: list[str] | tuple[str, ...] | None = None, column: str | None = None,
                   population: str = "avslutade_totalt", groups: tuple[str, ...] | None = None,
                   reference: str | None = None, min_participants: int = MIN_CLUSTERS,
                   method: str = "wilson", level: float = 0.95) -> pd.DataFrame:
    """A share of participants per group, and each group's difference to a reference group.

    The share is either of outcomes (``categories``: participants ended by the end of the period whose
    ``utfall`` is one of them) or of ``ja`` in a ``column`` of deltagare, among ``population``
    (``avslutade_totalt`` by default, or ``totalt``), split by the column ``by`` (``kon``,
    ``aldersgrupp``, ``kommun``, …).

    Parameters
    ----------
    groups
        Group order as :func:`evaltools.participants.split_counts` takes it (e.g. the age bands);
        groups with nobody in the population are left out.
    reference
        The group the others are compared with; by default the first group listed that is neither
        missing nor unknown.
    min_participants
        A group (or the reference) with fewer participants is shown with its share only, without a
        difference ("descriptives only").

    Returns
    -------
    DataFrame with :data:`GROUP_SHARE_COLUMNS`, one row per group: ``grupp``, ``referens`` (the
    reference group, or None when nothing can be compared), ``taljare`` (int, participants with the
    outcome), ``namnare`` (int, participants in the group), ``andel``, ``ki_lag``, ``ki_hog`` (the
    interval of ``andel``: ``method`` ``wilson`` or ``exakt`` at ``level``), ``skillnad`` (andel −
    the reference's andel, NaN unless compared), ``skillnad_ki_lag``, ``skillnad_ki_hog`` (Newcombe's
    hybrid score interval at ``level``), ``status`` (``referens``, ``jamford``, ``for_fa``: this group
    or the reference has fewer than ``min_participants``, ``okand_grupp``: a missing or unknown
    value, never compared) and ``metod``.

    Notes
    -----
    :func:`evaltools.stats.share_difference` (statsmodels ``confint_proportions_2indep``, method
    ``newcomb``), checked against Newcombe (1998), table II: 56/70 vs 48/80 -> 0.2, 0.0524–0.3339.
    The groups are disjoint, so the two shares are independent.
    """
    if (categories is None) == (column is None):
        raise ValueError("give exactly one of categories and column")
    if population not in ("avslutade_totalt", "totalt"):
        raise ValueError("population must be avslutade_totalt or totalt")
    chosen = deltagare.loc[population_mask(deltagare, period, population)]
    if categories is not None:
        ended = population_mask(chosen, period, "avslutade_totalt")
        hit = chosen["utfall"].isin(list(categories)) & ended
    else:
        hit = chosen[column] == "ja"
    label = chosen[by].fillna(MISSING)
    order = split_counts(deltagare, period, by=by, population=population, groups=groups)
    order = [g for g, n in zip(order["grupp"], order["antal"]) if n > 0]
    hits = hit.groupby(label).sum()
    sizes = label.value_counts()
    k = np.array([int(hits.get(g, 0)) for g in order], dtype="int64")
    n = np.array([int(sizes.get(g, 0)) for g in order], dtype="int64")
    low, high = share_intervals(k, n, method=method, level=level)
    if reference is None:
        reference = next((g for g in order if g not in UNKNOWN_GROUPS), None)
    elif reference not in order:
        raise ValueError(f"reference group {reference!r} has nobody in the population")
    ref = order.index(reference) if reference is not None else None
    enough_reference = ref is not None and n[ref] >= min_participants
    rows = []
    for i, group in enumerate(order):
        row = {"grupp": group, "referens": reference, "taljare": k[i], "namnare": n[i],
               "andel": k[i] / n[i], "ki_lag": low[i], "ki_hog": high[i], "skillnad": math.nan,
               "skillnad_ki_lag": math.nan, "skillnad_ki_hog": math.nan,
               "metod": interval_label(method, level)}
        if i == ref:
            row["status"] = "referens"
        elif group in UNKNOWN_GROUPS or ref is None:
            row["status"] = "okand_grupp"
        elif n[i] < min_participants or not enough_reference:
            row["status"] = "for_fa"
        else:
            d, lo, hi = share_difference(int(k[i]), int(n[i]), int(k[ref]), int(n[ref]), level=level)
            row.update(skillnad=d, skillnad_ki_lag=lo, skillnad_ki_hog=hi, status="jamford",
                       metod=interval_label("newcombe", level))
        rows.append(row)
    frame = pd.DataFrame(rows, columns=GROUP_SHARE_COLUMNS)
    frame["taljare"] = frame["taljare"].astype("int64")
    frame["namnare"] = frame["namnare"].astype("int64")
    if ref is None:
        frame["referens"] = None
    return frame


def goal_by_group(deltagare: pd.DataFrame, config: InsatsConfig, goal: OutcomeGoal | ShareGoal, *,
                  by: str, groups: tuple[str, ...] | None = None, reference: str | None = None,
                  min_participants: int = MIN_CLUSTERS) -> pd.DataFrame:
    """A share goal of insats.yaml (``typ: utfall`` or ``andel``) per group, with the differences
    between groups: :func:`share_by_group` over the goal's own population, with ``statistik`` of
    insats.yaml. For ``by="aldersgrupp"`` the bands of insats.yaml are the default order.

    Returns
    -------
    DataFrame with :data:`GROUP_SHARE_COLUMNS` (see :func:`share_by_group`).
    """
    if not isinstance(goal, (OutcomeGoal, ShareGoal)):
        raise ValueError("goal_by_group takes a goal of typ utfall or andel")
    if groups is None and by == "aldersgrupp":
        groups = config.band_labels
    population = "totalt" if goal.namnare == "alla" else "avslutade_totalt"
    which = ({"categories": goal.kategorier} if isinstance(goal, OutcomeGoal)
             else {"column": goal.kolumn})
    return share_by_group(deltagare, config.period, by=by, population=population, groups=groups,
                          reference=reference, min_participants=min_participants,
                          method=config.statistics.intervall,
                          level=config.statistics.konfidensniva, **which)
