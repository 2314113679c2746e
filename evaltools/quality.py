"""The data-quality log: every input row left out of a figure, with its reason, never silently.

Rows are named by file and spreadsheet row number (the header is row 1), never by participant id, so
the log can be published beside the report as ``datakvalitet.csv``.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .read import RawTable

__all__ = ["QualityLog", "QUALITY_COLUMNS"]

QUALITY_COLUMNS = ["fil", "rad", "kolumn", "orsak"]


class QualityLog:
    """Collects the rows left out while the tables are read."""

    def __init__(self) -> None:
        self._rows: list[dict[str, object]] = []

    def leave_out(self, raw: RawTable, indices: Iterable[int], reason: str,
                  column: str | None = None) -> None:
        """Record that frame rows ``indices`` (positional) of ``raw`` are left out, and why."""
        for index in indices:
            problem = raw.problem(reason, int(index), column)
            self._rows.append({"fil": problem.file, "rad": problem.row,
                               "kolumn": problem.column or "", "orsak": reason})

    def __len__(self) -> int:
        return len(self._rows)

    def frame(self) -> pd.DataFrame:
        """The log as a table: ``fil``, ``rad``, ``kolumn``, ``orsak``, sorted by file and row."""
        frame = pd.DataFrame(self._rows, columns=QUALITY_COLUMNS)
        frame["rad"] = frame["rad"].astype("int64")
        return frame.sort_values(["fil", "rad", "kolumn"], kind="stable").reset_index(drop=True)
