"""Reading the register: the facts the clock needs and the records a case page shows.

Facts for many arrangements are loaded with one query per table (per few hundred cases),
grouped in memory, so the due list of a county-sized register does not run a query per case.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from typing import Any

from pf_register.clock.facts import (
    CaseFacts,
    CheckFact,
    DecisionFact,
    NotificationFact,
    PersonFact,
    VisitFact,
)
from pf_register.codes import CHILD_LIVING_THERE_KINDS
from pf_register.database import Database
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


def escape_like(text: str) -> str:
    """``text`` matched as itself in ``LIKE ... ESCAPE '\\'`` (its % and _ not wildcards)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_CHUNK = 500  # ids per statement: well under SQLite's limit on parameters (999 before 3.32)


class IsoDates(dict[str | None, date | None]):
    """ISO text to date, each distinct text parsed once: a register holds a few thousand
    distinct days in ~10^5 date fields (``from_iso`` per field was a tenth of a load)."""

    def __init__(self) -> None:
        super().__init__({None: None})

    def __missing__(self, text: str | None) -> date | None:
        day = self[text] = from_iso(text)
        return day


class SharedText(dict[Any, Any]):
    """Each distinct text once: a code read from ~10^5 rows ("dbs", "clear", "confirmed_pf")
    is otherwise a new string per row, a few MiB of copies at county scale."""

    def __missing__(self, text: Any) -> Any:
        self[text] = text
        return text


def select_by_ids(
    db: Database,
    sql: str,
    column: str,
    ids: Sequence[int] | None,
    condition: str = "",
    params: Sequence[Any] = (),
) -> list[Any]:
    """Rows of ``sql`` as tuples, for the arrangements in ``ids`` by ``column`` (all if None),
    a few hundred ids per statement, and meeting ``condition`` if given."""
    if ids is None:
        where = " WHERE " + condition if condition else ""
        return db.execute(sql + where, list(params)).fetchall()
    found: list[Any] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        where = f" WHERE {column} IN ({', '.join('?' * len(chunk))})"
        where += " AND " + condition if condition else ""
        found += db.execute(sql + where, chunk + list(params)).fetchall()
    return found


def load_case_facts(
    db: Database, arrangement_ids: Iterable[int] | None = None, *, open_on: date | None = None
) -> list[CaseFacts]:
    """Facts of the given arrangements (all if None), in reference order. ``open_on`` keeps
    only arrangements not yet ended on that day: the only ones that can have open work."""
    return [
        case for batch in iter_case_facts(db, arrangement_ids, open_on=open_on) for case in batch
    ]


def iter_case_facts(
    db: Database,
    arrangement_ids: Iterable[int] | None = None,
    *,
    open_on: date | None = None,
    batch: int | None = None,
) -> Iterator[list[CaseFacts]]:
    """``load_case_facts`` in lists of up to ``batch`` arrangements (one list if None), each
    read when the one before has been taken: a caller that drops each list when done keeps
    few facts alive at once (the due list of 50,000 cases peaked at 12 MiB, not 25 MiB).

    The arrangements are read first, then each other table for the arrangements found, by
    their ids (index seeks): neither the due list after a write (one case) nor a fresh one
    (the open cases) scans the arrangements again for every table. Within a case, SQLite
    reads rows in id order either way (``tests/core/test_loading_facts.py`` checks it).
    """
    if batch is not None and batch < 1:
        raise ValueError(f"batch must be at least 1, not {batch}")
    ids = None if arrangement_ids is None else sorted(set(arrangement_ids))
    still_open = "(a.end_date IS NULL OR a.end_date > ?)" if open_on is not None else ""
    # Each query's columns are read by position below: keep the two in step.
    arrangements = select_by_ids(
        db,
        "SELECT a.id, a.reference, a.start_date, a.end_date, a.intended_duration_days,"
        " a.confirmed_date, a.carer_id, p.first_name, p.last_name, p.date_of_birth,"
        " c.first_name, c.last_name, c.date_of_birth, c.disabled"
        " FROM arrangements a JOIN children c ON c.id = a.child_id"
        " LEFT JOIN people p ON p.id = a.carer_id",
        "a.id",
        ids,
        still_open,
        [open_on.isoformat()] if open_on is not None else [],
    )
    # Sorted here rather than by "ORDER BY a.reference", which can walk the reference index
    # and read every arrangement in random order. Python orders str as SQLite's BINARY does.
    arrangements.sort(key=itemgetter(1))
    day = IsoDates()
    if batch is None:
        every = ids is None and open_on is None  # then each table is read whole, in one pass
        yield _facts(db, arrangements, None if every else [a[0] for a in arrangements], day)
        return
    while arrangements:  # each batch's rows let go as it is taken (a county's: ~3.5 MiB)
        part = arrangements[:batch]
        del arrangements[:batch]
        yield _facts(db, part, [a[0] for a in part], day)


def _facts(
    db: Database, arrangements: list[Any], ids: list[int] | None, day: IsoDates
) -> list[CaseFacts]:
    """The facts of ``arrangements`` (rows of ``iter_case_facts``' first query), reading the
    other tables for ``ids`` (their ids; every row of each table if None)."""
    wanted = None if ids is None else sorted(ids)
    code = SharedText()

    notifications: dict[int, list[NotificationFact]] = defaultdict(list)
    for aid, nid, kind, received in select_by_ids(
        db, "SELECT arrangement_id, id, kind, received FROM notifications", "arrangement_id", wanted
    ):
        notifications[aid].append(NotificationFact(code[kind], day[received], nid))  # type: ignore[arg-type]
    visits: dict[int, list[VisitFact]] = defaultdict(list)
    for aid, vid, visit_date, child_seen, report_date in select_by_ids(
        db,
        "SELECT arrangement_id, id, visit_date, child_seen, report_date FROM visits",
        "arrangement_id",
        wanted,
    ):
        visits[aid].append(
            VisitFact(day[visit_date], bool(child_seen), day[report_date], vid)  # type: ignore[arg-type]
        )
    checks: dict[int, list[CheckFact]] = defaultdict(list)
    for aid, cid, kind, person_id, requested, returned, outcome in select_by_ids(
        db,
        "SELECT arrangement_id, id, kind, person_id, requested, returned, outcome FROM checks",
        "arrangement_id",
        wanted,
    ):
        checks[aid].append(
            CheckFact(code[kind], person_id, day[requested], day[returned], code[outcome], cid)
        )
    decisions: dict[int, list[DecisionFact]] = defaultdict(list)
    for aid, did, outcome, decision_date, letter_date in select_by_ids(
        db,
        "SELECT arrangement_id, id, outcome, decision_date, letter_date FROM decisions",
        "arrangement_id",
        wanted,
    ):
        decisions[aid].append(
            DecisionFact(code[outcome], day[decision_date], day[letter_date], did)  # type: ignore[arg-type]
        )
    household: dict[int, list[PersonFact]] = defaultdict(list)
    for aid, person_id, joined, left, first, last, dob in select_by_ids(
        db,
        "SELECT h.arrangement_id, h.person_id, h.joined, h.[left], p.first_name, p.last_name,"
        " p.date_of_birth FROM household_members h JOIN people p ON p.id = h.person_id",
        "h.arrangement_id",
        wanted,
    ):
        household[aid].append(
            PersonFact(person_id, f"{first} {last}".strip(), day[dob], day[joined], day[left])
        )

    result = []
    none: tuple[()] = ()
    for (
        aid,
        reference,
        start_date,
        end_date,
        duration,
        confirmed,
        carer_id,
        p_first,
        p_last,
        p_dob,
        c_first,
        c_last,
        c_dob,
        c_disabled,
    ) in arrangements:
        result.append(
            CaseFacts(
                arrangement_id=aid,
                reference=reference,
                child_name=f"{c_first} {c_last}".strip(),
                child_dob=day[c_dob],
                child_disabled=None if c_disabled is None else bool(c_disabled),
                start_date=day[start_date],
                end_date=day[end_date],
                intended_duration_days=duration,
                confirmed_date=day[confirmed],
                carer=None
                if carer_id is None
                else PersonFact(carer_id, f"{p_first} {p_last}".strip(), day[p_dob]),
                household=tuple(household.get(aid, none)),
                notifications=tuple(notifications.get(aid, none)),
                visits=tuple(visits.get(aid, none)),
                checks=tuple(checks.get(aid, none)),
                decisions=tuple(decisions.get(aid, none)),
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

    def living_there_since(self) -> date | None:
        """The day the authority first knew the child was living there (a Reg 5 or Reg 6
        notice), whether or not a move-in date is recorded."""
        days = [
            from_iso(n["received"])
            for n in self.notifications
            if n["kind"] in CHILD_LIVING_THERE_KINDS and n["received"]
        ]
        return min((d for d in days if d is not None), default=None)


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
