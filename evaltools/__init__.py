"""evaltools: report figures, tables and key figures for följeforskning of FINSAM insatser.

The flow is one way: insats folder -> :func:`load_insats` (read & validate) -> evaluation functions
(tidy DataFrames in, tidy DataFrames out) -> :class:`Report` (masked tables, figures, nyckeltal) ->
the report notebook, run by ``evaltools rapport``.

Names are imported on first use, so that ``evaltools --help`` and the checks before a report do not
pay for pandas and matplotlib before they are needed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_WHERE = {
    "load_insats": "insats", "Insats": "insats",
    "load_config": "config", "parse_period": "config", "InsatsConfig": "config", "Period": "config",
    "EvaltoolsError": "errors", "ConfigError": "errors", "DataError": "errors",
    "participant_flow": "participants", "split_counts": "participants",
    "population_mask": "participants", "income_change": "participants",
    "outcome_counts": "outcomes", "sus_group_counts": "outcomes", "goal_attainment": "outcomes",
    "attendance_rate": "attendance", "attendance_overview": "attendance",
    "attendance_by_month": "attendance", "attendance_distribution": "attendance",
    "absence_reasons": "attendance", "absence_concentration": "attendance",
    "attendance_difference": "attendance",
    "share_by_group": "outcomes", "goal_by_group": "outcomes",
    "progression_summary": "progression", "rating_changes": "progression",
    "ratings_by_wave": "progression", "change_distribution": "progression",
    "progression_wilcoxon": "progression", "progression_model": "progression",
    "time_in_insats": "duration", "survival_curve": "duration",
    "share_interval": "stats", "with_share_interval": "stats",
    "goal_sentence": "interpret", "difference_sentence": "interpret",
    "difference_sentences": "interpret", "duration_sentence": "interpret",
    "progression_sentence": "interpret", "model_sentence": "interpret",
    "method_descriptions": "methods",
    "baseline_answers": "baseline", "economy_summary": "economy", "cost_per_participant": "economy",
    "key_figures": "keyfigures", "Report": "report", "example_dir": "resources",
}

__all__ = [*_WHERE, "__version__"]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'evaltools' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:  # for type checkers and editors: the same names, imported eagerly
    from .attendance import (absence_concentration, absence_reasons, attendance_by_month,
                             attendance_difference, attendance_distribution, attendance_overview,
                             attendance_rate)
    from .baseline import baseline_answers
    from .config import InsatsConfig, Period, load_config, parse_period
    from .economy import cost_per_participant, economy_summary
    from .errors import ConfigError, DataError, EvaltoolsError
    from .insats import Insats, load_insats
    from .keyfigures import key_figures
    from .duration import survival_curve, time_in_insats
    from .interpret import (difference_sentence, difference_sentences, duration_sentence,
                            goal_sentence, model_sentence, progression_sentence)
    from .methods import method_descriptions
    from .outcomes import (goal_attainment, goal_by_group, outcome_counts, share_by_group,
                           sus_group_counts)
    from .participants import income_change, participant_flow, population_mask, split_counts
    from .progression import (change_distribution, progression_model, progression_summary,
                              progression_wilcoxon, rating_changes, ratings_by_wave)
    from .report import Report
    from .resources import example_dir
    from .stats import share_interval, with_share_interval
