"""No hidden count of an exported report can be worked back out from the figures shown.

A reader knows the rules: "<5" is 1 to 4, "c" is a count of 5 or more, and the report says
how its figures add up (a table's total; open at the start + began - ended = open at the
end; living there at any time = open at the start + began; on time + late + not done = due)
and shows some figures in more than one table (the headline's arrangements that ended and
the total of the ended-by-reason table). Each such sum, with the bounds of its hidden
counts, must leave every hidden count more than one possible value.
"""

from __future__ import annotations

import dataclasses
import math
import random
from collections.abc import Iterator
from datetime import date
from fractions import Fraction

import pytest

from pf_register.demo import build_demo
from pf_register.register import Register
from pf_register.stats import Period, Report
from pf_register.stats.annual import annual_report
from pf_register.stats.awareness import awareness_report
from pf_register.stats.period import financial_year, month, quarter
from pf_register.stats.report import CellRef, StatTable
from pf_register.stats.suppression import suppress, suppress_table

THRESHOLD = 5
Ref = tuple[str, int, str]  # table key, row, column


def _equations(report: Report, *, totals_only: bool = False) -> list[list[tuple[Ref, int]]]:
    """Every sum the report states, as signed cells that add up to zero (a table's total
    last)."""
    tables = {t.key: t for t in report.tables if t.aggregate}
    sums: list[list[tuple[Ref, int]]] = []
    for t in tables.values():
        last = len(t.rows) - 1
        label = t.rows[last][0] if t.rows else None
        if last > 0 and isinstance(label, str) and (label == "Total" or label.startswith("All ")):
            for column in t.count_columns:
                rows = [((t.key, r, column), 1) for r in range(last)]
                sums.append([*rows, ((t.key, last, column), -1)])
        if not totals_only:
            sums += [[((t.key, r, c), sign) for r, c, sign in i] for i in t.identities]
    if totals_only:
        return sums

    def ref(cell: CellRef) -> Ref:
        rows = len(tables[cell.table].rows)
        return (cell.table, cell.row if cell.row >= 0 else rows + cell.row, cell.column)

    sums += [[(ref(cell), sign) for cell, sign in i] for i in report.identities]
    # And what this test knows the figures mean, whether or not the report says so.
    this = report.period.label
    known = [
        (("headline", 0, this), ("notifications_by_source", -1, "New arrangements notified")),
        (("headline", 4, this), ("ended_by_reason", -1, "Arrangements")),
        (("headline", 0, this), ("notice_timeliness", -1, "Notices")),
        (("headline", 6, this), ("children_by_sex", -1, "Children")),
        (("by_month", -1, "Enquiries"), ("by_outcome", -1, "Enquiries")),
        (("by_month", -1, "Notifications"), ("by_area", -1, "Notifications")),
        (("by_sector", -1, "Confirmed private fostering"), ("by_outcome", 2, "Enquiries")),
    ]
    for a, b in known:
        if all(t in tables and c in tables[t].columns for t, _, c in (a, b)):
            sums.append([(ref(CellRef(*a)), 1), (ref(CellRef(*b)), -1)])
    return sums


def _given_away(report: Report, raw: Report | None = None) -> list[str]:
    """The hidden counts the stated sums, taken together, pin down to a single value; and,
    given the figures before suppression, any true count outside what a reader is told it
    can be (the reader's model would be wrong)."""
    tables = {t.key: t for t in report.tables}

    def cell(ref: Ref) -> object:
        table = tables[ref[0]]
        return table.rows[ref[1]][table.columns.index(ref[2])]

    equations = _equations(report)
    totals = _equations(report, totals_only=True)
    # Under a total of "<N", a "c" is 0 to N - 1 (the column is hidden whole); else N or more.
    whole_column = {
        ref
        for equation in totals
        if str(cell(equation[-1][0])).startswith("<")
        for ref, _ in equation[:-1]
    }
    bounds: dict[Ref, tuple[float, float]] = {}
    for equation in equations:
        for ref, _ in equation:
            value = cell(ref)
            if value == "c":
                bounds[ref] = (0, THRESHOLD - 1) if ref in whole_column else (THRESHOLD, math.inf)
            elif isinstance(value, str) and value.startswith("<"):
                bounds[ref] = (1, THRESHOLD - 1)
    # Each sum as a form in the hidden counts (sum of a * x = b), and the forms reduced as
    # a reader combining sums would (Gauss-Jordan), so what follows from two sums together
    # is a form of its own.
    forms: list[tuple[dict[Ref, Fraction], Fraction]] = []
    for equation in equations:
        coefficients: dict[Ref, Fraction] = {}
        for ref, sign in equation:
            if ref in bounds:
                coefficients[ref] = coefficients.get(ref, Fraction(0)) + sign
        constant = -sum(
            (Fraction(sign * cell(ref)) for ref, sign in equation if ref not in bounds),  # type: ignore[operator]
            Fraction(0),
        )
        forms.append(({r: a for r, a in coefficients.items() if a}, constant))
    rows = [(dict(c), b) for c, b in forms if c]
    for ref in sorted(bounds):  # eliminate each hidden count in turn
        pivot = next((row for row in rows if row[0].get(ref)), None)
        if pivot is None:
            continue
        a = pivot[0][ref]
        unit = ({r: c / a for r, c in pivot[0].items()}, pivot[1] / a)
        forms.append(unit)
        rows = [
            (
                {
                    r: row[0].get(r, 0) - row[0].get(ref, 0) * unit[0].get(r, 0)
                    for r in {*unit[0], *row[0]}
                },
                row[1] - row[0].get(ref, 0) * unit[1],
            )
            for row in rows
            if row is not pivot
        ]
        rows = [({r: c for r, c in row[0].items() if c}, row[1]) for row in rows]
    for _ in range(500):  # each form narrows its hidden counts to what the others allow
        narrowed = False
        for coefficients, constant in forms:
            for ref, a in coefficients.items():
                rest = [(r, c) for r, c in coefficients.items() if r != ref]
                least = sum(float(c) * (bounds[r][0] if c > 0 else bounds[r][1]) for r, c in rest)
                most = sum(float(c) * (bounds[r][1] if c > 0 else bounds[r][0]) for r, c in rest)
                ends = sorted(
                    ((float(constant) - most) / float(a), (float(constant) - least) / float(a))
                )
                lo, hi = bounds[ref]
                low = math.ceil(ends[0] - 1e-9) if math.isfinite(ends[0]) else lo
                high = math.floor(ends[1] + 1e-9) if math.isfinite(ends[1]) else hi
                new = (max(lo, low), min(hi, high))
                if new != (lo, hi) and new[0] <= new[1]:
                    bounds[ref] = new
                    narrowed = True
        if not narrowed:
            break
    # A count worked out to be 0 gives no one away (zeros are shown, rule 1).
    found = [f"{ref} = {lo}" for ref, (lo, hi) in bounds.items() if lo == hi and lo != 0]
    if raw is not None:
        before = {t.key: t for t in raw.tables}
        for (key, row, column), (lo, hi) in bounds.items():
            label = tables[key].rows[row][0]
            match = [r for r in before[key].rows if r[0] == label]
            if match:
                true = match[0][before[key].columns.index(column)]
                if not lo <= true <= hi:  # type: ignore[operator]
                    found.append(f"{(key, label, column)} is {true}, not {lo} to {hi}")
    return found


def _same_figures_alike(report: Report) -> list[str]:
    tables = {t.key: t for t in report.tables}
    unlike = []
    for group in report.same_figures:
        shown = []
        for ref in group:
            table = tables[ref.table]
            row = ref.row if ref.row >= 0 else len(table.rows) + ref.row
            shown.append(table.rows[row][table.columns.index(ref.column)] != "c")
        if len(set(shown)) > 1:
            unlike.append(repr(group))
    return unlike


def _holds(report: Report) -> list[str]:
    """The sums the report states that its own figures do not meet (a wrong declaration)."""
    tables = {t.key: t for t in report.tables}
    wrong = []
    for equation in _equations(report):
        total = 0
        for (key, row, column), sign in equation:
            value = tables[key].rows[row][tables[key].columns.index(column)]
            total += sign * (value if isinstance(value, int) else 0)
        if total:
            wrong.append(repr(equation))
    return wrong


@pytest.fixture(scope="module")
def registers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Register]]:
    """Two fictional registers: ten small years, and six busier ones."""
    folder = tmp_path_factory.mktemp("disclosure")
    build_demo(folder / "small.db", seed=1, cases=150, years=10, as_of=date(2026, 5, 1))
    build_demo(folder / "busy.db", seed=3, cases=300, years=6, as_of=date(2026, 11, 27))
    small = Register.open(folder / "small.db", today=lambda: date(2026, 5, 1))
    busy = Register.open(folder / "busy.db", today=lambda: date(2026, 11, 27))
    yield {"small": small, "busy": busy}
    small.close()
    busy.close()


PERIODS: list[tuple[str, Period]] = [
    *(("small", financial_year(y)) for y in range(2017, 2026)),
    *(("small", quarter(2024, q)) for q in (1, 2, 3, 4)),
    *(("busy", financial_year(y)) for y in range(2021, 2027)),
    *(("busy", quarter(y, q)) for y in (2025, 2026) for q in (1, 2, 3)),
    ("busy", month(2026, 9)),
]


@pytest.mark.parametrize(("name", "period"), PERIODS, ids=[f"{n} {p.label}" for n, p in PERIODS])
def test_no_hidden_count_can_be_worked_out(
    registers: dict[str, Register], name: str, period: Period
) -> None:
    register = registers[name]
    raw = annual_report(register, period)
    assert _holds(raw) == []  # the sums stated are true of the figures
    shown = suppress(raw, THRESHOLD)
    assert _given_away(shown, raw) == []
    assert _same_figures_alike(shown) == []


AWARENESS: list[tuple[str, Period]] = [
    *(("busy", financial_year(y)) for y in (2024, 2025, 2026)),
    *(("busy", quarter(y, q)) for y in (2024, 2025, 2026) for q in (1, 2, 3, 4)),
    ("small", financial_year(2025)),
    ("small", month(2025, 7)),  # three enquiries: every table's total is "<5"
]


@pytest.mark.parametrize(
    ("name", "period"), AWARENESS, ids=[f"{n} {p.label}" for n, p in AWARENESS]
)
def test_no_hidden_count_of_the_awareness_report_can_be_worked_out(
    registers: dict[str, Register], name: str, period: Period
) -> None:
    """Its tables total the same enquiries and notifications, and its enquiries confirmed
    as private fostering are a sector total and an outcome's row."""
    raw = awareness_report(registers[name], period)
    assert _holds(raw) == []
    assert _given_away(suppress(raw, THRESHOLD), raw) == []


def test_the_checks_here_would_catch_a_leak(registers: dict[str, Register]) -> None:
    """Hiding nothing but the small counts (the first rule alone) leaves counts to work out:
    otherwise the test above would prove nothing."""
    raw = annual_report(registers["small"], quarter(2024, 1))

    def small_hidden(table: StatTable) -> StatTable:
        counts = {table.columns.index(c) for c in table.count_columns}
        rows = tuple(
            tuple(
                "<5" if c in counts and isinstance(v, int) and 0 < v < THRESHOLD else v
                for c, v in enumerate(row)
            )
            for row in table.rows
        )
        return dataclasses.replace(table, rows=rows)

    alone = dataclasses.replace(raw, tables=tuple(small_hidden(t) for t in raw.tables))
    assert _given_away(alone) != []


# ------------------------------------------------------------------ found in exported packs
def _headline(start: int, began: int, ended: int, end: int, living: int) -> StatTable:
    columns = ("Figure", "This period")
    rows = (
        ("Open at the start of the period", start),
        ("Arrangements that began", began),
        ("Arrangements that ended", ended),
        ("Open at the end of the period", end),
        ("Children living in an arrangement at any time in the period", living),
    )
    c = "This period"
    return StatTable(
        "headline",
        "Headline",
        columns,
        rows,
        count_columns=(c,),
        identities=(
            ((1, c, 1), (2, c, -1), (0, c, 1), (3, c, -1)),
            ((1, c, 1), (0, c, 1), (4, c, -1)),
        ),
    )


def test_living_there_at_any_time_does_not_give_away_the_arrangements_that_began() -> None:
    """A quarter's headline: 9 open at the start, 5 began, 1 ended, 13 open at the end, 14
    living there. Hiding the 1 ended made began "c" (the stock and flow), but 14 - 9 gave
    the 5 away, and then 9 + 5 - 13 the 1. Hiding the start too was not enough: living
    there less open at the end is the arrangements that ended (14 - 13), whatever the
    start and began, so the end goes too."""
    shown = suppress_table(_headline(9, 5, 1, 13, 14), 5)
    assert shown.column("This period") == ["c", "c", "<5", "c", 14]
    assert _given_away(Report("t", financial_year(2025), (shown,))) == []


def test_a_row_of_deadlines_does_not_give_away_its_one_hidden_count() -> None:
    """99 Reg 8 visits due, 80 on time, 18 late, 1 not done: the 1 is hidden, so the late
    count goes too; the % on time, of counts still shown, stays."""
    from pf_register.stats.annual import _tally_identities

    table = StatTable(
        "deadlines",
        "Deadlines",
        ("Rule", "Due", "On time", "Late", "Not done", "% on time"),
        (("REG8_VISIT", 99, 80, 18, 1, 80.8),),
        count_columns=("Due", "On time", "Late", "Not done"),
        identities=_tally_identities(1),
        percent_of=(("% on time", "On time", "Due"),),
    )
    assert suppress_table(table, 5).rows == (("REG8_VISIT", 99, 80, "c", "<5", 80.8),)
    # With the on-time count hidden, its percentage goes with it.
    late = StatTable(**{**table.__dict__, "rows": (("REG7_VISIT", 31, 28, 3, 0, 90.3),)})
    assert suppress_table(late, 5).rows == (("REG7_VISIT", 31, "c", "<5", 0, "c"),)


def test_a_figure_hidden_in_one_table_is_hidden_where_another_table_totals_it() -> None:
    """The headline hid the arrangements that ended (5, as "c", for a began of 2), but the
    ended-by-reason table's total showed the 5 (and so the 2)."""
    c = "This period"
    headline = StatTable(
        "headline",
        "Headline",
        ("Figure", c),
        (("Open at the start", 26), ("Began", 2), ("Ended", 5), ("Open at the end", 23)),
        count_columns=(c,),
        identities=(((1, c, 1), (2, c, -1), (0, c, 1), (3, c, -1)),),
    )
    reasons = StatTable(
        "ended_by_reason",
        "Ended, by reason",
        ("Reason", "Arrangements"),
        (("Returned to parent", 5), ("Moved to a relative", 0), ("Total", 5)),
        count_columns=("Arrangements",),
    )
    report = Report(
        "t",
        financial_year(2026),
        (headline, reasons),
        identities=(
            ((CellRef("headline", 2, c), 1), (CellRef("ended_by_reason", -1, "Arrangements"), -1)),
        ),
    )
    shown = suppress(report, 5)
    assert shown.table("headline").column(c) == [26, "<5", "c", 23]
    assert shown.table("ended_by_reason").column("Arrangements") == ["c", 0, "c"]
    assert _given_away(shown) == []


def _tally_table(*rows: tuple[int, int, int]) -> StatTable:
    """A first-visits table of rows (on time, late, not done) and their total, as the
    annual report makes it."""
    from pf_register.stats.annual import _tally_identities

    body = [(f"R{i}", sum(r), *r) for i, r in enumerate(rows)]
    columns = zip(*(b[1:] for b in body), strict=True)
    body.append(("All first visits", *(sum(col) for col in columns)))
    return StatTable(
        "first_visits",
        "First visits",
        ("Rule", "Due", "On time", "Late", "Not done"),
        tuple(body),
        count_columns=("Due", "On time", "Late", "Not done"),
        identities=_tally_identities(len(body)),
    )


@pytest.mark.parametrize(
    "rows",
    [
        ((1, 1, 3), (1, 1, 0)),  # once left REG7's 1 and 1 to be worked out
        ((5, 2, 3), (5, 3, 2)),  # once left a late count pinned at 5 + 5 = 10
    ],
)
def test_deadline_tables_found_by_review_give_nothing_away(
    rows: tuple[tuple[int, int, int], ...],
) -> None:
    raw = Report("t", financial_year(2026), (_tally_table(*rows),))
    assert _given_away(suppress(raw, THRESHOLD), raw) == []


def test_two_small_counts_under_a_total_shown_give_nothing_away() -> None:
    """Disabled 4, not disabled 4, total 8: two "<5" adding up to 8 are both 4. Nothing but
    the total is left to hide."""
    table = StatTable(
        "children_by_disability",
        "Disability",
        ("Disability", "Children"),
        (("Disabled", 4), ("Not disabled", 4), ("Total", 8)),
        count_columns=("Children",),
    )
    shown = suppress_table(table, THRESHOLD)
    assert shown.column("Children") == ["<5", "<5", "c"]
    raw = Report("t", financial_year(2026), (table,))
    assert _given_away(Report("t", financial_year(2026), (shown,)), raw) == []


def test_random_deadline_tables_give_nothing_away() -> None:
    """Three hundred tables of two rules and their total, of small and middling counts."""
    rng = random.Random(7)
    for _ in range(300):
        rows = tuple(tuple(rng.choice((0, 0, 1, 2, 3, 4, 5, 6, 9)) for _ in range(3)) for _ in "ab")
        raw = Report("t", financial_year(2026), (_tally_table(*rows),))
        assert _given_away(suppress(raw, THRESHOLD), raw) == [], rows
