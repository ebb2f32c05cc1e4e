"""Backups through SQLite's backup API, pruning, and restoring with checks first."""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import stat
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from pf_register import cli
from pf_register.backup import (
    BackupInfo,
    RestoreWork,
    automatic_backup,
    backup_if_due,
    backups_to_keep,
    check_backup,
    last_backup,
    list_backups,
    make_backup,
    restore_backup,
)
from pf_register.errors import (
    NotARegisterError,
    RegisterError,
    SchemaTooNewError,
    StorageError,
    ValidationError,
)
from pf_register.locking import lock_path
from pf_register.register import Register
from tests.core.conftest import open_register

NOW = datetime(2026, 6, 1, 9, 30, 0)
POSIX = os.name == "posix"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_a_backup_is_a_sound_copy_beside_the_register(
    register: Register, new_case: Callable[..., int]
) -> None:
    new_case()
    made = make_backup(register, now=NOW)
    assert made.path.parent == register.path.parent / "backups"
    assert made.path.name == "r-2026-06-01-093000.db"
    assert check_backup(made.path) >= 1
    with Register.open(made.path) as copy:
        assert copy.case_count() == 1
    assert last_backup(register) == made
    assert not list(made.path.parent.glob("*.part"))


def test_two_backups_in_one_second_each_take_a_name(register: Register) -> None:
    # Another backup of the same second is being written (its ".part" there): this one
    # takes the next name and leaves the other's copy alone.
    folder = register.path.parent / "backups"
    folder.mkdir()
    writing = folder / "r-2026-06-01-093000.db.part"
    writing.write_bytes(b"another backup being written")
    made = make_backup(register, now=NOW)
    assert made.path.name == "r-2026-06-01-093000-1.db"
    assert writing.read_bytes() == b"another backup being written"
    assert make_backup(register, now=NOW).path.name == "r-2026-06-01-093000-2.db"


@pytest.mark.skipif(not POSIX, reason="file modes are POSIX")
def test_register_backups_and_exports_are_readable_by_the_owner_only(
    register: Register, tmp_path: Path
) -> None:
    assert _mode(register.path) == 0o600
    made = make_backup(register, now=NOW)
    assert _mode(made.path) == 0o600
    assert _mode(made.path.parent) == 0o700
    out = tmp_path / "export.json"
    out.write_text("old")
    out.chmod(0o644)
    code, _, _ = _run("export", "register", "--db", str(register.path), "--out", str(out))
    assert code == 0 and _mode(out) == 0o600


def test_the_backup_folder_setting_moves_backups(register: Register, tmp_path: Path) -> None:
    register.update_settings(backup_folder=str(tmp_path / "elsewhere"))
    made = make_backup(register, now=NOW)
    assert made.path.parent == tmp_path / "elsewhere"
    register.update_settings(backup_folder="copies")
    assert make_backup(register, now=NOW).path.parent == register.path.parent / "copies"


@pytest.mark.parametrize(
    ("name", "value"),
    [("backup_daily", 0), ("backup_daily", 400), ("backup_monthly", -1), ("retention_years", 0)],
)
def test_backup_settings_are_bounded(register: Register, name: str, value: int) -> None:
    with pytest.raises(ValidationError) as info:
        register.update_settings(**{name: value})
    assert info.value.field == name


def test_the_automatic_backup_runs_at_most_once_a_day(register: Register) -> None:
    first = backup_if_due(register, now=NOW)
    assert first is not None
    assert backup_if_due(register, now=NOW + timedelta(hours=5)) is None
    assert backup_if_due(register, now=NOW + timedelta(days=1)) is not None
    assert len(list_backups(register)) == 2


def test_the_automatic_backup_as_work_for_another_thread(register: Register, case) -> None:  # type: ignore[no-untyped-def]
    """``automatic_backup`` (the app's daily backup, run on a worker thread with its own
    read-only connection): once a day, a sound copy, old ones pruned as ``make_backup`` does."""
    register.update_settings(backup_daily=2, backup_monthly=0)
    for days in (3, 2):
        make_backup(register, now=NOW - timedelta(days=days))
    work = automatic_backup(register, now=NOW)
    assert work is not None
    work.run()
    assert work.error is None and work.made is not None
    assert check_backup(work.made.path) >= 1
    with Register.open(work.made.path, read_only=True) as copy:
        assert copy.case_count() == register.case_count() == 1
    assert [b.made for b in list_backups(register)] == [NOW, NOW - timedelta(days=2)]
    assert automatic_backup(register, now=NOW + timedelta(hours=5)) is None


def test_a_failed_automatic_backup_is_reported_not_raised(register: Register) -> None:
    work = automatic_backup(register, now=NOW)
    assert work is not None
    work.folder.parent.mkdir(parents=True, exist_ok=True)
    work.folder.write_text("a file where the folder should be")
    work.run()
    assert work.made is None and isinstance(work.error, StorageError)
    assert "Cannot write a backup" in str(work.error)


def test_on_demand_backups_the_same_second_do_not_overwrite(register: Register) -> None:
    a = make_backup(register, now=NOW)
    b = make_backup(register, now=NOW)
    assert a.path != b.path and a.path.exists() and b.path.exists()


def _info(made: datetime) -> BackupInfo:
    return BackupInfo(Path(f"r-{made:%Y-%m-%d-%H%M%S}.db"), made, 1)


def test_keeps_the_latest_of_each_recent_day_and_month() -> None:
    start = datetime(2026, 1, 1, 8)
    backups = [_info(start + timedelta(days=d, hours=h)) for d in range(120) for h in (0, 3)]
    kept = backups_to_keep(backups, daily=3, monthly=4)
    names = sorted(p.name for p in kept)
    # The last three days (their later copy), and the last copy of each of four months.
    assert names == [
        "r-2026-01-31-110000.db",
        "r-2026-02-28-110000.db",
        "r-2026-03-31-110000.db",
        "r-2026-04-28-110000.db",
        "r-2026-04-29-110000.db",
        "r-2026-04-30-110000.db",
    ]


def test_pruning_deletes_only_what_the_settings_do_not_keep(register: Register) -> None:
    register.update_settings(backup_daily=2, backup_monthly=1)
    stray = register.path.parent / "backups" / "notes.txt"
    for day in range(5):
        make_backup(register, now=NOW + timedelta(days=day))
        stray.write_text("not a backup")
    names = [b.path.name for b in list_backups(register)]
    assert names == ["r-2026-06-05-093000.db", "r-2026-06-04-093000.db"]
    assert stray.exists()


def test_restore_brings_back_the_backup_and_keeps_the_replaced_file(
    register: Register, new_case: Callable[..., int]
) -> None:
    new_case()
    made = make_backup(register, now=NOW)
    new_case()
    path = register.path
    register.close()
    result = restore_backup(made.path, path, now=NOW + timedelta(hours=1))
    assert result.replaced_copy is not None
    assert result.replaced_copy.name == "r-replaced-2026-06-01-103000.db"
    with open_register(path) as again:
        assert again.case_count() == 1
    with open_register(result.replaced_copy) as old:
        assert old.case_count() == 2
    # The kept copy is never pruned as a backup.
    with open_register(path) as again:
        assert all("replaced" not in b.path.name for b in list_backups(again))


def test_a_restore_is_made_ready_while_the_register_stays_open(
    register: Register, new_case: Callable[..., int]
) -> None:
    """The slow step (``run``, for another thread) leaves the open register as it is; the
    rename (``finish``, after closing) is the only change to it."""
    new_case()
    made = make_backup(register, now=NOW)
    new_case()
    replaced_file = os.stat(register.path).st_ino
    work = RestoreWork(made.path, register.path, now=NOW + timedelta(hours=1))
    work.run()
    assert work.error is None
    assert register.case_count() == 2  # still open, still readable, still the same
    path = register.path
    register.close()
    result = work.finish()
    work.let_go()
    with open_register(path) as again:
        assert again.case_count() == 1
    assert result.replaced_copy is not None
    with open_register(result.replaced_copy) as old:
        assert old.case_count() == 2
    if POSIX:  # kept by a second name, not copied (a large register took seconds to copy)
        assert os.stat(result.replaced_copy).st_ino == replaced_file
        assert _mode(result.replaced_copy) == 0o600
    assert sorted(p.name for p in path.parent.iterdir() if p.is_file()) == [path.name]


@pytest.mark.skipif(not POSIX, reason="hard links as POSIX makes them")
def test_a_replaced_file_copied_to_another_drive_is_freed_off_the_rename(
    register: Register, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A backup folder on another drive cannot hold a second name for the register's file:
    it gets a copy, and the register a second name beside it, so the rename still only
    drops a name (freeing a large file took it ~0.2 s per GB, on the GUI thread) and
    ``let_go`` frees the file."""
    elsewhere = tmp_path / "other-drive"
    made = make_backup(register, now=NOW)
    link = os.link

    def across_drives(source: Path, target: Path) -> None:
        if Path(target).parent == elsewhere:
            raise OSError(18, "Invalid cross-device link")
        link(source, target)

    monkeypatch.setattr(os, "link", across_drives)
    replaced_file = os.stat(register.path).st_ino
    work = RestoreWork(made.path, register.path, backups=elsewhere, now=NOW + timedelta(hours=1))
    work.prepare()
    path = register.path
    register.close()
    result = work.finish()
    assert result.replaced_copy is not None
    assert result.replaced_copy.parent == elsewhere
    assert os.stat(result.replaced_copy).st_ino != replaced_file  # a copy
    held = path.with_name(path.name + ".before-restore")
    assert os.stat(held).st_ino == replaced_file  # the replaced file, still there
    work.let_go()
    assert not held.exists()


def test_a_restore_is_refused_if_the_register_was_written_to_meanwhile(
    register: Register, new_case: Callable[..., int]
) -> None:
    made = make_backup(register, now=NOW)
    work = RestoreWork(made.path, register.path, now=NOW + timedelta(hours=1))
    work.run()
    new_case()  # saved after the register was kept: the restore would lose it unkept
    _finish_is_refused(register, work, "was changed while the backup was being made ready")


def _finish_is_refused(register: Register, work: RestoreWork, match: str) -> None:
    """Closed, ``work.finish()`` refuses with ``match``: the register byte for byte as it
    was, and no copy left beside it or in the backup folder."""
    path = register.path
    register.close()
    before = path.read_bytes()
    with pytest.raises(RegisterError, match=match):
        work.finish()
    assert path.read_bytes() == before
    assert not list((path.parent / "backups").glob("*replaced*"))
    beside = {p.name for p in path.parent.iterdir() if p.name.startswith(path.name)}
    assert beside - {lock_path(path).name} == {path.name}


def test_a_restore_is_refused_if_someone_else_opened_the_register_meanwhile(
    register: Register,
) -> None:
    made = make_backup(register, now=NOW)
    work = RestoreWork(made.path, register.path, now=NOW + timedelta(hours=1))
    work.prepare()
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    presence = lock_path(register.path)
    presence.write_text(
        f'{{"user": "jo", "machine": "pc-elsewhere", "pid": 1, "since": "{now}", "seen": "{now}"}}'
    )
    _finish_is_refused(register, work, "jo on pc-elsewhere")


def test_a_restore_that_cannot_start_says_why_without_raising(
    register: Register, tmp_path: Path
) -> None:
    work = RestoreWork(tmp_path / "nothing.db", register.path)
    work.run()
    assert isinstance(work.error, RegisterError)
    with pytest.raises(RuntimeError):
        work.finish()  # nothing was made ready


def test_a_restore_made_ready_then_dropped_leaves_no_copies(register: Register) -> None:
    made = make_backup(register, now=NOW)
    before = register.path.read_bytes()
    work = RestoreWork(made.path, register.path, now=NOW + timedelta(hours=1))
    work.prepare()
    staging = register.path.with_name(register.path.name + ".restoring")
    assert staging.exists()
    work.discard()
    assert not staging.exists()
    assert not list((register.path.parent / "backups").glob("*replaced*"))
    assert register.path.read_bytes() == before


def test_a_register_only_touched_between_the_steps_is_still_restored(
    register: Register, new_case: Callable[..., int]
) -> None:
    """Found in review: the file's time moved without a save (Windows can move it when a
    handle that wrote is closed) refused every restore; only a save refuses one."""
    made = make_backup(register, now=NOW)
    new_case()
    work = RestoreWork(made.path, register.path, now=NOW + timedelta(hours=1))
    work.prepare()
    path = register.path
    register.close()
    later = path.stat().st_mtime + 60
    os.utime(path, (later, later))
    work.finish()
    with open_register(path) as again:
        assert again.case_count() == 0


def test_what_a_restore_cut_short_left_beside_the_register_is_removed_by_the_next(
    register: Register,
) -> None:
    made = make_backup(register, now=NOW)
    path = register.path
    left = path.with_name(path.name + ".before-restore")
    os.link(path, left) if POSIX else left.write_bytes(path.read_bytes())
    path.with_name(path.name + ".restoring").write_text("half a copy")
    work = RestoreWork(made.path, path, now=NOW + timedelta(hours=1))
    work.prepare()
    register.close()
    work.finish()
    work.let_go()
    assert sorted(p.name for p in path.parent.iterdir() if p.is_file()) == [path.name]


def test_a_copy_of_the_register_that_fails_part_way_is_not_left(
    register: Register, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in review: on a drive without hard links, a kept copy cut short by a full disk
    stayed in the backup folder, never pruned."""
    made = make_backup(register, now=NOW)
    elsewhere = tmp_path / "other-drive"

    def no_links(*args: object) -> None:
        raise OSError(18, "Invalid cross-device link")

    copy = shutil.copyfile

    def disk_full(source: Path, target: Path) -> Path:
        if Path(target).parent == elsewhere:
            Path(target).write_bytes(b"the first part of a register")
            raise OSError(28, "No space left on device")
        return copy(source, target)

    monkeypatch.setattr(os, "link", no_links)
    monkeypatch.setattr(shutil, "copyfile", disk_full)
    work = RestoreWork(made.path, register.path, backups=elsewhere, now=NOW)
    with pytest.raises(StorageError, match="No space left"):
        work.prepare()
    assert list(elsewhere.iterdir()) == []
    assert not register.path.with_name(register.path.name + ".restoring").exists()


def test_two_restores_in_one_second_each_keep_the_file_they_replaced(
    register: Register, new_case: Callable[..., int]
) -> None:
    made = make_backup(register, now=NOW)
    new_case()
    path = register.path
    register.close()
    first = restore_backup(made.path, path, now=NOW + timedelta(hours=1))
    second = restore_backup(made.path, path, now=NOW + timedelta(hours=1))
    assert first.replaced_copy is not None and second.replaced_copy is not None
    assert first.replaced_copy != second.replaced_copy
    with open_register(first.replaced_copy) as old:
        assert old.case_count() == 1  # the case saved after the backup is still kept
    with open_register(second.replaced_copy) as old:
        assert old.case_count() == 0
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(path.name)] == [path.name]


def _bad_backups(tmp_path: Path, good: Path) -> dict[str, tuple[Path, type[Exception]]]:
    not_sqlite = tmp_path / "notes.db"
    not_sqlite.write_bytes(b"Dear diary " * 500)
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    newer = tmp_path / "newer.db"
    newer.write_bytes(good.read_bytes())
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    return {
        "not sqlite": (not_sqlite, NotARegisterError),
        "truncated": (truncated, RegisterError),
        "newer": (newer, SchemaTooNewError),
        "foreign": (foreign, NotARegisterError),
        "missing": (tmp_path / "nothing.db", RegisterError),
    }


@pytest.mark.parametrize("kind", ["not sqlite", "truncated", "newer", "foreign", "missing"])
def test_restore_refuses_a_bad_backup_and_changes_nothing(
    register: Register, new_case: Callable[..., int], tmp_path: Path, kind: str
) -> None:
    new_case()
    for _ in range(30):  # enough pages that half a file is missing some
        new_case()
    good = make_backup(register, now=NOW).path
    path = register.path
    register.close()
    before = path.read_bytes()
    bad, error = _bad_backups(tmp_path, good)[kind]
    with pytest.raises(error):
        restore_backup(bad, path, now=NOW)
    assert path.read_bytes() == before
    assert not list((path.parent / "backups").glob("*replaced*"))
    code, out, err = _run("restore", str(bad), "--db", str(path))
    assert code == 1 and out == "" and err.count("\n") == 1, err
    assert path.read_bytes() == before


def test_restore_is_refused_while_someone_else_has_the_register_open(
    register: Register, tmp_path: Path
) -> None:
    good = make_backup(register, now=NOW).path
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    lock_path(register.path).write_text(
        f'{{"user": "jo", "machine": "pc-elsewhere", "pid": 1, "since": "{now}", "seen": "{now}"}}'
    )
    with pytest.raises(RegisterError, match="jo on pc-elsewhere"):
        restore_backup(good, register.path)


def test_cli_backup_and_restore(register: Register, new_case: Callable[..., int]) -> None:
    new_case()
    path = register.path
    code, out, err = _run("backup", "--db", str(path))
    assert code == 0, err
    made = list_backups(register)[0]
    assert str(made.path) in out
    new_case()
    register.close()
    code, out, err = _run("restore", str(made.path), "--db", str(path))
    assert code == 0, err
    assert "kept as" in out
    with open_register(path) as again:
        assert again.case_count() == 1


def test_cli_backup_into_a_folder_that_cannot_be_made(register: Register, tmp_path: Path) -> None:
    blocker = tmp_path / "file-in-the-way"
    blocker.write_text("x")
    register.update_settings(backup_folder=str(blocker / "sub"))
    register.close()
    code, _out, err = _run("backup", "--db", str(tmp_path / "r.db"))
    assert code == 1 and err.startswith("pf-register: Cannot write a backup")
    assert err.count("\n") == 1
    with open_register(tmp_path / "r.db") as again, pytest.raises(StorageError):
        make_backup(again)
