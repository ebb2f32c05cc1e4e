"""A case's history from the audit trail: who, when, what, and each field before and after.

Read only: the app offers no way to edit or delete audit rows (and the file refuses it).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from pf_register import fields as F  # noqa: N812
from pf_register.audit import rows_history
from pf_register.codes import ACTIVITY_KINDS, CHECK_KINDS, NOTIFICATION_KINDS
from pf_register.fields import Field
from pf_register.locking import case_snapshot
from ui.common import fmt_date, fmt_iso
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
    "enquiries": "Enquiry",
    "activities": "Awareness activity",
}
_ACTIONS = {"insert": "recorded", "update": "changed", "delete": "deleted"}
_OTHER_LABELS = {"reference": "Reference", "reason": "Reason for deleting"}


def _hidden(name: str) -> bool:
    """Internal ids (the row's own, person_id, arrangement_id ...) mean nothing to a reader."""
    return name == "id" or name.endswith("_id")


def _label(table: str, name: str) -> str:
    spec = F.TABLE_FIELDS.get(table, {}).get(name)
    if spec is not None:
        return spec.label
    return _OTHER_LABELS.get(name, name.replace("_", " ").capitalize())


def _shown(value: Any, spec: Field | None = None) -> str:
    if value is None:
        return "—"
    if spec is not None:
        if spec.kind == "bool":
            return "Yes" if value else "No"
        if spec.kind == "code" and spec.codes is not None:
            return spec.codes.label(str(value))
        if spec.kind == "date":
            return fmt_iso(str(value))
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _local(at: str) -> str:
    """An audit time (stored in UTC) in the computer's own time zone."""
    try:
        when = datetime.fromisoformat(at)
    except ValueError:
        return at
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    when = when.astimezone()
    return f"{fmt_date(when.date())} {when:%H:%M:%S}"


def _name(row: Mapping[str, Any] | None) -> str:
    if row is None:
        return ""
    return f"{row.get('first_name') or ''} {row.get('last_name') or ''}".strip()


def _describe(table: str, row_id: str, rows: Mapping[tuple[str, str], Mapping[str, Any]]) -> str:
    """Which record, in words: 'Visit of Fri 29 May 2026', 'Parent Mary Bell', 'Enquiry
    ENQ-2026-0002' (never an enquiry's or activity's names: its reference, or date and title)."""
    row = rows.get((table, row_id))
    what = _RECORDS.get(table, table)
    if row is None:
        return what
    if table in ("children", "people"):
        detail = _name(row)
    elif table in ("household_members", "parents"):
        detail = _name(rows.get(("people", str(row.get("person_id")))))
    elif table == "arrangements":
        detail = str(row.get("reference") or "")
    elif table == "notifications":
        detail = NOTIFICATION_KINDS.label(row.get("kind"))
    elif table == "visits":
        detail = f"of {fmt_iso(row.get('visit_date'))}"
    elif table == "checks":
        detail = CHECK_KINDS.label(row.get("kind"))
    elif table == "decisions":
        detail = f"of {fmt_iso(row.get('decision_date'))}"
    elif table == "enquiries":
        detail = str(row.get("reference") or "")
    elif table == "activities":
        kind = ACTIVITY_KINDS.label(row.get("kind"))
        detail = f"of {fmt_iso(row.get('activity_date'))}: {row.get('title') or kind}"
    else:
        detail = ""
    return f"{what} {detail}".strip()


def history_rows(session: Session, arrangement_id: int) -> list[dict[str, str]]:
    """One line per field changed, newest first, in the officer's words: field labels, code
    labels, dates as read, local times; internal ids left out."""
    rows = case_snapshot(session.register, arrangement_id)
    return audit_lines(rows_history(session.register.db, rows), rows)


def audit_lines(
    entries: list[dict[str, Any]], rows: Mapping[tuple[str, str], Mapping[str, Any]]
) -> list[dict[str, str]]:
    """``entries`` (``audit.rows_history``) as ``history_rows`` shows them, newest first;
    ``rows``: the records as they are now, to name them. A deleted record is named from the
    values it had, its reason for deleting first, then each value it had (after: "—")."""
    lines: list[dict[str, str]] = []
    for entry in entries:
        table = entry["table_name"]
        key = (table, str(entry["row_id"]))
        known = rows
        if entry["action"] == "delete" and key not in rows and entry["before"]:
            known = {**rows, key: json.loads(entry["before"])}
        record = _describe(table, str(entry["row_id"]), known)
        base = {
            "when": _local(entry["at"]),
            "at": entry["at"],
            "who": entry["user"],
            "operation": entry["operation"],
            "record": f"{record} {_ACTIONS.get(entry['action'], entry['action'])}",
        }
        changes = [c for c in entry["changes"] or [] if not _hidden(c[0])]
        if entry["action"] == "delete":  # the reason last: reversed below, it reads first
            changes.sort(key=lambda c: c[0] != "reason", reverse=True)
        for name, before, after in changes or [("", None, None)]:
            spec = F.TABLE_FIELDS.get(table, {}).get(name)
            lines.append(
                {
                    **base,
                    "field": _label(table, name) if name else "",
                    "before": _shown(before, spec),
                    "after": _shown(after, spec),
                }
            )
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
                Column("When", lambda r: r["when"], lambda r: r["at"]),
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
