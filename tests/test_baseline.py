"""Tests for evaltools/baseline.py: answers per question, each question with its own n."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from evaltools.baseline import BASELINE_COLUMNS, baseline_answers
from evaltools.config import Period
from evaltools.vocabulary import fold

H1 = Period(dt.date(2024, 1, 1), dt.date(2024, 6, 30), "2024-H1")


def deltagare(starts: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({
        "deltagar_id": pd.Series(list(starts), dtype="str"),
        "startdatum": pd.to_datetime(pd.Series(list(starts.values()))).astype("datetime64[s]"),
        "slutdatum": pd.Series([pd.NaT] * len(starts), dtype="datetime64[s]"),
    })


def kartlaggning(rows: list[tuple[str, str, str | None]]) -> pd.DataFrame:
    """Canonical kartlaggning: answers folded (``svar``), as written (``svar_text``); None = empty."""
    return pd.DataFrame({
        "rad": pd.Series(range(2, len(rows) + 2), dtype="int64"),
        "deltagar_id": pd.Series([r[0] for r in rows], dtype="str"),
        "fraga": pd.Series([r[1] for r in rows], dtype="str"),
        "svar": pd.Series([fold(r[2]) if r[2] else None for r in rows], dtype="str"),
        "svar_text": pd.Series([r[2] for r in rows], dtype="str"),
    })


NPF, KORK, SKOLA = "Diagnos NPF", "Körkort", "Fullföljt grundskola"


@pytest.fixture
def d() -> pd.DataFrame:
    # K1–K5 started by the period's end (totalt = 5); K6 starts after it
    return deltagare({"K1": "2023-02-01", "K2": "2023-05-01", "K3": "2024-01-01", "K4": "2024-06-30",
                      "K5": "2024-03-01", "K6": "2024-07-01"})


@pytest.fixture
def k() -> pd.DataFrame:
    return kartlaggning([
        # Körkort comes first in the file
        ("K1", KORK, "Vet ej"), ("K2", KORK, "vet ej"), ("K3", KORK, "Nej"), ("K4", KORK, "ja"),
        # Diagnos NPF: K1 Ja, K2 nej, K3 JA, K4 empty (not answered), K5 no row; K6 not in totalt
        ("K1", NPF, "Ja"), ("K2", NPF, "nej"), ("K3", NPF, "JA"), ("K4", NPF, None), ("K6", NPF, "ja"),
        # Fullföljt grundskola: everyone in totalt says nej except K5 who says ja
        ("K1", SKOLA, "Nej"), ("K2", SKOLA, "Nej"), ("K3", SKOLA, "Nej"), ("K4", SKOLA, "Nej"),
        ("K5", SKOLA, "Ja"),
    ])


def test_each_question_its_own_n(d, k):
    table = baseline_answers(k, d, H1)
    assert table.columns.tolist() == BASELINE_COLUMNS
    assert list(pd.unique(table["fraga"])) == [KORK, NPF, SKOLA]  # file order
    npf = table.loc[table["fraga"] == NPF].set_index("svar")
    # answered among totalt: K1 ja, K2 nej, K3 ja -> n = 3 (K4 empty, K5 no row, K6 not in totalt)
    assert npf["antal"].to_dict() == {"ja": 2, "nej": 1}
    assert (npf["besvarade"] == 3).all()
    assert (npf["ej_besvarade"] == 2).all()  # K4 and K5, of the population of 5
    assert npf["andel"].tolist() == pytest.approx([2 / 3, 1 / 3])
    assert npf.loc["ja", "svar_text"] == "Ja"  # as first written
    skola = table.loc[table["fraga"] == SKOLA]
    assert skola["besvarade"].tolist() == [5, 5]
    assert skola["ej_besvarade"].tolist() == [0, 0]


def test_answers_folded_and_ja_before_nej(d, k):
    table = baseline_answers(k, d, H1)
    kork = table.loc[table["fraga"] == KORK]
    # ja and nej first (ja before nej), then others by size: vet_ej (2) after nej (1) and ja (1)
    assert kork["svar"].tolist() == ["ja", "nej", "vet_ej"]
    assert kork["antal"].tolist() == [1, 1, 2]
    assert kork["svar_text"].tolist() == ["ja", "Nej", "Vet ej"]
    skola = table.loc[table["fraga"] == SKOLA]
    assert skola["svar"].tolist() == ["ja", "nej"]  # ja first though nej is larger
    assert skola["antal"].tolist() == [1, 4]


def test_besvarade_is_the_sum_of_answers(d, k):
    table = baseline_answers(k, d, H1)
    for _, part in table.groupby("fraga"):
        assert part["antal"].sum() == part["besvarade"].iloc[0]
        assert part["andel"].sum() == pytest.approx(1.0)
    assert table["antal"].dtype == "int64"


def test_question_nobody_in_population_answered(d):
    k = kartlaggning([("K6", NPF, "ja"), ("K1", KORK, None)])
    assert baseline_answers(k, d, H1).empty


def test_empty_table(d, k):
    table = baseline_answers(k.iloc[0:0], d, H1)
    assert table.empty
    assert table.columns.tolist() == BASELINE_COLUMNS


def test_inputs_not_mutated(d, k):
    d0, k0 = d.copy(), k.copy()
    baseline_answers(k, d, H1)
    pd.testing.assert_frame_equal(d, d0)
    pd.testing.assert_frame_equal(k, k0)
