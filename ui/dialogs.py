"""The case page's dialogs: each one register operation, through the session.

Every correction dialog saves under ``Register.expecting`` with the stored rows it changes as
they were when it opened (``loaded``: the case page's ``locking.case_snapshot``, which the
dialog's values were filled from). If another program changed one of them meanwhile, the
register refuses with ``ConflictError``, nothing is written, the dialog shows the message and
every screen re-reads the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from pf_register import fields as F  # noqa: N812
from pf_register.codes import CHECK_KINDS, NOTIFICATION_KINDS, NOTIFIER_ROLES, CodeList
from pf_register.errors import ConflictError
from pf_register.fields import Field
from pf_register.loading import CaseRecord, full_name
from ui.common import fmt_iso
from ui.forms import FieldGroup, FormDialog
from ui.session import Session

# Rows as the officer loaded them, by (table, id as text): see ``locking.case_snapshot``.
Loaded = Mapping[tuple[str, str], Mapping[str, Any]]


def guard(
    dialog: FormDialog, session: Session, loaded: Loaded, rows: Iterable[tuple[str, object]]
) -> dict[tuple[str, str], dict[str, Any]]:
    """Make ``dialog`` save under ``Register.expecting`` with ``rows`` ((table, id) pairs it
    may change) as they were in ``loaded`` when it opened. A copy is taken now, so a later
    refresh of the page cannot move what the save is compared with. On a conflict every screen
    re-reads the file and the error goes to the dialog (shown under its fields)."""
    expected: dict[tuple[str, str], dict[str, Any]] = {}
    for table, row_id in rows:
        key = (table, str(row_id))
        if key not in loaded:
            raise KeyError(f"{table} {row_id} is not among the rows the dialog was opened with")
        expected[key] = dict(loaded[key])
    submit = dialog.submit

    def guarded() -> object:
        try:
            with session.register.expecting(expected):
                return submit()
        except ConflictError:
            session.refresh()
            raise

    dialog.submit = guarded
    return expected


def visit_dialog(parent: QWidget, session: Session, arrangement_id: int) -> FormDialog:
    record = session.register.case(arrangement_id)
    dialog = FormDialog(
        "Record a visit",
        parent,
        intro="A visit counts for Reg 7 and Reg 8 only if the child was seen. Say whether the "
        "child was seen alone, and why not if they were not (Reg 8(3)).",
    )
    defaults = {
        "visit_date": session.today().isoformat(),  # selected: typing replaces it
        "kind": "statutory" if record.visits else "initial",
        "officer": record.arrangement.get("officer"),
    }
    group = dialog.add_group(FieldGroup("Visit", "visit", F.VISIT_FIELDS, dialog, values=defaults))
    dialog.submit = lambda: session.perform(
        "visit", session.register.record_visit, arrangement_id, group.values()
    )
    return dialog


def visit_report_dialog(parent: QWidget, session: Session, visit: dict[str, Any]) -> FormDialog:
    dialog = FormDialog("Report written", parent, intro=f"Visit on {fmt_iso(visit['visit_date'])}.")
    group = dialog.add_group(
        FieldGroup(
            "Report",
            "visit",
            F.VISIT_FIELDS,
            dialog,
            names=["report_date"],
            values={"report_date": session.today().isoformat()},  # selected: typing replaces it
        )
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
    dialog.initial_focus = person
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


def child_dialog(
    parent: QWidget, session: Session, record: CaseRecord, loaded: Loaded
) -> FormDialog:
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
    guard(dialog, session, loaded, [("children", current["id"])])
    return dialog


def _comparable(spec: Field, stored: object) -> object:
    if spec.kind == "bool" and stored is not None:
        return "yes" if stored else "no"
    if spec.kind == "int" and stored is not None:
        return str(stored)
    return stored


# ---------------------------------------------------------------------- corrections and additions
def changed_values(
    specs: Mapping[str, Field], values: Mapping[str, object], current: Mapping[str, Any]
) -> dict[str, object]:
    """Only what the officer changed, so a correction leaves the rest (and the audit log) alone.
    A field emptied on purpose is sent as None; the register decides whether it may be blank."""
    return {
        name: value
        for name, value in values.items()
        if value != _comparable(specs[name], current.get(name))
    }


def _correction(
    title: str,
    parent: QWidget,
    groups: Sequence[tuple[str, str, Mapping[str, Field], Mapping[str, Any]]],
    intro: str = "",
) -> tuple[FormDialog, list[FieldGroup]]:
    """A dialog of groups (title, prefix, fields, current values), pre-filled with the record."""
    dialog = FormDialog(title, parent, intro=intro, save_text="Save correction")
    made = [
        dialog.add_group(FieldGroup(words, prefix, specs, dialog, values=current))
        for words, prefix, specs, current in groups
    ]
    return dialog, made


def _one_operation(session: Session, what: str, name: str, steps: list[Callable[[], None]]) -> None:
    """Several register calls that stand or fall together (one transaction, one refresh)."""

    def run() -> None:
        with session.register.operation(name):
            for step in steps:
                step()

    session.perform(what, run)


# Further notices about a case already on the register (Reg 3 again, Reg 6, Reg 9); an
# arrangement already in place opens a case, and an ending has its own dialog.
FURTHER_KINDS = CodeList(
    NOTIFICATION_KINDS.name,
    tuple(
        (code, NOTIFICATION_KINDS[code])
        for code in ("moved_in", "change_of_circumstances", "proposal")
    ),
)
_FURTHER_FIELDS = {**F.NOTIFICATION_FIELDS}
_FURTHER_FIELDS["kind"] = replace(F.NOTIFICATION_FIELDS["kind"], codes=FURTHER_KINDS)


def notification_dialog(parent: QWidget, session: Session, arrangement_id: int) -> FormDialog:
    """A further notification: the child has moved in (with the day), a change of
    circumstances, or another proposal notice."""
    record = session.register.case(arrangement_id)
    moved_in = record.arrangement.get("start_date")
    dialog = FormDialog(
        "Record a further notification",
        parent,
        intro="A notice about this arrangement: the child has moved in (Reg 6), a change of "
        "circumstances (Reg 9) or another proposal notice (Reg 3). To end the arrangement use "
        "End arrangement.",
    )
    defaults = {
        "kind": "change_of_circumstances" if moved_in else "moved_in",
        "notifier_role": "carer",
    }
    note = dialog.add_group(
        FieldGroup("Notification", "notification", _FURTHER_FIELDS, dialog, values=defaults)
    )
    move = dialog.add_group(
        FieldGroup(
            "The move",
            "arrangement",
            F.ARRANGEMENT_FIELDS,
            dialog,
            names=["start_date"],
            values={"start_date": moved_in},
        )
    )
    move.setObjectName("group_move")
    start = move.inputs["start_date"]
    if moved_in:
        start.widget.setEnabled(False)
        start.widget.setToolTip("Already recorded; correct it with Correct the arrangement")
    else:
        start.widget.setToolTip("Leave blank if the child moved in on the day the notice came")
    kind = note.inputs["kind"].widget

    def kind_changed() -> None:
        move.setVisible(note.inputs["kind"].value() == "moved_in")

    assert isinstance(kind, QComboBox)
    kind.currentIndexChanged.connect(lambda _i: kind_changed())
    kind_changed()

    def submit() -> int:
        values = note.values()
        start_date = None if moved_in or values["kind"] != "moved_in" else start.value()
        return session.perform(
            "notification",
            session.register.record_notification,
            arrangement_id,
            values,
            start_date=start_date,
        )

    dialog.submit = submit
    return dialog


def arrangement_dialog(
    parent: QWidget, session: Session, record: CaseRecord, loaded: Loaded
) -> FormDialog:
    current = dict(record.arrangement)
    dialog, (group,) = _correction(
        "Correct the arrangement",
        parent,
        [("Arrangement", "arrangement", F.ARRANGEMENT_FIELDS, current)],
    )

    def submit() -> None:
        changes = changed_values(F.ARRANGEMENT_FIELDS, group.values(), current)
        if changes:
            session.perform(
                "arrangement", session.register.update_arrangement, current["id"], changes
            )

    dialog.submit = submit
    guard(dialog, session, loaded, [("arrangements", current["id"])])
    return dialog


def person_dialog(
    parent: QWidget, session: Session, person: Mapping[str, Any], loaded: Loaded
) -> FormDialog:
    """Correct the carer's own details (name, date of birth, addresses, contact)."""
    current = dict(person)
    dialog, (group,) = _correction(
        f"Correct {full_name(current)}",
        parent,
        [("Carer", "person", F.PERSON_FIELDS, current)],
    )

    def submit() -> None:
        changes = changed_values(F.PERSON_FIELDS, group.values(), current)
        if changes:
            session.perform("person", session.register.update_person, current["id"], changes)

    dialog.submit = submit
    guard(dialog, session, loaded, [("people", current["id"])])
    return dialog


def _linked_person_dialog(
    parent: QWidget,
    session: Session,
    row: Mapping[str, Any],
    loaded: Loaded,
    *,
    what: str,
    link_table: str,
    link_title: str,
    link_prefix: str,
    link_specs: Mapping[str, Field],
    update_link: Callable[[int, Mapping[str, object]], None],
) -> FormDialog:
    """Correct someone linked to the case (household member, parent): their own details and
    the link (relationship, dates, parental responsibility) in one transaction."""
    current = dict(row)
    dialog, (person, link) = _correction(
        f"Correct {full_name(current)}",
        parent,
        [
            ("Person", "person", F.PERSON_FIELDS, current),
            (link_title, link_prefix, link_specs, current),
        ],
    )

    def submit() -> None:
        person_changes = changed_values(F.PERSON_FIELDS, person.values(), current)
        link_changes = changed_values(link_specs, link.values(), current)
        steps: list[Callable[[], None]] = []
        if person_changes:
            steps.append(
                lambda: session.register.update_person(current["person_id"], person_changes)
            )
        if link_changes:
            steps.append(lambda: update_link(current["id"], link_changes))
        if steps:
            _one_operation(session, what, f"correct {what}", steps)

    dialog.submit = submit
    guard(dialog, session, loaded, [("people", current["person_id"]), (link_table, current["id"])])
    return dialog


def household_member_dialog(
    parent: QWidget, session: Session, member: Mapping[str, Any], loaded: Loaded
) -> FormDialog:
    """Correct a household member; a date in 'Left the household' records that they moved out."""
    return _linked_person_dialog(
        parent,
        session,
        member,
        loaded,
        what="household member",
        link_table="household_members",
        link_title="In the household",
        link_prefix="household",
        link_specs=F.HOUSEHOLD_FIELDS,
        update_link=session.register.update_household_member,
    )


def parent_dialog(
    parent: QWidget, session: Session, row: Mapping[str, Any], loaded: Loaded
) -> FormDialog:
    return _linked_person_dialog(
        parent,
        session,
        row,
        loaded,
        what="parent",
        link_table="parents",
        link_title="Parent",
        link_prefix="parents",
        link_specs=F.PARENT_FIELDS,
        update_link=session.register.update_parent,
    )


def add_household_member_dialog(
    parent: QWidget, session: Session, arrangement_id: int
) -> FormDialog:
    dialog = FormDialog(
        "Add a household member",
        parent,
        intro="Someone living in the carer's household. Their date of birth decides which "
        "safeguarding checks they need.",
        save_text="Add",
    )
    # The register names this person's fields household[0].<name>.
    person = dialog.add_group(FieldGroup("Person", "household[0]", F.PERSON_FIELDS, dialog))
    link = dialog.add_group(
        FieldGroup("In the household", "household[0]", F.HOUSEHOLD_FIELDS, dialog)
    )
    dialog.submit = lambda: session.perform(
        "household member",
        session.register.add_household_member,
        arrangement_id,
        {**person.values(), **link.values()},
    )
    return dialog


def add_parent_dialog(parent: QWidget, session: Session, arrangement_id: int) -> FormDialog:
    dialog = FormDialog(
        "Add a parent",
        parent,
        intro="A parent of the child, or someone else with parental responsibility.",
        save_text="Add",
    )
    person = dialog.add_group(FieldGroup("Person", "parents[0]", F.PERSON_FIELDS, dialog))
    link = dialog.add_group(FieldGroup("Parent", "parents[0]", F.PARENT_FIELDS, dialog))
    dialog.submit = lambda: session.perform(
        "parent",
        session.register.add_parent,
        arrangement_id,
        {**person.values(), **link.values()},
    )
    return dialog


def add_carer_dialog(parent: QWidget, session: Session, arrangement_id: int) -> FormDialog:
    dialog = FormDialog(
        "Add the carer",
        parent,
        intro="The carer of a case notified before the carer was known.",
        save_text="Add",
    )
    group = dialog.add_group(FieldGroup("Carer", "carer", F.PERSON_FIELDS, dialog))
    dialog.submit = lambda: session.perform(
        "carer", session.register.add_carer, arrangement_id, group.values()
    )
    return dialog


def _record_correction(
    title: str,
    parent: QWidget,
    session: Session,
    row: Mapping[str, Any],
    loaded: Loaded,
    *,
    table: str,
    what: str,
    prefix: str,
    specs: Mapping[str, Field],
    update: Callable[[int, Mapping[str, object]], None],
    intro: str = "",
) -> FormDialog:
    current = dict(row)
    dialog, (group,) = _correction(
        title, parent, [(what.capitalize(), prefix, specs, current)], intro
    )

    def submit() -> None:
        changes = changed_values(specs, group.values(), current)
        if changes:
            session.perform(what, update, current["id"], changes)

    dialog.submit = submit
    guard(dialog, session, loaded, [(table, current["id"])])
    return dialog


def correct_visit_dialog(
    parent: QWidget, session: Session, visit: Mapping[str, Any], loaded: Loaded
) -> FormDialog:
    return _record_correction(
        "Correct a visit",
        parent,
        session,
        visit,
        loaded,
        table="visits",
        what="visit",
        prefix="visit",
        specs=F.VISIT_FIELDS,
        update=session.register.update_visit,
    )


# A notification's kind cannot be changed (a wrong one is answered by recording the right one).
_NOTIFICATION_CORRECTABLE = {k: v for k, v in F.NOTIFICATION_FIELDS.items() if k != "kind"}


def correct_notification_dialog(
    parent: QWidget, session: Session, notification: Mapping[str, Any], loaded: Loaded
) -> FormDialog:
    """Who notified, when it arrived, what it said; every deadline counted from it moves."""
    return _record_correction(
        "Correct the notification",
        parent,
        session,
        notification,
        loaded,
        table="notifications",
        what="notification",
        prefix="notification",
        specs=_NOTIFICATION_CORRECTABLE,
        update=session.register.update_notification,
        intro=f"{NOTIFICATION_KINDS.label(notification['kind'])}. Its kind cannot be changed: "
        "if it is wrong, record a further notification of the right kind.",
    )


def correct_check_dialog(
    parent: QWidget, session: Session, check: Mapping[str, Any], loaded: Loaded
) -> FormDialog:
    return _record_correction(
        "Correct a check",
        parent,
        session,
        check,
        loaded,
        table="checks",
        what="check",
        prefix="check",
        specs=F.CHECK_FIELDS,
        update=session.register.update_check,
    )


def correct_decision_dialog(
    parent: QWidget, session: Session, decision: Mapping[str, Any], loaded: Loaded
) -> FormDialog:
    return _record_correction(
        "Correct a decision",
        parent,
        session,
        decision,
        loaded,
        table="decisions",
        what="decision",
        prefix="decision",
        specs=F.DECISION_FIELDS,
        update=session.register.update_decision,
    )


def correct_ending_dialog(
    parent: QWidget, session: Session, record: CaseRecord, loaded: Loaded
) -> FormDialog:
    return _record_correction(
        "Correct the ending",
        parent,
        session,
        record.arrangement,
        loaded,
        table="arrangements",
        what="ending",
        prefix="ending",
        specs=F.END_FIELDS,
        update=session.register.update_ending,
        intro="To undo an ending recorded by mistake, use Reopen the arrangement instead.",
    )
