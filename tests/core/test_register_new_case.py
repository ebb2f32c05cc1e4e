"""Recording the notification that opens a case: what is created, references, the age limit at
the start, and the deadlines that follow. Refusals are in test_validation.py."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from pf_register.clock import Obligation
from pf_register.register import Register


def _by_code(obligations: list[Obligation], code: str) -> list[Obligation]:
    return [o for o in obligations if o.code == code]


def test_typical_case_creates_every_record(register: Register, new_case, rows_of) -> None:
    arrangement_id = new_case()
    record = register.case(arrangement_id)

    assert record.arrangement["reference"] == "PF-2026-0001"
    assert record.arrangement["type_code"] == "8E"
    assert record.arrangement["start_date"] == "2026-04-20"
    assert record.arrangement["end_date"] is None
    assert record.child["first_name"] == "Tilly"
    assert record.child["date_of_birth"] == "2012-09-14"
    assert record.child["disabled"] == 0
    assert record.carer is not None
    assert record.carer["last_name"] == "Quennell"
    assert record.arrangement["carer_id"] == record.carer["id"]
    assert record.arrangement["child_id"] == record.child["id"]

    assert [(m["first_name"], m["relationship"]) for m in record.household] == [("Jasper", "son")]
    assert [
        (p["first_name"], p["relationship"], p["has_parental_responsibility"])
        for p in record.parents
    ] == [("Moira", "mother", 1)]
    (note,) = record.notifications
    assert (note["kind"], note["received"], note["notifier_role"]) == (
        "already_in_place",
        "2026-05-04",
        "school",
    )
    # Carer, household member and parent are three people.
    assert len(rows_of("people")) == 3
    assert register.case_count() == 1


def test_minimal_case_with_unknowns(register: Register) -> None:
    arrangement_id = register.record_new_case(
        notification={"kind": "moved_in", "received": "2026-05-29", "notifier_role": "carer"},
        child={"first_name": "Ravi", "last_name": "Ollerenshaw"},
    )
    record = register.case(arrangement_id)
    assert record.carer is None
    assert record.household == []
    assert record.parents == []
    assert record.child["date_of_birth"] is None
    assert record.child["disabled"] is None
    assert record.arrangement["type_code"] is None


def test_values_are_cleaned_before_storing(register: Register, new_case) -> None:
    arrangement_id = new_case(
        child={"first_name": "  Tilly ", "disabled": "yes", "date_of_birth": date(2012, 9, 14)},
        arrangement={"intended_duration_days": " 20 ", "type_code": " 8E "},
    )
    record = register.case(arrangement_id)
    assert record.child["first_name"] == "Tilly"
    assert record.child["disabled"] == 1
    assert record.child["date_of_birth"] == "2012-09-14"
    assert record.arrangement["intended_duration_days"] == 20
    assert record.arrangement["type_code"] == "8E"


def test_a_datetime_for_a_date_field_keeps_the_day(register: Register, new_case) -> None:
    # A datetime is a date too; storing its time made the case unreadable (fixed in fields.py).
    arrangement_id = new_case(
        notification={"received": datetime(2026, 5, 4, 16, 45)},
        household=[
            {"first_name": "Jasper", "last_name": "Quennell", "joined": datetime(2026, 7, 1, 9)}
        ],
    )
    record = register.case(arrangement_id)
    assert record.notifications[0]["received"] == "2026-05-04"
    assert record.household[0]["joined"] == "2026-07-01"
    assert register.obligations(arrangement_id)  # the case still loads


def test_references_count_per_year_of_receipt(register: Register, new_case) -> None:
    first = new_case()
    second = new_case(child={"first_name": "Otto", "last_name": "Brindlecombe"})
    older = new_case(
        notification={"received": "2025-12-30"}, arrangement={"start_date": "2025-12-01"}
    )
    newest = new_case(notification={"received": "2026-05-31"}, arrangement={"start_date": None})
    refs = [register.arrangement(a)["reference"] for a in (first, second, older, newest)]
    assert refs == ["PF-2026-0001", "PF-2026-0002", "PF-2025-0001", "PF-2026-0003"]
    assert register.arrangement_id_for("PF-2025-0001") == older


def test_planned_start_comes_from_the_notification(register: Register, new_case) -> None:
    arrangement_id = new_case(
        notification={"kind": "proposal", "notifier_role": "carer", "planned_start": "2026-07-06"},
        arrangement={"start_date": None},
    )
    assert register.arrangement(arrangement_id)["planned_start"] == "2026-07-06"


def test_arrangement_planned_start_wins_over_the_notifications(
    register: Register, new_case
) -> None:
    arrangement_id = new_case(
        notification={"kind": "proposal", "notifier_role": "carer", "planned_start": "2026-07-06"},
        arrangement={"start_date": None, "planned_start": "2026-07-13"},
    )
    assert register.arrangement(arrangement_id)["planned_start"] == "2026-07-13"


# ------------------------------------------------------------------ age limit at the start
@pytest.mark.parametrize(
    ("dob", "disabled", "start"),
    [
        ("2010-04-21", False, "2026-04-20"),  # the day before the 16th birthday
        ("2008-04-21", True, "2026-04-20"),  # disabled: the day before the 18th birthday
        ("2008-02-29", True, "2026-02-28"),  # leap-day birth: 18 only on 1 March 2026
    ],
)
def test_a_child_under_the_limit_at_the_start_is_accepted(
    register: Register, new_case, dob: str, disabled: bool, start: str
) -> None:
    arrangement_id = new_case(
        child={"date_of_birth": dob, "disabled": disabled},
        notification={"received": "2026-05-04"},
        arrangement={"start_date": start},
    )
    assert register.arrangement(arrangement_id)["start_date"] == start


def test_proposal_age_is_judged_at_the_planned_start(register: Register, new_case) -> None:
    # 15 when the proposal arrives, 15 on the planned start: private fostering.
    arrangement_id = new_case(
        child={"date_of_birth": "2010-09-01"},
        notification={"kind": "proposal", "notifier_role": "carer", "planned_start": "2026-08-31"},
        arrangement={"start_date": None},
    )
    assert register.arrangement(arrangement_id)["planned_start"] == "2026-08-31"


# ------------------------------------------------------------------ deadlines through the facade
def test_reg5_notice_gives_reg7_visit_and_no_reg4(register: Register, new_case) -> None:
    arrangement_id = new_case()
    obligations = register.obligations(arrangement_id)
    (reg7,) = _by_code(obligations, "REG7_VISIT")
    assert reg7.due == date(2026, 5, 13)  # 4 May 2026 is a bank holiday; counting starts 5 May
    assert reg7.status == "overdue"
    assert reg7.days == -19
    assert not _by_code(obligations, "REG4_VISIT")
    (age,) = _by_code(obligations, "AGE_LIMIT")
    assert age.due == date(2028, 9, 14)


def test_proposal_then_move_in_gives_reg4_then_reg7(open_at, tmp_path: Path) -> None:
    # Worked examples 1 and 2 through the facade.
    reg = open_at(tmp_path / "p.db", today=date(2027, 4, 6))
    arrangement_id = reg.record_new_case(
        notification={
            "kind": "proposal",
            "received": "2026-12-16",
            "notifier_role": "carer",
            "planned_start": "2027-03-19",
        },
        child={"first_name": "Signe", "last_name": "Halvorsen-Test", "date_of_birth": "2011-05-05"},
        carer={"first_name": "Delphine", "last_name": "Ashcombe"},
    )
    before = reg.obligations(arrangement_id)
    (reg4,) = _by_code(before, "REG4_VISIT")
    assert reg4.due == date(2026, 12, 29)  # 25 Dec and the Boxing Day substitute skipped
    assert not _by_code(before, "REG7_VISIT")

    reg.record_notification(
        arrangement_id,
        {"kind": "moved_in", "received": "2027-03-20", "notifier_role": "carer"},
        start_date="2027-03-19",
    )
    after = reg.obligations(arrangement_id)
    (reg4_after,) = _by_code(after, "REG4_VISIT")
    (reg7,) = _by_code(after, "REG7_VISIT")
    assert reg4_after.due == date(2026, 12, 29)
    assert reg7.due == date(2027, 4, 1)  # Good Friday and Easter Monday skipped
    assert reg7.status == "overdue"
    assert reg.arrangement(arrangement_id)["start_date"] == "2027-03-19"


def test_visits_through_the_facade_follow_worked_example_4(open_at, tmp_path: Path) -> None:
    reg = open_at(tmp_path / "w.db", today=date(2026, 6, 1))
    arrangement_id = reg.record_new_case(
        notification={
            "kind": "already_in_place",
            "received": "2026-02-10",
            "notifier_role": "health",
        },
        child={"first_name": "Kofi", "last_name": "Treadwell-Test", "date_of_birth": "2014-01-09"},
        carer={"first_name": "Mirela", "last_name": "Strand"},
        arrangement={"start_date": "2026-01-26"},
    )
    (reg7,) = _by_code(reg.obligations(arrangement_id), "REG7_VISIT")
    assert reg7.due == date(2026, 2, 19)
    for day in ("2026-02-16", "2026-03-27"):
        reg.record_visit(
            arrangement_id,
            {"visit_date": day, "kind": "statutory", "child_seen": True, "seen_alone": True},
        )
    obligations = reg.obligations(arrangement_id)
    (reg7,) = _by_code(obligations, "REG7_VISIT")
    assert (reg7.done, reg7.status) == (date(2026, 2, 16), "done_on_time")
    reg8 = sorted(_by_code(obligations, "REG8_VISIT"), key=lambda o: o.due)
    assert [(o.due, o.done) for o in reg8] == [
        (date(2026, 3, 30), date(2026, 3, 27)),
        (date(2026, 5, 8), None),
    ]
    assert reg8[1].status == "overdue"
