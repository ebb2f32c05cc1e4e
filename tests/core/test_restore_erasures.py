"""A restore never brings back personal data the council erased after the backup was made.

Every name here is fictional.
"""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from pf_register import cli, privacy
from pf_register.backup import BackupInfo, make_backup, restore_backup
from pf_register.errors import StorageError
from pf_register.loading import rows
from pf_register.privacy import ERASE_OPERATION, ERASED, due_for_review, erase_case, erasure
from pf_register.register import Register
from tests.core.conftest import USER, open_register

NOW = datetime(2026, 6, 1, 9, 30)
LATER = NOW + timedelta(hours=1)
SECRETS = ("Tilly", "Marchbank", "Quennell", "Imaginary Row", "CMS-77120")


def _end(register: Register, arrangement_id: int) -> None:
    register.end_arrangement(
        arrangement_id,
        {"end_date": "2026-05-25", "end_reason": "returned_to_parent", "end_notes": "Went home"},
    )


def _ended_case(new_case: Callable[..., int], register: Register) -> int:
    arrangement_id = new_case()
    _end(register, arrangement_id)
    return arrangement_id


def _two_erased_after_a_backup(
    register: Register, new_case: Callable[..., int]
) -> tuple[tuple[int, int], BackupInfo, Path]:
    """Two ended cases, backed up, then both erased; the register closed. The two ids, the
    backup and the register's path."""
    first, second = _ended_case(new_case, register), _ended_case(new_case, register)
    made = make_backup(register, now=NOW)
    erase_case(register, first, "retention review")
    erase_case(register, second, "retention review")
    register.close()
    return (first, second), made, register.path


def _erase_rows(register: Register, arrangement_id: int) -> list[dict[str, Any]]:
    return [
        {**dict(r), "after": json.loads(r["after"])}
        for r in rows(
            register.db,
            "SELECT * FROM audit_log WHERE operation = ? AND table_name = 'arrangements'"
            " AND row_id = ? AND before IS NULL ORDER BY id",
            [ERASE_OPERATION, str(arrangement_id)],
        )
    ]


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_a_case_erased_after_the_backup_is_erased_again(
    register: Register, new_case: Callable[..., int]
) -> None:
    first = _ended_case(new_case, register)
    made = make_backup(register, now=NOW)
    erase_case(register, first, "retention review 2032")
    original = erasure(register, first)
    assert original is not None
    path = register.path
    register.close()

    result = restore_backup(made.path, path, now=LATER, user="restoring-officer")

    assert result.erased_again == ("PF-2026-0001",)
    assert result.erasures_unchecked is None and result.still_open == ()
    assert result.erasure_lines() == [
        "1 erased case was erased again: PF-2026-0001 (their personal data was erased after "
        "the backup was made)."
    ]
    with open_register(path) as again:
        record = again.case(first)
        assert record.child["first_name"] == ERASED and record.child["last_name"] == ERASED
        assert record.carer is not None and record.carer["address"] == ERASED
        assert record.parents[0]["first_name"] == ERASED
        assert record.arrangement["end_notes"] == ERASED
        # The case page's banner: the first erase's when, who and why.
        found = erasure(again, first)
        assert found is not None
        assert (found.at, found.user, found.reason) == (
            original.at,
            USER,
            "retention review 2032",
        )
        assert found.reapplied_after == made.path.name
        # The audit says it was re-applied, after restoring which backup, by whom.
        [entry] = _erase_rows(again, first)
        assert entry["user"] == "restoring-officer"
        assert entry["after"]["reason"] == (
            f"re-applied after restoring {made.path.name}: retention review 2032"
        )
        assert entry["after"]["original"] == {
            "at": original.at.isoformat(),
            "user": USER,
            "reason": "retention review 2032",
        }
        assert due_for_review(again, datetime(2040, 1, 1).date()) == []
        audit_text = json.dumps([dict(r) for r in again.audit_log()])
        assert not [s for s in SECRETS if s in audit_text]
        assert again.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert not path.with_name(path.name + ".restoring").exists()
    # The kept copy of the replaced register is the erased one.
    assert result.replaced_copy is not None
    with open_register(result.replaced_copy) as kept:
        assert kept.case(first).child["first_name"] == ERASED


def test_a_case_erased_before_the_backup_is_left_alone(
    register: Register, new_case: Callable[..., int]
) -> None:
    before = _ended_case(new_case, register)
    after = _ended_case(new_case, register)
    erase_case(register, before, "erased before the backup")
    made = make_backup(register, now=NOW)
    erase_case(register, after, "erased after the backup")
    path = register.path
    register.close()

    result = restore_backup(made.path, path, now=LATER)

    assert result.erased_again == ("PF-2026-0002",)
    with open_register(path) as again:
        assert len(_erase_rows(again, before)) == 1  # no second audit row
        found = erasure(again, before)
        assert found is not None and found.reason == "erased before the backup"
        assert found.reapplied_after is None
        assert again.case(after).child["first_name"] == ERASED


def test_a_case_not_in_the_backup_is_skipped(
    register: Register, new_case: Callable[..., int]
) -> None:
    kept_case = new_case()
    made = make_backup(register, now=NOW)
    later_case = _ended_case(new_case, register)
    erase_case(register, later_case, "retention review")
    path = register.path
    register.close()

    result = restore_backup(made.path, path, now=LATER)

    assert result.erased_again == () and result.erasure_lines() == []
    with open_register(path) as again:
        assert again.case_count() == 1
        assert again.case(kept_case).child["first_name"] == "Tilly"


def test_a_case_still_open_in_the_backup_is_erased_and_can_be_ended_again(
    register: Register, new_case: Callable[..., int]
) -> None:
    arrangement_id = new_case()
    made = make_backup(register, now=NOW)
    _end(register, arrangement_id)
    erase_case(register, arrangement_id, "retention review")
    path = register.path
    register.close()

    result = restore_backup(made.path, path, now=LATER)

    assert result.erased_again == result.still_open == ("PF-2026-0001",)
    assert "record the ending again" in " ".join(result.erasure_lines())
    with open_register(path) as again:
        assert again.case(arrangement_id).child["first_name"] == ERASED
        _end(again, arrangement_id)
        assert again.case(arrangement_id).arrangement["end_date"] == "2026-05-25"


def test_restoring_twice_keeps_the_first_erase(
    register: Register, new_case: Callable[..., int]
) -> None:
    arrangement_id = _ended_case(new_case, register)
    made = make_backup(register, now=NOW)
    erase_case(register, arrangement_id, "retention review")
    path = register.path
    register.close()
    restore_backup(made.path, path, now=LATER)
    result = restore_backup(made.path, path, now=LATER + timedelta(hours=1))
    assert result.erased_again == ("PF-2026-0001",)
    with open_register(path) as again:
        [entry] = _erase_rows(again, arrangement_id)
        assert entry["after"]["original"]["reason"] == "retention review"
        assert entry["after"]["reason"].count("re-applied") == 1


def test_a_damaged_register_is_still_replaced_and_the_result_says_so(
    register: Register, new_case: Callable[..., int]
) -> None:
    arrangement_id = _ended_case(new_case, register)
    for _ in range(30):  # enough pages that the damage lands inside the file
        new_case()
    made = make_backup(register, now=NOW)
    erase_case(register, arrangement_id, "retention review")
    path = register.path
    register.close()
    data = bytearray(path.read_bytes())
    data[100 : len(data) // 2] = b"\x5a" * (len(data) // 2 - 100)
    path.write_bytes(bytes(data))

    result = restore_backup(made.path, path, now=LATER)

    assert result.erased_again == ()
    assert result.erasures_unchecked is not None
    text = " ".join(result.erasure_lines())
    assert "Erasures made after the backup could not be checked" in text
    assert "pf-register retention" in text
    with open_register(path) as again:
        assert again.case_count() == 31
    code, out, err = _run("restore", str(made.path), "--db", str(path))
    assert code == 0, err  # the restored file is sound: nothing to say
    assert "could not be checked" not in out


def test_a_missing_register_is_restored_and_the_result_says_erasures_were_not_checked(
    register: Register, new_case: Callable[..., int]
) -> None:
    new_case()
    made = make_backup(register, now=NOW)
    path = register.path
    register.close()
    path.unlink()
    result = restore_backup(made.path, path, now=LATER)
    assert result.replaced_copy is None
    assert result.erasures_unchecked is not None and "no register" in result.erasures_unchecked


def test_a_failure_while_erasing_again_replaces_nothing(
    register: Register, new_case: Callable[..., int], monkeypatch: pytest.MonkeyPatch
) -> None:
    (first, second), made, path = _two_erased_after_a_backup(register, new_case)
    before = path.read_bytes()
    real = privacy._erase
    calls: list[int] = []

    def failing(reg: Register, arrangement_id: int, detail: dict[str, Any]) -> object:
        calls.append(arrangement_id)
        if len(calls) == 2:  # the first was erased again; the second fails
            raise sqlite3.OperationalError("disk I/O error")
        return real(reg, arrangement_id, detail)

    monkeypatch.setattr(privacy, "_erase", failing)

    with pytest.raises(StorageError, match="could not be erased again") as caught:
        restore_backup(made.path, path, now=LATER)

    assert "was not replaced" in str(caught.value)
    assert calls == [first, second]
    assert path.read_bytes() == before
    folder = path.parent / "backups"
    assert not list(folder.glob("*replaced*"))
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(path.name)] == [path.name]
    calls.clear()
    code, out, err = _run("restore", str(made.path), "--db", str(path))
    assert code == 1 and out == "" and err.count("\n") == 1, err
    assert "could not be erased again" in err
    assert path.read_bytes() == before


def test_cli_restore_lists_the_cases_erased_again(
    register: Register, new_case: Callable[..., int]
) -> None:
    (first, second), made, path = _two_erased_after_a_backup(register, new_case)

    code, out, err = _run("restore", str(made.path), "--db", str(path))

    assert code == 0, err
    assert (
        "2 erased cases were erased again: PF-2026-0001, PF-2026-0002 (their personal data was "
        "erased after the backup was made)." in out
    )
    assert not [s for s in SECRETS if s in out + err]
    with open_register(path) as again:
        assert again.case(first).child["first_name"] == ERASED
        assert again.case(second).child["first_name"] == ERASED


def test_cli_restore_over_a_damaged_register_says_to_review(
    register: Register, new_case: Callable[..., int]
) -> None:
    new_case()
    made = make_backup(register, now=NOW)
    path = register.path
    register.close()
    path.write_bytes(b"Dear diary " * 500)
    code, out, err = _run("restore", str(made.path), "--db", str(path))
    assert code == 0, err
    assert "Erasures made after the backup could not be checked" in out
    assert "pf-register retention" in out


def test_erasures_are_read_past_a_crashed_writers_journal(
    register: Register, new_case: Callable[..., int], tmp_path: Any
) -> None:
    """A crash mid-write (a usual reason to restore) leaves a journal that SQLite must roll
    back before anyone can read the file; read-only it refuses. The erasures are still found
    (from a private copy, rolled back there) and made again; nothing is left unchecked."""
    import shutil

    first = _ended_case(new_case, register)
    made = make_backup(register, now=NOW)
    erase_case(register, first, "retention review 2032")
    for _ in range(300):  # enough pages for a write to spill into the file before commit
        register.record_enquiry({"source_sector": "school", "channel": "phone", "about": "x" * 200})
    path = register.path
    register.close()
    crashed = tmp_path / "crashed.db"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA cache_size = 1")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE enquiries SET about = about || 'y'")
    shutil.copyfile(path, crashed)  # the file and its journal as a crash left them
    shutil.copyfile(f"{path}-journal", f"{crashed}-journal")
    writer.execute("ROLLBACK")
    writer.close()
    with pytest.raises(sqlite3.OperationalError):  # what a read-only reader meets
        sqlite3.connect(f"{crashed.as_uri()}?mode=ro", uri=True).execute(
            "SELECT count(*) FROM enquiries"
        ).fetchone()

    result = restore_backup(made.path, crashed, now=LATER, user="restoring-officer")

    assert result.erasures_unchecked is None
    assert result.erased_again == ("PF-2026-0001",)
    with open_register(crashed) as again:
        assert again.case(first).child["first_name"] == ERASED
