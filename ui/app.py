"""Starting the desktop app: the command line calls ``run``."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from pf_register.errors import RegisterError
from pf_register.locking import open_shared
from pf_register.register import Register
from ui import backup_dialog
from ui.common import icon
from ui.main_window import MainWindow
from ui.session import Session

ORGANISATION = "pf_register"
APPLICATION = "pf_register"


def application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("Private fostering register")
    app.setWindowIcon(icon("app"))
    return app


def show_open_error(message: str) -> None:
    """Tell the officer the file could not be opened (before any window exists)."""
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        "Cannot open the register",
        message,
        QMessageBox.StandardButton.Ok,
    )
    box.exec()


def user_settings() -> QSettings:
    return QSettings(ORGANISATION, APPLICATION)


def build_window(
    register: Register, *, title_note: str = "", settings: QSettings | None = None
) -> MainWindow:
    """The main window on an open register (the tests build it this way too)."""
    session = Session(register)
    window = MainWindow(session, settings or user_settings(), title_note=title_note)
    session.setParent(window)
    backup_dialog.install(window, session)
    return window


def run(path: Path, *, create: bool = True, title_note: str = "") -> int:
    """Open the register at ``path`` in the main window and run until it is closed."""
    app = application()
    try:  # read-only, saying by whom, if someone else has it open
        opened = open_shared(path, create=create)
    except RegisterError as error:
        show_open_error(f"{path}\n\n{error}")
        return 1
    register = opened.register
    try:
        window = build_window(register, title_note=title_note)
        backup_dialog.start(window, window.session, opened)
        window.show()
        window.announce_overdue()
        code = app.exec()
        register = window.session.register  # a restore reopens the register
        # Destroy the window (and its models) now, while Qt and Python are both still alive.
        window.deleteLater()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        del window
        return code
    finally:
        register.close()
