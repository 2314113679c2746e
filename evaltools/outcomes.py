"""Outcomes at exit (utfall), their SUS grouping, and goal attainment with intervals.

Goals of ``typ: utfall`` and ``andel`` count over ``avslutade_totalt`` (or ``totalt`` with
``namnare: alla``); ``narvaro`` goals over attendance dated up to the end of the period; ``antal``
goals are figures entered by hand. A goal is reached (``uppnatt``) when its value is at least its
target: the participants are the whole population the goal speaks of, so no test decides it; the
95 % interval beside it shows the statistical uncertainty.
"""

from __future__ import annotations

import math

import pandas as pd

from .attendance import attendance_rate
from .config import (AttendanceGoal, CountGoal, InsatsConfig, OutcomeGoal, Period, ShareGoal)
from .participants import population_mask
from .stats import MIN_CLUSTERS, wilson_interval
from .vocabulary import SUS_GROUPS

__all__ = ["outcome_counts", "sus_group_counts", "goal_attainment", "GOAL_COLUMNS"]

GOAL_COLUMNS = ["namn", "typ", "taljare", "namnare", "varde", "malvarde", "uppnatt", "ki_lag",
                "ki_hog", "population", "saknas", "metod"]


def outcome_counts(deltagare: pd.DataFrame, period: Period, config: InsatsConfig, *,
                   population: str = "avslutade_totalt") -> pd.DataFrame:
    """Participants per outcome code among those ended (by default: by the end of the period).

    Returns
    -------
    DataFrame with ``utfall`` (code), ``sus_grupp``, ``antal`` (int) and ``andel`` (of all ended in
    the population; NaN when none), one row per code of the contract and then each local code, in
    that order, zeros included.
    """
    chosen = deltagare.loc[population_mask(deltagare, period, population), "utfall"]
    counts = chosen.value_counts()
    total = len(chosen)
    codes = config.outcome_codes
    return pd.DataFrame({
        "utfall": list(codes),
        "sus_grupp": [config.sus_group(c) for c in codes],
        "antal": [int(counts.get(c, 0)) for c in codes],
        "andel": [counts.get(c, 0) / total if total else math.nan for c in codes],
    })


def sus_group_counts(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Outcome counts summed into SUS's four groups (from :func:`outcome_counts`).

    Returns
    -------
    DataFrame with ``sus_grupp``, ``antal`` (int) and ``andel``, one row per SUS group in SUS's order.
    """
    sums = outcomes.groupby("sus_grupp")["antal"].sum()
    total = int(outcomes["antal"].sum())
    counts = [int(sums.get(g, 0)) for g in SUS_GROUPS]
    return pd.DataFrame({"sus_grupp": list(SUS_GROUPS), "antal": counts,
                         "andel": [c / total if total else math.nan for c in counts]})


def goal_attainment(deltagare: pd.DataFrame, config: InsatsConfig, *,
                    narvaro: pd.DataFrame | None = None,
                    min_clusters: int = MIN_CLUSTERS) -> pd.DataFrame:
    """Every goal of ``insats.yaml``: numerator, denominator, value, target, reached, interval.

    Returns
    -------
    DataFrame with :data:`GOAL_COLUMNS`, one row per goal in the order of ``mal``:
    ``namn``, ``typ``; ``taljare`` and ``namnare`` (participants for utfall/andel, attended and
    planned occasions for narvaro, NaN for antal); ``varde`` (taljare/namnare, or the hand-entered
    figure); ``malvarde``; ``uppnatt`` (bool: varde ≥ malvarde); ``ki_lag``, ``ki_hog`` (95 %: Wilson
    for shares of participants, clustered for attendance, NaN for antal); ``population``
    (``avslutade``, ``alla``, ``narvarotillfallen`` or ``handrakning``); ``saknas`` (participants in
    the denominator with no value in the goal's column, counted as not reaching it; andel goals
    only) and ``metod``.

    Notes
    -----
    Wilson intervals are checked in ``tests/test_stats.py`` against R's ``binom::binom.confint``.
    """
    period = config.period
    rows = []
    for goal in config.goals:
        row: dict[str, object] = {"namn": goal.namn, "typ": goal.typ, "malvarde": goal.malvarde,
                                  "saknas": math.nan}
        if isinstance(goal, (OutcomeGoal, ShareGoal)):
            population = "totalt" if goal.namnare == "alla" else "avslutade_totalt"
            chosen = deltagare.loc[population_mask(deltagare, period, population)]
            if isinstance(goal, OutcomeGoal):
                # an outcome counts once the participant has ended by the period's end: with
                # namnare alla, someone ending after it is still ongoing in this period
                ended = population_mask(chosen, period, "avslutade_totalt")
                hits = int((chosen["utfall"].isin(goal.kategorier) & ended).sum())
            else:
                hits = int((chosen[goal.kolumn] == "ja").sum())
                row["saknas"] = int(chosen[goal.kolumn].isna().sum())
            n = len(chosen)
            low, high = wilson_interval(hits, n)
            row.update(taljare=hits, namnare=n, varde=hits / n if n else math.nan, ki_lag=low,
                       ki_hog=high, population=goal.namnare, metod="Wilson 95 %")
        elif isinstance(goal, AttendanceGoal):
            if narvaro is None:
                raise ValueError("a narvaro goal needs the attendance table")
            rate = attendance_rate(narvaro, period, min_clusters=min_clusters).iloc[0]
            row.update(taljare=rate["narvarande"], namnare=rate["planerade"], varde=rate["andel"],
                       ki_lag=rate["ki_lag"], ki_hog=rate["ki_hog"], population="narvarotillfallen",
                       metod=rate["metod"])
        elif isinstance(goal, CountGoal):
            row.update(taljare=math.nan, namnare=math.nan, varde=goal.utfall, ki_lag=math.nan,
                       ki_hog=math.nan, population="handrakning", metod="uppgift i insats.yaml")
        value = row["varde"]
        row["uppnatt"] = bool(not math.isnan(value) and value >= goal.malvarde)
        rows.append(row)
    return pd.DataFrame(rows, columns=GOAL_COLUMNS)
