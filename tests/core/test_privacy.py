"""Retention review and the audited erase of a case's personal data."""

from __future__ import annotations

import json
from datetime import date

import pytest

from pf_register.errors import ValidationError
from pf_register.loading import CaseRecord
from pf_register.privacy import (
    ERASE_OPERATION,
    ERASED,
    due_for_review,
    erase_case,
    reduce_birth_date,
)
from pf_register.register import Register
from tests.core.conftest import CaseIds, Refused, open_register


def _end(register: Register, case: CaseIds) -> None:
    register.end_arrangement(
        case.arrangement,
        {
            "end_date": "2026-05-25",
            "end_reason": "returned_to_parent",
            "end_notes": "Went home to Moira at 3 Elm Close",
        },
    )


def _stats(register: Register, record: CaseRecord) -> object:
    """What the anonymous statistics count about a case."""
    a = record.arrangement
    return (
        a["type_code"],
        a["start_date"],
        a["end_date"],
        a["end_reason"],
        record.child["sex"],
        record.child["disabled"],
        record.child["date_of_birth"][:7],
        [(n["kind"], n["received"], n["notifier_role"]) for n in record.notifications],
        [(v["visit_date"], v["child_seen"]) for v in record.visits],
        [o.code for o in register.obligations(a["id"], date(2026, 6, 1))],
    )


def test_ended_cases_past_retention_are_listed(register: Register, case: CaseIds) -> None:
    assert due_for_review(register) == []
    _end(register, case)
    assert due_for_review(register, date(2032, 5, 24)) == []
    items = due_for_review(register, date(2032, 5, 25))
    assert [i.reference for i in items] == ["PF-2026-0001"]
    register.update_settings(retention_years=10)
    assert due_for_review(register, date(2032, 5, 25)) == []


def test_erase_removes_personal_data_and_keeps_the_statistics(
    register: Register, case: CaseIds
) -> None:
    _end(register, case)
    before = register.case(case.arrangement)
    stats_before = _stats(register, before)
    result = erase_case(register, case.arrangement, "retention review 2032")
    after = register.case(case.arrangement)
    assert after.child["first_name"] == ERASED and after.child["cms_reference"] == ERASED
    assert after.carer is not None and after.carer["address"] == ERASED
    assert after.arrangement["address"] == ERASED and after.arrangement["end_notes"] == ERASED
    assert after.notifications[0]["notifier_name"] == ERASED
    assert after.child["date_of_birth"] in ("2012-09-01", "2012-09-30")
    assert _stats(register, after) == stats_before
    text = json.dumps([dict(r) for r in register.audit_log()])
    for secret in (
        "Tilly",
        "Marchbank",
        "Quennell",
        "Imaginary Row",
        "CMS-77120",
        "3 Elm Close",
        "Larkspur",
        "2012-09-14",
    ):
        assert secret not in text, secret
    erased = [r for r in register.audit_log() if r["operation"] == ERASE_OPERATION]
    assert erased and erased[-1]["user"] == "test-officer"
    assert result.rows_erased >= 6 and result.audit_rows_redacted > 0
    # The audit log is append-only again afterwards.
    with pytest.raises(Exception, match="cannot be changed"):
        register.db.execute("UPDATE audit_log SET user = 'x'")
    assert due_for_review(register, date(2040, 1, 1)) == []
    with pytest.raises(ValidationError, match="already erased"):
        erase_case(register, case.arrangement, "again")


def test_erase_is_refused_for_an_open_case_or_without_a_reason(
    register: Register, case: CaseIds, refused: object
) -> None:
    with pytest.raises(ValidationError, match="still open"):
        erase_case(register, case.arrangement, "because")
    _end(register, case)
    with pytest.raises(ValidationError) as info:
        erase_case(register, case.arrangement, "  ")
    assert info.value.field == "reason"


def test_a_carer_of_another_case_is_kept_for_that_case(
    register: Register, case: CaseIds, db_path: object
) -> None:
    _end(register, case)
    other = register.record_new_case(
        notification={"kind": "proposal", "received": "2026-05-26", "notifier_role": "carer"},
        child={"first_name": "Ned", "last_name": "Other"},
    )
    register.db.execute("UPDATE arrangements SET carer_id = ? WHERE id = ?", [case.carer, other])
    result = erase_case(register, case.arrangement, "review")
    assert any("also in another case" in k for k in result.kept_shared)
    assert register.case(other).carer["first_name"] == "Rosalind"  # type: ignore[index]


@pytest.mark.parametrize(
    ("dob", "key", "reduced"),
    [
        (date(2012, 9, 14), [date(2026, 9, 20)], date(2012, 9, 1)),
        (date(2012, 9, 14), [date(2026, 9, 2)], date(2012, 9, 30)),
        (date(2012, 9, 14), [date(2026, 4, 20)], date(2012, 9, 1)),
        (date(2012, 2, 29), [date(2026, 2, 10)], date(2012, 2, 29)),
    ],
)
def test_birth_dates_keep_the_age_on_key_dates(dob: date, key: list[date], reduced: date) -> None:
    assert reduce_birth_date(dob, key) == reduced


def test_erase_survives_reopening(db_path: object, register: Register, case: CaseIds) -> None:
    _end(register, case)
    erase_case(register, case.arrangement, "review")
    with open_register(register.path) as again:
        assert again.case(case.arrangement).child["last_name"] == ERASED


def test_an_erased_case_cannot_be_reopened_or_its_ending_changed(
    register: Register, case: CaseIds, refused: Refused
) -> None:
    register.end_arrangement(case.arrangement, {"end_date": "2026-05-20", "end_reason": "other"})
    erase_case(register, case.arrangement, "retention period over")
    refused(
        lambda: register.reopen_arrangement(case.arrangement),
        "ending",
        "had its personal data erased; it stays closed",
    )
    refused(
        lambda: register.update_ending(case.arrangement, {"end_notes": "typed back in"}),
        "ending",
        "had its personal data erased",
    )
