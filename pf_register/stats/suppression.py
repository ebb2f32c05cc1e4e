"""Small-number suppression of aggregate statistics (rules document, section 5).

Small counts identify children, so an aggregate export hides them. The rules, in order:

1. **Primary**: a value in one of a table's ``count_columns`` that is above 0 and below the
   threshold becomes the text ``"<N"`` (N the threshold). 0 stays 0: it identifies no one.
2. **Secondary**, against the sums a report states: a table's total row (first cell
   "Total" or starting "All ") adds up its other rows; ``StatTable.identities`` add up with
   signs (open at the start + began - ended = open at the end; living there at any time =
   open at the start + began; on time + late + not done = due); ``Report.identities`` do
   so across tables (the headline's arrangements that ended = the ended-by-reason total).
   A reader knows a "<N" is 1 to N - 1 and a "c" is N or more (but see 2c and 2d). While
   the sums pin a hidden count to one value (one hidden count; several "<N" adding up to
   their number, so all 1; every hidden cell at its least; or through several sums taken
   together: combined, as a reader subtracting one from another would, and each narrowing
   the others' bounds), one more count is hidden, as ``"c"`` (it is not below
   the threshold, so "<N" would be untrue): first in a sum that tells by itself,
   identities before totals; then in a sum holding a count pinned through several. Of a
   total's rows, the first non-zero count in the table's order (not the smallest: that
   would tell that every count left is at least as big); of an identity, the first
   non-zero count shown in its listed order; and, where nothing else is left, a total.
2c. N - 1 rows of "<N" under a total of "<N" are each 1, and no count is left to hide:
   the column is hidden whole, zeros too, as "c" (here 0 to N - 1).
2d. Anything that still tells hides every count of its tables, as "c" (here anything).
   A count worked out to be 0 does not count: zeros are shown anyway.
3. **Derived figures**: in a row where a count was hidden, every other number of the same
   column group is replaced by ``"c"`` (percentages, medians, changes): a percentage of a
   hidden count lets a reader work the count back out. Columns form groups by the text
   before ": " in their names ("This period: %", "This period: due"); columns without ": "
   belong to one group with every count column of the row. Labels and dates stay.
   A percentage of two counts of its own row (``StatTable.percent_of``: % on time of due)
   is hidden only when either count is, or its numerator or the rest is from 1 to N - 1:
   of counts both shown it gives nothing away. A figure shown in several tables
   (``Report.same_figures``: the first visits' % on time in three) is hidden in all when
   hidden in one.

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
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from pf_register.stats.report import Cell, CellRef, Chart, Report, StatTable

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


Cellkey = tuple[int, int, int]  # (table, row, column) of a report's tables
# A count's sign in an equation: the table's total row adds up its other rows (+1 each, the
# total -1); an identity lists its own (open at the start +1, began +1, ended -1, ...).
Term = tuple[Cellkey, int]
_ROUNDS = 1000  # bound narrowing passes; a consistent set of sums settles in a few


@dataclass
class _Equation:
    """Counts whose signed sum is zero, and the order to hide more of them in."""

    terms: list[Term]
    # A table's total row: its own cell, hidden only as a last resort (its rows are hidden
    # smallest first). None for an identity, whose cells are hidden in their listed order.
    total: Cellkey | None = None


class _Cells:
    """The cells of a report's aggregate tables while they are suppressed: what is hidden,
    what a reader can tell of each hidden count, and the sums that could give one away."""

    def __init__(self, tables: list[StatTable], threshold: int) -> None:
        self.tables = tables
        self.threshold = threshold
        self.cells = [[list(row) for row in t.rows] for t in tables]
        self.hidden: list[set[tuple[int, int]]] = [set() for _ in tables]
        self.equations: list[_Equation] = []
        # What a reader knows of a hidden count before any sum, by how it was hidden: "<N"
        # is 1 to N - 1 and "c" N or more (a count that would otherwise be shown), but a
        # "c" of rule 2c is 0 to N - 1, and one of rule 2d anything.
        self.known: dict[Cellkey, tuple[float, float]] = {}

    def value(self, key: Cellkey) -> Cell:
        t, r, c = key
        return self.cells[t][r][c]

    def is_hidden(self, key: Cellkey) -> bool:
        t, r, c = key
        return (r, c) in self.hidden[t]

    def hide_small(self, key: Cellkey) -> None:
        t, r, c = key
        self.cells[t][r][c] = hidden_text(self.threshold)
        self.hidden[t].add((r, c))
        self.known[key] = (1, self.threshold - 1)

    def hide(self, key: Cellkey, known: tuple[float, float] | None = None) -> None:
        """As "c": a count of N or more, unless ``known`` says what a reader can tell."""
        t, r, c = key
        self.cells[t][r][c] = CONFIDENTIAL
        self.hidden[t].add((r, c))
        self.known[key] = known or (self.threshold, math.inf)

    def add_equation(self, terms: list[Term], *, total: Cellkey | None = None) -> None:
        """A sum the report states. One with a blank cell (no count: a total of nothing) is
        not stated, and tells nothing."""
        assert all(sign in (1, -1) for _, sign in terms), terms
        if all(self.is_hidden(k) or _is_number(self.value(k)) for k, _ in terms):
            self.equations.append(_Equation(terms, total))

    def _bounds(
        self, equations: list[_Equation] | None = None
    ) -> dict[Cellkey, tuple[float, float]]:
        """What a reader can work out of each hidden count from the sums (all, or these).
        The sums are taken together as a reader would: each becomes a linear form in the
        hidden counts, and the forms are also reduced (Gauss-Jordan), so that what follows
        from combining sums (the headline's living there less its stock and flow gives the
        arrangements that ended) is a form of its own. Each form narrows each of its counts
        to what the others' bounds allow, in turn, until none narrows."""
        forms = self._forms(self.equations if equations is None else equations)
        if equations is None:
            forms += _reduced(forms)
        bounds = dict(self.known)
        for _ in range(_ROUNDS):
            narrowed = False
            for form in forms:
                narrowed |= _narrow(form, bounds)
            if not narrowed:
                return bounds
        raise RuntimeError("suppression: the bounds of the hidden counts did not settle")

    def _forms(self, equations: list[_Equation]) -> list[_Form]:
        """Each equation as a linear form in its hidden counts: the shown ones moved over."""
        forms = []
        for equation in equations:
            coefficients: dict[Cellkey, Fraction] = {}
            constant = Fraction(0)
            for key, sign in equation.terms:
                if self.is_hidden(key):
                    coefficients[key] = coefficients.get(key, Fraction(0)) + sign
                else:
                    constant -= sign * self.value(key)  # type: ignore[operator,assignment]
            coefficients = {k: a for k, a in coefficients.items() if a}
            if coefficients:
                forms.append((coefficients, constant))
            elif constant:
                raise ValueError(f"suppression: a stated sum does not hold: {equation.terms}")
        return forms

    def _pinned(self, bounds: dict[Cellkey, tuple[float, float]]) -> set[Cellkey]:
        """The hidden counts worked out to one value, but 0: only a count hidden with its
        column (rule 2c) or table (2d) can be 0, and a 0 identifies no one (rule 1)."""
        return {k for k, (lo, hi) in bounds.items() if lo == hi and lo != 0}

    def protect(self) -> None:
        """Rules 2 to 2d: while the sums pin a hidden count to one value, hide one more
        count. First in a sum that tells by itself (identities before totals: a row that
        tells hides its own count, which then keeps its column's total from telling); then
        in a sum holding a count pinned through several; then in the sums tied to those
        through hidden counts (a pin that comes of combining them). Of a total's rows, the
        smallest non-zero count; of an identity, the first non-zero count in its order; a
        total itself only when nothing else is left. Then rules 2c and 2d."""
        while True:
            alone = sorted(
                (e for e in self.equations if self._pinned(self._bounds([e]))),
                key=lambda e: e.total is not None,
            )
            if alone and self._hide_one_more(alone):
                continue
            pinned = self._pinned(self._bounds())
            if not pinned:
                return
            holding = [e for e in self.equations if any(k in pinned for k, _ in e.terms)]
            tied = self._tied(pinned)
            if (
                self._hide_one_more(holding)
                or self._hide_a_total(holding)
                or self._hide_a_total(tied)
                or self._hide_one_more(tied)
                or self._hide_small_columns(pinned)
                or self._hide_tables(pinned)
            ):
                continue
            return  # every count of every telling sum is hidden already

    def _tied(self, pinned: set[Cellkey]) -> list[_Equation]:
        """The sums joined to the pinned counts through hidden counts, each step a sum
        sharing a hidden count with the last: those a reader combines."""
        reached = set(pinned)
        tied: list[_Equation] = []
        grew = True
        while grew:
            grew = False
            for equation in self.equations:
                if equation in tied:
                    continue
                if any(k in reached for k, _ in equation.terms):
                    tied.append(equation)
                    reached |= {k for k, _ in equation.terms if self.is_hidden(k)}
                    grew = True
        return tied

    def _hide_one_more(self, equations: list[_Equation]) -> bool:
        for equation in equations:
            shown = [k for k, _ in equation.terms if not self.is_hidden(k) and self.value(k) != 0]
            if equation.total is not None:
                # A total's rows, in their order: hiding the smallest would tell a reader
                # that every count still shown in the column is at least as big.
                shown = [k for k in shown if k != equation.total]
            if shown:
                self.hide(shown[0])
                return True
        return False

    def _hide_a_total(self, equations: list[_Equation]) -> bool:
        for equation in equations:
            total = equation.total
            if total is not None and not self.is_hidden(total) and self.value(total) != 0:
                self.hide(total)
                return True
        return False

    def _hide_small_columns(self, pinned: set[Cellkey]) -> bool:
        """Rule 2c: N - 1 rows of "<N" under a total of "<N" are each 1, and no count is
        left to hide: the column is hidden whole, zeros too (a reader can tell each is 0 to
        N - 1)."""
        small, hid = hidden_text(self.threshold), False
        wide = (0, self.threshold - 1)
        for equation in self.equations:
            total = equation.total
            if total is None or self.value(total) != small:
                continue
            if any(k in pinned for k, _ in equation.terms):
                for key, _ in equation.terms:
                    if key != total and self.known.get(key) != wide:
                        self.hide(key, wide)
                        hid = True
        return hid

    def _hide_tables(self, pinned: set[Cellkey]) -> bool:
        """Rule 2d, for anything else that still tells: every count of the tables holding
        it is hidden (a reader can tell only that each is 0 or more)."""
        hid, wide = False, (0, math.inf)
        for t in {t for t, _, _ in pinned}:
            for key in self.count_cells(t):
                if self.known.get(key) != wide:
                    self.hide(key, wide)
                    hid = True
        return hid

    def count_cells(self, t: int) -> list[Cellkey]:
        table = self.tables[t]
        columns = [table.columns.index(c) for c in table.count_columns if c in table.columns]
        return [
            (t, r, c)
            for r in range(len(table.rows))
            for c in columns
            if _is_number(self.cells[t][r][c]) or (r, c) in self.hidden[t]
        ]


# A linear form: the coefficients of hidden counts, and what their weighted sum equals.
_Form = tuple[dict[Cellkey, Fraction], Fraction]


def _reduced(forms: list[_Form]) -> list[_Form]:
    """The forms in reduced row echelon form (exact fractions): each row gives one hidden
    count in terms of counts no other row starts with, so a count the sums fix whatever
    the bounds is a row of its own ('ended = 1')."""
    rows = [(dict(coefficients), constant) for coefficients, constant in forms]
    keys = sorted({k for coefficients, _ in rows for k in coefficients})
    done = 0
    for key in keys:
        pivot = next((i for i in range(done, len(rows)) if rows[i][0].get(key)), None)
        if pivot is None:
            continue
        rows[done], rows[pivot] = rows[pivot], rows[done]
        coefficients, constant = rows[done]
        scale = coefficients[key]
        coefficients = {k: a / scale for k, a in coefficients.items()}
        rows[done] = (coefficients, constant / scale)
        for i, (other, other_constant) in enumerate(rows):
            factor = other.get(key)
            if i == done or not factor:
                continue
            merged = dict(other)
            for k, a in coefficients.items():
                merged[k] = merged.get(k, Fraction(0)) - factor * a
            rows[i] = (
                {k: a for k, a in merged.items() if a},
                other_constant - factor * rows[done][1],
            )
        done += 1
    return [row for row in rows[:done] if row[0]]


def _narrow(form: _Form, bounds: dict[Cellkey, tuple[float, float]]) -> bool:
    """Narrow each count of ``form`` (sum of coefficient x count = constant) to what the
    others' bounds allow. Infinite bounds (a "c" has no most) are kept apart from the exact
    fractions."""
    coefficients, constant = form
    # Each term's least and most: a_i * x_i for x_i at its bounds.
    spans = []
    for key, a in coefficients.items():
        lo, hi = bounds[key]
        ends = (
            a * lo if math.isfinite(lo) else -a * math.inf,
            a * hi if math.isfinite(hi) else a * math.inf,
        )
        spans.append((min(ends), max(ends)))
    narrowed = False
    for j, (key, a) in enumerate(coefficients.items()):
        rest_least = _total(least for i, (least, _) in enumerate(spans) if i != j)
        rest_most = _total(most for i, (_, most) in enumerate(spans) if i != j)
        # a * x = constant - rest, rest between its least and most
        left = (constant - rest_most, constant - rest_least)
        low, high = sorted(e / a if math.isfinite(e) else e * (1 if a > 0 else -1) for e in left)
        lo, hi = bounds[key]
        new = (
            max(lo, math.ceil(low)) if math.isfinite(low) else lo,
            min(hi, math.floor(high)) if math.isfinite(high) else hi,
        )
        if new[0] > new[1]:  # the true counts break the sums: a sum stated wrongly
            raise ValueError(f"suppression: the stated sums do not hold: {form}")
        if new != (lo, hi):
            bounds[key] = new
            narrowed = True
    return narrowed


def _total(values: Iterable[Fraction | float]) -> Fraction | float:
    """A sum of exact fractions and infinities of one sign (never inf - inf here)."""
    total: Fraction | float = Fraction(0)
    for value in values:
        total = (
            value if not math.isfinite(value) else total + value if math.isfinite(total) else total
        )
    return total


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
    (suppressed,) = _suppress_tables((table,), threshold)
    return suppressed


def _suppress_tables(
    tables: tuple[StatTable, ...],
    threshold: int,
    identities: tuple[tuple[tuple[CellRef, int], ...], ...] = (),
    same_figures: tuple[tuple[CellRef, ...], ...] = (),
) -> tuple[StatTable, ...]:
    """The rules of the module docstring, over every aggregate table of a report at once:
    ``identities`` and ``same_figures`` tie cells of different tables (``Report``)."""
    if threshold <= 1:
        return tables
    tables = tuple(fold_free_text(t, threshold) if t.aggregate else t for t in tables)
    work = _Cells(list(tables), threshold)
    counts = [
        [t.columns.index(c) for c in t.count_columns if c in t.columns] if t.aggregate else []
        for t in tables
    ]
    for t in range(len(tables)):  # rule 1
        for key in work.count_cells(t):
            value = work.value(key)
            if _is_number(value) and 0 < value < threshold:  # type: ignore[operator]
                work.hide_small(key)
    # Rule 2: a total is the table's last row ("All notifications received" inside the
    # headline is a figure of its own, and treating it as a total hid an unrelated count).
    for t, table in enumerate(tables):
        last = len(table.rows) - 1
        if last > 0 and _is_total(table.rows[last]):
            for c in counts[t]:
                rows = [((t, r, c), 1) for r in range(last)]
                work.add_equation([*rows, ((t, last, c), -1)], total=(t, last, c))
    # Rule 2b: the identities, each table's, then the report's across tables.
    for t, table in enumerate(tables):
        if table.aggregate:
            for own in table.identities:
                work.add_equation(
                    [((t, r, table.columns.index(col)), sign) for r, col, sign in own]
                )
    keys = {t.key: i for i, t in enumerate(tables) if t.aggregate}
    for across in identities:
        if all(ref.table in keys for ref, _ in across):
            work.add_equation([(_key(tables, keys, ref), sign) for ref, sign in across])
    work.protect()
    for t, table in enumerate(tables):
        if table.aggregate:
            _hide_derived(table, work.cells[t], work.hidden[t], counts[t], threshold)
    for group in same_figures:  # rule 3: the same figure hidden everywhere it is shown
        refs = [_key(tables, keys, ref) for ref in group if ref.table in keys]
        if any(_is_hidden(work.value(k)) for k in refs):
            for t, r, c in refs:
                if _is_number(work.cells[t][r][c]):
                    work.cells[t][r][c] = CONFIDENTIAL
    return tuple(
        dataclasses.replace(table, rows=tuple(tuple(row) for row in work.cells[t]))
        if table.aggregate
        else table
        for t, table in enumerate(tables)
    )


def _key(tables: tuple[StatTable, ...], keys: dict[str, int], ref: CellRef) -> Cellkey:
    """Where ``ref`` is; row -1 is the last (a total, wherever a fold left it)."""
    t = keys[ref.table]
    row = ref.row if ref.row >= 0 else len(tables[t].rows) + ref.row
    return (t, row, tables[t].columns.index(ref.column))


def _hide_derived(
    table: StatTable,
    cells: list[list[Cell]],
    hidden: set[tuple[int, int]],
    counts: list[int],
    threshold: int,
) -> None:
    """Rules 3 and 4: the figures that would reveal a hidden count, and the shares that
    would give a small one away."""
    own = {table.columns.index(pc) for pc, _, _ in table.percent_of}  # (see below)
    for r, c in hidden:
        group = _group(table.columns[c])
        for other, name in enumerate(table.columns):
            if other == c or other in counts or other in own or not _is_number(cells[r][other]):
                continue
            if _group(name) in (group, ""):
                cells[r][other] = CONFIDENTIAL
    for pc, part_column, whole_column in table.percent_of:
        c, p, w = (table.columns.index(n) for n in (pc, part_column, whole_column))
        for r, raw in enumerate(table.rows):  # the counts before any was hidden
            numerator, denominator = raw[p], raw[w]
            gives_away = (r, p) in hidden or (r, w) in hidden
            if _is_number(numerator) and _is_number(denominator):
                rest = denominator - numerator  # type: ignore[operator]
                gives_away |= any(0 < n < threshold for n in (numerator, rest))  # type: ignore[operator]
            if gives_away and _is_number(cells[r][c]):
                cells[r][c] = CONFIDENTIAL
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
    tables = _suppress_tables(report.tables, threshold, report.identities, report.same_figures)
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
