"""The report as a sequence of blocks: what it shows, in order, built once from the masked tables.

:class:`~evaltools.report.Report` records a block for everything it shows (a heading, the
evaluator's text, a summary sentence, a table, a figure with its caption and alt text); the notebook
displays them as they come, and the renderers (:mod:`evaltools.render_html`,
:mod:`evaltools.render_docx`) write the same blocks as the report files. A number is formatted once,
when its block is made, and never recomputed by a renderer.

This module also names the report and its period the way reports do: a *halvårsrapport* for
*första halvåret 2024*, a *slutrapport* for *hela insatsperioden 2023–2024*.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .config import InsatsConfig, Period
from .labels import label

if TYPE_CHECKING:  # the report command names its files before the kernel starts: without pandas
    from .publish import Published

__all__ = ["Heading", "Paragraph", "TableBlock", "FigureBlock", "Markdown", "Block", "report_kind",
           "period_text", "file_stem"]


@dataclass(frozen=True)
class Heading:
    """A section heading; ``anchor`` links the contents list to it."""

    text: str
    level: int = 2
    anchor: str = ""


@dataclass(frozen=True)
class Paragraph:
    """Running text: ``kind`` is ``text`` (a sentence of the report), ``summary`` (a key-figure
    sentence of the summary) or ``note`` (a footnote-like remark)."""

    text: str
    kind: str = "text"


@dataclass(frozen=True)
class Markdown:
    """The evaluator's own text (Markdown from the ``text/`` folder) for a section."""

    source: str
    file: str


@dataclass(frozen=True)
class TableBlock:
    """A published table with its caption (``Tabell 2. …``), scope (whom and when it counts) and
    notes. ``appendix`` tables are printed in the appendix, after the methods."""

    name: str
    number: int
    caption: str
    scope: str | None
    published: Published
    notes: tuple[str, ...] = ()
    numeric: tuple[bool, ...] = ()
    appendix: bool = False


@dataclass(frozen=True)
class FigureBlock:
    """A figure: the PNG, its caption (``Figur 3. …``), scope, alt text and pixel width."""

    name: str
    number: int
    caption: str
    scope: str | None
    png: bytes = field(repr=False)
    alt: str
    width_px: int


Block = Heading | Paragraph | Markdown | TableBlock | FigureBlock

_KINDS = {"T": ("tertialrapport", "Four-month report"), "H": ("halvårsrapport", "Half-year report"),
          "Y": ("årsrapport", "Annual report"), "S": ("slutrapport", "Final report"),
          "R": ("rapport", "Report")}
_MONTHS = {"sv": ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
           "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]}


def _kind_code(config: InsatsConfig) -> str:
    period, whole = config.period, config.insatsperiod
    if (period.start, period.slut) == (whole.start, whole.slut):
        return "S"
    if period.start.month == 1 and period.start.day == 1 and period.slut == dt.date(period.start.year, 12, 31):
        return "Y"
    kind = period.label[5:6].upper() if len(period.label) == 7 else ""
    return kind if kind in ("T", "H") else "R"


def report_kind(config: InsatsConfig, language: str | None = None) -> str:
    """``Halvårsrapport``, ``Tertialrapport``, ``Årsrapport``, ``Slutrapport`` (the report period is
    the whole insats period) or ``Rapport`` (any other period)."""
    sv, en = _KINDS[_kind_code(config)]
    return (en if (language or config.language) == "en" else sv[0].upper() + sv[1:])


def file_stem(config: InsatsConfig) -> str:
    """The report files' name: ``halvarsrapport``, ``slutrapport``, … (no Swedish letters)."""
    sv, _ = _KINDS[_kind_code(config)]
    return sv.replace("å", "a").replace("ä", "a").replace("ö", "o")


def _date(day: dt.date, language: str) -> str:
    return f"{day.day} {_MONTHS[language][day.month - 1]} {day.year}"


def period_text(config: InsatsConfig, period: Period | None = None, language: str | None = None) -> str:
    """The report period as a person writes it: ``första halvåret 2024``, ``T1 2024 (jan–apr)``,
    ``år 2024``, ``hela insatsperioden 2023–2024``, or ``1 jan 2024 – 31 aug 2024``."""
    language = language or config.language
    period = period or config.period
    months = _MONTHS["en" if language == "en" else "sv"]
    whole = config.insatsperiod
    if (period.start, period.slut) == (whole.start, whole.slut):
        years = (f"{whole.start.year}" if whole.start.year == whole.slut.year
                 else f"{whole.start.year}–{whole.slut.year}")
        return f"{label('p_hela', language)} {years}"
    year = period.start.year
    if period.start == dt.date(year, 1, 1) and period.slut == dt.date(year, 12, 31):
        return f"{label('p_ar', language)} {year}".strip()
    if period.label.upper().endswith(("H1", "H2")) and len(period.label) == 7:
        return f"{label('p_' + period.label[5:].lower(), language)} {year}"
    if period.label.upper()[5:6] == "T" and len(period.label) == 7:
        first, last = months[period.start.month - 1], months[period.slut.month - 1]
        return f"{period.label[5:].upper()} {year} ({first}–{last})"
    return f"{_date(period.start, language)} – {_date(period.slut, language)}"
