"""The report's figures: each drawer takes the :class:`~evaltools.report.Report` and a published
(masked) table and returns the Axes drawn by :mod:`evaltools.plots`, or ``None`` when there is nothing
to draw. Drawers choose labels, subtitles and which rows to show; they compute no statistics and never
read unmasked values.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import plots
from .formatting import fmt_int, fmt_percent
from .publish import Published, band_label
from .vocabulary import OUTCOME_SUS_GROUP, fold

if TYPE_CHECKING:
    from .report import Report

__all__ = ["FIGURES", "question_slug", "yes_share", "answers"]

def _through(report: Report, population: str, n: float) -> str:
    period = report.config.period
    return (f"{report.t(population)}, {report.t('w_tom')} {period.slut} "
            f"({report.t('w_n')} = {fmt_int(n, report.language)})")


def _split_figure(kind: str = "code", population: str = "totalt") -> Callable[..., Any]:
    def draw(report: Report, p: Published) -> Any:
        names = [band_label(g, report.language) if kind == "band" else
                 (str(g) if kind == "text" else report.t(g)) for g in p.values["grupp"]]
        total = float(pd.to_numeric(p.values["antal"], errors="coerce").sum() if not p.mask["antal"].any()
                      else math.nan)
        subtitle = _through(report, population, total) if not math.isnan(total) else None
        return plots.bar_chart(p.values, categories=names, title=report.t("t_" + p.name),
                               language=report.language, masked=p.mask["antal"], min_count=report.min_count,
                               subtitle=subtitle)
    return draw


def _flow(report: Report, p: Published) -> Any:
    period = report.config.period
    return plots.bar_chart(p.values, categories=[report.t(c) for c in p.values["population"]],
                           title=report.t("t_deltagarflode"), share=None, language=report.language,
                           masked=p.mask["antal"], min_count=report.min_count,
                           subtitle=f"{report.t('w_rapportperiod')} {period.label}: {period.start} – {period.slut}")


def _outcomes(report: Report, p: Published) -> Any:
    keep = (p.values["antal"].fillna(1) > 0).to_numpy()  # codes nobody had are left out of the figure
    values, mask = p.values.loc[keep], p.mask.loc[keep]
    colors = {"forvarvsarbete": plots.GREEN, "studier": plots.BLUE, "aktivt_arbetssokande": plots.LIGHT,
              "ovriga_avslutade": plots.GREY}
    total = float(p.values["antal"].sum()) if not p.mask["antal"].any() else math.nan
    return plots.bar_chart(values, categories=[report.t(c) if c in OUTCOME_SUS_GROUP else
                                               report.config.local_outcomes[c].etikett
                                               for c in values["utfall"]],
                           title=report.t("t_utfall"), language=report.language, masked=mask["antal"],
                           min_count=report.min_count, colors=[colors[g] for g in values["sus_grupp"]],
                           subtitle=None if math.isnan(total) else _through(report, "avslutade_totalt", total))


def _sus(report: Report, p: Published) -> Any:
    return plots.bar_chart(p.values, categories=[report.t(g) for g in p.values["sus_grupp"]],
                           title=report.t("t_utfall_sus"), language=report.language,
                           masked=p.mask["antal"], min_count=report.min_count)


def _goals(report: Report, p: Published) -> Any:
    shares = (p.values["typ"] != "antal").to_numpy()
    if not shares.any():
        return None
    return plots.goal_chart(p.values.loc[shares], names=list(p.values.loc[shares, "namn"]),
                            title=report.t("t_maluppfyllelse"), language=report.language,
                            masked=p.mask.loc[shares, "varde"], min_count=report.min_count)


def _rates(kind: str = "code") -> Callable[..., Any]:
    def draw(report: Report, p: Published) -> Any:
        groups = [band_label(g, report.language) if kind == "band" else
                  (str(g) if kind == "text" else report.t(g)) for g in p.values["grupp"]]
        return plots.rate_chart(p.values, groups=groups, title=report.t("t_" + p.name),
                                target=report.attendance_target, language=report.language,
                                masked=p.mask["andel"], min_count=report.min_count,
                                subtitle=f"{report.t('w_tom')} {report.config.period.slut}")
    return draw


def _monthly(report: Report, p: Published) -> Any:
    return plots.monthly_rate_chart(p.values, title=report.t("t_narvaro_per_manad"),
                                    target=report.attendance_target, language=report.language,
                                    masked=p.mask["andel"])


def _distribution(report: Report, p: Published) -> Any:
    names = [f"{fmt_percent(lo, 0, report.language)}–{fmt_percent(hi, 0, report.language)}"
             for lo, hi in zip(p.values["lag"], p.values["hog"])]
    return plots.bar_chart(p.values, categories=names, title=report.t("t_narvaro_fordelning"),
                           count="deltagare", language=report.language, masked=p.mask["deltagare"],
                           min_count=report.min_count)


def _reasons(report: Report, p: Published) -> Any:
    return plots.bar_chart(p.values, categories=[report.t(r) for r in p.values["orsak"]],
                           title=report.t("t_franvaro_orsaker"), count="tillfallen",
                           language=report.language, masked=p.mask["tillfallen"],
                           min_count=report.min_count, xlabel=report.t("c_tillfallen"))


def _progression(report: Report, p: Published) -> Any:
    return plots.progression_chart(p.values, indicators=list(p.values["indikator"]),
                                   title=report.t("t_progression"), language=report.language,
                                   masked=p.mask, min_count=report.min_count)


def _radar(report: Report, p: Published) -> Any:
    shown = p.values.dropna(subset=["forsta_medel", "senaste_medel"])
    if len(shown) < 3:
        return None  # a spider needs three spokes
    scale = report.config.progression.skala
    return plots.radar_chart(shown, indicators=list(shown["indikator"]), scale=scale,
                             title=report.t("t_progression_radar"), language=report.language)


def yes_share(report: Report, p: Published, questions: list[str]) -> Any:
    yes = ((p.values["svar"] == "ja") & p.values["fraga"].isin(questions)).to_numpy()
    n = report.t("w_n")
    names = [f"{q} ({n} = {'<' + str(report.min_count) if hidden else fmt_int(b, report.language)})"
             for q, b, hidden in zip(p.values.loc[yes, "fraga"], p.values.loc[yes, "besvarade"],
                                     p.mask.loc[yes, "besvarade"])]
    return plots.share_chart(p.values.loc[yes], categories=names, title=report.t("t_kartlaggning_ja"),
                             language=report.language, masked=p.mask.loc[yes, "andel"],
                             min_count=report.min_count)


def answers(report: Report, p: Published, *, question: str) -> Any:
    rows = (p.values["fraga"] == question).to_numpy()
    values = p.values.loc[rows]
    masked = p.mask.loc[rows, "antal"]
    n = values["besvarade"].iloc[0]
    subtitle = (f"{report.t('c_besvarade')}: {fmt_int(n, report.language)}"
                if not p.mask.loc[rows, "besvarade"].iloc[0] else None)
    return plots.share_chart(values, categories=list(values["svar_text"]), title=question,
                             language=report.language, masked=masked, min_count=report.min_count,
                             subtitle=subtitle)


def _money(report: Report, p: Published) -> Any:
    forecast = p.values["prognos"].notna().any()
    return plots.grouped_bar_chart(p.values, groups=[str(g) for g in p.values["grupp"]],
                                   series=[("beviljat", report.t("c_beviljat")),
                                           ("utfall", report.t("c_kostnad"))],
                                   markers=("prognos", report.t("c_prognos")) if forecast else None,
                                   title=report.t("t_" + p.name), language=report.language, kind="kronor")


def _income(report: Report, p: Published) -> Any:
    n = int(p.values["namnare"].iloc[0]) if len(p.values) else 0
    few = 0 < n < report.min_count  # the number compared is a count of persons too
    return plots.paired_bar_chart(p.values, categories=[report.t(s) for s in p.values["forsorjning"]],
                                  pair=("fore", "efter"), names=(report.t("c_fore"), report.t("c_efter")),
                                  title=report.t("t_forsorjning"), language=report.language,
                                  masked=p.mask, min_count=report.min_count,
                                  subtitle=None if few else _through(report, "avslutade_totalt", n))


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
