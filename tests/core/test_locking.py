"""Shared files: the presence file, read-only opening, and edits someone else overtook."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pf_register.errors import ConflictError, ReadOnlyError
from pf_register.locking import (
    STALE_AFTER,
    Presence,
    PresenceLock,
    acquire,
    case_snapshot,
    holder,
    lock_path,
    machine_name,
    open_shared,
    read_presence,
)
from pf_register.register import Register
from tests.core.conftest import CaseIds, snapshot

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def _someone(path: Path, *, machine: str = "pc-elsewhere", seen: datetime | None = None) -> None:
    seen = seen or datetime.now(UTC)
    lock_path(path).write_text(
        json.dumps(
            {
                "user": "jo.bloggs",
                "machine": machine,
                "pid": 4242,
                "since": seen.isoformat(),
                "seen": seen.isoformat(),
            }
        )
    )


def test_the_presence_file_names_user_machine_process_and_time(db_path: Path) -> None:
    claimed = acquire(db_path, "amy", now=NOW)
    assert isinstance(claimed, PresenceLock)
    found = read_presence(db_path)
    assert found == Presence("amy", machine_name(), os.getpid(), NOW, NOW)
    assert holder(db_path) is None  # it is us
    claimed.release()
    assert not lock_path(db_path).exists()


def test_a_second_claim_is_told_who_has_it(db_path: Path) -> None:
    _someone(db_path)
    found = acquire(db_path, "amy")
    assert isinstance(found, Presence)
    assert found.user == "jo.bloggs" and found.machine == "pc-elsewhere"
    assert "jo.bloggs on pc-elsewhere" in found.describe()


def test_a_stale_presence_is_taken_over(db_path: Path) -> None:
    _someone(db_path, seen=datetime.now(UTC) - STALE_AFTER - timedelta(seconds=5))
    assert holder(db_path) is None
    assert isinstance(acquire(db_path, "amy"), PresenceLock)
    assert read_presence(db_path).user == "amy"  # type: ignore[union-attr]


def test_a_dead_process_on_this_machine_is_stale(db_path: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    pid = child.pid  # a process that has ended
    lock_path(db_path).write_text(
        json.dumps(
            {
                "user": "amy",
                "machine": machine_name(),
                "pid": pid,
                "since": datetime.now(UTC).isoformat(),
                "seen": datetime.now(UTC).isoformat(),
            }
        )
    )
    assert holder(db_path) is None


def test_a_garbled_presence_file_is_not_trusted(db_path: Path) -> None:
    lock_path(db_path).write_text("\x00garbage")
    assert holder(db_path) is None
    assert isinstance(acquire(db_path, "amy"), PresenceLock)


def test_heartbeat_notices_a_takeover(db_path: Path) -> None:
    claimed = acquire(db_path, "amy")
    assert isinstance(claimed, PresenceLock)
    assert claimed.heartbeat(NOW + timedelta(minutes=1))
    assert read_presence(db_path).seen == NOW + timedelta(minutes=1)  # type: ignore[union-attr]
    _someone(db_path)
    assert not claimed.heartbeat()
    claimed.release()  # not ours any more: left alone
    assert read_presence(db_path).user == "jo.bloggs"  # type: ignore[union-attr]


def test_open_elsewhere_opens_read_only_and_refuses_writes(
    register: Register, case: CaseIds
) -> None:
    path = register.path
    _someone(path)
    opened = open_shared(path, user="amy")
    try:
        other = opened.register
        assert other.read_only and opened.holder is not None
        assert "jo.bloggs on pc-elsewhere" in (opened.read_only_reason or "")
        assert other.case_count() == 1  # it reads
        before = path.read_bytes()
        with pytest.raises(ReadOnlyError, match=r"jo\.bloggs on pc-elsewhere"):
            other.update_child(case.child, {"notes": "x"})
        with pytest.raises(ReadOnlyError):
            other.update_settings(authority_name="Testshire")
        assert path.read_bytes() == before
    finally:
        opened.register.close()


def test_open_shared_claims_and_releases(db_path: Path) -> None:
    opened = open_shared(db_path, user="amy")
    assert not opened.register.read_only and opened.lock is not None
    assert lock_path(db_path).exists()
    second = open_shared(db_path, user="amy")  # a second copy on this machine, same user
    try:
        # Our own process counts as "mine": a second window in one process shares the lock.
        assert not second.register.read_only
    finally:
        second.register.close()
    opened.register.close()
    assert not lock_path(db_path).exists()


def test_read_only_open_never_writes_a_byte(register: Register, case: CaseIds) -> None:
    path = register.path
    before = path.read_bytes()
    with Register.open(path, read_only=True) as ro:
        assert ro.case(case.arrangement).child["first_name"] == "Tilly"
        with pytest.raises(ReadOnlyError):
            ro.record_visit(
                case.arrangement,
                {"visit_date": "2026-05-20", "kind": "initial", "child_seen": False},
            )
    assert path.read_bytes() == before


def test_the_journal_is_never_wal(register: Register) -> None:
    assert register.db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_an_edit_overtaken_by_someone_else_is_refused(
    register: Register, case: CaseIds, db_path: Path, open_at: Callable[..., Register]
) -> None:
    loaded = case_snapshot(register, case.arrangement)
    elsewhere = open_at(db_path, user="jo.bloggs")
    elsewhere.update_child(case.child, {"date_of_birth": "2012-09-15"})
    before = snapshot(register)
    with register.expecting(loaded), pytest.raises(ConflictError) as info:
        register.update_child(case.child, {"notes": "likes football"})
    assert "changed by someone else since you opened it by jo.bloggs" in str(info.value)
    assert snapshot(register) == before
    # A row nobody else touched can still be changed on the same view of the case.
    with register.expecting(loaded):
        register.update_person(case.carer, {"phone": "01632 960000"})
    # With a fresh view the edit goes through.
    with register.expecting(case_snapshot(register, case.arrangement)):
        register.update_child(case.child, {"notes": "likes football"})
