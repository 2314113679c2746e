"""Running a report: validate the insats, execute the notebook with papermill (which writes the report).

The notebook runs in the ``evaltools`` kernel, whose specification ships with the package and
always starts this environment's interpreter (see :func:`evaltools.resources.jupyter_dir`), so a
report never runs under some other ``python3`` kernel that happens to be on the machine.
"""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .document import file_stem
from .errors import EvaltoolsError
from .insats import load_insats
from .texts import load_texts
from .resources import KERNEL_NAME, jupyter_dir, notebook_path

__all__ = ["run_report", "ReportResult", "ReportError"]
#: what a report run writes (and clears before writing again) in its output folder
_OWNED = ("figurer", "tabeller", "nyckeltal.json", "datakvalitet.csv")
#: the report files of every kind, cleared before a new run writes its own
_KINDS = ("tertialrapport", "halvarsrapport", "arsrapport", "slutrapport", "rapport")


class ReportError(EvaltoolsError):
    """The notebook failed while it ran."""


@dataclass(frozen=True)
class ReportResult:
    insats: str
    period: str
    output: Path
    html: Path
    notebook: Path
    left_out_rows: int


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


def run_report(config_path: str | Path, output_dir: str | Path | None = None, *,
               notebook: str = "rapport", timeout: int = 900,
               template: str | Path | None = None) -> ReportResult:
    """Make one insats's report. Raises :class:`EvaltoolsError` (Swedish message) on failure.

    The report files are named after the report's kind (``halvarsrapport.html``, ``.docx``,
    ``.ipynb``; ``slutrapport…`` for the whole insats period). ``template`` is the förbund's Word
    template for the ``.docx``."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    insats = load_insats(config_path)  # fails fast, with the file, row and column, before any kernel
    config = insats.config
    load_texts(config.folder, set(insats.deltagare["deltagar_id"]), config.language)  # the same
    if template is not None:
        template = _checked_template(Path(template))
    output = Path(output_dir).resolve() if output_dir else config.default_output()
    output.mkdir(parents=True, exist_ok=True)
    stem = file_stem(config)
    _clear(output, stem)
    executed = output / f"{stem}.ipynb"
    _use_packaged_kernel()
    logging.getLogger("papermill").setLevel(logging.WARNING)
    try:
        papermill.execute_notebook(
            str(notebook_path(notebook)), str(executed),
            parameters={"config_path": str(config.path), "output_dir": str(output),
                        "word_template": str(template) if template else ""},
            kernel_name=KERNEL_NAME, language="python", progress_bar=False, log_output=False,
            start_timeout=120, execution_timeout=timeout, cwd=None,
            # the kernel's own start-up chatter is not the user's business
            extra_arguments=["--IPKernelApp.log_level=ERROR"])
    except PapermillExecutionError as err:
        raise ReportError(f"{config.path}: rapporten avbröts i cell {err.exec_count}: "
                          f"{err.ename}: {err.evalue}") from None
    html = output / f"{stem}.html"
    for made in ("nyckeltal.json", html.name, f"{stem}.docx"):
        if not (output / made).is_file():
            raise ReportError(f"{config.path}: anteckningsboken skrev ingen {made}")
    return ReportResult(config.insats, config.period.label, output, html, executed, len(insats.kvalitet))


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
