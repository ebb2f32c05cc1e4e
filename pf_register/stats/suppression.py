"""Small-number suppression of aggregate statistics (rules document, section 5).

Small counts identify children, so an aggregate export hides them. The rules, in order:

1. **Primary**: a value in one of a table's ``count_columns`` that is above 0 and below the
   threshold becomes the text ``"<N"`` (N the threshold). 0 stays 0: it identifies no one.
2. **Secondary**, against totals: when a table has a total row (first cell "Total" or
   starting "All ") and the total minus the counts shown would pin the hidden counts down
   (one hidden count; or several "<N" adding up to their number, so all 1, or to N - 1
   each), the smallest non-zero count shown in that column is hidden too, as ``"c"`` (it is
   not below the threshold, so "<N" would be untrue), until it no longer does.
3. **Derived figures**: in a row where a count was hidden, every other number of the same
   column group is replaced by ``"c"`` (percentages, medians, changes): a percentage of a
   hidden count lets a reader work the count back out. Columns form groups by the text
   before ": " in their names ("This period: %", "This period: due"); columns without ": "
   belong to one group with every count column of the row. Labels and dates stay.

Tables with ``aggregate=False`` (a child-level list) are returned untouched: they are never
suppressed, and never leave the authority. Chart values between 0 and the threshold become
NaN, drawn as gaps, because a chart shows them as plainly as a table; a chart point drawn from
a table cell (category = the row's first cell, series name = the column) is hidden exactly
when that cell is, so a percentage chart hides what its table hides.
"""

from __future__ import annotations

import dataclasses
import math

from pf_register.stats.report import Cell, Chart, Report, StatTable

CONFIDENTIAL = "c"  # the Government Statistical Service's mark for a hidden figure


def hidden_text(threshold: int) -> str:
    return f"<{threshold}"


def _is_number(value: Cell) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_total(row: tuple[Cell, ...]) -> bool:
    first = row[0]
    return isinstance(first, str) and (first == "Total" or first.startswith("All "))


def _group(column: str) -> str:
    head, sep, _ = column.partition(": ")
    return head if sep else ""


def _protect_against_the_total(
    cells: list[list[Cell]], c: int, total_row: int, threshold: int, hidden: set[tuple[int, int]]
) -> None:
    """Hide more cells of column ``c`` (as "c") while the total still pins down the hidden
    ones: the total minus the cells shown is what the hidden ones add up to, and that sum
    can leave only one possibility (one hidden cell; or every "<N" cell at 1, or all at
    N - 1; or every cell at its least). Each round hides the smallest non-zero count shown."""
    total = cells[total_row][c]
    if not _is_number(total):
        return  # a hidden total pins nothing down
    parts = [r for r in range(len(cells)) if r != total_row]
    while True:
        primary = [r for r in parts if (r, c) in hidden and cells[r][c] != CONFIDENTIAL]
        secondary = [r for r in parts if (r, c) in hidden and cells[r][c] == CONFIDENTIAL]
        if not primary and not secondary:
            return
        shown = [r for r in parts if (r, c) not in hidden and _is_number(cells[r][c])]
        rest = total - sum(cells[r][c] for r in shown)  # type: ignore[operator,misc]
        kp, ks = len(primary), len(secondary)
        if kp + ks == 1:
            unique = True
        elif ks == 0:
            unique = rest in (kp, kp * (threshold - 1))
        else:
            unique = rest == kp + ks * threshold
        candidates = [r for r in shown if cells[r][c] != 0]
        if not unique or not candidates:
            return
        smallest = min(candidates, key=lambda r: cells[r][c])  # type: ignore[arg-type,return-value]
        cells[smallest][c] = CONFIDENTIAL
        hidden.add((smallest, c))


def suppress_table(table: StatTable, threshold: int) -> StatTable:
    """``table`` with small counts and the figures that would reveal them hidden."""
    if not table.aggregate or threshold <= 1:
        return table
    count_indexes = [table.columns.index(c) for c in table.count_columns if c in table.columns]
    cells = [list(row) for row in table.rows]
    hidden: set[tuple[int, int]] = set()  # (row, column) of hidden counts
    for r, row in enumerate(cells):
        for c in count_indexes:
            value = row[c]
            if _is_number(value) and 0 < value < threshold:  # type: ignore[operator]
                row[c] = hidden_text(threshold)
                hidden.add((r, c))
    totals = [r for r, row in enumerate(table.rows) if _is_total(row)]
    if totals:
        for c in count_indexes:
            _protect_against_the_total(cells, c, totals[0], threshold, hidden)
    for r, c in hidden:
        group = _group(table.columns[c])
        for other, name in enumerate(table.columns):
            if other == c or other in count_indexes or not _is_number(cells[r][other]):
                continue
            if _group(name) in (group, ""):
                cells[r][other] = CONFIDENTIAL
    return dataclasses.replace(table, rows=tuple(tuple(row) for row in cells))


def _is_hidden(cell: Cell) -> bool:
    return isinstance(cell, str) and (cell == CONFIDENTIAL or cell.startswith("<"))


def suppress_chart(
    chart: Chart, threshold: int, cells: dict[tuple[Cell, str], Cell] | None = None
) -> Chart:
    """Hide a chart's points as gaps (NaN). A point drawn from a table cell (its category is
    the cell's row label and its series name the cell's column) is hidden when that cell is;
    any other point when it is between 0 and the threshold."""
    cells = cells or {}

    def hide(category: str, name: str, value: float) -> bool:
        cell = cells.get((category, name))
        if cell is not None:
            return _is_hidden(cell)
        return 0 < value < threshold

    series = tuple(
        (
            name,
            tuple(
                math.nan if hide(category, name, v) else v
                for category, v in zip(chart.categories, values, strict=False)
            ),
        )
        for name, values in chart.series
    )
    return dataclasses.replace(chart, series=series)


def suppress(report: Report, threshold: int) -> Report:
    """The report as an aggregate export shows it: see the module docstring for the rules."""
    if threshold <= 1:  # nothing is below 1 but 0, which is never hidden
        return report
    note = (
        f"Counts from 1 to {threshold - 1} are shown as {hidden_text(threshold)}, and figures "
        f"that would reveal them as {CONFIDENTIAL}, so that no child can be identified."
    )
    tables = tuple(suppress_table(t, threshold) for t in report.tables)
    cells = {
        (row[0], column): cell
        for table in tables
        if table.aggregate
        for row in table.rows
        for column, cell in zip(table.columns, row, strict=True)
    }
    return dataclasses.replace(
        report,
        tables=tables,
        charts=tuple(suppress_chart(c, threshold, cells) for c in report.charts),
        notes=(*report.notes, note),
    )


__all__ = ["CONFIDENTIAL", "hidden_text", "suppress", "suppress_chart", "suppress_table"]
