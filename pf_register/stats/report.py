"""The shapes statistics come in: tables and charts, shared by the screen and every export."""

from __future__ import annotations

from dataclasses import dataclass, field
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
class Chart:
    """A bar or line chart: categories along the bottom, one series per line or bar colour."""

    key: str
    title: str
    kind: str  # "bar" or "line"
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]


@dataclass(frozen=True)
class Report:
    title: str
    period: Period
    tables: tuple[StatTable, ...] = ()
    charts: tuple[Chart, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def table(self, key: str) -> StatTable:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)
