"""The corpus of broken insatser: every error path of reading and validation, as `evaltools kontrollera`
tells it to the evaluator.

Each case starts from the same small valid insats (``VALID``) and spoils one thing in one file. The
expected line is the whole line kontrollera prints under the file's heading, so a case fails when the
place (file, row, column or key) or the wording changes. Rows left out rather than refused (an
unknown participant in narvaro or progression, contract section 2) are in ``LEFT_OUT``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from evaltools.cli import main

VALID: dict[str, str] = {
    "insats.yaml": (
        "insats: Trasiga insatsen\n"
        "insatsperiod: {start: 2023-01-01, slut: 2024-12-31}\n"
        "rapportperiod: 2024-H1\n"
        "progression: {skala: [1, 10]}\n"
    ),
    "data/deltagare.csv": (
        "deltagar_id;kon;fodelsear;startdatum;slutdatum;utfall\n"
        "T1;kvinna;2000;2024-01-10;2024-05-02;arbete\n"
        "T2;man;1996;2024-02-01;;\n"
        "T3;kvinna;1999;2023-03-01;2024-03-01;studier\n"
    ),
    "data/narvaro.csv": (
        "deltagar_id;datum;narvarande;franvaroorsak\n"
        "T1;2024-01-15;ja;\n"
        "T2;2024-02-05;nej;sjukdom\n"
    ),
    "data/progression.csv": (
        "deltagar_id;datum;indikator;varde\n"
        "T1;2024-01-15;Hälsa;4\n"
        "T1;2024-04-15;Hälsa;6\n"
    ),
    "data/ekonomi.csv": "period;beviljat;utfall\n2024;500000;210000\n",
    "data/kartlaggning.csv": "deltagar_id;fraga;svar\nT1;Diagnos NPF;ja\n",
}

Edit = Callable[[str], str] | str | bytes | None


def replace(old: str, new: str) -> Callable[[str], str]:
    """An edit of a file of VALID: ``old`` (which must be there) becomes ``new``."""
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)
    return edit


def drop_column(name: str) -> Callable[[str], str]:
    """An edit that removes a column (header and cells) from a file of VALID."""
    def edit(text: str) -> str:
        rows = [line.split(";") for line in text.splitlines()]
        at = rows[0].index(name)
        return "".join(";".join(r[:at] + r[at + 1:]) + "\n" for r in rows)
    return edit


def add_column(name: str, row: int, value: str) -> Callable[[str], str]:
    """An edit that adds a column to a file of VALID, empty except in spreadsheet row ``row``."""
    def edit(text: str) -> str:
        lines = text.splitlines()
        lines[0] += f";{name}"
        for i in range(1, len(lines)):
            lines[i] += f";{value if i + 1 == row else ''}"
        return "".join(line + "\n" for line in lines)
    return edit


@dataclass(frozen=True)
class Broken:
    id: str
    edits: dict[str, Edit]  # path -> an edit, new content, or None to make it a folder
    file: str  # the file heading kontrollera prints the problem under
    line: str  # the problem line under that heading (without its indent)
    count: int = 1


def build(folder: Path, edits: dict[str, Edit]) -> Path:
    """The valid insats with ``edits`` applied; returns the path of insats.yaml."""
    for name in {**VALID, **edits}:
        text = VALID.get(name, "")
        edit = edits.get(name, text)
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if edit is None:
            target.mkdir()
        elif isinstance(edit, bytes):
            target.write_bytes(edit)
        else:
            target.write_text(edit(text) if callable(edit) else edit, encoding="utf-8")
    return folder / "insats.yaml"


DELTAGARE = "data/deltagare.csv"
GARBAGE = bytes((i * 97 + 13) % 256 for i in range(2048))  # fixed bytes, NUL and control chars included

CORPUS = [
    # ------------------------------------------------------------------------------ columns
    Broken("missing column", {DELTAGARE: drop_column("kon")},
           DELTAGARE, "rad 1: kolumnen kon saknas (kolumner i filen: deltagar_id, fodelsear, startdatum, "
                      "slutdatum, utfall)"),
    Broken("renamed column", {DELTAGARE: replace("startdatum", "Startdatm")},
           DELTAGARE, "rad 1: kolumnen startdatum saknas; menade du 'Startdatm'? Döp i så fall om den till "
                      "startdatum (kolumner i filen: deltagar_id, kon, fodelsear, Startdatm, slutdatum, utfall)"),
    Broken("column twice", {DELTAGARE: replace("utfall\n", "utfall;Kön\n")},
           DELTAGARE, "rad 1, kolumn Kön: kolumnerna 'kon' och 'Kön' betyder samma sak; ta bort eller döp om "
                      "den ena"),
    # ------------------------------------------------------------------------------ cells and rows
    Broken("impossible date", {DELTAGARE: replace("2024-02-01", "2024-02-30")},
           DELTAGARE, "rad 3, kolumn startdatum: '2024-02-30' är inget giltigt datum (finns inte i kalendern)"),
    Broken("no date at all", {DELTAGARE: replace("2024-02-01", "1/2/2024")},
           DELTAGARE, "rad 3, kolumn startdatum: '1/2/2024' är inget datum; skriv ÅÅÅÅ-MM-DD (t.ex. 2024-03-01), "
                      "ÅÅÅÅMMDD eller ÅÅMMDD"),
    Broken("exit before start", {DELTAGARE: replace("2024-05-02", "2024-01-05")},
           DELTAGARE, "rad 2, kolumn slutdatum: slutdatum 2024-01-05 ligger före startdatum 2024-01-10"),
    Broken("unknown category", {DELTAGARE: replace("T2;man", "T2;kvina")},
           DELTAGARE, "rad 3, kolumn kon: 'kvina' är inget tillåtet värde; tillåtna: kvinna, man, annat, okant; "
                      "menade du kvinna?"),
    Broken("unknown outcome", {DELTAGARE: replace(";arbete", ";arbte")},
           DELTAGARE, "rad 2, kolumn utfall: 'arbte' är inget tillåtet värde; tillåtna: arbete, studier, "
                      "arbetssokande, arbetsforberedande, arbetslivsinriktad_rehabilitering, "
                      "medicinsk_rehabilitering, sjuk_aktivitetsersattning, daglig_verksamhet, annan_insats, "
                      "utebliven_kontakt, flyttat, annat, okant; menade du arbete?"),
    Broken("duplicate id", {DELTAGARE: replace("T3;", "T1;")},
           DELTAGARE, "rad 4, kolumn deltagar_id: samma deltagar_id som rad 2; koden ska vara unik"),
    Broken("rating outside the scale", {"data/progression.csv": replace(";6\n", ";11\n")},
           "data/progression.csv", "rad 3, kolumn varde: '11' ligger utanför skalan 1–10 (progression.skala i "
                                   "insats.yaml)"),
    Broken("non-numeric money", {"data/ekonomi.csv": replace("210000", "cirka 210 tkr")},
           "data/ekonomi.csv", "rad 2, kolumn utfall: 'cirka 210 tkr' är inget tal; skriv t.ex. 1 360 000 eller "
                               "698411,50"),
    Broken("bare personnummer in an extra column",
           # synthetic: the issue's made-up date part 850412 and serial 123, with their Luhn check
           # digit 0 (8*2=16->7, 5, 0, 4, 1*2=2, 2, 1*2=2, 2, 3*2=6: sum 30, check digit 0)
           {DELTAGARE: add_column("Notering", 3, "8504121230")},
           DELTAGARE, "rad 3, kolumn Notering: värdet ser ut som ett personnummer eller samordningsnummer. Filen "
                      "används inte: ersätt personnummer med pseudonyma koder (t.ex. UF001) och förvara "
                      "kopplingen åtskild från data"),
    # ------------------------------------------------------------------------------ whole files
    Broken("header-only deltagare", {DELTAGARE: "deltagar_id;kon;fodelsear;startdatum;slutdatum;utfall\n"},
           DELTAGARE, "deltagare.csv innehåller inga deltagare, bara rubrikraden; fyll i en rad per deltagare"),
    Broken("0-byte deltagare", {DELTAGARE: b""}, DELTAGARE, "filen är tom"),
    Broken("0-byte narvaro", {"data/narvaro.csv": b""}, "data/narvaro.csv", "filen är tom"),
    Broken("binary garbage", {"data/narvaro.csv": GARBAGE}, "data/narvaro.csv",
           "filen är ingen textfil (innehåller binära tecken); spara tabellen från Excel som CSV eller .xlsx"),
    Broken("excel file named .csv", {"data/ekonomi.csv": b"PK\x03\x04" + GARBAGE}, "data/ekonomi.csv",
           "filen är en zip-fil (t.ex. en Excel-fil .xlsx), inte en CSV-fil; är det en Excel-fil, ge den "
           "filändelsen .xlsx"),
    Broken("unterminated quote",  # the rest of the file becomes one cell, too long to be a cell
           {"data/kartlaggning.csv": lambda t: t.replace(";ja", ';"ja', 1) + "T2;x;y\n" * 30000},
           "data/kartlaggning.csv", "rad 2: filen kan inte läsas som CSV från den här raden (ett "
                                    "citattecken som inte avslutas, eller en cell som är orimligt lång?)"),
    # ------------------------------------------------------------------------------ insats.yaml
    Broken("misspelt yaml key", {"insats.yaml": replace("rapportperiod:", "rapportperiod_:")},
           "insats.yaml", "nyckeln 'rapportperiod_': är ingen känd nyckel; menade du rapportperiod?"),
    Broken("unknown yaml key", {"insats.yaml": lambda t: t + "farg: blå\n"},
           "insats.yaml", "nyckeln 'farg': är ingen känd nyckel (kontrollera stavningen)"),
    Broken("wrong yaml type", {"insats.yaml": lambda t: t + "sekretess: {min_antal: tre}\n"},
           "insats.yaml", "nyckeln 'sekretess.min_antal': ska vara ett heltal"),
    Broken("report period outside the insats period", {"insats.yaml": replace("2024-H1", "2026-H1")},
           "insats.yaml", "nyckeln 'rapportperiod': rapportperioden 2026-H1 ligger helt utanför insatsperioden "
                          "2023-01-01–2024-12-31"),
    Broken("yaml syntax error", {"insats.yaml": replace("slut: 2024-12-31}", "slut: 2024-12-31")},
           "insats.yaml", "kan inte läsas på rad 3, kolumn 14: en { avslutas inte med } (eller ett kommatecken "
                          "saknas) (det som inte avslutas börjar på rad 2)"),
    Broken("data path that is a folder",
           {"insats.yaml": lambda t: t + "data: {deltagare: data/deltagare.csv, narvaro: data/narvaro}\n",
            "data/narvaro": None},
           "insats.yaml", "nyckeln 'data.narvaro': data/narvaro är en mapp, inte en fil; ange filen, t.ex. "
                          "data/narvaro.csv"),
]


@pytest.mark.parametrize("case", CORPUS, ids=lambda c: c.id)
def test_broken_insats(tmp_path, capsys, case):
    path = build(tmp_path, case.edits)

    code = main(["kontrollera", str(path)])

    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert lines[0] == f"FEL: {path}"
    heading = f"{case.file} ({case.count} problem):"
    assert heading in lines, err
    assert f"  {case.line}" in lines, err
    assert "Traceback" not in err


def test_the_corpus_names_every_path_of_the_issue():
    """The error paths issue 5 lists, each with at least one case above."""
    ids = {c.id for c in CORPUS} | {c.id for c in LEFT_OUT} | {"unreadable file"}
    assert {"missing column", "renamed column", "impossible date", "exit before start", "unknown category",
            "duplicate id", "unknown id in narvaro", "unknown id in progression", "rating outside the scale",
            "non-numeric money", "header-only deltagare", "0-byte deltagare", "binary garbage",
            "misspelt yaml key", "unknown yaml key", "wrong yaml type",
            "report period outside the insats period", "yaml syntax error", "data path that is a folder",
            "unreadable file"} <= ids


# ------------------------------------------------------------------------------------- left out

@dataclass(frozen=True)
class LeftOut:
    id: str
    edits: dict[str, Edit]
    line: str  # the line kontrollera prints on stdout
    extra: list[str] = field(default_factory=list)


LEFT_OUT = [
    LeftOut("unknown id in narvaro", {"data/narvaro.csv": replace("T2;", "T9;")},
            "  lämnas utanför: data/narvaro.csv, rad 3, kolumn deltagar_id: deltagaren finns inte i "
            "deltagarfilen"),
    LeftOut("unknown id in progression", {"data/progression.csv": lambda t: t + "X7;2024-02-01;Hälsa;5\n"},
            "  lämnas utanför: data/progression.csv, rad 4, kolumn deltagar_id: deltagaren finns inte i "
            "deltagarfilen"),
]


@pytest.mark.parametrize("case", LEFT_OUT, ids=lambda c: c.id)
def test_rows_left_out_are_listed_not_refused(tmp_path, capsys, case):
    path = build(tmp_path, case.edits)

    code = main(["kontrollera", str(path)])

    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith("OK: Trasiga insatsen 2024-H1")
    assert case.line in out.splitlines(), out
    assert "T9" not in out and "X7" not in out  # rows are named by number, never by id


def test_header_only_optional_files_are_no_error(tmp_path, capsys):
    """An optional template saved before anything was entered: read as an empty table (only deltagare
    must have rows)."""
    path = build(tmp_path, {"data/narvaro.csv": "deltagar_id;datum;narvarande\n",
                            "data/progression.csv": "deltagar_id;datum;indikator;varde\n",
                            "data/ekonomi.csv": "period;beviljat;utfall\n",
                            "data/kartlaggning.csv": "deltagar_id;fraga;svar\n"})

    assert main(["kontrollera", str(path)]) == 0
    assert capsys.readouterr().out.startswith("OK: Trasiga insatsen 2024-H1 (3 deltagare;")


def test_unicode_text_export_is_read_like_any_csv(tmp_path, capsys):
    """Excel's "Unicode-text": UTF-16 with a BOM, tab-separated, CRLF; saved as .txt and found by name."""
    text = VALID["data/deltagare.csv"].replace(";", "\t").replace("\n", "\r\n")
    path = build(tmp_path, {DELTAGARE: replace("T2;man", "T2;kvina")})
    (tmp_path / DELTAGARE).unlink()
    (tmp_path / "data" / "deltagare.txt").write_bytes(("\ufeff" + text).encode("utf-16-le"))

    assert main(["kontrollera", str(path)]) == 0
    assert capsys.readouterr().out.startswith("OK: Trasiga insatsen 2024-H1 (3 deltagare; filer: deltagare,")

    spoilt = text.replace("T2\tman", "T2\tkvina")
    (tmp_path / "data" / "deltagare.txt").write_bytes(("\ufeff" + spoilt).encode("utf-16-le"))
    assert main(["kontrollera", str(path)]) == 1
    assert "  rad 3, kolumn kon: 'kvina' är inget tillåtet värde; tillåtna: kvinna, man, annat, okant; " \
           "menade du kvinna?" in capsys.readouterr().err.splitlines()


def test_unreadable_file(tmp_path, capsys, monkeypatch):
    """A file that cannot be opened (no permission, or Excel holding it on Windows). Simulated, since
    the tests may run as root, who can read every file."""
    path = build(tmp_path, {})
    original = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "narvaro.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    code = main(["kontrollera", str(path)])

    err = capsys.readouterr().err
    assert code == 1
    assert "data/narvaro.csv (1 problem):" in err.splitlines()
    assert "  filen kan inte läsas: behörighet saknas (är den öppen i Excel eller skyddad?)" in err.splitlines()
