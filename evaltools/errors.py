"""One exception family for everything a user can get wrong, with messages in Swedish.

Every message names where the problem is: the file, the row and the column for data, the key path for
``insats.yaml``. Rows are numbered as a spreadsheet shows them (the header is row 1), so the evaluator
can go straight to the cell. Messages never repeat a participant id.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["EvaltoolsError", "ConfigError", "DataError", "Problem"]

MAX_LISTED_PROBLEMS = 15


class EvaltoolsError(Exception):
    """Base of every error evaltools raises about its input; ``str(err)`` is the message for the user."""


@dataclass(frozen=True)
class Problem:
    """One problem in one place of a data file."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"rad {self.row}")
        if self.column is not None:
            where.append(f"kolumn {self.column}")
        return f"{', '.join(where)}: {self.message}"


class DataError(EvaltoolsError):
    """A data file cannot be used as it is; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        if not problems:
            raise ValueError("DataError needs at least one problem")
        self.problems = list(problems)
        lines = [str(p) for p in self.problems[:MAX_LISTED_PROBLEMS]]
        rest = len(self.problems) - MAX_LISTED_PROBLEMS
        if rest > 0:
            lines.append(f"… och {rest} problem till av samma slag.")
        super().__init__("\n".join(lines))

    @classmethod
    def single(cls, file: str | Path, message: str, row: int | None = None,
               column: str | None = None) -> DataError:
        return cls([Problem(_name(file), message, row, column)])


class ConfigError(EvaltoolsError):
    """``insats.yaml`` is missing, unreadable or has a key with a wrong value."""

    def __init__(self, file: str | Path, message: str, key: str | None = None):
        self.file = _name(file)
        self.key = key
        self.detail = message
        where = f"{self.file}, nyckeln '{key}'" if key else self.file
        super().__init__(f"{where}: {message}")


def _name(file: str | Path) -> str:
    return Path(file).name if isinstance(file, Path) else file
