"""Bars: counts, shares, before/after, money, rates by group and a distribution over bands."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, FuncFormatter

from ..formatting import fmt_int, fmt_number, fmt_percent, is_missing
from ..labels import label
from .base import (BLUE, INK, MONEY_UNITS, SERIES, SKY, TEXT, Marks, Masked, clipped_error, count_axis,
                   goal_line, goal_text, hatch_color, hidden, legend_below, marks_of, money_unit, new_axes, nice_ticks,
                   note, numbers, share_axis, shown, style, text_on)
from .base import title as title_of


def _beside(ax: Axes, x: float, y: float, text: str, *, horizontal: bool = True, fontsize: float = 8.5,
            boxed: bool = False) -> None:
    """A label just beyond a bar's end (outside the bar, on white: ink contrast); ``boxed`` puts it on
    a white patch (over a line that may run there)."""
    if not text:
        return
    if boxed:
        ax.annotate(text, xy=(x, y), xytext=(0, 2), textcoords="offset points", va="bottom", ha="center",
                    fontsize=fontsize, color=TEXT, annotation_clip=False, zorder=4,
                    bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"})
    elif horizontal:
        ax.annotate(text, xy=(x, y), xytext=(3, 0), textcoords="offset points", va="center", ha="left",
                    fontsize=fontsize, color=TEXT, annotation_clip=False)
    else:
        ax.annotate(text, xy=(x, y), xytext=(0, 2), textcoords="offset points", va="bottom", ha="center",
                    fontsize=fontsize, color=TEXT, annotation_clip=False)


def _hatched(ax: Axes, bars, faces: Sequence[str], hatches: Sequence[str]) -> None:
    for bar, face, hatch in zip(bars, faces, hatches):
        if hatch:
            bar.set_hatch(hatch)
            bar.set_hatchcolor(hatch_color(face))


def bar_chart(values: pd.DataFrame, *, categories: Sequence[str], title: str, language: str = "sv",
              count: str = "antal", share: str | None = "andel", masked: Masked = None,
              marks: Marks = None, min_count: int = 3, xlabel: str | None = None,
              colors: Sequence[str] | None = None, hatches: Sequence[str] | None = None,
              legend: Sequence[tuple[str, str, str]] | None = None, subtitle: str | None = None,
              ax: Axes | None = None) -> Axes:
    """Horizontal bars of counts, top to bottom in table order, each labelled ``n (x %)``.

    ``categories`` are the labels of the rows; a row whose count is masked gets no bar and its mark
    (``<3``, ``X``) instead of a number. ``colors`` and ``hatches`` style each bar; ``legend`` explains
    them as ``(text, colour, hatch)``. The count axis runs from 0 to a 1-2-5 tick.
    """
    with style():
        ax = new_axes(ax, rows=len(values))
        masked_count = hidden(values, count, masked)
        shown_marks = marks_of(marks, count, masked_count, min_count)
        counts = shown(values, count, masked_count)
        if share:
            shares = shown(values, share, masked_count | hidden(values, share, masked, main=False))
        else:
            shares = np.full(len(values), np.nan)
        y = np.arange(len(values))[::-1]
        faces = list(colors) if colors else [BLUE] * len(values)
        bars = ax.barh(y, np.nan_to_num(counts), color=faces, height=0.62)
        _hatched(ax, bars, faces, list(hatches) if hatches else [""] * len(values))
        top = float(np.nanmax(counts)) if np.isfinite(counts).any() else 0.0
        for yi, n, s, mark in zip(y, counts, shares, shown_marks):
            if mark:
                text = mark
            elif is_missing(n):
                text = ""
            else:
                text = fmt_int(n, language) + (f" ({fmt_percent(s, 0, language)})" if not is_missing(s) else "")
            _beside(ax, float(np.nan_to_num(n)), yi, text)
        ax.set_yticks(y, list(categories))
        count_axis(ax.xaxis, top, language)
        ax.set_xlabel(xlabel or label("w_antal_deltagare", language))
        ax.tick_params(axis="y", length=0)
        if legend:
            handles = [Patch(facecolor=c, hatch=h, edgecolor=hatch_color(c) if h else c, linewidth=0, label=t)
                       for t, c, h in legend]
            ax.legend(handles=handles, loc="lower right", title=None)
        title_of(ax, title, subtitle)
        note(ax, shown_marks, min_count, language)
    return ax



def share_chart(values: pd.DataFrame, *, categories: Sequence[str], title: str, share: str = "andel",
                language: str = "sv", masked: Masked = None, marks: Marks = None, min_count: int = 3,
                xlabel: str | None = None, subtitle: str | None = None, ax: Axes | None = None) -> Axes:
    """Horizontal bars of shares on exactly 0–100 %, top to bottom in table order, each labelled
    with its percent."""
    with style():
        ax = new_axes(ax, rows=len(values))
        masked_share = hidden(values, share, masked)
        shown_marks = marks_of(marks, share, masked_share, min_count)
        shares = shown(values, share, masked_share)
        y = np.arange(len(values))[::-1]
        ax.barh(y, np.nan_to_num(shares), color=BLUE, height=0.62)
        for yi, s, mark in zip(y, shares, shown_marks):
            _beside(ax, float(np.nan_to_num(s)), yi, mark or fmt_percent(s, 0, language))
        ax.set_yticks(y, list(categories))
        share_axis(ax.xaxis, language)
        ax.set_xlabel(xlabel or label("w_andel_svarande", language))
        ax.tick_params(axis="y", length=0)
        title_of(ax, title, subtitle)
        note(ax, shown_marks, min_count, language)
    return ax


def paired_bar_chart(values: pd.DataFrame, *, categories: Sequence[str], pair: tuple[str, str],
                     names: tuple[str, str], title: str, language: str = "sv",
                     masked: pd.DataFrame | None = None, marks: pd.DataFrame | None = None,
                     min_count: int = 3, subtitle: str | None = None, ax: Axes | None = None) -> Axes:
    """Two horizontal bars per category (e.g. before and after), counts written beside them; a
    count of 0 has no bar and no label."""
    with style():
        ax = new_axes(ax, rows=int(len(values) * 1.25))
        y = np.arange(len(values))[::-1] * 1.0
        sides = []
        for column in pair:
            masked_side = hidden(values, column, masked, main=False)
            sides.append((shown(values, column, masked_side), marks_of(marks, column, masked_side, min_count)))
        finite = [v for counts, _ in sides for v in counts if np.isfinite(v)]
        every_mark: list[str] = []
        for offset, (counts, shown_marks), name, (face, hatch) in zip((0.2, -0.2), sides, names,
                                                                      (SERIES[1], SERIES[0])):
            every_mark += shown_marks
            bars = ax.barh(y + offset, np.nan_to_num(counts), height=0.38, color=face, label=name)
            _hatched(ax, bars, [face] * len(bars), [hatch] * len(bars))
            for yi, n, mark in zip(y + offset, counts, shown_marks):
                text = mark or ("" if is_missing(n) or n == 0 else fmt_int(n, language))
                _beside(ax, float(np.nan_to_num(n)), yi, text, fontsize=8)
        ax.set_yticks(y, list(categories))
        count_axis(ax.xaxis, max([0.0, *finite]), language)
        ax.set_xlabel(label("w_antal_deltagare", language))
        ax.tick_params(axis="y", length=0)
        ax.legend(loc="lower right")
        title_of(ax, title, subtitle)
        note(ax, every_mark, min_count, language)
    return ax


def grouped_bar_chart(values: pd.DataFrame, *, groups: Sequence[str], series: Sequence[tuple[str, str]],
                      title: str, language: str = "sv", kind: str = "count",
                      markers: tuple[str, str] | None = None, subtitle: str | None = None,
                      ax: Axes | None = None) -> Axes:
    """Vertical bars side by side per group: ``series`` is ``[(column, legend label), …]``.

    ``kind`` is ``count`` (persons) or ``kronor``: kronor are shown in one unit (kr, tkr or mnkr, by
    the largest amount), the same in the axis label, the ticks and the bars' labels. ``markers``,
    ``(column, legend label)``, adds a dashed outline over the last series' bar of each group that
    has a value in that column (e.g. the forecast of the costs), its amount in italics above it.
    """
    with style():
        ax = new_axes(ax, height=3.6)
        x = np.arange(len(values))
        width = 0.8 / len(series)
        data = {column: numbers(values, column) for column, _ in series}
        outline = numbers(values, markers[0]) if markers else np.full(len(values), np.nan)
        every = np.concatenate([*data.values(), outline])
        top = float(np.nanmax(every)) if np.isfinite(every).any() else 0.0
        unit = money_unit(top) if kind == "kronor" else ""
        divisor = MONEY_UNITS[unit][0] if unit else 1

        def short(v: float) -> str:
            return fmt_number(v / divisor, 1 if unit == "mnkr" else 0, language)

        ticks = nice_ticks(0.0, max(top, 1.0) / divisor, integer=not unit or unit == "kr") * divisor
        ax.set_ylim(0, ticks[-1])
        ax.yaxis.set_major_locator(FixedLocator(ticks))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: short(v)))
        step = ticks[-1]
        last = len(series) - 1
        for i, (column, name) in enumerate(series):
            face, hatch = SERIES[(i + 1) % 2] if len(series) == 2 else SERIES[i % len(SERIES)]
            pos = x - 0.4 + width * (i + 0.5)
            bars = ax.bar(pos, np.nan_to_num(data[column]), width=width * 0.95, color=face, label=name)
            _hatched(ax, bars, [face] * len(bars), [hatch] * len(bars))
            for xi, v, o in zip(pos, data[column], outline):
                if is_missing(v):
                    continue
                if i == last and v >= 0.12 * step:  # the outline's label goes above: this one in the bar's top
                    ax.annotate(short(v), xy=(xi, v), xytext=(0, -3), textcoords="offset points", ha="center",
                                va="top", fontsize=7.5, color=text_on(face),
                                bbox={"boxstyle": "square,pad=0.1", "facecolor": face, "edgecolor": "none"})
                else:
                    _beside(ax, xi, v, short(v), horizontal=False, fontsize=7.5, boxed=i == last and markers is not None)
        if markers is not None:  # an outline over the last series' bars: a forecast of the costs
            pos = x - 0.4 + width * (last + 0.5)
            given = np.isfinite(outline)
            ax.bar(pos[given], outline[given], width=width * 0.95, fill=False, edgecolor=INK, linestyle="--",
                   linewidth=1.2, label=markers[1], zorder=3)
            spent = data[series[last][0]]
            for xi, o, v in zip(pos[given], outline[given], spent[given]):
                v = float(np.nan_to_num(v))
                if abs(o - v) < 0.005 * step:
                    continue  # the outline is the bar's own edge: its number is the bar's
                # above the outline, or above the bar's own label when that is written over a short bar
                lift = 11 if v < 0.12 * step and o - v < 0.08 * step else 2
                ax.annotate(short(o), xy=(xi, max(o, v)), xytext=(0, lift), textcoords="offset points",
                            ha="center", va="bottom", fontsize=7.5, color=INK, fontstyle="italic",
                            annotation_clip=False)
        ax.set_xticks(x, list(groups))
        ax.tick_params(axis="x", length=0)
        ax.yaxis.grid(True)
        ax.set_ylabel(label(MONEY_UNITS[unit][1], language) if unit else label("w_antal_deltagare", language))
        legend_below(ax, ncol=len(series) + (markers is not None), points=22)
        title_of(ax, title, subtitle)
    return ax


def rate_chart(values: pd.DataFrame, *, groups: Sequence[str], title: str, target: float | None = None,
               language: str = "sv", masked: Masked = None, marks: Marks = None, min_count: int = 3,
               subtitle: str | None = None, ax: Axes | None = None) -> Axes:
    """Rates by group (``andel``) as bars on 0–100 % with their intervals (``ki_lag``, ``ki_hog``), a
    labelled goal line, and ``n`` (``deltagare``) under each group. Each rate is written in its bar,
    at its foot (clear of the whisker and the goal line). A masked rate has no bar and no interval, only its mark; a masked ``n`` shows
    its own mark."""
    with style():
        ax = new_axes(ax, height=3.6)
        x = np.arange(len(values))
        masked_rate = hidden(values, "andel", masked)
        shown_marks = marks_of(marks, "andel", masked_rate, min_count)
        rates = shown(values, "andel", masked_rate)
        no_interval = masked_rate | hidden(values, "ki_lag", masked, main=False) | hidden(
            values, "ki_hog", masked, main=False)
        lows, highs = shown(values, "ki_lag", no_interval), shown(values, "ki_hog", no_interval)
        n_masked = hidden(values, "deltagare", masked, main=False)
        n_marks = marks_of(marks, "deltagare", n_masked, min_count, main=False)
        sizes = shown(values, "deltagare", n_masked)
        ax.bar(x, np.nan_to_num(rates), color=BLUE, width=0.6)
        intervals = False
        for xi, rate, low, high, mark in zip(x, rates, lows, highs, shown_marks):
            if mark:
                _beside(ax, xi, 0.0, mark, horizontal=False)
                continue
            if is_missing(rate):
                continue
            arms = clipped_error(rate, low, high)
            top = rate
            if arms is not None:
                ax.errorbar(xi, rate, yerr=[[arms[0]], [arms[1]]], fmt="none", ecolor=INK, elinewidth=1.1,
                            capsize=4, zorder=3)
                intervals = True
                top = rate + arms[1]
            text = fmt_percent(rate, 0, language)
            if rate >= 0.1:  # in the bar at its foot: clear of the whisker and of the goal line
                ax.annotate(text, xy=(xi, 0), xytext=(0, 4), textcoords="offset points", ha="center",
                            va="bottom", fontsize=8.5, color=text_on(BLUE))
            else:
                _beside(ax, xi, top, text, horizontal=False)
        n = label("w_n", language)
        ax.set_xticks(x, [f"{g}\n({n} = {mark or fmt_int(d, language)})" for g, d, mark in zip(groups, sizes, n_marks)])
        ax.tick_params(axis="x", length=0)
        share_axis(ax.yaxis, language)
        ax.yaxis.grid(True)
        if target is not None:
            goal_line(ax, target, goal_text(target, language))
        title_of(ax, title, subtitle)
        note(ax, shown_marks + n_marks, min_count, language,
             lines=[label("w_ki_not", language)] if intervals else [])
    return ax


def distribution_chart(values: pd.DataFrame, *, bands: Sequence[str], title: str, count: str = "deltagare",
                       target: tuple[float, str] | None = None, language: str = "sv", masked: Masked = None,
                       marks: Marks = None, min_count: int = 3, xlabel: str | None = None,
                       subtitle: str | None = None, ax: Axes | None = None) -> Axes:
    """How many fall in each band (``count``, with ``andel``), bands left to right as labelled by
    ``bands`` (their edges written out). ``target`` is ``(position, label)``: the goal drawn as a
    vertical line at ``position`` in band units (0 the left edge of the first band, 1 its right
    edge, …)."""
    with style():
        ax = new_axes(ax, height=3.4)
        x = np.arange(len(values))
        masked_count = hidden(values, count, masked)
        shown_marks = marks_of(marks, count, masked_count, min_count)
        counts = shown(values, count, masked_count)
        shares = shown(values, "andel", masked_count | hidden(values, "andel", masked, main=False))
        ax.bar(x, np.nan_to_num(counts), color=BLUE, width=0.7)
        top = float(np.nanmax(counts)) if np.isfinite(counts).any() else 0.0
        for xi, n, s, mark in zip(x, counts, shares, shown_marks):
            if mark:
                text = mark
            elif is_missing(n):
                text = ""
            else:
                text = fmt_int(n, language) + (f"\n({fmt_percent(s, 0, language)})" if not is_missing(s) else "")
            _beside(ax, xi, float(np.nan_to_num(n)), text, horizontal=False, fontsize=8)
        ax.set_xticks(x, list(bands))
        ax.tick_params(axis="x", length=0)
        count_axis(ax.yaxis, top * 1.15, language)
        ax.set_ylabel(label("w_antal_deltagare", language))
        ax.set_xlim(-0.5, len(values) - 0.5)
        if xlabel:
            ax.set_xlabel(xlabel)
        if target is not None:  # labelled above the plot, in a row of its own under the subtitle
            goal_line(ax, target[0] - 0.5, target[1], vertical=True)
        title_of(ax, title, subtitle, above=12 if target is not None else 0)
        note(ax, shown_marks, min_count, language)
    return ax
