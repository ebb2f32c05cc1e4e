"""Opening a register file: refuse what is not ours or is too new, then bring the schema up.

Every connection turns foreign keys on (sqlite-utils does not). The rollback journal is kept
(not WAL): councils put files on network shares, where WAL is unsafe.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from pf_register.errors import NotARegisterError, RegisterFileError, SchemaTooNewError
from pf_register.schema import KNOWN_MIGRATIONS, MIGRATION_SET, SCHEMA_VERSION, migrations

# "PFRG": marks a SQLite file as a pf_register register (PRAGMA application_id).
APPLICATION_ID = 0x50465247
BUSY_TIMEOUT_MS = 5000


def _connect(path: Path) -> Database:
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise RegisterFileError(f"Cannot open {path}: {exc}") from None
    db = Database(conn, execute_plugins=False)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError:
        conn.close()
        raise NotARegisterError(
            f"{path} is not a pf_register register (it is not a SQLite database). "
            "Choose the register file with --db, or a new file name to start one."
        ) from None
    return db


def _check_is_ours(db: Database, path: Path) -> bool:
    """True for a new, empty file; raise for someone else's database or a newer register."""
    app_id = db.execute("PRAGMA application_id").fetchone()[0]
    version = db.execute("PRAGMA user_version").fetchone()[0]
    has_tables = bool(db.table_names())
    if app_id == 0 and not has_tables:
        return True
    if app_id != APPLICATION_ID:
        raise NotARegisterError(
            f"{path} is a database, but not a pf_register register. "
            "Choose the register file with --db, or a new file name to start one."
        )
    applied = {m.name for m in migrations.applied(db)}
    unknown = applied - KNOWN_MIGRATIONS
    if version > SCHEMA_VERSION or unknown:
        # Name the unknown migrations: with only those to go on, "schema 1; this program
        # knows up to 1" would contradict itself.
        steps = f"; unknown migrations: {', '.join(sorted(unknown))}" if unknown else ""
        raise SchemaTooNewError(
            f"{path} was written by a newer version of pf_register (schema {version}{steps}; "
            f"this program knows up to {SCHEMA_VERSION}). Update pf_register to open it; the "
            "file has not been changed."
        )
    return False


def open_database(path: Path, *, create: bool) -> Database:
    """Open the register at ``path``, creating it if ``create``, and apply pending migrations."""
    if path.is_dir():
        raise RegisterFileError(f"{path} is a folder; give the path of a register file")
    if not path.exists():
        if not create:
            raise RegisterFileError(
                f"No register at {path}. Check the path, or start one with "
                f"'pf-register demo --db {path}' or by opening it in the app."
            )
        if not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
    db = _connect(path)
    try:
        is_new = _check_is_ours(db, path)
        if is_new and not create:
            raise NotARegisterError(f"{path} is an empty file, not a pf_register register.")
        _migrate(db)
    except BaseException:
        db.close()
        raise
    return db


def _migrate(db: Database) -> None:
    if not migrations.pending(db):
        return
    with db.atomic():
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        migrations.apply(db)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def schema_version(db: Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


__all__ = ["APPLICATION_ID", "MIGRATION_SET", "open_database", "schema_version"]
