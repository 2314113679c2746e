"""Many insatser at once: reports run in parallel processes, or on a Dask cluster, with a summary.

:func:`run_batch` hands one :class:`Job` per insats to any :class:`concurrent.futures.Executor` and
collects one :class:`Outcome` per job, in the order of the jobs. A job never raises: a broken insats
becomes an outcome with status ``fel`` and its message, and the other jobs go on.

Executors:

* :func:`local_executor` — a process pool (papermill is not thread-safe, so never threads), started
  with ``spawn`` so that no worker inherits a lock or a thread of this process;
* :func:`cluster_executor` — a Dask distributed scheduler's executor
  (``dask.distributed.Client(address).get_executor()``): every worker needs evaltools installed and
  the insats folders at the same paths (a shared disk);
* one job, or ``--parallell 1``: :class:`InlineExecutor`, the job in this process.

Each job runs :func:`evaltools.run.run_report`, which skips an insats whose inputs have not changed
(status ``oforandrad``) unless the job says ``force``.
"""

from __future__ import annotations

import asyncio
import contextvars
import glob
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Job", "Outcome", "run_job", "run_batch", "resolve_insatser", "local_executor",
           "cluster_executor", "InlineExecutor", "summary_table", "unexpected_message", "FAILED",
           "STATUS_TEXT"]

#: status of a job that failed (the others are :data:`evaltools.run.DONE` and ``UNCHANGED``)
FAILED = "fel"
#: how the summary writes each status
STATUS_TEXT = {"klar": "klar", "oforandrad": "oförändrad", FAILED: "fel"}


@dataclass(frozen=True)
class Job:
    """One insats to report on: ``path`` to its insats.yaml (absolute when run on a cluster)."""

    path: str
    output: str | None = None
    timeout: int = 900
    template: str | None = None
    force: bool = False

    @property
    def name(self) -> str:
        """The insats folder's name, which names the job before its insats.yaml is read."""
        p = Path(self.path)
        return (p if p.suffix.lower() not in (".yaml", ".yml") else p.parent).name or self.path


@dataclass(frozen=True)
class Outcome:
    """What became of a job: ``status`` ``klar``, ``oforandrad`` or ``fel``; ``seconds`` it took.

    ``error`` is the whole Swedish message of a failure (``traceback`` the Python traceback, shown
    only with ``--debug``); ``insats`` and ``period`` are None when insats.yaml could not be read.
    """

    path: str
    status: str
    seconds: float
    insats: str | None = None
    period: str | None = None
    output: str | None = None
    html: str | None = None
    left_out_rows: int = 0
    error: str | None = None
    traceback: str | None = None

    @property
    def failed(self) -> bool:
        return self.status == FAILED

    @property
    def first_error_line(self) -> str:
        return (self.error or "").strip().splitlines()[0] if self.error and self.error.strip() else ""


def unexpected_message(err: BaseException) -> str:
    """What a user is told about an error that is not one of evaltools' own: never its text, which
    may quote data."""
    return (f"ett oväntat fel inträffade i evaltools ({type(err).__name__}). Kör kommandot igen med "
            "--debug för detaljer och rapportera felet till utvecklarna.")


def run_job(job: Job) -> Outcome:
    """Make one insats's report; never raises (a failure is an :class:`Outcome` with its message).

    A top-level function, so that process pools and Dask workers can run it. Each job runs in a
    context of its own: jupyter_client's event loop is kept in a context variable, and a Dask worker
    running jobs in several threads would otherwise hand them one loop, running in another thread.
    """
    context = contextvars.Context()
    try:
        return context.run(_run_job, job)
    finally:
        closed = False
        for value in list(context.values()):  # the event loop the job's kernel client made
            if isinstance(value, asyncio.AbstractEventLoop) and not value.is_running() and not value.is_closed():
                value.close()
                closed = True
        if closed:
            asyncio.set_event_loop(None)


def _run_job(job: Job) -> Outcome:
    from .errors import EvaltoolsError
    from .run import run_report

    start = time.perf_counter()
    try:
        result = run_report(job.path, job.output, timeout=job.timeout, template=job.template,
                            force=job.force)
    except Exception as err:  # evaltools' own errors, and any other: the batch goes on
        message = str(err) if isinstance(err, EvaltoolsError) else unexpected_message(err)
        trace = "".join(traceback.format_exception(err))
        if getattr(err, "detail", None):  # the traceback inside the notebook's kernel
            trace += f"\nI anteckningsboken:\n{err.detail}\n"
        return Outcome(job.path, FAILED, time.perf_counter() - start, *_names(job.path),
                       error=message, traceback=trace)
    return Outcome(job.path, result.status, time.perf_counter() - start, result.insats, result.period,
                   str(result.output), str(result.html), result.left_out_rows)


def _names(path: str) -> tuple[str | None, str | None]:
    """The insats's name and report period, when its insats.yaml can be read."""
    from .config import load_config

    try:
        config = load_config(path)
    except Exception:  # noqa: BLE001 - the failure itself is what the outcome reports
        return None, None
    return config.insats, config.period.label


class InlineExecutor(Executor):
    """Runs each job at once, in this process (one job, or ``--parallell 1``)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        future.set_running_or_notify_cancel()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as err:  # noqa: BLE001 - handed to whoever reads the future
            future.set_exception(err)
            if isinstance(err, KeyboardInterrupt):
                raise
        return future


def local_executor(workers: int) -> Executor:
    """A pool of ``workers`` processes (``spawn``ed), or :class:`InlineExecutor` for one."""
    if workers <= 1:
        return InlineExecutor()
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=warm_process, initargs=(workers,))


def share_cores(reports: int) -> None:
    """In a process of a batch running ``reports`` reports at once: each report's kernel draws its
    figures with the cores the batch leaves it (:func:`evaltools.plots.default_workers`); with a
    report per core, in the kernel itself, since forking copies to draw them only adds work."""
    from .resources import FIGURE_WORKERS

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    os.environ[FIGURE_WORKERS] = str(max(0, cores // max(reports, 1) - 1))


def warm_process(reports: int) -> None:
    """The initializer of a batch's process: share the cores (:func:`share_cores`) and start the
    process's :class:`~evaltools.warm.KernelFork`, so that each of its reports' kernels is forked
    with its imports done instead of importing them again."""
    share_cores(reports)
    from . import warm

    warm.start()


def cluster_executor(address: str, *, timeout: float = 30) -> tuple[Executor, Any]:
    """The executor of the Dask distributed scheduler at ``address``, and its client (close it when
    done). Raises :class:`~evaltools.errors.EvaltoolsError` with a Swedish message when Dask is not
    installed or the scheduler does not answer."""
    from .errors import EvaltoolsError

    try:
        from dask.distributed import Client
    except ImportError:
        raise EvaltoolsError("--kluster kräver Dask: installera det med "
                             "pip install 'evaltools[kluster]' (dask[distributed])") from None
    try:
        client = Client(address, timeout=timeout)
    except Exception as err:  # noqa: BLE001 - OSError, TimeoutError, a malformed address, …
        raise EvaltoolsError(f"kunde inte ansluta till klustret {address} ({type(err).__name__}); "
                             "kontrollera adressen (t.ex. tcp://värd:8786) och att schemaläggaren "
                             "är igång") from None
    return client.get_executor(), client


def resolve_insatser(given: Sequence[str]) -> list[str]:
    """Every insats.yaml that ``given`` names, in the order given, each once.

    An item may be an insats.yaml, a folder holding one, a förbund folder whose subfolders hold one
    each (``*/insats.yaml``), or a glob pattern (``förbundet/*/insats.yaml``, ``insatser/**``) for
    shells that do not expand it. A path that exists in none of these ways is kept as given, so that
    its report fails with the reason.
    """
    found: list[str] = []
    seen: set[Path] = set()

    def add(path: Path | str) -> None:
        p = Path(path).expanduser()
        key = (p / "insats.yaml" if p.is_dir() else p).resolve()
        if key not in seen:
            seen.add(key)
            found.append(str(path))

    for item in given:
        path = Path(item).expanduser()
        if path.is_dir() and not (path / "insats.yaml").is_file():
            inside = sorted(path.glob("*/insats.yaml"))
            for config in inside:
                add(config)
            if inside:
                continue
        if not path.exists() and glob.has_magic(item):
            matches = sorted(glob.glob(os.path.expanduser(item), recursive=True))
            configs = [m for m in matches if Path(m).name == "insats.yaml"
                       or (Path(m).is_dir() and (Path(m) / "insats.yaml").is_file())]
            for match in configs:
                add(match)
            if configs:
                continue
        add(item)  # an insats.yaml, or a folder holding one, as given (messages name it so)
    return found


def run_batch(jobs: Sequence[Job], executor: Executor, *, progress: bool | None = None,
              on_done: Callable[[Outcome, int, int], None] | None = None,
              runner: Callable[[Job], Outcome] = run_job) -> list[Outcome]:
    """Run every job on ``executor``; return their outcomes in the order of ``jobs``.

    ``progress`` shows a tqdm bar on stderr naming the insatser being run (None: only when stderr is
    a terminal). ``on_done(outcome, finished, total)`` is called as each job finishes. A job whose
    worker died (a crashed process, a lost Dask worker) is an outcome with status ``fel``.
    Interrupted (Ctrl-C), the jobs not yet started are cancelled and the interrupt goes on.
    """
    from tqdm import tqdm

    total = len(jobs)
    started = time.perf_counter()
    futures: dict[Future, int] = {}
    outcomes: list[Outcome | None] = [None] * total
    bar = tqdm(total=total, desc="Rapporter", unit="insats", file=sys.stderr, dynamic_ncols=True,
               disable=(not sys.stderr.isatty()) if progress is None else not progress,
               bar_format="{desc}: {n_fmt}/{total_fmt} |{bar}| {elapsed} {postfix}")
    finished = 0

    def record(future: Future) -> None:
        nonlocal finished
        index = futures[future]
        job = jobs[index]
        try:
            outcome = future.result()
        except BaseException as err:  # noqa: BLE001 - the worker, not the job, failed
            if isinstance(err, KeyboardInterrupt):
                raise
            outcome = Outcome(job.path, FAILED, time.perf_counter() - started,
                              error=f"arbetsprocessen avbröts oväntat ({type(err).__name__}); "
                                    "kör insatsen igen, ensam",
                              traceback="".join(traceback.format_exception(err)))
        outcomes[index] = outcome
        finished += 1
        bar.update(1)
        if on_done is not None:
            on_done(outcome, finished, total)

    try:
        for index, job in enumerate(jobs):
            bar.set_postfix_str(job.name, refresh=True)
            future = executor.submit(runner, job)
            futures[future] = index
            if future.done():  # an inline executor ran it already
                record(future)
        pending = {f for f in futures if outcomes[futures[f]] is None}
        while pending:
            running = [jobs[futures[f]].name for f in sorted(pending, key=futures.get) if f.running()]
            bar.set_postfix_str(", ".join(running[:4]) + (" …" if len(running) > 4 else ""))
            done, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=futures.get):
                record(future)
    except KeyboardInterrupt:
        for future in futures:
            future.cancel()
        raise
    finally:
        bar.set_postfix_str("")
        bar.close()
    return [o for o in outcomes if o is not None]


def _seconds(value: float) -> str:
    if value >= 60:
        minutes, seconds = divmod(round(value), 60)
        return f"{minutes} min {seconds:02d} s"
    return f"{value:.1f} s".replace(".", ",")


def _place(path: str | None) -> str:
    """A folder as the summary shows it: relative to the working directory when inside it."""
    if not path:
        return "–"
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return path


def summary_table(outcomes: Iterable[Outcome], *, width: int = 60) -> str:
    """The summary at the end of a batch: insats, period, status, time, output folder, and the first
    line of any error (cut at ``width`` characters), as aligned plain text."""
    header = ("insats", "period", "status", "tid", "utmapp", "fel")
    rows = []
    for o in outcomes:
        error = o.first_error_line
        if len(error) > width:
            error = error[:width - 1] + "…"
        rows.append((o.insats or Job(o.path).name, o.period or "–", STATUS_TEXT.get(o.status, o.status),
                     _seconds(o.seconds), _place(o.output) if not o.failed else "–", error))
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [cell.rjust(w) if i == 3 else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
