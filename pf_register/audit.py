"""Writes that leave a trace: every insert, update and delete of case data gets an audit row.

Who (the operating-system user), when (UTC), which operation, which record, and the values
before and after. The facade writes case data only through ``AuditedWriter``.
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Iterable, Mapping
from contextlib import suppress
from datetime import UTC, datetime
from typing import Any

from pf_register.database import Database
from pf_register.errors import ConflictError, NotFoundError

# The operation name of an audited erase (privacy.erase_case): an erased case stays closed.
ERASE_OPERATION = "erase personal data"

# The only tables whose rows may be deleted (an enquiry or awareness activity logged by
# mistake; ``Register.delete_enquiry``, ``delete_activity``). Case records are corrected or
# ended, never deleted. A deleted row's id is never given to a new row: its audit rows (keyed by
# table and id) stay the history of that row alone.
DELETABLE = frozenset({"enquiries", "activities"})


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (some services and containers)
        return "unknown"


def _json(values: Mapping[str, Any] | None) -> str | None:
    return None if values is None else json.dumps(dict(values), sort_keys=True, default=str)


_RECORD_WORDS = {
    "children": "child's record",
    "people": "person's record",
    "arrangements": "arrangement",
    "household_members": "household member",
    "parents": "parent",
    "notifications": "notification",
    "visits": "visit",
    "checks": "check",
    "decisions": "decision",
    "enquiries": "enquiry",
    "activities": "awareness activity",
}


class AuditedWriter:
    """Inserts and updates rows, logging each change under the current operation's name."""

    def __init__(self, db: Database, user: str) -> None:
        self.db = db
        self.user = user
        self.operation = "unnamed"
        # Rows as the officer loaded them, by (table, id): an update of one that differs now
        # is refused (someone else changed it meanwhile). See ``Register.expecting``.
        self.expected: dict[tuple[str, str], dict[str, Any]] = {}
        # What was written since the due list was last computed: (table, row id, the row's
        # arrangement id if it has one). The due-list cache recomputes only those cases.
        self.touched: set[tuple[str, int, int | None]] = set()

    def _log(
        self,
        table: str,
        row_id: object,
        action: str,
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any] | None,
    ) -> None:
        row = before if action == "delete" else after if after is not None else before
        arrangement = row.get("arrangement_id") if row is not None else None
        with suppress(TypeError, ValueError):  # settings rows have text keys: see DueCache
            self.touched.add((table, int(str(row_id)), arrangement))
        if table == "settings":
            self.touched.add((table, 0, None))
        self.db.execute(
            "INSERT INTO audit_log (at, user, operation, table_name, row_id, action, before, after)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                datetime.now(UTC).isoformat(timespec="seconds"),
                self.user,
                self.operation,
                table,
                str(row_id),
                action,
                _json(before),
                _json(after),
            ],
        )

    def get(self, table: str, row_id: int) -> dict[str, Any]:
        row = self.db.execute(f"SELECT * FROM [{table}] WHERE id = ?", [row_id]).fetchone()
        if row is None:
            thing = _RECORD_WORDS.get(table, table[:-1].replace("_", " "))
            gone = " (it may have been deleted meanwhile)" if table in DELETABLE else ""
            raise NotFoundError(f"No {thing} with id {row_id} in this register{gone}")
        columns = [c[0] for c in self.db.execute(f"SELECT * FROM [{table}] LIMIT 0").description]
        return dict(zip(columns, row, strict=True))

    def insert(self, table: str, values: Mapping[str, Any]) -> int:
        if table in DELETABLE and "id" not in values:
            values = {"id": self._unused_id(table), **values}
        columns = list(values)
        cursor = self.db.execute(
            f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)})"
            f" VALUES ({', '.join('?' for _ in columns)})",
            [values[c] for c in columns],
        )
        row_id = int(cursor.lastrowid or 0)
        self._log(table, row_id, "insert", None, self.get(table, row_id))
        return row_id

    def update(self, table: str, row_id: int, values: Mapping[str, Any]) -> bool:
        """Change the given columns; write and log only if something actually changed."""
        before = self.get(table, row_id)
        loaded = self.expected.get((table, str(row_id)))
        if loaded is not None and loaded != before:
            self._refuse_conflict(table, row_id)
        changed = {k: v for k, v in values.items() if before.get(k) != v}
        if not changed:
            return False
        self.db.execute(
            f"UPDATE [{table}] SET {', '.join(f'[{c}] = ?' for c in changed)} WHERE id = ?",
            [*changed.values(), row_id],
        )
        self._log(table, row_id, "update", before, self.get(table, row_id))
        return True

    def _unused_id(self, table: str) -> int:
        """The next id of ``table`` that no row has ever had: SQLite would give a deleted last
        row's id again (no AUTOINCREMENT), mixing two rows' audit trails."""
        row_id = int(self.db.execute(f"SELECT coalesce(max(id), 0) FROM [{table}]").fetchone()[0])
        while True:
            row_id += 1
            used = self.db.execute(
                "SELECT 1 FROM audit_log WHERE table_name = ? AND row_id = ? LIMIT 1",
                [table, str(row_id)],
            ).fetchone()
            if used is None:
                return row_id

    def delete(self, table: str, row_id: int, reason: str) -> dict[str, Any]:
        """Delete one row of a ``DELETABLE`` table; the audit row keeps it whole as "before"
        and ``{"reason": reason}`` as "after". Refused with ``ConflictError`` if the row differs
        from how the officer loaded it (``expected``; only its stored columns are compared, so a
        list's row with joined columns will do). Returns the row as it was."""
        if table not in DELETABLE:
            raise ValueError(f"rows of {table} are never deleted")
        before = self.get(table, row_id)
        loaded = self.expected.get((table, str(row_id)))
        if loaded is not None and any(loaded.get(k) != v for k, v in before.items()):
            self._refuse_conflict(table, row_id)
        self.db.execute(f"DELETE FROM [{table}] WHERE id = ?", [row_id])
        self._log(table, row_id, "delete", before, {"reason": reason})
        return before

    def _refuse_conflict(self, table: str, row_id: int) -> None:
        last = self.db.execute(
            "SELECT user, at FROM audit_log WHERE table_name = ? AND row_id = ?"
            " ORDER BY id DESC LIMIT 1",
            [table, str(row_id)],
        ).fetchone()
        who = f" by {last[0]} at {last[1].replace('T', ' ')[:16]} UTC" if last else ""
        thing = _RECORD_WORDS.get(table, "record")
        raise ConflictError(
            f"This {thing} was changed by someone else since you opened it{who}. Nothing was "
            "saved and nothing was overwritten: the page now shows the current record; check "
            "it and make your change again if it is still needed."
        )

    def put_setting(self, key: str, value: str) -> None:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        if row is not None and row[0] == value:
            return
        self.db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )
        before = None if row is None else {"key": key, "value": row[0]}
        self._log(
            "settings",
            key,
            "insert" if row is None else "update",
            before,
            {"key": key, "value": value},
        )


# ---------------------------------------------------------------------------- reading it back
def changes(before: str | None, after: str | None) -> list[tuple[str, Any, Any]]:
    """(field, before, after) for every field an audit row changed (all fields of an insert)."""
    old: dict[str, Any] = json.loads(before) if before else {}
    new: dict[str, Any] = json.loads(after) if after else {}
    return [
        (name, old.get(name), new.get(name))
        for name in sorted(set(old) | set(new))
        if old.get(name) != new.get(name) and name != "id"
    ]


def rows_history(db: Database, keys: Iterable[tuple[str, str]]) -> list[dict[str, Any]]:
    """The audit rows of the given (table, id) records, oldest first, each with its
    ``changes``. Read only: the audit log cannot be edited or deleted (triggers refuse)."""
    wanted = set(keys)
    found: list[dict[str, Any]] = []
    for table in sorted({t for t, _ in wanted}):
        ids = sorted(i for t, i in wanted if t == table)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            cursor = db.execute(
                "SELECT id, at, user, operation, table_name, row_id, action, before, after"
                " FROM audit_log WHERE table_name = ?"
                f" AND row_id IN ({','.join('?' * len(chunk))})",
                [table, *chunk],
            )
            columns = [c[0] for c in cursor.description]
            for values in cursor.fetchall():
                row = dict(zip(columns, values, strict=True))
                row["changes"] = changes(row["before"], row["after"])
                found.append(row)
    return sorted(found, key=lambda r: r["id"])
