"""Ending an arrangement, correcting an ending, and undoing one recorded by mistake."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from conftest import CaseIds, Refused

from pf_register.clock import Status
from pf_register.register import Register


def _end(reg: Register, case: CaseIds, day: str = "2026-05-20") -> None:
    reg.end_arrangement(case.arrangement, {"end_date": day, "end_reason": "returned_to_parent"})


def test_an_ended_case_has_no_open_obligations(register: Register, case: CaseIds) -> None:
    assert any(o.is_open for o in register.obligations(case.arrangement))
    _end(register, case)
    obligations = register.obligations(case.arrangement)
    assert not any(o.is_open for o in obligations)
    # REG7_VISIT fell due on 13 May, before the end, and was never done: missed, not dropped.
    reg7 = [o for o in obligations if o.code == "REG7_VISIT"]
    assert [(o.due, o.status) for o in reg7] == [(date(2026, 5, 13), Status.MISSED)]
    assert register.due() == []


def test_correcting_the_ending_is_audited(register: Register, case: CaseIds) -> None:
    _end(register, case)
    register.update_ending(case.arrangement, {"end_date": "2026-05-25", "end_notes": "by phone"})
    row = register.arrangement(case.arrangement)
    assert (row["end_date"], row["end_reason"], row["end_notes"]) == (
        "2026-05-25",
        "returned_to_parent",
        "by phone",
    )
    last = register.audit_log("arrangements", case.arrangement)[-1]
    assert last["operation"] == "correct ending"
    assert '"end_date": "2026-05-20"' in last["before"]
    assert '"end_date": "2026-05-25"' in last["after"]


def test_reopening_brings_the_deadlines_back(register: Register, case: CaseIds) -> None:
    _end(register, case)
    register.reopen_arrangement(case.arrangement)
    assert register.arrangement(case.arrangement)["end_date"] is None
    reg7 = next(o for o in register.obligations(case.arrangement) if o.code == "REG7_VISIT")
    assert reg7.status is Status.OVERDUE
    assert register.audit_log("arrangements", case.arrangement)[-1]["operation"] == (
        "reopen arrangement"
    )


def test_an_open_case_cannot_have_its_ending_corrected(
    register: Register, case: CaseIds, refused: Refused
) -> None:
    refused(
        lambda: register.update_ending(case.arrangement, {"end_date": "2026-05-25"}),
        "ending",
        "has not ended; end it first",
    )
    refused(lambda: register.reopen_arrangement(case.arrangement), "ending", "has not ended")


def test_an_ending_before_the_last_visit_is_refused(
    register: Register, case: CaseIds, refused: Refused
) -> None:
    register.record_visit(
        case.arrangement,
        {"visit_date": "2026-05-11", "kind": "initial", "child_seen": True, "seen_alone": True},
    )
    refused(
        lambda: _end(register, case, "2026-05-08"),
        "ending.end_date",
        "before the last recorded visit on 2026-05-11",
    )


def test_a_proposal_cannot_end_before_it_was_made(
    register: Register, new_case: Callable[..., int], refused: Refused
) -> None:
    arrangement = new_case(
        notification={"kind": "proposal", "received": "2026-05-18"},
        arrangement={"start_date": None, "planned_start": "2026-07-01"},
    )
    refused(
        lambda: register.end_arrangement(
            arrangement, {"end_date": "2026-05-10", "end_reason": "other"}
        ),
        "ending.end_date",
        "before the authority was first told of the arrangement on 2026-05-18",
    )
