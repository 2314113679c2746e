"""Benchmark (`make bench`): how fast reports are, as ratios measured side by side in one run.

Not a test: it prints timings and ratios against their targets, and never fails on speed. Every
command runs as a user runs it (a fresh process, the `evaltools` kernel), so the ratios compare like
with like on whatever machine runs them:

1. **One report against the floor**: ``evaltools rapport`` on the bundled example against papermill
   running a notebook that imports only pandas and matplotlib in the same kernel (target ≤ 1.8).
   The two alternate, ``--upprepa`` times each; medians.
2. **A batch of 8 against eight single runs**: a generated förbund of 8 insatser, as one
   ``evaltools rapport FÖRBUND`` (processes, default parallelism) against eight ``evaltools rapport
   INSATS`` one after another (target ≤ 0.6).
3. **National scale**: a generated insats of 50 000 participants. The report's extra time over a
   small insats of the same kind (the same generator with 200 participants: the same kommuner,
   goals, sections and figures), against the time ``pandas.read_csv`` takes for its three files
   (target ≤ 2.5), medians of ``--upprepa`` runs, the reports alternating; the extra time over the
   bundled example (one kommun, fewer figures) is shown beside it. In a run of its own, the peak
   memory of the report's processes together (target < 3 GiB).

``--profil`` adds a cProfile of the notebook's code run in this process on the national insats: the
functions that take the time, for whoever owns them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

EVALTOOLS = [sys.executable, "-m", "evaltools.cli"]

FLOOR = """\
import sys
import nbformat, papermill
from evaltools.run import _use_packaged_kernel
from evaltools.resources import KERNEL_NAME
nb = nbformat.v4.new_notebook()
nb.cells = [nbformat.v4.new_code_cell("x: int = 1  # parameter", metadata={"tags": ["parameters"]}),
            nbformat.v4.new_code_cell("import pandas as pd\\nimport matplotlib\\nfrom matplotlib.figure import Figure")]
nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": "evaltools", "language": "python"}
nbformat.write(nb, sys.argv[1])
_use_packaged_kernel()
papermill.execute_notebook(sys.argv[1], sys.argv[2], kernel_name=KERNEL_NAME, progress_bar=False)
"""


def run(command: Sequence[str], *, cwd: Path | None = None) -> float:
    """Seconds a command takes; raises with its stderr when it fails."""
    start = time.perf_counter()
    done = subprocess.run(list(command), capture_output=True, text=True, cwd=cwd)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    return seconds


def peak_memory(command: Sequence[str]) -> tuple[float, float]:
    """Seconds and the peak of the summed memory (bytes) of a command and its children (the report
    command, its kernel and the kernel's copies drawing figures), sampled every 50 ms. Where the
    system tells it (Linux), a process counts its proportional share (PSS) of pages it shares with
    others: a forked copy shares most of the kernel's pages, and summing resident sizes would count
    them twice."""
    import psutil

    start = time.perf_counter()
    process = psutil.Popen(list(command), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            total = 0
            try:
                for p in [process, *process.children(recursive=True)]:
                    try:
                        total += _pss(p)
                    except psutil.Error:
                        pass
            except psutil.Error:
                pass
            peak = max(peak, total)
            stop.wait(0.05)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    _, err = process.communicate()
    stop.set()
    watcher.join()
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{err.decode()}")
    return seconds, peak


def _pss(process) -> int:
    full = process.memory_full_info()
    return getattr(full, "pss", full.rss)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def line(label: str, value: str) -> None:
    print(f"  {label:<58} {value}", flush=True)


def verdict(ratio: float, target: float, below: bool = True) -> str:
    ok = ratio <= target if below else ratio < target
    return f"{ratio:5.2f}  (mål {'≤' if below else '<'} {target})  {'OK' if ok else 'INTE NÅTT'}"


def one_report(work: Path, repeat: int) -> float:
    print("1. En rapport mot golvet (papermill med bara pandas och matplotlib i samma kärna)")
    example = work / "ung_framtid"
    subprocess.run([*EVALTOOLS, "exempel", str(example)], check=True, capture_output=True)
    floor_script = work / "golv.py"
    floor_script.write_text(FLOOR, encoding="utf-8")
    floors, reports = [], []
    run([sys.executable, str(floor_script), str(work / "golv.ipynb"), str(work / "golv_ut.ipynb")])  # warm disk
    for _ in range(repeat):
        floors.append(run([sys.executable, str(floor_script), str(work / "golv.ipynb"), str(work / "golv_ut.ipynb")]))
        reports.append(run([*EVALTOOLS, "rapport", str(example), "--ut", str(work / "ut1"), "--om"]))
    line("golvet (median)", f"{median(floors):6.2f} s  {[round(t, 2) for t in floors]}")
    line("evaltools rapport, exemplet (median)", f"{median(reports):6.2f} s  {[round(t, 2) for t in reports]}")
    line("kvot rapport / golv", verdict(median(reports) / median(floors), 1.8))
    return median(reports)


def batch(work: Path) -> None:
    from evaltools.exempel.forbund import generate_forbund

    print("2. En batch med 8 insatser mot åtta enskilda körningar")
    forbund = work / "forbund"
    configs = generate_forbund(forbund, 8)
    singles = sum(run([*EVALTOOLS, "rapport", str(c), "--om"]) for c in configs)
    together = run([*EVALTOOLS, "rapport", str(forbund), "--om"])
    cores = len(os.sched_getaffinity(0))
    line("åtta enskilda körningar efter varandra", f"{singles:6.2f} s")
    line(f"en batch (evaltools rapport FÖRBUND, {cores} kärnor)", f"{together:6.2f} s")
    line("kvot batch / enskilda", verdict(together / singles, 0.6))


#: participants of the small insats the national one is compared with (the same generator, kommuner,
#: goals and sections: what differs is the amount of data)
SMALL_PARTICIPANTS = 200


def national(work: Path, participants: int, repeat: int) -> Path:
    import pandas as pd

    from evaltools.exempel.forbund import generate_national

    print(f"3. Nationell skala: en insats med {participants:,} deltagare".replace(",", " "))
    folder, small_folder = work / "nationell", work / "nationell_liten"
    start = time.perf_counter()
    generate_national(folder, participants)
    rows = {t: sum(1 for _ in (folder / "data" / f"{t}.csv").open(encoding="utf-8-sig")) - 1
            for t in ("deltagare", "narvaro", "progression")}
    shown = "; ".join(f"{table} {n} rader" for table, n in rows.items())
    line("genererad", f"{time.perf_counter() - start:6.2f} s  ({shown})")
    generate_national(small_folder, SMALL_PARTICIPANTS)

    def read() -> None:
        for table in ("deltagare", "narvaro", "progression"):
            pd.read_csv(folder / "data" / f"{table}.csv", sep=";")

    reads = []
    for _ in range(repeat):
        start = time.perf_counter()
        read()
        reads.append(time.perf_counter() - start)

    def report(source: Path, out: str) -> list[str]:
        return [*EVALTOOLS, "rapport", str(source), "--ut", str(work / out), "--om"]

    command = report(folder, "ut_nationell")
    # The extra time is measured against a small insats of the same kind (the same generator with
    # few participants: the same 12 kommuner, goals and sections, so the same figures and tables):
    # what differs is the amount of data. The bundled example (one kommun, no per-kommun figures, a
    # baseline survey) is shown too. The reports alternate, so that all see the machine as it is at
    # the time; each is timed on its own: sampling the processes' memory every 50 ms (reading /proc
    # for the kernel and each of its copies) takes a core's share on a small machine.
    others = {"small": report(small_folder, "ut_liten"), "example": report(work / "ung_framtid", "ut1")}
    times: list[float] = []
    other_times: dict[str, list[float]] = {name: [] for name in others}
    for _ in range(repeat):
        times.append(run(command))
        for name, other in others.items():
            other_times[name].append(run(other))
    _, peak = peak_memory(command)
    seconds = median(times)
    extra = seconds - median(other_times["small"])
    beyond_example = seconds - median(other_times["example"])
    line("pandas.read_csv av de tre filerna (median)", f"{median(reads):6.2f} s")
    line("evaltools rapport, nationell skala (median)", f"{seconds:6.2f} s  {[round(t, 2) for t in times]}")
    line(f"evaltools rapport, samma slags insats med {SMALL_PARTICIPANTS} deltagare (median)",
         f"{median(other_times['small']):6.2f} s  {[round(t, 2) for t in other_times['small']]}")
    line("evaltools rapport, exemplet (median)",
         f"{median(other_times['example']):6.2f} s  {[round(t, 2) for t in other_times['example']]}")
    line("merarbete över den lilla insatsen av samma slag", f"{extra:6.2f} s")
    line("kvot merarbete / read_csv", verdict(extra / median(reads), 2.5))
    line("(merarbete över exemplet, med fler kommuner och figurer: kvot)",
         f"{beyond_example:6.2f} s  {beyond_example / median(reads):.2f}")
    line("största samtidiga minne (rapportkommandot och kärnan)", verdict(peak / 2**30, 3.0, below=False) + " GiB")
    return folder


def profile(folder: Path, work: Path, top: int = 25) -> None:
    """cProfile of the report notebook's code run in this process on ``folder``."""
    import cProfile
    import pstats

    import nbformat

    from evaltools.resources import notebook_path

    print(f"\nProfil av anteckningsbokens kod i den här processen ({folder.name}), de {top} dyraste funktionerna:")
    nb = nbformat.read(notebook_path(), as_version=4)
    source = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    source = source.replace('config_path: str = ""', f"config_path: str = {str(folder)!r}")
    source = source.replace('output_dir: str = ""', f"output_dir: str = {str(work / 'profil')!r}")
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.runctx(compile(source, "rapport.ipynb", "exec"), {}, {})
    print(f"  totalt {time.perf_counter() - start:.1f} s (med cProfile)")
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(r"evaltools", top)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upprepa", type=int, default=5, help="körningar per mätning där median tas (standard 5)")
    parser.add_argument("--deltagare", type=int, default=50_000, help="deltagare i den nationella insatsen")
    parser.add_argument("--utan-batch", action="store_true", help="hoppa över batchmätningen")
    parser.add_argument("--utan-nationell", action="store_true", help="hoppa över den nationella skalan")
    parser.add_argument("--profil", action="store_true", help="profilera anteckningsbokens kod på den nationella insatsen")
    args = parser.parse_args(argv)
    import evaltools

    print(f"evaltools {evaltools.__version__}, Python {sys.version.split()[0]}, "
          f"{len(os.sched_getaffinity(0))} kärnor\n", flush=True)
    work = Path(tempfile.mkdtemp(prefix="evaltools-bench-"))
    try:
        one_report(work, args.upprepa)
        if not args.utan_batch:
            batch(work)
        if not args.utan_nationell:
            folder = national(work, args.deltagare, args.upprepa)
            if args.profil:
                profile(folder, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
