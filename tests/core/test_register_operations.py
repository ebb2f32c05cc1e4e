"""The officer's operations on an existing case, done right: notifications, move-in, change of
circumstances, visits, checks, decisions, the ending, confirmation and corrections.
Refusals are in test_validation.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pf_register.clock import Obligation
from pf_register.errors import NotFoundError
from pf_register.register import Register

SEEN_ALONE = {"kind": "statutory", "child_seen": True, "seen_alone": True}


def _by_code(obligations: list[Obligation], code: str) -> list[Obligation]:
    return [o for o in obligations if o.code == code]


@pytest.fixture
def proposal(register: Register, new_case) -> int:
    """A proposal received Mon 11 May 2026 for a planned start of Sat 30 May 2026."""
    return new_case(
        notification={
            "kind": "proposal",
            "received": "2026-05-11",
            "notifier_role": "carer",
            "planned_start": "2026-05-30",
        },
        arrangement={"start_date": None},
    )


# ------------------------------------------------------------------ notifications
def test_move_in_notice_defaults_start_to_the_day_received(register: Register, proposal) -> None:
    note_id = register.record_notification(
        proposal, {"kind": "moved_in", "received": "2026-05-31", "notifier_role": "carer"}
    )
    record = register.case(proposal)
    assert record.arrangement["start_date"] == "2026-05-31"
    assert [n["kind"] for n in record.notifications] == ["proposal", "moved_in"]
    assert record.notifications[1]["id"] == note_id
    (reg7,) = _by_code(register.obligations(proposal), "REG7_VISIT")
    assert reg7.due == date(2026, 6, 9)


def test_move_in_notice_with_the_day_of_the_move(register: Register, proposal) -> None:
    register.record_notification(
        proposal,
        {"kind": "moved_in", "received": "2026-06-01", "notifier_role": "carer"},
        start_date="2026-05-30",
    )
    assert register.arrangement(proposal)["start_date"] == "2026-05-30"


def test_second_move_in_notice_does_not_move_the_start(register: Register, case) -> None:
    register.record_notification(
        case.arrangement,
        {"kind": "moved_in", "received": "2026-05-20", "notifier_role": "parent"},
        start_date="2026-05-19",
    )
    assert register.arrangement(case.arrangement)["start_date"] == "2026-04-20"
    assert len(register.case(case.arrangement).notifications) == 2


def test_further_proposal_notice_from_a_parent(register: Register, proposal) -> None:
    register.record_notification(
        proposal,
        {"kind": "proposal", "received": "2026-05-13", "notifier_role": "parent"},
    )
    roles = [n["notifier_role"] for n in register.case(proposal).notifications]
    assert roles == ["carer", "parent"]
    # The REG4 clock runs from the first proposal received.
    (reg4,) = _by_code(register.obligations(proposal), "REG4_VISIT")
    assert reg4.due == date(2026, 5, 20)


def test_change_of_circumstances(register: Register, case) -> None:
    note_id = register.record_change_of_circumstances(
        case.arrangement,
        received="2026-05-27",
        notifier_role="carer",
        description="Carer's partner has moved in",
        notifier_name="Rosalind Quennell",
    )
    (note,) = [n for n in register.case(case.arrangement).notifications if n["id"] == note_id]
    assert note["kind"] == "change_of_circumstances"
    assert note["description"] == "Carer's partner has moved in"
    assert note["notifier_name"] == "Rosalind Quennell"
    # It changes no fact the clock reads.
    assert register.arrangement(case.arrangement)["start_date"] == "2026-04-20"


# ------------------------------------------------------------------ visits
def test_record_visit_and_its_report(register: Register, case) -> None:
    visit_id = register.record_visit(
        case.arrangement,
        {
            "visit_date": "2026-05-12",
            "kind": "initial",
            "child_seen": True,
            "seen_alone": False,
            "not_alone_reason": "Child asked for the carer to stay",
            "officer": "Officer Fenwick",
        },
    )
    (visit,) = register.case(case.arrangement).visits
    assert visit["id"] == visit_id
    assert (visit["child_seen"], visit["seen_alone"]) == (1, 0)
    assert visit["report_date"] is None
    (report,) = _by_code(register.obligations(case.arrangement), "VISIT_REPORT")
    assert report.due == date(2026, 5, 19)
    assert report.status == "overdue"

    register.record_visit_report(visit_id, "2026-05-18")
    (report,) = _by_code(register.obligations(case.arrangement), "VISIT_REPORT")
    assert (report.done, report.status) == (date(2026, 5, 18), "done_on_time")
    (reg7,) = _by_code(register.obligations(case.arrangement), "REG7_VISIT")
    assert (reg7.done, reg7.status) == (date(2026, 5, 12), "done_on_time")


def test_visit_where_child_not_seen_does_not_satisfy_reg7(register: Register, case) -> None:
    register.record_visit(
        case.arrangement,
        {"visit_date": "2026-05-06", "kind": "initial", "child_seen": False},
    )
    (reg7,) = _by_code(register.obligations(case.arrangement), "REG7_VISIT")
    assert reg7.done is None
    assert reg7.status == "overdue"


def test_visit_on_the_day_the_arrangement_ended_is_accepted(register: Register, case) -> None:
    register.end_arrangement(
        case.arrangement, {"end_date": "2026-05-20", "end_reason": "returned_to_parent"}
    )
    register.record_visit(case.arrangement, {"visit_date": "2026-05-20", **SEEN_ALONE})
    assert len(register.case(case.arrangement).visits) == 1


def test_correct_a_visit(register: Register, case) -> None:
    visit_id = register.record_visit(case.arrangement, {"visit_date": "2026-05-12", **SEEN_ALONE})
    register.update_visit(visit_id, {"visit_date": "2026-05-11", "notes": "Date was mistyped"})
    (visit,) = register.case(case.arrangement).visits
    assert (visit["visit_date"], visit["notes"]) == ("2026-05-11", "Date was mistyped")


# ------------------------------------------------------------------ checks
def test_checks_on_carer_member_and_child(register: Register, case) -> None:
    carer_check = register.record_check(
        case.arrangement, {"kind": "dbs", "requested": "2026-05-05"}, person_id=case.carer
    )
    member_check = register.record_check(
        case.arrangement,
        {
            "kind": "police",
            "requested": "2026-05-05",
            "returned": "2026-05-20",
            "outcome": "no_concerns",
        },
        person_id=case.member_person,
    )
    child_check = register.record_check(
        case.arrangement, {"kind": "education", "requested": "2026-05-06"}
    )
    checks = {c["id"]: c for c in register.case(case.arrangement).checks}
    assert checks[carer_check]["person_id"] == case.carer
    assert checks[member_check]["outcome"] == "no_concerns"
    assert checks[child_check]["person_id"] is None

    register.record_check_returned(
        carer_check, returned="2026-05-28", outcome="information_to_consider", notes="Old caution"
    )
    returned = {c["id"]: c for c in register.case(case.arrangement).checks}[carer_check]
    assert (returned["returned"], returned["outcome"], returned["notes"]) == (
        "2026-05-28",
        "information_to_consider",
        "Old caution",
    )
    done = {
        o.detail: o
        for o in _by_code(register.obligations(case.arrangement), "CHECKS")
        if o.subject_id == case.carer
    }
    # Only the DBS check is back: the carer's results are still awaited for the other four.
    results = done["Rosalind Quennell: results back (LA records, police, health, references)"]
    assert (results.done, results.status) == (None, "upcoming")
    request = done["Rosalind Quennell: request (LA records, police, health, references)"]
    assert request.status == "overdue"  # due Mon 11 May; only the DBS check was asked for


def test_check_returned_keeps_notes_when_none_given(register: Register, case) -> None:
    check_id = register.record_check(
        case.arrangement,
        {"kind": "references", "requested": "2026-05-05", "notes": "Two referees"},
        person_id=case.carer,
    )
    register.record_check_returned(check_id, returned="2026-05-15", outcome="no_concerns")
    (check,) = register.case(case.arrangement).checks
    assert check["notes"] == "Two referees"


def test_correct_a_check(register: Register, case) -> None:
    check_id = register.record_check(
        case.arrangement, {"kind": "dbs", "requested": "2026-05-06"}, person_id=case.carer
    )
    register.update_check(check_id, {"requested": "2026-05-05"})
    assert register.case(case.arrangement).checks[0]["requested"] == "2026-05-05"


def test_required_checks_through_the_facade(register: Register, case) -> None:
    needed = {
        (c.kind, c.person.id if c.person else None)
        for c in register.required_checks(case.arrangement)
    }
    assert ("dbs", case.carer) in needed
    assert ("dbs", case.member_person) in needed
    assert ("education", None) in needed
    assert all(person != case.parent_person for _, person in needed)


# ------------------------------------------------------------------ decisions
def test_decision_then_letter(register: Register, case) -> None:
    decision_id = register.record_decision(
        case.arrangement, {"outcome": "suitable_with_requirements", "decision_date": "2026-05-26"}
    )
    (decision,) = _by_code(register.obligations(case.arrangement), "ASSESSMENT_DECISION")
    assert decision.done is None
    assert decision.due == date(2026, 6, 15)
    register.update_decision(decision_id, {"letter_date": "2026-05-28"})
    (decision,) = _by_code(register.obligations(case.arrangement), "ASSESSMENT_DECISION")
    assert (decision.done, decision.status) == (date(2026, 5, 28), "done_on_time")
    assert register.case(case.arrangement).decisions[0]["outcome"] == "suitable_with_requirements"


# ------------------------------------------------------------------ ending and confirmation
def test_end_arrangement_with_reg10_notice(register: Register, case) -> None:
    register.end_arrangement(
        case.arrangement,
        {"end_date": "2026-05-22", "end_reason": "returned_to_parent", "end_notes": "Back home"},
        notification={"received": "2026-05-23", "notifier_role": "carer"},
    )
    record = register.case(case.arrangement)
    assert record.arrangement["end_date"] == "2026-05-22"
    assert record.arrangement["end_reason"] == "returned_to_parent"
    assert record.arrangement["end_notes"] == "Back home"
    assert record.notifications[-1]["kind"] == "ended"
    assert record.notifications[-1]["received"] == "2026-05-23"
    # Closed, never deleted; nothing left open.
    assert register.case_count() == 1
    assert not register.cases()[0].is_open
    assert register.due() == []
    assert all(not o.is_open for o in register.obligations(case.arrangement))


def test_end_without_notice_and_on_the_start_day(register: Register, case) -> None:
    register.end_arrangement(
        case.arrangement, {"end_date": "2026-04-20", "end_reason": "not_private_fostering"}
    )
    record = register.case(case.arrangement)
    assert record.arrangement["end_date"] == "2026-04-20"
    assert [n["kind"] for n in record.notifications] == ["already_in_place"]


def test_correct_the_ending(register: Register, case) -> None:
    register.end_arrangement(case.arrangement, {"end_date": "2026-05-22", "end_reason": "other"})
    register.update_ending(
        case.arrangement, {"end_date": "2026-05-21", "end_reason": "moved_to_relative"}
    )
    arrangement = register.arrangement(case.arrangement)
    assert (arrangement["end_date"], arrangement["end_reason"]) == (
        "2026-05-21",
        "moved_to_relative",
    )


def test_reopen_an_ending_recorded_by_mistake(register: Register, case) -> None:
    register.end_arrangement(
        case.arrangement, {"end_date": "2026-05-22", "end_reason": "other", "end_notes": "Oops"}
    )
    register.reopen_arrangement(case.arrangement)
    arrangement = register.arrangement(case.arrangement)
    assert (arrangement["end_date"], arrangement["end_reason"], arrangement["end_notes"]) == (
        None,
        None,
        None,
    )
    assert register.cases()[0].is_open
    # Open again: operations refused on an ended case work again.
    register.add_household_member(
        case.arrangement, {"first_name": "Petra", "last_name": "Vaughan-Lisle"}
    )
    assert any(o.code == "REG7_VISIT" for o in register.due())


def test_short_stay_confirmed_as_private_fostering(register: Register, new_case) -> None:
    arrangement_id = new_case(arrangement={"intended_duration_days": 14})
    (stay,) = _by_code(register.obligations(arrangement_id), "DURATION_28_DAYS")
    assert stay.due == date(2026, 5, 18)
    assert stay.status == "overdue"
    register.confirm_private_fostering(arrangement_id, "2026-05-19")
    assert register.arrangement(arrangement_id)["confirmed_date"] == "2026-05-19"
    (stay,) = _by_code(register.obligations(arrangement_id), "DURATION_28_DAYS")
    assert (stay.done, stay.status) == (date(2026, 5, 19), "done_late")


# ------------------------------------------------------------------ corrections
def test_correct_child_person_and_arrangement(register: Register, case) -> None:
    register.update_child(case.child, {"religion": "None stated", "date_of_birth": "2012-09-15"})
    register.update_person(case.carer, {"phone": "01632 960000"})
    register.update_arrangement(case.arrangement, {"type_code": "8F", "start_date": "2026-04-21"})
    record = register.case(case.arrangement)
    assert record.child["religion"] == "None stated"
    assert record.child["date_of_birth"] == "2012-09-15"
    assert record.child["first_name"] == "Tilly"  # untouched fields stay
    assert record.carer is not None
    assert record.carer["phone"] == "01632 960000"
    assert record.arrangement["type_code"] == "8F"
    assert record.arrangement["start_date"] == "2026-04-21"


def test_blank_optional_field_clears_it(register: Register, case) -> None:
    register.update_child(case.child, {"cms_reference": ""})
    assert register.case(case.arrangement).child["cms_reference"] is None


def test_correcting_an_ended_arrangement_is_allowed(register: Register, case) -> None:
    register.end_arrangement(
        case.arrangement, {"end_date": "2026-05-22", "end_reason": "moved_away"}
    )
    register.update_arrangement(case.arrangement, {"type_code": "8D"})
    assert register.arrangement(case.arrangement)["type_code"] == "8D"


def test_household_member_added_and_leaves(register: Register, case) -> None:
    member_id = register.add_household_member(
        case.arrangement,
        {
            "first_name": "Petra",
            "last_name": "Vaughan-Lisle",
            "date_of_birth": "1985-02-14",
            "relationship": "partner",
            "joined": "2026-05-25",
        },
    )
    register.update_household_member(member_id, {"left": "2026-05-30"})
    (member,) = [m for m in register.case(case.arrangement).household if m["id"] == member_id]
    assert (member["first_name"], member["joined"], member["left"]) == (
        "Petra",
        "2026-05-25",
        "2026-05-30",
    )


def test_add_parent(register: Register, case) -> None:
    register.add_parent(
        case.arrangement,
        {"first_name": "Lorcan", "last_name": "Marchbank", "relationship": "father"},
    )
    parents = register.case(case.arrangement).parents
    assert [p["relationship"] for p in parents] == ["mother", "father"]
    assert parents[1]["has_parental_responsibility"] is None


# ------------------------------------------------------------------ settings
def test_visit_report_days_setting_moves_the_due_date(register: Register, case) -> None:
    register.record_visit(case.arrangement, {"visit_date": "2026-05-18", **SEEN_ALONE})
    (report,) = _by_code(register.obligations(case.arrangement), "VISIT_REPORT")
    assert report.due == date(2026, 5, 26)  # 25 May 2026 is the spring bank holiday
    register.update_settings(visit_report_days=10)
    assert register.settings.visit_report_days == 10
    (report,) = _by_code(register.obligations(case.arrangement), "VISIT_REPORT")
    assert report.due == date(2026, 6, 2)
    (due_item,) = [o for o in register.due() if o.code == "VISIT_REPORT"]
    assert due_item.due == date(2026, 6, 2)


def test_closure_day_moves_reg7(register: Register, case) -> None:
    register.update_settings(closure_days="2026-05-11")
    assert register.settings.closure_days == (date(2026, 5, 11),)
    (reg7,) = _by_code(register.obligations(case.arrangement), "REG7_VISIT")
    assert reg7.due == date(2026, 5, 14)


def test_settings_are_kept_in_the_file(db_path: Path, register: Register, open_at) -> None:
    register.update_settings(visit_report_days=8, closure_days=[date(2026, 12, 24)])
    register.close()
    again = open_at(db_path)
    assert again.settings.visit_report_days == 8
    assert again.settings.closure_days == (date(2026, 12, 24),)


# ------------------------------------------------------------------ not found
@pytest.mark.parametrize(
    "action",
    [
        lambda r: r.arrangement(999),
        lambda r: r.case(999),
        lambda r: r.obligations(999),
        lambda r: r.missing(999),
        lambda r: r.arrangement_id_for("PF-1999-0001"),
        lambda r: r.update_child(999, {"religion": "x"}),
        lambda r: r.update_person(999, {"phone": "x"}),
        lambda r: r.update_visit(999, {"notes": "x"}),
        lambda r: r.record_check_returned(999, returned="2026-05-01", outcome="no_concerns"),
        lambda r: r.update_decision(999, {"notes": "x"}),
        lambda r: r.update_household_member(999, {"left": "2026-05-01"}),
        lambda r: r.record_visit(999, {"visit_date": "2026-05-12", **SEEN_ALONE}),
        lambda r: r.end_arrangement(999, {"end_date": "2026-05-12", "end_reason": "other"}),
    ],
)
def test_unknown_ids_raise_not_found(register: Register, case, snap, action) -> None:
    before = snap(register)
    with pytest.raises(NotFoundError):
        action(register)
    assert snap(register) == before
