"""Figures: drawn from result tables, masked bars say why they are missing, files are stable."""

from __future__ import annotations

import math

import numpy as np
import pytest
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.text import Text

from evaltools import plots
from evaltools.formatting import fmt_percent


def texts(ax: Axes) -> list[str]:
    """Every text drawn in the Axes and on its figure (the note on masked cells is the figure's)."""
    return [t.get_text() for t in ax.texts] + [t.get_text() for t in ax.figure.texts] + [
        a.get_text() for a in ax.figure.artists if isinstance(a, Text)]


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
    assert f"1,360 ({fmt_percent(0.5, 0, 'en')})" in texts(ax)
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
    values = pd.DataFrame({"antal": [3.0, 5.0, math.nan], "andel": [0.375, 0.625, math.nan]})

    def draw(stem):  # with a masked bar: the note under the figure is placed at drawing time
        ax = plots.bar_chart(values, categories=["a", "b", "c"], title="T", marks=["", "", "X"])
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


# ------------------------------------------------------------------------------ edge data


def errorbar_arms(ax: Axes) -> list[np.ndarray]:
    """The segments of every interval whisker drawn (one per errorbar call)."""
    from matplotlib.container import ErrorbarContainer

    return [np.asarray(c.lines[2][0].get_segments()) for c in ax.containers
            if isinstance(c, ErrorbarContainer) and c.lines[2] and len(c.lines[2][0].get_segments())]


def test_goal_met_by_all_does_not_crash_and_its_interval_ends_at_the_estimate():
    # a real report crashed here: Wilson's upper end of 10 of 10 came out as 0.9999999999999999
    low, high = 0.7224598312333834, 0.9999999999999999
    values = pd.DataFrame({"varde": [1.0, 0.0], "malvarde": [0.5, 0.5], "ki_lag": [low, 0.0],
                           "ki_hog": [high, 0.2775], "uppnatt": [True, False]})
    ax = plots.goal_chart(values, names=["Alla", "Ingen"], title="Mål")
    (all_met,), (none_met,) = errorbar_arms(ax)
    assert all_met[1][0] == 1.0  # the upper arm clipped to the estimate, not below it
    assert none_met[0][0] == 0.0
    plots.figure_png(ax)


def test_rate_chart_interval_a_hair_inside_the_estimate_does_not_crash():
    values = pd.DataFrame({"andel": [1.0, 0.0], "ki_lag": [1.0 + 1e-16, 0.0],
                           "ki_hog": [1.0 - 1e-16, 1e-16], "deltagare": [12, 12]})
    ax = plots.rate_chart(values, groups=["a", "b"], title="Närvaro")
    arms = errorbar_arms(ax)
    assert len(arms) == 2 and all((np.diff(a[0][:, 1]) >= 0).all() for a in arms)
    plots.figure_png(ax)


def test_a_masked_bar_shows_its_mark_not_a_person_count_and_never_its_length():
    # the values hold the true numbers: the plot must not draw them (and never say "<3" of occasions)
    values = pd.DataFrame({"tillfallen": [227.0, 21.0, 278.0], "andel": [0.43, 0.04, 0.53]})
    masked = pd.DataFrame({"tillfallen": [False, True, False], "andel": [False, True, False]})
    marks = pd.DataFrame({"tillfallen": ["", "X", ""], "andel": ["", "–", ""]})
    ax = plots.bar_chart(values, categories=["Sjukdom", "Vård av barn", "Psykisk ohälsa"], title="Frånvaro",
                         count="tillfallen", masked=masked, marks=marks, xlabel="Frånvarotillfällen")
    assert [p.get_width() for p in ax.containers[0]] == [227.0, 0.0, 278.0]
    shown = texts(ax)
    assert "X" in shown and "<3" not in shown and not any("21" in t for t in shown)
    assert any(t.startswith("X: ") for t in shown)  # the note explains the mark shown
    assert not any(t.startswith("<3") for t in shown)


def test_masked_rate_has_no_bar_interval_or_share_and_n_keeps_its_own_mark():
    values = pd.DataFrame({"andel": [0.9, 0.5], "ki_lag": [0.8, 0.3], "ki_hog": [0.95, 0.7],
                           "deltagare": [40.0, 2.0]})
    masked = pd.DataFrame({"andel": [False, True], "ki_lag": [False, True], "ki_hog": [False, True],
                           "deltagare": [False, True]})
    marks = pd.DataFrame({"andel": ["", "–"], "ki_lag": ["", "–"], "ki_hog": ["", "–"],
                          "deltagare": ["", "<3"]})
    ax = plots.rate_chart(values, groups=["a", "b"], title="Närvaro", masked=masked, marks=marks)
    assert [p.get_height() for p in ax.containers[0]] == [0.9, 0.0]
    assert len(errorbar_arms(ax)) == 1
    assert "50\u00a0%" not in texts(ax) and "–" in texts(ax)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a\n(n = 40)", "b\n(n = <3)"]


def test_goal_without_denominator_says_n_0_not_0_percent():
    values = pd.DataFrame({"varde": [math.nan], "malvarde": [0.5], "ki_lag": [math.nan],
                           "ki_hog": [math.nan], "uppnatt": [False], "namnare": [0]})
    ax = plots.goal_chart(values, names=["Arbete"], title="Mål", masked=[False])
    shown = " ".join(texts(ax))
    assert "n = 0" in shown and "0\u00a0%" not in shown.replace("50\u00a0%", "")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Mål"]  # no interval drawn, none named


def test_progression_with_its_n_masked_draws_nothing_but_marks():
    values = pd.DataFrame({"deltagare": [20.0, 2.0], "forbattrad": [8.0, 1.0], "oforandrad": [10.0, 1.0],
                           "forsamrad": [2.0, 0.0]})
    masked = pd.DataFrame({"deltagare": [False, True], "forbattrad": [False, True],
                           "oforandrad": [True, True], "forsamrad": [True, True]})
    marks = pd.DataFrame({"deltagare": ["", "<3"], "forbattrad": ["", "X"], "oforandrad": ["X", "X"],
                          "forsamrad": ["<3", "X"]})
    ax = plots.progression_chart(values, indicators=["Motivation", "Hälsa"], title="Förändring",
                                 masked=masked, marks=marks)
    worse, same, better = (list(c) for c in ax.containers)
    assert [p.get_width() for p in worse + same] == [0.0] * 4
    assert better[0].get_width() == 0.4 and better[0].get_x() == pytest.approx(0.6)  # in its place
    assert better[1].get_width() == 0.0
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Motivation (n = 20)", "Hälsa (n = <3)"]
    assert sorted(texts(ax)).count("X") == 4


def test_progression_with_no_ratings_draws_empty_bars_with_n_0():
    values = pd.DataFrame({"deltagare": [0], "forbattrad": [0], "oforandrad": [0], "forsamrad": [0]})
    ax = plots.progression_chart(values, indicators=["Motivation"], title="Förändring")
    assert all(p.get_width() == 0 for p in ax.patches)
    assert ax.get_yticklabels()[0].get_text() == "Motivation (n = 0)"


def test_one_month_of_attendance_and_a_masked_month():
    one = pd.DataFrame({"manad": [pd.Timestamp("2024-03-01")], "andel": [0.8], "i_perioden": [True]})
    ax = plots.monthly_rate_chart(one, title="Per månad")
    assert ax.get_xlim() == (-0.5, 0.5)
    two = pd.concat([one, one.assign(manad=pd.Timestamp("2024-04-01"), andel=0.1)], ignore_index=True)
    ax = plots.monthly_rate_chart(two, title="Per månad", masked=[False, True], marks=["", "–"])
    assert np.isnan(ax.get_lines()[0].get_ydata()[1])
    assert "–" in texts(ax)


def test_a_group_without_a_forecast_gets_no_forecast_outline():
    values = pd.DataFrame({"beviljat": [100.0, 100.0], "utfall": [50.0, 60.0], "prognos": [90.0, math.nan]})
    ax = plots.grouped_bar_chart(values, groups=["2023", "2024"], series=[("beviljat", "B"), ("utfall", "U")],
                                 markers=("prognos", "P"), title="Ekonomi", kind="kronor")
    outlines = [p for p in ax.patches if not p.get_fill()]
    assert [p.get_height() for p in outlines] == [90.0]


def test_every_cell_masked():
    values = pd.DataFrame({"antal": [math.nan] * 3, "andel": [math.nan] * 3})
    ax = plots.bar_chart(values, categories=["a", "b", "c"], title="T", marks=["<3", "X", "X"],
                         masked=[True] * 3)
    assert [p.get_width() for p in ax.containers[0]] == [0.0] * 3
    assert ax.get_xlim() == (0.0, 1.25)
    plots.figure_png(ax)
