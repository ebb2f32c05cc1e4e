"""Every correction dialog refuses to overwrite a row another program changed while it was open:
the register's ConflictError is shown in the dialog and the other program's value stays."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from pf_register.locking import case_snapshot
from pf_register.register import Register
from tests.ui.conftest import Answers, add_case
from ui import dialogs
from ui.forms import FormDialog
from ui.main_window import MainWindow
from ui.session import Session


def full_case(register: Register) -> int:
    """A case with a visit, a check and a decision, and ended (so every dialog applies)."""
    arrangement_id = add_case(register)
    carer = register.case(arrangement_id).carer
    assert carer is not None
    register.record_visit(
        arrangement_id,
        {"visit_date": "2026-05-22", "kind": "initial", "child_seen": "yes", "seen_alone": "yes"},
    )
    register.record_check(
        arrangement_id, {"kind": "dbs", "requested": "2026-05-21"}, person_id=carer["id"]
    )
    register.record_decision(arrangement_id, {"outcome": "suitable", "decision_date": "2026-05-29"})
    register.end_arrangement(
        arrangement_id, {"end_date": "2026-05-30", "end_reason": "returned_to_parent"}
    )
    return arrangement_id


def type_into(qtbot, dialog: FormDialog, key: str, text: str) -> None:
    widget = dialog.field(key).widget  # type: ignore[union-attr]
    assert isinstance(widget, QLineEdit)
    widget.clear()
    qtbot.keyClicks(widget, text)


def test_a_visit_corrected_elsewhere_meanwhile_is_not_overwritten(
    qtbot: QtBot, register: Register, window: MainWindow
) -> None:
    """End to end: open the correction from the case page, another program corrects the same
    field of the same visit, save: the message shows and the other program's value stays."""
    arrangement_id = full_case(register)
    visit_id = register.case(arrangement_id).visits[0]["id"]
    page = window.open_case(arrangement_id)
    view = page.views["visits"]
    page.tabs.setCurrentWidget(view)
    view.setFocus()
    view.selectRow(0)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    type_into(qtbot, dialog, "visit.notes", "Seen in her room; all well")

    with Register.open(register.path, user="jo.bloggs") as elsewhere:
        elsewhere.update_visit(visit_id, {"notes": "Seen at school with the head of year"})

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # still open, with what the officer typed
    assert dialog.general_error.isVisible()
    message = dialog.general_error.text()
    assert "changed by someone else" in message and "jo.bloggs" in message
    assert dialog.field("visit.notes").value() == "Seen in her room; all well"  # type: ignore[union-attr]
    with Register.open(register.path, read_only=True) as reader:
        stored = reader.case(arrangement_id).visits[0]
        assert stored["notes"] == "Seen at school with the head of year"
        # Nothing of the refused save reached the audit log either.
        assert [e["user"] for e in reader.audit_log("visits", visit_id)][-1] == "jo.bloggs"
    # The page re-read the file: it now shows the other program's notes.
    assert page.models["visits"].row_data(0)["notes"] == "Seen at school with the head of year"


Opener = Callable[[Session, Any, dict[tuple[str, str], dict[str, Any]]], FormDialog]


def _visit(session: Session, record: Any, loaded: Any) -> FormDialog:
    return dialogs.correct_visit_dialog(None, session, record.visits[0], loaded)  # type: ignore[arg-type]


# (dialog, how to open it, a field the officer changes, the change made elsewhere meanwhile)
CASES: list[tuple[str, Opener, str, str, Callable[[Register, Any], None]]] = [
    (
        "child",
        lambda s, r, loaded: dialogs.child_dialog(None, s, r, loaded),  # type: ignore[arg-type]
        "child.notes",
        "likes chess",
        lambda reg, r: reg.update_child(r.child["id"], {"notes": "likes football"}),
    ),
    (
        "arrangement",
        lambda s, r, loaded: dialogs.arrangement_dialog(None, s, r, loaded),  # type: ignore[arg-type]
        "arrangement.officer",
        "Sam Lee",
        lambda reg, r: reg.update_arrangement(r.arrangement["id"], {"officer": "Kim Wu"}),
    ),
    (
        "carer",
        lambda s, r, loaded: dialogs.person_dialog(None, s, r.carer, loaded),  # type: ignore[arg-type]
        "person.phone",
        "01632 960001",
        lambda reg, r: reg.update_person(r.carer["id"], {"phone": "01632 960999"}),
    ),
    (
        "household member (the person)",
        lambda s, r, loaded: dialogs.household_member_dialog(None, s, r.household[0], loaded),  # type: ignore[arg-type]
        "person.phone",
        "01632 960002",
        lambda reg, r: reg.update_person(r.household[0]["person_id"], {"phone": "01632 960998"}),
    ),
    (
        "household member (the link)",
        lambda s, r, loaded: dialogs.household_member_dialog(None, s, r.household[0], loaded),  # type: ignore[arg-type]
        "household.relationship",
        "stepson",
        lambda reg, r: reg.update_household_member(
            r.household[0]["id"], {"relationship": "lodger"}
        ),
    ),
    (
        "parent",
        lambda s, r, loaded: dialogs.parent_dialog(None, s, r.parents[0], loaded),  # type: ignore[arg-type]
        "person.phone",
        "01632 960003",
        lambda reg, r: reg.update_person(r.parents[0]["person_id"], {"phone": "01632 960997"}),
    ),
    (
        "visit",
        _visit,
        "visit.notes",
        "all well",
        lambda reg, r: reg.update_visit(r.visits[0]["id"], {"notes": "seen at school"}),
    ),
    (
        "check",
        lambda s, r, loaded: dialogs.correct_check_dialog(None, s, r.checks[0], loaded),  # type: ignore[arg-type]
        "check.notes",
        "chased",
        lambda reg, r: reg.update_check(r.checks[0]["id"], {"notes": "sent again"}),
    ),
    (
        "decision",
        lambda s, r, loaded: dialogs.correct_decision_dialog(None, s, r.decisions[0], loaded),  # type: ignore[arg-type]
        "decision.notes",
        "agreed with manager",
        lambda reg, r: reg.update_decision(r.decisions[0]["id"], {"notes": "panel agreed"}),
    ),
    (
        "notification",
        lambda s, r, loaded: dialogs.correct_notification_dialog(  # type: ignore[arg-type]
            None, s, r.notifications[0], loaded
        ),
        "notification.notifier_name",
        "Mrs Grey (head)",
        lambda reg, r: reg.update_notification(
            r.notifications[0]["id"], {"notifier_name": "Mr Brown"}
        ),
    ),
    (
        "ending",
        lambda s, r, loaded: dialogs.correct_ending_dialog(None, s, r, loaded),  # type: ignore[arg-type]
        "ending.end_notes",
        "went home",
        lambda reg, r: reg.update_ending(r.arrangement["id"], {"end_notes": "moved to gran"}),
    ),
]


@pytest.mark.parametrize(
    ("opener", "key", "typed", "elsewhere"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_every_correction_dialog_refuses_an_overtaken_row(
    qtbot: QtBot, register: Register, opener: Opener, key: str, typed: str, elsewhere: Any
) -> None:
    """Each dialog guards itself (opened here without the case page), with the rows as they
    were when it opened."""
    arrangement_id = full_case(register)
    session = Session(register)
    record = register.case(arrangement_id)
    loaded = case_snapshot(register, arrangement_id)
    dialog = opener(session, record, loaded)
    qtbot.addWidget(dialog)
    dialog.open()
    type_into(qtbot, dialog, key, typed)
    refreshed: list[str] = []
    session.changed.connect(refreshed.append)
    with Register.open(register.path, user="jo.bloggs") as other:
        elsewhere(other, record)
        after_other = case_snapshot(other, arrangement_id)
    dialog.save()
    assert dialog.isVisible()
    assert "changed by someone else" in dialog.general_error.text()
    assert case_snapshot(register, arrangement_id) == after_other  # nothing overwritten
    assert refreshed == ["refresh"]  # every screen re-reads the file


def test_the_same_dialog_saves_when_nobody_else_changed_the_row(
    qtbot: QtBot, register: Register
) -> None:
    """The guard refuses only real conflicts: a change elsewhere to another row is fine."""
    arrangement_id = full_case(register)
    session = Session(register)
    record = register.case(arrangement_id)
    dialog = _visit(session, record, case_snapshot(register, arrangement_id))
    qtbot.addWidget(dialog)
    dialog.open()
    type_into(qtbot, dialog, "visit.notes", "all well")
    with Register.open(register.path, user="jo.bloggs") as other:
        other.update_child(record.child["id"], {"notes": "likes football"})
    dialog.save()
    assert not dialog.isVisible()
    assert register.case(arrangement_id).visits[0]["notes"] == "all well"


def test_a_dialog_needs_the_rows_it_was_opened_with(qtbot: QtBot, register: Register) -> None:
    arrangement_id = full_case(register)
    record = register.case(arrangement_id)
    with pytest.raises(KeyError, match="visits"):
        _visit(Session(register), record, {})


def test_reopening_an_ending_changed_elsewhere_is_refused(
    qtbot: QtBot,
    register: Register,
    window: MainWindow,
    answers: Answers,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    arrangement_id = full_case(register)
    page = window.open_case(arrangement_id)
    told: list[str] = []
    monkeypatch.setattr("ui.case_page.tell", lambda _p, _t, message: told.append(message))
    with Register.open(register.path, user="jo.bloggs") as elsewhere:
        elsewhere.update_ending(arrangement_id, {"end_reason": "moved_to_relative"})
    page.menu_actions["reopen"].trigger()
    assert len(answers.questions) == 1
    assert told and "changed by someone else" in told[0]
    stored = register.arrangement(arrangement_id)
    assert (stored["end_date"], stored["end_reason"]) == ("2026-05-30", "moved_to_relative")
