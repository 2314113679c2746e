"""Plain-language interpretation of results: one sentence (or two) per result row, in Swedish or English.

Each function takes a row (or table) of a result table and returns text; nothing here computes
statistics. The rules every sentence follows:

* the size of an effect is always given with its interval; the word "signifikant" is never used;
* where an interval spans both directions (or holds the target), the sentence says the data cannot
  tell, and makes no claim of a difference;
* a count of persons below ``min_count`` (the masking threshold, ``sekretess.min_antal``) is never
  printed: it is written "färre än 3" ("fewer than 3"), and a share, difference or interval that
  would reveal such a count is left out of the sentence;
* where a test cannot reach 5 % at all (too few), the sentence says so instead of giving a p-value.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from .formatting import NBSP, fmt_number, interval_decimals, percent
from .labels import label

__all__ = ["goal_sentence", "difference_sentence", "difference_sentences", "duration_sentence",
           "progression_sentence", "model_sentence", "count_text", "p_text"]

_MISSING_GROUPS = {"saknas", "okand", "okant"}


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    try:
        return math.isnan(value)
    except TypeError:
        return False


def _en(language: str) -> bool:
    return language == "en"


def count_text(count: Any, min_count: int = 3, language: str = "sv") -> str:
    """A count of persons for a sentence: ``"12"``, or ``"färre än 3"`` below ``min_count`` (0 < count)."""
    count = int(count)
    if 0 < count < min_count:
        return f"fewer than {min_count}" if _en(language) else f"färre än {min_count}"
    return fmt_number(count, 0, language)


def _small(count: Any, min_count: int) -> bool:
    return not _missing(count) and 0 < int(count) < min_count


def _pct(share: float, language: str, decimals: int = 0) -> str:
    return f"{fmt_number(percent(share), decimals, language)}{NBSP}%"


def _level(level: float, language: str) -> str:
    decimals = 0 if float(percent(level)) == int(percent(level)) else 1
    return f"{fmt_number(percent(level), decimals, language)}{NBSP}% {'CI' if _en(language) else 'KI'}"


def _bounds_decimals(values: list[float], scale: float = 100.0, fewest: int = 0, most: int = 2) -> int:
    """Enough decimals (from ``fewest`` to ``most``) that no value of an estimate and its interval
    rounds to 0 or across 0: "0 till 17" would read as touching zero while the text claims a
    difference."""
    for decimals in range(fewest, most + 1):
        if all(round(v * scale, decimals) != 0 for v in values if v != 0):
            return decimals
    return most


def p_text(p: float, language: str = "sv") -> str:
    """``"p = 0,039"``, ``"p < 0,001"``."""
    if p < 0.001:
        return f"p < {fmt_number(0.001, 3, language)}"
    return f"p = {fmt_number(p, 3, language)}"


def _group_name(group: str, by: str | None, language: str) -> str:
    if by == "aldersgrupp" and group not in _MISSING_GROUPS:
        from .publish import band_label

        return band_label(str(group), language)
    text = label(group, language)
    return text.lower() if by == "kon" or group in _MISSING_GROUPS else text


# ------------------------------------------------------------------------------------------ goals

def goal_sentence(row: Mapping[str, Any], *, language: str = "sv", min_count: int = 3,
                  level: float = 0.95) -> str:
    """What a goal's row of :func:`~evaltools.outcomes.goal_attainment` means, in words.

    Parameters
    ----------
    row
        A row of ``goal_attainment`` (``namn``, ``typ``, ``taljare``, ``namnare``, ``varde``,
        ``malvarde``, ``uppnatt``, ``ki_lag``, ``ki_hog``, ``bedomning``, ``p_varde``, ``p_test``).
    min_count
        The masking threshold: a count of participants below it is written "färre än …", and the
        share and interval that would reveal it are left out.
    level
        The interval's confidence level (``statistik.konfidensniva``), for the words only.
    """
    en = _en(language)
    name, kind = row["namn"], row["typ"]
    target, reached = row["malvarde"], bool(row["uppnatt"])
    verdict = (("the goal is reached" if reached else "the goal is not reached") if en else
               ("målet är uppnått" if reached else "målet är inte uppnått"))
    if kind == "antal":
        value = fmt_number(row["varde"], 0 if float(row["varde"]).is_integer() else 1, language)
        goal = fmt_number(target, 0 if float(target).is_integer() else 1, language)
        return (f"{name}: {value} against the goal {goal}; {verdict}." if en else
                f"{name}: {value} mot målet {goal}; {verdict}.")
    k, n = row["taljare"], row["namnare"]
    if _missing(n) or n == 0:
        return (f"{name}: nobody to count yet, so the goal cannot be assessed." if en else
                f"{name}: ingen att räkna ännu, så målet kan inte bedömas.")
    goal = _pct(target, language)
    if kind == "narvaro":
        head = (f"{name}: {_pct(row['varde'], language)} of planned occasions attended "
                f"(goal {goal}); {verdict}." if en else
                f"{name}: närvaro vid {_pct(row['varde'], language)} av de planerade tillfällena "
                f"(mål {goal}); {verdict}.")
        hidden = False
    else:
        hidden = min_count > 0 and (_small(k, min_count) or _small(n - k, min_count) or
                                    _small(n, min_count))
        if hidden:
            of = _masked_pair(int(k), int(n), min_count, language)
            head = (f"{name}: {of} (goal {goal}); {verdict}." if en else
                    f"{name}: {of} (mål {goal}); {verdict}.")
        else:
            of = (f"{count_text(k, min_count, language)} of {count_text(n, min_count, language)}" if en
                  else f"{count_text(k, min_count, language)} av {count_text(n, min_count, language)}")
            head = (f"{name}: {_pct(row['varde'], language)} ({of}; goal {goal}); {verdict}." if en else
                    f"{name}: {_pct(row['varde'], language)} ({of}; mål {goal}); {verdict}.")
    return f"{head} {_goal_chance(row, language, level, hidden)}".strip()


def _masked_pair(k: int, n: int, min_count: int, language: str) -> str:
    en = _en(language)
    total = count_text(n, min_count, language)
    if 0 < n < min_count:
        return f"fewer than {min_count} participants" if en else f"färre än {min_count} deltagare"
    if 0 < k < min_count:
        return f"fewer than {min_count} of {total}" if en else f"färre än {min_count} av {total}"
    if 0 < n - k < min_count:
        return (f"all but fewer than {min_count} of {total}" if en else
                f"alla utom färre än {min_count} av {total}")
    return f"{count_text(k, min_count, language)} {'of' if en else 'av'} {total}"


def _goal_chance(row: Mapping[str, Any], language: str, level: float, hidden: bool) -> str:
    en = _en(language)
    assessment = row.get("bedomning")
    if _missing(assessment):
        if row["typ"] == "narvaro":
            return ("There is no interval (too few participants), so the result is not assessed "
                    "against chance." if en else
                    "Intervall saknas (för få deltagare), så resultatet bedöms inte mot slumpen.")
        return ""
    interval = "" if hidden else (
        f" ({_level(level, language)} {fmt_number(percent(row['ki_lag']), 0, language)}–"
        f"{_pct(row['ki_hog'], language)})")
    if assessment == "over_malet":
        text = (f"The whole interval{interval} lies above the goal: the result is clearly above it." if en
                else f"Hela intervallet{interval} ligger över målet: resultatet är tydligt över målet.")
    elif assessment == "under_malet":
        text = (f"The whole interval{interval} lies below the goal: the result is clearly below it." if en
                else f"Hela intervallet{interval} ligger under målet: resultatet är tydligt under målet.")
    else:
        text = (f"The interval{interval} holds the goal: the result is compatible with the goal, and "
                "the data cannot tell whether the intervention is above or below it." if en else
                f"Intervallet{interval} rymmer målet: resultatet är förenligt med målet, och "
                "siffrorna kan inte avgöra om insatsen ligger över eller under det.")
    test = row.get("p_test")
    if test == "exakt_binomialtest" and not _missing(row.get("p_varde")) and not hidden:
        text += (f" Exact binomial test against the goal: {p_text(row['p_varde'], language)}." if en else
                 f" Exakt binomialtest mot målet: {p_text(row['p_varde'], language)}.")
    elif test == "for_fa":
        text += (" Too few participants for a test against the goal to show anything." if en else
                 " Deltagarna är för få för att ett test mot målet ska kunna visa något.")
    return text


# ------------------------------------------------------------------------ differences of groups

def _n_of(row: Mapping[str, Any]) -> Any:
    return row["namnare"] if "namnare" in row else row["deltagare"]


def difference_sentence(row: Mapping[str, Any], reference: Mapping[str, Any] | None = None, *,
                        measure: str | None = None, by: str | None = None, language: str = "sv",
                        min_count: int = 3, min_participants: int = 10,
                        level: float = 0.95) -> str:
    """What one group's difference to the reference group means, in words.

    Parameters
    ----------
    row, reference
        Rows of :func:`~evaltools.outcomes.share_by_group` or
        :func:`~evaltools.attendance.attendance_difference`: the group and its reference group
        (``None`` for the reference row itself, which gets an empty string).
    measure
        What is compared, as a noun phrase in the report's language ("andelen som gick till arbete
        eller studier"); attendance rows default to "närvaron" / "attendance".
    by
        The column the groups come from (``aldersgrupp``, ``kon``, ``kommun``), for group names.
    min_count
        Masking threshold: counts of persons below it are never printed; for shares, a difference
        computed from such a count is given without its numbers.
    """
    text = _difference_text(row, reference, measure, by, language, min_count, min_participants, level)
    return text[:1].upper() + text[1:]


def _difference_text(row: Mapping[str, Any], reference: Mapping[str, Any] | None, measure: str | None,
                     by: str | None, language: str, min_count: int, min_participants: int,
                     level: float) -> str:
    en = _en(language)
    status = row["status"]
    attendance = "planerade" in row
    if measure is None:
        measure = ("attendance" if en else "närvaron") if attendance else ("the share" if en else "andelen")
    group = _group_name(row["grupp"], by, language)
    if status == "referens" or reference is None and status != "okand_grupp":
        return ""
    if status == "okand_grupp":
        return (f"Participants in the group “{group}” are not compared, because the value is missing "
                "or unknown." if en else
                f"Deltagarna i gruppen ”{group}” jämförs inte, eftersom uppgiften saknas eller är okänd.")
    ref = _group_name(reference["grupp"], by, language)
    n1, n0 = _n_of(row), _n_of(reference)
    sizes = f"n = {count_text(n1, min_count, language)} {'and' if en else 'och'} " \
            f"{count_text(n0, min_count, language)}"
    if status == "for_fa":
        small = group if n1 < min_participants else ref
        return (f"{group} and {ref} are not compared: fewer than {min_participants} participants in "
                f"{small}; only the figures of each group are shown ({sizes})." if en else
                f"{group} och {ref} jämförs inte: färre än {min_participants} deltagare i {small}; "
                f"bara varje grupps egna siffror redovisas ({sizes}).")
    difference = row["skillnad"]
    if status == "andel_0_eller_1":
        return (f"The difference in {measure} between {group} and {ref} has no interval, because one "
                f"of the groups is at 0 % or 100 %; it is shown as a description only ({sizes})." if en
                else f"Skillnaden i {measure} mellan {group} och {ref} har inget intervall, eftersom en "
                f"av grupperna ligger på 0 % eller 100 %; den redovisas bara beskrivande ({sizes}).")
    low, high = row["skillnad_ki_lag"], row["skillnad_ki_hog"]
    hidden = not attendance and min_count > 0 and any(
        _small(x, min_count) for x in (row["taljare"], row["namnare"] - row["taljare"],
                                       reference["taljare"], reference["namnare"] - reference["taljare"]))
    numbers = ""
    if not hidden:
        decimals = _bounds_decimals([difference, low, high])
        unit = "percentage points" if en else "procentenheter"
        d, lo, hi = (fmt_number(percent(v), decimals, language) for v in (difference, low, high))
        numbers = f"{d} {unit}, {_level(level, language)} {lo} {'to' if en else 'till'} {hi}; "
    if low > 0 or high < 0:
        direction = ("higher" if low > 0 else "lower") if en else ("högre" if low > 0 else "lägre")
        cap = measure[:1].upper() + measure[1:]
        return (f"{cap} is clearly {direction} among {group} than among {ref} ({numbers}{sizes})." if en
                else f"{cap} är tydligt {direction} bland {group} än bland {ref} ({numbers}{sizes}).")
    return (f"The difference in {measure} between {group} and {ref} ({numbers}{sizes}) is too "
            "uncertain to draw conclusions from." if en else
            f"Skillnaden i {measure} mellan {group} och {ref} ({numbers}{sizes}) är för osäker för att "
            "dra slutsatser.")


def difference_sentences(table: pd.DataFrame, *, measure: str | None = None, by: str | None = None,
                         language: str = "sv", min_count: int = 3, min_participants: int = 10,
                         level: float = 0.95) -> list[str]:
    """:func:`difference_sentence` for every group of a difference table but the reference, in order."""
    rows = [r for _, r in table.iterrows()]
    reference = next((r for r in rows if r["status"] == "referens"), None)
    out = []
    for r in rows:
        if r["status"] == "referens":
            continue
        out.append(difference_sentence(r, reference, measure=measure, by=by, language=language,
                                       min_count=min_count, min_participants=min_participants,
                                       level=level))
    return [s for s in out if s]


# ------------------------------------------------------------------------------ time in insats

def _days(value: float, language: str) -> str:
    return f"{fmt_number(value, 0, language)} {'days' if _en(language) else 'dagar'}"


def duration_sentence(row: Mapping[str, Any], *, by: str | None = None, language: str = "sv",
                      min_count: int = 3, min_participants: int = 10, level: float = 0.95) -> str:
    """What a row of :func:`~evaltools.duration.time_in_insats` means, in words."""
    prefix = "" if row["grupp"] == "alla" else f"{_group_name(row['grupp'], by, language)}: "
    text = _duration_text(row, prefix, language, min_count, min_participants, level)
    return text[:1].upper() + text[1:]


def _duration_text(row: Mapping[str, Any], prefix: str, language: str, min_count: int,
                   min_participants: int, level: float) -> str:
    en = _en(language)
    n, ended = int(row["deltagare"]), int(row["avslutade"])
    status = row["status"]
    if status == "inga_deltagare":
        return f"{prefix}{'no participants yet.' if en else 'inga deltagare ännu.'}"
    if min_count > 0 and _small(n - ended, min_count) and not _small(ended, min_count):
        counted = _masked_pair(ended, n, min_count, language)
    else:
        counted = f"{count_text(ended, min_count, language)} {'of' if en else 'av'} " \
                  f"{count_text(n, min_count, language)}"
    counts = f"{counted} {'have ended' if en else 'har avslutats'}"
    if status == "for_fa":
        return (f"{prefix}too few participants (fewer than {min_participants}) to estimate the time "
                f"in the intervention ({counts})." if en else
                f"{prefix}för få deltagare (färre än {min_participants}) för att skatta tiden i insatsen "
                f"({counts}).")
    if status == "median_ej_nadd":
        return (f"{prefix}more than half of the participants are still enrolled, so the median time in "
                f"the intervention cannot be estimated yet ({counts})." if en else
                f"{prefix}mer än hälften av deltagarna är fortfarande inskrivna, så mediantiden i "
                f"insatsen kan ännu inte skattas ({counts}).")
    low, high = row["ki_lag"], row["ki_hog"]
    if _missing(low) and _missing(high):
        interval = ""
    elif _missing(high):
        interval = (f"; {_level(level, language)} from {_days(low, language)}, no upper limit yet" if en
                    else f"; {_level(level, language)} från {_days(low, language)}, ännu ingen övre gräns")
    else:
        interval = (f"; {_level(level, language)} {fmt_number(low, 0, language)} to "
                    f"{_days(high, language)}" if en else
                    f"; {_level(level, language)} {fmt_number(low, 0, language)} till "
                    f"{_days(high, language)}")
    text = (f"half of the participants had left the intervention after {_days(row['median_dagar'], language)} "
            f"(median, Kaplan–Meier{interval}; {counts})." if en else
            f"hälften av deltagarna hade lämnat insatsen efter {_days(row['median_dagar'], language)} "
            f"(median, Kaplan–Meier{interval}; {counts}).")
    return prefix + text


# ---------------------------------------------------------------------------------- progression

def progression_sentence(row: Mapping[str, Any], *, language: str = "sv", min_count: int = 3,
                         alpha: float = 0.05) -> str:
    """What an indicator's row of :func:`~evaltools.progression.progression_summary` means: how many
    improved, stayed and got worse between first and latest rating, and the sign test."""
    en = _en(language)
    name, n = row["indikator"], int(row["deltagare"])
    if n == 0:
        return (f"{name}: nobody has two ratings yet." if en else
                f"{name}: ingen har två skattningar ännu.")
    hidden = min_count > 0 and any(_small(row[k], min_count) for k in
                                   ("deltagare", "forbattrad", "oforandrad", "forsamrad"))
    if hidden:
        # one count below the threshold could be recomputed from the others and the total: none
        text = (f"{name}: the numbers who improved, were unchanged and got worse are not given, "
                f"because one of them is fewer than {min_count}." if en else
                f"{name}: antalen som förbättrades, var oförändrade och försämrades anges inte, "
                f"eftersom något av dem är färre än {min_count}.")
    else:
        up, same, down = (count_text(row[k], min_count, language)
                          for k in ("forbattrad", "oforandrad", "forsamrad"))
        total = count_text(n, min_count, language)
        text = (f"{name}: of {total} participants with two or more ratings, {up} improved, {same} "
                f"were unchanged and {down} got worse between their first and latest rating." if en
                else f"{name}: av {total} deltagare med minst två skattningar förbättrades {up}, var "
                f"{same} oförändrade och försämrades {down} mellan första och senaste skattningen.")
    p = row.get("p_justerat")
    shown_p = p_text(p, language) if not hidden or _missing(p) else (
        f"p {'<' if p < alpha else '≥'} {fmt_number(alpha, 2, language)}")
    if _missing(row.get("p_varde")):
        text += (" Too few changed for a test to show anything." if en else
                 " För få förändrades för att ett test ska kunna visa något.")
    elif p < alpha:
        more = (("more improved than got worse" if row["forbattrad"] > row["forsamrad"] else
                 "more got worse than improved") if en else
                ("fler förbättrades än försämrades" if row["forbattrad"] > row["forsamrad"] else
                 "fler försämrades än förbättrades"))
        text += (f" Clearly {more}: more than chance readily explains (sign test, Holm-adjusted "
                 f"{shown_p})." if en else
                 f" Tydligt {more}: mer än slumpen lätt förklarar (teckentest, Holm-justerat "
                 f"{shown_p}).")
    else:
        text += (f" The balance between improved and worse could be chance (sign test, Holm-adjusted "
                 f"{shown_p})." if en else
                 f" Skillnaden mellan antalet som förbättrades och försämrades kan vara slump "
                 f"(teckentest, Holm-justerat {shown_p}).")
    return text


_MODEL_REASONS = {
    "for_fa": ("too few participants with repeated ratings", "för få deltagare med upprepade skattningar"),
    "for_manga": ("too many participants for the model to be fitted in reasonable time",
                  "för många deltagare för att modellen ska kunna skattas på rimlig tid"),
    "ingen_tidsspridning": ("the ratings are not spread over time",
                            "skattningarna är inte spridda över tid"),
    "ej_konvergerad": ("the estimation did not converge", "skattningen konvergerade inte"),
    "hessian_ej_positivt_definit": ("the estimate is not stable (the Hessian is not positive "
                                    "definite)", "skattningen är inte stabil (Hessianen är inte "
                                    "positivt definit)"),
    "pa_randen": ("the variation between participants is estimated at zero, which makes the model "
                  "unreliable", "variationen mellan deltagare skattas till noll, vilket gör modellen "
                  "osäker"),
}


def model_sentence(row: Mapping[str, Any], *, higher_is_better: bool = True, language: str = "sv",
                   level: float = 0.95) -> str:
    """What an indicator's row of :func:`~evaltools.progression.progression_model` means: the mean
    change per month over all ratings, or why the model is not reported."""
    en = _en(language)
    name = row["indikator"]
    if not bool(row["redovisas"]):
        en_reason, sv_reason = _MODEL_REASONS.get(row["status"], ("the model could not be used",
                                                                  "modellen kunde inte användas"))
        return (f"{name}: the model over all ratings is not reported: {en_reason}; the comparison of "
                "first and latest rating stands." if en else
                f"{name}: modellen över alla skattningar redovisas inte: {sv_reason}; jämförelsen mellan "
                "första och senaste skattningen gäller.")
    slope, low, high = row["lutning_per_manad"], row["ki_lag"], row["ki_hog"]
    decimals = max(_bounds_decimals([slope, low, high], scale=1.0, fewest=2, most=4),
                   interval_decimals(low, high))  # and the interval's ends apart
    s, lo, hi = (fmt_number(v, decimals, language) for v in (slope, low, high))
    interval = f"{_level(level, language)} {lo} {'to' if en else 'till'} {hi}"
    if low > 0 or high < 0:
        rising = low > 0
        better = rising == higher_is_better
        if en:
            return (f"{name}: over all ratings, the rating {'rose' if rising else 'fell'} on average by "
                    f"{fmt_number(abs(slope), decimals, language)} per month, an "
                    f"{'improvement' if better else 'worsening'} ({interval}).")
        return (f"{name}: över alla skattningar {'steg' if rising else 'sjönk'} skattningen i genomsnitt "
                f"med {fmt_number(abs(slope), decimals, language)} per månad, en "
                f"{'förbättring' if better else 'försämring'} ({interval}).")
    return (f"{name}: over all ratings, the change per month ({s}, {interval}) is too uncertain to "
            "tell in which direction it goes." if en else
            f"{name}: över alla skattningar är förändringen per månad ({s}, {interval}) för osäker för "
            "att säga åt vilket håll den går.")
