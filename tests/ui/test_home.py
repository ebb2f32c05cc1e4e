"""Home: what is due, counted and listed, with overdue marked by words and icon too."""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from pf_register.clock.obligation import Obligation
from pf_register.due_cache import DueCache
from pf_register.register import Register
from tests.ui.conftest import add_case
from ui.home import FILTERS, HomePage
from ui.lazy import Worker
from ui.main_window import MainWindow


def _built(
    qtbot: Any, register: Register, qsettings: Any, *, closing_the_register: bool = False
) -> MainWindow:
    """The main window as the app builds it, closed after the test (and then the register
    too, for one the test opened itself)."""
    from ui.app import build_window

    win = build_window(register, settings=qsettings)
    if closing_the_register:
        win.destroyed.connect(register.close)
    qtbot.addWidget(win)
    return win


def visible_rows(window: MainWindow) -> list[list[str]]:
    model = window.home.model
    return [
        [str(model.index(r, c).data()) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_empty_register_has_nothing_due(window: MainWindow) -> None:
    assert window.home.buttons["overdue"].text().startswith("0")
    assert not window.home.banner.isVisible()
    assert window.home.empty.isVisible()


def test_counts_and_rows_show_what_is_due(qtbot, register: Register, qsettings) -> None:  # type: ignore[no-untyped-def]
    add_case(register)
    win = _built(qtbot, register, qsettings)
    win.show()
    home = win.home
    counts = home.counts()
    # Checks on the carer, the 18-year-old son and the child (school) were to be requested by
    # Thu 28 May: one overdue row each.
    assert counts["overdue"] == 3
    assert counts["today"] == 1
    assert home.banner.isVisible()
    assert "3 deadlines overdue" in home.banner.text()

    qtbot.mouseClick(home.buttons["today"], Qt.MouseButton.LeftButton)
    rows = visible_rows(win)
    assert len(rows) == 1
    status, child, what, _detail, due, days = rows[0]
    assert status == "Due today"
    assert child == "Amy Bell (PF-2026-0001)"
    assert what == "Visit and see the child within 7 working days — Reg 7"
    assert due == "Mon 1 Jun 2026"
    assert days == "due today"

    qtbot.mouseClick(home.buttons["overdue"], Qt.MouseButton.LeftButton)
    rows = visible_rows(win)
    assert len(rows) == 3
    assert all(r[0] == "Overdue" and r[5] == "4 days overdue" for r in rows)
    # Colour is never alone: the status words above, an icon, and red text.
    index = home.model.index(0, 0)
    assert not index.data(Qt.ItemDataRole.DecorationRole).isNull()
    brush = index.data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(brush, QBrush)
    assert brush.color().red() > brush.color().green()


def test_enter_opens_the_case(qtbot, register: Register, qsettings) -> None:  # type: ignore[no-untyped-def]
    arrangement_id = add_case(register)
    win = _built(qtbot, register, qsettings)
    win.show()
    qtbot.mouseClick(win.home.buttons["today"], Qt.MouseButton.LeftButton)
    win.home.table.setFocus()
    win.home.table.setCurrentIndex(win.home.model.index(0, 0))
    qtbot.keyClick(win.home.table, Qt.Key.Key_Return)
    page = win.current_case()
    assert page is not None
    assert page.arrangement_id == arrangement_id
    assert "Amy Bell" in page.title.text()


def test_double_click_opens_the_case(qtbot, register: Register, qsettings) -> None:  # type: ignore[no-untyped-def]
    add_case(register)
    win = _built(qtbot, register, qsettings)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: not win.home.is_loading())  # filled after the first paint
    view = win.home.table
    rect = view.visualRect(win.home.model.index(0, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert win.current_case() is not None


def test_model_passes_the_model_tester(qtmodeltester, register: Register) -> None:  # type: ignore[no-untyped-def]
    from ui.models import ObligationModel

    add_case(register)
    model = ObligationModel()
    model.set_obligations(register.due())
    qtmodeltester.check(model, force_py=True)
    model.sort(4, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model, force_py=True)


def test_the_window_paints_before_the_due_list_is_read(
    qtbot, register: Register, qsettings
) -> None:  # type: ignore[no-untyped-def]
    """The home page is built empty; the due list is read after the first paint, and then
    shows what a fresh read of the register says."""
    add_case(register)
    win = _built(qtbot, register, qsettings)
    home = win.home
    assert home.is_loading() and home.model.rowCount() == 0  # nothing judged yet
    announced: list[bool] = []
    home.filled.connect(lambda: announced.append(True))
    win.show()
    qtbot.waitUntil(lambda: not home.is_loading())
    assert announced
    fresh = [
        o for o in register.due() if o.status in next(s for k, s, _ in FILTERS if k == home.filter)
    ]
    assert [home.model.obligation(r) for r in range(home.model.rowCount())] == fresh
    assert "what is due on" in home.greeting.text()


def _judged_on_threads(monkeypatch, hold: threading.Event | None = None) -> list[int]:  # type: ignore[no-untyped-def]
    """Record the thread of every full judging of the due list; ``hold`` keeps a worker's
    judging waiting until it is set."""
    threads: list[int] = []
    build = DueCache.build.__func__  # type: ignore[attr-defined]

    def recorded(cls, *args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.get_ident())
        if hold is not None and threading.current_thread() is not threading.main_thread():
            assert hold.wait(10)
        return build(cls, *args, **kwargs)

    monkeypatch.setattr(DueCache, "build", classmethod(recorded))
    return threads


def _shown(home: HomePage) -> list[Obligation]:
    return [home.model.obligation(r) for r in range(home.model.rowCount())]


def _fresh(register: Register, key: str) -> list[Obligation]:
    with Register.open(register.path, read_only=True, today=register.today) as other:
        due = other.due()
    return [o for o in due if o.status in next(s for k, s, _ in FILTERS if k == key)]


def test_the_due_list_is_judged_off_the_gui_thread(
    qtbot, register: Register, qsettings, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """At start the due list is judged by a worker with its own connection; the GUI thread
    only adopts it (no judging of its own) and shows what a fresh read says."""
    add_case(register)
    threads = _judged_on_threads(monkeypatch)
    win = _built(qtbot, register, qsettings)
    home = win.home
    win.show()
    assert home.greeting.text() == "Working out what is due…"
    qtbot.waitUntil(lambda: not home.is_loading())
    assert len(threads) == 1 and threads[0] != threading.get_ident()
    assert _shown(home) and _shown(home) == _fresh(register, home.filter)
    qtbot.waitUntil(lambda: not Worker.running)


def test_a_write_before_the_worker_delivers_is_shown(
    qtbot, register: Register, qsettings, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A change while the worker is still judging fills the list at once on the GUI thread;
    the worker's late list is then ignored, and the list shown stays right."""
    case = add_case(register)
    hold = threading.Event()
    threads = _judged_on_threads(monkeypatch, hold)
    win = _built(qtbot, register, qsettings)
    home = win.home
    win.show()
    qtbot.waitUntil(lambda: bool(Worker.running))
    assert home.is_loading()
    session = win.session
    session.perform(
        "visit",
        register.record_visit,
        case,
        {"visit_date": "2026-05-20", "kind": "initial", "child_seen": True, "seen_alone": True},
    )
    assert not home.is_loading()
    after_write = _shown(home)
    hold.set()
    qtbot.waitUntil(lambda: not Worker.running)
    qtbot.wait(10)  # let a late delivery (if any) be processed
    assert len(threads) == 2
    assert _shown(home) == after_write == _fresh(register, home.filter)


def test_short_columns_show_their_words_in_full(qtbot, register: Register, qsettings) -> None:  # type: ignore[no-untyped-def]
    """Status (with its icon), child, due date and days are never cut: each is at least as
    wide as Qt's own measure of its widest cell (the home page measures text itself, to keep
    the first due list quick)."""
    add_case(register, child={"first_name": "Maximiliana", "last_name": "Featherstonehaugh"})
    add_case(register, child={"first_name": "Al", "last_name": "Li"})
    win = _built(qtbot, register, qsettings)
    win.show()
    qtbot.waitUntil(lambda: not win.home.is_loading())
    home = win.home
    for key in ("overdue", "today", "all"):
        home.show_filter(key)
        assert home.model.rowCount() > 0
        table = home.table
        for column, spec in enumerate(home.model.columns):
            if spec.title in ("What is due", "Detail"):
                continue  # share what is left, shortened in the middle, the rest in a tooltip
            # Qt's measure of every cell's text, icon and margins, and of the heading.
            needed = max(
                table.sizeHintForColumn(column),
                table.horizontalHeader().sectionSizeHint(column),
            )
            assert table.columnWidth(column) >= needed, (key, spec.title)


def _locked_once(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """The file locked (on a share, say) for one judging on a worker and then for one on
    the GUI thread; the failures left to come are counted down in the dict returned."""
    from pf_register.due_cache import DueWork
    from ui.session import Session

    run, due = DueWork.run, Register.due
    failures = {"worker": 1, "here": 1}

    def locked_once(self: DueWork) -> None:
        if failures["worker"]:
            failures["worker"] -= 1
            self.error = sqlite3.OperationalError("database is locked")
            return
        run(self)

    def due_locked_once(self: Register, *args: Any, **kwargs: Any) -> Any:
        if failures["here"]:
            failures["here"] -= 1
            raise sqlite3.OperationalError("database is locked")
        return due(self, *args, **kwargs)

    monkeypatch.setattr(DueWork, "run", locked_once)
    monkeypatch.setattr(Register, "due", due_locked_once)
    monkeypatch.setattr(Session, "RETRY_MS", 50)
    return failures


def test_a_first_due_list_that_cannot_be_read_is_tried_again(
    qtbot, register: Register, qsettings, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Found in review: the home page judged its first list on a worker of its own, which
    was never tried again. A file locked just then (a network share) left the page saying
    "Working out what is due…" until the next save; it is now judged as later lists are,
    and tried again shortly."""
    add_case(register)
    failures = _locked_once(monkeypatch)
    win = _built(qtbot, register, qsettings)
    home = win.home
    win.show()
    qtbot.waitUntil(lambda: failures == {"worker": 0, "here": 0})
    qtbot.waitUntil(lambda: "what is due on" in home.greeting.text())
    assert not home.is_loading()
    assert _shown(home) and _shown(home) == _fresh(register, home.filter)
    qtbot.waitUntil(lambda: not Worker.running)


def test_while_a_first_list_that_could_not_be_read_waits_no_page_judges_it_here(
    qtbot, register: Register, qsettings, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Found in review: after the first judging failed, the next page to ask for the list
    judged it on the GUI thread, where the locked file's error escaped the slot. Until it
    is tried again the list is empty and every page says it is being updated."""

    from pf_register.due_cache import DueWork

    add_case(register)

    def locked_run(self: DueWork) -> None:
        self.error = sqlite3.OperationalError("database is locked")

    def locked(self: Register, *args: Any, **kwargs: Any) -> Any:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(DueWork, "run", locked_run)
    monkeypatch.setattr(Register, "due", locked)
    win = _built(qtbot, register, qsettings)
    session = win.session
    win.show()
    qtbot.waitUntil(lambda: session._retrying)
    assert session.due() == [] and session.due_updating()
    win.show_register()  # a page that reads the deadlines
    win.home.refresh()
    assert win.home.greeting.text() == "Updating what is due…"


def _started_again(register: Register) -> Register:
    """The register as the app's next start opens it, after ``keep_due_lists`` at a close."""
    assert register.keep_due_lists()
    register.close()
    return Register.open(register.path, user="tester", today=register.today)


def _all_rows(home: HomePage) -> list[Obligation]:
    home.show_filter("all")
    return [home.model.obligation(r) for r in range(home.model.rowCount())]


def test_the_list_kept_at_the_last_close_is_shown_before_the_first_paint(
    qtbot, register: Register, qsettings
) -> None:  # type: ignore[no-untyped-def]
    """The next start shows the list stored as the app closed, filled as the window is
    built; the worker then only builds the register's cache behind it (the same list: the
    page is not filled again), and a save afterwards is shown as usual."""
    arrangement = add_case(register)
    register = _started_again(register)
    win = _built(qtbot, register, qsettings, closing_the_register=True)
    home = win.home
    assert not home.is_loading() and "what is due on" in home.greeting.text()
    assert home.counts()["overdue"] == 3
    refills: list[bool] = []
    win.session.due_changed.connect(lambda: refills.append(True))
    win.show()
    qtbot.waitUntil(lambda: register.due_is_current())  # the worker's cache adopted
    assert refills == [] and _all_rows(home) == register.due()

    win.session.perform(
        "visit",
        register.record_visit,
        arrangement,
        {"visit_date": "2026-06-01", "kind": "initial", "child_seen": True, "seen_alone": True},
    )
    assert home.counts()["today"] == 0  # the Reg 7 visit was due today: done
    assert _all_rows(home) == register.due()


def test_a_kept_list_that_differs_is_replaced_once_judged(
    qtbot, register: Register, qsettings
) -> None:  # type: ignore[no-untyped-def]
    """Belt and braces: if a stored list ever differed from judging (say the rules changed
    without the stamp noticing), the worker's list replaces it within moments."""
    from pf_register import due_store
    from pf_register.due_cache import data_version

    add_case(register)
    judged = register.due()
    due_store.store(register.db, {register.today(): judged[1:]}, data_version(register.db))

    win = _built(qtbot, register, qsettings)
    home = win.home
    assert _all_rows(home) == judged[1:]
    with qtbot.waitSignal(win.session.due_changed):
        win.show()
    assert _all_rows(home) == judged


def test_a_save_while_the_kept_list_is_judged_again_is_shown(
    qtbot, register: Register, qsettings, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A save made while the start's worker builds the cache behind a kept list (one that
    changes no deadline, here the authority's name) is shown once the worker is in, not left
    at "Updating what is due…"."""
    add_case(register)
    register = _started_again(register)
    hold = threading.Event()
    _judged_on_threads(monkeypatch, hold)
    win = _built(qtbot, register, qsettings, closing_the_register=True)
    home = win.home
    win.show()
    qtbot.waitUntil(lambda: bool(Worker.running))
    win.session.perform("settings", register.update_settings, authority_name="Testshire")
    assert home.is_updating()
    hold.set()
    qtbot.waitUntil(lambda: not home.is_updating())
    assert home.greeting.text().startswith("Testshire: what is due on")
    assert _shown(home) == _fresh(register, home.filter)


@pytest.mark.qt_no_exception_capture
def test_a_kept_list_stays_shown_while_a_locked_file_is_tried_again(
    qtbot, register: Register, qsettings, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """If the register cannot be read just after the start (locked on a share), the kept
    list stays on screen and the judging is tried again until the cache is built."""
    add_case(register)
    register = _started_again(register)
    failures = _locked_once(monkeypatch)
    win = _built(qtbot, register, qsettings, closing_the_register=True)
    home = win.home
    kept = _all_rows(home)
    win.show()
    qtbot.waitUntil(lambda: failures == {"worker": 0, "here": 0})  # both failed once
    assert not home.is_updating() and _all_rows(home) == kept
    qtbot.waitUntil(register.due_is_current)  # tried again, and adopted
    assert _all_rows(home) == kept == _fresh(register, "all")
