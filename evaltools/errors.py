"""One exception family for everything a user can get wrong, with messages in Swedish.

Every message names where the problem is: the file, the row and the column for data, the key path for
``insats.yaml``. Rows are numbered as a spreadsheet shows them (the header is row 1), so the evaluator
can go straight to the cell. Messages never repeat a participant id.

Every error carries its :class:`Problem` s, so that ``evaltools kontrollera`` can list all of them,
grouped by file, whatever file they are in.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["EvaltoolsError", "ConfigError", "DataError", "Problem", "by_file", "nearest"]

#: how many problems of one file the message of an error lists (``kontrollera`` lists them all)
MAX_LISTED_PROBLEMS = 15


@dataclass(frozen=True)
class Problem:
    """One problem in one place: a cell, a row or a whole data file, or a key of ``insats.yaml``."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    key: str | None = None  # a key path of insats.yaml: ``mal[1].malvarde``

    def place(self) -> str:
        """Where in the file, without the file: ``rad 3, kolumn kon`` or ``nyckeln 'sprak'``."""
        where = []
        if self.key is not None:
            where.append(f"nyckeln '{self.key}'")
        if self.row is not None:
            where.append(f"rad {self.row}")
        if self.column is not None:
            where.append(f"kolumn {self.column}")
        return ", ".join(where)

    def __str__(self) -> str:
        place = self.place()
        return f"{self.file}{', ' + place if place else ''}: {self.message}"


class EvaltoolsError(Exception):
    """Base of every error evaltools raises about its input; ``str(err)`` is the message for the user.

    ``problems`` lists each problem with its place (empty for an error that has no place in a file).
    """

    def __init__(self, message: str, problems: Sequence[Problem] = ()):
        super().__init__(message)
        self.problems = list(problems)


class DataError(EvaltoolsError):
    """Data files cannot be used as they are; carries every problem found, not just the first."""

    def __init__(self, problems: Sequence[Problem]):
        if not problems:
            raise ValueError("DataError needs at least one problem")
        super().__init__(_listing(problems), problems)

    @classmethod
    def single(cls, file: str | Path, message: str, row: int | None = None,
               column: str | None = None) -> DataError:
        return cls([Problem(_name(file), message, row, column)])


class ConfigError(EvaltoolsError):
    """``insats.yaml`` is missing, unreadable or has keys with wrong values.

    ``key`` and ``detail`` are those of the first problem.
    """

    def __init__(self, file: str | Path, message: str, key: str | None = None,
                 more: Sequence[Problem] = ()):
        first = Problem(_name(file), message, key=key)
        problems = [first, *more]
        self.file = first.file
        self.key = key
        self.detail = message
        super().__init__(_listing(problems), problems)

    @classmethod
    def several(cls, problems: Sequence[Problem]) -> ConfigError:
        """One error for several problems of insats.yaml (the first one gives ``key`` and ``detail``)."""
        first, *more = problems
        return cls(first.file, first.message, first.key, more)


def by_file(problems: Iterable[Problem]) -> dict[str, list[Problem]]:
    """The problems grouped by file, files in the order they were met, problems in their order."""
    groups: dict[str, list[Problem]] = {}
    for problem in problems:
        groups.setdefault(problem.file, []).append(problem)
    return groups


def nearest(word: str, options: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The option closest to a misspelt ``word`` (``"kvina"`` -> ``"kvinna"``), or None when no option
    is close; for the "menade du …?" of a message. Uses :func:`difflib.get_close_matches`."""
    found = difflib.get_close_matches(word, [o for o in options if o], n=1, cutoff=cutoff)
    return found[0] if found else None


def _listing(problems: Sequence[Problem]) -> str:
    """One line per problem, at most :data:`MAX_LISTED_PROBLEMS` per file."""
    groups = by_file(problems)
    lines = []
    for file, found in groups.items():
        lines += [str(p) for p in found[:MAX_LISTED_PROBLEMS]]
        rest = len(found) - MAX_LISTED_PROBLEMS
        if rest > 0:
            lines.append(f"… och {rest} problem till av samma slag." if len(groups) == 1 else
                         f"… och {rest} problem till i {file}.")
    return "\n".join(lines)


def _name(file: str | Path) -> str:
    return Path(file).name if isinstance(file, Path) else file
