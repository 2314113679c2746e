"""Benchmark: how long one report takes (`make bench`). Not a test: prints timings, never fails on
speed. Parts: reading and validating the example, computing and drawing in-process, and the whole
`evaltools rapport` (kernel start, notebook, HTML export)."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from evaltools.insats import load_insats
from evaltools.resources import example_dir, notebook_path


def timed(label: str, action, repeat: int = 3) -> None:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    print(f"{label:<42} median {statistics.median(times):6.2f} s  (min {min(times):.2f}, n={repeat})")


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="evaltools-bench-"))
    insats = work / "ung_framtid"
    shutil.copytree(example_dir(), insats)
    import nbformat

    nb = nbformat.read(notebook_path(), as_version=4)
    source = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    source = source.replace('config_path: str = ""', f"config_path: str = {str(insats)!r}")
    source = source.replace('output_dir: str = ""', f"output_dir: str = {str(work / 'inproc')!r}")
    code = compile(source, "halvarsrapport", "exec")

    timed("read and validate the example", lambda: load_insats(insats))
    timed("notebook code in-process (no kernel)", lambda: exec(code, {}))
    timed("evaltools rapport (whole command)", lambda: subprocess.run(
        [sys.executable, "-m", "evaltools.cli", "rapport", str(insats / "insats.yaml"), "--ut",
         str(work / "cli")], check=True, capture_output=True))
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
