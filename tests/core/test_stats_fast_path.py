"""The annual report reads only what its period needs: it must give the same figures as the
report worked out the straightforward way, from every rule of every arrangement.

``annual_report`` loads the facts for its period (``load_annual_facts(..., period)``): every
deadline is counted in a ledger, an arrangement keeps only the obligations the child-level
list reads, one whose obligations all fell due before the period is judged by the trend's
rules only, and only the period's visits are read; the trend's yearly counts come from
sorted dates.
Each shortcut is checked here against the long way on a six-year demo register.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from pf_register.clock import (
    CASE_RULES,
    CaseFacts,
    CheckFact,
    DecisionFact,
    NotificationFact,
    PersonFact,
    VisitFact,
    case_obligations,
)
from pf_register.clock.engine import last_due
from pf_register.demo import build_demo
from pf_register.register import Register
from pf_register.settings import Settings
from pf_register.stats import Period, Report
from pf_register.stats.annual import (
    FIRST_VISIT_RULES,
    ArrangementFacts,
    IndexedFacts,
    YearFigures,
    annual_report,
    began_in,
    build_annual_report,
    build_child_level_list,
    check_timings,
    counted_to,
    did_not_go_ahead,
    due_in,
    ended_in,
    headline_counts,
    living_in,
    load_annual_facts,
    new_arrangement_notices,
    open_at,
    register_years,
    tally,
    waiting_at,
    year_figures,
)
from pf_register.stats.period import financial_year, month, quarter
from pf_register.workdays import WorkingCalendar

AS_OF = date(2026, 11, 27)  # the demo spans six years to this day
EARLIER = date(2025, 6, 10)  # a report made on a past day: later facts are not yet known


@pytest.fixture(scope="module")
def reg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Register]:
    path = tmp_path_factory.mktemp("fast_path") / "demo.db"
    build_demo(path, seed=3, cases=300, years=6, as_of=AS_OF)
    with Register.open(path, today=lambda: AS_OF) as register:
        yield register


def straightforward_report(reg: Register, period: Period, today: date) -> Report:
    """Every rule for every arrangement, every visit: the report as it was first written."""
    facts = load_annual_facts(reg, today)
    report = build_annual_report(facts, period, today=today, authority=reg.settings.authority_name)
    return dataclasses.replace(
        report, tables=(*report.tables, build_child_level_list(facts, period, today))
    )


REPORTS = [
    (financial_year(2023), AS_OF),  # a middle year
    (financial_year(2025), AS_OF),  # the last whole year (the benchmark's)
    (financial_year(2026), AS_OF),  # the latest, not yet over
    (quarter(2024, 3), AS_OF),
    (month(2026, 3), AS_OF),
    (Period.custom(date(2024, 2, 10), date(2024, 9, 20)), AS_OF),
    (financial_year(2024), EARLIER),
    (financial_year(2025), EARLIER),  # the period is not over on the report day
]


@pytest.mark.parametrize(
    ("period", "today"), REPORTS, ids=[f"{p.label} on {t}" for p, t in REPORTS]
)
def test_every_table_equals_the_straightforward_report(
    reg: Register, period: Period, today: date
) -> None:
    fast = annual_report(reg, period, today=today, with_child_list=True)
    expected = straightforward_report(reg, period, today)
    assert [t.key for t in fast.tables] == [t.key for t in expected.tables]
    for table, want in zip(fast.tables, expected.tables, strict=True):
        assert table == want, table.key
    # The charts too; a gap is NaN, which equals nothing, so they are compared as text.
    assert repr(fast.charts) == repr(expected.charts)
    assert fast.notes == expected.notes and fast.title == expected.title


def test_the_fast_path_was_taken(reg: Register) -> None:
    # Otherwise the comparison above would prove nothing: some arrangements of the middle
    # and the last year's reports get only the trend's rules, and fewer visits are read.
    full = load_annual_facts(reg, AS_OF)
    for year in (2023, 2025):
        facts = load_annual_facts(reg, AS_OF, financial_year(year))
        assert [a.reference for a in facts] == [a.reference for a in full]
        # Ended long before: only the ledger counts them (by the trend's rules).
        trend_only = [
            a for a, b in zip(facts, full, strict=True) if b.obligations and not a.obligations
        ]
        assert len(trend_only) >= 10
        # The others keep what the child-level list reads: no visit due before the period.
        start = financial_year(year).start
        kept = [o for a in facts for o in a.obligations]
        assert all(o.due >= start for o in kept if o.code == "REG8_VISIT")
        others = sum(len(b.obligations) for a, b in zip(facts, full, strict=True) if a.obligations)
        assert len(kept) < others
        assert sum(len(a.visits) for a in facts) < sum(len(a.visits) for a in full)


@pytest.mark.parametrize("today", [AS_OF, EARLIER])
def test_no_obligation_of_an_ended_arrangement_falls_due_after_last_due(
    reg: Register, today: date
) -> None:
    """``last_due`` bounds every rule's obligations and every check timing: a rule that
    could fall due later would make the report leave out an obligation of its period."""
    checked = 0
    for a in load_annual_facts(reg, today):
        last = last_due(a.case, today, reg.calendar, reg.settings)
        if last is None:
            continue
        obligations = case_obligations(a.case, today, reg.calendar, reg.settings)
        assert all(o.due <= last for o in obligations), a.reference
        timings = check_timings(a.case, reg.calendar, reg.settings)
        assert all(c.request_due <= last and c.return_due <= last for c in timings)
        checked += len(obligations)
    assert checked > 500


END = date(2025, 6, 11)  # a Wednesday
CARER_KINDS = ("dbs", "la_records", "police", "health", "references")


def _late_in_the_arrangement() -> list[CaseFacts]:
    """Ended cases whose every rule has an obligation done by the end but due after it."""
    day = END.fromordinal
    e = END.toordinal()
    # Second year: visits a week apart just before the end, each REG8 due 12 weeks on.
    second_year = CaseFacts(
        arrangement_id=1,
        start_date=date(2024, 1, 8),
        end_date=END,
        notifications=(NotificationFact("already_in_place", date(2024, 1, 10), 1),),
        visits=(
            VisitFact(date(2024, 1, 12), True, date(2024, 1, 12), 1),
            VisitFact(day(e - 9), True, day(e - 9), 2),
            VisitFact(day(e - 2), True, day(e - 2), 3),
            VisitFact(END, True, END, 4),
        ),
    )
    carer = PersonFact(10, "Carer", date(1980, 1, 1))
    member = PersonFact(11, "Member", date(1990, 1, 1), joined=day(e - 2))
    checks = [CheckFact(k, 10, day(e - 3), END, "clear") for k in CARER_KINDS]
    checks += [CheckFact(k, 11, day(e - 2), END, "clear") for k in ("dbs", "la_records", "police")]
    checks.append(CheckFact("education", None, day(e - 3), END, "clear"))
    # Told three days before the end; everything done by the end, due after it.
    told_late = CaseFacts(
        arrangement_id=2,
        child_dob=date(2009, 7, 1),  # 16 twenty days after the end
        start_date=day(e - 1),
        end_date=END,
        intended_duration_days=10,
        carer=carer,
        household=(member,),
        notifications=(
            NotificationFact("proposal", day(e - 3), 1),
            NotificationFact("already_in_place", day(e - 3), 2),
        ),
        visits=(VisitFact(END, True, END, 5),),
        checks=tuple(checks),
        decisions=(DecisionFact("suitable", day(e - 1), day(e - 1), 1),),
    )
    # Told two months after it ended: the decision is due six weeks after that.
    told_after = CaseFacts(
        arrangement_id=3,
        end_date=END,
        notifications=(NotificationFact("already_in_place", day(e + 60), 1),),
        decisions=(DecisionFact("suitable", day(e + 61), day(e + 61), 1),),
    )
    return [second_year, told_late, told_after]


def test_last_due_bounds_what_each_rule_leaves_after_the_end() -> None:
    calendar, settings, today = WorkingCalendar(), Settings(), date(2026, 1, 5)
    after_the_end: set[str] = set()
    cases = _late_in_the_arrangement()
    for case in cases:
        last = last_due(case, today, calendar, settings)
        assert last is not None
        for o in case_obligations(case, today, calendar, settings):
            assert o.due <= last, (o.code, o.due, last)
            if o.due > END:
                after_the_end.add(o.code)
    assert after_the_end == {rule.info.code for rule in CASE_RULES}  # type: ignore[attr-defined]
    still_open = dataclasses.replace(cases[0], end_date=None)
    assert last_due(still_open, today, calendar, settings) is None


def scanned_year_figures(facts: list[ArrangementFacts], period: Period, today: date) -> YearFigures:
    """A year's trend figures by scanning every arrangement, as the headline counts them."""
    period = counted_to(period, today)
    timings = [
        a.timing.timeliness
        for a in facts
        if a.timing is not None and a.timing.received in period and a.timing.timeliness
    ]
    return YearFigures(
        period=period,
        label="",  # not compared
        new=len(new_arrangement_notices(facts, period)),
        began=sum(began_in(a, period) for a in facts),
        ended=sum(ended_in(a, period) for a in facts),
        open_at_end=sum(open_at(a, period.end) for a in facts),
        first_visits=tally(due_in(facts, period, FIRST_VISIT_RULES)),
        reg8=tally(due_in(facts, period, ("REG8_VISIT",))),
        notices_known=len(timings),
        advance=timings.count("advance"),
    )


def scanned_headline_counts(
    facts: list[ArrangementFacts], period: Period, today: date
) -> dict[str, int]:
    """The headline by scanning every arrangement with the predicates that define it."""
    period = counted_to(period, today)
    return {
        "New arrangements notified": len(new_arrangement_notices(facts, period)),
        "All notifications received": sum(
            n.received in period for a in facts for n in a.notifications
        ),
        "Open at the start of the period": sum(
            open_at(a, period.start - timedelta(days=1)) for a in facts
        ),
        "Arrangements that began": sum(began_in(a, period) for a in facts),
        "Arrangements that ended": sum(ended_in(a, period) for a in facts),
        "Open at the end of the period": sum(open_at(a, period.end) for a in facts),
        "Children living in an arrangement at any time in the period": sum(
            living_in(a, period) for a in facts
        ),
        "Proposals that did not go ahead": sum(did_not_go_ahead(a, period) for a in facts),
        "Proposals still waiting at the end of the period": sum(
            waiting_at(a, period.end) for a in facts
        ),
    }


def test_the_counted_days_equal_a_scan_of_every_arrangement(reg: Register) -> None:
    facts = load_annual_facts(reg, AS_OF)
    indexed = IndexedFacts(facts)
    years = register_years(facts, financial_year(2026))
    assert len(years) == 7
    # Periods that begin or end on the day an arrangement began or ended: the edges.
    edges = [d for a in facts[::10] for d in (a.start, a.end) if d is not None]
    periods = [*years, quarter(2023, 2), month(2026, 11), month(2021, 3)]
    periods += [Period.custom(d, d + timedelta(days=40)) for d in edges]
    periods += [Period.custom(d - timedelta(days=40), d) for d in edges]
    seen: Counter[str] = Counter()
    for period in periods:
        found = year_figures(indexed, period, AS_OF)
        expected = scanned_year_figures(facts, period, AS_OF)
        assert dataclasses.replace(found, label="") == expected
        headline = headline_counts(indexed, period, AS_OF)
        assert headline == scanned_headline_counts(facts, period, AS_OF)
        seen.update(headline)
    assert all(seen[name] > 0 for name in headline)  # every figure was put to the test


def test_facts_loaded_for_one_period_are_not_reported_for_another(reg: Register) -> None:
    # Loaded for a period, they hold only what that period's report reads: another period's
    # figures from them would be wrong, so it is refused.
    facts = load_annual_facts(reg, AS_OF, financial_year(2025))
    with pytest.raises(ValueError, match="loaded for FY 2025-26, not FY 2024-25"):
        build_annual_report(facts, financial_year(2024), today=AS_OF)
    assert build_annual_report(facts, financial_year(2025), today=AS_OF).tables


@pytest.mark.parametrize("period", [financial_year(2026), quarter(2026, 3)])
def test_a_period_not_over_counts_deadlines_to_the_report_day_in_every_table(
    reg: Register, period: Period
) -> None:
    """The deadline tables leave out what is not yet due on the report day (their note says
    so), as the rates compared and the trend do: a visit due next week and made early is
    not counted in one table and left out of another."""
    report = annual_report(reg, period, today=AS_OF)
    first = report.table("first_visits").row("All first visits")
    reg8 = report.table("deadlines").row("REG8_VISIT")
    rates = report.table("rates_compared")
    number = f"{period.label}: number"
    assert first[2] == rates.rows[0][rates.columns.index(number)]
    assert reg8[2] == rates.rows[1][rates.columns.index(number)]
    assert first[-1] == rates.rows[0][rates.columns.index(f"{period.label}: %")]
    if period.kind == "financial_year":
        trend = report.table("trend")
        this_year = trend.rows[-1]
        assert first[2] == this_year[trend.columns.index("First visits: due")]
        assert reg8[2] == this_year[trend.columns.index("REG8 visits: due")]
