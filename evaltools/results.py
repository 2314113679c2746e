"""Every result table of an insats's report, computed once, in the order the report shows them.

The report's tables protect each other (a masked count must not be recoverable from another table),
so they are computed together before anything is published: :func:`report_results` is the one list of
what a report holds, read by :class:`~evaltools.report.Report`, the notebook and every rendering.
"""

from __future__ import annotations

import pandas as pd

from .attendance import (absence_concentration, absence_reasons, attendance_by_month,
                         attendance_distribution, attendance_overview, attendance_rate)
from .baseline import baseline_answers
from .economy import cost_per_participant, economy_summary
from .insats import Insats
from .outcomes import goal_attainment, outcome_counts, sus_group_counts
from .participants import income_change, participant_flow, population_mask, split_counts
from .progression import progression_summary

__all__ = ["report_results"]


def report_results(insats: Insats) -> dict[str, pd.DataFrame]:
    """The result tables of the report, by table name (the names of :data:`~evaltools.publish.TABLES`).

    A table is left out when the report has nothing to show in it: a split by a column with a single
    value, a section whose data file is absent, attendance by reason for form B (which records none).
    Tables are unmasked result tables (never published as they are).
    """
    config = insats.config
    period = config.period
    d = insats.deltagare
    out: dict[str, pd.DataFrame] = {}
    out["deltagarflode"] = participant_flow(d, period)
    out["deltagare_per_kon"] = split_counts(d, period, by="kon")
    out["deltagare_per_aldersgrupp"] = split_counts(d, period, by="aldersgrupp", groups=config.band_labels)
    if insats.several("deltagare", "kommun"):
        out["deltagare_per_kommun"] = split_counts(d, period, by="kommun")
    if d["anvisare"].notna().any():
        out["deltagare_per_anvisare"] = split_counts(d, period, by="anvisare")
    outcomes = outcome_counts(d, period, config)
    out["utfall"] = outcomes
    out["utfall_sus"] = sus_group_counts(outcomes)
    out["forsorjning"] = income_change(d, period)
    if config.goals:
        out["maluppfyllelse"] = goal_attainment(d, config, narvaro=insats.narvaro)
    n = insats.narvaro
    if n is not None:
        out["narvaro"] = attendance_overview(n, period)
        out["narvaro_per_aldersgrupp"] = attendance_rate(n, period, deltagare=d, by="aldersgrupp",
                                                         groups=config.band_labels)
        out["narvaro_per_kon"] = attendance_rate(n, period, deltagare=d, by="kon")
        if insats.several("deltagare", "kommun"):
            out["narvaro_per_kommun"] = attendance_rate(n, period, deltagare=d, by="kommun")
        out["narvaro_per_manad"] = attendance_by_month(n, period)
        out["narvaro_fordelning"] = attendance_distribution(n, period)
        out["franvaro_koncentration"] = absence_concentration(n, period)
        if insats.narvaro_form == "A":
            out["franvaro_orsaker"] = absence_reasons(n, period)
    if insats.progression is not None:
        out["progression"] = progression_summary(insats.progression, period,
                                                 higher_is_better=config.progression.hogre_ar_battre)
    if insats.kartlaggning is not None:
        out["kartlaggning"] = baseline_answers(insats.kartlaggning, d, period)
    e = insats.ekonomi
    if e is not None:
        out["ekonomi_per_period"] = economy_summary(e, by="period")
        if insats.several("ekonomi", "kommun"):
            out["ekonomi_per_kommun"] = economy_summary(e, by="kommun")
        if e["post"].notna().any():
            out["ekonomi_per_post"] = economy_summary(e, by="post")
        started = int(population_mask(d, period, "totalt").sum())
        out["kostnad_per_deltagare"] = cost_per_participant(e, started)
    return out
