"""Where the files that come with evaltools are: the report notebooks, the example insats, the data
templates and the Jupyter kernel specification.

An installed package carries the notebooks and templates inside it (``evaltools/notebooks``,
``evaltools/data_templates``); in a checkout they live at the top level of the repository.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["notebook_path", "templates_dir", "example_dir", "jupyter_dir", "KERNEL_NAME"]

PACKAGE = Path(__file__).resolve().parent
KERNEL_NAME = "evaltools"
#: set (to "1") in the environment of a kernel that runs a notebook nobody watches (``evaltools rapport``)
UNATTENDED = "EVALTOOLS_UNATTENDED"
#: the insats folder's folder of the evaluator's own texts (``text/<section>.md``)
TEXT_FOLDER = "text"
#: how many figures a report draws at once in forked copies of its kernel (set by a batch; see
#: evaltools.plots.default_workers)
FIGURE_WORKERS = "EVALTOOLS_FIGURE_WORKERS"
#: the insats.yaml (or its folder) whose data files a report's kernel reads while it starts
#: (evaltools.prefetch), set in its environment by the report command
PREFETCH = "EVALTOOLS_PREFETCH"
#: the file in a report's output folder that records what the report was made from
#: (evaltools.fingerprint; here so that the report command finds it before importing anything)
FINGERPRINT_FILE = "kontrollsumma.json"
#: the environment of every report's kernel (and of a batch's warm kernel process, which imports numpy
#: before it forks kernels), where the user's own environment does not say otherwise:
#:
#: - NumPy asks Linux for huge pages (madvise) for every array of 4 MB or more; where the system
#:   grants them only on request and compacts memory for them when asked (transparent_hugepage
#:   "madvise", defrag "madvise", as on many distributions and on the machine the benchmark ran on)
#:   the compaction cost the national insats's kernel more than the fewer page faults saved: 0.2 s per
#:   report (eight runs alternating), nothing for a small insats, whose arrays are smaller.
#: - One thread for BLAS (OpenBLAS in NumPy's and SciPy's wheels, MKL or OpenMP elsewhere): a report
#:   already uses every core with processes (the progression tables, the figures, the Word document,
#:   a batch's reports), and a BLAS thread pool spinning beside them takes a core from another
#:   process. Its matrices are small (two columns), where threads gain nothing. Measured on the
#:   national insats's result tables: 0.69-0.78 s with the pool, 0.63-0.69 s without.
KERNEL_ENVIRONMENT = {"NUMPY_MADVISE_HUGEPAGE": "0", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                      "OMP_NUM_THREADS": "1"}


def _shipped(name: str) -> Path:
    inside = PACKAGE / name
    if inside.is_dir():
        return inside
    checkout = PACKAGE.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"evaltools saknar mappen {name}; installera om paketet")


def notebook_path(name: str = "rapport") -> Path:
    """The report notebook ``name`` (without ``.ipynb``)."""
    return _shipped("notebooks") / f"{name}.ipynb"


def templates_dir() -> Path:
    return _shipped("data_templates")


def example_dir() -> Path:
    """The bundled synthetic example insats (a folder with ``insats.yaml``)."""
    return PACKAGE / "exempel" / "ung_framtid"


def jupyter_dir() -> Path:
    """A Jupyter data folder whose ``kernels/evaltools`` starts the interpreter running evaltools.

    Its ``kernel.json`` names ``python``, which jupyter_client replaces by ``sys.executable``: the
    kernel is always this environment's interpreter, whatever other kernels the machine has.
    """
    return PACKAGE / "jupyter"
