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


def goal_lines(ax: Axes) -> list:
    """The goal lines drawn (dark dashed, over a white underlay), as Line2D."""
    return [line for line in ax.get_lines() if line.get_gid() == "goal"]


def test_goal_chart_marks_target_and_interval():
    values = pd.DataFrame({"varde": [75 / 156], "malvarde": [0.5], "ki_lag": [0.4038], "ki_hog": [0.5587],
                           "uppnatt": [False]})
    ax = plots.goal_chart(values, names=["Arbete eller studier"], title="Måluppfyllelse")
    assert "48\u00a0%: ej uppnått" in texts(ax)
    (goal,) = goal_lines(ax)
    assert list(goal.get_xdata()) == [0.5, 0.5] and goal.get_label() == "Mål 50\u00a0%"
    assert "Mål 50\u00a0%" in texts(ax)  # the line carries its own label
    assert goal.get_linestyle() == "--" and plots.luminance(goal.get_color()) < 0.02
    assert ax.get_xlim() == (0.0, 1.0)  # shares on exactly 0–100 %
    assert [t.get_text() for t in ax.get_xticklabels()][:3] == ["0\u00a0%", "20\u00a0%", "40\u00a0%"]
    assert ax.containers[0][0].get_hatch()  # not reached: hatched, so it reads in grey
    assert any("konfidensintervall" in t for t in texts(ax))  # the whisker is explained


def test_goal_chart_draws_count_goals_on_their_own_scale():
    values = pd.DataFrame({"namn": ["Arbete", "Platser"], "typ": ["utfall", "antal"], "varde": [0.41, 27.0],
                           "malvarde": [0.4, 20.0], "ki_lag": [0.27, math.nan], "ki_hog": [0.57, math.nan],
                           "uppnatt": [True, True]})
    ax = plots.goal_chart(values, names=["Arbete", "Platser"], title="Mål")
    shares, counts = ax.figure.axes
    assert shares is ax and shares.get_xlim() == (0.0, 1.0)
    assert [p.get_width() for p in counts.patches if p.get_fill()] == [27.0]
    assert counts.get_xlim()[1] >= 27 and list(goal_lines(counts)[0].get_xdata()) == [20.0, 20.0]
    assert "Mål 20" in texts(counts) and "27: uppnått" in texts(counts)


def test_rate_chart_draws_goal_line_and_n():
    values = pd.DataFrame({"andel": [0.81, 0.85], "ki_lag": [0.72, math.nan], "ki_hog": [0.88, math.nan],
                           "deltagare": [44, 16]})
    ax = plots.rate_chart(values, groups=["16–24 år", "25–29 år"], title="Närvaro", target=0.8)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["16–24 år\n(n = 44)", "25–29 år\n(n = 16)"]
    (goal,) = goal_lines(ax)
    assert list(goal.get_ydata()) == [0.8, 0.8] and "Mål 80\u00a0%" in texts(ax)
    assert ax.get_ylim() == (0.0, 1.0)
    # each rate in its bar, at its foot: under the whisker and the goal line, in a readable colour
    label = next(t for t in ax.texts if t.get_text() == "81\u00a0%")
    assert label.xy == (0, 0) and plots.contrast(label.get_color(), plots.BLUE) >= 4.5


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


def _png_size(png: bytes) -> tuple[int, int]:
    import io

    from PIL import Image

    return Image.open(io.BytesIO(png)).size


def _svg_size_points(path) -> tuple[float, float]:
    import re

    head = path.read_text()[:2000]
    width, height = (float(re.search(rf'{side}="([0-9.]+)pt"', head).group(1)) for side in ("width", "height"))
    return width, height


def test_saved_figure_is_cropped_as_tight_and_png_and_svg_show_the_same_box(tmp_path):
    import io

    values = pd.DataFrame({"antal": [3.0, 5.0], "andel": [0.375, 0.625]})
    ax = plots.bar_chart(values, categories=["en lång kategori till vänster", "b"], title="T", subtitle="under")
    png = plots.save_figure(ax, tmp_path / "f")
    reference = io.BytesIO()  # matplotlib's own tight crop, measured and drawn separately
    with plots.style():
        ax.figure.savefig(reference, format="png", bbox_inches="tight")
    (width, height), (ref_width, ref_height) = _png_size(png), _png_size(reference.getvalue())
    # matplotlib measures text boxes (with their descent), evalutools the ink: a few pixels apart
    assert abs(width - ref_width) <= 20 and abs(height - ref_height) <= 20
    from PIL import Image

    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    ink = np.argwhere(pixels < 255)
    pad = 30  # savefig.pad_inches 0.15 at 200 dpi: white all round, ink right inside it
    assert ink[:, 0].min() == pad and ink[:, 1].min() == pad and ink[:, 0].max() == height - pad - 1
    svg_width, svg_height = _svg_size_points(tmp_path / "f.svg")
    assert svg_width == pytest.approx(width / 200 * 72, abs=0.01)  # savefig.dpi 200; SVG in points
    assert svg_height == pytest.approx(height / 200 * 72, abs=0.01)


def test_content_far_outside_the_figure_is_kept(tmp_path):
    # a label reaching 5 inches left of the Axes: past the room drawn around the figure, so the
    # figure is measured and drawn the usual way, and all of the label is in the file
    values = pd.DataFrame({"antal": [3.0, 5.0], "andel": [0.375, 0.625]})
    ax = plots.bar_chart(values, categories=["a", "b"], title="T")
    ax.annotate("långt ut " * 8, xy=(0, 0.5), xycoords="axes fraction", xytext=(-1.5 * 72, 0),
                textcoords="offset points", ha="right", annotation_clip=False)
    png = plots.save_figure(ax, tmp_path / "f")
    width, _ = _png_size(png)
    assert width > (ax.figure.get_figwidth() + 4) * 200
    assert _svg_size_points(tmp_path / "f.svg")[0] == pytest.approx(width / 200 * 72, abs=0.5)


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
    assert not any("konfidensintervall" in t for t in texts(ax))  # no interval drawn, none explained


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
    (grey,) = [p for p in ax.patches if p.get_x() == 0.5]  # the masked month greyed out
    assert plots.luminance(grey.get_facecolor()) > 0.7


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
    assert ax.get_xlim() == (0.0, 1.0)
    plots.figure_png(ax)


# ------------------------------------------------------------------------------ issue 9: print


def test_nice_ticks_are_1_2_5_times_a_power_of_ten():
    for low, high in [(0, 37), (0, 1_700_000), (-0.19, 0.37), (0, 7), (0, 413), (0, 0.9)]:
        ticks = plots.nice_ticks(low, high)
        step = ticks[1] - ticks[0]
        assert np.allclose(np.diff(ticks), step)
        mantissa = step / 10 ** math.floor(math.log10(step))
        assert min(abs(mantissa - m) for m in (1, 2, 5)) < 1e-9, (low, high, ticks)
        assert ticks[0] <= low and ticks[-1] >= high


def test_contrast_follows_wcag():
    assert plots.contrast("white", "black") == pytest.approx(21.0)
    assert plots.contrast("#777777", "white") == pytest.approx(4.48, abs=0.01)  # WCAG's own example
    for face in (plots.BLUE, plots.SKY, plots.ORANGE, plots.LIGHT_GREY, plots.GREEN, plots.VERMILION):
        assert plots.contrast(plots.text_on(face), face) >= 4.5


def test_money_is_in_one_unit_in_label_ticks_and_bars():
    values = pd.DataFrame({"beviljat": [1_610_000.0, 1_700_000.0], "utfall": [1_437_600.0, 809_800.0],
                           "prognos": [1_437_600.0, 1_662_000.0]})
    ax = plots.grouped_bar_chart(values, groups=["2023", "2024"], series=[("beviljat", "B"), ("utfall", "U")],
                                 markers=("prognos", "P"), title="Ekonomi", kind="kronor")
    assert ax.get_ylabel() == "Tusen kronor (tkr)"
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[:3] == ["0", "500", "1\u00a0000"] and not any("kr" in t for t in ticks)
    shown = texts(ax)
    assert {"1\u00a0610", "1\u00a0438", "810", "1\u00a0662"} <= set(shown)  # bars and the 2024 forecast
    assert shown.count("1\u00a0438") == 1  # a forecast equal to the costs is not written twice
    assert ax.get_ylim()[1] == 2_000_000  # ends at a tick


def test_paired_bars_write_no_zero():
    values = pd.DataFrame({"fore": [14.0, 0.0], "efter": [4.0, 10.0]})
    ax = plots.paired_bar_chart(values, categories=["Försörjningsstöd", "Lön"], pair=("fore", "efter"),
                                names=("Vid start", "Vid avslut"), title="Försörjning")
    assert "0" not in texts(ax) and {"14", "4", "10"} <= set(texts(ax))
    before, after = ax.containers
    assert before[0].get_hatch() and not after[0].get_hatch()  # apart in grey


def test_distribution_labels_bands_and_draws_the_goal_between_them():
    values = pd.DataFrame({"lag": [0.0, 0.5, 0.8], "hog": [0.5, 0.8, 1.0], "deltagare": [4.0, 6.0, 10.0],
                           "andel": [0.2, 0.3, 0.5]})
    ax = plots.distribution_chart(values, bands=["under 50 %", "50 – under 80 %", "80–100 %"], title="Närvaro",
                                  target=(2.0, "Mål 80 %"))
    (goal,) = goal_lines(ax)
    assert list(goal.get_xdata()) == [1.5, 1.5]  # the edge between the second and the third band
    assert [t.get_text() for t in ax.get_xticklabels()] == ["under 50 %", "50 – under 80 %", "80–100 %"]
    assert "10\n(50\u00a0%)" in texts(ax)


def test_progression_segments_are_told_apart_without_colour():
    values = pd.DataFrame({"deltagare": [45.0], "forbattrad": [18.0], "oforandrad": [15.0], "forsamrad": [12.0]})
    ax = plots.progression_chart(values, indicators=["Hälsa"], title="Förändring")
    worse, same, better = (c[0] for c in ax.containers)
    assert worse.get_hatch() and not same.get_hatch() and not better.get_hatch()
    lightness = sorted(plots.luminance(p.get_facecolor()) for p in (same, better))
    assert lightness[1] - lightness[0] > 0.3
    for text in ax.texts:  # white or ink by contrast, on the hatched segment over a patch of its face
        face = text.get_bbox_patch().get_facecolor() if text.get_bbox_patch() else None
        segment = next(p for p in (worse, same, better) if p.get_x() <= text.get_position()[0]
                       <= p.get_x() + p.get_width())
        assert plots.contrast(text.get_color(), face or segment.get_facecolor()) >= 4.5


def test_radar_rings_are_labelled():
    values = pd.DataFrame({"forsta_medel": [4.0, 5.0, 6.0], "senaste_medel": [5.0, 5.5, 6.0]})
    ax = plots.radar_chart(values, indicators=["A", "B", "C"], scale=(1, 10), title="R")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["2", "4", "6", "8", "10"]


def test_dot_change_chart_draws_first_and_latest_on_the_scale():
    values = pd.DataFrame({"deltagare": [45.0, 2.0], "forsta_medel": [5.1, 6.0], "senaste_medel": [5.3, 7.0]})
    masked = pd.DataFrame({"deltagare": [False, True], "forsta_medel": [False, True], "senaste_medel": [False, True]})
    marks = pd.DataFrame({"deltagare": ["", "<3"], "forsta_medel": ["", "–"], "senaste_medel": ["", "–"]})
    ax = plots.dot_change_chart(values, indicators=["Hälsa", "Motivation"], scale=(1, 10), title="P",
                                masked=masked, marks=marks)
    dots = [(line.get_xdata()[0], line.get_ydata()[0]) for line in ax.get_lines() if len(line.get_xdata()) == 1]
    assert dots == [(5.1, 1.0), (5.3, 1.0)]  # nothing drawn for the masked row
    assert ax.get_xlim() == (1.0, 10.0) and "5,1 \u2192 5,3" in texts(ax)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Hälsa (n = 45)", "Motivation (n = <3)"]


def test_survival_curve_stops_before_a_masked_row_and_marks_the_median():
    values = pd.DataFrame({"grupp": ["alla"] * 5, "dagar": [0.0, 50.0, 120.0, 200.0, 300.0],
                           "andel_kvar": [1.0, 0.8, 0.5, 0.3, 0.2], "ki_lag": [1.0, 0.6, 0.3, 0.1, 0.05],
                           "ki_hog": [1.0, 0.95, 0.7, 0.5, 0.4], "i_risk": [10.0, 10.0, 8.0, 5.0, 2.0],
                           "avslutade": [0.0, 2.0, 3.0, 2.0, 1.0]})
    masked = pd.DataFrame(False, index=values.index, columns=values.columns)
    masked.loc[4, ["dagar", "andel_kvar", "ki_lag", "ki_hog", "i_risk", "avslutade"]] = True
    ax = plots.survival_chart(values.where(~masked), title="Kvar", medians=[120.0], masked=masked)
    step = next(line for line in ax.get_lines() if line.get_drawstyle() == "steps-post")
    assert list(step.get_xdata()) == [0.0, 50.0, 120.0, 200.0]  # the masked row is not drawn
    assert ax.get_ylim() == (0.0, 1.0) and ax.get_xlim() == (0.0, 200.0)
    assert "Median 120 dagar" in texts(ax) and "Hälften kvar" in texts(ax)
    assert {"10", "8", "5"} <= set(texts(ax))  # n still followed under the axis
    assert any("Kurvan slutar" in t for t in texts(ax))


def test_group_share_chart_marks_descriptive_groups_and_the_reference():
    values = pd.DataFrame({"grupp": ["kvinna", "man", "annat"], "taljare": [6, 10, 2], "namnare": [17, 22, 5],
                           "andel": [6 / 17, 10 / 22, 0.4], "ki_lag": [0.17, 0.27, 0.12],
                           "ki_hog": [0.59, 0.65, 0.77], "skillnad": [math.nan, 0.1016, math.nan],
                           "skillnad_ki_lag": [math.nan, -0.197, math.nan],
                           "skillnad_ki_hog": [math.nan, 0.370, math.nan],
                           "status": ["referens", "jamford", "for_fa"]})
    ax = plots.group_share_chart(values, groups=["Kvinnor", "Män", "Annat"], title="Målet", target=0.4)
    assert len(errorbar_arms(ax)) == 2  # no interval for the descriptive group
    hollow = [line for line in ax.get_lines() if line.get_marker() == "o" and line.get_markerfacecolor() == "white"]
    assert [line.get_xdata()[0] for line in hollow] == [0.4]
    assert any("referens" in t for t in texts(ax)) and any("+10,2 p.e." in t for t in texts(ax))
    assert list(goal_lines(ax)[0].get_xdata()) == [0.4, 0.4] and ax.get_xlim() == (0.0, 1.0)
    assert [t.get_text() for t in ax.get_yticklabels()][0] == "Kvinnor\n(n = 17)"


def test_difference_chart_centres_on_zero_and_labels_the_reference():
    values = pd.DataFrame({"grupp": ["kvinna", "man", "saknas"], "deltagare": [23, 37, 4],
                           "andel": [0.84, 0.81, 0.7], "ki_lag": [0.65, 0.70, math.nan], "ki_hog": [0.94, 0.89, math.nan],
                           "skillnad": [math.nan, -0.0295, math.nan], "skillnad_ki_lag": [math.nan, -0.193, math.nan],
                           "skillnad_ki_hog": [math.nan, 0.134, math.nan],
                           "status": ["referens", "jamford", "okand_grupp"]})
    ax = plots.difference_chart(values, groups=["Kvinnor", "Män", "Uppgift saknas"], reference="Kvinnor",
                                title="Skillnad")
    low, high = ax.get_xlim()
    assert low == -high and any(line.get_xdata()[0] == 0 for line in ax.get_lines())
    (arms,) = errorbar_arms(ax)
    assert arms[0][:, 0].tolist() == pytest.approx([-0.193, 0.134])
    shown = texts(ax)
    assert "referens" in shown and "uppgift saknas" in shown
    assert ax.get_xlabel() == "Skillnad mot Kvinnor, procentenheter"
    ticks = ax.get_xticks()
    step = ticks[1] - ticks[0]
    assert step / 10 ** math.floor(math.log10(step)) in (1, 2, 5) or math.isclose(
        step / 10 ** math.floor(math.log10(step)), 2) or math.isclose(step / 10 ** math.floor(math.log10(step)), 5)


def test_change_distribution_draws_no_bar_for_a_masked_count():
    values = pd.DataFrame({"indikator": ["A"] * 3 + ["B"] * 3, "forandring": [-1.0, 0.0, 1.0] * 2,
                           "riktning": ["forsamrad", "oforandrad", "forbattrad"] * 2,
                           "deltagare": [math.nan, 15.0, 14.0, 6.0, 22.0, 0.0],
                           "andel": [math.nan, 0.5, 0.47, 0.21, 0.79, 0.0]})
    ax = plots.change_distribution_chart(values, indicators=["A", "B"], title="Ändring",
                                         masked=[True, False, False, False, False, False], marks=["<3"] + [""] * 5)
    heights = sorted(round(p.get_height(), 6) for p in ax.patches if p.get_height() > 0)
    assert heights == sorted(round(0.62 * v / 22, 6) for v in (15, 14, 6, 22))  # one scale for all rows
    assert "<3" in texts(ax) and "0" in texts(ax)
    worse = [p for p in ax.patches if p.get_hatch()]
    assert len(worse) == 1 and worse[0].get_x() == pytest.approx(-1.35)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["\u22121", "0", "+1"]


@pytest.mark.parametrize("shape", [(1, 1), (3, 5), (37, 101)])
def test_png_bytes_are_read_back_by_pillow_as_the_same_pixels_and_resolution(shape):
    """evaltools writes its PNGs itself (unfiltered rows); Pillow, an independent decoder, must read
    back every pixel, RGBA, and the resolution."""
    import io

    from PIL import Image

    from evaltools.plots.base import png_bytes

    pixels = np.random.default_rng(7).integers(0, 256, size=(*shape, 4), dtype=np.uint8)
    image = Image.open(io.BytesIO(png_bytes(pixels, 200)))
    image.load()  # checks every chunk's CRC and the deflated data
    assert image.mode == "RGBA" and image.size == (shape[1], shape[0])
    assert np.array_equal(np.asarray(image), pixels)
    assert image.info["dpi"] == pytest.approx((200, 200), abs=0.01)
