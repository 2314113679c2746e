"""The förbundsöversikt: a samordningsförbund's insatser side by side, with totals.

:class:`Overview` is what ``notebooks/forbundsoversikt.ipynb`` talks to, as
:class:`~evaltools.report.Report` is for one insats. Nothing is computed again here: each insats's
result tables come from its own report (``Report(insats, None, show=False).results``), and each
cell taken from an insats is masked exactly where that insats's own published report masks it
(``.published``), so the overview never shows what the insats's report hides. The totals
(*Alla insatser*) reuse the evaluation functions on the insatser's tables together
(:func:`~evaltools.outcomes.sus_group_counts`, :func:`~evaltools.attendance.attendance_rate`,
:func:`~evaltools.economy.economy_summary`, :func:`~evaltools.economy.cost_per_participant`).

Masking follows the reports' rules: a total of small counts is a count, masked below the threshold
(the strictest ``sekretess.min_antal`` of the insatser) by :func:`~evaltools.publish.publish_all`;
then, since a total is the sum of the insatser's cells, no masked cell may be recomputed from the
total and the other insatser: :func:`~evaltools.privacy.complementary_suppression` masks more cells
until none can (the sums: each column's total over the insatser, an insats's SUS groups adding up to
its ended participants, the flow's ``totalt = avslutade_totalt + pågående``, and the same number in
two tables).

The tables (one row per insats, then *Alla insatser*): ``oversikt_deltagare`` (the participant flow),
``oversikt_utfall`` (outcomes by SUS group, long form), ``oversikt_mal`` (every goal of every
insats; no total, goals differ), ``oversikt_narvaro`` (attendance since the start) and
``oversikt_ekonomi`` (granted, spent, cost per participant).

``nyckeltal.json`` of the overview is a list of the insatser's key figures
(:func:`~evaltools.keyfigures.key_figures`, as each report writes them) and the exact, unmasked
totals.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .document import FigureBlock, Heading, Paragraph, TableBlock, period_text
from .insats import Insats
from .labels import label
from .privacy import Cell, Equation, complementary_suppression
from .publish import MASKED_DERIVED, MASKED_SECONDARY, TABLES, Col, Published, TableSpec, publish_all

__all__ = ["Overview", "OVERVIEW_TABLES", "FLOW", "overview_labels"]

#: the overview's tables, in the order it shows them
OVERVIEW_TABLES = ("oversikt_deltagare", "oversikt_utfall", "oversikt_mal", "oversikt_narvaro",
                   "oversikt_ekonomi")
#: the flow's populations, as columns of ``oversikt_deltagare``
FLOW = ("totalt", "aktiva_under_perioden", "nya_under_perioden", "avslutade_under_perioden",
        "avslutade_totalt", "pagaende_vid_periodens_slut")
ALL = "alla_insatser"
_SECTIONS = {"deltagare": ("oversikt_deltagare",), "utfall": ("oversikt_utfall",),
             "mal": ("oversikt_mal",), "narvaro": ("oversikt_narvaro",), "ekonomi": ("oversikt_ekonomi",)}

# The overview's own words, Swedish and English (to move into labels.py).
_LABELS: dict[str, tuple[str, str]] = {
    "h_oversikt": ("Förbundsöversikt", "Overview of the interventions"),
    "h_oversikt_deltagare": ("Deltagare", "Participants"),
    "h_oversikt_utfall": ("Utfall", "Outcomes"),
    "h_oversikt_mal": ("Måluppfyllelse", "Goal attainment"),
    "h_oversikt_narvaro": ("Närvaro", "Attendance"),
    "h_oversikt_ekonomi": ("Ekonomi", "Budget"),
    "h_oversikt_metod": ("Metod och sekretess", "Method and confidentiality"),
    "t_oversikt_deltagare": ("Deltagare per insats", "Participants by intervention"),
    "t_oversikt_utfall": ("Utfall per SUS-grupp och insats", "Outcomes by SUS group and intervention"),
    "t_oversikt_mal": ("Måluppfyllelse per insats", "Goal attainment by intervention"),
    "t_oversikt_narvaro": ("Närvaro per insats, sedan start t.o.m. periodens slut",
                           "Attendance by intervention, from the start to the end of the period"),
    "t_oversikt_ekonomi": ("Beviljat, kostnad och kostnad per deltagare",
                           "Granted funds, costs and cost per participant"),
    "f_oversikt_deltagare": ("Deltagare sedan start per insats", "Participants since the start, by intervention"),
    "f_oversikt_flode": ("Nya och avslutade under perioden", "New and ended during the period"),
    "f_oversikt_utfall": ("Utfall per SUS-grupp, andel av de avslutade", "Outcomes by SUS group, share of those ended"),
    "f_oversikt_narvaro": ("Närvaro per insats", "Attendance by intervention"),
    "f_oversikt_kostnad": ("Kostnad per deltagare", "Cost per participant"),
    "c_insats": ("Insats", "Intervention"),
    "c_rapportperiod": ("Rapportperiod", "Report period"),
    ALL: ("Alla insatser", "All interventions"),
    "w_oversikt": ("Översikt över {n} insatser", "Overview of {n} interventions"),
    "w_insatser": ("Insatser", "Interventions"),
    "w_perioder": ("Rapportperioder", "Report periods"),
    "w_dold_andel": ("Dold: få personer", "Hidden: few persons"),
    "w_kronor_axel": ("Kronor per deltagare", "SEK per participant"),
    "n_oversikt_kalla": (
        "Varje insats räknas som i sin egen rapport, med sin egen rapportperiod; raden Alla insatser är "
        "summan av insatserna.",
        "Each intervention is counted as in its own report, over its own report period; the row All "
        "interventions is their sum."),
    "n_oversikt_maskering": (
        "Antal under {k} visas inte ({k} är det strängaste värdet av insatsernas sekretess.min_antal). Ett tal som "
        "en insats egen rapport döljer döljs även här, och fler tal döljs där ett dolt tal annars kunde räknas "
        "fram ur summan för alla insatser. {cells} celler är dolda för att de bygger på få personer och {secondary} "
        "för att skydda dem.",
        "Counts below {k} are not shown ({k} is the strictest sekretess.min_antal of the interventions). A "
        "number an intervention's own report hides is hidden here too, and more numbers are hidden where a "
        "hidden one could otherwise be recomputed from the total of all interventions. {cells} cells are "
        "hidden because they concern few persons and {secondary} to protect them."),
    "n_oversikt_perioder": (
        "Insatserna har olika rapportperioder: {perioder}.",
        "The interventions have different report periods: {perioder}."),
    "n_oversikt_utan": ("Utan data för {what}: {names}.", "Without data for {what}: {names}."),
    "n_oversikt_narvaro_ki": (
        "Intervallet för alla insatser tillsammans bygger på deltagare i alla insatser (samma rapportperiod).",
        "The interval for all interventions together is clustered in the participants of all interventions "
        "(same report period)."),
    "n_oversikt_mal": ("Målen skiljer sig mellan insatserna; därför finns ingen summa.",
                       "The goals differ between interventions, so there is no total."),
    "n_oversikt_version": ("Gjord med evaltools {version}.", "Made with evaltools {version}."),
}


def overview_labels(key: str, language: str = "sv") -> str:
    """The overview's words: its own, then those of :func:`~evaltools.labels.label`."""
    entry = _LABELS.get(key)
    if entry is None:
        return label(key, language)
    return entry[1] if language == "en" else entry[0]


# ------------------------------------------------------------------------------------ the tables

def _specs(language: str) -> dict[str, TableSpec]:
    """How each overview table is published. Headers are given as words (label() passes unknown
    keys through); the insatser's own columns keep the report's specs."""
    def t(key: str) -> str:
        return overview_labels(key, language)

    insats = Col("insats", t("c_insats"), "text")
    flow = tuple(Col(p, label(p, language), "count") for p in FLOW)
    sus, rates, cost = TABLES["utfall_sus"], TABLES["narvaro"], TABLES["kostnad_per_deltagare"]
    goals = TABLES["maluppfyllelse"]
    money = TABLES["ekonomi_per_period"]
    return {
        "oversikt_deltagare": TableSpec((insats, Col("rapportperiod", t("c_rapportperiod"), "text"), *flow),
                                        counts=FLOW),
        "oversikt_utfall": dataclasses.replace(sus, columns=(insats, *sus.columns)),
        "oversikt_mal": dataclasses.replace(goals, columns=(insats, *goals.columns)),
        "oversikt_narvaro": dataclasses.replace(rates, columns=(insats, *rates.columns[1:])),
        "oversikt_ekonomi": TableSpec(
            (insats, *(c for c in money.columns if c.key in ("beviljat", "utfall", "forbrukningsgrad")),
             *cost.columns[1:]),
            counts=cost.counts, derived=dict(cost.derived)),
    }


@dataclasses.dataclass
class _Table:
    """An overview table being built: rows of numbers, and for each row the cells taken from an
    insats's published table (``{column: (published, row, column)}``)."""

    name: str
    rows: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    sources: list[dict[str, tuple[Published, int, str]]] = dataclasses.field(default_factory=list)

    def add(self, row: dict[str, Any], source: dict[str, tuple[Published, int, str]] | None = None) -> int:
        self.rows.append(row)
        self.sources.append(source or {})
        return len(self.rows) - 1

    def frame(self, columns: Sequence[str]) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=list(columns))


def _names(reports: Sequence[Any]) -> list[str]:
    """The insatser's names, made unique with their folder's name where two are the same."""
    names = [r.config.insats for r in reports]
    return [f"{n} ({r.config.folder.name})" if names.count(n) > 1 else n for n, r in zip(names, reports)]


def _where(table: pd.DataFrame, column: str, value: Any) -> int:
    return int(np.flatnonzero((table[column] == value).to_numpy())[0])


class _Sums:
    """The equations and identities that tie the overview's cells together."""

    def __init__(self) -> None:
        self.equations: list[Equation] = []
        self.identities: list[list[Cell]] = []

    def total(self, table: str, members: Sequence[int], total: int, columns: Sequence[str]) -> None:
        for column in columns:
            self.equations.append(Equation(tuple((table, r, column) for r in members), (table, total, column)))

    def same(self, *cells: Cell) -> None:
        self.identities.append(list(cells))


def _build(reports: Sequence[Any], names: Sequence[str]) -> tuple[dict[str, pd.DataFrame],
                                                                  dict[str, list[dict[str, tuple]]], _Sums]:
    """The overview's result tables (unmasked), the cells each takes from an insats's report, and
    the sums between its cells."""
    from .economy import cost_per_participant, economy_summary
    from .outcomes import sus_group_counts

    sums = _Sums()
    first = reports[0].config.statistics
    method, level = first.intervall, first.konfidensniva
    tables: dict[str, _Table] = {name: _Table(name) for name in OVERVIEW_TABLES}

    # participants: the flow of each insats, then their sum
    flow_t = tables["oversikt_deltagare"]
    for report, name in zip(reports, names):
        flow, published = report.results["deltagarflode"], report.published["deltagarflode"]
        rows = {p: _where(flow, "population", p) for p in FLOW}
        flow_t.add({"insats": name, "rapportperiod": report.config.period.label,
                    **{p: int(flow.at[rows[p], "antal"]) for p in FLOW}},
                   {p: (published, rows[p], "antal") for p in FLOW})
    members = list(range(len(reports)))
    periods = sorted({r.config.period.label for r in reports})
    total_flow = flow_t.add({"insats": ALL, "rapportperiod": periods[0] if len(periods) == 1 else "–",
                             **{p: int(sum(row[p] for row in flow_t.rows)) for p in FLOW}})
    sums.total(flow_t.name, members, total_flow, FLOW)
    for row in [*members, total_flow]:
        sums.equations.append(Equation(((flow_t.name, row, "avslutade_totalt"),
                                        (flow_t.name, row, "pagaende_vid_periodens_slut")),
                                       (flow_t.name, row, "totalt")))
        sums.equations.append(Equation(((flow_t.name, row, "avslutade_under_perioden"),
                                        (flow_t.name, row, "pagaende_vid_periodens_slut")),
                                       (flow_t.name, row, "aktiva_under_perioden")))

    # outcomes by SUS group: each insats's table, then the groups of all the insatser's outcomes
    sus_t = tables["oversikt_utfall"]
    by_group: dict[str, list[int]] = {}
    for i, (report, name) in enumerate(zip(reports, names)):
        sus, published = report.results["utfall_sus"], report.published.get("utfall_sus")
        rows = []
        for k in range(len(sus)):
            row = {"insats": name, **{c: sus.at[k, c] for c in sus.columns}}
            source = ({c: (published, k, c) for c in sus.columns if c in published.mask.columns}
                      if published is not None else {})
            rows.append(sus_t.add(row, source))
            by_group.setdefault(str(sus.at[k, "sus_grupp"]), []).append(rows[-1])
        sums.equations.append(Equation(tuple((sus_t.name, r, "antal") for r in rows),
                                       (flow_t.name, i, "avslutade_totalt")))
    outcomes = pd.concat([r.results["utfall"] for r in reports], ignore_index=True)
    pooled = outcomes.groupby(["utfall", "sus_grupp"], sort=False, as_index=False)["antal"].sum()
    total_rows = []
    for k, row in sus_group_counts(pooled, method=method, level=level).iterrows():
        total_rows.append(sus_t.add({"insats": ALL, **row.to_dict()}))
        sums.total(sus_t.name, by_group.get(str(row["sus_grupp"]), []), total_rows[-1], ("antal",))
    sums.equations.append(Equation(tuple((sus_t.name, r, "antal") for r in total_rows),
                                   (flow_t.name, total_flow, "avslutade_totalt")))

    # goals: every goal of every insats, as its report shows it
    goal_t = tables["oversikt_mal"]
    goal_rows: dict[int, dict[str, int]] = {}
    for i, (report, name) in enumerate(zip(reports, names)):
        goals, published = report.results.get("maluppfyllelse"), report.published.get("maluppfyllelse")
        if goals is None or published is None:
            continue
        for k in range(len(goals)):
            row = goal_t.add({"insats": name, **{c: goals.at[k, c] for c in goals.columns}},
                             {c: (published, k, c) for c in goals.columns if c in published.mask.columns})
            goal_rows.setdefault(i, {})[str(goals.at[k, "namn"])] = row
            kind, population = goals.at[k, "typ"], goals.at[k, "population"]
            if kind in ("utfall", "andel"):
                sums.same((goal_t.name, row, "namnare"),
                          (flow_t.name, i, "totalt" if population == "alla" else "avslutade_totalt"))

    # attendance since the start, per insats and for all of them
    rate_t = tables["oversikt_narvaro"]
    with_attendance = [i for i, r in enumerate(reports) if r.insats.narvaro is not None]
    rate_rows = []
    for i in with_attendance:
        report = reports[i]
        rates, published = report.results["narvaro"], report.published["narvaro"]
        k = _where(rates, "grupp", "hela_tiden")
        rate_rows.append(rate_t.add({"insats": names[i], **{c: rates.at[k, c] for c in rates.columns}},
                                    {c: (published, k, c) for c in rates.columns if c in published.mask.columns}))
        goal = next((g.namn for g in report.config.goals if g.typ == "narvaro"), None)
        if goal is not None and goal in goal_rows.get(i, {}):
            sums.same((goal_t.name, goal_rows[i][goal], "taljare"), (rate_t.name, rate_rows[-1], "narvarande"))
            sums.same((goal_t.name, goal_rows[i][goal], "namnare"), (rate_t.name, rate_rows[-1], "planerade"))
    if with_attendance:
        total = _pooled_attendance([reports[i] for i in with_attendance], level)
        total_rate = rate_t.add({"insats": ALL, **total})
        sums.total(rate_t.name, rate_rows, total_rate, ("deltagare", "planerade", "narvarande"))

    # money: granted, spent and cost per participant, per insats and for all of them
    money_t = tables["oversikt_ekonomi"]
    with_money = [i for i, r in enumerate(reports) if r.insats.ekonomi is not None]
    money_rows = []
    for i in with_money:
        report = reports[i]
        cost, published = report.results["kostnad_per_deltagare"], report.published["kostnad_per_deltagare"]
        summary = economy_summary(report.insats.ekonomi).iloc[0]
        money_rows.append(money_t.add(
            {"insats": names[i], "beviljat": summary["beviljat"], "forbrukningsgrad": summary["forbrukningsgrad"],
             **{c: cost.at[0, c] for c in cost.columns}},
            {c: (published, 0, c) for c in cost.columns if c in published.mask.columns}))
        sums.same((money_t.name, money_rows[-1], "deltagare"), (flow_t.name, i, "totalt"))
    if with_money:
        pooled_money = pd.concat([reports[i].insats.ekonomi for i in with_money], ignore_index=True)
        summary = economy_summary(pooled_money).iloc[0]
        participants = sum(flow_t.rows[i]["totalt"] for i in with_money)
        cost = cost_per_participant(pooled_money, participants).iloc[0]
        total_money = money_t.add({"insats": ALL, "beviljat": summary["beviljat"],
                                   "forbrukningsgrad": summary["forbrukningsgrad"], **cost.to_dict()})
        sums.total(money_t.name, money_rows, total_money, ("deltagare",))

    columns = {
        "oversikt_deltagare": ["insats", "rapportperiod", *FLOW],
        "oversikt_utfall": ["insats", *reports[0].results["utfall_sus"].columns],
        "oversikt_mal": ["insats", *_goal_columns(reports)],
        "oversikt_narvaro": ["insats", *reports[with_attendance[0]].results["narvaro"].columns]
        if with_attendance else ["insats"],
        "oversikt_ekonomi": ["insats", "beviljat", "utfall", "forbrukningsgrad", "deltagare",
                             "kostnad_per_deltagare"],
    }
    frames = {name: t.frame(columns[name]) for name, t in tables.items() if t.rows}
    sources = {name: t.sources for name, t in tables.items() if t.rows}
    return frames, sources, sums


def _goal_columns(reports: Sequence[Any]) -> list[str]:
    for report in reports:
        goals = report.results.get("maluppfyllelse")
        if goals is not None:
            return list(goals.columns)
    return []


def _pooled_attendance(reports: Sequence[Any], level: float) -> dict[str, Any]:
    """Attendance of all the insatser together: by :func:`~evaltools.attendance.attendance_rate`
    over every insats's rows (participants kept apart by insats) when they share a report period;
    otherwise the sums, without an interval."""
    from .attendance import attendance_rate

    periods = {r.config.period for r in reports}
    if len(periods) == 1:
        frames = [r.insats.narvaro.assign(deltagar_id=f"{i}:" + r.insats.narvaro["deltagar_id"].astype(str))
                  for i, r in enumerate(reports)]
        rate = attendance_rate(pd.concat(frames, ignore_index=True), periods.pop(), level=level).iloc[0]
        return {**rate.to_dict(), "grupp": "hela_tiden"}
    rows = [r.results["narvaro"].set_index("grupp").loc["hela_tiden"] for r in reports]
    planned = float(sum(row["planerade"] for row in rows))
    attended = float(sum(row["narvarande"] for row in rows))
    return {"grupp": "hela_tiden", "deltagare": int(sum(row["deltagare"] for row in rows)),
            "planerade": planned, "narvarande": attended,
            "andel": attended / planned if planned else np.nan, "ki_lag": np.nan, "ki_hog": np.nan}


# ------------------------------------------------------------------------------------ masking

def _publish(frames: dict[str, pd.DataFrame], sources: dict[str, list[dict[str, tuple]]], sums: _Sums,
             *, min_count: int, language: str) -> dict[str, Published]:
    """Mask the overview's tables together (see the module docstring) and format them."""
    specs = _specs(language)
    specs = {name: _fitted(specs[name], frame) for name, frame in frames.items()}
    # 1. the reports' rules on the overview's own cells (totals included): small counts, what is
    #    computed from them, a row about few persons
    first = publish_all(frames, min_count=min_count, language=language, specs=specs)
    # 2. every cell an insats's report hides stays hidden, with the mark that report gives it
    hidden: dict[str, pd.DataFrame] = {}
    marks: dict[str, pd.DataFrame] = {}
    for name, frame in frames.items():
        mask = first[name].mask.reindex(index=frame.index, columns=frame.columns, fill_value=False)
        mark = first[name].marks.reindex(index=frame.index, columns=frame.columns, fill_value="") \
            if first[name].marks is not None else pd.DataFrame("", index=frame.index, columns=frame.columns)
        mark = mark.where(mask, "").astype(object)
        for row, source in enumerate(sources[name]):
            for column, (published, src_row, src_column) in source.items():
                if bool(published.mask.at[src_row, src_column]):
                    mask.at[row, column] = True
                    given = published.marks.at[src_row, src_column] if published.marks is not None else ""
                    mark.at[row, column] = given or MASKED_SECONDARY
        hidden[name], marks[name] = mask, mark
    # 3. no hidden cell may be recomputed from a total and the other insatser
    values: dict[Cell, float] = {}
    for equation in sums.equations:
        for cell in equation.cells:
            values[cell] = _value(frames, cell)
    for identity in sums.identities:
        for cell in identity:
            values[cell] = _value(frames, cell)
    values = {c: v for c, v in values.items() if c[0] in frames}
    masked = [(n, int(r), c) for n, m in hidden.items() for c in m.columns for r in np.flatnonzero(m[c].to_numpy())]
    secondary = complementary_suppression(values, masked, sums.equations, sums.identities) if min_count > 0 else set()
    out = {}
    for name, frame in frames.items():
        spec, mask, mark = specs[name], hidden[name].copy(), marks[name]
        primary = mask.copy()
        for table, row, column in secondary:
            if table == name and column in mask.columns:
                mask.at[row, column] = True
                mark.at[row, column] = MASKED_SECONDARY
        for column, parts in spec.derived.items():  # a share of a hidden count is hidden
            if column in mask.columns:
                hit = mask[[p for p in parts if p in mask.columns]].to_numpy().any(axis=1) & ~mask[column].to_numpy()
                mask.loc[hit, column] = True
                mark.loc[hit, column] = MASKED_DERIVED
        out[name] = _render(name, frame, spec, mask, mark, primary, language)
    return out


def _fitted(spec: TableSpec, frame: pd.DataFrame) -> TableSpec:
    """The spec without columns the frame does not have."""
    columns = tuple(c for c in spec.columns if c.key in frame.columns and (c.other is None or c.other in frame.columns))
    return dataclasses.replace(spec, columns=columns)


def _value(frames: dict[str, pd.DataFrame], cell: Cell) -> float:
    table, row, column = cell
    frame = frames.get(table)
    if frame is None or column not in frame.columns or row >= len(frame):
        return float("nan")
    value = pd.to_numeric(pd.Series([frame.at[row, column]]), errors="coerce").iloc[0]
    return float(value)


def _render(name: str, frame: pd.DataFrame, spec: TableSpec, mask: pd.DataFrame, marks: pd.DataFrame,
            primary: pd.DataFrame, language: str) -> Published:
    """Format the table with every hidden cell blank, then write each hidden cell's mark in."""
    blank = frame.copy()
    for column in mask.columns:
        if mask[column].any():
            blank[column] = blank[column].astype("float64").where(~mask[column]) \
                if pd.api.types.is_numeric_dtype(blank[column]) else blank[column].where(~mask[column])
    formatted = publish_all({name: blank}, min_count=0, language=language, specs={name: spec})[name]
    display, csv = formatted.display.copy(), formatted.csv.copy()
    position = 0
    for index, col in enumerate(spec.columns):
        wide = col.other is not None and col.kind.endswith("interval") and len(csv.columns) > len(spec.columns)
        for row in np.flatnonzero(mask[col.key].to_numpy()):
            display.iat[row, index] = marks.at[row, col.key]
            csv.iat[row, position] = marks.at[row, col.key]
            if wide:
                csv.iat[row, position + 1] = marks.at[row, col.key]
        position += 2 if wide else 1
    shown = [c.key for c in spec.columns] + [c.other for c in spec.columns if c.other]
    shown = [c for c in dict.fromkeys(shown) if c in mask.columns]
    return dataclasses.replace(formatted, values=blank, mask=mask, display=display, csv=csv, marks=marks,
                               masked_cells=int(primary[shown].to_numpy().sum()),
                               secondary_cells=int((mask[shown] & ~primary[shown]).to_numpy().sum()))


# ------------------------------------------------------------------------------------ the overview

class Overview:
    """The förbundsöversikt of ``insatser``: tables, figures, HTML and Word, ``nyckeltal.json``.

    ``output_dir`` None: nothing is written (interactive use). ``title`` defaults to the förbund's
    name when the insatser share one. ``language`` defaults to the first insats's ``sprak``.
    """

    def __init__(self, insatser: Sequence[Insats], output_dir: str | Path | None = None, *,
                 title: str | None = None, language: str | None = None, show: bool = True):
        from .errors import EvaltoolsError
        from .report import Report

        if not insatser:
            raise EvaltoolsError("förbundsöversikten behöver minst en insats")
        self.reports = [Report(insats, None, show=False) for insats in insatser]
        self.names = _names(self.reports)
        self.language = language or insatser[0].config.language
        self.min_count = max(i.config.min_count for i in insatser)
        forbund = {i.config.samordningsforbund for i in insatser if i.config.samordningsforbund}
        self.forbund = forbund.pop() if len(forbund) == 1 else None
        self.title = title or self.forbund or self.t("h_oversikt")
        self.output = Path(output_dir) if output_dir else None
        self.show = show
        self.blocks: list[Any] = []
        self._tables = 0
        self._figures = 0
        self._results: dict[str, pd.DataFrame] | None = None
        self._published: dict[str, Published] | None = None
        self._sources: dict[str, list[dict[str, tuple]]] = {}
        self._sums = _Sums()
        from . import plots

        self._files = plots.FigureFiles()
        if show:  # a notebook shows a cell's figures when the cell ends
            from .render_html import on_cell_end

            on_cell_end("register", self.settle_figures)

    @classmethod
    def load(cls, paths: Sequence[str | Path], output_dir: str | Path | None = None, **options: Any) -> Overview:
        """The overview of the insatser at ``paths``: insats.yaml files, folders holding one, förbund
        folders (every subfolder with an insats.yaml) or glob patterns."""
        from .batch import resolve_insatser
        from .insats import load_insats

        return cls([load_insats(p) for p in resolve_insatser([str(p) for p in paths])], output_dir, **options)

    def t(self, key: str) -> str:
        return overview_labels(key, self.language)

    # -- tables ----------------------------------------------------------------------------------
    @property
    def results(self) -> dict[str, pd.DataFrame]:
        """The overview's tables, unmasked (one row per insats, then *Alla insatser*)."""
        if self._results is None:
            self._results, self._sources, self._sums = _build(self.reports, self.names)
        return self._results

    @property
    def published(self) -> dict[str, Published]:
        """The overview's tables masked together and formatted."""
        if self._published is None:
            self._published = _publish(self.results, self._sources, self._sums, min_count=self.min_count,
                                       language=self.language)
            for p in self._published.values():  # the total row's name in the report's language
                for frame in (p.display, p.csv):
                    frame.iloc[:, 0] = frame.iloc[:, 0].replace(ALL, self.t(ALL))
        return self._published

    # -- blocks ----------------------------------------------------------------------------------
    def _display(self, block: Any) -> None:
        if self.show:
            from .render_html import block_html, show_in_notebook

            show_in_notebook(block_html(block))

    def add(self, block: Any) -> None:
        self.blocks.append(block)
        self._display(block)

    def note(self, text: str) -> None:
        self.add(Paragraph(text, "note"))

    def header(self) -> None:
        """The title block: the förbund, the insatser and their report periods."""
        from .render_html import title_html

        self._meta = self._meta_rows()
        if self.show:
            try:
                from IPython import get_ipython
                from IPython.display import HTML, display

                if get_ipython() is not None:
                    display(HTML(title_html(self.title, self.kind, self._meta)))
            except ImportError:
                pass

    @property
    def kind(self) -> str:
        return self.t("w_oversikt").format(n=len(self.reports))

    def _meta_rows(self) -> list[tuple[str, str]]:
        periods = sorted({(r.config.period.start, r.config.period.slut, period_text(r.config, language=self.language))
                          for r in self.reports})
        shown = "; ".join(f"{text} ({start} – {slut})" for start, slut, text in periods)
        from . import __version__

        meta = [(self.t("w_perioder"), shown), (self.t("w_insatser"), ", ".join(self.names))]
        if self.forbund:
            meta.insert(0, (label("r_forbund", self.language), self.forbund))
        meta.append((label("r_version", self.language), f"evaltools {__version__}"))
        return meta

    def section(self, key: str) -> None:
        """One section of the overview (``deltagare``, ``utfall``, ``mal``, ``narvaro``,
        ``ekonomi``): its heading, table and figures; left out when no insats has data for it."""
        names = [n for n in _SECTIONS[key] if n in self.published]
        if not names:
            return
        self.add(Heading(self.t("h_oversikt_" + key), 2, key))
        for name in names:
            self.table(name)
        getattr(self, f"_figures_{key}")()

    def table(self, name: str) -> Published:
        from .report import write_csv

        published = self.published[name]
        if self.output is not None:
            write_csv(published.csv, self.output / "tabeller" / f"{name}.csv")
        self._tables += 1
        numeric = tuple(c.kind not in ("text", "code", "band") for c in _fitted(_specs(self.language)[name],
                                                                               self.results[name]).columns)
        caption = f"{label('w_tabell', self.language)} {self._tables}. {self.t('t_' + name)}"
        notes = tuple(n for n in (self._notes(name), self._legend(published)) if n)
        self.add(TableBlock(name, self._tables, caption, None, published, notes, numeric))
        return published

    def _notes(self, name: str) -> str | None:
        missing = {"oversikt_narvaro": ("narvaro", "h_oversikt_narvaro"),
                   "oversikt_ekonomi": ("ekonomi", "h_oversikt_ekonomi")}.get(name)
        notes = []
        if name == "oversikt_mal":
            notes.append(self.t("n_oversikt_mal"))
        if name == "oversikt_narvaro" and len({r.config.period for r in self.reports
                                                if r.insats.narvaro is not None}) == 1:
            notes.append(self.t("n_oversikt_narvaro_ki"))
        if missing is not None:
            absent = [n for n, r in zip(self.names, self.reports) if getattr(r.insats, missing[0]) is None]
            if absent:
                notes.append(self.t("n_oversikt_utan").format(what=self.t(missing[1]).lower(),
                                                              names=", ".join(absent)))
        return " ".join(notes) or None

    def _legend(self, published: Published) -> str | None:
        found = set(published.marks.to_numpy().ravel()) if published.marks is not None else set()
        legend = []
        small = sorted(m for m in found if isinstance(m, str) and m.startswith("<"))
        for mark in small:
            k = mark[1:]
            legend.append(f"{mark}: " + label("w_maskerad", self.language).format(k=k))
        if MASKED_SECONDARY in found:
            legend.append(label("n_sekundar", self.language))
        if MASKED_DERIVED in found:
            legend.append(label("n_harledd", self.language))
        return "; ".join(legend) + "." if legend else None

    # -- figures ---------------------------------------------------------------------------------
    def _figure(self, name: str, ax: Any) -> None:
        """Record figure ``ax``; its files are drawn in the background as the report's are."""
        from .report import place_figure

        self._figures += 1
        title = ax.get_title(loc="left")
        caption = f"{label('w_figur', self.language)} {self._figures}. {title}"
        block = FigureBlock(name, self._figures, caption, None, b"", title, 0)
        place_figure(self.blocks, self._files, block, ax, self.output / "figurer" / name if self.output else None,
                     show=self.show)

    def settle_figures(self, *_: Any) -> None:
        """Wait for the figures being drawn and show them (see :meth:`Report.settle_figures`)."""
        from .report import unattended

        self._files.settle(wait=not unattended())

    def _rows(self, name: str) -> tuple[Published, np.ndarray]:
        """A published table and which of its rows are the insatser (not the total)."""
        published = self.published[name]
        return published, (published.values["insats"] != ALL).to_numpy()

    def _figures_deltagare(self) -> None:
        from . import plots

        p, keep = self._rows("oversikt_deltagare")
        values = p.values[keep].reset_index(drop=True)
        masked, marks = p.mask[keep].reset_index(drop=True), p.marks[keep].reset_index(drop=True)
        names = list(values["insats"])
        self._figure("oversikt_deltagare", plots.bar_chart(
            values, categories=names, title=self.t("f_oversikt_deltagare"), language=self.language,
            count="totalt", share=None, masked=masked, marks=marks, min_count=self.min_count))
        self._figure("oversikt_flode", plots.paired_bar_chart(
            values, categories=names, pair=("nya_under_perioden", "avslutade_under_perioden"),
            names=(label("nya_under_perioden", self.language), label("avslutade_under_perioden", self.language)),
            title=self.t("f_oversikt_flode"), language=self.language, masked=masked, marks=marks,
            min_count=self.min_count))

    def _figures_utfall(self) -> None:
        p = self.published["oversikt_utfall"]
        self._figure("oversikt_utfall", sus_share_chart(p, title=self.t("f_oversikt_utfall"),
                                                        language=self.language, min_count=self.min_count))

    def _figures_mal(self) -> None:
        from . import plots

        p = self.published["oversikt_mal"]
        share = (p.values["typ"].isin(["utfall", "andel", "narvaro"])).to_numpy()
        if not share.any():
            return
        values = p.values[share].reset_index(drop=True)
        names = [f"{i}: {n}" for i, n in zip(values["insats"], values["namn"])]
        self._figure("oversikt_mal", plots.goal_chart(
            values, names=names, title=self.t("t_oversikt_mal"), language=self.language,
            masked=p.mask[share].reset_index(drop=True), marks=p.marks[share].reset_index(drop=True),
            min_count=self.min_count))

    def _figures_narvaro(self) -> None:
        from . import plots

        p = self.published["oversikt_narvaro"]
        target = {g.malvarde for r in self.reports for g in r.config.goals if g.typ == "narvaro"}
        self._figure("oversikt_narvaro", plots.rate_chart(
            p.values, groups=[plots.wrap(self.t(ALL) if n == ALL else n, 11) for n in p.values["insats"]],
            title=self.t("f_oversikt_narvaro"), target=target.pop() if len(target) == 1 else None,
            language=self.language, masked=p.mask, marks=p.marks, min_count=self.min_count))

    def _figures_ekonomi(self) -> None:
        from . import plots

        p = self.published["oversikt_ekonomi"]
        values = p.values.assign(andel=np.nan)
        self._figure("oversikt_kostnad", plots.bar_chart(
            values, categories=[self.t(ALL) if n == ALL else n for n in values["insats"]],
            title=self.t("f_oversikt_kostnad"), language=self.language, count="kostnad_per_deltagare",
            share=None, masked=p.mask, marks=p.marks, min_count=self.min_count,
            xlabel=self.t("w_kronor_axel")))

    # -- the end ---------------------------------------------------------------------------------
    def methods(self) -> None:
        """How the overview counts and masks, in plain words."""
        self.add(Heading(self.t("h_oversikt_metod"), 2, "metod"))
        self.add(Paragraph(self.t("n_oversikt_kalla"), "text"))
        periods = sorted({r.config.period.label for r in self.reports})
        if len(periods) > 1:
            self.add(Paragraph(self.t("n_oversikt_perioder").format(perioder=", ".join(periods)), "text"))
        cells = sum(p.masked_cells for p in self.published.values())
        secondary = sum(p.secondary_cells for p in self.published.values())
        self.add(Paragraph(self.t("n_oversikt_maskering").format(k=self.min_count, cells=cells,
                                                                 secondary=secondary), "text"))
        from . import __version__

        self.note(self.t("n_oversikt_version").format(version=__version__))

    def key_figures(self) -> dict[str, Any]:
        """``nyckeltal.json`` of the overview: each insats's key figures (as its report computes them;
        its ``sekretess`` counts the masked cells of every table of its report) and the exact,
        unmasked totals (``totalt``)."""
        from .keyfigures import key_figures

        insatser = []
        for report in self.reports:
            shown = report.published.values()
            insatser.append(key_figures(report.insats, masked_cells=sum(p.masked_cells for p in shown),
                                        secondary_cells=sum(p.secondary_cells for p in shown),
                                        results=report.results))
        r = self.results
        flow = r["oversikt_deltagare"].set_index("insats").loc[ALL]
        totals: dict[str, Any] = {"insatser": len(self.reports),
                                  "deltagare": {p: int(flow[p]) for p in FLOW}}
        sus = r["oversikt_utfall"]
        sus = sus[sus["insats"] == ALL]
        totals["utfall_sus"] = {"namnare": int(flow["avslutade_totalt"]),
                                "antal": {str(g): int(n) for g, n in zip(sus["sus_grupp"], sus["antal"])},
                                "andel": {str(g): _number(a) for g, a in zip(sus["sus_grupp"], sus["andel"])}}
        totals["narvaro"] = None
        if "oversikt_narvaro" in r:
            row = r["oversikt_narvaro"].set_index("insats").loc[ALL]
            totals["narvaro"] = {"insatser": int(len(r["oversikt_narvaro"]) - 1),
                                 "deltagare": int(row["deltagare"]), "planerade": _number(row["planerade"]),
                                 "narvarande": _number(row["narvarande"]), "andel": _number(row["andel"]),
                                 "ki_lag": _number(row["ki_lag"]), "ki_hog": _number(row["ki_hog"])}
        totals["ekonomi"] = None
        if "oversikt_ekonomi" in r:
            row = r["oversikt_ekonomi"].set_index("insats").loc[ALL]
            totals["ekonomi"] = {"insatser": int(len(r["oversikt_ekonomi"]) - 1),
                                 "beviljat": _number(row["beviljat"]), "utfall": _number(row["utfall"]),
                                 "forbrukningsgrad": _number(row["forbrukningsgrad"]),
                                 "deltagare": int(row["deltagare"]),
                                 "kostnad_per_deltagare": _number(row["kostnad_per_deltagare"])}
        published = self.published.values()
        return {"samordningsforbund": self.forbund, "insatser": insatser, "totalt": totals,
                "sekretess": {"min_antal": self.min_count,
                              "maskerade_celler": sum(p.masked_cells for p in published),
                              "sekundart_maskerade": sum(p.secondary_cells for p in published)}}

    def finish(self) -> dict[str, Any]:
        """Write the overview (HTML and Word), the tables as one Excel workbook and ``nyckeltal.json``;
        return the key figures."""
        from .keyfigures import dumps

        figures = self.key_figures()
        self._files.settle()
        if self.show:
            from .render_html import on_cell_end

            on_cell_end("unregister", self.settle_figures)
        if self.output is None:
            return figures
        from .render_docx import write_docx
        from .render_html import page_html

        if not hasattr(self, "_meta"):
            self._meta = self._meta_rows()
        self.output.mkdir(parents=True, exist_ok=True)
        (self.output / "nyckeltal.json").write_text(dumps(figures), encoding="utf-8")
        page = page_html(title=self.title, kind=self.kind, meta=self._meta, blocks=self.blocks,
                         language=self.language, contents_label=label("h_innehall", self.language))
        (self.output / "forbundsoversikt.html").write_text(page, encoding="utf-8")
        created = max(r.data_date() for r in self.reports)
        write_docx(self.output / "forbundsoversikt.docx", title=self.title, kind=self.kind, meta=self._meta,
                   blocks=self.blocks, language=self.language, contents_label=label("h_innehall", self.language),
                   created=created, template=None)
        from .render_xlsx import write_xlsx

        shown = [b.name for b in self.blocks if isinstance(b, TableBlock)]
        specs = _specs(self.language)
        write_xlsx(self.output / "tabeller" / "tabeller.xlsx", {n: self.published[n] for n in shown},
                   language=self.language, created=created,
                   specs={n: _fitted(specs[n], self.results[n]) for n in shown},
                   titles={n: self.t("t_" + n) for n in shown})
        return figures


def _number(value: Any) -> Any:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if np.isnan(value) else float(value)
    return value


# ------------------------------------------------------------------------------------ figures

def sus_share_chart(published: Published, *, title: str, language: str = "sv", min_count: int = 3,
                    ax: Any = None) -> Any:
    """Each insats's ended participants as one 100 % bar split into SUS's four groups; a hidden
    share is a grey, hatched part of the bar with its mark (drawn from the published table only).

    (To move to plots.py.)
    """
    import matplotlib.ticker as ticker
    from matplotlib.figure import Figure

    from . import plots
    from .formatting import fmt_percent

    values, mask, marks = published.values, published.mask, published.marks
    insatser = list(dict.fromkeys(values["insats"]))
    groups = list(dict.fromkeys(values["sus_grupp"]))
    colors = dict(zip(groups, (plots.BLUE, plots.GREEN, plots.ORANGE, plots.LIGHT)))
    with plots.style():
        if ax is None:
            ax = Figure(figsize=(6.5, max(2.4, 1.3 + 0.42 * len(insatser)))).add_subplot()
        y = np.arange(len(insatser))[::-1]
        left = np.zeros(len(insatser))
        shown_marks: list[str] = []
        for group in groups:
            widths, hatched = [], []
            for insats in insatser:
                row = np.flatnonzero(((values["insats"] == insats) & (values["sus_grupp"] == group)).to_numpy())
                if not len(row):
                    widths.append(0.0)
                    hatched.append("")
                    continue
                k = int(row[0])
                hidden = bool(mask.at[k, "andel"])
                widths.append(np.nan if hidden else float(values.at[k, "andel"]))
                hatched.append(str(marks.at[k, "andel"]) if hidden else "")
            shares = np.array(widths, dtype=float)
            ax.barh(y, np.nan_to_num(shares), left=left, color=colors.get(group, plots.GREY), height=0.62,
                    label=label(group, language))
            for yi, x0, share in zip(y, left, shares):
                if np.isfinite(share) and share >= 0.07:
                    ax.text(x0 + share / 2, yi, fmt_percent(share, 0, language), ha="center", va="center",
                            fontsize=7.5, color="white")
            left = left + np.nan_to_num(shares)
            shown_marks += [m for m in hatched if m]
        rest = 1 - left
        hidden = rest > 1e-9
        ax.barh(y, np.where(hidden, rest, 0), left=left, color="#DDDDDD", hatch="//", height=0.62,
                edgecolor="white", label=overview_labels("w_dold_andel", language) if hidden.any() else None)
        ax.set_yticks(y, [plots.wrap(overview_labels(i, language) if i == ALL else i, 28) for i in insatser])
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: fmt_percent(v, 0, language)))
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, fontsize=8)
        ax.tick_params(axis="y", length=0)
        ax.set_title(title, loc="left")
        notes = []
        for mark in sorted(set(shown_marks)):
            if mark == MASKED_SECONDARY:
                notes.append(label("n_sekundar", language))
            elif mark == MASKED_DERIVED:
                notes.append(label("n_harledd", language))
            else:
                notes.append(f"{mark}: {label('w_maskerad', language).format(k=min_count)}")
        if notes:
            ax.annotate(plots.wrap(" ".join(notes), 110), xy=(0, 0), xycoords="figure fraction",
                        xytext=(4, 4), textcoords="offset points", fontsize=7, color="#666666")
    return ax
