"""The Report a notebook talks to: files it writes, what it leaves out, how it counts masking."""

from __future__ import annotations

import dataclasses
import json

import pandas as pd
import pytest

import evaltools as et
from evaltools.figures import FIGURES
from evaltools.report import Report, write_csv


@pytest.fixture(scope="module")
def insats():
    return et.load_insats(et.example_dir())


def test_table_and_figure_write_their_files(insats, tmp_path):
    report = Report(insats, tmp_path)
    flow = et.participant_flow(insats.deltagare, insats.config.period)
    report.table("deltagarflode", flow)
    report.figure("deltagarflode")
    assert (tmp_path / "tabeller" / "deltagarflode.csv").read_bytes().startswith(b"\xef\xbb\xbfPopulation;Antal\n")
    report.settle_figures()  # figures are drawn in the background; a notebook waits when the cell ends
    assert (tmp_path / "figurer" / "deltagarflode.png").is_file()
    assert (tmp_path / "figurer" / "deltagarflode.svg").is_file()


def test_without_output_folder_nothing_is_written(insats, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    report = Report(insats, "")
    report.table("deltagare_per_kon", et.split_counts(insats.deltagare, insats.config.period, by="kon"))
    report.figure("deltagare_per_kon")
    figures = report.finish()
    assert figures["deltagare"]["totalt"] == 60
    assert list(tmp_path.iterdir()) == []


def test_an_empty_result_is_left_out_with_its_figure(insats, tmp_path):
    report = Report(insats, tmp_path)
    empty = pd.DataFrame(columns=["forsorjning", "fore", "efter", "namnare"])
    assert report.table("forsorjning", empty) is None
    report.figure("forsorjning")
    assert not (tmp_path / "tabeller").exists() and not (tmp_path / "figurer").exists()


def test_masked_cells_are_counted_once_per_table_in_nyckeltal(insats, tmp_path):
    report = Report(insats, tmp_path)
    outcomes = et.outcome_counts(insats.deltagare, insats.config.period, insats.config)
    published = report.table("utfall", outcomes)
    report.figure("utfall")  # drawn from the same published table: not counted again
    # example: arbetssokande 1, sjuk_aktivitetsersattning 1, annan_insats 2, flyttat 2, okant 1 are
    # below 3 -> 5 counts, their 5 shares and the 5 intervals' two ends
    assert published.masked_cells == 20
    figures = report.finish()
    # utfall's column shows five masked counts already: nothing more is needed within it, and the
    # tables that would give them away (utfall_sus) are not shown here
    assert figures["sekretess"] == {"min_antal": 3, "maskerade_celler": 20, "sekundart_maskerade": 0}
    assert json.loads((tmp_path / "nyckeltal.json").read_text(encoding="utf-8"))["sekretess"][
        "maskerade_celler"] == 20


def test_datakvalitet_csv_lists_rows_by_number(insats, tmp_path):
    Report(insats, tmp_path).finish()
    lines = (tmp_path / "datakvalitet.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "fil;rad;kolumn;orsak"
    assert len(lines) == 1 + len(insats.kvalitet) == 6
    assert all("UF" not in line for line in lines)


def test_every_figure_has_a_table_spec_or_names_one():
    from evaltools.publish import TABLES

    from evaltools.figures import figure_source

    assert {figure_source(name) for name in FIGURES} <= set(TABLES)


def test_write_csv_is_excel_friendly(tmp_path):
    write_csv(pd.DataFrame({"Kön": ["Kvinnor"], "Andel (%)": ["48,1"]}), tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_bytes() == "\ufeffKön;Andel (%)\nKvinnor;48,1\n".encode("utf-8")


def test_baseline_figures_without_answers_draw_nothing(insats, tmp_path):
    report = Report(insats, tmp_path)
    empty = et.baseline_answers(insats.kartlaggning.iloc[0:0], insats.deltagare, insats.config.period)
    assert report.table("kartlaggning", empty) is None
    report.baseline_figures()  # a header-only kartläggning file once stopped the report here
    assert not (tmp_path / "figurer").exists()


def test_the_word_document_takes_a_figure_from_its_files_once_they_are_whole(tmp_path):
    # the Word document is written while the last figures are drawn: it waits for the SVG, which
    # is written after the PNG
    import threading
    import time

    from evaltools.document import FigureBlock
    from evaltools.report import _drawn_from_file

    png = (b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + (1000).to_bytes(4, "big") + (500).to_bytes(4, "big")
           + b"\x08\x06\x00\x00\x00")
    block = FigureBlock("a", 1, "Figur 1. A", None, b"", "A", 0)

    def draw() -> None:
        time.sleep(0.3)
        (tmp_path / "a.png").write_bytes(png)
        (tmp_path / "a.svg").write_text("<svg/>")

    threading.Thread(target=draw).start()
    drawn = _drawn_from_file(block, tmp_path)
    assert drawn.png == png and drawn.width_px == 1000 * 96 // 200


def test_the_word_document_takes_each_figure_when_it_reaches_it(tmp_path):
    """write_docx asks for a figure's PNG where the figure stands in the document, in order, and
    embeds what it is given."""
    import datetime as dt
    import io
    import zipfile

    import numpy as np

    from evaltools.document import FigureBlock, Heading, Paragraph
    from evaltools.plots.base import png_bytes
    from evaltools.render_docx import write_docx

    pngs = {name: png_bytes(np.full((20, 40, 4), shade, dtype=np.uint8), 200)
            for name, shade in (("a", 10), ("b", 200))}
    blocks = [Heading("Del", 2), FigureBlock("a", 1, "Figur 1. A", None, b"", "A", 0), Paragraph("Text"),
              FigureBlock("b", 2, "Figur 2. B", None, b"", "B", 0)]
    asked: list[str] = []

    def drawn(block):
        asked.append(block.name)
        return dataclasses.replace(block, png=pngs[block.name], width_px=40)

    path = write_docx(tmp_path / "r.docx", title="T", kind="K", meta=[], blocks=blocks, language="sv",
                      contents_label="Innehåll", created=dt.date(2024, 6, 30), drawn=drawn)
    assert asked == ["a", "b"]
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as docx:
        media = sorted(docx.read(n) for n in docx.namelist() if n.startswith("word/media/"))
    assert media == sorted(pngs.values())
