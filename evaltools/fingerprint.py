"""What a report was made from, as a content hash: a re-run skips an insats whose inputs are unchanged.

:func:`input_fingerprint` hashes everything that decides a report's files: ``insats.yaml``, every
data file it names, every file of the ``text/`` folder, the notebook, the Word template (``--mall``),
the evaltools version and its code, and the versions of the libraries that draw and compute
(pandas, numpy, scipy, statsmodels, matplotlib, python-docx, openpyxl). The report run stores the
fingerprint in its output folder as ``kontrollsumma.json``; :func:`unchanged` tells whether that
folder already holds the report of the same inputs.

Only file contents count, never times or places: a copied or touched file that holds the same bytes
is unchanged. Standard library only.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

from . import __version__
from .config import InsatsConfig
from .resources import FINGERPRINT_FILE, TEXT_FOLDER  # not from .texts: the report command hashes before it starts its kernel

__all__ = ["FINGERPRINT_FILE", "input_fingerprint", "unchanged", "write_fingerprint", "read_fingerprint"]

#: the libraries whose version can change a report's numbers or bytes
_LIBRARIES = ("pandas", "numpy", "scipy", "statsmodels", "matplotlib", "python-docx", "openpyxl")
_PACKAGE = Path(__file__).resolve().parent
_CHUNK = 1 << 20


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _shown(path: Path, folder: Path) -> str:
    """A path as the fingerprint names it: relative to the insats folder, with ``/``."""
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return os.path.relpath(path, folder).replace(os.sep, "/")


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """The hash of evaltools' own code (``*.py``, the style sheet, the kernel specification), so that
    a changed evaltools re-runs even where its version number was not raised."""
    digest = hashlib.sha256()
    for path in sorted(_files(_PACKAGE, (".py", ".mplstyle", ".json"), skip=("exempel",))):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        digest.update(_file_digest(path).encode())
    return digest.hexdigest()


def _files(folder: Path, suffixes: Iterable[str] | None = None, skip: Iterable[str] = ()) -> list[Path]:
    skip = set(skip) | {"__pycache__", ".ipynb_checkpoints"}
    out = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in skip and not d.startswith("."))
        for name in sorted(names):
            if name.startswith(".") or (suffixes is not None and not name.endswith(tuple(suffixes))):
                continue
            out.append(Path(root) / name)
    return out


def _libraries() -> dict[str, str | None]:
    versions: dict[str, str | None] = {}
    for name in _LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def input_fingerprint(config: InsatsConfig, *, notebook: Path, template: Path | None = None
                      ) -> dict[str, Any]:
    """The fingerprint of a report's inputs.

    Returns
    -------
    dict with ``summa`` (the SHA-256 of everything below, the one value compared), ``evaltools``
    (the version), ``kod`` (:func:`code_digest`), ``bibliotek`` (library versions) and ``filer``
    (``{path: SHA-256}`` of every input file, paths relative to the insats folder; the notebook and
    the template under ``<anteckningsbok>`` and ``<mall>``).
    """
    folder = config.folder
    files: dict[str, str] = {"insats.yaml": _file_digest(config.path)}
    for table in sorted(config.data):
        files[f"{table}: {_shown(config.data[table], folder)}"] = _file_digest(config.data[table])
    text = folder / TEXT_FOLDER
    if text.is_dir():
        for path in _files(text):
            files[_shown(path, folder)] = _file_digest(path)
    files["<anteckningsbok>"] = _file_digest(notebook)
    if template is not None:
        files["<mall>"] = _file_digest(template)
    parts = {"evaltools": __version__, "kod": code_digest(), "bibliotek": _libraries(), "filer": files}
    total = hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return {"summa": total, **parts}


def read_fingerprint(output: Path) -> dict[str, Any] | None:
    """The fingerprint stored in ``output``, or None when there is none (or it cannot be read)."""
    try:
        stored = json.loads((output / FINGERPRINT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stored if isinstance(stored, dict) else None


def unchanged(output: Path, fingerprint: dict[str, Any], made: Iterable[str]) -> dict[str, Any] | None:
    """The stored record when ``output`` holds a finished report of exactly these inputs (every file
    of ``made`` present), else None."""
    stored = read_fingerprint(output)
    if stored is None or stored.get("summa") != fingerprint["summa"]:
        return None
    if not all((output / name).is_file() for name in made):
        return None
    return stored


def write_fingerprint(output: Path, fingerprint: dict[str, Any], **record: Any) -> None:
    """Store the fingerprint (and ``record``: what the summary of a skipped run shows) in ``output``."""
    text = json.dumps({**fingerprint, **record}, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    (output / FINGERPRINT_FILE).write_text(text, encoding="utf-8")
