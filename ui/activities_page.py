"""Awareness activities: log one from the keyboard, search and correct them, and see how many
enquiries were traced to each."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from pf_register import fields as F  # noqa: N812
from pf_register.codes import ACTIVITY_AUDIENCES, ACTIVITY_KINDS
from pf_register.errors import ValidationError
from pf_register.loading import Row
from ui.common import fmt_iso, readable, tell
from ui.delete_dialog import DeleteDialog, ask_to_delete, delete_action
from ui.forms import FieldGroup, FormDialog, error_label
from ui.lazy import RefreshWhenShown
from ui.models import Column, KeyedRowsModel
from ui.session import Session
from ui.widgets import (
    fill_entry_box,
    fit_columns,
    lay_out_log_page,
    make_table,
    search_as_you_type,
)

FIELDS = list(F.ACTIVITY_FIELDS)
COLUMNS = (
    Column("Date", lambda r: fmt_iso(r["activity_date"]), lambda r: r["activity_date"]),
    Column("Kind", lambda r: ACTIVITY_KINDS.label(r["kind"])),
    Column("Audience", lambda r: ACTIVITY_AUDIENCES.label(r["audience_sector"])),
    Column("Area", lambda r: r["area"] or "Whole authority"),
    Column(
        "Reached",
        lambda r: "" if r["reached"] is None else str(r["reached"]),
        lambda r: r["reached"],
    ),
    Column("Enquiries traced", lambda r: str(r["enquiries"]), lambda r: r["enquiries"]),
    Column("What it was", lambda r: r["title"] or ""),
    Column("Officer", lambda r: r["officer"] or ""),
)
# What each column is ordered by in SQL (``Register.activity_ids``): a click on a heading
# does not read every row.
ORDERS = ("date", "kind", "audience", "area", "reached", "enquiries", "title", "officer")
assert len(ORDERS) == len(COLUMNS)


class ActivityDialog(FormDialog):
    """Correct an awareness activity."""

    def __init__(self, parent: QWidget, session: Session, activity: Row) -> None:
        super().__init__(
            "Awareness activity", parent, intro="Dates as DD/MM/YYYY.", save_text="Save activity"
        )
        self.session = session
        self.activity_id = int(activity["id"])
        values = {name: activity[name] for name in FIELDS}
        self.group = self.add_group(
            FieldGroup("Activity", "activity", F.ACTIVITY_FIELDS, self, values=values)
        )
        self.submit = self._submit

    def _submit(self) -> None:
        self.session.perform(
            "activity",
            self.session.register.update_activity,
            self.activity_id,
            self.group.values(),
        )


class ActivitiesPage(QWidget):
    SEARCH_DELAY_MS = 150

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("activities_page")
        self.dialog: FormDialog | None = None

        box = QGroupBox("Log an awareness activity (Enter saves)", self)
        box.setObjectName("activity_entry")
        self.entry = FieldGroup("", "activity", F.ACTIVITY_FIELDS, box, values=self._defaults())
        self.error = error_label(box, "activity_entry_error")
        self.save_button = QPushButton("Sav&e activity", box)
        self.save_button.setObjectName("activity_save")
        self.save_button.clicked.connect(self.save)
        self.saved_label = QLabel(box)
        self.saved_label.setObjectName("activity_saved")
        for field in self.entry.inputs.values():
            if isinstance(field.widget, QLineEdit):
                field.widget.returnPressed.connect(self.save)
        fill_entry_box(box, self.error, self.entry, self.save_button, self.saved_label)

        self.search = QLineEdit(self)
        self.search.setObjectName("activity_search")
        self.search.setAccessibleName("Search the activities")
        self.search.setPlaceholderText("Search: what it was, area, notes, officer, date")
        self.search.setClearButtonEnabled(True)
        self.count = QLabel(self)
        self.count.setObjectName("activity_count")
        # The ids are chosen and ordered in SQL (50,000 in ~20 ms); the rows on screen, with
        # their enquiries counted, are read as they are shown.
        self.model = KeyedRowsModel(COLUMNS, self)
        self.model.on_sort = lambda _column, _order: self.refresh()
        self.table = make_table(self.model, "Awareness activities", self)
        self.table.activated.connect(self._activated)
        self.delete_button = QPushButton("&Delete…", self)
        self.delete_button.setObjectName("activity_delete")
        self.delete_button.setToolTip(
            "Delete the chosen activity if it was logged by mistake (Delete key on the list)"
        )
        delete_action(self.table, self.delete_button, self.delete_selected)
        self._fitted = False

        lay_out_log_page(self, box, self.search, [self.delete_button, self.count], self.table)
        self._timer = search_as_you_type(self.search, self.refresh, self.SEARCH_DELAY_MS)
        # Read when first shown, and after a change only if shown (the app starts on Home).
        self.lazy = RefreshWhenShown(self, self.refresh)
        session.changed.connect(lambda _what: self.lazy.changed())

    def _defaults(self) -> dict[str, object]:
        return {
            "activity_date": self.session.today().isoformat(),
            "officer": self.session.register.settings.officer_name or None,
        }

    def focus_entry(self) -> None:
        self.entry.inputs["activity_date"].widget.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def save(self) -> int | None:
        self.error.hide()
        self.entry.clear_errors()
        values: dict[str, Any] = self.entry.values()
        try:
            activity_id: int = self.session.perform(
                "activity", self.session.register.record_activity, values
            )
        except ValidationError as error:
            found = self.entry.field(error.field)
            if found is not None:
                found.show_error(error.message)
            else:
                self.error.setText(readable(error.message))
                self.error.show()
            return None
        self.saved_label.setText("Saved.")
        for name, field in self.entry.inputs.items():
            field.set_value(self._defaults().get(name))
        self.focus_entry()
        return activity_id

    def refresh(self) -> None:
        self._timer.stop()
        self.lazy.stale = False
        order, descending = self.model.sql_order(ORDERS)
        register = self.session.register
        found = register.activity_ids(self.search.text(), order, descending)
        self.model.set_ids(found, register.activities_by_id)
        n = len(found)
        self.count.setText(f"{n} activit{'y' if n == 1 else 'ies'}")
        if found and not self._fitted:  # once, in an event of its own after this one
            self._fitted = True
            QTimer.singleShot(0, self.table, lambda: fit_columns(self.table))

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.edit(int(self.model.row_data(index.row())["id"]))

    def edit(self, activity_id: int) -> ActivityDialog:
        dialog = ActivityDialog(self, self.session, self.session.register.activity(activity_id))
        dialog.open()
        self.dialog = dialog
        return dialog

    def selected(self) -> Row | None:
        row: Row | None = self.model.row_at(self.table.currentIndex())
        return row

    def delete_selected(self) -> DeleteDialog | None:
        """Delete the selected activity, logged by mistake: what goes, and why."""
        activity = self.selected()
        title = "Delete an awareness activity"
        if activity is None:
            tell(self, title, "Choose the activity to delete first.", warning=False)
            return None
        register = self.session.register
        activity_id = int(activity["id"])
        kind = ACTIVITY_KINDS.label(activity["kind"])
        what = (
            f"Delete the awareness activity of {fmt_iso(activity['activity_date'])}: "
            f"{activity['title'] or kind} ({kind}, for "
            f"{ACTIVITY_AUDIENCES.label(activity['audience_sector']).lower()}, "
            f"{activity['area'] or 'whole authority'})?\n\n"
            "Delete only an activity logged by mistake (a duplicate, the wrong form, a test "
            "entry); to change one, correct it instead. It leaves the activity log and the "
            "statistics; the audit trail keeps a copy with your reason."
        )
        dialog = ask_to_delete(
            self,
            self.session,
            title,
            lambda: register.check_activity_deletable(activity_id),
            what,
            "Delete activity",
            {("activities", str(activity_id)): activity},
            lambda reason: register.delete_activity(activity_id, reason),
        )
        if dialog is not None:
            self.dialog = dialog
        return dialog


__all__ = ["ActivitiesPage", "ActivityDialog"]
