"""Data protection: files only their owner can read, retention review, and an audited erase.

The register, its backups and exports are created with mode 600 where the platform has it
(exports through ``stats.exporting.write_atomically``). Ended cases whose ending is older than the
``retention_years`` setting are listed for review (``due_for_review``). ``erase_case``
removes a case's personal data (docs/reliability.md says exactly what is kept) in one audited
transaction, keeping what the anonymous statistics count. A restore of a backup made before
an erase would bring the data back: ``backup.restore_backup`` reads the erasures of the
register it replaces (``recorded_erasures``) and makes them again in the restored one
(``reapply_erasures``).
"""

from __future__ import annotations

import calendar
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from pf_register.audit import ERASE_OPERATION
from pf_register.dates import age_on, from_iso
from pf_register.errors import ValidationError
from pf_register.loading import Row, full_name, rows
from pf_register.register import Register

ERASED = "[erased]"

# Free text that can name or locate someone: set to ERASED (or left empty if it was empty).
PERSONAL_TEXT: dict[str, tuple[str, ...]] = {
    "children": ("place_of_birth", "school", "gp", "cms_reference", "notes"),
    "people": ("address", "previous_addresses", "phone", "email", "notes"),
    "arrangements": ("address", "end_notes"),
    "household_members": ("relationship",),
    "notifications": ("notifier_name", "description"),
    "visits": ("not_alone_reason", "notes"),
    "checks": ("notes",),
    "decisions": ("notes",),
    "enquiries": (
        "enquirer_name",
        "contact",
        "child_name",
        "carer_name",
        "about",
        "heard_from",
        "not_pf_reason",
        "referred_to",
    ),
}
NAMES = ("first_name", "last_name")


# ---------------------------------------------------------------------------- retention
@dataclass(frozen=True)
class ReviewItem:
    arrangement_id: int
    reference: str
    child: str
    end_date: date
    review_from: date  # the day it passed the retention period
    end_reason: str | None = None  # the END_REASONS code

    def years_since_end(self, today: date) -> int:
        """Whole years from the ending to ``today``."""
        return age_on(self.end_date, today)


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def erased_arrangements(register: Register) -> set[int]:
    return {
        int(r["row_id"])
        for r in rows(
            register.db,
            "SELECT DISTINCT row_id FROM audit_log WHERE operation = ?"
            " AND table_name = 'arrangements'",
            [ERASE_OPERATION],
        )
    }


def due_for_review(register: Register, today: date | None = None) -> list[ReviewItem]:
    """Ended cases past the retention period whose personal data has not been erased."""
    today = today or register.today()
    years = register.settings.retention_years
    erased = erased_arrangements(register)
    items: list[ReviewItem] = []
    for r in rows(
        register.db,
        "SELECT a.id, a.reference, a.end_date, a.end_reason, c.first_name, c.last_name"
        " FROM arrangements a"
        " JOIN children c ON c.id = a.child_id WHERE a.end_date IS NOT NULL ORDER BY a.end_date",
    ):
        ended = from_iso(r["end_date"])
        if ended is None or r["id"] in erased:
            continue
        review_from = _years_after(ended, years)
        if review_from <= today:
            items.append(
                ReviewItem(
                    r["id"], r["reference"], full_name(r), ended, review_from, r["end_reason"]
                )
            )
    return items


# ---------------------------------------------------------------------------- erasing
def reduce_birth_date(dob: date, key_dates: Iterable[date]) -> date:
    """The date of birth to the month: the 1st, or the month's last day if that keeps the
    age on every key date (notification, move-in, ending) the same as the real one."""
    last = date(dob.year, dob.month, calendar.monthrange(dob.year, dob.month)[1])
    in_month = [d for d in key_dates if d.month == dob.month and d.year > dob.year]
    if in_month and all(d.day < dob.day for d in in_month):
        return last
    return dob.replace(day=1)


def check_erasable(register: Register, arrangement_id: int, reason: object) -> str:
    """The reason, cleaned, if ``erase_case`` would go ahead; else ``ValidationError``
    (no reason, too long a reason, an open case, a case already erased). For asking the
    officer to confirm only what can be done."""
    text = str(reason or "").strip()
    if not text:
        raise ValidationError("reason", "say why the data is erased (e.g. the retention review)")
    if len(text) > 500:
        raise ValidationError("reason", "is too long; keep it under 500 characters")
    arrangement = register.arrangement(arrangement_id)
    if arrangement["end_date"] is None:
        raise ValidationError(
            "arrangement",
            f"{arrangement['reference']} is still open; end it before erasing personal data",
        )
    if arrangement_id in erased_arrangements(register):
        raise ValidationError("arrangement", f"{arrangement['reference']} is already erased")
    return text


@dataclass(frozen=True)
class Erasure:
    """When, by whom and why a case's personal data was erased (from the audit log).

    For an erase made again after a restore (``reapply_erasures``), ``at``, ``user`` and
    ``reason`` are the first erase's, and ``reapplied_after`` names the backup restored."""

    at: datetime  # UTC
    user: str
    reason: str
    reapplied_after: str | None = None


def _utc(text: object) -> datetime:
    at = datetime.fromisoformat(str(text))
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def _erase_detail(at: object, user: object, after: str | None) -> tuple[str, str, str, str | None]:
    """(when, who, why, backup restored or None) of an erase's audit row: the first erase's,
    for one made again after a restore (its ``original``)."""
    try:
        detail = json.loads(after or "{}")
    except ValueError:
        detail = {}
    if not isinstance(detail, dict):
        detail = {}
    original = detail.get("original")
    if isinstance(original, dict) and original.get("at"):
        return (
            str(original["at"]),
            str(original.get("user", "")),
            str(original.get("reason", "")),
            str(detail.get("restored_from", "")) or None,
        )
    return str(at), str(user), str(detail.get("reason", "")), None


_ERASE_ROWS = (
    "SELECT row_id, at, user, after FROM audit_log WHERE operation = ? AND table_name ="
    " 'arrangements' AND before IS NULL"
)


def erasure(register: Register, arrangement_id: int) -> Erasure | None:
    """The erase of this case's personal data, if it was erased (the latest, if restored
    from a backup and erased again)."""
    found = rows(
        register.db,
        f"{_ERASE_ROWS} AND row_id = ? ORDER BY id DESC LIMIT 1",
        [ERASE_OPERATION, str(arrangement_id)],
    )
    if not found:
        return None
    at, user, reason, restored_from = _erase_detail(
        found[0]["at"], found[0]["user"], found[0]["after"]
    )
    return Erasure(_utc(at), user, reason, restored_from)


# ---------------------------------------------------------------------------- after a restore
@dataclass(frozen=True)
class RecordedErasure:
    """An erase recorded in a register's audit log (the first one, if it was made again)."""

    arrangement_id: int
    reference: str
    at: str  # ISO 8601, UTC, as recorded
    user: str
    reason: str


def recorded_erasures(conn: sqlite3.Connection) -> list[RecordedErasure]:
    """Every case erased in the register open on ``conn`` (a plain, read-only connection to
    the file a restore is about to replace), oldest first. Raises ``sqlite3.Error`` if the
    file cannot be read."""
    found: dict[int, RecordedErasure] = {}
    query = (
        "SELECT l.row_id, l.at, l.user, l.after, a.reference FROM audit_log l"
        " JOIN arrangements a ON a.id = CAST(l.row_id AS INTEGER) WHERE l.operation = ?"
        " AND l.table_name = 'arrangements' AND l.before IS NULL ORDER BY l.id"
    )
    for row_id, at, user, after, reference in conn.execute(query, [ERASE_OPERATION]):
        when, who, why, _restored = _erase_detail(at, user, after)
        found[int(row_id)] = RecordedErasure(int(row_id), str(reference), when, who, why)
    return sorted(found.values(), key=lambda e: (e.at, e.arrangement_id))


@dataclass(frozen=True)
class ReapplyResult:
    erased_again: list[str]  # references, in the order of the first erases
    still_open: list[str]  # of those, cases that were still open in the backup


def reapply_erasures(
    register: Register, erasures: Sequence[RecordedErasure], restored_from: str
) -> ReapplyResult:
    """Erase again, in one transaction, each case of ``erasures`` (read from the register a
    restore replaced: ``recorded_erasures``) that is in ``register`` (the restored backup,
    ``restored_from`` its file name) and not erased there. Each is audited as an erase whose
    reason says it was re-applied after that restore; the first erase's reason, who and
    when are kept in the audit row (``original``), and ``erasure`` reports them.

    A case that was still open in the backup is erased too (the council erased its data; the
    ending made after the backup is not in it). If any erase fails, none is made."""
    erased = erased_arrangements(register)
    again: list[str] = []
    still_open: list[str] = []
    with register.operation(ERASE_OPERATION):
        for item in erasures:
            found = register.db.execute(
                "SELECT reference, end_date FROM arrangements WHERE id = ?", [item.arrangement_id]
            ).fetchone()
            if found is None or found[0] != item.reference:
                continue  # made after the backup: nothing to erase
            if item.arrangement_id in erased:
                continue  # erased in the backup too: left alone
            _erase(
                register,
                item.arrangement_id,
                {
                    "reason": f"re-applied after restoring {restored_from}: {item.reason}",
                    "restored_from": restored_from,
                    "original": {"at": item.at, "user": item.user, "reason": item.reason},
                },
            )
            again.append(item.reference)
            if found[1] is None:
                still_open.append(item.reference)
    return ReapplyResult(again, still_open)


@dataclass(frozen=True)
class EraseResult:
    arrangement_id: int
    rows_erased: int
    audit_rows_redacted: int
    kept_shared: list[str]  # people also in another case, left for that case


def _redact(values: dict[str, Any], table: str, dobs: dict[str, str]) -> dict[str, Any]:
    out = dict(values)
    for name in (
        *PERSONAL_TEXT.get(table, ()),
        *(NAMES if table in {"children", "people"} else ()),
    ):
        if out.get(name) not in (None, ""):
            out[name] = ERASED
    if "date_of_birth" in dobs and out.get("date_of_birth") is not None:
        out["date_of_birth"] = dobs["date_of_birth"]
    return out


def erase_case(register: Register, arrangement_id: int, reason: object) -> EraseResult:
    """Erase the personal data of an ended case, in one audited transaction.

    Names become ``[erased]``, free text that can name or locate someone becomes
    ``[erased]``, dates of birth keep only the month (``reduce_birth_date``); codes, dates
    of events and the audit trail's who/when/what stay, so the statistics do not change.
    The audit rows of the case are redacted the same way. A person who is also in another
    case is left for that case."""
    text = check_erasable(register, arrangement_id, reason)
    return _erase(register, arrangement_id, {"reason": text})


def _erase(register: Register, arrangement_id: int, detail: dict[str, Any]) -> EraseResult:
    """The erase itself, audited with ``detail`` (its ``reason`` at least); no checks."""
    arrangement = register.arrangement(arrangement_id)
    db = register.db
    record = register.case(arrangement_id)
    key_dates = [
        d
        for d in (
            from_iso(arrangement["start_date"]),
            from_iso(arrangement["planned_start"]),
            from_iso(arrangement["end_date"]),
            *(from_iso(n["received"]) for n in record.notifications),
        )
        if d is not None
    ]

    def shared(table: str, column: str, row_id: int) -> bool:
        return bool(
            db.execute(
                f"SELECT 1 FROM [{table}] WHERE [{column}] = ? AND arrangement_id != ? LIMIT 1",
                [row_id, arrangement_id],
            ).fetchone()
        )

    targets: list[tuple[str, int]] = [("arrangements", arrangement_id)]
    kept: list[str] = []
    child_id = int(arrangement["child_id"])
    other_child = db.execute(
        "SELECT 1 FROM arrangements WHERE child_id = ? AND id != ?", [child_id, arrangement_id]
    ).fetchone()
    if other_child is None:
        targets.append(("children", child_id))
    else:
        kept.append(f"{full_name(record.child)} (the child, also in another case)")
    people = {arrangement["carer_id"]} if arrangement["carer_id"] is not None else set()
    for table in ("household_members", "parents"):
        for r in rows(
            db, f"SELECT id, person_id FROM [{table}] WHERE arrangement_id = ?", [arrangement_id]
        ):
            targets.append((table, int(r["id"])))
            people.add(r["person_id"])
    for person in sorted(people):
        in_other = (
            db.execute(
                "SELECT 1 FROM arrangements WHERE carer_id = ? AND id != ?",
                [person, arrangement_id],
            ).fetchone()
            or shared("household_members", "person_id", person)
            or shared("parents", "person_id", person)
        )
        if in_other:
            name = full_name(rows(db, "SELECT * FROM people WHERE id = ?", [person])[0])
            kept.append(f"{name} (also in another case)")
        else:
            targets.append(("people", int(person)))
    for table in ("notifications", "visits", "checks", "decisions", "enquiries"):
        if table not in register.db.table_names():
            continue
        for r in rows(db, f"SELECT id FROM [{table}] WHERE arrangement_id = ?", [arrangement_id]):
            targets.append((table, int(r["id"])))

    new_dobs: dict[tuple[str, int], str] = {}
    redacted = 0
    with register.operation(ERASE_OPERATION) as writer:
        for table, row_id in targets:
            current: Row = writer.get(table, row_id)
            changes = {
                k: v
                for k, v in _redact(current, table, {}).items()
                if k in current and v != current[k]
            }
            dob = from_iso(current.get("date_of_birth")) if "date_of_birth" in current else None
            if dob is not None:
                reduced = reduce_birth_date(dob, key_dates).isoformat()
                changes["date_of_birth"] = reduced
                new_dobs[(table, row_id)] = reduced
            if table == "arrangements":
                changes = {k: v for k, v in changes.items() if k in PERSONAL_TEXT[table]}
            writer.update(table, row_id, changes)
        # The audit trail keeps who, when and what was done; its copies of the personal
        # values go too. The append-only trigger is lifted inside this transaction only.
        trigger = db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
            ["audit_log_no_update"],
        ).fetchone()
        if trigger is not None:
            db.execute("DROP TRIGGER audit_log_no_update")
        for table, row_id in targets:
            dobs = {}
            if (table, row_id) in new_dobs:
                dobs["date_of_birth"] = new_dobs[(table, row_id)]
            for entry in rows(
                db,
                "SELECT id, before, after FROM audit_log WHERE table_name = ? AND row_id = ?",
                [table, str(row_id)],
            ):
                values = [
                    None
                    if entry[side] is None
                    else json.dumps(_redact(json.loads(entry[side]), table, dobs), sort_keys=True)
                    for side in ("before", "after")
                ]
                if values != [entry["before"], entry["after"]]:
                    db.execute(
                        "UPDATE audit_log SET before = ?, after = ? WHERE id = ?",
                        [*values, entry["id"]],
                    )
                    redacted += 1
        if trigger is not None:
            db.execute(trigger[0])
        writer._log(
            "arrangements",
            arrangement_id,
            "update",
            None,
            {"erased": [f"{t} {i}" for t, i in targets], **detail, "kept": kept},
        )
    return EraseResult(arrangement_id, len(targets), redacted, kept)


__all__ = [
    "ERASED",
    "ERASE_OPERATION",
    "EraseResult",
    "Erasure",
    "ReapplyResult",
    "RecordedErasure",
    "ReviewItem",
    "check_erasable",
    "due_for_review",
    "erase_case",
    "erased_arrangements",
    "erasure",
    "reapply_erasures",
    "recorded_erasures",
    "reduce_birth_date",
]
