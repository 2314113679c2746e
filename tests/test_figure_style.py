"""Issue 9, the machine-checkable half: every figure of the example report, and of the example cut to
ten participants (many cells masked), read as a board reads it in print.

* shares run on exactly 0–100 %, and every numeric axis ends on its ticks, in steps of 1, 2 or 5
  times a power of ten;
* text on a bar (or on its own patch) has a WCAG contrast of at least 4.5:1;
* neighbouring bar styles differ in grey: by hatching, or by lightness (ΔL* ≥ 12);
* figures with a goal draw it as a dark dashed line with its label (``Mål 80 %``);
* every figure has its alt text, one sentence;
* the same input gives the same PNG and SVG bytes.

The visual half is the contact sheet (``make kontaktark``): colour, grey and deuteranopia side by side.
"""

from __future__ import annotations

import importlib.util
import math
import re
from pathlib import Path

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.patches import Rectangle
from matplotlib.projections.polar import PolarAxes
from matplotlib.text import Text

import evaltools as et
from evaltools import plots
from evaltools.figures import FIGURES, figure_source, yes_share
from evaltools.report import Report

_SHEET = Path(__file__).parent / "visual" / "kontaktark.py"


def _cut_example(participants: int) -> Path:
    spec = importlib.util.spec_from_file_location("kontaktark", _SHEET)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.cut_example(et.example_dir(), participants)


def _figures(folder: Path) -> dict[str, Axes]:
    report = Report(et.load_insats(folder), None, show=False)
    out = {}
    for name, draw in FIGURES.items():
        p = report.published.get(figure_source(name))
        ax = draw(report, p) if p is not None else None
        if ax is not None:
            out[name] = ax
    p = report.published["kartlaggning"]
    given = p.values.groupby("fraga", sort=False)["svar"].agg(set)
    out["kartlaggning_ja"] = yes_share(report, p, [q for q, a in given.items() if a <= {"ja", "nej"}])
    return out


@pytest.fixture(scope="module")
def example() -> dict[str, Axes]:
    return _figures(et.example_dir())


@pytest.fixture(scope="module")
def masked() -> dict[str, Axes]:
    return _figures(_cut_example(10))


#: figures with a goal line in the example (its goals: 40 % outcome, 80 % attendance, …)
WITH_GOAL = {"maluppfyllelse", "mal_per_kon", "mal_per_aldersgrupp", "narvaro_per_kon", "narvaro_per_aldersgrupp",
             "narvaro_per_manad", "narvaro_fordelning"}
#: axes on a category scale drawn with numbers (change −3 … +4 per rating step): ends off the ticks
CATEGORY_STEPS = {("progression_forandring", "x")}


def test_the_example_draws_every_figure(example, masked):
    missing = {"mal_per_kommun", "narvaro_per_kommun", "narvaro_skillnad_kommun", "deltagare_per_kommun",
               "ekonomi_per_kommun"}  # the example has one kommun: no split by kommun
    assert set(example) == set(FIGURES) - missing | {"kartlaggning_ja"}
    assert set(masked) >= set(example) - {"progression_radar"}


def _number(text: str) -> float | None:
    cleaned = (text.replace("\u2212", "-").replace("\u00a0", "").replace("\u202f", "").replace("%", "")
               .replace("+", "").replace(",", ".").strip())
    try:
        return float(cleaned)
    except ValueError:
        return None


def _proportional(ticks: list[float], values: list[float]) -> bool:
    """Labels that are the ticks in some unit (``80 %`` at 0.8, ``1 500`` tkr at 1 500 000), not
    categories that happen to be numbers (the years 2023, 2024 at 0, 1)."""
    ratios = {round(v / t, 6) for t, v in zip(ticks, values) if t}
    return len(ratios) == 1 and all(v == 0 for t, v in zip(ticks, values) if not t)


def _numeric_axes(ax: Axes):
    """``(name, axis, tick values)`` of each Axes of the figure whose tick labels are all numbers."""
    for axes in ax.figure.axes:
        if isinstance(axes, PolarAxes):
            continue
        for name, axis, limits in (("x", axes.xaxis, axes.get_xlim()), ("y", axes.yaxis, axes.get_ylim())):
            shown = [(loc, t.get_text()) for loc, t in zip(axis.get_majorticklocs(), axis.get_ticklabels())
                     if t.get_text()]
            labels = [t for _, t in shown]
            values = [_number(t) for t in labels]
            if len(values) >= 2 and all(v is not None for v in values) and _proportional(
                    [loc for loc, _ in shown], values):
                yield axes, name, axis, limits, labels


@pytest.mark.parametrize("which", ["example", "masked"])
def test_axes_are_honest(which, request):
    for figure, ax in request.getfixturevalue(which).items():
        for axes, name, axis, limits, labels in _numeric_axes(ax):
            ticks = [t for t in axis.get_majorticklocs() if limits[0] - 1e-9 <= t <= limits[1] + 1e-9]
            steps = np.diff(ticks)
            assert np.allclose(steps, steps[0]), (figure, name, ticks)
            mantissa = steps[0] / 10 ** math.floor(math.log10(steps[0]))
            assert min(abs(mantissa - m) for m in (1, 2, 5, 10)) < 1e-6, (figure, name, ticks)
            if any(label.endswith("%") for label in labels):  # a share: exactly 0–100 %
                assert limits == (0.0, 1.0), (figure, name, limits)
            elif (figure, name) not in CATEGORY_STEPS:  # the axis ends on its ticks
                assert limits[0] == pytest.approx(ticks[0]) and limits[1] == pytest.approx(ticks[-1]), (
                    figure, name, limits, ticks)


def _background(text: Text, patches: list[Rectangle], renderer) -> str | tuple:
    """What a text is read against: its own patch, the bar under its centre, or the white page."""
    box = text.get_bbox_patch()
    if box is not None:
        return box.get_facecolor()
    extent = text.get_window_extent(renderer)
    centre = ((extent.x0 + extent.x1) / 2, (extent.y0 + extent.y1) / 2)
    under = [p for p in patches if p.get_window_extent(renderer).contains(*centre)]
    return under[-1].get_facecolor() if under else "white"


@pytest.mark.parametrize("which", ["example", "masked"])
def test_text_contrast_is_at_least_4_5(which, request):
    for figure, ax in request.getfixturevalue(which).items():
        with plots.style():
            renderer = FigureCanvasAgg(ax.figure).get_renderer()
            ax.figure.draw(renderer)
        for axes in ax.figure.axes:
            bars = sorted((p for p in axes.patches if isinstance(p, Rectangle) and p.get_fill()
                           and p.get_facecolor()[3] == 1), key=lambda p: p.get_zorder())
            for text in axes.texts:
                if not text.get_text().strip() or not text.get_visible():
                    continue
                ratio = plots.contrast(text.get_color(), _background(text, bars, renderer))
                assert ratio >= 4.5, (figure, text.get_text(), ratio)


def _lightness(color) -> float:
    return 116 * plots.luminance(color) ** (1 / 3) - 16  # CIE L*


@pytest.mark.parametrize("which", ["example", "masked"])
def test_bar_styles_differ_in_grey(which, request):
    for figure, ax in request.getfixturevalue(which).items():
        for axes in ax.figure.axes:
            styles = {(tuple(np.round(p.get_facecolor(), 3)), p.get_hatch() or "") for p in axes.patches
                      if isinstance(p, Rectangle) and p.get_fill() and p.get_width() > 0 and p.get_height() > 0
                      and p.get_facecolor()[3] == 1 and p.get_facecolor()[:3] != (1, 1, 1)}
            for a in styles:
                for b in styles:
                    if a[0] != b[0] and a[1] == b[1]:  # two colours without hatching to tell them apart
                        assert abs(_lightness(a[0]) - _lightness(b[0])) >= 12, (figure, a, b)


@pytest.mark.parametrize("which", ["example", "masked"])
def test_goals_are_dark_dashed_and_labelled(which, request):
    for figure, ax in request.getfixturevalue(which).items():
        lines = [line for axes in ax.figure.axes for line in axes.get_lines() if line.get_gid() == "goal"]
        if figure in WITH_GOAL:
            assert lines, figure
        for line in lines:
            assert line.get_linestyle() == "--" and plots.luminance(line.get_color()) < 0.02, figure
            assert re.fullmatch(r"Mål \d+(\u00a0%)?", line.get_label()), line.get_label()
            labels = [t.get_text() for axes in ax.figure.axes for t in axes.texts if t.get_gid() == "goal_label"]
            assert line.get_label() in labels, figure


@pytest.mark.parametrize("which", ["example", "masked"])
def test_every_figure_has_one_sentence_of_alt_text(which, request):
    for figure, ax in request.getfixturevalue(which).items():
        alt = ax.alt_text
        assert alt.endswith(".") and len(alt) > len(ax.get_title(loc="left")), (figure, alt)
        assert not re.search(r"\.\s+[A-ZÅÄÖ]", alt), (figure, alt)  # one sentence
        assert "<" not in alt  # a masked count is said in words


def test_masked_counts_are_said_in_words(masked):
    assert "färre än 3" in masked["utfall"].alt_text


def test_same_figures_same_bytes(example, tmp_path):
    again = _figures(et.example_dir())
    for name, ax in example.items():
        first = plots.save_figure(ax, tmp_path / "a" / name)
        second = plots.save_figure(again[name], tmp_path / "b" / name)
        assert first == second, name
        assert (tmp_path / "a" / f"{name}.svg").read_bytes() == (tmp_path / "b" / f"{name}.svg").read_bytes(), name
