"""The register's own connection class keeps sqlite-utils' transaction rules: a write outside a
transaction is committed at once, a failed statement leaves no transaction open, ``atomic()``
is all or nothing and nests as savepoints. Each rule is checked on ``pf_register.database``
and, to show they are the same rules, on ``sqlite_utils.Database`` too."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from pf_register.database import Database, first_keyword

SCHEMA = (
    "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
    "CREATE TABLE visits (id INTEGER PRIMARY KEY,"
    " person_id INTEGER REFERENCES people(id) DEFERRABLE INITIALLY DEFERRED)",
    "CREATE TABLE log (id INTEGER PRIMARY KEY, what TEXT)",
    "CREATE TRIGGER no_bob BEFORE INSERT ON people WHEN NEW.name = 'Bob'"
    " BEGIN SELECT RAISE(ROLLBACK, 'no Bob here'); END",
)


def _ours(conn: sqlite3.Connection) -> Any:
    return Database(conn)


def _theirs(conn: sqlite3.Connection) -> Any:
    return sqlite_utils.Database(conn, execute_plugins=False)


@pytest.fixture(params=[_ours, _theirs], ids=["pf_register", "sqlite_utils"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    make: Callable[[sqlite3.Connection], Any] = request.param
    conn = sqlite3.connect(tmp_path / "t.db")
    conn.execute("PRAGMA foreign_keys = ON")
    database = make(conn)
    for statement in SCHEMA:
        database.execute(statement)
    yield database
    conn.close()


def _names(path: Path) -> list[str]:
    """What another program reading the file sees (only committed rows)."""
    with sqlite3.connect(path) as other:
        return [r[0] for r in other.execute("SELECT name FROM people ORDER BY id")]


def _path(db: Any) -> Path:
    return Path(db.execute("PRAGMA database_list").fetchone()[2])


def test_a_write_outside_a_transaction_is_committed_at_once(db: Any) -> None:
    cursor = db.execute("INSERT INTO people (name) VALUES (?)", ["Ann"])
    assert cursor.lastrowid == 1
    assert not db.conn.in_transaction
    assert _names(_path(db)) == ["Ann"]


def test_a_failed_write_leaves_no_transaction_open(db: Any) -> None:
    db.execute("INSERT INTO people (name) VALUES ('Ann')")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO people (name) VALUES ('Ann')")
    assert not db.conn.in_transaction  # else it would capture every later write
    db.execute("INSERT INTO people (name) VALUES ('Cy')")
    assert _names(_path(db)) == ["Ann", "Cy"]


def test_reads_and_named_parameters(db: Any) -> None:
    db.execute("INSERT INTO people (name) VALUES (:name)", {"name": "Ann"})
    assert db.execute("SELECT name FROM people WHERE id = ?", [1]).fetchone() == ("Ann",)
    assert not db.conn.in_transaction


def test_atomic_commits_at_the_end_of_the_block(db: Any) -> None:
    path = _path(db)
    with db.atomic():
        db.execute("INSERT INTO people (name) VALUES ('Ann')")
        db.execute("INSERT INTO people (name) VALUES ('Cy')")
        assert db.conn.in_transaction
        assert _names(path) == []  # nothing is seen before the end
    assert not db.conn.in_transaction
    assert _names(path) == ["Ann", "Cy"]


def test_a_failed_statement_inside_atomic_rolls_everything_back(db: Any) -> None:
    db.execute("INSERT INTO people (name) VALUES ('Ann')")

    def block() -> None:
        with db.atomic():
            db.execute("INSERT INTO people (name) VALUES ('Cy')")
            db.execute("INSERT INTO log (what) VALUES ('added Cy')")
            db.execute("INSERT INTO people (name) VALUES ('Ann')")  # UNIQUE

    with pytest.raises(sqlite3.IntegrityError):
        block()
    assert not db.conn.in_transaction
    assert _names(_path(db)) == ["Ann"]
    assert db.execute("SELECT count(*) FROM log").fetchone()[0] == 0


def test_any_exception_inside_atomic_rolls_everything_back(db: Any) -> None:
    def block() -> None:
        with db.atomic():
            db.execute("INSERT INTO people (name) VALUES ('Ann')")
            raise KeyError("the caller's own failure")

    with pytest.raises(KeyError):
        block()
    assert not db.conn.in_transaction
    assert _names(_path(db)) == []


def test_a_nested_block_that_fails_undoes_only_its_own_writes(db: Any) -> None:
    def inner() -> None:
        with db.atomic():
            db.execute("INSERT INTO log (what) VALUES ('inner')")
            db.execute("INSERT INTO people (name) VALUES ('Ann')")

    with db.atomic():
        db.execute("INSERT INTO people (name) VALUES ('Ann')")
        with pytest.raises(sqlite3.IntegrityError):
            inner()
        assert db.conn.in_transaction  # the outer transaction goes on
        db.execute("INSERT INTO people (name) VALUES ('Cy')")
    assert _names(_path(db)) == ["Ann", "Cy"]
    assert db.execute("SELECT count(*) FROM log").fetchone()[0] == 0


def test_a_nested_block_that_succeeds_is_kept_with_the_outer_one(db: Any) -> None:
    def block() -> None:
        with db.atomic():
            with db.atomic():
                db.execute("INSERT INTO people (name) VALUES ('Ann')")
            raise RuntimeError("the outer block fails afterwards")

    with pytest.raises(RuntimeError):
        block()
    assert _names(_path(db)) == []


def test_a_trigger_that_ends_the_transaction_reports_its_own_error(db: Any) -> None:
    # RAISE(ROLLBACK) ends the whole transaction, savepoints included: cleaning up must not
    # hide the trigger's message behind "no such savepoint".
    def block() -> None:
        with db.atomic():
            db.execute("INSERT INTO people (name) VALUES ('Ann')")
            with db.atomic():
                db.execute("INSERT INTO people (name) VALUES ('Bob')")

    with pytest.raises(sqlite3.IntegrityError, match="no Bob here"):
        block()
    assert not db.conn.in_transaction
    assert _names(_path(db)) == []


def test_a_commit_that_fails_rolls_back(db: Any) -> None:
    # A deferred foreign key is checked at COMMIT: the block's writes are then all undone.
    def block() -> None:
        with db.atomic():
            db.execute("INSERT INTO people (name) VALUES ('Ann')")
            db.execute("INSERT INTO visits (person_id) VALUES (99)")

    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        block()
    assert not db.conn.in_transaction
    assert _names(_path(db)) == []


def test_transaction_statements_are_not_committed_behind_the_callers_back(db: Any) -> None:
    db.execute("BEGIN")
    db.execute("INSERT INTO people (name) VALUES ('Ann')")
    assert db.conn.in_transaction
    db.execute("ROLLBACK")
    assert _names(_path(db)) == []


def test_table_names_and_recursive_triggers(db: Any) -> None:
    assert set(db.table_names()) == {"people", "visits", "log"}
    assert db.execute("PRAGMA recursive_triggers").fetchone()[0] == 1


@pytest.mark.parametrize(
    ("sql", "keyword"),
    [
        ("insert into t values (1)", "INSERT"),
        ("  -- a comment\n/* another */ ;\ufeffBEGIN", "BEGIN"),
        ("/* never closed", ""),
        ("-- only a comment", ""),
        ("", ""),
    ],
)
def test_first_keyword(sql: str, keyword: str) -> None:
    assert first_keyword(sql) == keyword


def test_a_failed_commit_of_a_lone_write_leaves_no_transaction_open(tmp_path: Path) -> None:
    """Found in review: the commit after a write outside a transaction can fail (here a
    deferred foreign key; on a share, a busy file). Left open, the transaction would swallow
    every later save: the next atomic() would only nest a savepoint inside it."""
    conn = sqlite3.connect(tmp_path / "t.db")
    conn.execute("PRAGMA foreign_keys = ON")
    db = Database(conn)
    for statement in SCHEMA:
        db.execute(statement)
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        db.execute("INSERT INTO visits (person_id) VALUES (99)")
    assert not conn.in_transaction
    with db.atomic():
        db.execute("INSERT INTO people (name) VALUES ('Ann')")
    assert _names(tmp_path / "t.db") == ["Ann"]  # committed, where another program sees it
    conn.close()
