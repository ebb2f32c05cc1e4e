"""Hostile files at the command line: each gives one clear line, exit 1, the file untouched.

The same cases in the app are in tests/ui/test_reliability_ui.py.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pf_register import cli, storage
from pf_register.errors import ReadOnlyError, RegisterError, StorageError
from pf_register.register import Register
from tests.core.conftest import TYPICAL_CASE, open_register

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _full_register(path: Path, cases: int = 40) -> None:
    with open_register(path) as reg:
        for _ in range(cases):
            reg.record_new_case(**json.loads(json.dumps(TYPICAL_CASE)))


def make_not_sqlite(path: Path) -> None:
    path.write_text("Name,DOB\nA Child,2012-01-01\n" * 100)


def make_truncated(path: Path) -> None:
    _full_register(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def make_newer(path: Path) -> None:
    _full_register(path, 1)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()


HOSTILE: dict[str, tuple[Callable[[Path], None], str]] = {
    "not sqlite": (make_not_sqlite, "not a SQLite database"),
    "truncated": (make_truncated, "is damaged"),
    "newer": (make_newer, "newer version of pf_register"),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_cli_refuses_a_hostile_file_in_one_line(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "register.db"
    make, words = HOSTILE[kind]
    make(path)
    before = path.read_bytes()
    for command in (["due"], ["export", "register"], ["backup"]):
        code, out, err = _run(*command, "--db", str(path))
        assert code == 1, (command, err)
        assert out == ""
        assert err.startswith("pf-register: ") and err.count("\n") == 1, err
        assert words in err, err
    assert path.read_bytes() == before
    assert not (tmp_path / "backups").exists() or not any((tmp_path / "backups").iterdir())


@pytest.fixture
def locked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A register another program holds an exclusive (write) lock on."""
    path = tmp_path / "register.db"
    _full_register(path, 1)
    monkeypatch.setattr(storage, "BUSY_TIMEOUT_MS", 100)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    yield path
    other.execute("ROLLBACK")
    other.close()


def test_cli_on_a_locked_file(locked: Path) -> None:
    before = locked.read_bytes()
    code, out, err = _run("due", "--db", str(locked))
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "locked by another program" in err and "try again" in err
    assert locked.read_bytes() == before


def test_a_write_that_meets_a_lock_is_refused_whole(register: Register, tmp_path: Path) -> None:
    register.db.execute("PRAGMA busy_timeout = 100")
    other = sqlite3.connect(register.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # someone else is writing
    try:
        with pytest.raises(StorageError, match="locked by another program"):
            register.record_new_case(**json.loads(json.dumps(TYPICAL_CASE)))
        assert not register.db.conn.in_transaction
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert register.case_count() == 0


def simulate_full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every new connection may not grow the file: as if the disk were full."""
    real = storage._connect

    def connect(path: Path, *, read_only: bool = False) -> object:
        db = real(path, read_only=read_only)
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {max(pages, 1)}")
        return db

    monkeypatch.setattr(storage, "_connect", connect)


def test_cli_on_a_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "register.db"
    Register.open(path, create=True).close()
    export = tmp_path / "big.json"
    with open_register(tmp_path / "source.db") as source:
        for _ in range(30):
            source.record_new_case(**json.loads(json.dumps(TYPICAL_CASE)))
    code, _, err = _run(
        "export", "register", "--db", str(tmp_path / "source.db"), "--out", str(export)
    )
    assert code == 0, err
    before = path.read_bytes()
    simulate_full_disk(monkeypatch)
    code, out, err = _run("import", str(export), "--db", str(path))
    assert code == 1 and out == "" and err.count("\n") == 1, err
    assert "is full" in err and "Nothing was saved" in err
    assert path.read_bytes() == before


def test_a_full_disk_refuses_the_whole_operation(register: Register, refused: object) -> None:
    pages = register.db.execute("PRAGMA page_count").fetchone()[0]
    register.db.execute(f"PRAGMA max_page_count = {pages}")
    before = register.path.read_bytes()
    with pytest.raises(StorageError, match="is full"):
        register.update_settings(authority_name="x" * 20000)
    assert register.path.read_bytes() == before
    assert register.settings.authority_name == ""
    assert not register.db.conn.in_transaction


def _read_only_connections(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a read-only folder or file gives SQLite: a connection that cannot write."""
    real = storage._connect
    monkeypatch.setattr(
        storage, "_connect", lambda path, read_only=False: real(path, read_only=True)
    )


def test_cli_in_a_read_only_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "register.db"
    Register.open(path, create=True).close()
    export = tmp_path / "one.json"
    with open_register(tmp_path / "source.db") as source:
        source.record_new_case(**json.loads(json.dumps(TYPICAL_CASE)))
    assert (
        _run("export", "register", "--db", str(tmp_path / "source.db"), "--out", str(export))[0]
        == 0
    )
    before = path.read_bytes()
    _read_only_connections(monkeypatch)
    assert _run("due", "--db", str(path))[0] == 0  # reading still works
    code, out, err = _run("import", str(export), "--db", str(path))
    assert code == 1 and out == "" and err.count("\n") == 1, err
    assert "read-only" in err
    assert path.read_bytes() == before


@pytest.mark.skipif(IS_ROOT or os.name != "posix", reason="root ignores folder permissions")
def test_cli_in_a_really_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    path = folder / "register.db"
    _full_register(path, 1)
    before = path.read_bytes()
    folder.chmod(0o555)
    try:
        code, _, err = _run("backup", "--db", str(path))
        assert code == 1 and err.count("\n") == 1
        code, _, err = _run("demo", "--db", str(folder / "new.db"))
        assert code == 1 and err.count("\n") == 1
    finally:
        folder.chmod(0o755)
    assert path.read_bytes() == before


def test_a_read_only_connection_refuses_through_the_register(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "register.db"
    Register.open(path, create=True).close()
    _read_only_connections(monkeypatch)
    with Register.open(path) as reg, pytest.raises(StorageError, match="read-only"):
        reg.update_settings(authority_name="Testshire")
    with Register.open(path, read_only=True) as reg, pytest.raises(ReadOnlyError):
        reg.update_settings(authority_name="Testshire")
    assert isinstance(ReadOnlyError("x"), RegisterError)
