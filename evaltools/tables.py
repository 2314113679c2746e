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

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .config import InsatsConfig
from .errors import DataError, Problem, nearest
from .privacy import contains_personnummer, looks_like_personnummer, safe_value
from .quality import QualityLog
from .read import Cells, RawTable, parse_category, parse_date, parse_number
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
#
# Every cell is checked and parsed once per distinct value of its column (:class:`~evaltools.read.Cells`)
# and spread to the rows by the column's codes: narvaro can have millions of rows but a few hundred dates.

def _require(raw: RawTable, *needed: str | tuple[str, ...]) -> None:
    """Stop when a required column (or every alternative of a tuple) is missing; a column of the file
    that looks like a misspelling of it (``Startdatm``) is named as the likely one."""
    problems = []
    unrecognised = [c for c in raw.columns if c not in _CONTRACT_COLUMNS]
    found = ", ".join(raw.original.values()) or "inga"
    for need in needed:
        options = need if isinstance(need, tuple) else (need,)
        if any(o in raw.cells for o in options):
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
    for column, cells in raw.cells.items():
        check = _any_personnummer if column == "deltagar_id" else contains_personnummer
        # every form of a personnummer has ten digits: shorter values need no closer look
        flagged = np.array([len(v) >= 10 and check(v) for v in cells.values], dtype=bool)
        if column in _PERSONNUMMER_COLUMNS and (cells.values != "").any():
            flagged = cells.values != ""
        if not flagged.any():
            continue
        for index in np.flatnonzero(cells.per_row(flagged)):
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


def _objects(values: Sequence[Any]) -> np.ndarray:
    """A 1-d object array of ``values`` as they are (numpy would make a list of ints an int array)."""
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out


@dataclass(frozen=True)
class _Texts:
    """A column of dtype str to be: one value per distinct cell (None: missing) and the rows' codes.
    :func:`_frame` makes it for the rows kept only (a column of millions of texts is made once)."""

    per_value: Sequence[str | None]
    codes: np.ndarray

    def series(self, rows: np.ndarray | None = None) -> pd.Series:
        codes = self.codes if rows is None else self.codes[rows]
        return pd.Series(pd.array(_objects(self.per_value), dtype="str").take(codes), copy=False)


def _str(per_value: Sequence[str | None], codes: np.ndarray) -> _Texts:
    """A str column from one value per distinct cell (None: missing) and the rows' codes."""
    return _Texts(per_value, codes)


@dataclass(frozen=True)
class _Parsed:
    """A column parsed once per distinct value: ``values[i]`` is the parsed value of
    ``cells.values[i]`` (None for an empty or malformed cell)."""

    cells: Cells
    values: list[Any]

    def objects(self) -> np.ndarray:
        """The parsed value of each row, an object array."""
        return _objects(self.values)[self.cells.codes]

    def missing(self) -> np.ndarray:
        """Which rows have no parsed value (empty or malformed)."""
        return self.cells.per_row(np.array([v is None for v in self.values], dtype=bool))

    def dates(self) -> np.ndarray:
        """``datetime64[s]`` per row (NaT without a date)."""
        days = np.array([np.datetime64("NaT") if v is None else np.datetime64(v, "D") for v in self.values],
                        dtype="datetime64[D]")
        return days.astype("datetime64[s]")[self.cells.codes]

    def numbers(self) -> np.ndarray:
        """``float64`` per row (NaN without a number)."""
        return np.array([np.nan if v is None else float(v) for v in self.values],
                        dtype="float64")[self.cells.codes]

    def measures(self) -> np.ndarray:
        """As :meth:`numbers`, but ``int64`` when there are no rows (as ``pd.to_numeric`` makes an
        empty column, and as the tables have always been)."""
        return self.numbers() if len(self.cells) else np.zeros(0, dtype="int64")

    def texts(self) -> _Texts:
        """The parsed values as a str column (NaN without a value)."""
        return _str(self.values, self.cells.codes)

    def date_codes(self) -> tuple[np.ndarray, int]:
        """Per row, a code that is equal for equal dates (``2024-01-15`` and ``240115`` alike) and
        orders them by date (0: no date), and how many codes there are."""
        days = np.array([-1 if v is None else v.toordinal() for v in self.values], dtype=np.int64)
        distinct, codes = np.unique(days, return_inverse=True)
        return self.cells.per_row(codes.astype(np.int32)), len(distinct)


def _parse(raw: RawTable, column: str, parse: Callable[[str], Any], problems: list[Problem],
           echo: bool = True) -> _Parsed:
    """Parse each distinct value of a column once; malformed cells become problems, empty cells None."""
    cells = raw.cells[column]
    parsed: list[Any] = [None] * len(cells.values)
    bad: dict[int, str] = {}
    for i, value in enumerate(cells.values):
        if value == "":
            continue
        try:
            parsed[i] = parse(value)
        except ValueError as err:
            bad[i] = str(err)
    if bad:
        is_bad = np.zeros(len(cells.values), dtype=bool)
        is_bad[list(bad)] = True
        for index in np.flatnonzero(cells.per_row(is_bad)):
            code = int(cells.codes[index])
            shown = f"{safe_value(cells.values[code])} " if echo else "värdet "
            problems.append(raw.problem(shown + bad[code], int(index), column))
    return _Parsed(cells, parsed)


def _absent(rows: int) -> _Parsed:
    """A column the file does not have: every row empty."""
    return _Parsed(Cells(np.zeros(rows, dtype=np.int32), np.array([""], dtype=object)), [None])


def _spellings(cells: Cells) -> list[str | None]:
    """Free text with one spelling per folded form (the first one met): 'tierp' and 'Tierp' are one.
    One entry per distinct value of ``cells``; None for the empty cell."""
    spelling: dict[str, str] = {}
    return [spelling.setdefault(fold(value), value) if value else None for value in cells.values]


def _text(cells: Cells) -> _Texts:
    """Free text as a str column, one spelling per folded form (see :func:`_spellings`)."""
    return _str(_spellings(cells), cells.codes)


def _nothing(rows: int) -> _Texts:
    """A str column without values."""
    return _Texts([None], np.zeros(rows, dtype=np.int32))


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


def _frame(raw: RawTable, columns: dict[str, Any], keep: np.ndarray | None = None) -> pd.DataFrame:
    """The canonical table of ``columns`` (one value per row of ``raw``, or a scalar), with the rows
    where ``keep`` is true (all by default), and ``rad`` first. The columns must be arrays of their
    own (they become the table's without a copy)."""
    rows = None if keep is None or keep.all() else np.flatnonzero(keep)
    kept: dict[str, Any] = {}
    for name, values in columns.items():
        if isinstance(values, _Texts):
            kept[name] = values.series(rows)
        elif rows is None or np.ndim(values) == 0:
            kept[name] = values
        else:
            kept[name] = values.take(rows)
    frame = pd.DataFrame(kept, index=pd.RangeIndex(len(raw.rows) if rows is None else len(rows)), copy=False)
    frame.insert(0, "rad", (raw.rows if rows is None else raw.rows[rows]).astype("int64"))
    return frame


def _known_participants(raw: RawTable, ids: Cells, known: set[str], keep: np.ndarray,
                        log: QualityLog) -> np.ndarray:
    """Leave out rows whose participant is empty or not in deltagare."""
    keep = _leave_out_empty(raw, "deltagar_id", keep, log)
    unknown = np.array([v not in known for v in ids.values], dtype=bool)
    unknown[ids.values == ""] = False  # (left out above)
    if not unknown.any():  # (the rows' flags are spread only when some value is flagged)
        log.leave_out(raw, (), "okand_deltagare", "deltagar_id")
        return keep
    unknown = ids.per_row(unknown) & keep
    log.leave_out(raw, np.flatnonzero(unknown), "okand_deltagare", "deltagar_id")
    return keep & ~unknown


def _leave_out_empty(raw: RawTable, column: str, keep: np.ndarray, log: QualityLog,
                     code: str = "saknas") -> np.ndarray:
    """Leave out kept rows whose ``column`` is empty, for reason ``code`` (default: ``<column> saknas``)."""
    params = {"kolumn": column} if code == "saknas" else {}
    if not (raw.cells[column].values == "").any():  # (the rows' flags are spread only when needed)
        log.leave_out(raw, (), code, column, **params)
        return keep
    empty = raw.cells[column].empty() & keep
    log.leave_out(raw, np.flatnonzero(empty), code, column, **params)
    return keep & ~empty


def _key(codes: Sequence[tuple[np.ndarray, int]]) -> np.ndarray:
    """One int64 per row, equal where every array of ``codes`` (pairs of codes and how many there
    are: ints ``0 … size − 1``) is equal, and ordered as the codes are, the first array first (while
    the product of the sizes stays below 2**62)."""
    key = codes[0][0].astype(np.int64)  # a copy of its own
    span = codes[0][1]
    for part, size in codes[1:]:
        if span * size >= 2 ** 62:
            key = pd.factorize(key)[0].astype(np.int64)
            span = int(key.max()) + 1 if len(key) else 1
        key *= size
        key += part
        span *= size
    return key


def _repeats(key: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """Kept rows that repeat the key (:func:`_key`) of an earlier kept row (the first one stays)."""
    repeat = np.zeros(len(key), dtype=bool)
    kept = key if keep.all() else key[keep]
    if len(kept) < 2 or (kept[1:] > kept[:-1]).all():  # rows in the order of their keys (a file by
        return repeat  # participant and date): none repeats another, found in one pass
    if len(kept) and 0 <= kept.min() and kept.max() < 64 * 2 ** 20:  # most files repeat nothing:
        seen = np.zeros(int(kept.max()) + 1, dtype=bool)  # as many keys seen as rows says so quickly
        seen[kept] = True
        if np.count_nonzero(seen) == len(kept):
            return repeat
    repeat[keep] = pd.Series(kept).duplicated().to_numpy()
    return repeat


def _within_enrolment(raw: RawTable, ids: Cells, first: np.ndarray, last: np.ndarray, keep: np.ndarray,
                      log: QualityLog, deltagare: pd.DataFrame | None, *, first_column: str = "datum",
                      last_column: str = "datum", before: str = "fore_start",
                      after: str = "efter_slut") -> np.ndarray:
    """Leave out kept rows dated outside their participant's enrolment: ``last`` before ``startdatum``
    (reason ``before``, naming column ``last_column``) or ``first`` after ``slutdatum`` (reason
    ``after``, naming ``first_column``). Days on ``startdatum`` and ``slutdatum`` are inside; an empty
    ``slutdatum`` has no end. Rows merely outside the report period are no concern here: they are
    simply not counted for that period."""
    if deltagare is None:
        return keep
    at = pd.Index(deltagare["deltagar_id"]).get_indexer(ids.values)  # -1: not a participant
    enrolled = at >= 0

    def per_value(column: str) -> np.ndarray:
        dates = deltagare[column].to_numpy(dtype="datetime64[s]")
        values = np.full(len(at), np.datetime64("NaT"), dtype="datetime64[s]")
        values[enrolled] = dates[at[enrolled]]
        return values

    def per_row(column: str) -> np.ndarray:
        return ids.per_row(per_value(column))

    if _all_within(ids.codes, first, last, per_value("startdatum"), per_value("slutdatum")):
        log.leave_out(raw, (), before, last_column)
        log.leave_out(raw, (), after, first_column)
        return keep
    early = (last < per_row("startdatum")) & keep  # NaT compares False
    log.leave_out(raw, np.flatnonzero(early), before, last_column)
    keep = keep & ~early
    late = (first > per_row("slutdatum")) & keep
    log.leave_out(raw, np.flatnonzero(late), after, first_column)
    return keep & ~late


def _all_within(codes: np.ndarray, first: np.ndarray, last: np.ndarray, starts: np.ndarray,
                ends: np.ndarray) -> bool:
    """Whether surely no row is dated outside its participant's enrolment (see
    :func:`_within_enrolment`), told per run of rows of one participant (a file by participant has
    a run for each): the run's earliest ``last`` against the participant's start, its latest
    ``first`` against the end. False when unsure (then every row is looked at)."""
    if not len(codes):
        return True
    runs = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    if len(runs) > len(codes) // 4:  # not a file by participant: rows are looked at one by one
        return False
    never, always = np.iinfo(np.int64).max, np.iinfo(np.int64).min  # (NaT is the smallest int64)
    earliest = np.minimum.reduceat(np.where(np.isnat(last), never, last.view(np.int64)), runs)
    latest = np.maximum.reduceat(first.view(np.int64), runs)  # NaT: before every end
    start = starts.view(np.int64)[codes[runs]]  # NaT: after no date
    end = np.where(np.isnat(ends), never, ends.view(np.int64))[codes[runs]]
    return not ((earliest < start) & (start != always)).any() and not (latest > end).any()


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
    n = len(raw.rows)
    if n == 0:  # a template saved before anyone was entered: not a report about nobody
        raise DataError.single(raw.file, f"{_base_name(raw.file)} innehåller inga deltagare, bara "
                                         "rubrikraden; fyll i en rad per deltagare")
    problems: list[Problem] = []

    ids = raw.cells["deltagar_id"]
    for index in np.flatnonzero(ids.empty()):
        problems.append(raw.problem("deltagar_id saknas; varje deltagare behöver en kod", int(index),
                                    "deltagar_id"))
    codes = pd.Series(ids.codes)
    repeated = codes.duplicated().to_numpy() & ~ids.empty()
    if repeated.any():
        first_at = codes.drop_duplicates()  # the first row of each code, by code
        first_row = dict(zip(first_at.to_numpy(), raw.rows[first_at.index.to_numpy()]))
        for index in np.flatnonzero(repeated):
            problems.append(raw.problem(f"samma deltagar_id som rad {first_row[ids.codes[index]]}; koden "
                                        "ska vara unik", int(index), "deltagar_id"))

    def required(column: str, parse: Callable[[str], Any], hint: str) -> _Parsed:
        for index in np.flatnonzero(raw.cells[column].empty()):
            problems.append(raw.problem(f"värde saknas; {hint}", int(index), column))
        return _parse(raw, column, parse, problems)

    def optional(column: str, parse: Callable[[str], Any]) -> _Parsed:
        return _parse(raw, column, parse, problems) if column in raw.cells else _absent(n)

    kon = required("kon", _category(GENDERS, GENDER_ALIASES), "skriv kvinna, man, annat eller okant")
    start = required("startdatum", parse_date, "startdatum är obligatoriskt")
    slut = optional("slutdatum", parse_date)
    born = optional("fodelsear", _whole(1900, 2100, "födelseår"))
    age_given = optional("alder", _whole(0, 120, "ålder"))
    outcome = optional("utfall", _category(config.outcome_codes, OUTCOME_ALIASES))
    referrer = optional("anvisare", _category(REFERRERS, REFERRER_ALIASES))
    income = {c: optional(c, _category(INCOME_SOURCES, INCOME_ALIASES))
              for c in ("forsorjning_start", "forsorjning_slut")}
    plan = optional("gemensam_planering", _category(YES_NO, YES_NO_ALIASES))

    # contradictions within a row, found on whole columns, told row by row
    starts, ends = start.dates(), slut.dates()
    has_start, has_end = ~np.isnat(starts), ~np.isnat(ends)
    has_outcome = ~outcome.missing()
    outcome_empty = raw.cells["utfall"].empty() if "utfall" in raw.cells else np.ones(n, dtype=bool)
    reversed_dates = has_start & has_end & (ends < starts)
    no_outcome = has_end & ~has_outcome & outcome_empty
    outcome_open = ~has_end & has_outcome
    born_years = born.numbers()
    start_years = starts.astype("datetime64[Y]").astype("int64") + 1970
    ages = age_given.numbers()
    computed = np.isnan(ages) & ~np.isnan(born_years) & has_start
    ages[computed] = start_years[computed] - born_years[computed]
    born_late = computed & (ages < 0)
    ages[born_late] = np.nan
    told = np.flatnonzero(reversed_dates | no_outcome | outcome_open | born_late)
    if len(told):
        start_at, end_at, born_at = start.objects(), slut.objects(), born.objects()
        for i in told:
            i = int(i)
            if reversed_dates[i]:
                problems.append(raw.problem(f"slutdatum {end_at[i]} ligger före startdatum {start_at[i]}",
                                            i, "slutdatum"))
            if no_outcome[i]:
                problems.append(raw.problem("utfall saknas; en avslutad deltagare behöver ett utfall "
                                            "(okant om det inte är känt)", i,
                                            "utfall" if "utfall" in raw.cells else None))
            if outcome_open[i]:
                problems.append(raw.problem("utfall är ifyllt men slutdatum saknas", i, "slutdatum"))
            if born_late[i]:
                problems.append(raw.problem(f"födelseåret {born_at[i]} ligger efter startdatum", i,
                                            "fodelsear"))
    if problems:
        raise DataError(problems)

    age_codes, age_values = pd.factorize(ages, use_na_sentinel=False)
    bands = [_band(config, None if np.isnan(a) else int(a)) for a in age_values]
    columns: dict[str, Any] = {
        "deltagar_id": _str(ids.values, ids.codes),
        "kon": kon.texts(),
        "fodelsear": _integers(born_years),
        "alder": _integers(ages),
        "aldersgrupp": _str(bands, age_codes),
        "startdatum": starts,
        "slutdatum": ends,
        "utfall": outcome.texts(),
        "kommun": _text(raw.cells["kommun"]) if "kommun" in raw.cells else _nothing(n),
        "anvisare": referrer.texts(),
        "forsorjning_start": income["forsorjning_start"].texts(),
        "forsorjning_slut": income["forsorjning_slut"].texts(),
        "gemensam_planering": plan.texts(),
    }
    for extra, cells in raw.cells.items():
        if extra not in columns and extra not in DELTAGARE_COLUMNS:
            columns[extra] = _str([v or None for v in cells.values], cells.codes)
    return _frame(raw, columns)


def _integers(values: np.ndarray) -> pd.arrays.IntegerArray:
    """Whole numbers held as floats (NaN: missing) as an ``Int64`` array."""
    missing = np.isnan(values)
    return pd.arrays.IntegerArray(np.where(missing, 0, values).astype("int64"), missing)


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
    has_a = "datum" in raw.cells
    has_b = "period_start" in raw.cells or "period_slut" in raw.cells or "planerade" in raw.cells
    if has_a and has_b:
        raise DataError.single(raw.file, "filen har både datum (form A) och period_start/period_slut/"
                                         "planerade (form B); använd en av formerna", 1)
    if not has_a and not has_b:
        _require(raw, "deltagar_id", "datum", "narvarande")
    if has_a:
        return _attendance_a(raw, known, log, deltagare), "A"
    return _attendance_b(raw, known, log, deltagare), "B"


def _attendance_a(raw: RawTable, known: set[str], log: QualityLog,
                  deltagare: pd.DataFrame | None) -> pd.DataFrame:
    """Form A: one row per occasion (see :func:`attendance_table`)."""
    _require(raw, "deltagar_id", "datum", "narvarande")
    problems: list[Problem] = []
    n = len(raw.rows)
    day = _parse(raw, "datum", parse_date, problems)
    attended = _parse(raw, "narvarande", _category(YES_NO, ATTENDED_ALIASES), problems)
    hours = _parse(raw, "timmar", _non_negative, problems) if "timmar" in raw.cells else None
    if problems:
        raise DataError(problems)
    ids = raw.cells["deltagar_id"]
    keep = np.ones(n, dtype=bool)
    keep = _known_participants(raw, ids, known, keep, log)
    keep = _leave_out_empty(raw, "datum", keep, log)
    keep = _leave_out_empty(raw, "narvarande", keep, log, "narvaro_saknas")
    present = attended.cells.per_row(np.array([v == "ja" for v in attended.values], dtype=bool))
    if "franvaroorsak" in raw.cells:
        written = raw.cells["franvaroorsak"]
        # the reason of an absence; none for an attended occasion (the last value)
        reason = _str([*(fold(v) or None for v in written.values), None],
                      np.where(present, len(written.values), written.codes))
    else:
        reason = _nothing(n)
    dates = day.dates()
    activity = raw.cells.get("aktivitet")
    keep = _within_enrolment(raw, ids, dates, dates, keep, log, deltagare)
    occasion = [(ids.codes, len(ids.values)), day.date_codes()]
    if activity is not None:
        same, spellings = pd.factorize(_objects(_spellings(activity)), use_na_sentinel=False)
        occasion.append((activity.per_row(same), len(spellings)))
    duplicate = _repeats(_key(occasion), keep)
    log.leave_out(raw, np.flatnonzero(duplicate),
                  "dubblett_narvaro_aktivitet" if activity is not None else "dubblett_narvaro", "datum")
    keep &= ~duplicate
    columns = {
        "deltagar_id": _str(ids.values, ids.codes),
        "period_start": dates, "datum": dates.copy(),
        "planerade": np.ones(n), "narvarande": present.astype("float64"),
        "franvaroorsak": reason,
        "aktivitet": _text(activity) if activity is not None else _nothing(n),
        "timmar": (pd.array(hours.numbers(), dtype="Float64") if hours is not None
                   else np.nan),
    }
    return _frame(raw, columns, keep)


def _attendance_b(raw: RawTable, known: set[str], log: QualityLog,
                  deltagare: pd.DataFrame | None) -> pd.DataFrame:
    """Form B: one row per participant and period (see :func:`attendance_table`)."""
    _require(raw, "deltagar_id", "period_start", "period_slut", "planerade", "narvarande")
    problems: list[Problem] = []
    n = len(raw.rows)
    first = _parse(raw, "period_start", parse_date, problems).dates()
    last = _parse(raw, "period_slut", parse_date, problems).dates()
    planned = _parse(raw, "planerade", _non_negative, problems).measures()
    attended = _parse(raw, "narvarande", _non_negative, problems).measures()
    contradictions = [raw.problem("period_slut ligger före period_start", int(i), "period_slut")
                      for i in np.flatnonzero(last < first)]
    contradictions += [raw.problem(f"närvarande ({attended[i]:g}) är fler än planerade "
                                   f"({planned[i]:g})", int(i), "narvarande")
                       for i in np.flatnonzero(attended > planned)]
    problems += sorted(contradictions, key=lambda p: p.row or 0)
    problems += _overlapping_periods(raw, first, last)
    if problems:
        raise DataError(problems)
    ids = raw.cells["deltagar_id"]
    keep = np.ones(n, dtype=bool)
    keep = _known_participants(raw, ids, known, keep, log)
    for column in ("period_start", "period_slut", "planerade", "narvarande"):
        keep = _leave_out_empty(raw, column, keep, log)
    keep = _within_enrolment(raw, ids, first, last, keep, log, deltagare, first_column="period_start",
                             last_column="period_slut", before="period_fore_start",
                             after="period_efter_slut")
    columns = {
        "deltagar_id": _str(ids.values, ids.codes),
        "period_start": first, "datum": last,
        "planerade": planned, "narvarande": attended,
        "franvaroorsak": _nothing(n), "aktivitet": _nothing(n), "timmar": np.nan,
    }
    return _frame(raw, columns, keep)


def _overlapping_periods(raw: RawTable, first: np.ndarray, last: np.ndarray) -> list[Problem]:
    """Form B: one participant's periods must not overlap (the same occasions would count twice).

    Each participant's periods are taken by start, then row (participants in the order of their
    codes); a period overlaps when it starts on or before the latest end of the periods before it,
    and the message names the row that first reached that end."""
    ids = raw.cells["deltagar_id"]
    dated = np.flatnonzero(~np.isnat(first) & ~np.isnat(last) & ~ids.empty())
    if not len(dated):
        return []
    rank = np.empty(len(ids.values), dtype=np.int64)
    rank[sorted(range(len(ids.values)), key=ids.values.__getitem__)] = np.arange(len(ids.values))
    who = rank[ids.codes[dated]]
    order = np.lexsort((dated, first[dated].view("int64"), who))
    who, start, end, row = who[order], first[dated][order], last[dated][order], dated[order]
    same = np.r_[False, who[1:] == who[:-1]]  # the row before is of the same participant
    latest = pd.Series(end).groupby(who).cummax().to_numpy(dtype="datetime64[s]")
    earlier = np.r_[end[:1], latest[:-1]]  # the latest end before each row (when ``same``)
    sets = ~same | (end > earlier)  # the row whose end is the latest so far
    setter = np.maximum.accumulate(np.where(sets, np.arange(len(row)), 0))
    return [raw.problem(f"perioden överlappar perioden på rad {int(raw.rows[row[setter[k - 1]]])} för "
                        "samma deltagare (tillfällena skulle räknas två gånger)", int(row[k]), "period_start")
            for k in np.flatnonzero(same & (start <= earlier))]


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
    if config.progression is None:  # load_config requires it when progression data is given
        raise ValueError("progression data without progression settings")
    low, high = config.progression.skala
    problems: list[Problem] = []
    n = len(raw.rows)

    def scaled(value: str) -> float:
        number = parse_number(value)
        if not low <= number <= high:
            raise ValueError(f"ligger utanför skalan {low:g}–{high:g} (progression.skala i insats.yaml)")
        return number

    day = _parse(raw, "datum", parse_date, problems)
    value = _parse(raw, "varde", scaled, problems)
    if problems:
        raise DataError(problems)
    ids = raw.cells["deltagar_id"]
    keep = np.ones(n, dtype=bool)
    keep = _known_participants(raw, ids, known, keep, log)
    keep = _leave_out_empty(raw, "indikator", keep, log)
    keep = _leave_out_empty(raw, "datum", keep, log)
    keep = _leave_out_empty(raw, "varde", keep, log, "varde_saknas")
    written = raw.cells.get("instrument")
    instrument = _text(written) if written is not None else _nothing(n)
    wanted = config.progression.instrument
    if wanted and written is not None:
        other = written.per_row(np.array([s is not None and fold(s) != fold(wanted)
                                          for s in _spellings(written)], dtype=bool)) & keep
        log.leave_out(raw, np.flatnonzero(other), "annat_instrument", "instrument", instrument=wanted)
        keep &= ~other
    dates = day.dates()
    keep = _within_enrolment(raw, ids, dates, dates, keep, log, deltagare)
    indicator = raw.cells["indikator"]
    spelling = _spellings(indicator)
    same, spellings = pd.factorize(_objects(spelling), use_na_sentinel=False)
    # participant, date, indicator: the order of a file by participant and date
    duplicate = _repeats(_key([(ids.codes, len(ids.values)), day.date_codes(),
                               (indicator.per_row(same), len(spellings))]), keep)
    log.leave_out(raw, np.flatnonzero(duplicate), "dubblett_skattning", "datum")
    columns = {"deltagar_id": _str(ids.values, ids.codes), "datum": dates,
               "indikator": _str(spelling, indicator.codes), "varde": value.measures(),
               "instrument": instrument}
    return _frame(raw, columns, keep & ~duplicate)


# ------------------------------------------------------------------------------------------ ekonomi

def economy_table(raw: RawTable, log: QualityLog) -> pd.DataFrame:
    """Canonical ``ekonomi``: ``rad``, ``period``, ``kommun``, ``post`` (text), ``beviljat``,
    ``utfall``, ``prognos`` (float kronor; an empty cell is NaN and sums as 0)."""
    _guard_personnummer(raw)
    _require(raw, "period", "beviljat", "utfall")
    n = len(raw.rows)
    problems: list[Problem] = []
    amounts = {c: (_parse(raw, c, parse_number, problems) if c in raw.cells else _absent(n))
               for c in ("beviljat", "utfall", "prognos")}
    if problems:
        raise DataError(problems)
    keep = np.ones(n, dtype=bool)
    keep = _leave_out_empty(raw, "period", keep, log)
    no_amount = keep & np.logical_and.reduce([a.missing() for a in amounts.values()])
    log.leave_out(raw, np.flatnonzero(no_amount), "inget_belopp")
    keep &= ~no_amount

    def text(column: str) -> pd.Series:
        return _text(raw.cells[column]) if column in raw.cells else _nothing(n)

    period = raw.cells["period"]
    frame = _frame(raw, {"period": _str(period.values, period.codes), "kommun": text("kommun"),
                         "post": text("post"), **{c: a.numbers() for c, a in amounts.items()}},
                   keep)
    return frame


# ------------------------------------------------------------------------------------- kartlaggning

def baseline_table(raw: RawTable, known: set[str], log: QualityLog) -> pd.DataFrame:
    """Canonical ``kartlaggning``: ``rad``, ``deltagar_id``, ``fraga`` (as first written), ``svar``
    (folded; NaN = not answered), ``svar_text`` (the answer as first written)."""
    _guard_personnummer(raw)
    _require(raw, "deltagar_id", "fraga", "svar")
    ids, questions, answers = raw.cells["deltagar_id"], raw.cells["fraga"], raw.cells["svar"]
    keep = np.ones(len(raw.rows), dtype=bool)
    keep = _known_participants(raw, ids, known, keep, log)
    keep = _leave_out_empty(raw, "fraga", keep, log)
    spelling = _spellings(questions)
    same, spellings = pd.factorize(_objects(spelling), use_na_sentinel=False)
    duplicate = _repeats(_key([(ids.codes, len(ids.values)), (questions.per_row(same), len(spellings))]), keep)
    log.leave_out(raw, np.flatnonzero(duplicate), "dubblett_fraga", "fraga")
    columns = {"deltagar_id": _str(ids.values, ids.codes), "fraga": _str(spelling, questions.codes),
               "svar": _str([fold(v) or None for v in answers.values], answers.codes),
               "svar_text": _text(answers)}
    return _frame(raw, columns, keep & ~duplicate)
