"""The data-quality log: every input row left out of a figure, with its reason, never silently; and the
warnings about rows that are counted but look wrong.

Rows are named by file and spreadsheet row number (the header is row 1), never by participant id, so
the log can be published beside the report as ``datakvalitet.csv``. Every row of a data file is
either in its canonical table or in the log, exactly once (rows that are empty in every cell are no
rows; :mod:`evaltools.read` skips them).

Reasons are codes (:data:`REASONS`, warnings :data:`WARNINGS`) whose words live in
:mod:`evaltools.labels` under ``q_<code>`` (``v_<code>``). The log stores the Swedish text: the
contract's ``datakvalitet.csv``, ``evaltools kontrollera`` and :attr:`Insats.kvalitet
<evaltools.insats.Insats>` speak Swedish in four columns ``fil, rad, kolumn, orsak``. Another language
is made at rendering by :func:`translate_reason`, which matches the text to its template: every
reason comes from exactly one template (tested), so the text carries its code and parameters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .labels import label
from .read import RawTable
from .vocabulary import fold

if TYPE_CHECKING:
    from .config import InsatsConfig

__all__ = ["QualityLog", "QUALITY_COLUMNS", "QUALITY_COLUMNS_EN", "REASONS", "WARNINGS", "reason",
           "translate_reason", "quality_rows", "quality_summary", "kommun_warnings"]

#: the columns of the log and of ``datakvalitet.csv`` (contract, section 4)
QUALITY_COLUMNS = ["fil", "rad", "kolumn", "orsak"]
#: the same columns as ``datakvalitet.csv`` names them under ``sprak: en``
QUALITY_COLUMNS_EN = ["file", "row", "column", "reason"]

#: why a row is left out; the words are the labels ``q_<code>``
REASONS = (
    "saknas",                       # {kolumn}: a needed value is empty
    "narvaro_saknas",               # narvaro form A: narvarande empty
    "varde_saknas",                 # progression: varde empty (not rated)
    "okand_deltagare",              # deltagar_id not in deltagare
    "annat_instrument",             # progression: {instrument} other than progression.instrument
    "inget_belopp",                 # ekonomi: no amount at all
    "dubblett_narvaro",             # narvaro form A: participant and datum repeated
    "dubblett_narvaro_aktivitet",   # narvaro form A with aktivitet: participant, datum, aktivitet repeated
    "dubblett_skattning",           # progression: participant, indikator and datum repeated
    "dubblett_fraga",               # kartlaggning: participant and fraga repeated
    "fore_start",                   # narvaro A, progression: datum before the participant's startdatum
    "efter_slut",                   # narvaro A, progression: datum after the participant's slutdatum
    "period_fore_start",            # narvaro B: period_slut before the participant's startdatum
    "period_efter_slut",            # narvaro B: period_start after the participant's slutdatum
)
#: what a counted row may look wrong by; the words are the labels ``v_<code>``
WARNINGS = ("okand_kommun",)  # {kommun}: kommun not among insats.yaml's kommuner


def reason(code: str, language: str = "sv", **params: object) -> str:
    """The words of reason (or warning) ``code`` with its parameters: ``reason("saknas", kolumn="datum")``
    -> ``"datum saknas"``. Raises ``ValueError`` for a code that is not in :data:`REASONS` or
    :data:`WARNINGS` (a programming error, not a user's)."""
    if code in REASONS:
        key = f"q_{code}"
    elif code in WARNINGS:
        key = f"v_{code}"
    else:
        raise ValueError(f"unknown data-quality reason {code!r}")
    return label(key, language).format(**params)


class QualityLog:
    """Collects the rows left out while the tables are read."""

    def __init__(self) -> None:
        self._parts: list[pd.DataFrame] = []

    def leave_out(self, raw: RawTable, indices: Iterable[int], code: str, column: str | None = None,
                  **params: object) -> None:
        """Record that frame rows ``indices`` (positional) of ``raw`` are left out for reason ``code``
        (one of :data:`REASONS`, with its parameters), naming ``column`` (folded) as the user wrote it."""
        text = reason(code, **params)  # checked even when no row is left out
        positions = np.fromiter(indices, dtype=np.intp)
        if not len(positions):
            return
        self._parts.append(pd.DataFrame({
            "fil": raw.file,
            "rad": raw.rows[positions].astype("int64"),
            "kolumn": raw.original.get(column, column) if column else "",
            "orsak": text,
        }))

    def __len__(self) -> int:
        return sum(len(part) for part in self._parts)

    def frame(self) -> pd.DataFrame:
        """The log as a table: ``fil``, ``rad``, ``kolumn``, ``orsak`` (Swedish), sorted by file and row."""
        if not self._parts:
            return _empty()
        frame = pd.concat(self._parts, ignore_index=True)
        return frame.sort_values(["fil", "rad", "kolumn"], kind="stable").reset_index(drop=True)


def _empty() -> pd.DataFrame:
    return pd.DataFrame({"fil": pd.Series(dtype="str"), "rad": pd.Series(dtype="int64"),
                         "kolumn": pd.Series(dtype="str"), "orsak": pd.Series(dtype="str")})


# ------------------------------------------------------------------------------------ languages

@cache
def _templates() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each code with a pattern of its Swedish words, the fixed texts first (so that a fixed text such
    as ``uppgift om närvaro (ja/nej) saknas`` is never read as ``{kolumn} saknas``)."""
    patterns = []
    for code in (*REASONS, *WARNINGS):
        words = label(f"q_{code}" if code in REASONS else f"v_{code}", "sv")
        parts = re.split(r"\{(\w+)\}", words)
        pattern = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+)" for i, p in enumerate(parts))
        patterns.append((code, re.compile(f"^{pattern}$", re.DOTALL), len(parts) > 1))
    return tuple((code, pattern) for code, pattern, _ in sorted(patterns, key=lambda p: p[2]))


def translate_reason(text: str, language: str = "sv") -> str:
    """A reason (or warning) as the log stores it, in ``language``. Parameters (a column name, an
    instrument, a kommun) are the user's words and stay as written; a text that is no reason of
    evaltools is returned as it is."""
    if language == "sv":
        return text
    for code, pattern in _templates():
        match = pattern.match(text)
        if match:
            return reason(code, language, **match.groupdict())
    return text


_SHEET = re.compile(r" \(blad (?P<sheet>.+)\)$")


def _file(name: str, language: str) -> str:
    """``data/x.xlsx (blad narvaro)`` -> ``data/x.xlsx (sheet narvaro)`` in English."""
    if language == "sv":
        return name
    return _SHEET.sub(lambda m: f" ({label('w_blad', language)} {m['sheet']})", name)


def _each_unique(values: pd.Series, translate) -> pd.Series:
    """``translate`` applied once per distinct value (the log can hold millions of rows)."""
    return values.map({v: translate(v) for v in pd.unique(values)})


def quality_rows(log: pd.DataFrame, language: str = "sv") -> pd.DataFrame:
    """The log as ``datakvalitet.csv`` publishes it, in ``language``: ``fil, rad, kolumn, orsak``
    (Swedish, as the contract names them) or ``file, row, column, reason`` (English). Column names in
    ``kolumn`` are the user's and stay as written."""
    rows = log[QUALITY_COLUMNS].copy()
    if language == "sv":
        return rows
    rows["fil"] = _each_unique(rows["fil"], lambda v: _file(v, language))
    rows["orsak"] = _each_unique(rows["orsak"], lambda v: translate_reason(v, language))
    return rows.set_axis(QUALITY_COLUMNS_EN, axis=1)


def quality_summary(log: pd.DataFrame, language: str = "sv") -> pd.DataFrame:
    """Rows per file and reason: ``fil``, ``orsak`` (in ``language``), ``rader`` (int). Sorted by file,
    then the most frequent reason first. Works on the log and on :func:`kommun_warnings` alike."""
    if log.empty:
        return pd.DataFrame({"fil": pd.Series(dtype="str"), "orsak": pd.Series(dtype="str"),
                             "rader": pd.Series(dtype="int64")})
    summary = log.groupby(["fil", "orsak"], sort=False).size().rename("rader").reset_index()
    summary = summary.sort_values(["fil", "rader", "orsak"], ascending=[True, False, True], kind="stable")
    summary["fil"] = _each_unique(summary["fil"], lambda v: _file(v, language))
    summary["orsak"] = _each_unique(summary["orsak"], lambda v: translate_reason(v, language))
    return summary.reset_index(drop=True)


# ------------------------------------------------------------------------------------ warnings

def _display(config: InsatsConfig, table: str) -> str:
    """A data file as messages name it: relative to the insats folder when inside it."""
    path = config.data[table]
    try:
        return path.relative_to(config.folder).as_posix()
    except ValueError:
        return path.as_posix()


def kommun_warnings(config: InsatsConfig, tables: Mapping[str, pd.DataFrame | None]) -> pd.DataFrame:
    """Rows whose ``kommun`` is not among ``insats.yaml``'s ``kommuner``: counted, not left out.

    ``tables`` maps a table name of ``config.data`` (``deltagare``, ``ekonomi``) to its canonical
    table, or None when absent. Kommuner are compared folded (``tierp`` = ``Tierp``); an empty kommun
    and an empty ``kommuner`` list are never warned about.

    Returns
    -------
    DataFrame with the log's columns ``fil``, ``rad``, ``kolumn``, ``orsak`` (Swedish; translate with
    :func:`translate_reason` or :func:`quality_summary`), one row per warned row.
    """
    listed = {fold(k) for k in config.kommuner}
    parts = []
    for table, frame in tables.items():
        if not listed or frame is None or "kommun" not in frame.columns or table not in config.data:
            continue
        values = frame["kommun"]
        given = values.notna() & values.astype("str").ne("")
        unknown = given & ~_each_unique(values.where(given, ""), fold).isin(listed)
        if not unknown.any():
            continue
        written = values[unknown]
        parts.append(pd.DataFrame({
            "fil": _display(config, table), "rad": frame.loc[unknown, "rad"].astype("int64").to_numpy(),
            "kolumn": "kommun",
            "orsak": _each_unique(written, lambda v: reason("okand_kommun", kommun=v)).to_numpy()}))
    if not parts:
        return _empty()
    warnings = pd.concat(parts, ignore_index=True)
    return warnings.sort_values(["fil", "rad"], kind="stable").reset_index(drop=True)
