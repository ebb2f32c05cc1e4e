"""The register: every arrangement, filtered and searched as you type, sortable."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from pf_register.codes import ARRANGEMENT_TYPES
from ui.common import plural
from ui.lazy import RefreshWhenShown
from ui.models import CaseListModel
from ui.session import Session
from ui.widgets import fit_columns, make_table


class RegisterPage(QWidget):
    open_case = Signal(int)
    SEARCH_DELAY_MS = 150

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session

        self.search = QLineEdit(self)
        self.search.setObjectName("register_search")
        self.search.setAccessibleName("Search the register")
        self.search.setPlaceholderText(
            "Search: child or carer name, reference, date of birth (YYYY-MM-DD or DD/MM/YYYY)"
        )
        self.search.setClearButtonEnabled(True)

        self.state = QComboBox(self)
        self.state.setObjectName("register_state")
        self.state.setAccessibleName("Show open, ended or all arrangements")
        for words, key in (("Open", "open"), ("Ended", "ended"), ("All", "all")):
            self.state.addItem(words, key)

        self.type_code = QComboBox(self)
        self.type_code.setObjectName("register_type")
        self.type_code.setAccessibleName("Type of arrangement")
        self.type_code.addItem("All types", None)
        for code in ARRANGEMENT_TYPES:
            self.type_code.addItem(f"{code}: {ARRANGEMENT_TYPES.label(code)}", code)

        self.officer = QComboBox(self)
        self.officer.setObjectName("register_officer")
        self.officer.setAccessibleName("Officer")
        self.officer.addItem("All officers", None)

        self.count = QLabel(self)
        self.count.setObjectName("register_count")

        self.model = CaseListModel(self)
        self.table = make_table(self.model, "Register of arrangements", self)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.activated.connect(self._activated)

        for combo in (self.state, self.type_code, self.officer):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(10)
        filters = QHBoxLayout()
        for text, widget in (
            ("Sho&w:", self.state),
            ("T&ype:", self.type_code),
            ("Offi&cer:", self.officer),
        ):
            buddy = QLabel(text, self)
            buddy.setBuddy(widget)
            filters.addWidget(buddy)
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.count)

        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.search.returnPressed.connect(self._search_now)
        for combo in (self.state, self.type_code, self.officer):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())

        self._fitted = False
        self._pending = False
        # Read when first shown, and after a change only if shown (the app starts on Home).
        self.lazy = RefreshWhenShown(self, self.refresh)
        session.changed.connect(self._changed)
        session.due_changed.connect(self.lazy.changed)  # the next deadlines judged again

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        # A search typed just before the window closed must not run on a closed register.
        if self._timer.isActive():
            self._timer.stop()
            self._pending = True
        super().hideEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._pending:
            self.refresh()

    def _search_now(self) -> None:
        self._timer.stop()
        self.refresh()
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    def _update_officers(self) -> None:
        current = self.officer.currentData()
        names = self.session.register.officers()
        known = [self.officer.itemData(i) for i in range(1, self.officer.count())]
        if names == known:
            return
        self.officer.blockSignals(True)
        self.officer.clear()
        self.officer.addItem("All officers", None)
        for name in names:
            self.officer.addItem(name, name)
        self.officer.setCurrentIndex(max(0, self.officer.findData(current)))
        self.officer.blockSignals(False)

    def _changed(self, _what: str) -> None:
        self.lazy.changed()

    def refresh(self) -> None:
        """Choose the ids in SQL; the model reads the details of the rows on screen only."""
        self._timer.stop()
        self._pending = False
        self.lazy.stale = False
        register = self.session.register
        self._update_officers()
        shown = register.case_ids(
            state=self.state.currentData(),
            type_code=self.type_code.currentData(),
            officer=self.officer.currentData(),
            text=self.search.text(),
        )
        next_due = self.session.next_due()
        updating = self.session.due_updating()  # no deadlines shown until judged again
        self.model.set_cases(shown, register.summaries, {} if updating else next_due)
        words = plural(len(shown), "arrangement")
        state, text = self.state.currentData(), self.search.text()
        if text.strip() and state != "all":  # say what the Show filter hides of a search
            every = register.case_ids(
                type_code=self.type_code.currentData(),
                officer=self.officer.currentData(),
                text=text,
            )
            others = len(every) - len(shown)
            if others:
                hidden = "ended" if state == "open" else "open"
                words += f" · {others} more {hidden} (Show: All to see them)"
        self.count.setText(f"{words} · working out the deadlines…" if updating else words)
        if shown and not self._fitted:
            fit_columns(self.table)
            self._fitted = True

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_case.emit(self.model.summary(index.row()).arrangement_id)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
