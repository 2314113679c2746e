"""Baseline mapping (kartläggning): answer shares per question, each question with its own n.

Answers are folded like category values (``Ja`` = ``ja``); an empty answer means the question was not
answered. Participants count when they belong to the report's population ``totalt`` (started by the
end of the period).
"""

from __future__ import annotations

import pandas as pd

from .config import Period
from .participants import population_mask

__all__ = ["baseline_answers", "BASELINE_COLUMNS"]

BASELINE_COLUMNS = ["fraga", "svar", "svar_text", "antal", "besvarade", "andel", "ej_besvarade"]


def baseline_answers(kartlaggning: pd.DataFrame, deltagare: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Per question and answer: how many gave it, out of those who answered the question.

    Returns
    -------
    DataFrame with ``fraga`` (as first written), ``svar`` (folded), ``svar_text`` (as first written),
    ``antal`` (int), ``besvarade`` (int, participants who answered the question), ``andel``
    (antal / besvarade) and ``ej_besvarade`` (int, participants of the population without an answer),
    one row per question and answer: questions in the order of the file, answers ``ja`` before ``nej``
    and otherwise by size.
    """
    population = set(deltagare.loc[population_mask(deltagare, period, "totalt"), "deltagar_id"])
    rows = kartlaggning.loc[kartlaggning["deltagar_id"].isin(population)]
    out = []
    for question in pd.unique(kartlaggning.sort_values("rad", kind="stable")["fraga"]):
        part = rows.loc[rows["fraga"] == question]
        answered = part.dropna(subset=["svar"])
        counts = answered["svar"].value_counts()
        shown = answered.drop_duplicates("svar").set_index("svar")["svar_text"]
        rank = {"ja": 0, "nej": 1}
        order = sorted(counts.index, key=lambda a: (rank.get(a, 2), -counts[a], a))
        n = len(answered)
        for answer in order:
            out.append({"fraga": question, "svar": answer, "svar_text": shown[answer],
                        "antal": int(counts[answer]), "besvarade": n, "andel": counts[answer] / n,
                        "ej_besvarade": len(population) - n})
    return pd.DataFrame(out, columns=BASELINE_COLUMNS)
