"""Settings, menus and shortcuts, remembered geometry, and starting the app."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit

from pf_register.register import Register
from tests.ui.conftest import add_case
from ui import app as app_module
from ui.app import build_window
from ui.main_window import MainWindow


def decision_due(window: MainWindow) -> str:
    home = window.home
    qtbot_rows = [home.model.obligation(r) for r in range(home.model.rowCount())]
    row = [o.code for o in qtbot_rows].index("ASSESSMENT_DECISION")
    return str(home.model.index(row, 4).data())


def test_changing_a_setting_moves_deadlines_on_screen(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    arrangement_id = add_case(register)
    window.refresh()
    page = window.open_case(arrangement_id)
    window.show_home()
    qtbot.mouseClick(window.home.buttons["all"], Qt.MouseButton.LeftButton)
    assert decision_due(window) == "Wed 1 Jul 2026"  # 42 days after Wed 20 May

    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.dialog
    assert dialog is not None and dialog.isVisible()
    days = dialog.field("decision_days")
    assert days is not None and isinstance(days.widget, QLineEdit)
    assert days.widget.text() == "42"

    days.widget.clear()
    qtbot.keyClicks(days.widget, "500")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert days.error.isVisible()
    assert "out of range" in days.error.text()
    assert register.settings.decision_days == 42

    days.widget.clear()
    qtbot.keyClicks(days.widget, "28")
    qtbot.keyClick(days.widget, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert register.settings.decision_days == 28
    assert window.home.is_updating()  # every deadline judged again, off the GUI thread
    qtbot.waitUntil(lambda: not window.home.is_updating())
    assert decision_due(window) == "Wed 17 Jun 2026"
    assert page.lazy.stale  # the case page behind is read again when shown
    window.tabs.setCurrentWidget(page)
    case_rows = [page.deadlines.obligation(r) for r in range(page.deadlines.rowCount())]
    decision = next(o for o in case_rows if o.code == "ASSESSMENT_DECISION")
    row = case_rows.index(decision)
    assert page.deadlines.index(row, 3).data() == "Wed 17 Jun 2026"


def test_due_soon_setting_renames_the_count(qtbot, register: Register, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = window.open_settings()
    field = dialog.field("due_soon_days")
    assert field is not None and isinstance(field.widget, QLineEdit)
    field.widget.clear()
    qtbot.keyClicks(field.widget, "14")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "Due within 14 days" in window.home.buttons["soon"].text()
    qtbot.waitUntil(lambda: not window.home.is_updating())
    assert window.home.buttons["soon"].text() == "0  Due within 14 days"


def test_menus_shortcuts_and_accessible_names(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&File", "&Go", "&View", "&Help"]
    assert window.new_action.shortcut().toString() == "Ctrl+N"
    assert "Ctrl+F" in [s.toString() for s in window.find_action.shortcuts()]
    assert "F5" in [s.toString() for s in window.refresh_action.shortcuts()]
    assert "Ctrl+Q" in [s.toString() for s in window.quit_action.shortcuts()]
    assert window.register_page.search.accessibleName() == "Search the register"
    assert window.home.table.accessibleName() == "Due list"
    for button in window.home.buttons.values():
        assert button.accessibleName()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.register_page
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.register_page.search)
    assert "test" in window.windowTitle() and "register.db" in window.windowTitle()


def test_geometry_is_remembered(qtbot, register: Register, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "geometry.ini"), QSettings.Format.IniFormat)
    first = build_window(register, settings=settings)
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 500)
    first.close()
    assert settings.contains("main_window/geometry")
    second = build_window(register, settings=settings)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (700, 500)


def test_run_reports_a_file_it_cannot_open(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(app_module, "show_open_error", shown.append)
    bad = tmp_path / "not-a-register.db"
    bad.write_text("hello, I am not SQLite")
    assert app_module.run(bad, create=False) == 1
    assert len(shown) == 1 and str(bad) in shown[0]
    assert app_module.run(tmp_path / "missing.db", create=False) == 1


def test_run_opens_and_closes(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    monkeypatch.setattr(app_module, "user_settings", lambda: settings)
    seen: list[str] = []

    def close_it() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow):
                seen.append(widget.windowTitle())
                widget.close()

    QTimer.singleShot(50, close_it)
    assert app_module.run(tmp_path / "new.db", title_note="demo copy") == 0
    assert seen and "new.db" in seen[0] and "demo copy" in seen[0]
    assert (tmp_path / "new.db").exists()
