"""Typing a new notification from the keyboard, saving it, and finding it everywhere."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from pf_register.register import Register
from ui.main_window import MainWindow
from ui.new_case import NewNotificationDialog


def type_into(qtbot, dialog: NewNotificationDialog, key: str, text: str) -> None:  # type: ignore[no-untyped-def]
    widget = dialog.field(key).widget  # type: ignore[union-attr]
    assert isinstance(widget, QLineEdit)
    widget.clear()
    qtbot.keyClicks(widget, text)


def choose(dialog: NewNotificationDialog, key: str, value: str) -> None:
    widget = dialog.field(key).widget  # type: ignore[union-attr]
    assert isinstance(widget, QComboBox)
    widget.setCurrentIndex(widget.findData(value))


def fill_proposal(qtbot, dialog: NewNotificationDialog) -> None:  # type: ignore[no-untyped-def]
    choose(dialog, "notification.kind", "proposal")
    type_into(qtbot, dialog, "notification.received", "2026-05-27")
    choose(dialog, "notification.notifier_role", "carer")
    type_into(qtbot, dialog, "notification.planned_start", "2026-07-20")
    type_into(qtbot, dialog, "child.first_name", "Zara")
    type_into(qtbot, dialog, "child.last_name", "Okafor")
    type_into(qtbot, dialog, "child.date_of_birth", "2011-09-14")
    type_into(qtbot, dialog, "carer.first_name", "Grace")
    type_into(qtbot, dialog, "carer.last_name", "Mensah")
    choose(dialog, "arrangement.type_code", "8C")


def test_new_notification_from_the_keyboard(qtbot, register: Register, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = window.dialog
    assert isinstance(dialog, NewNotificationDialog) and dialog.isVisible()
    kind = dialog.field("notification.kind").widget  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is kind)
    fill_proposal(qtbot, dialog)
    dialog.household.set_cell(0, "first_name", "Kofi")
    dialog.household.set_cell(0, "last_name", "Mensah")
    dialog.household.set_cell(0, "date_of_birth", "1975-02-03")
    dialog.household.set_cell(0, "relationship", "husband")
    dialog.parents.set_cell(0, "first_name", "Ngozi")
    dialog.parents.set_cell(0, "last_name", "Okafor")
    dialog.parents.set_cell(0, "relationship", "mother")
    qtbot.keyClick(dialog.field("carer.last_name").widget, Qt.Key.Key_Return)  # type: ignore[union-attr]
    assert not dialog.isVisible()

    # The new case opens at once, with its Reg 4 visit due 7 working days after receipt.
    page = window.current_case()
    assert page is not None
    assert page.title.text() == "Zara Okafor: PF-2026-0001 (open)"
    record = register.case(page.arrangement_id)
    assert [p["first_name"] for p in record.household] == ["Kofi"]
    assert [p["relationship"] for p in record.parents] == ["mother"]

    # Find it in the register.
    window.find_case()
    qtbot.keyClicks(window.register_page.search, "Okafor")
    qtbot.waitUntil(lambda: window.register_page.model.rowCount() == 1)
    assert window.register_page.model.index(0, 1).data() == "Zara Okafor"

    # See its REG4_VISIT on the home page with the right date (Wed 27 May + 7 working days).
    window.show_home()
    home = window.home
    qtbot.mouseClick(home.buttons["soon"], Qt.MouseButton.LeftButton)
    rows = [home.model.obligation(r) for r in range(home.model.rowCount())]
    reg4 = [o for o in rows if o.code == "REG4_VISIT"]
    assert len(reg4) == 1
    row = rows.index(reg4[0])
    assert home.model.index(row, 1).data() == "Zara Okafor (PF-2026-0001)"
    assert home.model.index(row, 2).data().endswith("— Reg 4(1)")
    assert home.model.index(row, 4).data() == "Fri 5 Jun 2026"
    assert home.model.index(row, 5).data() == "in 4 days"


def test_invalid_date_is_shown_beside_the_field_and_nothing_is_saved(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    dialog = window.new_notification()
    fill_proposal(qtbot, dialog)
    type_into(qtbot, dialog, "child.date_of_birth", "31/09/2011")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    field = dialog.field("child.date_of_birth")
    assert field is not None
    assert field.error.isVisible()
    assert "is not a date" in field.error.text()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field.widget)
    assert dialog.isVisible()
    assert register.case_count() == 0

    # A mistake in a household row is shown under the household grid, naming the row.
    type_into(qtbot, dialog, "child.date_of_birth", "2011-09-14")
    dialog.household.set_cell(1, "first_name", "Kofi")
    dialog.household.set_cell(1, "last_name", "Mensah")
    dialog.household.set_cell(1, "date_of_birth", "1975-02-30")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not field.error.isVisible()
    assert dialog.household.error.isVisible()
    assert dialog.household.error.text().startswith("Row 2, date of birth")
    assert register.case_count() == 0

    # A required field left blank.
    dialog.household.set_cell(1, "date_of_birth", "1975-02-03")
    type_into(qtbot, dialog, "child.first_name", "")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.field("child.first_name").error.text() == "First name is required"  # type: ignore[union-attr]
    assert register.case_count() == 0


def test_cancel_with_changes_asks_and_keeps_what_was_typed(
    qtbot, register: Register, window: MainWindow, answers
) -> None:  # type: ignore[no-untyped-def]
    dialog = window.new_notification()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert answers.questions == []  # nothing typed: closes without asking
    assert not dialog.isVisible()

    dialog = window.new_notification()
    type_into(qtbot, dialog, "child.first_name", "Zara")
    answers.answer = False
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert len(answers.questions) == 1
    assert dialog.isVisible()
    assert dialog.field("child.first_name").widget.text() == "Zara"  # type: ignore[union-attr]
    answers.answer = True
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert register.case_count() == 0


def test_a_parent_chosen_only_in_the_drop_downs_is_not_dropped_unsaid(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    """The officer knows there is a mother with parental responsibility, not yet her name:
    the row is not thrown away as blank; the form says what it still needs."""
    dialog = window.new_notification()
    fill_proposal(qtbot, dialog)
    dialog.parents.set_cell(0, "relationship", "mother")
    dialog.parents.set_cell(0, "has_parental_responsibility", "yes")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.parents.error.text() == "Row 1, first name: First name is required"
    assert register.case_count() == 0
    dialog.parents.set_cell(0, "first_name", "Ngozi")
    dialog.parents.set_cell(0, "last_name", "Okafor")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    (case,) = register.cases()
    (parent,) = register.case(case.arrangement_id).parents
    assert (parent["relationship"], parent["has_parental_responsibility"]) == ("mother", 1)


def test_a_choice_in_a_people_drop_down_is_a_change_to_ask_about(
    qtbot, register: Register, window: MainWindow, answers
) -> None:  # type: ignore[no-untyped-def]
    dialog = window.new_notification()
    dialog.parents.set_cell(0, "relationship", "father")
    answers.answer = False
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert len(answers.questions) == 1
    assert dialog.isVisible()


def test_a_message_gives_its_dates_as_the_officer_reads_them(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    """The register says '2026-06-02 is in the future'; the officer typed 02/06/2026."""
    dialog = window.new_notification()
    fill_proposal(qtbot, dialog)
    type_into(qtbot, dialog, "notification.received", "02/06/2026")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert (
        dialog.field("notification.received")
        .error.text()
        .startswith(  # type: ignore[union-attr]
            "Tue 2 Jun 2026 is in the future"
        )
    )
    # A day that does not exist is left as typed.
    type_into(qtbot, dialog, "notification.received", "2026-02-30")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "2026-02-30" in dialog.field("notification.received").error.text()  # type: ignore[union-attr]


def test_settings_show_closure_days_as_they_are_typed(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    register.update_settings(closure_days="2026-12-31, 2027-01-02")
    window.settings_action.trigger()
    dialog = window.dialog
    assert dialog is not None
    assert dialog.field("closure_days").widget.text() == "31/12/2026, 02/01/2027"  # type: ignore[union-attr]
    dialog.save()  # saved again unchanged: the same days
    assert register.settings.closure_days == (date(2026, 12, 31), date(2027, 1, 2))


def test_settings_show_a_councils_name_whole(qtbot, register: Register, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    name = "Testshire County Council Children's Services"
    register.update_settings(authority_name=name)
    window.settings_action.trigger()
    dialog = window.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    widget = dialog.field("authority_name").widget  # type: ignore[union-attr]
    assert widget.width() > widget.fontMetrics().horizontalAdvance(name)
    dialog.reject()
