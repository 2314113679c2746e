"""Running a report notebook: validate, start the kernel, execute with papermill (which writes the report).

The notebook runs in the ``evaltools`` kernel, whose specification ships with the package and
always starts this environment's interpreter (see :func:`evaltools.resources.jupyter_dir`), so a
report never runs under some other ``python3`` kernel that happens to be on the machine.

The kernel is started here, before papermill is asked to run the notebook in it, for two reasons:

* **one retry**: a kernel start that fails (no answer within ``start_timeout``, a port taken by
  another kernel started at the same moment) is tried once more; a notebook that fails is not;
* **speed**: the kernel boots, and imports what the notebook will import, while this process
  validates the insats and imports papermill. The imports are sent as a silent request, so the
  executed notebook is the same as without it.

A report whose inputs have not changed since it was last made in the same output folder is not made
again (:mod:`evaltools.fingerprint`); ``force=True`` makes it anyway.

Papermill is not thread-safe (``cwd=`` changes the process's working directory; it is never passed
here): run several reports in separate processes (:mod:`evaltools.batch`).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import EvaltoolsError
from .resources import (FINGERPRINT_FILE, KERNEL_ENVIRONMENT, KERNEL_NAME, PREFETCH, UNATTENDED, jupyter_dir,
                        notebook_path)

# insats.yaml's model (pydantic) and the fingerprint are imported where they are used: the report
# command starts its kernel first, and the kernel boots while they are imported

__all__ = ["run_report", "run_overview", "run_notebook", "ReportResult", "OverviewResult", "ReportError",
           "KernelStartError", "DONE", "UNCHANGED"]

#: what a report run writes (and clears before writing again) in its output folder
_OWNED = ("figurer", "tabeller", "nyckeltal.json", "datakvalitet.csv", FINGERPRINT_FILE)
#: the report files of every kind, cleared before a new run writes its own
_KINDS = ("tertialrapport", "halvarsrapport", "arsrapport", "slutrapport", "rapport")
#: statuses of a report run
DONE, UNCHANGED = "klar", "oforandrad"
#: modules the report notebook imports (some of them only inside evaltools' functions): the kernel
#: imports them while it waits for the notebook; a name missing here only costs time, never a result.
#: Not python-docx nor openpyxl: the Word document and the Excel workbook are made by forked copies
#: (evaltools.parallel), which import them then.
_WARM_MODULES = ("evaltools.report", "scipy.stats", "statsmodels.stats.proportion", "statsmodels.duration.survfunc")
#: The kernel imports them in a thread, and answers at once: papermill reads the notebook and connects
#: (a quarter of a second) while they are imported. The first cell waits for the imports before it
#: runs (IPython's pre_run_cell), so no cell ever imports side by side with them. What is imported is
#: then moved out of the garbage collector's sight (``gc.freeze``): the modules, classes and functions
#: of pandas, matplotlib, scipy and statsmodels live as long as the kernel, and a full collection
#: during the report went through all of them each time (0.1–0.3 s, once or twice per report).
_WARM_UP = f"""\
def __et_warm_up():
    import os
    import threading

    if os.environ.get({PREFETCH!r}):  # the insats's files are read meanwhile (evaltools.prefetch)
        try:
            from evaltools.prefetch import start

            start(os.environ[{PREFETCH!r}])
        except Exception:
            pass

    def imports():
        import gc

        for module in {_WARM_MODULES!r}:
            try:
                __import__(module)
            except Exception:
                pass
        gc.freeze()

    thread = threading.Thread(target=imports, name="evaltools-warm-up", daemon=True)
    shell = get_ipython()

    def wait(*_):
        thread.join()
        shell.events.unregister("pre_run_cell", wait)

    shell.events.register("pre_run_cell", wait)
    thread.start()
__et_warm_up()
del __et_warm_up
"""
#: arguments of every kernel: quiet start-up, no history database shared between parallel kernels
_KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR", "--HistoryManager.hist_file=:memory:"]


class ReportError(EvaltoolsError):
    """The notebook failed while it ran. ``detail`` is the traceback from the kernel (for
    ``--debug``; it may quote data, so it is never shown otherwise)."""

    def __init__(self, message: str, detail: str | None = None, *, own: bool = False):
        super().__init__(message)
        self.detail = detail
        self.own = own  # an evaltools error about the insats's files, told as it is


class KernelStartError(ReportError):
    """The Jupyter kernel did not start (after one retry)."""


@dataclass(frozen=True)
class ReportResult:
    """One insats's report: ``status`` is :data:`DONE` (made now) or :data:`UNCHANGED` (the output
    folder already held the report of the same inputs)."""

    insats: str
    period: str
    output: Path
    html: Path
    notebook: Path
    left_out_rows: int
    status: str = DONE


def _use_packaged_kernel() -> None:
    """Make the ``evaltools`` kernel specification visible to jupyter_client in this process."""
    path = str(jupyter_dir())
    current = os.environ.get("JUPYTER_PATH", "")
    if path not in current.split(os.pathsep):
        os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in (path, current) if p)
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # quiet debugger warning at start


def _clear(output: Path, stem: str) -> None:
    reports = [f"{kind}.{ext}" for kind in {*_KINDS, stem} for ext in ("ipynb", "html", "docx")]
    for name in (*_OWNED, *reports):
        target = output / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()


# ------------------------------------------------------------------------------------------ kernel

class _Kernel:
    """A started ``evaltools`` kernel: its manager (handed to papermill) and a client of our own."""

    def __init__(self, start_timeout: float, *, prefetch: str | Path | None = None):
        from jupyter_client.blocking import BlockingKernelClient
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        _use_packaged_kernel()
        self.timeout = start_timeout
        self.manager = AsyncKernelManager(kernel_name=KERNEL_NAME)
        self.client: Any = None
        from . import warm

        if warm.current() is not None:  # a batch process: the kernel is forked, its imports done
            self.manager.provisioner = warm.forked_provisioner(self.manager)
        # nobody watches this notebook: its cells need not wait for their figures (Report.settle_figures)
        env = {**KERNEL_ENVIRONMENT, **os.environ, UNATTENDED: "1"}
        if prefetch is not None:  # the insats whose files the kernel reads while it starts
            env[PREFETCH] = str(Path(prefetch).resolve())
        run_sync(self.manager.start_kernel)(extra_arguments=list(_KERNEL_ARGUMENTS), env=env)
        # a client of the manager: "is the kernel alive?" asks the process, not the heartbeat, which
        # a kernel busy booting on a loaded machine may not answer within a second
        self.client = BlockingKernelClient(parent=self.manager)
        self.client.load_connection_info(self.manager.get_connection_info())
        self.client.start_channels(hb=False)
        # queued until the kernel listens; it runs before the notebook's first cell
        self.client.execute(_WARM_UP, silent=True, store_history=False)

    def ready(self) -> None:
        """Wait until the kernel answers a ``kernel_info`` request (raises RuntimeError when it does
        not in time, or died). Not jupyter_client's ``wait_for_ready``, which then waits for 0.2 s
        of silence on IOPub, a channel this client does not read."""
        from queue import Empty

        from jupyter_core.utils import run_sync

        deadline = time.monotonic() + self.timeout
        while True:
            self.client.kernel_info()
            try:
                while True:  # the warm-up's reply, and earlier requests', come first
                    if self.client.get_shell_msg(timeout=1)["msg_type"] == "kernel_info_reply":
                        return
            except Empty:
                pass
            if not run_sync(self.manager.is_alive)():
                raise RuntimeError("the kernel died before it answered")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the kernel did not answer in {self.timeout:.0f} s")

    def stop(self) -> None:
        """Stop the client and the kernel (again: nothing)."""
        from jupyter_core.utils import run_sync

        try:
            if self.client is not None:
                client, self.client = self.client, None
                client.stop_channels()
        finally:
            if self.manager.has_kernel:
                run_sync(self.manager.shutdown_kernel)(now=True)


def _start_kernel(start_timeout: float, *, start: Callable[[float], Any] = _Kernel,
                  attempts: int = 2) -> Any:
    """A kernel that is ready, trying ``attempts`` times. Raises :class:`KernelStartError`."""
    failure: BaseException | None = None
    for _ in range(attempts):
        kernel = None
        try:
            kernel = start(start_timeout)
            kernel.ready()
            return kernel
        except KeyboardInterrupt:
            _stop_quietly(kernel)
            raise
        except Exception as err:  # no answer in time, a port clash, a kernel that died at once
            failure = err
            _stop_quietly(kernel)
    raise KernelStartError(
        f"Jupyter-kärnan '{KERNEL_NAME}' startade inte, inte heller vid ett andra försök "
        f"({type(failure).__name__}: {_first_line(failure)}). Kör `make install` igen, eller höj "
        "tidsgränsen om datorn är hårt belastad.")


_OWN_ERRORS = {"EvaltoolsError", "ConfigError", "DataError", "ReportError"}
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _plain(text: str) -> str:
    """A kernel's message without its terminal colours."""
    return _ANSI.sub("", text or "")


def _stop_quietly(kernel: Any) -> None:
    """Stop a kernel that failed to start (which may fail to stop too)."""
    if kernel is None:
        return
    try:
        kernel.stop()
    except Exception:  # noqa: BLE001
        pass


def _first_line(err: BaseException | None) -> str:
    text = str(err).strip() if err is not None else ""
    return text.splitlines()[0] if text else "inget svar"


def _without_iri_checker() -> None:
    """Keep jsonschema (imported by papermill through nbformat) from loading its optional IRI format
    checker: ``rfc3987_syntax`` compiles a grammar when imported, about a second per report process,
    and the notebook schema has no IRI. jsonschema leaves out a checker whose module cannot be
    imported."""
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def _early_kernel(start_timeout: float = 120, *, prefetch: str | Path | None = None) -> Any:
    """A kernel starting now, to boot while the caller does other work (reading the data files of
    the insats ``prefetch`` meanwhile); None if it did not start (it is started again, once, when the
    notebook is run)."""
    try:
        return _Kernel(start_timeout, prefetch=prefetch)
    except Exception:  # noqa: BLE001 - started again by run_notebook, once
        return None


def run_notebook(notebook: str, executed: Path, parameters: Mapping[str, Any], *, timeout: int,
                 prepare: Callable[[], None] | None = None, start_timeout: float = 120,
                 what: str = "rapporten", kernel: Any = None) -> None:
    """Execute the packaged notebook ``notebook`` into ``executed`` with papermill.

    The kernel starts first (or was started by the caller: ``kernel``, from :func:`_early_kernel`);
    ``prepare`` (validation, say) runs while it boots, and a failure there stops the kernel before
    the notebook runs. A failed cell raises :class:`ReportError` naming it; a kernel that does not
    start, :class:`KernelStartError` (after one retry). The kernel is stopped in every case.
    """
    attempts = 2
    if kernel is None:
        kernel = _early_kernel(start_timeout)  # boots while ``prepare`` runs and papermill is imported
        if kernel is None:
            attempts = 1
    try:
        if prepare is not None:
            prepare()
        _without_iri_checker()
        import papermill
        from papermill.exceptions import PapermillExecutionError

        if kernel is not None:
            try:
                kernel.ready()
            except Exception:  # noqa: BLE001 - the first start failed: start again, once
                _stop_quietly(kernel)
                kernel, attempts = None, 1
        if kernel is None:
            kernel = _start_kernel(start_timeout, attempts=attempts)
        logging.getLogger("papermill").setLevel(logging.WARNING)
        executed.parent.mkdir(parents=True, exist_ok=True)
        try:
            papermill.execute_notebook(
                str(notebook_path(notebook)), str(executed), parameters=dict(parameters),
                engine_name=_engine(), kernel_name=KERNEL_NAME, language="python", progress_bar=False,
                log_output=False, start_timeout=int(start_timeout), execution_timeout=timeout, cwd=None,
                km=kernel.manager, shutdown_kernel="immediate")
        except PapermillExecutionError as err:
            detail = _plain("\n".join(err.traceback or []))
            if err.ename in _OWN_ERRORS:  # the insats's own problem, told as evaltools tells it
                raise ReportError(_plain(err.evalue), detail, own=True) from None
            raise ReportError(f"{what} avbröts i cell {err.exec_count} av ett oväntat fel ({err.ename}). "
                              "Kör kommandot igen med --debug för detaljer och rapportera felet till "
                              "utvecklarna.", detail) from None
    finally:
        _stop_quietly(kernel)


_ENGINE = "evaltools"


def _engine() -> str:
    """papermill's nbclient engine, except that it cleans up after a kernel it was handed as after
    one it started (its client stopped, the kernel shut down): papermill only does so for its own."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger
    from papermill.utils import merge_kwargs, remove_args

    if _ENGINE in papermill_engines._engines:
        return _ENGINE

    class Client(PapermillNotebookClient):
        def __init__(self, nb_man: Any, km: Any = None, **kw: Any):
            super().__init__(nb_man, km=km, **kw)
            self.owns_km = True  # evaltools started the kernel for this notebook alone

        async def async_start_new_kernel_client(self) -> Any:
            """nbclient's, except that once the kernel has answered and IOPub is seen to be
            connected, it does not wait for 0.2 s of silence on IOPub: nbclient takes only the
            messages of the cell it runs from IOPub, and this kernel has answered already
            (``_Kernel.ready``)."""
            from nbclient.util import ensure_async, run_hook

            self.kc = self.km.client()
            try:
                await ensure_async(self.kc.start_channels())
                await _answered(self.kc, self.startup_timeout)
            except Exception:
                await self._async_cleanup_kernel()
                raise
            self.kc.allow_stdin = False
            await run_hook(self.on_notebook_start, notebook=self.nb)
            return self.kc

    class Engine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, log_output: bool = False,
                                     stdout_file: Any = None, stderr_file: Any = None, start_timeout: int = 60,
                                     execution_timeout: int | None = None, **kwargs: Any) -> Any:
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            final = merge_kwargs(kwargs, timeout=execution_timeout, startup_timeout=start_timeout,
                                 kernel_name=kernel_name, log=logger, log_output=log_output,
                                 stdout_file=stdout_file, stderr_file=stderr_file)
            # papermill writes the whole notebook (its figures and all) at every cell's start and end;
            # this one is written once, complete (notebook_complete, after this returns)
            nb_man.save = lambda **_: None
            try:
                return Client(nb_man, **final).execute()
            finally:
                del nb_man.save

    papermill_engines.register(_ENGINE, Engine)
    return _ENGINE


async def _answered(client: Any, timeout: float) -> None:
    """A kernel client's ``wait_for_ready`` without its final wait for 0.2 s of silence on IOPub:
    the kernel answers ``kernel_info`` on shell, and a message on IOPub shows that channel is
    connected (a subscription made late misses what was sent before it)."""
    from queue import Empty

    from nbclient.util import ensure_async

    deadline = time.monotonic() + timeout
    while True:
        client.kernel_info()
        try:
            reply = await ensure_async(client.shell_channel.get_msg(timeout=1))
        except Empty:
            reply = None
        if reply is not None and reply["msg_type"] == "kernel_info_reply":
            try:
                await ensure_async(client.iopub_channel.get_msg(timeout=0.2))
            except Empty:
                pass  # IOPub not connected yet: ask again
            else:
                return
        if not await ensure_async(client.is_alive()):
            raise RuntimeError("Kernel died before replying to kernel_info")
        if time.monotonic() > deadline:
            raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")


# ------------------------------------------------------------------------------------------ report

def run_report(config_path: str | Path, output_dir: str | Path | None = None, *,
               notebook: str = "rapport", timeout: int = 900,
               template: str | Path | None = None, force: bool = False) -> ReportResult:
    """Make one insats's report. Raises :class:`EvaltoolsError` (Swedish message) on failure.

    The report files are named after the report's kind (``halvarsrapport.html``, ``.docx``,
    ``.ipynb``; ``slutrapport…`` for the whole insats period). ``template`` is the förbund's Word
    template for the ``.docx``. When the output folder already holds the report of the same inputs
    (:mod:`evaltools.fingerprint`), nothing is run and the result says :data:`UNCHANGED`, unless
    ``force``.
    """
    # a report that will be made (forced, or never made in its folder) starts its kernel at once:
    # it boots while insats.yaml is read and the data files are hashed
    kernel = None
    if force or (output_dir and not (Path(output_dir) / FINGERPRINT_FILE).is_file()):
        kernel = _early_kernel(prefetch=config_path)
    try:
        return _report(config_path, output_dir, notebook=notebook, timeout=timeout, template=template,
                       force=force, kernel=kernel)
    finally:
        _stop_quietly(kernel)  # not handed on (unchanged, a bad insats.yaml); else stopped already


def _report(config_path: str | Path, output_dir: str | Path | None, *, notebook: str, timeout: int,
            template: str | Path | None, force: bool, kernel: Any) -> ReportResult:
    from .config import load_config
    from .document import file_stem
    from .fingerprint import input_fingerprint, unchanged, write_fingerprint

    config = load_config(config_path)  # insats.yaml only: enough to know whether anything changed
    if template is not None:
        template = _checked_template(Path(template))
    output = Path(output_dir).resolve() if output_dir else config.default_output()
    stem = file_stem(config)
    made = ("nyckeltal.json", f"{stem}.html", f"{stem}.docx", f"{stem}.ipynb")
    if kernel is None and not (output / FINGERPRINT_FILE).is_file():
        kernel = _early_kernel(prefetch=config.path)
    fingerprint = input_fingerprint(config, notebook=notebook_path(notebook), template=template)
    if not force:
        stored = unchanged(output, fingerprint, made)
        if stored is not None:
            return ReportResult(config.insats, config.period.label, output, output / f"{stem}.html",
                                output / f"{stem}.ipynb", int(stored.get("utelamnade_rader", 0)), UNCHANGED)
    if kernel is None:  # changed since the last report: started now, to boot while papermill is imported
        kernel = _early_kernel(prefetch=config.path)
    # The notebook reads and checks every file (naming file, row and column of each problem) and
    # writes the report into a folder of its own; only a finished report replaces the last one, so a
    # failed run never leaves a half-made report, nor removes the previous one.
    def parameters(work: Path) -> dict[str, Any]:
        return {"config_path": str(config.path), "output_dir": str(work),
                "word_template": str(template) if template else ""}

    try:
        _run_into(output, notebook, stem, parameters, made, timeout=timeout, clear=lambda: _clear(output, stem),
                  kernel=kernel)
    except ReportError as err:
        if err.own:
            raise
        raise type(err)(f"{config.path}: {err}", err.detail) from None
    left_out = _left_out_rows(output / "datakvalitet.csv")
    write_fingerprint(output, fingerprint, insats=config.insats, rapportperiod=config.period.label,
                      utelamnade_rader=left_out)
    return ReportResult(config.insats, config.period.label, output, output / f"{stem}.html",
                        output / f"{stem}.ipynb", left_out, DONE)


def _run_into(output: Path, notebook: str, stem: str, parameters: Callable[[Path], dict[str, Any]],
              made: Sequence[str], *, timeout: int, clear: Callable[[], None], what: str = "rapporten",
              kernel: Any = None) -> None:
    """Run ``notebook`` (in ``kernel``, if started already) writing into a temporary folder; when it
    made every file of ``made``, ``clear`` the output folder's old files and move the new ones in."""
    with tempfile.TemporaryDirectory(prefix="evaltools-") as work_dir:
        work = Path(work_dir)
        executed = work / f"{stem}.ipynb"
        run_notebook(notebook, executed, parameters(work), timeout=timeout, what=what, kernel=kernel)
        for name in made:
            if not (work / name).is_file():
                raise ReportError(f"anteckningsboken skrev ingen {name}")
        _point_at(executed, work, output)
        output.mkdir(parents=True, exist_ok=True)
        clear()
        for item in sorted(work.iterdir()):
            shutil.move(str(item), str(output / item.name))


@dataclass(frozen=True)
class OverviewResult:
    """The förbundsöversikt: its folder, HTML file and the insatser in it."""

    output: Path
    html: Path
    insatser: tuple[str, ...]


#: what an overview run writes (and clears before writing again) in its output folder
_OVERVIEW_OWNED = ("figurer", "tabeller", "nyckeltal.json", "forbundsoversikt.ipynb", "forbundsoversikt.html",
                   "forbundsoversikt.docx")


def run_overview(paths: Sequence[str | Path], output_dir: str | Path, *, timeout: int = 1800,
                 title: str | None = None) -> OverviewResult:
    """Make the förbundsöversikt of the insatser at ``paths`` (insats.yaml files, folders, förbund
    folders, patterns) in ``output_dir``. Raises :class:`EvaltoolsError` (Swedish message)."""
    from .batch import resolve_insatser
    from .config import load_config

    configs = [load_config(p) for p in resolve_insatser([str(p) for p in paths])]  # fails fast on a bad yaml
    if not configs:
        raise EvaltoolsError("ingen insats att göra översikten av")
    output = Path(output_dir).expanduser().resolve()

    def clear() -> None:
        for name in _OVERVIEW_OWNED:
            target = output / name
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()

    def parameters(work: Path) -> dict[str, Any]:
        return {"insatser": [str(c.path) for c in configs], "output_dir": str(work), "titel": title or ""}

    _run_into(output, "forbundsoversikt", "forbundsoversikt", parameters,
              ("nyckeltal.json", "forbundsoversikt.html", "forbundsoversikt.docx"), timeout=timeout, clear=clear,
              what="översikten")
    return OverviewResult(output, output / "forbundsoversikt.html", tuple(c.insats for c in configs))


def _point_at(executed: Path, work: Path, output: Path) -> None:
    """The executed notebook's parameters name the report's folder, not the one it was made in, so
    that it can be run again from Jupyter."""
    import nbformat

    notebook = nbformat.read(executed, as_version=4)
    for cell in notebook.cells:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell.source = cell.source.replace(repr(str(work)), repr(str(output))).replace(
                f'"{work}"', f'"{output}"')
    nbformat.write(notebook, executed)


def _left_out_rows(path: Path) -> int:
    """The rows of datakvalitet.csv (its header not counted)."""
    try:
        with path.open(encoding="utf-8-sig") as handle:
            return max(sum(1 for line in handle if line.strip()) - 1, 0)
    except OSError:
        return 0


def _checked_template(path: Path) -> Path:
    """A Word template must be a .docx python-docx can open; say so in Swedish otherwise."""
    import zipfile

    if not path.is_file():
        raise EvaltoolsError(f"{path}: Word-mallen finns inte")
    if path.suffix.lower() not in (".docx", ".dotx") or not zipfile.is_zipfile(path):
        raise EvaltoolsError(f"{path}: Word-mallen ska vara en .docx-fil (spara mallen som Word-dokument)")
    try:
        from docx import Document

        Document(str(path))
    except Exception:  # noqa: BLE001 - any failure to open is the same message for the user
        raise EvaltoolsError(f"{path}: Word-mallen går inte att öppna som Word-dokument") from None
    return path.resolve()
