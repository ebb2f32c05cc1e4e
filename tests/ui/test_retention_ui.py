"""File ▸ Cases due for review…: the list, the erase (asked first, with a reason), and the case
page of an erased case."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from pf_register.privacy import ERASED
from pf_register.register import Register
from tests.ui.conftest import Answers, add_case
from ui.main_window import MainWindow
from ui.retention_dialog import RetentionDialog


def old_case(register: Register) -> int:
    """Ended Wed 31 Jul 2019: due for review since 31 Jul 2025 (6 years)."""
    arrangement_id = add_case(
        register,
        notification={
            "kind": "already_in_place",
            "received": "2019-02-11",
            "notifier_role": "school",
            "notifier_name": "Head of year",
        },
        child={"first_name": "Wren", "last_name": "Ashdown", "date_of_birth": "2006-03-04"},
        arrangement={"type_code": "8E", "officer": "Jo Smith", "start_date": "2019-02-04"},
        household=[],
    )
    register.end_arrangement(
        arrangement_id, {"end_date": "2019-07-31", "end_reason": "returned_to_parent"}
    )
    return arrangement_id


@pytest.fixture
def cases(register: Register) -> tuple[int, int]:
    old = old_case(register)
    recent = add_case(register)  # open: never listed
    return old, recent


def open_review(window: MainWindow) -> RetentionDialog:
    action = window.retention_action
    assert action in window.menuBar().actions()[0].menu().actions()  # type: ignore[union-attr]
    action.trigger()
    dialog = window.findChild(RetentionDialog, "retention_dialog")
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_the_review_lists_ended_cases_past_the_retention_period(
    window: MainWindow, register: Register, cases: tuple[int, int]
) -> None:
    old, _recent = cases
    dialog = open_review(window)
    assert [i.arrangement_id for i in dialog.items()] == [old]
    model = dialog.model
    assert [model.index(0, c).data() for c in range(model.columnCount())] == [
        register.arrangement(old)["reference"],
        "Wren Ashdown",
        "Wed 31 Jul 2019",
        "6",
        "Child returned to parent",
        "Thu 31 Jul 2025",
    ]
    assert "more than 6 years ago" in dialog.intro.text()
    # A longer retention period in Settings empties the list at once.
    window.session.perform("settings", register.update_settings, retention_years=7)
    assert dialog.items() == []
    assert not dialog.erase_button.isEnabled()


def test_open_the_case_from_the_list(
    qtbot: QtBot, window: MainWindow, cases: tuple[int, int]
) -> None:
    old, _ = cases
    dialog = open_review(window)
    dialog.view.setFocus()
    qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
    page = window.current_case()
    assert page is not None and page.arrangement_id == old


def test_erase_needs_a_reason_and_asks_with_what_goes_and_what_stays(
    qtbot: QtBot, window: MainWindow, register: Register, cases: tuple[int, int], answers: Answers
) -> None:
    old, recent = cases
    reference = register.arrangement(old)["reference"]
    dialog = open_review(window)
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    assert answers.questions == []  # no reason: not even asked
    assert "Reason for erasing: say why" in dialog.message.text()
    assert dialog.focusWidget() is dialog.reason

    qtbot.keyClicks(dialog.reason, "Retention review June 2026")
    answers.answer = False
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    question = answers.questions[-1]
    assert reference in question and "Wren Ashdown" in question
    assert "Removed for good" in question and "Kept, so the statistics stay right" in question
    assert "cannot be undone" in question
    assert register.case(old).child["first_name"] == "Wren"
    assert dialog.message.text() == "Nothing was erased."

    answers.answer = True
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    record = register.case(old)
    assert record.child["first_name"] == ERASED
    assert record.notifications[0]["notifier_name"] == ERASED
    assert register.case(recent).child["first_name"] == "Amy"  # the other case untouched
    assert f"Erased the personal data of {reference}" in dialog.message.text()
    assert dialog.items() == [] and dialog.reason.text() == ""
    entry = register.audit_log("arrangements", old)[-1]
    assert entry["operation"] == "erase personal data" and entry["user"] == "tester"


def test_the_case_page_of_an_erased_case_says_so(
    window: MainWindow, register: Register, cases: tuple[int, int], answers: Answers
) -> None:
    old, recent = cases
    page = window.open_case(old)
    assert page.erased.isHidden()
    dialog = open_review(window)
    dialog.reason.setText("retention review")
    dialog.erase_chosen()
    # The open page refreshed: the banner names when, who and why, from the audit log.
    assert not page.erased.isHidden()
    text = page.erased.text()
    assert "Personal data erased" in text and "by tester" in text
    assert "reason: retention review" in text
    assert page.title.text().startswith(f"{ERASED} {ERASED}:")
    assert window.open_case(recent).erased.isHidden()


def test_a_read_only_register_cannot_erase(
    window: MainWindow, register: Register, cases: tuple[int, int]
) -> None:
    register.set_read_only("jo.bloggs on PC-7 has this register open")
    dialog = open_review(window)
    assert len(dialog.items()) == 1
    assert not dialog.erase_button.isEnabled()
    assert "open for changes" in dialog.erase_button.toolTip()
