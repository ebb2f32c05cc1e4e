"""Backups of the register through SQLite's online backup API, and restoring one.

A backup is a consistent copy of the whole file made while it is open (``Connection.backup``),
written under a temporary name, checked (``integrity_check``), then renamed into the backup
folder (the ``backup_folder`` setting, beside the register by default) as
``<name>-YYYY-MM-DD-HHMMSS.db``, readable by its owner only. The app makes one when it opens a
register, at most once a day; ``pf-register backup`` makes one on demand. Old backups are
pruned: the latest of each of the last ``backup_daily`` days and of each of the last
``backup_monthly`` months are kept.

A restore checks the backup first (a SQLite file that passes ``integrity_check`` and
``foreign_key_check``, a pf_register register, not newer than this program), refuses while
someone else has the register open, keeps the file it replaces as
``<name>-replaced-YYYY-MM-DD-HHMMSS.db`` in the backup folder (never pruned), and replaces
the register in one rename. Erasures of personal data recorded in the file it replaces are
made again in the restored copy before that rename (``privacy.reapply_erasures``), so a
restore never brings back data the council erased; if that fails, nothing is replaced.
``RestoreWork`` splits a restore in two, so that the app makes the new file ready on a worker
while the register is still open, and only the rename waits for it to be closed.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pf_register.errors import (
    NotARegisterError,
    RegisterError,
    RegisterFileError,
    SchemaTooNewError,
    StorageError,
)
from pf_register.register import Register
from pf_register.storage import APPLICATION_ID, SCHEMA_VERSION, storage_failure

if TYPE_CHECKING:  # the erasure code is read when a backup is restored, not at start
    from pf_register.privacy import ReapplyResult, RecordedErasure

_STAMP = "%Y-%m-%d-%H%M%S"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{4}-\d{2}-\d{2}-\d{6})(?:-\d+)?\.db$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made: datetime  # local time, from the file name
    size: int


def backup_folder(register: Register) -> Path:
    folder = Path(register.settings.backup_folder).expanduser()
    return folder if folder.is_absolute() else register.path.parent / folder


def list_backups(register: Register) -> list[BackupInfo]:
    """This register's backups, newest first."""
    return _backups_in(backup_folder(register), register.path.stem)


def _backups_in(folder: Path, stem: str) -> list[BackupInfo]:
    found: list[BackupInfo] = []
    if not folder.is_dir():
        return found
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match is None or match["stem"] != stem or not path.is_file():
            continue
        try:
            made = datetime.strptime(match["stamp"], _STAMP)
            found.append(BackupInfo(path, made, path.stat().st_size))
        except (ValueError, OSError):
            continue
    return sorted(found, key=lambda b: (b.made, b.path.name), reverse=True)


def last_backup(register: Register) -> BackupInfo | None:
    found = list_backups(register)
    return found[0] if found else None


def _copying(path: Path, *, read_only: bool) -> sqlite3.Connection:
    """A connection of its own to ``path`` for copying or checking it, with a small page
    cache: they read each page about once, and SQLite's default 2 MiB per connection was
    ~3.5 MiB of the app's peak memory during a backup, for no speed."""
    if read_only:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    else:
        conn = sqlite3.connect(str(path))
    conn.execute("PRAGMA cache_size = -256")  # KiB
    return conn


def _private_file(path: Path) -> None:
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def _fsync(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def make_backup(register: Register, *, now: datetime | None = None) -> BackupInfo:
    """Copy the open register into the backup folder now; prune old backups. Returns it."""
    now = (now or datetime.now()).replace(microsecond=0)
    target = _write_backup(register.db.conn, register.path, backup_folder(register), now)
    prune_backups(register, keep=target)
    return BackupInfo(target, now, target.stat().st_size)


def _write_backup(
    source: sqlite3.Connection, register_path: Path, folder: Path, now: datetime
) -> Path:
    """Copy ``source`` (the register at ``register_path``) into ``folder``; the backup's path."""
    stem = register_path.stem
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        # The name is claimed by creating its ".part" in one step: two backups made in one
        # second (the day's, one asked for, the command line's) take a name each, and
        # neither deletes the other's copy while it is written (a ".part" left by a crash
        # only costs its name).
        target = _claimed(folder, f"{stem}-{now.strftime(_STAMP)}", _claim_backup)
        partial = _part(target)
    except OSError as exc:
        raise StorageError(
            f"Cannot write a backup to {folder}: {exc.strerror or exc}. Check the backup_folder "
            "setting and that you can write to that folder."
        ) from None
    try:
        dest = _copying(partial, read_only=False)
        try:
            # In steps of 256 pages: the read lock is let go between them, so a save made
            # meanwhile (the app backs up while the officer works) does not wait for the whole
            # copy; a change by another connection restarts the copy, which stays consistent.
            source.backup(dest, pages=256)
            ok = dest.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        finally:
            dest.close()
        if not ok:
            raise StorageError(f"The backup of {register_path} failed its check; it was not kept.")
        _fsync(partial)
        os.replace(partial, target)
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise storage_failure(exc, register_path) from None
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(
            f"Cannot write a backup to {folder}: {exc.strerror or exc}. Nothing else changed."
        ) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def backup_if_due(register: Register, *, now: datetime | None = None) -> BackupInfo | None:
    """The automatic backup: make one unless one was already made today."""
    now = now or datetime.now()
    last = last_backup(register)
    if last is not None and last.made.date() == now.date():
        return None
    return make_backup(register, now=now)


@dataclass
class BackupWork:
    """A backup for another thread (a county's register takes about a second).

    ``run()``, on any one thread, copies the file through a read-only connection of its own
    (SQLite's backup API copies one consistent snapshot; a write meanwhile waits for it, as
    for any reader), checks the copy, then prunes old backups as ``make_backup`` does. The
    owner shows ``made`` or ``error``; nothing is raised.
    """

    path: Path  # the register
    folder: Path
    daily: int
    monthly: int
    now: datetime
    made: BackupInfo | None = None
    error: Exception | None = None

    def run(self) -> None:
        try:
            try:
                source = _copying(self.path, read_only=True)
            except sqlite3.Error as exc:
                raise storage_failure(exc, self.path) from None
            try:
                target = _write_backup(source, self.path, self.folder, self.now)
            finally:
                source.close()
            backups = _backups_in(self.folder, self.path.stem)
            _prune(backups, backups_to_keep(backups, self.daily, self.monthly) | {target})
            self.made = BackupInfo(target, self.now, target.stat().st_size)
        except Exception as exc:  # reported by the owner, on its own thread
            self.error = exc


def automatic_backup(register: Register, *, now: datetime | None = None) -> BackupWork | None:
    """The automatic backup as work for another thread (``BackupWork``), unless one was
    already made today (then None)."""
    now = (now or datetime.now()).replace(microsecond=0)
    last = last_backup(register)
    if last is not None and last.made.date() == now.date():
        return None
    return backup_work(register, now=now)


def backup_work(register: Register, *, now: datetime | None = None) -> BackupWork:
    """A backup made now (``make_backup``) as work for another thread (``BackupWork``)."""
    now = (now or datetime.now()).replace(microsecond=0)
    settings = register.settings
    return BackupWork(
        register.path, backup_folder(register), settings.backup_daily, settings.backup_monthly, now
    )


def backups_to_keep(backups: list[BackupInfo], daily: int, monthly: int) -> set[Path]:
    """The latest backup of each of the ``daily`` most recent days and of each of the
    ``monthly`` most recent months that have one."""
    keep: set[Path] = set()
    days: set[object] = set()
    months: set[object] = set()
    for backup in sorted(backups, key=lambda b: (b.made, b.path.name), reverse=True):
        day = backup.made.date()
        month = (day.year, day.month)
        if day not in days and len(days) < daily:
            days.add(day)
            keep.add(backup.path)
        if month not in months and len(months) < monthly:
            months.add(month)
            keep.add(backup.path)
    return keep


def prune_backups(register: Register, keep: Path | None = None) -> list[Path]:
    """Delete backups beyond the daily and monthly counts; returns what was deleted."""
    backups = list_backups(register)
    settings = register.settings
    kept = backups_to_keep(backups, settings.backup_daily, settings.backup_monthly)
    if keep is not None:
        kept.add(keep)
    return _prune(backups, kept)


def _prune(backups: list[BackupInfo], kept: set[Path]) -> list[Path]:
    removed: list[Path] = []
    for backup in backups:
        if backup.path not in kept:
            try:
                backup.path.unlink()
                removed.append(backup.path)
            except OSError:
                continue
    return removed


# ---------------------------------------------------------------------------- restore
def check_backup(path: Path) -> int:
    """Raise unless ``path`` is a sound register this program can open; returns its schema
    version. Reads only: the file is opened read-only."""
    if not path.is_file():
        raise RegisterFileError(f"No backup at {path}")
    try:
        conn = _copying(path, read_only=True)
    except sqlite3.Error as exc:
        raise storage_failure(exc, path) from None
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if app_id != APPLICATION_ID:
            raise NotARegisterError(
                f"{path} is not a pf_register register, so it was not restored. Choose one of "
                "the register's backups."
            )
        if version > SCHEMA_VERSION:
            raise SchemaTooNewError(
                f"{path} was written by a newer version of pf_register (schema {version}; this "
                f"program knows up to {SCHEMA_VERSION}); update pf_register to restore it."
            )
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise StorageError(
                f"{path} is damaged ({problems[0]}), so it was not restored; choose an earlier "
                "backup."
            )
        if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
            raise StorageError(
                f"{path} has records that refer to missing ones, so it was not restored; "
                "choose an earlier backup."
            )
    except sqlite3.DatabaseError as exc:
        raise NotARegisterError(
            f"{path} is not a readable pf_register register ({exc}), so it was not restored."
        ) from None
    finally:
        conn.close()
    return version


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    register: Path
    replaced_copy: Path | None  # where the file it replaced was kept (None: there was none)
    # References of the cases erased in the replaced file and erased again in the restored
    # one; of those, the ones still open in the backup.
    erased_again: tuple[str, ...] = ()
    still_open: tuple[str, ...] = ()
    # Why the erasures made after the backup could not be checked (None: they were).
    erasures_unchecked: str | None = None

    def erasure_lines(self) -> list[str]:
        """What the officer is told about erasures: references only, never names."""
        lines: list[str] = []
        count = len(self.erased_again)
        if count:
            cases = "erased case was" if count == 1 else "erased cases were"
            lines.append(
                f"{count} {cases} erased again: {', '.join(self.erased_again)} (their personal "
                "data was erased after the backup was made)."
            )
        if self.still_open:
            lines.append(
                f"Still open in the backup, though erased: {', '.join(self.still_open)}; record "
                "the ending again."
            )
        if self.erasures_unchecked is not None:
            lines.append(
                f"Erasures made after the backup could not be checked: "
                f"{self.erasures_unchecked}. If a case's personal data was erased since the "
                "backup was made, it is back: run 'pf-register retention' (or open File > Cases "
                "due for review), review the ended cases and erase those cases again."
            )
        return lines


def _erasures_to_keep(register_path: Path) -> tuple[list[RecordedErasure], str | None]:
    """The erasures recorded in the register a restore replaces, and why they could not all
    be read (None: they could). A damaged file (the usual reason for a restore) gives what
    could be read and the reason."""
    if not register_path.is_file():
        return [], f"there was no register at {register_path}"
    journal = register_path.with_name(register_path.name + "-journal")
    if journal.exists():
        # A crashed writer's journal (a usual reason to restore): read-only, SQLite cannot
        # roll it back and refuses to read. Read a private copy, where it can.
        try:
            with tempfile.TemporaryDirectory(prefix="pf-register-") as folder:
                copy = Path(folder) / register_path.name
                shutil.copyfile(register_path, copy)
                shutil.copyfile(journal, copy.with_name(copy.name + "-journal"))
                return _erasures_in(copy, read_only=False)
        except OSError as exc:
            return [], f"the register it replaced could not be read ({exc})"
    return _erasures_in(register_path, read_only=True)


def _erasures_in(path: Path, *, read_only: bool) -> tuple[list[RecordedErasure], str | None]:
    try:
        conn = _copying(path, read_only=read_only)
    except sqlite3.Error as exc:
        return [], f"the register it replaced could not be read ({exc})"
    try:
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            return [], "the file it replaced was not a pf_register register"
        from pf_register.privacy import recorded_erasures

        found = recorded_erasures(conn)
        problems = [r[0] for r in conn.execute("PRAGMA quick_check(1)")]
        if problems != ["ok"]:
            return found, f"the register it replaced is damaged ({problems[0]})"
        return found, None
    except sqlite3.Error as exc:
        return [], f"the register it replaced could not be read ({exc})"
    finally:
        conn.close()


def restore_backup(
    backup: Path,
    register_path: Path,
    *,
    backups: Path | None = None,
    now: datetime | None = None,
    user: str | None = None,
) -> RestoreResult:
    """Replace the register at ``register_path`` with ``backup`` after checking it, keeping
    the replaced file in ``backups`` (default: the ``backups`` folder beside the register).

    The personal data of cases erased in the replaced file is erased again in the restored
    copy (audited under ``user``, by default the operating-system user) before it replaces
    the register; if that fails, the register is not replaced. If the replaced file cannot
    be read, the restore goes ahead and the result says so (``erasures_unchecked``).

    The register must not be open for changes anywhere else (its presence file is checked);
    the caller closes its own connection first. ``RestoreWork`` does the same in two steps,
    the slow one on another thread while the register is still open."""
    work = RestoreWork(backup, register_path, backups=backups, now=now, user=user)
    work.prepare()
    result = work.finish()
    work.let_go()
    return result


@dataclass(frozen=True)
class _Prepared:
    staging: Path  # the checked copy of the backup, erasures made again, beside the register
    kept: Path | None  # a copy of the register on another drive (None: kept in ``finish``)
    reapplied: ReapplyResult | None
    unchecked: str | None
    seen: tuple[int, int, bytes] | None  # the register's ``_fingerprint`` when it was read


class RestoreWork:
    """A restore in two steps, so the slow one can run off the GUI thread while the register
    stays open, and in use, where it is.

    ``run()`` (on any thread; an error is kept in ``error``, nothing is raised) or
    ``prepare()`` (raises ``RegisterError``) checks the backup, copies it beside the register
    and erases again in that copy the cases erased since the backup was made: about a second
    for a county's register. ``finish()``, once this process has closed its connections to
    the register (on Windows an open file cannot be replaced), keeps the register in the
    backup folder (a second name for its file; a copy, made by ``prepare``, on another drive)
    and renames the new file over it in one step, unless the register was written to since
    ``prepare`` read it or someone else has opened it: then nothing is replaced. ``let_go()``
    then frees what needs freeing (on any thread: for a large file that takes longer than a
    window may stop answering). ``discard()`` drops a prepared restore that will not be
    finished."""

    def __init__(
        self,
        backup: Path,
        register_path: Path,
        *,
        backups: Path | None = None,
        now: datetime | None = None,
        user: str | None = None,
    ) -> None:
        self.backup = Path(backup).expanduser()
        self.register_path = Path(register_path).expanduser()
        self.folder = backups or self.register_path.parent / "backups"
        self.now = (now or datetime.now()).replace(microsecond=0)
        self.user = user
        self.error: Exception | None = None
        self._prepared: _Prepared | None = None
        self._held: Path | None = None  # the replaced file's name beside it, until let go
        self.replaced = False  # ``finish`` renamed the new file over the register

    def run(self) -> None:
        try:
            self.prepare()
        except Exception as exc:  # reported by the owner, on its own thread
            self.error = exc

    def prepare(self) -> None:
        backup, register_path = self.backup, self.register_path
        check_backup(backup)
        if register_path.resolve() == backup.resolve():
            raise RegisterError("That backup is the register itself; choose a backup file.")
        _refuse_if_open_elsewhere(register_path)
        staging = register_path.with_name(register_path.name + ".restoring")
        kept: Path | None = None
        try:
            _held_name(register_path).unlink(missing_ok=True)  # left by a restore cut short
            seen = _fingerprint(register_path)
            erasures, unchecked = _erasures_to_keep(register_path)
            staging.unlink(missing_ok=True)
            _private_file(staging)
            source = _copying(backup, read_only=True)
            try:
                dest = _copying(staging, read_only=False)
                try:
                    source.backup(dest)
                finally:
                    dest.close()
            finally:
                source.close()
            reapplied = _reapply(staging, erasures, backup, register_path, self.user)
            _fsync(staging)
            # Where the backup folder can hold a second name for the register's file, the
            # register is kept that way in ``finish``: nothing copied (a stress register's
            # copy took 2.4 s) and made only once the register is closed (on Windows a name
            # of an open file cannot be removed, should the restore be refused). Else now.
            if seen is not None and not _links_work(staging, self.folder):
                kept = _copy_kept(register_path, self.folder, self.now)
        except (OSError, sqlite3.Error) as exc:
            _discard(staging, kept)
            raise self._failed(exc) from None
        except BaseException:
            _discard(staging, kept)
            raise
        self._prepared = _Prepared(staging, kept, reapplied, unchecked, seen)

    def finish(self) -> RestoreResult:
        """Put the prepared copy in place of the register (``prepare`` first). Raises
        ``RegisterError``; if ``replaced`` is then True, the register was restored but the
        old journal beside it could not be removed (open it only once it is)."""
        prepared = self._prepared
        if prepared is None:
            raise RuntimeError("prepare() the restore before finishing it")
        self._prepared = None
        register_path, staging = self.register_path, prepared.staging
        kept, held = prepared.kept, None
        try:
            _refuse_if_open_elsewhere(register_path)
            if _fingerprint(register_path) != prepared.seen:
                raise RegisterError(
                    f"{register_path.name} was changed while the backup was being made ready, "
                    "so it was not replaced: nothing was changed. Restore again."
                )
            if prepared.seen is not None and kept is None:
                kept = _link_kept(register_path, self.folder, self.now)
            elif kept is not None:
                # A copy on another drive: a second name beside the register keeps the
                # rename from freeing the file (~0.2 s per GB); ``let_go`` frees it.
                held = _hold(register_path)
            os.replace(staging, register_path)
        except (OSError, sqlite3.Error) as exc:
            _discard(staging, kept, held)
            raise self._failed(exc) from None
        except BaseException:
            _discard(staging, kept, held)
            raise
        self.replaced = True
        self._held = held
        journal = register_path.with_name(register_path.name + "-journal")
        try:  # never let the replaced file's journal (left by a crash) roll into this one
            journal.unlink(missing_ok=True)
        except OSError as exc:
            raise StorageError(
                f"{register_path.name} was restored from {self.backup.name}, but the journal "
                f"{journal.name} left beside it by the file it replaced could not be removed "
                f"({exc.strerror or exc}). Remove it before the register is opened again; the "
                f"replaced file and its journal are kept as {kept}."
            ) from None
        reapplied = prepared.reapplied
        return RestoreResult(
            self.backup,
            register_path.resolve(),
            kept,
            tuple(reapplied.erased_again) if reapplied else (),
            tuple(reapplied.still_open) if reapplied else (),
            prepared.unchecked,
        )

    def let_go(self) -> None:
        """After ``finish``: free the replaced file (its last name: ~0.2 s for a 1 GB file)."""
        held, self._held = self._held, None
        if held is not None:
            with suppress(OSError):  # left, it only costs space: the next restore removes it
                held.unlink(missing_ok=True)

    def discard(self) -> None:
        """Drop a prepared restore: its copy of the backup, and its copy of the register."""
        prepared, self._prepared = self._prepared, None
        if prepared is not None:
            _discard(prepared.staging, prepared.kept)

    def _failed(self, exc: OSError | sqlite3.Error) -> StorageError:
        words = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return StorageError(
            f"Could not restore {self.register_path} from {self.backup}: {words}. The register "
            "was not replaced."
        )


def _refuse_if_open_elsewhere(register_path: Path) -> None:
    from pf_register.locking import holder

    other = holder(register_path)
    if other is not None:
        raise RegisterError(
            f"{other.describe()} has {register_path.name} open; ask them to close it, then "
            "restore again. Nothing was changed."
        )


def _held_name(register_path: Path) -> Path:
    return register_path.with_name(register_path.name + ".before-restore")


def _hold(register_path: Path) -> Path | None:
    """A second name for the register's file, so that renaming the restored copy over it
    only drops a name: freeing a large file's space took the rename ~0.2 s per GB (on the
    GUI thread); ``let_go`` frees it elsewhere. None where the file system has no hard links
    (the rename then frees it)."""
    held = _held_name(register_path)
    try:
        os.link(register_path, held)
    except OSError:
        return None
    return held


def _fingerprint(path: Path) -> tuple[int, int, bytes] | None:
    """What any write to the register changes: SQLite's file change counter (header bytes
    24-27, moved by every commit in rollback-journal mode), with its size, and the file
    itself (its inode: another program may have put a new file there). Not its time: on
    Windows, closing a handle that wrote can move it. None: there is no register."""
    try:
        with open(path, "rb") as file:
            header = file.read(28)
            found = os.fstat(file.fileno())
    except FileNotFoundError:
        return None
    return found.st_size, found.st_ino, header[24:28]


def _names(folder: Path, base: str) -> Iterator[Path]:
    """``base.db`` in ``folder``, then ``base-1.db``, ``base-2.db``…: the caller claims the
    first it can create (two made in one second each take their own)."""
    yield folder / f"{base}.db"
    for counter in itertools.count(1):
        yield folder / f"{base}-{counter}.db"


def _claimed(folder: Path, base: str, claim: Callable[[Path], None]) -> Path:
    """The first of ``_names(folder, base)`` that ``claim`` takes: it makes something for the
    name in one step, or raises ``FileExistsError`` if another has it."""
    for path in _names(folder, base):
        try:
            claim(path)
        except FileExistsError:
            continue
        return path
    raise AssertionError("unreachable: _names never ends")


def _part(target: Path) -> Path:
    return target.with_name(target.name + ".part")


def _claim_backup(target: Path) -> None:
    """A backup's name is claimed by creating its ".part"."""
    if target.exists():
        raise FileExistsError(target)
    _private_file(_part(target))


def _links_work(source: Path, folder: Path) -> bool:
    """Whether ``folder`` can hold a second name (a hard link) for a file beside ``source``:
    not on another drive, nor on a file system without hard links."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    probe = folder / f".{source.name}-{os.getpid()}.link-test"
    try:
        probe.unlink(missing_ok=True)
        os.link(source, probe)
    except OSError:
        return False
    with suppress(OSError):
        probe.unlink()
    return True


def _kept_base(register_path: Path, now: datetime) -> str:
    return f"{register_path.stem}-replaced-{now.strftime(_STAMP)}"


def _link_kept(register_path: Path, folder: Path, now: datetime) -> Path:
    """The register about to be replaced, kept in ``folder`` as a second name for its own
    file (with its journal, if a crash left one): nothing is copied, and the rename over the
    register frees nothing."""
    base = _kept_base(register_path, now)
    kept = _claimed(folder, base, lambda name: os.link(register_path, name))
    _keep_journal(register_path, kept)
    return kept


def _copy_kept(register_path: Path, folder: Path, now: datetime) -> Path:
    """The register about to be replaced, copied into ``folder`` (with its journal, if a
    crash left one); a copy that fails part way is not left."""
    kept = _claimed(folder, _kept_base(register_path, now), _private_file)
    try:
        shutil.copyfile(register_path, kept)
        _keep_journal(register_path, kept)
    except BaseException:
        _discard_kept(kept)
        raise
    return kept


def _keep_journal(register_path: Path, kept: Path) -> None:
    journal = register_path.with_name(register_path.name + "-journal")
    if journal.exists():  # a crashed writer's journal belongs with the file it was for
        shutil.copyfile(journal, kept.with_name(kept.name + "-journal"))


def _discard(staging: Path, kept: Path | None, held: Path | None = None) -> None:
    """After a refused restore: the half-made copy, the kept copy of a register that was not
    replaced (the same as the register, and one copy fewer of its personal data) and the
    register's second name (``_hold``: only a name, the register stays). What cannot be
    removed (on Windows, a name of a file someone has open) stays: the error that refused
    the restore is the one to tell."""
    for path in (staging, staging.with_name(staging.name + "-journal"), held):
        if path is not None:
            with suppress(OSError):
                path.unlink(missing_ok=True)
    if kept is not None:
        _discard_kept(kept)


def _discard_kept(kept: Path) -> None:
    for path in (kept, kept.with_name(kept.name + "-journal")):
        with suppress(OSError):
            path.unlink(missing_ok=True)


def _reapply(
    staging: Path,
    erasures: list[RecordedErasure],
    backup: Path,
    register_path: Path,
    user: str | None,
) -> ReapplyResult | None:
    """Erase again in the restored copy (``staging``, not yet the register) the cases erased
    in the register it is to replace; then check the copy. Raises ``StorageError`` (the
    register is then not replaced) if any of it fails. None: there was nothing to erase."""
    if not erasures:
        return None
    count = len(erasures)
    what = f"{count} erased case{'' if count == 1 else 's'}"
    try:
        with Register.open(staging, user=user) as restored:
            from pf_register.privacy import reapply_erasures

            result = reapply_erasures(restored, erasures, backup.name)
        conn = sqlite3.connect(str(staging))
        try:
            ok = [r[0] for r in conn.execute("PRAGMA quick_check(1)")] == ["ok"]
        finally:
            conn.close()
        if not ok:
            raise StorageError("the restored copy failed its check after erasing")
    except (RegisterError, sqlite3.Error) as exc:
        raise StorageError(
            f"Could not restore {register_path} from {backup}: the personal data of {what} "
            f"erased since the backup was made could not be erased again in it ({exc}). The "
            "register was not replaced: it is as it was, and nothing was erased or brought "
            "back."
        ) from None
    return result


__all__ = [
    "BackupInfo",
    "BackupWork",
    "RestoreResult",
    "RestoreWork",
    "automatic_backup",
    "backup_folder",
    "backup_if_due",
    "backups_to_keep",
    "check_backup",
    "last_backup",
    "list_backups",
    "make_backup",
    "prune_backups",
    "restore_backup",
]
