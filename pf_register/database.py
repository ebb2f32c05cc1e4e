"""The register's SQLite connection: the few things the program does with it, and its
transaction rules.

It replaces ``sqlite_utils.Database`` at run time (importing sqlite-utils costs ~50 ms of the
app's start: it brings click, pluggy and dateutil's parser). The rules are sqlite-utils':

- ``execute`` of a write outside a transaction is committed at once (Python's ``sqlite3``
  would otherwise leave it in an implicit transaction that captures every later write);
- a statement that fails outside a transaction leaves none open (it is rolled back);
- ``atomic()`` is one transaction, committed at the end of the block and rolled back if it
  raises; nested blocks are savepoints, undone on their own if they raise;
- ``PRAGMA recursive_triggers`` is on.

sqlite-utils is still used to create and migrate a file (``storage``), on the same
connection, and tests may wrap ``conn`` in ``sqlite_utils.Database`` to read tables.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, Self

# Statements that control the transaction themselves: never committed behind their back.
_TRANSACTION_CONTROL = frozenset({"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"})
_SAVEPOINTS = itertools.count(1)  # unique savepoint names (not ``secrets``: ~4 ms to import)


def first_keyword(sql: str) -> str:
    """The first keyword of a statement, upper case, after whitespace, comments, empty
    statements and a byte order mark ("" if there is none)."""
    i, n = 0, len(sql)
    while i < n:
        if sql[i].isspace() or sql[i] in (";", "\ufeff"):
            i += 1
        elif sql.startswith("--", i):
            newline = sql.find("\n", i)
            if newline == -1:
                return ""
            i = newline + 1
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            if end == -1:
                return ""
            i = end + 2
        else:
            break
    j = i
    while j < n and (sql[j].isalpha() or sql[j] == "_"):
        j += 1
    return sql[i:j].upper()


class Database:
    """An open SQLite connection with the register's transaction rules (see the module)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.execute("PRAGMA recursive_triggers = on")

    def execute(
        self, sql: str, parameters: Sequence[Any] | Mapping[str, Any] | None = None
    ) -> sqlite3.Cursor:
        """Run one statement. A write outside a transaction is committed at once; inside
        one (``atomic``) it becomes part of it."""
        conn = self.conn
        was_in_transaction = conn.in_transaction
        try:
            cursor = conn.execute(sql) if parameters is None else conn.execute(sql, parameters)
        except BaseException:
            if not was_in_transaction and conn.in_transaction:
                # The failed statement opened an implicit transaction that nothing would
                # commit: roll it back, or it would capture every later write.
                conn.execute("ROLLBACK")
            raise
        if (
            not was_in_transaction
            and conn.in_transaction
            and cursor.description is None
            and first_keyword(sql) not in _TRANSACTION_CONTROL
        ):
            try:
                conn.execute("COMMIT")  # an implicit transaction opened by this write
            except BaseException:
                # (a deferred constraint, a busy file) Left open, the transaction would
                # capture every later write, and atomic() would only nest savepoints in it.
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        return cursor

    @contextmanager
    def atomic(self) -> Iterator[Self]:
        """One transaction: committed at the end of the block, rolled back if it raises.
        Inside another, a savepoint: only its own changes are undone if it raises."""
        conn = self.conn
        if conn.in_transaction:
            savepoint = f"pf_register_{next(_SAVEPOINTS)}"
            conn.execute(f"SAVEPOINT {savepoint}")
            try:
                yield self
            except BaseException:
                # An error such as a RAISE(ROLLBACK) trigger may have ended the whole
                # transaction, savepoint included: then there is nothing left to undo.
                if conn.in_transaction:
                    conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                    conn.execute(f"RELEASE SAVEPOINT {savepoint}")
                raise
            conn.execute(f"RELEASE SAVEPOINT {savepoint}")
            return
        conn.execute("BEGIN")
        try:
            yield self
        except BaseException:
            self._rollback()
            raise
        try:
            conn.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        if self.conn.in_transaction:  # a failed COMMIT or a trigger may have ended it
            self.conn.execute("ROLLBACK")

    def table_names(self) -> list[str]:
        return [
            r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


__all__ = ["Database", "first_keyword"]
