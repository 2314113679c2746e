"""Result tables -> publication-grade tables: masked, labelled, formatted in the report's language.

Each published table has a :class:`TableSpec`: its columns (which result column, what header, what kind
of value) and its masking roles (counts of persons, values derived from them, the row's group size).
:func:`publish` applies the spec and gives two renderings of the same masked table: ``display`` for
the report (``1 360 000``, ``48,1 %``) and ``csv`` for Excel (plain numbers with decimal comma,
percent in columns marked ``(%)``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from .formatting import (NBSP, fmt_int, fmt_interval, fmt_kronor, fmt_masked, fmt_month, fmt_number,
                         fmt_percent, interval_decimals, is_missing, percent)
from .labels import label
from .privacy import Cell, complementary_suppression, small_cell_mask
from .sums import table_equations
from .tablespecs import TABLES, Col, TableSpec

__all__ = ["Col", "TableSpec", "Published", "publish", "publish_all", "table_equations", "TABLES",
           "band_label", "MASKED_DERIVED", "MASKED_SECONDARY"]

# the specs and the sums live in their own modules; they are part of this module's interface

#: what a value derived from a masked count shows
MASKED_DERIVED = "–"
#: what a number hidden for another's sake shows (secondary suppression, or occasions of few persons)
MASKED_SECONDARY = "X"


@dataclass(frozen=True)
class Published:
    """A masked table: ``values`` (masked cells NaN), ``mask``, its two renderings, and ``marks``:
    what each masked cell shows (``<3`` for a count of fewer persons, ``X`` for a number hidden so
    that it cannot be recomputed or because its row is about few persons, ``–`` for a share or
    interval computed from a hidden number; ``""`` where the cell is shown).

    ``masked_cells`` counts the shown cells masked by the primary rule (small counts and what is
    computed from them), ``secondary_cells`` those masked only to protect them."""

    name: str
    values: pd.DataFrame
    mask: pd.DataFrame
    display: pd.DataFrame
    csv: pd.DataFrame
    masked_cells: int
    secondary_cells: int = 0
    marks: pd.DataFrame | None = None


def band_label(band: str, language: str = "sv") -> str:
    """``16-24`` -> ``16–24 år``, ``30-`` -> ``30 år och äldre``, ``-24`` -> ``högst 24 år``."""
    if band in ("okand", "saknas"):
        return label(band, language)
    low, _, high = str(band).partition("-")
    if low and high:
        return f"{low}–{high} {label('w_ar', language)}"
    if low:
        return f"{low} {label('w_och_aldre', language)}"
    if high:
        return f"{label('w_hogst', language)} {high} {label('w_ar', language)}"
    return str(band)


#: (in a row handed to _cell) the decimals of its table's mean2 columns
_DECIMALS = "__decimals"


def _cell(kind: str, value: object, row: Mapping[str, Any], col: Col, language: str, csv: bool,
          labels: Mapping[str, str]) -> str:
    if kind == "text":
        return "" if is_missing(value) else str(value)
    if kind == "code":
        return "" if is_missing(value) else labels.get(str(value)) or label(value, language)
    if kind == "band":
        return band_label(str(value), language)
    if is_missing(value):
        return ""
    if kind == "count":
        return fmt_number(value, 0, language, grouping=not csv)
    if kind == "number":
        decimals = 0 if float(value).is_integer() else 1
        return fmt_number(value, decimals, language, grouping=not csv)
    if kind == "mean":
        return fmt_number(value, 2 if csv else 1, language, grouping=False)
    if kind == "share":
        return fmt_number(percent(value), 1, language) if csv else fmt_percent(value, 1, language)
    if kind == "interval":
        high = row[col.other]
        return fmt_interval(value, high, 1, language) if not csv else fmt_number(percent(value), 1, language)
    if kind == "range":
        return f"{fmt_percent(value, 0, language)}–{fmt_percent(row[col.other], 0, language)}"
    if kind == "kronor":
        return fmt_number(value, 0, language, grouping=False) if csv else fmt_kronor(value, language)
    if kind == "p":
        return "<0,001" if value < 0.001 and language != "en" else (
            "<0.001" if value < 0.001 else fmt_number(value, 3, language))
    if kind == "month":
        return fmt_month(pd.Timestamp(value), language) if not csv else pd.Timestamp(value).strftime("%Y-%m")
    if kind == "bool":
        return label("ja" if value else "nej", language)
    if kind == "signed":
        return ("+" if value > 0 else "") + fmt_number(value, 0, language, grouping=False)
    if kind in ("pp", "pp_interval"):  # a difference of shares, in percentage points
        unit = "p.e." if language != "en" else "pp"
        if kind == "pp":
            sign = "+" if value > 0 else ""
            return f"{sign}{fmt_number(percent(value), 1, language)}{NBSP}{unit}"
        word = "till" if language != "en" else "to"
        return (f"{fmt_number(percent(value), 1, language)} {word} "
                f"{fmt_number(percent(row[col.other]), 1, language)}{NBSP}{unit}") if not is_missing(
            row[col.other]) else ""
    if kind == "days":
        return fmt_number(value, 0, language, grouping=not csv)
    if kind == "days_interval":
        high = row[col.other]
        return f"{fmt_int(value, language)}–{'' if is_missing(high) else fmt_int(high, language)}"
    if kind in ("mean2", "mean2_interval"):  # two decimals, or more where an interval needs them
        decimals = row.get(_DECIMALS) or interval_decimals(row.get("ki_lag"), row.get("ki_hog"))
        if kind == "mean2":
            return fmt_number(value, decimals, language, grouping=False)
        high = row[col.other]
        return "" if is_missing(high) else (f"{fmt_number(value, decimals, language, grouping=False)} "
                                            f"{'till' if language != 'en' else 'to'} "
                                            f"{fmt_number(high, decimals, language, grouping=False)}")
    if kind == "goal":
        if row["typ"] == "antal":
            return fmt_number(value, 0 if float(value).is_integer() else 1, language, grouping=not csv)
        return fmt_number(percent(value), 1, language) if csv else fmt_percent(value, 1, language)
    raise ValueError(f"unknown column kind {kind!r}")


def publish(name: str, result: pd.DataFrame, spec: TableSpec | None = None, *, min_count: int,
            language: str = "sv", labels: Mapping[str, str] | None = None) -> Published:
    """Mask and format one result table on its own (its sums within the table protected; see
    :func:`publish_all` for a whole report, whose tables protect each other)."""
    specs = {name: spec} if spec is not None else TABLES
    return publish_all({name: result}, min_count=min_count, language=language, labels=labels,
                       specs=specs)[name]


def publish_all(results: Mapping[str, pd.DataFrame], *, min_count: int, language: str = "sv",
                labels: Mapping[str, str] | None = None,
                specs: Mapping[str, TableSpec] | None = None,
                outcome_goals: Mapping[str, Sequence[str]] | None = None) -> dict[str, Published]:
    """Mask and format every result table of a report together, by their specs.

    1. **Primary**: a count of persons ``0 < c < min_count`` is masked; so is every number of a row
       whose group size (the persons the row speaks of) is masked.
    2. **Secondary** (complementary): where a sum ties published cells together — a column and its
       total, the parts of a row, the same count in two tables (:func:`table_equations`) — no masked
       cell may be the only one, or it could be recomputed by subtraction; more cells are masked by
       :func:`~evaltools.privacy.complementary_suppression`.
    3. **Derived**: a share, interval or mean computed from a masked number is masked.

    Refuses a table that holds participant ids. ``labels`` names codes the label table does not know
    (an insats's local outcome codes); ``outcome_goals`` the outcome codes of each goal of
    ``typ: utfall`` by name.
    """
    specs = TABLES if specs is None else specs
    tables: dict[str, pd.DataFrame] = {}
    for name, result in results.items():
        if "deltagar_id" in result.columns:
            raise ValueError(f"table {name!r} holds participant ids and must not be published")
        tables[name] = result.reset_index(drop=True)
    specs = {name: _fitted(specs[name], tables[name]) for name in tables}
    persons = {n: _person_cells(t, specs[n], min_count) for n, t in tables.items()}
    hidden = {n: _hidden(t, specs[n], persons[n], min_count) for n, t in tables.items()}
    secondary: set[Cell] = set()
    if min_count > 0:
        equations, identities = table_equations(tables, outcome_goals=outcome_goals, specs=specs)
        values = {}
        for cells in [e.cells for e in equations] + [tuple(i) for i in identities]:
            for cell in cells:
                table, row, column = cell
                if table in tables and column in tables[table] and row < len(tables[table]):
                    values[cell] = tables[table].at[row, column]
        masked = [(n, int(r), c) for n, m in hidden.items() for c in m.columns
                  for r in np.flatnonzero(m[c].to_numpy())]
        shown_small = {(n, int(r), c): (1.0, float(min_count - 1)) for n, m in persons.items()
                       for c in m.columns for r in np.flatnonzero(m[c].to_numpy())}  # "<3": 1 or 2
        secondary = complementary_suppression(values, masked, equations, identities, bounds=shown_small)
    return {name: _render(name, table, specs[name], persons[name], hidden[name],
                          {(r, c) for n, r, c in secondary if n == name}, min_count, language, labels or {})
            for name, table in tables.items()}


def _fitted(spec: TableSpec, table: pd.DataFrame) -> TableSpec:
    """The spec without the columns a result table does not have (an interval a hand-made table
    lacks): they are not shown and play no part in masking."""
    have = set(table.columns)
    columns = tuple(c for c in spec.columns if c.key in have and (c.other is None or c.other in have))
    if len(columns) == len(spec.columns):
        return spec
    return replace(spec, columns=columns,
                   derived={k: tuple(v for v in vs if v in have) for k, vs in spec.derived.items() if k in have})


def _person_cells(table: pd.DataFrame, spec: TableSpec, min_count: int) -> pd.DataFrame:
    """The counts of persons below the threshold, or whose complement in their total is: the cells
    shown as ``<k`` (16 of 18 tells about the other two as much as 2 of 18 does)."""
    columns = [*spec.counts, *([spec.group] if spec.group else [])]
    mask = small_cell_mask(table, min_count=min_count, counts=columns)
    if min_count > 0:
        for count, total in spec.complements:
            rest = pd.to_numeric(table[total], errors="coerce") - pd.to_numeric(table[count], errors="coerce")
            mask[count] = mask[count].to_numpy() | ((rest > 0) & (rest < min_count)).to_numpy()
    if spec.person_rows is not None:
        column, kinds = spec.person_rows
        persons = table[column].isin(kinds).to_numpy()
        for c in columns:
            mask[c] = mask[c].to_numpy() & persons
    return mask


def _hidden(table: pd.DataFrame, spec: TableSpec, persons: pd.DataFrame, min_count: int) -> pd.DataFrame:
    """The primary mask: the small counts of persons, and every number of a row whose group size is
    masked (a rate about two persons tells about those two persons)."""
    mask = persons.copy()
    if spec.group is not None and min_count > 0:
        rows = persons[spec.group].to_numpy()
        for column in table.columns:
            if (column != spec.group and pd.api.types.is_numeric_dtype(table[column])
                    and not pd.api.types.is_bool_dtype(table[column])):
                mask[column] = mask[column].to_numpy() | rows
    return mask


def _derive(mask: dict[str, np.ndarray], spec: TableSpec) -> dict[str, np.ndarray]:
    """``mask`` (column -> bool array) with each derived column masked where one of its sources is,
    in the order of ``spec.derived`` (a derived column may be the source of a later one)."""
    mask = dict(mask)
    for column, sources in spec.derived.items():
        mask[column] = mask[column] | np.logical_or.reduce([mask[s] for s in sources],
                                                           initial=False, dtype=bool)
    return mask


_DASHED = ("share", "interval", "range", "mean", "p", "goal", "bool", "code", "pp", "pp_interval", "days",
           "days_interval", "mean2", "mean2_interval", "text")


def _render(name: str, result: pd.DataFrame, spec: TableSpec, persons: pd.DataFrame,
            hidden: pd.DataFrame, secondary: set[tuple[int, str]], min_count: int, language: str,
            labels: Mapping[str, str]) -> Published:
    # the masks as arrays by column (tables of a few rows: pandas' overhead per cell would dominate)
    hidden_arrays = {c: hidden[c].to_numpy(dtype=bool) for c in hidden.columns}
    first = _derive(hidden_arrays, spec)
    extra = {c: v.copy() for c, v in hidden_arrays.items()}
    for row, column in secondary:
        extra[column][row] = True
    mask = _derive(extra, spec)
    shown = [c for c in dict.fromkeys([c.key for c in spec.columns] + [c.other for c in spec.columns
                                                                        if c.other]) if c in mask]
    masked_cells = int(sum(first[c].sum() for c in shown))
    secondary_cells = int(sum((mask[c] & ~first[c]).sum() for c in shown))
    values = result.copy()
    for column in hidden.columns:
        if mask[column].any():
            keep = pd.Series(~mask[column], index=values.index)
            if pd.api.types.is_numeric_dtype(values[column]) or pd.api.types.is_bool_dtype(values[column]):
                values[column] = values[column].astype("float64").where(keep)
            else:
                values[column] = values[column].astype(object).where(keep, None)
    kinds = {c.key: c.kind for c in spec.columns} | {c.other: c.kind for c in spec.columns if c.other}
    marks = pd.DataFrame("", index=result.index, columns=result.columns, dtype=object)
    for column in hidden.columns:
        hit = mask[column]
        if hit.any():
            small = persons[column].to_numpy() if column in persons else np.zeros(len(hit), dtype=bool)
            person_mark = fmt_masked(min_count, language)
            marks[column] = [("" if not h else MASKED_DERIVED if kinds.get(column) in _DASHED else
                              person_mark if p else MASKED_SECONDARY) for h, p in zip(hit, small)]
    mark_arrays = {c: marks[c].to_numpy() for c in marks.columns}
    mask_arrays = mask
    mask = pd.DataFrame(mask, index=hidden.index, columns=hidden.columns)
    rows = result.to_dict("records")
    if "mean2_interval" in kinds.values():  # one precision for the column: enough for every shown row
        hidden_low = mask_arrays.get("ki_lag", np.zeros(len(rows), dtype=bool))
        decimals = max((interval_decimals(r["ki_lag"], r["ki_hog"]) for i, r in enumerate(rows)
                        if not hidden_low[i]), default=2)
        for row in rows:
            row[_DECIMALS] = decimals
    renderings = {}
    for csv in (False, True):
        frame = {}
        for col in spec.columns:
            header = label(col.header, language)
            if col.kind in ("share", "goal") and csv:
                header += " (%)"
            hit, mark = mask_arrays[col.key], mark_arrays[col.key]
            cells = []
            for i, row in enumerate(rows):
                if hit[i]:
                    cells.append(mark[i])
                else:
                    text = _cell(col.kind, row[col.key], row, col, language, csv, labels)
                    # Excel reads U+2212 as text: a minus it can compute with, in the CSV
                    cells.append(text.replace("\u2212", "-") if csv else text)
            if col.kind == "interval" and csv:
                frame[f"{header}, {'nedre' if language != 'en' else 'low'} (%)"] = cells
                frame[f"{header}, {'övre' if language != 'en' else 'high'} (%)"] = [
                    MASKED_DERIVED if hit[i] else
                    ("" if is_missing(row[col.other]) else fmt_number(percent(row[col.other]), 1, language))
                    for i, row in enumerate(rows)]
            else:
                frame[header] = cells
        renderings[csv] = pd.DataFrame(frame, dtype=object)
    return Published(name, values, mask, renderings[False], renderings[True], masked_cells,
                     secondary_cells, marks)
