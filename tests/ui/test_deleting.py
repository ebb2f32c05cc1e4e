"""Deleting an enquiry or an awareness activity logged by mistake, from its list: the Delete
key, the right-click menu or the button; the dialog says what goes (no names) and asks why;
the row leaves the list, the count, the home page and the statistics. A refusal is told in the
register's words and the row stays.

The register's today is Mon 1 Jun 2026. Every name is fictional.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from pf_register.audit import changes
from pf_register.register import Register
from tests.ui.conftest import add_case
from ui import activities_page, common, enquiries_page
from ui.audit_view import audit_lines
from ui.delete_dialog import DeleteDialog
from ui.enquiries_page import EnquiriesPage
from ui.main_window import MainWindow


def read(qtbot, page: EnquiriesPage) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not page.is_reading())


def enquiries_with_first_chosen(qtbot, window: MainWindow) -> EnquiriesPage:  # type: ignore[no-untyped-def]
    """The enquiry log, read afresh, with its first row chosen."""
    window.session.refresh()
    window.show_enquiries()
    page = window.enquiries_page
    read(qtbot, page)
    page.table.selectRow(0)
    return page


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Replaces tell(): the messages the officer would read."""
    messages: list[str] = []

    def tell(_parent: object, _title: str, message: str, warning: bool = True) -> None:
        messages.append(message)

    for module in (common, activities_page, enquiries_page):
        monkeypatch.setattr(module, "tell", tell)
    return messages


def enquiry(register: Register, **changes: object) -> int:
    values: dict[str, object] = {
        "enquiry_date": "2026-05-22",
        "source_sector": "school",
        "channel": "phone",
        "area": "TB1",
        "child_name": "Zara Okafor",
        "about": "Zara staying with a family friend",
    }
    values.update(changes)
    return register.record_enquiry(values)


def test_delete_an_enquiry_with_the_delete_key(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    enquiry(register)
    enquiry(register, enquiry_date="2026-05-27", channel="email")  # the duplicate, newest
    window.session.refresh()
    assert window.home.counts()["all"] == 2  # two follow-ups
    window.show_enquiries()
    page = window.enquiries_page
    read(qtbot, page)
    assert page.count.text() == "2 enquiries"
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    dialog = page.dialog
    assert isinstance(dialog, DeleteDialog) and dialog.isVisible()
    intro = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "ENQ-2026-0002 of Wed 27 May 2026: School, by email, area TB1" in intro
    assert "Zara" not in intro  # never a child's name
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.reason)

    # Without a reason nothing goes; the message is beside the reason.
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.reason_error.isVisible()
    assert "say why this enquiry is deleted" in dialog.reason_error.text()
    assert len(register.enquiries()) == 2

    qtbot.keyClicks(dialog.reason, "Logged twice")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert [r["reference"] for r in register.enquiries()] == ["ENQ-2026-0001"]
    read(qtbot, page)
    assert page.count.text() == "1 enquiry"
    assert page.model.rowCount() == 1
    assert window.home.counts()["all"] == 1  # its follow-up has gone
    last = register.audit_log("enquiries")[-1]
    assert (last["operation"], last["action"]) == ("delete enquiry", "delete")

    # The audit trail reads it: what was deleted, why first, then what it held.
    entries = [
        {**e, "changes": changes(e["before"], e["after"])}
        for e in register.audit_log("enquiries", 2)
    ]
    lines = audit_lines(entries, {})
    assert lines[0]["record"] == "Enquiry ENQ-2026-0002 deleted"
    assert (lines[0]["field"], lines[0]["before"], lines[0]["after"]) == (
        "Reason for deleting",
        "—",
        "Logged twice",
    )
    deleted = {
        (line["field"], line["before"], line["after"])
        for line in lines
        if line["record"] == "Enquiry ENQ-2026-0002 deleted"
    }
    assert ("Channel", "Email", "—") in deleted
    assert ("Date of enquiry", "Wed 27 May 2026", "—") in deleted


def test_an_enquiry_that_became_a_case_is_not_deleted(
    qtbot, register: Register, window: MainWindow, told: list[str]
) -> None:  # type: ignore[no-untyped-def]
    arrangement = add_case(register)
    eid = enquiry(register, enquiry_date="2026-05-19")
    register.link_enquiry(eid, arrangement)
    page = enquiries_with_first_chosen(qtbot, window)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    (message,) = told
    assert message.startswith("ENQ-2026-0001 is linked to PF-2026-0001")
    assert "delete the other copy" in message
    assert not isinstance(page.dialog, DeleteDialog)
    assert len(register.enquiries()) == 1
    assert page.count.text() == "1 enquiry"


def test_an_enquiry_changed_elsewhere_meanwhile_is_not_deleted(
    qtbot, register: Register, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    enquiry(register)
    page = enquiries_with_first_chosen(qtbot, window)
    dialog = page.delete_selected()
    assert dialog is not None
    elsewhere = Register.open(register.path, user="jo.bloggs", today=register.today)
    try:
        elsewhere.update_enquiry(1, {"outcome": "advice_only"})
    finally:
        elsewhere.close()
    dialog.reason.setText("Logged twice")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "changed by someone else since you opened it by jo.bloggs" in (
        dialog.general_error.text()
    )
    assert register.enquiries()[0]["outcome"] == "advice_only"


def test_delete_an_activity_from_the_list(qtbot, register: Register, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    values = {"activity_date": "2026-05-12", "kind": "briefing", "audience_sector": "school"}
    register.record_activity({**values, "title": "Schools briefing"})
    register.record_activity({**values, "activity_date": "2026-05-13", "title": "Test entry"})
    window.show_activities()
    page = window.activities_page
    assert page.count.text() == "2 activities"
    page.table.selectRow(0)  # the newest: the test entry
    (action,) = page.table.actions()  # the right-click menu's and the Delete key's
    assert action.text() == "&Delete…"
    action.trigger()
    dialog = page.dialog
    assert isinstance(dialog, DeleteDialog) and dialog.isVisible()
    assert dialog.save_button.text() == "Delete activity"
    dialog.reason.setText("A test entry")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert [r["title"] for r in register.activities()] == ["Schools briefing"]
    page.lazy.ensure_fresh()
    assert page.count.text() == "1 activity"
    assert page.model.index(0, 6).data() == "Schools briefing"


def test_an_activity_enquiries_heard_from_is_not_deleted(
    qtbot, register: Register, window: MainWindow, told: list[str]
) -> None:  # type: ignore[no-untyped-def]
    aid = register.record_activity(
        {"activity_date": "2026-05-12", "kind": "briefing", "audience_sector": "school"}
    )
    enquiry(register, activity_id=aid)
    window.show_activities()
    page = window.activities_page
    page.table.selectRow(0)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    (message,) = told
    assert message.startswith("1 enquiry (ENQ-2026-0001) heard of private fostering")
    assert "Correct it first" in message
    assert not isinstance(page.dialog, DeleteDialog)
    assert page.count.text() == "1 activity"
    assert len(register.activities()) == 1


def test_nothing_chosen_says_so(
    qtbot, register: Register, window: MainWindow, told: list[str]
) -> None:  # type: ignore[no-untyped-def]
    window.show_activities()
    assert window.activities_page.delete_selected() is None
    assert told == ["Choose the activity to delete first."]
