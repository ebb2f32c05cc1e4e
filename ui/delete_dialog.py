"""Deleting an enquiry or an awareness activity logged by mistake, from its list.

The page asks the register first (``check_enquiry_deletable`` / ``check_activity_deletable``)
so the officer is asked for a reason only when the delete can go ahead; a refusal is told in
the register's own words. The dialog then says what will be deleted (never a child's name),
takes the reason and deletes under ``Register.expecting`` with the row as the list showed it:
a row changed elsewhere meanwhile is refused, nothing is deleted and every screen re-reads
the file. Every rule is the register's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QTableView, QWidget

from pf_register.errors import ConflictError, NotFoundError, RegisterError, ValidationError
from ui import common
from ui.forms import FormDialog, error_label
from ui.session import Session


class DeleteDialog(FormDialog):
    """Says what will be deleted and asks why; "Delete …" deletes it (``delete(reason)``)."""

    def __init__(
        self, parent: QWidget, title: str, what: str, button: str, delete: Callable[[str], object]
    ) -> None:
        super().__init__(title, parent, intro=what, save_text=button)
        self.setObjectName("delete_dialog")
        self.reason = QLineEdit(self.fields_widget)
        self.reason.setObjectName("delete_reason")
        self.reason.setAccessibleName("Why it is deleted")
        self.reason.setPlaceholderText("e.g. logged twice; a test entry; the wrong form")
        self.reason.setMaxLength(500)
        label = QLabel("&Reason for deleting:", self.fields_widget)
        label.setBuddy(self.reason)
        self.reason_error = error_label(self.fields_widget, "delete_reason_error")
        form = QFormLayout()
        form.addRow(label, self.reason)
        form.addRow("", self.reason_error)
        self.body.addLayout(form)
        self.body.addStretch(1)
        self.initial_focus = self.reason
        self.submit = lambda: delete(self.reason.text())

    def clear_errors(self) -> None:
        super().clear_errors()
        self.reason_error.hide()

    def show_error(self, error: ValidationError) -> None:
        if error.field.endswith(".reason"):
            self.reason_error.setText(error.message)
            self.reason_error.show()
            self.reason.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.general_error.setText(error.message)  # refused since it was checked
        self.general_error.show()


def refusal(error: RegisterError) -> str:
    """A refusal in the register's words (a ``ValidationError``'s message without its field)."""
    return error.message if isinstance(error, ValidationError) else str(error)


def ask_to_delete(
    page: QWidget,
    session: Session,
    title: str,
    check: Callable[[], object],
    what: str,
    button: str,
    loaded: Mapping[tuple[str, str], Mapping[str, Any]],
    delete: Callable[[str], object],
) -> DeleteDialog | None:
    """``check`` the delete can go ahead (else tell why); then the dialog, whose delete runs
    through the session under ``expecting(loaded)`` (``delete(reason)``: the register's)."""
    try:
        check()
    except RegisterError as error:
        if isinstance(error, NotFoundError):  # deleted elsewhere: the list was out of date
            session.refresh()
        common.tell(page, title, refusal(error))
        return None
    expected = {key: dict(row) for key, row in loaded.items()}

    def guarded(reason: str) -> object:
        try:
            with session.register.expecting(expected):
                return session.perform("delete", delete, reason)
        except (ConflictError, NotFoundError):
            session.refresh()  # show what is there now
            raise

    dialog = DeleteDialog(page, title, what, button, guarded)
    dialog.open()
    return dialog


def delete_action(table: QTableView, button: QPushButton, triggered: Callable[[], object]) -> None:
    """The Delete key on the list and its right-click menu, and ``button``, all do one thing."""
    action = QAction("&Delete…", table)
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.triggered.connect(lambda _checked=False: triggered())
    table.addAction(action)
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    button.clicked.connect(lambda _checked=False: triggered())


__all__ = ["DeleteDialog", "ask_to_delete", "delete_action", "refusal"]
