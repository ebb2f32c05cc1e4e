"""Due lists kept in the register between runs, so the app can show one as it opens.

Judging a county's due list takes ~45 ms after the window is built (ten counties: ~0.5 s), so
the home page used to appear without it. When the app closes it stores the list for today
and for the next working day (table ``due_store``, migration ``m003_due_store``); the next
start that falls on one of those days shows it at once, and builds its own cache on a worker
afterwards as before.

A stored list is only ever taken while it is exactly what judging would give:

- **the data**: every table but the audit log has triggers that empty ``due_store`` in the
  same transaction as any insert, update or delete, whoever writes (this app, the command
  line, another officer's copy, a restore's re-applied erasures). The register's
  connections have ``secure_delete`` on, so the names the lists held are overwritten;
- **the settings**: kept in a table, so covered by the same triggers;
- **the rules**: each list is stamped with a checksum of this program's source and the
  bank-holiday library's version; another build's lists are ignored;
- **the day**: a list is kept for one day.

Anything unreadable is ignored: the list is then judged as if nothing were stored.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Mapping, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path

from pf_register import __version__
from pf_register.clock.obligation import Obligation, Status
from pf_register.clock.rules import RULES
from pf_register.database import Database
from pf_register.workdays import holidays_version

TABLE = "due_store"  # made by migration m003_due_store, with its triggers


@lru_cache(maxsize=1)
def program_stamp() -> str:
    """What the stored lists were judged by: this program's source (every byte, ~2 ms: a
    wheel's files all carry one time, so sizes and times would miss an edit) and the holiday
    library's version. "" where the source cannot be read (a frozen build): nothing is kept.
    A checksum, not ``hashlib``: that loads OpenSSL, ~4 MiB and ~3 ms at every start."""
    package = Path(__file__).parent
    checksum, size = 0, 0
    try:
        for path in sorted(package.rglob("*.py")):
            content = path.read_bytes()
            checksum, size = zlib.crc32(content, checksum), size + len(content)
    except OSError:
        return ""
    if not size:
        return ""
    return f"{__version__}:{holidays_version()}:{checksum:08x}:{size}"


def encode(obligations: Sequence[Obligation]) -> bytes:
    rows = [
        (
            o.rule.code,
            o.due.isoformat(),
            o.done.isoformat() if o.done else None,
            o.status.value,
            o.days,
            o.detail,
            o.arrangement_id,
            o.reference,
            o.child,
            o.subject_id,
        )
        for o in obligations
    ]
    return zlib.compress(json.dumps(rows, separators=(",", ":")).encode(), 1)


def decode(blob: bytes) -> list[Obligation]:
    """The stored list; ``ValueError``/``KeyError``/``TypeError`` if it is not one."""
    fromiso = date.fromisoformat
    return [
        Obligation(
            RULES[code],
            fromiso(due),
            fromiso(done) if done else None,
            Status(status),
            int(days),
            str(detail),
            int(arrangement_id),
            str(reference),
            str(child),
            None if subject_id is None else int(subject_id),
        )
        for (
            code,
            due,
            done,
            status,
            days,
            detail,
            arrangement_id,
            reference,
            child,
            subject_id,
        ) in json.loads(zlib.decompress(blob))
    ]


def stored(db: Database, day: date) -> list[Obligation] | None:
    """The list stored for ``day`` by this program, or None (none, another build's, or
    unreadable)."""
    stamp = program_stamp()
    if not stamp:
        return None
    try:
        row = db.execute(
            f"SELECT obligations FROM {TABLE} WHERE day = ? AND stamp = ?",
            [day.isoformat(), stamp],
        ).fetchone()
        return None if row is None else decode(row[0])
    except (sqlite3.Error, zlib.error, ValueError, KeyError, TypeError):
        return None  # damaged: as if nothing were stored (the list is judged instead)


def store(db: Database, lists: Mapping[date, Sequence[Obligation]], judged_at: int) -> bool:
    """Replace the stored lists with ``lists``, in one transaction, unless another program
    has committed since they were judged (``judged_at``: this connection's
    ``PRAGMA data_version`` then). Returns whether they were stored."""
    from pf_register.due_cache import data_version

    stamp = program_stamp()
    if not stamp:
        return False
    with db.atomic():
        db.execute(f"DELETE FROM {TABLE}")  # takes the write lock: no commit can come between
        if data_version(db) != judged_at:
            return False  # (the triggers have emptied it already)
        for day, obligations in lists.items():
            db.execute(
                f"INSERT INTO {TABLE} (day, stamp, obligations) VALUES (?, ?, ?)",
                [day.isoformat(), stamp, encode(obligations)],
            )
    return True
