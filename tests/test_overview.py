"""The förbundsöversikt: the insatser side by side, totals masked by the reports' rules, nothing
computed twice; and `evaltools oversikt` running notebooks/forbundsoversikt.ipynb."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from conftest import write_insats

from evaltools.cli import main
from evaltools.exempel.forbund import generate_forbund
from evaltools.insats import load_insats
from evaltools.overview import ALL, FLOW, Overview
from evaltools.publish import MASKED_SECONDARY
from evaltools.report import Report

YAML = """\
insats: {name}
samordningsforbund: Samordningsförbundet X
insatsperiod: {{start: 2023-01-01, slut: 2025-12-31}}
rapportperiod: 2024-H1
aldersgrupper: [16-24, 25-29, 30-]
mal:
  - namn: Arbete eller studier
    typ: utfall
    kategorier: [arbete, studier]
    malvarde: 0.5
sekretess:
  min_antal: 3
sprak: {language}
"""


def insats(folder: Path, name: str, outcomes: dict[str, int], ongoing: int, *, language: str = "sv",
           budget: int = 1_000_000) -> Path:
    """An insats whose participants all started in January 2024: ``outcomes`` ended in the period,
    ``ongoing`` still enrolled; attendance (form B) for everyone, and a budget."""
    rows = ["deltagar_id;kon;fodelsear;startdatum;slutdatum;utfall"]
    n = 0
    for outcome, count in outcomes.items():
        for _ in range(count):
            n += 1
            rows.append(f"{name[0]}{n};{'kvinna' if n % 2 else 'man'};2000;2024-01-{n % 28 + 1:02d};2024-05-02;{outcome}")
    for _ in range(ongoing):
        n += 1
        rows.append(f"{name[0]}{n};man;1995;2024-01-{n % 28 + 1:02d};;")
    narvaro = ["deltagar_id;period_start;period_slut;planerade;narvarande"]
    narvaro += [f"{name[0]}{i};2024-02-01;2024-02-29;8;{8 - i % 3}" for i in range(1, n + 1)]
    ekonomi = f"period;beviljat;utfall\n2024;{budget};{budget // 2}\n"
    return write_insats(folder, YAML.format(name=name, language=language), deltagare="\n".join(rows) + "\n",
                        narvaro="\n".join(narvaro) + "\n", ekonomi=ekonomi)


@pytest.fixture(scope="module")
def two(tmp_path_factory) -> list[Path]:
    root = tmp_path_factory.mktemp("forbund")
    # A has one participant who went on to seek work (masked in A's own report), B has five
    return [insats(root / "a", "Alfa", {"arbete": 5, "studier": 4, "arbetssokande": 1}, 2),
            insats(root / "b", "Beta", {"arbete": 4, "studier": 3, "arbetssokande": 5}, 3, budget=2_000_000)]


@pytest.fixture(scope="module")
def overview(two) -> Overview:
    return Overview([load_insats(p) for p in two], show=False)


def rows(table, insats: str) -> np.ndarray:
    return (table["insats"] == insats).to_numpy()


def test_one_row_per_insats_and_a_total_that_is_their_sum(overview):
    flow = overview.results["oversikt_deltagare"]
    assert list(flow["insats"]) == ["Alfa", "Beta", ALL]
    assert flow.loc[rows(flow, "Alfa"), "totalt"].item() == 12 and flow.loc[rows(flow, "Beta"), "totalt"].item() == 15
    for population in FLOW:
        assert flow[population].iloc[2] == flow[population].iloc[:2].sum()
    sus = overview.results["oversikt_utfall"].set_index(["insats", "sus_grupp"])
    assert sus.loc[(ALL, "aktivt_arbetssokande"), "antal"] == 6
    assert sus.loc[(ALL, "forvarvsarbete"), "andel"] == pytest.approx(9 / 22)
    money = overview.results["oversikt_ekonomi"].set_index("insats")
    assert money.loc[ALL, "utfall"] == 1_500_000
    assert money.loc[ALL, "kostnad_per_deltagare"] == pytest.approx(1_500_000 / 27)  # R: 1500000/27 = 55555.56
    rates = overview.results["oversikt_narvaro"].set_index("insats")
    assert rates.loc[ALL, "planerade"] == 8 * 27
    assert rates.loc[ALL, "ki_lag"] < rates.loc[ALL, "andel"] < rates.loc[ALL, "ki_hog"]  # one period: pooled


def test_the_insatser_tables_come_from_their_own_reports(overview, two):
    for path, name in zip(two, ("Alfa", "Beta")):
        own = Report(load_insats(path), None, show=False)
        goals = overview.results["oversikt_mal"]
        mine = goals.loc[rows(goals, name)].drop(columns="insats").reset_index(drop=True)
        assert mine.equals(own.results["maluppfyllelse"])


def test_what_an_insats_report_hides_stays_hidden_and_the_total_cannot_give_it_away(overview, two):
    alfa = Report(load_insats(two[0]), None, show=False).published["utfall_sus"]
    hidden_in_alfa = alfa.mask["antal"].to_numpy()
    assert hidden_in_alfa[2]  # 1 participant seeking work: masked in Alfa's own report
    p = overview.published["oversikt_utfall"]
    assert (p.mask.loc[rows(p.values, "Alfa"), "antal"].to_numpy() == hidden_in_alfa).all()
    assert (p.marks.loc[rows(p.values, "Alfa"), "antal"].to_numpy() == alfa.marks["antal"].to_numpy()).all()
    # Beta shows 5 and the total 6 would give Alfa's 1 away: one of them is hidden too (secondary)
    seeking = (p.values["sus_grupp"] == "aktivt_arbetssokande").to_numpy()
    beta, total = seeking & rows(p.values, "Beta"), seeking & rows(p.values, ALL)
    assert p.mask.loc[beta, "antal"].item() or p.mask.loc[total, "antal"].item()
    assert MASKED_SECONDARY in set(p.marks.loc[beta | total, "antal"])
    assert p.secondary_cells > 0
    # the displayed table shows the marks, never the hidden numbers
    alfa_seeking = seeking & rows(p.values, "Alfa")
    assert p.display.loc[alfa_seeking].iloc[0, 2] == "<3"
    assert "X" in set(p.display.loc[beta | total].iloc[:, 2])


def test_a_total_of_small_counts_is_a_count(tmp_path):
    paths = [insats(tmp_path / "a", "Alfa", {"arbete": 6, "arbetssokande": 1}, 0),
             insats(tmp_path / "c", "Gamma", {"arbete": 7, "arbetssokande": 1}, 0)]
    p = Overview([load_insats(path) for path in paths], show=False).published["oversikt_utfall"]
    total = ((p.values["insats"] == ALL) & (p.values["sus_grupp"] == "aktivt_arbetssokande")).to_numpy()
    assert p.mask.loc[total, "antal"].item()
    assert p.marks.loc[total, "antal"].item() == "<3"


def test_key_figures_list_the_insatser_and_the_exact_totals(overview, two):
    figures = overview.key_figures()
    assert [f["insats"] for f in figures["insatser"]] == ["Alfa", "Beta"]
    assert figures["samordningsforbund"] == "Samordningsförbundet X"
    totals = figures["totalt"]
    assert totals["insatser"] == 2
    assert totals["deltagare"]["totalt"] == sum(f["deltagare"]["totalt"] for f in figures["insatser"]) == 27
    assert totals["utfall_sus"]["antal"]["aktivt_arbetssokande"] == 6  # exact: nyckeltal.json is not masked
    assert totals["ekonomi"]["beviljat"] == 3_000_000
    assert figures["sekretess"]["sekundart_maskerade"] > 0
    json.dumps(figures, allow_nan=False)


def test_english_overview(two, tmp_path):
    paths = [insats(tmp_path / n, n.title(), {"arbete": 4, "studier": 4}, 1, language="en") for n in ("ett", "tva")]
    o = Overview([load_insats(p) for p in paths], show=False)
    display = o.published["oversikt_deltagare"].display
    assert list(display.columns[:2]) == ["Intervention", "Report period"]
    assert display.iloc[-1, 0] == "All interventions"


def test_the_same_input_gives_the_same_files(two, tmp_path):
    for out in ("a", "b"):
        o = Overview([load_insats(p) for p in two], tmp_path / out, show=False)
        for section in ("deltagare", "utfall", "mal", "narvaro", "ekonomi"):
            o.section(section)
        o.methods()
        o.finish()
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert {f.suffix for f in files} == {".png", ".svg", ".csv", ".json", ".html", ".docx", ".xlsx"}
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), f"{name} differs"


def test_the_overview_tables_in_one_workbook_as_in_tabeller(two, tmp_path):
    from openpyxl import load_workbook

    o = Overview([load_insats(p) for p in two], tmp_path, show=False)
    for section in ("deltagare", "utfall", "mal", "narvaro", "ekonomi"):
        o.section(section)
    o.finish()
    workbook = load_workbook(tmp_path / "tabeller" / "tabeller.xlsx")
    csvs = sorted(p.stem for p in (tmp_path / "tabeller").glob("*.csv"))
    assert sorted(workbook.sheetnames) == csvs
    sheet = workbook["oversikt_deltagare"]
    assert sheet["A1"].value == "Deltagare per insats"
    assert [c.value for c in sheet[2]][:2] == ["Insats", "Rapportperiod"]
    published = o.published["oversikt_deltagare"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == len(published.csv)
    for row, (_, shown) in zip(rows, published.csv.iterrows()):
        for value, text in zip(row[2:], shown.iloc[2:]):  # counts as numbers, masked cells as shown
            assert value == (int(text.replace(" ", "")) if text.replace(" ", "").isdigit() else text)


def test_evaltools_oversikt_runs_the_notebook_on_a_forbund_folder(tmp_path, capsys):
    forbund = tmp_path / "forbund"
    configs = generate_forbund(forbund, 2)
    assert main(["oversikt", str(forbund)]) == 0
    # the insatser in the order of their folders' names
    assert "Klar: förbundsöversikten över Ung Framtid Älvkarleby, Ung Framtid Tierp." in capsys.readouterr().out
    out = forbund / "oversikt"
    assert {p.name for p in out.iterdir()} == {"forbundsoversikt.html", "forbundsoversikt.docx",
                                                "forbundsoversikt.ipynb", "nyckeltal.json", "figurer", "tabeller"}
    figures = json.loads((out / "nyckeltal.json").read_text(encoding="utf-8"))
    assert [f["insats"] for f in figures["insatser"]] == ["Ung Framtid Älvkarleby", "Ung Framtid Tierp"]
    html = (out / "forbundsoversikt.html").read_text(encoding="utf-8")
    assert "<h1>Samordningsförbundet Norra Uppland</h1>" in html and "Alla insatser" in html
    assert "import evaltools" not in html and "Traceback" not in html
    # no participant code in anything published
    ids = set()
    for config in configs:
        text = (config.parent / "data" / "deltagare.csv").read_text(encoding="utf-8-sig")
        ids |= {line.split(";")[0] for line in text.splitlines()[1:]}
    pattern = re.compile(r"(?<![A-Za-z0-9])(" + "|".join(map(re.escape, ids)) + r")(?![A-Za-z0-9])")
    for path in out.rglob("*"):
        if path.is_file() and path.name != "nyckeltal.json" and path.suffix != ".docx":
            assert not pattern.search(path.read_text(encoding="utf-8", errors="ignore")), path.name
    notebook = json.loads((out / "forbundsoversikt.ipynb").read_text(encoding="utf-8"))
    assert all(o["output_type"] != "error" for c in notebook["cells"] for o in c.get("outputs", []))
    assert f'output_dir = "{out}"' in "".join(
        "".join(c["source"]) for c in notebook["cells"] if "injected-parameters" in c["metadata"].get("tags", []))


def test_oversikt_needs_an_output_folder_unless_given_a_forbund_folder(tmp_path, capsys):
    assert main(["oversikt", str(tmp_path / "a" / "insats.yaml"), str(tmp_path / "b")]) == 2
    assert "ange utmappen med --ut" in capsys.readouterr().err


def test_oversikt_of_a_broken_insats_names_the_problem(tmp_path, capsys):
    path = insats(tmp_path / "a", "Alfa", {"arbete": 3}, 1)
    text = (path.parent / "data" / "deltagare.csv").read_text(encoding="utf-8")
    (path.parent / "data" / "deltagare.csv").write_text(text.replace("2024-05-02", "2024-05-32", 1), encoding="utf-8")
    assert main(["oversikt", str(path), "--ut", str(tmp_path / "ut")]) == 1
    err = capsys.readouterr().err
    assert "data/deltagare.csv, rad 2, kolumn slutdatum: '2024-05-32' är inget giltigt datum" in err
    assert "Traceback" not in err
    assert not (tmp_path / "ut").exists()
