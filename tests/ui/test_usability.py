"""Findings of the officer's usability test: where the cursor starts, small screens, the
people tables, correcting a notification, the home page, Alt keys, the audit viewer, the new
notification's carer and address, and the enquiry form's Enter and activity list."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QTabBar,
    QWidget,
)

from pf_register.register import Register
from tests.ui.conftest import TODAY, add_case
from ui import common
from ui.case_page import CasePage
from ui.forms import FormDialog
from ui.main_window import MainWindow
from ui.new_case import NewNotificationDialog

VISIT = {"visit_date": "2026-05-29", "kind": "initial", "child_seen": "yes", "seen_alone": "yes"}


def focus_is(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=2000)


def case_page(register: Register, window: MainWindow, **overrides: object) -> CasePage:
    arrangement_id = add_case(register, **overrides)
    window.refresh()
    return window.open_case(arrangement_id)


# ---------------------------------------------------------------------- 1. where the cursor starts
def test_record_visit_opens_on_todays_date_ready_to_type_over(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    page = case_page(register, window)
    qtbot.mouseClick(page.buttons["visit"], Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    date = dialog.field("visit.visit_date").widget  # type: ignore[union-attr]
    assert isinstance(date, QLineEdit)
    focus_is(qtbot, date)
    assert date.text() == f"{TODAY:%d/%m/%Y}"  # as the DD/MM/YYYY hint says
    assert date.selectedText() == date.text()  # typing replaces it
    qtbot.keyClicks(date, "29/05/2026")
    assert date.text() == "29/05/2026"
    # The rest from the keyboard: Tab to the drop-downs, Enter saves.
    qtbot.keyClick(date, Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    seen = dialog.field("visit.child_seen").widget  # type: ignore[union-attr]
    focus_is(qtbot, seen)
    qtbot.keyClicks(seen, "Y")
    qtbot.keyClick(seen, Qt.Key.Key_Tab)
    alone = dialog.field("visit.seen_alone").widget  # type: ignore[union-attr]
    focus_is(qtbot, alone)
    qtbot.keyClicks(alone, "Y")
    qtbot.keyClick(alone, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert [v["visit_date"] for v in register.case(page.arrangement_id).visits] == ["2026-05-29"]


def test_report_written_opens_on_todays_date(qtbot, register: Register, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    arrangement_id = add_case(register)
    register.record_visit(arrangement_id, VISIT)
    page = window.open_case(arrangement_id)
    qtbot.mouseClick(page.buttons["report"], Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    date = dialog.field("visit.report_date").widget  # type: ignore[union-attr]
    assert isinstance(date, QLineEdit)
    focus_is(qtbot, date)
    assert date.text() == f"{TODAY:%d/%m/%Y}" and date.selectedText() == date.text()
    qtbot.keyClick(date, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert register.case(arrangement_id).visits[0]["report_date"] == TODAY.isoformat()


def _opened(
    window: MainWindow, page: CasePage, register: Register
) -> dict[str, Callable[[], FormDialog]]:
    def enquiry() -> FormDialog:
        enquiry_id = register.record_enquiry({"source_sector": "police", "channel": "phone"})
        window.show_enquiries()
        return window.enquiries_page.edit(enquiry_id)

    def activity() -> FormDialog:
        activity_id = register.record_activity(
            {"activity_date": "2026-05-01", "kind": "training", "audience_sector": "school"}
        )
        window.show_activities()
        return window.activities_page.edit(activity_id)

    def settings() -> FormDialog:
        window.settings_action.trigger()
        assert window.dialog is not None
        return window.dialog

    def button(key: str) -> Callable[[], FormDialog]:
        def press() -> FormDialog:
            window.tabs.setCurrentWidget(page)
            page.buttons[key].click()
            assert page.dialog is not None
            return page.dialog

        return press

    def menu(key: str) -> Callable[[], FormDialog]:
        def choose() -> FormDialog:
            window.tabs.setCurrentWidget(page)
            page.menu_actions[key].trigger()
            assert page.dialog is not None
            return page.dialog

        return choose

    return {
        "visit": button("visit"),
        "check": button("check"),
        "decision": button("decision"),
        "notify": button("notify"),
        "end": button("end"),
        "child": menu("child"),
        "arrangement": menu("arrangement"),
        "enquiry": enquiry,
        "activity": activity,
        "settings": settings,
    }


@pytest.mark.parametrize(
    "which",
    [
        "visit",
        "check",
        "decision",
        "notify",
        "end",
        "child",
        "arrangement",
        "enquiry",
        "activity",
        "settings",
    ],
)
def test_every_dialog_opens_with_the_cursor_in_its_first_field(
    qtbot, register: Register, window: MainWindow, which: str
) -> None:  # type: ignore[no-untyped-def]
    page = case_page(register, window)
    dialog = _opened(window, page, register)[which]()
    assert dialog.isVisible()
    first = dialog.first_input()
    assert first is not None
    focus_is(qtbot, first)
    assert first is not dialog.save_button and dialog.scroll_area.widget().isAncestorOf(first)
    dialog.dirty = False
    dialog.reject()


# ---------------------------------------------------------------------- 2. small screens
SMALL = QRect(0, 0, 1366, 728)  # 1366×768 less a task bar
SCALED = QRect(0, 0, 910, 486)  # the same screen at 150% scaling, in Qt's own pixels


@pytest.fixture(params=[SMALL, SCALED], ids=["1366x768", "150%"])
def small_screen(request, monkeypatch: pytest.MonkeyPatch) -> QRect:  # type: ignore[no-untyped-def]
    area: QRect = request.param
    monkeypatch.setattr(common, "available_geometry", lambda _widget: QRect(area))
    return area


def inside(widget: QWidget, area: QRect) -> bool:
    size = widget.size() + common.FRAME_ALLOWANCE
    return size.width() <= area.width() and size.height() <= area.height()


def test_main_window_fits_a_small_screen(
    qtbot, register: Register, qsettings, small_screen: QRect
) -> None:  # type: ignore[no-untyped-def]
    from ui.app import build_window

    window = build_window(register, settings=qsettings)
    qtbot.addWidget(window)
    assert inside(window, small_screen)


def test_new_notification_fits_with_save_in_sight_and_scrolls_to_the_cursor_and_errors(
    qtbot, register: Register, window: MainWindow, small_screen: QRect
) -> None:  # type: ignore[no-untyped-def]
    dialog = window.new_notification()
    qtbot.waitExposed(dialog)
    assert inside(dialog, small_screen)
    # Save and Cancel are outside the scrolling part, inside the dialog.
    assert not dialog.scroll_area.isAncestorOf(dialog.save_button)
    for button in (dialog.save_button, dialog.cancel_button):
        top_left = button.mapTo(dialog, button.rect().topLeft())
        assert dialog.rect().contains(QRect(top_left, button.size()))
    bar = dialog.scroll_area.verticalScrollBar()
    assert bar.maximum() > 0  # the form is taller than the room: it scrolls

    def in_view(widget: QWidget) -> bool:
        viewport = dialog.scroll_area.viewport()
        top_left = widget.mapTo(viewport, widget.rect().topLeft())
        return viewport.rect().intersects(QRect(top_left, widget.size()))

    # Tabbing (or a mnemonic) to a field out of sight scrolls it into view.
    officer = dialog.field("arrangement.officer").widget  # type: ignore[union-attr]
    officer.setFocus(Qt.FocusReason.ShortcutFocusReason)
    focus_is(qtbot, officer)
    qtbot.waitUntil(lambda: in_view(officer))
    # A message beside a field scrolled away is brought into view, in full.
    bar.setValue(bar.maximum())
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    shown = [f for g in dialog.groups for f in g.inputs.values() if f.error.isVisibleTo(dialog)]
    assert len(shown) == 1  # the first thing missing, at the top of the form
    field = shown[0]
    qtbot.waitUntil(lambda: in_view(field.error) and in_view(field.widget))
    focus_is(qtbot, field.widget)
    assert register.case_count() == 0


def test_a_long_error_wraps_and_leaves_the_input_its_height(
    qtbot, register: Register, window: MainWindow, small_screen: QRect
) -> None:  # type: ignore[no-untyped-def]
    window.settings_action.trigger()
    dialog = window.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert inside(dialog, small_screen)
    field = dialog.field("closure_days")
    assert field is not None
    field.show_error("a long message " * 30)
    dialog.reveal(field.error)
    QApplication.processEvents()
    error, widget = field.error, field.widget
    assert error.wordWrap()
    assert error.height() >= error.heightForWidth(error.width()) - 1  # every line shows
    assert error.width() <= dialog.scroll_area.viewport().width()  # no sideways scrolling
    assert widget.height() >= widget.minimumSizeHint().height()
    dialog.reject()


# ---------------------------------------------------------------------- 3. the people tables
def open_new(qtbot, window: MainWindow) -> NewNotificationDialog:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = window.dialog
    assert isinstance(dialog, NewNotificationDialog) and dialog.isVisible()
    focus_is(qtbot, dialog.field("notification.kind").widget)  # type: ignore[union-attr]
    return dialog


def type_in_cell(qtbot, table: QWidget, text: str) -> QLineEdit:  # type: ignore[no-untyped-def]
    """Type into the current cell as the officer does: keys go where the cursor is, and the
    first opens the cell's editor if it is not open yet."""
    qtbot.keyClick(QApplication.focusWidget(), text[0])
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and table.isAncestorOf(editor)
    qtbot.keyClicks(editor, text[1:])
    return editor


def outside(table: QWidget) -> bool:
    focus = QApplication.focusWidget()
    return focus is not None and focus is not table and not table.isAncestorOf(focus)


def test_tab_leaves_the_people_tables(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = open_new(qtbot, window)
    table = dialog.household.table
    table.setFocus()
    table.setCurrentCell(0, 0)
    qtbot.keyClick(table, Qt.Key.Key_Tab)  # inside the grid, Tab goes cell to cell
    assert QApplication.focusWidget() is table and table.currentColumn() == 1
    table.setCurrentCell(table.rowCount() - 1, table.columnCount() - 1)
    qtbot.keyClick(table, Qt.Key.Key_Tab)  # from the last cell: on to the next widget
    assert QApplication.focusWidget() is dialog.household.add_button
    # Ctrl+Tab anywhere in a grid goes on too, even while a cell is being typed in.
    parents = dialog.parents.table
    parents.setCurrentCell(0, 1)
    parents.setFocus()
    focus_is(qtbot, parents)
    editor = type_in_cell(qtbot, parents, "Ngozi")
    qtbot.keyClick(editor, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: outside(parents))
    assert parents.item(0, 1).text() == "Ngozi"  # kept
    parents.setFocus()
    parents.setCurrentCell(1, 2)
    qtbot.keyClick(parents, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert outside(parents)
    # Shift+Tab from the first cell goes back out.
    table.setFocus()
    table.setCurrentCell(0, 0)
    qtbot.keyClick(table, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert outside(table)
    dialog.dirty = False
    dialog.reject()


def test_enter_keeps_the_cell_and_a_second_enter_saves(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.test_new_notification import fill_proposal

    dialog = open_new(qtbot, window)
    fill_proposal(qtbot, dialog)
    # Parent rows start with no relationship chosen, not all "Mother".
    assert [dialog.parents.cell(r, 0) for r in range(dialog.parents.table.rowCount())] == [
        None,
        None,
    ]
    table = dialog.household.table
    table.setFocus()
    table.setCurrentCell(0, 0)
    for text in ("Kofi", "Mensah"):
        qtbot.keyClick(type_in_cell(qtbot, table, text), Qt.Key.Key_Tab)
    editor = type_in_cell(qtbot, table, "03/02/1975")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # keeps the cell; the form is still open
    assert dialog.isVisible() and register.case_count() == 0
    qtbot.waitUntil(lambda: table.item(0, 2).text() == "03/02/1975")
    focus_is(qtbot, table)
    qtbot.keyClick(table, Qt.Key.Key_Return)  # now Enter saves
    assert not dialog.isVisible()
    (case,) = register.cases()
    household = register.case(case.arrangement_id).household
    assert [(m["first_name"], m["date_of_birth"]) for m in household] == [("Kofi", "1975-02-03")]


# ---------------------------------------------------------------------- 4. correct a notification
def test_correct_the_notification_from_its_row_and_the_menu(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    page = case_page(register, window)
    view = page.views["notifications"]
    page.tabs.setCurrentWidget(view)
    view.setFocus()
    view.selectRow(0)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.field("notification.kind") is None  # the kind cannot be changed
    words = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "Arrangement already in place" in words and "cannot be changed" in words
    received = dialog.field("notification.received").widget  # type: ignore[union-attr]
    focus_is(qtbot, received)
    qtbot.keyClicks(received, "18/05/2026")  # the date typed over the one stored
    qtbot.keyClick(received, Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    name = dialog.field("notification.notifier_name").widget  # type: ignore[union-attr]
    focus_is(qtbot, name)
    qtbot.keyClicks(name, "Mrs Grey (head)")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    (stored,) = register.case(page.arrangement_id).notifications
    assert (stored["received"], stored["notifier_name"]) == ("2026-05-18", "Mrs Grey (head)")
    assert stored["kind"] == "already_in_place"
    assert register.audit_log("notifications", stored["id"])[-1]["operation"] == (
        "correct notification"
    )
    # The same from the Add or correct menu, with the row chosen.
    page.menu_actions["correct_notification"].trigger()
    again = page.dialog
    assert again is not dialog and again is not None and again.isVisible()
    assert again.field("notification.notifier_name").value() == "Mrs Grey (head)"  # type: ignore[union-attr]
    again.reject()


# ---------------------------------------------------------------------- 7. report written
def test_report_written_picks_the_one_visit_without_a_report(
    qtbot, register: Register, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    hints: list[str] = []
    monkeypatch.setattr("ui.case_page.tell", lambda _p, _t, text, warning=True: hints.append(text))
    arrangement_id = add_case(register)
    register.record_visit(arrangement_id, {**VISIT, "report_date": "2026-05-29"})
    register.record_visit(
        arrangement_id, {**VISIT, "visit_date": "2026-05-30", "kind": "statutory"}
    )
    page = window.open_case(arrangement_id)
    assert not page.views["visits"].currentIndex().isValid()
    qtbot.mouseClick(page.buttons["report"], Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible() and not hints
    qtbot.keyClick(dialog.field("visit.report_date").widget, Qt.Key.Key_Return)  # type: ignore[union-attr]
    assert [v["report_date"] for v in register.case(arrangement_id).visits] == [
        "2026-05-29",
        TODAY.isoformat(),
    ]
    # Two visits without a report and none chosen: the officer is asked to choose.
    register.record_visit(
        arrangement_id, {**VISIT, "visit_date": "2026-05-31", "kind": "statutory"}
    )
    register.record_visit(
        arrangement_id, {**VISIT, "visit_date": "2026-06-01", "kind": "statutory"}
    )
    window.refresh()
    qtbot.mouseClick(page.buttons["report"], Qt.MouseButton.LeftButton)
    assert page.dialog is dialog and hints == ["Choose the visit in the Visits tab first."]
    assert page.tabs.currentWidget() is page.views["visits"]


# ---------------------------------------------------------------------- 6. Alt keys
def mnemonics(window: QWidget) -> list[tuple[str, str]]:
    """(letter, words) of every Alt+letter the officer can press in ``window`` as shown now:
    menu titles, tabs, buttons and the labels of inputs."""
    found: list[str] = []
    menu_bar = getattr(window, "menuBar", None)
    if menu_bar is not None:
        found += [a.text() for a in menu_bar().actions() if a.isVisible()]
    for bar in window.findChildren(QTabBar):
        if bar.isVisible():
            found += [bar.tabText(i) for i in range(bar.count()) if bar.isTabVisible(i)]
    for button in window.findChildren(QAbstractButton):
        if button.isVisible():
            found.append(button.text())
    for label in window.findChildren(QLabel):
        if label.isVisible() and label.buddy() is not None:
            found.append(label.text())
    result = []
    for words in found:
        match = re.search(r"&([^&\s])", words.replace("&&", ""))
        if match:
            result.append((match[1].lower(), words))
    return result


def clashes(window: QWidget) -> dict[str, list[str]]:
    by_letter: dict[str, list[str]] = {}
    for letter, words in mnemonics(window):
        by_letter.setdefault(letter, []).append(words)
    return {k: v for k, v in by_letter.items() if len(v) > 1}


def test_no_two_alt_keys_clash_on_any_page(qtbot, register: Register, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = case_page(register, window)
    shown = []
    for show in (
        window.show_home,
        window.show_register,
        window.show_enquiries,
        window.show_activities,
        window.show_stats,
        lambda: window.tabs.setCurrentWidget(page),
    ):
        show()
        QApplication.processEvents()
        shown.append(len(mnemonics(window)))
        assert clashes(window) == {}, window.tabs.tabText(window.tabs.currentIndex())
    assert min(shown) >= 9  # the menus and the tabs at least
    # On the case page: the buttons the officer uses most keep letters of their own.
    letters = {words: letter for letter, words in mnemonics(window)}
    for key in ("visit", "report", "end", "correct"):
        assert page.buttons[key].text() in letters
    # Alt+T records a visit (not the View menu).
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: page.dialog is not None)  # a button's Alt key clicks it shortly
    assert page.dialog is not None and page.dialog.windowTitle() == "Record a visit"
    page.dialog.reject()


def test_no_two_alt_keys_clash_in_the_forms(qtbot, register: Register, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = window.new_notification()
    qtbot.waitExposed(dialog)
    assert clashes(dialog) == {}
    dialog.reject()
    enquiry_id = register.record_enquiry({"source_sector": "police", "channel": "phone"})
    window.show_enquiries()
    edit = window.enquiries_page.edit(enquiry_id)
    qtbot.waitExposed(edit)
    assert clashes(edit) == {}
    edit.reject()


# ---------------------------------------------------------------------- 5. home leads with the work
def test_home_opens_on_overdue_with_the_cursor_in_the_list(
    qtbot, register: Register, qsettings
) -> None:  # type: ignore[no-untyped-def]
    from ui.app import build_window

    add_case(register)
    add_case(register, child={"first_name": "Ben", "last_name": "Cole"})
    window = build_window(register, settings=qsettings)
    qtbot.addWidget(window)
    window.show()
    home = window.home
    qtbot.waitUntil(lambda: not home.is_loading())  # filled after the first paint
    assert home.filter == "overdue" and home.buttons["overdue"].isChecked()
    assert home.model.rowCount() == home.counts()["overdue"] == 6
    focus_is(qtbot, home.table)
    qtbot.keyClick(home.table, Qt.Key.Key_Down)
    assert home.table.currentIndex().row() == 1
    second = home.model.obligation(1).arrangement_id
    qtbot.keyClick(home.table, Qt.Key.Key_Return)
    page = window.current_case()
    assert page is not None and page.arrangement_id == second
    # The red banner opens the Overdue list too.
    window.show_home()
    qtbot.mouseClick(home.buttons["all"], Qt.MouseButton.LeftButton)
    assert home.filter == "all"
    qtbot.mouseClick(home.banner, Qt.MouseButton.LeftButton)
    assert home.filter == "overdue" and home.buttons["overdue"].isChecked()
    focus_is(qtbot, home.table)


def test_home_opens_on_this_weeks_work_when_nothing_is_overdue(
    qtbot, register: Register, qsettings
) -> None:  # type: ignore[no-untyped-def]
    from ui.app import build_window

    add_case(  # notified today: the Reg 7 visit and checks fall due this week, nothing overdue
        register,
        notification={
            "kind": "already_in_place",
            "received": "2026-06-01",
            "notifier_role": "school",
        },
    )
    window = build_window(register, settings=qsettings)
    qtbot.addWidget(window)
    counts = window.home.counts()
    assert counts["overdue"] == counts["today"] == 0 and counts["soon"] > 0
    assert window.home.filter == "soon"


def test_days_column_in_sight_and_long_titles_in_tooltips(
    qtbot, register: Register, qsettings
) -> None:  # type: ignore[no-untyped-def]
    from ui.app import build_window

    add_case(register)
    window = build_window(register, settings=qsettings)
    qtbot.addWidget(window)
    window.resize(900, 600)  # 1366×768 at 150%
    window.show()
    qtbot.waitExposed(window)
    home = window.home
    qtbot.mouseClick(home.buttons["all"], Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    table, model = home.table, home.model
    titles = [c.title for c in model.columns]
    header = table.horizontalHeader()
    days = titles.index("Days")
    right = header.sectionViewportPosition(days) + header.sectionSize(days)
    assert right <= table.viewport().width()
    for column in (titles.index("Days"), titles.index("Due"), titles.index("Status")):
        assert header.sectionSize(column) >= table.sizeHintForColumn(column)
    what = titles.index("What is due")
    for row in range(model.rowCount()):
        heading = model.obligation(row).rule.heading
        assert heading in model.index(row, what).data(Qt.ItemDataRole.ToolTipRole)


# ---------------------------------------------------------------------- 8. the history
def test_history_reads_as_the_officer_writes(qtbot, register: Register, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    from pf_register.codes import CHECK_KINDS
    from pf_register.fields import CHECK_FIELDS, VISIT_FIELDS
    from ui.audit_view import HistoryDialog

    page = case_page(register, window)
    register.record_check(
        page.arrangement_id, {"kind": "dbs", "requested": "2026-05-21"}, person_id=None
    )
    register.record_visit(page.arrangement_id, VISIT)
    qtbot.mouseClick(page.buttons["history"], Qt.MouseButton.LeftButton)
    dialog = page.findChild(HistoryDialog)
    assert dialog is not None and dialog.isVisible()
    model = dialog.model
    rows = [model.row_data(i) for i in range(model.rowCount())]
    fields = {r["field"] for r in rows}
    assert {VISIT_FIELDS["child_seen"].label, CHECK_FIELDS["kind"].label} <= fields
    assert not {"person_id", "arrangement_id", "id", "child_seen", "kind"} & fields
    assert not any(f.endswith("_id") for f in fields)
    seen = next(r for r in rows if r["field"] == VISIT_FIELDS["child_seen"].label)
    assert (seen["before"], seen["after"]) == ("—", "Yes")
    assert seen["record"] == "Visit of Fri 29 May 2026 recorded"
    kind = next(r for r in rows if r["field"] == CHECK_FIELDS["kind"].label)
    assert kind["after"] == CHECK_KINDS.label("dbs") != "dbs"
    role = next(r for r in rows if r["field"] == "Who notified (role)")
    assert role["after"] == "School"
    date = next(r for r in rows if r["field"] == VISIT_FIELDS["visit_date"].label)
    assert date["after"] == "Fri 29 May 2026"
    # Times are local: the audit stores UTC.
    stored = register.audit_log("visits")[-1]["at"]
    local = datetime.fromisoformat(stored).astimezone()
    assert seen["when"].endswith(f"{local:%H:%M:%S}")
    headings = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "When (UTC)" not in headings and "When" in headings
    dialog.close()


# ---------------------------------------------------------------------- 9. the new notification
def test_carer_section_officer_and_same_address(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.test_new_notification import fill_proposal

    register.update_settings(officer_name="Jo Smith")
    dialog = open_new(qtbot, window)
    assert "leave the whole section blank if the carer is not known yet" in dialog.carer.title()
    assert dialog.carer.note is not None and dialog.carer.note.isVisible()
    assert dialog.carer.note.text() == "* needed if you enter a carer"
    assert dialog.field("arrangement.officer").value() == "Jo Smith"  # type: ignore[union-attr]
    fill_proposal(qtbot, dialog)
    address = dialog.field("carer.address").widget  # type: ignore[union-attr]
    qtbot.keyClicks(address, "4 Elm Road, Leeds LS1 2AB")
    qtbot.mouseClick(dialog.same_address, Qt.MouseButton.LeftButton)
    assert dialog.field("arrangement.address").value() == "4 Elm Road, Leeds LS1 2AB"  # type: ignore[union-attr]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    (case,) = register.cases()
    arrangement = register.case(case.arrangement_id).arrangement
    assert (arrangement["address"], arrangement["officer"]) == (
        "4 Elm Road, Leeds LS1 2AB",
        "Jo Smith",
    )


# ---------------------------------------------------------------------- 10. the enquiry form
def test_enter_in_a_drop_down_saves_the_enquiry(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    window.show_enquiries()
    page = window.enquiries_page
    sector = page.entry.inputs["source_sector"].widget
    focus_is(qtbot, sector)
    qtbot.keyClicks(sector, "Po")  # Police
    qtbot.keyClick(sector, Qt.Key.Key_Tab)
    channel = page.entry.inputs["channel"].widget
    focus_is(qtbot, channel)
    qtbot.keyClicks(channel, "Ph")  # Phone
    qtbot.keyClick(channel, Qt.Key.Key_Return)
    (enquiry,) = register.enquiries()
    assert (enquiry["source_sector"], enquiry["channel"]) == ("police", "phone")
    assert "Saved" in page.saved_label.text()
    focus_is(qtbot, sector)  # ready for the next one


def test_activity_list_newest_first_and_found_by_typing(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    for day, title in (
        ("2026-03-02", "Library stall"),
        ("2026-05-20", "Schools briefing"),
        ("2026-04-11", "GP surgery posters"),
    ):
        register.record_activity(
            {"activity_date": day, "kind": "briefing", "audience_sector": "school", "title": title}
        )
    window.show_enquiries()
    page = window.enquiries_page
    activity = page.activity
    assert [activity.itemText(i) for i in range(activity.count())] == [
        "",
        "2026-05-20: Schools briefing",
        "2026-04-11: GP surgery posters",
        "2026-03-02: Library stall",
    ]
    sector = page.entry.inputs["source_sector"].widget
    qtbot.keyClicks(sector, "Sc")
    qtbot.keyClicks(page.entry.inputs["channel"].widget, "Ph")
    activity.setFocus()
    focus_is(qtbot, activity)
    qtbot.keyClicks(activity, "surgery")  # any part of the title
    completer = activity.completer()
    assert completer is not None
    qtbot.waitUntil(lambda: completer.completionCount() == 1)
    assert completer.currentCompletion() == "2026-04-11: GP surgery posters"
    popup = completer.popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)  # takes the match (and saves)
    qtbot.waitUntil(lambda: len(register.enquiries()) == 1)
    (enquiry,) = register.enquiries()
    assert enquiry["activity_title"] == "GP surgery posters"
    # Words that name no activity are refused, not silently dropped.
    qtbot.keyClicks(sector, "Sc")
    activity.setFocus()
    qtbot.keyClicks(activity, "no such thing")
    qtbot.keyClick(activity, Qt.Key.Key_Return)
    assert len(register.enquiries()) == 1
    assert page.error.isVisible() and "choose one of the activities" in page.error.text()


def _wheel_down(widget: QWidget) -> None:
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent

    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_the_mouse_wheel_scrolls_past_a_drop_down_instead_of_changing_it(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    dialog = open_new(qtbot, window)
    field = dialog.field("arrangement.type_code")
    assert field is not None
    combo = field.widget
    assert isinstance(combo, QComboBox)
    assert not combo.hasFocus()
    _wheel_down(combo)
    assert combo.currentIndex() == 0  # still blank: the form scrolled, nothing was chosen
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    _wheel_down(combo)
    assert combo.currentIndex() == 1  # with the cursor in it, the wheel chooses
    dialog.dirty = False
    dialog.reject()


def test_a_fields_error_goes_when_the_officer_changes_it(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    page = case_page(register, window)
    qtbot.mouseClick(page.buttons["visit"], Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None
    date = dialog.field("visit.visit_date")
    assert date is not None and isinstance(date.widget, QLineEdit)
    date.widget.selectAll()
    qtbot.keyClicks(date.widget, "31/02/2026")
    dialog.save()
    assert dialog.isVisible() and date.error.isVisible()
    assert "February 2026 has no day 31" in date.error.text()
    qtbot.keyClick(date.widget, Qt.Key.Key_Backspace)
    assert not date.error.isVisible()
    # Another field's message stays until that field is changed or the form is saved again.
    seen = dialog.field("visit.child_seen")
    assert seen is not None
    seen.show_error("is required")
    qtbot.keyClicks(date.widget, "6")
    assert seen.error.isVisible()


def test_fields_required_only_sometimes_are_starred_and_say_when(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    page = case_page(register, window)
    qtbot.mouseClick(page.buttons["visit"], Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None
    labels = {label.text(): label for label in dialog.findChildren(QLabel)}
    alone = labels["Child seen alone *:"]
    assert alone.toolTip() == "Required when the child was seen."
    assert labels["Why the child was not seen alone *:"].toolTip() == (
        "Required when the child was seen, but not alone."
    )
    assert "Notes:" in labels  # optional fields have no star


# ---------------------------------------------------------------------- 11. Tab order
CASE_BUTTONS = (
    "visit",
    "report",
    "check",
    "returned",
    "decision",
    "notify",
    "end",
    "history",
    "correct",
)


def press(qtbot, key: Qt.Key, times: int = 1) -> list[str]:  # type: ignore[no-untyped-def]
    """Press ``key`` where the cursor is, ``times`` times; the object name of each stop."""
    stops = []
    for _ in range(times):
        focus = QApplication.focusWidget()
        assert focus is not None
        modifier = Qt.KeyboardModifier.ShiftModifier if key == Qt.Key.Key_Backtab else None
        qtbot.keyClick(focus, key, modifier or Qt.KeyboardModifier.NoModifier)
        now = QApplication.focusWidget()
        stops.append(now.objectName() if now is not None else "")
    return stops


def test_tab_reaches_the_case_tables_before_the_buttons_under_them(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    arrangement_id = add_case(register)
    register.record_visit(arrangement_id, VISIT)
    window.refresh()
    # Opened as the officer does: Enter on a row of the home list.
    home = window.home
    qtbot.waitUntil(lambda: not home.is_loading() and home.model.rowCount() > 0)
    home.focus_list()
    focus_is(qtbot, home.table)
    qtbot.keyClick(home.table, Qt.Key.Key_Return)
    page = window.current_case()
    assert page is not None and page.arrangement_id == arrangement_id
    bar = page.tabs.tabBar()
    # The buttons are drawn under the tables they act on, so Tab meets them after.
    table_bottom = page.tabs.geometry().bottom()
    assert all(page.buttons[k].geometry().top() > table_bottom for k in CASE_BUTTONS)
    focus_is(qtbot, bar)  # the page opens with the cursor on its record tabs
    assert page.tabs.currentWidget() is page.views["deadlines"]
    buttons = [page.buttons[k].objectName() for k in CASE_BUTTONS]
    deadlines = page.views["deadlines"].objectName()
    assert press(qtbot, Qt.Key.Key_Tab, 10) == [deadlines, *buttons]
    assert press(qtbot, Qt.Key.Key_Backtab, 10) == [
        *reversed(buttons[:-1]),
        deadlines,
        bar.objectName(),
    ]
    # To the visits: Right to the Visits tab, one Tab into the table, then its buttons.
    press(qtbot, Qt.Key.Key_Right, page.tabs.indexOf(page.views["visits"]))
    assert page.tabs.currentWidget() is page.views["visits"]
    visits = page.views["visits"].objectName()
    assert press(qtbot, Qt.Key.Key_Tab, 3) == [visits, *buttons[:2]]
    assert press(qtbot, Qt.Key.Key_Backtab, 3) == [buttons[0], visits, bar.objectName()]
    # Choose the visit, Tab on to "Report written" and press it: the report of that visit.
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Down)
    assert page.views["visits"].currentIndex().row() == 0
    assert press(qtbot, Qt.Key.Key_Tab, 2)[-1] == page.buttons["report"].objectName()
    press(qtbot, Qt.Key.Key_Space)
    dialog = page.dialog
    assert dialog is not None and dialog.windowTitle().startswith("Report")
    dialog.reject()


def test_tab_goes_round_a_form_through_save_and_cancel_and_never_out_of_sight(
    qtbot, register: Register, window: MainWindow, answers
) -> None:  # type: ignore[no-untyped-def]
    page = case_page(register, window)
    qtbot.mouseClick(page.buttons["visit"], Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None
    fields = [f.widget.objectName() for g in dialog.groups for f in g.inputs.values()]
    buttons = [b.objectName() for b in sorted(dialog.buttons.buttons(), key=lambda b: b.x())]
    assert sorted(buttons) == ["cancel_button", "save_button"]
    first = dialog.first_input()
    assert first is not None and first.objectName() == fields[0]
    focus_is(qtbot, first)
    # Round the dialog as on Windows: every field, the buttons, and back to the first field;
    # no stop on the (frameless, unseen) scrolling area between the fields and the buttons.
    assert press(qtbot, Qt.Key.Key_Tab, len(fields) + 2) == [*fields[1:], *buttons, fields[0]]
    assert press(qtbot, Qt.Key.Key_Backtab, 3) == [*reversed(buttons), fields[-1]]
    # Shift+Tab from the first field and Enter on Cancel loses nothing typed: it asks first.
    dialog.focus_first()
    focus_is(qtbot, first)
    qtbot.keyClicks(first, "29/05/2026")
    stops = press(qtbot, Qt.Key.Key_Backtab, buttons[::-1].index("cancel_button") + 1)
    assert stops[-1] == "cancel_button"
    answers.answer = False
    press(qtbot, Qt.Key.Key_Return)
    assert answers.questions and "not saved" in answers.questions[-1]
    assert dialog.isVisible() and dialog.field("visit.visit_date").value() == "29/05/2026"  # type: ignore[union-attr]
    dialog.dirty = False
    dialog.reject()
