"""Statutory visits: REG4_VISIT, REG7_VISIT, REG8_VISIT and VISIT_REPORT.

Every due date here is checked by hand against the England and Wales calendar.
"""

from datetime import date

from pf_register.clock import (
    CaseFacts,
    NotificationFact,
    Obligation,
    Status,
    VisitFact,
    case_obligations,
)
from pf_register.clock.rules import first_year_end
from pf_register.settings import Settings
from pf_register.workdays import WorkingCalendar

CAL = WorkingCalendar()
SETTINGS = Settings()


def run(
    case: CaseFacts,
    today: date,
    code: str,
    *,
    calendar: WorkingCalendar = CAL,
    settings: Settings = SETTINGS,
) -> list[Obligation]:
    """The case's obligations under one rule code, in due-date order."""
    found = [o for o in case_obligations(case, today, calendar, settings) if o.code == code]
    return sorted(found, key=lambda o: o.due)


def one(
    case: CaseFacts,
    today: date,
    code: str,
    *,
    calendar: WorkingCalendar = CAL,
    settings: Settings = SETTINGS,
) -> Obligation:
    """The case's only obligation under one rule code."""
    found = run(case, today, code, calendar=calendar, settings=settings)
    assert len(found) == 1, found
    return found[0]


def notice(kind: str, received: date, id: int = 0) -> NotificationFact:
    return NotificationFact(kind, received, id=id)


def seen(day: date, id: int = 0) -> VisitFact:
    return VisitFact(day, child_seen=True, id=id)


def not_seen(day: date, id: int = 0) -> VisitFact:
    return VisitFact(day, child_seen=False, id=id)


def reg5_case(aware: date, *visits: VisitFact) -> CaseFacts:
    """An arrangement already in place, notified under Reg 5 on ``aware``."""
    return CaseFacts(
        reference="PF-0004",
        child_name="Tamsin Oakridge",
        notifications=(notice("already_in_place", aware),),
        visits=visits,
    )


# REG4_VISIT: a proposal.


def test_example_1_proposal_reg4_due_tuesday_29_december_2026() -> None:
    case = CaseFacts(notifications=(notice("proposal", date(2026, 12, 16)),))
    obligation = one(case, date(2026, 12, 16), "REG4_VISIT")
    assert obligation.due == date(2026, 12, 29)
    assert obligation.status is Status.UPCOMING


def test_reg4_proposal_received_on_a_saturday_counts_from_the_sunday() -> None:
    case = CaseFacts(notifications=(notice("proposal", date(2026, 5, 23)),))
    assert one(case, date(2026, 5, 23), "REG4_VISIT").due == date(2026, 6, 3)


def test_reg4_proposal_received_on_a_bank_holiday_counts_from_the_next_day() -> None:
    # Late summer bank holiday Mon 31 Aug 2026.
    case = CaseFacts(notifications=(notice("proposal", date(2026, 8, 31)),))
    assert one(case, date(2026, 8, 31), "REG4_VISIT").due == date(2026, 9, 9)


def test_reg4_closure_day_from_settings_pushes_the_due_date() -> None:
    settings = Settings(closure_days=(date(2026, 12, 24),))
    calendar = WorkingCalendar(closure_days=settings.closure_days)
    case = CaseFacts(notifications=(notice("proposal", date(2026, 12, 16)),))
    obligation = one(case, date(2026, 12, 16), "REG4_VISIT", calendar=calendar, settings=settings)
    assert obligation.due == date(2026, 12, 30)


def test_reg4_done_by_a_home_visit_without_the_child() -> None:
    # The child does not live there yet: the carer and household are seen.
    case = CaseFacts(
        notifications=(notice("proposal", date(2026, 12, 16)),),
        visits=(not_seen(date(2026, 12, 22), id=7),),
    )
    obligation = one(case, date(2027, 1, 5), "REG4_VISIT")
    assert (obligation.done, obligation.status) == (date(2026, 12, 22), Status.DONE_ON_TIME)
    assert obligation.subject_id == 7


def test_reg4_visit_on_the_day_of_receipt_counts() -> None:
    case = CaseFacts(
        notifications=(notice("proposal", date(2026, 12, 16)),),
        visits=(not_seen(date(2026, 12, 16)),),
    )
    assert one(case, date(2027, 1, 5), "REG4_VISIT").status is Status.DONE_ON_TIME


def test_reg4_visit_before_the_proposal_does_not_count() -> None:
    case = CaseFacts(
        notifications=(notice("proposal", date(2026, 12, 16)),),
        visits=(not_seen(date(2026, 12, 15)),),
    )
    obligation = one(case, date(2026, 12, 30), "REG4_VISIT")
    assert (obligation.done, obligation.status, obligation.days) == (None, Status.OVERDUE, -1)


def test_reg4_visit_after_the_due_date_is_done_late() -> None:
    case = CaseFacts(
        notifications=(notice("proposal", date(2026, 12, 16)),),
        visits=(not_seen(date(2026, 12, 30)),),
    )
    obligation = one(case, date(2027, 1, 5), "REG4_VISIT")
    assert (obligation.done, obligation.status) == (date(2026, 12, 30), Status.DONE_LATE)


def test_a_proposal_after_the_child_is_known_to_live_there_raises_no_reg4() -> None:
    """An arrangement already in place has only its REG7_VISIT (rules, section 3), even if a
    proposal notice is recorded after it: its Reg 7 visit, made before that proposal, could
    never meet a REG4_VISIT, which would show overdue for ever."""
    case = CaseFacts(
        notifications=(
            notice("already_in_place", date(2026, 5, 4), id=1),
            notice("proposal", date(2026, 5, 10), id=2),
        ),
        visits=(seen(date(2026, 5, 5), id=1),),
    )
    assert run(case, date(2026, 6, 1), "REG4_VISIT") == []
    assert one(case, date(2026, 6, 1), "REG7_VISIT").status is Status.DONE_ON_TIME


def test_a_proposal_on_the_day_the_child_is_known_to_live_there_keeps_its_reg4() -> None:
    """The same day: the proposal may have come first, so its visit stays due, and the Reg 7
    visit, on or after that day, meets both."""
    case = CaseFacts(
        notifications=(
            notice("already_in_place", date(2026, 5, 4), id=1),
            notice("proposal", date(2026, 5, 4), id=2),
        ),
        visits=(seen(date(2026, 5, 6), id=1),),
    )
    reg4 = one(case, date(2026, 6, 1), "REG4_VISIT")
    assert (reg4.due, reg4.status) == (date(2026, 5, 13), Status.DONE_ON_TIME)


def test_a_later_proposal_does_not_move_the_first_ones_reg4() -> None:
    """Proposed, moved in, then a proposal recorded again: the visit was due from the first."""
    case = CaseFacts(
        notifications=(
            notice("proposal", date(2026, 4, 20), id=1),
            notice("moved_in", date(2026, 5, 4), id=2),
            notice("proposal", date(2026, 5, 10), id=3),
        ),
    )
    assert one(case, date(2026, 5, 4), "REG4_VISIT").due == date(2026, 4, 29)


def test_proposal_alone_has_no_reg7_or_reg8() -> None:
    case = CaseFacts(
        notifications=(notice("proposal", date(2026, 12, 16)),),
        visits=(seen(date(2026, 12, 22)),),
    )
    assert run(case, date(2027, 1, 5), "REG7_VISIT") == []
    assert run(case, date(2027, 1, 5), "REG8_VISIT") == []


def test_arrangement_already_in_place_has_no_reg4() -> None:
    case = reg5_case(date(2026, 2, 10))
    assert run(case, date(2026, 2, 10), "REG4_VISIT") == []


# REG7_VISIT: the child is living there.


def test_example_2_reg5_notice_on_saturday_reg7_due_thursday_1_april_2027() -> None:
    case = reg5_case(date(2027, 3, 20))
    assert one(case, date(2027, 3, 20), "REG7_VISIT").due == date(2027, 4, 1)


def test_example_3_notice_22_december_2027_reg7_due_wednesday_5_january_2028() -> None:
    case = CaseFacts(notifications=(notice("moved_in", date(2027, 12, 22)),))
    assert one(case, date(2027, 12, 22), "REG7_VISIT").due == date(2028, 1, 5)


def test_example_4_reg5_notice_tuesday_10_february_2026_reg7_due_thursday_19th() -> None:
    case = reg5_case(date(2026, 2, 10))
    assert one(case, date(2026, 2, 10), "REG7_VISIT").due == date(2026, 2, 19)


def test_reg7_moved_in_notice_on_a_sunday_counts_from_the_monday() -> None:
    case = CaseFacts(notifications=(notice("moved_in", date(2026, 2, 8)),))
    assert one(case, date(2026, 2, 8), "REG7_VISIT").due == date(2026, 2, 17)


def test_reg7_notice_on_christmas_day_2026() -> None:
    # Fri 25 Dec; Mon 28 Dec substitute and Fri 1 Jan 2027 are skipped.
    case = CaseFacts(notifications=(notice("moved_in", date(2026, 12, 25)),))
    assert one(case, date(2026, 12, 25), "REG7_VISIT").due == date(2027, 1, 7)


def test_reg7_done_on_time_by_a_visit_seeing_the_child() -> None:
    case = reg5_case(date(2026, 2, 10), seen(date(2026, 2, 16)))
    obligation = one(case, date(2026, 3, 1), "REG7_VISIT")
    assert (obligation.done, obligation.status) == (date(2026, 2, 16), Status.DONE_ON_TIME)


def test_reg7_visit_on_the_due_date_is_on_time() -> None:
    case = reg5_case(date(2026, 2, 10), seen(date(2026, 2, 19)))
    assert one(case, date(2026, 3, 1), "REG7_VISIT").status is Status.DONE_ON_TIME


def test_reg7_not_satisfied_by_a_visit_where_the_child_was_not_seen() -> None:
    case = reg5_case(date(2026, 2, 10), not_seen(date(2026, 2, 16)))
    obligation = one(case, date(2026, 2, 20), "REG7_VISIT")
    assert (obligation.done, obligation.status, obligation.days) == (None, Status.OVERDUE, -1)


def test_reg7_done_late_by_the_first_visit_that_sees_the_child() -> None:
    case = reg5_case(date(2026, 2, 10), not_seen(date(2026, 2, 16)), seen(date(2026, 2, 24)))
    obligation = one(case, date(2026, 3, 1), "REG7_VISIT")
    assert (obligation.done, obligation.status) == (date(2026, 2, 24), Status.DONE_LATE)


def test_reg7_change_of_circumstances_notice_does_not_start_it() -> None:
    case = CaseFacts(notifications=(notice("change_of_circumstances", date(2026, 2, 10)),))
    assert run(case, date(2026, 2, 10), "REG7_VISIT") == []


def test_reg7_runs_from_the_earliest_living_there_notice() -> None:
    case = CaseFacts(
        notifications=(
            notice("moved_in", date(2026, 2, 12)),
            notice("already_in_place", date(2026, 2, 10)),
        )
    )
    assert one(case, date(2026, 2, 12), "REG7_VISIT").due == date(2026, 2, 19)


# A proposal followed by a move-in.

PROPOSAL = date(2026, 6, 1)  # Mon
MOVED_IN = date(2026, 8, 3)  # Mon


def proposal_then_move_in(*visits: VisitFact, start: date | None = None) -> CaseFacts:
    return CaseFacts(
        reference="PF-0007",
        child_name="Rafferty Quill",
        start_date=start,
        notifications=(notice("proposal", PROPOSAL, id=1), notice("moved_in", MOVED_IN, id=2)),
        visits=visits,
    )


def test_proposal_then_move_in_reg4_runs_from_the_proposal() -> None:
    assert one(proposal_then_move_in(), MOVED_IN, "REG4_VISIT").due == date(2026, 6, 10)


def test_proposal_then_move_in_reg7_runs_from_the_moved_in_notice() -> None:
    assert one(proposal_then_move_in(), MOVED_IN, "REG7_VISIT").due == date(2026, 8, 12)


def test_proposal_home_visit_before_the_move_does_not_satisfy_reg7() -> None:
    case = proposal_then_move_in(seen(date(2026, 6, 5)))
    assert one(case, date(2026, 8, 13), "REG4_VISIT").status is Status.DONE_ON_TIME
    reg7 = one(case, date(2026, 8, 13), "REG7_VISIT")
    assert (reg7.done, reg7.status) == (None, Status.OVERDUE)
    assert run(case, date(2026, 8, 13), "REG8_VISIT") == []


def test_first_year_of_a_proposal_starts_at_the_move_in_notice() -> None:
    assert first_year_end(proposal_then_move_in()) == date(2027, 8, 3)


def test_first_year_of_a_proposal_starts_at_the_recorded_start_date() -> None:
    assert first_year_end(proposal_then_move_in(start=date(2026, 8, 1))) == date(2027, 8, 1)


def test_first_year_of_a_reg5_case_starts_when_the_authority_became_aware() -> None:
    case = CaseFacts(
        start_date=date(2025, 9, 1),
        notifications=(notice("already_in_place", date(2026, 2, 10)),),
    )
    assert first_year_end(case) == date(2027, 2, 10)


def test_first_year_from_29_february_ends_on_1_march() -> None:
    case = reg5_case(date(2028, 2, 29))
    assert first_year_end(case) == date(2029, 3, 1)


def test_proposal_visit_on_the_proposal_anniversary_is_still_first_year() -> None:
    case = proposal_then_move_in(seen(date(2026, 8, 5)), seen(date(2027, 6, 1)))
    assert run(case, date(2027, 6, 1), "REG8_VISIT")[-1].due == date(2027, 7, 13)


def test_proposal_visit_the_day_before_the_move_in_anniversary_gives_6_weeks() -> None:
    case = proposal_then_move_in(seen(date(2026, 8, 5)), seen(date(2027, 8, 2)))
    assert run(case, date(2027, 8, 2), "REG8_VISIT")[-1].due == date(2027, 9, 13)


def test_proposal_visit_on_the_move_in_anniversary_gives_12_weeks() -> None:
    case = proposal_then_move_in(seen(date(2026, 8, 5)), seen(date(2027, 8, 3)))
    assert run(case, date(2027, 8, 3), "REG8_VISIT")[-1].due == date(2027, 10, 26)


# REG8_VISIT: 6 weeks in the first year, then 12 weeks.


def test_example_4_first_year_visits_every_6_weeks() -> None:
    case = reg5_case(date(2026, 2, 10), seen(date(2026, 2, 16)), seen(date(2026, 3, 27)))
    dues = [(o.due, o.done, o.status) for o in run(case, date(2026, 3, 27), "REG8_VISIT")]
    assert dues == [
        (date(2026, 3, 30), date(2026, 3, 27), Status.DONE_ON_TIME),
        (date(2026, 5, 8), None, Status.UPCOMING),
    ]


def test_example_4_visit_in_first_year_then_in_second_year() -> None:
    case = reg5_case(
        date(2026, 2, 10),
        seen(date(2026, 2, 16)),
        seen(date(2027, 2, 2)),
        seen(date(2027, 3, 15)),
    )
    dues = [(o.due, o.done) for o in run(case, date(2027, 3, 15), "REG8_VISIT")]
    assert dues == [
        (date(2026, 3, 30), date(2027, 2, 2)),
        (date(2027, 3, 16), date(2027, 3, 15)),  # Tue 2 Feb 2027 is in the first year
        (date(2027, 6, 7), None),  # Mon 15 Mar 2027 is in the second year
    ]


def test_reg8_visit_the_day_before_the_first_anniversary_gives_6_weeks() -> None:
    case = reg5_case(date(2026, 2, 10), seen(date(2026, 2, 16)), seen(date(2027, 2, 9)))
    assert run(case, date(2027, 2, 9), "REG8_VISIT")[-1].due == date(2027, 3, 23)


def test_reg8_visit_on_the_first_anniversary_gives_12_weeks() -> None:
    case = reg5_case(date(2026, 2, 10), seen(date(2026, 2, 16)), seen(date(2027, 2, 10)))
    assert run(case, date(2027, 2, 10), "REG8_VISIT")[-1].due == date(2027, 5, 5)


def test_reg8_chain_starts_only_once_reg7_is_done() -> None:
    case = reg5_case(date(2026, 2, 10))
    assert run(case, date(2026, 2, 20), "REG8_VISIT") == []


def test_reg8_chain_starts_from_a_late_reg7_visit() -> None:
    case = reg5_case(date(2026, 2, 10), seen(date(2026, 2, 24)))
    assert one(case, date(2026, 2, 24), "REG8_VISIT").due == date(2026, 4, 7)


def test_reg8_visit_without_seeing_the_child_does_not_stop_the_clock() -> None:
    case = reg5_case(date(2026, 2, 10), seen(date(2026, 2, 16)), not_seen(date(2026, 3, 20)))
    obligation = one(case, date(2026, 3, 31), "REG8_VISIT")
    assert (obligation.due, obligation.done) == (date(2026, 3, 30), None)
    assert (obligation.status, obligation.days) == (Status.OVERDUE, -1)


def test_reg8_late_visit_is_done_late_and_the_next_interval_runs_from_it() -> None:
    case = reg5_case(date(2026, 2, 10), seen(date(2026, 2, 16)), seen(date(2026, 4, 6)))
    dues = [(o.due, o.done, o.status) for o in run(case, date(2026, 4, 6), "REG8_VISIT")]
    assert dues == [
        (date(2026, 3, 30), date(2026, 4, 6), Status.DONE_LATE),
        (date(2026, 5, 18), None, Status.UPCOMING),
    ]


def test_reg8_extra_visit_restarts_the_interval() -> None:
    # Reg 8(2): a visit the child asked for counts as a visit.
    case = reg5_case(date(2026, 2, 10), seen(date(2026, 2, 16)), seen(date(2026, 3, 2)))
    dues = [(o.due, o.done) for o in run(case, date(2026, 3, 2), "REG8_VISIT")]
    assert dues == [(date(2026, 3, 30), date(2026, 3, 2)), (date(2026, 4, 13), None)]


def test_reg8_two_visits_on_one_day_make_one_interval() -> None:
    case = reg5_case(
        date(2026, 2, 10),
        seen(date(2026, 2, 16), id=1),
        seen(date(2026, 3, 27), id=2),
        seen(date(2026, 3, 27), id=3),
    )
    dues = [(o.due, o.done) for o in run(case, date(2026, 3, 27), "REG8_VISIT")]
    assert dues == [(date(2026, 3, 30), date(2026, 3, 27)), (date(2026, 5, 8), None)]


def test_reg8_due_date_on_a_weekend_is_not_moved() -> None:
    case = reg5_case(date(2026, 2, 10), seen(date(2026, 2, 21)))  # Saturday visit
    due = one(case, date(2026, 2, 21), "REG8_VISIT").due
    assert due == date(2026, 4, 4)
    assert due.weekday() == 5  # Saturday, shown as it is


def test_reg8_crosses_the_year_boundary() -> None:
    case = reg5_case(date(2026, 11, 2), seen(date(2026, 11, 20)))
    assert one(case, date(2026, 11, 20), "REG8_VISIT").due == date(2027, 1, 1)


def test_reg8_visits_recorded_out_of_order_are_read_in_date_order() -> None:
    case = reg5_case(date(2026, 2, 10), seen(date(2026, 3, 27)), seen(date(2026, 2, 16)))
    dues = [o.due for o in run(case, date(2026, 3, 27), "REG8_VISIT")]
    assert dues == [date(2026, 3, 30), date(2026, 5, 8)]


# VISIT_REPORT: 5 working days after each visit (setting).


def test_visit_report_due_5_working_days_after_the_visit() -> None:
    case = reg5_case(date(2026, 2, 10), seen(date(2026, 2, 16)))
    assert one(case, date(2026, 2, 16), "VISIT_REPORT").due == date(2026, 2, 23)


def test_visit_report_skips_christmas_and_the_boxing_day_substitute() -> None:
    case = reg5_case(date(2026, 12, 14), seen(date(2026, 12, 21)))
    assert one(case, date(2026, 12, 21), "VISIT_REPORT").due == date(2026, 12, 30)


def test_visit_report_written_on_the_due_date_is_on_time() -> None:
    visit = VisitFact(date(2026, 12, 21), report_date=date(2026, 12, 30))
    case = reg5_case(date(2026, 12, 14), visit)
    assert one(case, date(2027, 1, 5), "VISIT_REPORT").status is Status.DONE_ON_TIME


def test_visit_report_written_the_day_after_is_late() -> None:
    visit = VisitFact(date(2026, 12, 21), report_date=date(2026, 12, 31))
    case = reg5_case(date(2026, 12, 14), visit)
    assert one(case, date(2027, 1, 5), "VISIT_REPORT").status is Status.DONE_LATE


def test_visit_report_days_is_a_setting() -> None:
    case = reg5_case(date(2026, 2, 10), seen(date(2026, 2, 16)))
    settings = Settings(visit_report_days=10)
    assert one(case, date(2026, 2, 16), "VISIT_REPORT", settings=settings).due == date(2026, 3, 2)


def test_visit_report_skips_an_authority_closure_day() -> None:
    case = reg5_case(date(2026, 2, 10), seen(date(2026, 2, 16)))
    calendar = WorkingCalendar(closure_days=[date(2026, 2, 20)])
    assert one(case, date(2026, 2, 16), "VISIT_REPORT", calendar=calendar).due == date(2026, 2, 24)


def test_visit_report_needed_for_a_visit_where_the_child_was_not_seen() -> None:
    case = reg5_case(date(2026, 2, 10), not_seen(date(2026, 2, 16), id=3))
    obligation = one(case, date(2026, 2, 16), "VISIT_REPORT")
    assert (obligation.due, obligation.subject_id) == (date(2026, 2, 23), 3)


def test_visit_report_one_per_visit() -> None:
    case = reg5_case(
        date(2026, 2, 10), seen(date(2026, 2, 16), id=1), not_seen(date(2026, 2, 17), id=2)
    )
    reports = run(case, date(2026, 2, 17), "VISIT_REPORT")
    assert [(o.subject_id, o.due) for o in reports] == [
        (1, date(2026, 2, 23)),
        (2, date(2026, 2, 24)),
    ]
