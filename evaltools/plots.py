"""Figures drawn from result tables only; no statistics are computed here.

Every function takes a result table whose masked cells are NaN (see :mod:`evaltools.publish`), plus
the mask and the marks (what a masked cell shows: ``<3``, ``X``, ``–``) where a masked bar must say
why it is missing; it accepts ``ax=None`` and returns the Axes. A masked value is never drawn: its
bar has no length, it gets no interval and no share, only its mark; the drawing does not depend on
what a masked cell holds. Figures are :class:`matplotlib.figure.Figure` objects (no pyplot state),
drawn in the packaged style, so that the same input gives the same PNG and SVG bytes.

``masked`` is a frame of booleans shaped like ``values`` (or, for the column a figure plots, a
sequence; by default the NaN cells of that column) and ``marks`` the matching frame of texts (by
default ``<k`` for every masked cell).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Union

import matplotlib.style
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Annotation
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .formatting import fmt_int, fmt_masked, fmt_month, fmt_percent, is_missing
from .labels import label
from .publish import MASKED_DERIVED, MASKED_SECONDARY

__all__ = ["style", "bar_chart", "goal_chart", "rate_chart", "monthly_rate_chart",
           "progression_chart", "radar_chart", "grouped_bar_chart", "share_chart", "paired_bar_chart", "save_figure",
           "figure_png", "wrap"]

STYLE = Path(__file__).with_name("evaltools.mplstyle")
BLUE, ORANGE, GREEN, GREY, RED, LIGHT = "#0072B2", "#E69F00", "#009E73", "#9A9A9A", "#D55E00", "#56B4E9"
TEXT = "#333333"

#: which cells are masked: a frame like ``values``, or a sequence for the figure's main column
Masked = Union[pd.DataFrame, Sequence[bool], None]
#: what masked cells show: a frame like ``values``, or a sequence for the figure's main column
Marks = Union[pd.DataFrame, Sequence[str], None]


@contextmanager
def style() -> Iterator[None]:
    """The packaged look, for drawing and for saving."""
    with matplotlib.style.context(STYLE):
        yield


def _new_axes(ax: Axes | None, rows: int = 0, width: float = 6.5, height: float | None = None) -> Axes:
    if ax is not None:
        return ax
    if height is None:
        height = max(2.2, 1.2 + 0.36 * rows) if rows else 3.8
    return Figure(figsize=(width, height)).add_subplot()


def _percent_axis(axis, language: str, decimals: int = 0) -> None:
    axis.set_major_formatter(FuncFormatter(lambda v, _: fmt_percent(v, decimals, language)))


def _title(ax: Axes, title: str, subtitle: str | None = None) -> None:
    ax.set_title(title, loc="left")
    if subtitle:
        ax.text(0, 1.01, subtitle, transform=ax.transAxes, fontsize=8.5, color="#555555", va="bottom")
        ax.set_title(title, loc="left", pad=22)


# ------------------------------------------------------------------------------ masked cells

def _numbers(values: pd.DataFrame, column: str) -> np.ndarray:
    return pd.to_numeric(values[column], errors="coerce").to_numpy(dtype=float)


def _hidden(values: pd.DataFrame, column: str, masked: Masked, *, main: bool = True) -> np.ndarray:
    """Which cells of ``column`` are masked. A sequence ``masked`` is the mask of the figure's
    ``main`` column; without a mask frame, other columns count as masked where they are NaN."""
    if isinstance(masked, pd.DataFrame):
        if column in masked.columns:
            return masked[column].to_numpy(dtype=bool)
        return np.zeros(len(values), dtype=bool)
    if masked is not None and main:
        hidden = np.asarray(masked, dtype=bool)
        if hidden.shape != (len(values),):
            raise ValueError(f"masked has {hidden.size} values for {len(values)} rows")
        return hidden
    if column not in values.columns:
        return np.zeros(len(values), dtype=bool)
    return values[column].isna().to_numpy(dtype=bool)


def _shown(values: pd.DataFrame, column: str, hidden: np.ndarray) -> np.ndarray:
    """The numbers of ``column`` with every masked cell NaN, whatever the cell holds."""
    return np.where(hidden, np.nan, _numbers(values, column))


def _marks(marks: Marks, column: str, hidden: np.ndarray, min_count: int, *,
           main: bool = True) -> list[str]:
    """What each cell of ``column`` shows when masked (``""`` where shown)."""
    if isinstance(marks, pd.DataFrame):
        given = list(marks[column]) if column in marks.columns else [""] * len(hidden)
    elif marks is not None and main:
        given = list(marks)
    else:
        given = [""] * len(hidden)
    return [(str(m) if isinstance(m, str) and m else fmt_masked(min_count)) if h else ""
            for m, h in zip(given, hidden)]


_MARK_ORDER = {MASKED_SECONDARY: 1, MASKED_DERIVED: 2}


def _masked_note(ax: Axes, marks: Iterable[str], min_count: int, language: str) -> None:
    """Explain each mark the figure shows, in a note under everything else the Axes draws."""
    lines = []
    for mark in sorted({m for m in marks if m}, key=lambda m: (_MARK_ORDER.get(m, 0), m)):
        if mark == MASKED_SECONDARY:
            text = label("n_sekundar", language)
        elif mark == MASKED_DERIVED:
            text = label("n_harledd", language)
        else:
            text = f"{mark}: {label('w_maskerad', language).format(k=min_count)}"
        lines.append(wrap(text, 105))
    if not lines:
        return
    note = Annotation("\n".join(lines), xy=(0, 0), xycoords=lambda renderer: ax.get_tightbbox(renderer),
                      xytext=(0, -6), textcoords="offset points", ha="left", va="top", fontsize=7.5,
                      color="#666666", annotation_clip=False)
    ax.figure.add_artist(note)


def _clipped_error(estimate: float, low: float, high: float) -> tuple[float, float] | None:
    """The lengths of an interval's arms, its ends clipped to the estimate (a Wilson interval of
    n of n can end a hair below 1); ``None`` when there is no interval to draw."""
    if not np.isfinite([estimate, low, high]).all():
        return None
    return max(estimate - low, 0.0), max(high - estimate, 0.0)


# ------------------------------------------------------------------------------ figures

def bar_chart(values: pd.DataFrame, *, categories: Sequence[str], title: str, language: str = "sv",
              count: str = "antal", share: str | None = "andel", masked: Masked = None,
              marks: Marks = None, min_count: int = 3, xlabel: str | None = None,
              colors: Sequence[str] | None = None, subtitle: str | None = None,
              ax: Axes | None = None) -> Axes:
    """Horizontal bars of counts, top to bottom in table order, each labelled ``n (x %)``.

    ``categories`` are the labels of the rows; a row whose count is masked gets no bar and its mark
    (``<3``, ``X``) instead of a number.
    """
    with style():
        ax = _new_axes(ax, rows=len(values))
        hidden = _hidden(values, count, masked)
        shown_marks = _marks(marks, count, hidden, min_count)
        counts = _shown(values, count, hidden)
        if share:
            shares = _shown(values, share, hidden | _hidden(values, share, masked, main=False))
        else:
            shares = np.full(len(values), np.nan)
        y = np.arange(len(values))[::-1]
        ax.barh(y, np.nan_to_num(counts), color=list(colors) if colors else BLUE, height=0.62)
        top = float(np.nanmax(counts)) if np.isfinite(counts).any() and np.nanmax(counts) > 0 else 1.0
        for yi, n, s, mark in zip(y, counts, shares, shown_marks):
            if mark:
                text = mark
            elif is_missing(n):
                text = ""
            else:
                text = fmt_int(n, language) + (f" ({fmt_percent(s, 0, language)})"
                                               if not is_missing(s) else "")
            ax.text(np.nan_to_num(n) + top * 0.015, yi, text, va="center", fontsize=8.5, color=TEXT)
        ax.set_yticks(y, list(categories))
        ax.set_xlim(0, top * 1.25)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt_int(v, language)))
        ax.set_xlabel(xlabel or label("w_antal_deltagare", language))
        ax.tick_params(axis="y", length=0)
        _title(ax, title, subtitle)
        _masked_note(ax, shown_marks, min_count, language)
    return ax


def share_chart(values: pd.DataFrame, *, categories: Sequence[str], title: str, share: str = "andel",
                language: str = "sv", masked: Masked = None, marks: Marks = None, min_count: int = 3,
                xlabel: str | None = None, subtitle: str | None = None, ax: Axes | None = None) -> Axes:
    """Horizontal bars of shares (0–1), top to bottom in table order, each labelled with its percent."""
    with style():
        ax = _new_axes(ax, rows=len(values))
        hidden = _hidden(values, share, masked)
        shown_marks = _marks(marks, share, hidden, min_count)
        shares = _shown(values, share, hidden)
        y = np.arange(len(values))[::-1]
        ax.barh(y, np.nan_to_num(shares), color=BLUE, height=0.62)
        for yi, s, mark in zip(y, shares, shown_marks):
            text = mark or fmt_percent(s, 0, language)
            ax.text(np.nan_to_num(s) + 0.015, yi, text, va="center", fontsize=8.5, color=TEXT)
        ax.set_yticks(y, list(categories))
        ax.set_xlim(0, 1.12)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
        _percent_axis(ax.xaxis, language)
        ax.set_xlabel(xlabel or label("w_andel_svarande", language))
        ax.tick_params(axis="y", length=0)
        _title(ax, title, subtitle)
        _masked_note(ax, shown_marks, min_count, language)
    return ax


def paired_bar_chart(values: pd.DataFrame, *, categories: Sequence[str], pair: tuple[str, str],
                     names: tuple[str, str], title: str, language: str = "sv",
                     masked: pd.DataFrame | None = None, marks: pd.DataFrame | None = None,
                     min_count: int = 3, subtitle: str | None = None, ax: Axes | None = None) -> Axes:
    """Two horizontal bars per category (e.g. before and after), counts written beside them."""
    with style():
        ax = _new_axes(ax, rows=int(len(values) * 1.6))
        y = np.arange(len(values))[::-1] * 1.0
        sides = []
        for column in pair:
            hidden = _hidden(values, column, masked, main=False)
            sides.append((_shown(values, column, hidden), _marks(marks, column, hidden, min_count)))
        finite = [v for counts, _ in sides for v in counts if np.isfinite(v)]
        top = max([1.0, *finite])
        every_mark: list[str] = []
        for offset, (counts, shown_marks), name, color in zip((0.2, -0.2), sides, names, (LIGHT, BLUE)):
            every_mark += shown_marks
            ax.barh(y + offset, np.nan_to_num(counts), height=0.38, color=color, label=name)
            for yi, n, mark in zip(y + offset, counts, shown_marks):
                text = mark or ("" if is_missing(n) else fmt_int(n, language))
                ax.text(np.nan_to_num(n) + top * 0.015, yi, text, va="center", fontsize=8, color=TEXT)
        ax.set_yticks(y, list(categories))
        ax.set_xlim(0, top * 1.18)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        ax.set_xlabel(label("w_antal_deltagare", language))
        ax.tick_params(axis="y", length=0)
        ax.legend(loc="lower right")
        _title(ax, title, subtitle)
        _masked_note(ax, every_mark, min_count, language)
    return ax


def goal_chart(values: pd.DataFrame, *, names: Sequence[str], title: str, language: str = "sv",
               masked: Masked = None, marks: Marks = None, min_count: int = 3,
               ax: Axes | None = None) -> Axes:
    """Share goals: the result as a bar with its 95 % interval, the target as a marker.

    ``values`` has ``varde``, ``malvarde``, ``ki_lag``, ``ki_hog``, ``uppnatt`` (one row per goal) and
    may have ``namnare``: a goal without a value says ``n = 0`` when its denominator is 0. A masked
    result shows its mark, no bar, no interval, and not whether it reached its target.
    """
    with style():
        ax = _new_axes(ax, height=1.5 + 0.6 * len(values))
        y = np.arange(len(values))[::-1]
        hidden = _hidden(values, "varde", masked)
        shown_marks = _marks(marks, "varde", hidden, min_count)
        results = _shown(values, "varde", hidden)
        no_interval = hidden | _hidden(values, "ki_lag", masked, main=False) | _hidden(
            values, "ki_hog", masked, main=False)
        lows, highs = _shown(values, "ki_lag", no_interval), _shown(values, "ki_hog", no_interval)
        targets = _numbers(values, "malvarde")
        silent = hidden | (_hidden(values, "uppnatt", masked, main=False) if isinstance(masked, pd.DataFrame)
                           else np.zeros(len(values), dtype=bool))  # reached or not tells of the result
        denominators = (_shown(values, "namnare", _hidden(values, "namnare", masked, main=False))
                        if "namnare" in values.columns else np.full(len(values), np.nan))
        intervals = False
        for i, yi in enumerate(y):
            reached = bool(values["uppnatt"].iloc[i]) and not silent[i]
            value = 0.0 if is_missing(results[i]) else float(results[i])
            ax.barh(yi, value, color=GREEN if reached else ORANGE, height=0.55)
            arms = _clipped_error(value, lows[i], highs[i]) if not is_missing(results[i]) else None
            if arms is not None:
                ax.errorbar(value, yi, xerr=[[arms[0]], [arms[1]]], fmt="none", ecolor=TEXT,
                            elinewidth=1, capsize=3)
                intervals = True
            target = targets[i]
            if np.isfinite(target):
                ax.plot([target] * 2, [yi - 0.38, yi + 0.38], color=RED, lw=2)
            if shown_marks[i]:
                shown = shown_marks[i]
            elif is_missing(results[i]):
                shown = f"{label('w_n', language)} = 0" if denominators[i] == 0 else ""
            else:
                shown = fmt_percent(value, 0, language)
            goal = f"{label('w_mal', language).lower()} {fmt_percent(target, 0, language)}"
            if not silent[i]:
                goal += f": {label('w_uppnatt' if reached else 'w_ej_uppnatt', language)}"
            right = max(value + (arms[1] if arms else 0.0), target if np.isfinite(target) else 0.0)
            ax.text(right + 0.02, yi, f"{shown}\n{goal}" if shown else goal, va="center", fontsize=8,
                    color=TEXT, linespacing=1.3)
        ax.set_yticks(y, [wrap(name, 28) for name in names])
        ax.set_xlim(0, 1.35)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
        _percent_axis(ax.xaxis, language)
        ax.tick_params(axis="y", length=0)
        ax.plot([], [], color=RED, lw=2, label=label("w_mal", language))
        if intervals:
            ax.errorbar([], [], xerr=[], fmt="none", ecolor=TEXT, label=label("w_ki", language))
        ax.legend(loc="upper left", bbox_to_anchor=(0, -0.1), ncol=2, fontsize=8)
        _title(ax, title)
        _masked_note(ax, shown_marks, min_count, language)
    return ax


def rate_chart(values: pd.DataFrame, *, groups: Sequence[str], title: str, target: float | None = None,
               language: str = "sv", masked: Masked = None, marks: Marks = None, min_count: int = 3,
               subtitle: str | None = None, ax: Axes | None = None) -> Axes:
    """Rates by group (``andel``) as bars with their intervals (``ki_lag``, ``ki_hog``), a goal line,
    and ``n`` (``deltagare``) under each group. A masked rate has no bar and no interval, only its
    mark; a masked ``n`` shows its own mark."""
    with style():
        ax = _new_axes(ax, height=3.6)
        x = np.arange(len(values))
        hidden = _hidden(values, "andel", masked)
        shown_marks = _marks(marks, "andel", hidden, min_count)
        rates = _shown(values, "andel", hidden)
        no_interval = hidden | _hidden(values, "ki_lag", masked, main=False) | _hidden(
            values, "ki_hog", masked, main=False)
        lows, highs = _shown(values, "ki_lag", no_interval), _shown(values, "ki_hog", no_interval)
        n_hidden = _hidden(values, "deltagare", masked, main=False)
        n_marks = _marks(marks, "deltagare", n_hidden, min_count, main=False)
        sizes = _shown(values, "deltagare", n_hidden)
        ax.bar(x, np.nan_to_num(rates), color=BLUE, width=0.6)
        for xi, rate, low, high, mark in zip(x, rates, lows, highs, shown_marks):
            if mark:
                ax.text(xi, 0.02, mark, ha="center", va="bottom", fontsize=8.5, color=TEXT)
                continue
            if is_missing(rate):
                continue
            top = rate
            arms = _clipped_error(rate, low, high)
            if arms is not None:
                ax.errorbar(xi, rate, yerr=[[arms[0]], [arms[1]]], fmt="none", ecolor=TEXT,
                            elinewidth=1, capsize=3)
                top = rate + arms[1]
            ax.text(xi, top + 0.02, fmt_percent(rate, 0, language), ha="center", va="bottom",
                    fontsize=8.5, color=TEXT)
        n = label("w_n", language)
        ticks = [f"{g}\n({n} = {mark or fmt_int(d, language)})" for g, d, mark in zip(groups, sizes, n_marks)]
        ax.set_xticks(x, ticks)
        ax.set_ylim(0, 1.12)
        ax.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
        _percent_axis(ax.yaxis, language)
        ax.yaxis.grid(True)
        if target is not None:
            ax.axhline(target, color=RED, lw=1.5, ls="--",
                       label=f"{label('w_mal', language)} {fmt_percent(target, 0, language)}")
            ax.legend(loc="upper right", bbox_to_anchor=(1.0, 1.12))
        _title(ax, title, subtitle)
        _masked_note(ax, shown_marks + n_marks, min_count, language)
    return ax


def monthly_rate_chart(values: pd.DataFrame, *, title: str, target: float | None = None,
                       language: str = "sv", masked: Masked = None, marks: Marks = None,
                       min_count: int = 3, ax: Axes | None = None) -> Axes:
    """Attendance per month (``manad``, ``andel``), the report period (``i_perioden``) shaded. A
    masked month breaks the line and shows its mark."""
    with style():
        ax = _new_axes(ax, height=3.4)
        x = np.arange(len(values))
        hidden = _hidden(values, "andel", masked)
        shown_marks = _marks(marks, "andel", hidden, min_count)
        rates = _shown(values, "andel", hidden)
        inside = values["i_perioden"].to_numpy(dtype=bool)
        if inside.any():
            first = int(np.argmax(inside))
            ax.axvspan(first - 0.5, len(values) - 0.5, color="#EEF4FA", zorder=0,
                       label=label("w_rapportperiod", language))
        ax.plot(x, rates, color=BLUE, marker="o", ms=3.5, lw=1.6)
        for xi, mark in zip(x, shown_marks):
            if mark:
                ax.text(xi, 0.02, mark, ha="center", va="bottom", fontsize=7.5, color=TEXT)
        months = [fmt_month(pd.Timestamp(m), language) for m in values["manad"]]
        step = max(1, int(np.ceil(len(months) / 12)))
        ax.set_xticks(x[::step], months[::step], rotation=45, ha="right")
        ax.set_xlim(-0.5, max(len(values), 1) - 0.5)
        ax.set_ylim(0, 1.05)
        _percent_axis(ax.yaxis, language)
        ax.yaxis.grid(True)
        if target is not None:
            ax.axhline(target, color=RED, lw=1.5, ls="--",
                       label=f"{label('w_mal', language)} {fmt_percent(target, 0, language)}")
        if ax.get_legend_handles_labels()[0]:  # above the plot: masked months are marked at its foot
            ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=2)
        _title(ax, title)
        _masked_note(ax, shown_marks, min_count, language)
    return ax


def progression_chart(values: pd.DataFrame, *, indicators: Sequence[str], title: str,
                      language: str = "sv", masked: pd.DataFrame | None = None,
                      marks: pd.DataFrame | None = None, min_count: int = 3,
                      ax: Axes | None = None) -> Axes:
    """Per indicator, the shares of participants worse / unchanged / improved as one 100 % bar, with
    ``n`` (``deltagare``) beside it.

    A masked count has no segment: the masked segments share the part of the bar the shown ones
    leave (its length is known from the table anyway), each written as its mark, in its place among
    the segments. With ``n`` masked no share can be drawn: the row says its counts and marks.
    """
    parts = [("forsamrad", ORANGE), ("oforandrad", "#C9C9C9"), ("forbattrad", GREEN)]
    keys = [key for key, _ in parts]
    with style():
        ax = _new_axes(ax, rows=len(values) + 1)
        y = np.arange(len(values))[::-1]
        n_hidden = _hidden(values, "deltagare", masked, main=False)
        n_marks = _marks(marks, "deltagare", n_hidden, min_count, main=False)
        total = _shown(values, "deltagare", n_hidden)
        hidden = {key: _hidden(values, key, masked, main=False) for key in keys}
        seg_marks = {key: _marks(marks, key, hidden[key], min_count, main=False) for key in keys}
        counts = {key: _shown(values, key, hidden[key]) for key in keys}
        widths = {key: np.zeros(len(values)) for key in keys}
        lefts = {key: np.zeros(len(values)) for key in keys}
        gaps: list[tuple[float, float, float, list[str]]] = []  # (y, start, end, marks)
        for i, yi in enumerate(y):
            known = np.isfinite(total[i]) and total[i] > 0
            shares = {k: (counts[k][i] / total[i] if known and np.isfinite(counts[k][i]) else np.nan)
                      for k in keys}
            if not known:  # no shares to draw: the counts shown are written as numbers, in order
                written = [seg_marks[k][i] or ("" if is_missing(counts[k][i]) or not n_hidden[i]
                                               else fmt_int(counts[k][i], language)) for k in keys]
                if any(written):
                    gaps.append((yi, 0.0, 1.0, [w for w in written if w]))
                continue
            missing = [is_missing(shares[k]) for k in keys]
            runs = [j for j in range(len(keys)) if missing[j] and (j == 0 or not missing[j - 1])]
            free = max(0.0, 1.0 - sum(s for s in shares.values() if not is_missing(s)))
            left = 0.0
            for j, k in enumerate(keys):
                lefts[k][i] = left
                if not missing[j]:
                    widths[k][i] = shares[k]
                    left += shares[k]
                elif j in runs:  # masked segments side by side share one gap
                    end = next((m for m in range(j, len(keys)) if not missing[m]), len(keys))
                    run = [seg_marks[keys[m]][i] for m in range(j, end) if seg_marks[keys[m]][i]]
                    gaps.append((yi, left, left + free / len(runs), run))
                    left += free / len(runs)
        for key, color in parts:
            ax.barh(y, widths[key], left=lefts[key], color=color, height=0.6, label=label(key, language))
            for yi, l, s in zip(y, lefts[key], widths[key]):
                if s >= 0.07:
                    ax.text(l + s / 2, yi, fmt_percent(s, 0, language), va="center", ha="center",
                            fontsize=7.5, color="white" if key != "oforandrad" else TEXT)
        for yi, start, end, run in gaps:
            for j, mark in enumerate(run):
                ax.annotate(mark, xy=((start + end) / 2, yi), xytext=((j - (len(run) - 1) / 2) * 16, 0),
                            textcoords="offset points", ha="center", va="center", fontsize=7.5,
                            color=TEXT)
        n = label("w_n", language)
        ax.set_yticks(y, [f"{name} ({n} = {mark or fmt_int(t, language)})"
                          for name, t, mark in zip(indicators, total, n_marks)])
        ax.set_xlim(0, 1)
        _percent_axis(ax.xaxis, language)
        ax.tick_params(axis="y", length=0)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3)
        _title(ax, title)
        _masked_note(ax, n_marks + [m for key in keys for m in seg_marks[key]], min_count, language)
    return ax


def radar_chart(values: pd.DataFrame, *, indicators: Sequence[str], scale: tuple[float, float],
                title: str, language: str = "sv", ax: Axes | None = None) -> Axes:
    """Spider chart of the mean first (``forsta_medel``) and latest (``senaste_medel``) rating."""
    with style():
        if ax is None:
            ax = Figure(figsize=(6.0, 5.4)).add_subplot(projection="polar")
        angles = np.linspace(0, 2 * np.pi, len(values), endpoint=False)
        closed = np.append(angles, angles[0])
        for column, color, key in (("forsta_medel", GREY, "w_forsta"), ("senaste_medel", BLUE, "w_senaste")):
            data = values[column].to_numpy(dtype=float)
            ring = np.append(data, data[0])
            ax.plot(closed, ring, color=color, lw=1.8, marker="o", ms=3.5, label=label(key, language))
            ax.fill(closed, ring, color=color, alpha=0.12)
        ax.set_xticks(angles, [wrap(name, 16) for name in indicators], fontsize=8.5)
        ax.set_ylim(scale[0], scale[1])
        ticks = np.linspace(scale[0], scale[1], 5)
        ax.set_yticks(ticks, [fmt_int(t, language) if float(t).is_integer() else "" for t in ticks],
                      fontsize=7.5, color="#666666")
        ax.set_theta_offset(np.pi / 2)
        ax.set_theta_direction(-1)
        ax.legend(loc="upper right", bbox_to_anchor=(1.25, 1.12))
        ax.set_title(title, loc="left", pad=24)
    return ax


def grouped_bar_chart(values: pd.DataFrame, *, groups: Sequence[str], series: Sequence[tuple[str, str]],
                      title: str, language: str = "sv", kind: str = "count",
                      markers: tuple[str, str] | None = None, ax: Axes | None = None) -> Axes:
    """Vertical bars side by side per group: ``series`` is ``[(column, legend label), …]``.

    ``kind`` is ``count`` (persons) or ``kronor``. ``markers``, ``(column, legend label)``, adds a
    dashed outline over the last series' bar of each group that has a value in that column (e.g. the
    forecast of the costs).
    """
    colors = [LIGHT, BLUE, ORANGE, GREEN]
    with style():
        ax = _new_axes(ax, height=3.6)
        x = np.arange(len(values))
        width = 0.8 / len(series)
        for i, (column, name) in enumerate(series):
            data = _numbers(values, column)
            pos = x - 0.4 + width * (i + 0.5)
            ax.bar(pos, np.nan_to_num(data), width=width * 0.95, color=colors[i % len(colors)], label=name)
            for xi, v in zip(pos, data):
                if not is_missing(v):
                    ax.text(xi, v, _short(v, kind, language), ha="center", va="bottom", fontsize=7.5,
                            color=TEXT)
        if markers is not None:  # an outline over the last series' bars: a forecast of the costs
            data = _numbers(values, markers[0])
            given = np.isfinite(data)
            ax.bar((x - 0.4 + width * (len(series) - 0.5))[given], data[given], width=width * 0.95,
                   fill=False, edgecolor=RED, linestyle="--", linewidth=1.2, label=markers[1], zorder=3)
        ax.set_xticks(x, list(groups))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _short(v, kind, language)))
        ax.yaxis.grid(True)
        ax.set_ylabel(label("w_kronor", language) if kind == "kronor" else
                      label("w_antal_deltagare", language))
        ax.margins(y=0.12)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=len(series) + (markers is not None))
        _title(ax, title)
    return ax


def _short(value: float, kind: str, language: str) -> str:
    """Axis and bar labels: whole numbers, and kronor in thousands (``1 360 tkr``)."""
    if kind != "kronor":
        return fmt_int(value, language)
    return f"{fmt_int(value / 1000, language)}\u00a0{'tkr' if language != 'en' else 'kSEK'}"


def wrap(text: str, width: int) -> str:
    """Break a label into lines of at most about ``width`` characters."""
    words, lines, line = str(text).split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)


def figure_png(ax: Axes) -> bytes:
    """The PNG bytes of a figure (no date or software version in them)."""
    buffer = io.BytesIO()
    with style():
        ax.figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def save_figure(ax: Axes, stem: Path) -> bytes:
    """Write ``stem.png`` and ``stem.svg``, byte-identical for the same input; return the PNG bytes."""
    png = figure_png(ax)
    stem.parent.mkdir(parents=True, exist_ok=True)
    stem.with_suffix(".png").write_bytes(png)
    with style():
        ax.figure.savefig(stem.with_suffix(".svg"), format="svg", metadata={"Date": None, "Creator": None})
    return png
