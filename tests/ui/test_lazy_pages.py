"""The enquiry log loads when it is shown: a change while it is hidden shows when it is next
shown, and a change while it is shown shows at once."""

from __future__ import annotations

from pf_register.register import Register
from tests.ui.conftest import add_case
from ui.main_window import MainWindow


def test_hidden_enquiry_log_is_fresh_when_shown(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    page = window.enquiries_page
    assert not page.isVisible()
    window.session.perform(
        "enquiry",
        register.record_enquiry,
        {"source_sector": "police", "channel": "phone", "area": "TB1"},
    )
    assert page.lazy.stale  # hidden: not read yet
    window.show_enquiries()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.count.text() == "1 enquiry"
    assert not page.lazy.stale

    window.session.perform(
        "enquiry",
        register.record_enquiry,
        {"source_sector": "school", "channel": "email", "area": "TB2"},
    )
    assert page.is_reading()  # shown: read again at once (the ids off the GUI thread)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    assert page.count.text() == "2 enquiries"


def test_register_and_activities_are_read_when_first_shown(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    """The app starts on Home: the register list and the activities are not read until
    their tab is shown, and what they then show is what the register says."""
    pages = (window.register_page, window.activities_page)
    for page in pages:
        assert page.lazy.stale and page.model.rowCount() == 0  # nothing read at start
    first = add_case(register)
    window.session.perform("case", lambda: None)  # as a screen's write would tell them
    register.record_activity(
        {"activity_date": "2026-05-20", "kind": "training", "audience_sector": "school"}
    )
    window.session.perform("activity", lambda: None)
    for page in pages:
        assert page.lazy.stale  # hidden: still not read

    window.show_register()
    page = window.register_page
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert not page.lazy.stale
    assert [page.model.summary(0).arrangement_id] == [first]
    assert page.count.text() == "1 arrangement"
    # Shown: a change shows at once, the same list a fresh read gives.
    second = add_case(register, child={"first_name": "Ben", "last_name": "Cole"})
    window.session.perform("case", lambda: None)
    shown = sorted(page.model.summary(r).arrangement_id for r in range(page.model.rowCount()))
    assert shown == sorted([first, second])
    assert shown == sorted(s.arrangement_id for s in register.cases() if s.end_date is None)

    window.show_activities()
    activities = window.activities_page
    qtbot.waitUntil(lambda: activities.model.rowCount() == 1)
    assert [activities.model.row_data(r) for r in range(1)] == register.activities("")


def test_the_enquiry_forms_activity_choice_is_read_when_the_log_is_shown(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    """Thousands of activities are not read into the enquiry form at start: only when the
    enquiry log is shown, and then every one of them, newest first."""
    first = register.record_activity(
        {"activity_date": "2026-05-01", "kind": "training", "audience_sector": "school"}
    )
    second = register.record_activity(
        {"activity_date": "2026-05-20", "kind": "training", "audience_sector": "police"}
    )
    choice = window.enquiries_page.activity
    assert choice.count() == 1 and choice.itemData(0) is None  # only "none" before showing
    window.show_enquiries()
    qtbot.waitUntil(lambda: choice.count() == 3)
    assert [choice.itemData(i) for i in range(choice.count())] == [None, second, first]


def test_register_enquiry_activity_and_statistics_pages_are_built_when_first_shown(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    """Until then their tab holds a placeholder; the page takes its place, label and
    position, and like the other fixed tabs cannot be closed."""
    from ui.activities_page import ActivitiesPage
    from ui.enquiries_page import EnquiriesPage
    from ui.register_page import RegisterPage
    from ui.stats_page import StatsPage

    tabs = window.tabs
    labels = [tabs.tabText(i) for i in range(tabs.count())]
    assert labels[1:] == ["&Register", "En&quiries", "Awareness act&ivities", "&Statistics"]
    assert not any(
        isinstance(tabs.widget(i), (RegisterPage, EnquiriesPage, ActivitiesPage, StatsPage))
        for i in range(tabs.count())
    )

    window.find_case()  # Ctrl+F: the register, the cursor in its search box
    page = tabs.currentWidget()
    assert isinstance(page, RegisterPage) and page is window.register_page
    assert tabs.indexOf(page) == 1 and tabs.tabText(1) == "&Register"
    assert tabs.tabBar().tabButton(1, tabs.tabBar().ButtonPosition.RightSide) is None

    tabs.setCurrentIndex(3)  # a click on the tab, or its mnemonic
    page = tabs.currentWidget()
    assert isinstance(page, ActivitiesPage) and page is window.activities_page
    assert tabs.indexOf(page) == 3 and tabs.tabText(3) == "Awareness act&ivities"
    assert tabs.tabBar().tabButton(3, tabs.tabBar().ButtonPosition.RightSide) is None

    window.show_enquiries()  # Ctrl+3
    assert isinstance(tabs.currentWidget(), EnquiriesPage)
    assert tabs.currentWidget() is window.enquiries_page and tabs.currentIndex() == 2
    assert not isinstance(tabs.widget(4), StatsPage)  # still not asked for
    window.show_stats()
    assert tabs.currentWidget() is window.stats_page and tabs.currentIndex() == 4
    assert [tabs.tabText(i) for i in range(tabs.count())] == labels


def test_the_window_is_built_without_the_pages_and_dialogs_it_has_not_shown(
    register: Register, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """What the officer has not opened is not even imported before the first paint (the case
    page, the forms and dialogs, the register, enquiry, activity and statistics pages);
    opening each then works. In a fresh interpreter: this one has imported everything already."""
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "import os, sys\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from PySide6.QtCore import QSettings\n"
        "from pf_register.register import Register\n"
        "from ui.app import start_window\n"
        f"reg = Register.open({str(register.path)!r}, user='t')\n"
        f"window = start_window(reg, settings=QSettings({str(tmp_path / 'ui.ini')!r}, "
        "QSettings.Format.IniFormat))\n"
        "later = ('ui.case_page', 'ui.forms', 'ui.dialogs', 'ui.new_case', "
        "'ui.retention_dialog', 'ui.settings_dialog', 'ui.enquiries_page', "
        "'ui.activities_page', 'ui.stats_page', 'ui.register_page')\n"
        "print(sorted(m for m in later if m in sys.modules))\n"
        "window.show_stats(); window.show_enquiries(); window.new_notification().reject()\n"
        "window.show_register()\n"
        "print(sorted(m for m in later if m not in sys.modules))\n"
        "reg.close()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    before, after = done.stdout.strip().splitlines()[-2:]
    assert before == "[]"
    assert after == (  # only what was not opened
        "['ui.activities_page', 'ui.case_page', 'ui.dialogs', 'ui.retention_dialog', "
        "'ui.settings_dialog']"
    )
