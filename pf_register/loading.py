"""Reading the register: the facts the clock needs and the records a case page shows.

Facts for many arrangements are loaded with one query per table, grouped in memory, so the
due list of a county-sized register does not run a query per case.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlite_utils import Database

from pf_register.clock.facts import (
    CaseFacts,
    CheckFact,
    DecisionFact,
    NotificationFact,
    PersonFact,
    VisitFact,
)
from pf_register.dates import from_iso

Row = dict[str, Any]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Build many objects without the cyclic garbage collector running meanwhile.

    Loading a county's facts makes hundreds of thousands of small objects (none in cycles);
    each batch of them set off a collection that walked every live object again, about a
    third of the time of a year's statistics. Collection resumes, as before, afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def rows(db: Database, sql: str, params: Sequence[Any] = ()) -> list[Row]:
    cursor = db.execute(sql, list(params))
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, r, strict=True)) for r in cursor.fetchall()]


def full_name(row: Row, prefix: str = "") -> str:
    return f"{row[prefix + 'first_name']} {row[prefix + 'last_name']}".strip()


def _filter(
    ids: list[int] | None, open_on: date | None, column: str = "arrangement_id"
) -> tuple[str, list[Any]]:
    """A WHERE clause choosing arrangements by id and/or those still open on a day."""
    clauses: list[str] = []
    params: list[Any] = []
    if ids is not None:
        clauses.append(f"{column} IN ({', '.join('?' for _ in ids)})")
        params += ids
    if open_on is not None:
        clauses.append(
            f"{column} IN (SELECT id FROM arrangements WHERE end_date IS NULL OR end_date > ?)"
        )
        params.append(open_on.isoformat())
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _grouped(
    db: Database, sql: str, where: tuple[str, list[Any]]
) -> dict[int, list[tuple[Any, ...]]]:
    """Rows as tuples (no dict per row: a county's due list and statistics read ~10^5),
    grouped by their first column, the arrangement's id."""
    grouped: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in db.execute(sql + where[0], where[1]).fetchall():
        grouped[row[0]].append(row)
    return grouped


def load_case_facts(
    db: Database, arrangement_ids: Iterable[int] | None = None, *, open_on: date | None = None
) -> list[CaseFacts]:
    """Facts of the given arrangements (all if None), in reference order. ``open_on`` keeps
    only arrangements not yet ended on that day: the only ones that can have open work."""
    ids = None if arrangement_ids is None else list(arrangement_ids)
    where = _filter(ids, open_on)
    arrangement_where, params = _filter(ids, open_on, "a.id")
    arrangements = rows(
        db,
        "SELECT a.*, c.first_name AS c_first_name, c.last_name AS c_last_name,"
        " c.date_of_birth AS c_dob, c.disabled AS c_disabled,"
        " p.first_name AS p_first_name, p.last_name AS p_last_name, p.date_of_birth AS p_dob"
        " FROM arrangements a JOIN children c ON c.id = a.child_id"
        " LEFT JOIN people p ON p.id = a.carer_id" + arrangement_where + " ORDER BY a.reference",
        params,
    )
    # Each query's columns are read by position below: keep the two in step.
    notifications = _grouped(
        db, "SELECT arrangement_id, id, kind, received FROM notifications", where
    )
    visits = _grouped(
        db, "SELECT arrangement_id, id, visit_date, child_seen, report_date FROM visits", where
    )
    checks = _grouped(
        db,
        "SELECT arrangement_id, id, kind, person_id, requested, returned, outcome FROM checks",
        where,
    )
    decisions = _grouped(
        db, "SELECT arrangement_id, id, outcome, decision_date, letter_date FROM decisions", where
    )
    household = _grouped(
        db,
        "SELECT h.arrangement_id, h.person_id, h.joined, h.[left], p.first_name, p.last_name,"
        " p.date_of_birth FROM household_members h JOIN people p ON p.id = h.person_id",
        _filter(ids, open_on, "h.arrangement_id"),
    )
    result = []
    for a in arrangements:
        aid = a["id"]
        carer = None
        if a["carer_id"] is not None:
            carer = PersonFact(a["carer_id"], full_name(a, "p_"), from_iso(a["p_dob"]))
        result.append(
            CaseFacts(
                arrangement_id=aid,
                reference=a["reference"],
                child_name=full_name(a, "c_"),
                child_dob=from_iso(a["c_dob"]),
                child_disabled=None if a["c_disabled"] is None else bool(a["c_disabled"]),
                start_date=from_iso(a["start_date"]),
                end_date=from_iso(a["end_date"]),
                intended_duration_days=a["intended_duration_days"],
                confirmed_date=from_iso(a["confirmed_date"]),
                carer=carer,
                # h: arrangement_id, person_id, joined, left, first_name, last_name, dob
                household=tuple(
                    PersonFact(
                        h[1],
                        f"{h[4]} {h[5]}".strip(),
                        from_iso(h[6]),
                        from_iso(h[2]),
                        from_iso(h[3]),
                    )
                    for h in household.get(aid, ())
                ),
                # n: arrangement_id, id, kind, received
                notifications=tuple(
                    NotificationFact(n[2], from_iso(n[3]), n[1])  # type: ignore[arg-type]
                    for n in notifications.get(aid, ())
                ),
                # v: arrangement_id, id, visit_date, child_seen, report_date
                visits=tuple(
                    VisitFact(from_iso(v[2]), bool(v[3]), from_iso(v[4]), v[1])  # type: ignore[arg-type]
                    for v in visits.get(aid, ())
                ),
                # c: arrangement_id, id, kind, person_id, requested, returned, outcome
                checks=tuple(
                    CheckFact(c[2], c[3], from_iso(c[4]), from_iso(c[5]), c[6], c[1])
                    for c in checks.get(aid, ())
                ),
                # d: arrangement_id, id, outcome, decision_date, letter_date
                decisions=tuple(
                    DecisionFact(d[2], from_iso(d[3]), from_iso(d[4]), d[1])  # type: ignore[arg-type]
                    for d in decisions.get(aid, ())
                ),
            )
        )
    return result


@dataclass
class CaseRecord:
    """Everything recorded about one arrangement, as rows, for a case page or an export."""

    arrangement: Row
    child: Row
    carer: Row | None
    household: list[Row] = field(default_factory=list)
    parents: list[Row] = field(default_factory=list)
    notifications: list[Row] = field(default_factory=list)
    visits: list[Row] = field(default_factory=list)
    checks: list[Row] = field(default_factory=list)
    decisions: list[Row] = field(default_factory=list)


def load_case_record(db: Database, arrangement_id: int) -> CaseRecord | None:
    found = rows(db, "SELECT * FROM arrangements WHERE id = ?", [arrangement_id])
    if not found:
        return None
    a = found[0]
    child = rows(db, "SELECT * FROM children WHERE id = ?", [a["child_id"]])[0]
    carer = None
    if a["carer_id"] is not None:
        carer = rows(db, "SELECT * FROM people WHERE id = ?", [a["carer_id"]])[0]
    people_sql = (
        "SELECT link.id AS link_id, link.*, p.* FROM {table} link"
        " JOIN people p ON p.id = link.person_id WHERE link.arrangement_id = ? ORDER BY link.id"
    )

    def linked(table: str) -> list[Row]:
        result = []
        for row in rows(db, people_sql.format(table=table), [arrangement_id]):
            row["id"] = row.pop("link_id")
            result.append(row)
        return result

    def of(table: str, order: str) -> list[Row]:
        return rows(
            db,
            f"SELECT * FROM {table} WHERE arrangement_id = ? ORDER BY {order}, id",
            [arrangement_id],
        )

    return CaseRecord(
        arrangement=a,
        child=child,
        carer=carer,
        household=linked("household_members"),
        parents=linked("parents"),
        notifications=of("notifications", "received"),
        visits=of("visits", "visit_date"),
        checks=of("checks", "coalesce(requested, returned, '')"),
        decisions=of("decisions", "decision_date"),
    )
