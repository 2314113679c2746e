"""Goals and groups: every goal against its target, a goal per group, differences between groups."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter

from ..formatting import fmt_int, fmt_number, fmt_percent, is_missing, percent
from ..labels import label
from .base import (BLUE, INK, SKY, TEXT, Marks, Masked, clipped_error, count_axis, goal_line, goal_text,
                   hatch_color, hidden, marks_of, nice_ticks, note, numbers, share_axis, shown, style, wrap)
from .base import title as title_of

_NOT_REACHED_HATCH = "///"


def _column(ax: Axes, y: float, text: str, *, x: float = 1.03, fontsize: float = 8) -> None:
    """Text in a column right of the plot (axes coordinates across, data along)."""
    if text:
        ax.text(x, y, text, transform=ax.get_yaxis_transform(), ha="left", va="center", fontsize=fontsize,
                color=TEXT, linespacing=1.25, clip_on=False)


def _goal_axes(ax: Axes | None, shares: int, counts: int) -> tuple[Axes | None, Axes | None]:
    """The Axes for share goals (0–100 %) and for count goals (their own scale, under them)."""
    share_h, count_h = 0.62 * shares + 0.25, 0.55 * counts + 0.25
    if ax is None:
        figure = Figure(figsize=(6.5, 1.5 + (share_h if shares else 0) + (count_h + 0.7 if counts else 0)))
        if shares and counts:
            grid = figure.add_gridspec(2, 1, height_ratios=[share_h, count_h], hspace=0.55)
            return figure.add_subplot(grid[0]), figure.add_subplot(grid[1])
        only = figure.add_subplot()
        return (only, None) if shares else (None, only)
    if shares and counts:  # the count goals in an inset under the given Axes
        frac = count_h / share_h
        return ax, ax.inset_axes((0, -0.5 - frac * 1.1, 1, frac))
    return (ax, None) if shares else (None, ax)


def _goal_rows(ax: Axes, values: pd.DataFrame, names: Sequence[str], *, share: bool, language: str,
               masked: Masked, marks: Marks, min_count: int) -> tuple[list[str], bool, set[bool]]:
    """Draw one panel of goals; returns the marks shown, whether intervals were drawn, and which
    of reached / not reached appear."""
    y = np.arange(len(values))[::-1].astype(float)
    masked_value = hidden(values, "varde", masked)
    shown_marks = marks_of(marks, "varde", masked_value, min_count)
    results = shown(values, "varde", masked_value)
    no_interval = masked_value | hidden(values, "ki_lag", masked, main=False) | hidden(
        values, "ki_hog", masked, main=False)
    lows, highs = shown(values, "ki_lag", no_interval), shown(values, "ki_hog", no_interval)
    targets = numbers(values, "malvarde")
    silent = masked_value | (hidden(values, "uppnatt", masked, main=False) if isinstance(masked, pd.DataFrame)
                             else np.zeros(len(values), dtype=bool))  # reached or not tells of the result
    denominators = (shown(values, "namnare", hidden(values, "namnare", masked, main=False))
                    if "namnare" in values.columns else np.full(len(values), np.nan))
    intervals, states = False, set()
    for i, yi in enumerate(y):
        reached = bool(values["uppnatt"].iloc[i]) and not silent[i]
        value = 0.0 if is_missing(results[i]) else float(results[i])
        face = BLUE if reached or silent[i] else SKY
        bar = ax.barh(yi, value, color=face, height=0.5)[0]
        if not silent[i]:
            states.add(reached)
            if not reached:
                bar.set_hatch(_NOT_REACHED_HATCH)
                bar.set_hatchcolor(hatch_color(face))
        arms = clipped_error(value, lows[i], highs[i]) if not is_missing(results[i]) else None
        if arms is not None:
            ax.errorbar(value, yi, xerr=[[arms[0]], [arms[1]]], fmt="none", ecolor=INK, elinewidth=1.1,
                        capsize=4, zorder=3)
            intervals = True
        if np.isfinite(targets[i]):
            goal_line(ax, targets[i], goal_text(targets[i], language, share=share), vertical=True,
                      span=(yi - 0.36, yi + 0.36), fontsize=7)
        if shown_marks[i]:
            text = shown_marks[i]
        elif is_missing(results[i]):
            text = f"{label('w_n', language)} = 0" if denominators[i] == 0 else ""
        else:
            text = fmt_percent(value, 0, language) if share else fmt_int(value, language)
            text += f": {label('w_uppnatt' if reached else 'w_ej_uppnatt', language)}" if not silent[i] else ""
        _column(ax, yi, text)
    ax.set_yticks(y, [wrap(name, 28) for name in names])
    ax.set_ylim(-0.6, len(values) - 0.4)
    ax.tick_params(axis="y", length=0)
    return shown_marks, intervals, states


def goal_chart(values: pd.DataFrame, *, names: Sequence[str], title: str, language: str = "sv",
               masked: Masked = None, marks: Marks = None, min_count: int = 3, subtitle: str | None = None,
               ax: Axes | None = None) -> Axes:
    """Every goal against its target: share goals (0–100 %) as bars with their 95 % interval, goals
    of ``typ`` ``antal`` (a count entered by hand) under them on their own count scale. The target
    is a labelled dark dashed line (``Mål 40 %``); a bar hatched and light did not reach its goal.

    ``values`` has ``varde``, ``malvarde``, ``ki_lag``, ``ki_hog``, ``uppnatt`` (one row per goal) and
    may have ``typ`` and ``namnare``: a goal without a value says ``n = 0`` when its denominator is 0.
    A masked result shows its mark, no bar, no interval, and not whether it reached its target.
    Returns the Axes of the share goals (of the count goals when there are none).
    """
    count_rows = (values["typ"] == "antal").to_numpy() if "typ" in values.columns else np.zeros(len(values), bool)
    names = list(names)
    with style():
        share_ax, count_ax = _goal_axes(ax, int((~count_rows).sum()), int(count_rows.sum()))
        every_mark: list[str] = []
        intervals, states = False, set()
        for panel, rows, share in ((share_ax, ~count_rows, True), (count_ax, count_rows, False)):
            if panel is None:
                continue
            part = values.loc[rows]
            sub_masked = masked.loc[rows] if isinstance(masked, pd.DataFrame) else (
                None if masked is None else list(np.asarray(masked, dtype=bool)[rows]))
            sub_marks = marks.loc[rows] if isinstance(marks, pd.DataFrame) else (
                None if marks is None else list(np.asarray(list(marks), dtype=object)[rows]))
            got = _goal_rows(panel, part, [n for n, r in zip(names, rows) if r], share=share, language=language,
                             masked=sub_masked, marks=sub_marks, min_count=min_count)
            every_mark += got[0]
            intervals |= got[1]
            states |= got[2]
            if share:
                share_axis(panel.xaxis, language)
                panel.xaxis.grid(True)
            else:
                results = shown(part, "varde", hidden(part, "varde", sub_masked))
                top = np.nanmax(np.concatenate([results, numbers(part, "malvarde"), [0.0]]))
                count_axis(panel.xaxis, float(top), language)
                panel.xaxis.grid(True)
                panel.set_xlabel(label("w_antal", language))
                if share_ax is not None:
                    panel.set_title(label("w_mal_antal", language), loc="left", fontsize=9, fontweight="normal",
                                    pad=14)
        main = share_ax if share_ax is not None else count_ax
        lowest = count_ax if count_ax is not None else share_ax
        title_of(main, title, subtitle)
        lines = [label("w_ki_not", language)] if intervals else []
        if False in states:
            lines.append(label("w_ej_uppnatt_not", language))
        note(main, every_mark, min_count, language, lines=lines, under=lowest)
    return main


# ------------------------------------------------------------------------------ groups

def _pp(value: float, language: str, *, sign: bool = True, decimals: int = 1) -> str:
    text = fmt_number(percent(value), decimals, language)
    return ("+" if sign and value > 0 else "") + text


def _group_ticks(groups: Sequence[str], sizes: np.ndarray, n_marks: Sequence[str], language: str) -> list[str]:
    n = label("w_n", language)
    return [f"{wrap(g, 22)}\n({n} = {mark or ('' if is_missing(d) else fmt_int(d, language))})"
            for g, d, mark in zip(groups, sizes, n_marks)]


def group_share_chart(values: pd.DataFrame, *, groups: Sequence[str], title: str, target: float | None = None,
                      count: str = "namnare", language: str = "sv", masked: Masked = None, marks: Marks = None,
                      min_count: int = 3, subtitle: str | None = None, ax: Axes | None = None) -> Axes:
    """A share per group as a dot with its interval on 0–100 % (a forest plot), the goal as a
    labelled line, ``n`` (``count``) under each group, and at the right the share and the difference
    to the reference group (``skillnad``, ``skillnad_ki_lag``, ``skillnad_ki_hog``, ``status``). A
    group of ``status`` ``for_fa`` is a hollow dot without interval, marked as descriptive."""
    with style():
        ax = _forest(values, groups=groups, ax=ax, language=language, masked=masked, marks=marks,
                     min_count=min_count, count=count, title=title, subtitle=subtitle,
                     above=12 if target is not None else 0)
        share_axis(ax.xaxis, language)
        ax.xaxis.grid(True)
        if target is not None:
            goal_line(ax, target, goal_text(target, language), vertical=True)
    return ax


def _forest(values: pd.DataFrame, *, groups: Sequence[str], ax: Axes | None, language: str, masked: Masked,
            marks: Marks, min_count: int, count: str, title: str, subtitle: str | None, above: float) -> Axes:
    ax = ax if ax is not None else Figure(figsize=(6.5, max(2.4, 1.5 + 0.62 * len(values)))).add_subplot()
    y = np.arange(len(values))[::-1].astype(float)
    masked_share = hidden(values, "andel", masked)
    shown_marks = marks_of(marks, "andel", masked_share, min_count)
    shares = shown(values, "andel", masked_share)
    status = [str(s) for s in values["status"]] if "status" in values.columns else [""] * len(values)
    no_interval = masked_share | hidden(values, "ki_lag", masked, main=False) | hidden(values, "ki_hog", masked,
                                                                                       main=False)
    lows, highs = shown(values, "ki_lag", no_interval), shown(values, "ki_hog", no_interval)
    n_masked = hidden(values, count, masked, main=False)
    n_marks = marks_of(marks, count, n_masked, min_count, main=False)
    diff_masked = hidden(values, "skillnad", masked, main=False)
    diffs = shown(values, "skillnad", diff_masked)
    dlow = shown(values, "skillnad_ki_lag", diff_masked | hidden(values, "skillnad_ki_lag", masked, main=False))
    dhigh = shown(values, "skillnad_ki_hog", diff_masked | hidden(values, "skillnad_ki_hog", masked, main=False))
    intervals, hollow = False, False
    unit = label("w_pe", language)
    for i, yi in enumerate(y):
        if shown_marks[i]:
            _column(ax, yi, shown_marks[i])
            continue
        if is_missing(shares[i]):
            continue
        descriptive = status[i] == "for_fa"
        hollow |= descriptive
        arms = None if descriptive else clipped_error(shares[i], lows[i], highs[i])
        if arms is not None:
            ax.errorbar(shares[i], yi, xerr=[[arms[0]], [arms[1]]], fmt="none", ecolor=INK, elinewidth=1.2,
                        capsize=4, zorder=3)
            intervals = True
        ax.plot([shares[i]], [yi], ls="none", marker="o", ms=7, mec=INK, mew=1.3,
                mfc="white" if descriptive else INK, zorder=4)
        text = fmt_percent(shares[i], 0, language)
        if status[i] == "referens":
            text += f"\n{label('referens', language)}"
        elif descriptive:
            text += f"\n{label('w_beskrivande', language)}"
        elif np.isfinite(diffs[i]):
            text += f"\n{_pp(diffs[i], language)} {unit}"
            if np.isfinite([dlow[i], dhigh[i]]).all():
                text += f" ({_pp(dlow[i], language)} {label('w_till', language)} {_pp(dhigh[i], language)})"
        _column(ax, yi, text, fontsize=7.5)
    sizes = shown(values, count, n_masked)
    ax.set_yticks(y, _group_ticks(groups, sizes, n_marks, language))
    ax.set_ylim(-0.6, len(values) - 0.4)
    ax.tick_params(axis="y", length=0)
    lines = [label("w_ki_not", language)] if intervals else []
    if hollow:
        lines.append(label("w_ihalig", language))
    title_of(ax, title, subtitle, above=above)
    note(ax, shown_marks + n_marks, min_count, language, lines=lines)
    return ax


def difference_chart(values: pd.DataFrame, *, groups: Sequence[str], reference: str | None, title: str,
                     count: str = "deltagare", language: str = "sv", masked: Masked = None, marks: Marks = None,
                     min_count: int = 3, subtitle: str | None = None, ax: Axes | None = None) -> Axes:
    """Each group's difference to the reference group in percentage points (``skillnad``) with its
    interval (``skillnad_ki_lag``, ``skillnad_ki_hog``) around a zero line: a forest plot. The
    reference group sits on the zero line, labelled; a group not compared (``status`` ``for_fa``,
    ``andel_0_eller_1``, ``okand_grupp``) says why. ``n`` (``count``) under each group, the group's
    own rate (``andel``) at the right."""
    with style():
        ax = ax if ax is not None else Figure(figsize=(6.5, max(2.4, 1.6 + 0.62 * len(values)))).add_subplot()
        y = np.arange(len(values))[::-1].astype(float)
        status = [str(s) for s in values["status"]] if "status" in values.columns else [""] * len(values)
        # a difference is missing for the reference and for groups not compared: masked only if so marked
        masked_diff = (hidden(values, "skillnad", masked) if masked is not None
                       else np.zeros(len(values), dtype=bool))
        diffs = shown(values, "skillnad", masked_diff)
        no_interval = masked_diff | hidden(values, "skillnad_ki_lag", masked, main=False) | hidden(
            values, "skillnad_ki_hog", masked, main=False)
        lows, highs = shown(values, "skillnad_ki_lag", no_interval), shown(values, "skillnad_ki_hog", no_interval)
        masked_rate = hidden(values, "andel", masked, main=False)
        rate_marks = marks_of(marks, "andel", masked_rate, min_count, main=False)
        rates = shown(values, "andel", masked_rate)
        n_masked = hidden(values, count, masked, main=False)
        n_marks = marks_of(marks, count, n_masked, min_count, main=False)
        diff_marks = marks_of(marks, "skillnad", masked_diff, min_count)
        reach = [abs(v) for v in np.concatenate([diffs, lows, highs]) if np.isfinite(v)]
        ticks = nice_ticks(-max([0.05, *reach]), max([0.05, *reach]))
        ax.set_xlim(ticks[0], ticks[-1])
        ax.xaxis.set_major_locator(FixedLocator(ticks))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: _pp(v, language, decimals=0 if abs(percent(v) % 1) < 1e-9 else 1) if abs(v) > 1e-12 else "0"))
        ax.axvline(0, color=INK, lw=1.0, zorder=2)
        ax.xaxis.grid(True)
        intervals = False
        for i, yi in enumerate(y):
            if status[i] == "referens" and not masked_diff[i]:
                ax.plot([0], [yi], ls="none", marker="D", ms=6, mec=INK, mfc="white", mew=1.3, zorder=4)
                ax.annotate(label("referens", language), xy=(0, yi), xytext=(7, 0), textcoords="offset points",
                            ha="left", va="center", fontsize=7.5, color=TEXT)
            elif np.isfinite(diffs[i]):
                arms = clipped_error(diffs[i], lows[i], highs[i])
                if arms is not None:
                    ax.errorbar(diffs[i], yi, xerr=[[arms[0]], [arms[1]]], fmt="none", ecolor=INK,
                                elinewidth=1.2, capsize=4, zorder=3)
                    intervals = True
                ax.plot([diffs[i]], [yi], ls="none", marker="o", ms=7, mec=INK, mfc=INK, zorder=4)
            elif diff_marks[i]:
                ax.annotate(diff_marks[i], xy=(0, yi), xytext=(7, 0), textcoords="offset points", ha="left",
                            va="center", fontsize=8, color=TEXT)
            elif status[i] in ("for_fa", "andel_0_eller_1", "okand_grupp"):
                ax.annotate(label(status[i], language), xy=(0, yi), xytext=(7, 0), textcoords="offset points",
                            ha="left", va="center", fontsize=7.5, color=TEXT)
            rate = rate_marks[i] or ("" if is_missing(rates[i]) else fmt_percent(rates[i], 0, language))
            if np.isfinite(diffs[i]) and status[i] != "referens":
                rate += f"\n{_pp(diffs[i], language)} {label('w_pe', language)}"
                if np.isfinite([lows[i], highs[i]]).all():
                    rate += f" ({_pp(lows[i], language)} {label('w_till', language)} {_pp(highs[i], language)})"
            _column(ax, yi, rate, fontsize=7.5)
        ax.set_yticks(y, _group_ticks(groups, shown(values, count, n_masked), n_marks, language))
        ax.set_ylim(-0.6, len(values) - 0.4)
        ax.tick_params(axis="y", length=0)
        ref = label("w_skillnad_mot", language).format(ref=reference) if reference else label("c_skillnad", language)
        ax.set_xlabel(f"{ref}, {label('w_procentenheter', language)}")
        title_of(ax, title, subtitle)
        note(ax, diff_marks + rate_marks + n_marks, min_count, language,
             lines=[label("w_ki_skillnad_not", language)] if intervals else [])
    return ax
