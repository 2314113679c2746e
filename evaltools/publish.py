"""Result tables -> publication-grade tables: masked, labelled, formatted in the report's language.

Each published table has a :class:`TableSpec`: its columns (which result column, what header, what kind
of value) and its masking roles (counts of persons, values derived from them, the row's group size).
:func:`publish` applies the spec and gives two renderings of the same masked table: ``display`` for
the report (``1 360 000``, ``48,1 %``) and ``csv`` for Excel (plain numbers with decimal comma,
percent in columns marked ``(%)``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .formatting import (fmt_interval, fmt_kronor, fmt_masked, fmt_month, fmt_number,
                         fmt_percent, is_missing, percent)
from .labels import label
from .privacy import Cell, Equation, complementary_suppression, small_cell_mask

__all__ = ["Col", "TableSpec", "Published", "publish", "publish_all", "table_equations", "TABLES",
           "band_label", "MASKED_DERIVED", "MASKED_SECONDARY"]

#: what a value derived from a masked count shows
MASKED_DERIVED = "–"
#: what a number hidden for another's sake shows (secondary suppression, or occasions of few persons)
MASKED_SECONDARY = "X"


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
    persons = {n: _person_cells(t, specs[n], min_count) for n, t in tables.items()}
    hidden = {n: small_cell_mask(t, min_count=min_count, counts=specs[n].counts, group=specs[n].group)
              for n, t in tables.items()}
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
        secondary = complementary_suppression(values, masked, equations, identities)
    return {name: _render(name, table, specs[name], persons[name], hidden[name],
                          {(r, c) for n, r, c in secondary if n == name}, min_count, language, labels or {})
            for name, table in tables.items()}


def _person_cells(table: pd.DataFrame, spec: TableSpec, min_count: int) -> pd.DataFrame:
    """The counts of persons below the threshold: the cells shown as ``<k``."""
    columns = [*spec.counts, *([spec.group] if spec.group else [])]
    return small_cell_mask(table, min_count=min_count, counts=columns)


def _derive(mask: pd.DataFrame, spec: TableSpec) -> pd.DataFrame:
    mask = mask.copy()
    for column, sources in spec.derived.items():
        hit = mask[list(sources)].to_numpy().any(axis=1)
        mask[column] = mask[column].to_numpy() | hit
    return mask


_DASHED = ("share", "interval", "range", "mean", "p", "goal", "bool")


def _render(name: str, result: pd.DataFrame, spec: TableSpec, persons: pd.DataFrame,
            hidden: pd.DataFrame, secondary: set[tuple[int, str]], min_count: int, language: str,
            labels: Mapping[str, str]) -> Published:
    first = _derive(hidden, spec)
    extra = hidden.copy()
    for row, column in secondary:
        extra.at[row, column] = True
    mask = _derive(extra, spec)
    shown = [c for c in dict.fromkeys([c.key for c in spec.columns] + [c.other for c in spec.columns
                                                                        if c.other]) if c in mask]
    masked_cells = int(first[shown].to_numpy().sum())
    secondary_cells = int((mask[shown] & ~first[shown]).to_numpy().sum())
    values = result.copy()
    for column in mask.columns:
        if mask[column].any():
            values[column] = values[column].astype("float64").where(~mask[column])
    kinds = {c.key: c.kind for c in spec.columns} | {c.other: c.kind for c in spec.columns if c.other}
    marks = pd.DataFrame("", index=result.index, columns=result.columns, dtype=object)
    for column in mask.columns:
        for i in np.flatnonzero(mask[column].to_numpy()):
            marks.iat[i, marks.columns.get_loc(column)] = (
                MASKED_DERIVED if kinds.get(column) in _DASHED else
                fmt_masked(min_count, language) if persons.iat[i, persons.columns.get_loc(column)] else
                MASKED_SECONDARY)
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
                    cells.append(marks.at[i, col.key])
                else:
                    text = _cell(col.kind, row[col.key], row, col, language, csv, labels)
                    # Excel reads U+2212 as text: a minus it can compute with, in the CSV
                    cells.append(text.replace("\u2212", "-") if csv else text)
            if col.kind == "interval" and csv:
                frame[f"{header}, {'nedre' if language != 'en' else 'low'} (%)"] = cells
                frame[f"{header}, {'övre' if language != 'en' else 'high'} (%)"] = [
                    MASKED_DERIVED if mask.at[i, col.key] else
                    ("" if is_missing(row[col.other]) else fmt_number(percent(row[col.other]), 1, language))
                    for i, row in result.iterrows()]
            else:
                frame[header] = cells
        renderings[csv] = pd.DataFrame(frame, dtype=object)
    return Published(name, values, mask, renderings[False], renderings[True], masked_cells,
                     secondary_cells, marks)


_SHARE = Col("andel", "c_andel", "share")
_COUNT = Col("antal", "c_antal", "count")


def _split(header: str, kind: str = "code") -> TableSpec:
    return TableSpec((Col("grupp", header, kind), _COUNT, _SHARE), counts=("antal",),
                     derived={"andel": ("antal",)})


def _rates(header: str, kind: str = "code") -> TableSpec:
    return TableSpec((Col("grupp", header, kind), Col("deltagare", "c_deltagare", "count"),
                          Col("planerade", "c_planerade", "number"),
                          Col("narvarande", "c_narvarande", "number"), Col("andel", "c_narvaro", "share"),
                          Col("ki_lag", "c_ki", "interval", "ki_hog")), group="deltagare",
                     counts=("deltagare",),
                     derived={c: ("planerade", "narvarande") for c in ("andel", "ki_lag", "ki_hog")})


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
                 "ki_hog": ("taljare", "namnare"), "uppnatt": ("taljare", "namnare")}),
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
                                        Col("andel", "c_narvaro", "share")), group="deltagare",
                                   counts=("deltagare",), derived={"andel": ("planerade", "narvarande")}),
    "franvaro_orsaker": TableSpec((Col("orsak", "c_orsak", "code"),
                                       Col("tillfallen", "c_tillfallen", "number"),
                                       Col("deltagare", "c_deltagare", "count"), _SHARE),
                                  group="deltagare", counts=("deltagare",), derived={"andel": ("tillfallen",)}),
    "franvaro_koncentration": TableSpec((Col("deltagare", "c_deltagare", "count"),
                                             Col("deltagare_topp", "c_topp", "count"),
                                             Col("franvaro", "c_franvaro", "number"),
                                             Col("franvaro_topp", "c_franvaro_topp", "number"),
                                             Col("andel", "c_andel_franvaro", "share")),
                                        counts=("deltagare", "deltagare_topp"),
                                        derived={"andel": ("franvaro", "franvaro_topp"),
                                                 "deltagare_topp": ("deltagare",)}),
    "progression": TableSpec(
        (Col("indikator", "c_indikator", "text"), Col("deltagare", "c_deltagare", "count"),
             Col("forbattrad", "forbattrad", "count"), Col("oforandrad", "oforandrad", "count"),
             Col("forsamrad", "forsamrad", "count"), Col("forsta_medel", "c_forsta_medel", "mean"),
             Col("senaste_medel", "c_senaste_medel", "mean"),
             Col("medelforandring", "c_medelforandring", "mean"), Col("p_justerat", "c_p", "p")),
        counts=("forbattrad", "oforandrad", "forsamrad"), group="deltagare",
        derived={c: ("forbattrad", "oforandrad", "forsamrad", "deltagare")
                 for c in ("forsta_medel", "senaste_medel", "medelforandring", "p_justerat")}),
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
                                                "kronor")),
                                        counts=("deltagare",), derived={"kostnad_per_deltagare": ("deltagare",)}),
    "datakvalitet": TableSpec((Col("fil", "c_fil", "text"), Col("orsak", "c_orsak", "text"),
                                   Col("rader", "c_rader", "count"))),
    "saknade_uppgifter": TableSpec((Col("kolumn", "c_kolumn", "text"),
                                        Col("saknas", "c_saknas", "count"),
                                        Col("rader", "c_av", "count"))),
}


# ------------------------------------------------------------------------- sums between published cells

def _rows(table: pd.DataFrame, column: str, value: object) -> list[int]:
    return [int(i) for i in np.flatnonzero((table[column] == value).to_numpy())]


def table_equations(tables: Mapping[str, pd.DataFrame], *,
                    outcome_goals: Mapping[str, Sequence[str]] | None = None,
                    specs: Mapping[str, TableSpec] | None = None
                    ) -> tuple[list[Equation], list[list[Cell]]]:
    """Every sum that ties published cells together, within a table and across the report's tables.

    Returns ``(equations, identities)`` for :func:`~evaltools.privacy.complementary_suppression`:
    equations are ``total = sum(members)``; identities are the same number published in several
    places. Tables that are not in ``tables`` are left out of every equation; a total that is not
    published counts as known (a share column gives it away). ``outcome_goals`` maps the name of each
    goal of ``typ: utfall`` to its outcome codes.

    Notes
    -----
    Each sum follows from how the result tables are computed (checked in ``tests/test_publish.py``
    on the example insats): the splits of the participants add up to the flow's ``totalt``; the
    outcome codes to ``avslutade_totalt`` and, within a SUS group, to the group's count; attendance by
    group and by month to the overall attendance; absence by reason to all absence; a progression
    row's improved, unchanged and worse to its participants; a kartläggning question's answers to
    those who answered it.
    """
    eqs: list[Equation] = []
    ids: list[list[Cell]] = []
    outcome_goals = outcome_goals or {}
    specs = TABLES if specs is None else specs

    def col(name: str, column: str, rows: list[int] | None = None) -> tuple[Cell, ...]:
        table = tables[name]
        return tuple((name, i, column) for i in (range(len(table)) if rows is None else rows))

    def cell(name: str, column: str, key: str | None = None, value: object = None) -> Cell | None:
        if name not in tables or column not in tables[name]:
            return None
        rows = list(range(len(tables[name]))) if key is None else _rows(tables[name], key, value)
        return (name, rows[0], column) if rows else None

    def flow(population: str) -> Cell | None:
        return cell("deltagarflode", "antal", "population", population)

    if "deltagarflode" in tables:
        parts = {p: flow(p) for p in ("totalt", "aktiva_under_perioden", "avslutade_totalt",
                                      "avslutade_under_perioden", "pagaende_vid_periodens_slut")}
        if all(parts.values()):
            eqs.append(Equation((parts["avslutade_totalt"], parts["pagaende_vid_periodens_slut"]),
                                parts["totalt"]))
            eqs.append(Equation((parts["avslutade_under_perioden"], parts["pagaende_vid_periodens_slut"]),
                                parts["aktiva_under_perioden"]))
    for split in ("deltagare_per_kon", "deltagare_per_aldersgrupp", "deltagare_per_kommun",
                  "deltagare_per_anvisare"):
        if split in tables:
            eqs.append(Equation(col(split, "antal"), flow("totalt")))
    if "utfall" in tables:
        eqs.append(Equation(col("utfall", "antal"), flow("avslutade_totalt")))
        for group in pd.unique(tables["utfall"]["sus_grupp"]):
            eqs.append(Equation(col("utfall", "antal", _rows(tables["utfall"], "sus_grupp", group)),
                                cell("utfall_sus", "antal", "sus_grupp", group)))
    if "utfall_sus" in tables:
        eqs.append(Equation(col("utfall_sus", "antal"), flow("avslutade_totalt")))
    if "forsorjning" in tables and len(tables["forsorjning"]):
        for side in ("fore", "efter"):
            eqs.append(Equation(col("forsorjning", side), cell("forsorjning", "namnare")))
        ids.append(list(col("forsorjning", "namnare")))
    if "maluppfyllelse" in tables:
        goals = tables["maluppfyllelse"]
        for i, goal in goals.iterrows():
            if goal["typ"] in ("utfall", "andel"):
                ids.append([("maluppfyllelse", int(i), "namnare"),
                            flow("totalt" if goal["population"] == "alla" else "avslutade_totalt")])
            if goal["typ"] == "utfall" and "utfall" in tables and goal["namn"] in outcome_goals:
                rows = [r for r in range(len(tables["utfall"]))
                        if tables["utfall"].at[r, "utfall"] in outcome_goals[goal["namn"]]]
                eqs.append(Equation(col("utfall", "antal", rows), ("maluppfyllelse", int(i), "taljare")))
            if goal["typ"] == "narvaro":
                ids.append([("maluppfyllelse", int(i), "taljare"),
                            cell("narvaro", "narvarande", "grupp", "hela_tiden")])
                ids.append([("maluppfyllelse", int(i), "namnare"),
                            cell("narvaro", "planerade", "grupp", "hela_tiden")])
    overall = {c: cell("narvaro", c, "grupp", "hela_tiden") for c in ("deltagare", "planerade", "narvarande")}
    for split in ("narvaro_per_aldersgrupp", "narvaro_per_kon", "narvaro_per_kommun"):
        if split in tables:
            for column in ("deltagare", "planerade", "narvarande"):
                eqs.append(Equation(col(split, column), overall[column]))
    if "narvaro_per_manad" in tables:
        for column in ("planerade", "narvarande"):
            eqs.append(Equation(col("narvaro_per_manad", column), overall[column]))
    if "narvaro_fordelning" in tables:
        eqs.append(Equation(col("narvaro_fordelning", "deltagare"), overall["deltagare"]))
    absence = cell("franvaro_koncentration", "franvaro")
    if absence is not None:
        ids.append([cell("franvaro_koncentration", "deltagare"), overall["deltagare"]])
        eqs.append(Equation((absence, overall["narvarande"]), overall["planerade"]))
    if "franvaro_orsaker" in tables:
        eqs.append(Equation(col("franvaro_orsaker", "tillfallen"), absence))
    if "progression" in tables:
        for i in range(len(tables["progression"])):
            eqs.append(Equation(tuple(("progression", i, c) for c in ("forbattrad", "oforandrad", "forsamrad")),
                                ("progression", i, "deltagare")))
    if "kartlaggning" in tables:
        answers = tables["kartlaggning"]
        for question in pd.unique(answers["fraga"]):
            rows = _rows(answers, "fraga", question)
            eqs.append(Equation(col("kartlaggning", "antal", rows), ("kartlaggning", rows[0], "besvarade")))
            eqs.append(Equation((("kartlaggning", rows[0], "besvarade"), ("kartlaggning", rows[0], "ej_besvarade")),
                                flow("totalt")))
            ids.append(list(col("kartlaggning", "besvarade", rows)))
            ids.append(list(col("kartlaggning", "ej_besvarade", rows)))
    if "kostnad_per_deltagare" in tables:
        ids.append([cell("kostnad_per_deltagare", "deltagare"), flow("totalt")])
    for name in ("narvaro", "narvaro_per_aldersgrupp", "narvaro_per_kon", "narvaro_per_kommun",
                 "narvaro_per_manad"):
        if name in tables:  # attended and planned side by side: absence is their difference
            for i in range(len(tables[name])):
                eqs.append(Equation(((name, i, "planerade"), (name, i, "narvarande")), exact=False))
    # The rule every reader can check: a column of counts never holds a single masked cell, even
    # where its total is not published (a count of persons per absence reason, per month)
    for name, table in tables.items():
        spec = specs.get(name)
        if spec is None or len(table) < 2:
            continue
        for column in dict.fromkeys([*spec.counts, *([spec.group] if spec.group else [])]):
            if column in table and column != "namnare":
                eqs.append(Equation(col(name, column), exact=False))
    return ([Equation(tuple(m for m in e.members if m is not None), e.total, e.exact) for e in eqs],
            [[c for c in i if c is not None] for i in ids])
