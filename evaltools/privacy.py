"""Privacy: refusing personnummer, and masking small counts in what is published.

Participant data is sensitive (health, social welfare). Two guards live here:

* :func:`looks_like_personnummer` — a ``deltagar_id`` that looks like a Swedish personnummer or
  samordningsnummer is refused before the file is used, and the value is never printed;
  :func:`contains_personnummer` finds one in any other cell (there a bare 10-digit number must also
  carry a valid check digit, so that ordinary numbers pass).
* :func:`small_cell_mask` — which cells of a result table must not be published because they count
  fewer than ``min_count`` persons (primary suppression), together with every share or interval
  derived from such a count.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["looks_like_personnummer", "contains_personnummer", "small_cell_mask", "safe_value", "Cell",
           "Equation", "complementary_suppression"]

# 10 or 12 digits: optional century, YYMMDD, optional - or +, four digits
_PNR = re.compile(r"^(?P<century>\d{2})?(?P<yy>\d{2})(?P<mm>\d{2})(?P<dd>\d{2})[-+]?(?P<last>\d{4})$")
# inside free text the unmistakable forms: with a separator, or 12 digits starting 19/20 ...
_PNR_IN_TEXT = re.compile(r"(?<!\d)(?:(?:19|20)?\d{6}[-+]\d{4}|(?:19|20)\d{10})(?!\d)")
# ... and 10 bare digits (or YYMMDD and four digits apart), which must also pass the check digit
_BARE_PNR_IN_TEXT = re.compile(r"(?<!\d)(?P<yy>\d{2})(?P<mm>\d{2})(?P<dd>\d{2}) ?(?P<last>\d{4})(?!\d)")


def _valid_date_part(century: str | None, yy: str, mm: str, dd: str) -> bool:
    day = int(dd) - 60 if int(dd) > 60 else int(dd)  # samordningsnummer: the day plus 60
    if century is not None and century not in ("18", "19", "20"):
        return False
    years = [int(century + yy)] if century else [1900 + int(yy), 2000 + int(yy)]
    for year in years:
        try:
            dt.date(year, int(mm), day)
            return True
        except ValueError:
            continue
    return False


def looks_like_personnummer(value: str) -> bool:
    """True for a value shaped like a personnummer or samordningsnummer.

    10 or 12 digits, optionally with ``-`` or ``+`` before the last four, whose date part is a real
    date (for samordningsnummer the day is 61–91). The check digit is not required: refusing a few
    odd pseudonyms is safer than letting one real number through.
    """
    match = _PNR.match(str(value).strip().replace(" ", ""))
    if not match:
        return False
    return _valid_date_part(match["century"], match["yy"], match["mm"], match["dd"])


def _luhn_valid(digits: str) -> bool:
    """Whether the last of ten digits is the Luhn check digit of the first nine (weights 2, 1, 2, …),
    as in every personnummer and samordningsnummer."""
    total = 0
    for i, ch in enumerate(digits[:9]):
        product = int(ch) * (2 - i % 2)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10 == int(digits[9])


def contains_personnummer(text: str) -> bool:
    """True when a cell or free text holds a personnummer or samordningsnummer.

    Found: the forms with ``-`` or ``+`` and 12 digits starting 19 or 20 (a real date part), and 10
    bare digits (``8504121230``, also ``850412 1230``) whose date part is real and whose last digit
    is the valid Luhn check digit. Without the check digit, ten bare digits could be anything.
    """
    text = str(text)
    for found in _PNR_IN_TEXT.finditer(text):
        if looks_like_personnummer(found.group(0)):
            return True
    for found in _BARE_PNR_IN_TEXT.finditer(text):
        if _valid_date_part(None, found["yy"], found["mm"], found["dd"]) and \
                _luhn_valid(found["yy"] + found["mm"] + found["dd"] + found["last"]):
            return True
    return False


def safe_value(text: str, limit: int = 40) -> str:
    """A cell value fit to repeat in an error message: never a personnummer, never very long."""
    text = str(text)
    if looks_like_personnummer(text) or contains_personnummer(text):
        return "(ett värde som liknar ett personnummer; visas inte)"
    return repr(text if len(text) <= limit else text[:limit] + "…")


def small_cell_mask(table: pd.DataFrame, *, min_count: int, counts: Iterable[str] = (),
                    derived: Mapping[str, Iterable[str]] | None = None,
                    group: str | None = None) -> pd.DataFrame:
    """Which cells of ``table`` must not be published.

    Parameters
    ----------
    table
        A result table (numbers, not yet formatted).
    min_count
        A count of persons ``c`` with ``0 < c < min_count`` is masked. ``0`` turns masking off.
    counts
        Columns holding counts of persons; each such cell is judged on its own.
    derived
        ``{column: [count columns]}``: a share, mean or interval is masked in every row where one of
        the counts it is computed from is masked.
    group
        A column with the number of persons a row speaks of; when it is masked, every other cell of
        the row is masked too (a rate about two persons tells about those two persons).

    Returns
    -------
    DataFrame of bool, same index and columns as ``table``: True where the cell must not be shown.
    Text columns are never masked.
    """
    mask = pd.DataFrame(False, index=table.index, columns=table.columns)
    if min_count <= 0:
        return mask

    def small(column: str) -> pd.Series:
        values = pd.to_numeric(table[column], errors="coerce")
        return (values > 0) & (values < min_count)

    for column in counts:
        mask[column] = small(column).to_numpy()
    for column, sources in (derived or {}).items():
        hit = np.zeros(len(table), dtype=bool)
        for source in sources:
            hit |= mask[source].to_numpy()
        mask[column] = mask[column].to_numpy() | hit
    if group is not None:
        rows = small(group).to_numpy()
        numeric = [c for c in table.columns if c != group and pd.api.types.is_numeric_dtype(table[c])
                   and not pd.api.types.is_bool_dtype(table[c])]  # a flag (in the period?) tells nothing
        for column in numeric:
            mask[column] = mask[column].to_numpy() | rows
        mask[group] = mask[group].to_numpy() | rows
    return mask


# ------------------------------------------------------------------ complementary (secondary) suppression

#: a cell of a published table: (table name, row position, column)
Cell = tuple[str, int, str]


@dataclass(frozen=True)
class Equation:
    """Published cells bound by a sum: ``total = sum(members)``.

    ``total`` is ``None`` when the sum is known without a cell (e.g. shares summing to 100 %). Any one
    cell of an equation can be recomputed from the others, so an equation must hold no masked cell or
    at least two.
    """

    members: tuple[Cell, ...]
    total: Cell | None = None
    #: False for a rule that is not a true sum (a column of counts per month, say, whose total is
    #: not published): it still needs 0 or 2+ masked cells, but tells nothing about the values
    exact: bool = True

    @property
    def cells(self) -> tuple[Cell, ...]:
        return self.members + ((self.total,) if self.total is not None else ())


def complementary_suppression(values: Mapping[Cell, float], masked: Iterable[Cell],
                              equations: Iterable[Equation],
                              identities: Iterable[Iterable[Cell]] = (),
                              bounds: Mapping[Cell, tuple[float, float]] | None = None) -> set[Cell]:
    """The cells to mask besides ``masked`` so that no masked cell can be recomputed by subtraction.

    Parameters
    ----------
    values
        The value of every cell that takes part in an equation or identity.
    masked
        Cells already masked (small counts and what is hidden with them).
    equations
        Sums between published cells, within a table (a column and its total) or across tables (the
        absence occasions per reason and all absence occasions).
    identities
        Groups of cells that publish the same number in several places (the participants who ended,
        in the flow table and as a goal's denominator): they are masked together or not at all.

    bounds
        What a reader knows of a masked cell from how it is shown: ``<3`` says 1 or 2. Two such
        cells that must add up to 4 are both 2; an equation whose masked cells are all bounded and
        whose masked sum is at the end of their range gets one more (unbounded) masked cell.

    Returns
    -------
    set of cells masked only to protect another (secondary suppression); ``masked`` is not changed.

    Notes
    -----
    Greedy and deterministic, the usual heuristic of statistical offices' hypercube-free tools:
    while an equation holds exactly one masked cell, mask one more of its cells, chosen by (1) a
    member before the total (totals are what a report is read for), (2) the fewest equations it would
    newly expose minus those it repairs, (3) a non-zero value before a zero (a masked zero beside a
    masked small count protects nothing), (4) the smallest value, (5) the order of the equations.
    """
    groups: dict[Cell, int] = {}
    members_of: list[list[Cell]] = []
    for identity in identities:
        cells = [c for c in identity if c in values]
        known = {groups[c] for c in cells if c in groups}
        if known:
            target = min(known)
            for other in sorted(known - {target}):
                for cell in members_of[other]:
                    groups[cell] = target
                members_of[target].extend(members_of[other])
                members_of[other] = []
        else:
            target = len(members_of)
            members_of.append([])
        for cell in cells:
            if groups.get(cell) != target:
                groups[cell] = target
                members_of[target].append(cell)

    def key(cell: Cell) -> Cell | int:
        return groups.get(cell, cell)  # type: ignore[return-value]

    order: dict[object, int] = {}
    eqs: list[tuple[list[object], object | None]] = []
    exact: list[bool] = []
    for equation in equations:
        if any(c not in values for c in equation.cells):
            continue  # a cell of a table that is not published: nothing to recompute from
        members = list(dict.fromkeys(key(c) for c in equation.members))
        total = key(equation.total) if equation.total is not None else None
        if total in members:
            members.remove(total)
        for k in [*members, total]:
            if k is not None:
                order.setdefault(k, len(order))
        eqs.append((members, total))
        exact.append(equation.exact)
    value_of: dict[object, float] = {}
    for cell, value in values.items():
        k = key(cell)
        value_of[k] = float(value) if not (value is None or (isinstance(value, float) and math.isnan(value))) else 0.0
    hidden = {key(c) for c in masked if c in values}
    start = set(hidden)
    where: dict[object, list[int]] = {}
    for i, (members, total) in enumerate(eqs):
        for k in [*members, *([total] if total is not None else [])]:
            where.setdefault(k, []).append(i)

    known_range = {key(c): b for c, b in (bounds or {}).items() if c in values}

    def count(i: int) -> int:
        members, total = eqs[i]
        return sum(m in hidden for m in members) + (total in hidden if total is not None else 0)

    def cornered(i: int) -> bool:
        """Masked cells that the sum and their shown ranges pin down (all at the top or bottom)."""
        members, total = eqs[i]
        if not exact[i] or (total is not None and total in hidden):
            return False
        inside = [m for m in members if m in hidden]
        if len(inside) < 2 or any(m not in known_range for m in inside):
            return False
        masked_sum = sum(value_of.get(m, 0.0) for m in inside)
        return (masked_sum <= sum(known_range[m][0] for m in inside)
                or masked_sum >= sum(known_range[m][1] for m in inside))

    while True:
        exposed = [i for i in range(len(eqs)) if count(i) == 1 or cornered(i)]
        if not exposed:
            # one masked cell per equation is the common leak; a chain of equations can leak too
            # (two masked cells in each row and column, yet one of them the only link between two
            # groups): ask the linear system itself which masked cells it determines
            # what must stay unknown: the small counts themselves (a number hidden only for their
            # sake may be worked out, as long as they cannot)
            guarded = {k: v for k, v in value_of.items() if k in known_range} if known_range else value_of
            exposed = _determining(eqs, exact, hidden, guarded)
            if not exposed:
                break
        candidates: dict[object, int] = {}
        for i in exposed:
            members, total = eqs[i]
            free = [m for m in members if m not in hidden]
            if free:
                for m in free:
                    candidates[m] = 0
            elif total is not None and total not in hidden:
                candidates.setdefault(total, 1)
        if not candidates:
            break  # cannot happen: an equation with one masked cell has another cell

        def score(k: object) -> tuple:
            opened = sum(count(i) == 0 for i in where.get(k, ()))
            repaired = sum(count(i) == 1 for i in where.get(k, ()))
            value = value_of.get(k, 0.0)
            return (candidates[k], opened - repaired, value == 0, value, order.get(k, 0))

        hidden.add(min(candidates, key=score))

    chosen = hidden - start
    result: set[Cell] = set()
    for k in chosen:
        result.update(members_of[k] if isinstance(k, int) else [k])  # type: ignore[arg-type]
    for k in start:  # a masked cell's identical copies are masked with it
        if isinstance(k, int):
            result.update(c for c in members_of[k] if c not in set(masked))
    return result


def _determining(eqs: list[tuple[list[object], object | None]], exact: list[bool],
                 hidden: set[object], value_of: Mapping[object, float]) -> list[int]:
    """Equations holding a masked cell that the published cells determine exactly (a masked zero
    that can be worked out is no leak: nobody is in it).

    The masked cells are the unknowns of the linear system the equations form; a cell is determined
    when every solution of the homogeneous system is zero in it, i.e. when it is zero in every vector
    of the null space (computed with an SVD: numpy)."""
    unknowns = sorted(hidden, key=repr)
    index = {k: i for i, k in enumerate(unknowns)}
    rows = []
    for (members, total), true_sum in zip(eqs, exact):
        if not true_sum:
            continue
        row = np.zeros(len(unknowns))
        for m in members:
            if m in index:
                row[index[m]] += 1.0
        if total is not None and total in index:
            row[index[total]] -= 1.0
        if row.any():
            rows.append(row)
    if not rows:
        return []
    matrix = np.array(rows)
    _, singular, vt = np.linalg.svd(matrix)
    rank = int((singular > 1e-9 * max(1.0, singular.max())).sum())
    null = vt[rank:]
    determined = {unknowns[i] for i in range(len(unknowns))
                  if (null.shape[0] == 0 or np.abs(null[:, i]).max() < 1e-9) and value_of.get(unknowns[i], 0.0)}
    return [i for i, (members, total) in enumerate(eqs)
            if exact[i] and (any(m in determined for m in members)
                             or (total is not None and total in determined))]
