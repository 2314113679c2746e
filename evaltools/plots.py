"""Figures drawn from result tables only; no statistics are computed here.

Every function takes a result table whose masked cells are NaN (see :mod:`evaltools.report`), plus the
mask itself where a masked bar must say why it is missing; it accepts ``ax=None`` and returns the
Axes. Figures are :class:`matplotlib.figure.Figure` objects (no pyplot state), drawn in the packaged
style, so that the same input gives the same PNG and SVG bytes.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import matplotlib.style
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .formatting import fmt_int, fmt_masked, fmt_month, fmt_percent, is_missing
from .labels import label

__all__ = ["style", "bar_chart", "goal_chart", "rate_chart", "monthly_rate_chart",
           "progression_chart", "radar_chart", "grouped_bar_chart", "share_chart", "paired_bar_chart", "save_figure",
           "figure_png", "wrap"]

STYLE = Path(__file__).with_name("evaltools.mplstyle")
BLUE, ORANGE, GREEN, GREY, RED, LIGHT = "#0072B2", "#E69F00", "#009E73", "#9A9A9A", "#D55E00", "#56B4E9"
TEXT = "#333333"


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


def _masked_note(ax: Axes, min_count: int, language: str) -> None:
    text = label("w_maskerad", language).format(k=min_count)
    ax.figure.text(0.01, 0.0, f"{fmt_masked(min_count)}: {text}", fontsize=7.5, color="#666666",
                   ha="left", va="top", transform=ax.figure.transFigure)


def bar_chart(values: pd.DataFrame, *, categories: Sequence[str], title: str, language: str = "sv",
              count: str = "antal", share: str | None = "andel", masked: Sequence[bool] | None = None,
              min_count: int = 3, xlabel: str | None = None, colors: Sequence[str] | None = None,
              subtitle: str | None = None, ax: Axes | None = None) -> Axes:
    """Horizontal bars of counts, top to bottom in table order, each labelled ``n (x %)``.

    ``categories`` are the labels of the rows; a row whose count is masked gets no bar and the label
    ``<k``.
    """
    with style():
        ax = _new_axes(ax, rows=len(values))
        counts = values[count].to_numpy(dtype=float)
        shares = values[share].to_numpy(dtype=float) if share else np.full(len(values), np.nan)
        masked = np.asarray(masked if masked is not None else np.isnan(counts), dtype=bool)
        y = np.arange(len(values))[::-1]
        ax.barh(y, np.nan_to_num(counts), color=list(colors) if colors else BLUE, height=0.62)
        top = np.nanmax(counts) if np.isfinite(counts).any() and np.nanmax(counts) > 0 else 1
        for yi, n, s, hidden in zip(y, counts, shares, masked):
            if hidden:
                text = fmt_masked(min_count)
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
        if masked.any():
            _masked_note(ax, min_count, language)
    return ax


def share_chart(values: pd.DataFrame, *, categories: Sequence[str], title: str, share: str = "andel",
                language: str = "sv", masked: Sequence[bool] | None = None, min_count: int = 3,
                xlabel: str | None = None, subtitle: str | None = None, ax: Axes | None = None) -> Axes:
    """Horizontal bars of shares (0–1), top to bottom in table order, each labelled with its percent."""
    with style():
        ax = _new_axes(ax, rows=len(values))
        shares = values[share].to_numpy(dtype=float)
        masked = np.asarray(masked if masked is not None else np.isnan(shares), dtype=bool)
        y = np.arange(len(values))[::-1]
        ax.barh(y, np.where(masked, 0, np.nan_to_num(shares)), color=BLUE, height=0.62)
        for yi, s, hidden in zip(y, shares, masked):
            text = fmt_masked(min_count) if hidden else fmt_percent(s, 0, language)
            ax.text((0 if hidden else np.nan_to_num(s)) + 0.015, yi, text, va="center", fontsize=8.5,
                    color=TEXT)
        ax.set_yticks(y, list(categories))
        ax.set_xlim(0, 1.12)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
        _percent_axis(ax.xaxis, language)
        ax.set_xlabel(xlabel or label("w_andel_svarande", language))
        ax.tick_params(axis="y", length=0)
        _title(ax, title, subtitle)
        if masked.any():
            _masked_note(ax, min_count, language)
    return ax


def paired_bar_chart(values: pd.DataFrame, *, categories: Sequence[str], pair: tuple[str, str],
                     names: tuple[str, str], title: str, language: str = "sv",
                     masked: pd.DataFrame | None = None, min_count: int = 3, subtitle: str | None = None,
                     ax: Axes | None = None) -> Axes:
    """Two horizontal bars per category (e.g. before and after), counts written beside them."""
    with style():
        ax = _new_axes(ax, rows=int(len(values) * 1.6))
        y = np.arange(len(values))[::-1] * 1.0
        top = max(1.0, float(np.nanmax(values[list(pair)].to_numpy(dtype=float))))
        any_masked = False
        for offset, column, name, color in ((0.2, pair[0], names[0], LIGHT), (-0.2, pair[1], names[1], BLUE)):
            counts = values[column].to_numpy(dtype=float)
            hidden = (masked[column].to_numpy(dtype=bool) if masked is not None else np.isnan(counts))
            any_masked |= bool(hidden.any())
            ax.barh(y + offset, np.nan_to_num(counts), height=0.38, color=color, label=name)
            for yi, n, h in zip(y + offset, counts, hidden):
                text = fmt_masked(min_count) if h else ("" if is_missing(n) else fmt_int(n, language))
                ax.text(np.nan_to_num(n) + top * 0.015, yi, text, va="center", fontsize=8, color=TEXT)
        ax.set_yticks(y, list(categories))
        ax.set_xlim(0, top * 1.18)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        ax.set_xlabel(label("w_antal_deltagare", language))
        ax.tick_params(axis="y", length=0)
        ax.legend(loc="lower right")
        _title(ax, title, subtitle)
        if any_masked:
            _masked_note(ax, min_count, language)
    return ax


def goal_chart(values: pd.DataFrame, *, names: Sequence[str], title: str, language: str = "sv",
               masked: Sequence[bool] | None = None, min_count: int = 3,
               ax: Axes | None = None) -> Axes:
    """Share goals: the result as a bar with its 95 % interval, the target as a marker.

    ``values`` has ``varde``, ``malvarde``, ``ki_lag``, ``ki_hog``, ``uppnatt`` (one row per goal).
    """
    with style():
        ax = _new_axes(ax, height=1.5 + 0.6 * len(values))
        y = np.arange(len(values))[::-1]
        masked = np.asarray(masked if masked is not None else values["varde"].isna(), dtype=bool)
        for yi, (_, row), hidden in zip(y, values.iterrows(), masked):
            reached = bool(row["uppnatt"])
            value = 0.0 if hidden or is_missing(row["varde"]) else float(row["varde"])
            ax.barh(yi, value, color=GREEN if reached else ORANGE, height=0.55)
            if not is_missing(row["ki_lag"]):
                ax.errorbar(value, yi, xerr=[[value - row["ki_lag"]], [row["ki_hog"] - value]],
                            fmt="none", ecolor=TEXT, elinewidth=1, capsize=3)
            ax.plot([row["malvarde"]] * 2, [yi - 0.38, yi + 0.38], color=RED, lw=2)
            word = label("w_uppnatt" if reached else "w_ej_uppnatt", language)
            shown = fmt_masked(min_count) if hidden else fmt_percent(value, 0, language)
            target = fmt_percent(row["malvarde"], 0, language)
            right = max(value, row["ki_hog"] if not is_missing(row["ki_hog"]) else 0, row["malvarde"])
            ax.text(right + 0.02, yi, f"{shown}\n{label('w_mal', language).lower()} {target}: {word}",
                    va="center", fontsize=8, color=TEXT, linespacing=1.3)
        ax.set_yticks(y, [wrap(name, 28) for name in names])
        ax.set_xlim(0, 1.35)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
        _percent_axis(ax.xaxis, language)
        ax.tick_params(axis="y", length=0)
        ax.plot([], [], color=RED, lw=2, label=label("w_mal", language))
        ax.errorbar([], [], xerr=[], fmt="none", ecolor=TEXT, label=label("w_ki", language))
        ax.legend(loc="upper left", bbox_to_anchor=(0, -0.1), ncol=2, fontsize=8)
        _title(ax, title)
    return ax


def rate_chart(values: pd.DataFrame, *, groups: Sequence[str], title: str, target: float | None = None,
               language: str = "sv", masked: Sequence[bool] | None = None, min_count: int = 3,
               subtitle: str | None = None, ax: Axes | None = None) -> Axes:
    """Rates by group (``andel``) as bars with their intervals (``ki_lag``, ``ki_hog``), a goal line,
    and ``n`` (``deltagare``) under each group."""
    with style():
        ax = _new_axes(ax, height=3.6)
        x = np.arange(len(values))
        masked = np.asarray(masked if masked is not None else values["andel"].isna(), dtype=bool)
        rates = values["andel"].to_numpy(dtype=float)
        ax.bar(x, np.where(masked, 0, np.nan_to_num(rates)), color=BLUE, width=0.6)
        for xi, (_, row), hidden in zip(x, values.iterrows(), masked):
            if hidden:
                ax.text(xi, 0.02, fmt_masked(min_count), ha="center", va="bottom", fontsize=8.5)
                continue
            top = row["andel"]
            if not is_missing(row["ki_lag"]):
                ax.errorbar(xi, top, yerr=[[top - row["ki_lag"]], [row["ki_hog"] - top]], fmt="none",
                            ecolor=TEXT, elinewidth=1, capsize=3)
                top = row["ki_hog"]
            ax.text(xi, top + 0.02, fmt_percent(row["andel"], 0, language), ha="center", va="bottom",
                    fontsize=8.5, color=TEXT)
        n = label("w_n", language)
        ticks = [f"{g}\n({n} = {fmt_masked(min_count) if h else fmt_int(d, language)})"
                 for g, d, h in zip(groups, values["deltagare"], masked)]
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
    return ax


def monthly_rate_chart(values: pd.DataFrame, *, title: str, target: float | None = None,
                       language: str = "sv", masked: Sequence[bool] | None = None,
                       ax: Axes | None = None) -> Axes:
    """Attendance per month (``manad``, ``andel``), the report period (``i_perioden``) shaded."""
    with style():
        ax = _new_axes(ax, height=3.4)
        x = np.arange(len(values))
        masked = np.asarray(masked if masked is not None else values["andel"].isna(), dtype=bool)
        rates = np.where(masked, np.nan, values["andel"].to_numpy(dtype=float))
        inside = values["i_perioden"].to_numpy(dtype=bool)
        if inside.any():
            first = int(np.argmax(inside))
            ax.axvspan(first - 0.5, len(values) - 0.5, color="#EEF4FA", zorder=0,
                       label=label("w_rapportperiod", language))
        ax.plot(x, rates, color=BLUE, marker="o", ms=3.5, lw=1.6)
        months = [fmt_month(m, language) for m in values["manad"]]
        step = max(1, int(np.ceil(len(months) / 12)))
        ax.set_xticks(x[::step], months[::step], rotation=45, ha="right")
        ax.set_xlim(-0.5, len(values) - 0.5)
        ax.set_ylim(0, 1.05)
        _percent_axis(ax.yaxis, language)
        ax.yaxis.grid(True)
        if target is not None:
            ax.axhline(target, color=RED, lw=1.5, ls="--",
                       label=f"{label('w_mal', language)} {fmt_percent(target, 0, language)}")
        ax.legend(loc="lower left")
        _title(ax, title)
    return ax


def progression_chart(values: pd.DataFrame, *, indicators: Sequence[str], title: str,
                      language: str = "sv", masked: pd.DataFrame | None = None, min_count: int = 3,
                      ax: Axes | None = None) -> Axes:
    """Per indicator, the shares of participants worse / unchanged / improved as one 100 % bar, with
    ``n`` beside it. Masked counts leave their segment out and say so."""
    parts = [("forsamrad", ORANGE), ("oforandrad", "#C9C9C9"), ("forbattrad", GREEN)]
    with style():
        ax = _new_axes(ax, rows=len(values) + 1)
        y = np.arange(len(values))[::-1]
        total = values["deltagare"].to_numpy(dtype=float)
        left = np.zeros(len(values))
        for key, color in parts:
            counts = values[key].to_numpy(dtype=float)
            share = np.where(total > 0, np.nan_to_num(counts) / np.where(total > 0, total, 1), 0)
            ax.barh(y, share, left=left, color=color, height=0.6, label=label(key, language))
            hidden = masked[key].to_numpy(dtype=bool) if masked is not None else np.isnan(counts)
            for yi, l, s, h in zip(y, left, share, hidden):
                if h:
                    ax.text(l + 0.005, yi, fmt_masked(min_count), va="center", fontsize=7.5, color=TEXT)
                elif s >= 0.07:
                    ax.text(l + s / 2, yi, fmt_percent(s, 0, language), va="center", ha="center",
                            fontsize=7.5, color="white" if key != "oforandrad" else TEXT)
            left += share
        n = label("w_n", language)
        ax.set_yticks(y, [f"{name} ({n} = {fmt_int(t, language)})" for name, t in zip(indicators, total)])
        ax.set_xlim(0, 1)
        _percent_axis(ax.xaxis, language)
        ax.tick_params(axis="y", length=0)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3)
        _title(ax, title)
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
    dashed outline over the last series' bar of each group (e.g. the forecast of the costs).
    """
    colors = [LIGHT, BLUE, ORANGE, GREEN]
    with style():
        ax = _new_axes(ax, height=3.6)
        x = np.arange(len(values))
        width = 0.8 / len(series)
        for i, (column, name) in enumerate(series):
            data = values[column].to_numpy(dtype=float)
            pos = x - 0.4 + width * (i + 0.5)
            ax.bar(pos, np.nan_to_num(data), width=width * 0.95, color=colors[i % len(colors)], label=name)
            for xi, v in zip(pos, data):
                if not is_missing(v):
                    ax.text(xi, v, _short(v, kind, language), ha="center", va="bottom", fontsize=7.5,
                            color=TEXT)
        if markers is not None:  # an outline over the last series' bars: a forecast of the costs
            data = values[markers[0]].to_numpy(dtype=float)
            ax.bar(x - 0.4 + width * (len(series) - 0.5), np.nan_to_num(data), width=width * 0.95,
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
