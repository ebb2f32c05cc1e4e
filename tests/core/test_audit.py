"""The audit log: who, when, which operation, which record, values before and after; and the
one-transaction rule: an operation that fails part-way leaves nothing behind."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from pf_register import audit
from pf_register.audit import AuditedWriter
from pf_register.register import Register

SEEN_ALONE = {"kind": "statutory", "child_seen": True, "seen_alone": True}


def _new_rows(reg: Register, after_id: int) -> list[dict[str, Any]]:
    return [r for r in reg.audit_log() if r["id"] > after_id]


def _last_id(reg: Register) -> int:
    log = reg.audit_log()
    return log[-1]["id"] if log else 0


def _row(reg: Register, table: str, row_id: object) -> dict[str, Any]:
    cursor = reg.db.execute(f"SELECT * FROM [{table}] WHERE id = ?", [row_id])
    columns = [c[0] for c in cursor.description]
    return dict(zip(columns, cursor.fetchone(), strict=True))


# ------------------------------------------------------------------ what each row records
def test_new_case_logs_every_insert_with_its_values(register: Register, new_case) -> None:
    arrangement_id = new_case()
    log = register.audit_log()
    assert [(r["table_name"], r["action"]) for r in log] == [
        ("children", "insert"),
        ("people", "insert"),  # the carer
        ("arrangements", "insert"),
        ("notifications", "insert"),
        ("people", "insert"),  # the household member
        ("household_members", "insert"),
        ("people", "insert"),  # the parent
        ("parents", "insert"),
    ]
    for row in log:
        assert row["user"] == "test-officer"
        assert row["operation"] == "record new case"
        assert row["before"] is None
        # The "after" values are exactly the stored row.
        assert json.loads(row["after"]) == _row(register, row["table_name"], int(row["row_id"]))
    (arr_row,) = register.audit_log("arrangements", arrangement_id)
    assert json.loads(arr_row["after"])["reference"] == "PF-2026-0001"


def test_audit_time_is_now_in_utc(register: Register, new_case) -> None:
    start = datetime.now(UTC).replace(microsecond=0)
    new_case()
    end = datetime.now(UTC)
    for row in register.audit_log():
        at = datetime.fromisoformat(row["at"])
        assert at.utcoffset() == timedelta(0)
        assert start <= at <= end


def test_audit_log_filters_by_table_and_row(register: Register, case) -> None:
    (child_row,) = register.audit_log("children", case.child)
    assert child_row["row_id"] == str(case.child)
    assert len(register.audit_log("people")) == 3
    assert register.audit_log("visits") == []


def test_correction_records_before_and_after(register: Register, case) -> None:
    mark = _last_id(register)
    register.update_child(case.child, {"religion": "Buddhist", "date_of_birth": "2012-09-15"})
    (row,) = _new_rows(register, mark)
    assert (row["operation"], row["table_name"], row["row_id"], row["action"]) == (
        "correct child",
        "children",
        str(case.child),
        "update",
    )
    before, after = json.loads(row["before"]), json.loads(row["after"])
    assert (before["religion"], after["religion"]) == (None, "Buddhist")
    assert (before["date_of_birth"], after["date_of_birth"]) == ("2012-09-14", "2012-09-15")
    assert before["first_name"] == after["first_name"] == "Tilly"
    assert after == _row(register, "children", case.child)


@pytest.mark.parametrize(
    ("action", "values"),
    [
        ("update_child", {"first_name": "Tilly", "date_of_birth": "2012-09-14", "disabled": "no"}),
        (
            "update_person",
            {"last_name": "Quennell", "address": " 12 Imaginary Row, Testborough TB1 2ZZ "},
        ),
        ("update_arrangement", {"type_code": "8E", "start_date": "2026-04-20"}),
    ],
)
def test_no_op_correction_writes_nothing(
    register: Register, case, snap, action: str, values: dict[str, object]
) -> None:
    target = {"update_child": case.child, "update_person": case.carer}.get(action, case.arrangement)
    before = snap(register)
    getattr(register, action)(target, values)
    assert snap(register) == before


def test_no_op_setting_writes_nothing(register: Register, snap) -> None:
    register.update_settings(visit_report_days=7)
    before = snap(register)
    register.update_settings(visit_report_days=7)
    assert snap(register) == before


def test_settings_changes_are_logged(register: Register) -> None:
    register.update_settings(visit_report_days=7)
    register.update_settings(visit_report_days=9)
    first, second = register.audit_log("settings")
    assert (first["action"], first["row_id"], first["before"]) == (
        "insert",
        "visit_report_days",
        None,
    )
    assert json.loads(first["after"]) == {"key": "visit_report_days", "value": "7"}
    assert second["action"] == "update"
    assert json.loads(second["before"])["value"] == "7"
    assert json.loads(second["after"])["value"] == "9"
    assert {r["operation"] for r in (first, second)} == {"update settings"}


def _ops(reg: Register, ids: Any) -> list[tuple[str, Callable[[], object], list[tuple[str, str]]]]:
    """(operation name, action, [(table, action)] it must log), in an order that works."""
    return [
        (
            "record notification: change_of_circumstances",
            lambda: reg.record_change_of_circumstances(
                ids.arrangement, received="2026-05-27", notifier_role="carer", description="New job"
            ),
            [("notifications", "insert")],
        ),
        (
            "record visit",
            lambda: reg.record_visit(ids.arrangement, {"visit_date": "2026-05-12", **SEEN_ALONE}),
            [("visits", "insert")],
        ),
        (
            "correct visit",
            lambda: reg.record_visit_report(
                reg.case(ids.arrangement).visits[0]["id"], "2026-05-13"
            ),
            [("visits", "update")],
        ),
        (
            "record check",
            lambda: reg.record_check(
                ids.arrangement, {"kind": "dbs", "requested": "2026-05-05"}, person_id=ids.carer
            ),
            [("checks", "insert")],
        ),
        (
            "record check returned",
            lambda: reg.record_check_returned(
                reg.case(ids.arrangement).checks[0]["id"],
                returned="2026-05-20",
                outcome="no_concerns",
            ),
            [("checks", "update")],
        ),
        (
            "correct check",
            lambda: reg.update_check(reg.case(ids.arrangement).checks[0]["id"], {"notes": "Clear"}),
            [("checks", "update")],
        ),
        (
            "record decision",
            lambda: reg.record_decision(
                ids.arrangement, {"outcome": "suitable", "decision_date": "2026-05-26"}
            ),
            [("decisions", "insert")],
        ),
        (
            "correct decision",
            lambda: reg.update_decision(
                reg.case(ids.arrangement).decisions[0]["id"], {"letter_date": "2026-05-27"}
            ),
            [("decisions", "update")],
        ),
        (
            "add household member",
            lambda: reg.add_household_member(
                ids.arrangement, {"first_name": "Petra", "last_name": "Vaughan-Lisle"}
            ),
            [("people", "insert"), ("household_members", "insert")],
        ),
        (
            "correct household member",
            lambda: reg.update_household_member(ids.member, {"relationship": "adult son"}),
            [("household_members", "update")],
        ),
        (
            "add parent",
            lambda: reg.add_parent(
                ids.arrangement,
                {"first_name": "Lorcan", "last_name": "Marchbank", "relationship": "father"},
            ),
            [("people", "insert"), ("parents", "insert")],
        ),
        (
            "correct person",
            lambda: reg.update_person(ids.carer, {"phone": "01632 960001"}),
            [("people", "update")],
        ),
        (
            "correct arrangement",
            lambda: reg.update_arrangement(ids.arrangement, {"intended_duration_days": 20}),
            [("arrangements", "update")],
        ),
        (
            "confirm private fostering",
            lambda: reg.confirm_private_fostering(ids.arrangement, "2026-05-19"),
            [("arrangements", "update")],
        ),
        (
            "end arrangement",
            lambda: reg.end_arrangement(
                ids.arrangement,
                {"end_date": "2026-05-29", "end_reason": "moved_away"},
                notification={"received": "2026-05-30", "notifier_role": "carer"},
            ),
            [("arrangements", "update"), ("notifications", "insert")],
        ),
    ]


def test_each_operation_logs_its_writes_under_its_name(register: Register, case) -> None:
    for name, action, expected in _ops(register, case):
        mark = _last_id(register)
        action()
        rows = _new_rows(register, mark)
        assert [(r["table_name"], r["action"]) for r in rows] == expected, name
        for row in rows:
            assert row["operation"] == name
            assert row["user"] == "test-officer"
            after = json.loads(row["after"])
            assert after == _row(register, row["table_name"], int(row["row_id"]))
            if row["action"] == "update":
                before = json.loads(row["before"])
                assert before != after
                assert before["id"] == after["id"] == int(row["row_id"])


def test_move_in_logs_the_notice_and_the_start(register: Register, new_case) -> None:
    arrangement_id = new_case(
        notification={"kind": "proposal", "received": "2026-05-11", "notifier_role": "carer"},
        arrangement={"start_date": None},
    )
    mark = _last_id(register)
    register.record_notification(
        arrangement_id, {"kind": "moved_in", "received": "2026-05-28", "notifier_role": "carer"}
    )
    notice, start = _new_rows(register, mark)
    assert (notice["table_name"], notice["operation"]) == (
        "notifications",
        "record notification: moved_in",
    )
    assert start["table_name"] == "arrangements"
    assert json.loads(start["before"])["start_date"] is None
    assert json.loads(start["after"])["start_date"] == "2026-05-28"


def test_ending_logs_before_and_after(register: Register, case) -> None:
    mark = _last_id(register)
    register.end_arrangement(case.arrangement, {"end_date": "2026-05-29", "end_reason": "other"})
    (row,) = _new_rows(register, mark)
    before, after = json.loads(row["before"]), json.loads(row["after"])
    assert (before["end_date"], after["end_date"]) == (None, "2026-05-29")
    assert (before["end_reason"], after["end_reason"]) == (None, "other")


def test_reopening_keeps_the_ending_in_the_audit_log(register: Register, case) -> None:
    register.end_arrangement(case.arrangement, {"end_date": "2026-05-29", "end_reason": "other"})
    mark = _last_id(register)
    register.reopen_arrangement(case.arrangement)
    assert register.arrangement(case.arrangement)["end_date"] is None
    (row,) = _new_rows(register, mark)
    assert row["operation"] == "reopen arrangement"
    assert json.loads(row["before"])["end_date"] == "2026-05-29"
    assert json.loads(row["after"])["end_date"] is None


# ------------------------------------------------------------------ who
def test_default_user_is_the_operating_system_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, open_at, case_values
) -> None:
    monkeypatch.setattr(audit.getpass, "getuser", lambda: "os-login-name")
    reg = open_at(tmp_path / "os.db", user=None)
    reg.record_new_case(**case_values())
    assert {r["user"] for r in reg.audit_log()} == {"os-login-name"}


def test_user_without_a_login_name_is_unknown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, open_at, case_values
) -> None:
    def no_login() -> str:
        raise OSError("no login name")

    monkeypatch.setattr(audit.getpass, "getuser", no_login)
    reg = open_at(tmp_path / "nobody.db", user=None)
    reg.record_new_case(**case_values())
    assert {r["user"] for r in reg.audit_log()} == {"unknown"}


# ------------------------------------------------------------------ one transaction
def _fail_on_call(monkeypatch: pytest.MonkeyPatch, name: str, n: int) -> list[int]:
    """Make ``AuditedWriter.<name>`` raise on its ``n``-th call; returns the call counter."""
    original = getattr(AuditedWriter, name)
    calls = [0]

    def failing(self: AuditedWriter, *args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == n:
            raise RuntimeError(f"disk full on call {n}")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(AuditedWriter, name, failing)
    return calls


def _assert_nothing_written(reg: Register, snap, action: Callable[[], object]) -> None:
    before, before_bytes = snap(reg), reg.path.read_bytes()
    with pytest.raises(RuntimeError, match="disk full"):
        action()
    assert snap(reg) == before
    assert reg.path.read_bytes() == before_bytes
    assert not reg.db.conn.in_transaction


@pytest.mark.parametrize("failing_call", [1, 2, 3, 5, 8])
def test_new_case_failing_part_way_leaves_nothing(
    register: Register, case_values, snap, monkeypatch: pytest.MonkeyPatch, failing_call: int
) -> None:
    calls = _fail_on_call(monkeypatch, "insert", failing_call)
    _assert_nothing_written(register, snap, lambda: register.record_new_case(**case_values()))
    assert calls[0] == failing_call
    assert register.case_count() == 0
    assert register.audit_log() == []
    # The register is still usable, and the failed attempt used up no reference.
    monkeypatch.undo()
    arrangement_id = register.record_new_case(**case_values())
    assert register.arrangement(arrangement_id)["reference"] == "PF-2026-0001"


def test_failing_audit_write_undoes_the_change(
    register: Register, case, snap, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_on_call(monkeypatch, "_log", 1)
    _assert_nothing_written(
        register, snap, lambda: register.update_child(case.child, {"religion": "Sikh"})
    )
    assert register.case(case.arrangement).child["religion"] is None


def test_move_in_failing_after_the_notice_leaves_nothing(
    register: Register, new_case, snap, monkeypatch: pytest.MonkeyPatch
) -> None:
    arrangement_id = new_case(
        notification={"kind": "proposal", "received": "2026-05-11", "notifier_role": "carer"},
        arrangement={"start_date": None},
    )
    _fail_on_call(monkeypatch, "update", 1)
    _assert_nothing_written(
        register,
        snap,
        lambda: register.record_notification(
            arrangement_id, {"kind": "moved_in", "received": "2026-05-28", "notifier_role": "carer"}
        ),
    )


def test_ending_failing_at_the_notice_leaves_the_case_open(
    register: Register, case, snap, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_on_call(monkeypatch, "insert", 1)
    _assert_nothing_written(
        register,
        snap,
        lambda: register.end_arrangement(
            case.arrangement,
            {"end_date": "2026-05-29", "end_reason": "other"},
            notification={"received": "2026-05-30", "notifier_role": "carer"},
        ),
    )
    assert register.arrangement(case.arrangement)["end_date"] is None


def test_settings_failing_part_way_change_nothing(
    register: Register, snap, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_on_call(monkeypatch, "put_setting", 2)
    _assert_nothing_written(
        register, snap, lambda: register.update_settings(visit_report_days=10, dbs_age=18)
    )
    assert register.settings.visit_report_days == 5
    assert register.settings.dbs_age == 16


def test_household_member_failing_at_the_link_leaves_no_person(
    register: Register, case, snap, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_on_call(monkeypatch, "insert", 2)
    _assert_nothing_written(
        register,
        snap,
        lambda: register.add_household_member(
            case.arrangement, {"first_name": "Petra", "last_name": "Vaughan-Lisle"}
        ),
    )
