"""Participant flow and splits, by the population rules of the contract (section 3).

Given a report period ``[start, slut]``:

* ``totalt``: ``startdatum ≤ slut`` (cumulative since the insats began);
* ``aktiva_under_perioden``: enrolled on at least one day of the period;
* ``nya_under_perioden``: ``startdatum`` within the period;
* ``avslutade_under_perioden``: ``slutdatum`` within the period;
* ``avslutade_totalt``: ``slutdatum ≤ slut``;
* ``pagaende_vid_periodens_slut``: ``startdatum ≤ slut`` and (``slutdatum`` empty or ``> slut``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .config import Period
from .vocabulary import GENDERS, INCOME_SOURCES, REFERRERS, UNKNOWN

__all__ = ["POPULATIONS", "population_mask", "participant_flow", "split_counts", "income_change",
           "id_codes", "MISSING"]

POPULATIONS = ("totalt", "aktiva_under_perioden", "nya_under_perioden", "avslutade_under_perioden",
               "avslutade_totalt", "pagaende_vid_periodens_slut")

#: the group of participants with no value in the column a split is made by
MISSING = "saknas"

_ALWAYS = {"kon": ("kvinna", "man")}
_ORDER = {"kon": GENDERS, "anvisare": REFERRERS, "forsorjning_start": INCOME_SOURCES,
          "forsorjning_slut": INCOME_SOURCES}


def id_codes(ids: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each row's participant as a code into the ids sorted (−1 without an id), and the ids: what
    ``pd.factorize(ids, sort=True)`` gives.

    Notes
    -----
    A table of many rows per participant (narvaro, progression) has them one after another as a
    rule: the ids are told apart once per run of equal ids (neighbours compared), not once per row.
    """
    texts = ids.to_numpy(dtype=object)
    if len(texts) < 2:
        return pd.factorize(texts, sort=True)
    try:
        starts = np.flatnonzero(np.concatenate(([True], texts[1:] != texts[:-1])))
    except TypeError:  # a value that does not compare as true or false (pd.NA)
        return pd.factorize(texts, sort=True)
    codes, distinct = pd.factorize(texts[starts], sort=True)
    return np.repeat(codes, np.diff(np.append(starts, len(texts)))), distinct


def population_mask(deltagare: pd.DataFrame, period: Period, population: str) -> pd.Series:
    """Boolean Series: which rows of ``deltagare`` belong to ``population`` (one of POPULATIONS)."""
    start = pd.Timestamp(period.start)
    slut = pd.Timestamp(period.slut)
    began = deltagare["startdatum"] <= slut
    ended = deltagare["slutdatum"]  # NaT compares False
    if population == "totalt":
        return began
    if population == "aktiva_under_perioden":
        return began & ~(ended < start)
    if population == "nya_under_perioden":
        return (deltagare["startdatum"] >= start) & began
    if population == "avslutade_under_perioden":
        return (ended >= start) & (ended <= slut)
    if population == "avslutade_totalt":
        return ended <= slut
    if population == "pagaende_vid_periodens_slut":
        return began & ~(ended <= slut)
    raise ValueError(f"unknown population {population!r}; one of {POPULATIONS}")


def participant_flow(deltagare: pd.DataFrame, period: Period) -> pd.DataFrame:
    """How many participants are in each population of the period.

    Returns
    -------
    DataFrame with columns ``population`` (the contract's key) and ``antal`` (int), one row per
    population in the order of :data:`POPULATIONS`.
    """
    counts = [int(population_mask(deltagare, period, p).sum()) for p in POPULATIONS]
    return pd.DataFrame({"population": list(POPULATIONS), "antal": counts})


def split_counts(deltagare: pd.DataFrame, period: Period, *, by: str, population: str = "totalt",
                 groups: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Participants of a population split by a column (``kon``, ``aldersgrupp``, ``kommun``, …).

    Parameters
    ----------
    by
        A column of ``deltagare``.
    groups
        The groups in the order to report them; every one is listed, with 0 when empty. By default the
        contract's order for coded columns (groups nobody is in left out, but for ``kvinna`` and
        ``man``), else the order of size. Values outside ``groups`` are listed after them, and
        participants with no value come last as ``saknas``.

    Returns
    -------
    DataFrame with ``grupp``, ``antal`` (int) and ``andel`` (share of the population; NaN when the
    population is empty), one row per group.
    """
    chosen = deltagare.loc[population_mask(deltagare, period, population), by]
    counts = chosen.value_counts(dropna=True, sort=True)
    if groups is not None:
        order = list(groups)
    else:
        order = [g for g in _ORDER.get(by, ()) if counts.get(g, 0) or g in _ALWAYS.get(by, ())]
    if by == "aldersgrupp" and UNKNOWN not in order and counts.get(UNKNOWN, 0):
        order.append(UNKNOWN)
    present = [g for g in counts.index if g not in order]
    names = order + sorted(present, key=lambda g: (-counts[g], g))
    values = [int(counts.get(g, 0)) for g in names]
    missing = int(chosen.isna().sum())
    if missing:
        names.append(MISSING)
        values.append(missing)
    total = len(chosen)
    return pd.DataFrame({"grupp": names, "antal": values,
                         "andel": [v / total if total else float("nan") for v in values]})


def income_change(deltagare: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Source of income at start and at exit, for participants ended by the end of the period.

    Only participants with both ``forsorjning_start`` and ``forsorjning_slut`` given count, as in
    SUS's comparison of försörjning before and after.

    Returns
    -------
    DataFrame with ``forsorjning``, ``fore`` (int, at start), ``efter`` (int, at exit) and
    ``namnare`` (int, participants compared), one row per income source of the contract that occurs.
    """
    columns = ["forsorjning", "fore", "efter", "namnare"]
    if not {"forsorjning_start", "forsorjning_slut"} <= set(deltagare.columns):
        return pd.DataFrame(columns=columns)
    ended = deltagare.loc[population_mask(deltagare, period, "avslutade_totalt")]
    both = ended.dropna(subset=["forsorjning_start", "forsorjning_slut"])
    before = both["forsorjning_start"].value_counts()
    after = both["forsorjning_slut"].value_counts()
    rows = [{"forsorjning": s, "fore": int(before.get(s, 0)), "efter": int(after.get(s, 0)),
             "namnare": len(both)}
            for s in INCOME_SOURCES if before.get(s, 0) or after.get(s, 0)]
    return pd.DataFrame(rows, columns=columns)
