"""Every validation rule of the facade: the bad input is refused with one error that names the
field and says what is wrong, and nothing is written (every table, the audit log and the file's
bytes are compared before and after, by the ``refused`` fixture)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from pf_register.errors import ValidationError
from pf_register.register import Register


@dataclass(frozen=True)
class World:
    """A register with one case of each shape the rules need."""

    reg: Register
    values: Callable[..., dict[str, Any]]
    a: Any  # CaseIds of the typical open case (REG5 notice 4 May 2026, moved in 20 Apr 2026)
    visit: int  # on case a, 12 May 2026, child seen alone
    check: int  # on case a's carer, requested 5 May 2026, not returned
    decision: int  # on case a, 26 May 2026, no letter yet
    proposal: int  # received 11 May 2026; the child turns 16 on 25 May 2026
    proposal_child: int
    ended: Any  # CaseIds of a case that started 20 Apr 2026 and ended 22 May 2026
    disabled: Any  # CaseIds of a disabled child aged 17 at the start


@pytest.fixture
def world(register: Register, new_case, case_values, case_ids) -> World:
    a = case_ids(register, new_case())
    visit = register.record_visit(
        a.arrangement,
        {"visit_date": "2026-05-12", "kind": "initial", "child_seen": True, "seen_alone": True},
    )
    check = register.record_check(
        a.arrangement, {"kind": "dbs", "requested": "2026-05-05"}, person_id=a.carer
    )
    decision = register.record_decision(
        a.arrangement, {"outcome": "suitable", "decision_date": "2026-05-26"}
    )
    proposal = new_case(
        notification={
            "kind": "proposal",
            "received": "2026-05-11",
            "notifier_role": "carer",
            "planned_start": "2026-05-20",
        },
        child={"first_name": "Nell", "last_name": "Ashgrove", "date_of_birth": "2010-05-25"},
        arrangement={"start_date": None},
    )
    ended = case_ids(
        register,
        new_case(child={"first_name": "Otto", "last_name": "Brindlecombe"}),
    )
    register.end_arrangement(
        ended.arrangement, {"end_date": "2026-05-22", "end_reason": "returned_to_parent"}
    )
    disabled = case_ids(
        register,
        new_case(
            child={
                "first_name": "Wren",
                "last_name": "Castellane",
                "date_of_birth": "2009-03-01",
                "disabled": True,
            }
        ),
    )
    proposal_child = register.arrangement(proposal)["child_id"]
    return World(
        register, case_values, a, visit, check, decision, proposal, proposal_child, ended, disabled
    )


Action = Callable[[World], object]


def _new(**updates: Any) -> Action:
    return lambda w: w.reg.record_new_case(**w.values(**updates))


def _note(arrangement: str, note: dict[str, Any], **kw: Any) -> Action:
    base = {"kind": "moved_in", "received": "2026-05-28", "notifier_role": "carer"}

    def run(w: World) -> object:
        target = w.proposal if arrangement == "proposal" else getattr(w, arrangement).arrangement
        return w.reg.record_notification(target, {**base, **note}, **kw)

    return run


def _visit(visit: dict[str, Any], arrangement: str = "a") -> Action:
    base = {"visit_date": "2026-05-19", "kind": "statutory", "child_seen": True, "seen_alone": True}
    return lambda w: w.reg.record_visit(getattr(w, arrangement).arrangement, {**base, **visit})


def _check(check: dict[str, Any], person: str | None = "carer", arrangement: str = "a") -> Action:
    base = {"kind": "police", "requested": "2026-05-06"}

    def run(w: World) -> object:
        ids = getattr(w, arrangement)
        person_id = None if person is None else getattr(ids, person)
        return w.reg.record_check(ids.arrangement, {**base, **check}, person_id=person_id)

    return run


def _decision(decision: dict[str, Any]) -> Action:
    base = {"outcome": "suitable", "decision_date": "2026-05-27"}
    return lambda w: w.reg.record_decision(w.a.arrangement, {**base, **decision})


def _end(ending: dict[str, Any], arrangement: str = "a", **kw: Any) -> Action:
    base = {"end_date": "2026-05-29", "end_reason": "returned_to_parent"}
    return lambda w: w.reg.end_arrangement(
        getattr(w, arrangement).arrangement, {**base, **ending}, **kw
    )


def _member(member: dict[str, Any], arrangement: str = "a") -> Action:
    base = {"first_name": "Petra", "last_name": "Vaughan-Lisle", "relationship": "partner"}
    return lambda w: w.reg.add_household_member(
        getattr(w, arrangement).arrangement, {**base, **member}
    )


P = pytest.param
CASES = [
    # ---------------------------------------------------------------- a new case: notification
    P(
        _new(notification={"received": "2026-06-02"}),
        "notification.received",
        "2026-06-02 is in the future",
        id="new-received-future",
    ),
    P(
        _new(notification={"kind": None}),
        "notification.kind",
        "Kind of notification is required",
        id="new-kind-missing",
    ),
    P(
        _new(notification={"received": ""}),
        "notification.received",
        "Date received is required",
        id="new-received-missing",
    ),
    P(
        _new(notification={"notifier_role": None}),
        "notification.notifier_role",
        "Who notified (role) is required",
        id="new-role-missing",
    ),
    P(
        _new(notification={"notifier_role": "neighbour"}),
        "notification.notifier_role",
        "'neighbour' is not a known notifier role",
        id="new-role-unknown",
    ),
    P(
        _new(notification={"kind": "referral"}),
        "notification.kind",
        "'referral' is not a known notification kind",
        id="new-kind-unknown",
    ),
    P(
        _new(notification={"kind": "change_of_circumstances"}),
        "notification.kind",
        "a new case starts with",
        id="new-kind-coc",
    ),
    P(
        _new(notification={"kind": "ended"}),
        "notification.kind",
        "a new case starts with",
        id="new-kind-ended",
    ),
    P(
        _new(notification={"received": "4th May"}),
        "notification.received",
        "'4th May' is not a date; enter it as DD/MM/YYYY",
        id="new-received-bad-date",
    ),
    P(
        _new(notification={"source": "school"}),
        "notification.source",
        "is not a field here",
        id="new-notification-unknown-field",
    ),
    # ---------------------------------------------------------------- a new case: child
    P(
        _new(child={"first_name": None}),
        "child.first_name",
        "First name is required",
        id="child-first-name-missing",
    ),
    P(
        _new(child={"last_name": "   "}),
        "child.last_name",
        "Last name is required",
        id="child-last-name-blank",
    ),
    P(
        _new(child={"date_of_birth": "2026-06-02"}),
        "child.date_of_birth",
        "is in the future",
        id="child-dob-future",
    ),
    P(
        _new(child={"date_of_birth": "14/09/12"}),
        "child.date_of_birth",
        "'14/09/12' is not a date",
        id="child-dob-two-digit-year",
    ),
    P(
        _new(child={"date_of_birth": "2012-02-30"}),
        "child.date_of_birth",
        "is not a date: February 2012 has no day 30",
        id="child-dob-impossible",
    ),
    P(
        _new(child={"date_of_birth": 20120914}),
        "child.date_of_birth",
        "is not a date",
        id="child-dob-number",
    ),
    P(
        _new(child={"sex": "unknown"}),
        "child.sex",
        "'unknown' is not a known sex",
        id="child-sex-unknown",
    ),
    P(
        _new(child={"disabled": "maybe"}),
        "child.disabled",
        "'maybe' is not yes or no",
        id="child-disabled-not-bool",
    ),
    P(
        _new(child={"nickname": "Tils"}),
        "child.nickname",
        "is not a field here",
        id="child-unknown-field",
    ),
    # ---------------------------------------------------------------- a new case: arrangement
    P(
        _new(arrangement={"type_code": "8G"}),
        "arrangement.type_code",
        "'8G' is not a known arrangement type",
        id="type-8G",
    ),
    P(
        _new(arrangement={"type_code": "8b"}),
        "arrangement.type_code",
        "'8b' is not a known arrangement type",
        id="type-lowercase",
    ),
    P(
        _new(arrangement={"intended_duration_days": "two weeks"}),
        "arrangement.intended_duration_days",
        "is not a whole number",
        id="duration-words",
    ),
    P(
        _new(arrangement={"intended_duration_days": 0}),
        "arrangement.intended_duration_days",
        "too small",
        id="duration-zero",
    ),
    P(
        _new(arrangement={"start_date": "2026-06-02"}),
        "arrangement.start_date",
        "is in the future",
        id="start-future",
    ),
    P(
        _new(notification={"kind": "proposal", "notifier_role": "carer"}),
        "arrangement.start_date",
        "a proposal is about a child who has not moved in yet",
        id="proposal-with-move-in-date",
    ),
    P(
        _new(
            notification={"kind": "moved_in", "notifier_role": "carer"},
            arrangement={"start_date": "2026-05-10"},
        ),
        "arrangement.start_date",
        "after the notice was received (2026-05-04)",
        id="moved-in-after-notice",
    ),
    # ---------------------------------------------------------------- a new case: age at the start
    P(
        _new(child={"date_of_birth": "2010-04-20"}),
        "child.date_of_birth",
        "already 16 on 2026-04-20",
        id="age-16th-birthday-on-start",
    ),
    P(
        _new(child={"date_of_birth": "2009-01-01"}),
        "child.date_of_birth",
        "already 16",
        id="age-over-16",
    ),
    P(
        _new(child={"date_of_birth": "2008-04-20", "disabled": True}),
        "child.date_of_birth",
        "already 18",
        id="age-disabled-18",
    ),
    P(
        _new(
            child={"date_of_birth": "2008-02-29", "disabled": True},
            arrangement={"start_date": "2026-03-01"},
        ),
        "child.date_of_birth",
        "the 18th birthday was 2026-03-01",
        id="age-leap-day-18",
    ),
    P(
        _new(
            child={"date_of_birth": "2010-06-15"},
            notification={
                "kind": "proposal",
                "notifier_role": "carer",
                "planned_start": "2026-06-20",
            },
            arrangement={"start_date": None},
        ),
        "child.date_of_birth",
        "already 16 on 2026-06-20 (the planned start)",
        id="age-at-planned-start",
    ),
    P(
        _new(child={"date_of_birth": "2010-05-01"}, arrangement={"start_date": None}),
        "child.date_of_birth",
        "already 16 on 2026-05-04 (the day the notice came), when the arrangement started",
        id="age-at-notice-when-start-unknown",
    ),
    # ---------------------------------------------------------------- a new case: people
    P(
        _new(carer={"last_name": None}),
        "carer.last_name",
        "Last name is required",
        id="carer-name-missing",
    ),
    P(
        _new(carer={"date_of_birth": "2027-01-01"}),
        "carer.date_of_birth",
        "in the future",
        id="carer-dob-future",
    ),
    P(
        _new(
            household=[
                {
                    "first_name": "Jasper",
                    "last_name": "Quennell",
                    "joined": "2026-05-01",
                    "left": "2026-04-30",
                }
            ]
        ),
        "household[0].left",
        "2026-04-30 is before they joined on 2026-05-01",
        id="household-left-before-joined",
    ),
    P(
        _new(household=[{"first_name": "Jasper", "last_name": "Quennell"}, {"first_name": "Ada"}]),
        "household[1].last_name",
        "Last name is required",
        id="household-second-member-name",
    ),
    P(
        _new(
            household=[{"first_name": "Jasper", "last_name": "Quennell", "joined": "last spring"}]
        ),
        "household[0].joined",
        "'last spring' is not a date",
        id="household-joined-bad-date",
    ),
    P(
        _new(parents=[{"first_name": "Moira", "last_name": "Marchbank", "relationship": "aunt"}]),
        "parents[0].relationship",
        "'aunt' is not a known parent relationship",
        id="parent-relationship-unknown",
    ),
    P(
        _new(parents=[{"first_name": "Moira", "last_name": "Marchbank"}]),
        "parents[0].relationship",
        "is required",
        id="parent-relationship-missing",
    ),
    P(
        _new(
            parents=[
                {
                    "first_name": "Moira",
                    "last_name": "Marchbank",
                    "relationship": "mother",
                    "has_parental_responsibility": "perhaps",
                }
            ]
        ),
        "parents[0].has_parental_responsibility",
        "is not yes or no",
        id="parent-pr-not-bool",
    ),
    # ---------------------------------------------------------------- further notifications
    P(
        _note(
            "a", {"kind": "change_of_circumstances", "description": "x", "received": "2026-06-02"}
        ),
        "notification.received",
        "is in the future",
        id="note-received-future",
    ),
    P(
        _note("a", {"kind": "ended"}),
        "notification.kind",
        "record an ending with 'end the arrangement'",
        id="note-ended",
    ),
    P(
        _note("proposal", {"received": "2026-05-10"}),
        "notification.received",
        "2026-05-10 is before this case was first notified (2026-05-11)",
        id="note-moved-in-before-the-proposal",
    ),
    P(
        _note(
            "a", {"kind": "change_of_circumstances", "description": "x", "received": "2026-05-03"}
        ),
        "notification.received",
        "2026-05-03 is before this case was first notified (2026-05-04)",
        id="note-change-before-the-case",
    ),
    P(
        _note("a", {"kind": "change_of_circumstances"}),
        "notification.description",
        "say what has changed",
        id="note-coc-no-description",
    ),
    P(
        lambda w: w.reg.record_change_of_circumstances(
            w.a.arrangement, received="2026-05-27", notifier_role="carer", description="  "
        ),
        "notification.description",
        "say what has changed",
        id="coc-blank-description",
    ),
    P(
        lambda w: w.reg.record_change_of_circumstances(
            w.a.arrangement, received="2026-05-27", notifier_role="landlord", description="Moved"
        ),
        "notification.notifier_role",
        "'landlord' is not a known notifier role",
        id="coc-role-unknown",
    ),
    P(
        _note("proposal", {}, start_date="2026-05-29"),
        "arrangement.start_date",
        "2026-05-29 is after the notice of the move was received (2026-05-28)",
        id="move-in-after-notice",
    ),
    P(
        _note("proposal", {"received": "2026-06-01"}, start_date="2026-06-03"),
        "arrangement.start_date",
        "is in the future",
        id="move-in-future",
    ),
    P(
        _note("proposal", {}, start_date="28 May"),
        "arrangement.start_date",
        "'28 May' is not a date",
        id="move-in-bad-date",
    ),
    P(
        _note("proposal", {}, start_date="2026-05-26"),
        "arrangement.start_date",
        "already 16 on 2026-05-26",
        id="move-in-after-16th-birthday",
    ),
    P(
        _note("ended", {"kind": "change_of_circumstances", "description": "x"}),
        "arrangement",
        "ended on 2026-05-22",
        id="note-on-ended",
    ),
    # ---------------------------------------------------------------- visits
    P(
        _visit({"visit_date": "2026-05-03"}),
        "visit.visit_date",
        "before the authority knew of the arrangement (first notified 2026-05-04)",
        id="visit-before-known",
    ),
    P(
        _visit({"visit_date": "2026-05-23"}, "ended"),
        "visit.visit_date",
        "2026-05-23 is after the arrangement ended on 2026-05-22",
        id="visit-after-end",
    ),
    P(
        _visit({"visit_date": "2026-06-02"}),
        "visit.visit_date",
        "is in the future",
        id="visit-future",
    ),
    P(
        _visit({"visit_date": None}),
        "visit.visit_date",
        "Date of visit is required",
        id="visit-date-missing",
    ),
    P(
        _visit({"visit_date": "19/05/26"}),
        "visit.visit_date",
        "is not a date",
        id="visit-bad-date",
    ),
    P(
        _visit({"kind": "home"}),
        "visit.kind",
        "'home' is not a known visit kind",
        id="visit-kind-unknown",
    ),
    P(
        _visit({"child_seen": None}),
        "visit.child_seen",
        "Child seen is required",
        id="visit-child-seen-missing",
    ),
    P(
        _visit({"report_date": "2026-05-18"}),
        "visit.report_date",
        "2026-05-18 is before the visit on 2026-05-19",
        id="report-before-visit",
    ),
    P(
        _visit({"report_date": "2026-06-02"}),
        "visit.report_date",
        "is in the future",
        id="report-future",
    ),
    P(
        _visit({"seen_alone": None}),
        "visit.seen_alone",
        "say whether the child was seen alone (Reg 8(3))",
        id="seen-alone-unsaid",
    ),
    P(
        _visit({"seen_alone": False}),
        "visit.not_alone_reason",
        "give the reason the child was not seen alone",
        id="not-alone-no-reason",
    ),
    P(
        _visit({"seen_alone": "no", "not_alone_reason": "   "}),
        "visit.not_alone_reason",
        "give the reason",
        id="not-alone-blank-reason",
    ),
    P(
        _visit({"child_seen": False, "seen_alone": True}),
        "visit.seen_alone",
        "the child was not seen, so cannot have been seen alone",
        id="not-seen-but-alone",
    ),
    P(
        lambda w: w.reg.update_visit(w.visit, {"visit_date": "2026-05-01"}),
        "visit.visit_date",
        "before the authority knew",
        id="correct-visit-before-known",
    ),
    P(
        lambda w: w.reg.record_visit_report(w.visit, "2026-05-11"),
        "visit.report_date",
        "before the visit on 2026-05-12",
        id="report-recorded-before-visit",
    ),
    P(
        lambda w: w.reg.update_visit(w.visit, {"seen_alone": False}),
        "visit.not_alone_reason",
        "give the reason",
        id="correct-visit-not-alone",
    ),
    P(
        lambda w: w.reg.update_visit(w.visit, {"child_seen": False}),
        "visit.seen_alone",
        "cannot have been seen alone",
        id="correct-visit-not-seen",
    ),
    # ---------------------------------------------------------------- checks
    P(
        _check({"requested": None}),
        "check.requested",
        "Requested is required",
        id="check-requested-missing",
    ),
    P(
        _check({"requested": "2026-06-02"}),
        "check.requested",
        "is in the future",
        id="check-requested-future",
    ),
    P(
        _check({"returned": "2026-05-05", "outcome": "no_concerns"}),
        "check.returned",
        "2026-05-05 is before the check was requested on 2026-05-06",
        id="check-returned-before-requested",
    ),
    P(
        _check({"outcome": "no_concerns"}),
        "check.returned",
        "an outcome needs the date the check came back",
        id="check-outcome-without-return",
    ),
    P(
        _check({"returned": "2026-05-20"}),
        "check.outcome",
        "record the outcome of a returned check",
        id="check-returned-without-outcome",
    ),
    P(
        _check({"kind": "credit"}),
        "check.kind",
        "'credit' is not a known check kind",
        id="check-kind-unknown",
    ),
    P(
        _check({"returned": "2026-05-20", "outcome": "fine"}),
        "check.outcome",
        "'fine' is not a known check outcome",
        id="check-outcome-unknown",
    ),
    P(
        _check({}, person="parent_person"),
        "check.person_id",
        "is neither the carer nor in the household of PF-2026-0001",
        id="check-on-a-parent",
    ),
    P(
        lambda w: w.reg.record_check(
            w.a.arrangement, {"kind": "dbs", "requested": "2026-05-06"}, person_id=999
        ),
        "check.person_id",
        "person 999 is neither the carer",
        id="check-person-unknown",
    ),
    P(
        lambda w: w.reg.record_check(
            w.a.arrangement, {"kind": "dbs", "requested": "2026-05-06"}, person_id=w.ended.carer
        ),
        "check.person_id",
        "neither the carer nor in the household",
        id="check-person-of-another-case",
    ),
    P(_check({}, arrangement="ended"), "arrangement", "ended on 2026-05-22", id="check-on-ended"),
    P(
        lambda w: w.reg.record_check_returned(
            w.check, returned="2026-05-04", outcome="no_concerns"
        ),
        "check.returned",
        "before the check was requested on 2026-05-05",
        id="return-before-request",
    ),
    P(
        lambda w: w.reg.record_check_returned(w.check, returned=None, outcome="no_concerns"),
        "check.returned",
        "Returned is required",
        id="return-date-missing",
    ),
    P(
        lambda w: w.reg.record_check_returned(w.check, returned="2026-05-20", outcome=None),
        "check.outcome",
        "record the outcome",
        id="return-outcome-missing",
    ),
    P(
        lambda w: w.reg.record_check_returned(
            w.check, returned="2026-06-02", outcome="no_concerns"
        ),
        "check.returned",
        "is in the future",
        id="return-future",
    ),
    P(
        lambda w: w.reg.update_check(w.check, {"outcome": "concerns"}),
        "check.returned",
        "an outcome needs the date",
        id="correct-check-outcome-only",
    ),
    # ---------------------------------------------------------------- decisions
    P(
        _decision({"decision_date": "2026-05-03"}),
        "decision.decision_date",
        "before the authority knew of the arrangement",
        id="decision-before-known",
    ),
    P(
        _decision({"letter_date": "2026-05-26"}),
        "decision.letter_date",
        "2026-05-26 is before the decision on 2026-05-27",
        id="letter-before-decision",
    ),
    P(
        _decision({"decision_date": "2026-06-02"}),
        "decision.decision_date",
        "is in the future",
        id="decision-future",
    ),
    P(
        _decision({"outcome": "approved"}),
        "decision.outcome",
        "'approved' is not a known decision outcome",
        id="decision-outcome-unknown",
    ),
    P(
        _decision({"outcome": None}),
        "decision.outcome",
        "Decision is required",
        id="decision-outcome-missing",
    ),
    P(
        lambda w: w.reg.update_decision(w.decision, {"letter_date": "2026-05-25"}),
        "decision.letter_date",
        "before the decision on 2026-05-26",
        id="correct-letter-before-decision",
    ),
    # ---------------------------------------------------------------- ending and confirmation
    P(
        _end({"end_date": "2026-04-19"}),
        "ending.end_date",
        "2026-04-19 is before the arrangement started on 2026-04-20",
        id="end-before-start",
    ),
    P(_end({"end_date": "2026-06-02"}), "ending.end_date", "is in the future", id="end-future"),
    P(_end({"end_date": None}), "ending.end_date", "is required", id="end-date-missing"),
    P(
        _end({"end_reason": None}),
        "ending.end_reason",
        "Why it ended is required",
        id="end-reason-missing",
    ),
    P(
        _end({"end_reason": "fell_out"}),
        "ending.end_reason",
        "'fell_out' is not a known end reason",
        id="end-reason-unknown",
    ),
    P(_end({}, "ended"), "arrangement", "ended on 2026-05-22", id="end-twice"),
    P(
        _end({"end_date": "2026-05-11"}),
        "ending.end_date",
        "2026-05-11 is before the last recorded visit on 2026-05-12",
        id="end-before-last-visit",
    ),
    P(
        lambda w: w.reg.end_arrangement(
            w.proposal, {"end_date": "2026-05-10", "end_reason": "other"}
        ),
        "ending.end_date",
        "before the authority was first told of the arrangement on 2026-05-11",
        id="proposal-end-before-notified",
    ),
    P(
        lambda w: w.reg.update_ending(w.ended.arrangement, {"end_date": "2026-04-19"}),
        "ending.end_date",
        "before the arrangement started on 2026-04-20",
        id="correct-ending-before-start",
    ),
    P(
        lambda w: w.reg.update_ending(w.ended.arrangement, {"end_reason": "bored"}),
        "ending.end_reason",
        "'bored' is not a known end reason",
        id="correct-ending-reason-unknown",
    ),
    P(
        lambda w: w.reg.update_ending(w.a.arrangement, {"end_date": "2026-05-29"}),
        "ending",
        "has not ended",
        id="correct-ending-of-open-case",
    ),
    P(
        lambda w: w.reg.reopen_arrangement(w.a.arrangement),
        "ending",
        "has not ended",
        id="reopen-open-case",
    ),
    P(
        _end({}, notification={"received": "2026-05-30", "notifier_role": "uncle"}),
        "notification.notifier_role",
        "'uncle' is not a known notifier role",
        id="end-notice-role-unknown",
    ),
    P(
        _end({}, notification={"received": "2026-06-02", "notifier_role": "carer"}),
        "notification.received",
        "is in the future",
        id="end-notice-future",
    ),
    P(
        _end({}, notification={"notifier_role": "carer"}),
        "notification.received",
        "Date received is required",
        id="end-notice-no-date",
    ),
    P(
        lambda w: w.reg.confirm_private_fostering(w.ended.arrangement, "2026-05-20"),
        "arrangement",
        "ended on 2026-05-22",
        id="confirm-ended",
    ),
    P(
        lambda w: w.reg.confirm_private_fostering(w.a.arrangement, "2026-06-02"),
        "arrangement.confirmed_date",
        "is in the future",
        id="confirm-future",
    ),
    P(
        lambda w: w.reg.confirm_private_fostering(w.a.arrangement, None),
        "arrangement.confirmed_date",
        "enter the date it was confirmed",
        id="confirm-missing",
    ),
    P(
        lambda w: w.reg.confirm_private_fostering(w.a.arrangement, "2026-05-20"),
        "arrangement.confirmed_date",
        "only a stay intended to last under 28 days needs confirming",
        id="confirm-not-short",
    ),
    # ---------------------------------------------------------------- corrections
    P(
        lambda w: w.reg.update_child(w.a.child, {"date_of_birth": "2010-04-01"}),
        "child.date_of_birth",
        "already 16 on 2026-04-20",
        id="dob-correction-makes-16",
    ),
    P(
        lambda w: w.reg.update_child(w.ended.child, {"date_of_birth": "2010-04-01"}),
        "child.date_of_birth",
        "already 16",
        id="dob-correction-ended-case",
    ),
    P(
        lambda w: w.reg.update_child(w.proposal_child, {"date_of_birth": "2010-05-20"}),
        "child.date_of_birth",
        "already 16 on 2026-05-20",
        id="dob-correction-proposal",
    ),
    P(
        lambda w: w.reg.update_child(w.disabled.child, {"disabled": False}),
        "child.date_of_birth",
        "already 16",
        id="not-disabled-after-all",
    ),
    P(
        lambda w: w.reg.update_child(w.disabled.child, {"date_of_birth": "2008-04-20"}),
        "child.date_of_birth",
        "already 18",
        id="dob-correction-disabled-18",
    ),
    P(
        lambda w: w.reg.update_child(w.a.child, {"first_name": ""}),
        "child.first_name",
        "First name is required",
        id="correct-child-blank-name",
    ),
    P(
        lambda w: w.reg.update_child(w.a.child, {"date_of_birth": "2026-06-02"}),
        "child.date_of_birth",
        "is in the future",
        id="correct-child-dob-future",
    ),
    P(
        lambda w: w.reg.update_child(w.a.child, {"shoe_size": "3"}),
        "child.shoe_size",
        "is not a field here",
        id="correct-child-unknown-field",
    ),
    P(
        lambda w: w.reg.update_arrangement(w.ended.arrangement, {"start_date": "2026-05-23"}),
        "arrangement.start_date",
        "2026-05-23 is after the arrangement ended on 2026-05-22",
        id="start-after-end",
    ),
    P(
        lambda w: w.reg.update_arrangement(w.proposal, {"planned_start": "2026-05-26"}),
        "arrangement.start_date",
        "already 16 on 2026-05-26",
        id="planned-start-after-16",
    ),
    P(
        lambda w: w.reg.update_arrangement(w.a.arrangement, {"type_code": "8G"}),
        "arrangement.type_code",
        "'8G' is not a known arrangement type",
        id="correct-type-8G",
    ),
    P(
        lambda w: w.reg.update_arrangement(w.a.arrangement, {"intended_duration_days": -3}),
        "arrangement.intended_duration_days",
        "too small",
        id="correct-duration-negative",
    ),
    P(
        lambda w: w.reg.update_person(w.a.carer, {"last_name": " "}),
        "person.last_name",
        "Last name is required",
        id="correct-person-blank-name",
    ),
    P(
        lambda w: w.reg.update_person(w.a.carer, {"date_of_birth": "1979-02-30"}),
        "person.date_of_birth",
        "is not a date",
        id="correct-person-bad-dob",
    ),
    P(
        lambda w: w.reg.update_household_member(w.a.member, {"left": "2001-11-29"}),
        "household.left",
        "2001-11-29 is before they joined on 2001-11-30",
        id="member-left-before-joined",
    ),
    P(
        lambda w: w.reg.update_household_member(w.a.member, {"left": "2026-06-02"}),
        "household.left",
        "is in the future",
        id="member-left-future",
    ),
    P(
        _member({"joined": "2026-05-20", "left": "2026-05-19"}),
        "household[0].left",
        "before they joined on 2026-05-20",
        id="new-member-left-before-joined",
    ),
    P(
        _member({"first_name": None}),
        "household[0].first_name",
        "First name is required",
        id="new-member-no-name",
    ),
    P(_member({}, "ended"), "arrangement", "ended on 2026-05-22", id="new-member-on-ended"),
    P(
        lambda w: w.reg.add_parent(
            w.a.arrangement,
            {"first_name": "Lorcan", "last_name": "Marchbank", "relationship": "stepfather"},
        ),
        "parents[0].relationship",
        "'stepfather' is not a known parent relationship",
        id="new-parent-relationship-unknown",
    ),
    P(
        lambda w: w.reg.add_parent(
            w.a.arrangement, {"first_name": "Lorcan", "relationship": "father"}
        ),
        "parents[0].last_name",
        "Last name is required",
        id="new-parent-no-last-name",
    ),
    # ---------------------------------------------------------------- settings
    P(
        lambda w: w.reg.update_settings(visit_report_days=0),
        "visit_report_days",
        "0 is out of range; use 1 to 60",
        id="setting-out-of-range",
    ),
    P(
        lambda w: w.reg.update_settings(visit_report_days="five"),
        "visit_report_days",
        "'five' is not a whole number",
        id="setting-not-a-number",
    ),
    P(
        lambda w: w.reg.update_settings(visit_report_days=10, dbs_age=30),
        "dbs_age",
        "out of range",
        id="setting-one-bad-of-two",
    ),
    P(
        lambda w: w.reg.update_settings(closure_days="2026-12-24, 24/12/26"),
        "closure_days",
        "'24/12/26' is not a date",
        id="setting-closure-bad-date",
    ),
    P(
        lambda w: w.reg.update_settings(holiday_mode=True),
        "holiday_mode",
        "is not a setting",
        id="setting-unknown",
    ),
]


@pytest.mark.parametrize(("action", "field", "fragment"), CASES)
def test_refused_and_nothing_written(
    world: World, refused, action: Action, field: str, fragment: str
) -> None:
    settings_before = world.reg.settings
    error = refused(lambda: action(world), field, fragment)
    assert error.message.strip()
    assert world.reg.settings == settings_before


def test_the_world_is_as_described(world: World) -> None:
    """The fixtures the refusals lean on: if these drift, a refusal could pass for the wrong
    reason (e.g. a 'visit after end' that is really 'in the future')."""
    reg = world.reg
    assert reg.arrangement(world.a.arrangement)["reference"] == "PF-2026-0001"
    assert reg.arrangement(world.a.arrangement)["start_date"] == "2026-04-20"
    assert reg.arrangement(world.ended.arrangement)["end_date"] == "2026-05-22"
    assert reg.arrangement(world.proposal)["start_date"] is None
    assert reg.case(world.proposal).child["date_of_birth"] == "2010-05-25"
    assert reg.case(world.disabled.arrangement).child["disabled"] == 1
    assert reg.today() == date(2026, 6, 1)


@pytest.mark.parametrize(
    "action",
    [
        _visit({"visit_date": "2026-05-22"}, "ended"),  # the day it ended
        _visit({"seen_alone": False, "not_alone_reason": "Child was unwell"}),
        _visit({"child_seen": False, "seen_alone": False}),
        _visit({"child_seen": False, "seen_alone": None}),
        _visit({"report_date": "2026-05-19"}),  # written the same day
        _check({"returned": "2026-05-06", "outcome": "no_concerns"}),  # back the same day
        _decision({"letter_date": "2026-05-27"}),  # letter the same day
        _note("proposal", {}, start_date="2026-05-24"),  # the day before the 16th birthday
        _note("proposal", {"received": "2026-05-11"}, start_date="2026-05-11"),  # same day
        _end({"end_date": "2026-04-20"}, "disabled"),  # ended on the day it started
        _end({"end_date": "2026-05-12"}),  # ended on the day of the last visit
        lambda w: w.reg.end_arrangement(
            w.proposal, {"end_date": "2026-05-11", "end_reason": "other"}
        ),  # a proposal withdrawn the day it was made
        lambda w: w.reg.update_child(w.disabled.child, {"date_of_birth": "2008-04-21"}),
        lambda w: w.reg.update_household_member(w.a.member, {"left": "2001-11-30"}),
    ],
    ids=[
        "visit-on-end-day",
        "not-alone-with-reason",
        "not-seen-not-alone",
        "not-seen-alone-unsaid",
        "report-same-day",
        "check-same-day",
        "letter-same-day",
        "move-in-day-before-16",
        "moved-in-notice-on-the-proposal-day",
        "end-on-start-day",
        "end-on-last-visit-day",
        "proposal-ended-on-receipt",
        "disabled-day-before-18",
        "member-left-day-joined",
    ],
)
def test_boundary_values_are_accepted(world: World, snap, action: Action) -> None:
    """The other side of each boundary: so every refusal above is about the rule, not the day."""
    before = snap(world.reg)
    action(world)
    assert snap(world.reg) != before


def test_the_guard_notices_a_write(register: Register, case, refused) -> None:
    """The ``refused`` guard itself can fail: a write followed by a ValidationError is caught."""

    def sneaky() -> None:
        register.update_child(case.child, {"religion": "Quaker"})
        raise ValidationError("child.religion", "changed after all")

    with pytest.raises(AssertionError):
        refused(sneaky, "child.religion", "changed")


def test_the_guard_checks_field_and_message(register: Register, case, refused) -> None:
    def refuse() -> None:
        register.update_child(case.child, {"sex": "x"})

    with pytest.raises(AssertionError):
        refused(refuse, "child.first_name", "not a known sex")
    with pytest.raises(AssertionError):
        refused(refuse, "child.sex", "is required")
    refused(refuse, "child.sex", "'x' is not a known sex")


def test_one_error_names_the_first_bad_field(register: Register, case_values, refused) -> None:
    """Several bad fields: one clear error, for a field that is really wrong."""
    values = case_values(child={"first_name": None, "sex": "unknown"})
    error = refused(lambda: register.record_new_case(**values), "child.first_name", "required")
    assert str(error) == "child.first_name: First name is required"


def test_register_still_works_after_a_refusal(world: World) -> None:
    with pytest.raises(ValidationError):
        world.reg.record_visit(
            world.a.arrangement,
            {"visit_date": "2026-05-03", "kind": "initial", "child_seen": False},
        )
    visit_id = world.reg.record_visit(
        world.a.arrangement, {"visit_date": "2026-05-05", "kind": "initial", "child_seen": False}
    )
    assert visit_id in [v["id"] for v in world.reg.case(world.a.arrangement).visits]


def test_a_correction_keeps_the_notices_in_their_order(world: World, refused) -> None:
    """The notice that the child moved in follows the proposal: neither can be corrected
    past the other."""
    reg = world.reg
    moved = reg.record_notification(
        world.proposal,
        {"kind": "moved_in", "received": "2026-05-20", "notifier_role": "carer"},
        start_date="2026-05-20",
    )
    (proposal_notice, _) = [n["id"] for n in reg.case(world.proposal).notifications]
    refused(
        lambda: reg.update_notification(moved, {"received": "2026-05-10"}),
        "notification.received",
        "2026-05-10 is before this case was first notified (2026-05-11)",
    )
    refused(
        lambda: reg.update_notification(proposal_notice, {"received": "2026-05-21"}),
        "notification.received",
        "2026-05-21 is after a later notice about this case (2026-05-20)",
    )
    reg.update_notification(proposal_notice, {"received": "2026-05-20"})  # the same day: fine
    reg.update_notification(moved, {"received": "2026-05-25"})
