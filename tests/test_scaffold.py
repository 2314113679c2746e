"""`evaltools ny-insats`: a new insats folder, from options or from another insats of the same model."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from evaltools.cli import main
from evaltools.config import load_config
from evaltools.resources import example_dir, templates_dir
from evaltools.yamlfile import read_yaml

ROW = "A1;kvinna;2000;2025-02-03;;;;;;;\r\n"


def add_participant(folder: Path) -> None:
    with (folder / "data" / "deltagare.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write(ROW)


def test_a_new_insats_from_options_passes_kontrollera_once_it_has_a_participant(tmp_path, capsys):
    folder = tmp_path / "steget_vidare"
    code = main(["ny-insats", str(folder), "--namn", "Steget Vidare", "--kommun", "Klippan", "--kommun", "Åstorp",
                 "--forbund", "Samordningsförbundet Skåne Nordväst", "--start", "2025-01-01",
                 "--slut", "2026-12-31"])
    out = capsys.readouterr().out
    assert code == 0
    assert f"Kontrollera filerna med: evaltools kontrollera {folder / 'insats.yaml'}" in out

    config = load_config(folder)
    assert config.insats == "Steget Vidare"
    assert config.kommuner == ("Klippan", "Åstorp")
    assert config.samordningsforbund == "Samordningsförbundet Skåne Nordväst"
    assert (str(config.insatsperiod.start), str(config.insatsperiod.slut)) == ("2025-01-01", "2026-12-31")
    assert config.period.label == "2025-H1"  # the first half-year of the insats
    assert config.insatsagare is None  # the template's placeholder is not kept as a value
    # the empty templates: CSV files with their header only, the Excel workbook, the text folder
    for table in ("deltagare", "narvaro", "progression", "ekonomi", "kartlaggning"):
        assert (folder / "data" / f"{table}.csv").read_bytes() == (templates_dir() / f"{table}.csv").read_bytes()
    assert (folder / "data" / "mallar.xlsx").read_bytes() == (templates_dir() / "mallar.xlsx").read_bytes()
    assert sorted(p.name for p in (folder / "text").iterdir()) == sorted(
        p.name for p in (templates_dir() / "text").iterdir())
    # the template's comments are kept for the evaluator
    assert "# Målen ur ansökan" in (folder / "insats.yaml").read_text(encoding="utf-8")

    add_participant(folder)
    assert main(["kontrollera", str(folder / "insats.yaml")]) == 0
    assert capsys.readouterr().out.startswith("OK: Steget Vidare 2025-H1 (1 deltagare;")


def test_a_new_insats_from_another_takes_its_goals_bands_scale_and_settings(tmp_path, capsys):
    source = tmp_path / "ung_framtid"
    shutil.copytree(example_dir(), source)
    yaml = source / "insats.yaml"
    text = yaml.read_text(encoding="utf-8")
    # the other insats has no progression file, a stricter masking and English labels
    text = re.sub(r"  progression: data/progression\.csv\n", "", text)
    text = re.sub(r"progression:\n(  .*\n)+", "", text)
    yaml.write_text(text.replace("min_antal: 3", "min_antal: 5").replace("sprak: sv", "sprak: en"),
                    encoding="utf-8")
    folder = tmp_path / "ung_framtid_alvkarleby"

    assert main(["ny-insats", str(folder), "--fran", str(yaml), "--kommun", "Älvkarleby",
                 "--namn", "Ung Framtid Älvkarleby"]) == 0
    capsys.readouterr()
    other, new = load_config(source), load_config(folder)
    assert new.insats == "Ung Framtid Älvkarleby" and new.kommuner == ("Älvkarleby",)
    assert new.samordningsforbund == other.samordningsforbund
    assert new.insatsperiod == other.insatsperiod and new.period == other.period  # no new dates given
    assert new.age_bands == other.age_bands and new.local_outcomes == other.local_outcomes
    assert new.min_count == 5 and new.language == "en" and new.progression is None
    assert [g.namn for g in new.goals] == [g.namn for g in other.goals]
    # a figure entered by hand belongs to the other insats: the new one starts at 0
    raw = read_yaml(folder / "insats.yaml")
    assert [g.get("utfall") for g in raw["mal"] if g["typ"] == "antal"] == [0]
    assert set(new.data) == {"deltagare", "narvaro", "ekonomi", "kartlaggning"}
    assert not (folder / "data" / "progression.csv").exists()

    add_participant(folder)
    assert main(["kontrollera", str(folder)]) == 0
    assert capsys.readouterr().out.startswith("OK: Ung Framtid Älvkarleby 2024-H1 (1 deltagare;")


def test_new_dates_with_fran_give_the_first_half_year_of_the_new_period(tmp_path):
    folder = tmp_path / "ny"
    assert main(["ny-insats", str(folder), "--fran", str(example_dir()), "--start", "2025-08-01",
                 "--slut", "2027-07-31"]) == 0
    config = load_config(folder)
    assert config.period.label == "2025-H2"
    assert config.insats == "Ny"  # named after the folder


@pytest.mark.parametrize(("args", "message"), [
    ([], "ange insatsperioden med --start och --slut (eller utgå från en annan insats med --fran)"),
    (["--start", "2025-01-01"], "ange både --start och --slut"),
    (["--start", "2025-13-01", "--slut", "2025-12-31"], "--start: '2025-13-01' är inget giltigt datum; skriv ÅÅÅÅ-MM-DD"),
    (["--start", "2025-06-01", "--slut", "2025-01-31"], "--slut (2025-01-31) är före --start (2025-06-01)"),
    (["--start", "2025-01-01", "--slut", "2025-12-31", "--rapportperiod", "2027-H1"],
     "nyckeln 'rapportperiod': rapportperioden 2027-H1 ligger helt utanför insatsperioden"),
    (["--fran", "finns_inte/insats.yaml"], "insats.yaml: filen finns inte"),
])
def test_a_new_insats_that_cannot_be_made_says_why_and_leaves_nothing(tmp_path, capsys, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    code = main(["ny-insats", "ny", *args])
    err = capsys.readouterr().err
    assert code == 1
    assert message in err
    assert "Traceback" not in err
    assert not (tmp_path / "ny").exists()


def test_ny_insats_never_overwrites(tmp_path, capsys):
    folder = tmp_path / "finns"
    folder.mkdir()
    (folder / "anteckningar.txt").write_text("viktigt", encoding="utf-8")
    assert main(["ny-insats", str(folder), "--start", "2025-01-01", "--slut", "2025-12-31"]) == 1
    assert "finns redan och är inte tom; ny-insats skriver aldrig över något" in capsys.readouterr().err
    assert [p.name for p in folder.iterdir()] == ["anteckningar.txt"]
    # an empty folder is fine
    (folder / "anteckningar.txt").unlink()
    assert main(["ny-insats", str(folder), "--start", "2025-01-01", "--slut", "2025-12-31"]) == 0
