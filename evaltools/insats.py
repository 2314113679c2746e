"""An insats folder -> :class:`Insats`: its validated configuration and canonical tables."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pandas as pd

from . import prefetch
from .config import InsatsConfig, ShareGoal, load_config
from .errors import ConfigError, DataError, EvaltoolsError, Problem
from .parallel import Forked
from .quality import QualityLog
from .read import RawTable, read_raw
from .tables import (attendance_table, baseline_table, economy_table, participants_table,
                     progression_table)
from .vocabulary import YES_NO, YES_NO_ALIASES, fold

__all__ = ["Insats", "load_insats"]

T = TypeVar("T")


@dataclass(frozen=True)
class Insats:
    """Everything a report needs: the configuration and the canonical tables (None when absent)."""

    config: InsatsConfig
    deltagare: pd.DataFrame
    narvaro: pd.DataFrame | None
    narvaro_form: str | None
    progression: pd.DataFrame | None
    ekonomi: pd.DataFrame | None
    kartlaggning: pd.DataFrame | None
    kvalitet: pd.DataFrame  # the data-quality log: fil, rad, kolumn, orsak

    def has(self, table: str) -> bool:
        """Whether the data file ``table`` was given."""
        return getattr(self, table) is not None

    def several(self, table: str, column: str) -> bool:
        """Whether ``column`` of ``table`` holds more than one value (worth a split)."""
        frame = getattr(self, table)
        return frame is not None and column in frame.columns and frame[column].nunique() > 1


def _display(config: InsatsConfig, file: Path) -> str:
    """A file as messages name it: relative to the insats folder when inside it."""
    try:
        return file.relative_to(config.folder).as_posix()
    except ValueError:
        return os.path.relpath(file, config.folder).replace(os.sep, "/")


def load_insats(path: str | Path) -> Insats:
    """Read ``insats.yaml`` and every data file it names; validate them all.

    Every file is checked even when an earlier one has problems, so that one run shows them all.
    Raises :class:`~evaltools.errors.ConfigError` (problems of insats.yaml only) or
    :class:`~evaltools.errors.DataError` carrying every problem of every file, with Swedish messages
    naming the key, or the file, row and column.
    """
    config = load_config(path)
    log = QualityLog()
    problems: list[Problem] = []
    # the files read while the report's kernel started (evaltools.prefetch), as they are now
    ready: dict[str, RawTable | list[Problem]] = prefetch.take(config)
    files = {table: (file, table, _display(config, file)) for table, file in config.data.items()
             if table not in ready}
    # deltagare and the largest other file are read here (a large file's parts are parsed in threads),
    # the remaining files meanwhile in a forked copy when they are worth one (a national insats's
    # progression file: the parser holds the GIL for much of its work, so threads share one core);
    # the tables are made in order, and a file's problems are raised where it is asked for
    sizes = {table: _size(file) for table, (file, *_) in files.items()}
    largest = max((t for t in files if t != "deltagare"), key=sizes.__getitem__, default=None)
    elsewhere = [t for t in files if t not in ("deltagare", largest)]
    copy = (Forked(_read_all, [files[t] for t in elsewhere])
            if elsewhere and sum(sizes[t] for t in elsewhere) >= ELSEWHERE_BYTES else None)

    def raw(table: str) -> RawTable:
        if table not in ready:
            if copy is None or table not in elsewhere:
                return read_raw(*files[table])
            ready.update(zip(elsewhere, copy.result()))
        outcome = ready[table]
        if isinstance(outcome, list):
            raise DataError(outcome)
        return outcome

    try:
        return _load(config, log, problems, raw)
    finally:
        if copy is not None:
            copy.discard()


#: the files other than deltagare and the largest are read in a forked copy when together this large
#: (below it a copy costs more than it saves)
ELSEWHERE_BYTES = 4 << 20


def _size(file: Path) -> int:
    """The file's size in bytes; 0 when it cannot be told (reading it then says why)."""
    try:
        return file.stat().st_size
    except OSError:
        return 0


def _read_all(files: list[tuple[Path, str, str]]) -> list[RawTable | list[Problem]]:
    """:func:`read_raw` of each file, or the problems that say why it cannot be read."""
    out: list[RawTable | list[Problem]] = []
    for file in files:
        try:
            out.append(read_raw(*file))
        except DataError as err:
            out.append(list(err.problems))
    return out


def _load(config: InsatsConfig, log: QualityLog, problems: list[Problem],
          raw: Callable[[str], RawTable]) -> Insats:
    """The tables of the insats from its files as ``raw`` reads them (see :func:`load_insats`)."""

    def checked(build: Callable[[], T]) -> T | None:
        """The table ``build`` makes, or None with its problems noted."""
        try:
            return build()
        except EvaltoolsError as err:
            problems.extend(err.problems)
            return None

    raw_deltagare = checked(lambda: raw("deltagare"))
    deltagare = checked(lambda: participants_table(raw_deltagare, config)) if raw_deltagare else None
    # when deltagare has problems, the other files are still checked against the ids it holds
    known = (set(deltagare["deltagar_id"].to_numpy(dtype=object)) if deltagare is not None else
             set(raw_deltagare.cells["deltagar_id"].values)
             if raw_deltagare and "deltagar_id" in raw_deltagare.cells else set())
    narvaro = form = progression = ekonomi = kartlaggning = None
    if "narvaro" in config.data:
        narvaro, form = checked(lambda: attendance_table(raw("narvaro"), known, log,
                                                         deltagare=deltagare)) or (None, None)
    if "progression" in config.data:
        progression = checked(lambda: progression_table(raw("progression"), known, config, log,
                                                        deltagare=deltagare))
    if "ekonomi" in config.data:
        ekonomi = checked(lambda: economy_table(raw("ekonomi"), log))
    if "kartlaggning" in config.data:
        kartlaggning = checked(lambda: baseline_table(raw("kartlaggning"), known, log))
    if deltagare is not None:
        deltagare = checked(lambda: _check_share_goal_columns(config, deltagare, raw_deltagare.file,
                                                              raw_deltagare.original))
    if problems:
        if all(p.key is not None for p in problems):
            raise ConfigError.several(problems)
        raise DataError(problems)
    return Insats(config, deltagare, narvaro, form, progression, ekonomi, kartlaggning, log.frame())


def _check_share_goal_columns(config: InsatsConfig, deltagare: pd.DataFrame, file: str,
                              written: dict[str, str]) -> pd.DataFrame:
    """Goals of typ andel read a ja/nej column of deltagare: it must exist and hold ja, nej or nothing.
    ``file`` and ``written`` (folded column name -> as written) name the place in messages."""
    for i, goal in enumerate(config.goals):
        if not isinstance(goal, ShareGoal):
            continue
        if goal.kolumn not in deltagare.columns:
            raise ConfigError(config.path, f"kolumnen {goal.kolumn} finns inte i {file}", f"mal[{i}].kolumn")
        if goal.kolumn == "gemensam_planering":
            continue  # already read as ja/nej
        values = deltagare[goal.kolumn]
        problems = []
        folded = []
        for row, value in zip(deltagare["rad"], values):
            if pd.isna(value):
                folded.append(None)
                continue
            key = fold(value)
            key = YES_NO_ALIASES.get(key, key)
            if key not in YES_NO:
                problems.append(Problem(file, f"målet '{goal.namn}' räknar ja/nej i den här kolumnen; "
                                              f"skriv ja, nej eller lämna tomt", int(row),
                                        written.get(goal.kolumn, goal.kolumn)))
            folded.append(key)
        if problems:
            raise DataError(problems)
        deltagare = deltagare.assign(**{goal.kolumn: pd.Series(folded, dtype="str",
                                                               index=deltagare.index)})
    return deltagare
