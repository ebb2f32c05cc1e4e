"""The enquiry log and the awareness activity log: recording, correcting, linking to a case,
searching, the ENQUIRY_FOLLOW_UP deadline on the due list, and the audit trail.

Every name here is fictional. The register's today is Mon 1 Jun 2026 (tests/core/conftest.py).
"""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from pf_register.cli import main
from pf_register.clock import Status
from pf_register.errors import NotFoundError
from pf_register.register import Register
from tests.core.conftest import TODAY, CaseIds, Refused

ACTIVITY: dict[str, Any] = {
    "activity_date": "2026-05-12",
    "kind": "briefing",
    "audience_sector": "school",
    "area": "TB1",
    "reached": 40,
    "title": "Briefing for designated safeguarding leads",
}


def enquiry(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "enquiry_date": "2026-05-22",
        "source_sector": "school",
        "channel": "phone",
        "area": "TB1",
        "about": "Pupil staying with a family friend",
    }
    values.update(changes)
    return values


# ---------------------------------------------------------------------- recording
def test_record_enquiry_with_defaults(register: Register) -> None:
    register.update_settings(officer_name="Officer Fenwick")
    eid = register.record_enquiry({"source_sector": "health", "channel": "email"})
    row = register.enquiry(eid)
    assert row["enquiry_date"] == TODAY.isoformat()
    assert row["officer"] == "Officer Fenwick"
    assert row["outcome"] == "pending"
    assert row["outcome_date"] is None
    assert row["reference"] == "ENQ-2026-0001"
    assert register.record_enquiry(enquiry()) != eid
    assert register.enquiry(eid + 1)["reference"] == "ENQ-2026-0002"


def test_an_outcome_known_at_once_is_dated_the_day_of_the_enquiry(register: Register) -> None:
    eid = register.record_enquiry(enquiry(outcome="advice_only"))
    assert register.enquiry(eid)["outcome_date"] == "2026-05-22"
    assert register.due() == []  # nothing to follow up


def test_enquiry_traced_to_an_activity(register: Register) -> None:
    aid = register.record_activity(ACTIVITY)
    eid = register.record_enquiry(enquiry(activity_id=aid))
    row = register.enquiry(eid)
    assert row["activity_title"] == ACTIVITY["title"]
    assert register.activities()[0]["enquiries"] == 1


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"source_sector": "neighbour"}, "enquiry.source_sector", "'neighbour' is not a known"),
        ({"channel": None}, "enquiry.channel", "Channel is required"),
        ({"enquiry_date": "2026-06-02"}, "enquiry.enquiry_date", "is in the future"),
        ({"outcome": "not_pf"}, "enquiry.not_pf_reason", "say why it is not private fostering"),
        ({"not_pf_reason": "a relative"}, "enquiry.not_pf_reason", "only a 'not private"),
        ({"referred_to": "Early help"}, "enquiry.referred_to", "only a 'referred on'"),
        ({"outcome_date": "2026-05-25"}, "enquiry.outcome_date", "a pending enquiry"),
        (
            {"outcome": "advice_only", "outcome_date": "2026-05-21"},
            "enquiry.outcome_date",
            "before the enquiry",
        ),
        ({"activity_id": 99}, "enquiry.activity_id", "there is no awareness activity 99"),
        ({"colour": "red"}, "enquiry.colour", "is not a field here"),
    ],
)
def test_bad_enquiries_are_refused(
    register: Register, refused: Refused, changes: dict[str, Any], field: str, fragment: str
) -> None:
    refused(lambda: register.record_enquiry(enquiry(**changes)), field, fragment)


def test_an_enquiry_cannot_have_heard_from_a_later_activity(
    register: Register, refused: Refused
) -> None:
    aid = register.record_activity({**ACTIVITY, "activity_date": "2026-05-28"})
    refused(
        lambda: register.record_enquiry(enquiry(activity_id=aid)),
        "enquiry.activity_id",
        "after the enquiry on 2026-05-22",
    )


def test_bad_activities_are_refused(register: Register, refused: Refused) -> None:
    refused(
        lambda: register.record_activity({**ACTIVITY, "kind": "podcast"}),
        "activity.kind",
        "'podcast' is not a known activity kind",
    )
    refused(
        lambda: register.record_activity({**ACTIVITY, "reached": -3}),
        "activity.reached",
        "too small",
    )
    aid = register.record_activity(ACTIVITY)
    register.record_enquiry(enquiry(activity_id=aid))
    refused(
        lambda: register.update_activity(aid, {"activity_date": "2026-05-23"}),
        "activity.activity_date",
        "an enquiry of 2026-05-22 heard of private fostering from this activity",
    )


# ---------------------------------------------------------------------- correcting
def test_recording_the_outcome_of_a_pending_enquiry_dates_it_today(register: Register) -> None:
    eid = register.record_enquiry(enquiry())
    register.update_enquiry(eid, {"outcome": "referred_on", "referred_to": "Early help"})
    row = register.enquiry(eid)
    assert (row["outcome"], row["outcome_date"]) == ("referred_on", TODAY.isoformat())
    # Changing one outcome for another keeps the date the outcome was first recorded.
    register.update_enquiry(eid, {"outcome": "advice_only", "referred_to": None})
    assert register.enquiry(eid)["outcome_date"] == TODAY.isoformat()
    # Back to pending clears it.
    register.update_enquiry(eid, {"outcome": "pending"})
    assert register.enquiry(eid)["outcome_date"] is None
    operations = [r["operation"] for r in register.audit_log("enquiries", eid)]
    assert operations == ["record enquiry", *["correct enquiry"] * 3]


def test_update_activity_is_audited(register: Register) -> None:
    aid = register.record_activity(ACTIVITY)
    register.update_activity(aid, {"reached": 55})
    log = register.audit_log("activities", aid)
    assert [r["action"] for r in log] == ["insert", "update"]
    assert json.loads(log[1]["before"])["reached"] == 40
    assert json.loads(log[1]["after"])["reached"] == 55


def test_unknown_records_are_not_found(register: Register) -> None:
    with pytest.raises(NotFoundError):
        register.update_enquiry(5, {"area": "TB2"})
    with pytest.raises(NotFoundError):
        register.update_activity(5, {"area": "TB2"})


# ---------------------------------------------------------------------- linking to a case
def test_prefill_gives_record_new_case_values(register: Register) -> None:
    register.update_settings(officer_name="Officer Fenwick")
    eid = register.record_enquiry(
        enquiry(
            enquirer_name="Head of year",
            child_name="Tilly Ann Marchbank",
            carer_name="Rosalind Quennell",
            outcome="confirmed_pf",
        )
    )
    prefill = register.enquiry_case_prefill(eid)
    assert prefill == {
        "notification": {
            "received": "2026-05-22",
            "notifier_role": "school",
            "notifier_name": "Head of year",
            "description": "Pupil staying with a family friend",
        },
        "child": {"first_name": "Tilly Ann", "last_name": "Marchbank"},
        "carer": {"first_name": "Rosalind", "last_name": "Quennell"},
        "arrangement": {"officer": "Officer Fenwick"},
    }
    prefill["notification"]["kind"] = "already_in_place"
    aid = register.record_case_from_enquiry(eid, **prefill)
    row = register.enquiry(eid)
    assert row["arrangement_id"] == aid
    assert row["arrangement_reference"] == "PF-2026-0001"
    assert register.case(aid).child["first_name"] == "Tilly Ann"


def test_prefill_of_an_enquiry_that_knows_little(register: Register) -> None:
    eid = register.record_enquiry({"source_sector": "other", "channel": "web_form"})
    assert register.enquiry_case_prefill(eid) == {
        "notification": {"received": TODAY.isoformat(), "notifier_role": "other"},
        "child": {},
        "carer": None,
        "arrangement": {},
    }


def test_linking_confirms_a_pending_enquiry(register: Register, case: CaseIds) -> None:
    # The typical case was first notified on 2026-05-04; the enquiry came on 2026-05-01.
    eid = register.record_enquiry(enquiry(enquiry_date="2026-05-01"))
    register.link_enquiry(eid, case.arrangement)
    row = register.enquiry(eid)
    assert (row["outcome"], row["outcome_date"]) == ("confirmed_pf", "2026-05-04")
    assert not [o for o in register.due() if o.code == "ENQUIRY_FOLLOW_UP"]
    register.link_enquiry(eid, None)
    assert register.enquiry(eid)["arrangement_id"] is None


def test_linking_is_refused_when_it_cannot_be(
    register: Register, case: CaseIds, refused: Refused
) -> None:
    late = register.record_enquiry(enquiry(enquiry_date="2026-05-22"))
    refused(
        lambda: register.link_enquiry(late, case.arrangement),
        "enquiry.arrangement_id",
        "was notified on 2026-05-04, before the enquiry of 2026-05-22",
    )
    early = register.record_enquiry(enquiry(enquiry_date="2026-05-01"))
    register.link_enquiry(early, case.arrangement)
    refused(
        lambda: register.update_enquiry(early, {"outcome": "advice_only"}),
        "enquiry.outcome",
        "this enquiry became a case",
    )


def test_a_case_from_an_enquiry_lands_whole_or_not_at_all(
    register: Register, refused: Refused
) -> None:
    eid = register.record_enquiry(enquiry())
    prefill = register.enquiry_case_prefill(eid)
    prefill["notification"]["kind"] = "already_in_place"
    prefill["child"] = {"first_name": "Tilly", "last_name": "Marchbank"}
    prefill["notification"]["received"] = "2026-05-20"  # before the enquiry: link refused
    refused(
        lambda: register.record_case_from_enquiry(eid, **prefill),
        "enquiry.arrangement_id",
        "before the enquiry",
    )
    assert register.case_count() == 0


# ---------------------------------------------------------------------- searching
def test_search_enquiries_and_activities(register: Register) -> None:
    aid = register.record_activity(ACTIVITY)
    register.record_activity({**ACTIVITY, "title": "Mosque open day", "area": "TB9"})
    register.record_enquiry(enquiry(activity_id=aid, child_name="Zena Ortolan"))
    register.record_enquiry(enquiry(area="TB9", enquiry_date="2026-05-20", about="100% sure"))
    assert [r["reference"] for r in register.enquiries()] == ["ENQ-2026-0001", "ENQ-2026-0002"]
    assert [r["child_name"] for r in register.enquiries("ortolan")] == ["Zena Ortolan"]
    assert [r["area"] for r in register.enquiries("tb9")] == ["TB9"]
    assert [r["area"] for r in register.enquiries("20/05/2026")] == ["TB9"]
    assert [r["reference"] for r in register.enquiries("designated")] == ["ENQ-2026-0001"]
    assert [r["about"] for r in register.enquiries("100%")] == ["100% sure"]
    assert register.enquiries("5%") == []  # "%" is a character, not a wildcard
    assert [r["title"] for r in register.activities("mosque")] == ["Mosque open day"]
    assert len(register.activities()) == 2


# ---------------------------------------------------------------------- the due list
def test_pending_enquiry_is_on_the_due_list(register: Register) -> None:
    # Fri 22 May 2026 + 5 working days: Mon 25 May is the spring bank holiday, so Tue 26,
    # Wed 27, Thu 28, Fri 29 May and Mon 1 Jun: due today (Mon 1 Jun 2026).
    register.record_enquiry(enquiry())
    # Mon 1 Jun 2026 + 5 working days = Mon 8 Jun 2026, due in 7 days.
    register.record_enquiry(enquiry(enquiry_date="2026-06-01", source_sector="police"))
    due = [o for o in register.due() if o.code == "ENQUIRY_FOLLOW_UP"]
    assert [(o.reference, o.due, o.status, o.child) for o in due] == [
        ("ENQ-2026-0001", date(2026, 6, 1), Status.DUE_TODAY, ""),
        ("ENQ-2026-0002", date(2026, 6, 8), Status.DUE_SOON, ""),
    ]
    assert due[0].detail == "School: enquiry by phone on Fri 22 May 2026"
    assert due[1].detail.startswith("Police: ")
    assert due[0].subject_id is not None
    assert [o.reference for o in register.due(within_days=3)] == ["ENQ-2026-0001"]
    # On Tue 2 Jun the first is overdue.
    late = register.due(date(2026, 6, 2))
    assert late[0].status is Status.OVERDUE and late[0].reference == "ENQ-2026-0001"


def test_enquiry_follow_up_sorts_among_case_deadlines(register: Register, case: CaseIds) -> None:
    register.record_enquiry(enquiry())
    due = register.due()
    assert due == sorted(due, key=lambda o: o.sort_key())
    assert any(o.code == "ENQUIRY_FOLLOW_UP" for o in due)
    assert any(o.code == "REG7_VISIT" for o in due)


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_cli_due_lists_enquiries(db_path: Path, register: Register, fmt: str) -> None:
    register.record_enquiry(enquiry())
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["due", "--db", str(db_path), "--as-of", "2026-06-01", "--format", fmt], out=out, err=err
    )
    assert code == 0, err.getvalue()
    text = out.getvalue()
    if fmt == "json":
        items = json.loads(text)["items"]
        assert items == [
            {
                "case": "ENQ-2026-0001",
                "child": "",
                "rule": "ENQUIRY_FOLLOW_UP",
                "title": "Record the outcome of a pending enquiry — Local practice",
                "detail": "School: enquiry by phone on Fri 22 May 2026",
                "due": "2026-06-01",
                "status": "due_today",
                "days": 0,
            }
        ]
    elif fmt == "csv":
        assert text.splitlines()[1].startswith("ENQ-2026-0001,,ENQUIRY_FOLLOW_UP,")
    else:
        assert "ENQ-2026-0001" in text and "Record the outcome of a pending enquiry" in text
