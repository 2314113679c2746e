"""``nyckeltal.json``: the exact key figures of a report (contract, section 5).

Keys are Swedish and stable whatever the report's language; counts are integers, shares fractions,
and a section whose data file is absent is ``null``. Nothing here is masked or rounded: the file is
for the evaluator and for other programs, not for publication.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pandas as pd

from .attendance import absence_concentration, absence_reasons, attendance_rate
from .baseline import baseline_answers
from .economy import cost_per_participant, economy_summary
from .insats import Insats
from .outcomes import goal_attainment, outcome_counts, sus_group_counts
from .participants import MISSING, participant_flow, split_counts
from .progression import progression_summary
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


def key_figures(insats: Insats, *, masked_cells: int = 0, secondary_cells: int = 0) -> dict[str, Any]:
    """Every key figure of the report as a JSON-ready dict (contract section 5, plus extensions).

    ``masked_cells`` is the number of cells masked in the published tables and figures by the
    primary rule (small counts and what is computed from them), ``secondary_cells`` the number masked
    only so that those cannot be recomputed (``sekretess.sekundart_maskerade``).
    """
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
        "mal": _goals(insats),
        "narvaro": _attendance(insats) if insats.narvaro is not None else None,
        "progression": _progression(insats) if insats.progression is not None else None,
        "ekonomi": _economy(insats, participants["totalt"]) if insats.ekonomi is not None else None,
        "kartlaggning": _baseline(insats) if insats.kartlaggning is not None else None,
        "sekretess": {"min_antal": config.min_count, "maskerade_celler": int(masked_cells),
                      "sekundart_maskerade": int(secondary_cells)},
        "datakvalitet": {"utelamnade_rader": len(insats.kvalitet)},
    }
    return result


def _goals(insats: Insats) -> list[dict[str, Any]]:
    goals = goal_attainment(insats.deltagare, insats.config, narvaro=insats.narvaro)
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
        })
    return out


def _rate(row: pd.Series) -> dict[str, Any]:
    return {"andel": _number(row["andel"]), "deltagare": int(row["deltagare"]),
            "planerade": _count(row["planerade"]), "narvarande": _count(row["narvarande"])}


def _attendance(insats: Insats) -> dict[str, Any]:
    config, narvaro = insats.config, insats.narvaro
    period = config.period
    overall = attendance_rate(narvaro, period).iloc[0]
    bands = tuple(b.label for b in config.age_bands)
    per_band = attendance_rate(narvaro, period, deltagare=insats.deltagare, by="aldersgrupp",
                               groups=bands)
    per_gender = attendance_rate(narvaro, period, deltagare=insats.deltagare, by="kon")
    within = attendance_rate(narvaro, period, cumulative=False).iloc[0]
    concentration = absence_concentration(narvaro, period).iloc[0]
    reasons = absence_reasons(narvaro, period) if insats.narvaro_form == "A" else None
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
    }


def _progression(insats: Insats) -> dict[str, Any]:
    settings = insats.config.progression
    summary = progression_summary(insats.progression, insats.config.period,
                                  higher_is_better=settings.hogre_ar_battre)
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
            } for _, r in summary.iterrows()},
    }


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
