"""Long reads never block the window, and what it shows stays right.

The enquiry log's ids are chosen (searched, ordered) on a worker thread with its own
connection; only the last read asked for is shown. The activity log and the enquiry form read
only what is shown. Hidden pages are not read after a write until they are shown. A due list
that must be judged again in full (another program's commit, F5) is judged on a worker: the
home page says it is updating meanwhile, and a write made meanwhile is in the new list.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt

from pf_register.due_cache import DueCache
from pf_register.facade import awareness
from pf_register.register import Register
from tests.ui.conftest import add_case
from ui.enquiries_page import ActivityChoice, EnquiriesPage
from ui.home import FILTERS, HomePage
from ui.lazy import Worker
from ui.main_window import MainWindow


def _log_enquiries(register: Register, n: int) -> None:
    with register.operation("bulk"):
        for i in range(n):
            register.record_enquiry(
                {
                    "enquiry_date": (date(2026, 5, 29) - timedelta(days=i % 300)).isoformat(),
                    "source_sector": ("police", "school", "health", "parent")[i % 4],
                    "channel": "phone",
                    "area": f"TB{i % 7}",
                    "outcome": "advice_only",
                }
            )


def _shown_ids(page: EnquiriesPage) -> list[object]:
    return page.model.keys()  # the ids in the order shown, without reading their rows


@pytest.fixture
def held_reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[list[int], threading.Event]]:
    """Record the thread of every read of enquiry ids; hold those off the GUI thread until
    the event is set."""
    threads: list[int] = []
    release = threading.Event()
    read = awareness._enquiry_ids

    def recorded(*args: Any, **kwargs: Any) -> list[int]:
        threads.append(threading.get_ident())
        if threading.current_thread() is not threading.main_thread():
            assert release.wait(10)
        return read(*args, **kwargs)

    monkeypatch.setattr(awareness, "_enquiry_ids", recorded)
    yield threads, release
    release.set()


def test_the_enquiry_log_is_read_off_the_gui_thread_and_shows_a_full_read(
    qtbot, register: Register, window: MainWindow, held_reads
) -> None:  # type: ignore[no-untyped-def]
    threads, release = held_reads
    _log_enquiries(register, 600)
    window.show_enquiries()
    page = window.enquiries_page
    qtbot.waitUntil(lambda: len(threads) == 1)
    assert page.is_reading() and page.count.text() == "Reading the enquiries…"
    release.set()
    qtbot.waitUntil(lambda: not page.is_reading())
    assert threads == [threads[0]] and threads[0] != threading.get_ident()  # a worker's
    assert page.model.cached_count() < 600  # the rows on screen only
    assert page.count.text() == "600 enquiries"
    whole = register.enquiries()
    assert [page.model.row_data(r) for r in range(page.model.rowCount())] == whole


def test_only_the_last_read_asked_for_is_shown(
    qtbot, register: Register, window: MainWindow, held_reads
) -> None:  # type: ignore[no-untyped-def]
    """A search typed, and an enquiry saved, while the first read runs: the list shown is
    the answer to the last question, never an older one."""
    threads, release = held_reads
    _log_enquiries(register, 30)
    window.show_enquiries()
    page = window.enquiries_page
    shown: list[int] = []
    page.model.modelReset.connect(lambda: shown.append(page.model.rowCount()))
    qtbot.waitUntil(lambda: len(threads) == 1)
    qtbot.keyClicks(page.search, "TB3")
    page.read_list()  # the search, without waiting for the pause in typing
    page.entry.inputs["source_sector"].set_value("school")
    page.entry.inputs["channel"].set_value("email")
    page.entry.inputs["area"].set_value("TB3")
    assert page.save() is not None  # read again: the answer must hold the new one too
    release.set()
    qtbot.waitUntil(lambda: not page.is_reading())
    expected = register.enquiry_ids("TB3")
    assert _shown_ids(page) == expected and len(expected) == 5
    assert shown == [5]  # neither the whole log nor the search before the save was shown
    workers = [t for t in threads if t != threading.get_ident()]
    assert len(workers) == 2  # the search asked for meanwhile was replaced, not run
    assert page.count.text() == "5 enquiries"


def test_a_heading_orders_the_enquiries_in_sql_without_reading_every_row(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    _log_enquiries(register, 600)
    window.show_enquiries()
    page = window.enquiries_page
    qtbot.waitUntil(lambda: page.model.rowCount() == 600)
    who = [c.title for c in page.model.columns].index("Who enquired")
    page.table.sortByColumn(who, Qt.SortOrder.DescendingOrder)
    assert page.is_reading()
    qtbot.waitUntil(lambda: not page.is_reading())
    assert _shown_ids(page) == register.enquiry_ids("", "source", descending=True)
    assert page.model.index(0, who).data() == "School"  # School, Police, Parent, Health
    assert page.model.cached_count() < 600
    qtbot.keyClicks(page.search, "TB2")  # a search keeps the order chosen
    qtbot.waitUntil(lambda: page.model.rowCount() < 600 and not page.is_reading())
    assert _shown_ids(page) == register.enquiry_ids("TB2", "source", descending=True)


def test_the_activity_log_reads_only_the_rows_it_shows_and_sorts_in_sql(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    with register.operation("bulk"):
        for i in range(450):
            register.record_activity(
                {
                    "activity_date": (date(2026, 5, 29) - timedelta(days=i)).isoformat(),
                    "kind": ("training", "briefing", "press")[i % 3],
                    "audience_sector": "school",
                    "reached": i % 50 or None,
                    "title": f"Session {i}",
                }
            )
    window.show_activities()
    page = window.activities_page
    assert page.model.rowCount() == 450
    assert page.model.cached_count() < 450
    assert [page.model.row_data(r) for r in range(450)] == register.activities()
    reached = [c.title for c in page.model.columns].index("Reached")
    page.table.sortByColumn(reached, Qt.SortOrder.AscendingOrder)
    ids = [page.model.row_data(r)["id"] for r in range(450)]
    assert ids == register.activity_ids("", "reached")
    assert page.model.index(0, reached).data() == "1"
    assert page.model.index(449, reached).data() == ""  # none recorded: last


def _counting(monkeypatch: pytest.MonkeyPatch, register: Register, names: list[str]) -> list[str]:
    calls: list[str] = []
    for name in names:
        method = getattr(register, name)

        def counted(
            *args: Any, _name: str = name, _method: Callable[..., Any] = method, **kwargs: Any
        ) -> Any:
            calls.append(_name)
            return _method(*args, **kwargs)

        monkeypatch.setattr(register, name, counted)
    return calls


def test_pages_hidden_during_a_write_are_not_read_until_shown(
    qtbot, register: Register, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    case = add_case(register)
    window.session.refresh()
    page = window.open_case(case)
    window.show_enquiries()
    qtbot.waitUntil(lambda: not window.enquiries_page.is_reading())
    window.show_activities()
    window.show_home()
    calls = _counting(
        monkeypatch,
        register,
        ["obligations", "enquiry_ids_work", "activity_ids", "activity_choices"],
    )
    visit = {"visit_date": "2026-05-29", "kind": "initial", "child_seen": True, "seen_alone": True}
    window.session.perform("visit", register.record_visit, case, visit)
    assert calls == []  # the home page only (it is shown)
    assert page.lazy.stale and window.enquiries_page.lazy.stale
    assert window.activities_page.lazy.stale

    window.tabs.setCurrentWidget(page)
    assert calls == ["obligations"]  # the case page's deadlines
    visits = page.models["visits"]
    assert [visits.row_data(r)["visit_date"] for r in range(visits.rowCount())] == ["2026-05-29"]
    window.show_activities()
    assert calls == ["obligations", "activity_ids"]
    window.show_enquiries()
    assert calls == ["obligations", "activity_ids", "activity_choices", "enquiry_ids_work"]


def test_an_activity_older_than_the_drop_down_is_found_by_typing(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    """A county's tens of thousands of activities are not read into the form: the drop-down
    holds the newest, and typing finds any other in the register."""
    newest = ActivityChoice.RECENT + 20
    with register.operation("bulk"):
        ids = [
            register.record_activity(
                {
                    "activity_date": (date(2026, 5, 29) - timedelta(days=i)).isoformat(),
                    "kind": "briefing",
                    "audience_sector": "school",
                    "title": "Mosque open day" if i == newest - 1 else f"Assembly {i}",
                }
            )
            for i in range(newest)
        ]
    old = ids[-1]
    window.show_enquiries()
    page = window.enquiries_page
    choice = page.activity
    assert choice.count() == 1 + ActivityChoice.RECENT and choice.findData(old) < 0
    choice.setFocus()
    qtbot.keyClicks(choice, "mosque")
    completer = choice.completer()
    assert completer is not None
    qtbot.waitUntil(lambda: completer.completionCount() == 1)
    words = register.activity_choice(old)
    assert completer.currentCompletion() == words == "2026-01-30: Mosque open day"
    choice.setEditText(words)  # as taking the completion does
    page.entry.inputs["source_sector"].set_value("school")
    page.entry.inputs["channel"].set_value("phone")
    enquiry = page.save()
    assert enquiry is not None
    assert register.enquiry(enquiry)["activity_id"] == old

    # Corrected later: the form shows the old activity chosen, and keeps it.
    dialog = page.edit(enquiry)
    assert dialog.activity.currentData() == old
    assert dialog.activity.currentText() == words
    dialog.group.inputs["area"].set_value("TB9")
    dialog.save()
    assert register.enquiry(enquiry)["activity_id"] == old


# ---------------------------------------------------------------------- the due list
def _fresh(register: Register, key: str) -> list[Any]:
    with Register.open(register.path, read_only=True, today=register.today) as other:
        due = other.due()
    return [o for o in due if o.status in next(s for k, s, _ in FILTERS if k == key)]


def _shown(home: HomePage) -> list[Any]:
    return [home.model.obligation(r) for r in range(home.model.rowCount())]


def test_f5_after_another_programs_commit_judges_on_a_worker_and_keeps_a_write(
    qtbot, register: Register, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    case = add_case(register)
    other_case = add_case(register, child={"first_name": "Ben", "last_name": "Cole"})
    window.session.refresh()
    home = window.home
    home.show_filter("all")
    assert _shown(home) == _fresh(register, "all")
    window.show_register()
    register_page = window.register_page
    window.show_home()

    threads: list[int] = []
    release = threading.Event()
    build = DueCache.build.__func__  # type: ignore[attr-defined]

    def judged(cls, *args: Any) -> DueCache:  # type: ignore[no-untyped-def]
        threads.append(threading.get_ident())
        if threading.current_thread() is not threading.main_thread():
            assert release.wait(10)
        return build(cls, *args)  # type: ignore[no-any-return]

    monkeypatch.setattr(DueCache, "build", classmethod(judged))
    with sqlite3.connect(register.path) as other:  # another copy of the program
        other.execute(
            "INSERT INTO visits (arrangement_id, visit_date, kind, child_seen, seen_alone)"
            " VALUES (?, '2026-05-22', 'initial', 1, 1)",
            [other_case],
        )
    window.refresh()  # F5
    assert home.is_updating() and window.session.due_updating()
    assert home.greeting.text() == "Updating what is due…"
    assert home.model.rowCount() == 0  # not the old list
    assert not home.buttons["all"].isEnabled() and home.buttons["all"].text() == "All open"
    qtbot.waitUntil(lambda: len(threads) == 1)

    # A visit recorded here while the worker judges: still updating, then in the new list.
    visit = {"visit_date": "2026-05-29", "kind": "initial", "child_seen": True, "seen_alone": True}
    window.session.perform("visit", register.record_visit, case, visit)
    assert home.is_updating() and home.model.rowCount() == 0
    window.show_register()
    assert register_page.count.text() == "2 arrangements · working out the deadlines…"
    deadline = [c.title for c in register_page.model.columns].index("Next deadline")
    assert register_page.model.index(0, deadline).data() == ""
    window.show_home()

    release.set()
    qtbot.waitUntil(lambda: not home.is_updating())
    assert len(threads) == 1 and threads[0] != threading.get_ident()  # never on this thread
    assert "what is due on" in home.greeting.text() and home.buttons["all"].isEnabled()
    home.show_filter("all")
    fresh = _fresh(register, "all")
    assert _shown(home) == fresh
    codes = {(o.arrangement_id, o.code) for o in fresh}
    assert (case, "REG7_VISIT") not in codes and (other_case, "REG7_VISIT") not in codes
    assert register_page.lazy.stale  # hidden: read when shown
    window.show_register()
    assert register_page.count.text() == "2 arrangements"
    assert register_page.model.index(0, deadline).data() != ""
    qtbot.waitUntil(lambda: not Worker.running)


def test_f5_with_nothing_changed_elsewhere_stays_on_the_gui_thread(
    qtbot, register: Register, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """No other program committed: the list is recomputed case by case at once (no worker,
    no updating state)."""
    add_case(register)
    window.session.refresh()
    started: list[object] = []
    monkeypatch.setattr(Worker, "start", lambda self: started.append(self))
    window.refresh()
    assert not window.home.is_updating() and started == []
    assert _shown(window.home) == _fresh(register, window.home.filter)
