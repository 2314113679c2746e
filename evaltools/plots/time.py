"""Over time: attendance per month, and the share still in the insats (Kaplan–Meier steps)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FixedLocator, FuncFormatter
from matplotlib.transforms import offset_copy

from ..formatting import fmt_int, fmt_month, is_missing
from ..labels import label
from .base import (BLUE, INK, MASKED_FILL, MUTED, SKY, TEXT, Marks, Masked, goal_line, goal_text, hidden,
                   marks_of, new_axes, nice_ticks, note, numbers, share_axis, shown, style)
from .base import title as title_of

#: line styles and markers of several curves, told apart without colour
_CURVES = (("-", "o", BLUE), ("--", "s", INK), (":", "^", "#6B6B6B"), ("-.", "D", BLUE))


def monthly_rate_chart(values: pd.DataFrame, *, title: str, target: float | None = None,
                       language: str = "sv", masked: Masked = None, marks: Marks = None,
                       min_count: int = 3, period: tuple[pd.Timestamp, pd.Timestamp] | None = None,
                       subtitle: str | None = None, ax: Axes | None = None) -> Axes:
    """Attendance per month (``manad``, ``andel``) on 0–100 %, with its interval (``ki_lag``,
    ``ki_hog``) as a band and ``n`` (``deltagare``) under each month.

    Give one row per month of the axis (a month without data has NaN): the axis runs over exactly
    those months. A masked month is greyed out with its mark, and the line breaks there. ``period``
    (first and last month of the report period) is marked above the plot when the axis starts before
    it; months of the report period have filled points, months before it open ones.
    """
    with style():
        ax = new_axes(ax, height=3.6)
        x = np.arange(len(values))
        months = [pd.Timestamp(m) for m in values["manad"]]
        masked_rate = hidden(values, "andel", masked)
        shown_marks = marks_of(marks, "andel", masked_rate, min_count)
        rates = shown(values, "andel", masked_rate)
        no_interval = masked_rate | hidden(values, "ki_lag", masked, main=False) | hidden(
            values, "ki_hog", masked, main=False)
        lows, highs = shown(values, "ki_lag", no_interval), shown(values, "ki_hog", no_interval)
        n_masked = hidden(values, "deltagare", masked, main=False)
        n_marks = marks_of(marks, "deltagare", n_masked, min_count, main=False)
        sizes = shown(values, "deltagare", n_masked)
        for xi, mark in zip(x, shown_marks):
            if mark:  # greyed out: a month below the masking threshold
                ax.axvspan(xi - 0.5, xi + 0.5, color=MASKED_FILL, zorder=0, lw=0)
                ax.text(xi, 0.03, mark, ha="center", va="bottom", fontsize=7.5, color=TEXT)
        band = np.isfinite(lows) & np.isfinite(highs) & np.isfinite(rates)
        if band.any():
            ax.fill_between(x, np.where(band, lows, np.nan), np.where(band, highs, np.nan), color=SKY, alpha=0.35,
                            lw=0, zorder=1, label=label("w_ki", language))
        ax.plot(x, rates, color=BLUE, lw=1.6, zorder=3)
        inside = (np.array([m >= period[0] for m in months]) if period is not None
                  else np.ones(len(values), dtype=bool))
        ax.plot(x[inside], rates[inside], ls="none", marker="o", ms=4, color=BLUE, zorder=4)
        ax.plot(x[~inside], rates[~inside], ls="none", marker="o", ms=4, mfc="white", mec=BLUE, mew=1.2, zorder=4)
        ax.set_xlim(-0.5, max(len(values), 1) - 0.5)
        share_axis(ax.yaxis, language)
        ax.yaxis.grid(True)
        if target is not None:
            goal_line(ax, target, goal_text(target, language))
        # month names, n per month, and the year once under its first month
        every = 1 if len(values) <= 24 else int(np.ceil(len(values) / 18))
        small = 7 if len(values) <= 18 else 6
        ax.set_xticks(x, [fmt_month(m, language).split()[0] if i % every == 0 else "" for i, m in enumerate(months)],
                      fontsize=small + 0.5)
        ax.tick_params(axis="x", length=2, pad=2)
        axis_rows = ax.get_xaxis_transform()
        for xi, m, n, mark in zip(x, months, sizes, n_marks):
            text = mark or ("" if is_missing(n) else fmt_int(n, language))
            ax.annotate(text, xy=(xi, 0), xycoords=axis_rows, xytext=(0, -20), textcoords="offset points",
                        ha="center", va="top", fontsize=small, color=MUTED, annotation_clip=False)
            if m.month == 1 or xi == 0:
                ax.annotate(str(m.year), xy=(xi - 0.4, 0), xycoords=axis_rows, xytext=(0, -32),
                            textcoords="offset points", ha="left", va="top", fontsize=small + 0.5, color=TEXT,
                            annotation_clip=False)
        ax.annotate(label("w_n_deltagare", language), xy=(0, 0), xycoords="axes fraction", xytext=(-4, -20),
                    textcoords="offset points", ha="right", va="top", fontsize=small, color=MUTED)
        marked = period is not None and len(months) and months[0] < period[0] <= months[-1]
        if marked:  # a bar over the report period's months, above the plot, labelled at its left
            first = next(i for i, m in enumerate(months) if m >= period[0])
            last = max(i for i, m in enumerate(months) if m <= period[1])
            ax.axvline(first - 0.5, color=INK, lw=0.9, ls=":", zorder=2)
            over = offset_copy(ax.get_xaxis_transform(), fig=ax.figure, y=6, units="points")
            ax.plot([first - 0.45, last + 0.45], [1, 1], color=INK, lw=2.2, transform=over, clip_on=False,
                    solid_capstyle="butt")
            ax.annotate(label("w_rapportperiod", language), xy=(first - 0.45, 1), xycoords=over, xytext=(-4, 0),
                        textcoords="offset points", ha="right", va="center", fontsize=7.5, color=INK)
        title_of(ax, title, subtitle, above=12 if marked else 0)
        lines = [label("w_ki_band_not", language)] if band.any() else []
        if any(shown_marks):
            lines.append(label("w_gra_manad", language).format(k=min_count))
        note(ax, shown_marks + n_marks, min_count, language, lines=lines)
    return ax


def survival_chart(values: pd.DataFrame, *, title: str, groups: Sequence[str] | None = None,
                   medians: Sequence[float | None] | None = None, language: str = "sv", masked: Masked = None,
                   marks: Marks = None, min_count: int = 3, subtitle: str | None = None,
                   ax: Axes | None = None) -> Axes:
    """The share still in the insats over the days since start: Kaplan–Meier steps (``dagar``,
    ``andel_kvar``, each holding until the next row) with the pointwise interval (``ki_lag``,
    ``ki_hog``) as a band, per ``grupp`` (named by ``groups``), on 0–100 %.

    A dashed line marks 50 %; ``medians`` (one per group, the day the curve reaches it; ``None``
    where it does not) are marked on it. Under the axis, the number still followed (``i_risk``) at a
    few of the table's own days. A curve stops before its first row with a masked ``i_risk`` (or a
    masked day or share): nothing after it is drawn.
    """
    with style():
        ax = new_axes(ax, height=3.8)
        codes = [c for c in pd.unique(values["grupp"]) if pd.notna(c)] if "grupp" in values.columns else [None]
        names = list(groups) if groups is not None else [str(c) for c in codes]
        cut_marks: list[str] = []
        curves = []
        for code in codes:
            rows = (values["grupp"] == code).to_numpy() if code is not None else np.ones(len(values), dtype=bool)
            part = values.loc[rows]
            gone = np.zeros(len(part), dtype=bool)
            for column in ("i_risk", "dagar", "andel_kvar"):
                gone |= hidden(part, column, masked.loc[rows] if isinstance(masked, pd.DataFrame) else None,
                               main=False)
            stop = int(np.argmax(gone)) if gone.any() else len(part)
            part_marks = marks.loc[rows] if isinstance(marks, pd.DataFrame) else None
            risk_marks = marks_of(part_marks, "i_risk", gone, min_count, main=False)
            cut_marks += [m for m in risk_marks[stop:stop + 1] if m]
            band_masked = hidden(part, "ki_lag", masked.loc[rows] if isinstance(masked, pd.DataFrame) else None,
                                 main=False)
            curves.append({"days": numbers(part, "dagar")[:stop], "share": numbers(part, "andel_kvar")[:stop],
                           "low": np.where(band_masked, np.nan, numbers(part, "ki_lag"))[:stop],
                           "high": np.where(band_masked, np.nan, numbers(part, "ki_hog"))[:stop],
                           "risk": numbers(part, "i_risk")[:stop], "cut": stop < len(part)})
        longest = max([float(np.nanmax(c["days"])) for c in curves if len(c["days"])] + [1.0])
        ticks = nice_ticks(0.0, longest, integer=True)
        ax.set_xlim(0, ticks[-1])
        ax.xaxis.set_major_locator(FixedLocator(ticks))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt_int(v, language)))
        share_axis(ax.yaxis, language)
        ax.yaxis.grid(True)
        ax.axhline(0.5, color=INK, lw=1.0, ls=(0, (4, 2)), zorder=2)
        ax.annotate(label("w_halften_kvar", language), xy=(1, 0.5), xycoords=ax.get_yaxis_transform(),
                    xytext=(-2, 2), textcoords="offset points", ha="right", va="bottom", fontsize=7.5, color=INK,
                    bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"})
        axis_rows = ax.get_xaxis_transform()
        several = len(curves) > 1
        for k, (curve, name) in enumerate(zip(curves, names)):
            if not len(curve["days"]):
                continue
            line, marker, color = _CURVES[k % len(_CURVES)]
            band = np.isfinite(curve["low"]) & np.isfinite(curve["high"])
            if band.any():
                ax.fill_between(curve["days"], np.where(band, curve["low"], np.nan),
                                np.where(band, curve["high"], np.nan), step="post", color=SKY,
                                alpha=0.3 if not several else 0.18, lw=0, zorder=1)
            ax.step(curve["days"], curve["share"], where="post", color=color, lw=1.8, ls=line, zorder=3,
                    label=name if several else None)
            if curve["cut"]:  # where the curve stops: fewer than the threshold left
                ax.plot(curve["days"][-1:], curve["share"][-1:], ls="none", marker="|", ms=9, color=color, zorder=4)
            median = medians[k] if medians is not None and k < len(medians) else None
            if median is not None and np.isfinite(median):
                ax.plot([median, median], [0, 0.5], color=color, lw=1.0, ls=":", zorder=2)
                ax.plot([median], [0.5], ls="none", marker=marker, ms=5, color=color, zorder=4)
                ax.annotate(label("w_median_dagar", language).format(d=fmt_int(median, language)),
                            xy=(median, 0.5), xytext=(4, -4), textcoords="offset points", ha="left", va="top",
                            fontsize=7.5, color=INK,
                            bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"})
            # n still followed, at the first of the table's days at or after each tick
            picked: list[int] = []
            for t in ticks:
                at = np.flatnonzero(curve["days"] >= t)
                if len(at) and (not picked or curve["days"][at[0]] - curve["days"][picked[-1]] > 0.08 * ticks[-1]):
                    picked.append(int(at[0]))
            offset = -18 - 11 * k
            for i in picked:
                ax.annotate(fmt_int(curve["risk"][i], language), xy=(curve["days"][i], 0), xycoords=axis_rows,
                            xytext=(0, offset), textcoords="offset points", ha="center", va="top", fontsize=7,
                            color=MUTED, annotation_clip=False)
            ax.annotate(label("w_kvar_n", language) + (f" ({name})" if several else ""), xy=(0, 0),
                        xycoords="axes fraction", xytext=(-14, offset), textcoords="offset points", ha="right",
                        va="top", fontsize=7, color=MUTED)
        ax.set_xlabel(label("w_dagar_sedan_start", language), labelpad=4 + 11 * len(curves))
        ax.set_ylabel(label("c_andel_kvar", language))
        if several:
            ax.legend(loc="upper right")
        title_of(ax, title, subtitle)
        lines = [label("w_ki_band_not", language)]
        if any(c["cut"] for c in curves):
            lines.append(label("w_kurva_slutar", language).format(k=min_count))
        note(ax, cut_marks, min_count, language, lines=lines)
    return ax
