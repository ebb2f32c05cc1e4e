"""``pf-register check``: is this register file sound?

SQLite's own integrity and foreign-key checks, the schema version, and the register's own
consistency (every arrangement has a notification; stored codes and dates are ones the
program knows). Opening is read-only: a check never migrates or changes the file.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pf_register import fields as F  # noqa: N812
from pf_register.errors import RegisterFileError
from pf_register.schema import KNOWN_MIGRATIONS, MIGRATION_SET, SCHEMA_VERSION
from pf_register.storage import APPLICATION_ID

_CODED_COLUMNS = {
    "children": F.CHILD_FIELDS,
    "people": F.PERSON_FIELDS,
    "arrangements": {**F.ARRANGEMENT_FIELDS, **F.END_FIELDS},
    "notifications": F.NOTIFICATION_FIELDS,
    "visits": F.VISIT_FIELDS,
    "checks": F.CHECK_FIELDS,
    "decisions": F.DECISION_FIELDS,
    "parents": F.PARENT_FIELDS,
    "activities": F.ACTIVITY_FIELDS,
    "enquiries": F.ENQUIRY_FIELDS,
}


@dataclass
class CheckReport:
    path: Path
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def lines(self) -> list[str]:
        head = [f"Register: {self.path}"]
        body = self.notes + [f"PROBLEM: {p}" for p in self.problems]
        verdict = "OK: no problems found" if self.ok else f"{len(self.problems)} problem(s) found"
        return head + body + [verdict]


def _values_problems(conn: sqlite3.Connection) -> list[str]:
    problems = []
    for table, specs in _CODED_COLUMNS.items():
        for name, spec in specs.items():
            if spec.kind not in ("code", "date"):
                continue
            for row_id, value in conn.execute(
                f"SELECT id, [{name}] FROM [{table}] WHERE [{name}] IS NOT NULL"
            ):
                if spec.kind == "code":
                    assert spec.codes is not None
                    if value not in spec.codes:
                        problems.append(f"{table} {row_id}: {name} has unknown code {value!r}")
                else:
                    try:
                        date.fromisoformat(value)
                    except (TypeError, ValueError):
                        problems.append(f"{table} {row_id}: {name} {value!r} is not a date")
    orphans = conn.execute(
        "SELECT reference FROM arrangements a WHERE NOT EXISTS"
        " (SELECT 1 FROM notifications n WHERE n.arrangement_id = a.id) ORDER BY reference"
    ).fetchall()
    problems += [f"arrangement {ref}: has no notification" for (ref,) in orphans]
    return problems


def _unknown_migrations(conn: sqlite3.Connection) -> list[str]:
    try:
        names = conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET]
        ).fetchall()
    except sqlite3.OperationalError:  # no migrations table: nothing applied, nothing unknown
        return []
    return sorted(name for (name,) in names if name not in KNOWN_MIGRATIONS)


def check_register(path: Path) -> CheckReport:
    if path.is_dir():
        raise RegisterFileError(f"{path} is a folder; give the path of a register file")
    if not path.is_file():
        raise RegisterFileError(f"No register at {path}")
    report = CheckReport(path.resolve())
    try:
        # as_uri() percent-encodes '#', '?' and spaces, which would otherwise cut the URI.
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    except sqlite3.DatabaseError:
        report.problems.append("the file is not a SQLite database")
        return report
    try:
        if app_id != APPLICATION_ID:
            report.problems.append("the file is a SQLite database but not a pf_register register")
            return report
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        report.notes.append(f"Schema version: {version} (this program: {SCHEMA_VERSION})")
        if version > SCHEMA_VERSION:
            report.problems.append("written by a newer pf-register; update to check it fully")
            return report
        unknown = _unknown_migrations(conn)
        if unknown:
            report.problems.append(
                f"written by a newer pf-register (migrations {', '.join(unknown)}); update to "
                "check it fully"
            )
            return report
        if version < SCHEMA_VERSION:
            report.notes.append("older schema: it is upgraded when the register is next opened")
        integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            report.problems += [f"integrity: {line}" for line in integrity]
        else:
            report.notes.append("SQLite integrity check: ok")
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        for table, rowid, parent, _ in broken:
            report.problems.append(f"{table} row {rowid} refers to a missing {parent} record")
        if not broken:
            report.notes.append("Foreign keys: ok")
        counts = {
            t: conn.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0]
            for t in ("arrangements", "visits", "checks", "audit_log")
        }
        report.notes.append(
            "Holds " + ", ".join(f"{n} {t.replace('_', ' ')}" for t, n in counts.items())
        )
        report.problems += _values_problems(conn)
    except sqlite3.DatabaseError as exc:
        report.problems.append(f"the file could not be read: {exc}")
    finally:
        conn.close()
    return report
