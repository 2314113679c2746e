"""Property tests of the report's figures: every figure drawn from random valid result tables.

Each strategy draws a result table as the evaluation function would return it (the column contracts of
the docstrings in participants.py, outcomes.py, attendance.py, progression.py, baseline.py and
economy.py), with the edges that real reports hit: zero counts, n of n and 0 of n, a single row, no
rows, every cell masked, a goal with no denominator, no ratings, one month of attendance, masking off
(``min_count`` 0), missing intervals. The table is published with :func:`evaltools.publish.publish`
and drawn by the figure's drawer with a real :class:`~evaltools.report.Report` on the bundled example.

What must hold for every table:

* the drawer returns an Axes, or ``None`` only when there is nothing to draw, and the figure renders;
* no masked value is drawn: masked bars have no length, and the drawing is the same whatever a masked
  cell holds (drawn once from the published values and once with the true values put back);
* shown values are drawn as they are, and a mark says ``<k`` only where the table says ``<k``.

``FIGURE_EXAMPLES=500 pytest tests/test_figures_property.py`` searches more widely (and at random);
by default the examples are fixed so that CI is repeatable.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import os
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import Collection
from matplotlib.container import BarContainer, ErrorbarContainer
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation, Text

import evaltools as et
from evaltools import plots
from evaltools.duration import kaplan_meier
from evaltools.figures import FIGURES, answers, figure_source, yes_share
from evaltools.outcomes import sus_group_counts
from evaltools.participants import POPULATIONS
from evaltools.publish import Published, publish
from evaltools.report import Report
from evaltools.stats import wilson_interval
from evaltools.vocabulary import ABSENCE_REASONS, GENDERS, INCOME_SOURCES, REFERRERS

EXAMPLES = int(os.environ.get("FIGURE_EXAMPLES", "30"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None,
                    derandomize="FIGURE_EXAMPLES" not in os.environ,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def example_report() -> Report:
    return Report(et.load_insats(et.example_dir()), None, show=False)


# ------------------------------------------------------------------------------ result tables

#: mostly the small counts masking is about, sometimes larger ones
counts = st.one_of(st.integers(0, 4), st.integers(0, 60))
min_counts = st.sampled_from([0, 1, 3, 5])


def _share(part: float, whole: float) -> float:
    return part / whole if whole else math.nan


@st.composite
def intervals(draw: st.DrawFn, estimate: float) -> tuple[float, float]:
    """No interval, an ordinary one, or one whose ends lie a hair on the wrong side of the estimate
    (as Wilson's upper end of n of n does: 0.9999999999999999)."""
    if math.isnan(estimate):
        return math.nan, math.nan
    kind = draw(st.sampled_from(["none", "plain", "hair"]))
    if kind == "none":
        return math.nan, math.nan
    if kind == "hair":
        return float(np.nextafter(estimate, 2.0)), float(np.nextafter(estimate, -1.0))
    below, above = draw(st.floats(0, 0.3)), draw(st.floats(0, 0.3))
    return max(0.0, estimate - below), min(1.0, estimate + above)


def flow() -> st.SearchStrategy[pd.DataFrame]:
    @st.composite
    def build(draw: st.DrawFn) -> pd.DataFrame:
        ended, ongoing = draw(counts), draw(counts)
        ended_now = draw(st.integers(0, ended))
        new = draw(st.integers(0, ended_now + ongoing))
        sizes = {"totalt": ended + ongoing, "aktiva_under_perioden": ended_now + ongoing,
                 "nya_under_perioden": new, "avslutade_under_perioden": ended_now,
                 "avslutade_totalt": ended, "pagaende_vid_periodens_slut": ongoing}
        return pd.DataFrame({"population": list(POPULATIONS), "antal": [sizes[p] for p in POPULATIONS]})
    return build()


def split(groups: tuple[str, ...]) -> st.SearchStrategy[pd.DataFrame]:
    """``split_counts``: ``grupp``, ``antal``, ``andel`` (NaN when the population is empty)."""
    @st.composite
    def build(draw: st.DrawFn) -> pd.DataFrame:
        sizes = draw(st.lists(counts, min_size=0, max_size=len(groups)))
        total = sum(sizes)
        return pd.DataFrame({"grupp": list(groups[:len(sizes)]), "antal": sizes,
                             "andel": [_share(s, total) for s in sizes]})
    return build()


def income() -> st.SearchStrategy[pd.DataFrame]:
    """``income_change``: each compared person has one source at start and one at exit."""
    @st.composite
    def build(draw: st.DrawFn) -> pd.DataFrame:
        sources = draw(st.lists(st.sampled_from(INCOME_SOURCES), min_size=1, max_size=4, unique=True))
        people = draw(st.lists(st.tuples(st.sampled_from(sources), st.sampled_from(sources)), max_size=25))
        before = pd.Series([a for a, _ in people], dtype=object).value_counts()
        after = pd.Series([b for _, b in people], dtype=object).value_counts()
        rows = [{"forsorjning": s, "fore": int(before.get(s, 0)), "efter": int(after.get(s, 0)),
                 "namnare": len(people)} for s in INCOME_SOURCES if before.get(s, 0) or after.get(s, 0)]
        return pd.DataFrame(rows, columns=["forsorjning", "fore", "efter", "namnare"])
    return build()


def outcomes(config: Any) -> st.SearchStrategy[pd.DataFrame]:
    """``outcome_counts``: every code of the insats, zeros included."""
    codes = list(config.outcome_codes)

    @st.composite
    def build(draw: st.DrawFn) -> pd.DataFrame:
        sizes = draw(st.lists(st.one_of(st.just(0), counts), min_size=len(codes), max_size=len(codes)))
        total = sum(sizes)
        return pd.DataFrame({"utfall": codes, "sus_grupp": [config.sus_group(c) for c in codes],
                             "antal": sizes, "andel": [_share(s, total) for s in sizes]})
    return build()


def goals() -> st.SearchStrategy[pd.DataFrame]:
    """``goal_attainment``: share goals with Wilson intervals (n of n, 0 of n, n = 0), attendance
    goals, hand-entered counts. Share goals over the same population share its denominator."""
    @st.composite
    def goal(draw: st.DrawFn, sizes: dict[str, int]) -> dict:
        kind = draw(st.sampled_from(["utfall", "andel", "narvaro", "antal"]))
        target = draw(st.sampled_from([0.0, 0.4, 0.5, 0.9, 1.0]))
        if kind in ("utfall", "andel"):
            population = draw(st.sampled_from(["avslutade", "alla"]))
            n = sizes[population]
            hits = draw(st.sampled_from([0, n, n // 2]) | st.integers(0, n))
            low, high = wilson_interval(hits, n)
            if n and draw(st.booleans()):  # ends a hair on the wrong side, as 10 of 10 once came out
                low, high = float(np.nextafter(low, 2.0 if hits == 0 else low)), float(
                    np.nextafter(high, -1.0 if hits == n else high))
            row = {"taljare": hits, "namnare": n, "varde": _share(hits, n), "ki_lag": low, "ki_hog": high,
                   "population": population, "metod": "Wilson 95 %",
                   "saknas": draw(st.integers(0, n)) if kind == "andel" else math.nan}
        elif kind == "narvaro":
            planned = float(sizes["planerade"])
            attended = float(draw(st.integers(0, int(planned))))
            rate = _share(attended, planned)
            low, high = draw(intervals(rate))
            row = {"taljare": attended, "namnare": planned, "varde": rate, "ki_lag": low, "ki_hog": high,
                   "population": "narvarotillfallen", "metod": "GEE", "saknas": math.nan}
        else:
            target = float(draw(st.integers(0, 40)))
            row = {"taljare": math.nan, "namnare": math.nan, "varde": float(draw(st.integers(0, 60))),
                   "ki_lag": math.nan, "ki_hog": math.nan, "population": "handrakning",
                   "metod": "uppgift i insats.yaml", "saknas": math.nan}
        value = row["varde"]
        return {"typ": kind, "malvarde": target, "uppnatt": bool(not math.isnan(value) and value >= target),
                **row}

    @st.composite
    def build(draw: st.DrawFn) -> pd.DataFrame:
        ended = draw(counts)
        sizes = {"avslutade": ended, "alla": ended + draw(counts), "planerade": draw(st.integers(0, 300))}
        rows = draw(st.lists(goal(sizes), min_size=1, max_size=4))
        columns = ["namn", "typ", "taljare", "namnare", "varde", "malvarde", "uppnatt", "ki_lag", "ki_hog",
                   "population", "saknas", "metod"]
        return pd.DataFrame([{"namn": f"Mål {i + 1}", **r} for i, r in enumerate(rows)], columns=columns)
    return build()


def rates(groups: tuple[str, ...]) -> st.SearchStrategy[pd.DataFrame]:
    """``attendance_rate``: groups with participants, planned and attended occasions, an interval."""
    @st.composite
    def row(draw: st.DrawFn, group: str) -> dict:
        people = draw(st.integers(0, 20))
        planned = float(draw(st.integers(people, 8 * people + 1))) if people else 0.0
        attended = float(draw(st.integers(0, int(planned))))
        rate = _share(attended, planned)
        low, high = draw(intervals(rate))
        return {"grupp": group, "deltagare": people, "planerade": planned, "narvarande": attended,
                "andel": rate, "ki_lag": low, "ki_hog": high, "metod": "GEE"}

    @st.composite
    def build(draw: st.DrawFn) -> pd.DataFrame:
        chosen = draw(st.lists(st.sampled_from(groups), max_size=len(groups), unique=True))
        return pd.DataFrame([draw(row(g)) for g in chosen],
                            columns=["grupp", "deltagare", "planerade", "narvarande", "andel", "ki_lag",
                                     "ki_hog", "metod"])
    return build()


def months(period_start: str) -> st.SearchStrategy[pd.DataFrame]:
    """``attendance_by_month``: consecutive months, some before the report period, some in it."""
    start = pd.Timestamp(period_start).to_period("M").to_timestamp()

    @st.composite
    def build(draw: st.DrawFn) -> pd.DataFrame:
        n = draw(st.sampled_from([0, 1, 1, 2]) | st.integers(0, 30))
        first = start - pd.DateOffset(months=draw(st.integers(0, 18)))
        rows = []
        for i in range(n):
            people = draw(st.integers(1, 20))
            planned = float(draw(st.integers(0, 10 * people)))
            attended = float(draw(st.integers(0, int(planned))))
            month = first + pd.DateOffset(months=i)
            rows.append({"manad": month, "deltagare": people, "planerade": planned, "narvarande": attended,
                         "andel": _share(attended, planned), "i_perioden": month >= start})
        return pd.DataFrame(rows, columns=["manad", "deltagare", "planerade", "narvarande", "andel",
                                           "i_perioden"])
    return build()


def distribution() -> st.SearchStrategy[pd.DataFrame]:
    """``attendance_distribution``: five bands of attendance rates."""
    bounds = [0.0, 0.5, 0.7, 0.8, 0.9, 1.0]

    @st.composite
    def build(draw: st.DrawFn) -> pd.DataFrame:
        sizes = draw(st.lists(counts, min_size=5, max_size=5))
        return pd.DataFrame({"lag": bounds[:-1], "hog": bounds[1:], "deltagare": sizes,
                             "andel": [_share(s, sum(sizes)) for s in sizes]})
    return build()


def reasons() -> st.SearchStrategy[pd.DataFrame]:
    """``absence_reasons``: reasons with absence, occasions (at least one per participant)."""
    @st.composite
    def build(draw: st.DrawFn) -> pd.DataFrame:
        chosen = [r for r in ABSENCE_REASONS if draw(st.booleans())]
        people = [draw(st.integers(1, 12)) for _ in chosen]
        occasions = [float(p + draw(st.integers(0, 60))) for p in people]
        total = sum(occasions)
        return pd.DataFrame({"orsak": chosen, "tillfallen": occasions, "deltagare": people,
                             "andel": [o / total for o in occasions]},
                            columns=["orsak", "tillfallen", "deltagare", "andel"])
    return build()


def progression(scale: tuple[float, float]) -> st.SearchStrategy[pd.DataFrame]:
    """``progression_summary``: improved, unchanged, worse per indicator, means on the scale."""
    names = ["Hälsa och hantering av hälsa", "Motivation", "Sociala färdigheter", "Vardagsstruktur",
             "Arbetsförmåga"]
    mean = st.floats(scale[0], scale[1])

    @st.composite
    def build(draw: st.DrawFn) -> pd.DataFrame:
        rows = []
        for name in names[:draw(st.integers(0, len(names)))]:
            up, same, down = draw(st.one_of(st.just(0), counts)), draw(counts), draw(counts)
            n = up + same + down
            first, latest = (draw(mean), draw(mean)) if n else (math.nan, math.nan)
            p = draw(st.one_of(st.just(math.nan), st.floats(0, 1))) if n else math.nan
            rows.append({"indikator": name, "deltagare": n, "forbattrad": up, "oforandrad": same,
                         "forsamrad": down, "medelforandring": latest - first, "forsta_medel": first,
                         "senaste_medel": latest, "p_varde": p, "p_justerat": p,
                         "metod": "teckentest"})
        return pd.DataFrame(rows, columns=["indikator", "deltagare", "forbattrad", "oforandrad", "forsamrad",
                                           "medelforandring", "forsta_medel", "senaste_medel", "p_varde",
                                           "p_justerat", "metod"])
    return build()


def economy() -> st.SearchStrategy[pd.DataFrame]:
    """``economy_summary``: granted against costs, a forecast for some groups."""
    @st.composite
    def build(draw: st.DrawFn) -> pd.DataFrame:
        rows = []
        for group in ["2023", "2024", "Tierp", "saknas"][:draw(st.integers(0, 4))]:
            granted = float(draw(st.integers(0, 2000)) * 1000)
            spent = float(draw(st.integers(0, 2000)) * 1000)
            forecast = draw(st.one_of(st.just(math.nan), st.integers(0, 2500).map(lambda v: v * 1000.0)))
            rows.append({"grupp": group, "beviljat": granted, "utfall": spent, "prognos": forecast,
                         "forbrukningsgrad": _share(spent, granted), "kvar": granted - spent})
        return pd.DataFrame(rows, columns=["grupp", "beviljat", "utfall", "prognos", "forbrukningsgrad", "kvar"])
    return build()


def baseline() -> st.SearchStrategy[pd.DataFrame]:
    """``baseline_answers``: yes/no questions (only ja, only nej, both) and category questions."""
    categories = ["grundskola", "gymnasium", "eftergymnasial"]

    @st.composite
    def build(draw: st.DrawFn) -> pd.DataFrame:
        rows = []
        for q in range(draw(st.integers(1, 4))):
            options = draw(st.sampled_from([["ja"], ["nej"], ["ja", "nej"], categories[:1], categories]))
            given = [(a, draw(st.integers(1, 30) | st.integers(1, 3))) for a in options if draw(st.booleans())]
            if not given:
                continue  # a question nobody answered has no rows
            answered = sum(c for _, c in given)
            missing = draw(st.integers(0, 10))
            for answer, c in given:
                rows.append({"fraga": f"Fråga {q + 1}", "svar": answer, "svar_text": answer.capitalize(),
                             "antal": c, "besvarade": answered, "andel": c / answered,
                             "ej_besvarade": missing})
        return pd.DataFrame(rows, columns=["fraga", "svar", "svar_text", "antal", "besvarade", "andel",
                                           "ej_besvarade"])
    return build()


def group_shares(groups: tuple[str, ...]) -> st.SearchStrategy[pd.DataFrame]:
    """``share_by_group`` / ``goal_by_group``: a share per group, Wilson intervals, the difference to
    the reference group where both have ten or more, ``for_fa`` below, ``okand_grupp`` for missing."""
    @st.composite
    def build(draw: st.DrawFn) -> pd.DataFrame:
        chosen = draw(st.lists(st.sampled_from(groups), min_size=0, max_size=len(groups), unique=True))
        rows = []
        for group in chosen:
            n = draw(st.integers(1, 30) | st.integers(1, 4))
            k = draw(st.sampled_from([0, n]) | st.integers(0, n))
            low, high = wilson_interval(k, n)
            rows.append({"grupp": group, "taljare": k, "namnare": n, "andel": k / n, "ki_lag": low, "ki_hog": high})
        reference = next((r for r in rows if r["grupp"] != "saknas"), None)
        for r in rows:
            r.update(referens=reference["grupp"] if reference else None, skillnad=math.nan,
                     skillnad_ki_lag=math.nan, skillnad_ki_hog=math.nan, metod="Wilson 95 %")
            if r["grupp"] == "saknas":
                r["status"] = "okand_grupp"
            elif r is reference:
                r["status"] = "referens"
            elif r["namnare"] < 10 or reference["namnare"] < 10:
                r["status"] = "for_fa"
            else:
                d = r["andel"] - reference["andel"]
                r.update(status="jamford", skillnad=d, skillnad_ki_lag=max(-1.0, d - draw(st.floats(0, 0.4))),
                         skillnad_ki_hog=min(1.0, d + draw(st.floats(0, 0.4))))
        return pd.DataFrame(rows, columns=["grupp", "referens", "taljare", "namnare", "andel", "ki_lag", "ki_hog",
                                           "skillnad", "skillnad_ki_lag", "skillnad_ki_hog", "status", "metod"])
    return build()


def rate_differences(groups: tuple[str, ...]) -> st.SearchStrategy[pd.DataFrame]:
    """``attendance_difference``: rates per group and the difference to the reference group."""
    @st.composite
    def build(draw: st.DrawFn) -> pd.DataFrame:
        base = draw(rates(groups))
        base = base.loc[base["deltagare"] > 0].reset_index(drop=True)
        reference = next((g for g in base["grupp"] if g != "saknas"), None)
        at_ref = base.loc[base["grupp"] == reference]
        out = base.assign(referens=reference, skillnad=math.nan, skillnad_ki_lag=math.nan, skillnad_ki_hog=math.nan,
                          status="")
        for i, row in out.iterrows():
            if row["grupp"] == "saknas":
                status = "okand_grupp"
            elif row["grupp"] == reference:
                status = "referens"
            elif row["deltagare"] < 10 or at_ref["deltagare"].iloc[0] < 10:
                status = "for_fa"
            elif row["andel"] in (0.0, 1.0) or at_ref["andel"].iloc[0] in (0.0, 1.0):
                status = "andel_0_eller_1"
            else:
                d = row["andel"] - at_ref["andel"].iloc[0]
                out.loc[i, ["skillnad", "skillnad_ki_lag", "skillnad_ki_hog"]] = [
                    d, d - draw(st.floats(0, 0.3)), d + draw(st.floats(0, 0.3))]
                status = "jamford"
            out.loc[i, "status"] = status
        return out[["grupp", "referens", "deltagare", "planerade", "narvarande", "andel", "ki_lag", "ki_hog",
                    "skillnad", "skillnad_ki_lag", "skillnad_ki_hog", "status", "metod"]]
    return build()


def survival() -> st.SearchStrategy[pd.DataFrame]:
    """``survival_curve``: the Kaplan–Meier steps of random follow-up, ended or still enrolled (made by
    :func:`evaltools.duration.kaplan_meier` itself, so that the steps are what the report draws)."""
    @st.composite
    def build(draw: st.DrawFn) -> pd.DataFrame:
        people = draw(st.lists(st.tuples(st.integers(0, 500), st.booleans()), min_size=0, max_size=40))
        days = np.array([d for d, _ in people], dtype=float)
        ended = np.array([e for _, e in people], dtype=bool)
        curve = kaplan_meier(days, ended)["kurva"].assign(grupp="alla")
        return curve[["grupp", "dagar", "andel_kvar", "ki_lag", "ki_hog", "i_risk", "avslutade"]]
    return build()


def changes() -> st.SearchStrategy[pd.DataFrame]:
    """``change_distribution``: every whole change from the smallest to the largest seen, per indicator."""
    names = ["Hälsa och hantering av hälsa", "Motivation", "Vardagsstruktur"]

    @st.composite
    def build(draw: st.DrawFn) -> pd.DataFrame:
        low, high = draw(st.integers(-3, 0)), draw(st.integers(0, 4))
        rows = []
        for name in names[:draw(st.integers(0, len(names)))]:
            sizes = [draw(counts) for _ in range(low, high + 1)]
            total = sum(sizes)
            for step, size in zip(range(low, high + 1), sizes):
                rows.append({"indikator": name, "forandring": float(step),
                             "riktning": "forbattrad" if step > 0 else "forsamrad" if step < 0 else "oforandrad",
                             "deltagare": size, "andel": _share(size, total)})
        return pd.DataFrame(rows, columns=["indikator", "forandring", "riktning", "deltagare", "andel"])
    return build()


def strategies(report: Report) -> dict[str, tuple[str, st.SearchStrategy[pd.DataFrame]]]:
    """For each figure of :data:`FIGURES`: the table it is published from and its strategy."""
    config = report.config
    kon, bands = GENDERS + ("saknas",), (*config.band_labels, "30-", "okand", "saknas")
    kommuner = ("Tierp", "Östhammar", "Älvkarleby", "saknas")
    table = {
        "deltagarflode": flow(),
        "deltagare_per_kon": split(kon),
        "deltagare_per_aldersgrupp": split(bands),
        "deltagare_per_kommun": split(kommuner),
        "deltagare_per_anvisare": split(REFERRERS + ("saknas",)),
        "forsorjning": income(),
        "utfall": outcomes(config),
        "utfall_sus": outcomes(config).map(sus_group_counts),
        "maluppfyllelse": goals(),
        "narvaro_per_aldersgrupp": rates(bands),
        "narvaro_per_kon": rates(kon),
        "narvaro_per_kommun": rates(kommuner),
        "narvaro_per_manad": months(config.period.start),
        "narvaro_fordelning": distribution(),
        "franvaro_orsaker": reasons(),
        "progression": progression(config.progression.skala),
        "ekonomi_per_period": economy(),
        "ekonomi_per_kommun": economy(),
        "ekonomi_per_post": economy(),
        "mal_per_kon": group_shares(kon),
        "mal_per_aldersgrupp": group_shares(bands),
        "mal_per_kommun": group_shares(kommuner),
        "narvaro_skillnad_kon": rate_differences(kon),
        "narvaro_skillnad_aldersgrupp": rate_differences(bands),
        "narvaro_skillnad_kommun": rate_differences(kommuner),
        "tid_i_insatsen_kurva": survival(),
        "progression_forandring": changes(),
    }
    return {name: (figure_source(name), table[figure_source(name)]) for name in FIGURES}


def test_every_figure_has_a_strategy(example_report):
    assert set(strategies(example_report)) == set(FIGURES)


# ------------------------------------------------------------------------------ what is drawn

def _norm(value: Any) -> Any:
    """Artist properties as comparable plain values (NaN equal to NaN, floats to 9 digits)."""
    if isinstance(value, str) or value is None:
        return value
    array = np.asarray(value, dtype=object)
    if array.ndim == 0:
        try:
            number = float(value)
        except (TypeError, ValueError):
            return repr(value)
        return "nan" if math.isnan(number) else round(number, 9)
    return tuple(_norm(v) for v in array.tolist())


def _describe(artist: Any) -> tuple:
    kind = type(artist).__name__
    if isinstance(artist, Annotation):
        return kind, artist.get_text(), _norm(artist.xy), _norm(artist.xyann)
    if isinstance(artist, Text):
        return kind, artist.get_text(), _norm(artist.get_position())
    if isinstance(artist, Rectangle):
        return kind, _norm(artist.get_xy()), _norm(artist.get_width()), _norm(artist.get_height()), \
            _norm(artist.get_facecolor()), artist.get_fill()
    if isinstance(artist, Line2D):
        return kind, _norm(artist.get_xdata()), _norm(artist.get_ydata())
    if isinstance(artist, Collection):
        return kind, tuple(_norm(p.vertices) for p in artist.get_paths()), _norm(artist.get_offsets())
    if isinstance(artist, Legend):
        return kind, tuple(t.get_text() for t in artist.get_texts())
    return (kind,)


def fingerprint(ax: Axes) -> list:
    """Everything a figure draws: texts, bars, lines, intervals, ticks, limits, legends, notes."""
    figure = ax.figure
    out: list = []
    for axes in figure.axes:
        out += [_describe(a) for a in axes.get_children()]
        out += [("xlim", _norm(axes.get_xlim())), ("ylim", _norm(axes.get_ylim())),
                ("xticks", _norm(axes.get_xticks()), tuple(t.get_text() for t in axes.get_xticklabels())),
                ("yticks", _norm(axes.get_yticks()), tuple(t.get_text() for t in axes.get_yticklabels()))]
    out += [_describe(a) for a in [*figure.texts, *figure.artists]]
    return out


def all_texts(ax: Axes) -> list[str]:
    figure = ax.figure
    found = [t.get_text() for axes in figure.axes for t in axes.texts]
    found += [t.get_text() for t in figure.texts]
    found += [a.get_text() for a in figure.artists if isinstance(a, Text)]
    found += [t.get_text() for axes in figure.axes for t in axes.get_yticklabels() + axes.get_xticklabels()]
    return found


def bars(ax: Axes) -> list[BarContainer]:
    return [c for c in ax.containers if isinstance(c, BarContainer)]


def whiskers(ax: Axes) -> int:
    return sum(1 for c in ax.containers if isinstance(c, ErrorbarContainer) and c.lines[2]
               and len(c.lines[2][0].get_segments()))


def shown(p: Published, column: str) -> np.ndarray:
    return pd.to_numeric(p.values[column], errors="coerce").where(~p.mask[column]).to_numpy(dtype=float)


# what each figure draws, checked against the published table: masked bars are 0, shown bars their value

def _check_counts(column: str, keep: Callable[[Published], np.ndarray] | None = None):
    def check(ax: Axes, p: Published) -> None:
        rows = keep(p) if keep else np.ones(len(p.values), dtype=bool)
        widths = [r.get_width() for r in bars(ax)[0]]
        assert widths == pytest.approx(list(np.nan_to_num(shown(p, column))[rows]), nan_ok=True)
        for mark in p.marks[column].to_numpy()[rows & p.mask[column].to_numpy()]:
            assert mark in all_texts(ax)
    return check


def _check_distribution(ax: Axes, p: Published) -> None:
    heights = [r.get_height() for r in bars(ax)[0]]
    assert heights == pytest.approx(list(np.nan_to_num(shown(p, "deltagare"))))
    for mark in p.marks["deltagare"].to_numpy()[p.mask["deltagare"].to_numpy()]:
        assert mark in all_texts(ax)
    goal = [line for line in ax.get_lines() if line.get_gid() == "goal"]
    assert [line.get_xdata()[0] for line in goal] == [pytest.approx(2.5)]  # 80 %: between 70–80 and 80–90


def _outcome_rows(p: Published) -> np.ndarray:
    return (p.mask["antal"] | (p.values["antal"].fillna(0) > 0)).to_numpy()


def _check_goals(ax: Axes, p: Published) -> None:
    # share goals on the first Axes (0–100 %), count goals (typ antal) under them on their own scale
    counted = (p.values["typ"] == "antal").to_numpy()
    order = np.concatenate([np.flatnonzero(~counted), np.flatnonzero(counted)])
    panels = ax.figure.axes
    widths = [c[0].get_width() for a in panels for c in bars(a)]
    assert widths == pytest.approx(list(np.nan_to_num(shown(p, "varde"))[order]))
    intervals_shown = (np.isfinite(shown(p, "varde")) & np.isfinite(shown(p, "ki_lag"))
                       & np.isfinite(shown(p, "ki_hog")))
    assert sum(whiskers(a) for a in panels) == intervals_shown.sum()
    stated = [t.get_text() for a in panels for t in a.texts if "uppnått" in t.get_text()]
    said = np.isfinite(shown(p, "varde")) & ~p.mask["uppnatt"].to_numpy()
    assert len(stated) == said.sum()
    assert all(a.get_xlim()[0] == 0 for a in panels)
    if (~counted).any():
        assert panels[0].get_xlim() == (0.0, 1.0)


def _check_rates(ax: Axes, p: Published) -> None:
    heights = [r.get_height() for r in bars(ax)[0]]
    assert heights == pytest.approx(list(np.nan_to_num(shown(p, "andel"))))
    intervals_shown = (np.isfinite(shown(p, "andel")) & np.isfinite(shown(p, "ki_lag"))
                       & np.isfinite(shown(p, "ki_hog")))
    assert whiskers(ax) == intervals_shown.sum()
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    for tick, hidden, mark in zip(ticks, p.mask["deltagare"], p.marks["deltagare"]):
        assert tick.endswith(f"= {mark})") if hidden else "<" not in tick.split("\n")[-1]
    assert ax.get_ylim() == (0.0, 1.0)


def _check_months(ax: Axes, p: Published) -> None:
    # the axis runs from the first month (or the report period's start) to the period's end, every month
    start, end = pd.Timestamp("2024-01-01"), pd.Timestamp("2024-06-01")  # the example's period: 2024-H1
    months = pd.to_datetime(p.values["manad"])
    first, end = min(months.min(), start), max(months.max(), end)
    span = (end.year - first.year) * 12 + end.month - first.month + 1
    line = next(line for line in ax.get_lines() if len(line.get_xdata()) == span)
    at = [(m.year - first.year) * 12 + m.month - first.month for m in months]
    assert _norm(line.get_ydata()[at]) == _norm(shown(p, "andel"))
    assert ax.get_xlim() == (-0.5, span - 0.5) and ax.get_ylim() == (0.0, 1.0)
    greyed = [patch for patch in ax.patches if patch.get_width() == 1.0]  # a masked month greyed out
    assert len(greyed) == int(p.mask["andel"].sum())
    bracket = [t for t in ax.texts if t.get_text() == "Rapportperiod"]
    assert len(bracket) == int(months.min() < start)  # marked only when the axis starts before it


def _check_income(ax: Axes, p: Published) -> None:
    for container, column in zip(bars(ax), ("fore", "efter")):
        assert [r.get_width() for r in container] == pytest.approx(list(np.nan_to_num(shown(p, column))))


def _check_progression(ax: Axes, p: Published) -> None:
    total = shown(p, "deltagare")
    for container, column in zip(bars(ax), ("forsamrad", "oforandrad", "forbattrad")):
        part = shown(p, column)
        known = np.isfinite(total) & (total > 0) & np.isfinite(part)
        expected = np.where(known, part / np.where(known, total, 1), 0.0)
        assert [r.get_width() for r in container] == pytest.approx(list(expected))


def _check_radar(ax: Axes, p: Published) -> None:
    first = ax.get_lines()[0].get_ydata()[:-1]
    means = ~p.mask[["forsta_medel", "senaste_medel"]].any(axis=1) & p.values["forsta_medel"].notna()
    assert _norm(first) == _norm(p.values.loc[means, "forsta_medel"].to_numpy(dtype=float))


def _check_money(ax: Axes, p: Published) -> None:
    granted, spent = bars(ax)[:2]
    assert [r.get_height() for r in granted] == pytest.approx(list(p.values["beviljat"]))
    assert [r.get_height() for r in spent] == pytest.approx(list(p.values["utfall"]))


def _points(ax: Axes, *, hollow: bool | None = None) -> list[float]:
    """The x of every single-point marker drawn (dots of a forest or dot plot), top to bottom."""
    found = [(line.get_ydata()[0], line.get_xdata()[0]) for line in ax.get_lines()
             if len(line.get_xdata()) == 1 and line.get_marker() in ("o", "D")
             and (hollow is None or (line.get_markerfacecolor() == "white") == hollow)]
    return [x for _, x in sorted(found, reverse=True)]


def _check_group_shares(ax: Axes, p: Published) -> None:
    shares = shown(p, "andel")
    descriptive = (p.values["status"] == "for_fa").to_numpy()
    assert _norm(_points(ax, hollow=False)) == _norm(shares[np.isfinite(shares) & ~descriptive])
    assert _norm(_points(ax, hollow=True)) == _norm(shares[np.isfinite(shares) & descriptive])
    intervals_shown = np.isfinite(shares) & ~descriptive & np.isfinite(shown(p, "ki_lag")) & np.isfinite(
        shown(p, "ki_hog"))
    assert whiskers(ax) == intervals_shown.sum()
    assert ax.get_xlim() == (0.0, 1.0)


def _check_differences(ax: Axes, p: Published) -> None:
    diffs = shown(p, "skillnad")
    compared = np.isfinite(diffs) & (p.values["status"] != "referens").to_numpy()
    assert _norm(_points(ax, hollow=False)) == _norm(diffs[compared])
    assert whiskers(ax) == (compared & np.isfinite(shown(p, "skillnad_ki_lag"))
                            & np.isfinite(shown(p, "skillnad_ki_hog"))).sum()
    low, high = ax.get_xlim()
    assert low == pytest.approx(-high) and low < 0


def _check_survival(ax: Axes, p: Published) -> None:
    gone = (p.mask["i_risk"] | p.mask["dagar"] | p.mask["andel_kvar"]).to_numpy()
    stop = int(np.argmax(gone)) if gone.any() else len(p.values)
    steps = [line for line in ax.get_lines() if line.get_drawstyle() == "steps-post"]
    if stop == 0:
        assert not steps
        return
    (step,) = steps
    assert _norm(step.get_xdata()) == _norm(shown(p, "dagar")[:stop])
    assert _norm(step.get_ydata()) == _norm(shown(p, "andel_kvar")[:stop])
    assert ax.get_ylim() == (0.0, 1.0) and ax.get_xlim()[0] == 0


def _check_changes(ax: Axes, p: Published) -> None:
    counts = shown(p, "deltagare")
    drawn = sorted(round(r.get_height(), 9) for r in ax.patches if r.get_height() > 0)
    positive = counts[np.isfinite(counts) & (counts > 0)]
    assert drawn == sorted(round(0.62 * v / positive.max(), 9) for v in positive) if len(positive) else not drawn


def _check_dots(ax: Axes, p: Published) -> None:
    means = ~(p.mask["forsta_medel"] | p.mask["senaste_medel"]).to_numpy() & p.values["forsta_medel"].notna().to_numpy()
    first = p.values.loc[means, "forsta_medel"].to_numpy(dtype=float)
    latest = p.values.loc[means, "senaste_medel"].to_numpy(dtype=float)
    assert _norm(_points(ax, hollow=True)) == _norm(first)
    assert _norm(_points(ax, hollow=False)) == _norm(latest)


CHECKS: dict[str, Callable[[Axes, Published], None]] = {
    "deltagarflode": _check_counts("antal"),
    "deltagare_per_kon": _check_counts("antal"),
    "deltagare_per_aldersgrupp": _check_counts("antal"),
    "deltagare_per_kommun": _check_counts("antal"),
    "deltagare_per_anvisare": _check_counts("antal"),
    "forsorjning": _check_income,
    "utfall": _check_counts("antal", _outcome_rows),
    "utfall_sus": _check_counts("antal"),
    "maluppfyllelse": _check_goals,
    "narvaro_per_aldersgrupp": _check_rates,
    "narvaro_per_kon": _check_rates,
    "narvaro_per_kommun": _check_rates,
    "narvaro_per_manad": _check_months,
    "narvaro_fordelning": _check_distribution,
    "franvaro_orsaker": _check_counts("tillfallen"),
    "progression": _check_progression,
    "progression_radar": _check_radar,
    "ekonomi_per_period": _check_money,
    "ekonomi_per_kommun": _check_money,
    "ekonomi_per_post": _check_money,
    "mal_per_kon": _check_group_shares,
    "mal_per_aldersgrupp": _check_group_shares,
    "mal_per_kommun": _check_group_shares,
    "narvaro_skillnad_kon": _check_differences,
    "narvaro_skillnad_aldersgrupp": _check_differences,
    "narvaro_skillnad_kommun": _check_differences,
    "tid_i_insatsen": _check_survival,
    "progression_forandring": _check_changes,
    "progression_punkter": _check_dots,
}

#: when a drawer may draw nothing: the column whose shown zeros leave nothing to draw
NOTHING: dict[str, str] = {
    "deltagarflode": "antal", "deltagare_per_kon": "antal", "deltagare_per_aldersgrupp": "antal",
    "deltagare_per_kommun": "antal", "deltagare_per_anvisare": "antal", "utfall": "antal",
    "utfall_sus": "antal", "narvaro_fordelning": "deltagare", "franvaro_orsaker": "tillfallen",
    "progression": "deltagare", "progression_punkter": "deltagare", "progression_forandring": "deltagare",
}


def may_be_empty(name: str, p: Published) -> bool:
    """May the figure ``name`` be left out for this table?"""
    if p.values.empty:
        return True
    if name == "progression_radar":
        return True  # a spider needs three indicators with means
    column = NOTHING.get(name)
    return column is not None and not p.mask[column].any() and bool((p.values[column] == 0).all())


def unmasked(p: Published, result: pd.DataFrame) -> Published:
    """The same published table with every masked cell holding its true value again."""
    return dataclasses.replace(p, values=result.reset_index(drop=True).astype(p.values.dtypes.to_dict(),
                                                                             errors="ignore"))


def lay_out(ax: Axes) -> Any:
    """Lay out every artist as saving does (a full PNG is slow: the edges below save one); returns
    the figure's tight bounding box."""
    with plots.style():
        return ax.figure.get_tightbbox(FigureCanvasAgg(ax.figure).get_renderer())


def draw_checked(report: Report, name: str, draw: Callable[[Published], Any], p: Published,
                 result: pd.DataFrame, check: Callable[[Axes, Published], None] | None) -> Axes | None:
    """Draw, lay out, and check that nothing masked is drawn; returns the Axes (or None)."""
    ax = draw(p)
    assert ax is None or isinstance(ax, Axes), type(ax)
    if ax is None:
        return None
    try:
        drawn = fingerprint(ax)  # before layout, which moves titles: compared with a figure not laid out
        box = lay_out(ax)
        assert np.isfinite(box.bounds).all() and box.width > 0 and box.height > 0
        if check is not None:
            check(ax, p)
        # the marks' meaning: "<k" is said only where the table masks a count of persons as "<k"
        persons = {m for m in p.marks.to_numpy().ravel() if m.startswith("<")}
        mark = f"<{report.min_count}"
        if mark not in persons:
            for text in all_texts(ax):
                assert mark != text and not text.startswith(f"{mark}:") and f"= {mark})" not in text, text
        for text in all_texts(ax):  # no n of fewer persons than the threshold, wherever it is said
            for n in re.findall(r"\b(?:n|Besvarade) = (\d[\d\u00a0\u202f]*)", text.replace(":", " =")):
                assert not 0 < int(re.sub(r"\D", "", n)) < report.min_count, text
        alt = getattr(ax, "alt_text", "")  # one sentence from the numbers, for the HTML alt and Word
        assert alt and alt.endswith(".") and not re.search(r"\bnan\b", alt.lower()), alt
        if p.mask.to_numpy().any():  # whatever a masked cell holds, the figure is the same
            again = draw(unmasked(p, result))
            try:
                assert fingerprint(again) == drawn
                assert again.alt_text == alt  # and its alt text says nothing of a masked value
            finally:
                again.figure.clear()
    finally:
        ax.figure.clear()
    return ax


def report_with(example_report: Report, min_count: int) -> Report:
    report = copy.copy(example_report)
    report.min_count = min_count
    return report


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figure_never_crashes_and_never_draws_a_masked_value(example_report, name):
    table, strategy = strategies(example_report)[name]

    @SETTINGS
    @given(result=strategy, k=min_counts)
    def run(result: pd.DataFrame, k: int) -> None:
        report = report_with(example_report, k)
        p = publish(table, result, min_count=k)
        ax = draw_checked(report, name, lambda q: FIGURES[name](report, q), p, result, CHECKS[name])
        if ax is None:
            assert may_be_empty(name, p), f"{name} drew nothing from a table with something to show"

    run()


def _yes_no(p: Published) -> list[str]:
    given = p.values.groupby("fraga", sort=False)["svar"].agg(set)
    return [q for q, a in given.items() if a <= {"ja", "nej"}]


def _check_yes_share(ax: Axes, p: Published) -> None:
    questions = _yes_no(p)
    widths = [r.get_width() for r in bars(ax)[0]]
    assert len(widths) == len(questions)
    for width, question in zip(widths, questions):
        rows = (p.values["fraga"] == question) & (p.values["svar"] == "ja")
        if rows.any():
            expected = np.nan_to_num(shown(p, "andel")[rows.to_numpy()][0])
        else:
            expected = 0.0  # nobody answered ja: 0 %, not left out
        assert width == pytest.approx(expected)


@SETTINGS
@given(result=baseline(), k=min_counts)
def test_baseline_figures_never_crash_and_never_draw_a_masked_share(example_report, result, k):
    report = report_with(example_report, k)
    p = publish("kartlaggning", result, min_count=k)
    if p.values.empty:
        return
    questions = _yes_no(p)
    if questions:
        ax = draw_checked(report, "kartlaggning_ja", lambda q: yes_share(report, q, questions), p, result,
                          _check_yes_share)
        assert ax is not None
    for question in pd.unique(p.values["fraga"]):
        if question in questions:
            continue
        rows = (p.values["fraga"] == question).to_numpy()

        def check(ax: Axes, q: Published, rows: np.ndarray = rows) -> None:
            widths = [r.get_width() for r in bars(ax)[0]]
            assert widths == pytest.approx(list(np.nan_to_num(shown(q, "andel"))[rows]))

        ax = draw_checked(report, "kartlaggning", lambda q: answers(report, q, question=question), p, result,
                          check)
        assert ax is not None


# ------------------------------------------------------------------------------ the edges, by name

def _draw(report: Report, name: str, result: pd.DataFrame, k: int = 3) -> Axes | None:
    """Draw a figure through the checks, and save it as the report does."""
    p = publish(figure_source(name), result, min_count=k)
    ax = draw_checked(report, name, lambda q: FIGURES[name](report, q), p, result, CHECKS[name])
    if ax is not None:
        assert plots.figure_png(FIGURES[name](report, p))[:8] == b"\x89PNG\r\n\x1a\n"
    return ax


def test_goal_met_by_every_participant(example_report):
    # rebuilt from a real tertialrapport: 10 of 10 crashed the goal figure ('xerr' negative), its
    # Wilson interval's upper end a hair below 1
    low, high = 0.7224598312333834, 0.9999999999999999
    goals_table = pd.DataFrame([{"namn": "Gemensam planering", "typ": "andel", "taljare": 10, "namnare": 10,
                                 "varde": 1.0, "malvarde": 0.9, "uppnatt": True, "ki_lag": low, "ki_hog": high,
                                 "population": "avslutade", "saknas": 0, "metod": "Wilson 95 %"}])
    assert _draw(example_report, "maluppfyllelse", goals_table) is not None


def test_every_cell_masked_and_a_single_participant(example_report):
    one = pd.DataFrame({"grupp": ["kvinna", "man"], "antal": [1, 0], "andel": [1.0, 0.0]})
    ax = _draw(example_report, "deltagare_per_kon", one)
    assert ax is not None
    flow_of_one = pd.DataFrame({"population": list(POPULATIONS), "antal": [1, 1, 1, 0, 0, 1]})
    assert _draw(example_report, "deltagarflode", flow_of_one) is not None
    income_of_two = pd.DataFrame({"forsorjning": ["lon"], "fore": [2], "efter": [2], "namnare": [2]})
    assert _draw(example_report, "forsorjning", income_of_two) is not None


def test_no_ratings_in_the_period_draws_no_progression(example_report):
    none = pd.DataFrame({"indikator": ["Motivation"], "deltagare": [0], "forbattrad": [0], "oforandrad": [0],
                         "forsamrad": [0], "medelforandring": [math.nan], "forsta_medel": [math.nan],
                         "senaste_medel": [math.nan], "p_varde": [math.nan], "p_justerat": [math.nan],
                         "metod": ["för få"]})
    assert _draw(example_report, "progression", none) is None
    assert _draw(example_report, "progression_radar", none) is None
    assert _draw(example_report, "progression_punkter", none) is None
