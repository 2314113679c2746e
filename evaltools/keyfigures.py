"""``nyckeltal.json``: the exact key figures of a report (contract, section 5).

Keys are Swedish and stable whatever the report's language; counts are integers, shares fractions,
and a section whose data file is absent is ``null``. Nothing here is masked or rounded: the file is
for the evaluator and for other programs, not for publication.

Keys added with issue 7 (beyond the contract's minimum; every existing key is unchanged):

* ``mal[i].bedomning`` and ``mal[i].p_varde`` (contract, added 2026-11-24): ``over_malet`` /
  ``under_malet`` / ``forenligt_med_malet`` / null; the exact two-sided binomial p against
  ``malvarde`` for utfall and andel goals, null for other types or where no outcome of that n could
  reach 0.05.
* ``tid_i_insatsen`` (contract): ``{"deltagare", "avslutade", "median_dagar", "ki_lag", "ki_hog"}``,
  Kaplan–Meier over ``totalt``; median and interval ends are whole days or null.
* ``statistik``: ``{"intervall": "wilson" | "exakt", "konfidensniva": 0.95}``, how every interval of
  the file was computed (``statistik`` in insats.yaml).
* ``narvaro.skillnader``: per split (``aldersgrupp``, ``kon``, and ``kommun`` when the file has
  several), a list with one entry per group: ``grupp``, ``referens``, ``deltagare``, ``andel``,
  ``ki_lag``, ``ki_hog`` (the group's rate and interval), ``skillnad``, ``skillnad_ki_lag``,
  ``skillnad_ki_hog`` (against the reference group; null unless compared) and ``status``
  (``referens``, ``jamford``, ``for_fa``, ``andel_0_eller_1``, ``okand_grupp``).
* ``mal_per_grupp``: one entry per goal of typ utfall or andel, in the order of ``mal``:
  ``{"namn", "per_kon": [...], "per_aldersgrupp": [...], "per_kommun": [...]}`` (``per_kommun`` only
  with several kommuner); each list entry ``grupp``, ``referens``, ``taljare``, ``namnare``,
  ``andel``, ``ki_lag``, ``ki_hog``, ``skillnad``, ``skillnad_ki_lag``, ``skillnad_ki_hog``,
  ``status`` (Newcombe's interval for the difference).
* ``progression.indikatorer.<namn>``: ``wilcoxon`` ``{"v", "p_varde", "p_justerat", "metod"}``;
  ``modell`` ``{"lutning_per_manad", "ki_lag", "ki_hog", "p_varde", "redovisas", "status"}`` (the
  numbers are null unless ``redovisas``); ``forandringar`` ``{"-1": n, "0": n, "1": n, …}``:
  participants per change between first and latest rating.
* ``tolkning``: the plain-language sentences of :mod:`evaltools.interpret`, in the report's
  language: ``mal`` (a list in the order of ``mal``), ``tid_i_insatsen``, ``narvaro`` (per split, a
  list), ``progression`` (per indicator, a list: first against latest, then the model).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .attendance import (absence_concentration, absence_reasons, attendance_difference,
                         attendance_per_participant, attendance_rate)
from .baseline import baseline_answers
from .config import OutcomeGoal, ShareGoal
from .duration import time_in_insats
from .economy import cost_per_participant, economy_summary
from .insats import Insats
from .interpret import (difference_sentences, duration_sentence, goal_sentence, model_sentence,
                        progression_sentence)
from .outcomes import goal_attainment, goal_by_group, outcome_counts, sus_group_counts
from .participants import MISSING, participant_flow, split_counts
from .progression import (change_distribution, progression_model, progression_summary,
                          progression_wilcoxon, rating_changes)
from .vocabulary import UNKNOWN

__all__ = ["key_figures", "dumps"]


def _number(value: Any) -> Any:
    """A JSON value: NaN -> null, numpy scalars -> Python, whole floats of counts stay floats."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    return value


def _count(value: Any) -> Any:
    """A count: an integer (occasions in form A are whole; hours in form B may not be)."""
    value = _number(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _pairs(table: pd.DataFrame, key: str, count: str) -> dict[str, int]:
    return {str(k): int(n) for k, n in zip(table[key], table[count])}


def _split(table: pd.DataFrame, always: tuple[str, ...] = ()) -> dict[str, int]:
    return {str(g): int(n) for g, n in zip(table["grupp"], table["antal"]) if n or g in always}


def key_figures(insats: Insats, *, masked_cells: int = 0, secondary_cells: int = 0,
                results: Mapping[str, pd.DataFrame] | None = None) -> dict[str, Any]:
    """Every key figure of the report as a JSON-ready dict (contract section 5, plus extensions).

    ``masked_cells`` is the number of cells masked in the published tables and figures by the
    primary rule (small counts and what is computed from them), ``secondary_cells`` the number masked
    only so that those cannot be recomputed (``sekretess.sekundart_maskerade``). ``results`` are the
    report's result tables (:func:`evaltools.results.report_results`): the costly ones (goals, the
    attendance differences, the progression tests and model) are taken from there, not computed
    again.
    """
    results = results or {}
    config = insats.config
    period = config.period
    d = insats.deltagare
    flow = participant_flow(d, period)
    participants: dict[str, Any] = {p: int(n) for p, n in zip(flow["population"], flow["antal"])}
    participants["per_kon"] = _split(split_counts(d, period, by="kon"), always=("kvinna", "man"))
    bands = tuple(b.label for b in config.age_bands)
    participants["per_aldersgrupp"] = _split(
        split_counts(d, period, by="aldersgrupp", groups=bands), always=bands)
    if d["kommun"].notna().any():
        participants["per_kommun"] = _split(split_counts(d, period, by="kommun"))
    if d["anvisare"].notna().any():
        participants["per_anvisare"] = _split(split_counts(d, period, by="anvisare"))

    outcomes = outcome_counts(d, period, config)
    goals = (results["maluppfyllelse"] if "maluppfyllelse" in results
             else goal_attainment(d, config, narvaro=insats.narvaro))
    level = config.statistics.konfidensniva
    duration = time_in_insats(d, period, min_participants=1, level=level).iloc[0]
    totals = _AttendanceTotals(insats)
    differences = _attendance_differences(insats, results, totals) if insats.narvaro is not None else None
    ratings = _progression_tables(insats, results) if insats.progression is not None else None
    result: dict[str, Any] = {
        "insats": config.insats,
        "rapportperiod": {"start": period.start.isoformat(), "slut": period.slut.isoformat(),
                          "namn": period.label},
        "deltagare": participants,
        "utfall": {
            "namnare": participants["avslutade_totalt"],
            "antal": _pairs(outcomes, "utfall", "antal"),
            "per_sus_grupp": _pairs(sus_group_counts(outcomes), "sus_grupp", "antal"),
        },
        "mal": _goals(goals),
        "narvaro": _attendance(insats, differences, results, totals) if differences is not None else None,
        "progression": _progression(insats, ratings) if ratings is not None else None,
        "ekonomi": _economy(insats, participants["totalt"]) if insats.ekonomi is not None else None,
        "kartlaggning": _baseline(insats) if insats.kartlaggning is not None else None,
        "tid_i_insatsen": {
            "deltagare": int(duration["deltagare"]), "avslutade": int(duration["avslutade"]),
            "median_dagar": _count(duration["median_dagar"]), "ki_lag": _count(duration["ki_lag"]),
            "ki_hog": _count(duration["ki_hog"])},
        "mal_per_grupp": _goals_by_group(insats, results),
        "statistik": {"intervall": config.statistics.intervall, "konfidensniva": level},
        "sekretess": {"min_antal": config.min_count, "maskerade_celler": int(masked_cells),
                      "sekundart_maskerade": int(secondary_cells)},
        "datakvalitet": {"utelamnade_rader": len(insats.kvalitet)},
    }
    result["tolkning"] = _interpretation(insats, goals, duration, differences, ratings)
    return result


def _goals(goals: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    for _, g in goals.iterrows():
        count = g["typ"] in ("utfall", "andel")
        out.append({
            "namn": g["namn"], "typ": g["typ"],
            "taljare": (_count(g["taljare"]) if count or g["typ"] == "narvaro" else None),
            "namnare": (_count(g["namnare"]) if count or g["typ"] == "narvaro" else None),
            "varde": _number(g["varde"]), "malvarde": _number(g["malvarde"]),
            "uppnatt": bool(g["uppnatt"]), "ki_lag": _number(g["ki_lag"]), "ki_hog": _number(g["ki_hog"]),
            "population": g["population"],
            "bedomning": _text(g["bedomning"]), "p_varde": _number(g["p_varde"]),
        })
    return out


def _text(value: Any) -> str | None:
    return None if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)) \
        else str(value)


def _records(table: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
    """Rows of a result table as JSON objects: counts as integers, NaN as null."""
    out = []
    for _, row in table.iterrows():
        entry: dict[str, Any] = {}
        for c in columns:
            value = row[c]
            if c in ("deltagare", "taljare", "namnare"):
                entry[c] = _count(value)
            elif isinstance(value, str) or value is None or value is pd.NA:
                entry[c] = _text(value)
            else:
                entry[c] = _number(value)
        out.append(entry)
    return out


_SPLIT = ["grupp", "referens", "andel", "ki_lag", "ki_hog", "skillnad", "skillnad_ki_lag",
          "skillnad_ki_hog", "status"]


def _splits(insats: Insats, source: str) -> list[tuple[str, tuple[str, ...] | None]]:
    config = insats.config
    out: list[tuple[str, tuple[str, ...] | None]] = [("aldersgrupp", config.band_labels), ("kon", None)]
    if insats.several(source, "kommun"):
        out.append(("kommun", None))
    return out


def _goals_by_group(insats: Insats, results: Mapping[str, pd.DataFrame]) -> list[dict[str, Any]]:
    """Each share goal per group; the first one's tables are the report's ``mal_per_<by>`` when it
    has them (the same computation: the age bands of insats.yaml are goal_by_group's default)."""
    out = []
    shares = [g for g in insats.config.goals if isinstance(g, (OutcomeGoal, ShareGoal))]
    for goal in shares:
        entry: dict[str, Any] = {"namn": goal.namn}
        for by, groups in _splits(insats, "deltagare"):
            table = (results[f"mal_per_{by}"] if goal is shares[0] and f"mal_per_{by}" in results else
                     goal_by_group(insats.deltagare, insats.config, goal, by=by, groups=groups))
            entry[f"per_{by}"] = _records(table, ["grupp", "taljare", "namnare", *_SPLIT[1:]])
        out.append(entry)
    return out


def _rate(row: pd.Series) -> dict[str, Any]:
    return {"andel": _number(row["andel"]), "deltagare": int(row["deltagare"]),
            "planerade": _count(row["planerade"]), "narvarande": _count(row["narvarande"])}


class _AttendanceTotals:
    """Each participant's attendance (:func:`attendance_per_participant`), grouped at most once per
    window for the figures that the report's result tables do not hold."""

    def __init__(self, insats: Insats) -> None:
        self._insats = insats
        self._totals: dict[bool, pd.DataFrame] = {}

    def __call__(self, cumulative: bool = True) -> pd.DataFrame:
        if cumulative not in self._totals:
            self._totals[cumulative] = attendance_per_participant(
                self._insats.narvaro, self._insats.config.period, cumulative=cumulative)
        return self._totals[cumulative]


def _attendance_differences(insats: Insats, results: Mapping[str, pd.DataFrame],
                            per: _AttendanceTotals) -> dict[str, pd.DataFrame]:
    """Attendance per group against the reference group, for each split of the report."""
    config = insats.config
    return {by: results[f"narvaro_skillnad_{by}"] if f"narvaro_skillnad_{by}" in results else
            attendance_difference(insats.narvaro, config.period, deltagare=insats.deltagare, by=by,
                                  groups=groups or (), level=config.statistics.konfidensniva, per=per())
            for by, groups in _splits(insats, "deltagare")}


def _attendance(insats: Insats, differences: dict[str, pd.DataFrame], results: Mapping[str, pd.DataFrame],
                per: _AttendanceTotals) -> dict[str, Any]:
    """The attendance figures, from the report's result tables where it has them (the same
    computations: rates per group are read for their counts and rates only, whatever their interval's
    level), else computed."""
    config, narvaro = insats.config, insats.narvaro
    period = config.period
    if "narvaro" in results:  # attendance_overview: the two rates below, one row each
        overview = results["narvaro"].set_index("grupp")
        overall, within = overview.loc["hela_tiden"], overview.loc["under_perioden"]
    else:
        overall = attendance_rate(narvaro, period, per=per()).iloc[0]
        within = attendance_rate(narvaro, period, cumulative=False, per=per(False)).iloc[0]
    bands = tuple(b.label for b in config.age_bands)
    per_band = (results["narvaro_per_aldersgrupp"] if "narvaro_per_aldersgrupp" in results else
                attendance_rate(narvaro, period, deltagare=insats.deltagare, by="aldersgrupp", groups=bands,
                                per=per()))
    per_gender = (results["narvaro_per_kon"] if "narvaro_per_kon" in results else
                  attendance_rate(narvaro, period, deltagare=insats.deltagare, by="kon", per=per()))
    concentration = (results["franvaro_koncentration"] if "franvaro_koncentration" in results else
                     absence_concentration(narvaro, period, per=per())).iloc[0]
    reasons = None
    if insats.narvaro_form == "A":
        reasons = (results["franvaro_orsaker"] if "franvaro_orsaker" in results else
                   absence_reasons(narvaro, period))
    return {
        **_rate(overall),
        "ki_lag": _number(overall["ki_lag"]), "ki_hog": _number(overall["ki_hog"]),
        "form": insats.narvaro_form,
        "per_aldersgrupp": {str(r["grupp"]).replace(MISSING, UNKNOWN): _rate(r)
                            for _, r in per_band.iterrows() if r["planerade"] > 0},
        "per_kon": {str(r["grupp"]): _rate(r) for _, r in per_gender.iterrows() if r["planerade"] > 0},
        "per_orsak": ({str(r["orsak"]): _count(r["tillfallen"]) for _, r in reasons.iterrows()}
                      if reasons is not None else {}),
        "under_perioden": _rate(within) if within["planerade"] > 0 else None,
        "franvarokoncentration": {
            "deltagare": int(concentration["deltagare"]),
            "deltagare_mest_franvarande": int(concentration["deltagare_topp"]),
            "andel_av_franvaron": _number(concentration["andel"]),
        },
        "skillnader": {by: _records(table, ["grupp", "deltagare", *_SPLIT[1:]])
                       for by, table in differences.items()},
    }


def _progression_tables(insats: Insats, results: Mapping[str, pd.DataFrame]) -> tuple[pd.DataFrame, ...]:
    names = ("progression", "progression_wilcoxon", "progression_modell", "progression_forandring")
    if all(n in results for n in names):
        return tuple(results[n] for n in names)
    settings = insats.config.progression
    period = insats.config.period
    better = settings.hogre_ar_battre
    changes = rating_changes(insats.progression, period, higher_is_better=better)
    return (progression_summary(insats.progression, period, higher_is_better=better, changes=changes),
            progression_wilcoxon(insats.progression, period, changes=changes),
            progression_model(insats.progression, period,
                              level=insats.config.statistics.konfidensniva),
            change_distribution(insats.progression, period, higher_is_better=better, changes=changes))


def _progression(insats: Insats, ratings: tuple[pd.DataFrame, ...]) -> dict[str, Any]:
    settings = insats.config.progression
    summary, wilcoxon, model, distribution = ratings
    wilcoxon = wilcoxon.set_index("indikator")
    model = model.set_index("indikator")
    moves = {str(i): {f"{c:g}": int(n) for c, n in zip(part["forandring"], part["deltagare"])}
             for i, part in distribution.groupby("indikator", sort=False)}

    def fitted(row: pd.Series) -> dict[str, Any]:
        shown = bool(row["redovisas"])
        return {"lutning_per_manad": _number(row["lutning_per_manad"]) if shown else None,
                "ki_lag": _number(row["ki_lag"]) if shown else None,
                "ki_hog": _number(row["ki_hog"]) if shown else None,
                "p_varde": _number(row["p_varde"]) if shown else None,
                "redovisas": shown, "status": str(row["status"])}

    return {
        "instrument": settings.instrument,
        "skala": [_number(settings.skala[0]), _number(settings.skala[1])],
        "hogre_ar_battre": settings.hogre_ar_battre,
        "indikatorer": {
            str(r["indikator"]): {
                "deltagare": int(r["deltagare"]), "forbattrad": int(r["forbattrad"]),
                "oforandrad": int(r["oforandrad"]), "forsamrad": int(r["forsamrad"]),
                "medelforandring": _number(r["medelforandring"]), "p_varde": _number(r["p_varde"]),
                "p_justerat": _number(r["p_justerat"]),
                "wilcoxon": {k: (_text(v) if k == "metod" else _number(v)) for k, v in
                             wilcoxon.loc[r["indikator"], ["v", "p_varde", "p_justerat", "metod"]].items()},
                "modell": fitted(model.loc[r["indikator"]]),
                "forandringar": moves.get(str(r["indikator"]), {}),
            } for _, r in summary.iterrows()},
    }


def _interpretation(insats: Insats, goals: pd.DataFrame, duration: pd.Series,
                    differences: dict[str, pd.DataFrame] | None,
                    ratings: tuple[pd.DataFrame, ...] | None) -> dict[str, Any]:
    config = insats.config
    language, min_count = config.language, config.min_count
    level = config.statistics.konfidensniva
    out: dict[str, Any] = {
        "mal": [goal_sentence(g, language=language, min_count=min_count, level=level)
                for _, g in goals.iterrows()],
        "tid_i_insatsen": duration_sentence(duration, language=language, min_count=min_count,
                                            level=level),
        "narvaro": None, "progression": None,
    }
    if differences is not None:
        out["narvaro"] = {by: difference_sentences(table, by=by, language=language,
                                                   min_count=min_count, level=level)
                          for by, table in differences.items()}
    if ratings is not None:
        summary, _, model, _ = ratings
        models = {r["indikator"]: r for _, r in model.iterrows()}
        better = config.progression.hogre_ar_battre
        out["progression"] = {
            str(r["indikator"]): [
                progression_sentence(r, language=language, min_count=min_count),
                model_sentence(models[r["indikator"]], higher_is_better=better, language=language,
                               level=level)]
            for _, r in summary.iterrows()}
    return out


def _money(row: pd.Series) -> dict[str, Any]:
    return {"beviljat": _number(row["beviljat"]), "utfall": _number(row["utfall"]),
            "forbrukningsgrad": _number(row["forbrukningsgrad"]), "prognos": _number(row["prognos"])}


def _economy(insats: Insats, participants: int) -> dict[str, Any]:
    e = insats.ekonomi
    total = economy_summary(e).iloc[0]
    cost = cost_per_participant(e, participants).iloc[0]

    def by(column: str) -> dict[str, Any]:
        if e[column].isna().all():
            return {}
        return {str(r["grupp"]): _money(r) for _, r in economy_summary(e, by=column).iterrows()}

    return {**_money(total), "per_kommun": by("kommun"), "per_post": by("post"),
            "per_period": by("period"), "kostnad_per_deltagare": _number(cost["kostnad_per_deltagare"])}


def _baseline(insats: Insats) -> dict[str, Any]:
    answers = baseline_answers(insats.kartlaggning, insats.deltagare, insats.config.period)
    out: dict[str, Any] = {}
    for question, part in answers.groupby("fraga", sort=False):
        out[str(question)] = {"besvarade": int(part["besvarade"].iloc[0]),
                              "svar": {str(a): int(n) for a, n in zip(part["svar"], part["antal"])}}
    # questions nobody in the population answered still belong in the file, with n = 0
    for question in pd.unique(insats.kartlaggning["fraga"]):
        out.setdefault(str(question), {"besvarade": 0, "svar": {}})
    return out


def dumps(figures: dict[str, Any]) -> str:
    """The JSON text: UTF-8 (å, ä, ö as they are), indented, keys in the order built."""
    return json.dumps(figures, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
