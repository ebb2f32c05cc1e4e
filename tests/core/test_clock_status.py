"""Where an obligation stands on a day, what an ended arrangement still owes, and the to-do list
across arrangements."""

from datetime import date

import pytest

from pf_register.clock import (
    CaseFacts,
    NotificationFact,
    Obligation,
    Status,
    VisitFact,
    case_obligations,
    open_obligations,
)
from pf_register.clock.obligation import status_on
from pf_register.settings import Settings
from pf_register.workdays import WorkingCalendar

CAL = WorkingCalendar()
SETTINGS = Settings()
DUE = date(2026, 6, 10)

# status_on: due that day is "due today"; overdue starts the day after.


def test_status_due_today_on_the_due_date() -> None:
    assert status_on(DUE, None, DUE, 7) is Status.DUE_TODAY


def test_status_overdue_the_day_after() -> None:
    assert status_on(DUE, None, date(2026, 6, 11), 7) is Status.OVERDUE


def test_status_due_soon_at_the_edge_of_the_window() -> None:
    assert status_on(DUE, None, date(2026, 6, 3), 7) is Status.DUE_SOON


def test_status_upcoming_just_outside_the_window() -> None:
    assert status_on(DUE, None, date(2026, 6, 2), 7) is Status.UPCOMING


def test_status_zero_day_window_only_the_due_date_itself_is_pressing() -> None:
    assert status_on(DUE, None, date(2026, 6, 9), 0) is Status.UPCOMING


def test_status_done_on_the_due_date_is_on_time() -> None:
    assert status_on(DUE, DUE, date(2026, 7, 1), 7) is Status.DONE_ON_TIME


def test_status_done_before_the_due_date_is_on_time() -> None:
    assert status_on(DUE, date(2026, 6, 1), date(2026, 6, 1), 7) is Status.DONE_ON_TIME


def test_status_done_the_day_after_is_late() -> None:
    assert status_on(DUE, date(2026, 6, 11), date(2026, 7, 1), 7) is Status.DONE_LATE


@pytest.mark.parametrize(
    ("status", "is_open"),
    [
        (Status.OVERDUE, True),
        (Status.DUE_TODAY, True),
        (Status.DUE_SOON, True),
        (Status.UPCOMING, True),
        (Status.MISSED, False),
        (Status.DONE_LATE, False),
        (Status.DONE_ON_TIME, False),
    ],
)
def test_which_statuses_are_open(status: Status, is_open: bool) -> None:
    assert status.is_open is is_open


def test_missed_is_labelled_for_the_officer() -> None:
    assert Status.MISSED.label == "Missed"


# Ended arrangements: nothing open; what fell due before the end and was never done is missed.

AWARE = date(2026, 2, 10)  # Reg 5 notice, Tue: REG7 due Thu 19 Feb 2026


def reg5_case(*visits: VisitFact, end: date | None = None) -> CaseFacts:
    return CaseFacts(
        arrangement_id=4,
        reference="PF-0004",
        child_name="Tamsin Oakridge",
        end_date=end,
        notifications=(NotificationFact("already_in_place", AWARE),),
        visits=visits,
    )


def by_code(case: CaseFacts, today: date) -> dict[str, list[tuple[date, Status]]]:
    found: dict[str, list[tuple[date, Status]]] = {}
    for o in sorted(case_obligations(case, today, CAL, SETTINGS), key=lambda o: o.due):
        found.setdefault(o.code, []).append((o.due, o.status))
    return found


def test_ended_arrangement_has_no_open_obligations() -> None:
    case = reg5_case(VisitFact(date(2026, 2, 16)), end=date(2026, 4, 10))
    assert open_obligations([case], date(2026, 5, 1), CAL, SETTINGS) == []


def test_ended_arrangement_keeps_an_undone_visit_that_fell_due_before_the_end_as_missed() -> None:
    case = reg5_case(VisitFact(date(2026, 2, 16)), end=date(2026, 4, 10))
    assert by_code(case, date(2026, 5, 1))["REG8_VISIT"] == [(date(2026, 3, 30), Status.MISSED)]


def test_ended_arrangement_due_on_the_end_date_is_not_missed() -> None:
    # Due that day is "due today", not overdue: an arrangement that ended on the due day
    # owed nothing late, so the visit simply lapses.
    case = reg5_case(VisitFact(date(2026, 2, 16)), end=date(2026, 3, 30))
    assert "REG8_VISIT" not in by_code(case, date(2026, 5, 1))


def test_ended_arrangement_due_the_day_before_the_end_and_undone_is_missed() -> None:
    case = reg5_case(VisitFact(date(2026, 2, 16)), end=date(2026, 3, 31))
    assert by_code(case, date(2026, 5, 1))["REG8_VISIT"] == [(date(2026, 3, 30), Status.MISSED)]


def test_due_as_of_a_past_day_ignores_what_happened_later() -> None:
    # Reg 5 notice Tue 10 Feb 2026; REG7 due Thu 19 Feb. The visit came on Mon 23 Feb: judged
    # on Fri 20 Feb the visit had not happened, so REG7 is overdue and no REG8 exists yet.
    case = reg5_case(VisitFact(date(2026, 2, 23)))
    assert by_code(case, date(2026, 2, 20))["REG7_VISIT"] == [(date(2026, 2, 19), Status.OVERDUE)]
    assert "REG8_VISIT" not in by_code(case, date(2026, 2, 20))
    assert "VISIT_REPORT" not in by_code(case, date(2026, 2, 20))
    # Judged before the notice arrived, the case owes nothing at all.
    assert by_code(case, date(2026, 2, 9)) == {}


def test_ended_arrangement_drops_what_would_have_fallen_due_after_the_end() -> None:
    case = reg5_case(VisitFact(date(2026, 2, 16)), end=date(2026, 3, 29))
    assert "REG8_VISIT" not in by_code(case, date(2026, 5, 1))


def test_ended_arrangement_keeps_done_late_as_done_late() -> None:
    case = reg5_case(VisitFact(date(2026, 2, 24)), end=date(2026, 3, 1))
    assert by_code(case, date(2026, 5, 1))["REG7_VISIT"] == [(date(2026, 2, 19), Status.DONE_LATE)]


def test_ended_arrangement_keeps_done_on_time_as_done_on_time() -> None:
    case = reg5_case(VisitFact(date(2026, 2, 16)), end=date(2026, 3, 1))
    assert by_code(case, date(2026, 5, 1))["REG7_VISIT"] == [
        (date(2026, 2, 19), Status.DONE_ON_TIME)
    ]


def test_visit_after_the_end_satisfies_nothing() -> None:
    case = reg5_case(VisitFact(date(2026, 2, 26)), end=date(2026, 2, 25))
    found = by_code(case, date(2026, 5, 1))
    assert found["REG7_VISIT"] == [(date(2026, 2, 19), Status.MISSED)]
    assert "VISIT_REPORT" not in found
    assert "REG8_VISIT" not in found


def test_arrangement_ending_today_is_ended() -> None:
    case = reg5_case(end=date(2026, 2, 20))
    assert open_obligations([case], date(2026, 2, 20), CAL, SETTINGS) == []
    assert by_code(case, date(2026, 2, 20))["REG7_VISIT"] == [(date(2026, 2, 19), Status.MISSED)]


def test_end_date_after_today_leaves_the_arrangement_open() -> None:
    case = reg5_case(VisitFact(date(2026, 2, 16)), end=date(2026, 6, 1))
    assert by_code(case, date(2026, 3, 31))["REG8_VISIT"] == [(date(2026, 3, 30), Status.OVERDUE)]


# The to-do list: overdue first, then due today, due soon, upcoming; ties by date, then reference.

TODAY = date(2026, 6, 1)


def aging(reference: str, dob: date, *, end: date | None = None) -> CaseFacts:
    """A case whose only obligation is AGE_LIMIT (no notifications, so no visits or checks)."""
    return CaseFacts(reference=reference, child_name="Fen Ashdown", child_dob=dob, end_date=end)


CASES = [
    aging("PF-0005", date(2010, 9, 1)),  # 16 on 1 Sep 2026: upcoming
    aging("PF-0001", date(2010, 6, 20)),  # 20 Jun: due soon (28-day warning)
    aging("PF-0002", date(2010, 6, 10)),  # 10 Jun: due soon
    aging("PF-0004", date(2010, 6, 1)),  # today
    aging("PF-0003", date(2010, 5, 30)),  # overdue since 30 May
]


def refs(obligations: list[Obligation]) -> list[str]:
    return [o.reference for o in obligations]


def test_open_obligations_most_urgent_first() -> None:
    found = open_obligations(CASES, TODAY, CAL, SETTINGS)
    assert [(o.reference, o.status, o.days) for o in found] == [
        ("PF-0003", Status.OVERDUE, -2),
        ("PF-0004", Status.DUE_TODAY, 0),
        ("PF-0002", Status.DUE_SOON, 9),
        ("PF-0001", Status.DUE_SOON, 19),
        ("PF-0005", Status.UPCOMING, 92),
    ]


def test_open_obligations_same_status_and_date_ordered_by_reference() -> None:
    cases = [aging("PF-0009", date(2010, 6, 10)), aging("PF-0006", date(2010, 6, 10))]
    assert refs(open_obligations(cases, TODAY, CAL, SETTINGS)) == ["PF-0006", "PF-0009"]


def test_open_obligations_within_days_keeps_overdue_and_due_within_the_window() -> None:
    found = open_obligations(CASES, TODAY, CAL, SETTINGS, within_days=9)
    assert refs(found) == ["PF-0003", "PF-0004", "PF-0002"]


def test_open_obligations_within_zero_days_is_overdue_and_due_today() -> None:
    found = open_obligations(CASES, TODAY, CAL, SETTINGS, within_days=0)
    assert refs(found) == ["PF-0003", "PF-0004"]


def test_open_obligations_leaves_out_ended_arrangements() -> None:
    ended = aging("PF-0008", date(2010, 5, 30), end=date(2026, 5, 31))
    assert open_obligations([ended], TODAY, CAL, SETTINGS) == []


def test_open_obligations_leaves_out_done_work() -> None:
    case = reg5_case(VisitFact(date(2026, 2, 16), report_date=date(2026, 2, 17)))
    codes = {o.code for o in open_obligations([case], date(2026, 2, 18), CAL, SETTINGS)}
    assert "REG7_VISIT" not in codes
    assert "VISIT_REPORT" not in codes
    assert "REG8_VISIT" in codes


def test_open_obligations_due_soon_ranks_above_upcoming_even_if_due_later() -> None:
    # AGE_LIMIT warns 28 days ahead; REG7 only 7 days ahead (due_soon_days).
    visit_case = CaseFacts(
        reference="PF-0010", notifications=(NotificationFact("moved_in", date(2026, 5, 29)),)
    )
    birthday = aging("PF-0011", date(2010, 6, 20))
    found = [
        (o.reference, o.code, o.status)
        for o in open_obligations([visit_case, birthday], TODAY, CAL, SETTINGS)
        if o.code in {"REG7_VISIT", "AGE_LIMIT"}
    ]
    assert found == [
        ("PF-0011", "AGE_LIMIT", Status.DUE_SOON),
        ("PF-0010", "REG7_VISIT", Status.UPCOMING),
    ]


def test_case_obligations_open_first_by_due_date_then_done() -> None:
    case = reg5_case(VisitFact(date(2026, 2, 24)))
    found = [
        (o.code, o.due, o.status) for o in case_obligations(case, date(2026, 4, 1), CAL, SETTINGS)
    ]
    assert found == [
        ("CHECKS", date(2026, 2, 17), Status.OVERDUE),  # education check requested
        ("VISIT_REPORT", date(2026, 3, 3), Status.OVERDUE),
        ("ASSESSMENT_DECISION", date(2026, 3, 24), Status.OVERDUE),
        ("CHECKS", date(2026, 3, 24), Status.OVERDUE),  # ... and returned
        ("REG8_VISIT", date(2026, 4, 7), Status.DUE_SOON),
        ("REG7_VISIT", date(2026, 2, 19), Status.DONE_LATE),
    ]


def test_case_obligations_of_an_ended_arrangement_missed_before_done() -> None:
    case = reg5_case(VisitFact(date(2026, 2, 24)), end=date(2026, 4, 10))
    found = [(o.code, o.status) for o in case_obligations(case, date(2026, 5, 1), CAL, SETTINGS)]
    assert found == [
        ("CHECKS", Status.MISSED),
        ("VISIT_REPORT", Status.MISSED),
        ("ASSESSMENT_DECISION", Status.MISSED),
        ("CHECKS", Status.MISSED),
        ("REG8_VISIT", Status.MISSED),
        ("REG7_VISIT", Status.DONE_LATE),
    ]


def test_obligation_carries_the_case_it_belongs_to() -> None:
    [obligation] = [
        o for o in case_obligations(reg5_case(), AWARE, CAL, SETTINGS) if o.code == "REG7_VISIT"
    ]
    assert (obligation.arrangement_id, obligation.reference, obligation.child) == (
        4,
        "PF-0004",
        "Tamsin Oakridge",
    )
    assert obligation.rule.statute
    assert obligation.rule.heading == "Visit and see the child within 7 working days — Reg 7"
