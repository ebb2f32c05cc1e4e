"""Retention review in the app: ended cases past the retention period, and the audited erase
of a case's personal data.

Which cases are due, what an erase removes and keeps, and whether a case may be erased are all
decided in ``pf_register.privacy``; this window shows them and asks the officer first.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pf_register.codes import END_REASONS
from pf_register.errors import RegisterError, ValidationError
from pf_register.privacy import EraseResult, ReviewItem, check_erasable, due_for_review, erase_case
from ui import common
from ui.common import fmt_date, plural
from ui.models import Column, RowsModel
from ui.session import Session
from ui.widgets import fit_columns, make_table

ERASE_WARNING = (
    "Erase the personal data of {reference} ({child}, ended {ended})?\n\n"
    "Removed for good: the names of the child, the carer, household members and parents; "
    "addresses, phone numbers, email addresses; school, GP, place of birth and the "
    "case-management reference; every note and free-text description; dates of birth are cut "
    "to the month. The same values are removed from the case's history.\n\n"
    "Kept, so the statistics stay right: the reference, arrangement type, officer, every date "
    "of an event, every code and yes/no answer, and the history's who, when and what.\n\n"
    "This cannot be undone. Backups made before now still hold the data until they age out."
)


def _col(title: str, text: Any, key: Any) -> Column:
    return Column(title, text, key)


class RetentionDialog(QDialog):
    """File ▸ Cases due for review…: the list, Open the case, and Erase personal data…."""

    open_case = Signal(int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.last_result: EraseResult | None = None
        self.setObjectName("retention_dialog")
        self.setWindowTitle("Cases due for review")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        self.intro = QLabel(self)
        self.intro.setObjectName("retention_intro")
        self.intro.setWordWrap(True)
        self.model = RowsModel(
            [
                _col("Case", lambda i: i.reference, lambda i: i.reference),
                _col("Child", lambda i: i.child, lambda i: i.child),
                _col("Ended", lambda i: fmt_date(i.end_date), lambda i: i.end_date),
                _col(
                    "Years since it ended",
                    lambda i: str(i.years_since_end(self.today)),
                    lambda i: i.end_date,
                ),
                _col(
                    "Why it ended",
                    lambda i: END_REASONS.label(i.end_reason) if i.end_reason else "",
                    lambda i: i.end_reason or "",
                ),
                _col(
                    "Due for review since",
                    lambda i: fmt_date(i.review_from),
                    lambda i: i.review_from,
                ),
            ],
            self,
        )
        self.view = make_table(self.model, "Cases due for review", self)
        self.view.activated.connect(self._activated)

        self.reason = QLineEdit(self)
        self.reason.setObjectName("erase_reason")
        self.reason.setAccessibleName("Why the personal data is erased")
        self.reason.setPlaceholderText("e.g. retention review, June 2032")
        self.reason.setMaxLength(500)
        reason_label = QLabel("&Reason for erasing:", self)
        reason_label.setBuddy(self.reason)
        form = QFormLayout()
        form.addRow(reason_label, self.reason)

        self.message = QLabel(self)
        self.message.setObjectName("retention_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.open_button = QPushButton("&Open the case", self)
        self.open_button.setObjectName("retention_open")
        self.open_button.clicked.connect(self.open_chosen)
        self.erase_button = QPushButton("&Erase personal data…", self)
        self.erase_button.setObjectName("retention_erase")
        self.erase_button.clicked.connect(self.erase_chosen)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.erase_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.view, 1)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(1000, 480)

        session.changed.connect(self._changed)
        self.refresh()

    # ------------------------------------------------------------------ data
    @property
    def today(self) -> date:
        return self.session.today()

    def _changed(self, _what: str) -> None:
        self.refresh()

    def refresh(self) -> None:
        register = self.session.register
        try:
            items = due_for_review(register, self.today)
        except RegisterError as error:  # the file cannot be read now
            self.message.setText(str(error))
            return
        years = register.settings.retention_years
        self.intro.setText(
            f"Ended cases whose ending is more than {plural(years, 'year')} ago (the "
            "retention period, in Settings) and whose personal data has not been erased: "
            f"{len(items)} as of {fmt_date(self.today)}. Check each against the authority's "
            "retention schedule; erase the personal data of those no longer needed."
        )
        self.model.set_rows(items)
        if items:
            self.view.selectRow(0)
        fit_columns(self.view)
        read_only = register.read_only
        self.erase_button.setEnabled(bool(items) and not read_only)
        self.erase_button.setToolTip(
            "Erasing needs the register open for changes." if read_only else ""
        )
        self.open_button.setEnabled(bool(items))

    def items(self) -> list[ReviewItem]:
        return [self.model.row_data(row) for row in range(self.model.rowCount())]

    def chosen(self) -> ReviewItem | None:
        item: ReviewItem | None = self.model.row_at(self.view.currentIndex())
        return item

    def select(self, reference: str) -> None:
        for row, item in enumerate(self.items()):
            if item.reference == reference:
                self.view.selectRow(row)
                return

    # ------------------------------------------------------------------ actions
    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_case.emit(self.model.row_data(index.row()).arrangement_id)

    def open_chosen(self) -> None:
        item = self.chosen()
        if item is not None:
            self.open_case.emit(item.arrangement_id)

    def erase_chosen(self) -> None:
        """Check the reason and the case, then ask (with what goes and what stays)."""
        item = self.chosen()
        if item is None:
            self.message.setText("Choose a case in the list first.")
            return
        reason = self.reason.text()
        try:
            reason = check_erasable(self.session.register, item.arrangement_id, reason)
        except ValidationError as error:
            words = "Reason for erasing" if error.field == "reason" else item.reference
            self.message.setText(f"{words}: {error.message}")
            if error.field == "reason":
                self.reason.setFocus()
            return
        except RegisterError as error:
            self.message.setText(str(error))
            return

        def answered(yes: bool) -> None:
            if yes:
                self.erase(item, reason)
            else:
                self.message.setText("Nothing was erased.")

        common.ask(
            self,
            "Erase personal data?",
            ERASE_WARNING.format(
                reference=item.reference, child=item.child, ended=fmt_date(item.end_date)
            ),
            answered,
        )

    def erase(self, item: ReviewItem, reason: str) -> EraseResult | None:
        """The audited erase, through the session so every screen refreshes."""
        try:
            result = self.session.perform(
                "erase", erase_case, self.session.register, item.arrangement_id, reason
            )
        except RegisterError as error:  # read-only, locked, full disk, erased elsewhere
            self.message.setText(f"Nothing was erased: {error}")
            return None
        self.last_result = result
        kept = (
            f" Kept for another case: {'; '.join(result.kept_shared)}."
            if result.kept_shared
            else ""
        )
        self.message.setText(
            f"Erased the personal data of {item.reference}: "
            f"{plural(result.rows_erased, 'record')}, "
            f"{plural(result.audit_rows_redacted, 'history row')} redacted.{kept}"
        )
        self.reason.clear()
        return result


def open_retention(parent: QWidget, session: Session) -> RetentionDialog:
    """Not modal: the officer can open a case from the list, read it, and come back."""
    dialog = RetentionDialog(session, parent)
    dialog.show()
    return dialog
