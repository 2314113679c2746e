"""Result tables -> publication-grade tables: masked, labelled, formatted in the report's language.

Each published table has a :class:`TableSpec`: its columns (which result column, what header, what kind
of value) and its masking roles (counts of persons, values derived from them, the row's group size).
:func:`publish` applies the spec and gives two renderings of the same masked table: ``display`` for
the report (``1 360 000``, ``48,1 %``) and ``csv`` for Excel (plain numbers with decimal comma,
percent in columns marked ``(%)``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from .formatting import (fmt_interval, fmt_kronor, fmt_masked, fmt_month, fmt_number,
                         fmt_percent, is_missing, percent)
from .labels import label
from .privacy import small_cell_mask

__all__ = ["Col", "TableSpec", "Published", "publish", "TABLES", "band_label", "MASKED_DERIVED"]

#: what a value derived from a masked count shows
MASKED_DERIVED = "–"


@dataclass(frozen=True)
class Col:
    """One published column: result column ``key``, header label ``header``, value ``kind``.

    Kinds: ``text`` (as written), ``code`` (translated by :func:`~evaltools.labels.label`), ``band``
    (an age band), ``count``, ``number``, ``mean``, ``share``, ``interval`` (``key`` and ``other`` are
    the low and high ends), ``range`` (a band of shares, ``key`` to ``other``), ``kronor``, ``p``,
    ``month``, ``bool``, ``goal`` (a share or a figure, by the row's ``typ``).
    """

    key: str
    header: str
    kind: str
    other: str | None = None


@dataclass(frozen=True)
class TableSpec:
    """How a result table is published; its title is the label ``t_<name>``."""

    columns: tuple[Col, ...]
    counts: tuple[str, ...] = ()
    derived: dict[str, tuple[str, ...]] = field(default_factory=dict)
    group: str | None = None


@dataclass(frozen=True)
class Published:
    """A masked table: ``values`` (masked cells NaN), ``mask``, and its two renderings."""

    name: str
    values: pd.DataFrame
    mask: pd.DataFrame
    display: pd.DataFrame
    csv: pd.DataFrame
    masked_cells: int


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


def _cell(kind: str, value: object, row: pd.Series, col: Col, language: str, csv: bool,
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
    if kind == "goal":
        if row["typ"] == "antal":
            return fmt_number(value, 0 if float(value).is_integer() else 1, language, grouping=not csv)
        return fmt_number(percent(value), 1, language) if csv else fmt_percent(value, 1, language)
    raise ValueError(f"unknown column kind {kind!r}")


def publish(name: str, result: pd.DataFrame, spec: TableSpec, *, min_count: int,
            language: str = "sv", labels: Mapping[str, str] | None = None) -> Published:
    """Mask and format a result table by its spec. Refuses a table that holds participant ids.

    ``labels`` names codes the label table does not know (an insats's local outcome codes)."""
    if "deltagar_id" in result.columns:
        raise ValueError(f"table {name!r} holds participant ids and must not be published")
    result = result.reset_index(drop=True)
    mask = small_cell_mask(result, min_count=min_count, counts=spec.counts, derived=spec.derived,
                           group=spec.group)
    shown = [c.key for c in spec.columns] + [c.other for c in spec.columns if c.other]
    masked_cells = int(mask[[c for c in dict.fromkeys(shown) if c in mask]].to_numpy().sum())
    values = result.copy()
    for column in mask.columns:
        if mask[column].any():
            values[column] = values[column].astype("float64").where(~mask[column])
    renderings = {}
    for csv in (False, True):
        frame = {}
        for col in spec.columns:
            header = label(col.header, language)
            if col.kind in ("share", "goal") and csv:
                header += " (%)"
            cells = []
            for i, row in result.iterrows():
                if mask.at[i, col.key]:
                    cells.append(fmt_masked(min_count) if col.key in spec.counts or col.key == spec.group
                                 else MASKED_DERIVED)
                else:
                    cells.append(_cell(col.kind, row[col.key], row, col, language, csv, labels or {}))
            if col.kind == "interval" and csv:
                frame[f"{header}, {'nedre' if language != 'en' else 'low'} (%)"] = cells
                frame[f"{header}, {'övre' if language != 'en' else 'high'} (%)"] = [
                    MASKED_DERIVED if mask.at[i, col.key] else
                    ("" if is_missing(row[col.other]) else fmt_number(percent(row[col.other]), 1, language))
                    for i, row in result.iterrows()]
            else:
                frame[header] = cells
        renderings[csv] = pd.DataFrame(frame, dtype=object)
    return Published(name, values, mask, renderings[False], renderings[True], masked_cells)


_SHARE = Col("andel", "c_andel", "share")
_COUNT = Col("antal", "c_antal", "count")


def _split(header: str, kind: str = "code") -> TableSpec:
    return TableSpec((Col("grupp", header, kind), _COUNT, _SHARE), counts=("antal",),
                     derived={"andel": ("antal",)})


def _rates(header: str, kind: str = "code") -> TableSpec:
    return TableSpec((Col("grupp", header, kind), Col("deltagare", "c_deltagare", "count"),
                          Col("planerade", "c_planerade", "number"),
                          Col("narvarande", "c_narvarande", "number"), Col("andel", "c_narvaro", "share"),
                          Col("ki_lag", "c_ki", "interval", "ki_hog")), group="deltagare")


def _money(header: str) -> TableSpec:
    return TableSpec((Col("grupp", header, "text"), Col("beviljat", "c_beviljat", "kronor"),
                          Col("utfall", "c_kostnad", "kronor"), Col("prognos", "c_prognos", "kronor"),
                          Col("forbrukningsgrad", "c_forbrukningsgrad", "share"),
                          Col("kvar", "c_kvar", "kronor")))


TABLES: dict[str, TableSpec] = {
    "deltagarflode": TableSpec((Col("population", "c_population", "code"), _COUNT),
                               counts=("antal",)),
    "deltagare_per_kon": _split("c_kon"),
    "deltagare_per_aldersgrupp": _split("c_aldersgrupp", "band"),
    "deltagare_per_kommun": _split("c_kommun", "text"),
    "deltagare_per_anvisare": _split("c_anvisare"),
    "forsorjning": TableSpec((Col("forsorjning", "c_forsorjning", "code"),
                                  Col("fore", "c_fore", "count"), Col("efter", "c_efter", "count")),
                             counts=("fore", "efter")),
    "utfall": TableSpec((Col("utfall", "c_utfall", "code"), Col("sus_grupp", "c_sus_grupp", "code"),
                             _COUNT, _SHARE), counts=("antal",), derived={"andel": ("antal",)}),
    "utfall_sus": TableSpec((Col("sus_grupp", "c_sus_grupp", "code"), _COUNT, _SHARE),
                            counts=("antal",), derived={"andel": ("antal",)}),
    "maluppfyllelse": TableSpec(
        (Col("namn", "c_mal", "text"), Col("taljare", "c_taljare", "number"),
             Col("namnare", "c_namnare_mal", "number"), Col("varde", "c_varde", "goal"),
             Col("malvarde", "c_malvarde", "goal"), Col("ki_lag", "c_ki", "interval", "ki_hog"),
             Col("uppnatt", "c_uppnatt", "bool")),
        counts=("taljare", "namnare"),
        derived={"varde": ("taljare", "namnare"), "ki_lag": ("taljare", "namnare"),
                 "ki_hog": ("taljare", "namnare")}),
    "narvaro": _rates("c_grupp"),
    "narvaro_per_aldersgrupp": _rates("c_aldersgrupp", "band"),
    "narvaro_per_kon": _rates("c_kon"),
    "narvaro_per_kommun": _rates("c_kommun", "text"),
    "narvaro_fordelning": TableSpec((Col("lag", "c_intervall", "range", "hog"),
                                         Col("deltagare", "c_deltagare", "count"), _SHARE),
                                    counts=("deltagare",), derived={"andel": ("deltagare",)}),
    "narvaro_per_manad": TableSpec((Col("manad", "c_manad", "month"),
                                        Col("deltagare", "c_deltagare", "count"),
                                        Col("planerade", "c_planerade", "number"),
                                        Col("narvarande", "c_narvarande", "number"),
                                        Col("andel", "c_narvaro", "share")), group="deltagare"),
    "franvaro_orsaker": TableSpec((Col("orsak", "c_orsak", "code"),
                                       Col("tillfallen", "c_tillfallen", "number"),
                                       Col("deltagare", "c_deltagare", "count"), _SHARE),
                                  group="deltagare"),
    "franvaro_koncentration": TableSpec((Col("deltagare", "c_deltagare", "count"),
                                             Col("deltagare_topp", "c_topp", "count"),
                                             Col("franvaro", "c_franvaro", "number"),
                                             Col("franvaro_topp", "c_franvaro_topp", "number"),
                                             Col("andel", "c_andel_franvaro", "share"))),
    "progression": TableSpec(
        (Col("indikator", "c_indikator", "text"), Col("deltagare", "c_deltagare", "count"),
             Col("forbattrad", "forbattrad", "count"), Col("oforandrad", "oforandrad", "count"),
             Col("forsamrad", "forsamrad", "count"), Col("forsta_medel", "c_forsta_medel", "mean"),
             Col("senaste_medel", "c_senaste_medel", "mean"),
             Col("medelforandring", "c_medelforandring", "mean"), Col("p_justerat", "c_p", "p")),
        counts=("forbattrad", "oforandrad", "forsamrad"), group="deltagare"),
    "kartlaggning": TableSpec((Col("fraga", "c_fraga", "text"), Col("svar_text", "c_svar", "text"),
                                   _COUNT, Col("andel", "c_andel", "share"),
                                   Col("besvarade", "c_besvarade", "count"),
                                   Col("ej_besvarade", "c_ej_besvarade", "count")),
                              counts=("antal",), derived={"andel": ("antal",)}, group="besvarade"),
    "ekonomi_per_period": _money("c_period"),
    "ekonomi_per_post": _money("c_post"),
    "ekonomi_per_kommun": _money("c_kommun"),
    "kostnad_per_deltagare": TableSpec((Col("utfall", "c_kostnad", "kronor"),
                                            Col("deltagare", "c_deltagare", "count"),
                                            Col("kostnad_per_deltagare", "c_kostnad_per_deltagare",
                                                "kronor"))),
    "datakvalitet": TableSpec((Col("fil", "c_fil", "text"), Col("orsak", "c_orsak", "text"),
                                   Col("rader", "c_rader", "count"))),
    "saknade_uppgifter": TableSpec((Col("kolumn", "c_kolumn", "text"),
                                        Col("saknas", "c_saknas", "count"),
                                        Col("rader", "c_av", "count"))),
}
