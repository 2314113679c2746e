"""Progression: worse / unchanged / improved per indicator, the means first and latest (radar and dot
plot), and how far ratings moved."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, FuncFormatter

from ..formatting import fmt_int, fmt_number, fmt_percent, is_missing
from ..labels import label
from .base import (BLUE, GREY, INK, LIGHT_GREY, MUTED, ORANGE, TEXT, Marks, Masked, hatch_color, hidden, legend_below,
                   marks_of, new_axes, nice_ticks, note, numbers, shown, style, text_on, wrap)
from .base import title as title_of

#: worse, unchanged, improved: apart in lightness (L* 74, 87, 46) and worse hatched
DIRECTIONS: dict[str, tuple[str, str]] = {"forsamrad": (ORANGE, "xx"), "oforandrad": (LIGHT_GREY, ""),
                                          "forbattrad": (BLUE, "")}


def _on_bar(ax: Axes, x: float, y: float, text: str, face: str, hatch: str, fontsize: float = 7.5) -> None:
    """A label on a bar: white or ink by contrast; on a hatched bar over a patch of the plain face."""
    box = {"boxstyle": "round,pad=0.3,rounding_size=0.2", "facecolor": face, "edgecolor": "none"} if hatch else None
    ax.text(x, y, text, va="center", ha="center", fontsize=fontsize, color=text_on(face), bbox=box, zorder=4)


def progression_chart(values: pd.DataFrame, *, indicators: Sequence[str], title: str,
                      language: str = "sv", masked: pd.DataFrame | None = None,
                      marks: pd.DataFrame | None = None, min_count: int = 3, subtitle: str | None = None,
                      ax: Axes | None = None) -> Axes:
    """Per indicator, the shares of participants worse / unchanged / improved as one 100 % bar, with
    ``n`` (``deltagare``) beside it.

    A masked count has no segment: the masked segments share the part of the bar the shown ones
    leave (its length is known from the table anyway), each written as its mark, in its place among
    the segments. With ``n`` masked no share can be drawn: the row says its counts and marks.
    """
    keys = list(DIRECTIONS)
    with style():
        ax = new_axes(ax, rows=len(values) + 1)
        y = np.arange(len(values))[::-1]
        n_masked = hidden(values, "deltagare", masked, main=False)
        n_marks = marks_of(marks, "deltagare", n_masked, min_count, main=False)
        total = shown(values, "deltagare", n_masked)
        masked_part = {key: hidden(values, key, masked, main=False) for key in keys}
        seg_marks = {key: marks_of(marks, key, masked_part[key], min_count, main=False) for key in keys}
        counts = {key: shown(values, key, masked_part[key]) for key in keys}
        widths = {key: np.zeros(len(values)) for key in keys}
        lefts = {key: np.zeros(len(values)) for key in keys}
        gaps: list[tuple[float, float, float, list[str]]] = []  # (y, start, end, marks)
        for i, yi in enumerate(y):
            known = np.isfinite(total[i]) and total[i] > 0
            shares = {k: (counts[k][i] / total[i] if known and np.isfinite(counts[k][i]) else np.nan)
                      for k in keys}
            if not known:  # no shares to draw: the counts shown are written as numbers, in order
                written = [seg_marks[k][i] or ("" if is_missing(counts[k][i]) or not n_masked[i]
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
        for key, (face, hatch) in DIRECTIONS.items():
            ax.barh(y, widths[key], left=lefts[key], color=face, height=0.6, label=label(key, language),
                    hatch=hatch or None, hatchcolor=hatch_color(face), edgecolor="white", linewidth=0.6)
            for yi, left, s in zip(y, lefts[key], widths[key]):
                if s >= 0.07:
                    _on_bar(ax, left + s / 2, yi, fmt_percent(s, 0, language), face, hatch)
        for yi, start, end, run in gaps:
            for j, mark in enumerate(run):
                ax.annotate(mark, xy=((start + end) / 2, yi), xytext=((j - (len(run) - 1) / 2) * 16, 0),
                            textcoords="offset points", ha="center", va="center", fontsize=7.5, color=TEXT)
        n = label("w_n", language)
        ax.set_yticks(y, [f"{name} ({n} = {mark or fmt_int(t, language)})"
                          for name, t, mark in zip(indicators, total, n_marks)])
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_locator(FixedLocator(np.linspace(0, 1, 6)))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt_percent(v, 0, language)))
        ax.tick_params(axis="y", length=0)
        legend_below(ax, ncol=3, points=22)
        title_of(ax, title, subtitle)
        note(ax, n_marks + [m for key in keys for m in seg_marks[key]], min_count, language)
    return ax


def _scale_ticks(scale: tuple[float, float]) -> np.ndarray:
    low, high = float(scale[0]), float(scale[1])
    if high - low <= 10 and float(low).is_integer() and float(high).is_integer():
        return np.arange(low, high + 0.5, 1.0)
    ticks = nice_ticks(low, high)
    return ticks[(ticks >= low) & (ticks <= high)]


def radar_chart(values: pd.DataFrame, *, indicators: Sequence[str], scale: tuple[float, float],
                title: str, language: str = "sv", subtitle: str | None = None, ax: Axes | None = None) -> Axes:
    """Spider chart of the mean first (``forsta_medel``) and latest (``senaste_medel``) rating, as
    evaluators know it from SKAPA: every ring labelled with its value, the names outside the rings."""
    with style():
        if ax is None:
            ax = Figure(figsize=(6.0, 5.6)).add_subplot(projection="polar")
        angles = np.linspace(0, 2 * np.pi, len(values), endpoint=False)
        closed = np.append(angles, angles[0])
        for column, color, key, line, face in (("forsta_medel", GREY, "w_forsta", "--", "white"),
                                               ("senaste_medel", BLUE, "w_senaste", "-", BLUE)):
            data = values[column].to_numpy(dtype=float)
            ring = np.append(data, data[0])
            ax.plot(closed, ring, color=color if column == "senaste_medel" else MUTED, lw=1.8, ls=line, marker="o",
                    ms=5, mfc=face, mec=color if column == "senaste_medel" else MUTED, label=label(key, language),
                    zorder=3)
            if column == "senaste_medel":
                ax.fill(closed, ring, color=color, alpha=0.12, zorder=2)
        ax.set_theta_offset(np.pi / 2)
        ax.set_theta_direction(-1)
        ax.set_xticks(angles, [wrap(name, 16) for name in indicators], fontsize=8.5)
        ax.tick_params(axis="x", pad=14)
        ax.set_ylim(scale[0], scale[1])
        rings = _scale_ticks(scale)
        rings = rings[rings > scale[0]]
        if len(rings) > 5:
            rings = rings[rings % 2 == scale[1] % 2] if float(scale[1]).is_integer() else rings
        ax.set_yticks(rings, [fmt_number(r, 0 if float(r).is_integer() else 1, language) for r in rings],
                      fontsize=7.5, color=INK)
        ax.set_rlabel_position(180 / max(len(values), 1))  # between the first two spokes
        for text in ax.get_yticklabels():
            text.set_bbox({"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})
        ax.grid(color="#BBBBBB", lw=0.6)
        legend_below(ax, ncol=2, points=40)
        title_of(ax, title, subtitle, above=44)
    return ax


def dot_change_chart(values: pd.DataFrame, *, indicators: Sequence[str], scale: tuple[float, float], title: str,
                     language: str = "sv", masked: pd.DataFrame | None = None, marks: pd.DataFrame | None = None,
                     min_count: int = 3, subtitle: str | None = None, ax: Axes | None = None) -> Axes:
    """The mean first (``forsta_medel``, open) and latest (``senaste_medel``, filled) rating per
    indicator on the instrument's scale, joined by an arrow, ``n`` (``deltagare``) beside each name.
    A masked mean draws nothing but its mark."""
    with style():
        ax = new_axes(ax, rows=len(values) + 1)
        y = np.arange(len(values))[::-1].astype(float)
        gone = hidden(values, "forsta_medel", masked, main=False) | hidden(values, "senaste_medel", masked,
                                                                           main=False)
        mean_marks = marks_of(marks, "senaste_medel", gone, min_count, main=False)
        first, latest = shown(values, "forsta_medel", gone), shown(values, "senaste_medel", gone)
        n_masked = hidden(values, "deltagare", masked, main=False)
        n_marks = marks_of(marks, "deltagare", n_masked, min_count, main=False)
        sizes = shown(values, "deltagare", n_masked)
        for yi, a, b, mark in zip(y, first, latest, mean_marks):
            if mark:
                ax.text(scale[0], yi, f" {mark}", va="center", ha="left", fontsize=8, color=TEXT)
                continue
            if not np.isfinite([a, b]).all():
                continue
            if abs(b - a) > 0.02 * (scale[1] - scale[0]):
                ax.annotate("", xy=(b, yi), xytext=(a, yi),
                            arrowprops={"arrowstyle": "-|>", "color": INK, "lw": 1.1, "shrinkA": 5, "shrinkB": 5,
                                        "mutation_scale": 9}, zorder=2)
            ax.plot([a], [yi], ls="none", marker="o", ms=7, mfc="white", mec=MUTED, mew=1.4, zorder=3)
            ax.plot([b], [yi], ls="none", marker="o", ms=7, mfc=BLUE, mec=BLUE, zorder=4)
            ax.text(1.02, yi, f"{fmt_number(a, 1, language)} \u2192 {fmt_number(b, 1, language)}",
                    transform=ax.get_yaxis_transform(), va="center", ha="left", fontsize=8, color=TEXT)
        n = label("w_n", language)
        ax.set_yticks(y, [f"{wrap(name, 30)} ({n} = {mark or ('' if is_missing(t) else fmt_int(t, language))})"
                          for name, t, mark in zip(indicators, sizes, n_marks)])
        ax.set_ylim(-0.6, len(values) - 0.4)
        ax.set_xlim(scale[0], scale[1])
        ticks = _scale_ticks(scale)
        ax.xaxis.set_major_locator(FixedLocator(ticks))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt_number(v, 0 if float(v).is_integer() else 1,
                                                                           language)))
        ax.xaxis.grid(True)
        ax.tick_params(axis="y", length=0)
        ax.set_xlabel(label("w_skattning_skala", language))
        handles = [Line2D([], [], ls="none", marker="o", ms=7, mfc="white", mec=MUTED, mew=1.4,
                          label=label("w_forsta_medel", language)),
                   Line2D([], [], ls="none", marker="o", ms=7, mfc=BLUE, mec=BLUE, label=label("w_senaste_medel", language))]
        legend_below(ax, handles=handles, ncol=2, points=36)
        title_of(ax, title, subtitle)
        note(ax, mean_marks + n_marks, min_count, language)
    return ax


def change_distribution_chart(values: pd.DataFrame, *, indicators: Sequence[str], title: str,
                              language: str = "sv", masked: Masked = None, marks: Marks = None,
                              min_count: int = 3, totals: Sequence[str | None] | None = None,
                              subtitle: str | None = None, ax: Axes | None = None) -> Axes:
    """How many moved by how much, per indicator: small multiples in one Axes, one row per indicator
    (``indikator``, in ``indicators`` order), a bar per change (``forandring``) of height
    ``deltagare`` on one shared scale, coloured by ``riktning`` (worse hatched), the count written
    over each bar. A masked count has no bar, only its mark. ``totals`` (one text per indicator, or
    ``None``) is written as ``n`` beside each name."""
    with style():
        codes = list(pd.unique(values["indikator"]))
        ax = ax if ax is not None else Figure(figsize=(6.5, 1.3 + 0.62 * len(codes))).add_subplot()
        steps = np.unique(numbers(values, "forandring")[np.isfinite(numbers(values, "forandring"))])
        masked_count = hidden(values, "deltagare", masked)
        shown_marks = marks_of(marks, "deltagare", masked_count, min_count)
        counts = shown(values, "deltagare", masked_count)
        top = float(np.nanmax(counts)) if np.isfinite(counts).any() and np.nanmax(counts) > 0 else 1.0
        row_of = {code: len(codes) - 1 - i for i, code in enumerate(codes)}
        change = numbers(values, "forandring")
        direction = [str(d) for d in values["riktning"]] if "riktning" in values.columns else [
            "forbattrad" if c > 0 else "forsamrad" if c < 0 else "oforandrad" for c in change]
        for code in codes:
            ax.axhline(row_of[code] - 0.4, color="#BBBBBB", lw=0.6, zorder=1)
        for i in range(len(values)):
            base = row_of[values["indikator"].iloc[i]] - 0.4
            face, hatch = DIRECTIONS.get(direction[i], (LIGHT_GREY, ""))
            if shown_marks[i]:
                ax.text(change[i], base + 0.02, shown_marks[i], ha="center", va="bottom", fontsize=7, color=TEXT)
                continue
            if is_missing(counts[i]):
                continue
            if counts[i] == 0:  # no bar: the 0 alone
                ax.text(change[i], base + 0.02, fmt_int(0, language), ha="center", va="bottom", fontsize=7, color=MUTED)
                continue
            height = 0.62 * counts[i] / top
            ax.bar([change[i]], [height], bottom=base, width=0.7, color=face, hatch=hatch or None,
                   hatchcolor=hatch_color(face), edgecolor="white", linewidth=0.5, zorder=2)
            ax.annotate(fmt_int(counts[i], language), xy=(change[i], base + height), xytext=(0, 1),
                        textcoords="offset points", ha="center", va="bottom", fontsize=7,
                        color=TEXT if counts[i] else MUTED)
        ax.set_xticks(steps, [("+" if s > 0 else "") + fmt_number(s, 0 if float(s).is_integer() else 1, language)
                              for s in steps])
        if len(steps):
            ax.set_xlim(steps[0] - 0.6, steps[-1] + 0.6)
        n = label("w_n", language)
        names = {code: name for code, name in zip(codes, indicators)}
        given = list(totals) if totals is not None else [None] * len(codes)
        ax.set_yticks([row_of[c] for c in codes],
                      [wrap(names[c], 30) + (f" ({n} = {t})" if t else "") for c, t in zip(codes, given)])
        ax.set_ylim(-0.5, len(codes) - 0.35)
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        ax.set_xlabel(label("w_forandring_steg", language))
        handles = [Patch(facecolor=face, hatch=hatch or None, edgecolor=hatch_color(face) if hatch else face,
                         linewidth=0, label=label(key, language)) for key, (face, hatch) in DIRECTIONS.items()]
        legend_below(ax, handles=handles, ncol=3, points=36)
        title_of(ax, title, subtitle)
        note(ax, shown_marks, min_count, language, lines=[label("w_samma_skala", language)])
    return ax
