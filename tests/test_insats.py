"""An insats folder -> Insats: configuration and every table read together, files named as the
evaluator sees them, the data-quality log, and the checks that span config and data (goals of typ
andel)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from conftest import BASE_YAML, DELTAGARE, assert_key, assert_place, write_file, write_insats, write_xlsx

from evaltools.errors import ConfigError, DataError
from evaltools.insats import load_insats

FULL_YAML = BASE_YAML + """\
progression: {instrument: SMAIL, skala: [1, 10]}
mal:
  - {namn: Arbete eller studier, typ: utfall, kategorier: [arbete, studier], malvarde: 0.5}
  - {namn: Närvaro, typ: narvaro, malvarde: 0.8}
"""
FULL_TABLES = {
    "narvaro": "deltagar_id;datum;narvarande\nA1;2024-01-15;ja\nA2;2024-02-05;nej\nB9;2024-02-05;ja\n",
    "progression": "deltagar_id;datum;indikator;varde\nA1;2024-01-15;Hälsa;4\nA1;2024-04-15;Hälsa;7\n",
    "ekonomi": "period;beviljat;utfall\n2024-H1;1 360 000;698411,50\n;1;1\n",
    "kartlaggning": "deltagar_id;fraga;svar\nA1;Diagnos NPF;Ja\nA2;Diagnos NPF;\n",
}


def share_goal(column: str) -> str:
    return BASE_YAML + f"mal:\n  - {{namn: Arbetsträning, typ: andel, kolumn: {column}, malvarde: 0.5}}\n"


# ---------------------------------------------------------------------------------- a whole insats

def test_every_table_is_read(tmp_path):
    insats = load_insats(write_insats(tmp_path, FULL_YAML, **FULL_TABLES))

    assert insats.config.insats == "Testinsatsen"
    assert insats.deltagare["deltagar_id"].tolist() == ["A1", "A2", "A3"]
    assert insats.narvaro_form == "A"
    assert len(insats.narvaro) == 2
    assert len(insats.progression) == 2
    assert insats.ekonomi["utfall"].tolist() == [698411.5]
    assert len(insats.kartlaggning) == 2
    assert all(insats.has(t) for t in ("narvaro", "progression", "ekonomi", "kartlaggning"))


def test_quality_log_collects_every_file(tmp_path):
    insats = load_insats(write_insats(tmp_path, FULL_YAML, **FULL_TABLES))

    assert list(insats.kvalitet.itertuples(index=False, name=None)) == [
        ("data/ekonomi.csv", 3, "period", "period saknas"),
        ("data/narvaro.csv", 4, "deltagar_id", "deltagaren finns inte i deltagarfilen"),
    ]


def test_absent_tables_are_none(tmp_path):
    insats = load_insats(write_insats(tmp_path))

    assert insats.narvaro is None and insats.narvaro_form is None
    assert not insats.has("progression") and not insats.has("ekonomi") and not insats.has("kartlaggning")
    assert insats.kvalitet.empty and list(insats.kvalitet.columns) == ["fil", "rad", "kolumn", "orsak"]


def test_bundled_example_loads():
    from evaltools.resources import example_dir

    insats = load_insats(example_dir())

    assert len(insats.deltagare) > 0
    assert all(insats.has(t) for t in ("narvaro", "progression", "ekonomi", "kartlaggning"))


def test_several_splits_only_when_values_differ(tmp_path):
    insats = load_insats(write_insats(tmp_path))

    assert insats.several("deltagare", "kon")
    assert not insats.several("deltagare", "kommun")
    assert not insats.several("narvaro", "deltagar_id")


# ------------------------------------------------------------------------------ files and messages

def test_messages_name_the_file_relative_to_insats_yaml(tmp_path):
    write_insats(tmp_path, deltagare=DELTAGARE.replace("2024-02-01", "2024-02-30"))

    with pytest.raises(DataError) as info:
        load_insats(tmp_path / "insats.yaml")

    assert str(info.value) == ("data/deltagare.csv, rad 3, kolumn startdatum: '2024-02-30' är inget giltigt "
                               "datum (finns inte i kalendern)")


def test_file_outside_the_insats_folder_is_named_by_its_relative_path(tmp_path):
    write_file(tmp_path / "gemensamt" / "personer.csv", DELTAGARE.replace("A2;man", "A2;x"))
    write_insats(tmp_path / "insats", BASE_YAML + "data: {deltagare: ../gemensamt/personer.csv}\n",
                 deltagare=None)

    with pytest.raises(DataError) as info:
        load_insats(tmp_path / "insats")

    assert_place(info.value, "../gemensamt/personer.csv", 3, "kon")


def test_windows_1252_deltagare(tmp_path):
    text = ("deltagar_id;Kön;Födelseår;Startdatum;Kommun\nA1;Kvinna;2000;2024-01-10;Håbo\n"
            "A2;Män;1990;240301;Älvkarleby\n")
    write_insats(tmp_path, deltagare=text.encode("cp1252"))

    table = load_insats(tmp_path).deltagare

    assert table["kon"].tolist() == ["kvinna", "man"]
    assert table["kommun"].tolist() == ["Håbo", "Älvkarleby"]
    assert table["startdatum"].tolist() == [pd.Timestamp("2024-01-10"), pd.Timestamp("2024-03-01")]


def test_deltagare_as_excel(tmp_path):
    write_xlsx(tmp_path / "data" / "deltagare.xlsx", {"Blad1": [
        ["Deltagar-ID", "Kön", "Födelseår", "Startdatum", "Slutdatum", "Utfall"],
        [1001, "K", 2000, dt.datetime(2024, 1, 10), dt.datetime(2024, 5, 2), "Arbete"],
        [None, None, None, None, None, None],
        [1002, "M", 1996, "2024-02-01", None, None],
    ]})
    write_insats(tmp_path, deltagare=None)

    table = load_insats(tmp_path).deltagare

    assert table["deltagar_id"].tolist() == ["1001", "1002"]
    assert table["rad"].tolist() == [2, 4]
    assert table["startdatum"].tolist() == [pd.Timestamp("2024-01-10"), pd.Timestamp("2024-02-01")]
    assert table.loc[0, "utfall"] == "arbete"


def test_excel_error_names_sheet_row_and_column(tmp_path):
    write_xlsx(tmp_path / "data" / "mallar.xlsx", {
        "Instruktioner": [["Fyll i ett blad per tabell"]],
        "Deltagare": [["deltagar_id", "kon", "fodelsear", "Startdatum"],
                      ["A1", "K", 2000, dt.datetime(2024, 1, 10)], [None], ["A2", "M", 1990, "1/3/2024"]],
        "Närvaro": [["deltagar_id", "datum", "narvarande"], ["A1", dt.datetime(2024, 1, 15), "ja"]],
    })
    write_insats(tmp_path, BASE_YAML + "data: {deltagare: data/mallar.xlsx, narvaro: data/mallar.xlsx}\n",
                 deltagare=None)

    with pytest.raises(DataError) as info:
        load_insats(tmp_path)

    assert_place(info.value, "data/mallar.xlsx (blad Deltagare)", 4, "Startdatum")


def test_one_workbook_with_a_sheet_per_table(tmp_path):
    write_xlsx(tmp_path / "data" / "mallar.xlsx", {
        "Deltagare": [["deltagar_id", "kon", "fodelsear", "startdatum"],
                      ["A1", "K", 2000, dt.datetime(2024, 1, 10)]],
        "Närvaro": [["deltagar_id", "datum", "narvarande"], ["A1", dt.datetime(2024, 1, 15), "ja"]],
    })
    write_insats(tmp_path, BASE_YAML + "data: {deltagare: data/mallar.xlsx, narvaro: data/mallar.xlsx}\n",
                 deltagare=None)

    insats = load_insats(tmp_path)

    assert insats.narvaro["datum"].tolist() == [pd.Timestamp("2024-01-15")]


@pytest.mark.parametrize(("yaml_text", "files", "key"), [
    (BASE_YAML, {"deltagare": None}, "data.deltagare"),
    (BASE_YAML + "data: {deltagare: data/deltagare.csv, ekonomi: data/ekonomi.csv}\n", {}, "data.ekonomi"),
    (BASE_YAML, {"narvaro": "deltagar_id;datum;narvarande\n",
                 "data/narvaro.xlsx": b"PK"}, "data.narvaro"),
    (BASE_YAML, {"progression": "deltagar_id;datum;indikator;varde\n"}, "progression"),
    (BASE_YAML + "mal:\n  - {namn: Närvaro, typ: narvaro, malvarde: 0.8}\n", {}, "mal[0].typ"),
])
def test_configuration_errors_name_the_key(tmp_path, yaml_text, files, key):
    write_insats(tmp_path, yaml_text, **files)

    with pytest.raises(ConfigError) as info:
        load_insats(tmp_path)

    assert_key(info.value, key)


def test_data_error_in_another_file(tmp_path):
    write_insats(tmp_path, BASE_YAML + "progression: {skala: [1, 5]}\n",
                 progression="deltagar_id;datum;indikator;varde\nA1;2024-01-15;Hälsa;6\n")

    with pytest.raises(DataError) as info:
        load_insats(tmp_path)

    assert_place(info.value, "data/progression.csv", 2, "varde")
    assert "utanför skalan 1–5" in str(info.value)


# -------------------------------------------------------------------------------- goals of typ andel

def test_share_goal_column_must_exist(tmp_path):
    write_insats(tmp_path, share_goal("arbetstraning"))

    with pytest.raises(ConfigError) as info:
        load_insats(tmp_path)

    assert_key(info.value, "mal[0].kolumn")
    assert "arbetstraning finns inte i data/deltagare.csv" in str(info.value)


def test_share_goal_index_is_that_of_the_goal(tmp_path):
    yaml_text = (share_goal("gemensam_planering")
                 + "  - {namn: Praktik, typ: andel, kolumn: praktik, malvarde: 0.5}\n")
    write_insats(tmp_path, yaml_text, deltagare=DELTAGARE.replace("utfall\n", "utfall;gemensam_planering\n"))

    with pytest.raises(ConfigError) as info:
        load_insats(tmp_path)

    assert_key(info.value, "mal[1].kolumn")


def test_share_goal_column_is_read_as_ja_nej(tmp_path):
    text = ("deltagar_id;kon;alder;startdatum;Arbetsträning\nA1;K;20;2024-01-10;Ja\nA2;K;20;2024-01-10;nej\n"
            "A3;K;20;2024-01-10;\nA4;K;20;2024-01-10;J\n")
    write_insats(tmp_path, share_goal("Arbetsträning"), deltagare=text)

    values = load_insats(tmp_path).deltagare["arbetstraning"].tolist()

    assert values[:2] == ["ja", "nej"] and pd.isna(values[2]) and values[3] == "ja"


def test_share_goal_value_other_than_ja_nej(tmp_path):
    text = ("deltagar_id;kon;alder;startdatum;Arbetsträning\nA1;K;20;2024-01-10;ja\n"
            "A2;K;20;2024-01-10;kanske\n")
    write_insats(tmp_path, share_goal("arbetstraning"), deltagare=text)

    with pytest.raises(DataError) as info:
        load_insats(tmp_path)

    assert_place(info.value, "data/deltagare.csv", 3, "Arbetsträning")  # the column as written
    assert "skriv ja, nej eller lämna tomt" in str(info.value)


def test_share_goal_on_gemensam_planering(tmp_path):
    text = DELTAGARE.replace("utfall\n", "utfall;Gemensam planering\n").replace("arbete\n", "arbete;Ja\n")
    write_insats(tmp_path, share_goal("gemensam_planering"), deltagare=text)

    assert load_insats(tmp_path).deltagare.loc[0, "gemensam_planering"] == "ja"


def test_share_goal_on_gemensam_planering_value_error(tmp_path):
    text = DELTAGARE.replace("utfall\n", "utfall;gemensam_planering\n").replace("arbete\n", "arbete;kanske\n")
    write_insats(tmp_path, share_goal("gemensam_planering"), deltagare=text)

    with pytest.raises(DataError) as info:
        load_insats(tmp_path)

    assert_place(info.value, "data/deltagare.csv", 2, "gemensam_planering")


@pytest.mark.parametrize("elsewhere", [0, 1 << 40], ids=["copy", "here"])
def test_files_read_side_by_side_tell_their_problems_in_file_order(tmp_path, monkeypatch, elsewhere):
    # the files other than deltagare and the largest are read in a forked copy (when large enough:
    # here with the threshold at 0, and without a copy); whichever is read first, every file's
    # problems are told, in the order of the tables
    import time

    from evaltools import insats as module

    monkeypatch.setattr(module, "ELSEWHERE_BYTES", elsewhere)

    tables = {**FULL_TABLES, "narvaro": "deltagar_id;datum;narvarande\nA1;2024-13-15;ja\n",
              "progression": "deltagar_id;datum;indikator;varde\nA1;2024-01-15;Hälsa;11\n",
              "ekonomi": "period;beviljat;utfall\n2024-H1;1.360;1\n"}
    write_insats(tmp_path, FULL_YAML, deltagare=DELTAGARE + "A1;K;1990;2024-01-01;;;;;;;\n", **tables)
    read = module.read_raw
    late = {"deltagare": 0.3, "narvaro": 0.2, "progression": 0.1}
    monkeypatch.setattr(module, "read_raw", lambda path, table, display: (time.sleep(late.get(table, 0)),
                                                                           read(path, table, display))[1])

    with pytest.raises(DataError) as info:
        load_insats(tmp_path)

    files = [p.file for p in info.value.problems]
    assert files == sorted(files, key=["data/deltagare.csv", "data/narvaro.csv", "data/progression.csv",
                                       "data/ekonomi.csv"].index)
    assert set(files) == {"data/deltagare.csv", "data/narvaro.csv", "data/progression.csv", "data/ekonomi.csv"}


def test_files_read_in_a_forked_copy_give_the_same_insats(tmp_path, monkeypatch):
    import os
    import sys

    from evaltools import insats as module

    write_insats(tmp_path, FULL_YAML, **FULL_TABLES)
    monkeypatch.setattr(module, "ELSEWHERE_BYTES", 1 << 40)
    here = load_insats(tmp_path)
    read_all = module._read_all
    pids = tmp_path / "pids.txt"

    def noted(files):
        with pids.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return read_all(files)

    monkeypatch.setattr(module, "_read_all", noted)
    monkeypatch.setattr(module, "ELSEWHERE_BYTES", 0)
    elsewhere = load_insats(tmp_path)

    if sys.platform.startswith("linux"):  # forked where fork is safe; elsewhere read here, later
        assert [int(p) for p in pids.read_text().split()] != [os.getpid()]
    assert len(pids.read_text().split()) == 1
    for table in ("deltagare", "narvaro", "progression", "ekonomi", "kartlaggning", "kvalitet"):
        pd.testing.assert_frame_equal(getattr(elsewhere, table), getattr(here, table))
    assert elsewhere.narvaro_form == here.narvaro_form

