"""The data-quality log (evaltools/quality.py): every row of every data file is counted or listed in
datakvalitet.csv, once; reasons and warnings in Swedish and English; kommuner that insats.yaml does
not list are warned about, not left out.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import canonical_deltagare, make_config, raw_csv, write_xlsx

import evaltools as et
from evaltools.formatting import NBSP
from evaltools.labels import label
from evaltools.quality import (QUALITY_COLUMNS, QUALITY_COLUMNS_EN, REASONS, WARNINGS, QualityLog,
                               kommun_warnings, quality_rows, quality_summary, reason,
                               translate_reason)
from evaltools.report import Report

SWEDISH_LETTERS = re.compile("[åäöÅÄÖ]")


# ================================================================================ reasons and words

def _sample(code: str, value: str) -> dict[str, str]:
    words = label(f"q_{code}" if code in REASONS else f"v_{code}")
    return {name: value for name in re.findall(r"\{(\w+)\}", words)}


@pytest.mark.parametrize("code", REASONS + WARNINGS)
def test_every_reason_has_swedish_and_english_words(code):
    sv, en = reason(code, **_sample(code, "x")), reason(code, "en", **_sample(code, "x"))

    assert sv and en and sv != en
    assert not SWEDISH_LETTERS.search(en), en


@pytest.mark.parametrize("value", ["datum", "Datum saknas", "x (y)", "Älvkarleby", "a {b}", "uppgift"])
@pytest.mark.parametrize("code", REASONS + WARNINGS)
def test_a_stored_reason_translates_back_to_its_own_template(code, value):
    params = _sample(code, value)

    assert translate_reason(reason(code, **params), "en") == reason(code, "en", **params)
    assert translate_reason(reason(code, **params), "sv") == reason(code, **params)


def test_no_two_reasons_read_alike():
    texts = [reason(code, **_sample(code, "datum")) for code in REASONS + WARNINGS]

    assert len(set(texts)) == len(texts)


def test_a_text_that_is_no_reason_is_kept_as_written():
    assert translate_reason("något helt annat", "en") == "något helt annat"


def test_an_unknown_reason_code_is_a_programming_error(tmp_path):
    raw = raw_csv(tmp_path, "narvaro", "deltagar_id;datum;narvarande\nA1;2024-01-15;ja\n")

    with pytest.raises(ValueError, match="unknown data-quality reason"):
        QualityLog().leave_out(raw, [], "datum saknas")


# ============================================================================================ the log

def test_log_frame_names_file_row_and_column_as_written(tmp_path):
    raw = raw_csv(tmp_path, "narvaro",
                  "Deltagar-ID;Datum;narvarande\nA1;;ja\nA1;2024-01-15;ja\nB9;2024-01-16;ja\n")
    log = QualityLog()

    log.leave_out(raw, np.array([2]), "okand_deltagare", "deltagar_id")
    log.leave_out(raw, [0], "saknas", "datum", kolumn="datum")
    log.leave_out(raw, [], "dubblett_narvaro", "datum")

    assert len(log) == 2
    assert list(log.frame().itertuples(index=False, name=None)) == [
        ("data/narvaro.csv", 2, "Datum", "datum saknas"),
        ("data/narvaro.csv", 4, "Deltagar-ID", "deltagaren finns inte i deltagarfilen")]


def test_empty_log_has_the_columns():
    frame = QualityLog().frame()

    assert frame.empty and list(frame.columns) == QUALITY_COLUMNS


def test_quality_rows_in_english_translate_reasons_headers_and_sheets():
    log = pd.DataFrame({"fil": ["data/mallar.xlsx (blad narvaro)", "data/progression.csv"], "rad": [3, 7],
                        "kolumn": ["Datum", "instrument"],
                        "orsak": ["datum saknas", "annat instrument än SMAIL (progression.instrument)"]})

    english = quality_rows(log, "en")

    assert list(english.columns) == QUALITY_COLUMNS_EN == ["file", "row", "column", "reason"]
    assert english.values.tolist() == [
        ["data/mallar.xlsx (sheet narvaro)", 3, "Datum", "datum is empty"],
        ["data/progression.csv", 7, "instrument", "an instrument other than SMAIL (progression.instrument)"]]
    pd.testing.assert_frame_equal(quality_rows(log, "sv"), log)


def test_quality_summary_counts_per_file_and_reason_most_frequent_first():
    log = pd.DataFrame({"fil": ["b.csv", "a.csv", "a.csv", "a.csv", "b.csv"], "rad": [2, 2, 3, 4, 3],
                        "kolumn": ["", "", "", "", ""],
                        "orsak": ["period saknas", "datum saknas", "deltagaren finns inte i deltagarfilen",
                                  "deltagaren finns inte i deltagarfilen", "period saknas"]})
    before = log.copy()

    summary = quality_summary(log, "en")

    assert summary.values.tolist() == [["a.csv", "the participant is not in the participant file", 2],
                                       ["a.csv", "datum is empty", 1], ["b.csv", "period is empty", 2]]
    pd.testing.assert_frame_equal(log, before)
    assert quality_summary(QualityLog().frame()).empty


# ========================================================================================== kommuner

KOMMUN_YAML = """\
insats: Testinsatsen
kommuner: [Tierp, Älvkarleby]
insatsperiod: {start: 2022-01-01, slut: 2024-12-31}
rapportperiod: 2024-H1
"""


def test_kommun_not_in_insats_yaml_is_warned_about_not_left_out(tmp_path):
    config = make_config(tmp_path, KOMMUN_YAML, ekonomi="period;beviljat;utfall\n")
    deltagare = canonical_deltagare([{"kommun": "Tierp"}, {"kommun": "tierp"}, {"kommun": "Upsala"},
                                     {"kommun": None}, {"kommun": "alvkarleby"}, {"kommun": "Upsala"}])
    ekonomi = pd.DataFrame({"rad": [2, 3], "kommun": ["Upsala", "Tierp"]})

    warnings = kommun_warnings(config, {"deltagare": deltagare, "ekonomi": ekonomi})

    upsala = "kommunen 'Upsala' finns inte bland kommuner i insats.yaml"
    assert list(warnings.itertuples(index=False, name=None)) == [
        ("data/deltagare.csv", 4, "kommun", upsala), ("data/deltagare.csv", 7, "kommun", upsala),
        ("data/ekonomi.csv", 2, "kommun", upsala)]
    assert quality_summary(warnings, "en")["orsak"].tolist() == [
        "the municipality 'Upsala' is not listed under kommuner in insats.yaml"] * 2


def test_no_kommuner_in_insats_yaml_no_warning(tmp_path):
    config = make_config(tmp_path)  # BASE_YAML has no kommuner

    assert kommun_warnings(config, {"deltagare": canonical_deltagare([{"kommun": "Upsala"}]),
                                    "ekonomi": None}).empty


# ====================================================================== every row accounted for

def _day(rng: np.random.Generator, base: dt.date, low: int, high: int) -> str:
    day = base + dt.timedelta(days=int(rng.integers(low, high)))
    return day.strftime(str(rng.choice(["%Y-%m-%d", "%Y%m%d", "%y%m%d"])))


def _blank_rows(rng: np.random.Generator, rows: list[str], width: int, count: int = 3) -> list[str]:
    """Rows that are empty in every cell, here and there: no rows (the readers skip them)."""
    for _ in range(count):
        rows.insert(int(rng.integers(0, len(rows) + 1)), ";" * (width - 1))
    return rows


def messy_insats(folder: Path, seed: int, form: str) -> dict[str, set[str]]:
    """A valid insats whose data files hold every kind of row that is left out, and rows outside the
    report period (which are not); returns the reasons each file must show in datakvalitet.csv."""
    rng = np.random.default_rng(seed)
    n = 24
    ids = [f"MX{i:03d}" for i in range(1, n + 1)]
    starts = [dt.date(2023, 1, 2) + dt.timedelta(days=int(d)) for d in rng.integers(0, 500, n)]
    ends = [s + dt.timedelta(days=int(rng.integers(20, 300))) if i == 0 or rng.random() < 0.5 else None
            for i, s in enumerate(starts)]
    deltagare = ["Deltagar-ID;Kön;Födelseår;Startdatum;Slutdatum;Utfall;Kommun"] + [
        f"{i};{rng.choice(['K', 'M', 'kvinna'])};{rng.integers(1995, 2007)};{s};{e or ''};"
        f"{rng.choice(['arbete', 'studier', 'okant']) if e else ''};"
        f"{rng.choice(['Tierp', 'tierp', 'Upsala', ''])}"
        for i, s, e in zip(ids, starts, ends)]
    p0, s0, e0 = ids[0], starts[0], ends[0]
    expected: dict[str, set[str]] = {}

    if form == "A":
        rows = []
        for _ in range(300):
            k = int(rng.integers(0, n))
            who = str(rng.choice([ids[k]] * 18 + ["ZZ999", ""]))
            rows.append(f"{who};{_day(rng, starts[k], -40, 420)};{rng.choice(['ja', 'nej', 'Ja', '', '1'])};"
                        f"{rng.choice(['', 'sjukdom', 'Vård av barn'])};"
                        f"{rng.choice(['Grupp', 'grupp', 'Samtal', ''])}")
        rows += [rows[int(i)] for i in rng.integers(0, len(rows), 30)]  # repeats
        rows += [f"{p0};{s0 - dt.timedelta(days=1)};ja;;Grupp", f"{p0};{e0 + dt.timedelta(days=1)};ja;;Grupp",
                 f"{p0};{s0};ja;;Grupp", f"{p0};{s0};nej;;grupp", f"{p0};;ja;;", f"{p0};{s0};;;Samtal"]
        narvaro = "deltagar_id;Datum;narvarande;franvaroorsak;aktivitet\n"
        expected["narvaro"] = {"okand_deltagare", "saknas", "narvaro_saknas", "fore_start", "efter_slut",
                               "dubblett_narvaro_aktivitet"}
        width = 5
    else:
        rows = []
        for k, who in enumerate(ids):
            month = dt.date(starts[k].year, starts[k].month, 1)
            for step in range(-2, 16):
                first = (pd.Timestamp(month) + pd.DateOffset(months=step)).date()
                last = (pd.Timestamp(first) + pd.offsets.MonthEnd(0)).date()
                planned = int(rng.integers(0, 13))
                attended = str(int(rng.integers(0, planned + 1))) if rng.random() > 0.05 else ""
                shown = str(rng.choice([who] * 30 + [""]))
                rows.append(f"{shown};{first};{last};{planned};{attended}")
        rows += ["ZZ999;2024-01-01;2024-01-31;8;8", ";2024-02-01;2024-02-29;8;8"]
        narvaro = "deltagar_id;period_start;period_slut;planerade;narvarande\n"
        expected["narvaro"] = {"okand_deltagare", "saknas", "period_fore_start", "period_efter_slut"}
        width = 5
    narvaro += "\n".join(_blank_rows(rng, rows, width)) + "\n"

    ratings = []
    for k, who in enumerate(ids):
        for occasion in range(int(rng.integers(0, 5))):
            day = _day(rng, starts[k], 90 * occasion - 15, 90 * occasion + 15)
            for indicator in ("Hälsa", "motivation", "Motivation"):
                ratings.append(f"{who};{day};{indicator};{rng.choice(['', *map(str, range(1, 11))])};"
                               f"{rng.choice(['SMAIL', 'smail', '', 'BIP'])}")
    ratings += [ratings[int(i)] for i in rng.integers(0, len(ratings), 10)]
    ratings += [f"{p0};{s0 - dt.timedelta(days=3)};Hälsa;5;SMAIL",
                f"{p0};{e0 + dt.timedelta(days=3)};Hälsa;6;",
                f"ZZ999;{s0};Hälsa;5;", f"{p0};{s0};;5;", f"{p0};{s0};Hälsa;;SMAIL"]
    progression = ("deltagar_id;datum;indikator;varde;instrument\n"
                   + "\n".join(_blank_rows(rng, ratings, 5)) + "\n")
    expected["progression"] = {"okand_deltagare", "saknas", "varde_saknas", "annat_instrument", "fore_start",
                               "efter_slut", "dubblett_skattning"}

    money = [f"{rng.choice(['2023', '2024', ''])};{rng.choice(['Tierp', 'Upsala', ''])};Personal;"
             f"{rng.choice(['', '100 000'])};{rng.choice(['', '90 000,50'])};{rng.choice(['', '95000'])}"
             for _ in range(25)] + [";Tierp;Lokaler;1;1;1", "2024;Tierp;Övrigt;;;"]
    ekonomi = "period;kommun;post;beviljat;utfall;prognos\n" + "\n".join(_blank_rows(rng, money, 6)) + "\n"
    expected["ekonomi"] = {"saknas", "inget_belopp"}

    answers = [f"{rng.choice([who] * 10 + ['ZZ999'])};{question};{rng.choice(['Ja', 'nej', ''])}"
               for who in ids for question in ("Diagnos NPF", "Fullföljt gymnasium", "diagnos npf")]
    answers += [f"{p0};;Ja", f"ZZ999;Diagnos NPF;Ja"]
    kartlaggning = "deltagar_id;fraga;svar\n" + "\n".join(_blank_rows(rng, answers, 3)) + "\n"
    expected["kartlaggning"] = {"okand_deltagare", "saknas", "dubblett_fraga"}

    yaml_text = ("insats: Rörigt\nkommuner: [Tierp]\ninsatsperiod: {start: 2022-01-01, slut: 2025-12-31}\n"
                 "rapportperiod: 2024-H1\nprogression: {instrument: SMAIL, skala: [1, 10]}\n")
    (folder / "data").mkdir(parents=True, exist_ok=True)
    for name, text in (("deltagare", "\n".join(deltagare) + "\n"), ("narvaro", narvaro),
                       ("progression", progression), ("ekonomi", ekonomi), ("kartlaggning", kartlaggning)):
        (folder / "data" / f"{name}.csv").write_text(text, encoding="utf-8")
    (folder / "insats.yaml").write_text(yaml_text, encoding="utf-8")
    return expected


def data_rows(path: Path) -> set[int]:
    """Line numbers of the rows holding anything, under the header: read without evaltools."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        numbered = [(number, row) for number, row in enumerate(csv.reader(handle, delimiter=";"), start=1)]
    return {number for number, row in numbered[1:] if any(cell.strip() for cell in row)}


def datakvalitet(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "datakvalitet.csv", sep=";", encoding="utf-8-sig", dtype={"kolumn": str})


@pytest.mark.parametrize("form", ["A", "B"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_row_of_every_file_is_counted_or_listed_once(tmp_path, seed, form):
    expected = messy_insats(tmp_path / "insats", seed, form)
    insats = et.load_insats(tmp_path / "insats" / "insats.yaml")
    Report(insats, tmp_path / "ut", show=False).finish()
    listed = datakvalitet(tmp_path / "ut")

    for table in ("deltagare", "narvaro", "progression", "ekonomi", "kartlaggning"):
        rows_in = data_rows(tmp_path / "insats" / "data" / f"{table}.csv")
        counted = getattr(insats, table)["rad"].tolist()
        left_out = listed.loc[listed["fil"] == f"data/{table}.csv", "rad"].tolist()

        assert len(rows_in) == len(counted) + len(left_out), table  # rows in = counted + listed
        assert len(set(counted)) == len(counted) and len(set(left_out)) == len(left_out), table
        assert set(counted) | set(left_out) == rows_in, table
        reasons = set(listed.loc[listed["fil"] == f"data/{table}.csv", "orsak"])
        for code in expected.get(table, ()):  # each messy case really happened
            assert any(_is(code, r) for r in reasons), (table, code, reasons)
    assert listed["orsak"].str.contains("kommun").sum() == 0  # a warning leaves no row out
    assert len(insats.deltagare) == 24


def _is(code: str, text: str) -> bool:
    words = label(f"q_{code}")
    parts = re.split(r"\{(\w+)\}", words)
    pattern = "".join(re.escape(p) if i % 2 == 0 else ".+" for i, p in enumerate(parts))
    return re.fullmatch(pattern, text) is not None


def test_every_row_accounted_for_in_an_excel_workbook(tmp_path):
    messy_insats(tmp_path / "insats", 7, "A")
    data = tmp_path / "insats" / "data"
    with (data / "narvaro.csv").open(encoding="utf-8") as handle:
        rows = [[cell or None for cell in row] for row in csv.reader(handle, delimiter=";")]
    write_xlsx(data / "narvaro.xlsx", {"Instruktioner": [["Fyll i narvaro"]], "narvaro": rows})
    (data / "narvaro.csv").unlink()
    insats = et.load_insats(tmp_path / "insats" / "insats.yaml")
    Report(insats, tmp_path / "ut", show=False).finish()
    listed = datakvalitet(tmp_path / "ut")

    rows_in = {number for number, row in enumerate(rows, start=1) if number > 1 and any(row)}
    left_out = listed.loc[listed["fil"] == "data/narvaro.xlsx (blad narvaro)", "rad"]
    assert len(left_out) > 0
    assert set(insats.narvaro["rad"]) | set(left_out) == rows_in
    assert len(rows_in) == len(insats.narvaro) + len(left_out)


# ======================================================================================= the report

@pytest.fixture()
def english_example(tmp_path):
    """The bundled example with sprak: en, a misspelt kommun and a repeated occasion."""
    folder = tmp_path / "ung_framtid"
    shutil.copytree(et.example_dir(), folder, ignore=shutil.ignore_patterns("rapport"))
    yaml_path = folder / "insats.yaml"
    english = yaml_path.read_text(encoding="utf-8").replace("sprak: sv", "sprak: en")
    yaml_path.write_text(english, encoding="utf-8")
    deltagare = folder / "data" / "deltagare.csv"
    lines = deltagare.read_text(encoding="utf-8-sig").splitlines()
    lines[1] = lines[1].replace(";Tierp;", ";Upsala;")
    deltagare.write_text("\n".join(lines) + "\n", encoding="utf-8")
    narvaro = folder / "data" / "narvaro.csv"
    repeat = "UF001;2023-01-16;nej;;Individuellt samtal\n"  # the occasion of row 2 again
    narvaro.write_text(narvaro.read_text(encoding="utf-8-sig") + repeat, encoding="utf-8")
    return et.load_insats(yaml_path)


def test_english_report_data_quality(english_example, tmp_path):
    report = Report(english_example, tmp_path / "ut", show=False)
    notes: list[str] = []
    report.note = notes.append  # what the data-quality section shows besides its tables

    report.data_quality()
    report.finish()

    log = (tmp_path / "ut" / "datakvalitet.csv").read_text(encoding="utf-8-sig").splitlines()
    assert log[0] == "file;row;column;reason"
    repeat = "duplicate: same participant, date and activity as an earlier row"
    assert f"data/narvaro.csv;3983;datum;{repeat}" in log
    summary = (tmp_path / "ut" / "tabeller" / "datakvalitet.csv").read_text(encoding="utf-8-sig").splitlines()
    assert summary[0] == "File;Reason;Rows"
    assert "data/narvaro.csv;the participant is not in the participant file;2" in summary
    assert "data/progression.csv;value is missing (not rated);2" in summary
    for text in log + summary + notes:
        assert not SWEDISH_LETTERS.search(text), text
    warning = [n for n in notes if n.startswith("Warning")]
    assert warning == ["Warning, data/deltagare.csv: the municipality 'Upsala' is not listed under "
                       "kommuner in insats.yaml (rows: <3). The rows are counted; correct the value in "
                       "the file or add it to insats.yaml."]


def test_english_report_numbers(english_example, tmp_path):
    report = Report(english_example, tmp_path / "ut", show=False)

    published = report.table("deltagare_per_kon")

    assert list(published.display.columns) == ["Gender", "Count", "Share", f"95{NBSP}% CI"]
    shares = [s for s in published.display["Share"] if s not in ("–", "")]
    assert shares and all(re.fullmatch(r"\d{1,3}\.\d" + NBSP + "%", s) for s in shares), shares


def test_swedish_report_keeps_the_contract_header(tmp_path):
    insats = et.load_insats(et.example_dir())
    report = Report(insats, tmp_path, show=False)
    report.data_quality()
    report.finish()

    assert (tmp_path / "datakvalitet.csv").read_text(encoding="utf-8-sig").splitlines()[:2] == [
        "fil;rad;kolumn;orsak", "data/narvaro.csv;1722;narvarande;uppgift om närvaro (ja/nej) saknas"]
    assert (tmp_path / "tabeller" / "datakvalitet.csv").read_text(encoding="utf-8-sig").splitlines()[0] == \
        "Fil;Orsak;Rader"
