"""An insats's data files read while the report's kernel starts.

A report's kernel spends its first second and a half importing pandas, matplotlib, scipy and
statsmodels on one core (see :mod:`evaltools.run`), and the other core has little to do until the
notebook's first cell. When the report command names the insats in the kernel's environment
(:data:`~evaltools.resources.PREFETCH`), the kernel's warm-up calls :func:`start` before it imports
anything large: a forked copy of the kernel (cheap, while the kernel is still small) reads
``insats.yaml`` and every data file it names as :func:`~evaltools.read.read_raw` reads them, at a
low priority (it takes only what the imports leave). :func:`~evaltools.insats.load_insats` then
takes the files with :func:`take` instead of reading them again: those whose path, name in messages,
size, modification time and inode are still what they were while the copy read them. Anything else
(a file changed since, a copy that failed, a kernel started without it) is read as always, so the
tables are the same with and without it. A national insats's files are read in about a second; the
kernel's imports take longer, so the notebook no longer waits for them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .parallel import Forked

if TYPE_CHECKING:
    from .config import InsatsConfig
    from .errors import Problem
    from .read import RawTable

__all__ = ["start", "take"]

#: the copy started by :func:`start`, until :func:`take` takes its result
_pending: Forked | None = None
#: how much lower than the kernel the copy runs (``nice``): it must not slow the kernel's imports
_NICENESS = 10


def start(config_path: str | Path) -> None:
    """Read the insats's files in a forked copy (nothing where no safe fork exists, or when a copy
    has already been started)."""
    global _pending
    if _pending is None:
        copy = Forked(_read_files, str(config_path))
        if copy.started:  # (without a copy, nothing is read ahead)
            _pending = copy


def take(config: InsatsConfig) -> dict[str, RawTable | list[Problem]]:
    """The files of ``config`` read by the copy (each a raw table, or the problems that say why it
    cannot be read), by table; only those that are as they were when read. Empty when there is no
    copy, or it read another insats. The copy's result is taken once."""
    global _pending
    copy, _pending = _pending, None
    if copy is None:
        return {}
    read = copy.outcome({})
    if not read or read.get("config") != str(config.path):
        return {}
    from .insats import _display

    taken = {}
    for table, file in config.data.items():
        entry = read["files"].get(table)
        if entry is None:
            continue
        path, display, seen, outcome = entry
        if path == str(file) and display == _display(config, file) and seen == _identity(file):
            taken[table] = outcome
    return taken


def _identity(file: Path | str) -> tuple[int, ...] | None:
    """What tells a file's content has not changed: size, modification time, inode and device."""
    try:
        stat = os.stat(file)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_dev


def _read_files(config_path: str) -> dict[str, Any]:
    """In the copy: the configuration's path and each data file's path, name in messages, identity
    (unchanged while it was read, else the file is left out) and raw table or problems."""
    try:
        os.nice(_NICENESS)
    except OSError:
        pass
    from .config import load_config
    from .errors import EvaltoolsError
    from .insats import _display, _read_all

    try:
        config = load_config(config_path)
    except EvaltoolsError:  # the notebook tells it
        return {}
    files: dict[str, tuple[str, str, tuple[int, ...] | None, RawTable | list[Problem]]] = {}
    for table, file in config.data.items():
        before = _identity(file)
        display = _display(config, file)
        [outcome] = _read_all([(file, table, display)])
        if before is not None and _identity(file) == before:
            files[table] = (str(file), display, before, outcome)
    return {"config": str(config.path), "files": files}
