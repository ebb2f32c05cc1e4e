"""The due list while the app stays open: past midnight, and when the file cannot be read.

Both were found in review: nothing noticed a new day until a save or F5, and a judging that
failed twice left the home page saying "Updating what is due…" for good."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from pf_register.due_cache import DueWork
from pf_register.register import Register
from tests.ui.conftest import add_case
from ui.app import build_window


def opened_with_a_case(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, today: Callable[[], date]
) -> tuple[Register, Any, int]:
    """A new register judged on ``today()`` with one case (its id last), in a window showing
    its due list."""
    register = Register.open(tmp_path / "r.db", create=True, user="tester", today=today)
    case = add_case(register)
    window = build_window(
        register,
        title_note="t",
        settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.home.is_loading())
    return register, window, case


def test_home_page_moves_on_when_the_day_changes(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Left open overnight, the home page must not go on showing yesterday's list: the Reg 7
    visit 'Due today' on Monday is overdue on Tuesday. On HEAD nothing notices the new day
    (no timer; Session.due() stays 'fresh' until a write or F5), so coming back to Home on
    Tuesday still shows Monday's list and no overdue banner."""
    day = [date(2026, 6, 1)]
    register, window, case = opened_with_a_case(qtbot, tmp_path, lambda: day[0])
    home = window.home

    def shown_reg7() -> str:
        found = [
            o for o in home._obligations if o.arrangement_id == case and o.code == "REG7_VISIT"
        ]
        return found[0].status.name if found else "not shown"

    assert shown_reg7() == "DUE_TODAY"
    overdue_monday = home.counts()["overdue"]

    day[0] = date(2026, 6, 2)  # midnight passes with the window open
    window.show_register()  # the officer looks elsewhere, then comes back
    window.show_home()
    try:
        assert home.is_updating()  # Monday's list is no longer shown
        qtbot.waitUntil(lambda: not home.is_updating(), timeout=5000)
        assert shown_reg7() == "OVERDUE"
        assert home.counts()["overdue"] == overdue_monday + 1
        assert "Tue 2 Jun 2026" in home.greeting.text()
    finally:
        window.close()
        register.close()


def test_a_failed_rejudging_does_not_leave_home_saying_updating_forever(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """F5 after another program's commit: the worker fails (e.g. the file locked past the
    busy timeout on a network share) and so does the fallback on the GUI thread. The page
    goes on saying it is updating, and the list is judged again a moment later."""
    register, window, _ = opened_with_a_case(qtbot, tmp_path, lambda: date(2026, 6, 1))
    home, session = window.home, window.session
    assert home.counts()["today"] >= 1

    def failed_run(self: DueWork) -> None:
        self.error = sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(DueWork, "run", failed_run)
    real_due = type(register).due
    calls: list[int] = []

    def locked_once(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise sqlite3.OperationalError("database is locked")
        return real_due(self, *args, **kwargs)

    monkeypatch.setattr(type(register), "due", locked_once)
    with sqlite3.connect(register.path) as other:  # another program's commit
        other.execute("UPDATE arrangements SET officer = 'Sam Lee'")
    window.refresh()  # F5
    assert home.is_updating()
    qtbot.waitUntil(lambda: len(calls) == 1, timeout=5000)  # the fallback failed too
    try:
        assert session.due_updating() and home.is_updating()  # says so, still
        qtbot.waitUntil(lambda: not home.is_updating(), timeout=10_000)  # tried again
        assert home.counts()["today"] >= 1 and home.model.rowCount() >= 1
    finally:
        window.close()
        register.close()
