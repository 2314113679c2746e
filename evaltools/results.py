"""Every result table of an insats's report, computed once, in the order the report shows them.

The report's tables protect each other (a masked count must not be recoverable from another table),
so they are computed together before anything is published: :func:`report_results` is the one list of
what a report holds, read by :class:`~evaltools.report.Report`, the notebook and every rendering.
"""

from __future__ import annotations

import pandas as pd

from .attendance import (absence_concentration, absence_reasons, attendance_by_month, attendance_difference,
                         attendance_distribution, attendance_overview, attendance_per_participant,
                         attendance_rate, participant_codes)
from .baseline import baseline_answers
from .config import OutcomeGoal, ShareGoal
from .duration import survival_curve, time_in_insats
from .economy import cost_per_participant, economy_summary
from .insats import Insats
from .outcomes import goal_attainment, goal_by_group, outcome_counts, sus_group_counts
from .parallel import Forked
from .participants import income_change, participant_flow, population_mask, split_counts
from .progression import (change_distribution, progression_model, progression_summary, progression_wilcoxon,
                          rating_changes, rating_codes)
from .stats import with_share_interval

__all__ = ["report_results"]


def report_results(insats: Insats) -> dict[str, pd.DataFrame]:
    """The result tables of the report, by table name (the names of :data:`~evaltools.publish.TABLES`).

    A table is left out when the report has nothing to show in it: a split by a column with a single
    value, a section whose data file is absent, attendance by reason for form B (which records none).
    Tables are unmasked result tables (never published as they are).
    """
    # the tables of _copied_tables (the progression section: the model fitted per indicator is most
    # of a small report's computing; the goal by group and the time in the insats) in a forked copy
    # of this process, while the rest is computed here
    copy = Forked(_copied_tables, insats)
    try:
        tables = _tables(insats)
        copied = copy.result()
    finally:
        copy.discard()  # stopped if something here failed before its tables were taken
    return {name: copied[name] if table is _COPIED else table for name, table in tables.items()}


#: in place of a table computed by _copied_tables
_COPIED = pd.DataFrame()


def _groups_by(insats: Insats) -> list[tuple[str, tuple[str, ...] | None]]:
    """The splits groups are compared by: gender, age band and, with several, kommun."""
    groups_by = [("kon", None), ("aldersgrupp", insats.config.band_labels)]
    if insats.several("deltagare", "kommun"):
        groups_by.append(("kommun", None))
    return groups_by


def _first_share_goal(insats: Insats) -> OutcomeGoal | ShareGoal | None:
    """The goal shown by group: the first share goal (does it differ between groups?)."""
    return next((g for g in insats.config.goals if isinstance(g, (OutcomeGoal, ShareGoal))), None)


def _tables(insats: Insats) -> dict[str, pd.DataFrame]:
    """Every table, in the report's order; those of :func:`_copied_tables` as ``_COPIED``."""
    out: dict[str, pd.DataFrame] = {}
    config = insats.config
    period = config.period
    d = insats.deltagare
    method, level = config.statistics.intervall, config.statistics.konfidensniva
    out["deltagarflode"] = participant_flow(d, period)
    started = int(population_mask(d, period, "totalt").sum())
    groups_by = _groups_by(insats)
    splits = groups_by + ([("anvisare", None)] if d["anvisare"].notna().any() else [])
    for by, groups in splits:
        out[f"deltagare_per_{by}"] = with_share_interval(split_counts(d, period, by=by, groups=groups),
                                                         count="antal", total=started, method=method,
                                                         level=level)
    outcomes = outcome_counts(d, period, config)
    out["utfall"] = outcomes
    out["utfall_sus"] = sus_group_counts(outcomes, method=method, level=level)
    out["forsorjning"] = income_change(d, period)
    n = insats.narvaro
    # the participant of each row told apart once, and each participant's attendance up to the end of
    # the period grouped once, for every table that needs them (narvaro can have millions of rows:
    # grouping them by participant is the costly step)
    ids = participant_codes(n) if n is not None else None
    per = attendance_per_participant(n, period, participants=ids) if n is not None else None
    if config.goals:
        out["maluppfyllelse"] = goal_attainment(d, config, narvaro=n, attendance_per=per)
        if _first_share_goal(insats) is not None:
            out.update(dict.fromkeys((f"mal_per_{by}" for by, _ in groups_by), _COPIED))
    out["tid_i_insatsen"] = out["tid_i_insatsen_kurva"] = _COPIED
    if n is not None:
        out["narvaro"] = attendance_overview(n, period, per=per,
                                             per_within=attendance_per_participant(n, period, cumulative=False,
                                                                                   participants=ids))
        for by, groups in groups_by:
            out[f"narvaro_per_{by}"] = attendance_rate(n, period, deltagare=d, by=by, groups=groups or (),
                                                       level=level, per=per)
        for by, groups in groups_by:
            out[f"narvaro_skillnad_{by}"] = attendance_difference(n, period, deltagare=d, by=by,
                                                                  groups=groups or (), level=level, per=per)
        out["narvaro_per_manad"] = attendance_by_month(n, period, level=level, participants=ids)
        out["narvaro_fordelning"] = attendance_distribution(n, period, per=per)
        concentration = absence_concentration(n, period, per=per)
        if int(concentration.at[0, "deltagare_topp"]) >= config.min_count:
            # the most absent fifth must be more persons than the masking threshold, or "their
            # absence" is a number about one or two people: then the table is left out
            out["franvaro_koncentration"] = concentration
        if insats.narvaro_form == "A":
            out["franvaro_orsaker"] = absence_reasons(n, period, participants=ids)
    if insats.progression is not None:
        out.update(dict.fromkeys(PROGRESSION_TABLES, _COPIED))
    if insats.kartlaggning is not None:
        answers = baseline_answers(insats.kartlaggning, d, period)
        out["kartlaggning"] = (with_share_interval(answers, count="antal", total="besvarade", method=method,
                                                   level=level) if len(answers) else answers)
    e = insats.ekonomi
    if e is not None:
        out["ekonomi_per_period"] = economy_summary(e, by="period")
        if insats.several("ekonomi", "kommun"):
            out["ekonomi_per_kommun"] = economy_summary(e, by="kommun")
        if e["post"].notna().any():
            out["ekonomi_per_post"] = economy_summary(e, by="post")
        out["kostnad_per_deltagare"] = cost_per_participant(e, started)
    return out


def _copied_tables(insats: Insats) -> dict[str, pd.DataFrame]:
    """The tables computed in a forked copy while :func:`_tables` computes the others: those that
    read neither narvaro nor what it is grouped into, about half the computing of a large insats."""
    config, period, d = insats.config, insats.config.period, insats.deltagare
    level = config.statistics.konfidensniva
    out: dict[str, pd.DataFrame] = {}
    groups_by = _groups_by(insats)
    goal = _first_share_goal(insats)
    if config.goals and goal is not None:
        for by, _ in groups_by:
            out[f"mal_per_{by}"] = goal_by_group(d, config, goal, by=by)
    out["tid_i_insatsen"] = pd.concat(
        [time_in_insats(d, period, level=level).assign(indelning="alla")]
        + [time_in_insats(d, period, by=by, groups=groups, level=level).assign(indelning=by)
           for by, groups in groups_by[:2]], ignore_index=True)
    out["tid_i_insatsen_kurva"] = survival_curve(d, period, level=level)
    if insats.progression is not None:
        out.update(_progression_tables(insats))
    return out


#: the progression section's tables, in the order the report shows them
PROGRESSION_TABLES = ("progression", "progression_forandring", "progression_wilcoxon", "progression_modell")


def _progression_tables(insats: Insats) -> dict[str, pd.DataFrame]:
    """The progression section's tables, in the order the report shows them."""
    config, period = insats.config, insats.config.period
    better = config.progression.hogre_ar_battre
    p = insats.progression
    codes = rating_codes(p)  # participants and indicators told apart once for every table
    changes = rating_changes(p, period, higher_is_better=better, codes=codes)  # once for three tables
    return {
        "progression": progression_summary(p, period, higher_is_better=better, changes=changes, codes=codes),
        "progression_forandring": change_distribution(p, period, higher_is_better=better, changes=changes,
                                                      codes=codes),
        "progression_wilcoxon": progression_wilcoxon(p, period, changes=changes, codes=codes),
        "progression_modell": progression_model(p, period, level=config.statistics.konfidensniva, codes=codes),
    }
