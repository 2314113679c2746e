"""Work done in a forked copy of the process while the process goes on.

A report's kernel has two cores and, at some moments, work for only one: computing the result tables
before the first figure, writing the Word document after the last. :class:`Forked` runs a function
in a forked copy of the process (it sees everything the process has: nothing is imported again,
only the result is pickled back) and hands its result back when asked. A copy that fails, or a
platform without a safe fork (see :func:`evaltools.plots.default_workers`), runs the function here
instead, so that its error is raised as any other and nothing is lost.
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
from collections.abc import Callable
from typing import Any, Generic, TypeVar

__all__ = ["Forked", "quiet_copy"]

T = TypeVar("T")


class Forked(Generic[T]):
    """``fn(*args, **kwargs)`` started in a forked copy; :meth:`result` waits for it."""

    def __init__(self, fn: Callable[..., T], *args: Any, **kwargs: Any):
        from .plots.background import default_workers

        self._call = (fn, args, kwargs)
        self._pid: int | None = None
        self._pipe: int | None = None
        if default_workers() < 1:
            return
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the copy: run, send the result, end without running anything of the parent's
            os.close(read)
            _run_and_exit(write, fn, args, kwargs)
        os.close(write)
        self._pid, self._pipe = pid, read

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
        fn, args, kwargs = self._call
        if self._pid is None:
            return fn(*args, **kwargs)
        chunks = []
        with os.fdopen(self._pipe, "rb") as pipe:  # read all before waiting: the copy may fill the pipe
            while chunk := pipe.read(1 << 20):
                chunks.append(chunk)
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        payload = b"".join(chunks)
        if os.waitstatus_to_exitcode(status) == 0 and payload:
            return pickle.loads(payload)
        return fn(*args, **kwargs)


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
        payload = pickle.dumps(fn(*args, **kwargs), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write, "wb") as pipe:
            pipe.write(payload)
        code = 0
    except BaseException:  # noqa: BLE001 - the parent runs it again and raises
        pass
    finally:
        os._exit(code)
