"""The report's figures: each drawer takes the :class:`~evaltools.report.Report` and a published
(masked) table and returns the Axes drawn by :mod:`evaltools.plots`, or ``None`` when there is nothing
to draw (no rows, or nothing but zeros). Drawers choose labels, subtitles and which rows to show; they
compute no statistics and never read a masked value: a masked cell is passed on with its mark from
``p.marks``, so that the figure says ``<3`` only of a count of persons and ``X`` or ``–`` otherwise.

Every drawer gives the Axes an ``alt_text``: one sentence made from the published numbers (a masked
count said as ``färre än 3``), used as the HTML ``alt`` and the Word picture's description.

:data:`FIGURE_SOURCE` says which published table a figure is drawn from when it is not the table of
the same name: ``report.figure("tid_i_insatsen", table="tid_i_insatsen_kurva")``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..vocabulary import fold
from . import basic, stats
from .basic import answers, yes_share

__all__ = ["FIGURES", "FIGURE_SOURCE", "figure_source", "question_slug", "yes_share", "answers"]

FIGURES: dict[str, Callable[..., Any]] = {
    "deltagarflode": basic.flow,
    "deltagare_per_kon": basic.split_figure(),
    "deltagare_per_aldersgrupp": basic.split_figure("band"),
    "deltagare_per_kommun": basic.split_figure("text"),
    "deltagare_per_anvisare": basic.split_figure(),
    "forsorjning": basic.income,
    "utfall": basic.outcomes,
    "utfall_sus": basic.sus,
    "maluppfyllelse": basic.goals,
    "mal_per_kon": stats.goal_by_group(),
    "mal_per_aldersgrupp": stats.goal_by_group("band"),
    "mal_per_kommun": stats.goal_by_group("text"),
    "tid_i_insatsen": stats.time_in_insats,
    "narvaro_per_aldersgrupp": basic.rates("band"),
    "narvaro_per_kon": basic.rates(),
    "narvaro_per_kommun": basic.rates("text"),
    "narvaro_skillnad_kon": stats.attendance_difference(),
    "narvaro_skillnad_aldersgrupp": stats.attendance_difference("band"),
    "narvaro_skillnad_kommun": stats.attendance_difference("text"),
    "narvaro_per_manad": basic.monthly,
    "narvaro_fordelning": basic.distribution,
    "franvaro_orsaker": basic.reasons,
    "progression": basic.progression,
    "progression_radar": basic.radar,
    "progression_punkter": basic.dots,
    "progression_forandring": stats.change_distribution,
    "ekonomi_per_period": basic.money,
    "ekonomi_per_kommun": basic.money,
    "ekonomi_per_post": basic.money,
}

#: the published table a figure is drawn from, where it is not the table of the figure's name
FIGURE_SOURCE: dict[str, str] = {
    "tid_i_insatsen": "tid_i_insatsen_kurva",
    "progression_radar": "progression",
    "progression_punkter": "progression",
}


def figure_source(name: str) -> str:
    """The published table figure ``name`` is drawn from."""
    return FIGURE_SOURCE.get(name, name)


def question_slug(question: str) -> str:
    """A file-name-safe form of a kartläggning question."""
    return fold(question).replace("/", "_")[:40] or "fraga"
