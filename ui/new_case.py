"""The new notification: the Schedule 1 information that opens a case, from the keyboard.

Unknown details may be left blank (the case then lists what is missing). Enter saves; the
register's message appears beside the field it names; cancelling with changes asks first.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pf_register import fields as F  # noqa: N812
from pf_register.codes import OPENING_KINDS, PARENT_RELATIONSHIPS
from ui.common import readable
from ui.forms import FieldGroup, FormDialog, error_label
from ui.session import Session
from ui.widgets import FormComboBox

# (key, heading, 'text' or a list of (words, value) for a drop-down)
PeopleColumns = tuple[tuple[str, str, Any], ...]
HOUSEHOLD_COLUMNS: PeopleColumns = (
    ("first_name", "First name", "text"),
    ("last_name", "Last name", "text"),
    ("date_of_birth", "Date of birth (DD/MM/YYYY)", "text"),
    ("relationship", "Relationship to the carer", "text"),
    ("joined", "Joined (DD/MM/YYYY)", "text"),
)
PARENT_COLUMNS: PeopleColumns = (
    (
        "relationship",
        "Relationship",
        [("", None), *((PARENT_RELATIONSHIPS.label(c), c) for c in PARENT_RELATIONSHIPS)],
    ),
    ("first_name", "First name", "text"),
    ("last_name", "Last name", "text"),
    (
        "has_parental_responsibility",
        "Parental responsibility",
        [("", None), ("Yes", "yes"), ("No", "no")],
    ),
    ("address", "Address", "text"),
    ("phone", "Phone", "text"),
)


class PeopleGrid(QTableWidget):
    """A grid that does not trap the keyboard: Tab from its last cell (Shift+Tab from its
    first), or Ctrl+Tab (Ctrl+Shift+Tab) anywhere in it, goes on to the next widget; Enter while
    a cell is being typed in keeps the cell (the next Enter saves the form)."""

    def _at_edge(self, forward: bool) -> bool:
        index = self.currentIndex()
        if not index.isValid():
            return True
        if forward:
            return (index.row(), index.column()) == (self.rowCount() - 1, self.columnCount() - 1)
        return (index.row(), index.column()) == (0, 0)

    def leave(self, forward: bool) -> None:
        """Focus on the next (previous) widget of the window outside this grid."""
        widget: QWidget | None = self
        while widget is not None:
            widget = widget.nextInFocusChain() if forward else widget.previousInFocusChain()
            if widget is None or widget is self:
                return
            if (
                not self.isAncestorOf(widget)
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                and widget.isVisible()
                and widget.isEnabled()
                and not isinstance(widget, QScrollArea)
            ):
                reason = (
                    Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
                )
                widget.setFocus(reason)
                return

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802
        if self._at_edge(next):
            self.leave(next)
            return True
        return super().focusNextPrevChild(next)

    def closeEditor(  # noqa: N802
        self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint
    ) -> None:
        """Tab in a cell being typed in: on from the last cell, or with Ctrl from any."""
        moving = {
            QAbstractItemDelegate.EndEditHint.EditNextItem: True,
            QAbstractItemDelegate.EndEditHint.EditPreviousItem: False,
        }.get(hint)
        ctrl = QApplication.keyboardModifiers() & Qt.KeyboardModifier.ControlModifier
        if moving is not None and (ctrl or self._at_edge(moving)):
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.leave(moving)
            return
        super().closeEditor(editor, hint)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.leave(
                key == Qt.Key.Key_Tab and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            event.accept()
            return
        if (
            key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.state() == QAbstractItemView.State.EditingState
        ):
            event.accept()  # the cell is kept (the delegate commits it); not the form's Save
            return
        super().keyPressEvent(event)


class PeopleTable(QGroupBox):
    """A few rows of people typed into a grid; blank rows are ignored. ``edited`` says the
    officer typed in a cell or chose in a drop-down."""

    edited = Signal()

    def __init__(
        self, title: str, prefix: str, columns: PeopleColumns, rows: int, parent: QWidget
    ) -> None:
        super().__init__(title, parent)
        self.prefix = prefix
        self.columns = columns
        self.setObjectName(f"group_{prefix}")
        self.table = PeopleGrid(0, len(columns), self)
        self.table.setObjectName(f"{prefix}_table")
        self.table.setAccessibleName(title)
        self.table.setHorizontalHeaderLabels([heading for _, heading, _ in columns])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setMinimumHeight(110)
        self.error = error_label(self, f"{prefix}__error")
        self.add_button = QPushButton("Add a row", self)
        self.add_button.setObjectName(f"{prefix}_add")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_row)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        for _ in range(rows):
            self.add_row()
        self.table.resizeColumnsToContents()
        self.table.itemChanged.connect(lambda _item: self.edited.emit())
        self._sent_rows: list[int] = []

    def add_row(self) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, (_, heading, kind) in enumerate(self.columns):
            if isinstance(kind, list):
                combo = FormComboBox(self.table)
                combo.setAccessibleName(f"{heading}, row {row + 1}")
                for words, value in kind:
                    combo.addItem(words, value)
                combo.currentIndexChanged.connect(lambda _index: self.edited.emit())
                self.table.setCellWidget(row, column, combo)
            else:
                self.table.setItem(row, column, QTableWidgetItem(""))

    def cell(self, row: int, column: int) -> object:
        widget = self.table.cellWidget(row, column)
        if isinstance(widget, QComboBox):
            data: object = widget.currentData()
            return data
        item = self.table.item(row, column)
        text = item.text().strip() if item is not None else ""
        return text or None

    def set_cell(self, row: int, key: str, value: str) -> None:
        column = [k for k, _, _ in self.columns].index(key)
        widget = self.table.cellWidget(row, column)
        if isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(0, widget.findData(value)))
        else:
            self.table.setItem(row, column, QTableWidgetItem(value))

    def people(self) -> list[dict[str, object]]:
        """The rows with anything typed or chosen in them (a drop-down starts blank: a
        mother with parental responsibility whose name is not known yet is a row)."""
        result = []
        self._sent_rows = []
        for row in range(self.table.rowCount()):
            values = {
                key: self.cell(row, column) for column, (key, _, _) in enumerate(self.columns)
            }
            if any(value is not None for value in values.values()):
                result.append({k: v for k, v in values.items() if v is not None})
                self._sent_rows.append(row)
        return result

    def show_error(self, field: str, message: str) -> bool:
        match = re.fullmatch(rf"{self.prefix}\[(\d+)\](?:\.(\w+))?", field)
        if not match:
            return False
        index, name = int(match[1]), match[2]
        row = self._sent_rows[index] if index < len(self._sent_rows) else index
        heading = {k: h for k, h, _ in self.columns}.get(name or "", name or "")
        where = f"Row {row + 1}" + (f", {heading.lower()}" if heading else "")
        self.error.setText(f"{where}: {readable(message)}")
        self.error.show()
        keys = [k for k, _, _ in self.columns]
        if name in keys:
            self.table.setCurrentCell(row, keys.index(name))
        self.table.setFocus()
        return True

    def clear_error(self) -> None:
        self.error.hide()


class NewNotificationDialog(FormDialog):
    def __init__(self, parent: QWidget, session: Session) -> None:
        super().__init__(
            "New notification",
            parent,
            intro="Fields marked * are needed; leave unknown details blank and the case will "
            "list what is still to find out. Dates as DD/MM/YYYY. Enter saves.",
            save_text="Save notification",
        )
        self.session = session
        self.resize(1150, 860)  # smaller on a small screen: the fields scroll, Save stays
        inner = self.fields_widget
        grid = QGridLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        self.body.addLayout(grid)

        self.notification = self.add_group(
            FieldGroup(
                "The notification",
                "notification",
                F.NOTIFICATION_FIELDS,
                inner,
                names=[
                    "kind",
                    "received",
                    "notifier_role",
                    "notifier_name",
                    "planned_start",
                    "description",
                ],
                values={"received": session.today().isoformat()},
            ),
            left,
        )
        kind = self.notification.inputs["kind"].widget
        assert isinstance(kind, QComboBox)
        for index in reversed(range(kind.count())):
            code = kind.itemData(index)
            if code is not None and code not in OPENING_KINDS:
                kind.removeItem(index)
        self.child = self.add_group(FieldGroup("The child", "child", F.CHILD_FIELDS, inner), right)
        self.carer = self.add_group(
            FieldGroup(
                "The carer (leave the whole section blank if the carer is not known yet)",
                "carer",
                F.PERSON_FIELDS,
                inner,
                note="* needed if you enter a carer",
            ),
            left,
        )
        self.arrangement = self.add_group(
            FieldGroup(
                "The arrangement",
                "arrangement",
                F.ARRANGEMENT_FIELDS,
                inner,
                names=["type_code", "officer", "address", "start_date", "intended_duration_days"],
                values={"officer": session.register.settings.officer_name or None},
            ),
            left,
        )
        self.same_address = QPushButton("Same as the carer's address", inner)
        self.same_address.setObjectName("arrangement_same_address")
        self.same_address.setAutoDefault(False)
        self.same_address.setToolTip("Copy the carer's current address here")
        self.same_address.clicked.connect(self.copy_carer_address)
        self.arrangement.add_row_after("address", self.same_address)
        right.addStretch(1)
        left.addStretch(1)
        self.household = PeopleTable(
            "Others in the carer's household", "household", HOUSEHOLD_COLUMNS, 2, inner
        )
        self.parents = PeopleTable(
            "Parents and people with parental responsibility", "parents", PARENT_COLUMNS, 2, inner
        )
        grid.addWidget(self.household, 1, 0, 1, 2)
        grid.addWidget(self.parents, 2, 0, 1, 2)
        for table in (self.household, self.parents):
            table.edited.connect(self.mark_dirty)
        self.dirty = False
        kind.setFocus()
        self.submit = self._submit

    def copy_carer_address(self) -> None:
        """The child lives at the carer's: copy the carer's address into the arrangement's."""
        carer = self.carer.inputs["address"]
        here = self.arrangement.inputs["address"]
        if carer.value() is None:
            carer.widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        here.set_value(carer.value())
        self.mark_dirty()

    def _payload(self) -> dict[str, Any]:
        carer = None if self.carer.is_blank() else self.carer.values()
        return {
            "notification": self.notification.values(),
            "child": self.child.values(),
            "carer": carer,
            "arrangement": self.arrangement.values(),
            "household": self.household.people(),
            "parents": self.parents.people(),
        }

    def _submit(self) -> int:
        result: int = self.session.perform(
            "new case", self.session.register.record_new_case, **self._payload()
        )
        return result

    def clear_errors(self) -> None:
        super().clear_errors()
        self.household.clear_error()
        self.parents.clear_error()

    def show_error(self, error: Any) -> None:
        for table in (self.household, self.parents):
            if table.show_error(error.field, error.message):
                return
        if error.field == "carer":
            self.general_error.setText(error.message)
            self.general_error.show()
            return
        super().show_error(error)

    def describe_field(self, key: str) -> str:
        return key.replace("_", " ").replace(".", ": ")


def open_new_notification(parent: QWidget, session: Session) -> NewNotificationDialog:
    dialog = NewNotificationDialog(parent, session)
    dialog.open()
    return dialog


__all__ = ["NewNotificationDialog", "open_new_notification"]
