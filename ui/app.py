"""Starting the desktop app: the command line calls ``run``."""

from __future__ import annotations

import sqlite3
import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings

from pf_register.errors import RegisterError
from pf_register.register import Register

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MainWindow

# Qt's widgets and the window's modules are imported when they are first needed, so the command
# line and an error before any window start fast.

ORGANISATION = "pf_register"
APPLICATION = "pf_register"


def application() -> QApplication:
    from PySide6.QtWidgets import QApplication

    from ui.common import icon

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
    from PySide6.QtWidgets import QMessageBox

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
    """The main window on an open register (the tests build it this way too). The home page
    judges the due list on a thread after the window's first paint."""
    from ui import backup_dialog
    from ui.main_window import MainWindow
    from ui.session import Session

    session = Session(register)
    window = MainWindow(session, settings or user_settings(), title_note=title_note)
    session.setParent(window)
    backup_dialog.install(window, session)
    return window


def start_window(
    register: Register, *, title_note: str = "", settings: QSettings | None = None
) -> MainWindow:
    """How the app starts on an open register (``run``, and the benchmark's start)."""
    application()
    return build_window(register, title_note=title_note, settings=settings)


def keep_due_lists(register: Register) -> None:
    """As the app closes, its window gone: store today's and the next working day's due
    lists, which the next start shows at once (``pf_register.due_store``). Never stops the
    app closing: without them the next start judges its list as if none were stored."""
    try:
        register.keep_due_lists()
    except sqlite3.ProgrammingError:
        return  # closed: a restore's reopen failed, and said so
    except (sqlite3.Error, RegisterError) as error:
        print(
            f"pf-register: the due lists were not kept for the next start: {error}", file=sys.stderr
        )


def run(path: Path, *, create: bool = True, title_note: str = "") -> int:
    """Open the register at ``path`` in the main window and run until it is closed."""
    from pf_register.locking import open_shared

    try:  # read-only, saying by whom, if someone else has it open
        opened = open_shared(path, create=create)
    except RegisterError as error:
        application()
        show_open_error(f"{path}\n\n{error}")
        return 1
    register = opened.register
    try:
        window = start_window(register, title_note=title_note)
        app = application()
        from ui import backup_dialog  # (imported with the window)

        window.show()
        backup_dialog.start_heartbeat(window, window.session, opened)
        window.announce_overdue()
        # The day's backup (about a second for a county) once the due list is shown, and
        # off the GUI thread.
        window.home.when_shown(partial(backup_dialog.start, window, window.session))
        code = app.exec()
        register = window.session.register  # a restore reopens the register
        # Destroy the window (and its models) now, while Qt and Python are both still alive.
        window.deleteLater()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        del window
        keep_due_lists(register)
        return code
    finally:
        register.close()
