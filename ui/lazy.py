"""Pages that load their lists only when the officer looks at them.

A county's enquiry log holds tens of thousands of rows: reading them when the app starts, or
again after every save while the page is hidden, keeps the window from answering. A page
hands its ``refresh`` to ``RefreshWhenShown``: a change while it is shown refreshes it at
once; while it is hidden, the page is marked stale and refreshed when it is next shown.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget


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
