"""Warm kernels (:mod:`evaltools.warm`): a batch process forks each report's kernel from a process
that has imported what a report needs; the kernel behaves as one started the usual way, and
nothing is left running when it stops."""

from __future__ import annotations

import os
import sys
import time

import pytest

from evaltools import warm

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="kernels are forked on Linux only")


def run_in(kernel, code: str) -> str:
    """What ``code`` prints in the kernel, read by a client of its own (the report command's client
    only asks whether the kernel answers: it does not wait for IOPub to be connected)."""
    from jupyter_client.blocking import BlockingKernelClient

    printed: list[str] = []

    def output(message: dict) -> None:
        if message["msg_type"] == "stream" and message["content"]["name"] == "stdout":
            printed.append(message["content"]["text"])

    client = BlockingKernelClient()
    client.load_connection_info(kernel.manager.get_connection_info())
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        reply = client.execute_interactive(code, output_hook=output, timeout=60)
    finally:
        client.stop_channels()
    assert reply["content"]["status"] == "ok"
    return "".join(printed)


def test_a_forked_kernel_has_its_imports_done_and_ends_with_nothing_left_running():
    from evaltools.run import _Kernel

    fork = warm.start()
    try:
        kernel = _Kernel(60)
        kernel.ready()
        printed = run_in(kernel, "import os, sys\nprint('scipy.stats' in sys.modules, "
                                 "os.environ.get('EVALTOOLS_UNATTENDED'), os.getppid(), os.getpid())")
        imported, unattended, parent, pid = printed.split()
        assert imported == "True"  # imported by the fork before the kernel was forked
        assert unattended == "1"  # the environment the report command gives its kernel
        assert int(parent) == fork.process.pid
        try:
            _assert_kernel_environment(kernel)  # numpy was imported by the fork, in that environment
        finally:
            kernel.stop()
        for _ in range(100):
            if not warm._alive(int(pid)):
                break
            time.sleep(0.05)
        assert not warm._alive(int(pid))
    finally:
        warm.stop()
    assert fork.process.poll() is not None and warm.current() is None


def test_a_kernel_command_that_is_not_ipykernel_is_refused():
    with pytest.raises(RuntimeError):
        warm._kernel_arguments(["python", "-m", "something_else"])
    assert warm._kernel_arguments(["python", "-m", "ipykernel_launcher", "-f", "c.json"]) == ["-f", "c.json"]


def test_when_the_fork_has_died_kernels_start_the_usual_way():
    from evaltools.run import _Kernel

    fork = warm.start()
    try:
        fork.process.kill()
        fork.process.wait()
        kernel = _Kernel(60)  # the fork does not answer: started as any kernel
        kernel.ready()
        assert run_in(kernel, "print(6 * 7)").strip() == "42"
        kernel.stop()
        assert warm.current() is None
    finally:
        warm.stop()


def test_a_usual_kernel_imports_in_a_thread_and_its_first_cell_waits_for_them():
    """Not forked: the kernel answers at once and imports in a thread (papermill connects meanwhile);
    the first cell runs once the imports are done, and no later cell waits."""
    from evaltools.run import _Kernel

    kernel = _Kernel(60)
    try:
        kernel.ready()
        printed = run_in(kernel, "import gc, sys, threading\n"
                                 "print('scipy.stats' in sys.modules, 'evaltools.report' in sys.modules, "
                                 "any(t.name == 'evaltools-warm-up' for t in threading.enumerate()), "
                                 "gc.get_freeze_count() > 100_000)")
        # ... and what it imported is out of the collector's sight (a full collection skips it)
        assert printed.split() == ["True", "True", "False", "True"]
        _assert_kernel_environment(kernel)
        left = run_in(kernel, "print(any('__et_warm_up' in getattr(f, '__qualname__', '') "
                              "for f in get_ipython().events.callbacks['pre_run_cell']))")
        assert left.split() == ["False"]  # the first cell removed it: no later cell waits
    finally:
        kernel.stop()


def _assert_kernel_environment(kernel) -> None:
    """The kernel has resources.KERNEL_ENVIRONMENT where this process's environment does not say
    otherwise, and numpy's BLAS runs one thread."""
    from evaltools.resources import KERNEL_ENVIRONMENT

    names = sorted(KERNEL_ENVIRONMENT)
    printed = run_in(kernel, f"import os; print(*[os.environ.get(n) for n in {names!r}])")
    assert printed.split() == [os.environ.get(n, KERNEL_ENVIRONMENT[n]) for n in names]
    assert KERNEL_ENVIRONMENT["OPENBLAS_NUM_THREADS"] == "1"
    if "OPENBLAS_NUM_THREADS" not in os.environ and "OMP_NUM_THREADS" not in os.environ:
        # numpy's OpenBLAS (the wheels' scipy-openblas) as it was started: one thread
        threads = run_in(kernel, "import numpy, ctypes\n"
                                 "libs = sorted({p for p in open('/proc/self/maps').read().split() "
                                 "if 'openblas' in p and '.so' in p})\n"
                                 "ask = [getattr(ctypes.CDLL(p), n, None) for p in libs for n in "
                                 "('scipy_openblas_get_num_threads64_', 'openblas_get_num_threads')]\n"
                                 "print(*[f() for f in ask if f is not None] or ['none'])")
        if threads.split() != ["none"]:  # (a numpy built on another BLAS does not say)
            assert set(threads.split()) == {"1"}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked on Linux only")
def test_a_kernel_given_an_insats_reads_its_files_while_it_starts(tmp_path):
    # the report command names the insats in the kernel's environment; the warm-up starts the
    # copy that reads its files (evaltools.prefetch), and load_insats takes them
    from conftest import BASE_YAML, write_insats

    from evaltools.run import _Kernel

    path = write_insats(tmp_path, BASE_YAML, narvaro="deltagar_id;datum;narvarande\nA1;2024-01-15;ja\n")
    kernel = _Kernel(60, prefetch=path.parent)
    try:
        kernel.ready()
        printed = run_in(kernel, "import evaltools.prefetch as p\nprint(p._pending is not None)\n"
                                 f"import evaltools\ni = evaltools.load_insats({str(path)!r})\n"
                                 "print(len(i.narvaro), p._pending is None)")
        assert printed.split() == ["True", "1", "True"]
    finally:
        kernel.stop()

