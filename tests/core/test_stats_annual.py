"""The annual report against figures worked out by hand on a four-case register.

Report for FY 2026-27 (1 Apr 2026 to 31 Mar 2027), made on Tue 1 Jun 2027, default settings
(reports 5 working days, checks requested in 5 working days and back in 42 days, decisions in
42 days). No case has a carer or household, so each needs only the child's education check.

A  PF-2026-0001  spans two years: Reg 5 notice from a school Mon 2 Mar 2026, moved in
   16 Feb 2026; girl born 10 May 2012; 8E. REG7 due Wed 11 Mar 2026, visited Tue 10 Mar
   (FY 2025-26). REG8 due 21 Apr 2026 (visited 20 Apr: on time), due 1 Jun 2026 (visited
   5 Jun, not alone: late), due 17 Jul 2026 (never: overdue). Education check asked 4 Mar,
   back 20 Apr 2026, due back 13 Apr: late, 47 days. Decision 10 Apr, letter 17 Apr, due
   13 Apr: late. Change of circumstances 5 May 2026.
B  PF-2026-0002  late and ended: proposal from the carer Wed 16 Dec 2026 (worked example 1:
   REG4 due Tue 29 Dec), planned start 4 Jan 2027: short notice (19 days). Visited Thu
   31 Dec (child not there: REG4 late). Moved in 4 Jan, notice Wed 6 Jan 2027: REG7 due Fri
   15 Jan, visited 12 Jan, seen alone: on time. No report of that visit (due 19 Jan: missed).
   No check, no decision (due 27 Jan 2027: missed). Ended 20 Feb 2027, returned to parent,
   Reg 10 notice 21 Feb. Disabled boy born 1 Mar 2010, 16 on 16 Dec 2026; 8C.
C  PF-2026-0003  missing data: proposal from a parent Wed 15 Jul 2026, planned start Tue
   1 Sep 2026 (worked example 5: advance). No date of birth, sex, ethnicity, country,
   disability or type. REG4 due 24 Jul (visited 20 Jul); moved in 1 Sep, notice 2 Sep: REG7
   due 11 Sep (visited 9 Sep); REG8 due 21 Oct (20 Oct), 1 Dec (1 Dec), 12 Jan 2027 (never).
   Check asked 16 Jul, back 10 Aug (25 days): on time. Decision 20 Aug, letter 24 Aug, due
   26 Aug: on time.
D  PF-2025-0001  last year only: Reg 5 notice from health Mon 2 Jun 2025, moved in 1 May
   2025, ended 1 Dec 2025; never visited (REG7 due 11 Jun 2025: missed).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from pf_register.codes import NOTIFICATION_KINDS
from pf_register.register import Register
from pf_register.stats import Period, Report
from pf_register.stats.annual import annual_report, without_child_list
from pf_register.stats.period import financial_year, quarter
from pf_register.stats.suppression import suppress

TODAY = date(2027, 6, 1)
FY = financial_year(2026)


def _visit(reg: Register, aid: int, day: str, *, seen: bool, alone: bool = True, **kw: str) -> int:
    values: dict[str, object] = {"visit_date": day, "kind": "statutory", "child_seen": seen}
    if seen:
        values["seen_alone"] = alone
        if not alone:
            values["not_alone_reason"] = "Child asked for the carer to stay"
    return reg.record_visit(aid, {**values, **kw})


def _build(reg: Register) -> None:
    a = reg.record_new_case(
        notification={
            "kind": "already_in_place",
            "received": "2026-03-02",
            "notifier_role": "school",
        },
        child={
            "first_name": "Ottilie",
            "last_name": "Fernsby",
            "sex": "female",
            "date_of_birth": "2012-05-10",
            "ethnicity": "White British",
            "country_of_origin": "United Kingdom",
            "disabled": False,
        },
        arrangement={"start_date": "2026-02-16", "type_code": "8E"},
    )
    b = reg.record_new_case(
        notification={
            "kind": "proposal",
            "received": "2026-12-16",
            "notifier_role": "carer",
            "planned_start": "2027-01-04",
        },
        child={
            "first_name": "Caspian",
            "last_name": "Oduya",
            "sex": "male",
            "date_of_birth": "2010-03-01",
            "ethnicity": "Black African",
            "country_of_origin": "Nigeria",
            "disabled": True,
        },
        arrangement={"type_code": "8C"},
    )
    c = reg.record_new_case(
        notification={
            "kind": "proposal",
            "received": "2026-07-15",
            "notifier_role": "parent",
            "planned_start": "2026-09-01",
        },
        child={"first_name": "Juniper", "last_name": "Vale"},
    )
    d = reg.record_new_case(
        notification={
            "kind": "already_in_place",
            "received": "2025-06-02",
            "notifier_role": "health",
        },
        child={
            "first_name": "Rafferty",
            "last_name": "Holm",
            "sex": "male",
            "date_of_birth": "2015-01-01",
            "ethnicity": "Mixed",
            "country_of_origin": "United Kingdom",
            "disabled": False,
        },
        arrangement={"start_date": "2025-05-01", "type_code": "8E"},
    )
    # A
    _visit(reg, a, "2026-03-10", seen=True, report_date="2026-03-12")
    reg.record_check(
        a, {"kind": "education", "requested": "2026-03-04", "returned": "2026-04-20",
            "outcome": "no_concerns"}
    )  # fmt: skip
    _visit(reg, a, "2026-04-20", seen=True, report_date="2026-04-21")
    reg.record_decision(
        a, {"outcome": "suitable", "decision_date": "2026-04-10", "letter_date": "2026-04-17"}
    )
    reg.record_change_of_circumstances(
        a, received="2026-05-05", notifier_role="carer", description="Started at a new school"
    )
    _visit(reg, a, "2026-06-05", seen=True, alone=False, report_date="2026-06-19")
    # B
    _visit(reg, b, "2026-12-31", seen=False, report_date="2027-01-05")
    reg.record_notification(
        b,
        {"kind": "moved_in", "received": "2027-01-06", "notifier_role": "carer"},
        start_date="2027-01-04",
    )
    _visit(reg, b, "2027-01-12", seen=True)
    reg.end_arrangement(
        b,
        {"end_date": "2027-02-20", "end_reason": "returned_to_parent"},
        {"received": "2027-02-21", "notifier_role": "carer"},
    )
    # C
    _visit(reg, c, "2026-07-20", seen=False, report_date="2026-07-21")
    reg.record_check(
        c, {"kind": "education", "requested": "2026-07-16", "returned": "2026-08-10",
            "outcome": "no_concerns"}
    )  # fmt: skip
    reg.record_decision(
        c,
        {
            "outcome": "suitable_with_requirements",
            "decision_date": "2026-08-20",
            "letter_date": "2026-08-24",
        },
    )
    reg.record_notification(
        c,
        {"kind": "moved_in", "received": "2026-09-02", "notifier_role": "carer"},
        start_date="2026-09-01",
    )
    for day, report in (
        ("2026-09-09", "2026-09-10"),
        ("2026-10-20", "2026-10-21"),
        ("2026-12-01", "2026-12-02"),
    ):
        _visit(reg, c, day, seen=True, report_date=report)
    # D
    reg.end_arrangement(d, {"end_date": "2025-12-01", "end_reason": "moved_to_relative"})


@pytest.fixture(scope="module")
def reg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Register]:
    path = tmp_path_factory.mktemp("annual") / "r.db"
    with Register.open(path, create=True, user="test", today=lambda: TODAY) as register:
        _build(register)
        yield register


@pytest.fixture(scope="module")
def report(reg: Register) -> Report:
    return annual_report(reg, FY, today=TODAY)


def test_headline_this_year_against_last(report: Report) -> None:
    table = report.table("headline")
    assert table.columns == ("Figure", "FY 2026-27", "FY 2025-26", "Change")
    assert table.rows == (
        # New: B, C this year; A, D last year (A's notice came on 2 Mar 2026).
        ("New arrangements notified", 2, 2, 0),
        # This year: A's change, B's proposal, move-in and ending, C's proposal and move-in.
        ("All notifications received", 6, 2, 4),
        ("Open at the start of the period", 1, 0, 1),  # A at 31 Mar 2026; none at 31 Mar 2025
        ("Arrangements that began", 2, 2, 0),  # B, C; last year A, D
        ("Arrangements that ended", 1, 1, 0),  # B; last year D
        # A, C at 31 Mar 2027 (1 + 2 - 1 = 2); A at 31 Mar 2026 (0 + 2 - 1 = 1).
        ("Open at the end of the period", 2, 1, 1),
        ("Children living in an arrangement at any time in the period", 3, 2, 1),  # ABC; AD
        ("Proposals that did not go ahead", 0, 0, 0),
        ("Proposals still waiting at the end of the period", 0, 0, 0),  # B, C moved in
    )


def _reconciles(report: Report) -> None:
    """Open at the start + began - ended = open at the end; living at any time = open at
    the start + began; for this period and the previous one."""
    table = report.table("headline")
    for column in (1, 2):
        # A period not over labels its stocks with the report day: "... (this period so far".
        value = {str(row[0]).split(" (this period")[0]: row[column] for row in table.rows}
        start, began = value["Open at the start of the period"], value["Arrangements that began"]
        ended, end = value["Arrangements that ended"], value["Open at the end of the period"]
        assert start + began - ended == end, table.columns[column]
        living = value["Children living in an arrangement at any time in the period"]
        assert living == start + began, table.columns[column]


def test_headline_reconciles(report: Report, reg: Register) -> None:
    _reconciles(report)
    for q in (1, 2, 3, 4):
        _reconciles(annual_report(reg, quarter(2026, q), today=TODAY))


def test_proposals_that_never_began_are_not_arrangements_or_children(tmp_path: Path) -> None:
    """P: proposal 2 Jun 2025 (FY 2025-26), never moved in, never closed (a stale one).
    Q: proposal 4 May 2026, closed 15 Jun 2026 without the child moving in.
    R: already in place since 1 Mar 2026, notified 8 Apr 2026, ended 1 Oct 2026."""
    with Register.open(tmp_path / "p.db", create=True, today=lambda: TODAY) as reg:
        child = {"first_name": "Wren", "last_name": "Notional", "sex": "female"}
        reg.record_new_case(
            notification={"kind": "proposal", "received": "2025-06-02", "notifier_role": "carer",
                          "planned_start": "2025-08-01"},
            child=child,
        )  # fmt: skip
        q = reg.record_new_case(
            notification={"kind": "proposal", "received": "2026-05-04", "notifier_role": "carer",
                          "planned_start": "2026-07-01"},
            child=child,
        )  # fmt: skip
        reg.end_arrangement(q, {"end_date": "2026-06-15", "end_reason": "other"})
        r = reg.record_new_case(
            notification={"kind": "already_in_place", "received": "2026-04-08",
                          "notifier_role": "school"},
            child=child,
            arrangement={"start_date": "2026-03-01"},
        )  # fmt: skip
        reg.end_arrangement(r, {"end_date": "2026-10-01", "end_reason": "returned_to_parent"})
        report = annual_report(reg, FY, today=TODAY)
    this = {row[0]: row[1] for row in report.table("headline").rows}
    assert this == {
        "New arrangements notified": 2,  # Q, R (P's proposal came last year)
        "All notifications received": 2,
        "Open at the start of the period": 1,  # R, living there since 1 Mar 2026
        "Arrangements that began": 0,
        "Arrangements that ended": 1,  # R; not Q, whose child never moved in
        "Open at the end of the period": 0,  # 1 + 0 - 1
        "Children living in an arrangement at any time in the period": 1,  # R only
        "Proposals that did not go ahead": 1,  # Q
        "Proposals still waiting at the end of the period": 1,  # P, still open
    }
    _reconciles(report)
    assert report.table("ended_by_reason").row("Total")[1] == 1
    assert report.table("children_by_sex").row("Total")[1:] == (1, 100.0)  # R only
    assert report.table("trend").row("FY 2026-27")[3] == 1  # ended: R


def test_notifications_by_kind_and_source(report: Report) -> None:
    kinds = report.table("notifications_by_kind")
    assert kinds.column("Notifications") == [2, 0, 2, 1, 1, 6]
    assert kinds.rows[0][0] == NOTIFICATION_KINDS["proposal"]
    source = report.table("notifications_by_source")
    assert source.row("Carer or proposed carer") == ("Carer or proposed carer", 1, 5)
    assert source.row("Parent") == ("Parent", 1, 1)
    assert source.row("School") == ("School", 0, 0)  # A's notice was last year
    assert source.row("Total") == ("Total", 2, 6)


def test_ended_by_reason(report: Report) -> None:
    table = report.table("ended_by_reason")
    assert table.row("Child returned to parent")[1] == 1
    assert table.row("Child moved to a relative")[1] == 0  # D ended last year
    assert table.row("Total")[1] == 1


def test_children_breakdowns_show_missing_data_as_not_recorded(report: Report) -> None:
    # A is 13 on 1 Apr 2026; B 16 on 16 Dec 2026, the day his case opened; C's age unknown.
    assert report.table("children_by_age").rows == (
        ("Under 5", 0, 0.0),
        ("5 to 9", 0, 0.0),
        ("10 to 12", 0, 0.0),
        ("13 to 15", 1, 33.3),
        ("16 and over", 1, 33.3),
        ("Not recorded", 1, 33.3),
        ("Total", 3, 100.0),
    )
    assert report.table("children_by_sex").column("Children") == [1, 1, 0, 1, 3]
    assert report.table("children_by_ethnicity").column("Ethnicity") == [
        "Black African",
        "White British",
        "Not recorded",
        "Total",
    ]
    assert report.table("children_by_country").column("Children") == [1, 1, 1, 3]
    assert report.table("children_by_disability").rows == (
        ("Disabled", 1, 33.3),
        ("Not disabled", 1, 33.3),
        ("Not recorded", 1, 33.3),
        ("Total", 3, 100.0),
    )
    # 8B 0, 8C B, 8D 0, 8E A, 8F 0, not recorded C.
    assert report.table("children_by_type").column("Children") == [0, 1, 0, 1, 0, 1, 3]


def test_notice_timeliness(report: Report) -> None:
    # C: 15 Jul for 1 Sep, 48 days: advance. B: 16 Dec for 4 Jan, 19 days: short.
    assert [row[1:] for row in report.table("notice_timeliness").rows] == [
        (1, 50.0),
        (1, 50.0),
        (0, 0.0),
        (2, None),
    ]


def test_first_visits_within_7_working_days(report: Report) -> None:
    table = report.table("first_visits")
    # REG4: C on time (24 Jul), B late (due 29 Dec, visited 31 Dec). REG7: B, C on time;
    # A's REG7 fell due on 11 Mar 2026, last year.
    assert table.row("REG4_VISIT")[2:] == (2, 1, 1, 0, 50.0)
    assert table.row("REG7_VISIT")[2:] == (2, 2, 0, 0, 100.0)
    assert table.row("All first visits")[2:] == (4, 3, 1, 0, 75.0)


def test_reg8_reports_and_decisions_on_time(report: Report) -> None:
    table = report.table("deadlines")
    # REG8: A on time, late, overdue; C on time, on time, overdue.
    assert table.row("REG8_VISIT")[2:] == (6, 3, 1, 2, 50.0)
    # Reports due this year: A 27 Apr (on time), 12 Jun (late); B 8 Jan (on time), 19 Jan
    # (missed); C 27 Jul, 16 Sep, 27 Oct, 8 Dec (on time). A's first was due 17 Mar 2026.
    assert table.row("VISIT_REPORT")[2:] == (8, 6, 1, 1, 75.0)
    # A late (letter 17 Apr, due 13 Apr), B missed (due 27 Jan), C on time.
    assert table.row("ASSESSMENT_DECISION")[2:] == (3, 1, 1, 1, 33.3)


def test_visits_seen_alone(report: Report) -> None:
    # Visits this year: A 20 Apr (alone), 5 Jun (not alone); B 31 Dec (not seen), 12 Jan
    # (alone); C 20 Jul (not seen), 9 Sep, 20 Oct, 1 Dec (alone). 5 of the 6 seen alone.
    assert report.table("visits_seen_alone").rows == (
        ("Child seen alone", 5, 83.3),
        ("Child seen, not alone", 1, 16.7),
        ("Child not seen", 2, None),
        ("All visits", 8, None),
    )


def test_checks_by_kind(report: Report) -> None:
    table = report.table("checks")
    # Education checks due back this year: A (13 Apr 2026: asked on time, back late, 47
    # days), B (27 Jan 2027: never asked), C (26 Aug 2026: on time, 25 days).
    assert table.row("Education (school)")[1:] == (3, 2, 66.7, 1, 33.3, 36.0)
    assert table.row("Enhanced DBS with barred list")[1:] == (0, 0, None, 0, None, None)
    assert table.row("All checks")[1:] == (3, 2, 66.7, 1, 33.3, 36.0)


def test_decisions_by_outcome(report: Report) -> None:
    assert report.table("decisions_by_outcome").column("Decisions") == [1, 1, 0, 0, 2]


def test_trend_over_the_years_the_register_holds(report: Report) -> None:
    # From FY 2025-26 (D moved in on 1 May 2025) to the report's year.
    assert report.table("trend").rows == (
        ("FY 2025-26", 2, 2, 1, 1, 2, 50.0, 0, None, 2, 0.0),
        ("FY 2026-27", 2, 2, 1, 2, 4, 75.0, 6, 50.0, 2, 50.0),
    )
    counts, rates = report.charts
    assert counts.categories == ("FY 2025-26", "FY 2026-27")
    assert dict(counts.series)["Open at 31 March"] == (1.0, 2.0)
    reg8 = dict(rates.series)["REG8 visits: % on time"]
    assert math.isnan(reg8[0]) and reg8[1] == 50.0


def test_rates_this_year_against_last(report: Report) -> None:
    assert report.table("rates_compared").rows[0][1:] == (4, 75.0, 2, 50.0)


def test_child_level_list(reg: Register) -> None:
    table = annual_report(reg, FY, today=TODAY, with_child_list=True).table("child_level_list")
    assert not table.aggregate
    assert table.column("Case") == ["PF-2026-0001", "PF-2026-0002", "PF-2026-0003"]
    already = NOTIFICATION_KINDS["already_in_place"]
    proposal = NOTIFICATION_KINDS["proposal"]
    assert table.rows == (
        # A: 6 working days 2 Mar -> 10 Mar; REG8 x3 due this year, 1 on time; checks back
        # 20 Apr 2026.
        ("PF-2026-0001", 13, "Female", "White British", "8E", date(2026, 3, 2), already,
         date(2026, 2, 16), date(2026, 3, 10), 6, 3, 1, date(2026, 4, 20), "Suitable",
         date(2026, 4, 10), None, None),
        # B: 16 Dec -> 31 Dec is 9 working days (25, 28 Dec bank holidays); REG4 and REG7.
        ("PF-2026-0002", 16, "Male", "Black African", "8C", date(2026, 12, 16), proposal,
         date(2027, 1, 4), date(2026, 12, 31), 9, 2, 1, None, None, None, date(2027, 2, 20),
         "Child returned to parent"),
        # C: 15 Jul -> 20 Jul is 3 working days; REG4, REG7, REG8 x3 due, 4 on time.
        ("PF-2026-0003", None, None, None, None, date(2026, 7, 15), proposal,
         date(2026, 9, 1), date(2026, 7, 20), 3, 5, 4, date(2026, 8, 10),
         "Suitable with requirements (Sch 8 para 6)", date(2026, 8, 20), None, None),
    )  # fmt: skip


def test_a_quarter_counts_only_its_own_dates(reg: Register) -> None:
    q3 = annual_report(reg, quarter(2026, 3), today=TODAY)  # Oct to Dec 2026
    # Only B's REG4 (29 Dec, late) falls due; C's REG8 of 21 Oct and 1 Dec were on time.
    assert q3.table("first_visits").row("REG4_VISIT")[2:] == (1, 0, 1, 0, 0.0)
    assert q3.table("deadlines").row("REG8_VISIT")[2:] == (2, 2, 0, 0, 100.0)
    assert q3.table("headline").columns[1:3] == ("Q3 FY 2026-27", "Q2 FY 2026-27")


def test_deadlines_not_yet_due_are_left_out(reg: Register) -> None:
    # Judged on 1 Dec 2026, C's REG8 due that day is done; A's of 17 Jul 2026 is overdue;
    # nothing due after 1 Dec counts yet.
    early = annual_report(reg, FY, today=date(2026, 12, 1))
    assert early.table("deadlines").row("REG8_VISIT")[2:] == (5, 3, 1, 1, 60.0)
    assert any("has not ended" in note for note in early.notes)


def test_suppressed_pack_hides_small_counts_but_not_the_child_list(reg: Register) -> None:
    pack = annual_report(reg, FY, today=TODAY, with_child_list=True)
    hidden = suppress(pack, 5)
    # 2 proposals -> "<5"; 0 Reg 5 notices stays 0. The total of 6 is hidden too: by
    # source, the carers' 5 ("c") and a parent's 1 ("<5") under a total of 6 could only be
    # 5 and 1, so that total goes, and the same 6 here and in the headline with it.
    assert hidden.table("notifications_by_kind").column("Notifications") == [
        "<5",
        0,
        "<5",
        "<5",
        "<5",
        "c",
    ]
    assert hidden.table("notifications_by_source").row("Total")[2] == "c"
    assert hidden.table("headline").row("All notifications received")[1] == "c"
    # Every count of deadlines is suppressed, not only "Due": a late count of 1 to 4 tells as
    # much. Zeros stay; the percentage of a hidden count is hidden.
    assert hidden.table("first_visits").row("REG7_VISIT")[2:] == ("<5", "<5", 0, 0, "c")
    assert hidden.table("child_level_list") == pack.table("child_level_list")
    # Asked for, the child-level list is the report's last table; without it, only
    # aggregates are left.
    assert [t.key for t in pack.tables][-1] == "child_level_list"
    assert all(t.aggregate for t in without_child_list(pack).tables)


def test_the_child_level_list_is_only_there_when_asked_for(reg: Register) -> None:
    report = annual_report(reg, FY, today=TODAY)
    assert all(t.aggregate for t in report.tables)
    asked = annual_report(reg, FY, today=TODAY, with_child_list=True)
    assert report.tables == without_child_list(asked).tables  # (charts hold NaN: not ==)


def test_a_period_with_nothing_in_it(reg: Register) -> None:
    empty = annual_report(reg, Period.custom(date(2020, 1, 1), date(2020, 1, 31)), today=TODAY)
    assert empty.table("headline").column("Change") == [0] * 9
    assert empty.table("first_visits").row("All first visits")[2:] == (0, 0, 0, 0, None)


def test_register_today_is_the_default(tmp_path: Path) -> None:
    with Register.open(tmp_path / "e.db", create=True, today=lambda: TODAY) as empty:
        report = annual_report(empty, FY)
    assert report.notes[0].startswith("Made on 1 June 2027")
    assert [row[0] for row in report.table("trend").rows] == ["FY 2026-27"]


def test_a_year_not_over_counts_open_on_the_report_day(reg: Register) -> None:
    # Made on Sun 10 Jan 2027. On that day A (since Feb 2026), B (moved in 4 Jan 2027) and
    # C (1 Sep 2026) were open: 3. On 31 March 2027, which has not come, B has ended (20 Feb):
    # that 2 is not known on 10 Jan. To 10 Jan: open at the start 1 (A), began 2 (B, C),
    # ended 0: 1 + 2 - 0 = 3.
    early = annual_report(reg, FY, today=date(2027, 1, 10))
    headline = {row[0]: row[1] for row in early.table("headline").rows}
    label = "Open at the end of the period (this period so far: on 10 January 2027)"
    assert headline[label] == 3
    assert headline["Arrangements that ended"] == 0
    _reconciles(early)
    trend = early.table("trend")
    assert trend.rows[-1][0] == "FY 2026-27 to 10 January 2027"
    assert trend.row("FY 2026-27 to 10 January 2027")[1:5] == (2, 2, 0, 3)
    assert early.charts[0].categories[-1] == "FY 2026-27 to 10 January 2027"
    # A year that is over keeps its plain label and its 31 March.
    assert trend.rows[0][0] == "FY 2025-26" and trend.rows[0][4] == 1


def test_suppressed_shares_cannot_be_worked_back(report: Report) -> None:
    hidden = suppress(report, 5)
    # Seen alone 5 of the 6 visits at which the child was seen (83.3%): shown, 5 / 0.833 = 6
    # seen would give away the hidden 1 seen but not alone. The % column is a share of the
    # 6 seen, a total not shown, so it is hidden whole.
    assert hidden.table("visits_seen_alone").rows == (
        ("Child seen alone", 5, "c"),
        ("Child seen, not alone", "<5", "c"),
        ("Child not seen", "<5", None),
        ("All visits", 8, None),
    )
    # Countries: United Kingdom (A) and Nigeria (B), one child each, are folded into one
    # "Other" row of 2 (66.7% of 3), which is then hidden like any small count.
    assert hidden.table("children_by_country").rows == (
        ("Other (each fewer than 5)", "<5", "c"),
        ("Not recorded", "<5", "c"),
        ("Total", "<5", "c"),
    )
    # Each percentage of the comparison and of the trend says what it is of: first visits 3
    # on time of 4 due; REG8 3 of 6; advance notices 1 (C) of 2 (B, C). Last year: first
    # visits 1 of 2 (A on time, D missed); no REG8 due; advance 0 of 2 (A, D retrospective).
    assert report.table("rates_compared").shares == (
        (0, "FY 2026-27: %", 3, 4),
        (1, "FY 2026-27: %", 3, 6),
        (2, "FY 2026-27: %", 1, 2),
        (0, "FY 2025-26: %", 1, 2),
        (1, "FY 2025-26: %", 0, 0),
        (2, "FY 2025-26: %", 0, 2),
    )
    assert (1, "Notices: % advance", 1, 2) in report.table("trend").shares
    # Every trend chart point names its table cell; the rates' points are hidden with them.
    rates = next(c for c in hidden.charts if c.key == "trend_rates")
    assert all(math.isnan(v) for _, values in rates.series for v in values)


def test_one_first_notice_for_the_report_and_for_timeliness() -> None:
    from pf_register.clock import CaseFacts
    from pf_register.stats.annual import ArrangementFacts
    from pf_register.stats.notices import Notice, arrangement_notice_timing

    # Two opening notices on the same day, listed out of the order they were entered: a
    # school's Reg 5 notice entered second (id 2), the carer's proposal entered first (id 1).
    notices = (
        Notice("already_in_place", date(2026, 7, 15), "school", None, 2),
        Notice("proposal", date(2026, 7, 15), "carer", date(2026, 9, 1), 1),
    )
    timing = arrangement_notice_timing(notices, start_date=None)
    facts = ArrangementFacts(
        case=CaseFacts(arrangement_id=1),
        type_code=None,
        end_reason=None,
        sex=None,
        ethnicity=None,
        country_of_origin=None,
        notifications=notices,
        visits=(),
        timing=timing,
        obligations=(),
        checks=(),
        working_days_to_first_visit=None,
    )
    # Both choose the first entered (id 1, the carer's proposal): the report's source and
    # kind of the first notice agree with the notice whose timeliness is judged (48 days
    # before 1 Sep: advance).
    assert timing is not None and timing.notice.id == 1 and timing.timeliness == "advance"
    assert facts.first_notice is not None and facts.first_notice.id == 1
    assert facts.first_notice == timing.notice


def test_every_count_of_deadlines_is_suppressed_not_only_due(reg: Register) -> None:
    # A pack once showed "Late 4" beside a hidden percentage: late counts tell as much as due.
    pack = annual_report(reg, FY, today=TODAY)
    for key in ("first_visits", "deadlines"):
        assert set(pack.table(key).count_columns) == {"Due", "On time", "Late", "Not done"}
