"""The due list, kept between refreshes and recomputed only for the cases a write touched.

Deadlines are derived, never stored; but recomputing every open case after each save makes a
county-sized register freeze the window for seconds. The cache holds each open case's open
obligations for one day and one set of settings. A write marks its cases dirty (the audited
writer notes every row it touches); another program's commit (SQLite's ``data_version``), a
new day or changed settings throw the whole cache away.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import chain
from pathlib import Path
from typing import Any

from pf_register.clock import Obligation, open_obligations
from pf_register.clock.obligation import URGENCY
from pf_register.database import Database
from pf_register.loading import gc_paused, iter_case_facts
from pf_register.read_work import ReadWork
from pf_register.settings import Settings
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


_KEY: Callable[[Obligation], tuple[Any, ...]] = Obligation.sort_key
# Above this many, obligations gone are filtered out of the list in one pass rather than
# taken out one at a time (each a bisection and a move of the list's tail).
_IN_PLACE = 64
_BATCH = 256  # cases whose facts are read at once


def merged(ordered: list[Obligation], more: Iterable[Obligation]) -> list[Obligation]:
    """``ordered`` (most urgent first) with ``more`` in their places: the same list as
    sorting both (stably, ``ordered`` first) without sorting ``ordered`` again."""
    result: list[Obligation] = []
    start = 0
    for obligation in sorted(more, key=_KEY):
        at = bisect_right(ordered, obligation.sort_key(), lo=start, key=_KEY)
        result += ordered[start:at]
        result.append(obligation)
        start = at
    result += ordered[start:]
    return result


@dataclass
class DueCache:
    today: date
    settings: Settings
    data_version: int
    by_case: dict[int, list[Obligation]] = field(default_factory=dict)
    # Every obligation of ``by_case``, most urgent first, kept in order by each update: a due
    # list is then a copy (or, within some days, slices), not a sort of every open case's
    # work. Sort keys differ between cases (they hold the reference), so only a case's own
    # obligations can tie, and they keep the order the clock gave them.
    ordered: list[Obligation] = field(default_factory=list)

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
        if not arrangement_ids:
            return
        gone = [o for i in arrangement_ids for o in self.by_case.pop(i, ())]
        if len(gone) > _IN_PLACE or not self._remove_in_place(gone):
            self.ordered = [o for o in self.ordered if o.arrangement_id not in arrangement_ids]
        self._compute(db, arrangement_ids, calendar)

    def _remove_in_place(self, gone: list[Obligation]) -> bool:
        ordered = self.ordered
        for obligation in gone:
            at = bisect_left(ordered, obligation.sort_key(), key=_KEY)
            while at < len(ordered) and ordered[at] is not obligation:
                at += 1  # past the case's other obligations with the same key
            if at == len(ordered):
                return False  # not in order (never expected): the caller filters instead
            del ordered[at]
        return True

    def _compute(self, db: Database, ids: set[int] | None, calendar: WorkingCalendar) -> None:
        # Facts are read a batch of cases at a time and dropped once judged: few are alive at
        # once (half the peak memory at 50,000 cases), and when collection resumes its first
        # pass walks the obligations kept, not every fact loaded (~40 ms at 50,000 cases).
        batches = iter_case_facts(db, ids, open_on=self.today, batch=_BATCH)
        with gc_paused():  # many small objects, no cycles
            found = open_obligations(  # in order
                chain.from_iterable(batches),
                self.today,
                calendar,
                self.settings,
                by_case=self.by_case,
            )
        # After any equal key, in the clock's order: as one stable sort of the whole list.
        self.ordered = merged(self.ordered, found) if self.ordered else found

    def obligations(self, within_days: int | None = None) -> list[Obligation]:
        """The open obligations, most urgent first; with ``within_days``, those due within
        that many days of the cache's day (so every overdue one)."""
        ordered = self.ordered
        if within_days is None:
            return ordered.copy()
        try:
            beyond = self.today + timedelta(days=within_days + 1)  # the first day left out
        except OverflowError:
            return ordered.copy() if within_days > 0 else []
        # Each status's obligations are in due-date order: keep the start of each run.
        result: list[Obligation] = []
        start = 0
        while start < len(ordered):
            urgency = URGENCY[ordered[start].status]
            end = bisect_left(ordered, (urgency + 1,), lo=start, key=_KEY)
            result += ordered[start : bisect_left(ordered, (urgency, beyond), start, end, key=_KEY)]
            start = end
        return result


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
        calendar = WorkingCalendar(frozenset(self.settings.closure_days))
        read = ReadWork(
            self.path, lambda db: DueCache.build(db, self.today, calendar, self.settings)
        )
        read.run()  # errors are reported to the owner, which then judges on its own thread
        self.cache, self.error = read.result, read.error
