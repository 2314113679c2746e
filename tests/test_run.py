"""End to end: `evaltools rapport` on the bundled example, in a kernel, as a user runs it.

The report is made once per test session (it takes a kernel start and some seconds) and the tests
read what it wrote.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from evaltools.resources import example_dir

EVALTOOLS = [sys.executable, "-m", "evaltools.cli"]


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*EVALTOOLS, *args], capture_output=True, text=True, cwd=cwd, timeout=600)


def example_ids() -> list[str]:
    text = (example_dir() / "data" / "deltagare.csv").read_text(encoding="utf-8-sig")
    return [line.split(";")[0] for line in text.splitlines()[1:] if line.strip()]


@pytest.fixture(scope="session")
def report(tmp_path_factory) -> Path:
    """The example copied to a fresh folder and reported on with default output."""
    root = tmp_path_factory.mktemp("exempel")
    done = run_cli("exempel", str(root / "ung_framtid"))
    assert done.returncode == 0, done.stderr
    done = run_cli("rapport", str(root / "ung_framtid" / "insats.yaml"))
    assert done.returncode == 0, done.stderr
    assert "Klar: Ung Framtid 2024-H1" in done.stdout
    return root / "ung_framtid" / "rapport" / "2024-H1"


def test_report_writes_every_file_of_the_contract(report):
    assert (report / "halvarsrapport.ipynb").is_file()
    assert (report / "halvarsrapport.html").is_file()
    assert (report / "nyckeltal.json").is_file()
    assert (report / "datakvalitet.csv").is_file()
    pngs = sorted(p.stem for p in (report / "figurer").glob("*.png"))
    svgs = sorted(p.stem for p in (report / "figurer").glob("*.svg"))
    assert pngs == svgs
    for name in ("deltagarflode", "deltagare_per_kon", "deltagare_per_aldersgrupp", "utfall",
                 "maluppfyllelse", "narvaro_per_aldersgrupp", "narvaro_per_manad", "franvaro_orsaker",
                 "progression", "progression_radar", "kartlaggning_ja", "ekonomi_per_period"):
        assert name in pngs
    tables = {p.stem for p in (report / "tabeller").glob("*.csv")}
    assert {"deltagarflode", "utfall", "maluppfyllelse", "narvaro", "progression", "kartlaggning",
            "ekonomi_per_period"} <= tables


def test_no_participant_id_in_any_published_file(report):
    ids = example_ids()
    pattern = re.compile(rb"(?<![A-Za-z0-9])(" + b"|".join(re.escape(i.encode()) for i in ids)
                         + rb")(?![A-Za-z0-9])")
    published = [p for p in report.rglob("*") if p.is_file() and p.name != "nyckeltal.json"]
    assert len(published) > 30
    for path in published:
        assert not pattern.search(path.read_bytes()), f"{path.name} holds a participant id"


def test_key_figures_of_the_example(report):
    figures = json.loads((report / "nyckeltal.json").read_text(encoding="utf-8"))
    assert figures["rapportperiod"] == {"start": "2024-01-01", "slut": "2024-06-30", "namn": "2024-H1"}
    flow = figures["deltagare"]
    # counted by hand from evaltools/exempel/ung_framtid/data/deltagare.csv with the contract's rules
    # (62 rows; 2 start in August 2024; 39 ended by 2024-06-30, 18 of them in 2024-H1)
    assert flow["totalt"] == 60
    assert flow["avslutade_totalt"] == 39
    assert flow["pagaende_vid_periodens_slut"] == 21
    assert sum(flow["per_kon"].values()) == flow["totalt"]
    assert figures["sekretess"]["maskerade_celler"] > 0
    goal = figures["mal"][0]
    assert goal["varde"] == goal["taljare"] / goal["namnare"]


def test_html_is_readable_without_code(report):
    html = (report / "halvarsrapport.html").read_text(encoding="utf-8")
    assert "<h1>Ung Framtid</h1>" in html
    assert "Måluppfyllelse" in html and "Närvaro" in html
    assert "import evaltools" not in html  # no code
    assert "config_path" not in html  # no parameters
    assert "taggade" not in html  # no developer notes
    assert "Traceback" not in html and "Warning" not in html


def test_html_opens_offline_and_says_it_is_swedish(report):
    html = (report / "halvarsrapport.html").read_text(encoding="utf-8")
    assert '<html lang="sv">' in html
    # nothing fetched from the internet when the board opens it: no script, style or image by URL
    assert not re.findall(r"""(?:src|href)=["']?(?:https?:)?//""", html)


def test_executed_notebook_has_no_errors_and_shows_no_raw_rows(report):
    notebook = json.loads((report / "halvarsrapport.ipynb").read_text(encoding="utf-8"))
    outputs = [o for c in notebook["cells"] for o in c.get("outputs", [])]
    assert outputs
    assert all(o["output_type"] != "error" for o in outputs)
    assert all(o["output_type"] != "stream" for o in outputs), "nothing is printed to the report"


def test_the_notebook_shows_every_figure_of_the_report(report):
    """Figures are drawn in the background; the notebook shows each where it was made, with its
    image, once its cell has ended (the placeholder is replaced, never left)."""
    notebook = json.loads((report / "halvarsrapport.ipynb").read_text(encoding="utf-8"))
    shown = ["".join(o.get("data", {}).get("text/html", "")) for c in notebook["cells"] for o in c.get("outputs", [])]
    figures = [h for h in shown if h.startswith("<figure class='et-figure'")]
    numbers = [int(re.search(r"id='figur-(\d+)'", h).group(1)) for h in figures]
    assert numbers == list(range(1, len(figures) + 1)) and len(figures) > 15
    assert all("src='data:image/png;base64,iVBOR" in h for h in figures)
    html = (report / "halvarsrapport.html").read_text(encoding="utf-8")
    assert html.count("<figure class='et-figure'") == len(figures)


def test_same_input_gives_byte_identical_figures_and_tables(report, tmp_path):
    again = tmp_path / "again"
    done = run_cli("rapport", str(report.parents[1] / "insats.yaml"), "--ut", str(again))
    assert done.returncode == 0, done.stderr
    files = sorted(p.relative_to(report) for p in report.rglob("*")
                   if p.is_file() and p.suffix in (".png", ".svg", ".csv", ".json"))
    assert len(files) > 40
    for name in files:
        assert (again / name).read_bytes() == (report / name).read_bytes(), f"{name} differs"


def test_report_matches_the_contract_checker(report):
    """The project's own test must not depend on ../shared: this mirrors the checker's core rules."""
    figures = json.loads((report / "nyckeltal.json").read_text(encoding="utf-8"))
    for key in ("insats", "rapportperiod", "deltagare", "utfall", "mal", "narvaro", "progression",
                "ekonomi", "kartlaggning", "sekretess"):
        assert key in figures
    for goal in figures["mal"]:
        if goal["typ"] == "antal":
            assert goal["taljare"] is goal["namnare"] is goal["ki_lag"] is goal["ki_hog"] is None
        else:
            assert goal["ki_lag"] <= goal["varde"] <= goal["ki_hog"]
    for indicator in figures["progression"]["indikatorer"].values():
        assert indicator["forbattrad"] + indicator["oforandrad"] + indicator["forsamrad"] == indicator["deltagare"]
    for question in figures["kartlaggning"].values():
        assert sum(question["svar"].values()) == question["besvarade"]


def test_english_report(tmp_path):
    folder = tmp_path / "en"
    shutil.copytree(example_dir(), folder)
    yaml = folder / "insats.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("sprak: sv", "sprak: en"), encoding="utf-8")
    done = run_cli("rapport", str(yaml), "--ut", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "out" / "halvarsrapport.html").read_text(encoding="utf-8")
    assert "Goal attainment" in html and "Participants by gender" in html
    assert '<html lang="en">' in html
    assert "Måluppfyllelse" not in html
    figures = json.loads((tmp_path / "out" / "nyckeltal.json").read_text(encoding="utf-8"))
    assert "per_kon" in figures["deltagare"]  # keys stay Swedish whatever the language


def test_a_section_without_data_is_left_out(tmp_path):
    folder = tmp_path / "bara_deltagare"
    shutil.copytree(example_dir(), folder)
    yaml = folder / "insats.yaml"
    text = yaml.read_text(encoding="utf-8")
    text = re.sub(r"  (narvaro|progression|ekonomi|kartlaggning): data/\w+\.csv\n", "", text)
    text = re.sub(r"  - namn: Närvaro\n    typ: narvaro\n    malvarde: 0.8\n", "", text)
    yaml.write_text(text, encoding="utf-8")
    done = run_cli("rapport", str(yaml), "--ut", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    figures = json.loads((tmp_path / "out" / "nyckeltal.json").read_text(encoding="utf-8"))
    assert figures["narvaro"] is figures["progression"] is figures["ekonomi"] is figures["kartlaggning"] is None
    html = (tmp_path / "out" / "halvarsrapport.html").read_text(encoding="utf-8")
    assert "<h2>Närvaro</h2>" not in html
    assert "Utan data, och därför inte med i rapporten: Närvaro, Progression, Kartläggning" in html


def test_the_executed_notebook_names_the_report_folder(report):
    """The notebook is made in a folder of its own and moved in: its parameters still name the report
    folder, so that it can be run again from Jupyter."""
    notebook = json.loads((report / "halvarsrapport.ipynb").read_text(encoding="utf-8"))
    injected = "".join("".join(c["source"]) for c in notebook["cells"]
                       if "injected-parameters" in c["metadata"].get("tags", []))
    assert f'output_dir = "{report}"' in injected
    stored = json.loads((report / "kontrollsumma.json").read_text(encoding="utf-8"))
    assert stored["insats"] == "Ung Framtid" and stored["rapportperiod"] == "2024-H1"
    assert len(stored["summa"]) == 64


def test_a_failed_run_keeps_the_last_report(report, tmp_path):
    folder = tmp_path / "ung_framtid"
    shutil.copytree(report.parents[1], folder)
    last = {p.relative_to(folder): p.read_bytes() for p in (folder / "rapport").rglob("*") if p.is_file()}
    path = folder / "data" / "deltagare.csv"
    path.write_text(path.read_text(encoding="utf-8-sig").replace(";kvinna;", ";kvinnan;", 1), encoding="utf-8")

    done = run_cli("rapport", str(folder / "insats.yaml"))
    assert done.returncode == 1
    assert "'kvinnan' är inget tillåtet värde" in done.stderr
    assert {p.relative_to(folder): p.read_bytes() for p in (folder / "rapport").rglob("*") if p.is_file()} == last


def test_the_report_command_leaves_out_jsonschemas_iri_checker():
    """rfc3987_syntax compiles a grammar when imported (about a second per report process); papermill
    works without it."""
    code = ("import sys\nfrom evaltools.run import _without_iri_checker\n_without_iri_checker()\n"
            "import papermill, nbformat\n"
            "nbformat.validate(nbformat.v4.new_notebook())\n"
            "print(sys.modules.get('rfc3987_syntax', 'absent'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "None"


def test_a_kernel_started_early_is_stopped_when_insats_yaml_is_broken(tmp_path):
    # --om starts the kernel before insats.yaml is read; a broken insats.yaml must not leave it running
    import psutil

    from evaltools.errors import EvaltoolsError
    from evaltools.run import run_report

    (tmp_path / "insats.yaml").write_text("insats: [trasig\n", encoding="utf-8")
    me = psutil.Process()
    before = {p.pid for p in me.children(recursive=True)}
    with pytest.raises(EvaltoolsError, match="insats.yaml"):
        run_report(tmp_path, tmp_path / "ut", force=True)
    left = [p for p in me.children(recursive=True) if p.pid not in before and p.is_running()
            and p.status() != psutil.STATUS_ZOMBIE]
    assert left == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="kernels are forked on Linux only")
def test_a_report_made_in_a_forked_warm_kernel_is_the_same_bytes(report, tmp_path):
    # as a batch process makes it (evaltools.warm): the kernel forked with its imports done
    from evaltools import warm
    from evaltools.run import run_report

    folder = tmp_path / "ung_framtid"
    assert run_cli("exempel", str(folder)).returncode == 0
    warm.start()
    try:
        run_report(folder, tmp_path / "ut", force=True)
    finally:
        warm.stop()
    for path in sorted(p for p in report.rglob("*") if p.is_file()):
        relative = path.relative_to(report)
        if relative.suffix == ".ipynb" or relative.name == "kontrollsumma.json":
            continue  # they name the folders and hold run times
        assert (tmp_path / "ut" / relative).read_bytes() == path.read_bytes(), relative
