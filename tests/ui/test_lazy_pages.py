"""The enquiry log loads when it is shown: a change while it is hidden shows when it is next
shown, and a change while it is shown shows at once."""

from __future__ import annotations

from pf_register.register import Register
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
    assert page.model.rowCount() == 2  # shown: refreshed at once
