"""Numbers for people, in the report's language. Never relies on the machine's locale.

* Swedish (``sv``, the default): decimal comma, a non-breaking space between thousands, the minus sign
  U+2212, a non-breaking space before ``%``: ``1 360 000``, ``698 411,50``, ``−3,1 %``, ``48,1 %``.
* English (``en``): decimal point, a comma between thousands, ``-`` as minus, and, as in Swedish, a
  non-breaking space before ``%``: ``1,360,000``, ``698,411.50``, ``-3.1 %``, ``48.1 %``. The comma is
  chosen over the SI thin space because it is what English readers of such reports expect, and the
  point decimal leaves no ambiguity. Kronor are ``SEK 1,360,000`` (a non-breaking space after SEK).

Rounding is half-up on the decimal value a person would write (0.4805 -> 48,1 %), not Python's
round-half-even on binary floats.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

__all__ = ["percent", "fmt_int", "fmt_number", "fmt_percent", "fmt_interval", "fmt_share_range",
           "fmt_kronor", "fmt_month", "fmt_masked", "is_missing", "interval_decimals", "NBSP"]

NBSP = "\u00a0"
_MONTHS = {"sv": ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
           "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]}


def is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def _decimal(value: float | Decimal) -> Decimal:
    """The decimal a person would write for ``value`` (the shortest repr of the float)."""
    return value if isinstance(value, Decimal) else Decimal(repr(float(value)))


def _rounded(value: float | Decimal, decimals: int) -> Decimal:
    return _decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def percent(share: float) -> Decimal:
    """``share`` · 100 in decimal: 0.0045 -> 0.45 exactly (the float product is 0.44999…)."""
    return _decimal(share).scaleb(2)


def fmt_number(value: float | Decimal, decimals: int = 0, language: str = "sv",
               grouping: bool = True) -> str:
    """``1360000`` -> ``"1 360 000"``, ``698411.5, 2`` -> ``"698 411,50"``; ``""`` when missing."""
    if is_missing(value):
        return ""
    number = _rounded(value, decimals)
    if number == 0:
        number = abs(number)  # no "-0"
    text = f"{number:,.{decimals}f}" if grouping else f"{number:.{decimals}f}"
    if language == "en":
        return text
    return text.replace(",", NBSP).replace(".", ",").replace("-", "\u2212")


def fmt_int(value: float, language: str = "sv") -> str:
    return fmt_number(value, 0, language)


def fmt_percent(share: float, decimals: int = 1, language: str = "sv") -> str:
    """A share as percent: ``0.4808`` -> ``"48,1 %"`` (``"48.1 %"`` in English), the space non-breaking."""
    if is_missing(share):
        return ""
    return f"{fmt_number(percent(share), decimals, language)}{NBSP}%"


def interval_decimals(low: float, high: float, fewest: int = 2, most: int = 4) -> int:
    """The fewest decimals (``fewest`` to ``most``) at which an interval's two ends, when they differ,
    are written differently: with many participants an interval can be narrower than its last
    decimal, and "0,06 till 0,06" reads as no interval at all."""
    if is_missing(low) or is_missing(high) or low == high:
        return fewest
    for decimals in range(fewest, most + 1):
        if fmt_number(low, decimals) != fmt_number(high, decimals):
            return decimals
    return most


def fmt_interval(low: float, high: float, decimals: int = 1, language: str = "sv") -> str:
    """An interval of shares: ``"40,4–55,9 %"`` (``"40.4–55.9 %"``); ``""`` when missing."""
    if is_missing(low) or is_missing(high):
        return ""
    a = fmt_number(percent(low), decimals, language)
    b = fmt_number(percent(high), decimals, language)
    return f"{a}–{b}{NBSP}%"


def fmt_share_range(low: float, high: float, decimals: int = 0, language: str = "sv") -> str:
    """A band of shares as a label, each end a percent: ``"80 %–90 %"``; ``""`` when missing."""
    if is_missing(low) or is_missing(high):
        return ""
    return f"{fmt_percent(low, decimals, language)}–{fmt_percent(high, decimals, language)}"


def fmt_kronor(value: float, language: str = "sv") -> str:
    """Kronor, whole: ``"1 360 000 kr"`` (``"SEK 1,360,000"``), the space non-breaking."""
    if is_missing(value):
        return ""
    text = fmt_int(value, language)
    return f"{text}{NBSP}kr" if language != "en" else f"SEK{NBSP}{text}"


def fmt_month(month: pd.Timestamp, language: str = "sv") -> str:
    """``2024-03-01`` -> ``"mar 2024"``."""
    return f"{_MONTHS['en' if language == 'en' else 'sv'][month.month - 1]} {month.year}"


def fmt_masked(min_count: int, language: str = "sv") -> str:
    """What a masked count shows: ``"<3"``."""
    return f"<{min_count}"
