"""Progression: repeated self-ratings (SMAIL, BIP, …), first against latest rating per indicator.

Each participant's first and latest rating up to the end of the report period are compared;
participants with a single rating of an indicator are not counted for it. The scale and whether a
higher value is better come from ``insats.yaml``. The sign test (exact binomial on improved against
worse, ties dropped) maps directly onto the improved/unchanged/worse counts; p-values are adjusted
across indicators with Holm's method.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .config import Period
from .stats import holm, sign_test, too_few_for_sign_test

__all__ = ["rating_changes", "progression_summary", "ratings_by_wave", "SUMMARY_COLUMNS"]

SUMMARY_COLUMNS = ["indikator", "deltagare", "forbattrad", "oforandrad", "forsamrad", "medelforandring",
                   "forsta_medel", "senaste_medel", "p_varde", "p_justerat", "metod"]


def _indicators(progression: pd.DataFrame) -> list[str]:
    """Indicators in the order they first appear in the file."""
    return list(pd.unique(progression.sort_values("rad", kind="stable")["indikator"]))


def rating_changes(progression: pd.DataFrame, period: Period, *,
                   higher_is_better: bool = True) -> pd.DataFrame:
    """Each participant's first and latest rating of each indicator, up to the end of the period.

    Internal: the result holds participant ids and must never be published as it is.

    Returns
    -------
    DataFrame with ``deltagar_id``, ``indikator``, ``skattningar`` (int, ratings up to the end of the
    period), ``forsta``, ``senaste``, ``forandring`` (latest − first, in the scale's units) and
    ``riktning`` (``forbattrad``, ``oforandrad`` or ``forsamrad``, by ``higher_is_better``), one row
    per participant and indicator with at least two ratings.
    """
    rows = progression.loc[progression["datum"] <= pd.Timestamp(period.slut)]
    rows = rows.sort_values(["deltagar_id", "indikator", "datum"], kind="stable")
    grouped = rows.groupby(["deltagar_id", "indikator"], sort=False)["varde"]
    frame = pd.DataFrame({"skattningar": grouped.size(), "forsta": grouped.first(),
                          "senaste": grouped.last()}).reset_index()
    frame = frame.loc[frame["skattningar"] >= 2].reset_index(drop=True)
    frame["skattningar"] = frame["skattningar"].astype("int64")
    frame["forandring"] = frame["senaste"] - frame["forsta"]
    better = np.sign(frame["forandring"].to_numpy()) * (1 if higher_is_better else -1)
    frame["riktning"] = np.select([better > 0, better < 0], ["forbattrad", "forsamrad"], "oforandrad")
    return frame


def progression_summary(progression: pd.DataFrame, period: Period, *, higher_is_better: bool = True,
                        alpha: float = 0.05) -> pd.DataFrame:
    """Per indicator: how many improved, stayed, got worse; mean change; sign test.

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
    Sign test checked against R ``binom.test(7, 9)`` (Hollander & Wolfe): p = 0.1796875; Holm against
    a hand calculation in ``tests/test_stats.py``.
    """
    changes = rating_changes(progression, period, higher_is_better=higher_is_better)
    rows = []
    for indicator in _indicators(progression):
        part = changes.loc[changes["indikator"] == indicator]
        counts = part["riktning"].value_counts()
        up, same, down = (int(counts.get(k, 0)) for k in ("forbattrad", "oforandrad", "forsamrad"))
        if too_few_for_sign_test(up + down, alpha):
            p, method = math.nan, "för få förändrade för ett test"
        else:
            p, method = sign_test(up, down), "teckentest (exakt, tvåsidigt), Holm-justerat"
        rows.append({"indikator": indicator, "deltagare": len(part), "forbattrad": up,
                     "oforandrad": same, "forsamrad": down,
                     "medelforandring": part["forandring"].mean() if len(part) else math.nan,
                     "forsta_medel": part["forsta"].mean() if len(part) else math.nan,
                     "senaste_medel": part["senaste"].mean() if len(part) else math.nan,
                     "p_varde": p, "metod": method})
    frame = pd.DataFrame(rows, columns=[c for c in SUMMARY_COLUMNS if c != "p_justerat"])
    frame.insert(SUMMARY_COLUMNS.index("p_justerat"), "p_justerat", holm(frame["p_varde"].to_numpy()))
    return frame


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
