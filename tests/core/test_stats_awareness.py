"""Awareness statistics against figures computed by hand on a small fixture register.

The fixture (today Mon 1 Jun 2026; the period 1 Apr to 31 May 2026; 2 weeks either side of
an activity unless said otherwise). Every name is fictional.

Activities
  A1 Fri 10 Apr 2026  briefing   school        TB1   30 reached
  A2 Tue 5 May 2026   press      public        (whole authority)   5000 reached
  A3 Wed 20 May 2026  social     faith group   TB2   200 reached
  A0 Sun 1 Mar 2026   training   internal      (before the period)
Enquiries
  E0 Fri 20 Mar 2026  school  phone     TB1   advice only      (before the period)
  E1 Mon 6 Apr 2026   school  phone     TB1   advice only
  E2 Mon 13 Apr 2026  school  email     "tb1" confirmed -> C1, heard from A1
  E3 Mon 20 Apr 2026  school  phone     TB1   not PF, heard from A1
  E4 Wed 22 Apr 2026  health  phone     TB2   referred on
  E5 Tue 12 May 2026  public  web form  -     advice only
  E6 Thu 28 May 2026  parent  phone     TB2   pending
New arrangements (first notice)
  C3 Thu 2 Apr 2026   moved in (start 1 Apr), school, TB1          retrospective
  C1 Wed 15 Apr 2026  already in place (since 2 Mar), school, TB1  retrospective
  C2 Mon 4 May 2026   proposal from the carer, start 1 Jul, TB2    advance (58 days)
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from pf_register.register import Register
from pf_register.stats.awareness import (
    _Activity,
    _DaysByAudience,
    _Enquiry,
    _Notice,
    awareness_report,
    normal_area,
    postcode_district,
)
from pf_register.stats.period import Period
from pf_register.stats.report import Report
from tests.core.conftest import open_register

PERIOD = Period.custom(date(2026, 4, 1), date(2026, 5, 31))


@pytest.fixture
def fixture_register(register: Register, case_values: Callable[..., dict[str, Any]]) -> Register:
    reg = register
    tb1 = "1 Test Row, Testborough TB1 2ZZ"
    tb2 = "2 Test Row, Testborough TB2 1AA"
    reg.record_activity(
        {"activity_date": "2026-03-01", "kind": "training", "audience_sector": "internal"}
    )
    a1 = reg.record_activity(
        {
            "activity_date": "2026-04-10",
            "kind": "briefing",
            "audience_sector": "school",
            "area": "TB1",
            "reached": 30,
            "title": "Schools briefing",
        }
    )
    reg.record_activity(
        {
            "activity_date": "2026-05-05",
            "kind": "press",
            "audience_sector": "public",
            "reached": 5000,
            "title": "Press release",
        }
    )
    reg.record_activity(
        {
            "activity_date": "2026-05-20",
            "kind": "social_media",
            "audience_sector": "faith_group",
            "area": "TB2",
            "reached": 200,
            "title": "Faith groups posts",
        }
    )

    def enquiry(day: str, sector: str, channel: str, area: str | None, **more: Any) -> int:
        values = {
            "enquiry_date": day,
            "source_sector": sector,
            "channel": channel,
            "area": area,
            **more,
        }
        return reg.record_enquiry(values)

    enquiry("2026-03-20", "school", "phone", "TB1", outcome="advice_only")
    enquiry("2026-04-06", "school", "phone", "TB1", outcome="advice_only")
    e2 = enquiry("2026-04-13", "school", "email", "tb1", activity_id=a1)
    enquiry(
        "2026-04-20",
        "school",
        "phone",
        "TB1",
        activity_id=a1,
        outcome="not_pf",
        not_pf_reason="Lives with an aunt",
    )
    enquiry("2026-04-22", "health", "phone", "TB2", outcome="referred_on", referred_to="Early help")
    enquiry("2026-05-12", "public", "web_form", None, outcome="advice_only")
    enquiry("2026-05-28", "parent", "phone", "TB2")

    c3 = case_values(
        notification={"kind": "moved_in", "received": "2026-04-02", "notifier_role": "school"},
        arrangement={"start_date": "2026-04-01", "address": tb1},
    )
    reg.record_new_case(**c3)
    c1 = case_values(  # already in place, from a school
        notification={"received": "2026-04-15"},
        arrangement={"start_date": "2026-03-02", "address": tb1},
    )
    c1_id = reg.record_new_case(**c1)
    reg.link_enquiry(e2, c1_id)
    c2 = case_values(
        notification={"kind": "proposal", "received": "2026-05-04", "notifier_role": "carer"},
        arrangement={"start_date": None, "planned_start": "2026-07-01", "address": tb2},
    )
    reg.record_new_case(**c2)
    return reg


@pytest.fixture
def report(fixture_register: Register) -> Report:
    return awareness_report(fixture_register, PERIOD, weeks=2)


def test_enquiries_and_notifications_by_month(report: Report) -> None:
    # April: E1 E2 E3 E4 and C3 C1; May: E5 E6 and C2. E0 is in March, outside the period.
    assert report.table("by_month").rows == (
        ("Apr 2026", 4, 2),
        ("May 2026", 2, 1),
        ("Total", 6, 3),
    )
    chart = next(c for c in report.charts if c.key == "by_month")
    assert chart.categories == ("Apr 2026", "May 2026")
    assert chart.series == (("Enquiries", (4.0, 2.0)), ("Notifications", (2.0, 1.0)))


def test_a_later_notice_in_the_period_is_not_a_new_arrangement(
    fixture_register: Register, case_values: Callable[..., dict[str, Any]]
) -> None:
    # A proposal received on 10 Mar (before the period), then the child moved in (Reg 6,
    # 20 Apr): the arrangement was notified in March, so April still counts two new ones,
    # however its notices are read.
    values = case_values(
        notification={"kind": "proposal", "received": "2026-03-10", "notifier_role": "carer"},
        arrangement={"start_date": None, "planned_start": "2026-04-20"},
    )
    aid = fixture_register.record_new_case(**values)
    fixture_register.record_notification(
        aid,
        {"kind": "moved_in", "received": "2026-04-20", "notifier_role": "carer"},
        start_date="2026-04-20",
    )
    report = awareness_report(fixture_register, PERIOD, weeks=2)
    assert report.table("by_month").rows[0] == ("Apr 2026", 4, 2)
    # From 10 Mar, its first notice is in the period: now it counts, in March.
    wider = Period.custom(date(2026, 3, 1), date(2026, 5, 31))
    march = awareness_report(fixture_register, wider, weeks=2).table("by_month").rows[0]
    assert march == ("Mar 2026", 1, 1)


def test_by_sector_with_conversion(report: Report) -> None:
    table = report.table("by_sector")
    # School: E1 E2 E3, one confirmed (E2): 1/3 = 33.3%; notified by schools: C3 and C1.
    assert table.row("School") == ("School", 3, 1, 33.3, 2)
    assert table.row("Health") == ("Health", 1, 0, 0.0, 0)
    assert table.row("Member of the public or neighbour")[1:] == (1, 0, 0.0, 0)
    assert table.row("Parent")[1:] == (1, 0, 0.0, 0)
    # No enquiry from carers, but C2 was the carer's own proposal.
    assert table.row("Carer or proposed carer")[1:] == (0, 0, None, 1)
    assert table.row("Police")[1:] == (0, 0, None, 0)
    # 1 confirmed of 6 enquiries: 16.7%.
    assert table.row("Total") == ("Total", 6, 1, 16.7, 3)
    assert "Enquiries" in table.count_columns and "Conversion %" not in table.count_columns


def test_by_area(report: Report) -> None:
    # TB1: E1 E2 ("tb1") E3; C3 C1; A1 (30). TB2: E4 E6; C2; A3 (200). E5 has no area;
    # A2 is for the whole authority (5000).
    assert report.table("by_area").rows == (
        ("TB1", 3, 2, 1, 30),
        ("TB2", 2, 1, 1, 200),
        ("Not recorded", 1, 0, 0, 0),
        ("Whole authority", 0, 0, 1, 5000),
        ("Total", 6, 3, 3, 5230),
    )


def test_by_channel_and_outcome(report: Report) -> None:
    # Phone: E1 E3 E4 E6; email: E2; web form: E5.
    assert report.table("by_channel").rows == (
        ("Phone", 4),
        ("Email", 1),
        ("In person", 0),
        ("Web form", 1),
        ("Letter", 0),
        ("Other", 0),
        ("Total", 6),
    )
    # Pending E6; advice E1 E5; confirmed E2 (by linking to C1); not PF E3; referred E4.
    assert report.table("by_outcome").column("Enquiries") == [1, 2, 1, 1, 1, 6]


def test_enquiries_traced_to_each_activity(report: Report) -> None:
    table = report.table("activities")
    # A0 is before the period. A1: E2 and E3 heard from it, E2 confirmed.
    assert [(r[0], r[1], r[6], r[7]) for r in table.rows] == [
        (date(2026, 4, 10), "Schools briefing", 2, 1),
        (date(2026, 5, 5), "Press release", 0, 0),
        (date(2026, 5, 20), "Faith groups posts", 0, 0),
    ]
    assert table.rows[0][2:6] == ("Briefing", "School", "TB1", 30)
    assert table.rows[1][4] == "Whole authority"


def test_before_and_after_each_activity(report: Report) -> None:
    rows = {r[1]: r[4:] for r in report.table("impact").rows}
    # A1 (Fri 10 Apr), school TB1. Before: 27 Mar to 9 Apr: E1 (E0 on 20 Mar is too early)
    # and C3 (2 Apr). After: 10 to 23 Apr: E2 E3 and C1 (15 Apr). E4 is health: not counted.
    assert rows["Schools briefing"] == (1, 2, 1, 1, 1, 0, "yes")
    # A2 (Tue 5 May), the public anywhere. Before 21 Apr to 4 May: none; after 5 to 18 May: E5.
    assert rows["Press release"] == (0, 1, 1, 0, 0, 0, "yes")
    # A3 (Wed 20 May), faith groups in TB2: nothing either side; the 2 weeks after end on
    # Tue 2 Jun, after today (Mon 1 Jun): the counts so far, but no change.
    assert rows["Faith groups posts"] == (
        0, 0, None, 0, 0, None, "no: weeks after not over until 2026-06-02"
    )  # fmt: skip
    chart = next(c for c in report.charts if c.key == "impact")
    after = dict(chart.series)["After"]
    assert after[:2] == (2.0, 1.0) and math.isnan(after[2])  # no bar for A3's part-window


def test_the_weeks_after_are_over_the_day_after_their_last(fixture_register: Register) -> None:
    # A3's weeks after run to Tue 2 Jun: on 2 Jun not over, on Wed 3 Jun over (0 - 0 = 0).
    on_2 = awareness_report(fixture_register, PERIOD, weeks=2, today=date(2026, 6, 2))
    on_3 = awareness_report(fixture_register, PERIOD, weeks=2, today=date(2026, 6, 3))
    assert on_2.table("impact").rows[2][6:] == (
        None,
        0,
        0,
        None,
        "no: weeks after not over until 2026-06-02",
    )
    assert on_3.table("impact").rows[2][6:] == (0, 0, 0, 0, "yes")


def test_the_weeks_either_side_of_the_period_are_read_to_their_last_day(
    fixture_register: Register, db_path: Path
) -> None:
    # Only the enquiries of the period and the weeks either side of it are read: the ones on
    # the outer days of those weeks count, the ones a day further out are not counted. From
    # A1 (Fri 10 Apr) to A3 (Wed 20 May), 2 weeks: A1's weeks before start on 27 Mar, A3's
    # weeks after end on 2 Jun. (The register opened again on a later day, to enter
    # enquiries after the fixture's today.)
    reg = open_register(db_path, today=date(2026, 10, 1))
    (a1,) = reg.db.execute("SELECT id FROM activities WHERE title = 'Schools briefing'").fetchone()
    for day, sector, area in (
        ("2026-03-26", "school", "TB1"),
        ("2026-03-27", "school", "TB1"),
        ("2026-06-02", "faith_group", "TB2"),
        ("2026-06-03", "faith_group", "TB2"),
    ):
        reg.record_enquiry(
            {"enquiry_date": day, "source_sector": sector, "channel": "phone", "area": area}
        )
    # Traced to A1 months after its weeks: still traced to it.
    reg.record_enquiry(
        {
            "enquiry_date": "2026-09-01",
            "source_sector": "school",
            "channel": "email",
            "activity_id": a1,
        }
    )
    period = Period.custom(date(2026, 4, 10), date(2026, 5, 20))
    report = awareness_report(reg, period, weeks=2)
    impact = {r[1]: r[4:6] for r in report.table("impact").rows}
    # A1 before: the new 27 Mar, E1 (6 Apr); after: E2, E3. A3 after: the new 2 Jun.
    assert impact["Schools briefing"] == (2, 2)
    assert impact["Faith groups posts"] == (0, 1)
    traced = {r[1]: r[6] for r in report.table("activities").rows}
    assert traced["Schools briefing"] == 3


def test_the_weeks_compared_come_from_the_setting(fixture_register: Register) -> None:
    # 8 weeks (the default setting): A1's before window 13 Feb to 9 Apr now holds E0 as well.
    report = awareness_report(fixture_register, PERIOD)
    assert report.table("impact").rows[0][4:6] == (2, 2)
    fixture_register.update_settings(awareness_weeks=1)
    # 1 week: before 3 to 9 Apr: E1 (6 Apr); after 10 to 16 Apr: E2 only.
    report = awareness_report(fixture_register, PERIOD)
    assert report.table("impact").rows[0][4:6] == (1, 1)


def test_notice_timeliness_over_time(report: Report) -> None:
    # C3 and C1 say the child already lives there: retrospective. C2: received 4 May for a
    # start on 1 Jul, 58 days ahead: advance. All in Q1 of FY 2026-27.
    assert report.table("timeliness").rows == (
        ("Q1 FY 2026-27", 1, 0, 2, 33.3, 0.0, 66.7),
        ("Total", 1, 0, 2, 33.3, 0.0, 66.7),
    )


def test_where_to_target_next(fixture_register: Register) -> None:
    # Judged on Wed 3 Jun 2026, when A3's 2 weeks after (to 2 Jun) are over; threshold 2.
    fixture_register.update_settings(suppression_threshold=2)
    report = awareness_report(fixture_register, PERIOD, weeks=2, today=date(2026, 6, 3))
    rows = report.table("targets").rows
    # Across the authority 2 of the 3 first notices with known timeliness were late (C3, C1
    # retrospective; C2 advance): 66.7%. School and TB1: 2 of 2 (100%), at least 2 notices:
    # later than the authority. TB2 and faith groups: A3 was followed by no enquiry from its
    # audience in the 2 weeks after. The public (A2: E5 after it) and carers (C2: advance, 1
    # notice) are not listed. Ties: most late notices, then by name.
    assert [r[0] for r in rows] == [
        "Area: TB1",
        "Sector: School",
        "Area: TB2",
        "Sector: Faith or community group",
    ]
    assert rows[0][1:7] == (1, 30, 3, 2, 2, 2)
    assert rows[0][-1] == "notices later than across the authority"
    assert rows[2][1:7] == (1, 200, 2, 0, 1, 0)
    assert rows[2][-1] == "activity but few enquiries after it"
    # No figure in the words: a count there would sit beside its own hidden "<5".
    assert not any(ch.isdigit() for r in rows for ch in str(r[-1]))


def test_targets_wait_for_the_weeks_after(report: Report) -> None:
    # On Mon 1 Jun A3's weeks after are not over: its 0 enquiries so far prove nothing, so
    # TB2 and faith groups are not listed; nor are school and TB1 with 2 notices, fewer
    # than the threshold of 5. Nothing is listed.
    assert report.table("targets").rows == ()


def test_late_notices_are_judged_against_the_authority(fixture_register: Register) -> None:
    # Threshold 1: every sector or area with a notice can be judged. Carers (C2, advance: 0%)
    # and TB2 (C2: 0%) are not later than the authority's 66.7%; school and TB1 (100%) are.
    fixture_register.update_settings(suppression_threshold=1)
    report = awareness_report(fixture_register, PERIOD, weeks=2)
    assert [r[0] for r in report.table("targets").rows] == ["Area: TB1", "Sector: School"]
    # Make C2 late too: its planned start moved to 20 May, 16 days after its 4 May notice
    # (short). Then every notice is late, every share equals the authority's 100%, and no
    # sector or area is later than the authority: nothing is listed.
    aid = fixture_register.db.execute(
        "SELECT arrangement_id FROM notifications WHERE kind = 'proposal'"
    ).fetchone()[0]
    fixture_register.update_arrangement(aid, {"planned_start": "2026-05-20"})
    report = awareness_report(fixture_register, PERIOD, weeks=2)
    assert report.table("timeliness").rows[-1][1:4] == (0, 1, 2)
    assert report.table("targets").rows == ()


def test_entering_an_enquiry_changes_the_figures(fixture_register: Register) -> None:
    fixture_register.record_enquiry(
        {"enquiry_date": "2026-05-13", "source_sector": "public", "channel": "phone"}
    )
    report = awareness_report(fixture_register, PERIOD, weeks=2)
    assert report.table("by_month").row("May 2026") == ("May 2026", 3, 1)
    assert report.table("impact").rows[1][4:6] == (0, 2)


def test_areas_and_postcodes() -> None:
    assert postcode_district("12 Elm Road, Exampleton AB3 4XY") == "AB3"
    assert postcode_district("Flat 2, 1 High St, London sw1a 1aa") == "SW1A"
    assert postcode_district("Somewhere without one") is None
    assert postcode_district(None) is None
    assert normal_area("  tb1 ") == "TB1"
    assert normal_area(" ") is None
    # With or without the space, a postcode reduces to its district: the inward code is
    # always a digit and two letters, so "AB34XY" is AB3 4XY.
    assert postcode_district("12 Elm Road, Exampleton AB34XY") == "AB3"
    assert postcode_district("1 High St, London SW1A1AA") == "SW1A"
    for typed in ("AB3 4XY", "ab34xy", "AB3  4XY", "AB3 4", "ab3"):
        assert normal_area(typed) == "AB3", typed
    assert normal_area("AB34") == "AB34"  # a district of its own (AB34 is Aboyne)
    assert normal_area(" riverside   ward ") == "RIVERSIDE WARD"  # a ward: as typed


def test_an_area_typed_as_a_postcode_counts_in_its_district(fixture_register: Register) -> None:
    # A school enquiry on Tue 14 Apr 2026 with the area typed as a whole postcode, no space:
    # it is TB1's (4 enquiries, not 3 and a row "TB12ZZ"), and in the 2 weeks after A1.
    fixture_register.record_enquiry(
        {"enquiry_date": "2026-04-14", "source_sector": "school", "channel": "phone",
         "area": "tb12zz"}
    )  # fmt: skip
    report = awareness_report(fixture_register, PERIOD, weeks=2)
    assert report.table("by_area").row("TB1")[1] == 4
    assert [r[0] for r in report.table("by_area").rows] == [
        "TB1", "TB2", "Not recorded", "Whole authority", "Total"
    ]  # fmt: skip
    assert report.table("impact").rows[0][4:6] == (1, 3)  # E1 before; E2, E3 and this after


def test_empty_register_gives_empty_tables(register: Register) -> None:
    report = awareness_report(register, PERIOD, weeks=2)
    assert report.table("by_month").rows[-1] == ("Total", 0, 0)
    assert report.table("activities").rows == ()
    assert report.table("targets").rows == ()


def test_exported_xlsx_matches_the_tables(report: Report, tmp_path: Path) -> None:
    from pf_register.stats.exporting import sheet_names, write_report

    path = tmp_path / "awareness.xlsx"
    write_report(report, path, "xlsx", threshold=0)
    book = load_workbook(path)
    for name, table in zip(sheet_names(report), report.tables, strict=True):
        sheet = book[name]
        assert tuple(c.value for c in sheet[2][: len(table.columns)]) == table.columns
        for index, row in enumerate(table.rows, start=3):
            read = tuple(c.value for c in sheet[index][: len(table.columns)])
            expected = tuple(None if v is None else v for v in row)
            # Dates come back as datetimes at midnight.
            read = tuple(v.date() if hasattr(v, "date") else v for v in read)
            assert read == expected, (name, index)


def test_exports_hide_small_counts(report: Report, tmp_path: Path) -> None:
    from pf_register.stats.exporting import write_report

    path = tmp_path / "awareness.xlsx"
    write_report(report, path, "xlsx", threshold=5)
    sheet = load_workbook(path)["By month"]
    # April: 4 enquiries (below 5: hidden), 2 notifications (hidden). Totals 6 shown, 3 hidden.
    assert [c.value for c in sheet[3][:3]] == ["Apr 2026", "<5", "<5"]
    assert sheet[5][1].value == 6


# ---------------------------------------------------------------------- the command line
def _cli(*args: str) -> tuple[int, str, str]:
    import io

    from pf_register.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_writes_each_format(fixture_register: Register, tmp_path: Path) -> None:
    db = str(fixture_register.path)
    for fmt in ("csv", "xlsx", "pdf"):
        target = tmp_path / f"awareness.{fmt}"
        code, out, err = _cli(
            "stats", "enquiries", "--db", db, "--from", "2026-04-01", "--to", "2026-05-31",
            "--format", fmt, "--out", str(target), "--weeks", "2", "--as-of", "2026-06-01",
        )  # fmt: skip
        assert code == 0, err
        assert "2026-04-01 to 2026-05-31" in out and "counts below 5 hidden" in out
        assert target.stat().st_size > 0
    text = (tmp_path / "awareness.csv").read_text(encoding="utf-8-sig")
    # The month table with the threshold of 5: April 4 and 2, May 2 and 1 hidden; totals 6
    # shown and 3 hidden.
    assert "Apr 2026,<5,<5\r\nMay 2026,<5,<5\r\nTotal,6,<5" in text.replace("\n", "\r\n").replace(
        "\r\r", "\r"
    )
    # No name from the register reaches an aggregate export.
    for name in ("Tilly", "Marchbank", "Quennell"):
        assert name not in text
    book = load_workbook(tmp_path / "awareness.xlsx")
    assert book["By sector"]["B15"].value == 6  # the Total row: 6 enquiries, not suppressed


def test_cli_matches_the_report(fixture_register: Register, tmp_path: Path) -> None:
    target = tmp_path / "a.xlsx"
    fixture_register.update_settings(suppression_threshold=0)
    code, _, err = _cli(
        "stats", "enquiries", "--db", str(fixture_register.path), "--from", "2026-04-01",
        "--to", "2026-05-31", "--format", "xlsx", "--out", str(target), "--as-of", "2026-06-01",
    )  # fmt: skip
    assert code == 0, err
    # 8 weeks (the setting): A1's 8 weeks before hold E0 and E1.
    sheet = load_workbook(target)["Impact"]
    assert [c.value for c in sheet[3][4:6]] == [2, 2]


def test_cli_refuses_a_period_that_ends_before_it_starts(
    fixture_register: Register, tmp_path: Path
) -> None:
    code, _, err = _cli(
        "stats", "enquiries", "--db", str(fixture_register.path), "--from", "2026-05-01",
        "--to", "2026-04-01", "--format", "csv", "--out", str(tmp_path / "x.csv"),
    )  # fmt: skip
    assert code == 2
    assert "--to 2026-04-01 is before --from 2026-05-01" in err
    assert not (tmp_path / "x.csv").exists()


def test_the_timeliness_chart_hides_what_its_table_hides(report: Report) -> None:
    from pf_register.stats.suppression import suppress

    # Q1: advance 1 (C2), short 0, retrospective 2 (C3, C1). Advance and retrospective are
    # "<5", so each share of the row is "c": 0.0% short too, as 0 + 1 + 2 = 3 would follow.
    hidden = suppress(report, 5)
    assert hidden.table("timeliness").rows[0] == ("Q1 FY 2026-27", "<5", 0, "<5", "c", "c", "c")
    chart = next(c for c in hidden.charts if c.key == "timeliness")
    # The short bar is the "Short %" cell ("c"), not the count called "Short" (0, shown).
    assert all(math.isnan(values[0]) for _, values in chart.series)
    assert "Some values are not drawn" in chart.note


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--to", "9999-12-31"), "9999-12-31 is not a date the register can report on"),
        (("--to", "2026-05-31", "--weeks", "600000"), "600000 weeks is too many; give 1 to 52"),
        (("--to", "2026-05-31", "--as-of", "0001-01-01"), "0001-01-01 is not a date"),
    ],
)
def test_cli_refuses_dates_and_weeks_out_of_range_in_one_line(
    fixture_register: Register, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    code, out, err = _cli(
        "stats", "enquiries", "--db", str(fixture_register.path), "--from", "2026-04-01",
        "--format", "csv", "--out", str(tmp_path / "x.csv"), *args,
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "x.csv").exists()


def test_cli_names_a_folder_given_as_out(fixture_register: Register, tmp_path: Path) -> None:
    code, _, err = _cli(
        "stats", "enquiries", "--db", str(fixture_register.path), "--from", "2026-04-01",
        "--to", "2026-05-31", "--format", "csv", "--out", str(tmp_path),
    )  # fmt: skip
    assert (code, err) == (1, f"pf-register: That is a folder; give a file name: {tmp_path}\n")


def test_audience_counts_by_bisection_equal_a_scan_of_the_log() -> None:
    """Before and after each activity is counted from days in order (a scan of the whole log
    per activity grew with the square of the register); it must count exactly those the
    activity ``reaches``, on each side of every kind of audience and area."""
    rng = random.Random(7)
    sectors = ["school", "health", "public", "parent", "faith"]
    areas = [None, "TB1", "TB2", "RIVERSIDE WARD"]
    start = date(2025, 1, 1).toordinal()

    def day() -> date:
        return date.fromordinal(start + rng.randrange(400))

    enquiries = [
        _Enquiry(day(), rng.choice(sectors), "phone", rng.choice(areas), "pending")
        for _ in range(600)
    ]
    notices = [_Notice(day(), rng.choice(sectors), rng.choice(areas), None) for _ in range(300)]
    activities = [
        _Activity(n, day(), "talk", audience, area, None, "")
        for n, (audience, area) in enumerate(
            (audience, area) for audience in [*sectors, "mixed", "internal"] for area in areas
        )
    ]
    for items in (enquiries, notices):
        index = _DaysByAudience(items)
        for a in activities:
            for first, last in ((a.day - timedelta(days=41), a.day), (a.day, a.day)):
                scanned = sum(
                    1 for i in items if first <= i.day <= last and a.reaches(i.sector, i.area)
                )
                assert index.count(a, first, last) == scanned, (a, first, last)
