"""The due list, kept between refreshes and recomputed only for the cases a write touched.

Deadlines are derived, never stored; but recomputing every open case after each save makes a
county-sized register freeze the window for seconds. The cache holds each open case's open
obligations for one day and one set of settings. A write marks its cases dirty (the audited
writer notes every row it touches); another program's commit (SQLite's ``data_version``), a
new day or changed settings throw the whole cache away.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from pf_register.clock import Obligation, open_obligations
from pf_register.loading import gc_paused, load_case_facts
from pf_register.settings import Settings
from pf_register.storage import open_database
from pf_register.workdays import WorkingCalendar


def data_version(db: Database) -> int:
    return int(db.execute("PRAGMA data_version").fetchone()[0])


def arrangements_touched(db: Database, touched: Iterable[tuple[str, int, int | None]]) -> set[int]:
    """The arrangements whose deadlines a set of written rows can change."""
    result: set[int] = set()
    children: set[int] = set()
    people: set[int] = set()
    for table, row_id, arrangement in touched:
        if table == "arrangements":
            result.add(row_id)
        elif arrangement is not None:
            result.add(int(arrangement))
        elif table == "children":
            children.add(row_id)
        elif table == "people":
            people.add(row_id)
    for sql, ids in (
        ("SELECT id FROM arrangements WHERE child_id IN ({})", children),
        ("SELECT id FROM arrangements WHERE carer_id IN ({})", people),
        ("SELECT arrangement_id FROM household_members WHERE person_id IN ({})", people),
        ("SELECT arrangement_id FROM parents WHERE person_id IN ({})", people),
    ):
        if ids:
            marks = ", ".join("?" for _ in ids)
            result.update(r[0] for r in db.execute(sql.format(marks), list(ids)))
    return result


@dataclass
class DueCache:
    today: date
    settings: Settings
    data_version: int
    by_case: dict[int, list[Obligation]] = field(default_factory=dict)

    @classmethod
    def build(
        cls, db: Database, today: date, calendar: WorkingCalendar, settings: Settings
    ) -> DueCache:
        cache = cls(today, settings, data_version(db))
        cache._compute(db, None, calendar)
        return cache

    def is_valid_for(self, db: Database, today: date, settings: Settings) -> bool:
        return (
            self.today == today
            and self.settings == settings
            and self.data_version == data_version(db)
        )

    def update(self, db: Database, arrangement_ids: set[int], calendar: WorkingCalendar) -> None:
        """Recompute the given cases (an ended one drops out)."""
        for arrangement_id in arrangement_ids:
            self.by_case.pop(arrangement_id, None)
        if arrangement_ids:
            self._compute(db, arrangement_ids, calendar)

    def _compute(self, db: Database, ids: set[int] | None, calendar: WorkingCalendar) -> None:
        with gc_paused():  # many small objects, no cycles
            facts = load_case_facts(db, ids, open_on=self.today)
            for obligation in open_obligations(facts, self.today, calendar, self.settings):
                self.by_case.setdefault(obligation.arrangement_id, []).append(obligation)

    def obligations(self, within_days: int | None = None) -> list[Obligation]:
        return [
            o
            for case in self.by_case.values()
            for o in case
            if within_days is None or o.days <= within_days
        ]


@dataclass
class DueWork:
    """The due list judged on another thread, with a connection of its own.

    ``Register.due_work()`` makes one on the register's thread; ``run()`` (on any one thread)
    opens the file read-only, builds the cache and closes that connection, so no SQLite
    connection crosses threads; ``Register.adopt_due(work)`` back on the register's thread
    takes the cache if nothing was committed by another program meanwhile (its own writes are
    still marked dirty and recomputed by the next ``due()``).
    """

    path: Path
    today: date
    settings: Settings
    data_version: int  # the owning connection's, when the work was made
    cache: DueCache | None = None
    error: Exception | None = None

    def run(self) -> None:
        try:
            db = open_database(self.path, create=False, read_only=True)
            try:
                calendar = WorkingCalendar(frozenset(self.settings.closure_days))
                self.cache = DueCache.build(db, self.today, calendar, self.settings)
            finally:
                db.close()
        except Exception as exc:  # reported to the owner, which judges on its own thread
            self.error = exc
