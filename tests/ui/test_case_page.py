"""The case page: what is recorded, and the dialogs that add to it through the register."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from pf_register.register import Register
from tests.ui.conftest import add_case
from ui.forms import FormDialog
from ui.main_window import MainWindow
from ui.models import RowsModel


def deadlines(page) -> list[tuple[str, str, str, str]]:  # type: ignore[no-untyped-def]
    model = page.deadlines
    codes = [model.obligation(r).code for r in range(model.rowCount())]
    return [
        (codes[r], model.index(r, 0).data(), model.index(r, 3).data(), model.index(r, 4).data())
        for r in range(model.rowCount())
    ]


def type_into(qtbot, dialog: FormDialog, key: str, text: str) -> None:  # type: ignore[no-untyped-def]
    widget = dialog.field(key).widget  # type: ignore[union-attr]
    assert isinstance(widget, QLineEdit)
    widget.clear()
    qtbot.keyClicks(widget, text)


def choose(dialog: FormDialog, key: str, value: str) -> None:
    widget = dialog.field(key).widget  # type: ignore[union-attr]
    assert isinstance(widget, QComboBox)
    widget.setCurrentIndex(widget.findData(value))


def test_case_page_shows_people_and_what_is_missing(register: Register, window: MainWindow) -> None:
    arrangement_id = add_case(register)
    page = window.open_case(arrangement_id)
    assert page.title.text() == "Amy Bell: PF-2026-0001 (open)"
    assert "Carol Dean" in page.subtitle.text()
    assert "place of birth" in page.missing.text().lower()
    people = page.models["people"]
    rows = [people.row_data(r) for r in range(people.rowCount())]
    assert [(r["name"], r["role"], r["age"]) for r in rows] == [
        ("Carol Dean", "Carer", "56"),
        ("Dan Dean", "son", "18"),
    ]
    assert "Enhanced DBS with barred list" in rows[1]["checks"]
    parents = page.models["parents"]
    assert parents.index(0, 0).data() == "Mary Bell"
    assert parents.index(0, 2).data() == "Yes"
    reg7 = [d for d in deadlines(page) if d[0] == "REG7_VISIT"]
    assert reg7 == [("REG7_VISIT", "Due today", "Mon 1 Jun 2026", "due today")]
    chronology = page.models["chronology"]
    assert chronology.index(0, 1).data() == "Child moved in"


def test_record_a_visit_and_see_the_next_reg8_date(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    arrangement_id = add_case(register)
    page = window.open_case(arrangement_id)
    qtbot.mouseClick(page.buttons["visit"], Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    type_into(qtbot, dialog, "visit.visit_date", "2026-05-29")
    choose(dialog, "visit.child_seen", "yes")
    choose(dialog, "visit.seen_alone", "yes")
    qtbot.keyClick(dialog.field("visit.visit_date").widget, Qt.Key.Key_Return)  # type: ignore[union-attr]
    assert not dialog.isVisible()
    assert len(register.case(arrangement_id).visits) == 1
    found = {d[0]: d for d in deadlines(page)}
    assert found["REG7_VISIT"][1] == "Done on time"
    # Reg 8: six weeks after a first-year visit on Fri 29 May 2026.
    assert found["REG8_VISIT"][2:] == ("Fri 10 Jul 2026", "in 39 days")
    assert page.models["visits"].index(0, 0).data() == "Fri 29 May 2026"
    # The home page moved on too: the Reg 7 visit is no longer due today.
    assert window.home.counts()["today"] == 0


def test_invalid_date_shows_message_beside_field_and_saves_nothing(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    arrangement_id = add_case(register)
    page = window.open_case(arrangement_id)
    dialog = page.record_visit()
    type_into(qtbot, dialog, "visit.visit_date", "2026-05-32")
    choose(dialog, "visit.child_seen", "yes")
    choose(dialog, "visit.seen_alone", "yes")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    error = dialog.field("visit.visit_date").error  # type: ignore[union-attr]
    assert error.isVisible()
    assert error.text() == "'2026-05-32' is not a date: May 2026 has no day 32"
    assert dialog.isVisible()
    assert register.case(arrangement_id).visits == []

    # Correct it; then the register's next complaint lands beside its own field.
    type_into(qtbot, dialog, "visit.visit_date", "2026-05-29")
    choose(dialog, "visit.seen_alone", "no")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not error.isVisible()
    reason = dialog.field("visit.not_alone_reason").error  # type: ignore[union-attr]
    assert reason.isVisible()
    assert "Reg 8(3)" in reason.text()
    assert register.case(arrangement_id).visits == []


def test_record_check_then_its_return(qtbot, register: Register, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    arrangement_id = add_case(register)
    page = window.open_case(arrangement_id)
    dialog = page.record_check()
    person = dialog.findChild(QComboBox, "check__person")
    assert person is not None
    person.setCurrentIndex(person.findText("Dan Dean (son)"))
    choose(dialog, "check.kind", "police")
    type_into(qtbot, dialog, "check.requested", "2026-05-21")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    checks = page.models["checks"]
    assert checks.index(0, 0).data() == "Dan Dean"
    assert checks.index(0, 1).data() == "Police"

    page.tabs.setCurrentWidget(page.views["checks"])
    page.views["checks"].selectRow(0)
    returned = page.check_returned()
    assert returned is not None
    type_into(qtbot, returned, "check.returned", "2026-05-30")
    qtbot.mouseClick(returned.save_button, Qt.MouseButton.LeftButton)
    assert returned.field("check.outcome").error.isVisible()  # type: ignore[union-attr]
    choose(returned, "check.outcome", "no_concerns")
    qtbot.mouseClick(returned.save_button, Qt.MouseButton.LeftButton)
    assert not returned.isVisible()
    assert checks.index(0, 4).data() == "No concerns"


def test_decision_and_end(qtbot, register: Register, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    arrangement_id = add_case(register)
    page = window.open_case(arrangement_id)
    dialog = page.record_decision()
    choose(dialog, "decision.outcome", "suitable")
    type_into(qtbot, dialog, "decision.decision_date", "2026-05-29")
    type_into(qtbot, dialog, "decision.letter_date", "2026-05-30")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert page.models["decisions"].index(0, 1).data() == "Suitable"
    found = {d[0]: d for d in deadlines(page)}
    assert found["ASSESSMENT_DECISION"][1] == "Done on time"

    end = page.end_arrangement()
    type_into(qtbot, end, "ending.end_date", "2026-05-31")
    choose(end, "ending.end_reason", "returned_to_parent")
    type_into(qtbot, end, "notification.received", "2026-06-01")
    qtbot.mouseClick(end.save_button, Qt.MouseButton.LeftButton)
    assert not end.isVisible()
    assert page.title.text() == "Amy Bell: PF-2026-0001 (ended Sun 31 May 2026)"
    assert not page.buttons["visit"].isEnabled()
    assert [n["kind"] for n in register.case(arrangement_id).notifications][-1] == "ended"
    assert all(not o.is_open for o in register.obligations(arrangement_id))
    assert window.home.counts()["overdue"] == 0


def test_correct_the_child(qtbot, register: Register, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    arrangement_id = add_case(register)
    page = window.open_case(arrangement_id)
    dialog = page.correct_child()
    assert dialog is not None
    type_into(qtbot, dialog, "child.place_of_birth", "Leeds")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert register.case(arrangement_id).child["place_of_birth"] == "Leeds"
    assert "place of birth" not in page.missing.text().lower()
    assert register.audit_log("children")[-1]["operation"] == "correct child"


def test_cancel_with_changes_asks_first(
    qtbot, register: Register, window: MainWindow, answers
) -> None:  # type: ignore[no-untyped-def]
    arrangement_id = add_case(register)
    page = window.open_case(arrangement_id)
    dialog = page.record_visit()
    type_into(qtbot, dialog, "visit.notes", "Met Amy")
    answers.answer = False
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert answers.questions and dialog.isVisible()
    answers.answer = True
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_a_form_grows_to_show_its_error(qtbot, register: Register, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """The message under a field pushed the last fields out of sight behind a scroll bar,
    on a screen with room to spare."""
    page = window.open_case(add_case(register))
    dialog = page.record_visit()
    qtbot.waitExposed(dialog)
    assert dialog.scroll_area.verticalScrollBar().maximum() == 0
    type_into(qtbot, dialog, "visit.visit_date", "31/11/2026")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    field = dialog.field("visit.visit_date")
    assert field is not None and field.error.isVisible()
    qtbot.waitUntil(lambda: dialog.scroll_area.verticalScrollBar().maximum() == 0)
    dialog.reject()


def test_rows_model(qtmodeltester, register: Register) -> None:  # type: ignore[no-untyped-def]
    from ui.case_page import CasePage

    model = RowsModel(CasePage._visit_columns())
    model.set_rows(
        [
            {"visit_date": "2026-05-29", "kind": "initial", "child_seen": 1, "seen_alone": 1},
            {"visit_date": "2026-05-30", "kind": "statutory", "child_seen": 0, "seen_alone": None},
        ]
    )
    qtmodeltester.check(model, force_py=True)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 0).data() == "Sat 30 May 2026"
    qtmodeltester.check(model, force_py=True)


def test_every_table_on_a_case_page_shows_its_words_in_full(
    register: Register, window: MainWindow
) -> None:
    """Each column is as wide as Qt's own measure of its widest cell and its heading (up to
    the cap that keeps very long text from taking the whole width): the tables measure their
    words themselves, asking Qt about one cell per column, to open a case quickly."""
    arrangement_id = add_case(register)
    register.record_visit(
        arrangement_id,
        {"visit_date": "2026-05-28", "kind": "statutory", "child_seen": True, "seen_alone": True},
    )
    page = window.open_case(arrangement_id)
    checked = 0
    for key, view in page.views.items():
        model = view.model()
        header = view.horizontalHeader()
        for column in range(model.columnCount()):
            if header.isSectionHidden(column) or column == model.columnCount() - 1:
                continue  # the last column stretches to the table's edge
            needed = max(view.sizeHintForColumn(column), header.sectionSizeHint(column))
            assert view.columnWidth(column) >= min(needed, 420), (key, column)
            checked += 1
    assert checked > 10
