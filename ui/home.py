"""Home: what is due. Counts by status, each opening the filtered list; rows open the case."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from pf_register.clock.obligation import Obligation, Status
from ui.common import fmt_date, plural, status_icon
from ui.models import ObligationModel
from ui.session import Session
from ui.widgets import fit_to_text, make_table

# (key, the statuses shown, the button's words)
FILTERS: tuple[tuple[str, frozenset[Status], str], ...] = (
    ("overdue", frozenset({Status.OVERDUE}), "Overdue"),
    ("today", frozenset({Status.DUE_TODAY}), "Due today"),
    ("soon", frozenset({Status.DUE_SOON}), "Due this week"),
    ("upcoming", frozenset({Status.UPCOMING}), "Upcoming"),
    ("all", frozenset({Status.OVERDUE, Status.DUE_TODAY, Status.DUE_SOON, Status.UPCOMING}), "All"),
)
_LONG_COLUMNS = ("What is due", "Detail")  # stretched, shortened in the middle
_ICON_FOR = {
    "overdue": Status.OVERDUE,
    "today": Status.DUE_TODAY,
    "soon": Status.DUE_SOON,
    "upcoming": Status.UPCOMING,
}


class Banner(QLabel):
    """The overdue warning; a click (or Enter on it) opens the Overdue list."""

    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class HomePage(QWidget):
    """The officer's morning: overdue, due today, due soon, upcoming."""

    open_case = Signal(int)
    open_enquiry = Signal(int)  # an enquiry's id, for ENQUIRY_FOLLOW_UP rows
    filled = Signal()  # the due list was read and put in the page (and after changes)
    first_shown = Signal()  # the due list is on screen for the first time (after a paint)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.filter = ""  # chosen at the first refresh: Overdue if anything is
        self._obligations: list[Obligation] = []

        self.banner = Banner(self)
        self.banner.setCursor(Qt.CursorShape.PointingHandCursor)
        self.banner.setToolTip("Open the Overdue list")
        self.banner.clicked.connect(self.show_overdue)
        self.banner.setObjectName("overdue_banner")
        self.banner.setAccessibleName("Overdue warning")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "QLabel { background: #b71c1c; color: white; font-weight: bold;"
            " padding: 8px 12px; border-radius: 4px; }"
        )
        self.banner.hide()

        self.greeting = QLabel(self)
        self.greeting.setObjectName("home_greeting")
        font = self.greeting.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.greeting.setFont(font)

        self.buttons: dict[str, QPushButton] = {}
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        counts = QHBoxLayout()
        for key, _statuses, words in FILTERS:
            button = QPushButton(words, self)
            button.setCheckable(True)
            button.setObjectName(f"count_{key}")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setMinimumHeight(56)
            if key in _ICON_FOR:
                button.setIcon(status_icon(_ICON_FOR[key]))
            button.clicked.connect(lambda _checked=False, k=key: self.show_filter(k))
            self.group.addButton(button)
            self.buttons[key] = button
            counts.addWidget(button)

        self.list_title = QLabel(self)
        self.list_title.setObjectName("due_list_title")
        self.model = ObligationModel(self)
        self.table = make_table(self.model, "Due list", self)
        self.table.setSortingEnabled(False)  # the register's order: most urgent first
        self.table.activated.connect(self._activated)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self._size_columns()
        self.empty = QLabel("Nothing in this list.", self)
        self.empty.setObjectName("due_list_empty")
        self.empty.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.greeting)
        layout.addLayout(counts)
        layout.addWidget(self.list_title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)

        session.changed.connect(self._changed)
        session.due_changed.connect(self.refresh)  # judged again off the GUI thread
        # The window is painted first and the due list judged just after, on a worker thread
        # with its own read-only connection (a county's open cases take ~45 ms, ten counties'
        # ~0.5 s); the officer sees the window meanwhile. Anything that reads the list before
        # then (counts, a filter button, a change) fills it at once on the GUI thread.
        # If the list stored when the app last closed still holds, it is shown at once, and
        # the worker only builds the register's cache behind it.
        self._loading = True
        self._painted = False
        self._shown = False
        self.greeting.setText("Working out what is due…")
        self.greeting.installEventFilter(self)
        if session.take_stored_due():
            self.refresh()

    def is_loading(self) -> bool:
        """True until the due list has been read for the first time."""
        return self._loading

    def when_shown(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once the due list has first been on screen (at once if it has):
        after the window's first paint even when the list was filled before it."""
        if self._shown:
            callback()
            return

        def once() -> None:
            self.first_shown.disconnect(once)
            callback()

        self.first_shown.connect(once)

    def ensure_loaded(self) -> None:
        if self._loading:
            self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.greeting and event.type() == QEvent.Type.Paint and not self._painted:
            self.greeting.removeEventFilter(self)
            QTimer.singleShot(0, self._after_first_paint)  # after this paint reaches the screen
        return False

    def _after_first_paint(self) -> None:
        self._painted = True
        # The first list (or, after a kept one, the register's cache) is judged on a worker;
        # ``due_changed`` refreshes the page. Nothing to do if a read filled it meanwhile.
        self.session.judge_off_thread()
        self._note_shown()

    def _note_shown(self) -> None:
        if self._painted and not self._loading and not self._shown:
            self._shown = True
            self.first_shown.emit()

    # ------------------------------------------------------------------ data
    def counts(self) -> dict[str, int]:
        self.ensure_loaded()
        return {
            key: sum(1 for o in self._obligations if o.status in statuses)
            for key, statuses, _ in FILTERS
        }

    def _changed(self, _what: str) -> None:
        self.refresh()

    def refresh(self) -> None:
        self._loading = False
        self._obligations = self.session.due()
        settings = self.session.register.settings
        soon_words = (
            "Due this week"
            if settings.due_soon_days == 7
            else f"Due within {plural(settings.due_soon_days, 'day')}"
        )
        words = {key: w for key, _, w in FILTERS} | {"soon": soon_words, "all": "All open"}
        self.words = words
        if self.session.due_updating():
            self._show_updating()
            return
        counts = self.counts()
        for key, button in self.buttons.items():
            button.setEnabled(True)
            button.setText(f"{counts[key]}  {words[key]}")
            button.setAccessibleName(f"{words[key]}: {counts[key]}")
        name = settings.authority_name or "Private fostering register"
        self.greeting.setText(f"{name}: what is due on {fmt_date(self.session.today())}")
        overdue = counts["overdue"]
        if overdue:
            self.banner.setText(
                f"⚠  {plural(overdue, 'deadline')} overdue. "
                "Open the Overdue list to see what needs doing now."
            )
        self.banner.setVisible(overdue > 0)
        if not self.filter:  # lead with the work: overdue, else today's, else this week's
            self.filter = next(
                (k for k in ("overdue", "today") if counts[k]), "soon" if counts["soon"] else "all"
            )
        self.show_filter(self.filter)
        self.filled.emit()
        self._note_shown()

    def is_updating(self) -> bool:
        """True while the list is judged again in full off the GUI thread (another program's
        change, a new day, new settings): no counts or rows are shown meanwhile."""
        return self.session.due_updating()

    def _show_updating(self) -> None:
        """The last list may be wrong now: say it is being updated, and show nothing of it
        (``session.due_changed`` refreshes the page when the new one is in)."""
        self._obligations = []
        self.greeting.setText("Updating what is due…")
        self.banner.hide()
        for key, button in self.buttons.items():
            button.setText(self.words[key])
            button.setAccessibleName(f"{self.words[key]}: being updated")
            button.setEnabled(False)
        self.list_title.setText("Updating what is due…")
        self.model.set_obligations([])
        self.table.setVisible(True)  # empty (show_filter hides it again if need be)
        self.empty.setVisible(False)

    def show_overdue(self) -> None:
        self.show_filter("overdue")
        self.focus_list()

    def show_filter(self, key: str) -> None:
        self.ensure_loaded()
        self.filter = key
        statuses = next(s for k, s, _ in FILTERS if k == key)
        shown = [o for o in self._obligations if o.status in statuses]
        self.buttons[key].setChecked(True)
        self.model.set_obligations(shown)
        self.list_title.setText(f"{self.words[key]}: {plural(len(shown), 'item')}")
        if self.table.isHidden() == bool(shown):  # (showing a shown table lays it out again)
            self.table.setVisible(bool(shown))
            self.empty.setVisible(not shown)
        if shown:
            self._fit_columns()
            self.table.selectRow(0)

    def _size_columns(self) -> None:
        """The rule and its detail share what the other columns leave, shortened in the
        middle (the whole text is in the tooltip)."""
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column, spec in enumerate(self.model.columns):
            if spec.title in _LONG_COLUMNS:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    def _fit_columns(self) -> None:
        """Status, child, due date and days in full, measured once per list on its first rows.
        Not ``ResizeToContents``: the header then measured them again at every layout (four
        times in the first filling at county, ~50 ms)."""
        short = [c for c, spec in enumerate(self.model.columns) if spec.title not in _LONG_COLUMNS]
        fit_to_text(self.table, self.model, short)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            obligation = self.model.obligation(index.row())
            if obligation.arrangement_id:
                self.open_case.emit(obligation.arrangement_id)
            elif obligation.code == "ENQUIRY_FOLLOW_UP" and obligation.subject_id:
                self.open_enquiry.emit(obligation.subject_id)  # not a case: the enquiry

    def focus_list(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
