"""Figure files drawn in forked copies of the process (:class:`evaltools.plots.FigureFiles`): the
same bytes as drawn here, handed back in order, and a copy that fails is drawn again here so that
its error is raised as any other."""

from __future__ import annotations

import math
import sys

import pandas as pd
import pytest
from matplotlib.artist import Artist

from evaltools import plots

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="figures are forked on Linux only")

VALUES = pd.DataFrame({"antal": [3.0, 5.0, math.nan], "andel": [0.375, 0.625, math.nan]})


def chart(title: str):
    # a masked bar: its note is placed under the Axes at drawing time
    return plots.bar_chart(VALUES, categories=["a", "b", "c"], title=title, marks=["", "", "X"])


def test_forked_figures_are_the_same_bytes_in_the_order_they_were_made(tmp_path):
    here = plots.FigureFiles(workers=0)
    forked = plots.FigureFiles(workers=2, batch=2)  # two copies of two, one of one
    got_here: list[bytes] = []
    got_forked: list[tuple[str, bytes]] = []
    titles = [f"Figur {i}" for i in range(5)]
    for title in titles:
        here.save(chart(title), tmp_path / "here" / title, got_here.append)
        forked.save(chart(title), tmp_path / "forked" / title, lambda png, t=title: got_forked.append((t, png)))
    assert here.pending == 0
    assert forked.pending == 5  # nothing handed back before settle (the last one not even started)
    forked.settle()
    assert forked.pending == 0
    assert [t for t, _ in got_forked] == titles
    assert [png for _, png in got_forked] == got_here
    for title in titles:
        for suffix in (".png", ".svg"):
            assert ((tmp_path / "forked" / title).with_suffix(suffix).read_bytes()
                    == (tmp_path / "here" / title).with_suffix(suffix).read_bytes())


class Broken(Artist):
    def draw(self, renderer):
        raise RuntimeError("ritningen misslyckades")


def test_a_figure_that_fails_in_its_copy_fails_here_with_its_own_error(tmp_path):
    files = plots.FigureFiles(workers=2, batch=1)
    good = chart("Bra")
    bad = chart("Trasig")
    bad.figure.add_artist(Broken())
    handed: list[bytes] = []
    files.save(good, tmp_path / "bra", handed.append)
    files.save(bad, tmp_path / "trasig", handed.append)
    with pytest.raises(RuntimeError, match="ritningen misslyckades"):
        files.settle()
    assert len(handed) == 1 and handed[0][:8] == b"\x89PNG\r\n\x1a\n"  # the good one came back first
    assert files.pending == 1  # the broken one is not lost: settling again raises again
    with pytest.raises(RuntimeError):
        files.settle()


def test_no_more_copies_run_than_workers(tmp_path, monkeypatch):
    import os

    running: list[int] = []
    peak = 0
    fork, waitpid = os.fork, os.waitpid

    def counting_fork():
        nonlocal peak
        pid = fork()
        if pid:
            running.append(pid)
            peak = max(peak, len(running))
        return pid

    def counting_waitpid(pid, options):
        got = waitpid(pid, options)
        if got[0] and got[0] in running:
            running.remove(got[0])
        return got

    monkeypatch.setattr(os, "fork", counting_fork)
    monkeypatch.setattr(os, "waitpid", counting_waitpid)
    files = plots.FigureFiles(workers=2, batch=1)
    for i in range(6):
        files.save(chart(str(i)), tmp_path / str(i), lambda png: None)
    files.settle()
    assert peak == 2
    assert all((tmp_path / str(i)).with_suffix(".svg").is_file() for i in range(6))


def test_a_copy_that_fails_has_all_its_figures_drawn_again_here_in_order(tmp_path):
    files = plots.FigureFiles(workers=1, batch=3)  # one copy draws all three, and fails
    bad = chart("Trasig")
    bad.figure.add_artist(Broken())
    handed: list[str] = []
    for title, ax in (("a", chart("A")), ("trasig", bad), ("b", chart("B"))):
        files.save(ax, tmp_path / title, lambda png, t=title: handed.append(t))
    with pytest.raises(RuntimeError, match="ritningen misslyckades"):
        files.settle()
    assert handed == ["a"] and files.pending == 2


def test_settle_without_waiting_starts_what_is_queued(tmp_path):
    import time

    files = plots.FigureFiles(workers=2, batch=5)
    handed: list[bytes] = []
    files.save(chart("En"), tmp_path / "en", handed.append)
    files.settle(wait=False)  # a cell ended: the figure is drawn while the next cell runs
    for _ in range(200):
        if (tmp_path / "en.svg").is_file():
            break
        time.sleep(0.05)
    assert (tmp_path / "en.svg").is_file()
    files.settle()
    assert len(handed) == 1


def test_workers_follow_the_platform(monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")
    assert plots.default_workers() == 0  # macOS: drawn in this process
    monkeypatch.setattr(sys, "platform", "linux")
    assert plots.default_workers() >= 1


def test_a_batch_leaves_each_report_the_cores_it_shares(monkeypatch):
    from evaltools.batch import share_cores
    from evaltools.resources import FIGURE_WORKERS

    monkeypatch.setenv(FIGURE_WORKERS, "")  # restored (absent) after the test
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: set(range(8)), raising=False)
    share_cores(2)  # 8 cores, 2 reports at once: 4 each, one of them the kernel's own
    assert plots.default_workers() == 3
    share_cores(8)  # a core per report: the kernel draws its own figures
    assert plots.default_workers() == 0
    monkeypatch.delenv(FIGURE_WORKERS)
    assert plots.default_workers() == 8


def test_waiting_for_a_free_copy_ends_when_any_copy_has_ended():
    # not only the oldest: a younger copy that ends first frees its core at once
    import os
    import time

    from evaltools.plots.background import _wait_for_any

    old = os.fork()
    if old == 0:
        time.sleep(3)
        os._exit(0)
    young = os.fork()
    if young == 0:
        time.sleep(0.2)
        os._exit(0)
    start = time.monotonic()
    _wait_for_any([old, young])
    assert time.monotonic() - start < 2.5
    assert os.waitpid(young, os.WNOHANG)[0] == young  # ended, and not reaped by the wait
    assert os.waitpid(old, os.WNOHANG)[0] == 0
    os.waitpid(old, 0)


def test_the_figures_left_when_settling_are_shared_by_the_free_copies(tmp_path, monkeypatch):
    import os

    forks = []
    fork = os.fork

    def counting_fork():
        pid = fork()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counting_fork)
    files = plots.FigureFiles(workers=2, batch=10)  # none started while saving
    for i in range(4):
        files.save(chart(str(i)), tmp_path / str(i), lambda png: None)
    assert forks == []
    files.settle()
    assert len(forks) == 2  # two copies of two, side by side, not one copy of four
    assert all((tmp_path / str(i)).with_suffix(".svg").is_file() for i in range(4))


def test_saving_a_figure_removes_the_files_of_an_earlier_run(tmp_path):
    # a file there is this run's, and whole (the Word document waits for it: report._drawn_from_file)
    stem = tmp_path / "figurer" / "a"
    stem.parent.mkdir()
    for suffix in (".png", ".svg"):
        stem.with_suffix(suffix).write_bytes(b"gammal")
    files = plots.FigureFiles(workers=1)
    files.save(chart("A"), stem, lambda png: None)
    assert not stem.with_suffix(".png").exists() and not stem.with_suffix(".svg").exists()  # queued
    files.settle()
    assert stem.with_suffix(".png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
