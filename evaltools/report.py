"""The report a notebook builds: publishes tables and figures, shows them, writes the files.

A :class:`Report` is what the report notebook talks to. ``report.table(name, result)`` masks and
formats a result table (see :mod:`evaltools.publish`), shows it and writes ``tabeller/<name>.csv``;
``report.figure(name, result)`` draws the figure of that name from the same masked table and writes
``figurer/<name>.png`` and ``.svg``; ``report.finish()`` writes ``nyckeltal.json`` and
``datakvalitet.csv``. Without an output folder (interactive use) nothing is written.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from . import plots
from .config import AttendanceGoal, OutcomeGoal
from .formatting import fmt_int, fmt_masked, fmt_percent, is_missing
from .insats import Insats
from .keyfigures import dumps, key_figures
from .labels import label
from .publish import MASKED_DERIVED, MASKED_SECONDARY, TABLES, Published, publish_all
from .results import report_results
from .participants import population_mask
from .quality import kommun_warnings, quality_rows, quality_summary
from .figures import FIGURES, answers, question_slug, yes_share

__all__ = ["Report", "FIGURES", "write_csv"]

_CSS = """<style>
.et-table{border-collapse:collapse;margin:0.4em 0 0.2em 0;font-size:0.92em}
.et-table caption{text-align:left;font-weight:bold;padding-bottom:0.3em}
.et-table th{border-bottom:1.5px solid #444;padding:0.25em 0.7em;text-align:left !important}
.et-table td{border-bottom:1px solid #ddd;padding:0.2em 0.7em;text-align:left !important}
.et-table td.num,.et-table th.num{text-align:right !important;white-space:nowrap}
.et-meta td{text-align:left !important}
.et-note{font-size:0.85em;color:#555;margin:0.1em 0 1.2em 0}
.et-figure{margin:0.6em 0 1.4em 0}
.et-figure img{max-width:100%}
.et-meta td{padding:0.1em 1em 0.1em 0}
</style>"""

_SECTIONS = {"deltagare": None, "utfall": None, "narvaro": "narvaro", "progression": "progression",
             "kartlaggning": "kartlaggning", "ekonomi": "ekonomi", "datakvalitet": None}


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """A table as Swedish Excel opens it: UTF-8 with BOM, ``;`` between columns, ``\\n`` line ends."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, sep=";", index=False, encoding="utf-8-sig", lineterminator="\n")


class Report:
    """Publishes one insats's report; see the module docstring."""

    def __init__(self, insats: Insats, output_dir: str | Path | None = None, *, show: bool = True):
        self.insats = insats
        self.config = insats.config
        self.language = insats.config.language
        self.min_count = insats.config.min_count
        self.output = Path(output_dir) if output_dir else None
        self.show = show
        self._results: dict[str, pd.DataFrame] | None = None
        self._bundle: dict[str, Published] | None = None
        self._published: dict[str, Published] = {}  # what has been shown, by table name

    # -- words ---------------------------------------------------------------------------------
    def t(self, key: str) -> str:
        """A label in the report's language."""
        return label(key, self.language)

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
            self._results = report_results(self.insats)
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

    # -- showing ---------------------------------------------------------------------------------
    def _html(self, markup: str) -> None:
        """Show HTML in the notebook; outside IPython (a script, a test) there is nowhere to show it."""
        if not self.show:
            return
        try:
            from IPython import get_ipython
            from IPython.display import HTML, display
        except ImportError:
            return
        if get_ipython() is not None:
            display(HTML(markup))

    def header(self) -> None:
        """The report's title block: insats, förbund, period, and the data it is made from."""
        c = self.config
        period = c.period
        kind = self.t({"H": "r_halvar", "T": "r_tertial"}.get(period.label[5:6], "r_rapport"))
        rows = [(self.t("w_rapportperiod"), f"{period.label} ({period.start} – {period.slut})")]
        if c.samordningsforbund:
            rows.append((self.t("r_forbund"), c.samordningsforbund))
        if c.insatsagare:
            rows.append((self.t("r_agare"), c.insatsagare))
        if c.kommuner:
            rows.append((self.t("r_kommuner"), ", ".join(c.kommuner)))
        rows.append((self.t("r_insatsperiod"), f"{c.insatsperiod.start} – {c.insatsperiod.slut}"))
        meta = "".join(f"<tr><td>{html.escape(k)}</td><td>{html.escape(str(v))}</td></tr>" for k, v in rows)
        self._html(f"{_CSS}<h1>{html.escape(c.insats)}</h1><p><b>{kind} {html.escape(period.label)}</b></p>"
                   f"<table class='et-meta'>{meta}</table>")

    def section(self, key: str) -> bool:
        """Show a section heading when its data is there; ``False`` means: leave the section out."""
        table = _SECTIONS[key]
        if table is not None and not self.insats.has(table):
            return False
        self._html(f"<h2>{html.escape(self.t('h_' + key))}</h2>")
        return True

    def note(self, text: str) -> None:
        self._html(f"<p class='et-note'>{html.escape(text)}</p>")

    # -- tables ----------------------------------------------------------------------------------
    def publish(self, name: str, result: pd.DataFrame | None = None) -> Published | None:
        """The published (masked, formatted) table ``name`` without showing it; ``None`` when the
        report has nothing in it. ``result`` replaces the computed table first (see :meth:`use`)."""
        if result is not None:
            self.use(name, result)
        return self.published.get(name)

    def table(self, name: str, result: pd.DataFrame | None = None, *,
              note: str | None = None) -> Published | None:
        """Show the published table ``name`` and write ``tabeller/<name>.csv``. A table the report
        has nothing in (e.g. no income sources given) is left out, and so is its figure."""
        published = self.publish(name, result)
        if published is None:
            return None
        self._published[name] = published
        if name in _NOTES:
            note = " ".join(n for n in (_NOTES[name](self, published), note) if n) or None
        if self.output is not None:
            write_csv(published.csv, self.output / "tabeller" / f"{name}.csv")
        self._html(self._table_html(published, note))
        return published

    def _table_html(self, published: Published, note: str | None) -> str:
        frame = published.display
        numeric = {c.key for c in TABLES[published.name].columns
                   if c.kind not in ("text", "code", "band", "month", "range")}
        kinds = [c.key in numeric for c in TABLES[published.name].columns]
        headers = "".join(f"<th class='{'num' if num else ''}'>{html.escape(h)}</th>"
                          for h, num in zip(frame.columns, kinds))
        body = "".join("<tr>" + "".join(
            f"<td class='{'num' if num else ''}'>{html.escape(str(v))}</td>" for v, num in zip(row, kinds))
            + "</tr>" for row in frame.itertuples(index=False))
        notes = []
        marks = set(published.marks.to_numpy().ravel()) if published.marks is not None else set()
        legend = []
        if f"<{self.min_count}" in marks:
            legend.append(f"<{self.min_count}: " + self.t("w_maskerad").format(k=self.min_count))
        if MASKED_SECONDARY in marks:
            legend.append(self.t("n_sekundar"))
        if MASKED_DERIVED in marks:
            legend.append(self.t("n_harledd"))
        if legend:
            notes.append("; ".join(legend) + ".")
        if note:
            notes.append(note)
        caption = html.escape(self.t("t_" + published.name))
        foot = "".join(f"<p class='et-note'>{html.escape(n)}</p>" for n in notes)
        return (f"<table class='et-table'><caption>{caption}</caption><thead><tr>{headers}</tr></thead>"
                f"<tbody>{body}</tbody></table>{foot}")

    # -- figures ---------------------------------------------------------------------------------
    def figure(self, name: str, result: pd.DataFrame | None = None, *, table: str | None = None,
               **options: Any) -> None:
        """Draw figure ``name`` from a result table (published by the table spec ``table``, by
        default the table of the same name), show it and write ``figurer/<name>.png`` / ``.svg``."""
        source = table or name
        if result is not None:
            self.use(source, result)
        published = self.published.get(source)
        if published is None:
            return  # nothing to draw
        self._published[source] = published
        self._emit(name, FIGURES[name](self, published, **options))

    def _emit(self, name: str, ax: Any) -> None:
        if ax is None:  # nothing to draw (e.g. no share goals)
            return
        if self.output is not None:
            png = plots.save_figure(ax, self.output / "figurer" / name)
        else:
            png = plots.figure_png(ax)
        title = ax.get_title(loc="left") or name
        encoded = base64.b64encode(png).decode("ascii")
        width = int.from_bytes(png[16:20], "big") * 96 // 200  # savefig.dpi 200 shown at 96 per inch
        self._html(f"<figure class='et-figure'><img alt='{html.escape(title)}' width='{width}' "
                   f"src='data:image/png;base64,{encoded}'/></figure>")

    def baseline_figures(self) -> None:
        """The kartläggning figures: one for all ja/nej questions, one per other question
        (``figurer/kartlaggning_<fråga>``). Publish the ``kartlaggning`` table first."""
        p = self.published.get("kartlaggning")
        if p is None:  # nothing answered: no table, no figures
            return
        given = p.values.groupby("fraga", sort=False)["svar"].agg(lambda s: set(s))
        yes_no = [q for q, a in given.items() if a <= {"ja", "nej"}]
        if yes_no:
            self._emit("kartlaggning_ja", yes_share(self, p, yes_no))
        for question in given.index:
            if question not in yes_no:
                self._emit(f"kartlaggning_{question_slug(question)}", answers(self, p, question=question))

    # -- the end ---------------------------------------------------------------------------------
    def data_quality(self) -> None:
        """The data-quality section: rows left out (counted by file and reason), warnings about rows
        that are counted but look wrong (a kommun that insats.yaml does not list), missing values."""
        log = self.insats.kvalitet
        if len(log):
            self.table("datakvalitet", quality_summary(log, self.language), note=self.t("n_radnummer"))
        else:
            self.note(self.t("n_inga_utelamnade"))
        warnings = kommun_warnings(self.config, {"deltagare": self.insats.deltagare,
                                                 "ekonomi": self.insats.ekonomi})
        for warning in quality_summary(warnings, self.language).itertuples(index=False):
            # rows of deltagare are persons: a small count is masked like any published count
            rows = (fmt_masked(self.min_count) if 0 < warning.rader < self.min_count
                    else fmt_int(warning.rader, self.language))
            self.note(self.t("n_varning").format(fil=warning.fil, orsak=warning.orsak, rader=rows))
        self.table("saknade_uppgifter", self._missing())
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
        """Write ``nyckeltal.json`` and ``datakvalitet.csv``; return the key figures."""
        figures = key_figures(self.insats, masked_cells=self.masked_cells,
                              secondary_cells=self.secondary_cells)
        if self.output is not None:
            self.output.mkdir(parents=True, exist_ok=True)
            (self.output / "nyckeltal.json").write_text(dumps(figures), encoding="utf-8")
            write_csv(quality_rows(self.insats.kvalitet, self.language), self.output / "datakvalitet.csv")
        return figures


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
