"""Validation found missing by review: impossible dates, the carer added later, search text."""

from __future__ import annotations

from collections.abc import Callable

from conftest import CaseIds, Refused

from pf_register.register import Register


def test_an_arrangement_cannot_start_before_the_child_was_born(
    register: Register, new_case: Callable[..., int], refused: Refused
) -> None:
    refused(
        lambda: new_case(arrangement={"start_date": "2011-01-01"}),
        "arrangement.start_date",
        "starts on 2011-01-01 (the move-in date), before the child was born on 2012-09-14",
    )
    # With no move-in date the start is the day the notice came: that is the date to check
    # (the officer typed no start), and the message says where the start came from.
    refused(
        lambda: new_case(notification={"received": "1990-01-01"}, arrangement={"start_date": None}),
        "notification.received",
        "starts on 1990-01-01 (the day the notice came), before the child was born",
    )
    refused(
        lambda: new_case(
            notification={
                "kind": "proposal",
                "received": "2026-05-11",
                "planned_start": "2010-01-01",
            },
            arrangement={"start_date": None},
        ),
        "notification.planned_start",
        "starts on 2010-01-01 (the planned start), before the child was born",
    )


def test_a_case_already_in_place_cannot_start_after_its_notice(
    register: Register, new_case: Callable[..., int], refused: Refused
) -> None:
    refused(
        lambda: new_case(arrangement={"start_date": "2026-05-06"}),
        "arrangement.start_date",
        "2026-05-06 is after the notice was received (2026-05-04)",
    )


def test_a_returned_check_cannot_lose_its_request_date(
    register: Register, case: CaseIds, refused: Refused
) -> None:
    check = register.record_check(
        case.arrangement,
        {
            "kind": "police",
            "requested": "2026-05-05",
            "returned": "2026-05-20",
            "outcome": "no_concerns",
        },
        person_id=case.carer,
    )
    refused(
        lambda: register.update_check(check, {"requested": None}),
        "check.requested",
        "Requested is required",
    )


def test_a_carer_learned_of_later_is_added_and_no_longer_missing(
    register: Register, new_case: Callable[..., int]
) -> None:
    arrangement = new_case(carer=None, household=[])
    assert "carer" in {m.field for m in register.missing(arrangement)}
    assert not any("Rosalind" in o.detail for o in register.obligations(arrangement))
    person = register.add_carer(arrangement, {"first_name": "Rosalind", "last_name": "Quennell"})
    assert register.arrangement(arrangement)["carer_id"] == person
    assert "carer" not in {m.field for m in register.missing(arrangement)}
    # The carer now needs the full set of checks, due from the first notification.
    details = {o.detail for o in register.obligations(arrangement) if o.code == "CHECKS"}
    assert "Rosalind Quennell: request (DBS, LA records, police, health, references)" in details
    assert register.audit_log("arrangements", arrangement)[-1]["operation"] == "add carer"


def test_a_second_carer_is_refused(register: Register, case: CaseIds, refused: Refused) -> None:
    refused(
        lambda: register.add_carer(case.arrangement, {"first_name": "A", "last_name": "B"}),
        "carer",
        "already has a carer",
    )


def test_search_treats_percent_and_underscore_as_plain_text(
    register: Register, case: CaseIds
) -> None:
    assert register.find("Tilly") != []
    assert register.find("%") == []
    assert register.find("_") == []


def test_correcting_a_notice_date_moves_the_reg7_visit(register: Register, case: CaseIds) -> None:
    (notice,) = register.case(case.arrangement).notifications
    # Received Mon 4 May 2026 (bank holiday): REG7 due Wed 13 May. Corrected to Tue 5 May:
    # seven working days on is Thu 14 May.
    register.update_notification(notice["id"], {"received": "2026-05-05"})
    reg7 = next(o for o in register.obligations(case.arrangement) if o.code == "REG7_VISIT")
    assert reg7.due.isoformat() == "2026-05-14"
    last = register.audit_log("notifications", notice["id"])[-1]
    assert last["operation"] == "correct notification"
    assert '"received": "2026-05-04"' in last["before"]


def test_a_notice_cannot_be_moved_after_a_visit_it_preceded(
    register: Register, case: CaseIds, refused: Refused
) -> None:
    register.record_visit(
        case.arrangement,
        {"visit_date": "2026-05-11", "kind": "initial", "child_seen": True, "seen_alone": True},
    )
    (notice,) = register.case(case.arrangement).notifications
    refused(
        lambda: register.update_notification(notice["id"], {"received": "2026-05-12"}),
        "notification.received",
        "after the visit or decision on 2026-05-11",
    )
    refused(
        lambda: register.update_notification(notice["id"], {"kind": "proposal"}),
        "notification.kind",
        "cannot be changed",
    )


def test_a_move_in_date_needs_a_notice_that_the_child_lives_there(
    register: Register, new_case: Callable[..., int], refused: Refused
) -> None:
    arrangement = new_case(
        notification={"kind": "proposal", "received": "2026-05-18"},
        arrangement={"start_date": None, "planned_start": "2026-07-01"},
    )
    refused(
        lambda: register.update_arrangement(arrangement, {"start_date": "2026-05-25"}),
        "arrangement.start_date",
        "record a 'child has moved in' notification",
    )
