"""Shared files: who has a register open, and opening it read-only when someone else does.

Councils keep the register on a network drive. Beside ``register.db`` the program that has it
open for changes keeps a small presence file, ``register.db.lock``, naming the user, the
machine, the process and when it last said it was still there (the app refreshes it every
minute). A second copy of the program finds it, says who has the file open, and opens the
register read-only. A presence file left by a program that died is stale and taken over:
on the same machine when its process no longer runs, elsewhere when it has not been
refreshed for ``STALE_AFTER``.

Edits are also guarded row by row (``case_snapshot`` with ``Register.expecting``): an update
of a row someone else changed since the officer loaded it is refused and nothing is written.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from pf_register.dates import with_time
from pf_register.errors import RegisterError
from pf_register.register import Register

LOCK_SUFFIX = ".lock"
STALE_AFTER = timedelta(minutes=10)
HEARTBEAT_SECONDS = 60


def machine_name() -> str:
    return socket.gethostname() or "unknown machine"


def lock_path(register_path: Path) -> Path:
    return register_path.with_name(register_path.name + LOCK_SUFFIX)


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Presence:
    """Who has a register open, as its presence file says."""

    user: str
    machine: str
    pid: int
    since: datetime
    seen: datetime

    def describe(self) -> str:
        local = self.since.astimezone()
        return f"{self.user} on {self.machine} (since {with_time(local)})"

    def is_mine(self) -> bool:
        return self.machine == machine_name() and self.pid == os.getpid()

    def is_stale(self, now: datetime | None = None) -> bool:
        now = now or _now()
        if self.machine == machine_name() and not _process_runs(self.pid):
            return True
        return now - self.seen > STALE_AFTER

    def as_json(self) -> str:
        return json.dumps(
            {
                "user": self.user,
                "machine": self.machine,
                "pid": self.pid,
                "since": self.since.isoformat(timespec="seconds"),
                "seen": self.seen.isoformat(timespec="seconds"),
            }
        )


def _process_runs(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it runs, as another user
        return True
    except OSError:  # a platform without signal 0: assume it runs, staleness by age then
        return True
    return True


def read_presence(register_path: Path) -> Presence | None:
    """The presence file's holder; None if there is none. An unreadable or garbled file
    reads as an unknown holder last seen long ago (so it is stale, never trusted)."""
    path = lock_path(register_path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError:
        text = ""
    try:
        data: dict[str, Any] = json.loads(text)
        return Presence(
            user=str(data["user"]),
            machine=str(data["machine"]),
            pid=int(data["pid"]),
            since=datetime.fromisoformat(str(data["since"])),
            seen=datetime.fromisoformat(str(data["seen"])),
        )
    except (ValueError, KeyError, TypeError):
        epoch = datetime(1970, 1, 1, tzinfo=UTC)
        return Presence("someone", "an unknown machine", -1, epoch, epoch)


def holder(register_path: Path, now: datetime | None = None) -> Presence | None:
    """Someone else who has the register open right now (not this process, not stale)."""
    found = read_presence(register_path)
    if found is None or found.is_mine() or found.is_stale(now):
        return None
    return found


class PresenceLock:
    """This process's presence file; ``release`` removes it (only if it is still ours)."""

    def __init__(self, register_path: Path, presence: Presence) -> None:
        self.register_path = register_path
        self.path = lock_path(register_path)
        self.presence = presence

    def still_mine(self) -> bool:
        found = read_presence(self.register_path)
        return found is not None and found.is_mine()

    def heartbeat(self, now: datetime | None = None) -> bool:
        """Say we are still here. False if someone else has taken the file over meanwhile
        (this machine slept past ``STALE_AFTER``): then stop changing the register."""
        if not self.still_mine():
            return False
        self.presence = Presence(
            self.presence.user,
            self.presence.machine,
            self.presence.pid,
            self.presence.since,
            now or _now(),
        )
        try:
            _write_replacing(self.path, self.presence.as_json())
        except OSError:
            return True  # a network blip; try again at the next beat
        return True

    def release(self) -> None:
        if self.still_mine():
            with suppress(OSError):
                self.path.unlink()


def _write_new(path: Path, text: str) -> None:
    """Create ``path`` holding ``text``; FileExistsError if it exists (atomic on the share)."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


def _write_replacing(path: Path, text: str) -> None:
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def acquire(register_path: Path, user: str, now: datetime | None = None) -> PresenceLock | Presence:
    """Claim the register for changes: our ``PresenceLock``, or the ``Presence`` of whoever
    has it open. Raises ``OSError`` when the folder cannot be written to."""
    now = now or _now()
    mine = Presence(user, machine_name(), os.getpid(), now, now)
    path = lock_path(register_path)
    for _attempt in range(3):
        try:
            _write_new(path, mine.as_json())
            return PresenceLock(register_path, mine)
        except FileExistsError:
            found = read_presence(register_path)
            if found is None:
                continue  # released meanwhile: try again
            if found.is_mine():
                return PresenceLock(register_path, found)
            if not found.is_stale(now):
                return found
            with suppress(FileNotFoundError):
                path.unlink()  # stale: take it over
    found = read_presence(register_path)
    return found or Presence("someone", "an unknown machine", -1, now, now)


@dataclass
class SharedOpen:
    """A register opened for the app, and why it is read-only if it is."""

    register: Register
    holder: Presence | None = None
    read_only_reason: str | None = None
    lock: PresenceLock | None = None


def open_shared(
    path: Path,
    *,
    create: bool = True,
    user: str | None = None,
    today: Callable[[], date] = date.today,
) -> SharedOpen:
    """Open ``path`` for the app: for changes if no one else has it open, else read-only,
    saying by whom. A folder that cannot be written to also gives a read-only register.

    Raises ``RegisterError`` subclasses for a file that cannot be opened at all."""
    from pf_register.audit import current_user

    path = Path(path).expanduser()
    user = user or current_user()
    if not path.exists() and create:
        register = Register.open(path, create=True, user=user, today=today)
    else:
        register = None
    try:
        claimed = acquire(path, user)
    except OSError as exc:
        if register is not None:
            register.close()
        if not path.exists():
            raise RegisterError(
                f"Cannot create {path}: {exc.strerror or exc}. Choose a folder you can write to."
            ) from None
        reason = (
            f"the folder holding {path.name} cannot be written to ({exc.strerror or exc}), "
            "so it is open read-only; ask for write access, or copy it to a folder you can "
            "write to"
        )
        register = Register.open(path, user=user, today=today, read_only=True)
        register.set_read_only(reason)
        return SharedOpen(register, None, reason)
    if isinstance(claimed, Presence):
        if register is not None:
            register.close()
        reason = (
            f"{claimed.describe()} has this register open, so it is open read-only here; "
            "close it and open it again when they have finished"
        )
        register = Register.open(path, user=user, today=today, read_only=True)
        register.set_read_only(reason)
        return SharedOpen(register, claimed, reason)
    try:
        if register is None:
            register = Register.open(path, create=create, user=user, today=today)
    except BaseException:
        claimed.release()
        raise
    register.on_close(claimed.release)
    return SharedOpen(register, lock=claimed)


def case_snapshot(register: Register, arrangement_id: int) -> dict[tuple[str, str], dict[str, Any]]:
    """Every stored row of one case as it is now, by (table, id): what ``Register.expecting``
    compares with when the officer saves a change made on this view of the case."""
    db = register.db
    found: dict[tuple[str, str], dict[str, Any]] = {}

    def take(table: str, where: str, params: list[object]) -> list[dict[str, Any]]:
        cursor = db.execute(f"SELECT * FROM [{table}] WHERE {where}", params)
        columns = [c[0] for c in cursor.description]
        result = [dict(zip(columns, r, strict=True)) for r in cursor.fetchall()]
        for row in result:
            found[(table, str(row["id"]))] = row
        return result

    arrangements = take("arrangements", "id = ?", [arrangement_id])
    if not arrangements:
        return found
    a = arrangements[0]
    take("children", "id = ?", [a["child_id"]])
    people: set[int] = {a["carer_id"]} if a["carer_id"] is not None else set()
    for table in ("household_members", "parents"):
        people |= {r["person_id"] for r in take(table, "arrangement_id = ?", [arrangement_id])}
    for person in sorted(people):
        take("people", "id = ?", [person])
    for table in ("notifications", "visits", "checks", "decisions"):
        take(table, "arrangement_id = ?", [arrangement_id])
    return found


__all__ = [
    "HEARTBEAT_SECONDS",
    "STALE_AFTER",
    "Presence",
    "PresenceLock",
    "SharedOpen",
    "acquire",
    "case_snapshot",
    "holder",
    "lock_path",
    "open_shared",
    "read_presence",
]
