"""The shapes statistics come in: tables and charts, shared by the screen and every export."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from pf_register.stats.period import Period

Cell = str | int | float | date | None


@dataclass(frozen=True)
class StatTable:
    """One table of figures.

    ``count_columns`` name the columns holding counts of children or cases: aggregate
    exports hide those below the suppression threshold as "<N". A child-level list sets
    ``aggregate=False``: it is never suppressed, and never leaves the authority.
    """

    key: str  # a stable identifier (sheet names, tests)
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    count_columns: tuple[str, ...] = ()
    note: str = ""  # how the figures are defined, shown under the table
    aggregate: bool = True
    # Percentages of counts of children: (row index, column, numerator, denominator). An
    # export hides such a percentage when the numerator, or the denominator minus it, is a
    # small count: either could be worked back out from the percentage.
    shares: tuple[tuple[int, str, int, int], ...] = ()
    # Percentage columns that are shares of a total the table does not show: an export
    # hides the whole column when any count of the table is hidden (the shown shares would
    # give the total away, and with it the hidden count).
    share_columns: tuple[str, ...] = ()
    # Percentages worked out in their own row, as (percentage column, numerator column,
    # denominator column): an export hides one when either count is hidden, or the
    # numerator or the denominator minus it is small; not merely because the row hides
    # another count (a % on time of counts both shown gives nothing away).
    percent_of: tuple[tuple[str, str, str], ...] = ()
    # Row labels typed as free text (a country, an ethnicity): an export folds the rows with
    # a small count into one "Other" row, so that a label alone does not tell of a child.
    free_text_labels: bool = False
    # Counts that add up, with signs, to zero (open at the start + began - ended - open at
    # the end = 0), as (row index, column, +1 or -1): an export hides more of them while the
    # others would give a hidden one away. Listed in the order to hide them in: the flows
    # (began, ended) before the stocks, so that tables showing the same year hide the same
    # cells. A table's total row adds up its rows without being listed here.
    identities: tuple[tuple[tuple[int, str, int], ...], ...] = ()

    def column(self, name: str) -> list[Cell]:
        index = self.columns.index(name)
        return [row[index] for row in self.rows]

    def row(self, first_cell: Cell) -> tuple[Cell, ...]:
        """The row whose first cell is ``first_cell`` (a label), for tests and lookups."""
        for row in self.rows:
            if row[0] == first_cell:
                return row
        raise KeyError(first_cell)


@dataclass(frozen=True)
class CellRef:
    """One cell of a table of the same report: the table's key, the row's index, the column."""

    table: str
    row: int
    column: str


@dataclass(frozen=True)
class Chart:
    """A bar or line chart: categories along the bottom, one series per line or bar colour.

    ``cells``, when given, holds for each series (in order) the table cell each point was
    drawn from, one per category (None: a point from no table). An export hides a point
    exactly when its cell is hidden. ``note`` is shown with the chart (an export says there
    when points are hidden)."""

    key: str
    title: str
    kind: str  # "bar" or "line"
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    cells: tuple[tuple[CellRef | None, ...], ...] = ()
    note: str = ""


def column_cells(table: str, column: str, rows: int) -> tuple[CellRef, ...]:
    """References to the first ``rows`` cells of a column: a chart series drawn from it."""
    return tuple(CellRef(table, r, column) for r in range(rows))


@dataclass(frozen=True)
class Report:
    title: str
    period: Period
    tables: tuple[StatTable, ...] = ()
    charts: tuple[Chart, ...] = ()
    notes: tuple[str, ...] = field(default=())
    # As ``StatTable.identities``, across tables: counts that add up, with signs, to zero
    # (the headline's arrangements that ended, less the total of the ended-by-reason table).
    identities: tuple[tuple[tuple[CellRef, int], ...], ...] = ()
    # Cells of different tables that show the same figure, not a count (a percentage in the
    # rates compared and in the trend): an export hides every one of them when it hides one.
    same_figures: tuple[tuple[CellRef, ...], ...] = ()

    def table(self, key: str) -> StatTable:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)

    def split_restricted(self) -> tuple[Report, tuple[StatTable, ...]]:
        """The report of aggregate tables only, to show or share, and the tables that never
        leave the authority (``aggregate=False``: a child-level list)."""
        restricted = tuple(t for t in self.tables if not t.aggregate)
        if not restricted:
            return self, ()
        aggregate = tuple(t for t in self.tables if t.aggregate)
        return replace(self, tables=aggregate), restricted
