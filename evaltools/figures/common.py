"""What the drawers share: marks, published counts as text, subtitles, and the alt text.

The alt text (``ax.alt_text``, read by the report for the HTML ``alt`` and the Word picture's
description) is one sentence made from the published numbers: a masked count is said as ``färre än
3``, any other hidden number as ``dolt``; a masked value is never read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..formatting import fmt_int, fmt_masked, fmt_percent, is_missing
from ..publish import Published, band_label

if TYPE_CHECKING:
    from ..report import Report

#: at most this many items are listed in an alt text; the rest are counted
ALT_ITEMS = 12


def marks(p: Published) -> pd.DataFrame:
    """What each cell shows when masked; a table without marks leaves them to the plot (``<k``)."""
    if p.marks is not None:
        return p.marks
    return pd.DataFrame("", index=p.mask.index, columns=p.mask.columns)


def count(p: Published, column: str, row: int, report: Report) -> str | None:
    """One published count as text: its mark when masked, ``None`` when missing."""
    if p.mask[column].iloc[row]:
        return marks(p)[column].iloc[row] or fmt_masked(report.min_count)
    value = p.values[column].iloc[row]
    return None if pd.isna(value) else fmt_int(value, report.language)


def total(p: Published, column: str) -> float | None:
    """The sum of a column when every cell of it is shown, else ``None`` (the figure says no n)."""
    if p.mask[column].any():
        return None
    numbers = pd.to_numeric(p.values[column], errors="coerce")
    return None if numbers.isna().any() else float(numbers.sum())


def nothing(p: Published, column: str) -> bool:
    """No rows, or every cell of ``column`` shown and 0: a figure would show nothing."""
    numbers = pd.to_numeric(p.values[column], errors="coerce").where(~p.mask[column])
    return not p.mask[column].any() and not (numbers.fillna(0) != 0).any()


def through(report: Report, population: str, n: str) -> str:
    period = report.config.period
    return f"{report.t(population)}, {report.t('w_tom')} {period.slut} ({report.t('w_n')} = {n})"


def group_names(report: Report, codes: Sequence[Any], kind: str) -> list[str]:
    """Group codes as words: ``code`` (a label), ``band`` (an age band) or ``text`` (as written)."""
    return [band_label(g, report.language) if kind == "band" else (str(g) if kind == "text" else report.t(g))
            for g in codes]


# ------------------------------------------------------------------------------ alt text

def say(report: Report, p: Published, column: str, row: int,
        form: Callable[[float], str] | None = None) -> str:
    """A published cell for the alt text: ``färre än 3`` for a masked small count, ``dolt`` for any
    other hidden number, ``""`` when missing."""
    if p.mask[column].iloc[row]:
        mark = marks(p)[column].iloc[row]
        if not mark or str(mark).startswith("<"):
            return report.t("w_farre_an").format(k=report.min_count)
        return report.t("alt_dolt")
    value = p.values[column].iloc[row]
    if is_missing(value) or pd.isna(value):
        return ""
    return form(float(value)) if form else fmt_int(value, report.language)


def pct(report: Report) -> Callable[[float], str]:
    return lambda v: fmt_percent(v, 0, report.language)


def listing(report: Report, items: Sequence[str]) -> str:
    """``a, b och c``; beyond :data:`ALT_ITEMS`, ``… och 4 till``."""
    items = [i for i in items if i]
    if len(items) > ALT_ITEMS:
        rest = len(items) - ALT_ITEMS + 1
        items = [*items[:ALT_ITEMS - 1], report.t("alt_fler").format(n=rest)]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {report.t('alt_och')} {items[-1]}"


def with_alt(ax: Any, text: str) -> Any:
    """Give the figure its alt text (one sentence) and return the Axes."""
    if ax is not None:
        sentence = " ".join(text.split())
        ax.alt_text = sentence if sentence.endswith(".") else sentence + "."
    return ax
