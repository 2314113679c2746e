"""Batches of insatser: any Executor, a broken insats among good ones, skip-unchanged, Dask.

The pieces are tested without a kernel (a thread pool and a fake job runner stand in for the process
pool and papermill); then `evaltools rapport` runs real batches: in parallel processes with a broken
insats, again (nothing changed), after a change, with --om, and on a Dask LocalCluster.
"""

from __future__ import annotations

import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from evaltools.batch import (FAILED, InlineExecutor, Job, Outcome, cluster_executor, resolve_insatser, run_batch,
                             run_job, summary_table)
from evaltools.cli import main
from evaltools.config import load_config
from evaltools.errors import EvaltoolsError
from evaltools.fingerprint import input_fingerprint
from evaltools.resources import example_dir, notebook_path
from evaltools.run import KernelStartError, _start_kernel


def copy_example(folder: Path) -> Path:
    shutil.copytree(example_dir(), folder)
    return folder


def spoil(folder: Path) -> None:
    """A date that is not in the calendar, in row 2 of deltagare.csv."""
    path = folder / "data" / "deltagare.csv"
    text = path.read_text(encoding="utf-8-sig")
    path.write_text(text.replace("2023-01-16", "2023-13-16", 1), encoding="utf-8")


# ------------------------------------------------------------------------------ naming the insatser

def test_resolve_insatser_reads_forbund_folders_globs_and_keeps_order(tmp_path):
    for name in ("b", "a", "c"):
        (tmp_path / "forbund" / name).mkdir(parents=True)
        (tmp_path / "forbund" / name / "insats.yaml").write_text("insats: x\n", encoding="utf-8")
    (tmp_path / "forbund" / "inte_en_insats").mkdir()
    forbund = tmp_path / "forbund"

    assert resolve_insatser([str(forbund)]) == [str(forbund / n / "insats.yaml") for n in ("a", "b", "c")]
    # a quoted pattern the shell did not expand, and the same insats named twice
    assert resolve_insatser([str(forbund / "[bc]" / "insats.yaml"), str(forbund / "b")]) == [
        str(forbund / "b" / "insats.yaml"), str(forbund / "c" / "insats.yaml")]
    # a path that does not exist is kept, so that its report fails with the reason
    assert resolve_insatser([str(tmp_path / "saknas")]) == [str(tmp_path / "saknas")]


# ------------------------------------------------------------------------------ the batch machinery

def fake_runner(job: Job) -> Outcome:
    if "trasig" in job.path:
        return Outcome(job.path, FAILED, 0.5, error="data/deltagare.csv, rad 2: fel\nandra raden")
    if "kraschar" in job.path:
        raise RuntimeError("the worker process died")
    return Outcome(job.path, "klar", 1.25, "Insats " + job.path, "2024-H1", f"/ut/{job.path}")


def test_run_batch_on_any_executor_keeps_the_order_and_goes_on_after_failures():
    jobs = [Job(p) for p in ("a", "trasig", "kraschar", "b")]
    seen = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = run_batch(jobs, pool, progress=False, runner=fake_runner,
                             on_done=lambda o, done, total: seen.append((o.path, done, total)))

    assert [o.path for o in outcomes] == ["a", "trasig", "kraschar", "b"]
    assert [o.status for o in outcomes] == ["klar", FAILED, FAILED, "klar"]
    assert outcomes[1].first_error_line == "data/deltagare.csv, rad 2: fel"
    assert "arbetsprocessen avbröts oväntat (RuntimeError)" in outcomes[2].error
    assert "the worker process died" in outcomes[2].traceback  # for --debug only
    assert sorted(p for p, _, _ in seen) == ["a", "b", "kraschar", "trasig"]
    assert [d for _, d, _ in seen] == [1, 2, 3, 4] and {t for _, _, t in seen} == {4}


def test_the_progress_bar_names_the_insatser_being_run(capsys):
    with ThreadPoolExecutor(max_workers=2) as pool:
        run_batch([Job("forbund/tierp/insats.yaml"), Job("forbund/heby")], pool, progress=True,
                  runner=fake_runner)
    bar = capsys.readouterr().err
    assert "Rapporter: 2/2" in bar
    assert "tierp" in bar and "heby" in bar


def test_inline_executor_runs_in_this_process_and_passes_interrupts_on():
    outcomes = run_batch([Job("a")], InlineExecutor(), progress=False, runner=fake_runner)
    assert outcomes[0].status == "klar"

    def interrupted(job: Job) -> Outcome:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch([Job("a"), Job("b")], InlineExecutor(), progress=False, runner=interrupted)


def test_summary_table_has_a_row_per_insats_with_status_time_folder_and_first_error_line():
    outcomes = [Outcome("x/a/insats.yaml", "klar", 12.34, "Ung Framtid", "2024-H1", "/ut/a"),
                Outcome("x/b/insats.yaml", "oforandrad", 0.04, "Steget", "2024-T2", "/ut/b"),
                Outcome("x/trasig/insats.yaml", FAILED, 83.0, error="data/narvaro.csv, rad 7: okänt värde\nmer")]
    lines = summary_table(outcomes).splitlines()

    assert lines[0].split() == ["insats", "period", "status", "tid", "utmapp", "fel"]
    assert lines[1].split() == ["Ung", "Framtid", "2024-H1", "klar", "12,3", "s", "/ut/a"]
    assert lines[2].split()[2:5] == ["oförändrad", "0,0", "s"]
    # an insats whose insats.yaml could not be read is named by its folder
    assert lines[3].startswith("trasig") and "1 min 23 s" in lines[3]
    assert lines[3].endswith("data/narvaro.csv, rad 7: okänt värde") and "mer" not in lines[3]


def test_run_job_never_raises(tmp_path):
    outcome = run_job(Job(str(tmp_path / "saknas" / "insats.yaml")))
    assert outcome.status == FAILED
    assert "insats.yaml: filen finns inte" in outcome.error
    assert outcome.insats is None and outcome.output is None


# ------------------------------------------------------------------------------ the kernel

class FakeKernel:
    def __init__(self, log: list[str], fail: bool):
        self.log, self.fail = log, fail

    def ready(self) -> None:
        self.log.append("ready")
        if self.fail:
            raise RuntimeError("Kernel didn't respond in 120 seconds")

    def stop(self) -> None:
        self.log.append("stop")


def test_a_kernel_that_does_not_start_is_tried_once_more():
    log: list[str] = []
    attempts = iter([True, False])  # the first start fails, the second works
    kernel = _start_kernel(120, start=lambda timeout: FakeKernel(log, next(attempts)))
    assert log == ["ready", "stop", "ready"]
    assert kernel.fail is False


def test_a_kernel_that_fails_twice_is_told_in_swedish():
    log: list[str] = []
    with pytest.raises(KernelStartError) as failure:
        _start_kernel(120, start=lambda timeout: FakeKernel(log, True))
    assert log == ["ready", "stop", "ready", "stop"]
    assert "Jupyter-kärnan 'evaltools' startade inte, inte heller vid ett andra försök" in str(failure.value)
    assert "Kernel didn't respond in 120 seconds" in str(failure.value)


# ------------------------------------------------------------------------------ what "unchanged" means

@pytest.mark.parametrize("change", ["data", "yaml", "text", "new text", "notebook", "template"])
def test_fingerprint_changes_with_every_input_and_only_with_them(tmp_path, change):
    folder = copy_example(tmp_path / "ung_framtid")
    notebook = tmp_path / "rapport.ipynb"
    shutil.copyfile(notebook_path(), notebook)
    template = tmp_path / "mall.docx"
    template.write_bytes(b"PK mall")

    def summa() -> str:
        return input_fingerprint(load_config(folder), notebook=notebook, template=template)["summa"]

    before = summa()
    shutil.copytree(folder, tmp_path / "kopia")  # copying, reading or touching changes nothing
    (folder / "data" / "narvaro.csv").touch()
    assert summa() == before

    target = {"data": folder / "data" / "narvaro.csv", "yaml": folder / "insats.yaml",
              "text": folder / "text" / "samverkan.md", "new text": folder / "text" / "egen.md",
              "notebook": notebook, "template": template}[change]
    with target.open("ab") as handle:
        handle.write(b"\n")
    assert summa() != before


# ------------------------------------------------------------------------------ real batches

def test_parallel_batch_with_a_broken_insats_then_unchanged_then_changed(tmp_path, capsys):
    forbund = tmp_path / "forbund"
    a, b = copy_example(forbund / "a"), copy_example(forbund / "b")
    for folder, name in ((a, "Insats A"), (b, "Insats B")):
        yaml = folder / "insats.yaml"
        yaml.write_text(yaml.read_text(encoding="utf-8").replace("insats: Ung Framtid", f"insats: {name}"),
                        encoding="utf-8")
    broken = copy_example(forbund / "trasig")
    spoil(broken)

    code = main(["rapport", str(forbund), "--parallell", "2"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Gör rapporterna för 3 insatser, 2 åt gången" in out
    rows = rows_of(out)  # in the order of the insatser: a, b, trasig
    assert [r[:4] for r in rows] == [["Insats", "A", "2024-H1", "klar"], ["Insats", "B", "2024-H1", "klar"],
                                     ["Ung", "Framtid", "2024-H1", "fel"]]
    assert f"FEL: {broken / 'insats.yaml'}\ndata/deltagare.csv, rad 2, kolumn startdatum: '2023-13-16'" in err
    assert "1 av 3 insatser misslyckades" in err
    report_a = a / "rapport" / "2024-H1"
    assert json.loads((report_a / "nyckeltal.json").read_text(encoding="utf-8"))["insats"] == "Insats A"
    assert (b / "rapport" / "2024-H1" / "halvarsrapport.docx").is_file()
    assert not (broken / "rapport").exists()  # a failed report leaves nothing behind
    stored = json.loads((report_a / "kontrollsumma.json").read_text(encoding="utf-8"))
    assert stored["utelamnade_rader"] == 5 and "data/narvaro.csv" in " ".join(stored["filer"])

    # nothing changed: nothing is made again
    made = (report_a / "halvarsrapport.html").stat().st_mtime_ns
    assert main(["rapport", str(a), str(b), "--parallell", "2"]) == 0
    out, _ = capsys.readouterr()
    assert [r[3] for r in rows_of(out)] == ["oförändrad", "oförändrad"]
    assert (report_a / "halvarsrapport.html").stat().st_mtime_ns == made

    # the evaluator's text changed in A: A is made again, B is not
    (a / "text" / "samverkan.md").write_text("Samverkan har fungerat väl.\n", encoding="utf-8")
    assert main(["rapport", str(a), str(b)]) == 0
    out, _ = capsys.readouterr()
    assert [r[3] for r in rows_of(out)] == ["klar", "oförändrad"]
    assert "Samverkan har fungerat väl." in (report_a / "halvarsrapport.html").read_text(encoding="utf-8")

    # --om makes it anyway
    assert main(["rapport", str(b)]) == 0
    assert "Oförändrad: Insats B 2024-H1" in capsys.readouterr().out
    assert main(["rapport", str(b), "--om"]) == 0
    assert "Klar: Insats B 2024-H1" in capsys.readouterr().out


def rows_of(out: str) -> list[list[str]]:
    return [line.split() for line in out.split("Sammanfattning:\n")[1].splitlines()[1:] if line.strip()]


def test_batch_on_a_dask_cluster(tmp_path, capsys):
    distributed = pytest.importorskip("dask.distributed")
    good = copy_example(tmp_path / "god")
    broken = copy_example(tmp_path / "trasig")
    spoil(broken)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        code = main(["rapport", str(good), str(broken), "--kluster", cluster.scheduler_address,
                     "--ut", str(tmp_path / "ut")])
    out, err = capsys.readouterr()
    assert code == 1
    assert f"på klustret {cluster.scheduler_address}" in out
    assert [r[3] for r in rows_of(out)] == ["klar", "fel"]
    assert json.loads((tmp_path / "ut" / "god" / "nyckeltal.json").read_text(encoding="utf-8"))["deltagare"]
    assert "'2023-13-16' är inget giltigt datum" in err


def test_a_cluster_that_does_not_answer_is_told_in_swedish():
    pytest.importorskip("dask.distributed")
    with pytest.raises(EvaltoolsError) as failure:
        cluster_executor("tcp://127.0.0.1:9", timeout=1)
    assert "kunde inte ansluta till klustret tcp://127.0.0.1:9" in str(failure.value)


def test_parallell_must_be_a_positive_whole_number(capsys):
    for value, message in (("0", "ska vara minst 1"), ("två", "'två' är inget heltal")):
        with pytest.raises(SystemExit) as stop:
            main(["rapport", "x", "--parallell", value])
        assert stop.value.code == 2
        assert f"--parallell: {message}" in capsys.readouterr().err


def test_kluster_without_dask_says_how_to_install_it(monkeypatch, capsys):
    import sys

    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # as if Dask were not installed
    assert main(["rapport", str(example_dir()), str(example_dir()), "--kluster", "tcp://x:8786"]) == 1
    err = capsys.readouterr().err
    assert "--kluster kräver Dask: installera det med pip install 'evaltools[kluster]'" in err
    assert "Traceback" not in err
