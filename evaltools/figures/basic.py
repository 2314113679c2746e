"""The drawers of the report's first figures: participants, outcomes, goals, attendance, progression,
kartläggning and economy."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .. import plots
from ..formatting import fmt_int, fmt_masked, fmt_month, fmt_number, fmt_percent
from ..publish import MASKED_DERIVED, Published
from ..vocabulary import OUTCOME_SUS_GROUP
from .common import count, group_names, listing, marks, nothing, pct, say, through, total, with_alt

if TYPE_CHECKING:
    from ..report import Report


def _bars_alt(report: Report, p: Published, names: list[str], column: str, title: str,
              share: str | None = "andel", rows: np.ndarray | None = None) -> str:
    """``Titel: Kvinnor 23 (38 %), Män 37 (62 %).``"""
    items = []
    for i, name in enumerate(names if rows is None else [n for n, r in zip(names, rows) if r]):
        row = i if rows is None else int(np.flatnonzero(rows)[i])
        value = say(report, p, column, row)
        if share and share in p.values.columns and not p.mask[column].iloc[row]:
            part = say(report, p, share, row, pct(report))
            value += f" ({part})" if part else ""
        items.append(f"{name} {value}".strip())
    return f"{title}: {listing(report, items)}"


def split_figure(kind: str = "code", population: str = "totalt") -> Callable[..., Any]:
    def draw(report: Report, p: Published) -> Any:
        if nothing(p, "antal"):
            return None
        names = group_names(report, p.values["grupp"], kind)
        n = total(p, "antal")
        subtitle = None if n is None else through(report, population, fmt_int(n, report.language))
        title = report.t("t_" + p.name)
        ax = plots.bar_chart(p.values, categories=names, title=title, language=report.language, masked=p.mask,
                             marks=marks(p), min_count=report.min_count, subtitle=subtitle)
        return with_alt(ax, _bars_alt(report, p, names, "antal", title))
    return draw


def flow(report: Report, p: Published) -> Any:
    if nothing(p, "antal"):
        return None
    period = report.config.period
    names = [report.t(c) for c in p.values["population"]]
    title = report.t("t_deltagarflode")
    ax = plots.bar_chart(p.values, categories=names, title=title, share=None, language=report.language,
                         masked=p.mask, marks=marks(p), min_count=report.min_count,
                         subtitle=f"{report.t('w_rapportperiod')} {period.label}: {period.start} – {period.slut}")
    return with_alt(ax, _bars_alt(report, p, names, "antal", title, share=None))


#: SUS groups as bars: lightness and hatching tell them apart in grey, the legend names them
_SUS_STYLE = {"forvarvsarbete": plots.SERIES[0], "studier": plots.SERIES[1],
              "aktivt_arbetssokande": plots.SERIES[2], "ovriga_avslutade": plots.SERIES[3]}


def outcomes(report: Report, p: Published) -> Any:
    # codes nobody had are left out of the figure; a masked code stays, whatever it holds
    keep = (p.mask["antal"] | (pd.to_numeric(p.values["antal"], errors="coerce") > 0)).to_numpy()
    if not keep.any():
        return None
    values, mask, shown_marks = p.values.loc[keep], p.mask.loc[keep], marks(p).loc[keep]
    groups = [g if g in _SUS_STYLE else "ovriga_avslutade" for g in values["sus_grupp"]]
    n = total(p, "antal")
    local = report.config.local_outcomes
    names = [local[c].etikett if c in local and c not in OUTCOME_SUS_GROUP else report.t(c)
             for c in values["utfall"]]
    legend = [(report.t(g), *_SUS_STYLE[g]) for g in _SUS_STYLE if g in groups]
    title = report.t("t_utfall")
    ax = plots.bar_chart(values, categories=names, title=title, language=report.language, masked=mask,
                         marks=shown_marks, min_count=report.min_count,
                         colors=[_SUS_STYLE[g][0] for g in groups], hatches=[_SUS_STYLE[g][1] for g in groups],
                         legend=[(f"{report.t('c_sus_grupp')}: {legend[0][0]}", *legend[0][1:]), *legend[1:]],
                         subtitle=None if n is None else through(report, "avslutade_totalt",
                                                                  fmt_int(n, report.language)))
    return with_alt(ax, _bars_alt(report, p, [report.t(c) if c not in local or c in OUTCOME_SUS_GROUP
                                              else local[c].etikett for c in p.values["utfall"]],
                                  "antal", title, rows=keep))


def sus(report: Report, p: Published) -> Any:
    if nothing(p, "antal"):
        return None
    names = [report.t(g) for g in p.values["sus_grupp"]]
    n = total(p, "antal")
    title = report.t("t_utfall_sus")
    ax = plots.bar_chart(p.values, categories=names, title=title, language=report.language, masked=p.mask,
                         marks=marks(p), min_count=report.min_count,
                         subtitle=None if n is None else through(report, "avslutade_totalt",
                                                                  fmt_int(n, report.language)))
    return with_alt(ax, _bars_alt(report, p, names, "antal", title))


def goals(report: Report, p: Published) -> Any:
    if p.values.empty:
        return None
    title = report.t("t_maluppfyllelse")
    ax = plots.goal_chart(p.values, names=list(p.values["namn"]), title=title, language=report.language,
                          masked=p.mask, marks=marks(p), min_count=report.min_count,
                          subtitle=report.t("s_mal").format(slut=report.config.period.slut))
    items = []
    for i, name in enumerate(p.values["namn"]):
        share = p.values["typ"].iloc[i] != "antal"
        form = pct(report) if share else (lambda v: fmt_int(v, report.language))
        value = say(report, p, "varde", i, form)
        target = p.values["malvarde"].iloc[i]
        state = "" if p.mask["varde"].iloc[i] or p.mask["uppnatt"].iloc[i] or pd.isna(p.values["varde"].iloc[i]) \
            else report.t("w_uppnatt" if bool(p.values["uppnatt"].iloc[i]) else "w_ej_uppnatt")
        items.append(report.t("alt_mal").format(name=name, value=value or "–", target=form(target))
                     + (f" ({state})" if state else ""))
    return with_alt(ax, f"{title}: {listing(report, items)}")


def rates(kind: str = "code") -> Callable[..., Any]:
    def draw(report: Report, p: Published) -> Any:
        if p.values.empty:
            return None
        groups = group_names(report, p.values["grupp"], kind)
        title = report.t("t_" + p.name)
        ax = plots.rate_chart(p.values, groups=groups, title=title, target=report.attendance_target,
                              language=report.language, masked=p.mask, marks=marks(p), min_count=report.min_count,
                              subtitle=report.t("s_narvaro").format(slut=report.config.period.slut))
        items = [f"{g} {say(report, p, 'andel', i, pct(report)) or '–'} ({report.t('w_n')} = "
                 f"{say(report, p, 'deltagare', i)})" for i, g in enumerate(groups)]
        return with_alt(ax, f"{title}: {listing(report, items)}" + _goal_words(report))
    return draw


def _goal_words(report: Report) -> str:
    target = report.attendance_target
    return "" if target is None else f"; {report.t('w_mal').lower()} {fmt_percent(target, 0, report.language)}"


def monthly(report: Report, p: Published) -> Any:
    if p.values.empty:
        return None
    period = report.config.period
    start = pd.Timestamp(period.start).to_period("M").to_timestamp()
    end = pd.Timestamp(period.slut).to_period("M").to_timestamp()
    months = pd.to_datetime(p.values["manad"])
    axis = pd.date_range(min(months.min(), start), max(months.max(), end), freq="MS")
    at = {m: i for i, m in enumerate(months)}
    rows = [at.get(m) for m in axis]  # a month of the axis without data is an empty row (not masked)
    pick = [r if r is not None else -1 for r in rows]

    def spread(frame: pd.DataFrame, empty: Any) -> pd.DataFrame:
        out = frame.iloc[[max(r, 0) for r in pick]].reset_index(drop=True).astype(object)
        out.loc[[i for i, r in enumerate(pick) if r < 0], :] = empty
        return out

    values = spread(p.values, np.nan).assign(manad=list(axis))
    for column in ("deltagare", "andel", "ki_lag", "ki_hog"):
        if column in values.columns:
            values[column] = pd.to_numeric(values[column], errors="coerce")
    mask = spread(p.mask, False).astype(bool)
    title = report.t("t_narvaro_per_manad")
    ax = plots.monthly_rate_chart(values, title=title, target=report.attendance_target, language=report.language,
                                  masked=mask, marks=spread(marks(p), ""), min_count=report.min_count,
                                  period=(start, end), subtitle=report.t("s_narvaro").format(slut=period.slut))
    return with_alt(ax, _monthly_alt(report, p, title))


def _monthly_alt(report: Report, p: Published, title: str) -> str:
    rates = pd.to_numeric(p.values["andel"], errors="coerce").where(~p.mask["andel"])
    months = [fmt_month(pd.Timestamp(m), report.language) for m in p.values["manad"]]
    span = f"{months[0]}–{months[-1]}" if len(months) > 1 else months[0]
    if rates.notna().any():
        low, high, last = int(rates.idxmin()), int(rates.idxmax()), int(rates.last_valid_index())
        low, high, last = (p.values.index.get_loc(i) for i in (low, high, last))
        text = report.t("alt_manad").format(
            title=title, span=span, low=fmt_percent(rates.iloc[low], 0, report.language), low_month=months[low],
            high=fmt_percent(rates.iloc[high], 0, report.language), high_month=months[high],
            last=fmt_percent(rates.iloc[last], 0, report.language), last_month=months[last])
    else:
        text = f"{title}, {span}: {report.t('alt_inget_visas')}"
    hidden = int(p.mask["andel"].sum())
    if hidden:
        text += "; " + report.t("alt_dolda_manader").format(n=hidden)
    return text + _goal_words(report)


def _bands(report: Report, p: Published) -> list[str]:
    """Each band with its edges written out: ``under 50 %``, ``50 – under 70 %``, ``90–100 %``."""
    language, out = report.language, []
    for i, (low, high) in enumerate(zip(p.values["lag"], p.values["hog"])):
        hi = fmt_percent(high, 0, language)
        if i == len(p.values) - 1:
            out.append(f"{fmt_number(low * 100, 0, language)}–{hi}")
        elif low == 0:
            out.append(f"{report.t('w_under')} {hi}")
        else:
            out.append(f"{fmt_number(low * 100, 0, language)} –\n{report.t('w_under')} {hi}")
    return out


def distribution(report: Report, p: Published) -> Any:
    if nothing(p, "deltagare"):
        return None
    bands = _bands(report, p)
    target, position = report.attendance_target, None
    if target is not None:
        for i, (low, high) in enumerate(zip(p.values["lag"], p.values["hog"])):
            last = i == len(p.values) - 1
            if low <= target < high or (last and target == high):
                position = i + (target - low) / (high - low)
                break
    title = report.t("t_narvaro_fordelning")
    ax = plots.distribution_chart(p.values, bands=bands, title=title, count="deltagare", language=report.language,
                                  masked=p.mask, marks=marks(p), min_count=report.min_count,
                                  target=None if position is None else (position, plots.base.goal_text(
                                      target, report.language)),
                                  xlabel=report.t("w_narvaro_per_deltagare"),
                                  subtitle=report.t("s_narvaro").format(slut=report.config.period.slut))
    return with_alt(ax, _bars_alt(report, p, [b.replace("\n", " ") for b in bands], "deltagare", title)
                    + _goal_words(report))


def reasons(report: Report, p: Published) -> Any:
    if nothing(p, "tillfallen"):
        return None
    names = [report.t(r) for r in p.values["orsak"]]
    title = report.t("t_franvaro_orsaker")
    ax = plots.bar_chart(p.values, categories=names, title=title, count="tillfallen", language=report.language,
                         masked=p.mask, marks=marks(p), min_count=report.min_count, xlabel=report.t("c_tillfallen"),
                         subtitle=report.t("s_narvaro").format(slut=report.config.period.slut))
    return with_alt(ax, _bars_alt(report, p, names, "tillfallen", title))


def progression_subtitle(report: Report) -> str:
    instrument = report.config.progression.instrument
    scale = report.config.progression.skala
    words = report.t("s_progression").format(slut=report.config.period.slut)
    low, high = (fmt_number(v, 0 if float(v).is_integer() else 1, report.language) for v in scale)
    return f"{instrument + ' ' if instrument else ''}({report.t('w_skala').lower()} {low}–{high}). {words}"


def progression(report: Report, p: Published) -> Any:
    if nothing(p, "deltagare"):
        return None  # no one has two ratings yet
    title = report.t("t_progression")
    ax = plots.progression_chart(p.values, indicators=list(p.values["indikator"]), title=title,
                                 language=report.language, masked=p.mask, marks=marks(p),
                                 min_count=report.min_count, subtitle=progression_subtitle(report))
    items = []
    for i, name in enumerate(p.values["indikator"]):
        parts = [f"{say(report, p, k, i) or '–'} {report.t(k).lower()}" for k in ("forsamrad", "oforandrad",
                                                                                  "forbattrad")]
        items.append(f"{name} ({report.t('w_n')} = {say(report, p, 'deltagare', i)}): {', '.join(parts)}")
    return with_alt(ax, f"{title}: {'; '.join(items)}")


def _means(report: Report, p: Published) -> pd.DataFrame:
    columns = ["forsta_medel", "senaste_medel"]
    return p.values.loc[~p.mask[columns].any(axis=1)].dropna(subset=columns)


def _means_alt(report: Report, p: Published, shown: pd.DataFrame, title: str) -> str:
    form = (lambda v: fmt_number(v, 1, report.language))
    items = [f"{name} {form(a)} → {form(b)}" for name, a, b in
             zip(shown["indikator"], shown["forsta_medel"], shown["senaste_medel"])]
    hidden = len(p.values) - len(shown)
    text = f"{title} ({report.t('alt_forsta_senaste')}): {listing(report, items) or report.t('alt_inget_visas')}"
    return text + ("; " + report.t("alt_dolda_indikatorer").format(n=hidden) if hidden else "")


def radar(report: Report, p: Published) -> Any:
    shown = _means(report, p)
    if len(shown) < 3:
        return None  # a spider needs three spokes
    title = report.t("t_progression_radar")
    ax = plots.radar_chart(shown, indicators=list(shown["indikator"]), scale=report.config.progression.skala,
                           title=title, language=report.language, subtitle=progression_subtitle(report))
    return with_alt(ax, _means_alt(report, p, shown, title))


def dots(report: Report, p: Published) -> Any:
    if nothing(p, "deltagare"):
        return None
    title = report.t("t_progression_punkter")
    ax = plots.dot_change_chart(p.values, indicators=list(p.values["indikator"]),
                                scale=report.config.progression.skala, title=title, language=report.language,
                                masked=p.mask, marks=marks(p), min_count=report.min_count,
                                subtitle=progression_subtitle(report))
    return with_alt(ax, _means_alt(report, p, _means(report, p), title))


def yes_share(report: Report, p: Published, questions: list[str]) -> Any:
    """The share answering ``ja`` of each yes/no question, with the question's n. A question that
    nobody answered ``ja`` shows 0 % (or, with its n masked, the mark of a hidden share)."""
    n, shown_marks, rows = report.t("w_n"), marks(p), []
    for question in dict.fromkeys(q for q in p.values["fraga"] if q in questions):
        at = np.flatnonzero((p.values["fraga"] == question).to_numpy())
        yes = [i for i in at if p.values["svar"].iloc[i] == "ja"]
        i = yes[0] if yes else at[0]
        answered = count(p, "besvarade", i, report)
        if yes:
            hidden, share, mark = bool(p.mask["andel"].iloc[i]), p.values["andel"].iloc[i], shown_marks["andel"].iloc[i]
        else:
            hidden = bool(p.mask["besvarade"].iloc[i])
            share, mark = 0.0, MASKED_DERIVED if hidden else ""
        said = (report.t("w_farre_an").format(k=report.min_count) if str(mark).startswith("<") else
                report.t("alt_dolt")) if hidden else fmt_percent(share, 0, report.language)
        rows.append({"name": f"{question} ({n} = {answered or 0})", "andel": np.nan if hidden else share,
                     "hidden": hidden, "mark": mark, "said": f"{question} {said}"})
    if not rows:
        return None
    table = pd.DataFrame(rows)
    title = f"{report.t('t_kartlaggning')}: {report.t('t_kartlaggning_ja').lower()}"
    ax = plots.share_chart(table, categories=list(table["name"]), title=title, language=report.language,
                           masked=list(table["hidden"]), marks=list(table["mark"]), min_count=report.min_count,
                           subtitle=report.t("s_kartlaggning_ja"))
    return with_alt(ax, f"{title}: {listing(report, list(table['said']))}")


def answers(report: Report, p: Published, *, question: str) -> Any:
    rows = (p.values["fraga"] == question).to_numpy()
    if not rows.any():
        return None
    values = p.values.loc[rows]
    answered = count(p, "besvarade", int(np.flatnonzero(rows)[0]), report)
    subtitle = f"{report.t('t_kartlaggning')}; {report.t('c_besvarade').lower()}: {answered}" if answered else None
    ax = plots.share_chart(values, categories=list(values["svar_text"]), title=question, language=report.language,
                           masked=p.mask.loc[rows]["andel"], marks=marks(p).loc[rows]["andel"],
                           min_count=report.min_count, subtitle=subtitle)
    items = [f"{name} {say(report, p, 'andel', int(i), pct(report))}"
             for name, i in zip(values["svar_text"], np.flatnonzero(rows))]
    return with_alt(ax, f"{question}: {listing(report, items)}")


def money(report: Report, p: Published) -> Any:
    if p.values.empty:
        return None
    forecast = p.values["prognos"].notna().any()
    amounts = pd.to_numeric(p.values[["beviljat", "utfall", "prognos"]].stack(), errors="coerce")
    unit = plots.money_unit(float(amounts.max()) if amounts.notna().any() else 0.0)
    divisor = plots.base.MONEY_UNITS[unit][0]

    def short(v: float) -> str:
        return f"{fmt_number(v / divisor, 1 if unit == 'mnkr' else 0, report.language)}\u00a0{report.t('w_' + unit)}"

    granted, spent = (float(pd.to_numeric(p.values[c], errors="coerce").sum()) for c in ("beviljat", "utfall"))
    totals = report.t("alt_ekonomi_totalt").format(granted=short(granted), spent=short(spent))
    title = report.t("t_" + p.name)
    ax = plots.grouped_bar_chart(p.values, groups=[str(g) for g in p.values["grupp"]],
                                 series=[("beviljat", report.t("c_beviljat")), ("utfall", report.t("c_kostnad"))],
                                 markers=("prognos", report.t("c_prognos")) if forecast else None, title=title,
                                 language=report.language, kind="kronor",
                                 subtitle=totals[:1].upper() + totals[1:])
    items = []
    for i, group in enumerate(p.values["grupp"]):
        text = f"{group}: {report.t('c_beviljat').lower()} {short(p.values['beviljat'].iloc[i])}, " \
               f"{report.t('c_kostnad').lower()} {short(p.values['utfall'].iloc[i])}"
        if pd.notna(p.values["prognos"].iloc[i]):
            text += f", {report.t('c_prognos').lower()} {short(p.values['prognos'].iloc[i])}"
        items.append(text)
    return with_alt(ax, f"{title} ({totals}): {'; '.join(items)}")


def income(report: Report, p: Published) -> Any:
    if p.values.empty:
        return None
    n = count(p, "namnare", 0, report)  # the number compared is a count of persons too: a small one
    shown_n = pd.to_numeric(p.values["namnare"], errors="coerce").where(~p.mask["namnare"]).iloc[0]
    if 0 < shown_n < report.min_count:
        n = fmt_masked(report.min_count)  # is masked even where the table does not publish it
    names = [report.t(s) for s in p.values["forsorjning"]]
    title = report.t("t_forsorjning")
    ax = plots.paired_bar_chart(p.values, categories=names, pair=("fore", "efter"),
                                names=(report.t("c_fore"), report.t("c_efter")), title=title,
                                language=report.language, masked=p.mask, marks=marks(p), min_count=report.min_count,
                                subtitle=None if n is None else through(report, "avslutade_totalt", n))
    items = [f"{name} {say(report, p, 'fore', i)} → {say(report, p, 'efter', i)}" for i, name in enumerate(names)]
    return with_alt(ax, f"{title} ({report.t('c_fore').lower()} → {report.t('c_efter').lower()}): "
                        f"{listing(report, items)}")
