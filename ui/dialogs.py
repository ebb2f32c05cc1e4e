"""The case page's dialogs: each one register operation, through the session."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from pf_register import fields as F  # noqa: N812
from pf_register.codes import CHECK_KINDS, NOTIFIER_ROLES
from pf_register.fields import Field
from pf_register.loading import CaseRecord, full_name
from ui.forms import FieldGroup, FormDialog
from ui.session import Session


def visit_dialog(parent: QWidget, session: Session, arrangement_id: int) -> FormDialog:
    record = session.register.case(arrangement_id)
    dialog = FormDialog(
        "Record a visit",
        parent,
        intro="A visit counts for Reg 7 and Reg 8 only if the child was seen. Say whether the "
        "child was seen alone, and why not if they were not (Reg 8(3)).",
    )
    defaults = {
        "kind": "statutory" if record.visits else "initial",
        "officer": record.arrangement.get("officer"),
    }
    group = dialog.add_group(FieldGroup("Visit", "visit", F.VISIT_FIELDS, dialog, values=defaults))
    dialog.submit = lambda: session.perform(
        "visit", session.register.record_visit, arrangement_id, group.values()
    )
    return dialog


def visit_report_dialog(parent: QWidget, session: Session, visit: dict[str, Any]) -> FormDialog:
    dialog = FormDialog("Report written", parent, intro=f"Visit on {visit['visit_date']}.")
    group = dialog.add_group(
        FieldGroup("Report", "visit", F.VISIT_FIELDS, dialog, names=["report_date"])
    )
    dialog.submit = lambda: session.perform(
        "visit",
        session.register.record_visit_report,
        visit["id"],
        group.values()["report_date"],
    )
    return dialog


def check_subjects(record: CaseRecord) -> list[tuple[str, int | None]]:
    """Who a check can be about: the carer, each household member, the child."""
    subjects: list[tuple[str, int | None]] = []
    if record.carer is not None:
        subjects.append((f"{full_name(record.carer)} (carer)", record.carer["id"]))
    for member in record.household:
        relationship = member.get("relationship") or "household member"
        subjects.append((f"{full_name(member)} ({relationship})", member["person_id"]))
    subjects.append((f"{full_name(record.child)} (the child)", None))
    return subjects


def check_dialog(parent: QWidget, session: Session, arrangement_id: int) -> FormDialog:
    record = session.register.case(arrangement_id)
    dialog = FormDialog(
        "Record a check",
        parent,
        intro="A safeguarding check about the carer, a household member or the child. Enter the "
        "date it was requested; add the return date and outcome now or when it comes back.",
    )
    person = QComboBox(dialog)
    person.setObjectName("check__person")
    person.setAccessibleName("Who the check is about")
    for words, person_id in check_subjects(record):
        person.addItem(words, person_id)
    label = QLabel("&About:", dialog)
    label.setBuddy(person)
    row = QFormLayout()
    row.addRow(label, person)
    dialog.body.addLayout(row)
    group = dialog.add_group(
        FieldGroup("Check", "check", F.CHECK_FIELDS, dialog, values={"kind": "dbs"})
    )
    person.currentIndexChanged.connect(lambda _i: dialog.mark_dirty())
    dialog.submit = lambda: session.perform(
        "check",
        session.register.record_check,
        arrangement_id,
        group.values(),
        person_id=person.currentData(),
    )
    return dialog


def check_returned_dialog(parent: QWidget, session: Session, check: dict[str, Any]) -> FormDialog:
    dialog = FormDialog(
        "Check returned",
        parent,
        intro=f"{CHECK_KINDS.label(check['kind'])}, requested {check.get('requested') or '?'}.",
    )
    group = dialog.add_group(
        FieldGroup(
            "Result",
            "check",
            F.CHECK_FIELDS,
            dialog,
            names=["returned", "outcome", "notes"],
            values=check,
        )
    )

    def submit() -> None:
        values = group.values()
        session.perform(
            "check",
            session.register.record_check_returned,
            check["id"],
            returned=values["returned"],
            outcome=values["outcome"],
            notes=values["notes"],
        )

    dialog.submit = submit
    return dialog


def decision_dialog(parent: QWidget, session: Session, arrangement_id: int) -> FormDialog:
    dialog = FormDialog(
        "Record a decision",
        parent,
        intro="The decision on whether the arrangement is suitable, and the date of the letter "
        "to the carer and parents.",
    )
    group = dialog.add_group(FieldGroup("Decision", "decision", F.DECISION_FIELDS, dialog))
    dialog.submit = lambda: session.perform(
        "decision", session.register.record_decision, arrangement_id, group.values()
    )
    return dialog


_REG10 = {
    "received": Field("received", "Carer's notice received", "date"),
    "notifier_role": Field("notifier_role", "Who notified (role)", "code", codes=NOTIFIER_ROLES),
    "notifier_name": Field("notifier_name", "Who notified (name)"),
}


def end_dialog(parent: QWidget, session: Session, arrangement_id: int) -> FormDialog:
    dialog = FormDialog(
        "End the arrangement",
        parent,
        intro="The arrangement is closed, never deleted: its record and what was late stay.",
        save_text="End arrangement",
    )
    ending = dialog.add_group(FieldGroup("Ending", "ending", F.END_FIELDS, dialog))
    notice = dialog.add_group(
        FieldGroup(
            "The carer's notice (Reg 10), if there was one",
            "notification",
            _REG10,
            dialog,
            values={"notifier_role": "carer"},
        )
    )

    def submit() -> None:
        given = notice.values()
        notification = given if given["received"] is not None else None
        session.perform(
            "end", session.register.end_arrangement, arrangement_id, ending.values(), notification
        )

    dialog.submit = submit
    return dialog


def child_dialog(parent: QWidget, session: Session, record: CaseRecord) -> FormDialog:
    """Correct (or complete) the child's details; only what changed is sent."""
    dialog = FormDialog("Correct the child's details", parent)
    current = dict(record.child)
    group = dialog.add_group(FieldGroup("Child", "child", F.CHILD_FIELDS, dialog, values=current))

    def submit() -> None:
        changes = {
            name: value
            for name, value in group.values().items()
            if value != _comparable(F.CHILD_FIELDS[name], current.get(name))
        }
        if changes:
            session.perform("child", session.register.update_child, current["id"], changes)

    dialog.submit = submit
    return dialog


def _comparable(spec: Field, stored: object) -> object:
    if spec.kind == "bool" and stored is not None:
        return "yes" if stored else "no"
    if spec.kind == "int" and stored is not None:
        return str(stored)
    return stored
