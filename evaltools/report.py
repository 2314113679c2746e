"""The report a notebook builds: a sequence of blocks, shown as they come and written as files.

A :class:`Report` is what the report notebook talks to. It computes every result table once
(:func:`~evaltools.results.report_results`) and masks them together
(:func:`~evaltools.publish.publish_all`); then ``report.summary()``, ``report.section(key)``,
``report.table(name)``, ``report.figure(name)`` … each record a block (:mod:`evaltools.document`):
a heading, a sentence, the evaluator's own text, a table or a figure with its numbered caption. The
notebook shows each block as it is made; ``report.finish()`` writes the same blocks as the report
(``<kind>.html`` and ``<kind>.docx``), the tables as CSV and one Excel workbook, ``nyckeltal.json``
and ``datakvalitet.csv``. Without an output folder (interactive use) nothing is written.

A table whose numbers a figure in the text already shows is printed in the appendix (and is always
in ``tabeller/``), so the report does not say everything twice.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from . import __version__, narrative, plots
from .config import AttendanceGoal, OutcomeGoal
from .document import (Block, FigureBlock, Heading, Markdown, Paragraph, TableBlock, file_stem,
                       period_text, report_kind)
from .figures import FIGURES, answers, figure_source, question_slug, yes_share
from .formatting import fmt_int, fmt_masked, fmt_percent, is_missing
from .insats import Insats
from .keyfigures import dumps, key_figures
from .labels import label
from .parallel import Forked
from .participants import population_mask
from .publish import MASKED_DERIVED, MASKED_SECONDARY, TABLES, Published, publish_all
from .resources import UNATTENDED
from .quality import kommun_warnings, quality_rows, quality_summary
from .render_html import (block_html, figure_placeholder_html, on_cell_end, page_html, show_in_notebook,
                          title_html)
from .results import report_results
from .methods import method_descriptions
from .summary import methods_paragraphs, scope, summary_sentences
from .texts import EvaluatorText, load_texts

__all__ = ["Report", "FIGURES", "write_csv"]

_SECTIONS = {"deltagare": None, "utfall": None, "narvaro": "narvaro", "progression": "progression",
             "kartlaggning": "kartlaggning", "ekonomi": "ekonomi", "datakvalitet": None}

#: tables whose numbers a figure in the text shows: printed in the appendix, not beside the figure
_IN_APPENDIX = {"deltagare_per_kon", "deltagare_per_aldersgrupp", "deltagare_per_kommun",
                "deltagare_per_anvisare", "utfall", "utfall_sus", "forsorjning", "narvaro_per_aldersgrupp",
                "narvaro_per_kon", "narvaro_per_kommun", "narvaro_per_manad", "narvaro_fordelning",
                "franvaro_orsaker", "progression", "kartlaggning", "ekonomi_per_period",
                "ekonomi_per_kommun", "mal_per_kon", "mal_per_aldersgrupp", "mal_per_kommun",
                "narvaro_skillnad_kon", "narvaro_skillnad_aldersgrupp", "narvaro_skillnad_kommun",
                "tid_i_insatsen", "progression_forandring", "progression_modell", "progression_wilcoxon"}
#: figures whose table is printed in the text instead (the figure is still in figurer/)
_FILE_ONLY = {"deltagarflode"}
_NUMERIC_KINDS = {"count", "number", "mean", "share", "interval", "kronor", "p", "goal"}


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """A table as Swedish Excel opens it: UTF-8 with BOM, ``;`` between columns, ``\\n`` line ends."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, sep=";", index=False, encoding="utf-8-sig", lineterminator="\n")


class Report:
    """Builds and writes one insats's report; see the module docstring.

    ``template`` is a Word file (.docx) whose styles, header, footer and logo the Word report uses.
    """

    def __init__(self, insats: Insats, output_dir: str | Path | None = None, *, show: bool = True,
                 template: str | Path | None = None):
        self.insats = insats
        self.config = insats.config
        self.language = insats.config.language
        self.min_count = insats.config.min_count
        self.output = Path(output_dir) if output_dir else None
        self.show = show
        self.template = Path(template) if template else None
        self.blocks: list[Block] = []
        self.texts: list[EvaluatorText] = load_texts(self.config.folder, set(insats.deltagare["deltagar_id"]),
                                                     self.language)
        self._results: dict[str, pd.DataFrame] | None = None
        self._bundle: dict[str, Published] | None = None
        self._published: dict[str, Published] = {}  # what has been shown, by table name
        self._appendix: list[tuple[str, Published, tuple[str, ...]]] = []
        self._tables = 0
        self._figures = 0
        self._meta: list[tuple[str, str]] = []
        self._files = plots.FigureFiles()
        if show:  # a notebook shows a cell's figures when the cell ends
            on_cell_end("register", self.settle_figures)

    # -- words ---------------------------------------------------------------------------------
    def t(self, key: str) -> str:
        """A label in the report's language."""
        return label(key, self.language)

    @property
    def kind(self) -> str:
        """``Halvårsrapport``, ``Slutrapport``, … as the report period makes it."""
        return report_kind(self.config)

    @property
    def stem(self) -> str:
        """The report files' name: ``halvarsrapport``, ``slutrapport``, …"""
        return file_stem(self.config)

    @property
    def attendance_target(self) -> float | None:
        goals = [g for g in self.config.goals if isinstance(g, AttendanceGoal)]
        return goals[0].malvarde if goals else None

    @property
    def masked_cells(self) -> int:
        """Cells masked by the primary rule in the tables and figures shown so far."""
        return sum(p.masked_cells for p in self._published.values())

    @property
    def secondary_cells(self) -> int:
        """Cells masked only so that a masked count cannot be recomputed (secondary suppression)."""
        return sum(p.secondary_cells for p in self._published.values())

    # -- the result tables, protected together ---------------------------------------------------
    @property
    def results(self) -> dict[str, pd.DataFrame]:
        """Every result table of the report (unmasked), computed once: :func:`report_results`."""
        if self._results is None:
            results = report_results(self.insats)
            # the data-quality section's counts too: "saknas" of all who started is masked with the flow
            log = self.insats.kvalitet
            results["datakvalitet"] = quality_summary(log, self.language) if len(log) else pd.DataFrame()
            results["saknade_uppgifter"] = self._missing()
            self._results = results
        return self._results

    @property
    def published(self) -> dict[str, Published]:
        """Every result table masked and formatted, the tables protecting each other
        (:func:`~evaltools.publish.publish_all`): the one source of every rendering."""
        if self._bundle is None:
            local = {code: o.etikett for code, o in self.config.local_outcomes.items()}
            goals = {g.namn: tuple(g.kategorier) for g in self.config.goals if isinstance(g, OutcomeGoal)}
            shown = {name: r for name, r in self.results.items() if not r.empty}
            self._bundle = publish_all(shown, min_count=self.min_count, language=self.language,
                                       labels=local, outcome_goals=goals)
        return self._bundle

    def use(self, name: str, result: pd.DataFrame) -> None:
        """Replace the result table ``name`` (interactive use, or a table the notebook computes its
        own way); the tables are protected again together. Tables already shown are not redrawn."""
        self.results[name] = result
        self._bundle = None

    # -- blocks ----------------------------------------------------------------------------------
    def _display(self, markup: str) -> None:
        """Show HTML in the notebook; outside IPython (a script, a test) there is nowhere to show it."""
        if self.show:
            show_in_notebook(markup)

    def add(self, block: Block) -> Block:
        """Record a block of the report and show it."""
        self.blocks.append(block)
        self._display(block_html(block))
        return block

    def _heading(self, text: str, anchor: str, level: int = 2) -> None:
        self.add(Heading(text, level, anchor))

    def header(self) -> None:
        """The report's title block: insats, förbund, report type and period, the data it is made
        from, and the evaltools version."""
        c = self.config
        period = c.period
        meta = [(self.t("w_rapportperiod"), f"{period_text(c)} ({period.start} – {period.slut})")]
        if c.samordningsforbund:
            meta.append((self.t("r_forbund"), c.samordningsforbund))
        if c.insatsagare:
            meta.append((self.t("r_agare"), c.insatsagare))
        if c.kommuner:
            meta.append((self.t("r_kommuner"), ", ".join(c.kommuner)))
        meta.append((self.t("r_insatsperiod"), f"{c.insatsperiod.start} – {c.insatsperiod.slut}"))
        meta.append((self.t("r_data_tom"), self.data_date().isoformat()))
        meta.append((self.t("r_version"), f"evaltools {__version__}"))
        self._meta = meta
        self._display(f"<style>{_NOTEBOOK_CSS}</style>" + title_html(c.insats, f"{self.kind} – {period_text(c)}",
                                                                     meta))

    def data_date(self) -> dt.date:
        """The latest date in the data (the day the data reaches), never later than the period's end."""
        days = [self.insats.deltagare["startdatum"].max(), self.insats.deltagare["slutdatum"].max()]
        for table, column in (("narvaro", "datum"), ("progression", "datum")):
            frame = getattr(self.insats, table)
            if frame is not None and column in frame and len(frame):
                days.append(frame[column].max())
        known = [pd.Timestamp(d).date() for d in days if not pd.isna(d)]
        latest = max(known) if known else self.config.period.slut
        return min(latest, self.config.period.slut)

    def summary(self) -> None:
        """Sammanfattning, first: the key figures as sentences, the goal table, the evaluator's own
        summary."""
        self._heading(self.t("h_sammanfattning"), "sammanfattning")
        for sentence in summary_sentences(self):
            self.add(Paragraph(sentence, "summary"))
        if "maluppfyllelse" in self.published:
            self.table("maluppfyllelse", appendix=False)
            self.interpretation("maluppfyllelse")
        self.texts_for("summary")

    def texts_for(self, place: str) -> None:
        """The evaluator's sections for ``place`` (``summary``, ``intro``, ``discussion``, or a data
        section's key), each under its heading; sections without text are left out."""
        for text in self.texts:
            if text.place != place:
                continue
            if text.heading:
                self._heading(text.heading, f"text-{text.key}", 2 if place in ("intro", "discussion") else 3)
            self.add(Markdown(text.body, text.file))

    def section(self, key: str) -> bool:
        """Start a section: its heading and the evaluator's text for it. ``False`` (and nothing
        shown) when its data file is absent: leave the section out."""
        table = _SECTIONS[key]
        if table is not None and not self.insats.has(table):
            return False
        self._heading(self.t("h_" + key), key)
        self.texts_for(key)
        return True

    def note(self, text: str) -> None:
        self.add(Paragraph(text, "note"))

    def text(self, text: str) -> None:
        self.add(Paragraph(text, "text"))

    # -- tables ----------------------------------------------------------------------------------
    def publish(self, name: str, result: pd.DataFrame | None = None) -> Published | None:
        """The published (masked, formatted) table ``name`` without showing it; ``None`` when the
        report has nothing in it. ``result`` replaces the computed table first (see :meth:`use`)."""
        if result is not None:
            self.use(name, result)
        return self.published.get(name)

    def table(self, name: str, result: pd.DataFrame | None = None, *, note: str | None = None,
              appendix: bool | None = None, printed: bool = True) -> Published | None:
        """Publish table ``name``: write ``tabeller/<name>.csv`` and print it in the text, or in the
        appendix when a figure shows the same numbers (``printed=False``: only in ``tabeller/``). A
        table the report has nothing in (e.g. no income sources given) is left out, and so is its
        figure."""
        published = self.publish(name, result)
        if published is None:
            return None
        if not printed:
            self._published[name] = published
            if self.output is not None:
                write_csv(published.csv, self.output / "tabeller" / f"{name}.csv")
            return published
        self._published[name] = published
        notes = tuple(n for n in (_NOTES[name](self, published) if name in _NOTES else None, note,
                                  self._legend(published)) if n)
        if self.output is not None:
            write_csv(published.csv, self.output / "tabeller" / f"{name}.csv")
        if appendix if appendix is not None else name in _IN_APPENDIX:
            self._appendix.append((name, published, notes))
        else:
            self._table_block(name, published, notes, in_appendix=False)
        return published

    def _table_block(self, name: str, published: Published, notes: tuple[str, ...], *,
                     in_appendix: bool) -> None:
        self._tables += 1
        numeric = tuple(c.kind in _NUMERIC_KINDS for c in TABLES[name].columns)
        caption = f"{self.t('w_tabell')} {self._tables}. {self.t('t_' + name)}"
        self.add(TableBlock(name, self._tables, caption, scope(self, name), published, notes, numeric,
                            in_appendix))

    def _legend(self, published: Published) -> str | None:
        marks = set(published.marks.to_numpy().ravel()) if published.marks is not None else set()
        legend = []
        if f"<{self.min_count}" in marks:
            legend.append(f"<{self.min_count}: " + self.t("w_maskerad").format(k=self.min_count))
        if MASKED_SECONDARY in marks:
            legend.append(self.t("n_sekundar"))
        if MASKED_DERIVED in marks:
            legend.append(self.t("n_harledd"))
        return "; ".join(legend) + "." if legend else None

    def appendix(self) -> None:
        """The appendix: the tables whose numbers the figures show, in the order they were made."""
        if not self._appendix:
            return
        self._heading(self.t("h_bilaga"), "bilaga")
        self.note(self.t("n_bilaga"))
        for name, published, notes in self._appendix:
            self._table_block(name, published, notes, in_appendix=True)
        self._appendix = []

    # -- figures ---------------------------------------------------------------------------------
    def figure(self, name: str, result: pd.DataFrame | None = None, *, table: str | None = None,
               **options: Any) -> None:
        """Draw figure ``name`` from a published table (``table``, by default the table the figure
        is drawn from: :func:`~evaltools.figures.figure_source`), write ``figurer/<name>.png`` / ``.svg`` and put it in the text with its caption."""
        source = table or figure_source(name)
        if result is not None:
            self.use(source, result)
        published = self.published.get(source)
        if published is None or name not in FIGURES:
            return  # nothing to draw
        self._published[source] = published
        self._emit(name, FIGURES[name](self, published, **options), source)

    def _emit(self, name: str, ax: Any, source: str) -> None:
        """Record figure ``ax`` and write its files. They are drawn in the background
        (:class:`~evaltools.plots.FigureFiles`): the notebook shows the figure when its cell ends,
        ``finish`` waits for all of them."""
        if ax is None:  # nothing to draw (e.g. no share goals)
            return
        title = ax.get_title(loc="left") or self.t("t_" + name)
        alt = getattr(ax, "alt_text", None) or title
        if name in _FILE_ONLY:
            if self.output is not None:
                self._files.save(ax, self.output / "figurer" / name, lambda png: None)
            return
        self._figures += 1
        caption = f"{self.t('w_figur')} {self._figures}. {title}"
        block = FigureBlock(name, self._figures, caption, scope(self, source), b"", alt, 0)
        place_figure(self.blocks, self._files, block, ax, self.output / "figurer" / name if self.output else None,
                     show=self.show)

    def settle_figures(self, *_: Any) -> None:
        """Wait for the figures being drawn and show them (IPython calls it when a cell ends).

        When nobody watches the notebook (``evaltools rapport`` runs it: the kernel has
        ``EVALTOOLS_UNATTENDED``), a cell shows the figures that are done and goes on; the others
        are shown by a later cell, and ``finish`` waits for all."""
        self._files.settle(wait=not unattended())

    def baseline_figures(self) -> None:
        """The kartläggning figures: one for all ja/nej questions, one per other question
        (``figurer/kartlaggning_<fråga>``)."""
        p = self.published.get("kartlaggning")
        if p is None:  # nothing answered: no table, no figures
            return
        given = p.values.groupby("fraga", sort=False)["svar"].agg(lambda s: set(s))
        yes_no = [q for q, a in given.items() if a <= {"ja", "nej"}]
        if yes_no:
            self._emit("kartlaggning_ja", yes_share(self, p, yes_no), "kartlaggning")
        for question in given.index:
            if question not in yes_no:
                self._emit(f"kartlaggning_{question_slug(question)}", answers(self, p, question=question),
                           "kartlaggning")

    # -- the end ---------------------------------------------------------------------------------
    def interpretation(self, name: str) -> None:
        """What the numbers of table ``name`` mean, in plain words (:mod:`evaltools.narrative`):
        ``maluppfyllelse``, ``mal_per_<by>``, ``narvaro_skillnad_<by>``, ``tid_i_insatsen`` or
        ``progression``. Only published numbers are spoken of."""
        if name == "maluppfyllelse":
            sentences = narrative.goal_sentences(self)
        elif name.startswith("mal_per_"):
            goals = self.results.get("maluppfyllelse")
            first = goals.loc[goals["typ"].isin(("utfall", "andel")), "namn"] if goals is not None else []
            measure = (self.t("w_andel_mal").format(goal=str(first.iloc[0]).lower()) if len(first) else None)
            sentences = narrative.difference_sentences(self, name, by=name.removeprefix("mal_per_"),
                                                       measure=measure)
        elif name.startswith("narvaro_skillnad_"):
            sentences = narrative.difference_sentences(self, name, by=name.removeprefix("narvaro_skillnad_"))
        elif name == "tid_i_insatsen":
            sentences = narrative.duration_sentences(self)
        elif name == "progression":
            sentences = narrative.progression_sentences(self)
        else:
            raise ValueError(f"no interpretation for {name!r}")
        for sentence in sentences:
            self.text(sentence)

    def methods(self) -> None:
        """Metod: populations and denominators, then every method with its references, and the
        masking rule, in words a board member can follow (:mod:`evaltools.methods`)."""
        self._heading(self.t("h_metod"), "metod")
        for paragraph in methods_paragraphs(self)[:2]:  # whom the numbers count, and denominators
            self.text(paragraph)
        statistics = self.config.statistics
        for method in method_descriptions(self.language, min_count=self.min_count,
                                          level=statistics.konfidensniva, interval=statistics.intervall):
            if method["id"] == "progression" and self.insats.progression is None:
                continue
            if method["id"] == "narvaro" and self.insats.narvaro is None:
                continue
            self._heading(method["rubrik"], f"metod-{method['id']}", 3)
            self.text(methods_paragraphs(self)[-1] if method["id"] == "maskning" else method["text"])
            if method["referenser"]:
                self.note(self.t("w_referenser") + " " + method["referenser"])

    def data_quality(self) -> None:
        """The data-quality section: rows left out (counted by file and reason), warnings about rows
        that are counted but look wrong (a kommun that insats.yaml does not list), missing values."""
        log = self.insats.kvalitet
        if len(log):
            self.table("datakvalitet", note=self.t("n_radnummer"))
        else:
            self.note(self.t("n_inga_utelamnade"))
        warnings = kommun_warnings(self.config, {"deltagare": self.insats.deltagare,
                                                 "ekonomi": self.insats.ekonomi})
        for warning in quality_summary(warnings, self.language).itertuples(index=False):
            # rows of deltagare are persons: a small count is masked like any published count
            rows = (fmt_masked(self.min_count) if 0 < warning.rader < self.min_count
                    else fmt_int(warning.rader, self.language))
            self.note(self.t("n_varning").format(fil=warning.fil, orsak=warning.orsak, rader=rows))
        self.table("saknade_uppgifter")
        absent = [k for k, table in _SECTIONS.items() if table and not self.insats.has(table)]
        if absent:
            self.note(self.t("n_utan_data").format(names=", ".join(self.t("h_" + k) for k in absent)))
        if self.min_count:
            self.note(self.t("n_maskering").format(k=self.min_count, cells=self.masked_cells,
                                                   secondary=self.secondary_cells))
        from . import __version__

        self.note(self.t("n_version").format(version=__version__))

    def _missing(self) -> pd.DataFrame:
        """Missing values in deltagare, each column counted among those it applies to: values at
        exit among the participants who ended, the others among all who started."""
        d = self.insats.deltagare
        period = self.config.period
        started = d.loc[population_mask(d, period, "totalt")]
        ended = d.loc[population_mask(d, period, "avslutade_totalt")]
        rows = []
        for column, group in (("alder", started), ("kommun", started), ("anvisare", started),
                              ("forsorjning_start", started), ("forsorjning_slut", ended),
                              ("gemensam_planering", ended)):
            if column == "alder" or d[column].notna().any():
                suffix = f" ({self.t('avslutade')})" if group is ended else ""
                rows.append({"kolumn": self.t("c_" + column) + suffix, "saknas": int(group[column].isna().sum()),
                             "rader": len(group)})
        return pd.DataFrame(rows, columns=["kolumn", "saknas", "rader"])

    def finish(self) -> dict[str, Any]:
        """Write the report (HTML and Word), the Excel workbook, ``nyckeltal.json`` and
        ``datakvalitet.csv``; return the key figures."""
        self.appendix()
        figures = key_figures(self.insats, masked_cells=self.masked_cells,
                              secondary_cells=self.secondary_cells, results=self.results)
        workbook = None
        if self.output is not None:
            # what needs no figure first, while the last figures are still being drawn; the Excel
            # workbook in a copy of this process (openpyxl is imported there)
            self.output.mkdir(parents=True, exist_ok=True)
            shown = {name: self._published[name] for name in TABLES if name in self._published}
            workbook = Forked(_write_xlsx, self.output / "tabeller" / "tabeller.xlsx", shown, language=self.language,
                              created=self.data_date())
            (self.output / "nyckeltal.json").write_text(dumps(figures), encoding="utf-8")
            write_csv(quality_rows(self.insats.kvalitet, self.language), self.output / "datakvalitet.csv")
        if self.output is None:
            self._files.settle()
            if self.show:
                on_cell_end("unregister", self.settle_figures)
            return figures
        title, kind = self.config.insats, f"{self.kind} – {period_text(self.config)}"
        if not self._meta:
            self.header()
        # the Word document in a copy of this process, while the last figures are drawn and the
        # HTML page is written here: it takes each figure's PNG when its files are there
        docx = Forked(_write_docx, self.output / f"{self.stem}.docx", figures=self.output / "figurer",
                      title=title, kind=kind, meta=self._meta, blocks=self.blocks, language=self.language,
                      contents_label=self.t("h_innehall"), created=self.data_date(), template=self.template)
        try:
            self._files.settle()
        except BaseException:
            docx.discard()
            workbook.discard()
            raise
        if self.show:
            on_cell_end("unregister", self.settle_figures)
        page = page_html(title=title, kind=kind, meta=self._meta, blocks=self.blocks, language=self.language,
                         contents_label=self.t("h_innehall"))
        (self.output / f"{self.stem}.html").write_text(page, encoding="utf-8")
        workbook.result()
        docx.result()
        return figures


def _write_xlsx(path: Path, tables: dict[str, Published], **kw: Any) -> None:
    """:func:`~evaltools.render_xlsx.write_xlsx`, imported where it runs (a forked copy)."""
    from .render_xlsx import write_xlsx

    write_xlsx(path, tables, **kw)


def _write_docx(path: Path, *, figures: Path, blocks: list[Block], **kw: Any) -> None:
    """:func:`~evaltools.render_docx.write_docx`, imported where it runs (a forked copy: python-docx
    and lxml are then imported while the kernel goes on). A figure not drawn yet is taken from its
    files in ``figures`` when the document reaches it (:func:`_drawn_from_file`): the document is
    written up to the figure being drawn, and what is left when the last one is drawn is little."""
    from .render_docx import write_docx

    write_docx(path, blocks=blocks, drawn=lambda b: b if b.png else _drawn_from_file(b, figures), **kw)


def _drawn_from_file(block: FigureBlock, figures: Path) -> FigureBlock:
    """The figure block with the PNG its figure files hold, waiting until they are written: the PNG
    is whole once the SVG, written after it, is there (:func:`~evaltools.plots.save_figure`; files
    of an earlier run are removed when a figure is saved). A copy whose parent has ended ends."""
    import time

    svg, parent = (figures / block.name).with_suffix(".svg"), os.getppid()
    while not svg.exists():
        if os.getppid() != parent:
            os._exit(1)
        time.sleep(0.01)
    return _drawn(block, svg.with_suffix(".png").read_bytes())


def unattended() -> bool:
    """The notebook runs without anyone watching it (``evaltools rapport``, ``oversikt``)."""
    return os.environ.get(UNATTENDED) == "1"


def _drawn(block: FigureBlock, png: bytes) -> FigureBlock:
    """The figure block with its PNG, shown at 96 pixels per inch (it is drawn at 200)."""
    return dataclasses.replace(block, png=png, width_px=int.from_bytes(png[16:20], "big") * 96 // 200)


def place_figure(blocks: list[Block], files: plots.FigureFiles, block: FigureBlock, ax: Any, stem: Path | None,
                 *, show: bool) -> None:
    """Put figure ``ax`` in ``blocks`` as ``block`` (its PNG still missing) and show it in the
    notebook. With ``stem``, its files are drawn by ``files`` and the block (and what the notebook
    shows) gets its PNG when drawn; without, it is drawn here, into memory only."""
    if stem is None:
        blocks.append(_drawn(block, plots.figure_png(ax)))
        if show:
            show_in_notebook(block_html(blocks[-1]))
        return
    index = len(blocks)
    blocks.append(block)
    shown = show_in_notebook(figure_placeholder_html(block), later=True) if show else None

    def drawn(png: bytes) -> None:
        blocks[index] = _drawn(block, png)
        if shown is not None:
            shown.update(block_html(blocks[index]))

    files.save(ax, stem, drawn)


_NOTEBOOK_CSS = """
.et-table{border-collapse:collapse;margin:.4em 0 .2em 0;font-size:.92em}
.et-table caption{text-align:left;font-weight:bold;padding-bottom:.3em}
.et-table th{border-bottom:1.5px solid #444;padding:.25em .7em;text-align:left !important}
.et-table td{border-bottom:1px solid #ddd;padding:.2em .7em;text-align:left !important}
.et-table .num{text-align:right !important;white-space:nowrap}
.et-scope,.et-note{font-size:.85em;color:#555;margin:.1em 0 1em 0}
figure.et-figure img{max-width:100%}
"""


def _concentration_note(report: Report, p: Published) -> str | None:
    row = p.values.iloc[0]
    if is_missing(row["andel"]) or not row["deltagare"]:
        return None
    language = report.language
    return report.t("n_koncentration").format(
        top=fmt_int(row["deltagare_topp"], language),
        top_share=fmt_percent(row["deltagare_topp"] / row["deltagare"], 0, language),
        all=fmt_int(row["deltagare"], language), share=fmt_percent(row["andel"], 0, language))


_NOTES: dict[str, Callable[[Report, Published], str | None]] = {
    "franvaro_koncentration": _concentration_note,
}
