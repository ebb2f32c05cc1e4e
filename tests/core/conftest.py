"""Fixtures for the register core: a fresh register file per test, a typical case, and a guard
that proves a refused operation changed nothing.

Every name here is fictional.
"""

from __future__ import annotations

import copy
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from pf_register.errors import ValidationError
from pf_register.register import Register

# The register's "today" in most tests: Monday 1 June 2026.
TODAY = date(2026, 6, 1)
USER = "test-officer"

# A typical case: a Reg 5 notice from a school about a girl of 13 living with a family friend.
# Mon 4 May 2026 is the early May bank holiday: REG7_VISIT is due Wed 13 May 2026.
TYPICAL_CASE: dict[str, Any] = {
    "notification": {
        "kind": "already_in_place",
        "received": "2026-05-04",
        "notifier_role": "school",
        "notifier_name": "Head of year, Larkspur Lane Academy",
    },
    "child": {
        "first_name": "Tilly",
        "last_name": "Marchbank",
        "sex": "female",
        "date_of_birth": "2012-09-14",
        "disabled": False,
        "cms_reference": "CMS-77120",
    },
    "carer": {
        "first_name": "Rosalind",
        "last_name": "Quennell",
        "date_of_birth": "1979-03-08",
        "address": "12 Imaginary Row, Testborough TB1 2ZZ",
    },
    "arrangement": {
        "type_code": "8E",
        "start_date": "2026-04-20",
        "address": "12 Imaginary Row, Testborough TB1 2ZZ",
        "officer": "Officer Fenwick",
    },
    "household": [
        {
            "first_name": "Jasper",
            "last_name": "Quennell",
            "date_of_birth": "2001-11-30",
            "relationship": "son",
            "joined": "2001-11-30",
        }
    ],
    "parents": [
        {
            "first_name": "Moira",
            "last_name": "Marchbank",
            "relationship": "mother",
            "has_parental_responsibility": True,
        }
    ],
}


def _case_values(**updates: Any) -> dict[str, Any]:
    """The typical case's arguments for ``record_new_case``. A dict in ``updates`` is merged
    into that section (a None value blanks a field); a list or None replaces it."""
    values = copy.deepcopy(TYPICAL_CASE)
    for section, change in updates.items():
        if isinstance(change, dict) and isinstance(values.get(section), dict):
            values[section].update(change)
        else:
            values[section] = change
    return values


def snapshot(reg: Register) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (the audit log and the schema included)."""
    names = [
        r[0]
        for r in reg.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        ).fetchall()
    ]
    result = {
        name: reg.db.execute(f"SELECT * FROM [{name}] ORDER BY rowid").fetchall() for name in names
    }
    result["sqlite_master"] = reg.db.execute("SELECT * FROM sqlite_master ORDER BY name").fetchall()
    return result


def table_rows(reg: Register, table: str) -> list[dict[str, Any]]:
    cursor = reg.db.execute(f"SELECT * FROM [{table}] ORDER BY id")
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, r, strict=True)) for r in cursor.fetchall()]


def open_register(path: Path, today: date = TODAY, **kw: Any) -> Register:
    kw.setdefault("user", USER)
    return Register.open(path, create=True, today=lambda: today, **kw)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "r.db"


@pytest.fixture
def register(db_path: Path) -> Iterator[Register]:
    reg = open_register(db_path)
    try:
        yield reg
    finally:
        reg.close()


@pytest.fixture
def new_case(register: Register) -> Callable[..., int]:
    """Record the typical case (with ``case_values`` updates); returns the arrangement id."""

    def make(**updates: Any) -> int:
        return register.record_new_case(**_case_values(**updates))

    return make


@dataclass(frozen=True)
class CaseIds:
    arrangement: int
    child: int
    carer: int
    member_person: int
    member: int
    parent_person: int


def ids_of(reg: Register, arrangement_id: int) -> CaseIds:
    record = reg.case(arrangement_id)
    assert record.carer is not None
    return CaseIds(
        arrangement=arrangement_id,
        child=record.child["id"],
        carer=record.carer["id"],
        member_person=record.household[0]["person_id"],
        member=record.household[0]["id"],
        parent_person=record.parents[0]["person_id"],
    )


@pytest.fixture
def case(register: Register, new_case: Callable[..., int]) -> CaseIds:
    """The typical case, recorded."""
    return ids_of(register, new_case())


Refused = Callable[[Callable[[], object], str, str], ValidationError]


@pytest.fixture
def refused(register: Register) -> Refused:
    """Run ``action``; assert it raises ValidationError naming ``field`` with ``fragment`` in
    its message, and that no table row and no byte of the file changed."""

    def check(action: Callable[[], object], field: str, fragment: str) -> ValidationError:
        before = snapshot(register)
        before_bytes = register.path.read_bytes()
        audit_before = len(register.audit_log())
        with pytest.raises(ValidationError) as info:
            action()
        error = info.value
        assert error.field == field, error
        assert fragment in error.message, error
        assert str(error).startswith(f"{field}: ")
        assert snapshot(register) == before
        assert len(register.audit_log()) == audit_before
        assert register.path.read_bytes() == before_bytes
        # The connection is not left inside a transaction that a later commit would keep.
        assert not register.db.conn.in_transaction
        return error

    return check


@pytest.fixture
def case_values() -> Callable[..., dict[str, Any]]:
    """The typical case's ``record_new_case`` arguments, with section updates."""
    return _case_values


@pytest.fixture
def snap() -> Callable[[Register], dict[str, list[tuple[Any, ...]]]]:
    """Every row of every table of a register, to compare before and after."""
    return snapshot


@pytest.fixture
def rows_of(register: Register) -> Callable[[str], list[dict[str, Any]]]:
    """The rows of one table of the ``register`` fixture, by id."""
    return lambda table: table_rows(register, table)


@pytest.fixture
def case_ids() -> Callable[[Register, int], CaseIds]:
    return ids_of


@pytest.fixture
def open_at() -> Iterator[Callable[..., Register]]:
    """Open (creating) a register at a path with a given today; closed after the test."""
    opened: list[Register] = []

    def make(path: Path, today: date = TODAY, **kw: Any) -> Register:
        reg = open_register(path, today, **kw)
        opened.append(reg)
        return reg

    yield make
    for reg in opened:
        reg.close()


@pytest.fixture
def raw_sqlite() -> Iterator[Callable[[Path], sqlite3.Connection]]:
    """Plain sqlite3 connections, for building files the register must refuse; closed after."""
    opened: list[sqlite3.Connection] = []

    def connect(path: Path) -> sqlite3.Connection:
        conn = sqlite3.connect(str(path))
        opened.append(conn)
        return conn

    yield connect
    for conn in opened:
        conn.close()
