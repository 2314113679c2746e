"""Privacy: refusing personnummer, and masking small counts in what is published.

Participant data is sensitive (health, social welfare). Two guards live here:

* :func:`looks_like_personnummer` — a ``deltagar_id`` that looks like a Swedish personnummer or
  samordningsnummer is refused before the file is used, and the value is never printed;
  :func:`contains_personnummer` finds one in any other cell (there a bare 10-digit number must also
  carry a valid check digit, so that ordinary numbers pass).
* :func:`small_cell_mask` — which cells of a result table must not be published because they count
  fewer than ``min_count`` persons (primary suppression), together with every share or interval
  derived from such a count.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

__all__ = ["looks_like_personnummer", "contains_personnummer", "small_cell_mask", "safe_value"]

# 10 or 12 digits: optional century, YYMMDD, optional - or +, four digits
_PNR = re.compile(r"^(?P<century>\d{2})?(?P<yy>\d{2})(?P<mm>\d{2})(?P<dd>\d{2})[-+]?(?P<last>\d{4})$")
# inside free text the unmistakable forms: with a separator, or 12 digits starting 19/20 ...
_PNR_IN_TEXT = re.compile(r"(?<!\d)(?:(?:19|20)?\d{6}[-+]\d{4}|(?:19|20)\d{10})(?!\d)")
# ... and 10 bare digits (or YYMMDD and four digits apart), which must also pass the check digit
_BARE_PNR_IN_TEXT = re.compile(r"(?<!\d)(?P<yy>\d{2})(?P<mm>\d{2})(?P<dd>\d{2}) ?(?P<last>\d{4})(?!\d)")


def _valid_date_part(century: str | None, yy: str, mm: str, dd: str) -> bool:
    day = int(dd) - 60 if int(dd) > 60 else int(dd)  # samordningsnummer: the day plus 60
    if century is not None and century not in ("18", "19", "20"):
        return False
    years = [int(century + yy)] if century else [1900 + int(yy), 2000 + int(yy)]
    for year in years:
        try:
            dt.date(year, int(mm), day)
            return True
        except ValueError:
            continue
    return False


def looks_like_personnummer(value: str) -> bool:
    """True for a value shaped like a personnummer or samordningsnummer.

    10 or 12 digits, optionally with ``-`` or ``+`` before the last four, whose date part is a real
    date (for samordningsnummer the day is 61–91). The check digit is not required: refusing a few
    odd pseudonyms is safer than letting one real number through.
    """
    match = _PNR.match(str(value).strip().replace(" ", ""))
    if not match:
        return False
    return _valid_date_part(match["century"], match["yy"], match["mm"], match["dd"])


def _luhn_valid(digits: str) -> bool:
    """Whether the last of ten digits is the Luhn check digit of the first nine (weights 2, 1, 2, …),
    as in every personnummer and samordningsnummer."""
    total = 0
    for i, ch in enumerate(digits[:9]):
        product = int(ch) * (2 - i % 2)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10 == int(digits[9])


def contains_personnummer(text: str) -> bool:
    """True when a cell or free text holds a personnummer or samordningsnummer.

    Found: the forms with ``-`` or ``+`` and 12 digits starting 19 or 20 (a real date part), and 10
    bare digits (``8504121230``, also ``850412 1230``) whose date part is real and whose last digit
    is the valid Luhn check digit. Without the check digit, ten bare digits could be anything.
    """
    text = str(text)
    for found in _PNR_IN_TEXT.finditer(text):
        if looks_like_personnummer(found.group(0)):
            return True
    for found in _BARE_PNR_IN_TEXT.finditer(text):
        if _valid_date_part(None, found["yy"], found["mm"], found["dd"]) and \
                _luhn_valid(found["yy"] + found["mm"] + found["dd"] + found["last"]):
            return True
    return False


def safe_value(text: str, limit: int = 40) -> str:
    """A cell value fit to repeat in an error message: never a personnummer, never very long."""
    text = str(text)
    if looks_like_personnummer(text) or contains_personnummer(text):
        return "(ett värde som liknar ett personnummer; visas inte)"
    return repr(text if len(text) <= limit else text[:limit] + "…")


def small_cell_mask(table: pd.DataFrame, *, min_count: int, counts: Iterable[str] = (),
                    derived: Mapping[str, Iterable[str]] | None = None,
                    group: str | None = None) -> pd.DataFrame:
    """Which cells of ``table`` must not be published.

    Parameters
    ----------
    table
        A result table (numbers, not yet formatted).
    min_count
        A count of persons ``c`` with ``0 < c < min_count`` is masked. ``0`` turns masking off.
    counts
        Columns holding counts of persons; each such cell is judged on its own.
    derived
        ``{column: [count columns]}``: a share, mean or interval is masked in every row where one of
        the counts it is computed from is masked.
    group
        A column with the number of persons a row speaks of; when it is masked, every other cell of
        the row is masked too (a rate about two persons tells about those two persons).

    Returns
    -------
    DataFrame of bool, same index and columns as ``table``: True where the cell must not be shown.
    Text columns are never masked.
    """
    mask = pd.DataFrame(False, index=table.index, columns=table.columns)
    if min_count <= 0:
        return mask

    def small(column: str) -> pd.Series:
        values = pd.to_numeric(table[column], errors="coerce")
        return (values > 0) & (values < min_count)

    for column in counts:
        mask[column] = small(column).to_numpy()
    for column, sources in (derived or {}).items():
        hit = np.zeros(len(table), dtype=bool)
        for source in sources:
            hit |= mask[source].to_numpy()
        mask[column] = mask[column].to_numpy() | hit
    if group is not None:
        rows = small(group).to_numpy()
        numeric = [c for c in table.columns if c != group and pd.api.types.is_numeric_dtype(table[c])]
        for column in numeric:
            mask[column] = mask[column].to_numpy() | rows
        mask[group] = mask[group].to_numpy() | rows
    return mask
