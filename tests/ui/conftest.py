"""pytest-qt fixtures for the desktop app: a register judged on a fixed day, the main window
with its own QSettings file, and a way to replace ask()."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from pf_register.register import Register
from ui import common
from ui.app import build_window
from ui.main_window import MainWindow

TODAY = date(2026, 6, 1)  # a Monday


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test here needs a Qt application: mark them gui (as qutebrowser does)."""
    for item in items:
        if "tests/ui" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.gui)


@pytest.fixture
def register(tmp_path: Path) -> Iterator[Register]:
    reg = Register.open(tmp_path / "register.db", create=True, user="tester", today=lambda: TODAY)
    yield reg
    reg.close()


def add_case(register: Register, **overrides: object) -> int:
    """A case already in place, notified on Wed 20 May 2026 (Reg 7 visit due Mon 1 Jun)."""
    values: dict[str, object] = {
        "notification": {
            "kind": "already_in_place",
            "received": "2026-05-20",
            "notifier_role": "school",
        },
        "child": {"first_name": "Amy", "last_name": "Bell", "date_of_birth": "2012-03-04"},
        "carer": {"first_name": "Carol", "last_name": "Dean", "date_of_birth": "1970-01-01"},
        "arrangement": {"type_code": "8E", "officer": "Jo Smith", "start_date": "2026-05-01"},
        "household": [
            {
                "first_name": "Dan",
                "last_name": "Dean",
                "date_of_birth": "2008-01-01",
                "relationship": "son",
            }
        ],
        "parents": [
            {
                "first_name": "Mary",
                "last_name": "Bell",
                "relationship": "mother",
                "has_parental_responsibility": "yes",
            }
        ],
    }
    values.update(overrides)
    return register.record_new_case(**values)  # type: ignore[arg-type]


@pytest.fixture
def qsettings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, register: Register, qsettings: QSettings) -> MainWindow:  # type: ignore[no-untyped-def]
    win = build_window(register, title_note="test", settings=qsettings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: not win.home.is_loading())  # filled just after the first paint
    return win


class Answers:
    """Replaces ask(): records each question and answers with ``answer``."""

    def __init__(self) -> None:
        self.answer = True
        self.questions: list[str] = []

    def __call__(
        self, parent: object, title: str, question: str, callback: Callable[[bool], None]
    ) -> None:
        self.questions.append(question)
        callback(self.answer)


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    replacement = Answers()
    monkeypatch.setattr(common, "ask", replacement)
    return replacement
