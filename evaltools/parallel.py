"""Work done in a forked copy of the process while the process goes on.

A report's kernel has two cores and, at some moments, work for only one: computing the result tables
before the first figure, writing the Word document after the last. :class:`Forked` runs a function
in a forked copy of the process (it sees everything the process has: nothing is imported again,
only the result is pickled back) and hands its result back when asked. A copy that fails, or a
platform without a safe fork (see :func:`default_workers`), runs the function here
instead, so that its error is raised as any other and nothing is lost.
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from .resources import FIGURE_WORKERS

__all__ = ["Forked", "default_workers", "quiet_copy"]

T = TypeVar("T")


def default_workers() -> int:
    """How many figures are drawn at once: one per core this process may use, or as many as a batch
    leaves each of its reports (``EVALTOOLS_FIGURE_WORKERS``, :func:`evaltools.batch.share_cores`);
    0 where figures are drawn in this process (no safe fork, or a core per report already)."""
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return 0
    given = os.environ.get(FIGURE_WORKERS, "")
    if given.isdigit():
        return int(given)
    return len(os.sched_getaffinity(0))


class Forked(Generic[T]):
    """``fn(*args, **kwargs)`` started in a forked copy; :meth:`result` waits for it.

    The copy pickles its result into a pipe as it goes, and :meth:`result` unpickles it as it comes
    (a large one, the Word document, is written and read at once: not pickled whole, then copied
    whole, then unpickled). A result smaller than the pipe (1 MB where Linux allows it) is written
    before anyone asks for it, and the copy ends."""

    def __init__(self, fn: Callable[..., T], *args: Any, **kwargs: Any):
        self._call = (fn, args, kwargs)
        self._pid: int | None = None
        self._pipe: int | None = None
        if default_workers() < 1:
            return
        read, write = os.pipe()
        _widen(write)
        pid = os.fork()
        if pid == 0:  # the copy: run, send the result, end without running anything of the parent's
            os.close(read)
            _run_and_exit(write, fn, args, kwargs)
        os.close(write)
        self._pid, self._pipe = pid, read

    @property
    def started(self) -> bool:
        """Whether a copy runs the function (else :meth:`result` runs it here)."""
        return self._pid is not None

    def discard(self) -> None:
        """Stop the copy if its result has not been taken (nothing when it has)."""
        if self._pid is None:
            return
        import signal

        try:
            os.kill(self._pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.close(self._pipe)
        os.waitpid(self._pid, 0)
        self._pid = None

    def result(self) -> T:
        """The function's result (run here if the copy failed or there was none)."""
        sent, value = self._taken()
        if sent:
            return value
        fn, args, kwargs = self._call
        return fn(*args, **kwargs)

    def outcome(self, default: Any = None) -> T | Any:
        """The copy's result, or ``default`` if the copy failed or there was none (the function is
        never run here: for work that only saves time when done elsewhere)."""
        sent, value = self._taken()
        return value if sent else default

    def _taken(self) -> tuple[bool, Any]:
        """Whether the copy sent its result, and the result; the copy has ended."""
        if self._pid is None:
            return False, None
        value, sent = None, False
        with os.fdopen(self._pipe, "rb") as pipe:
            try:
                value, sent = pickle.load(pipe), True
            except Exception:  # noqa: BLE001 - the copy failed (nothing, or half, sent)
                pass
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        if sent and os.waitstatus_to_exitcode(status) == 0:
            return True, value
        return False, None


def _widen(pipe: int) -> None:
    """Let ``pipe`` hold 1 MB (Linux's limit for anyone) instead of 64 kB, where it can."""
    import fcntl

    try:
        fcntl.fcntl(pipe, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except OSError:
        pass


def quiet_copy() -> None:
    """In a forked copy, first: no garbage collection (it would touch, and so copy, every page of
    the parent's objects), and nothing to the parent's streams (in a notebook, its kernel's)."""
    gc.disable()
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 1)
    os.dup2(null, 2)
    sys.stdout = sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


def _run_and_exit(write: int, fn: Callable[..., Any], args: tuple, kwargs: dict) -> None:
    code = 1
    try:
        quiet_copy()
        with open(write, "wb") as pipe:
            pickle.dump(fn(*args, **kwargs), pipe, protocol=pickle.HIGHEST_PROTOCOL)
        code = 0
    except BaseException:  # noqa: BLE001 - the parent runs it again and raises
        pass
    finally:
        os._exit(code)
