"""A long enquiry log: the ids are chosen in SQL and only the rows shown are read; what is
shown is what the register's one-read list says, in the same order."""

from __future__ import annotations

from datetime import date, timedelta

from pf_register.register import Register
from ui.main_window import MainWindow


def test_a_long_log_reads_only_the_rows_it_shows(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    with register.operation("bulk"):
        for i in range(600):
            register.record_enquiry(
                {
                    "enquiry_date": (date(2026, 5, 29) - timedelta(days=i % 300)).isoformat(),
                    "source_sector": "police",
                    "channel": "phone",
                    "area": f"TB{i}",
                    "outcome": "advice_only",
                }
            )
    window.show()
    window.show_enquiries()
    page = window.enquiries_page
    qtbot.waitUntil(lambda: page.model.rowCount() == 600)
    assert page.model.cached_count() < 600  # not every row was read
    whole = register.enquiries()
    shown = [page.model.row_data(r) for r in range(page.model.rowCount())]
    assert shown == whole
    last = whole[-1]["id"]
    assert page.select(last) and page.selected() == whole[-1]
    assert not page.select(999_999)


def test_the_enquiry_and_activity_models_pass_the_model_tester(
    qtbot, qtmodeltester, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    activity = register.record_activity(
        {
            "activity_date": "2026-05-01",
            "kind": "session",
            "audience_sector": "school",
            "title": "Assembly on who looks after you",
        }
    )
    for day in ("2026-05-20", "2026-05-21", "2026-05-22"):
        register.record_enquiry(
            {
                "enquiry_date": day,
                "source_sector": "school",
                "channel": "email",
                "area": "TB1",
                "outcome": "advice_only",
                "activity_id": activity,
            }
        )
    window.show()
    window.show_enquiries()
    qtbot.waitUntil(lambda: window.enquiries_page.model.rowCount() == 3)
    qtmodeltester.check(window.enquiries_page.model, force_py=True)
    window.show_activities()
    qtbot.waitUntil(lambda: window.activities_page.model.rowCount() == 1)
    qtmodeltester.check(window.activities_page.model, force_py=True)
