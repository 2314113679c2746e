"""The report a board can read: Word and Excel beside the HTML, built from the same masked blocks;
the summary first; the evaluator's own text in its place; report kind and period in words."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

import evaltools as et
from evaltools.document import file_stem, period_text, report_kind
from evaltools.errors import DataError
from evaltools.report import Report
from evaltools.texts import load_texts

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> tuple[Path, Report]:
    folder = tmp_path_factory.mktemp("rapport")
    insats_dir = folder / "ung_framtid"
    shutil.copytree(et.example_dir(), insats_dir)
    (insats_dir / "text" / "lardomar.md").write_text(
        "# Våra lärdomar\n\nTidiga **trepartssamtal** gör skillnad.\n\n- ett\n- två\n", encoding="utf-8")
    report = Report(et.load_insats(insats_dir), folder / "ut", show=False)
    report.header()
    report.summary()
    report.texts_for("intro")
    for key, names in (("deltagare", ("deltagarflode", "deltagare_per_kon")),
                       ("utfall", ("utfall", "utfall_sus")), ("narvaro", ("narvaro_per_kon",))):
        report.section(key)
        for name in names:
            report.table(name)
            report.figure(name)
    report.figure("maluppfyllelse")
    report.texts_for("discussion")
    report.methods()
    report.section("datakvalitet")
    report.data_quality()
    report.finish()
    return folder / "ut", report


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def test_word_report_starts_with_the_summary_and_its_goal_table(made):
    out, _ = made
    doc = Document(str(out / "halvarsrapport.docx"))
    texts = [p.text for p in doc.paragraphs]
    summary = texts.index("Sammanfattning")  # the contents list numbers its entries: "1. Sammanfattning"
    first_section = texts.index("Deltagare", summary)
    assert summary < first_section
    sentences = " ".join(texts[summary:first_section])
    assert "Sedan start har 60 deltagare skrivits in, varav 23 kvinnor och 37 män." in sentences
    assert f"16 av dem (41{NBSP}%) gick vidare till arbete eller studier, mot målet 40{NBSP}%" in sentences
    # the first real table of the document is the goal table, and a known row reads as the HTML does
    goal_table = doc.tables[1]  # tables[0] is the title page's facts
    header = [c.text for c in goal_table.rows[0].cells]
    assert header[:5] == ["Mål", "Täljare", "Nämnare", "Utfall", "Målvärde"]
    first = [c.text for c in goal_table.rows[1].cells]
    assert first[:5] == ["Arbete eller studier", "16", "39", f"41,0{NBSP}%", f"40,0{NBSP}%"]


def test_captions_are_numbered_in_order_and_counted(made):
    out, report = made
    texts = paragraphs(out / "halvarsrapport.docx")
    figures = [int(m.group(1)) for t in texts if (m := re.match(r"Figur (\d+)\. ", t))]
    tables = [int(m.group(1)) for t in texts if (m := re.match(r"Tabell (\d+)\. ", t))]
    assert figures == list(range(1, len(figures) + 1)) and len(figures) >= 5
    assert tables == list(range(1, len(tables) + 1))
    doc = Document(str(out / "halvarsrapport.docx"))
    assert len(doc.tables) == 1 + len(tables)  # every captioned table is a real Word table
    assert len(doc.inline_shapes) == len(figures)
    # every picture has its alt text
    xml = zipfile.ZipFile(out / "halvarsrapport.docx").read("word/document.xml").decode("utf-8")
    assert xml.count('descr="') >= len(figures)


def test_a_table_whose_figure_is_in_the_text_goes_to_the_appendix(made):
    out, _ = made
    texts = paragraphs(out / "halvarsrapport.docx")
    appendix = texts.index("Bilaga: tabeller")
    kon_table = next(i for i, t in enumerate(texts) if t.startswith("Tabell") and "Deltagare per kön" in t)
    kon_figure = next(i for i, t in enumerate(texts) if t.startswith("Figur") and "Deltagare per kön" in t)
    assert kon_figure < appendix < kon_table


def test_the_evaluators_text_is_in_its_section_and_empty_files_are_left_out(made):
    out, _ = made
    texts = paragraphs(out / "halvarsrapport.docx")
    heading = texts.index("Mål, syfte och metod")
    assert texts[heading + 1].startswith("Ung Framtid riktar sig till unga vuxna")
    assert "Våra lärdomar" in texts and "Tidiga trepartssamtal gör skillnad." in texts
    assert "Brukarmedverkan" not in texts  # its file is empty
    html = (out / "halvarsrapport.html").read_text(encoding="utf-8")
    assert "<strong>trepartssamtal</strong>" in html
    assert html.index("Mål, syfte och metod") < html.index("Utfall vid avslut")


def test_no_id_and_no_masked_count_in_the_word_report(made):
    out, report = made
    xml = "".join(zipfile.ZipFile(out / "halvarsrapport.docx").read(n).decode("utf-8", "replace")
                  for n in zipfile.ZipFile(out / "halvarsrapport.docx").namelist() if n.endswith(".xml"))
    for pid in report.insats.deltagare["deltagar_id"]:
        assert re.search(rf"\b{re.escape(pid)}\b", xml) is None
    # the exact small counts the tables mask never appear beside their labels
    utfall = [t for t in Document(str(out / "halvarsrapport.docx")).tables
              if t.rows[0].cells[0].text == "Utfall"][0]
    shown = {r.cells[0].text: r.cells[2].text for r in utfall.rows[1:]}
    assert shown["Arbetssökande"] == "<3"


def test_excel_workbook_has_one_sheet_per_table_numbers_as_numbers(made):
    out, report = made
    workbook = load_workbook(out / "tabeller" / "tabeller.xlsx")
    assert "utfall" in workbook.sheetnames and "maluppfyllelse" in workbook.sheetnames
    sheet = workbook["utfall"]
    assert sheet.freeze_panes == "A3"
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    arbete = next(r for r in rows if r[0] == "Arbete")
    assert arbete[2] == 10 and isinstance(arbete[2], int)
    assert abs(arbete[3] - 10 / 39) < 1e-12
    masked = next(r for r in rows if r[0] == "Arbetssökande")
    assert masked[2] == "<3" and masked[3] == "–"


def test_html_report_has_contents_and_no_external_reference(made):
    out, _ = made
    html = (out / "halvarsrapport.html").read_text(encoding="utf-8")
    assert '<html lang="sv">' in html
    assert "<nav class='et-toc'>" in html and "href='#sammanfattning'" in html
    assert not re.findall(r"""(?:src|href)=["'](?:https?:)?//""", html)
    assert "@media print" in html


def test_word_and_excel_are_byte_identical_between_runs(made, tmp_path):
    out, report = made
    again = Report(et.load_insats(report.config.folder), tmp_path, show=False)
    again.header()
    again.summary()
    again.finish()
    first = Report(et.load_insats(report.config.folder), tmp_path / "b", show=False)
    first.header()
    first.summary()
    first.finish()
    assert (tmp_path / "halvarsrapport.docx").read_bytes() == (tmp_path / "b" / "halvarsrapport.docx").read_bytes()
    assert ((tmp_path / "tabeller" / "tabeller.xlsx").read_bytes()
            == (tmp_path / "b" / "tabeller" / "tabeller.xlsx").read_bytes())


def test_a_word_template_gives_its_styles_and_header(made, tmp_path):
    _, report = made
    template = Document()
    template.sections[0].header.paragraphs[0].text = "Samordningsförbundet Exempel – logga här"
    template.add_paragraph("Mallens egen brödtext som inte ska med")
    template.save(tmp_path / "mall.docx")
    again = Report(et.load_insats(report.config.folder), tmp_path / "ut", show=False,
                   template=tmp_path / "mall.docx")
    again.header()
    again.summary()
    again.finish()
    doc = Document(str(tmp_path / "ut" / "halvarsrapport.docx"))
    assert doc.sections[0].header.paragraphs[0].text == "Samordningsförbundet Exempel – logga här"
    assert "Mallens egen brödtext som inte ska med" not in [p.text for p in doc.paragraphs]


# ------------------------------------------------------------------------- kind and period in words

def config_for(tmp_path: Path, period: str, whole: str = "{start: 2023-01-01, slut: 2024-12-31}"):
    folder = tmp_path / period.replace(":", "").replace("{", "").replace("}", "").replace(" ", "")[:20]
    shutil.copytree(et.example_dir(), folder)
    yaml = (folder / "insats.yaml").read_text(encoding="utf-8")
    yaml = yaml.replace("rapportperiod: 2024-H1", f"rapportperiod: {period}")
    yaml = yaml.replace("insatsperiod: {start: 2023-01-01, slut: 2024-12-31}", f"insatsperiod: {whole}")
    (folder / "insats.yaml").write_text(yaml, encoding="utf-8")
    return et.load_config(folder)


@pytest.mark.parametrize("period,kind,stem,words", [
    ("2024-H1", "Halvårsrapport", "halvarsrapport", "första halvåret 2024"),
    ("2024-H2", "Halvårsrapport", "halvarsrapport", "andra halvåret 2024"),
    ("2024-T1", "Tertialrapport", "tertialrapport", "T1 2024 (jan–apr)"),
    ("2024-T3", "Tertialrapport", "tertialrapport", "T3 2024 (sep–dec)"),
    ("2024", "Årsrapport", "arsrapport", "år 2024"),
    ("{start: 2023-01-01, slut: 2024-12-31}", "Slutrapport", "slutrapport", "hela insatsperioden 2023–2024"),
    ("{start: 2024-01-01, slut: 2024-08-31}", "Rapport", "rapport", "1 jan 2024 – 31 aug 2024"),
])
def test_report_kind_follows_the_period(tmp_path, period, kind, stem, words):
    config = config_for(tmp_path, period)
    assert report_kind(config) == kind
    assert file_stem(config) == stem
    assert period_text(config) == words
    assert "_" not in period_text(config)  # never a raw id like 2023-01-01_2024-12-31


def test_a_year_that_is_the_whole_insats_is_a_slutrapport(tmp_path):
    config = config_for(tmp_path, "2024", "{start: 2024-01-01, slut: 2024-12-31}")
    assert report_kind(config) == "Slutrapport"
    assert period_text(config) == "hela insatsperioden 2024"


# ------------------------------------------------------------------------------- the text folder

def test_texts_are_refused_with_a_personnummer_or_a_participant_code(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "samverkan.md").write_text("Bra samverkan.\nUF023 fick jobb.\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_texts(tmp_path, {"UF023", "UF024"})
    assert "text/samverkan.md, rad 2" in str(err.value) and "UF023" not in str(err.value)
    (tmp_path / "text" / "samverkan.md").write_text("Ring 19850412-1234 om detta.\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_texts(tmp_path, set())
    assert "personnummer" in str(err.value) and "1234" not in str(err.value)


def test_a_misspelt_section_file_is_named_with_the_nearest(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "samverkn.md").write_text("Text.\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_texts(tmp_path, set())
    assert "menade du samverkan.md?" in str(err.value)


def test_texts_in_windows_1252_and_own_headings_and_extra_sections(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "avvikelse.md").write_bytes("Ingen avvikelse från målen.\n".encode("cp1252"))
    (tmp_path / "text" / "ovrigt_om_lokaler.md").write_text("# Lokalerna\n\nNya lokaler.\n", encoding="utf-8")
    (tmp_path / "text" / "README.md").write_text("Instruktioner\n", encoding="utf-8")
    (tmp_path / "text" / "lardomar.md").write_text("   \n", encoding="utf-8")
    texts = load_texts(tmp_path, set())
    assert [(t.key, t.heading, t.body) for t in texts] == [
        ("avvikelse", "Avvikelse i fråga om mål, syfte och metod", "Ingen avvikelse från målen."),
        ("ovrigt_om_lokaler", "Lokalerna", "Nya lokaler.")]


def test_no_text_folder_no_texts(tmp_path):
    assert load_texts(tmp_path, {"A1"}) == []


def test_data_date_is_the_latest_day_in_the_data_not_after_the_period(made):
    _, report = made
    assert report.data_date() == dt.date(2024, 6, 28) or report.data_date() <= report.config.period.slut


def test_key_figures_from_the_reports_tables_are_the_same_as_computed_afresh(made):
    _, report = made
    from evaltools.keyfigures import dumps, key_figures

    assert dumps(key_figures(report.insats, results=report.results)) == dumps(key_figures(report.insats))
