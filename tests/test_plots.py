"""Figures: drawn from result tables, masked bars say why they are missing, files are stable."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from evaltools import plots


def texts(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.texts] + [t.get_text() for t in ax.figure.texts]


def test_bar_chart_labels_counts_and_shares_and_masks():
    values = pd.DataFrame({"antal": [10.0, math.nan, 0.0], "andel": [10 / 13, math.nan, 0.0]})
    ax = plots.bar_chart(values, categories=["Kvinnor", "Män", "Annat"], title="Deltagare per kön",
                         masked=[False, True, False], min_count=3)
    shown = texts(ax)
    assert "10 (77\u00a0%)" in shown
    assert "<3" in shown
    assert "<3: färre än 3" in shown  # the note explains the mark
    top_down = sorted(zip(ax.get_yticks(), (t.get_text() for t in ax.get_yticklabels())), reverse=True)
    assert [name for _, name in top_down] == ["Kvinnor", "Män", "Annat"]  # table order, top to bottom
    assert ax.get_title(loc="left") == "Deltagare per kön"


def test_goal_chart_marks_target_and_interval():
    values = pd.DataFrame({"varde": [75 / 156], "malvarde": [0.5], "ki_lag": [0.4038], "ki_hog": [0.5587],
                           "uppnatt": [False]})
    ax = plots.goal_chart(values, names=["Arbete eller studier"], title="Måluppfyllelse")
    assert any("48\u00a0%" in t and "mål 50\u00a0%: ej uppnått" in t for t in texts(ax))
    assert ax.get_xticklabels()[2].get_text() == "50\u00a0%"


def test_rate_chart_draws_goal_line_and_n():
    values = pd.DataFrame({"andel": [0.81, 0.85], "ki_lag": [0.72, math.nan], "ki_hog": [0.88, math.nan],
                           "deltagare": [44, 16]})
    ax = plots.rate_chart(values, groups=["16–24 år", "25–29 år"], title="Närvaro", target=0.8)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["16–24 år\n(n = 44)", "25–29 år\n(n = 16)"]
    assert any(line.get_ydata()[0] == 0.8 for line in ax.get_lines())
    assert ax.get_legend().get_texts()[0].get_text() == "Mål 80\u00a0%"


def test_english_labels():
    values = pd.DataFrame({"antal": [1360.0], "andel": [0.5]})
    ax = plots.bar_chart(values, categories=["Women"], title="By gender", language="en")
    assert "1,360 (50%)" in texts(ax)
    assert ax.get_xlabel() == "Number of participants"


def test_progression_chart_segments_add_up():
    values = pd.DataFrame({"deltagare": [20], "forbattrad": [8], "oforandrad": [10], "forsamrad": [2]})
    masked = pd.DataFrame({"forbattrad": [False], "oforandrad": [False], "forsamrad": [True]})
    values = values.astype(float).assign(forsamrad=math.nan)
    ax = plots.progression_chart(values, indicators=["Motivation"], title="Förändring", masked=masked)
    widths = sorted(round(p.get_width(), 6) for p in ax.patches)
    assert widths == [0.0, 0.4, 0.5]  # the masked segment is not drawn
    assert "<3" in texts(ax)


def test_figures_are_byte_identical_and_undated(tmp_path):
    values = pd.DataFrame({"antal": [3.0, 5.0], "andel": [0.375, 0.625]})

    def draw(stem):
        ax = plots.bar_chart(values, categories=["a", "b"], title="T")
        return plots.save_figure(ax, tmp_path / stem)

    first, second = draw("one"), draw("two")
    assert first == second
    assert (tmp_path / "one.svg").read_bytes() == (tmp_path / "two.svg").read_bytes()
    svg = (tmp_path / "one.svg").read_text()
    assert "<dc:date>" not in svg
    assert (tmp_path / "one.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plots_do_not_touch_global_matplotlib_state():
    import matplotlib

    before = dict(matplotlib.rcParams)
    plots.bar_chart(pd.DataFrame({"antal": [1.0], "andel": [1.0]}), categories=["a"], title="T")
    assert dict(matplotlib.rcParams) == before


def test_radar_chart_closes_the_ring():
    values = pd.DataFrame({"forsta_medel": [4.0, 5.0, 6.0], "senaste_medel": [5.0, 5.5, 6.0]})
    ax = plots.radar_chart(values, indicators=["A", "B", "C"], scale=(1, 10), title="R")
    line = ax.get_lines()[0]
    assert np.allclose(line.get_ydata()[[0, -1]], [4.0, 4.0])
