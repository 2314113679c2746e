"""Words generated from the published numbers: the summary's sentences, what each table and figure
counts (whom and when), and the methods section.

Everything here reads the *published* (masked) tables, never the raw results: a count below the
threshold appears as "färre än 3", a number hidden to protect another is left out of the sentence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .document import period_text
from .formatting import fmt_int, fmt_kronor, fmt_percent, is_missing
from .publish import Published

if TYPE_CHECKING:
    from .report import Report

__all__ = ["count_text", "scope", "summary_sentences", "methods_paragraphs"]


def _row(p: Published, column: str, value: object) -> int | None:
    rows = [i for i, v in enumerate(p.values[column]) if v == value]
    return rows[0] if rows else None


def count_text(report: Report, p: Published | None, row: int | None, column: str) -> str | None:
    """A published count as words: ``60``, ``färre än 3`` for a masked small count, ``None`` when the
    number is hidden for another's sake or missing (the sentence must then leave it out)."""
    if p is None or row is None:
        return None
    mark = p.marks.iat[row, p.marks.columns.get_loc(column)] if p.marks is not None else ""
    if mark.startswith("<"):
        return report.t("w_farre_an").format(k=report.min_count)
    value = p.values.iat[row, p.values.columns.get_loc(column)]
    if mark or is_missing(value):
        return None
    return fmt_int(value, report.language)


def _share_text(report: Report, p: Published, row: int, column: str, decimals: int = 0) -> str | None:
    value = p.values.iat[row, p.values.columns.get_loc(column)]
    if is_missing(value):
        return None
    return fmt_percent(value, decimals, report.language)


def _flow(report: Report, population: str) -> str | None:
    p = report.published.get("deltagarflode")
    return count_text(report, p, _row(p, "population", population) if p is not None else None, "antal")


# ------------------------------------------------------------------------------- whom and when

def scope(report: Report, name: str) -> str | None:
    """Whom and when a table or figure counts, e.g. ``Avslutade t.o.m. 2024-06-30 (n = 39)``."""
    slut = report.config.period.slut.isoformat()
    t = report.t
    n = t("w_n")
    started = _flow(report, "totalt")
    ended = _flow(report, "avslutade_totalt")

    def with_n(text: str, count: str | None) -> str:
        return f"{text} ({n} = {count})" if count else text

    if name == "deltagarflode":
        return t("s_flode").format(period=period_text(report.config), start=report.config.period.start,
                                   slut=slut)
    if name.startswith("deltagare_per_") or name in ("kartlaggning", "kostnad_per_deltagare") or \
            name.startswith("tid_i_insatsen"):
        return with_n(t("s_startade").format(slut=slut), started)
    if name in ("utfall", "utfall_sus", "forsorjning"):
        if name == "forsorjning":
            p = report.published.get(name)
            compared = count_text(report, p, 0, "namnare") if p is not None and len(p.values) else None
            return with_n(t("s_forsorjning").format(slut=slut), compared)
        return with_n(t("s_avslutade").format(slut=slut), ended)
    if name == "maluppfyllelse" or name.startswith("mal_per_"):
        return t("s_mal").format(slut=slut)
    if name.startswith("narvaro") or name.startswith("franvaro"):
        return t("s_narvaro").format(slut=slut)
    if name.startswith("progression"):
        return t("s_progression").format(slut=slut)
    if name.startswith("kartlaggning"):
        return with_n(t("s_startade").format(slut=slut), started)
    if name.startswith("ekonomi"):
        return t("s_ekonomi")
    return None


# ----------------------------------------------------------------------------------- the summary

def summary_sentences(report: Report) -> list[str]:
    """The key figures as the plain sentences real reports write, from the published tables: one
    paragraph on the participants, one on outcomes and goals, one each on attendance and money."""
    t = report.t
    language = report.language
    paragraphs: list[list[str]] = [[], [], [], []]
    out = paragraphs[0]
    total = _flow(report, "totalt")
    if total is not None:
        sentence = t("m_start").format(n=total)
        p = report.published.get("deltagare_per_kon")
        if p is not None:
            women = count_text(report, p, _row(p, "grupp", "kvinna"), "antal")
            men = count_text(report, p, _row(p, "grupp", "man"), "antal")
            if women and men:
                sentence = t("m_start_kon").format(n=total, women=women, men=men)
        out.append(sentence + ".")
    period = period_text(report.config)
    active, new, ended_now, ongoing = (_flow(report, k) for k in (
        "aktiva_under_perioden", "nya_under_perioden", "avslutade_under_perioden", "pagaende_vid_periodens_slut"))
    whole = (report.config.period.start, report.config.period.slut) == (
        report.config.insatsperiod.start, report.config.insatsperiod.slut)
    if active and new and not whole:  # in a slutrapport the period is the whole insats: said above
        out.append(t("m_period").format(period=period, active=active, new=new) + ".")
    if ended_now and ongoing and not whole:
        out.append(t("m_avslut_period").format(ended=ended_now, ongoing=ongoing) + ".")
    elif ongoing and whole:
        out.append(t("m_pagaende").format(ongoing=ongoing) + ".")
    out = paragraphs[1]
    ended = _flow(report, "avslutade_totalt")
    goals = report.published.get("maluppfyllelse")
    outcome_goal = None
    if goals is not None:
        rows = [i for i, typ in enumerate(goals.values["typ"]) if typ == "utfall"]
        outcome_goal = rows[0] if rows else None
    if ended is not None:
        sentence = t("m_avslutade").format(n=ended)
        if outcome_goal is not None and goals is not None:
            hits = count_text(report, goals, outcome_goal, "taljare")
            share = _share_text(report, goals, outcome_goal, "varde")
            target = fmt_percent(goals.values.at[outcome_goal, "malvarde"], 0, language)
            name = str(goals.values.at[outcome_goal, "namn"]).lower()
            if hits and share:
                sentence += t("m_malet").format(hits=hits, share=share, goal=name, target=target)
            elif hits:
                sentence += t("m_malet_utan_andel").format(hits=hits, goal=name, target=target)
        out.append(sentence + ".")
    if goals is not None:
        shown = goals.values["uppnatt"].notna() & ~goals.mask["uppnatt"]
        reached = int(goals.values.loc[shown, "uppnatt"].astype(bool).sum())
        key = "m_mal_uppnadda" if shown.all() else "m_mal_uppnadda_dolda"
        out.append(t(key).format(reached=fmt_int(reached, language), all=fmt_int(len(goals.values), language),
                                 shown=fmt_int(int(shown.sum()), language)) + ".")
    out = paragraphs[2]
    rates = report.published.get("narvaro")
    if rates is not None:
        row = _row(rates, "grupp", "hela_tiden")
        share = _share_text(report, rates, row, "andel") if row is not None else None
        if share:
            sentence = t("m_narvaro").format(share=share)
            target = report.attendance_target
            if target is not None:
                sentence += t("m_mot_malet").format(target=fmt_percent(target, 0, language))
            out.append(sentence + ".")
    out = paragraphs[3]
    money = report.published.get("ekonomi_per_period")
    if money is not None:
        granted = money.values["beviljat"].sum(min_count=1)
        spent = money.values["utfall"].sum(min_count=1)
        if not is_missing(granted) and not is_missing(spent) and granted > 0:
            out.append(t("m_ekonomi").format(granted=fmt_kronor(granted, language),
                                             spent=fmt_kronor(spent, language),
                                             share=fmt_percent(spent / granted, 0, language)) + ".")
    return [" ".join(p) for p in paragraphs if p]


# ------------------------------------------------------------------------------------- methods

def methods_paragraphs(report: Report) -> list[str]:
    """The methods section: populations, denominators, intervals, the masking rule, in plain words."""
    t = report.t
    slut = report.config.period.slut.isoformat()
    out = [t("me_populationer").format(period=period_text(report.config),
                                       start=report.config.period.start, slut=slut),
           t("me_namnare"), t("me_intervall"), t("me_narvaro")]
    if report.insats.progression is not None:
        out.append(t("me_progression"))
    k = report.config.min_count
    out.append(t("me_sekretess").format(k=k) if k else t("me_sekretess_av"))
    return [p for p in out if p]
