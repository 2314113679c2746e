"""Warm kernels for a batch: forked from a process that has imported what a report needs.

Every report's kernel starts a Python process, imports ipykernel, pandas, matplotlib, scipy,
statsmodels and evaltools, about two CPU-seconds before the notebook's first cell: a third of a
small report's work, spent again for every insats of a batch. A batch process instead starts one
:class:`KernelFork` (``python -m evaltools.warm``), which imports all of it once and then forks a
kernel for each report (``IPKernelApp``, as ``python -m ipykernel_launcher`` runs it, with the
report's connection file, environment and folder). The kernel is the same as a kernel started the
usual way, whose imports are already done: the notebook and every file of the report are the same
bytes.

jupyter_client starts and stops the kernel as any other through a provisioner of its own (its
process is the fork's child, not the batch process's: it is watched by its pid, and signalled by
its process group, as jupyter_client signals its own kernels).

Linux only (see :func:`evaltools.plots.default_workers`): elsewhere kernels start as usual.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from typing import Any

__all__ = ["KernelFork", "forked_provisioner", "current", "start", "stop"]

#: what the fork imports before it forks kernels (as the report command's kernel warms up)
WARM_MODULES = ("pandas", "matplotlib", "evaltools.report", "evaltools.render_xlsx", "evaltools.render_docx",
                "scipy.stats", "scipy.optimize", "statsmodels.stats.proportion", "statsmodels.tools.numdiff",
                "statsmodels.duration.survfunc")
#: matplotlib's backend in a Jupyter kernel, set as ipykernel sets it, before matplotlib is imported
_INLINE = "module://matplotlib_inline.backend_inline"

_current: KernelFork | None = None


class KernelFork:
    """A process that has imported what a report needs and forks kernels on request."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        from .resources import KERNEL_ENVIRONMENT

        # the kernels' environment from the start: numpy reads some of it when it is imported, here
        self.process = subprocess.Popen([sys.executable, "-m", "evaltools.warm"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, encoding="utf-8", bufsize=1,
                                        env={**KERNEL_ENVIRONMENT, **os.environ})
        self._ready = False

    def kernel(self, argv: list[str], env: dict[str, str], cwd: str | None) -> int:
        """Fork a kernel with ``argv`` (ipykernel's arguments), ``env`` and ``cwd``; its pid."""
        with self._lock:
            if not self._ready:
                if self.process.stdout.readline().strip() != "klar":
                    raise RuntimeError("the warm kernel process did not start")
                self._ready = True
            self.process.stdin.write(json.dumps({"argv": argv, "env": env, "cwd": cwd}) + "\n")
            answer = self.process.stdout.readline()
        if not answer:
            raise RuntimeError("the warm kernel process ended")
        return int(json.loads(answer)["pid"])

    def close(self) -> None:
        """End the process (kernels it forked and still running end with it: their parent is gone)."""
        try:
            self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start() -> KernelFork | None:
    """Start this process's kernel fork (a batch process calls it once); None where kernels are
    not forked (not Linux: see :func:`evaltools.plots.default_workers`)."""
    global _current
    if _current is None and sys.platform.startswith("linux") and hasattr(os, "fork"):
        _current = KernelFork()
        import atexit

        atexit.register(stop)
    return _current


def current() -> KernelFork | None:
    """This process's kernel fork, if one was started."""
    return _current


def stop() -> None:
    """End this process's kernel fork."""
    global _current
    if _current is not None:
        fork, _current = _current, None
        fork.close()


# ------------------------------------------------------------------------------- jupyter_client side

class _ForkedKernel:
    """What jupyter_client's provisioner needs of a Popen, for a kernel that is not our child: the
    fork reaps it, so it has ended once its pid is gone (or a zombie waiting to be reaped)."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None and not _alive(self.pid):
            self.returncode = 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        import time

        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired([str(self.pid)], timeout)
            time.sleep(0.02)
        return self.returncode  # type: ignore[return-value]

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie answers kill(0) until its parent reaps it
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _provisioner_class() -> type:
    from jupyter_client.provisioning import LocalProvisioner

    class ForkedProvisioner(LocalProvisioner):
        """Starts the kernel by asking this process's :class:`KernelFork` to fork one."""

        async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
            fork = current()
            if fork is None:  # started the usual way
                return await super().launch_kernel(cmd, **kwargs)
            argv = _kernel_arguments(cmd)
            env = {k: str(v) for k, v in (kwargs.get("env") or os.environ).items()}
            cwd = kwargs.get("cwd")
            try:
                pid = fork.kernel(argv, env, str(cwd) if cwd else None)
            except (OSError, RuntimeError, ValueError):  # the fork died: this and later kernels as usual
                stop()
                return await super().launch_kernel(cmd, **kwargs)
            self.process = _ForkedKernel(pid)
            self.pid = self.pgid = pid  # the kernel leads a session of its own
            self.cwd = cwd or os.getcwd()
            return self.connection_info

    return ForkedProvisioner


def _kernel_arguments(cmd: list[str]) -> list[str]:
    """ipykernel's arguments of a kernel command ``python -m ipykernel_launcher ARGS``."""
    if "ipykernel_launcher" in cmd:
        return list(cmd[cmd.index("ipykernel_launcher") + 1:])
    raise RuntimeError(f"not an ipykernel command: {cmd[:3]}")


def forked_provisioner(manager: Any) -> Any:
    """A provisioner for ``manager`` (an AsyncKernelManager about to start) that forks its kernel."""
    import uuid

    manager.kernel_id = manager.kernel_id or str(uuid.uuid4())
    return _provisioner_class()(kernel_id=manager.kernel_id, kernel_spec=manager.kernel_spec, parent=manager)


# ------------------------------------------------------------------------------- the fork itself

def _reap(*_: Any) -> None:
    """Reap every kernel that has ended (SIGCHLD)."""
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _become_kernel(request: dict[str, Any], fork_pid: int) -> None:
    """In the forked child: become the kernel ``python -m ipykernel_launcher ARGV`` would start."""
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.setsid()  # a session of its own, as jupyter_client starts kernels: signalled as a group
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ["JPY_PARENT_PID"] = str(fork_pid)  # the kernel ends if the fork does
        if request.get("cwd"):
            os.chdir(request["cwd"])
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)  # not the fork's requests
        os.dup2(2, 1)  # not the fork's answers
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115
        sys.stdout = sys.__stdout__ = os.fdopen(1, "w", encoding="utf-8", closefd=False)
        # ipykernel read JPY_PARENT_PID when the fork imported it: told here instead (the kernel
        # ends if the fork does, and prints no connection banner, as a kernel of jupyter_client)
        argv = [*request["argv"], f"--IPKernelApp.parent_handle={fork_pid}"]
        sys.argv = ["ipykernel_launcher", *argv]
        from ipykernel import kernelapp

        kernelapp.launch_new_instance(argv=argv)
        code = 0
    except SystemExit as end:
        code = end.code if isinstance(end.code, int) else 0
    except BaseException:  # noqa: BLE001 - the kernel's own errors are on stderr
        import traceback

        traceback.print_exc()
    finally:
        os._exit(code)


def main() -> None:
    """``python -m evaltools.warm``: import, then fork a kernel for each request line on stdin."""
    os.environ.setdefault("MPLBACKEND", _INLINE)
    import ipykernel.kernelapp  # noqa: F401

    for name in WARM_MODULES:
        try:
            __import__(name)
        except Exception:  # noqa: BLE001 - a module missing here only costs the kernel time
            pass
    import gc

    gc.collect()
    gc.freeze()  # what is imported stays put: the kernels share its pages
    signal.signal(signal.SIGCHLD, _reap)
    answers = sys.stdout
    print("klar", file=answers, flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _become_kernel(request, os.getppid())
        print(json.dumps({"pid": pid}), file=answers, flush=True)


if __name__ == "__main__":
    main()
