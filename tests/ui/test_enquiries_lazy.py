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
