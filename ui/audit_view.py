"""A case's history from the audit trail: who, when, what, and each field before and after.

Read only: the app offers no way to edit or delete audit rows (and the file refuses it).
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from pf_register.audit import rows_history
from pf_register.locking import case_snapshot
from ui.models import Column, RowsModel
from ui.session import Session
from ui.widgets import fit_columns, make_table

_RECORDS = {
    "children": "Child",
    "people": "Person",
    "arrangements": "Arrangement",
    "household_members": "Household",
    "parents": "Parent",
    "notifications": "Notification",
    "visits": "Visit",
    "checks": "Check",
    "decisions": "Decision",
}
_ACTIONS = {"insert": "recorded", "update": "changed", "delete": "deleted"}


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def history_rows(session: Session, arrangement_id: int) -> list[dict[str, str]]:
    """One line per field changed, newest first."""
    keys = case_snapshot(session.register, arrangement_id)
    lines: list[dict[str, str]] = []
    for entry in rows_history(session.register.db, keys):
        record = f"{_RECORDS.get(entry['table_name'], entry['table_name'])} {entry['row_id']}"
        base = {
            "when": entry["at"].replace("T", " ")[:19],
            "who": entry["user"],
            "operation": entry["operation"],
            "record": f"{record} {_ACTIONS.get(entry['action'], entry['action'])}",
        }
        for name, before, after in entry["changes"] or [("", None, None)]:
            lines.append({**base, "field": name, "before": _shown(before), "after": _shown(after)})
    lines.reverse()
    return lines


def _col(title: str, key: str) -> Column:
    return Column(title, lambda r: r[key], lambda r: r[key])


class HistoryDialog(QDialog):
    def __init__(self, session: Session, arrangement_id: int, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("history_dialog")
        reference = session.register.arrangement(arrangement_id)["reference"]
        self.setWindowTitle(f"History of {reference}")
        self.model = RowsModel(
            [
                _col("When (UTC)", "when"),
                _col("Who", "who"),
                _col("What was done", "operation"),
                _col("Record", "record"),
                _col("Field", "field"),
                _col("Before", "before"),
                _col("After", "after"),
            ],
            self,
        )
        self.model.set_rows(history_rows(session, arrangement_id))
        self.view = make_table(self.model, "Audit trail of this case", self)
        intro = QLabel(
            "Every change to this case, newest first, as the audit trail recorded it. The "
            "audit trail cannot be edited or deleted.",
            self,
        )
        intro.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(1000, 560)
        fit_columns(self.view)


def open_history(parent: QWidget, session: Session, arrangement_id: int) -> HistoryDialog:
    dialog = HistoryDialog(session, arrangement_id, parent)
    dialog.open()
    return dialog
