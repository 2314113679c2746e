"""Figures drawn from result tables only; no statistics are computed here.

Every function takes a result table whose masked cells are NaN (see :mod:`evaltools.publish`), plus
the mask and the marks (what a masked cell shows: ``<3``, ``X``, ``–``) where a masked value must say
why it is missing; it accepts ``ax=None`` and returns the Axes. A masked value is never drawn: its
bar has no length, it gets no interval and no share, only its mark; the drawing does not depend on
what a masked cell holds. Figures are :class:`matplotlib.figure.Figure` objects (no pyplot state),
drawn in the packaged style (``evaltools/evaltools.mplstyle``), so that the same input gives the
same PNG and SVG bytes.

``masked`` is a frame of booleans shaped like ``values`` (or, for the column a figure plots, a
sequence; by default the NaN cells of that column) and ``marks`` the matching frame of texts (by
default ``<k`` for every masked cell).

What a board reads in print (issue 9): shares on exactly 0–100 %, ticks in steps of 1, 2 or 5 times
a power of ten, kronor in one unit (kr, tkr or mnkr) in the axis label, ticks and labels alike,
series told apart without colour (lightness and hatching, markers and line styles, direct labels),
goal lines dark and dashed with their own label, text on a bar at a contrast of at least 4.5:1.

Modules: :mod:`.base` (style, palette, axes, goal lines, notes, files), :mod:`.bars`, :mod:`.goals`
(goals, goal per group, differences between groups), :mod:`.time` (per month, Kaplan–Meier),
:mod:`.progression`, :mod:`.background` (figure files drawn while the report goes on).
"""

from .background import FigureFiles, default_workers
from .bars import bar_chart, distribution_chart, grouped_bar_chart, paired_bar_chart, rate_chart, share_chart
from .base import (BLUE, GREEN, GREY, INK, LIGHT, LIGHT_GREY, ORANGE, PURPLE, RED, SERIES, SKY, STYLE, TEXT,
                   VERMILION, contrast, figure_png, hatch_color, luminance, money_unit, nice_ticks, save_figure,
                   style, text_on, wrap)
from .goals import difference_chart, goal_chart, group_share_chart
from .progression import DIRECTIONS, change_distribution_chart, dot_change_chart, progression_chart, radar_chart
from .time import monthly_rate_chart, survival_chart

__all__ = ["style", "bar_chart", "share_chart", "paired_bar_chart", "grouped_bar_chart", "rate_chart",
           "distribution_chart", "goal_chart", "group_share_chart", "difference_chart", "monthly_rate_chart",
           "survival_chart", "progression_chart", "radar_chart", "dot_change_chart", "change_distribution_chart",
           "save_figure", "figure_png", "FigureFiles", "default_workers", "wrap", "contrast", "luminance", "text_on", "hatch_color", "nice_ticks",
           "money_unit", "STYLE", "SERIES", "DIRECTIONS", "BLUE", "SKY", "ORANGE", "VERMILION", "GREEN", "PURPLE",
           "GREY", "LIGHT_GREY", "INK", "TEXT", "RED", "LIGHT"]
