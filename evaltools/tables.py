"""Raw tables -> canonical, typed tables per the contract (section 2), with every problem named.

The policy, the same for every table:

* A cell that is malformed (a date that is no date, an unknown category, a value outside the scale) or
  a row that contradicts itself (``slutdatum`` before ``startdatum``) is an **error**: the report is
  not made, and the message names file, row and column.
* In ``deltagare`` every problem is an error: participants are never left out of the counts.
* In the other tables, a row that lacks a needed value, names a participant not in ``deltagare``, is
  dated before the participant's ``startdatum`` or after their ``slutdatum``, or repeats an earlier
  row is **left out** and recorded in the data-quality log with its reason (a code of
  :data:`evaltools.quality.REASONS`). Rows merely outside the report period are not left out.
* A ``deltagar_id`` (in any table) that looks like a personnummer stops the reading of that file, and
  the value is never printed.

Canonical tables carry a ``rad`` column: the spreadsheet row each row came from.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from .config import InsatsConfig
from .errors import DataError, Problem, nearest
from .privacy import contains_personnummer, looks_like_personnummer, safe_value
from .quality import QualityLog
from .read import RawTable, parse_category, parse_date, parse_number
from .vocabulary import (ATTENDED_ALIASES, GENDER_ALIASES, GENDERS, INCOME_ALIASES, INCOME_SOURCES,
                         OUTCOME_ALIASES, REFERRER_ALIASES, REFERRERS, UNKNOWN, YES_NO, YES_NO_ALIASES,
                         fold)

__all__ = ["participants_table", "attendance_table", "progression_table", "economy_table",
           "baseline_table", "DELTAGARE_COLUMNS"]

DELTAGARE_COLUMNS = ["deltagar_id", "kon", "fodelsear", "alder", "startdatum", "slutdatum", "utfall",
                     "kommun", "anvisare", "forsorjning_start", "forsorjning_slut", "gemensam_planering"]
_PERSONNUMMER_COLUMNS = {"personnummer", "personnr", "pnr", "samordningsnummer", "personnummer_10",
                         "personnummer_12"}
# every column name of the contract's tables: a missing column is never "meant" as one of these
_CONTRACT_COLUMNS = {*DELTAGARE_COLUMNS, "datum", "narvarande", "franvaroorsak", "aktivitet", "timmar",
                     "period_start", "period_slut", "planerade", "indikator", "varde", "instrument",
                     "period", "post", "beviljat", "prognos", "fraga", "svar"}


# ------------------------------------------------------------------------------------------ helpers

def _require(raw: RawTable, *needed: str | tuple[str, ...]) -> None:
    """Stop when a required column (or every alternative of a tuple) is missing; a column of the file
    that looks like a misspelling of it (``Startdatm``) is named as the likely one."""
    problems = []
    unrecognised = [c for c in raw.frame.columns if c not in _CONTRACT_COLUMNS]
    found = ", ".join(raw.original.values()) or "inga"
    for need in needed:
        options = need if isinstance(need, tuple) else (need,)
        if any(o in raw.frame.columns for o in options):
            continue
        guess = next(((o, g) for o in options if (g := nearest(o, unrecognised, cutoff=0.75))), None)
        hint = (f"; menade du '{raw.original[guess[1]]}'? Döp i så fall om den till {guess[0]}"
                if guess else "")
        problems.append(Problem(raw.file, f"kolumnen {' eller '.join(options)} saknas{hint} "
                                          f"(kolumner i filen: {found})", 1))
    if problems:
        raise DataError(problems)


def _guard_personnummer(raw: RawTable) -> None:
    """Refuse a file holding personnummer, in every column: in deltagar_id in any form (no check digit
    needed), elsewhere as :func:`~evaltools.privacy.contains_personnummer` finds them (10 bare digits
    only with a valid check digit). Messages name file, row and column, never the value."""
    if any(_any_personnummer(name) for name in raw.original.values()):
        # a file saved without its header row: the first participant's data became column names,
        # so no message may name a column
        raise DataError.single(raw.file, "rubrikraden innehåller ett värde som ser ut som ett "
                                         "personnummer eller samordningsnummer (saknar filen rubrikrad?). "
                                         "Filen används inte", 1)
    problems = []
    for column in raw.frame.columns:
        values = raw.frame[column]
        check = _any_personnummer if column == "deltagar_id" else contains_personnummer
        uniques = [v for v in pd.unique(values) if v and check(v)]
        if column in _PERSONNUMMER_COLUMNS and any(values.ne("")):
            uniques = list(pd.unique(values[values.ne("")]))
        if not uniques:
            continue
        for index in np.flatnonzero(values.isin(uniques).to_numpy()):
            problems.append(raw.problem(
                "värdet ser ut som ett personnummer eller samordningsnummer. Filen används inte: ersätt "
                "personnummer med pseudonyma koder (t.ex. UF001) och förvara kopplingen åtskild från "
                "data", int(index), column))
    if problems:
        raise DataError(problems)


def _base_name(file: str) -> str:
    """``data/deltagare.csv (blad X)`` -> ``deltagare.csv``: the file as a sentence names it."""
    return file.split(" (blad ")[0].rsplit("/", 1)[-1]


def _any_personnummer(value: str) -> bool:
    return looks_like_personnummer(value) or contains_personnummer(value)


def _parse(raw: RawTable, column: str, parse: Callable[[str], Any], problems: list[Problem],
           echo: bool = True) -> pd.Series:
    """Parse each distinct value of a column once; malformed cells become problems, empty cells None."""
    values = raw.frame[column]
    parsed: dict[str, Any] = {"": None}
    bad: dict[str, str] = {}
    for value in pd.unique(values):
        if value == "":
            continue
        try:
            parsed[value] = parse(value)
        except ValueError as err:
            bad[value] = str(err)
    if bad:
        for index in np.flatnonzero(values.isin(list(bad)).to_numpy()):
            value = values.iat[index]
            shown = f"{safe_value(value)} " if echo else "värdet "
            problems.append(raw.problem(shown + bad[value], int(index), column))
    return pd.Series([parsed.get(v) for v in values], index=values.index, dtype=object)


def _dates(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series, errors="raise").astype("datetime64[s]")


def _text(series: pd.Series) -> pd.Series:
    """Free text with one spelling per folded form (the first one met): 'tierp' and 'Tierp' are one."""
    spelling: dict[str, str] = {}
    shown: dict[str, str] = {}  # each distinct value folded once: attendance can have millions of rows
    for value in pd.unique(series):
        if value:
            shown[value] = spelling.setdefault(fold(value), value)
    return series.map(shown).astype("str")


def _category(allowed: tuple[str, ...], aliases: Mapping[str, str]) -> Callable[[str], str]:
    return lambda value: parse_category(value, allowed, aliases)


def _whole(low: int, high: int, what: str) -> Callable[[str], int]:
    def parse(value: str) -> int:
        number = parse_number(value)
        if not number.is_integer() or not low <= number <= high:
            raise ValueError(f"är inget giltigt {what} (ett heltal {low}–{high})")
        return int(number)
    return parse


def _non_negative(value: str) -> float:
    number = parse_number(value)
    if number < 0:
        raise ValueError("får inte vara negativt")
    return number


def _frame(raw: RawTable, columns: dict[str, Any]) -> pd.DataFrame:
    frame = pd.DataFrame(columns)
    frame.insert(0, "rad", raw.rows.astype("int64"))
    return frame


def _known_participants(raw: RawTable, ids: pd.Series, known: set[str], keep: np.ndarray,
                        log: QualityLog) -> np.ndarray:
    """Leave out rows whose participant is empty or not in deltagare."""
    empty = (ids == "").to_numpy() & keep
    log.leave_out(raw, np.flatnonzero(empty), "saknas", "deltagar_id", kolumn="deltagar_id")
    keep = keep & ~empty
    unknown = ~ids.isin(known).to_numpy() & keep
    log.leave_out(raw, np.flatnonzero(unknown), "okand_deltagare", "deltagar_id")
    return keep & ~unknown


def _leave_out_empty(raw: RawTable, column: str, keep: np.ndarray, log: QualityLog,
                     code: str = "saknas") -> np.ndarray:
    """Leave out kept rows whose ``column`` is empty, for reason ``code`` (default: ``<column> saknas``)."""
    empty = (raw.frame[column] == "").to_numpy() & keep
    params = {"kolumn": column} if code == "saknas" else {}
    log.leave_out(raw, np.flatnonzero(empty), code, column, **params)
    return keep & ~empty


def _repeats(frame: pd.DataFrame, keep: np.ndarray, key: list[str]) -> np.ndarray:
    """Kept rows that repeat the key of an earlier kept row (the first one stays)."""
    repeat = np.zeros(len(frame), dtype=bool)
    repeat[np.flatnonzero(keep)] = frame.loc[keep].duplicated(key).to_numpy()
    return repeat


def _within_enrolment(raw: RawTable, frame: pd.DataFrame, keep: np.ndarray, log: QualityLog,
                      deltagare: pd.DataFrame | None, *, first: str = "datum", last: str = "datum",
                      before: str = "fore_start", after: str = "efter_slut") -> np.ndarray:
    """Leave out kept rows dated outside their participant's enrolment: ``last`` before ``startdatum``
    (reason ``before``, naming column ``last``) or ``first`` after ``slutdatum`` (reason ``after``).
    Days on ``startdatum`` and ``slutdatum`` are inside; an empty ``slutdatum`` has no end. Rows merely
    outside the report period are no concern here: they are simply not counted for that period."""
    if deltagare is None:
        return keep
    dates = deltagare.set_index("deltagar_id")
    start = frame["deltagar_id"].map(dates["startdatum"])
    end = frame["deltagar_id"].map(dates["slutdatum"])
    early = frame[last].lt(start).to_numpy() & keep
    log.leave_out(raw, np.flatnonzero(early), before, last)
    keep = keep & ~early
    late = frame[first].gt(end).to_numpy() & keep
    log.leave_out(raw, np.flatnonzero(late), after, first)
    return keep & ~late


# ---------------------------------------------------------------------------------------- deltagare

def participants_table(raw: RawTable, config: InsatsConfig) -> pd.DataFrame:
    """Canonical ``deltagare``: one row per participant, typed, with ``alder`` and ``aldersgrupp``.

    Returns
    -------
    DataFrame with ``rad``, ``deltagar_id``, ``kon``, ``fodelsear``, ``alder`` (age at start, Int64),
    ``aldersgrupp`` (a band label of ``aldersgrupper`` or ``okand``), ``startdatum``, ``slutdatum``
    (NaT while enrolled), ``utfall``, ``kommun``, ``anvisare``, ``forsorjning_start``,
    ``forsorjning_slut``, ``gemensam_planering``, then every extra column of the file as text.
    """
    _guard_personnummer(raw)
    _require(raw, "deltagar_id", "kon", "startdatum", ("fodelsear", "alder"))
    f = raw.frame
    if f.empty:  # a template saved before anyone was entered: not a report about nobody
        raise DataError.single(raw.file, f"{_base_name(raw.file)} innehåller inga deltagare, bara "
                                         "rubrikraden; fyll i en rad per deltagare")
    problems: list[Problem] = []

    ids = f["deltagar_id"]
    for index in np.flatnonzero((ids == "").to_numpy()):
        problems.append(raw.problem("deltagar_id saknas; varje deltagare behöver en kod", int(index),
                                    "deltagar_id"))
    first_row: dict[str, int] = {}
    for index, value in enumerate(ids):
        if value and value in first_row:
            problems.append(raw.problem(f"samma deltagar_id som rad {first_row[value]}; koden ska vara "
                                        "unik", index, "deltagar_id"))
        elif value:
            first_row[value] = int(raw.rows[index])

    def required(column: str, parse: Callable[[str], Any], hint: str) -> pd.Series:
        for index in np.flatnonzero((f[column] == "").to_numpy()):
            problems.append(raw.problem(f"värde saknas; {hint}", int(index), column))
        return _parse(raw, column, parse, problems)

    kon = required("kon", _category(GENDERS, GENDER_ALIASES), "skriv kvinna, man, annat eller okant")
    start = required("startdatum", parse_date, "startdatum är obligatoriskt")
    optional = {c: c in f.columns for c in DELTAGARE_COLUMNS}
    empty = pd.Series([None] * len(f), dtype=object)
    slut = _parse(raw, "slutdatum", parse_date, problems) if optional["slutdatum"] else empty
    born = (_parse(raw, "fodelsear", _whole(1900, 2100, "födelseår"), problems)
            if optional["fodelsear"] else empty)
    age_given = _parse(raw, "alder", _whole(0, 120, "ålder"), problems) if optional["alder"] else empty
    codes = config.outcome_codes
    outcome = (_parse(raw, "utfall", _category(codes, OUTCOME_ALIASES), problems)
               if optional["utfall"] else empty)
    referrer = (_parse(raw, "anvisare", _category(REFERRERS, REFERRER_ALIASES), problems)
                if optional["anvisare"] else empty)
    income = {c: (_parse(raw, c, _category(INCOME_SOURCES, INCOME_ALIASES), problems)
                  if optional[c] else empty) for c in ("forsorjning_start", "forsorjning_slut")}
    plan = (_parse(raw, "gemensam_planering", _category(YES_NO, YES_NO_ALIASES), problems)
            if optional["gemensam_planering"] else empty)

    # contradictions within a row
    ages = []
    for i in range(len(f)):
        s, e = start.iat[i], slut.iat[i]
        if s is not None and e is not None and e < s:
            problems.append(raw.problem(f"slutdatum {e} ligger före startdatum {s}", i, "slutdatum"))
        if e is not None and outcome.iat[i] is None and (not optional["utfall"] or f["utfall"].iat[i] == ""):
            problems.append(raw.problem("utfall saknas; en avslutad deltagare behöver ett utfall (okant "
                                        "om det inte är känt)", i, "utfall" if optional["utfall"] else None))
        if e is None and outcome.iat[i] is not None:
            problems.append(raw.problem("utfall är ifyllt men slutdatum saknas", i, "slutdatum"))
        age = age_given.iat[i]
        if age is None and born.iat[i] is not None and s is not None:
            age = s.year - born.iat[i]
            if age < 0:
                problems.append(raw.problem(f"födelseåret {born.iat[i]} ligger efter startdatum", i,
                                            "fodelsear"))
                age = None
        ages.append(age)
    if problems:
        raise DataError(problems)

    ages_series = pd.array(ages, dtype="Int64")
    bands = [_band(config, a) for a in ages]
    columns: dict[str, Any] = {
        "deltagar_id": ids.astype("str"),
        "kon": kon.astype("str"),
        "fodelsear": pd.array(list(born), dtype="Int64"),
        "alder": ages_series,
        "aldersgrupp": pd.Series(bands, dtype="str"),
        "startdatum": _dates(start),
        "slutdatum": _dates(slut),
        "utfall": outcome.astype("str"),
        "kommun": _text(f["kommun"]) if optional["kommun"] else empty.astype("str"),
        "anvisare": referrer.astype("str"),
        "forsorjning_start": income["forsorjning_start"].astype("str"),
        "forsorjning_slut": income["forsorjning_slut"].astype("str"),
        "gemensam_planering": plan.astype("str"),
    }
    for extra in f.columns:
        if extra not in columns and extra not in DELTAGARE_COLUMNS:
            columns[extra] = f[extra].replace("", None).astype("str")
    return _frame(raw, columns)


def _band(config: InsatsConfig, age: int | None) -> str:
    if age is None:
        return UNKNOWN
    return next((b.label for b in config.age_bands if b.contains(age)), UNKNOWN)


# ------------------------------------------------------------------------------------------ narvaro

def attendance_table(raw: RawTable, known: set[str], log: QualityLog, *,
                     deltagare: pd.DataFrame | None = None) -> tuple[pd.DataFrame, str]:
    """Canonical ``narvaro`` in one shape for both forms, and the form (``"A"`` or ``"B"``).

    Rows are left out, and logged, when their participant is empty or not in ``known``, a needed value
    is empty, they are dated outside the participant's enrolment (when ``deltagare``, the canonical
    participant table, is given: form A's ``datum`` before ``startdatum`` or after ``slutdatum``; form
    B's whole period before or after), or (form A) they repeat an earlier occasion: the same
    participant and ``datum``, and the same ``aktivitet`` when the file has that column.

    Returns
    -------
    (DataFrame, form). The frame has ``rad``, ``deltagar_id``, ``period_start`` and ``datum`` (for form
    A both the occasion's date; for form B the first and last day of the row's period; rows count up
    to a report's end by ``datum``), ``planerade`` and ``narvarande`` (float: occasions or hours;
    form A gives 1 and 1/0 per occasion), ``franvaroorsak`` (folded text, form A's absent occasions),
    ``aktivitet`` and ``timmar`` (form A, when given).
    """
    _guard_personnummer(raw)
    f = raw.frame
    has_a = "datum" in f.columns
    has_b = "period_start" in f.columns or "period_slut" in f.columns or "planerade" in f.columns
    if has_a and has_b:
        raise DataError.single(raw.file, "filen har både datum (form A) och period_start/period_slut/"
                                         "planerade (form B); använd en av formerna", 1)
    if not has_a and not has_b:
        _require(raw, "deltagar_id", "datum", "narvarande")
    problems: list[Problem] = []
    keep = np.ones(len(f), dtype=bool)
    nothing = pd.Series([None] * len(f), dtype="str")
    if has_a:
        _require(raw, "deltagar_id", "datum", "narvarande")
        day = _parse(raw, "datum", parse_date, problems)
        attended = _parse(raw, "narvarande", _category(YES_NO, ATTENDED_ALIASES), problems)
        hours = _parse(raw, "timmar", _non_negative, problems) if "timmar" in f.columns else None
        if problems:
            raise DataError(problems)
        keep = _known_participants(raw, f["deltagar_id"], known, keep, log)
        keep = _leave_out_empty(raw, "datum", keep, log)
        keep = _leave_out_empty(raw, "narvarande", keep, log, "narvaro_saknas")
        present = attended.eq("ja")
        if "franvaroorsak" in f.columns:
            written = f["franvaroorsak"]
            reason = written.map({v: fold(v) or None for v in pd.unique(written)})
        else:
            reason = pd.Series([None] * len(f), dtype=object)
        reason = reason.where(~present, None)
        dates = _dates(day)
        has_activity = "aktivitet" in f.columns
        columns = {
            "deltagar_id": f["deltagar_id"].astype("str"),
            "period_start": dates, "datum": dates,
            "planerade": np.ones(len(f)), "narvarande": present.astype("float64").to_numpy(),
            "franvaroorsak": reason.astype("str"),
            "aktivitet": _text(f["aktivitet"]) if has_activity else nothing,
            "timmar": pd.array(list(hours), dtype="Float64") if hours is not None else np.nan,
        }
        frame = _frame(raw, columns)
        keep = _within_enrolment(raw, frame, keep, log, deltagare)
        duplicate = _repeats(frame, keep, ["deltagar_id", "datum", *(["aktivitet"] if has_activity else [])])
        log.leave_out(raw, np.flatnonzero(duplicate),
                      "dubblett_narvaro_aktivitet" if has_activity else "dubblett_narvaro", "datum")
        keep &= ~duplicate
        form = "A"
    else:
        _require(raw, "deltagar_id", "period_start", "period_slut", "planerade", "narvarande")
        first = _dates(_parse(raw, "period_start", parse_date, problems))
        last = _dates(_parse(raw, "period_slut", parse_date, problems))
        planned = pd.to_numeric(_parse(raw, "planerade", _non_negative, problems))
        attended_n = pd.to_numeric(_parse(raw, "narvarande", _non_negative, problems))
        contradictions = [raw.problem("period_slut ligger före period_start", int(i), "period_slut")
                          for i in np.flatnonzero(last.lt(first).to_numpy())]
        contradictions += [raw.problem(f"närvarande ({attended_n.iat[i]:g}) är fler än planerade "
                                       f"({planned.iat[i]:g})", int(i), "narvarande")
                           for i in np.flatnonzero(attended_n.gt(planned).to_numpy())]
        problems += sorted(contradictions, key=lambda p: p.row or 0)
        problems += _overlapping_periods(raw, first, last)
        if problems:
            raise DataError(problems)
        keep = _known_participants(raw, f["deltagar_id"], known, keep, log)
        for column in ("period_start", "period_slut", "planerade", "narvarande"):
            keep = _leave_out_empty(raw, column, keep, log)
        columns = {
            "deltagar_id": f["deltagar_id"].astype("str"),
            "period_start": first, "datum": last,
            "planerade": planned, "narvarande": attended_n,
            "franvaroorsak": nothing, "aktivitet": nothing, "timmar": np.nan,
        }
        frame = _frame(raw, columns)
        keep = _within_enrolment(raw, frame.rename(columns={"datum": "period_slut"}), keep, log, deltagare,
                                 first="period_start", last="period_slut",
                                 before="period_fore_start", after="period_efter_slut")
        form = "B"
    return frame.loc[keep].reset_index(drop=True), form


def _overlapping_periods(raw: RawTable, first: pd.Series, last: pd.Series) -> list[Problem]:
    """Form B: one participant's periods must not overlap (the same occasions would count twice)."""
    frame = pd.DataFrame({"id": raw.frame["deltagar_id"], "first": first, "last": last,
                          "i": range(len(first))}).dropna(subset=["first", "last"])
    problems = []
    for _, rows in frame.loc[frame["id"] != ""].sort_values(["id", "first", "i"]).groupby("id", sort=False):
        previous = None
        for row in rows.itertuples(index=False):
            if previous is not None and row.first <= previous.last:
                problems.append(raw.problem(
                    f"perioden överlappar perioden på rad {int(raw.rows[previous.i])} för samma deltagare "
                    "(tillfällena skulle räknas två gånger)", row.i, "period_start"))
            if previous is None or row.last > previous.last:
                previous = row
    return problems


# -------------------------------------------------------------------------------------- progression

def progression_table(raw: RawTable, known: set[str], config: InsatsConfig, log: QualityLog, *,
                      deltagare: pd.DataFrame | None = None) -> pd.DataFrame:
    """Canonical ``progression``: ``rad``, ``deltagar_id``, ``datum``, ``indikator`` (as first
    written), ``varde`` (float), ``instrument``. Values outside the configured scale are errors.

    Rows are left out, and logged, when their participant is empty or unknown, a needed value is
    empty, the instrument is not ``progression.instrument``, they are dated before the participant's
    ``startdatum`` or after the ``slutdatum`` (when ``deltagare`` is given), or they repeat the
    participant, indicator and date of an earlier row."""
    _guard_personnummer(raw)
    _require(raw, "deltagar_id", "datum", "indikator", "varde")
    f = raw.frame
    if config.progression is None:  # load_config requires it when progression data is given
        raise ValueError("progression data without progression settings")
    low, high = config.progression.skala
    problems: list[Problem] = []

    def scaled(value: str) -> float:
        number = parse_number(value)
        if not low <= number <= high:
            raise ValueError(f"ligger utanför skalan {low:g}–{high:g} (progression.skala i insats.yaml)")
        return number

    day = _parse(raw, "datum", parse_date, problems)
    value = _parse(raw, "varde", scaled, problems)
    if problems:
        raise DataError(problems)
    keep = np.ones(len(f), dtype=bool)
    keep = _known_participants(raw, f["deltagar_id"], known, keep, log)
    keep = _leave_out_empty(raw, "indikator", keep, log)
    keep = _leave_out_empty(raw, "datum", keep, log)
    keep = _leave_out_empty(raw, "varde", keep, log, "varde_saknas")
    instrument = (_text(f["instrument"]) if "instrument" in f.columns
                  else pd.Series([None] * len(f), dtype="str"))
    wanted = config.progression.instrument
    if wanted and "instrument" in f.columns:
        folded = instrument.map({v: fold(v) if isinstance(v, str) else "" for v in pd.unique(instrument)})
        other = keep & instrument.notna().to_numpy() & folded.ne(fold(wanted)).to_numpy()
        log.leave_out(raw, np.flatnonzero(other), "annat_instrument", "instrument", instrument=wanted)
        keep &= ~other
    frame = _frame(raw, {"deltagar_id": f["deltagar_id"].astype("str"), "datum": _dates(day),
                         "indikator": _text(f["indikator"]), "varde": pd.to_numeric(value),
                         "instrument": instrument})
    keep = _within_enrolment(raw, frame, keep, log, deltagare)
    duplicate = _repeats(frame, keep, ["deltagar_id", "indikator", "datum"])
    log.leave_out(raw, np.flatnonzero(duplicate), "dubblett_skattning", "datum")
    return frame.loc[keep & ~duplicate].reset_index(drop=True)


# ------------------------------------------------------------------------------------------ ekonomi

def economy_table(raw: RawTable, log: QualityLog) -> pd.DataFrame:
    """Canonical ``ekonomi``: ``rad``, ``period``, ``kommun``, ``post`` (text), ``beviljat``,
    ``utfall``, ``prognos`` (float kronor; an empty cell is NaN and sums as 0)."""
    _guard_personnummer(raw)
    _require(raw, "period", "beviljat", "utfall")
    f = raw.frame
    problems: list[Problem] = []
    amounts = {c: (_parse(raw, c, parse_number, problems) if c in f.columns
                   else pd.Series([None] * len(f), dtype=object))
               for c in ("beviljat", "utfall", "prognos")}
    if problems:
        raise DataError(problems)
    keep = np.ones(len(f), dtype=bool)
    keep = _leave_out_empty(raw, "period", keep, log)
    no_amount = keep & np.logical_and.reduce([a.isna().to_numpy() for a in amounts.values()])
    log.leave_out(raw, np.flatnonzero(no_amount), "inget_belopp")
    keep &= ~no_amount

    def text(column: str) -> pd.Series:
        return _text(f[column]) if column in f.columns else pd.Series([None] * len(f), dtype="str")

    frame = _frame(raw, {"period": f["period"].astype("str"), "kommun": text("kommun"),
                         "post": text("post"),
                         **{c: pd.to_numeric(a).astype("float64") for c, a in amounts.items()}})
    return frame.loc[keep].reset_index(drop=True)


# ------------------------------------------------------------------------------------- kartlaggning

def baseline_table(raw: RawTable, known: set[str], log: QualityLog) -> pd.DataFrame:
    """Canonical ``kartlaggning``: ``rad``, ``deltagar_id``, ``fraga`` (as first written), ``svar``
    (folded; NaN = not answered), ``svar_text`` (the answer as first written)."""
    _guard_personnummer(raw)
    _require(raw, "deltagar_id", "fraga", "svar")
    f = raw.frame
    keep = np.ones(len(f), dtype=bool)
    keep = _known_participants(raw, f["deltagar_id"], known, keep, log)
    keep = _leave_out_empty(raw, "fraga", keep, log)
    question = _text(f["fraga"])
    answer = f["svar"].map({v: fold(v) or None for v in pd.unique(f["svar"])}).astype("str")
    shown = _text(f["svar"])
    frame = _frame(raw, {"deltagar_id": f["deltagar_id"].astype("str"), "fraga": question,
                         "svar": answer, "svar_text": shown})
    duplicate = _repeats(frame, keep, ["deltagar_id", "fraga"])
    log.leave_out(raw, np.flatnonzero(duplicate), "dubblett_fraga", "fraga")
    return frame.loc[keep & ~duplicate].reset_index(drop=True)
