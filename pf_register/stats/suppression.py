"""Small-number suppression of aggregate statistics (rules document, section 5).

Small counts identify children, so an aggregate export hides them. The rules, in order:

1. **Primary**: a value in one of a table's ``count_columns`` that is above 0 and below the
   threshold becomes the text ``"<N"`` (N the threshold). 0 stays 0: it identifies no one.
2. **Secondary**, against totals: when a table has a total row (first cell "Total" or
   starting "All ") and the total minus the counts shown would pin the hidden counts down
   (one hidden count; or several "<N" adding up to their number, so all 1, or to N - 1
   each), the smallest non-zero count shown in that column is hidden too, as ``"c"`` (it is
   not below the threshold, so "<N" would be untrue), until it no longer does.
2b. **Secondary**, against identities (``StatTable.identities``: open at the start + began -
   ended = open at the end): an identity with exactly one hidden cell gives it away, so the
   first of its other cells, in the order listed, that is a non-zero count shown is hidden
   too, as "c"; again until no identity has exactly one hidden cell (hiding a stock can
   make the neighbouring year's identity give it away in turn).
3. **Derived figures**: in a row where a count was hidden, every other number of the same
   column group is replaced by ``"c"`` (percentages, medians, changes): a percentage of a
   hidden count lets a reader work the count back out. Columns form groups by the text
   before ": " in their names ("This period: %", "This period: due"); columns without ": "
   belong to one group with every count column of the row. Labels and dates stay.

4. **Shares**: a percentage whose numerator and denominator the table records
   (``StatTable.shares``) is hidden, as "c", when the numerator, or the denominator minus the
   numerator, is from 1 to N - 1: "2 of 40" and "38 of 40" both give a small count away.
   A percentage column that is a share of a total the table does not show
   (``StatTable.share_columns``) is hidden whole when any count in the table is hidden.
5. **Free-text labels** (``StatTable.free_text_labels``: a country, an ethnicity): before
   the rules above, rows with a count from 1 to N - 1 are folded into one row "Other (each
   fewer than N)" (their counts added up, its percentage worked out again of the total), so
   that no label tells of a child. "Not recorded" and the total stay as they are.

Tables with ``aggregate=False`` (a child-level list) are returned untouched: they are never
suppressed, and never leave the authority. A chart point that says which table cell it was
drawn from (``Chart.cells``) is hidden, as NaN (a gap), exactly when that cell is; any other
point when it is between 0 and the threshold. A chart with hidden points gets a note saying so.
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


def _protect_identities(
    cells: list[list[Cell]],
    identities: tuple[tuple[tuple[int, int], ...], ...],
    hidden: set[tuple[int, int]],
) -> None:
    """Rule 2b: while an identity has exactly one hidden cell, hide the first other cell of
    it (in its listed order) that is a non-zero count shown."""
    changed = True
    while changed:
        changed = False
        for identity in identities:
            if sum(cell in hidden for cell in identity) != 1:
                continue
            for r, c in identity:
                if (r, c) not in hidden and _is_number(cells[r][c]) and cells[r][c] != 0:
                    cells[r][c] = CONFIDENTIAL
                    hidden.add((r, c))
                    changed = True
                    break


def other_label(threshold: int) -> str:
    return f"Other (each fewer than {threshold})"


def fold_free_text(table: StatTable, threshold: int) -> StatTable:
    """Rule 5: the rows of a free-text table with a small count, folded into one "Other"
    row placed before "Not recorded" and the total. Its counts are the folded rows' added up,
    and a percentage column ("%" in its name) the folded count's share of the total, to one
    decimal place. Shares and references by row index do not survive a fold, so such a
    table has none."""
    if not table.free_text_labels or not table.count_columns or threshold <= 1:
        return table
    first = table.columns.index(table.count_columns[0])
    keep: list[tuple[Cell, ...]] = []
    folded: list[tuple[Cell, ...]] = []
    tail: list[tuple[Cell, ...]] = []  # "Not recorded" and totals stay last, as they were
    for row in table.rows:
        value = row[first]
        if _is_total(row) or row[0] == "Not recorded":
            tail.append(row)
        elif _is_number(value) and 0 < value < threshold:  # type: ignore[operator]
            folded.append(row)
        else:
            keep.append(row)
    if not folded:
        return table
    totals = [row for row in tail if _is_total(row) and _is_number(row[first])]
    other: list[Cell] = [other_label(threshold)]
    for c in range(1, len(table.columns)):
        values = [row[c] for row in folded if _is_number(row[c])]
        if not values:
            other.append(None)
        elif "%" in table.columns[c] and totals and totals[0][first]:
            # A share of the total: worked out again from the folded count.
            count = sum(row[first] for row in folded)  # type: ignore[misc]
            other.append(round(100 * count / totals[0][first], 1))  # type: ignore[operator]
        else:
            other.append(sum(values))  # type: ignore[arg-type]
    return dataclasses.replace(table, rows=(*keep, tuple(other), *tail))


def suppress_table(table: StatTable, threshold: int) -> StatTable:
    """``table`` with small counts and the figures that would reveal them hidden."""
    if not table.aggregate or threshold <= 1:
        return table
    table = fold_free_text(table, threshold)
    count_indexes = [table.columns.index(c) for c in table.count_columns if c in table.columns]
    cells = [list(row) for row in table.rows]
    hidden: set[tuple[int, int]] = set()  # (row, column) of hidden counts
    for r, row in enumerate(cells):
        for c in count_indexes:
            value = row[c]
            if _is_number(value) and 0 < value < threshold:  # type: ignore[operator]
                row[c] = hidden_text(threshold)
                hidden.add((r, c))
    # A total is the table's last row: "All notifications received" inside the headline is a
    # figure of its own, and treating it as a total hid an unrelated count there.
    last = len(table.rows) - 1
    if last > 0 and _is_total(table.rows[last]):
        for c in count_indexes:
            _protect_against_the_total(cells, c, last, threshold, hidden)
    identities = tuple(
        tuple((r, table.columns.index(column)) for r, column in identity)
        for identity in table.identities
    )
    _protect_identities(cells, identities, hidden)
    for r, c in hidden:
        group = _group(table.columns[c])
        for other, name in enumerate(table.columns):
            if other == c or other in count_indexes or not _is_number(cells[r][other]):
                continue
            if _group(name) in (group, ""):
                cells[r][other] = CONFIDENTIAL
    for r, column, part, whole in table.shares:
        c = table.columns.index(column)
        small = [n for n in (part, whole - part) if 0 < n < threshold]
        if small and _is_number(cells[r][c]):
            cells[r][c] = CONFIDENTIAL
    if hidden:
        for column in table.share_columns:
            c = table.columns.index(column)
            for row in cells:
                if _is_number(row[c]):
                    row[c] = CONFIDENTIAL
    return dataclasses.replace(table, rows=tuple(tuple(row) for row in cells))


def _is_hidden(cell: Cell) -> bool:
    return isinstance(cell, str) and (cell == CONFIDENTIAL or cell.startswith("<"))


def hidden_points_note(threshold: int) -> str:
    return (
        f"Some values are not drawn (gaps): they are fewer than {threshold}, or would let a "
        "hidden count be worked out."
    )


def suppress_chart(
    chart: Chart, threshold: int, tables: dict[str, StatTable] | None = None
) -> Chart:
    """Hide a chart's points as gaps (NaN). A point that names the table cell it was drawn
    from (``Chart.cells``) is hidden when that cell is in ``tables`` (the suppressed tables,
    by key); any other point when it is between 0 and the threshold. A chart with a point
    hidden says so in its note."""
    tables = tables or {}
    hid = False

    def hide(s: int, p: int, value: float) -> bool:
        ref = chart.cells[s][p] if s < len(chart.cells) and p < len(chart.cells[s]) else None
        table = tables.get(ref.table) if ref is not None else None
        if ref is not None and table is not None:
            return _is_hidden(table.rows[ref.row][table.columns.index(ref.column)])
        return 0 < value < threshold

    series = []
    for s, (name, values) in enumerate(chart.series):
        shown = []
        for p, value in enumerate(values):
            if not math.isnan(value) and hide(s, p, value):
                hid = True
                shown.append(math.nan)
            else:
                shown.append(value)
        series.append((name, tuple(shown)))
    note = chart.note
    if hid:
        note = f"{note} {hidden_points_note(threshold)}".strip()
    return dataclasses.replace(chart, series=tuple(series), note=note)


def suppress(report: Report, threshold: int) -> Report:
    """The report as an aggregate export shows it: see the module docstring for the rules."""
    if threshold <= 1:  # nothing is below 1 but 0, which is never hidden
        return report
    note = (
        f"Counts from 1 to {threshold - 1} are shown as {hidden_text(threshold)}, and figures "
        f"that would reveal them as {CONFIDENTIAL}, so that no child can be identified."
    )
    tables = tuple(suppress_table(t, threshold) for t in report.tables)
    by_key = {t.key: t for t in tables if t.aggregate}
    return dataclasses.replace(
        report,
        tables=tables,
        charts=tuple(suppress_chart(c, threshold, by_key) for c in report.charts),
        notes=(*report.notes, note),
    )


__all__ = [
    "CONFIDENTIAL",
    "fold_free_text",
    "hidden_points_note",
    "hidden_text",
    "other_label",
    "suppress",
    "suppress_chart",
    "suppress_table",
]
