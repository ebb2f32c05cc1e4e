"""The enquiry log and the activity log in the app: keyboard entry, the statistics page
seeing it, correcting from the list or the home page, and starting a case from an enquiry.

The register's today is Mon 1 Jun 2026. Every name is fictional.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QTableView

from pf_register.register import Register
from ui.enquiries_page import EnquiriesPage, EnquiryDialog
from ui.main_window import MainWindow
from ui.new_case import NewNotificationDialog


def read(qtbot, page: EnquiriesPage) -> None:  # type: ignore[no-untyped-def]
    """Wait for the ids the enquiry log asked for (chosen off the GUI thread)."""
    qtbot.waitUntil(lambda: not page.is_reading())


def by_month(qtbot, window: MainWindow) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The statistics page's awareness report for May to June 2026: the Total row of the
    enquiries-by-month table, as the officer reads it on screen."""
    page = window.stats_page
    page.report_kind.setCurrentIndex(page.report_kind.findData("awareness"))
    page.period_kind.setCurrentIndex(page.period_kind.findData("custom"))
    page.start.setDate(QDate(2026, 5, 1))
    page.end.setDate(QDate(2026, 6, 30))
    page.show_report()
    qtbot.waitUntil(lambda: not page.is_working())
    view = page.findChild(QTableView, "table_by_month")
    assert view is not None
    model = view.model()
    last = model.rowCount() - 1
    return {
        str(model.headerData(c, Qt.Orientation.Horizontal)): model.index(last, c).data()
        for c in range(model.columnCount())
    }


def test_enter_an_enquiry_by_keyboard_and_see_the_statistics_change(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    register.update_settings(officer_name="Officer Fenwick")
    assert by_month(qtbot, window)["Enquiries"] == "0"

    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    page = window.enquiries_page
    sector = page.entry.inputs["source_sector"].widget
    qtbot.waitUntil(lambda: QApplication.focusWidget() is sector)
    qtbot.keyClicks(sector, "Sc")  # School
    qtbot.keyClick(sector, Qt.Key.Key_Tab)
    channel = page.entry.inputs["channel"].widget
    assert QApplication.focusWidget() is channel
    qtbot.keyClicks(channel, "E")  # Email
    qtbot.keyClick(channel, Qt.Key.Key_Tab)
    area = page.entry.inputs["area"].widget
    assert QApplication.focusWidget() is area
    qtbot.keyClicks(area, "TB1")
    qtbot.keyClick(area, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.activity  # the activity comes next: none
    qtbot.keyClick(page.activity, Qt.Key.Key_Tab)
    about = page.entry.inputs["about"].widget
    assert QApplication.focusWidget() is about
    qtbot.keyClicks(about, "Pupil staying with a family friend")
    qtbot.keyClick(about, Qt.Key.Key_Return)

    (row,) = register.enquiries()
    assert (row["enquiry_date"], row["source_sector"], row["channel"], row["area"]) == (
        "2026-06-01",
        "school",
        "email",
        "TB1",
    )
    assert (row["officer"], row["outcome"]) == ("Officer Fenwick", "pending")
    # Ready for the next one: defaults back, the cursor on "who enquired".
    assert page.saved_label.text() == "Saved ENQ-2026-0001."
    assert isinstance(about, QLineEdit) and about.text() == ""
    date_box = page.entry.inputs["enquiry_date"].widget
    assert isinstance(date_box, QLineEdit) and date_box.text() == "01/06/2026"
    assert QApplication.focusWidget() is sector
    read(qtbot, page)  # the ids are chosen off the GUI thread
    assert page.model.rowCount() == 1 and page.count.text() == "1 enquiry"
    assert page.model.index(0, 2).data() == "School"

    # The statistics page now counts it, and the home page shows its follow-up.
    assert by_month(qtbot, window)["Enquiries"] == "1"
    window.show_home()
    rows = [window.home.model.obligation(r) for r in range(window.home.model.rowCount())]
    (follow_up,) = [o for o in rows if o.code == "ENQUIRY_FOLLOW_UP"]
    row_index = rows.index(follow_up)
    assert window.home.model.index(row_index, 1).data() == "Enquiry ENQ-2026-0001"
    assert follow_up.detail == "School: enquiry by email on Mon 1 Jun 2026"


def test_a_refused_enquiry_shows_the_message_beside_the_field(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    window.show_enquiries()
    page = window.enquiries_page
    sector = page.entry.inputs["source_sector"].widget
    assert isinstance(sector, QComboBox)
    sector.setCurrentIndex(sector.findData("health"))
    date_box = page.entry.inputs["enquiry_date"].widget
    assert isinstance(date_box, QLineEdit)
    date_box.clear()
    qtbot.keyClicks(date_box, "2026-06-09")
    qtbot.keyClick(date_box, Qt.Key.Key_Return)
    # Fields are checked in the order of the form: the date first.
    when = page.entry.inputs["enquiry_date"]
    assert when.error.isVisible()
    assert "is in the future" in when.error.text()
    assert QApplication.focusWidget() is date_box
    assert register.enquiries() == []
    when.set_value("2026-05-29")
    page.save()
    channel = page.entry.inputs["channel"]
    assert not when.error.isVisible()
    assert channel.error.text() == "Channel is required"
    assert register.enquiries() == []
    channel.set_value("phone")
    assert page.save() is not None
    assert register.enquiries()[0]["enquiry_date"] == "2026-05-29"


def test_follow_up_on_the_home_page_opens_the_enquiry_to_record_its_outcome(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    register.record_enquiry(
        {"enquiry_date": "2026-05-22", "source_sector": "parent", "channel": "phone"}
    )
    window.session.refresh()
    home = window.home
    qtbot.mouseClick(home.buttons["today"], Qt.MouseButton.LeftButton)  # due Mon 1 Jun
    assert home.model.rowCount() == 1
    home.table.setFocus()
    home.table.selectRow(0)
    qtbot.keyClick(home.table, Qt.Key.Key_Return)
    dialog = window.dialog
    assert isinstance(dialog, EnquiryDialog) and dialog.isVisible()
    assert window.tabs.currentWidget() is window.enquiries_page
    outcome = dialog.group.inputs["outcome"]
    outcome.set_value("not_pf")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    # Not private fostering needs a reason: shown beside it, nothing saved.
    assert dialog.group.inputs["not_pf_reason"].error.text() == (
        "say why it is not private fostering"
    )
    assert register.enquiries()[0]["outcome"] == "pending"
    dialog.group.inputs["not_pf_reason"].set_value("Lives with an aunt")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    row = register.enquiries()[0]
    assert (row["outcome"], row["outcome_date"]) == ("not_pf", "2026-06-01")
    assert home.counts()["all"] == 0
    read(qtbot, window.enquiries_page)
    assert window.enquiries_page.model.index(0, 5).data() == "Not private fostering"


def test_confirmed_enquiry_starts_the_notification_prefilled_and_links_it(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    register.record_enquiry(
        {
            "enquiry_date": "2026-05-27",
            "source_sector": "school",
            "channel": "phone",
            "enquirer_name": "Head of year",
            "child_name": "Zara Okafor",
            "carer_name": "Grace Mensah-Oyelaran",
            "about": "Pupil living with a family friend since Easter",
            "officer": "Jo Smith",
        }
    )
    window.session.refresh()
    window.show_enquiries()
    page = window.enquiries_page
    read(qtbot, page)
    page.table.selectRow(0)
    qtbot.mouseClick(page.start_case_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, NewNotificationDialog) and dialog.isVisible()

    def text(key: str) -> object:
        found = dialog.field(key)
        assert found is not None
        return found.value()

    assert text("notification.received") == "27/05/2026"
    assert text("notification.notifier_role") == "school"
    assert text("notification.notifier_name") == "Head of year"
    assert text("notification.description") == "Pupil living with a family friend since Easter"
    assert (text("child.first_name"), text("child.last_name")) == ("Zara", "Okafor")
    assert (text("carer.first_name"), text("carer.last_name")) == ("Grace", "Mensah-Oyelaran")
    assert text("arrangement.officer") == "Jo Smith"

    kind = dialog.field("notification.kind")
    assert kind is not None and isinstance(kind.widget, QComboBox)
    kind.widget.setCurrentIndex(kind.widget.findData("already_in_place"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    (row,) = register.enquiries()
    assert row["outcome"] == "confirmed_pf"
    assert row["arrangement_reference"] == "PF-2026-0001"
    case_page = window.current_case()
    assert case_page is not None and case_page.arrangement_id == row["arrangement_id"]
    read(qtbot, page)  # refreshed when shown again
    assert page.model.index(0, 6).data() == "PF-2026-0001"
    # A linked enquiry cannot start a second case.
    window.show_enquiries()
    page.table.selectRow(0)
    assert page.start_case() is None


def test_search_the_enquiries(qtbot, register: Register, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    for area in ("TB1", "TB2", "TB2"):
        register.record_enquiry({"source_sector": "police", "channel": "phone", "area": area})
    window.session.refresh()
    window.show_enquiries()
    page = window.enquiries_page
    read(qtbot, page)
    assert page.count.text() == "3 enquiries"
    qtbot.keyClicks(page.search, "tb2")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    assert page.count.text() == "2 enquiries"


def test_log_an_activity_by_keyboard_and_trace_an_enquiry_to_it(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    page = window.activities_page
    when = page.entry.inputs["activity_date"].widget
    qtbot.waitUntil(lambda: QApplication.focusWidget() is when)
    assert isinstance(when, QLineEdit) and when.text() == "01/06/2026"
    when.clear()
    qtbot.keyClicks(when, "2026-05-20")
    qtbot.keyClick(when, Qt.Key.Key_Tab)
    qtbot.keyClicks(page.entry.inputs["kind"].widget, "B")  # Briefing
    qtbot.keyClick(page.entry.inputs["kind"].widget, Qt.Key.Key_Tab)
    qtbot.keyClicks(page.entry.inputs["audience_sector"].widget, "Sc")  # School
    qtbot.keyClick(page.entry.inputs["audience_sector"].widget, Qt.Key.Key_Tab)
    qtbot.keyClicks(page.entry.inputs["area"].widget, "TB1")
    qtbot.keyClick(page.entry.inputs["area"].widget, Qt.Key.Key_Tab)
    qtbot.keyClicks(page.entry.inputs["reached"].widget, "40")
    qtbot.keyClick(page.entry.inputs["reached"].widget, Qt.Key.Key_Tab)
    title = page.entry.inputs["title"].widget
    qtbot.keyClicks(title, "Schools briefing")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    (activity,) = register.activities()
    assert (activity["activity_date"], activity["kind"], activity["audience_sector"]) == (
        "2026-05-20",
        "briefing",
        "school",
    )
    assert (activity["area"], activity["reached"]) == ("TB1", 40)
    assert page.model.index(0, 5).data() == "0"

    # The enquiry form offers it as where the enquirer heard of private fostering.
    window.show_enquiries()
    enquiries = window.enquiries_page
    index = enquiries.activity.findData(activity["id"])
    assert enquiries.activity.itemText(index) == "2026-05-20: Schools briefing"
    enquiries.activity.setCurrentIndex(index)
    enquiries.entry.inputs["source_sector"].set_value("school")
    enquiries.entry.inputs["channel"].set_value("phone")
    assert enquiries.save() is not None
    assert register.enquiries()[0]["activity_title"] == "Schools briefing"
    assert page.lazy.stale  # hidden: the activities are read again when next shown
    page.lazy.ensure_fresh()
    assert page.model.index(0, 5).data() == "1"

    # Correct it from the list.
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.field("activity.reached").set_value("45")  # type: ignore[union-attr]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert register.activity(activity["id"])["reached"] == 45
    assert [r["operation"] for r in register.audit_log("activities")] == [
        "record activity",
        "correct activity",
    ]
    assert date(2026, 6, 1) == window.session.today()


def test_a_link_made_by_mistake_is_removed_from_the_enquiry(
    qtbot, register: Register, window: MainWindow, answers
) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.conftest import add_case

    arrangement_id = add_case(register)
    reference = register.case(arrangement_id).arrangement["reference"]
    enquiry_id = register.record_enquiry(
        {"enquiry_date": "2026-05-01", "source_sector": "school", "channel": "phone"}
    )
    register.link_enquiry(enquiry_id, arrangement_id)
    dialog = window.enquiries_page.edit(enquiry_id)
    assert dialog.link_label.text() == f"Became {reference}"
    assert dialog.unlink_button is not None

    answers.answer = False  # asked first; "no" changes nothing
    qtbot.mouseClick(dialog.unlink_button, Qt.MouseButton.LeftButton)
    assert "made by mistake" in answers.questions[-1]
    assert register.enquiry(enquiry_id)["arrangement_id"] == arrangement_id

    answers.answer = True
    qtbot.mouseClick(dialog.unlink_button, Qt.MouseButton.LeftButton)
    assert register.enquiry(enquiry_id)["arrangement_id"] is None
    assert dialog.link_label.text() == f"Not linked (the link to {reference} was removed)"
    assert not dialog.unlink_button.isEnabled()
    register.check_enquiry_deletable(enquiry_id)  # no longer refused as linked

    unlinked = register.record_enquiry(
        {"enquiry_date": "2026-05-02", "source_sector": "school", "channel": "phone"}
    )
    assert window.enquiries_page.edit(unlinked).unlink_button is None


def test_an_enquiry_opened_from_home_is_chosen_in_the_whole_log(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    values = {"enquiry_date": "2026-05-29", "source_sector": "school", "channel": "phone"}
    first = register.record_enquiry(values)
    second = register.record_enquiry({**values, "source_sector": "health"})
    page = window.enquiries_page
    reads: list[int] = []
    real = page.read_list

    def counted() -> None:
        reads.append(1)
        real()

    page.read_list = counted  # type: ignore[method-assign]

    def chosen() -> int:
        row = page.selected()
        return int(row["id"]) if row is not None else 0

    window.open_enquiry(first)  # the log not read yet: read once, then chosen
    read(qtbot, page)
    assert chosen() == first and isinstance(window.dialog, EnquiryDialog)
    assert reads == [1]
    window.dialog.reject()
    window.open_enquiry(second)  # read already, nothing changed: chosen at once
    assert chosen() == second and reads == [1]
    window.dialog.reject()
    page.search.setText("health")  # a searched list: the whole log is read again
    read(qtbot, page)
    window.open_enquiry(first)
    read(qtbot, page)
    assert chosen() == first and page.search.text() == ""
