"""The other clock rules: CHECKS, ASSESSMENT_DECISION, AGE_LIMIT, DURATION_28_DAYS and
ENQUIRY_FOLLOW_UP."""

from datetime import date

from pf_register.clock import (
    CaseFacts,
    CheckFact,
    DecisionFact,
    EnquiryFact,
    NotificationFact,
    Obligation,
    PersonFact,
    Status,
    case_obligations,
    enquiry_follow_up,
    required_checks,
)
from pf_register.settings import Settings
from pf_register.workdays import WorkingCalendar

CAL = WorkingCalendar()
SETTINGS = Settings()


def run(
    case: CaseFacts, today: date, code: str, *, settings: Settings = SETTINGS
) -> list[Obligation]:
    """The case's obligations under one rule code, in due-date order."""
    found = [o for o in case_obligations(case, today, CAL, settings) if o.code == code]
    return sorted(found, key=lambda o: (o.due, o.detail))


def one(case: CaseFacts, today: date, code: str, *, settings: Settings = SETTINGS) -> Obligation:
    """The case's only obligation under one rule code."""
    found = run(case, today, code, settings=settings)
    assert len(found) == 1, found
    return found[0]


CARER = PersonFact(1, "Morwenna Hale", date_of_birth=date(1975, 4, 2))


def notified(received: date, kind: str = "proposal", **fields: object) -> CaseFacts:
    return CaseFacts(
        reference="PF-0011",
        child_name="Ilya Brackenbury",
        notifications=(NotificationFact(kind, received),),
        **fields,  # type: ignore[arg-type]
    )


def member_checks(case: CaseFacts, settings: Settings = SETTINGS) -> list[tuple[str, date]]:
    """The checks needed on people other than the child, with the date each became necessary."""
    return [(c.kind, c.from_date) for c in required_checks(case, settings) if c.person]


def check_details(case: CaseFacts, today: date) -> dict[str, tuple[date, Status]]:
    return {o.detail: (o.due, o.status) for o in run(case, today, "CHECKS")}


# CHECKS: requested within 5 working days, returned within 42 days (settings).


CARER_SET = "(DBS, LA records, police, health, references)"


def carer_checks(**by_kind: dict[str, object]) -> tuple[CheckFact, ...]:
    """All five of the carer's checks requested on Fri 5 Jun 2026 and back with no concerns on
    Wed 1 Jul 2026, except where ``by_kind`` changes one kind's dates."""
    base: dict[str, object] = {
        "requested": date(2026, 6, 5),
        "returned": date(2026, 7, 1),
        "outcome": "no_concerns",
    }
    return tuple(
        CheckFact(kind, 1, **{**base, **by_kind.get(kind, {})})  # type: ignore[arg-type]
        for kind in ("dbs", "la_records", "police", "health", "references")
    )


def test_checks_the_carer_needs_the_full_set_and_a_school_age_child_an_education_check() -> None:
    case = notified(date(2026, 6, 1), carer=CARER, child_dob=date(2014, 5, 1))
    needed = [(c.kind, c.subject_name) for c in required_checks(case, SETTINGS)]
    assert needed == [
        ("dbs", "Morwenna Hale"),
        ("la_records", "Morwenna Hale"),
        ("police", "Morwenna Hale"),
        ("health", "Morwenna Hale"),
        ("references", "Morwenna Hale"),
        ("education", "the child"),
    ]


def test_checks_request_and_return_due_dates_over_christmas() -> None:
    # Fri 18 Dec 2026: request within 5 working days skips 25 and 28 Dec; return 42 days on.
    case = notified(date(2026, 12, 18), carer=CARER, child_dob=date(2014, 5, 1))
    details = check_details(case, date(2026, 12, 18))
    assert details == {
        f"Morwenna Hale: request {CARER_SET}": (date(2026, 12, 29), Status.UPCOMING),
        f"Morwenna Hale: results back {CARER_SET}": (date(2027, 1, 29), Status.UPCOMING),
        "the child: request (education)": (date(2026, 12, 29), Status.UPCOMING),
        "the child: results back (education)": (date(2027, 1, 29), Status.UPCOMING),
    }


def test_checks_no_education_check_for_a_child_under_4() -> None:
    case = notified(date(2026, 6, 1), carer=CARER, child_dob=date(2023, 1, 1))
    assert "education" not in [c.kind for c in required_checks(case, SETTINGS)]


def test_checks_education_check_when_the_childs_age_is_unknown() -> None:
    case = notified(date(2026, 6, 1), carer=CARER)
    assert [c.kind for c in required_checks(case, SETTINGS)][-1] == "education"


def test_checks_household_member_turning_16_needs_checks_from_the_birthday() -> None:
    son = PersonFact(2, "Caspian Hale", date_of_birth=date(2010, 9, 10))
    case = notified(date(2026, 6, 1), household=(son,))
    details = check_details(case, date(2026, 6, 1))
    assert details["Caspian Hale: request (DBS, LA records, police)"][0] == date(2026, 9, 17)
    assert details["Caspian Hale: results back (DBS, LA records, police)"][0] == (
        date(2026, 10, 22)
    )


def test_checks_dbs_age_is_a_setting() -> None:
    son = PersonFact(2, "Caspian Hale", date_of_birth=date(2010, 9, 10))
    case = notified(date(2026, 6, 1), household=(son,))
    assert {day for _, day in member_checks(case, Settings(dbs_age=18))} == {date(2028, 9, 10)}


def test_checks_household_member_joining_later_needs_checks_from_joining() -> None:
    lodger = PersonFact(3, "Petra Voss", joined=date(2026, 7, 15))
    case = notified(date(2026, 6, 1), household=(lodger,))
    assert member_checks(case) == [
        ("dbs", date(2026, 7, 15)),
        ("la_records", date(2026, 7, 15)),
        ("police", date(2026, 7, 15)),
    ]
    details = check_details(case, date(2026, 7, 15))
    assert details["Petra Voss: request (DBS, LA records, police)"][0] == date(2026, 7, 22)


def test_checks_household_member_who_left_before_notification_needs_none() -> None:
    former = PersonFact(4, "Dorian Vale", left=date(2026, 5, 1))
    case = notified(date(2026, 6, 1), household=(former,))
    assert member_checks(case) == []


def test_checks_household_member_who_left_on_the_day_of_notification_needs_none() -> None:
    former = PersonFact(4, "Dorian Vale", left=date(2026, 6, 1))
    case = notified(date(2026, 6, 1), household=(former,))
    assert member_checks(case) == []


def test_checks_education_check_for_a_child_who_is_4_on_the_day_of_notification() -> None:
    case = notified(date(2026, 6, 1), carer=CARER, child_dob=date(2022, 6, 1))
    assert [c.kind for c in required_checks(case, SETTINGS)][-1] == "education"


def test_checks_no_education_check_for_a_child_turning_4_the_day_after() -> None:
    case = notified(date(2026, 6, 1), carer=CARER, child_dob=date(2022, 6, 2))
    assert "education" not in [c.kind for c in required_checks(case, SETTINGS)]


def test_checks_none_for_a_member_turning_16_after_the_arrangement_ended() -> None:
    son = PersonFact(2, "Caspian Hale", date_of_birth=date(2010, 9, 10))
    case = notified(date(2026, 6, 1), household=(son,), end_date=date(2026, 8, 1))
    assert member_checks(case) == []


def test_checks_done_on_time_when_requested_and_returned_with_outcome() -> None:
    case = notified(
        date(2026, 6, 1), carer=CARER, child_dob=date(2014, 5, 1), checks=carer_checks()
    )
    details = check_details(case, date(2026, 7, 1))
    assert details[f"Morwenna Hale: request {CARER_SET}"] == (date(2026, 6, 8), Status.DONE_ON_TIME)
    assert details[f"Morwenna Hale: results back {CARER_SET}"] == (
        date(2026, 7, 13),
        Status.DONE_ON_TIME,
    )


def test_checks_one_person_is_one_duty_naming_what_is_still_outstanding() -> None:
    only_police = (CheckFact("police", 1, requested=date(2026, 6, 5)),)
    case = notified(date(2026, 6, 1), carer=CARER, checks=only_police)
    details = check_details(case, date(2026, 6, 9))
    assert details["Morwenna Hale: request (DBS, LA records, health, references)"] == (
        date(2026, 6, 8),
        Status.OVERDUE,
    )
    assert details[f"Morwenna Hale: results back {CARER_SET}"][1] is Status.UPCOMING


def test_checks_request_after_5_working_days_is_late() -> None:
    # Four asked for on time, police on Tue 9 Jun: the request is done when the last one is.
    checks = carer_checks(police={"requested": date(2026, 6, 9)})
    case = notified(date(2026, 6, 1), carer=CARER, checks=checks)
    assert check_details(case, date(2026, 6, 9))[f"Morwenna Hale: request {CARER_SET}"] == (
        date(2026, 6, 8),
        Status.DONE_LATE,
    )


def test_checks_a_lost_request_asked_again_keeps_the_first_request_date() -> None:
    lost = CheckFact("police", 1, requested=date(2026, 6, 3), id=91)
    again = CheckFact(
        "police",
        1,
        requested=date(2026, 6, 22),
        returned=date(2026, 7, 1),
        outcome="no_concerns",
        id=92,
    )
    others = tuple(c for c in carer_checks() if c.kind != "police")
    case = notified(date(2026, 6, 1), carer=CARER, checks=(*others, lost, again))
    details = check_details(case, date(2026, 7, 2))
    assert details[f"Morwenna Hale: request {CARER_SET}"] == (date(2026, 6, 8), Status.DONE_ON_TIME)
    assert details[f"Morwenna Hale: results back {CARER_SET}"] == (
        date(2026, 7, 13),
        Status.DONE_ON_TIME,
    )


def test_checks_returned_without_an_outcome_is_still_open() -> None:
    checks = carer_checks(police={"outcome": None})
    case = notified(date(2026, 6, 1), carer=CARER, checks=checks)
    details = check_details(case, date(2026, 7, 14))
    assert details["Morwenna Hale: results back (police)"] == (date(2026, 7, 13), Status.OVERDUE)


def test_checks_request_days_and_return_days_are_settings() -> None:
    settings = Settings(check_request_days=10, check_return_days=28)
    case = notified(date(2026, 6, 1), carer=CARER)
    found = run(case, date(2026, 6, 1), "CHECKS", settings=settings)
    assert {o.due for o in found} == {date(2026, 6, 15), date(2026, 6, 29)}


# ASSESSMENT_DECISION: 42 days after the first notification (setting).


def test_decision_due_42_days_after_the_first_notification() -> None:
    case = CaseFacts(
        notifications=(
            NotificationFact("proposal", date(2026, 6, 1)),
            NotificationFact("moved_in", date(2026, 8, 3)),
        )
    )
    assert one(case, date(2026, 6, 1), "ASSESSMENT_DECISION").due == date(2026, 7, 13)


def test_decision_days_is_a_setting() -> None:
    case = notified(date(2026, 6, 1))
    settings = Settings(decision_days=28)
    assert one(case, date(2026, 6, 1), "ASSESSMENT_DECISION", settings=settings).due == date(
        2026, 6, 29
    )


def test_decision_without_a_letter_is_not_done() -> None:
    case = notified(date(2026, 6, 1), decisions=(DecisionFact("suitable", date(2026, 7, 1)),))
    obligation = one(case, date(2026, 7, 14), "ASSESSMENT_DECISION")
    assert (obligation.done, obligation.status) == (None, Status.OVERDUE)
    assert obligation.detail == "decision made; letter not yet recorded"


def test_decision_done_when_the_letter_is_sent() -> None:
    decision = DecisionFact("suitable", date(2026, 7, 1), letter_date=date(2026, 7, 3))
    case = notified(date(2026, 6, 1), decisions=(decision,))
    obligation = one(case, date(2026, 7, 14), "ASSESSMENT_DECISION")
    assert (obligation.done, obligation.status) == (date(2026, 7, 3), Status.DONE_ON_TIME)


def test_decision_letter_after_the_due_date_is_late() -> None:
    decision = DecisionFact("suitable", date(2026, 7, 10), letter_date=date(2026, 7, 14))
    case = notified(date(2026, 6, 1), decisions=(decision,))
    obligation = one(case, date(2026, 7, 20), "ASSESSMENT_DECISION")
    assert (obligation.done, obligation.status) == (date(2026, 7, 14), Status.DONE_LATE)


# AGE_LIMIT: the 16th birthday, the 18th if disabled; warned 28 days ahead (setting).


def child_born(dob: date, *, disabled: bool | None = False, **fields: object) -> CaseFacts:
    return notified(
        date(2026, 1, 5), kind="already_in_place", child_dob=dob, child_disabled=disabled, **fields
    )


def test_age_limit_due_on_the_16th_birthday() -> None:
    obligation = one(child_born(date(2010, 6, 15)), date(2026, 1, 5), "AGE_LIMIT")
    assert (obligation.due, obligation.detail) == (date(2026, 6, 15), "16th birthday")


def test_age_limit_disabled_child_due_on_the_18th_birthday() -> None:
    case = child_born(date(2010, 6, 15), disabled=True)
    obligation = one(case, date(2026, 1, 5), "AGE_LIMIT")
    assert (obligation.due, obligation.detail) == (date(2028, 6, 15), "18th birthday")


def test_age_limit_unknown_disability_uses_the_earlier_16th_birthday() -> None:
    case = child_born(date(2010, 6, 15), disabled=None)
    assert one(case, date(2026, 1, 5), "AGE_LIMIT").due == date(2026, 6, 15)


def test_age_limit_born_29_february_2012_turns_16_on_29_february_2028() -> None:
    assert one(child_born(date(2012, 2, 29)), date(2026, 1, 5), "AGE_LIMIT").due == date(
        2028, 2, 29
    )


def test_age_limit_disabled_born_29_february_2012_turns_18_on_1_march_2030() -> None:
    case = child_born(date(2012, 2, 29), disabled=True)
    assert one(case, date(2026, 1, 5), "AGE_LIMIT").due == date(2030, 3, 1)


def test_age_limit_born_29_february_2008_turned_16_on_29_february_2024() -> None:
    obligation = one(child_born(date(2008, 2, 29)), date(2026, 1, 5), "AGE_LIMIT")
    assert (obligation.due, obligation.status) == (date(2024, 2, 29), Status.OVERDUE)


def test_age_limit_birthday_on_31_december_crosses_no_year_boundary() -> None:
    assert one(child_born(date(2010, 12, 31)), date(2026, 1, 5), "AGE_LIMIT").due == date(
        2026, 12, 31
    )


def test_age_limit_due_soon_exactly_28_days_ahead() -> None:
    case = child_born(date(2010, 6, 15))
    assert one(case, date(2026, 5, 18), "AGE_LIMIT").status is Status.DUE_SOON


def test_age_limit_upcoming_29_days_ahead() -> None:
    case = child_born(date(2010, 6, 15))
    assert one(case, date(2026, 5, 17), "AGE_LIMIT").status is Status.UPCOMING


def test_age_limit_overdue_the_day_after_the_birthday() -> None:
    obligation = one(child_born(date(2010, 6, 15)), date(2026, 6, 16), "AGE_LIMIT")
    assert (obligation.status, obligation.days) == (Status.OVERDUE, -1)


def test_age_limit_warning_days_is_a_setting() -> None:
    case = child_born(date(2010, 6, 15))
    settings = Settings(age_warn_days=56)
    assert one(case, date(2026, 4, 20), "AGE_LIMIT", settings=settings).status is Status.DUE_SOON
    assert one(case, date(2026, 4, 19), "AGE_LIMIT", settings=settings).status is Status.UPCOMING


def test_age_limit_no_date_of_birth_no_obligation() -> None:
    assert run(notified(date(2026, 1, 5)), date(2026, 1, 5), "AGE_LIMIT") == []


def test_age_limit_ended_before_the_warning_began_never_raised() -> None:
    case = child_born(date(2010, 6, 15), end_date=date(2026, 5, 17))
    assert run(case, date(2026, 7, 1), "AGE_LIMIT") == []


def test_age_limit_ended_on_the_first_warning_day_is_done_on_time() -> None:
    case = child_born(date(2010, 6, 15), end_date=date(2026, 5, 18))
    obligation = one(case, date(2026, 7, 1), "AGE_LIMIT")
    assert (obligation.done, obligation.status) == (date(2026, 5, 18), Status.DONE_ON_TIME)


def test_age_limit_ended_on_the_birthday_is_done_on_time() -> None:
    case = child_born(date(2010, 6, 15), end_date=date(2026, 6, 15))
    assert one(case, date(2026, 7, 1), "AGE_LIMIT").status is Status.DONE_ON_TIME


def test_age_limit_ended_after_the_birthday_is_done_late() -> None:
    case = child_born(date(2010, 6, 15), end_date=date(2026, 6, 20))
    obligation = one(case, date(2026, 7, 1), "AGE_LIMIT")
    assert (obligation.done, obligation.status) == (date(2026, 6, 20), Status.DONE_LATE)


def test_age_limit_end_date_in_the_future_is_not_yet_done() -> None:
    case = child_born(date(2010, 6, 15), end_date=date(2026, 6, 14))
    obligation = one(case, date(2026, 6, 1), "AGE_LIMIT")
    assert (obligation.done, obligation.status) == (None, Status.DUE_SOON)


# DURATION_28_DAYS: a stay intended to be short that goes on.


def short_stay(intended: int | None, **fields: object) -> CaseFacts:
    return notified(
        date(2026, 7, 1),
        kind="already_in_place",
        start_date=date(2026, 7, 1),
        intended_duration_days=intended,
        **fields,
    )


def test_duration_due_28_days_after_the_start() -> None:
    obligation = one(short_stay(14), date(2026, 7, 1), "DURATION_28_DAYS")
    assert (obligation.due, obligation.detail) == (date(2026, 7, 29), "intended stay 14 days")


def test_duration_27_days_intended_still_needs_confirming() -> None:
    assert one(short_stay(27), date(2026, 7, 1), "DURATION_28_DAYS").due == date(2026, 7, 29)


def test_duration_28_days_or_more_intended_needs_nothing() -> None:
    assert run(short_stay(28), date(2026, 7, 1), "DURATION_28_DAYS") == []


def test_duration_unknown_intended_stay_needs_nothing() -> None:
    assert run(short_stay(None), date(2026, 7, 1), "DURATION_28_DAYS") == []


def test_duration_without_a_start_date_needs_nothing() -> None:
    case = notified(date(2026, 7, 1), kind="already_in_place", intended_duration_days=14)
    assert run(case, date(2026, 7, 1), "DURATION_28_DAYS") == []


def test_duration_overdue_if_neither_confirmed_nor_ended() -> None:
    assert one(short_stay(14), date(2026, 7, 30), "DURATION_28_DAYS").status is Status.OVERDUE


def test_duration_done_when_confirmed_as_private_fostering() -> None:
    case = short_stay(14, confirmed_date=date(2026, 7, 20))
    obligation = one(case, date(2026, 8, 1), "DURATION_28_DAYS")
    assert (obligation.done, obligation.status) == (date(2026, 7, 20), Status.DONE_ON_TIME)


def test_duration_done_when_the_stay_ended_within_28_days() -> None:
    case = short_stay(14, end_date=date(2026, 7, 15))
    obligation = one(case, date(2026, 8, 1), "DURATION_28_DAYS")
    assert (obligation.done, obligation.status) == (date(2026, 7, 15), Status.DONE_ON_TIME)


def test_duration_confirmed_late_is_done_late() -> None:
    case = short_stay(14, confirmed_date=date(2026, 8, 3))
    assert one(case, date(2026, 8, 3), "DURATION_28_DAYS").status is Status.DONE_LATE


# ENQUIRY_FOLLOW_UP: a pending enquiry needs its outcome in 5 working days (setting).


def test_enquiry_pending_due_5_working_days_later_across_new_year() -> None:
    # Thu 24 Dec 2026: 25 and 28 Dec and 1 Jan are skipped.
    enquiry = EnquiryFact(date(2026, 12, 24), "pending", id=9)
    [obligation] = enquiry_follow_up(enquiry, date(2026, 12, 24), CAL, SETTINGS)
    assert obligation.code == "ENQUIRY_FOLLOW_UP"
    assert (obligation.due, obligation.status, obligation.subject_id) == (
        date(2027, 1, 5),
        Status.UPCOMING,
        9,
    )
    assert (obligation.arrangement_id, obligation.reference) == (0, "")


def test_enquiry_still_pending_after_the_due_date_is_overdue() -> None:
    enquiry = EnquiryFact(date(2026, 6, 1), "pending")
    [obligation] = enquiry_follow_up(enquiry, date(2026, 6, 9), CAL, SETTINGS)
    assert (obligation.due, obligation.status) == (date(2026, 6, 8), Status.OVERDUE)


def test_enquiry_with_an_outcome_at_once_needs_nothing() -> None:
    enquiry = EnquiryFact(date(2026, 6, 1), "advice_only", outcome_date=date(2026, 6, 1))
    assert enquiry_follow_up(enquiry, date(2026, 6, 1), CAL, SETTINGS) == []


def test_enquiry_with_an_outcome_and_no_outcome_date_needs_nothing() -> None:
    enquiry = EnquiryFact(date(2026, 6, 1), "advice_only")
    assert enquiry_follow_up(enquiry, date(2026, 6, 1), CAL, SETTINGS) == []


def test_enquiry_outcome_recorded_later_on_time() -> None:
    enquiry = EnquiryFact(date(2026, 6, 1), "advice_only", outcome_date=date(2026, 6, 8))
    [obligation] = enquiry_follow_up(enquiry, date(2026, 6, 20), CAL, SETTINGS)
    assert (obligation.done, obligation.status) == (date(2026, 6, 8), Status.DONE_ON_TIME)


def test_enquiry_outcome_recorded_after_5_working_days_is_late() -> None:
    enquiry = EnquiryFact(date(2026, 6, 1), "advice_only", outcome_date=date(2026, 6, 9))
    [obligation] = enquiry_follow_up(enquiry, date(2026, 6, 20), CAL, SETTINGS)
    assert obligation.status is Status.DONE_LATE


def test_enquiry_follow_up_days_is_a_setting() -> None:
    enquiry = EnquiryFact(date(2026, 6, 1), "pending")
    settings = Settings(enquiry_follow_up_days=10)
    [obligation] = enquiry_follow_up(enquiry, date(2026, 6, 1), CAL, settings)
    assert obligation.due == date(2026, 6, 15)


def test_checks_on_a_member_who_moved_out_lapse_instead_of_staying_overdue() -> None:
    # A lodger joined Mon 1 Jun 2026 and left Wed 3 Jun: checks were due from 1 Jun, the
    # request due Mon 8 Jun - after they left, so it lapses and nothing stays overdue.
    lodger = PersonFact(3, "Petra Voss", joined=date(2026, 6, 1), left=date(2026, 6, 3))
    case = notified(date(2026, 6, 1), household=(lodger,))
    assert not [d for d in check_details(case, date(2026, 7, 20)) if d.startswith("Petra")]


def test_checks_undone_before_a_member_moved_out_are_missed() -> None:
    lodger = PersonFact(3, "Petra Voss", joined=date(2026, 6, 1), left=date(2026, 6, 20))
    case = notified(date(2026, 6, 1), household=(lodger,))
    details = check_details(case, date(2026, 7, 20))
    assert details["Petra Voss: request (DBS, LA records, police)"] == (
        date(2026, 6, 8),
        Status.MISSED,
    )
    assert "Petra Voss: results back (DBS, LA records, police)" not in details


def test_duration_28_days_told_late_is_due_the_day_the_authority_heard() -> None:
    # A stay since Fri 1 May meant to last 21 days passed 28 days on Fri 29 May; the authority
    # heard on Mon 31 Aug, so confirming it was not overdue before then.
    case = notified(
        date(2026, 8, 31),
        kind="already_in_place",
        start_date=date(2026, 5, 1),
        intended_duration_days=21,
    )
    assert (one(case, date(2026, 8, 31), "DURATION_28_DAYS").due) == date(2026, 8, 31)
