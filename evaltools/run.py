"""Running a report: validate the insats, execute the notebook with papermill, export the HTML.

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

from .errors import EvaltoolsError
from .insats import load_insats
from .resources import KERNEL_NAME, jupyter_dir, notebook_path

__all__ = ["run_report", "ReportResult", "ReportError", "export_html"]

#: cells with these tags are not part of the HTML report
HIDDEN_TAGS = {"parameters", "injected-parameters", "dokumentation"}
#: what a report run writes (and clears before writing again) in its output folder
_OWNED = ("figurer", "tabeller", "nyckeltal.json", "datakvalitet.csv")


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


def _clear(output: Path, notebook: str) -> None:
    for name in (*_OWNED, f"{notebook}.ipynb", f"{notebook}.html"):
        target = output / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()


def run_report(config_path: str | Path, output_dir: str | Path | None = None, *,
               notebook: str = "halvarsrapport", timeout: int = 900) -> ReportResult:
    """Make one insats's report. Raises :class:`EvaltoolsError` (Swedish message) on failure."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    insats = load_insats(config_path)  # fails fast, with the file, row and column, before any kernel
    config = insats.config
    output = Path(output_dir).resolve() if output_dir else config.default_output()
    output.mkdir(parents=True, exist_ok=True)
    _clear(output, notebook)
    executed = output / f"{notebook}.ipynb"
    _use_packaged_kernel()
    logging.getLogger("papermill").setLevel(logging.WARNING)
    try:
        papermill.execute_notebook(
            str(notebook_path(notebook)), str(executed),
            parameters={"config_path": str(config.path), "output_dir": str(output)},
            kernel_name=KERNEL_NAME, language="python", progress_bar=False, log_output=False,
            start_timeout=120, execution_timeout=timeout, cwd=None,
            # the kernel's own start-up chatter is not the user's business
            extra_arguments=["--IPKernelApp.log_level=ERROR"])
    except PapermillExecutionError as err:
        raise ReportError(f"{config.path}: rapporten avbröts i cell {err.exec_count}: "
                          f"{err.ename}: {err.evalue}") from None
    html = export_html(executed, title=f"{config.insats} – {config.period.label}", language=config.language)
    if not (output / "nyckeltal.json").is_file():
        raise ReportError(f"{config.path}: anteckningsboken skrev ingen nyckeltal.json")
    return ReportResult(config.insats, config.period.label, output, html, executed, len(insats.kvalitet))


def export_html(executed: Path, *, title: str | None = None, language: str = "sv") -> Path:
    """The readable report: the executed notebook as HTML without code, parameters or developer notes,
    marked with the report's language and loading nothing from the internet."""
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    nb = nbformat.read(executed, as_version=4)
    if title:
        nb.metadata["title"] = title
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                            extra_template_basedirs=[str(Path(__file__).parent / "templates")],
                            template_name="evaltools_html", language_code=language)
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=HIDDEN_TAGS, enabled=True),
                                   enabled=True)
    body, _ = exporter.from_notebook_node(nb)
    target = executed.with_suffix(".html")
    target.write_text(body, encoding="utf-8")
    return target
