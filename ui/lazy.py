"""Pages that load their lists only when the officer looks at them, and reads off the GUI thread.

A county's enquiry log holds tens of thousands of rows: reading them when the app starts, or
again after every save while the page is hidden, keeps the window from answering. A page
hands its ``refresh`` to ``RefreshWhenShown``: a change while it is shown refreshes it at
once; while it is hidden, the page is marked stale and refreshed when it is next shown.

What takes longer than the window may stop answering (choosing and ordering half a million
enquiry ids, judging every open case) runs on a ``Worker``: the work opens the file read-only
with its own connection on the worker's thread (``ReadWork``, ``DueWork``), so no SQLite
connection crosses threads. ``LatestRead`` runs a page's reads one at a time and delivers
only the last one asked for: a change or a new search while one runs asks again.
"""

from __future__ import annotations

import atexit
from collections.abc import Callable
from typing import Any, ClassVar, Protocol

from PySide6.QtCore import QEvent, QObject, QThread, Signal
from PySide6.QtWidgets import QWidget

from pf_register.read_work import ReadWork


class RefreshWhenShown(QObject):
    """Refreshes ``page`` now if it is visible, otherwise the next time it is shown."""

    def __init__(self, page: QWidget, refresh: Callable[[], None]) -> None:
        super().__init__(page)
        self.page = page
        self._refresh = refresh
        self.stale = True  # nothing loaded yet: the first showing loads it
        page.installEventFilter(self)

    def changed(self) -> None:
        """The register changed: refresh now if the officer can see the page."""
        if self.page.isVisible():
            self.refresh_now()
        else:
            self.stale = True

    def refresh_now(self) -> None:
        self.stale = False
        self._refresh()

    def ensure_fresh(self) -> None:
        """Load now if stale (before reading the page's list while it is hidden)."""
        if self.stale:
            self.refresh_now()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.page and event.type() == QEvent.Type.Show and self.stale:
            self.refresh_now()
        return False


class Work(Protocol):
    def run(self) -> None: ...


class CallWork:
    """``call()`` as work for a ``Worker``: its result, or the exception it raised, is kept
    for the GUI thread (e.g. writing an export)."""

    def __init__(self, call: Callable[[], Any]) -> None:
        self.call = call
        self.result: Any = None
        self.error: Exception | None = None

    def run(self) -> None:
        try:
            self.result = self.call()
        except Exception as exc:  # reported to the owner, on its own thread
            self.error = exc


class Worker(QThread):
    """Runs one piece of work off the GUI thread; ``done`` delivers it, queued, to the GUI
    thread. Kept alive until it has finished, whatever happens to whoever asked (a running
    QThread must not be destroyed); the program waits for any still running as it exits."""

    done = Signal(object)
    running: ClassVar[set[Worker]] = set()

    def __init__(self, work: Work) -> None:
        super().__init__()
        self.work = work
        Worker.running.add(self)
        self.finished.connect(self._forget)

    def run(self) -> None:
        self.work.run()
        self.done.emit(self.work)

    def _forget(self) -> None:
        Worker.running.discard(self)
        self.deleteLater()


@atexit.register
def _wait_for_workers() -> None:
    for worker in list(Worker.running):
        worker.wait()


class LatestRead(QObject):
    """A page's reads off the GUI thread, one at a time: ``ask`` while one runs waits for
    it, and only the last read asked for is delivered (``ready(result)``, or ``failed(error)``),
    so a list never shows an answer to an older question (a search since changed, a write
    since made)."""

    ready = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._running: ReadWork[Any] | None = None
        self._next: ReadWork[Any] | None = None

    def busy(self) -> bool:
        """True from ``ask`` until its answer is delivered."""
        return self._running is not None

    def ask(self, work: ReadWork[Any]) -> None:
        if self._running is not None:
            self._next = work  # replaces any other waiting: only the last one counts
            return
        self._start(work)

    def _start(self, work: ReadWork[Any]) -> None:
        self._running = work
        worker = Worker(work)
        worker.done.connect(self._done)
        worker.start()

    def _done(self, work: ReadWork[Any]) -> None:
        if work is not self._running:
            return
        self._running = None
        if self._next is not None:  # asked again meanwhile: this answer is out of date
            waiting, self._next = self._next, None
            self._start(waiting)
        elif work.error is not None:
            self.failed.emit(work.error)
        else:
            self.ready.emit(work.result)
