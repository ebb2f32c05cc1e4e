"""Backups in the app: when the last one was made, making one, restoring one; and what the
window shows about a shared file (the read-only banner, the presence file's heartbeat).

All the work is in ``pf_register.backup`` and ``pf_register.locking``; this module shows it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, SignalInstance
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolBar,
    QVBoxLayout,
)

from pf_register.backup import (
    BackupWork,
    RestoreWork,
    automatic_backup,
    backup_folder,
    backup_work,
    last_backup,
    list_backups,
)
from pf_register.dates import with_time
from pf_register.errors import ConflictError, RegisterError
from pf_register.locking import HEARTBEAT_SECONDS, SharedOpen, open_shared
from pf_register.register import Register
from ui import common
from ui.lazy import CallWork, Worker
from ui.session import Session

if TYPE_CHECKING:
    from ui.forms import FormDialog


def last_backup_text(register: Register) -> str:
    try:
        last = last_backup(register)
    except OSError:
        return "Last backup: the backup folder cannot be read"
    return f"Last backup: {with_time(last.made)}" if last else "No backup yet"


class BackupDialog(QDialog):
    """Lists the register's backups; backs up now; restores the one chosen (after asking)."""

    def __init__(self, window: QMainWindow, session: Session) -> None:
        super().__init__(window)
        self.session = session
        self.window_ = window
        self.setObjectName("backup_dialog")
        self.setWindowTitle("Backups")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.where = QLabel(self)
        self.where.setWordWrap(True)
        self.last = QLabel(self)
        self.last.setObjectName("backup_last")
        self.message = QLabel(self)
        self.message.setObjectName("backup_message")
        self.message.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("backup_list")
        self.list.setAccessibleName("Backups, newest first")
        self.backup_button = QPushButton("&Back up now", self)
        self.backup_button.setObjectName("backup_now")
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton("&Restore the chosen backup…", self)
        self.restore_button.setObjectName("backup_restore")
        self.restore_button.clicked.connect(self.restore_chosen)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        assert close is not None
        self.close_button = close
        buttons.addButton(self.backup_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.where, self.last, self.list, self.message):
            layout.addWidget(widget)
        layout.addWidget(buttons)
        self.resize(640, 420)
        self.backing_up: Worker | None = None
        self.restoring: Worker | None = None
        self._no_register = False  # a restore's reopen failed: only Close is left
        self._drop_on_quit: Callable[[], None] = lambda: None
        self.refresh()

    def refresh(self) -> None:
        if self._no_register:
            return
        register = self.session.register
        self.where.setText(f"Backups of {register.path.name} are kept in {backup_folder(register)}")
        self.last.setText(last_backup_text(register))
        self.list.clear()
        try:
            backups = list_backups(register)
        except OSError:
            backups = []
        for backup in backups:
            item = QListWidgetItem(f"{with_time(backup.made)}  ({backup.size // 1024 + 1} KB)")
            item.setData(Qt.ItemDataRole.UserRole, str(backup.path))
            self.list.addItem(item)
        if backups:
            self.list.setCurrentRow(0)
        self.restore_button.setToolTip(
            "Restoring needs the register open for changes." if register.read_only else ""
        )
        self._update_buttons()

    def _update_buttons(self) -> None:
        """The one place that says which buttons work: nothing is started while a backup or a
        restore is under way (one at a time in the app); restoring needs a backup listed and
        the register open for changes; while a restore is made ready the dialog stays open to
        say how it ended; with no register (a failed reopen) only Close is left."""
        restoring = self.restoring is not None
        idle = not restoring and not backup_running() and not self._no_register
        self.backup_button.setEnabled(idle)
        self.restore_button.setEnabled(
            idle and self.list.count() > 0 and not self.session.register.read_only
        )
        self.close_button.setEnabled(not restoring)

    def back_up_now(self) -> Worker | None:
        """Back up on a worker (a county's register takes ~0.4 s, a larger one seconds),
        saying "Backing up…" meanwhile, then where the backup went or why it failed. The
        worker, or None while a backup is being made (this one, another dialog's or the
        day's): one at a time in the app."""
        if backup_running():
            self.message.setText("A backup is being made; try again when it is done.")
            return None
        if self.restoring is not None:
            return None
        window, session = self.window_, self.session
        worker = self.backing_up = backup_worker(backup_work(session.register))
        worker.done.connect(self._backed_up)
        # The status bar says so even if the dialog was closed meanwhile.
        worker.done.connect(lambda work: backup_finished(window, session, work))
        self.message.setText("Backing up…")
        self._update_buttons()  # (counted by backup_running from now)
        worker.start()
        return worker

    def _backed_up(self, work: BackupWork) -> None:
        self.backing_up = None
        if work.made is not None:
            self.message.setText(f"Backed up to {work.made.path}")
        elif work.error is not None:
            self.message.setText(_failure(work.error, "The backup failed"))
        # backup_finished, next, lists it here (and in any other Backups dialog open).

    def restore_chosen(self) -> None:
        item: QListWidgetItem | None = self.list.currentItem()
        if item is None:
            return
        chosen = item.data(Qt.ItemDataRole.UserRole)

        def answered(yes: bool) -> None:
            if yes:
                self.restore(chosen)

        common.ask(
            self,
            "Restore this backup?",
            f"Replace the register with the backup made {item.text().split('  ')[0]}? Changes "
            "made since then will not be in it. The current file is kept in the backup folder.",
            answered,
        )

    def restore(self, chosen: str) -> Worker | None:
        """Restore ``chosen`` in two steps. On a worker, while the register stays open and
        the window shows it: check the backup and make the restored copy ready (about a
        second for a county's register, ten for a larger one), saying "Restoring…". Then,
        here, close the register, put the copy in its place and reopen it (``_restored``).
        The worker, or None while a backup is being made. On refusal the register stays as
        it was."""
        if backup_running():
            self.message.setText("A backup is being made; restore when it is done.")
            return None
        register = self.session.register
        work = RestoreWork(
            Path(chosen), register.path, backups=backup_folder(register), user=register.user
        )
        worker = self.restoring = Worker(work)
        worker.done.connect(self._restored)
        # Quitting meanwhile: the copies made ready are dropped, not left beside the register.
        self._drop_on_quit = partial(_drop_when_ready, worker, work)
        _about_to_quit().connect(self._drop_on_quit)
        self.message.setText("Restoring… The register is as it was until the backup is ready.")
        self._update_buttons()
        worker.start()
        return worker

    def reject(self) -> None:
        if self.restoring is None:  # Esc while restoring would hide how it ended
            super().reject()

    def _restored(self, work: RestoreWork) -> None:
        """Close the register, put the ready copy in its place, reopen it, say how it went."""
        self.restoring = None
        _about_to_quit().disconnect(self._drop_on_quit)
        self._update_buttons()
        if work.error is not None:
            self.message.setText(_failure(work.error, "The restore failed"))
            self.refresh()
            return
        session = self.session
        old = session.register
        path, user, today = old.path, old.user, old._today
        # Reads on other threads (the due list, the enquiry log) have the file open with
        # connections of their own; on Windows an open file cannot be replaced. Let them
        # finish first (their answers are for the file being replaced).
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            for worker in list(Worker.running):
                worker.wait()
        finally:
            QApplication.restoreOverrideCursor()
        old.close()
        try:
            result = work.finish()
        except Exception as error:
            if work.replaced:  # restored, but its old journal is beside it: not to be opened
                self._cannot_reopen(f"{error} Then open the program again.")
                return
            outcome = _failure(error, "The restore failed")
        else:
            Worker(CallWork(work.let_go)).start()  # freeing the replaced file: ~0.2 s per GB
            outcome = " ".join(
                [
                    f"Restored from {result.restored_from.name}; the replaced file is kept as "
                    f"{result.replaced_copy}.",
                    *result.erasure_lines(),
                ]
            )
        try:
            opened = open_shared(path, create=False, user=user, today=today)
        except RegisterError as reopen_error:
            self._cannot_reopen(
                f"{outcome} The register could not be opened again ({reopen_error}): close "
                "the program and open it again."
            )
            return
        session.register = opened.register
        session.refresh()
        self.message.setText(outcome)
        self.refresh()

    def _cannot_reopen(self, message: str) -> None:
        """The window has no register to show: nothing more can be done here."""
        self.message.setText(message)
        self._no_register = True
        self._update_buttons()


def _about_to_quit() -> SignalInstance:
    app = QApplication.instance()
    assert app is not None
    return app.aboutToQuit


def _drop_when_ready(worker: Worker, work: RestoreWork) -> None:
    """The app quits while a restore is made ready: let it finish, then drop its copies."""
    with suppress(RuntimeError):  # (its thread object already gone: it had finished)
        worker.wait()
    work.discard()
    work.error = RegisterError(
        "The program was closing, so the restore was stopped: nothing was replaced."
    )


def _failure(error: Exception, what: str) -> str:
    """A refusal says itself; anything else is said with what failed."""
    return str(error) if isinstance(error, RegisterError) else f"{what}: {error}"


_BACKUPS: set[Worker] = set()  # backups being made, until each one's ``done`` is delivered


def backup_worker(work: BackupWork) -> Worker:
    """A worker for ``work``, counted by ``backup_running`` until its ``done`` is delivered
    (connect to ``done``, then start it)."""
    worker = Worker(work)
    _BACKUPS.add(worker)
    worker.done.connect(lambda _work: _BACKUPS.discard(worker))  # before the owner's slots
    return worker


def backup_running() -> bool:
    """A backup (the day's or one asked for) is being made."""
    return bool(_BACKUPS)


def backup_finished(
    window: QMainWindow, session: Session, work: BackupWork, what: str = "The backup"
) -> None:
    """The status bar says when the last backup was made, or why this one (``what``) failed;
    a Backups dialog open lists it."""
    if work.error is not None:
        window.statusBar().showMessage(f"{what} failed: {work.error}")
    update_backup_status(window, session)
    _refresh_open_dialog(window)


def _refresh_open_dialog(window: QMainWindow) -> None:
    """A Backups dialog opened while a backup was made lists it, and can back up again."""
    for dialog in window.findChildren(BackupDialog):
        dialog.refresh()


def update_backup_status(window: QMainWindow, session: Session) -> None:
    label = window.findChild(QLabel, "backup_status")
    if label is not None:
        label.setText(last_backup_text(session.register))


def open_backups(window: QMainWindow, session: Session) -> BackupDialog:
    dialog = BackupDialog(window, session)
    dialog.open()
    return dialog


def show_read_only_banner(window: QMainWindow, reason: str) -> QToolBar:
    bar = window.findChild(QToolBar, "read_only_banner")
    if bar is None:
        bar = QToolBar("Read-only", window)
        bar.setObjectName("read_only_banner")
        bar.setMovable(False)
        label = QLabel(bar)
        label.setObjectName("read_only_text")
        label.setWordWrap(True)
        label.setStyleSheet(
            "QLabel { background: #fff3c4; color: #3e2a00; padding: 6px 10px;"
            " border: 1px solid #c9a400; }"
        )
        bar.addWidget(label)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    text = bar.findChild(QLabel, "read_only_text")
    assert text is not None
    from html import escape  # (rarely needed: not at every start)

    text.setText(f"<b>Read-only:</b> {escape(reason)}.")
    bar.show()
    return bar


def install(window: QMainWindow, session: Session) -> None:
    """Add to the main window: File ▸ Backups…, the last backup in the status bar, and the
    read-only banner when the register refuses changes."""
    label = QLabel(window)
    label.setObjectName("backup_status")
    # Never widen the window: the text is cut rather than forcing a minimum width.
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    window.statusBar().addWidget(label)
    update_backup_status(window, session)
    action = QAction("&Backups…", window)
    action.setObjectName("backups_action")
    action.triggered.connect(lambda: open_backups(window, session))
    window.addAction(action)
    menus = [m for a in window.menuBar().actions() if isinstance(m := a.menu(), QMenu)]
    if menus:
        file_menu = menus[0]
        first = file_menu.actions()
        if len(first) > 2:
            file_menu.insertAction(first[2], action)
        else:
            file_menu.addAction(action)
    if session.register.read_only_reason:
        show_read_only_banner(window, session.register.read_only_reason)


class AutomaticBackup(QObject):
    """The day's automatic backup, made off the GUI thread (``BackupWork``: about a second
    for a county's register); then the status bar says when, or why it failed."""

    def __init__(self, window: QMainWindow, session: Session, work: BackupWork) -> None:
        super().__init__(window)
        self.window_ = window
        self.session = session
        self.worker = backup_worker(work)
        self.worker.done.connect(self._done)
        self.worker.start()

    def _done(self, work: BackupWork) -> None:
        backup_finished(self.window_, self.session, work, "The automatic backup")


def start(window: QMainWindow, session: Session) -> None:
    """Once the app shows what is due: the automatic backup (at most once a day), made off
    the GUI thread. A failed backup is said in the status bar; work goes on."""
    register = session.register
    if not register.read_only:
        try:
            work = automatic_backup(register)
        except OSError as error:  # the backup folder cannot be read
            window.statusBar().showMessage(f"The automatic backup failed: {error}")
            work = None
        if work is not None:
            AutomaticBackup(window, session, work)


def start_heartbeat(window: QMainWindow, session: Session, opened: SharedOpen) -> None:
    """As soon as the window is shown, whatever the due list does (a list that cannot be
    read must not stop it: another computer would take a silent presence file over): the
    presence file's heartbeat."""
    lock = opened.lock
    if lock is None:
        return
    timer = QTimer(window)
    timer.setObjectName("presence_heartbeat")

    def beat() -> None:
        if not lock.heartbeat():
            reason = (
                "another copy of the program took this register over while this computer was "
                "away; close it and open it again"
            )
            session.register.set_read_only(reason)
            show_read_only_banner(window, reason)
            timer.stop()

    timer.timeout.connect(beat)
    timer.start(HEARTBEAT_SECONDS * 1000)


def guard_changes(
    dialog: FormDialog, session: Session, loaded: Mapping[tuple[str, str], Mapping[str, Any]]
) -> None:
    """Make ``dialog``'s save refuse to overwrite a row someone else changed since the case
    page loaded it (``loaded``: ``locking.case_snapshot``). On a conflict every screen
    re-reads the file, and the dialog shows the message; nothing was written."""
    submit = dialog.submit

    def guarded() -> object:
        try:
            with session.register.expecting(loaded):
                return submit()
        except ConflictError:
            session.refresh()
            raise

    dialog.submit = guarded
