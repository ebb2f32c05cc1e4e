"""Opening a register file: refuse what is not ours or is too new, then bring the schema up.

Every connection turns foreign keys on (sqlite-utils does not). The rollback journal is kept
(not WAL): councils put files on network shares, where WAL is unsafe.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from pf_register.database import Database
from pf_register.errors import (
    NotARegisterError,
    RegisterFileError,
    SchemaTooNewError,
    StorageError,
)

# "PFRG": marks a SQLite file as a pf_register register (PRAGMA application_id).
APPLICATION_ID = 0x50465247
BUSY_TIMEOUT_MS = 5000

# The names of the migrations in ``schema.STEPS``, in order, and what follows from them. Kept
# here so that opening an up-to-date register only reads the names applied to the file:
# ``schema`` (with sqlite-utils, ~50 ms of the app's start) is imported only to create or
# upgrade one, and then checked against this list (``_migrate``), as the tests also do.
MIGRATION_SET = "pf_register"
MIGRATIONS = ("m001_initial", "m002_awareness", "m003_due_store")
SCHEMA_VERSION = len(MIGRATIONS)
KNOWN_MIGRATIONS = frozenset(MIGRATIONS)
MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite-utils' record of the migrations applied


def storage_failure(exc: sqlite3.Error, path: Path) -> RegisterFileError:
    """The officer's words for a SQLite failure: what is wrong and what to do. Nothing has been
    written when this is raised (the transaction was rolled back)."""
    text = str(exc).lower()
    if "not a database" in text:
        return NotARegisterError(
            f"{path} is not a pf_register register (it is not a SQLite database). "
            "Choose the register file with --db, or a new file name to start one."
        )
    if "locked" in text or "busy" in text:
        return StorageError(
            f"{path} is locked by another program that is writing to it. Nothing was saved; "
            "wait a moment and try again."
        )
    if "malformed" in text or "corrupt" in text:
        return StorageError(
            f"{path} is damaged ({exc}). It has not been changed. Run 'pf-register check', "
            "then restore the latest backup with 'pf-register restore'."
        )
    if "full" in text:
        return StorageError(
            f"The disk holding {path} is full. Nothing was saved; free some space and try again."
        )
    if "readonly" in text or "read-only" in text or "read only" in text:
        return StorageError(
            f"{path} cannot be written to (the file or its folder is read-only). Nothing was "
            "saved; ask for write access, or copy the register to a folder you can write to."
        )
    if "unable to open" in text:
        return StorageError(
            f"Cannot open {path}: the folder does not exist or cannot be written to. Check the "
            "path and your access to the folder."
        )
    if "i/o" in text or "disk" in text:
        return StorageError(
            f"Reading or writing {path} failed ({exc}); on a network drive, check the "
            "connection. Nothing was saved."
        )
    return StorageError(f"{path}: {exc}. Nothing was saved.")


def _connect(path: Path, *, read_only: bool = False) -> Database:
    try:
        if read_only:
            uri = f"{path.resolve().as_uri()}?mode=ro"
            conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        else:
            conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise storage_failure(exc, path) from None
    db = Database(conn)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if read_only:
            db.execute("PRAGMA query_only = ON")
        else:
            # What is deleted is overwritten, not left in free pages (which backups copy): a
            # name changed or erased, and the due lists kept for the next start, which hold
            # names and are emptied by the first change after it.
            db.execute("PRAGMA secure_delete = ON")
        db.execute("PRAGMA schema_version").fetchone()
    except sqlite3.Error as exc:
        conn.close()
        raise storage_failure(exc, path) from None
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
    unknown = set(applied_migrations(db)) - KNOWN_MIGRATIONS
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


def open_database(path: Path, *, create: bool, read_only: bool = False) -> Database:
    """Open the register at ``path``, creating it if ``create``, and apply pending migrations.

    A new file is created readable and writable by its owner only (mode 600 where the
    platform has it). ``read_only`` opens it without any write, and never migrates.
    """
    if path.is_dir():
        raise RegisterFileError(f"{path} is a folder; give the path of a register file")
    if not path.exists():
        if not create or read_only:
            raise RegisterFileError(
                f"No register at {path}. Check the path, or start a new register by opening "
                f"it in the app: pf-register --db {path}"
            )
        _create_private(path)
    _check_not_truncated(path)
    db = _connect(path, read_only=read_only)
    try:
        is_new = _check_is_ours(db, path)
        if is_new and not create:
            raise NotARegisterError(f"{path} is an empty file, not a pf_register register.")
        if read_only:
            if _pending(db):
                raise RegisterFileError(
                    f"{path} needs an upgrade to this version of pf_register, which cannot be "
                    "done while it is open read-only. Open it when no one else has it open."
                )
        else:
            _migrate(db)
    except sqlite3.Error as exc:
        db.close()
        raise storage_failure(exc, path) from None
    except BaseException:
        db.close()
        raise
    return db


def _check_not_truncated(path: Path) -> None:
    """Refuse a SQLite file shorter than its header says (a copy cut short, a failed
    transfer): SQLite itself would only notice when it reads a missing page."""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
        size = path.stat().st_size
    except OSError as exc:
        raise StorageError(f"Cannot read {path}: {exc.strerror or exc}") from None
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return  # empty (a new register) or not SQLite: _connect says which
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid = header[24:28] == header[92:96]  # the size field is trustworthy
    if valid and pages and size < pages * page_size:
        raise StorageError(
            f"{path} is damaged: it is shorter than it should be ({size} of "
            f"{pages * page_size} bytes), as if a copy was cut short. It has not been changed. "
            "Restore the latest backup with 'pf-register restore'."
        )


def _create_private(path: Path) -> None:
    """Create an empty file only its owner can read (SQLite then fills it in)."""
    try:
        if not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass
    except OSError as exc:
        raise StorageError(
            f"Cannot create {path}: {exc.strerror or exc}. Check that the folder exists and "
            "that you can write to it."
        ) from None


def applied_migrations(db: Database) -> list[str]:
    """The names of this program's migrations applied to the file, in the order applied (as
    sqlite-utils' ``Migrations.applied`` reads them). Reads only."""
    table = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE]
    ).fetchone()
    if table is None:
        return []
    return [
        r[0]
        for r in db.execute(
            f"SELECT name FROM [{MIGRATIONS_TABLE}] WHERE migration_set = ? ORDER BY rowid",
            [MIGRATION_SET],
        )
    ]


def _pending(db: Database) -> list[str]:
    applied = set(applied_migrations(db))
    return [name for name in MIGRATIONS if name not in applied]


def _migrate(db: Database) -> None:
    if not _pending(db):
        return
    # A new or older file: the migrations are written with sqlite-utils, on this connection.
    from sqlite_utils import Database as MigratingDatabase

    from pf_register.schema import STEPS, migrations

    if tuple(step.__name__ for step in STEPS) != MIGRATIONS or migrations.name != MIGRATION_SET:
        raise RuntimeError(
            "pf_register.storage.MIGRATIONS must name schema.STEPS, in order: "
            f"{[step.__name__ for step in STEPS]}"
        )
    migrating = MigratingDatabase(db.conn, execute_plugins=False)
    with db.atomic():
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        migrations.apply(migrating)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def schema_version(db: Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


__all__ = [
    "APPLICATION_ID",
    "KNOWN_MIGRATIONS",
    "MIGRATIONS",
    "MIGRATION_SET",
    "SCHEMA_VERSION",
    "applied_migrations",
    "open_database",
    "schema_version",
    "storage_failure",
]
