"""Adding to and correcting a case from its page: each kind of dialog, through the register."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from pf_register.register import Register
from tests.ui.conftest import Answers, add_case
from ui.case_page import CasePage
from ui.forms import FormDialog
from ui.main_window import MainWindow


def type_into(qtbot, dialog: FormDialog, key: str, text: str) -> None:  # type: ignore[no-untyped-def]
    widget = dialog.field(key).widget  # type: ignore[union-attr]
    assert isinstance(widget, QLineEdit)
    widget.clear()
    qtbot.keyClicks(widget, text)


def choose(dialog: FormDialog, key: str, value: str | None) -> None:
    widget = dialog.field(key).widget  # type: ignore[union-attr]
    assert isinstance(widget, QComboBox)
    found = widget.findData(value)
    assert found >= 0, value
    widget.setCurrentIndex(found)


def save(qtbot, dialog: FormDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def error_of(dialog: FormDialog, key: str) -> str:
    """The message beside a field ('' if none is showing)."""
    error = dialog.field(key).error  # type: ignore[union-attr]
    return error.text() if error.isVisible() else ""


def menu(page: CasePage, key: str) -> FormDialog:
    """Choose an entry of the Add or correct menu, as the officer would."""
    action = page.menu_actions[key]
    assert action.isEnabled(), key
    action.trigger()
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def open_row(qtbot, page: CasePage, tab: str, row: int) -> FormDialog:  # type: ignore[no-untyped-def]
    """Show a tab, choose a row and press Enter: the row's correction opens."""
    view = page.views[tab]
    page.tabs.setCurrentWidget(view)
    view.setFocus()
    view.selectRow(row)
    before = page.dialog
    qtbot.keyClick(view, Qt.Key.Key_Return)
    dialog = page.dialog
    assert dialog is not None and dialog is not before and dialog.isVisible()
    return dialog


def proposal_case(register: Register) -> int:
    return add_case(
        register,
        notification={
            "kind": "proposal",
            "received": "2026-05-11",
            "notifier_role": "carer",
            "planned_start": "2026-05-25",
        },
        arrangement={"type_code": "8C", "officer": "Jo Smith"},
    )


def test_a_case_already_in_place_with_no_move_in_date_says_the_child_lives_there(
    register: Register, window: MainWindow
) -> None:
    """A Reg 5 notice: the child lives there, the day they moved in is not known. The header
    said "not moved in yet", which the deadlines and the statistics do not assume."""
    arrangement_id = add_case(register, arrangement={"type_code": "8E"})  # notified 20 May
    page = window.open_case(arrangement_id)
    assert (
        "Moved in: date not recorded (living there when notified on Wed 20 May 2026)"
        in page.subtitle.text()
    )


# ---------------------------------------------------------------------- further notifications
def test_child_has_moved_in_with_its_date(qtbot, register: Register, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    arrangement_id = proposal_case(register)
    page = window.open_case(arrangement_id)
    assert "not moved in yet" in page.subtitle.text()
    qtbot.mouseClick(page.buttons["notify"], Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.field("notification.kind").value() == "moved_in"  # type: ignore[union-attr]
    move = dialog.field("arrangement.start_date")
    assert move is not None and move.widget.isVisible()

    type_into(qtbot, dialog, "notification.received", "2026-05-27")
    type_into(qtbot, dialog, "arrangement.start_date", "2026-05-28")
    save(qtbot, dialog)
    assert "after the notice of the move was received" in error_of(dialog, "arrangement.start_date")
    assert [n["kind"] for n in register.case(arrangement_id).notifications] == ["proposal"]

    type_into(qtbot, dialog, "arrangement.start_date", "2026-05-26")
    save(qtbot, dialog)
    assert not dialog.isVisible()
    record = register.case(arrangement_id)
    assert record.arrangement["start_date"] == "2026-05-26"
    assert [n["kind"] for n in record.notifications] == ["proposal", "moved_in"]
    assert "Moved in: Tue 26 May 2026" in page.subtitle.text()
    # Reg 7: 7 working days after the Reg 6 notice of Wed 27 May.
    reg7 = [o for o in register.obligations(arrangement_id) if o.code == "REG7_VISIT"]
    assert [o.due.isoformat() for o in reg7] == ["2026-06-05"]
    model = page.deadlines
    shown = [model.index(r, 3).data() for r in range(model.rowCount())]
    assert "Fri 5 Jun 2026" in shown


def test_change_of_circumstances_needs_what_changed(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    arrangement_id = add_case(register)
    page = window.open_case(arrangement_id)
    dialog = page.further_notification()
    # The child already lives there: the default is a change, and the move date is not asked.
    assert dialog.field("notification.kind").value() == "change_of_circumstances"  # type: ignore[union-attr]
    assert not dialog.field("arrangement.start_date").widget.isVisible()  # type: ignore[union-attr]
    kinds = dialog.field("notification.kind").widget  # type: ignore[union-attr]
    assert isinstance(kinds, QComboBox)
    offered = {kinds.itemData(i) for i in range(kinds.count())}
    assert offered == {None, "moved_in", "change_of_circumstances", "proposal"}

    type_into(qtbot, dialog, "notification.received", "2026-05-29")
    save(qtbot, dialog)
    assert error_of(dialog, "notification.description") == "say what has changed"
    assert len(register.case(arrangement_id).notifications) == 1
    type_into(qtbot, dialog, "notification.description", "Carer's partner moved in")
    save(qtbot, dialog)
    assert not dialog.isVisible()
    notes = page.models["notifications"]
    assert notes.rowCount() == 2
    assert notes.index(1, 5).data() == "Carer's partner moved in"
    assert notes.index(1, 1).data() == "Change of circumstances (Reg 9)"


# ---------------------------------------------------------------------- the arrangement
def test_correct_the_arrangement(
    qtbot, register: Register, window: MainWindow, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    arrangement_id = add_case(register)
    page = window.open_case(arrangement_id)
    sent: list[dict[str, object]] = []
    real = register.update_arrangement

    def spy(arrangement_id: int, values: dict[str, object]) -> None:
        sent.append(dict(values))
        real(arrangement_id, values)

    monkeypatch.setattr(register, "update_arrangement", spy)
    dialog = menu(page, "arrangement")
    assert dialog.field("arrangement.officer").value() == "Jo Smith"  # type: ignore[union-attr]
    type_into(qtbot, dialog, "arrangement.start_date", "2011-01-01")
    save(qtbot, dialog)
    assert "before the child was born" in error_of(dialog, "arrangement.start_date")
    assert register.arrangement(arrangement_id)["start_date"] == "2026-05-01"

    type_into(qtbot, dialog, "arrangement.start_date", "2026-05-01")
    type_into(qtbot, dialog, "arrangement.officer", "Sam Patel")
    type_into(qtbot, dialog, "arrangement.address", "1 Mill Lane, Leeds")
    save(qtbot, dialog)
    assert not dialog.isVisible()
    a = register.arrangement(arrangement_id)
    assert (a["officer"], a["address"], a["start_date"]) == (
        "Sam Patel",
        "1 Mill Lane, Leeds",
        "2026-05-01",
    )
    assert "Officer: Sam Patel" in page.subtitle.text()
    # Only what changed is sent: the correction leaves everything else as it was.
    assert sent[-1] == {"officer": "Sam Patel", "address": "1 Mill Lane, Leeds"}
    assert register.audit_log("arrangements")[-1]["operation"] == "correct arrangement"


# ---------------------------------------------------------------------- people
def test_correct_the_carer_from_the_people_tab(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    arrangement_id = add_case(register)
    page = window.open_case(arrangement_id)
    dialog = open_row(qtbot, page, "people", 0)
    assert dialog.field("person.first_name").value() == "Carol"  # type: ignore[union-attr]
    type_into(qtbot, dialog, "person.first_name", "")
    save(qtbot, dialog)
    assert error_of(dialog, "person.first_name") == "First name is required"
    type_into(qtbot, dialog, "person.first_name", "Caroline")
    type_into(qtbot, dialog, "person.address", "2 Park Road")
    save(qtbot, dialog)
    assert not dialog.isVisible()
    carer = register.case(arrangement_id).carer
    assert carer is not None and (carer["first_name"], carer["address"]) == (
        "Caroline",
        "2 Park Road",
    )
    assert page.models["people"].index(0, 0).data() == "Caroline Dean"
    assert register.audit_log("people")[-1]["operation"] == "correct person"


def test_correct_a_household_member_in_one_transaction(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    arrangement_id = add_case(register)
    page = window.open_case(arrangement_id)
    page.tabs.setCurrentWidget(page.views["people"])
    page.views["people"].selectRow(1)
    dialog = menu(page, "person")
    assert dialog.field("household.relationship").value() == "son"  # type: ignore[union-attr]
    type_into(qtbot, dialog, "person.first_name", "Daniel")
    type_into(qtbot, dialog, "household.joined", "2026-05-10")
    type_into(qtbot, dialog, "household.left", "2026-05-09")
    save(qtbot, dialog)
    assert "before they joined" in error_of(dialog, "household.left")
    # The name was not saved either: both parts stand or fall together.
    assert register.case(arrangement_id).household[0]["first_name"] == "Dan"

    type_into(qtbot, dialog, "household.left", "2026-05-30")
    save(qtbot, dialog)
    assert not dialog.isVisible()
    member = register.case(arrangement_id).household[0]
    assert (member["first_name"], member["joined"], member["left"]) == (
        "Daniel",
        "2026-05-10",
        "2026-05-30",
    )
    people = page.models["people"]
    assert (people.index(1, 0).data(), people.index(1, 5).data()) == (
        "Daniel Dean",
        "Sat 30 May 2026",
    )


def test_add_a_household_member(qtbot, register: Register, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    arrangement_id = add_case(register)
    page = window.open_case(arrangement_id)
    dialog = menu(page, "add_member")
    type_into(qtbot, dialog, "household[0].last_name", "Dean")
    type_into(qtbot, dialog, "household[0].date_of_birth", "1968-02-30")
    save(qtbot, dialog)
    assert error_of(dialog, "household[0].first_name") == "First name is required"
    type_into(qtbot, dialog, "household[0].first_name", "Eric")
    save(qtbot, dialog)
    assert "not a date" in error_of(dialog, "household[0].date_of_birth")
    assert len(register.case(arrangement_id).household) == 1
    type_into(qtbot, dialog, "household[0].date_of_birth", "1968-02-28")
    type_into(qtbot, dialog, "household[0].relationship", "husband")
    save(qtbot, dialog)
    assert not dialog.isVisible()
    people = page.models["people"]
    rows = [people.row_data(r) for r in range(people.rowCount())]
    assert [(r["name"], r["role"]) for r in rows][-1] == ("Eric Dean", "husband")
    # An adult in the household needs DBS: the page says so at once.
    assert "Enhanced DBS with barred list" in rows[-1]["checks"]


def test_add_a_parent_and_correct_parental_responsibility(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    arrangement_id = add_case(register, parents=[])
    page = window.open_case(arrangement_id)
    assert "parental responsibility" in page.missing.text()
    dialog = menu(page, "add_parent")
    type_into(qtbot, dialog, "parents[0].first_name", "Tom")
    type_into(qtbot, dialog, "parents[0].last_name", "Bell")
    save(qtbot, dialog)
    assert "required" in error_of(dialog, "parents[0].relationship")
    choose(dialog, "parents[0].relationship", "father")
    save(qtbot, dialog)
    assert not dialog.isVisible()
    assert "parental responsibility" not in page.missing.text()
    parents = page.models["parents"]
    assert (parents.index(0, 0).data(), parents.index(0, 2).data()) == ("Tom Bell", "")

    correction = open_row(qtbot, page, "parents", 0)
    choose(correction, "parents.has_parental_responsibility", "yes")
    type_into(qtbot, correction, "person.phone", "0113 496 0000")
    save(qtbot, correction)
    assert not correction.isVisible()
    assert (parents.index(0, 2).data(), parents.index(0, 4).data()) == ("Yes", "0113 496 0000")
    assert register.audit_log("parents")[-1]["operation"] == "correct parent"


def test_add_the_carer_where_none_is_recorded(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    arrangement_id = add_case(register, carer=None)
    page = window.open_case(arrangement_id)
    assert "carer not known yet" in page.subtitle.text()
    dialog = menu(page, "add_carer")
    type_into(qtbot, dialog, "carer.first_name", "Grace")
    type_into(qtbot, dialog, "carer.last_name", "Mensah-Oyelaran")
    type_into(qtbot, dialog, "carer.date_of_birth", "2030-01-01")
    save(qtbot, dialog)
    assert "in the future" in error_of(dialog, "carer.date_of_birth")
    type_into(qtbot, dialog, "carer.date_of_birth", "1980-04-04")
    save(qtbot, dialog)
    assert not dialog.isVisible()
    assert "Carer: Grace Mensah-Oyelaran" in page.subtitle.text()
    assert not page.menu_actions["add_carer"].isEnabled()


# ---------------------------------------------------------------------- visits, checks, decisions
def test_correct_a_visit_moves_the_next_reg8_date(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    arrangement_id = add_case(register)
    register.record_visit(
        arrangement_id,
        {"visit_date": "2026-05-29", "kind": "initial", "child_seen": "yes", "seen_alone": "yes"},
    )
    page = window.open_case(arrangement_id)
    dialog = open_row(qtbot, page, "visits", 0)
    assert dialog.field("visit.child_seen").value() == "yes"  # type: ignore[union-attr]
    type_into(qtbot, dialog, "visit.report_date", "2026-05-28")
    save(qtbot, dialog)
    assert "before the visit" in error_of(dialog, "visit.report_date")
    type_into(qtbot, dialog, "visit.report_date", "")
    type_into(qtbot, dialog, "visit.visit_date", "2026-05-22")
    save(qtbot, dialog)
    assert not dialog.isVisible()
    assert page.models["visits"].index(0, 0).data() == "Fri 22 May 2026"
    reg8 = [o for o in register.obligations(arrangement_id) if o.code == "REG8_VISIT"]
    assert reg8[0].due.isoformat() == "2026-07-03"  # six weeks after Fri 22 May


def test_correct_a_check(qtbot, register: Register, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    arrangement_id = add_case(register)
    carer_id = register.case(arrangement_id).carer["id"]  # type: ignore[index]
    register.record_check(
        arrangement_id, {"kind": "dbs", "requested": "2026-05-21"}, person_id=carer_id
    )
    page = window.open_case(arrangement_id)
    page.tabs.setCurrentWidget(page.views["checks"])
    page.views["checks"].selectRow(0)
    dialog = menu(page, "correct_check")
    type_into(qtbot, dialog, "check.returned", "2026-05-20")
    choose(dialog, "check.outcome", "no_concerns")
    save(qtbot, dialog)
    assert "before the check was requested" in error_of(dialog, "check.returned")
    type_into(qtbot, dialog, "check.returned", "2026-05-28")
    choose(dialog, "check.kind", "police")
    save(qtbot, dialog)
    assert not dialog.isVisible()
    checks = page.models["checks"]
    assert [checks.index(0, c).data() for c in (1, 3, 4)] == [
        "Police",
        "Thu 28 May 2026",
        "No concerns",
    ]


def test_correct_a_decision(qtbot, register: Register, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    arrangement_id = add_case(register)
    register.record_decision(arrangement_id, {"outcome": "suitable", "decision_date": "2026-05-29"})
    page = window.open_case(arrangement_id)
    found = {o.code: o for o in register.obligations(arrangement_id)}
    assert found["ASSESSMENT_DECISION"].done is None  # no letter yet
    dialog = open_row(qtbot, page, "decisions", 0)
    type_into(qtbot, dialog, "decision.letter_date", "2026-05-28")
    save(qtbot, dialog)
    assert "before the decision" in error_of(dialog, "decision.letter_date")
    type_into(qtbot, dialog, "decision.letter_date", "2026-05-30")
    choose(dialog, "decision.outcome", "suitable_with_requirements")
    save(qtbot, dialog)
    assert not dialog.isVisible()
    decisions = page.models["decisions"]
    assert decisions.index(0, 2).data() == "Sat 30 May 2026"
    model = page.deadlines
    statuses = {model.obligation(r).code: model.index(r, 0).data() for r in range(model.rowCount())}
    assert statuses["ASSESSMENT_DECISION"] == "Done on time"


def test_choosing_nothing_says_what_to_choose(
    qtbot, register: Register, window: MainWindow, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    arrangement_id = add_case(register)
    page = window.open_case(arrangement_id)
    hints: list[str] = []
    monkeypatch.setattr(page, "_hint", hints.append)
    page.menu_actions["correct_visit"].trigger()
    assert hints == ["Choose the visit in the Visits tab first."]
    assert page.tabs.currentWidget() is page.views["visits"]


# ---------------------------------------------------------------------- the ending
def test_correct_and_undo_an_ending(
    qtbot, register: Register, window: MainWindow, answers: Answers
) -> None:  # type: ignore[no-untyped-def]
    arrangement_id = add_case(register)
    register.end_arrangement(
        arrangement_id, {"end_date": "2026-05-30", "end_reason": "returned_to_parent"}
    )
    page = window.open_case(arrangement_id)
    assert not page.buttons["notify"].isEnabled()
    assert not page.menu_actions["add_member"].isEnabled()
    dialog = menu(page, "correct_ending")
    assert dialog.field("ending.end_reason").value() == "returned_to_parent"  # type: ignore[union-attr]
    type_into(qtbot, dialog, "ending.end_date", "2026-04-30")
    save(qtbot, dialog)
    assert "before the arrangement started" in error_of(dialog, "ending.end_date")
    type_into(qtbot, dialog, "ending.end_date", "2026-05-31")
    choose(dialog, "ending.end_reason", "moved_to_relative")
    save(qtbot, dialog)
    assert not dialog.isVisible()
    assert page.title.text() == "Amy Bell: PF-2026-0001 (ended Sun 31 May 2026)"

    answers.answer = False
    page.menu_actions["reopen"].trigger()
    assert len(answers.questions) == 1 and "PF-2026-0001" in answers.questions[0]
    assert register.arrangement(arrangement_id)["end_date"] == "2026-05-31"
    answers.answer = True
    page.menu_actions["reopen"].trigger()
    assert page.title.text() == "Amy Bell: PF-2026-0001 (open)"
    assert page.buttons["notify"].isEnabled()
    assert not page.menu_actions["reopen"].isEnabled()
    # Open work again: the Reg 7 visit is due today on the home page.
    assert window.home.counts()["today"] >= 1
    assert register.audit_log("arrangements")[-1]["operation"] == "reopen arrangement"
