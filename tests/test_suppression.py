"""Complementary (secondary) suppression: no masked cell of a report can be recomputed from what the
same report publishes — by subtraction within a table, across tables, or by a chain of sums."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import evaltools as et
from evaltools.privacy import Equation, complementary_suppression
from evaltools.publish import MASKED_DERIVED, MASKED_SECONDARY, TABLES, publish, publish_all, table_equations
from evaltools.report import Report

# ------------------------------------------------------------------------------ the function itself


def column(values: list[float], total: float | None = None) -> tuple[dict, Equation]:
    cells = {("t", i, "antal"): v for i, v in enumerate(values)}
    members = tuple(cells)
    if total is not None:
        cells[("t", len(values), "antal")] = total
        return cells, Equation(members, ("t", len(values), "antal"))
    return cells, Equation(members)


def test_a_lone_masked_cell_gets_the_smallest_non_zero_member_as_company():
    # 10, 6, 1, 22 of 39: the 1 is masked; 0 would protect nothing, 6 is the smallest non-zero
    cells, eq = column([10, 6, 1, 0, 22], 39)
    secondary = complementary_suppression(cells, [("t", 2, "antal")], [eq])
    assert secondary == {("t", 1, "antal")}


def test_no_masked_cell_no_secondary():
    cells, eq = column([10, 6, 5, 22], 43)
    assert complementary_suppression(cells, [], [eq]) == set()


def test_two_masked_cells_already_protect_each_other():
    cells, eq = column([10, 2, 1, 22], 35)
    assert complementary_suppression(cells, [("t", 1, "antal"), ("t", 2, "antal")], [eq]) == set()


def test_the_total_is_masked_only_when_no_member_is_left():
    cells, eq = column([1, 0], 1)
    # the only other member is 0: it is taken before the total (members are what the rule protects)
    assert complementary_suppression(cells, [("t", 0, "antal")], [eq]) == {("t", 1, "antal")}
    cells, eq = column([1], 1)
    assert complementary_suppression(cells, [("t", 0, "antal")], [eq]) == {("t", 1, "antal")}


def test_masked_cells_pinned_by_their_shown_range_get_company():
    # 3, 3, 2, 2 of 10 by referrer: two "<3" cells must add up to 4, so both are 2 (each is 1 or 2)
    cells, eq = column([3, 3, 2, 2], 10)
    small = {("t", 2, "antal"): (1, 2), ("t", 3, "antal"): (1, 2)}
    secondary = complementary_suppression(cells, list(small), [eq], bounds=small)
    assert len(secondary) == 1 and secondary <= {("t", 0, "antal"), ("t", 1, "antal")}
    # and two "<3" cells adding up to 3 (one 1, one 2: which is which?) need nothing more
    cells, eq = column([5, 1, 2], 8)
    small = {("t", 1, "antal"): (1, 2), ("t", 2, "antal"): (1, 2)}
    assert complementary_suppression(cells, list(small), [eq], bounds=small) == set()


def test_a_split_of_ten_with_two_pairs_hides_a_third_cell():
    split = pd.DataFrame({"grupp": ["a", "b", "c", "d"], "antal": [3, 3, 2, 2],
                          "andel": [0.3, 0.3, 0.2, 0.2]})
    p = publish("deltagare_per_anvisare", split, min_count=3)
    assert p.display["Antal"].tolist().count("X") == 1 and p.display["Antal"].tolist().count("<3") == 2


def test_identical_cells_are_masked_together():
    cells, eq = column([10, 6, 1, 22], 39)
    cells[("goal", 0, "taljare")] = 6  # the same 6 published as a goal's numerator
    secondary = complementary_suppression(cells, [("t", 2, "antal")], [eq],
                                          identities=[[("t", 1, "antal"), ("goal", 0, "taljare")]])
    assert secondary == {("t", 1, "antal"), ("goal", 0, "taljare")}


def test_the_choice_prefers_a_cell_that_exposes_nothing_new():
    # SUS groups: 10 | 6 | 1 (masked) | 22 and övriga's own codes 4, 3, 3, 12 of which two are masked
    # already: masking övriga (22) repairs the column and exposes nothing; 6 or 10 would expose
    # the code tables of studier or arbete
    cells = {("sus", 0, "a"): 10, ("sus", 1, "a"): 6, ("sus", 2, "a"): 1, ("sus", 3, "a"): 22,
             ("ovr", 0, "a"): 4, ("ovr", 1, "a"): 3, ("ovr", 2, "a"): 3, ("ovr", 3, "a"): 12,
             ("stu", 0, "a"): 6, ("arb", 0, "a"): 10}
    eqs = [Equation(tuple(("sus", i, "a") for i in range(4))),
           Equation(tuple(("ovr", i, "a") for i in range(4)), ("sus", 3, "a")),
           Equation((("stu", 0, "a"),), ("sus", 1, "a")), Equation((("arb", 0, "a"),), ("sus", 0, "a"))]
    masked = [("sus", 2, "a"), ("ovr", 0, "a"), ("ovr", 1, "a")]
    assert complementary_suppression(cells, masked, eqs) == {("sus", 3, "a")}


def test_a_chain_of_sums_is_caught_by_the_linear_system():
    # a 2 x 4 table with row and column totals. Masked: (0,0) (0,1) (1,0) (1,1) form a cycle and
    # protect each other; (0,2) (1,3) plus the bridge... every line holds two masked cells, yet
    # masking (0,2) and (0,3) alone would leave row 0 with four masked and column 2 with one.
    rows, cols = 2, 4
    table = np.array([[5, 7, 9, 11], [6, 8, 10, 12]])
    cells = {("t", r, str(c)): float(table[r, c]) for r in range(rows) for c in range(cols)}
    eqs = [Equation(tuple(("t", r, str(c)) for c in range(cols))) for r in range(rows)]
    eqs += [Equation(tuple(("t", r, str(c)) for r in range(rows))) for c in range(cols)]
    masked = [("t", 0, "0"), ("t", 0, "1"), ("t", 0, "2")]
    secondary = complementary_suppression(cells, masked, eqs)
    assert not determined(cells, set(masked) | secondary, eqs)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_random_two_way_tables_never_leave_a_recomputable_cell(data):
    # a table of counts with its row, column and grand totals published beside it
    rows = data.draw(st.integers(1, 4))
    cols = data.draw(st.integers(1, 5))
    values = np.array(data.draw(st.lists(st.integers(0, 12), min_size=rows * cols, max_size=rows * cols))
                      ).reshape(rows, cols)
    cells = {("t", r, str(c)): float(values[r, c]) for r in range(rows) for c in range(cols)}
    cells |= {("t", r, "total"): float(values[r].sum()) for r in range(rows)}
    cells |= {("t", rows, str(c)): float(values[:, c].sum()) for c in range(cols)}
    cells[("t", rows, "total")] = float(values.sum())
    eqs = [Equation(tuple(("t", r, str(c)) for c in range(cols)), ("t", r, "total")) for r in range(rows + 1)]
    eqs += [Equation(tuple(("t", r, c) for r in range(rows)), ("t", rows, c))
            for c in [*map(str, range(cols)), "total"]]
    masked = [cell for cell, v in cells.items() if 0 < v < 3]
    hidden = set(masked) | complementary_suppression(cells, masked, eqs)
    assert set(masked) <= hidden
    assert not {c for c in determined(cells, hidden, eqs) if cells[c] != 0}


def determined(cells: dict, hidden: set, eqs: list[Equation]) -> set:
    """The masked cells the published ones determine, by brute force over the linear system: a cell
    is determined when two different fillings of the masked cells, both satisfying every sum, cannot
    differ in it — checked with a least-squares solve of each unit direction (independent of the
    function's own SVD test)."""
    unknowns = sorted(hidden)
    if not unknowns:
        return set()
    a = np.array([[(1.0 if u in eq.members else 0.0) - (1.0 if u == eq.total else 0.0) for u in unknowns]
                  for eq in eqs if eq.exact])
    found = set()
    for i, u in enumerate(unknowns):
        # u is determined iff e_u is a combination of the rows of a: solve a.T y = e_u
        target = np.zeros(len(unknowns))
        target[i] = 1.0
        y, *_ = np.linalg.lstsq(a.T, target, rcond=None)
        if np.allclose(a.T @ y, target, atol=1e-8):
            found.add(u)
    return found


# ---------------------------------------------------------------------------------- whole reports

def lone_masked(published: dict) -> list[str]:
    """The rule a reader can check on the published CSV files: a column of counts holding exactly
    one masked cell while its other cells are numbers, or a row whose margin is shown holding one."""
    found = []
    for name, p in published.items():
        spec = TABLES[name]
        for column in dict.fromkeys([*spec.counts, *([spec.group] if spec.group else [])]):
            if column == "namnare" or len(p.mask) < 2:
                continue
            if int(p.mask[column].sum()) == 1:
                found.append(f"{name}.{column}")
    p = published.get("progression")
    if p is not None:
        for i in range(len(p.mask)):
            parts = p.mask.loc[i, ["forbattrad", "oforandrad", "forsamrad"]].sum()
            if not p.mask.at[i, "deltagare"] and parts == 1:
                found.append(f"progression row {i}")
    return found


def sums_hold(results: dict) -> None:
    """Every sum the suppression relies on really holds in the unmasked result tables."""
    tables = {n: r.reset_index(drop=True) for n, r in results.items() if not r.empty}
    goals = {}
    equations, identities = table_equations(tables, outcome_goals=goals)
    for eq in equations:
        if eq.total is None:
            continue
        members = sum(float(tables[t].at[r, c]) for t, r, c in eq.members)
        t, r, c = eq.total
        assert math.isclose(members, float(tables[t].at[r, c])), eq
    for identity in identities:
        numbers = {float(tables[t].at[r, c]) for t, r, c in identity}
        assert len(numbers) <= 1, identity


def small_insats(tmp_path: Path, keep: int, seed: int, kommuner: bool = False) -> Path:
    """The bundled example cut down to ``keep`` participants drawn with ``seed``: many small cells."""
    folder = tmp_path / f"liten_{keep}_{seed}"
    shutil.copytree(et.example_dir(), folder)
    data = folder / "data"
    d = pd.read_csv(data / "deltagare.csv", sep=";", dtype=str, encoding="utf-8-sig", keep_default_na=False)
    rng = np.random.default_rng(seed)
    chosen = d.iloc[np.sort(rng.choice(len(d), size=keep, replace=False))].copy()
    if kommuner:
        chosen["kommun"] = rng.choice(["Tierp", "Älvkarleby", "Östhammar"], size=len(chosen))
    chosen.to_csv(data / "deltagare.csv", sep=";", index=False, encoding="utf-8-sig")
    ids = set(chosen["deltagar_id"])
    for table in ("narvaro", "progression", "kartlaggning"):
        frame = pd.read_csv(data / f"{table}.csv", sep=";", dtype=str, encoding="utf-8-sig",
                            keep_default_na=False)
        frame.loc[frame["deltagar_id"].isin(ids)].to_csv(data / f"{table}.csv", sep=";", index=False,
                                                        encoding="utf-8-sig")
    if kommuner:
        yaml = (folder / "insats.yaml").read_text(encoding="utf-8")
        (folder / "insats.yaml").write_text(yaml.replace("kommuner: [Tierp]",
                                                         "kommuner: [Tierp, Älvkarleby, Östhammar]"),
                                            encoding="utf-8")
    return folder / "insats.yaml"


@pytest.fixture(scope="module")
def example_report() -> Report:
    return Report(et.load_insats(et.example_dir()), None, show=False)


def test_the_example_report_has_no_lone_masked_cell(example_report):
    published = example_report.published
    assert lone_masked(published) == []
    assert sum(p.secondary_cells for p in published.values()) > 0


def test_the_example_reports_masked_outcome_is_not_recomputable(example_report):
    # the case: "Aktivt arbetssökande <3" beside 10, 6, 22 and "Avslutade totalt 39"
    sus = example_report.published["utfall_sus"]
    assert sus.display["Antal"].tolist().count("<3") == 1
    assert sus.mask["antal"].sum() >= 2
    assert sus.mask["andel"].sum() >= 2  # and the shares column does not give it away either


def test_absence_occasions_of_a_masked_reason_are_hidden_and_labelled_as_occasions(example_report):
    reasons = example_report.published["franvaro_orsaker"]
    masked_rows = reasons.mask["deltagare"].to_numpy()
    assert masked_rows.any()
    # occasions of few persons are never shown with a person-count label
    assert set(reasons.marks.loc[reasons.mask["tillfallen"], "tillfallen"]) == {MASKED_SECONDARY}
    assert reasons.mask["tillfallen"].sum() >= 2  # not recoverable from all absence in the other table


def test_the_sums_between_tables_hold_in_the_example(example_report):
    sums_hold(example_report.results)


@pytest.mark.parametrize("keep,seed,kommuner", [(12, 1, True), (20, 2, True), (8, 3, False), (30, 4, True),
                                                 (5, 5, False), (1, 6, False)])
def test_small_insatser_have_no_recomputable_cell(tmp_path, keep, seed, kommuner):
    report = Report(et.load_insats(small_insats(tmp_path, keep, seed, kommuner)), None, show=False)
    published = report.published
    sums_hold(report.results)
    assert lone_masked(published) == []
    # no published number is a count of persons below the threshold
    for name, p in published.items():
        spec = TABLES[name]
        for column in [*spec.counts, *([spec.group] if spec.group else [])]:
            shown = pd.to_numeric(p.values[column], errors="coerce")
            assert not ((shown > 0) & (shown < 3)).any(), f"{name}.{column}"
    # and the whole report's linear system determines no masked cell
    tables = {n: r.reset_index(drop=True) for n, r in report.results.items() if not r.empty}
    equations, identities = table_equations(
        tables, outcome_goals={g.namn: g.kategorier for g in report.config.goals if hasattr(g, "kategorier")})
    hidden = {(n, int(r), c) for n, p in published.items() for c in p.mask.columns
              for r in np.flatnonzero(p.mask[c].to_numpy())}
    merged = merge_identities(equations, identities)
    cells = {c for eq in merged for c in eq.cells}
    found = determined({c: 0 for c in cells}, hidden & cells, merged)
    # no small count can be worked out (a number hidden only to protect one may be, when that
    # does not give the small count away; a masked zero tells nothing about anyone)
    assert not {(t, r, c) for t, r, c in found if 0 < tables[t].at[r, c] < 3}


def merge_identities(equations: list[Equation], identities: list[list]) -> list[Equation]:
    """Identities as two-cell equations a − b = 0 (b is a's total)."""
    out = list(equations)
    for identity in identities:
        for a, b in zip(identity, identity[1:]):
            out.append(Equation((a,), b))
    return out


def test_masking_off_publishes_everything():
    rates = pd.DataFrame({"grupp": ["kvinna", "man"], "antal": [10, 1], "andel": [10 / 11, 1 / 11]})
    p = publish("deltagare_per_kon", rates, min_count=0)
    assert p.display["Antal"].tolist() == ["10", "1"]
    assert p.masked_cells == 0 and p.secondary_cells == 0


def test_every_cell_masked():
    split = pd.DataFrame({"grupp": ["kvinna", "man"], "antal": [1, 2], "andel": [1 / 3, 2 / 3]})
    p = publish("deltagare_per_kon", split, min_count=3)
    assert p.display["Antal"].tolist() == ["<3", "<3"]
    assert p.display["Andel"].tolist() == [MASKED_DERIVED, MASKED_DERIVED]
    assert p.secondary_cells == 0


def test_a_rate_table_with_one_small_group_hides_the_other_groups_occasions():
    # the overall attendance is published, so 2 groups with one masked would give the other away
    rates = pd.DataFrame({"grupp": ["16-24", "25-29"], "deltagare": [12, 2], "planerade": [300.0, 40.0],
                          "narvarande": [240.0, 39.0], "andel": [0.8, 0.975], "ki_lag": [0.7, math.nan],
                          "ki_hog": [0.87, math.nan], "metod": ["x", "y"]})
    p = publish("narvaro_per_aldersgrupp", rates, min_count=3)
    assert p.display.iloc[1].tolist()[1:] == ["<3", "X", "X", "–", "–"]
    assert p.display.iloc[0].tolist()[1:] == ["X", "X", "X", "–", "–"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(0, 8), min_size=1, max_size=8), st.integers(0, 5))
def test_random_splits_hold_no_lone_masked_count(counts, min_count):
    total = sum(counts)
    split = pd.DataFrame({"grupp": [f"g{i}" for i in range(len(counts))], "antal": counts,
                          "andel": [c / total if total else math.nan for c in counts]})
    p = publish_all({"deltagare_per_kommun": split}, min_count=min_count)["deltagare_per_kommun"]
    masked = int(p.mask["antal"].sum())
    assert masked != 1 or len(counts) == 1
    assert ((p.mask["andel"]) >= p.mask["antal"]).all()  # a share of a masked count is masked
