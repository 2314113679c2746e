"""Figure files drawn while the report goes on.

Drawing a figure's PNG and SVG is most of a small report's time, and a report draws a few dozen of
them one after another on one core. :class:`FigureFiles` draws them in forked copies of the process
(the figure is already there, nothing is pickled or imported again), a few figures per copy and at
most one copy per core at a time, and hands their PNGs back in the order the figures were made: the
files and the report are the same bytes as when they are drawn one by one.

Forking is used on Linux only: macOS's system libraries are not safe to use after a fork, and
Windows has none. There, and with ``workers=0``, every figure is drawn at once, in this process.
"""

from __future__ import annotations

import os
import select
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from matplotlib.axes import Axes

from ..parallel import default_workers
from .base import save_figure

__all__ = ["FigureFiles", "default_workers"]


@dataclass
class _Figure:
    ax: Axes
    stem: Path
    done: Callable[[bytes], None]


@dataclass
class _Job:
    figures: list[_Figure]  # drawn one after another by one copy
    pid: int
    status: int | None = None  # the copy's exit code once it has ended


#: figures drawn by one copy: a copy costs about as much as a figure in page copies and cold caches
#: (measured: 24 figures in 24 copies took a quarter more CPU than in 8)
BATCH = 3


class FigureFiles:
    """Writes ``stem.png`` and ``stem.svg`` of figures (:func:`~evaltools.plots.save_figure`), in
    the background where it can; :meth:`settle` waits for them.

    Figures are handed to a copy ``batch`` at a time (and what is left when :meth:`settle` is
    called), at most ``workers`` copies at once.
    """

    def __init__(self, workers: int | None = None, *, batch: int = BATCH):
        self.workers = default_workers() if workers is None else workers
        self.batch = max(1, batch)
        self._queued: list[_Figure] = []
        self._jobs: list[_Job] = []

    @property
    def pending(self) -> int:
        """Figures whose PNG has not been handed back yet."""
        return len(self._queued) + sum(len(job.figures) for job in self._jobs)

    def save(self, ax: Axes, stem: Path, done: Callable[[bytes], None]) -> None:
        """Write the figure's files; ``done(png)`` is called with its PNG bytes, at once or by
        :meth:`settle`, in the order the figures were saved."""
        for suffix in (".png", ".svg"):  # an earlier run's: a file there is this figure's, and whole
            stem.with_suffix(suffix).unlink(missing_ok=True)
        if self.workers < 1:
            done(save_figure(ax, stem))
            return
        stem.parent.mkdir(parents=True, exist_ok=True)
        self._queued.append(_Figure(ax, stem, done))
        if len(self._queued) >= self.batch:
            self._start()

    def _start(self, *, spread: bool = False) -> None:
        """Hand the queued figures to a copy (once fewer than ``workers`` run); with ``spread``, to
        as many copies as are free, a share each (the last figures of a cell or of the report are
        then drawn side by side, not one after another in one copy)."""
        while self._queued:
            while sum(job.status is None for job in self._jobs) >= self.workers:
                self._reap(block=True)
            free = self.workers - sum(job.status is None for job in self._jobs)
            share = -(-len(self._queued) // free) if spread else len(self._queued)
            figures, self._queued = self._queued[:share], self._queued[share:]
            pid = os.fork()
            if pid == 0:  # the copy: draw, write, and end without running anything of the parent's
                _draw_and_exit(figures)
            self._jobs.append(_Job(figures, pid))

    def settle(self, *, wait: bool = True) -> None:
        """Wait for every figure and hand back its PNG; without ``wait``, hand back those that are
        done, up to the first that is not (the order stays), and start drawing the queued ones. A
        copy that failed has its figures drawn again here, so that an error is raised as any other
        (and nothing is lost)."""
        self._start(spread=True)
        if not wait:
            self._reap(block=False)
        while self._jobs:
            job = self._jobs[0]
            if job.status is None:
                if not wait:
                    return
                _, status = os.waitpid(job.pid, 0)
                job.status = os.waitstatus_to_exitcode(status)
            while job.figures:
                figure = job.figures[0]
                png_path = figure.stem.with_suffix(".png")
                if job.status == 0 and png_path.is_file():
                    png = png_path.read_bytes()
                else:
                    png = save_figure(figure.ax, figure.stem)
                job.figures.pop(0)
                figure.done(png)
            self._jobs.pop(0)

    def _reap(self, *, block: bool) -> None:
        """Note the exit of copies that have ended; with ``block``, first wait until one has (any:
        waiting for the oldest would leave a core idle while a younger one has ended)."""
        running = [job for job in self._jobs if job.status is None]
        if block and running:
            _wait_for_any([job.pid for job in running])
        for job in running:
            pid, status = os.waitpid(job.pid, os.WNOHANG)
            if pid:
                job.status = os.waitstatus_to_exitcode(status)


def _wait_for_any(pids: list[int]) -> None:
    """Wait until one of the child processes ``pids`` has ended (without reaping it)."""
    if hasattr(os, "pidfd_open"):  # Linux 5.3: a file descriptor that becomes readable at the exit
        handles = []
        try:
            for pid in pids:
                handles.append(os.pidfd_open(pid))
            select.select(handles, [], [])
            return
        except OSError:  # no pidfd here (an old kernel, a sandbox): wait for the oldest
            pass
        finally:
            for handle in handles:
                os.close(handle)
    os.waitid(os.P_PID, pids[0], os.WEXITED | os.WNOWAIT)


def _draw_and_exit(figures: list[_Figure]) -> None:
    from ..parallel import quiet_copy

    code = 1
    try:
        quiet_copy()
        for figure in figures:
            save_figure(figure.ax, figure.stem)
        code = 0
    except BaseException:  # noqa: BLE001 - the parent draws them again and raises
        pass
    finally:
        os._exit(code)
