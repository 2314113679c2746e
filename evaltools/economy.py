"""Economy: granted funds against costs, utilisation, and cost per participant.

Amounts are kronor. An empty amount cell counts as 0 in the sums (a cost not yet booked).
"""

from __future__ import annotations

import math

import pandas as pd

__all__ = ["economy_summary", "cost_per_participant", "ECONOMY_COLUMNS"]

ECONOMY_COLUMNS = ["grupp", "beviljat", "utfall", "prognos", "forbrukningsgrad", "kvar"]


def economy_summary(ekonomi: pd.DataFrame, *, by: str | None = None) -> pd.DataFrame:
    """Granted (beviljat) against costs (utfall), in total or by ``period``, ``kommun`` or ``post``.

    Returns
    -------
    DataFrame with ``grupp`` (``alla`` for the total), ``beviljat``, ``utfall``, ``prognos`` (NaN when
    the file has no forecast for the group), ``forbrukningsgrad`` (utfall / beviljat; NaN when nothing
    was granted) and ``kvar`` (beviljat − utfall), one row per group in the order of the file. Rows
    with no value in the ``by`` column form the group ``saknas``.
    """
    if by is None:
        groups = pd.Series("alla", index=ekonomi.index)
    else:
        groups = ekonomi[by].fillna("saknas")
    order = ["alla"] if by is None else list(pd.unique(groups))  # the total even of an empty table
    rows = []
    for group in order:
        part = ekonomi.loc[groups == group]
        granted = float(part["beviljat"].sum())
        spent = float(part["utfall"].sum())
        forecast = float(part["prognos"].sum()) if part["prognos"].notna().any() else math.nan
        rows.append({"grupp": group, "beviljat": granted, "utfall": spent, "prognos": forecast,
                     "forbrukningsgrad": spent / granted if granted else math.nan,
                     "kvar": granted - spent})
    return pd.DataFrame(rows, columns=ECONOMY_COLUMNS)


def cost_per_participant(ekonomi: pd.DataFrame, participants: int) -> pd.DataFrame:
    """Costs so far divided by the participants so far.

    Returns
    -------
    One-row DataFrame with ``utfall`` (kronor), ``deltagare`` (int) and ``kostnad_per_deltagare``
    (NaN without participants).
    """
    spent = float(ekonomi["utfall"].sum())
    return pd.DataFrame([{"utfall": spent, "deltagare": int(participants),
                          "kostnad_per_deltagare": spent / participants if participants else math.nan}])
