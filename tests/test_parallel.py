"""Work in a forked copy (:class:`evaltools.parallel.Forked`): its result comes back whole, a copy
that fails runs the work here so that its own error is raised, and without a fork it runs here."""

from __future__ import annotations

import os
import sys

import numpy as np
import pandas as pd
import pytest

from evaltools.parallel import Forked
from evaltools.resources import FIGURE_WORKERS

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked on Linux only")


def whose() -> int:
    return os.getpid()


def big_table(rows: int) -> pd.DataFrame:
    return pd.DataFrame({"deltagare": np.arange(rows), "namn": [f"k{i}" for i in range(rows)]})


@linux
def test_the_work_runs_in_a_copy_and_its_result_comes_back():
    assert Forked(whose).result() != os.getpid()


@linux
def test_a_result_larger_than_a_pipe_holds_comes_back_whole():
    table = Forked(big_table, 200_000).result()  # megabytes: the copy writes while this reads
    pd.testing.assert_frame_equal(table, big_table(200_000))


@linux
def test_a_copy_that_fails_runs_the_work_here_and_raises_its_error(tmp_path):
    marker = tmp_path / "har"

    def fails_in_the_copy():
        if os.getpid() == parent:
            marker.write_text("här")
            raise ValueError("felet syns här")
        raise RuntimeError("i kopian")

    parent = os.getpid()
    with pytest.raises(ValueError, match="felet syns här"):
        Forked(fails_in_the_copy).result()
    assert marker.read_text() == "här"


@linux
def test_an_outcome_is_the_copys_result_or_the_default_never_work_done_here(tmp_path):
    marker = tmp_path / "har"
    parent = os.getpid()

    def fails_in_the_copy():
        if os.getpid() == parent:
            marker.write_text("här")
        raise RuntimeError("i kopian")

    assert Forked(whose).outcome() != parent
    assert Forked(fails_in_the_copy).outcome("inget") == "inget"
    assert not marker.exists()


def test_without_a_fork_an_outcome_is_the_default(monkeypatch):
    monkeypatch.setenv(FIGURE_WORKERS, "0")
    assert Forked(whose).outcome("inget") == "inget"


def test_without_a_fork_the_work_runs_here(monkeypatch):
    monkeypatch.setenv(FIGURE_WORKERS, "0")
    assert Forked(whose).result() == os.getpid()


@linux
def test_a_copy_whose_result_is_not_wanted_is_stopped():
    import time

    work = Forked(time.sleep, 30)
    start = time.monotonic()
    work.discard()
    assert time.monotonic() - start < 5
    work.discard()  # twice: nothing


def _generated(folder, participants: int):
    from evaltools.exempel.forbund import generate_national

    generate_national(folder, participants)
    return folder


@linux
@pytest.mark.parametrize("source", ["example", "national", "deltagare_only"])
def test_report_results_are_the_same_with_part_of_them_computed_in_a_copy(monkeypatch, tmp_path, source):
    # the copy computes the progression section, the goal by group and the time in the insats; the
    # tables come back in their places, whatever the insats has (no progression, no goals, kommuner)
    from conftest import BASE_YAML, write_insats

    from evaltools import load_insats
    from evaltools.resources import example_dir
    from evaltools.results import report_results

    folder = {"example": example_dir,
              "national": lambda: _generated(tmp_path / "n", 40),
              "deltagare_only": lambda: write_insats(tmp_path / "d", BASE_YAML)}[source]()
    insats = load_insats(folder)
    forked = report_results(insats)
    monkeypatch.setenv(FIGURE_WORKERS, "0")  # no copy: computed here
    here = report_results(insats)
    assert list(forked) == list(here)  # the same tables in the same order
    assert "tid_i_insatsen" in forked
    assert ("progression_modell" in forked) == (source != "deltagare_only")
    assert ("mal_per_kommun" in forked) == (source == "national")
    for name in here:
        pd.testing.assert_frame_equal(forked[name], here[name], check_exact=True)
