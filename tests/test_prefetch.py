"""evaltools.prefetch: an insats's files read in a forked copy while the report's kernel starts, and
taken by load_insats only where they are still the files as they are now."""

from __future__ import annotations

import os
import pickle
import sys
import time

import numpy as np
import pandas as pd
import pytest
from conftest import BASE_YAML, DELTAGARE, write_insats

from evaltools import prefetch
from evaltools.errors import DataError
from evaltools.insats import load_insats
from evaltools.read import Cells, RawTable, read_raw
from evaltools.resources import FIGURE_WORKERS

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked on Linux only")

YAML = BASE_YAML + "progression: {instrument: SMAIL, skala: [1, 10]}\n"
TABLES = {
    "narvaro": "deltagar_id;datum;narvarande\nA1;2024-01-15;ja\nA2;2024-02-05;nej\nB9;2024-02-05;ja\n",
    "progression": "deltagar_id;datum;indikator;varde\nA1;2024-01-15;Hälsa;4\nA1;2024-04-15;Hälsa;7\n",
}


@pytest.fixture(autouse=True)
def nothing_pending():
    yield
    prefetch._pending = None  # noqa: SLF001 - a test that failed before take leaves none behind


def assert_same(a, b) -> None:
    for table in ("deltagare", "narvaro", "progression", "ekonomi", "kartlaggning", "kvalitet"):
        x, y = getattr(a, table), getattr(b, table)
        assert (x is None) == (y is None)
        if x is not None:
            pd.testing.assert_frame_equal(x, y, check_exact=True)


def no_reading_here(monkeypatch) -> None:
    """read_raw in this process fails: whatever load_insats reads must come from the copy."""
    from evaltools import insats as module

    def refused(*args, **kwargs):
        raise AssertionError(f"read again here: {args}")

    monkeypatch.setattr(module, "read_raw", refused)


@linux
def test_files_read_while_the_kernel_starts_give_the_same_insats(tmp_path, monkeypatch):
    path = write_insats(tmp_path, YAML, **TABLES)
    usual = load_insats(path)
    prefetch.start(tmp_path)  # the folder: the copy finds insats.yaml in it, as load_insats does
    no_reading_here(monkeypatch)
    assert_same(load_insats(path), usual)
    assert prefetch._pending is None  # noqa: SLF001 - taken once


@linux
def test_a_file_changed_since_it_was_read_is_read_again(tmp_path):
    path = write_insats(tmp_path, YAML, **TABLES)
    prefetch.start(path)
    time.sleep(0.5)  # read by the copy by now (or not: either way the table is today's file)
    narvaro = tmp_path / "data" / "narvaro.csv"
    narvaro.write_text(TABLES["narvaro"] + "A1;2024-01-22;nej\n", encoding="utf-8")
    os.utime(narvaro, ns=(time.time_ns(), time.time_ns() + 10**9))
    insats = load_insats(path)
    assert insats.narvaro["deltagar_id"].tolist() == ["A1", "A2", "A1"]


@linux
def test_the_files_of_another_insats_are_not_taken(tmp_path):
    other = write_insats(tmp_path / "other", YAML, **TABLES)
    path = write_insats(tmp_path / "this", YAML, deltagare=DELTAGARE + "A4;kvinna;1999;2024-01-01;;;;;;;\n",
                        **TABLES)
    prefetch.start(other)
    insats = load_insats(path)
    assert "A4" in insats.deltagare["deltagar_id"].tolist()
    assert prefetch._pending is None  # noqa: SLF001 - taken, and dropped


@linux
def test_a_file_that_cannot_be_read_tells_the_same_problems(tmp_path, monkeypatch):
    path = write_insats(tmp_path, YAML, **{**TABLES, "progression": "deltagar_id;datum;indikator;varde\n"
                                                                    "A1;2024-01-15;Hälsa;11\n"},
                        **{"data/narvaro.csv": b"%PDF-1.4 not a table"})
    with pytest.raises(DataError) as usual:
        load_insats(path)
    prefetch.start(path)
    no_reading_here(monkeypatch)
    with pytest.raises(DataError) as prefetched:
        load_insats(path)
    assert prefetched.value.problems == usual.value.problems
    assert [p.file for p in usual.value.problems] == ["data/narvaro.csv", "data/progression.csv"]


@linux
def test_an_insats_yaml_with_problems_leaves_them_to_load_insats(tmp_path):
    path = write_insats(tmp_path, "insats: bara ett namn\n")
    prefetch.start(path)
    with pytest.raises(Exception) as info:
        load_insats(path)
    assert "insatsperiod" in str(info.value)


def test_without_a_copy_nothing_is_taken(tmp_path, monkeypatch):
    monkeypatch.setenv(FIGURE_WORKERS, "0")  # as a batch sharing its cores: no copy
    path = write_insats(tmp_path, YAML, **TABLES)
    prefetch.start(path)
    assert prefetch._pending is None  # noqa: SLF001
    assert len(load_insats(path).narvaro) == 2


def test_raw_tables_travel_between_processes_whole(tmp_path):
    # a raw table is pickled with its codes in the fewest bytes and its rows as a first number when
    # they follow one another; it comes back as it was
    write_insats(tmp_path, YAML, **TABLES)
    raw = read_raw(tmp_path / "data" / "narvaro.csv", "narvaro", "data/narvaro.csv")
    gapped = RawTable("t", "f.csv", {"a": Cells(np.array([0, 1, 0], dtype=np.int32),
                                                np.array(["x", "y"], dtype=object))},
                      np.array([2, 3, 7]), {"a": "A"})
    empty = RawTable("t", "f.csv", {"a": Cells(np.zeros(0, dtype=np.int32), np.array([], dtype=object))},
                     np.zeros(0, dtype=np.int64), {"a": "A"})
    many = Cells(np.arange(70_000, dtype=np.int32), np.array([f"v{i}" for i in range(70_000)], dtype=object))
    for table in (raw, gapped, empty):
        back = pickle.loads(pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL))
        assert (back.table, back.file, back.original) == (table.table, table.file, table.original)
        assert back.rows.dtype == np.int64 and back.rows.tolist() == table.rows.tolist()
        for name, cells in table.cells.items():
            assert back.cells[name].codes.dtype == np.int32
            assert back.cells[name].codes.tolist() == cells.codes.tolist()
            assert back.cells[name].values.tolist() == cells.values.tolist()
    two = Cells(np.tile(np.array([0, 1], dtype=np.int32), 5_000), np.array(["ja", "nej"], dtype=object))
    assert len(pickle.dumps(two)) < 11_000  # a byte per row, not four
    back = pickle.loads(pickle.dumps(many))
    assert back.codes.dtype == np.int32 and np.array_equal(back.codes, many.codes)
