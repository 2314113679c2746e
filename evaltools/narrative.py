"""The interpretation sentences of the report, from the published tables, never beyond them.

:mod:`evaltools.interpret` writes what a result row means ("Skillnaden … är för osäker för att dra
slutsatser"); this module decides which rows it may speak about. A sentence is written from a row only
when every count of persons it rests on is published; where the report hides one (a small count, or a
number hidden so that it cannot be recomputed) the sentence says the numbers are not given, and why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from . import interpret
from .tablespecs import TABLES

if TYPE_CHECKING:
    from .report import Report

__all__ = ["goal_sentences", "difference_sentences", "duration_sentences", "progression_sentences"]


def _hidden(report: Report, name: str, row: int) -> bool:
    """Whether a count of persons in row ``row`` of table ``name`` is masked."""
    p = report.published[name]
    spec = TABLES[name]
    columns = [c for c in [*spec.counts, *([spec.group] if spec.group else [])] if c in p.mask]
    return bool(p.mask.loc[row, columns].any()) if columns else False


def _row(report: Report, name: str, i: int) -> pd.Series:
    return report.results[name].reset_index(drop=True).iloc[i]


def _kw(report: Report) -> dict:
    return {"language": report.language, "min_count": report.min_count,
            "level": report.config.statistics.konfidensniva}


def goal_sentences(report: Report) -> list[str]:
    """Each goal: reached or not, and what its interval says against the target."""
    name = "maluppfyllelse"
    if name not in report.published:
        return []
    out = []
    goals = report.results[name].reset_index(drop=True)
    for i in range(len(goals)):
        row = goals.iloc[i]
        if row["typ"] in ("utfall", "andel") and _hidden(report, name, i):
            out.append(report.t("n_dolt_i_text").format(what=row["namn"]))
        else:
            out.append(interpret.goal_sentence(row, **_kw(report)))
    return out


def difference_sentences(report: Report, name: str, *, by: str, measure: str | None = None) -> list[str]:
    """Each group against the reference group (goals or attendance by kön, åldersgrupp, kommun)."""
    if name not in report.published:
        return []
    table = report.results[name].reset_index(drop=True)
    references = [i for i, s in enumerate(table["status"]) if s == "referens"]
    if not references:
        return []
    reference = table.iloc[references[0]]
    out = []
    for i in range(len(table)):
        if i in references:
            continue
        if _hidden(report, name, i) or _hidden(report, name, references[0]):
            group = interpret._group_name(table.at[i, "grupp"], by, report.language)
            out.append(report.t("n_dolt_i_text").format(what=group[:1].upper() + group[1:]))
            continue
        text = interpret.difference_sentence(table.iloc[i], reference, measure=measure, by=by,
                                             **_kw(report))
        if text:
            out.append(text)
    return out


def duration_sentences(report: Report) -> list[str]:
    """Time in the insats: the median overall and per group."""
    name = "tid_i_insatsen"
    if name not in report.published:
        return []
    table = report.results[name].reset_index(drop=True)
    out = []
    for i in range(len(table)):
        by = None if table.at[i, "indelning"] == "alla" else table.at[i, "indelning"]
        if _hidden(report, name, i):
            if by is not None:
                group = interpret._group_name(table.at[i, "grupp"], by, report.language)
                out.append(report.t("n_dolt_i_text").format(what=group[:1].upper() + group[1:]))
            continue
        out.append(interpret.duration_sentence(table.iloc[i], by=by, **_kw(report)))
    return out


def progression_sentences(report: Report) -> list[str]:
    """Per indicator: improved, unchanged and worse with the sign test, then the model over all
    ratings where it is reported."""
    if "progression" not in report.published:
        return []
    summary = report.results["progression"].reset_index(drop=True)
    model = report.results.get("progression_modell")
    out = []
    better = report.config.progression.hogre_ar_battre
    for i in range(len(summary)):
        indicator = summary.at[i, "indikator"]
        if _hidden(report, "progression", i):
            out.append(report.t("n_dolt_i_text").format(what=indicator))
            continue
        text = interpret.progression_sentence(summary.iloc[i], language=report.language,
                                              min_count=report.min_count)
        if model is not None and "progression_modell" in report.published:
            rows = model.index[model["indikator"] == indicator]
            if len(rows):
                j = int(model.index.get_loc(rows[0]))
                if not _hidden(report, "progression_modell", j):
                    said = interpret.model_sentence(model.iloc[j], higher_is_better=better,
                                                    language=report.language,
                                                    level=report.config.statistics.konfidensniva)
                    said = said.removeprefix(f"{indicator}: ")  # the sentence before named it
                    text += " " + said[:1].upper() + said[1:]
        out.append(text)
    return out
