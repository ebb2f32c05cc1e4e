"""Opening register files: new files are created and migrated; anything that is not ours, or is
newer than this program, is refused without changing a byte; the schema guards case records."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from pf_register.errors import (
    NotARegisterError,
    RegisterError,
    RegisterFileError,
    SchemaTooNewError,
)
from pf_register.register import Register
from pf_register.schema import KNOWN_MIGRATIONS, MIGRATION_SET, SCHEMA_VERSION
from pf_register.storage import APPLICATION_ID, open_database, schema_version

CASE_TABLES = {
    "children",
    "people",
    "arrangements",
    "household_members",
    "parents",
    "notifications",
    "visits",
    "checks",
    "decisions",
    "settings",
    "audit_log",
}


def _files(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder`` with its bytes: catches changes and stray journal files."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _assert_refused_unchanged(
    path: Path, error: type[RegisterError], fragment: str, *, create: bool
) -> RegisterError:
    before = _files(path.parent)
    with pytest.raises(error) as info:
        Register.open(path, create=create, user="test-officer")
    assert fragment in str(info.value)
    assert str(path.name) in str(info.value)
    assert _files(path.parent) == before
    return info.value


# ------------------------------------------------------------------------- new registers
def test_new_register_has_schema_version_application_id_and_tables(register: Register) -> None:
    db = register.db
    assert schema_version(db) == SCHEMA_VERSION
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert set(db.table_names()) >= CASE_TABLES
    applied = {
        r[0]
        for r in db.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET]
        ).fetchall()
    }
    assert applied == KNOWN_MIGRATIONS


def test_new_register_is_empty(register: Register) -> None:
    assert register.case_count() == 0
    assert register.cases() == []
    assert register.audit_log() == []


def test_foreign_keys_are_on_for_a_new_and_a_reopened_register(db_path: Path) -> None:
    with Register.open(db_path, create=True, user="test-officer") as reg:
        assert reg.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with Register.open(db_path, user="test-officer") as reg:
        assert reg.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_rollback_journal_not_wal(register: Register) -> None:
    # Registers live on network shares, where WAL is unsafe.
    assert register.db.execute("PRAGMA journal_mode").fetchone()[0].lower() == "delete"


def test_create_makes_missing_parent_folders(tmp_path: Path) -> None:
    path = tmp_path / "team" / "2026" / "register.db"
    with Register.open(path, create=True, user="test-officer") as reg:
        assert reg.path == path.resolve()
    assert path.is_file()


def test_reopening_an_up_to_date_register_changes_nothing(db_path: Path) -> None:
    Register.open(db_path, create=True, user="test-officer").close()
    before = _files(db_path.parent)
    with Register.open(db_path, user="test-officer") as reg:
        assert reg.case_count() == 0
    assert _files(db_path.parent) == before


def test_cases_survive_close_and_reopen(db_path: Path, case_values) -> None:
    with Register.open(db_path, create=True, user="test-officer") as reg:
        arrangement_id = reg.record_new_case(**case_values())
    with Register.open(db_path, user="test-officer") as reg:
        assert reg.case_count() == 1
        assert reg.case(arrangement_id).child["first_name"] == "Tilly"


def test_open_database_creates_and_migrates(tmp_path: Path) -> None:
    db = open_database(tmp_path / "direct.db", create=True)
    try:
        assert schema_version(db) == SCHEMA_VERSION
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        db.close()


# ------------------------------------------------------------------------- refused files
def test_missing_file_without_create_is_refused_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "missing.db"
    with pytest.raises(RegisterFileError, match="No register at"):
        Register.open(path, user="test-officer")
    assert not path.exists()
    assert not path.parent.exists()


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RegisterFileError, match="is a folder"):
        Register.open(tmp_path, create=True, user="test-officer")


@pytest.mark.parametrize("create", [False, True])
@pytest.mark.parametrize(
    "content",
    [
        b"Name,Date of birth\nSomeone,2012-01-01\n" * 40,
        b"not a database",
        bytes(range(256)) * 16,
    ],
    ids=["csv", "short-text", "binary"],
)
def test_non_sqlite_file_is_refused_unchanged(tmp_path: Path, content: bytes, create: bool) -> None:
    path = tmp_path / "register.db"
    path.write_bytes(content)
    _assert_refused_unchanged(path, NotARegisterError, "not a SQLite database", create=create)
    assert path.read_bytes() == content


def test_empty_file_without_create_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    _assert_refused_unchanged(path, NotARegisterError, "not a pf_register register", create=False)
    assert path.read_bytes() == b""


@pytest.mark.parametrize("create", [False, True])
def test_another_apps_sqlite_file_is_refused_unchanged(
    tmp_path: Path, raw_sqlite, create: bool
) -> None:
    path = tmp_path / "contacts.db"
    conn = raw_sqlite(path)
    conn.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO contacts (name) VALUES ('Ione Pemberton-Vance')")
    conn.commit()
    conn.close()
    error = _assert_refused_unchanged(
        path, NotARegisterError, "is a database, but not a pf_register register", create=create
    )
    assert not isinstance(error, SchemaTooNewError)


def test_sqlite_file_with_another_application_id_is_refused(tmp_path: Path, raw_sqlite) -> None:
    path = tmp_path / "other.db"
    conn = raw_sqlite(path)
    conn.execute("PRAGMA application_id = 1234")
    conn.execute("CREATE TABLE children (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    _assert_refused_unchanged(path, NotARegisterError, "not a pf_register register", create=True)


@pytest.mark.parametrize("create", [False, True])
def test_newer_schema_version_is_refused_unchanged(
    db_path: Path, raw_sqlite, case_values, create: bool
) -> None:
    with Register.open(db_path, create=True, user="test-officer") as reg:
        reg.record_new_case(**case_values())
    conn = raw_sqlite(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    error = _assert_refused_unchanged(db_path, SchemaTooNewError, "newer version", create=create)
    assert f"schema {SCHEMA_VERSION + 1}" in str(error)
    assert "has not been changed" in str(error)
    assert isinstance(error, RegisterFileError)


def test_unknown_applied_migration_is_refused_unchanged(db_path: Path, raw_sqlite) -> None:
    Register.open(db_path, create=True, user="test-officer").close()
    conn = raw_sqlite(db_path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES (?, 'm999_from_the_future', '2030-01-01 00:00:00+00:00')",
        [MIGRATION_SET],
    )
    conn.commit()
    conn.close()
    error = _assert_refused_unchanged(db_path, SchemaTooNewError, "newer version", create=False)
    assert "m999_from_the_future" in str(error)


def test_migration_of_another_set_is_not_ours_to_judge(db_path: Path, raw_sqlite) -> None:
    # Another migration set in the same table (a plugin, say) does not make the file "newer".
    Register.open(db_path, create=True, user="test-officer").close()
    conn = raw_sqlite(db_path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('someone_else', 'm001_theirs', '2026-01-01 00:00:00+00:00')"
    )
    conn.commit()
    conn.close()
    with Register.open(db_path, user="test-officer") as reg:
        assert reg.case_count() == 0


# ------------------------------------------------------------------------- schema guards
def _write(reg: Register, sql: str, params: list[object] | None = None) -> None:
    """Raw SQL in a transaction of its own, as another tool on the file might run it."""
    with reg.db.atomic():
        reg.db.execute(sql, params or [])


def test_deleting_an_arrangement_is_refused_by_the_schema(register: Register, case, snap) -> None:
    before = snap(register)
    with pytest.raises(sqlite3.IntegrityError, match="ended, never deleted"):
        _write(register, "DELETE FROM arrangements WHERE id = ?", [case.arrangement])
    assert snap(register) == before


@pytest.mark.parametrize(
    ("table", "attr"),
    [("children", "child"), ("people", "carer"), ("people", "member_person")],
)
def test_deleting_a_person_in_a_case_is_refused_by_foreign_keys(
    register: Register, case, snap, table: str, attr: str
) -> None:
    before = snap(register)
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        _write(register, f"DELETE FROM {table} WHERE id = ?", [getattr(case, attr)])
    assert snap(register) == before


def test_a_row_pointing_at_no_arrangement_is_refused(register: Register) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        _write(
            register,
            "INSERT INTO visits (arrangement_id, visit_date, kind, child_seen)"
            " VALUES (999, '2026-05-05', 'initial', 1)",
        )
    assert register.db.execute("SELECT count(*) FROM visits").fetchone()[0] == 0


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_log SET user = 'someone-else'",
        "UPDATE audit_log SET after = NULL WHERE id = 1",
        "DELETE FROM audit_log",
        "DELETE FROM audit_log WHERE id = 1",
    ],
)
def test_the_audit_log_cannot_be_changed(register: Register, case, snap, sql: str) -> None:
    before = snap(register)
    assert before["audit_log"]
    with pytest.raises(sqlite3.IntegrityError, match="audit log cannot be changed"):
        _write(register, sql)
    assert snap(register) == before


def test_audit_action_must_be_insert_update_or_delete(register: Register) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        _write(
            register,
            "INSERT INTO audit_log (at, user, operation, table_name, row_id, action)"
            " VALUES ('2026-06-01T09:00:00+00:00', 'x', 'y', 'children', '1', 'upsert')",
        )


# ------------------------------------------------------------------------- migrations
def _at_migration_one(path: Path, raw_sqlite) -> None:  # type: ignore[no-untyped-def]
    """Make ``path`` a register as the first schema left it (the later steps not applied)."""
    Register.open(path, create=True, user="test-officer").close()
    conn = raw_sqlite(path)
    conn.execute("DROP TABLE enquiries")
    conn.execute("DROP TABLE activities")
    for (trigger,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_due_store'"
    ).fetchall():
        conn.execute(f"DROP TRIGGER {trigger}")
    conn.execute("DROP TABLE due_store")
    conn.execute(
        "DELETE FROM _sqlite_migrations WHERE migration_set = ? AND name != 'm001_initial'",
        [MIGRATION_SET],
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()


def test_storage_names_the_schemas_migrations_in_order() -> None:
    # storage decides "nothing to migrate" from its own list, without importing schema.
    from pf_register import schema, storage

    assert tuple(step.__name__ for step in schema.STEPS) == storage.MIGRATIONS
    assert schema.MIGRATION_SET == schema.migrations.name == storage.MIGRATION_SET
    assert storage.SCHEMA_VERSION == schema.SCHEMA_VERSION
    assert storage.KNOWN_MIGRATIONS == schema.KNOWN_MIGRATIONS


def test_an_older_register_is_migrated_when_opened(db_path: Path, raw_sqlite, case_values) -> None:  # type: ignore[no-untyped-def]
    _at_migration_one(db_path, raw_sqlite)
    with Register.open(db_path, user="test-officer") as reg:
        assert schema_version(reg.db) == SCHEMA_VERSION
        assert {"enquiries", "activities"} <= set(reg.db.table_names())
        applied = [
            r[0]
            for r in reg.db.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
                [MIGRATION_SET],
            )
        ]
        assert applied == ["m001_initial", "m002_awareness", "m003_due_store"]
        reg.record_new_case(**case_values())  # and it works
        assert not reg.db.conn.in_transaction


def test_an_older_register_opened_read_only_is_refused_unchanged(db_path: Path, raw_sqlite) -> None:  # type: ignore[no-untyped-def]
    _at_migration_one(db_path, raw_sqlite)
    before = _files(db_path.parent)
    with pytest.raises(RegisterFileError, match="needs an upgrade"):
        Register.open(db_path, user="test-officer", read_only=True)
    assert _files(db_path.parent) == before


def test_a_failed_migration_leaves_the_file_as_it_was(db_path: Path, raw_sqlite) -> None:  # type: ignore[no-untyped-def]
    _at_migration_one(db_path, raw_sqlite)
    conn = raw_sqlite(db_path)
    conn.execute("CREATE TABLE activities (id INTEGER PRIMARY KEY)")  # m002 then fails
    conn.commit()
    before = _files(db_path.parent)
    with pytest.raises(RegisterError, match=r"already exists\. Nothing was saved"):
        Register.open(db_path, user="test-officer")
    assert _files(db_path.parent) == before


def test_a_list_out_of_step_with_the_schema_is_refused(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # A migration added to schema.STEPS but not to storage.MIGRATIONS would never be applied
    # to an up-to-date file: creating any register says so at once.
    from pf_register import storage

    monkeypatch.setattr(storage, "MIGRATIONS", ("m001_initial",))
    with pytest.raises(RuntimeError, match=r"must name schema\.STEPS"):
        open_database(tmp_path / "new.db", create=True)


def test_opening_an_up_to_date_register_does_not_import_sqlite_utils(db_path: Path) -> None:
    """Importing the register and opening a file that needs no migration leaves sqlite-utils
    (and click, pluggy, dateutil's parser: ~50 ms of the app's start) unimported."""
    Register.open(db_path, create=True, user="test-officer").close()
    script = (
        "import sys\n"
        "from pf_register.register import Register\n"
        f"with Register.open({str(db_path)!r}, user='t') as reg:\n"
        "    reg.due()\n"
        "    reg.cases()\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('sqlite_utils', 'click', 'pluggy', 'dateutil'))\n"
        "print(heavy)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
