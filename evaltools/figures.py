"""The report's figures: each drawer takes the :class:`~evaltools.report.Report` and a published
(masked) table and returns the Axes drawn by :mod:`evaltools.plots`, or ``None`` when there is nothing
to draw (no rows, or nothing but zeros). Drawers choose labels, subtitles and which rows to show; they
compute no statistics and never read a masked value: a masked cell is passed on with its mark from
``p.marks``, so that the figure says ``<3`` only of a count of persons and ``X`` or ``–`` otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from . import plots
from .formatting import fmt_int, fmt_masked, fmt_percent
from .publish import MASKED_DERIVED, Published, band_label
from .vocabulary import OUTCOME_SUS_GROUP, fold

if TYPE_CHECKING:
    from .report import Report

__all__ = ["FIGURES", "question_slug", "yes_share", "answers"]


def _marks(p: Published) -> pd.DataFrame:
    """What each cell shows when masked; a table without marks leaves them to the plot (``<k``)."""
    if p.marks is not None:
        return p.marks
    return pd.DataFrame("", index=p.mask.index, columns=p.mask.columns)


def _count(p: Published, column: str, row: int, report: Report) -> str | None:
    """One published count as text: its mark when masked, ``None`` when missing."""
    if p.mask[column].iloc[row]:
        return _marks(p)[column].iloc[row] or fmt_masked(report.min_count)
    value = p.values[column].iloc[row]
    return None if pd.isna(value) else fmt_int(value, report.language)


def _total(p: Published, column: str) -> float | None:
    """The sum of a column when every cell of it is shown, else ``None`` (the figure says no n)."""
    if p.mask[column].any():
        return None
    numbers = pd.to_numeric(p.values[column], errors="coerce")
    return None if numbers.isna().any() else float(numbers.sum())


def _nothing(p: Published, column: str) -> bool:
    """No rows, or every cell of ``column`` shown and 0: a figure would show nothing."""
    numbers = pd.to_numeric(p.values[column], errors="coerce").where(~p.mask[column])
    return not p.mask[column].any() and not (numbers.fillna(0) != 0).any()


def _through(report: Report, population: str, n: str) -> str:
    period = report.config.period
    return f"{report.t(population)}, {report.t('w_tom')} {period.slut} ({report.t('w_n')} = {n})"


def _split_figure(kind: str = "code", population: str = "totalt") -> Callable[..., Any]:
    def draw(report: Report, p: Published) -> Any:
        if _nothing(p, "antal"):
            return None
        names = [band_label(g, report.language) if kind == "band" else
                 (str(g) if kind == "text" else report.t(g)) for g in p.values["grupp"]]
        total = _total(p, "antal")
        subtitle = None if total is None else _through(report, population, fmt_int(total, report.language))
        return plots.bar_chart(p.values, categories=names, title=report.t("t_" + p.name),
                               language=report.language, masked=p.mask, marks=_marks(p),
                               min_count=report.min_count, subtitle=subtitle)
    return draw


def _flow(report: Report, p: Published) -> Any:
    if _nothing(p, "antal"):
        return None
    period = report.config.period
    return plots.bar_chart(p.values, categories=[report.t(c) for c in p.values["population"]],
                           title=report.t("t_deltagarflode"), share=None, language=report.language,
                           masked=p.mask, marks=_marks(p), min_count=report.min_count,
                           subtitle=f"{report.t('w_rapportperiod')} {period.label}: {period.start} – {period.slut}")


def _outcomes(report: Report, p: Published) -> Any:
    # codes nobody had are left out of the figure; a masked code stays, whatever it holds
    keep = (p.mask["antal"] | (pd.to_numeric(p.values["antal"], errors="coerce") > 0)).to_numpy()
    if not keep.any():
        return None
    values, mask, marks = p.values.loc[keep], p.mask.loc[keep], _marks(p).loc[keep]
    colors = {"forvarvsarbete": plots.GREEN, "studier": plots.BLUE, "aktivt_arbetssokande": plots.LIGHT,
              "ovriga_avslutade": plots.GREY}
    total = _total(p, "antal")
    local = report.config.local_outcomes
    return plots.bar_chart(values, categories=[local[c].etikett if c in local and c not in OUTCOME_SUS_GROUP
                                               else report.t(c) for c in values["utfall"]],
                           title=report.t("t_utfall"), language=report.language, masked=mask,
                           marks=marks, min_count=report.min_count,
                           colors=[colors.get(g, plots.GREY) for g in values["sus_grupp"]],
                           subtitle=None if total is None else
                           _through(report, "avslutade_totalt", fmt_int(total, report.language)))


def _sus(report: Report, p: Published) -> Any:
    if _nothing(p, "antal"):
        return None
    return plots.bar_chart(p.values, categories=[report.t(g) for g in p.values["sus_grupp"]],
                           title=report.t("t_utfall_sus"), language=report.language,
                           masked=p.mask, marks=_marks(p), min_count=report.min_count)


def _goals(report: Report, p: Published) -> Any:
    shares = (p.values["typ"] != "antal").to_numpy()
    if not shares.any():
        return None
    return plots.goal_chart(p.values.loc[shares], names=list(p.values.loc[shares, "namn"]),
                            title=report.t("t_maluppfyllelse"), language=report.language,
                            masked=p.mask.loc[shares], marks=_marks(p).loc[shares],
                            min_count=report.min_count)


def _rates(kind: str = "code") -> Callable[..., Any]:
    def draw(report: Report, p: Published) -> Any:
        if p.values.empty:
            return None
        groups = [band_label(g, report.language) if kind == "band" else
                  (str(g) if kind == "text" else report.t(g)) for g in p.values["grupp"]]
        return plots.rate_chart(p.values, groups=groups, title=report.t("t_" + p.name),
                                target=report.attendance_target, language=report.language,
                                masked=p.mask, marks=_marks(p), min_count=report.min_count,
                                subtitle=f"{report.t('w_tom')} {report.config.period.slut}")
    return draw


def _monthly(report: Report, p: Published) -> Any:
    if p.values.empty:
        return None
    # a month masked with its numbers is still in the report period or not: that follows from its date
    start = pd.Timestamp(report.config.period.start).to_period("M").to_timestamp()
    inside = [bool(flag) if not hidden else month >= start
              for flag, hidden, month in zip(p.values["i_perioden"], p.mask["i_perioden"], p.values["manad"])]
    return plots.monthly_rate_chart(p.values.assign(i_perioden=inside), title=report.t("t_narvaro_per_manad"),
                                    target=report.attendance_target, language=report.language,
                                    masked=p.mask, marks=_marks(p), min_count=report.min_count)


def _distribution(report: Report, p: Published) -> Any:
    if _nothing(p, "deltagare"):
        return None
    names = [f"{fmt_percent(lo, 0, report.language)}–{fmt_percent(hi, 0, report.language)}"
             for lo, hi in zip(p.values["lag"], p.values["hog"])]
    return plots.bar_chart(p.values, categories=names, title=report.t("t_narvaro_fordelning"),
                           count="deltagare", language=report.language, masked=p.mask,
                           marks=_marks(p), min_count=report.min_count)


def _reasons(report: Report, p: Published) -> Any:
    if _nothing(p, "tillfallen"):
        return None
    return plots.bar_chart(p.values, categories=[report.t(r) for r in p.values["orsak"]],
                           title=report.t("t_franvaro_orsaker"), count="tillfallen",
                           language=report.language, masked=p.mask, marks=_marks(p),
                           min_count=report.min_count, xlabel=report.t("c_tillfallen"))


def _progression(report: Report, p: Published) -> Any:
    if _nothing(p, "deltagare"):
        return None  # no one has two ratings yet
    return plots.progression_chart(p.values, indicators=list(p.values["indikator"]),
                                   title=report.t("t_progression"), language=report.language,
                                   masked=p.mask, marks=_marks(p), min_count=report.min_count)


def _radar(report: Report, p: Published) -> Any:
    means = ["forsta_medel", "senaste_medel"]
    shown = p.values.loc[~p.mask[means].any(axis=1)].dropna(subset=means)
    if len(shown) < 3:
        return None  # a spider needs three spokes
    scale = report.config.progression.skala
    return plots.radar_chart(shown, indicators=list(shown["indikator"]), scale=scale,
                             title=report.t("t_progression_radar"), language=report.language)


def yes_share(report: Report, p: Published, questions: list[str]) -> Any:
    """The share answering ``ja`` of each yes/no question, with the question's n. A question that
    nobody answered ``ja`` shows 0 % (or, with its n masked, the mark of a hidden share)."""
    n, marks, rows = report.t("w_n"), _marks(p), []
    for question in dict.fromkeys(q for q in p.values["fraga"] if q in questions):
        at = np.flatnonzero((p.values["fraga"] == question).to_numpy())
        yes = [i for i in at if p.values["svar"].iloc[i] == "ja"]
        i = yes[0] if yes else at[0]
        answered = _count(p, "besvarade", i, report)
        if yes:
            hidden, share, mark = bool(p.mask["andel"].iloc[i]), p.values["andel"].iloc[i], marks["andel"].iloc[i]
        else:
            hidden = bool(p.mask["besvarade"].iloc[i])
            share, mark = 0.0, MASKED_DERIVED if hidden else ""
        rows.append({"name": f"{question} ({n} = {answered or 0})", "andel": np.nan if hidden else share,
                     "hidden": hidden, "mark": mark})
    if not rows:
        return None
    table = pd.DataFrame(rows)
    return plots.share_chart(table, categories=list(table["name"]), title=report.t("t_kartlaggning_ja"),
                             language=report.language, masked=list(table["hidden"]),
                             marks=list(table["mark"]), min_count=report.min_count)


def answers(report: Report, p: Published, *, question: str) -> Any:
    rows = (p.values["fraga"] == question).to_numpy()
    if not rows.any():
        return None
    values = p.values.loc[rows]
    answered = _count(p, "besvarade", int(np.flatnonzero(rows)[0]), report)
    subtitle = f"{report.t('c_besvarade')}: {answered}" if answered else None
    return plots.share_chart(values, categories=list(values["svar_text"]), title=question,
                             language=report.language, masked=p.mask.loc[rows]["andel"],
                             marks=_marks(p).loc[rows]["andel"], min_count=report.min_count,
                             subtitle=subtitle)


def _money(report: Report, p: Published) -> Any:
    if p.values.empty:
        return None
    forecast = p.values["prognos"].notna().any()
    return plots.grouped_bar_chart(p.values, groups=[str(g) for g in p.values["grupp"]],
                                   series=[("beviljat", report.t("c_beviljat")),
                                           ("utfall", report.t("c_kostnad"))],
                                   markers=("prognos", report.t("c_prognos")) if forecast else None,
                                   title=report.t("t_" + p.name), language=report.language, kind="kronor")


def _income(report: Report, p: Published) -> Any:
    if p.values.empty:
        return None
    n = _count(p, "namnare", 0, report)  # the number compared is a count of persons too: a small one
    shown = pd.to_numeric(p.values["namnare"], errors="coerce").where(~p.mask["namnare"]).iloc[0]
    if 0 < shown < report.min_count:
        n = fmt_masked(report.min_count)  # is masked even where the table does not publish it
    return plots.paired_bar_chart(p.values, categories=[report.t(s) for s in p.values["forsorjning"]],
                                  pair=("fore", "efter"), names=(report.t("c_fore"), report.t("c_efter")),
                                  title=report.t("t_forsorjning"), language=report.language,
                                  masked=p.mask, marks=_marks(p), min_count=report.min_count,
                                  subtitle=None if n is None else _through(report, "avslutade_totalt", n))


FIGURES: dict[str, Callable[..., Any]] = {
    "deltagarflode": _flow,
    "deltagare_per_kon": _split_figure(),
    "deltagare_per_aldersgrupp": _split_figure("band"),
    "deltagare_per_kommun": _split_figure("text"),
    "deltagare_per_anvisare": _split_figure(),
    "forsorjning": _income,
    "utfall": _outcomes,
    "utfall_sus": _sus,
    "maluppfyllelse": _goals,
    "narvaro_per_aldersgrupp": _rates("band"),
    "narvaro_per_kon": _rates(),
    "narvaro_per_kommun": _rates("text"),
    "narvaro_per_manad": _monthly,
    "narvaro_fordelning": _distribution,
    "franvaro_orsaker": _reasons,
    "progression": _progression,
    "progression_radar": _radar,
    "ekonomi_per_period": _money,
    "ekonomi_per_kommun": _money,
    "ekonomi_per_post": _money,
}


def question_slug(question: str) -> str:
    """A file-name-safe form of a kartläggning question."""
    return fold(question).replace("/", "_")[:40] or "fraga"
