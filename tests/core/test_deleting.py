"""Deleting an enquiry or an awareness activity logged by mistake: one audited transaction with
a reason; refused (and nothing changed) for an enquiry linked to a case, an activity that
enquiries heard from, no reason, a read-only register, a row changed meanwhile or an unknown id.
Afterwards the due list and the awareness statistics no longer hold it.

Every name here is fictional. The register's today is Mon 1 Jun 2026 (tests/core/conftest.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from pf_register.errors import ConflictError, NotFoundError, ReadOnlyError, ValidationError
from pf_register.register import Register
from pf_register.stats.awareness import awareness_report
from pf_register.stats.period import Period
from tests.core.conftest import CaseIds, Refused, snapshot

ACTIVITY: dict[str, Any] = {
    "activity_date": "2026-05-12",
    "kind": "briefing",
    "audience_sector": "school",
    "area": "TB1",
    "reached": 40,
    "title": "Briefing for designated safeguarding leads",
}
MAY = Period.custom(date(2026, 5, 1), date(2026, 5, 31))


def enquiry(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "enquiry_date": "2026-05-22",
        "source_sector": "school",
        "channel": "phone",
        "area": "TB1",
        "enquirer_name": "Head of year",
        "about": "Pupil staying with a family friend",
    }
    values.update(changes)
    return values


def follow_ups(register: Register) -> list[str]:
    return [o.reference for o in register.due() if o.code == "ENQUIRY_FOLLOW_UP"]


def enquiries_in_may(register: Register) -> int:
    total = awareness_report(register, MAY).table("by_month").row("Total")
    return int(total[1])


# ---------------------------------------------------------------------- deleting
def test_a_deleted_enquiry_leaves_the_log_the_due_list_and_the_statistics(
    register: Register,
) -> None:
    keep = register.record_enquiry(enquiry())
    mistake = register.record_enquiry(enquiry(enquirer_name="Duplicate of the first"))
    assert follow_ups(register) == ["ENQ-2026-0001", "ENQ-2026-0002"]
    assert enquiries_in_may(register) == 2

    register.delete_enquiry(mistake, "  logged twice  ")

    assert [r["id"] for r in register.enquiries()] == [keep]
    assert follow_ups(register) == ["ENQ-2026-0001"]  # its follow-up has gone
    assert enquiries_in_may(register) == 1
    (entry,) = [r for r in register.audit_log("enquiries", mistake) if r["action"] == "delete"]
    assert (entry["operation"], entry["user"]) == ("delete enquiry", "test-officer")
    before = json.loads(entry["before"])
    assert (before["reference"], before["enquirer_name"]) == (
        "ENQ-2026-0002",
        "Duplicate of the first",
    )
    assert json.loads(entry["after"]) == {"reason": "logged twice"}
    assert register.db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_deleted_activity_leaves_the_log_and_the_statistics(register: Register) -> None:
    register.record_activity(ACTIVITY)
    wrong = register.record_activity({**ACTIVITY, "title": "Test entry"})
    titles = [r[1] for r in awareness_report(register, MAY).table("activities").rows]
    assert titles.count("Test entry") == 1

    register.delete_activity(wrong, "a test entry")

    assert [r["title"] for r in register.activities()] == [ACTIVITY["title"]]
    assert [w for _id, w in register.activity_choices()] == [
        "2026-05-12: Briefing for designated safeguarding leads"
    ]
    titles = [r[1] for r in awareness_report(register, MAY).table("activities").rows]
    assert "Test entry" not in titles
    last = register.audit_log("activities", wrong)[-1]
    assert (last["operation"], last["action"]) == ("delete activity", "delete")
    assert json.loads(last["before"])["title"] == "Test entry"
    assert json.loads(last["after"]) == {"reason": "a test entry"}


def test_a_deleted_rows_id_is_never_given_again(register: Register) -> None:
    """SQLite would give the last row's id to the next one; the audit trail of the deleted
    row (keyed by table and id) must not become the new row's history."""
    first = register.record_enquiry(enquiry())
    last = register.record_enquiry(enquiry())
    register.delete_enquiry(last, "logged twice")
    again = register.record_enquiry(enquiry(about="Another pupil"))
    assert again not in (first, last)
    assert [r["action"] for r in register.audit_log("enquiries", again)] == ["insert"]
    activity = register.record_activity(ACTIVITY)
    register.delete_activity(activity, "wrong form")
    assert register.record_activity(ACTIVITY) != activity


def test_an_activity_whose_enquiries_were_corrected_can_be_deleted(register: Register) -> None:
    duplicate = register.record_activity(ACTIVITY)
    right = register.record_activity(ACTIVITY)
    eid = register.record_enquiry(enquiry(activity_id=duplicate))
    register.update_enquiry(eid, {"activity_id": right})
    register.delete_activity(duplicate, "logged twice")
    assert register.enquiry(eid)["activity_id"] == right


# ---------------------------------------------------------------------- refused
def test_an_enquiry_linked_to_a_case_is_kept(
    register: Register, case: CaseIds, refused: Refused
) -> None:
    eid = register.record_enquiry(enquiry(enquiry_date="2026-05-01"))
    register.link_enquiry(eid, case.arrangement)
    for action in (
        lambda: register.delete_enquiry(eid, "duplicate"),
        lambda: register.check_enquiry_deletable(eid),
    ):
        error = refused(action, "enquiry.arrangement_id", "is linked to PF-2026-0001")
        assert "delete the other copy" in error.message
    # Once the link made by mistake is removed, it can go.
    register.link_enquiry(eid, None)
    assert register.check_enquiry_deletable(eid)["id"] == eid
    register.delete_enquiry(eid, "linked by mistake, then found to be a test entry")
    assert register.enquiries() == []


def test_an_activity_enquiries_heard_from_is_kept(register: Register, refused: Refused) -> None:
    aid = register.record_activity(ACTIVITY)
    for day in ("2026-05-20", "2026-05-22", "2026-05-21"):
        register.record_enquiry(enquiry(activity_id=aid, enquiry_date=day))
    for action in (
        lambda: register.delete_activity(aid, "duplicate"),
        lambda: register.check_activity_deletable(aid),
    ):
        error = refused(action, "activity.enquiries", "3 enquiries (ENQ-2026-0001, ENQ-2026-0003")
        assert "Correct them first" in error.message
    assert len(register.enquiries()) == 3  # no enquiry lost where it heard from


def test_many_enquiries_are_counted_not_all_named(register: Register, refused: Refused) -> None:
    aid = register.record_activity(ACTIVITY)
    for _ in range(7):
        register.record_enquiry(enquiry(activity_id=aid))
    refused(lambda: register.delete_activity(aid, "x"), "activity.enquiries", "0005 and 2 more)")


@pytest.mark.parametrize("reason", [None, "", "   ", "x" * 501])
def test_a_reason_is_required(register: Register, refused: Refused, reason: object) -> None:
    eid = register.record_enquiry(enquiry())
    aid = register.record_activity(ACTIVITY)
    fragment = "too long" if isinstance(reason, str) and reason.strip() else "say why this"
    refused(lambda: register.delete_enquiry(eid, reason), "enquiry.reason", fragment)
    refused(lambda: register.delete_activity(aid, reason), "activity.reason", fragment)


def test_unknown_ids_are_not_found(register: Register) -> None:
    before = snapshot(register)
    for action in (
        lambda: register.delete_enquiry(5, "duplicate"),
        lambda: register.delete_activity(5, "duplicate"),
        lambda: register.check_enquiry_deletable(5),
        lambda: register.check_activity_deletable(5),
    ):
        with pytest.raises(NotFoundError):
            action()
    assert snapshot(register) == before
    assert not register.db.conn.in_transaction


def test_a_read_only_register_deletes_nothing(
    register: Register, db_path: Path, open_at: Callable[..., Register]
) -> None:
    eid = register.record_enquiry(enquiry())
    aid = register.record_activity(ACTIVITY)
    register.close()
    ro = open_at(db_path, read_only=True)
    before = db_path.read_bytes()
    for action in (
        lambda: ro.delete_enquiry(eid, "duplicate"),
        lambda: ro.delete_activity(aid, "duplicate"),
        lambda: ro.check_enquiry_deletable(eid),
        lambda: ro.check_activity_deletable(aid),
    ):
        with pytest.raises(ReadOnlyError):
            action()
    assert db_path.read_bytes() == before
    assert len(ro.enquiries()) == 1 and len(ro.activities()) == 1


def test_a_row_changed_meanwhile_is_not_deleted(
    register: Register, db_path: Path, open_at: Callable[..., Register]
) -> None:
    eid = register.record_enquiry(enquiry())
    aid = register.record_activity(ACTIVITY)
    # As the lists show them: the stored row and joined columns.
    shown_enquiry = register.enquiries_by_id([eid])[eid]
    shown_activity = register.activities_by_id([aid])[aid]
    elsewhere = open_at(db_path, user="jo.bloggs")
    elsewhere.update_enquiry(eid, {"about": "Corrected elsewhere"})
    elsewhere.update_activity(aid, {"reached": 41})
    before = snapshot(register)
    with (
        register.expecting({("enquiries", str(eid)): shown_enquiry}),
        pytest.raises(ConflictError) as info,
    ):
        register.delete_enquiry(eid, "duplicate")
    assert "enquiry was changed by someone else since you opened it by jo.bloggs" in str(info.value)
    with (
        register.expecting({("activities", str(aid)): shown_activity}),
        pytest.raises(ConflictError),
    ):
        register.delete_activity(aid, "duplicate")
    assert snapshot(register) == before
    # As read again, it can be deleted.
    with register.expecting({("enquiries", str(eid)): register.enquiries_by_id([eid])[eid]}):
        register.delete_enquiry(eid, "duplicate")
    assert register.enquiries() == []


def test_an_enquiry_deleted_elsewhere_is_not_found_when_corrected(
    register: Register, db_path: Path, open_at: Callable[..., Register]
) -> None:
    eid = register.record_enquiry(enquiry())
    open_at(db_path, user="jo.bloggs").delete_enquiry(eid, "duplicate")
    with pytest.raises(NotFoundError, match="may have been deleted meanwhile"):
        register.update_enquiry(eid, {"about": "too late"})
    with pytest.raises(NotFoundError):
        register.delete_enquiry(eid, "duplicate")


def test_a_refused_delete_inside_a_transaction_keeps_the_rest(register: Register) -> None:
    """The refusal is a ValidationError like any other (and the row stays)."""
    aid = register.record_activity(ACTIVITY)
    register.record_enquiry(enquiry(activity_id=aid))
    with pytest.raises(ValidationError):
        register.delete_activity(aid, "duplicate")
    assert register.activity(aid)["title"] == ACTIVITY["title"]


def test_a_deleted_enquirys_reference_is_never_given_to_another(register: Register) -> None:
    """Its reference is in the audit log and may have been quoted to the enquirer: the next
    enquiry of that year takes the number after it, whether it was the year's last, one in
    the middle, or one of several deleted in a row."""
    first = register.record_enquiry(enquiry())
    mistakes = [register.record_enquiry(enquiry(enquirer_name=f"Twice {n}")) for n in range(3)]
    references = [register.enquiry(i)["reference"] for i in [first, *mistakes]]
    assert references == [f"ENQ-2026-000{n}" for n in range(1, 5)]
    for mistake in mistakes[1:]:  # the last two, one after the other
        register.delete_enquiry(mistake, "logged twice")
    new = register.record_enquiry(enquiry(enquirer_name="A different caller"))
    assert register.enquiry(new)["reference"] == "ENQ-2026-0005"
    register.delete_enquiry(mistakes[0], "logged twice")  # one in the middle: no effect
    newer = register.record_enquiry(enquiry(enquirer_name="Another caller"))
    assert register.enquiry(newer)["reference"] == "ENQ-2026-0006"
    register.delete_enquiry(newer, "test entry")  # the year's last, with rows before it
    assert register.enquiry(register.record_enquiry(enquiry()))["reference"] == "ENQ-2026-0007"
    other_year = register.record_enquiry(enquiry(enquiry_date="2025-12-30"))
    assert register.enquiry(other_year)["reference"] == "ENQ-2025-0001"  # its own sequence
