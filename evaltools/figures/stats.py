"""The drawers of the statistics figures: time in the insats (Kaplan–Meier), how far ratings moved,
a goal per group, and attendance differences between groups."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .. import plots
from ..config import OutcomeGoal, ShareGoal
from ..formatting import fmt_int, fmt_number, fmt_percent, percent
from ..publish import Published
from .basic import progression_subtitle
from .common import group_names, listing, marks, pct, say, with_alt

if TYPE_CHECKING:
    from ..report import Report


def _curve_rows(p: Published, rows: np.ndarray) -> np.ndarray:
    """The rows of one curve that are drawn: those before its first masked day, share or n."""
    gone = (p.mask["i_risk"] | p.mask["dagar"] | p.mask["andel_kvar"]).to_numpy() & rows
    first = np.flatnonzero(gone)
    drawn = rows.copy()
    if len(first):
        drawn[first[0]:] = False
    return drawn


def time_in_insats(report: Report, p: Published) -> Any:
    """``tid_i_insatsen_kurva``: the share still enrolled, step by step."""
    if "andel_kvar" not in p.values.columns:
        raise ValueError("figure tid_i_insatsen is drawn from the table tid_i_insatsen_kurva: "
                         "report.figure('tid_i_insatsen', table='tid_i_insatsen_kurva')")
    if p.values.empty:
        return None
    codes = [c for c in pd.unique(p.values["grupp"]) if pd.notna(c)]
    medians: list[float | None] = []
    starts: list[str] = []
    for code in codes:
        drawn = _curve_rows(p, (p.values["grupp"] == code).to_numpy())
        part = p.values.loc[drawn]
        # read off the drawn curve: the first of its days at or below one half (the median's definition
        # in duration.time_in_insats), none while the curve stays above
        below = part.loc[pd.to_numeric(part["andel_kvar"]) <= 0.5 + 1e-12, "dagar"]
        medians.append(float(below.iloc[0]) if len(below) else None)
        first = int(np.flatnonzero((p.values["grupp"] == code).to_numpy())[0])
        starts.append(say(report, p, "i_risk", first))
    names = [report.t(c) for c in codes]
    title = report.t("t_tid_i_insatsen_kurva")
    n = starts[0] if len(codes) == 1 else None
    subtitle = report.t("s_tid").format(slut=report.config.period.slut, n=n) if n else None
    ax = plots.survival_chart(p.values, title=title, groups=names, medians=medians, language=report.language,
                              masked=p.mask, marks=marks(p), min_count=report.min_count, subtitle=subtitle)
    items = []
    for name, median, start, code in zip(names, medians, starts, codes):
        drawn = _curve_rows(p, (p.values["grupp"] == code).to_numpy())
        last = p.values.loc[drawn].tail(1)
        who = name if len(codes) > 1 else report.t("alt_alla")
        if median is not None:
            items.append(report.t("alt_km").format(who=who, n=start, d=fmt_int(median, report.language)))
        elif len(last):
            items.append(report.t("alt_km_kvar").format(
                who=who, n=start, share=fmt_percent(float(last["andel_kvar"].iloc[0]), 0, report.language),
                d=fmt_int(float(last["dagar"].iloc[0]), report.language)))
    return with_alt(ax, f"{title}: {listing(report, items) or report.t('alt_inget_visas')}")


def change_distribution(report: Report, p: Published) -> Any:
    """``progression_forandring``: how many moved −2, −1, 0, +1, +2 … per indicator."""
    if p.values.empty or (not p.mask["deltagare"].any()
                          and not (pd.to_numeric(p.values["deltagare"], errors="coerce").fillna(0) > 0).any()):
        return None
    codes = list(pd.unique(p.values["indikator"]))
    totals = _indicator_totals(report, p, codes)
    title = report.t("t_progression_forandring")
    ax = plots.change_distribution_chart(p.values, indicators=codes, title=title, language=report.language,
                                         masked=p.mask, marks=marks(p), min_count=report.min_count, totals=totals,
                                         subtitle=progression_subtitle(report))
    items = []
    for code in codes:
        rows = np.flatnonzero((p.values["indikator"] == code).to_numpy())
        steps = [f"{_signed(p.values['forandring'].iloc[i], report)}: {say(report, p, 'deltagare', int(i))}"
                 for i in rows if p.mask["deltagare"].iloc[i] or p.values["deltagare"].iloc[i] != 0]
        items.append(f"{code} ({', '.join(steps)})")
    return with_alt(ax, f"{title} ({report.t('alt_steg_antal')}): {'; '.join(items)}")


def _signed(value: float, report: Report) -> str:
    return ("+" if value > 0 else "") + fmt_number(value, 0 if float(value).is_integer() else 1, report.language)


def _indicator_totals(report: Report, p: Published, codes: list[str]) -> list[str | None]:
    """Each indicator's n from the published ``progression`` table (the same participants: two or
    more ratings), when it is shown there and agrees with the counts shown here."""
    summary = report.published.get("progression")
    out: list[str | None] = []
    for code in codes:
        rows = (p.values["indikator"] == code).to_numpy()
        counts = pd.to_numeric(p.values.loc[rows, "deltagare"], errors="coerce").where(~p.mask.loc[rows, "deltagare"])
        n = None
        if summary is not None:
            at = np.flatnonzero((summary.values["indikator"] == code).to_numpy())
            if len(at) and not summary.mask["deltagare"].iloc[at[0]]:
                n = float(summary.values["deltagare"].iloc[at[0]])
        if n is not None:
            all_shown = not p.mask.loc[rows, "deltagare"].any()
            if counts.sum() > n or (all_shown and counts.sum() != n):
                n = None  # the two tables do not describe the same participants: say nothing
        out.append(None if n is None else fmt_int(n, report.language))
    return out


def _share_goal(report: Report) -> OutcomeGoal | ShareGoal | None:
    """The goal the ``mal_per_*`` tables split: the first share goal (as :mod:`evaltools.results`)."""
    return next((g for g in report.config.goals if isinstance(g, (OutcomeGoal, ShareGoal))), None)


def goal_by_group(kind: str = "code") -> Callable[..., Any]:
    """``mal_per_kon`` / ``_aldersgrupp`` / ``_kommun``: the goal's share per group, as a forest."""
    def draw(report: Report, p: Published) -> Any:
        if p.values.empty:
            return None
        goal = _share_goal(report)
        groups = group_names(report, p.values["grupp"], kind)
        title = report.t("t_" + p.name)
        subtitle = None
        if goal is not None:
            who = report.t("w_alla_inskrivna" if goal.namnare == "alla" else "avslutade").lower()
            subtitle = report.t("s_mal_grupp").format(goal=goal.namn, who=who, slut=report.config.period.slut)
        ax = plots.group_share_chart(p.values, groups=groups, title=title,
                                     target=None if goal is None else goal.malvarde, count="namnare",
                                     language=report.language, masked=p.mask, marks=marks(p),
                                     min_count=report.min_count, subtitle=subtitle)
        items = [f"{g} {say(report, p, 'andel', i, pct(report)) or '–'} ({report.t('w_n')} = "
                 f"{say(report, p, 'namnare', i)})" for i, g in enumerate(groups)]
        target = "" if goal is None else f"; {report.t('w_mal').lower()} {fmt_percent(goal.malvarde, 0, report.language)}"
        return with_alt(ax, f"{title}{' (' + goal.namn + ')' if goal else ''}: {listing(report, items)}{target}")
    return draw


def attendance_difference(kind: str = "code") -> Callable[..., Any]:
    """``narvaro_skillnad_*``: each group's attendance difference to the reference group."""
    def draw(report: Report, p: Published) -> Any:
        if p.values.empty:
            return None
        groups = group_names(report, p.values["grupp"], kind)
        given = [r for r in p.values["referens"] if isinstance(r, str) and r] if "referens" in p.values else []
        reference = group_names(report, given[:1], kind)[0] if given else None
        title = report.t("t_" + p.name)
        ax = plots.difference_chart(p.values, groups=groups, reference=reference, title=title, count="deltagare",
                                    language=report.language, masked=p.mask, marks=marks(p),
                                    min_count=report.min_count,
                                    subtitle=report.t("s_narvaro").format(slut=report.config.period.slut))
        unit = report.t("w_pe")
        items = []
        for i, g in enumerate(groups):
            status = str(p.values["status"].iloc[i])
            rate = say(report, p, "andel", i, pct(report)) or "–"
            if status == "referens":
                items.append(f"{g} {rate} ({report.t('referens')})")
                continue
            diff = say(report, p, "skillnad", i, lambda v: _pp(v, report))
            if not diff:
                items.append(f"{g} {rate} ({report.t(status)})")
                continue
            low = say(report, p, "skillnad_ki_lag", i, lambda v: _pp(v, report))
            high = say(report, p, "skillnad_ki_hog", i, lambda v: _pp(v, report))
            interval = f", {report.t('w_ki_kort')} {low} {report.t('w_till')} {high}" if low and high else ""
            items.append(f"{g} {rate} ({diff} {unit}{interval})")
        return with_alt(ax, f"{title}: {listing(report, items)}")
    return draw


def _pp(value: float, report: Report) -> str:
    return ("+" if value > 0 else "") + fmt_number(percent(value), 1, report.language)
