"""Every sum that ties published cells together: what complementary suppression must respect.

:func:`table_equations` lists, for a report's result tables, the equations ``total = sum(members)``
and the identities (the same number in several places) that a reader could use to recompute a masked
cell; :func:`~evaltools.privacy.complementary_suppression` masks more cells until none can be.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .privacy import Cell, Equation
from .tablespecs import TABLES, TableSpec

__all__ = ["table_equations"]


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
    # a share goal by group: the groups' numerators and denominators add up to the goal's
    goal_rows = (_rows(tables["maluppfyllelse"], "typ", "utfall") + _rows(tables["maluppfyllelse"], "typ", "andel")
                 if "maluppfyllelse" in tables else [])
    first_goal = min(goal_rows) if goal_rows else None
    for by in ("kon", "aldersgrupp", "kommun"):
        name = f"mal_per_{by}"
        if name in tables and first_goal is not None:
            for column in ("taljare", "namnare"):
                eqs.append(Equation(col(name, column), ("maluppfyllelse", first_goal, column)))
        # attendance with differences repeats attendance by group, cell for cell
        diff, rate = f"narvaro_skillnad_{by}", f"narvaro_per_{by}"
        if diff in tables and rate in tables:
            for group in tables[diff]["grupp"]:
                for column in ("deltagare", "planerade", "narvarande"):
                    ids.append([cell(diff, column, "grupp", group), cell(rate, column, "grupp", group)])
    if "tid_i_insatsen" in tables:
        spells = tables["tid_i_insatsen"]
        for i in range(len(spells)):
            eqs.append(Equation((("tid_i_insatsen", i, "avslutade"), ("tid_i_insatsen", i, "pagaende")),
                                ("tid_i_insatsen", i, "deltagare")))
        overall = _rows(spells, "indelning", "alla")
        if overall:
            row = overall[0]
            for column, population in (("deltagare", "totalt"), ("avslutade", "avslutade_totalt"),
                                       ("pagaende", "pagaende_vid_periodens_slut")):
                ids.append([("tid_i_insatsen", row, column), flow(population)])
            for by in pd.unique(spells["indelning"]):
                if by == "alla":
                    continue
                rows = _rows(spells, "indelning", by)
                for column in ("deltagare", "avslutade", "pagaende"):
                    eqs.append(Equation(col("tid_i_insatsen", column, rows), ("tid_i_insatsen", row, column)))
                if f"deltagare_per_{by}" in tables:
                    for r in rows:
                        ids.append([("tid_i_insatsen", r, "deltagare"),
                                    cell(f"deltagare_per_{by}", "antal", "grupp", spells.at[r, "grupp"])])
    if "tid_i_insatsen_kurva" in tables:
        eqs.append(Equation(col("tid_i_insatsen_kurva", "avslutade"), flow("avslutade_totalt")))
    if "progression" in tables:
        summary = tables["progression"]
        for i, indicator in enumerate(summary["indikator"]):
            if "progression_forandring" in tables:
                change = tables["progression_forandring"]
                rows = _rows(change, "indikator", indicator)
                eqs.append(Equation(col("progression_forandring", "deltagare", rows), ("progression", i, "deltagare")))
                for direction in ("forbattrad", "oforandrad", "forsamrad"):
                    part = [r for r in rows if change.at[r, "riktning"] == direction]
                    eqs.append(Equation(col("progression_forandring", "deltagare", part), ("progression", i, direction)))
            if "progression_wilcoxon" in tables:
                row = cell("progression_wilcoxon", "deltagare", "indikator", indicator)
                if row is not None:
                    ids.append([row, ("progression", i, "deltagare")])
                    eqs.append(Equation((("progression", i, "forbattrad"), ("progression", i, "forsamrad")),
                                        ("progression_wilcoxon", row[1], "forandrade")))
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
