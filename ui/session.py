"""The open register as the front end sees it: one object, one ``changed`` signal.

Like Anki's ``aqt.operations``: a screen performs an operation through ``perform``; the register
validates and writes; ``changed`` tells every screen to refresh what it shows. Reads that several
screens need (the due list) are computed once per change and shared.

The due list is kept up to date case by case after the app's own writes (milliseconds). When it
must be judged again in full (another program committed, a new day, changed settings, F5 after
any of these: ~1 s for ten counties), a worker judges it off the GUI thread with its own
connection; meanwhile ``due_updating()`` is True and screens say so rather than show the old
list, and ``due_changed`` tells them when the new one is in.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from pf_register.clock.obligation import Obligation
from pf_register.due_cache import DueWork
from pf_register.errors import RegisterError
from pf_register.register import Register, first_per_case
from ui.lazy import Worker

T = TypeVar("T")


class Session(QObject):
    """Owns the open ``Register`` for the window; emits ``changed(what)`` after every write."""

    changed = Signal(str)
    due_changed = Signal()  # a due list judged off the GUI thread replaces the one handed out

    MAX_TRIES = 3  # another program committing during each judging: then judge it here
    RETRY_MS = 2000  # the file could not be read (locked on a share): try again after this
    DAY_CHECK_MS = 60_000  # how often an open app looks whether midnight has passed

    def __init__(self, register: Register, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.register = register
        self._due: list[Obligation] | None = None  # the last list judged
        self._due_fresh = False  # and nothing has changed since
        self._next_due: dict[int, Obligation] | None = None
        self._due_worker: Worker | None = None
        self._due_work_for: Register | None = None
        self._tries = 0
        self._retrying = False  # a failed judging waits for RETRY_MS before the next try
        self._judged_on: date | None = None  # the day the last list was judged for
        # The list is the one stored when the app last closed (``take_stored_due``): right,
        # but the register's cache behind it is still to be built on a worker.
        self._from_store = False
        # Left open overnight, the list must move on with the day: what was due today is
        # overdue tomorrow. Also checked whenever the officer changes page (``check_day``).
        self._day_timer = QTimer(self)
        self._day_timer.timeout.connect(self.check_day)
        self._day_timer.start(self.DAY_CHECK_MS)

    # ------------------------------------------------------------------ writes
    def perform(self, what: str, operation: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run one register operation; on success, tell every screen. Errors propagate
        (a ``ValidationError`` is for the form that called, to show beside its field)."""
        result = operation(*args, **kwargs)
        self.invalidate()
        self.changed.emit(what)
        return result

    def invalidate(self) -> None:
        self._due_fresh = False
        self._from_store = False
        self._next_due = None

    def refresh(self) -> None:
        """Re-read everything (F5): another program may have written the file."""
        self.invalidate()
        self.changed.emit("refresh")

    def check_day(self) -> None:
        """If the day has changed since the due list was judged, judge it again (as F5)."""
        try:
            today = self.register.today()
        except sqlite3.ProgrammingError:  # closed
            return
        if self._judged_on is not None and today != self._judged_on and self._due_fresh:
            self.refresh()

    # ------------------------------------------------------------------ shared reads
    def today(self) -> date:
        return self.register.today()

    def due(self) -> list[Obligation]:
        """Every open obligation in the register, most urgent first (cached until a change).

        While ``due_updating()`` this is the last list judged, out of date: show that it is
        being updated, not the list."""
        # (A first list asked for while a worker judges it, after a write say, is judged
        # here too; the worker's list, when it comes, is then taken only if it holds.)
        if (
            not self._due_fresh
            and not self._retrying
            and (self._due_worker is None or self._due is None)
        ):
            if self._due is None or self.register.due_is_current():
                # The first list, or the cases written here recomputed: milliseconds.
                self._due = self.register.due()
                self._fresh()
            else:
                self._judge_on_worker()
        # Empty only while a first list that could not be read waits to be tried again
        # (``due_updating``: the pages say so).
        return self._due if self._due is not None else []

    def take_stored_due(self) -> bool:
        """At start: take today's due list as stored when the app last closed, if it still
        holds (``Register.stored_due``: milliseconds, where judging takes ~45 ms for a
        county). ``judge_off_thread`` then builds the register's cache behind it, and says
        ``due_changed`` only if its list differs. True if there was one."""
        if self._due is not None:
            return False
        try:
            found = self.register.stored_due()
        except sqlite3.Error:
            found = None
        if found is None:
            return False
        self._due = found
        self._fresh()
        self._from_store = True
        return True

    def judge_off_thread(self) -> None:
        """Judge the due list on a worker unless it is current or already being judged (the
        home page's first list, just after the window's first paint); ``due_changed`` when
        done. As for every later list: if the worker's list no longer holds it is judged
        here, and if the file cannot be read it is tried again after ``RETRY_MS``."""
        if self._wants_judging():
            self._judge_on_worker()

    def _wants_judging(self) -> bool:
        return (
            (not self._due_fresh or self._from_store)
            and self._due_worker is None
            and not self._retrying
        )

    def due_updating(self) -> bool:
        """True while the due list is judged again off the GUI thread (``due_changed`` when
        done): ``due()`` and ``next_due()`` are then out of date."""
        return not self._due_fresh and (self._due_worker is not None or self._retrying)

    def next_due(self) -> dict[int, Obligation]:
        """The most urgent open obligation of each arrangement."""
        if self._next_due is None or not self._due_fresh:
            self._next_due = first_per_case(self.due())
        return self._next_due

    # ------------------------------------------------------------------ judging off the GUI thread
    def _judge_on_worker(self) -> None:
        self._tries += 1
        self._due_work_for = self.register
        worker = Worker(self.register.due_work())
        worker.done.connect(self._judged)
        self._due_worker = worker
        worker.start()

    def _judged(self, work: DueWork) -> None:
        self._due_worker = None
        register = self.register
        try:
            if self._due_work_for is register and register.adopt_due(work):
                pass  # writes made here meanwhile are recomputed by due() below
            elif (
                not register.due_is_current()
                and work.error is None
                and self._tries < self.MAX_TRIES
            ):
                # Another program committed meanwhile (or the day, the settings or the file
                # changed): judge again, still off the GUI thread.
                self._judge_on_worker()
                return
            shown = self._due if self._from_store else None
            self._due = register.due()  # milliseconds, unless the worker could not help
        except sqlite3.ProgrammingError:
            return  # the register was closed meanwhile: nothing to show
        except (sqlite3.Error, RegisterError):
            # The file could not be read (e.g. locked past the busy timeout on a network
            # share): the pages go on saying the list is being updated, and it is tried again
            # shortly, off the GUI thread, rather than left unfinished until the next save.
            self._retrying = True
            QTimer.singleShot(self.RETRY_MS, self._retry)
            return
        self._fresh()
        self._from_store = False
        if shown is not None and shown == self._due:
            return  # the list on screen was right: the pages keep their rows and selection
        self._next_due = None
        self.due_changed.emit()

    def _retry(self) -> None:
        self._retrying = False
        if self._wants_judging():
            self._tries = 0
            self._judge_on_worker()

    def _fresh(self) -> None:
        self._due_fresh = True
        self._tries = 0
        self._judged_on = self.register.today()
