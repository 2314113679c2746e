"""The `evaltools` command: every error path is checked on its message, not only its exit code."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from evaltools.cli import main
from evaltools.resources import example_dir

EVALTOOLS = [sys.executable, "-m", "evaltools.cli"]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*EVALTOOLS, *args], capture_output=True, text=True, timeout=600)


@pytest.fixture
def example(tmp_path) -> Path:
    folder = tmp_path / "ung_framtid"
    shutil.copytree(example_dir(), folder)
    return folder


def spoil(folder: Path, old: str, new: str, file: str = "data/deltagare.csv") -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8-sig")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_version(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.startswith("evaltools 0.")


def test_no_command_is_a_swedish_usage_error(capsys):
    with pytest.raises(SystemExit) as stop:
        main([])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "evaltools: fel:" in err and "de här argumenten saknas" in err


def test_unknown_command(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["rapporter", "x"])
    assert stop.value.code == 2
    assert "okänt kommando" in capsys.readouterr().err


def test_missing_insats_yaml_names_the_file(tmp_path, capsys):
    code = main(["rapport", str(tmp_path / "finns_inte" / "insats.yaml")])
    err = capsys.readouterr().err
    assert code == 1
    assert "insats.yaml: filen finns inte" in err
    assert "Traceback" not in err


def test_bad_date_makes_no_report_folder_and_names_file_row_column(example, capsys):
    spoil(example, "2023-01-16", "2023-13-16")
    code = main(["rapport", str(example / "insats.yaml")])
    err = capsys.readouterr().err
    assert code == 1
    assert "data/deltagare.csv, rad 2, kolumn startdatum: '2023-13-16' är inget giltigt datum" in err
    assert not (example / "rapport").exists()


def test_personnummer_is_refused_and_never_echoed(example, capsys):
    # a made-up number shaped like a personnummer (test fixture of the guard)
    spoil(example, "UF001;", "19850312-1234;")
    code = main(["rapport", str(example / "insats.yaml")])
    err = capsys.readouterr().err
    assert code == 1
    assert "rad 2, kolumn deltagar_id" in err and "personnummer" in err
    assert "1234" not in err and "850312" not in err


def test_config_error_names_the_key(example, capsys):
    spoil(example, "malvarde: 0.4", "malvarde: fyrtio", file="insats.yaml")
    code = main(["kontrollera", str(example / "insats.yaml")])
    err = capsys.readouterr().err
    assert code == 1
    assert "insats.yaml (1 problem):\n  nyckeln 'mal[0].malvarde': ska vara ett tal\n" in err


def test_kontrollera_lists_rows_left_out_by_row_number(example, capsys):
    code = main(["kontrollera", str(example)])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("OK: Ung Framtid 2024-H1")
    assert "lämnas utanför: data/narvaro.csv, rad" in out
    assert "UF999" not in out  # rows are named by number, never by id


def test_kontrollera_prints_every_problem_of_every_file_grouped_with_counts(example, capsys):
    spoil(example, "UF002;kvinna;", "UF002;kvina;")
    spoil(example, "2023-01-18", "2023-02-30")
    spoil(example, "UF003;", "UF002;")
    spoil(example, "1 096 420;1 096 420", "1 096 420;ungefär en miljon", file="data/ekonomi.csv")
    spoil(example, "UF001;2023-01-16;ja", "UF001;16 jan;ja", file="data/narvaro.csv")

    code = main(["kontrollera", str(example / "insats.yaml")])

    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert err == f"""FEL: {example / 'insats.yaml'}
data/deltagare.csv (3 problem):
  rad 3, kolumn kon: 'kvina' är inget tillåtet värde; tillåtna: kvinna, man, annat, okant; menade du kvinna?
  rad 3, kolumn startdatum: '2023-02-30' är inget giltigt datum (finns inte i kalendern)
  rad 4, kolumn deltagar_id: samma deltagar_id som rad 3; koden ska vara unik
data/narvaro.csv (1 problem):
  rad 2, kolumn datum: '16 jan' är inget datum; skriv ÅÅÅÅ-MM-DD (t.ex. 2024-03-01), ÅÅÅÅMMDD eller ÅÅMMDD
data/ekonomi.csv (1 problem):
  rad 2, kolumn prognos: 'ungefär en miljon' är inget tal; skriv t.ex. 1 360 000 eller 698411,50
Totalt 5 problem i 3 filer.

"""


def test_kontrollera_lists_more_problems_than_the_error_message_does(example, capsys):
    text = (example / "data" / "deltagare.csv").read_text(encoding="utf-8-sig")
    (example / "data" / "deltagare.csv").write_text(text.replace(";man;", ";pojk;"), encoding="utf-8")

    main(["kontrollera", str(example)])

    lines = capsys.readouterr().err.splitlines()
    count = text.count(";man;")
    assert count > 15  # the error's own message lists 15 problems per file
    assert f"data/deltagare.csv ({count} problem):" in lines
    assert sum("'pojk' är inget tillåtet värde" in line for line in lines) == count
    assert f"Totalt {count} problem i 1 fil." in lines


def test_kontrollera_of_several_insatser_says_how_many_have_problems(example, tmp_path, capsys):
    bad = tmp_path / "trasig"
    shutil.copytree(example, bad)
    spoil(bad, ";kvinna;", ";kvinnan;")

    code = main(["kontrollera", str(example), str(bad)])

    out, err = capsys.readouterr()
    assert code == 1
    assert out.startswith("OK: Ung Framtid 2024-H1")
    assert err.splitlines()[0] == f"FEL: {bad}"
    assert err.splitlines()[-1] == "1 av 2 insatser har problem."


def test_kontrollera_takes_a_forbund_folder_and_a_glob_as_rapport_does(example, tmp_path, capsys):
    forbund = tmp_path / "forbundet"
    shutil.copytree(example, forbund / "a")
    shutil.copytree(example, forbund / "b")
    spoil(forbund / "b", ";kvinna;", ";kvinnan;")

    code = main(["kontrollera", str(forbund)])
    out, err = capsys.readouterr()
    assert code == 1
    assert out.startswith("OK: Ung Framtid 2024-H1")
    assert err.splitlines()[0] == f"FEL: {forbund / 'b' / 'insats.yaml'}"
    assert err.splitlines()[-1] == "1 av 2 insatser har problem."

    code = main(["kontrollera", str(forbund / "*" / "insats.yaml")])
    out, err = capsys.readouterr()
    assert code == 1 and out.count("OK: Ung Framtid") == 1 and "1 av 2 insatser har problem." in err


@pytest.mark.parametrize("command", ["kontrollera", "rapport"])
def test_debug_shows_the_traceback_and_only_debug_does(example, capsys, command):
    spoil(example, "2023-01-16", "2023-13-16")

    assert main([command, str(example)]) == 1
    plain = capsys.readouterr().err
    assert main([command, str(example), "--debug"]) == 1
    debug = capsys.readouterr().err

    assert "Traceback" not in plain
    assert "'2023-13-16' är inget giltigt datum" in plain
    assert "'2023-13-16' är inget giltigt datum" in debug
    assert "Traceback (most recent call last):" in debug
    # kontrollera reads the files itself; rapport's notebook does, and its kernel's traceback is shown
    assert ("evaltools.errors.DataError" if command == "kontrollera" else "DataError: data/deltagare.csv") in debug
    assert not (example / "rapport").exists()


@pytest.mark.parametrize(("command", "target"), [("kontrollera", "evaltools.insats.load_insats"),
                                                 ("rapport", "evaltools.run.run_report")])
def test_unexpected_error_is_told_without_traceback_or_its_text(example, capsys, monkeypatch, command,
                                                                 target):
    """A bug in evaltools: its message may quote data, so only its kind is told (with --debug, all)."""
    def fail(*args, **kwargs):
        raise KeyError("hemlig-UF001")

    monkeypatch.setattr(target, fail)

    assert main([command, str(example)]) == 1
    err = capsys.readouterr().err
    assert f"FEL: {example}\nett oväntat fel inträffade i evaltools (KeyError). Kör kommandot igen med " \
           "--debug för detaljer och rapportera felet till utvecklarna." in err
    assert "hemlig" not in err and "Traceback" not in err

    assert main([command, str(example), "--debug"]) == 1
    err = capsys.readouterr().err
    assert "Traceback (most recent call last):" in err and "hemlig-UF001" in err


def test_interrupted_by_the_user(example, capsys, monkeypatch):
    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("evaltools.insats.load_insats", interrupt)

    assert main(["kontrollera", str(example)]) == 130
    err = capsys.readouterr().err
    assert err == "evaltools: avbrutet\n"


def test_several_insatser_one_failing_exit_1_and_both_named(example, tmp_path):
    bad = tmp_path / "trasig"
    shutil.copytree(example, bad)
    spoil(bad, ";kvinna;", ";kvinnan;")
    out = tmp_path / "ut"
    done = run_cli("rapport", str(example / "insats.yaml"), str(bad / "insats.yaml"), "--ut", str(out))
    assert done.returncode == 1
    assert "Klar: Ung Framtid 2024-H1" in done.stdout
    assert f"FEL: {bad / 'insats.yaml'}" in done.stderr
    assert "'kvinnan' är inget tillåtet värde; tillåtna: kvinna, man, annat, okant" in done.stderr
    assert "1 av 2 insatser misslyckades" in done.stderr
    # with several insatser, each gets a subfolder named after its folder
    assert json.loads((out / "ung_framtid" / "nyckeltal.json").read_text(encoding="utf-8"))["insats"]
    assert not (out / "trasig" / "nyckeltal.json").exists()


def test_several_insatser_in_folders_of_the_same_name_are_refused(tmp_path, capsys):
    for parent in ("a", "b"):
        shutil.copytree(example_dir(), tmp_path / parent / "insats")
    code = main(["rapport", str(tmp_path / "a" / "insats"), str(tmp_path / "b" / "insats"),
                 "--ut", str(tmp_path / "ut")])
    assert code == 2
    assert "samma namn (insats)" in capsys.readouterr().err


def test_exempel_and_mallar_copy_their_files(tmp_path, capsys):
    assert main(["exempel", str(tmp_path / "ex")]) == 0
    assert (tmp_path / "ex" / "insats.yaml").is_file()
    assert (tmp_path / "ex" / "data" / "deltagare.csv").is_file()
    assert not list((tmp_path / "ex").rglob("*.py"))
    assert main(["mallar", str(tmp_path / "mallar")]) == 0
    assert (tmp_path / "mallar" / "deltagare.csv").is_file()
    assert (tmp_path / "mallar" / "README.md").is_file()


def test_exempel_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "viktig.txt").write_text("x")
    assert main(["exempel", str(tmp_path / "full")]) == 1
    assert "finns redan och är inte tom" in capsys.readouterr().err


def test_kontrollera_warns_about_a_kommun_insats_yaml_does_not_list(tmp_path, capsys):
    import shutil

    from evaltools import example_dir

    folder = tmp_path / "uf"
    shutil.copytree(example_dir(), folder)
    deltagare = folder / "data" / "deltagare.csv"
    lines = deltagare.read_text(encoding="utf-8-sig").splitlines()
    lines[1] = lines[1].replace(";Tierp;", ";Upsala;")
    deltagare.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["kontrollera", str(folder / "insats.yaml")]) == 0
    out = capsys.readouterr().out
    assert "varning: data/deltagare.csv, rad 2, kolumn kommun:" in out and "Upsala" in out
