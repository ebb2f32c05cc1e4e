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
from collections.abc import Iterator
from datetime import date

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
        (("headline", 6, this), ("children_by_sex", -1, "Children")),
        (("by_month", -1, "Enquiries"), ("by_outcome", -1, "Enquiries")),
        (("by_month", -1, "Notifications"), ("by_area", -1, "Notifications")),
        (("by_sector", -1, "Confirmed private fostering"), ("by_outcome", 2, "Enquiries")),
    ]
    for a, b in known:
        if all(t in tables and c in tables[t].columns for t, _, c in (a, b)):
            sums.append([(ref(CellRef(*a)), 1), (ref(CellRef(*b)), -1)])
    return sums


def _given_away(report: Report) -> list[str]:
    """The hidden counts one stated sum pins down to a single value."""
    tables = {t.key: t for t in report.tables}

    def cell(ref: Ref) -> object:
        table = tables[ref[0]]
        return table.rows[ref[1]][table.columns.index(ref[2])]

    totals = _equations(report, totals_only=True)
    found = []
    for equation in _equations(report):
        known, hidden = 0, []
        # Under a total of "<N", a "c" is anything from 0 to N - 1 (the column is hidden).
        total = cell(equation[-1][0])
        small_total = equation in totals and isinstance(total, str) and total.startswith("<")
        for ref, sign in equation:
            value = cell(ref)
            if value == "c" and small_total:
                hidden.append((ref, sign, 0, THRESHOLD - 1))
            elif value == "c":
                hidden.append((ref, sign, THRESHOLD, math.inf))
            elif isinstance(value, str) and value.startswith("<"):
                hidden.append((ref, sign, 1, THRESHOLD - 1))
            elif isinstance(value, int):
                known += sign * value
        for j, (ref, sign, lo, hi) in enumerate(hidden):
            others = [h for i, h in enumerate(hidden) if i != j]
            # The others' signed sum lies between these; this one is what is left.
            least = sum(s * (low if s > 0 else high) for _, s, low, high in others)
            most = sum(s * (high if s > 0 else low) for _, s, low, high in others)
            left = sorted((sign * (-known - least), sign * (-known - most)))
            low, high = max(lo, left[0]), min(hi, left[1])
            if low == high:
                found.append(f"{ref} = {low} from {[(r, s) for r, s in equation]}")
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
    assert _given_away(shown) == []
    assert _same_figures_alike(shown) == []


AWARENESS: list[tuple[str, Period]] = [
    *(("busy", financial_year(y)) for y in (2024, 2025, 2026)),
    *(("busy", quarter(y, q)) for y in (2024, 2025, 2026) for q in (1, 2, 3, 4)),
    ("small", financial_year(2025)),
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
    assert _given_away(suppress(raw, THRESHOLD)) == []


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
    the 5 away, and then 9 + 5 - 13 the 1."""
    shown = suppress_table(_headline(9, 5, 1, 13, 14), 5)
    assert shown.column("This period") == ["c", "c", "<5", 13, 14]
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
