"""The app on hostile files, shared files, backups, the audit trail and conflicting edits."""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QToolBar

from pf_register import locking, storage
from pf_register.backup import RestoreWork, check_backup, list_backups, make_backup
from pf_register.locking import lock_path, open_shared
from pf_register.privacy import ERASED, erase_case, erasure
from pf_register.register import Register
from tests.core.conftest import open_register
from tests.core.test_hostile_files import make_newer, make_not_sqlite, make_truncated
from tests.ui.conftest import TODAY, Answers, add_case
from ui import app, backup_dialog
from ui.app import build_window
from ui.audit_view import HistoryDialog
from ui.forms import FormDialog
from ui.lazy import Worker
from ui.main_window import MainWindow


@pytest.fixture
def open_errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(app, "show_open_error", shown.append)
    return shown


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (make_not_sqlite, "not a SQLite database"),
        (make_truncated, "is damaged"),
        (make_newer, "newer version of pf_register"),
    ],
)
def test_the_app_refuses_a_hostile_file_and_exits_cleanly(
    qtbot, tmp_path: Path, open_errors: list[str], make, words: str
) -> None:
    path = tmp_path / "register.db"
    make(path)
    before = path.read_bytes()
    assert app.run(path) == 1
    assert len(open_errors) == 1 and words in open_errors[0]
    assert "Traceback" not in open_errors[0]
    assert path.read_bytes() == before
    assert not lock_path(path).exists()


def test_the_app_on_a_locked_file(
    qtbot, tmp_path: Path, open_errors: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "register.db"
    Register.open(path, create=True).close()
    monkeypatch.setattr(storage, "BUSY_TIMEOUT_MS", 100)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        assert app.run(path) == 1
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert "locked by another program" in open_errors[0]
    assert not lock_path(path).exists()


def _save_settings(window: MainWindow, name: str) -> FormDialog:
    """A form whose save writes through the register, as every dialog's does."""
    dialog = FormDialog("Test", window)
    session = window.session
    dialog.submit = lambda: session.perform(
        "settings", session.register.update_settings, authority_name=name
    )
    dialog.open()
    dialog.save()
    return dialog


def test_a_full_disk_in_the_app_shows_a_message_and_keeps_running(
    window: MainWindow, register: Register
) -> None:
    pages = register.db.execute("PRAGMA page_count").fetchone()[0]
    register.db.execute(f"PRAGMA max_page_count = {pages}")
    before = register.path.read_bytes()
    dialog = _save_settings(window, "x" * 30000)
    assert dialog.isVisible() and dialog.general_error.isVisible()
    assert "is full" in dialog.general_error.text()
    assert register.path.read_bytes() == before
    assert window.isVisible()


def test_a_write_lock_elsewhere_in_the_app(window: MainWindow, register: Register) -> None:
    register.db.execute("PRAGMA busy_timeout = 100")
    other = sqlite3.connect(register.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        dialog = _save_settings(window, "Testshire")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert "locked by another program" in dialog.general_error.text()
    assert register.settings.authority_name == ""


def _banner(window: MainWindow) -> str:
    bar = window.findChild(QToolBar, "read_only_banner")
    if bar is None or bar.isHidden():
        return ""
    label = bar.findChild(QLabel, "read_only_text")
    return label.text() if label else ""


def test_open_elsewhere_opens_read_only_with_a_banner(qtbot, tmp_path: Path, qsettings) -> None:
    path = tmp_path / "register.db"
    Register.open(path, create=True).close()
    now = datetime.now(UTC).isoformat()
    lock_path(path).write_text(
        json.dumps({"user": "jo.bloggs", "machine": "pc-7", "pid": 9, "since": now, "seen": now})
    )
    opened = open_shared(path, today=lambda: TODAY)
    window = build_window(opened.register, settings=qsettings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.home.is_loading())  # filled after the first paint
    try:
        assert "jo.bloggs on pc-7" in _banner(window)
        dialog = _save_settings(window, "Testshire")
        assert "Nothing was saved" in dialog.general_error.text()
    finally:
        opened.register.close()


def test_a_read_only_folder_opens_read_only_with_a_banner(
    qtbot, tmp_path: Path, qsettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "register.db"
    Register.open(path, create=True).close()
    before = path.read_bytes()

    def refuse(_path: Path, _text: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(locking, "_write_new", refuse)
    opened = open_shared(path, today=lambda: TODAY)
    window = build_window(opened.register, settings=qsettings)
    qtbot.addWidget(window)
    try:
        assert "cannot be written to" in _banner(window)
        assert "Nothing was saved" in _save_settings(window, "x").general_error.text()
    finally:
        opened.register.close()
    assert path.read_bytes() == before


def test_no_banner_when_the_register_is_ours(window: MainWindow) -> None:
    assert _banner(window) == ""


def backed_up(qtbot: Any, dialog: backup_dialog.BackupDialog) -> Path:
    """Back up now and wait for it: the backup's path."""
    worker = dialog.back_up_now()
    assert worker is not None
    qtbot.waitUntil(lambda: dialog.backing_up is None)
    made = worker.work.made  # type: ignore[attr-defined]
    assert made is not None, dialog.message.text()
    assert dialog.message.text() == f"Backed up to {made.path}"
    return Path(made.path)


def restored(qtbot: Any, dialog: backup_dialog.BackupDialog, chosen: Path) -> bool:
    """Restore ``chosen`` and wait for it: whether it was restored."""
    assert dialog.restore(str(chosen)) is not None
    qtbot.waitUntil(lambda: dialog.restoring is None)
    return dialog.message.text().startswith("Restored from ")


def test_backups_dialog_backs_up_and_restores(
    qtbot: Any, window: MainWindow, register: Register, answers: Answers
) -> None:
    status = window.findChild(QLabel, "backup_status")
    assert status is not None and status.text() == "No backup yet"
    dialog = backup_dialog.open_backups(window, window.session)
    assert backed_up(qtbot, dialog).exists()
    assert status.text().startswith("Last backup: ")
    assert dialog.list.count() == 1
    add_case(register)
    assert window.session.register.case_count() == 1
    dialog.restore_chosen()  # asks first
    assert answers.questions and "Replace the register" in answers.questions[0]
    qtbot.waitUntil(lambda: dialog.restoring is None)
    assert window.session.register.case_count() == 0
    assert "kept as" in dialog.message.text()
    window.session.register.close()


def test_back_up_now_is_made_off_the_gui_thread(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A large register takes seconds to copy: the window keeps answering, the dialog says
    # so, and neither a second backup nor a restore can start meanwhile.
    go, threads = threading.Event(), []
    real = backup_dialog.backup_work

    def held(register: Register) -> Any:
        work = real(register)
        run = work.run

        def slow() -> None:
            threads.append(threading.current_thread())
            assert go.wait(10)
            run()

        work.run = slow  # type: ignore[method-assign]
        return work

    monkeypatch.setattr(backup_dialog, "backup_work", held)
    dialog = backup_dialog.open_backups(window, window.session)
    assert dialog.back_up_now() is not None
    assert dialog.message.text() == "Backing up…"
    assert not dialog.backup_button.isEnabled() and not dialog.restore_button.isEnabled()
    assert dialog.back_up_now() is None  # one at a time, whichever dialog asks
    dialog.close()
    again = backup_dialog.open_backups(window, window.session)
    assert not again.backup_button.isEnabled()
    assert again.back_up_now() is None
    assert again.message.text() == "A backup is being made; try again when it is done."
    dialog = again
    qtbot.waitUntil(lambda: bool(threads))
    assert threads[0] is not threading.main_thread()
    go.set()  # the dialog open now lists the backup, and can make another
    qtbot.waitUntil(lambda: dialog.backup_button.isEnabled())
    assert dialog.list.count() == 1 and dialog.restore_button.isEnabled()
    status = window.findChild(QLabel, "backup_status")
    assert status is not None and status.text().startswith("Last backup: ")


def test_a_backup_that_fails_says_why(qtbot: Any, window: MainWindow, tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the backup folder should be")
    window.session.register.update_settings(backup_folder=str(blocked))
    dialog = backup_dialog.open_backups(window, window.session)
    dialog.back_up_now()
    qtbot.waitUntil(lambda: dialog.backing_up is None)
    assert dialog.message.text().startswith(f"Cannot write a backup to {blocked}")
    assert dialog.backup_button.isEnabled()
    # Closed before it is done: the status bar says it failed.
    dialog.back_up_now()
    dialog.close()
    qtbot.waitUntil(lambda: not backup_dialog.backup_running())
    assert window.statusBar().currentMessage().startswith("The backup failed: Cannot write")


def test_a_restore_waits_for_reads_on_other_threads(
    qtbot: Any, window: MainWindow, register: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker's connection keeps the file open, and on Windows an open file cannot be
    replaced: the restored copy is put in place only once every read on another thread has
    finished."""
    made = make_backup(register)
    release = threading.Event()
    finished: list[bool] = []

    class SlowRead:
        def run(self) -> None:
            release.wait(5)
            finished.append(True)

    seen: list[list[bool]] = []
    real_prepare, real_finish = RestoreWork.prepare, RestoreWork.finish

    def prepare_then_read(work: RestoreWork) -> None:
        real_prepare(work)
        threading.Timer(0.2, release.set).start()  # the read is still running when it is ready

    def finish(work: RestoreWork) -> Any:
        seen.append(list(finished))
        return real_finish(work)

    monkeypatch.setattr(RestoreWork, "prepare", prepare_then_read)
    monkeypatch.setattr(RestoreWork, "finish", finish)
    Worker(SlowRead()).start()
    dialog = backup_dialog.BackupDialog(window, window.session)
    assert restored(qtbot, dialog, made.path)
    assert seen == [[True]]  # the read had finished before the file was replaced
    window.session.register.close()


def test_a_restore_is_made_ready_off_the_gui_thread(
    qtbot: Any, window: MainWindow, register: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large register takes seconds to restore: meanwhile the window keeps answering from
    the register as it was, the dialog says so and stays open, and nothing else starts."""
    made = make_backup(register)
    add_case(register)
    go, threads = threading.Event(), []
    real_prepare = RestoreWork.prepare

    def held(work: RestoreWork) -> None:
        threads.append(threading.current_thread())
        assert go.wait(10)
        real_prepare(work)

    monkeypatch.setattr(RestoreWork, "prepare", held)
    dialog = backup_dialog.open_backups(window, window.session)
    assert dialog.restore(str(made.path)) is not None
    qtbot.waitUntil(lambda: bool(threads))
    assert threads[0] is not threading.main_thread()
    assert dialog.message.text().startswith("Restoring…")
    buttons = (dialog.backup_button, dialog.restore_button, dialog.close_button)
    assert not any(button.isEnabled() for button in buttons)
    assert dialog.back_up_now() is None  # one thing at a time
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()  # it stays to say how the restore ended
    assert window.session.register.case_count() == 1  # the register as it was, still open
    go.set()
    qtbot.waitUntil(lambda: dialog.restoring is None)
    assert dialog.message.text().startswith("Restored from ")
    assert window.session.register.case_count() == 0
    assert all(button.isEnabled() for button in buttons)
    # The replaced file's space is freed off the GUI thread too.
    path = window.session.register.path
    qtbot.waitUntil(lambda: not path.with_name(path.name + ".before-restore").exists())
    window.session.register.close()


def test_after_a_restore_that_cannot_reopen_only_close_is_left(
    qtbot: Any, window: MainWindow, register: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The backup is in place but the register cannot be opened again: the dialog says the
    restore happened and to open the program again, and nothing else can be started, even
    when a backup made elsewhere refreshes it (the window has no register left to read)."""
    made = make_backup(register)

    def refused(*_args: object, **_kwargs: object) -> None:
        raise backup_dialog.RegisterError("the file is locked by another program")

    monkeypatch.setattr(backup_dialog, "open_shared", refused)
    dialog = backup_dialog.open_backups(window, window.session)
    assert dialog.restore(str(made.path)) is not None
    qtbot.waitUntil(lambda: dialog.restoring is None)
    said = dialog.message.text()
    assert said.startswith("Restored from ")
    assert "could not be opened again (the file is locked by another program)" in said
    assert said.endswith("close the program and open it again.")
    backup_dialog._refresh_open_dialog(window)  # as when the day's backup is listed
    assert dialog.message.text() == said
    assert not dialog.backup_button.isEnabled()
    assert not dialog.restore_button.isEnabled()
    assert dialog.close_button.isEnabled()


def test_a_restore_is_refused_if_the_register_was_saved_to_meanwhile(
    qtbot: Any, window: MainWindow, register: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program saves while the copy is made ready: the restore would lose that save
    without keeping it, so nothing is replaced and the window shows the register with it."""
    made = make_backup(register)
    real_prepare = RestoreWork.prepare

    def prepare_then_saved_elsewhere(work: RestoreWork) -> None:
        real_prepare(work)
        with open_register(register.path) as other:
            add_case(other)

    monkeypatch.setattr(RestoreWork, "prepare", prepare_then_saved_elsewhere)
    dialog = backup_dialog.BackupDialog(window, window.session)
    assert not restored(qtbot, dialog, made.path)
    assert "was changed while the backup was being made ready" in dialog.message.text()
    assert window.session.register.case_count() == 1  # the save made elsewhere is there
    folder = register.path.parent
    assert not list((folder / "backups").glob("*replaced*"))
    window.session.register.close()


def test_a_restore_is_dropped_if_the_program_quits_meanwhile(
    qtbot: Any, window: MainWindow, register: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closing the program while the copy is made ready leaves no copies beside the
    register or in the backup folder, and the register as it was."""
    made = make_backup(register)
    add_case(register)
    go = threading.Event()
    path = register.path
    staging = path.with_name(path.name + ".restoring")
    made_ready: list[bool] = []
    real_prepare = RestoreWork.prepare

    def held(work: RestoreWork) -> None:
        assert go.wait(10)
        real_prepare(work)
        made_ready.append(staging.exists())

    monkeypatch.setattr(RestoreWork, "prepare", held)
    dialog = backup_dialog.BackupDialog(window, window.session)
    assert dialog.restore(str(made.path)) is not None
    threading.Timer(0.1, go.set).start()
    app.application().aboutToQuit.emit()  # waits for the copy to be ready, then drops it
    assert made_ready == [True]  # it was made, and the quit waited for it
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(path.name)] == [path.name]
    assert not list((path.parent / "backups").glob("*replaced*"))
    qtbot.waitUntil(lambda: dialog.restoring is None)  # (delivered here; not after a quit)
    assert dialog.message.text().startswith("The program was closing")
    assert window.session.register.case_count() == 1
    window.session.register.close()


def test_a_refused_restore_keeps_the_register(
    qtbot: Any, window: MainWindow, register: Register, tmp_path: Path
) -> None:
    add_case(register)
    bad = tmp_path / "backups" / "register-2026-01-01-000000.db"
    bad.parent.mkdir()
    bad.write_text("not a backup")
    dialog = backup_dialog.BackupDialog(window, window.session)
    assert not restored(qtbot, dialog, bad)
    assert "not a" in dialog.message.text()
    assert window.session.register.case_count() == 1
    window.session.register.close()


def test_a_restore_erases_again_what_was_erased_after_the_backup(
    qtbot: Any, window: MainWindow, register: Register
) -> None:
    arrangement_id = add_case(register)
    register.end_arrangement(arrangement_id, {"end_date": "2026-05-29", "end_reason": "other"})
    dialog = backup_dialog.BackupDialog(window, window.session)
    made = backed_up(qtbot, dialog)
    erase_case(window.session.register, arrangement_id, "retention review")
    assert restored(qtbot, dialog, made)
    text = dialog.message.text()
    assert "1 erased case was erased again: PF-2026-" in text
    assert "Amy" not in text and "Bell" not in text
    now = window.session.register
    assert now.case(arrangement_id).child["first_name"] == ERASED
    found = erasure(now, arrangement_id)
    assert found is not None and found.reason == "retention review"
    now.close()


def test_automatic_backup_at_start_once(qtbot, tmp_path: Path, qsettings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Made once a day, on a worker thread (a county's register takes about a second)."""
    from pf_register import backup
    from ui.lazy import Worker

    threads: list[int] = []
    write = backup._write_backup

    def recorded(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.get_ident())
        return write(*args, **kwargs)

    monkeypatch.setattr(backup, "_write_backup", recorded)
    path = tmp_path / "register.db"
    for _ in range(2):
        opened = open_shared(path, today=lambda: TODAY)
        window = build_window(opened.register, settings=qsettings)
        qtbot.addWidget(window)
        backup_dialog.start(window, window.session)
        qtbot.waitUntil(lambda: not Worker.running)
        assert len(list_backups(opened.register)) == 1
        assert window.findChild(QLabel, "backup_status").text().startswith("Last backup")
        opened.register.close()
    assert len(threads) == 1 and threads[0] != threading.get_ident()
    assert not lock_path(path).exists()
    (made,) = list_backups(Register.open(path, read_only=True))
    assert check_backup(made.path) == storage.SCHEMA_VERSION


def test_a_failed_automatic_backup_is_said_and_work_goes_on(
    qtbot, tmp_path: Path, qsettings
) -> None:  # type: ignore[no-untyped-def]
    from ui.lazy import Worker

    path = tmp_path / "register.db"
    (tmp_path / "backups").write_text("a file where the backup folder should be")
    opened = open_shared(path, today=lambda: TODAY)
    window = build_window(opened.register, settings=qsettings)
    qtbot.addWidget(window)
    try:
        backup_dialog.start(window, window.session)
        qtbot.waitUntil(lambda: not Worker.running)
        assert "The automatic backup failed: Cannot write a backup" in (
            window.statusBar().currentMessage()
        )
        add_case(window.session.register)  # the register still works
    finally:
        opened.register.close()


def test_the_app_backs_up_after_the_due_list_is_shown(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """``run``: the window is painted and its due list shown before the day's backup starts
    (it used to be made before the window was shown: a second at county, once a day)."""
    from ui.lazy import Worker

    path = tmp_path / "register.db"
    order: list[str] = []
    started = backup_dialog.start

    def start(window, session):  # type: ignore[no-untyped-def]
        order.append("loading" if window.home.is_loading() else "shown")
        started(window, session)
        qtbot.waitUntil(lambda: not Worker.running)
        order.append(f"{len(list_backups(session.register))} backup")
        window.close()

    monkeypatch.setattr(backup_dialog, "start", start)
    ini = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    monkeypatch.setattr(app, "user_settings", lambda: ini)  # not the tester's own settings
    assert app.run(path) == 0
    assert order == ["shown", "1 backup"]
    assert not lock_path(path).exists()


@pytest.mark.qt_no_exception_capture  # the due list's failure is the app's to report
def test_the_heartbeat_starts_even_when_the_due_list_cannot_be_read(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A presence file whose heartbeat never starts looks abandoned after a while, and
    another computer may take the register over: it must not wait for the due list."""
    import sqlite3

    from PySide6.QtCore import QTimer

    from pf_register.due_cache import DueWork

    def locked(*args: Any, **kwargs: Any) -> Any:
        raise sqlite3.OperationalError("database is locked")

    def failed_run(self: DueWork) -> None:
        self.error = sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(DueWork, "run", failed_run)
    monkeypatch.setattr(Register, "due", locked)
    beating: list[bool] = []
    backed_up: list[bool] = []
    real = backup_dialog.start_heartbeat

    def start_heartbeat(window, session, opened):  # type: ignore[no-untyped-def]
        real(window, session, opened)
        timer = window.findChild(QTimer, "presence_heartbeat")
        beating.append(timer is not None and timer.isActive())
        QTimer.singleShot(300, window.close)

    monkeypatch.setattr(backup_dialog, "start_heartbeat", start_heartbeat)
    monkeypatch.setattr(backup_dialog, "start", lambda *a: backed_up.append(True))
    ini = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    monkeypatch.setattr(app, "user_settings", lambda: ini)
    assert app.run(tmp_path / "register.db") == 0
    assert beating == [True] and backed_up == []


def test_history_shows_who_when_and_before_and_after(
    window: MainWindow, register: Register
) -> None:
    arrangement = add_case(register)
    child = register.case(arrangement).child["id"]
    register.update_child(child, {"last_name": "Bellamy"})
    page = window.open_case(arrangement)
    page.buttons["history"].click()
    dialog = page.findChild(HistoryDialog)
    assert dialog is not None and dialog.isVisible()
    rows = [dialog.model.row_data(i) for i in range(dialog.model.rowCount())]
    change = next(
        r for r in rows if r["field"] == "Last name" and r["operation"] == "correct child"
    )
    assert (change["before"], change["after"], change["who"]) == ("Bell", "Bellamy", "tester")
    assert any(r["operation"] == "record new case" for r in rows)
    assert dialog.view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    dialog.close()


def test_an_edit_someone_else_overtook_is_refused_and_the_page_refreshes(
    window: MainWindow, register: Register
) -> None:
    arrangement = add_case(register)
    page = window.open_case(arrangement)
    child = register.case(arrangement).child["id"]
    dialog = page.correct_child()
    assert dialog is not None
    field = dialog.field("child.notes")
    assert field is not None
    field.set_value("likes chess")
    with Register.open(register.path, user="jo.bloggs") as elsewhere:
        elsewhere.update_child(child, {"school": "Hillside"})
    dialog.save()
    assert "changed by someone else" in dialog.general_error.text()
    assert register.case(arrangement).child["notes"] is None
    assert page.loaded[("children", str(child))]["school"] == "Hillside"  # re-read


def test_backup_made_by_the_core_shows_in_the_status_after_reopening_dialog(
    window: MainWindow, register: Register
) -> None:
    make_backup(register)
    dialog = backup_dialog.open_backups(window, window.session)
    assert dialog.last.text().startswith("Last backup: ")


def test_the_app_keeps_the_due_lists_as_it_closes(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """``run``: closing the window stores today's and the next working day's due lists,
    which ``stored_due`` then gives back as what judging gives."""
    from datetime import date

    from PySide6.QtCore import QTimer

    path = tmp_path / "register.db"
    with Register.open(path, create=True, user="tester") as register:
        add_case(register)

    def start(window, session):  # type: ignore[no-untyped-def]
        QTimer.singleShot(0, window.close)

    monkeypatch.setattr(backup_dialog, "start", start)
    ini = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    monkeypatch.setattr(app, "user_settings", lambda: ini)
    assert app.run(path) == 0
    with Register.open(path, user="tester") as register:
        stored = register.stored_due()
        assert stored is not None and stored == register.due()
        days = [r[0] for r in register.db.execute("SELECT day FROM due_store ORDER BY day")]
        assert days[0] == date.today().isoformat() and len(days) == 2


def test_with_a_kept_due_list_the_backup_still_waits_for_the_first_paint(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """``run``: the home page fills before the first paint from the list kept at the last
    close; the day's backup still starts only once the window has been painted."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    path = tmp_path / "register.db"
    with Register.open(path, create=True, user="tester") as register:
        add_case(register)
        assert register.keep_due_lists()
    order: list[str] = []

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint and "painted" not in order:
                order.append("painted")
            return False

    watcher = FirstPaint()
    QApplication.instance().installEventFilter(watcher)  # type: ignore[union-attr]

    def start(window, session):  # type: ignore[no-untyped-def]
        order.append("kept list" if session._from_store else "judged list")
        order.append("backup")
        QTimer.singleShot(0, window.close)

    monkeypatch.setattr(backup_dialog, "start", start)
    ini = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    monkeypatch.setattr(app, "user_settings", lambda: ini)
    try:
        assert app.run(path) == 0
    finally:
        QApplication.instance().removeEventFilter(watcher)  # type: ignore[union-attr]
    assert order == ["painted", "kept list", "backup"]
