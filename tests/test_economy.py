"""Tests for evaltools/economy.py: granted against spent, by group, cost per participant."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from evaltools.economy import ECONOMY_COLUMNS, cost_per_participant, economy_summary


def ekonomi(rows: list[tuple]) -> pd.DataFrame:
    """Canonical ekonomi: (period, kommun, post, beviljat, utfall, prognos); None = empty cell."""
    def amounts(i: int) -> np.ndarray:
        return np.array([np.nan if r[i] is None else float(r[i]) for r in rows], dtype="float64")
    return pd.DataFrame({
        "rad": pd.Series(range(2, len(rows) + 2), dtype="int64"),
        "period": pd.Series([r[0] for r in rows], dtype="str"),
        "kommun": pd.Series([r[1] for r in rows], dtype="str"),
        "post": pd.Series([r[2] for r in rows], dtype="str"),
        "beviljat": amounts(3), "utfall": amounts(4), "prognos": amounts(5),
    })


@pytest.fixture
def e() -> pd.DataFrame:
    return ekonomi([
        ("2023", "Tierp", "Personal", 1_000_000, 900_000, None),
        ("2023", "Älvkarleby", "Personal", 500_000, None, None),      # cost not yet booked: 0
        ("2024", "Tierp", "Lokaler", 200_000, 250_000, 250_000),
        ("2024", None, "Personal", None, 50_000, 60_000),             # no kommun, nothing granted
        ("2023", "Tierp", "Lokaler", 100_000, 100_000, None),
    ])


def test_total_by_hand(e):
    total = economy_summary(e)
    assert total.columns.tolist() == ECONOMY_COLUMNS
    r = total.iloc[0]
    # beviljat 1 000 000 + 500 000 + 200 000 + 0 + 100 000 = 1 800 000
    # utfall 900 000 + 0 + 250 000 + 50 000 + 100 000 = 1 300 000
    assert (r["grupp"], r["beviljat"], r["utfall"]) == ("alla", 1_800_000, 1_300_000)
    assert r["prognos"] == 310_000  # 250 000 + 60 000; empty cells 0
    assert r["forbrukningsgrad"] == 1_300_000 / 1_800_000
    assert r["kvar"] == 500_000


def test_by_kommun_with_missing_group(e):
    table = economy_summary(e, by="kommun").set_index("grupp")
    assert table.index.tolist() == ["Tierp", "Älvkarleby", "saknas"]  # order of the file
    assert table.loc["Tierp", ["beviljat", "utfall"]].tolist() == [1_300_000, 1_250_000]
    assert table.loc["Tierp", "prognos"] == 250_000
    assert table.loc["Tierp", "forbrukningsgrad"] == 1_250_000 / 1_300_000
    assert table.loc["Älvkarleby", "utfall"] == 0.0       # the empty cell counts as 0
    assert math.isnan(table.loc["Älvkarleby", "prognos"])  # no forecast given for the group
    assert table.loc["Älvkarleby", "forbrukningsgrad"] == 0.0
    assert math.isnan(table.loc["saknas", "forbrukningsgrad"])  # nothing granted
    assert table.loc["saknas", "kvar"] == -50_000
    assert table["utfall"].sum() == economy_summary(e).iloc[0]["utfall"]


def test_by_post_and_period(e):
    post = economy_summary(e, by="post").set_index("grupp")
    assert post.index.tolist() == ["Personal", "Lokaler"]
    assert post.loc["Personal", ["beviljat", "utfall"]].tolist() == [1_500_000, 950_000]
    assert post.loc["Lokaler", ["beviljat", "utfall"]].tolist() == [300_000, 350_000]
    assert post.loc["Lokaler", "forbrukningsgrad"] == pytest.approx(350 / 300)  # over budget: > 1
    period = economy_summary(e, by="period").set_index("grupp")
    assert period.index.tolist() == ["2023", "2024"]
    assert period.loc["2023", ["beviljat", "utfall"]].tolist() == [1_600_000, 1_000_000]
    assert period.loc["2024", ["beviljat", "utfall", "prognos"]].tolist() == [200_000, 300_000, 310_000]


def test_cost_per_participant(e):
    cost = cost_per_participant(e, 52)
    assert cost.columns.tolist() == ["utfall", "deltagare", "kostnad_per_deltagare"]
    assert cost["deltagare"].dtype == "int64"
    r = cost.iloc[0]
    assert r["utfall"] == 1_300_000
    assert r["deltagare"] == 52
    assert r["kostnad_per_deltagare"] == 1_300_000 / 52
    assert math.isnan(cost_per_participant(e, 0).iloc[0]["kostnad_per_deltagare"])


def test_empty_table_gives_a_zero_total(e):
    total = economy_summary(e.iloc[0:0])
    assert len(total) == 1
    r = total.iloc[0]
    assert (r["grupp"], r["beviljat"], r["utfall"], r["kvar"]) == ("alla", 0.0, 0.0, 0.0)
    assert math.isnan(r["forbrukningsgrad"]) and math.isnan(r["prognos"])
    assert economy_summary(e.iloc[0:0], by="kommun").empty
    assert cost_per_participant(e.iloc[0:0], 3).iloc[0]["kostnad_per_deltagare"] == 0.0


@pytest.mark.parametrize("call", [
    lambda t: economy_summary(t),
    lambda t: economy_summary(t, by="kommun"),
    lambda t: cost_per_participant(t, 10),
])
def test_inputs_not_mutated(e, call):
    original = e.copy()
    call(e)
    pd.testing.assert_frame_equal(e, original)
