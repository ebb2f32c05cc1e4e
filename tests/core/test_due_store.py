"""Due lists stored as the app closes (``pf_register.due_store``): the next start on the same
day, or on the next working day, is given the list at once, but only while it is exactly what
judging would give."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import USER, CaseIds, open_register

from pf_register import due_store
from pf_register.due_cache import data_version
from pf_register.privacy import erase_case
from pf_register.register import Register

MONDAY = date(2026, 6, 1)


def _stored_days(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("SELECT day FROM due_store ORDER BY day")]


def _kept(path: Path, day: date = MONDAY) -> None:
    with open_register(path, today=day) as register:
        assert register.keep_due_lists()


def test_today_and_the_next_working_day_are_kept_and_are_what_judging_gives(
    db_path: Path, case: CaseIds
) -> None:
    _kept(db_path)
    assert _stored_days(db_path) == ["2026-06-01", "2026-06-02"]
    for day in (MONDAY, date(2026, 6, 2)):
        with open_register(db_path, today=day) as register:
            stored = register.stored_due()
            assert not register.due_is_current()  # the register's own cache is still to build
            assert stored and stored == register.due()
            assert {o.child for o in stored if o.arrangement_id} == {"Tilly Marchbank"}
    with open_register(db_path, today=date(2026, 6, 3)) as register:
        assert register.stored_due() is None  # another day: judged as usual


@pytest.mark.parametrize(
    ("closed_on", "next_working_day"),
    [
        (date(2026, 6, 5), "2026-06-08"),  # Friday: Monday
        (date(2026, 12, 24), "2026-12-29"),  # Christmas, and Boxing Day moved to Monday 28th
        (date(2026, 12, 31), "2027-01-04"),  # New Year's Day is a Friday
        (date(2028, 2, 28), "2028-02-29"),  # a leap day
    ],
)
def test_the_next_working_day_follows_the_bank_holidays(
    db_path: Path, case: CaseIds, closed_on: date, next_working_day: str
) -> None:
    _kept(db_path, closed_on)
    assert _stored_days(db_path) == [closed_on.isoformat(), next_working_day]
    with open_register(db_path, today=date.fromisoformat(next_working_day)) as register:
        assert register.stored_due() == register.due()


def test_a_write_here_empties_the_store(db_path: Path, case: CaseIds) -> None:
    _kept(db_path)
    with open_register(db_path) as register:
        register.record_visit(
            case.arrangement,
            {"visit_date": "2026-05-11", "kind": "initial", "child_seen": True, "seen_alone": True},
        )
        assert register.stored_due() is None
    assert _stored_days(db_path) == []


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO visits (arrangement_id, visit_date, kind, child_seen, seen_alone)"
        " VALUES (1, '2026-05-11', 'initial', 1, 1)",
        "UPDATE children SET first_name = 'Tilda'",
        "DELETE FROM household_members",
        "INSERT INTO settings (key, value) VALUES ('due_soon_days', '14')",
        "INSERT INTO enquiries (reference, enquiry_date, source_sector, channel, outcome)"
        " VALUES ('ENQ-1', '2026-05-28', 'school', 'phone', 'pending')",
    ],
)
def test_another_programs_commit_empties_the_store(db_path: Path, case: CaseIds, sql: str) -> None:
    _kept(db_path)
    with sqlite3.connect(db_path) as other:
        other.execute(sql)
    assert _stored_days(db_path) == []


def test_every_table_that_can_change_a_due_list_empties_the_store(register: Register) -> None:
    """A table added by a later migration without the triggers fails here."""
    names = {
        r[0]
        for r in register.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }
    triggers = {
        (r[0], r[1])
        for r in register.db.execute(
            "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'"
            " AND sql LIKE '%DELETE FROM due_store%'"
        )
    }
    for table in names - {"due_store", "audit_log", "_sqlite_migrations"}:
        for action in ("insert", "update", "delete"):
            assert (table, f"{table}_{action}_due_store") in triggers


def test_an_erasure_empties_the_store(db_path: Path, case: CaseIds) -> None:
    with open_register(db_path) as register:
        register.end_arrangement(
            case.arrangement, {"end_date": "2026-05-25", "end_reason": "returned_to_parent"}
        )
    _kept(db_path, date(2032, 6, 1))
    with open_register(db_path, today=date(2032, 6, 1)) as register:
        erase_case(register, case.arrangement, "retention review 2032")
    assert _stored_days(db_path) == []


def test_lists_judged_by_another_build_or_damaged_are_ignored(
    db_path: Path, case: CaseIds, monkeypatch: pytest.MonkeyPatch
) -> None:
    _kept(db_path)
    with open_register(db_path) as register:
        monkeypatch.setattr(due_store, "program_stamp", lambda: "another build")
        assert register.stored_due() is None
        monkeypatch.undo()
        assert register.stored_due() is not None
        register.db.execute("UPDATE due_store SET obligations = x'00'")
        assert register.stored_due() is None


def test_nothing_is_kept_or_taken_where_the_source_cannot_be_read(
    db_path: Path, case: CaseIds, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A frozen build without its source cannot tell its rules from another build's."""
    _kept(db_path)
    monkeypatch.setattr(due_store, "program_stamp", lambda: "")
    with open_register(db_path) as register:
        assert register.stored_due() is None
        assert not register.keep_due_lists()
    monkeypatch.undo()
    assert _stored_days(db_path) == ["2026-06-01", "2026-06-02"]  # left as they were


def test_not_kept_if_another_program_commits_while_they_are_judged(
    db_path: Path, case: CaseIds, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_register(db_path) as register:
        judge = register.due

        def judged_while_another_program_writes(*args: Any, **kwargs: Any) -> Any:
            with sqlite3.connect(db_path) as other:
                other.execute("UPDATE children SET first_name = 'Tilda'")
            return judge(*args, **kwargs)

        monkeypatch.setattr(register, "due", judged_while_another_program_writes)
        assert not register.keep_due_lists()
    assert _stored_days(db_path) == []


def test_a_read_only_register_keeps_nothing(db_path: Path, case: CaseIds) -> None:
    with Register.open(db_path, user=USER, today=lambda: MONDAY, read_only=True) as register:
        version = data_version(register.db)
        assert not register.keep_due_lists()
        assert data_version(register.db) == version
    assert _stored_days(db_path) == []


def test_emptied_lists_leave_nothing_in_the_file(
    db_path: Path, case: CaseIds, monkeypatch: pytest.MonkeyPatch
) -> None:
    """They hold children's names: the first change overwrites them, not just frees them,
    also where SQLite leaves freed pages as they were unless told (Python's own builds)."""
    connect = sqlite3.connect

    def secure_delete_off_by_default(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = connect(*args, **kwargs)
        conn.execute("PRAGMA secure_delete = OFF")
        return conn

    monkeypatch.setattr(sqlite3, "connect", secure_delete_off_by_default)
    _kept(db_path)
    with sqlite3.connect(db_path) as conn:
        blobs = [bytes(r[0]) for r in conn.execute("SELECT obligations FROM due_store")]
    assert blobs and all(blob[16:80] in db_path.read_bytes() for blob in blobs)
    with open_register(db_path) as register:
        register.update_settings(due_soon_days=10)
    content = db_path.read_bytes()
    assert not any(blob[16:80] in content for blob in blobs)
