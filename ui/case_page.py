"""One arrangement: the child, the people, everything recorded, and its deadlines."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pf_register import fields as F  # noqa: N812
from pf_register.codes import (
    ARRANGEMENT_TYPES,
    CHECK_KINDS,
    CHECK_OUTCOMES,
    DECISION_OUTCOMES,
    END_REASONS,
    NOTIFICATION_KINDS,
    NOTIFIER_ROLES,
    PARENT_RELATIONSHIPS,
    SEXES,
    VISIT_KINDS,
)
from pf_register.dates import age_on, from_iso
from pf_register.errors import NotFoundError, RegisterError
from pf_register.loading import CaseRecord, full_name
from pf_register.locking import case_snapshot
from pf_register.privacy import erasure
from ui import common, dialogs
from ui.audit_view import HistoryDialog, open_history
from ui.backup_dialog import guard_changes
from ui.common import fmt_date, fmt_iso, tell, yes_no
from ui.forms import FormDialog
from ui.lazy import RefreshWhenShown
from ui.models import Column, ObligationModel, RowsModel
from ui.session import Session
from ui.widgets import fit_columns, make_table

Row = dict[str, Any]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _col(title: str, key: str, fmt: Callable[[Any], str] = _text) -> Column:
    return Column(title, lambda r: fmt(r.get(key)), lambda r: r.get(key))


def _date_col(title: str, key: str) -> Column:
    return Column(title, lambda r: fmt_iso(r.get(key)), lambda r: r.get(key))


class CasePage(QWidget):
    """A case: header, what is missing, tabs for each kind of record, and the actions."""

    def __init__(self, session: Session, arrangement_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.arrangement_id = arrangement_id
        self.record: CaseRecord | None = None
        self.loaded: dict[tuple[str, str], dict[str, Any]] = {}
        self.dialog: FormDialog | None = None
        self.setObjectName(f"case_{arrangement_id}")

        self.title = QLabel(self)
        self.title.setObjectName("case_title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel(self)
        self.subtitle.setObjectName("case_subtitle")
        self.subtitle.setWordWrap(True)

        self.buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        for key, words, handler in (
            ("visit", "Record visi&t…", self.record_visit),
            ("report", "Re&port written…", self.report_written),
            ("check", "Record &check…", self.record_check),
            ("returned", "Chec&k returned…", self.check_returned),
            ("decision", "Record &decision…", self.record_decision),
            ("notify", "Further &notification…", self.further_notification),
            ("end", "&End arrangement…", self.end_arrangement),
            ("history", "Histor&y…", self.show_history),
        ):
            button = QPushButton(words, self)
            button.setObjectName(f"action_{key}")
            button.clicked.connect(handler)
            actions.addWidget(button)
            self.buttons[key] = button
        # Everything else that adds to or corrects the record: one menu, so the row of buttons
        # stays readable at 150% scaling. Double-click (or Enter) on a row corrects it too.
        self.correct_menu = QMenu(self)
        self.correct_menu.setObjectName("correct_menu")
        self.menu_actions: dict[str, QAction] = {}
        sections: list[list[tuple[str, str, Callable[[], object]]]] = [
            [
                ("child", "Correct the c&hild…", self.correct_child),
                ("arrangement", "Correct the &arrangement…", self.correct_arrangement),
                (
                    "person",
                    "Correct the selected &person or parent…",
                    self.correct_selected_person,
                ),
            ],
            [
                ("add_carer", "Add the &carer…", self.add_carer),
                ("add_member", "Add a &household member…", self.add_household_member),
                ("add_parent", "Add a pa&rent…", self.add_parent),
            ],
            [
                (
                    "correct_notification",
                    "Correct the selected &notification…",
                    self.correct_notification,
                ),
                ("correct_visit", "Correct the selected &visit…", self.correct_visit),
                ("correct_check", "Correct the selected chec&k…", self.correct_check),
                ("correct_decision", "Correct the selected &decision…", self.correct_decision),
            ],
            [
                ("correct_ending", "Correct the &ending…", self.correct_ending),
                ("reopen", "Re&open the arrangement (undo the ending)…", self.reopen),
            ],
        ]
        for number, section in enumerate(sections):
            if number:
                self.correct_menu.addSeparator()
            for key, words, act in section:
                action = self.correct_menu.addAction(words)
                action.setObjectName(f"menu_{key}")
                action.triggered.connect(lambda _checked=False, h=act: h())
                self.menu_actions[key] = action
        correct = QPushButton("&Add or correct", self)
        correct.setObjectName("action_correct")
        correct.setAccessibleName("Add or correct details of this case")
        correct.setMenu(self.correct_menu)
        actions.addWidget(correct)
        self.buttons["correct"] = correct
        actions.addStretch(1)

        self.missing = QLabel(self)
        self.missing.setObjectName("case_missing")
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet(
            "QLabel { background: #fff3c4; color: #3e2a00; padding: 6px 10px;"
            " border: 1px solid #c9a400; border-radius: 4px; }"
        )

        self.erased = QLabel(self)
        self.erased.setObjectName("case_erased")
        self.erased.setWordWrap(True)
        self.erased.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.erased.setStyleSheet(
            "QLabel { background: #e8eaf0; color: #1c2033; padding: 6px 10px;"
            " border: 1px solid #5c6780; border-radius: 4px; }"
        )
        self.erased.hide()

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("case_tabs")
        self.deadlines = ObligationModel(self, show_child=False)
        self.views: dict[str, QTableView] = {}
        self.models: dict[str, RowsModel] = {}

        self.details = QWidget(self)
        self.details_layout = QFormLayout(self.details)
        self._add_tab("deadlines", "Dead&lines", self.deadlines)
        self.tabs.addTab(self.details, "Child and arrangement")
        self._add_rows_tab("people", "Carer and household", self._people_columns())
        self._add_rows_tab("parents", "Parents", self._parent_columns())
        self._add_rows_tab("notifications", "Notifications", self._notification_columns())
        self._add_rows_tab("checks", "Checks", self._check_columns())
        self._add_rows_tab("visits", "Visits", self._visit_columns())
        self._add_rows_tab("decisions", "Decisions", self._decision_columns())
        self._add_rows_tab("chronology", "Chronology", self._chronology_columns())

        # Read top to bottom: who and what, what is missing, the records, then the buttons
        # that act on them (Report written, Check returned, Add or correct use the row
        # chosen in the table above). Tab goes the same way, so the officer reaches the
        # tables without passing every button; the buttons keep their Alt keys.
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.erased)
        layout.addWidget(self.missing)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(actions)
        tab_order: list[QWidget] = [self.tabs, *self.views.values(), *self.buttons.values()]
        for first, second in pairwise(tab_order):
            QWidget.setTabOrder(first, second)
        # When the tabs do not fit (150% scaling) their scroll arrows are no Tab stops: Left
        # and Right on the tab bar reach every tab and bring it into sight.
        for arrow in self.tabs.tabBar().findChildren(QToolButton):
            arrow.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        # Read now; after a change at once if shown, else when next shown (the officer may
        # keep several cases open: a save need not re-read the hidden ones).
        self.lazy = RefreshWhenShown(self, self.refresh)
        session.changed.connect(self._changed)
        self.lazy.refresh_now()

    # ------------------------------------------------------------------ construction
    def _add_tab(self, key: str, words: str, model: ObligationModel | RowsModel) -> None:
        view = make_table(model, f"{words.replace('&', '')} of this case", self)
        view.activated.connect(lambda index, k=key: self._row_activated(k, index))
        self.views[key] = view
        self.tabs.addTab(view, words)

    def _add_rows_tab(self, key: str, words: str, columns: list[Column]) -> None:
        model = RowsModel(columns, self)
        self.models[key] = model
        self._add_tab(key, words, model)

    @staticmethod
    def _people_columns() -> list[Column]:
        return [
            _col("Name", "name"),
            _col("Role", "role"),
            _date_col("Date of birth", "date_of_birth"),
            _col("Age", "age"),
            _date_col("Joined", "joined"),
            _date_col("Left", "left"),
            _col("Checks needed", "checks"),
            _col("Address", "address"),
        ]

    @staticmethod
    def _parent_columns() -> list[Column]:
        return [
            _col("Name", "name"),
            _col("Relationship", "relationship", PARENT_RELATIONSHIPS.label),
            _col("Parental responsibility", "has_parental_responsibility", yes_no),
            _col("Address", "address"),
            _col("Phone", "phone"),
        ]

    @staticmethod
    def _notification_columns() -> list[Column]:
        return [
            _date_col("Received", "received"),
            _col("Kind", "kind", NOTIFICATION_KINDS.label),
            _col("Who notified", "notifier_role", NOTIFIER_ROLES.label),
            _col("Name", "notifier_name"),
            _date_col("Planned start", "planned_start"),
            _col("What it says", "description"),
        ]

    @staticmethod
    def _check_columns() -> list[Column]:
        return [
            _col("About", "subject"),
            _col("Kind", "kind", CHECK_KINDS.label),
            _date_col("Requested", "requested"),
            _date_col("Returned", "returned"),
            _col("Outcome", "outcome", CHECK_OUTCOMES.label),
            _col("Notes", "notes"),
        ]

    @staticmethod
    def _visit_columns() -> list[Column]:
        return [
            _date_col("Date", "visit_date"),
            _col("Kind", "kind", VISIT_KINDS.label),
            _col("Child seen", "child_seen", yes_no),
            _col("Seen alone", "seen_alone", yes_no),
            _col("Why not alone", "not_alone_reason"),
            _date_col("Report written", "report_date"),
            _col("Officer", "officer"),
            _col("Notes", "notes"),
        ]

    @staticmethod
    def _decision_columns() -> list[Column]:
        return [
            _date_col("Date", "decision_date"),
            _col("Decision", "outcome", DECISION_OUTCOMES.label),
            _date_col("Letter sent", "letter_date"),
            _col("Notes", "notes"),
        ]

    @staticmethod
    def _chronology_columns() -> list[Column]:
        return [_date_col("Date", "date"), _col("What happened", "what"), _col("Detail", "detail")]

    # ------------------------------------------------------------------ data
    def _changed(self, _what: str) -> None:
        self.lazy.changed()

    def refresh(self) -> None:
        register = self.session.register
        try:
            record = register.case(self.arrangement_id)
        except NotFoundError:
            self.title.setText("This case is no longer in the register")
            return
        self.record = record
        self.loaded = case_snapshot(register, self.arrangement_id)  # to detect others' edits
        a, child = record.arrangement, record.child
        state = "open" if a["end_date"] is None else f"ended {fmt_iso(a['end_date'])}"
        self.title.setText(f"{full_name(child)}: {a['reference']} ({state})")
        carer = full_name(record.carer) if record.carer else "carer not known yet"
        type_words = (
            f"{a['type_code']} {ARRANGEMENT_TYPES.label(a['type_code'])}"
            if a["type_code"]
            else "type not recorded"
        )
        living_since = record.living_there_since()
        if a["start_date"]:
            moved_in = fmt_iso(a["start_date"])
        elif living_since is not None:  # a Reg 5 or Reg 6 notice: living there, day unknown
            moved_in = f"date not recorded (living there when notified on {fmt_date(living_since)})"
        else:
            moved_in = "not moved in yet"
        self.subtitle.setText(
            f"Carer: {carer} · {type_words} · Moved in: {moved_in} · "
            f"Officer: {a['officer'] or 'none'}"
        )
        is_open = a["end_date"] is None
        for key in ("visit", "check", "notify", "end"):
            self.buttons[key].setEnabled(is_open)
        for key, enabled in (
            ("add_carer", is_open and record.carer is None),
            ("add_member", is_open),
            ("correct_ending", not is_open),
            ("reopen", not is_open),
        ):
            self.menu_actions[key].setEnabled(enabled)

        self._show_erasure()
        missing = register.missing(self.arrangement_id)
        if missing:
            self.missing.setText("<b>Still to find out:</b> " + "; ".join(m.label for m in missing))
        self.missing.setVisible(bool(missing))

        self.deadlines.set_obligations(register.obligations(self.arrangement_id))
        self._fill_details(record)
        self.models["people"].set_rows(self._people_rows(record))
        self.models["parents"].set_rows([{**p, "name": full_name(p)} for p in record.parents])
        self.models["notifications"].set_rows(record.notifications)
        self.models["checks"].set_rows(self._check_rows(record))
        self.models["visits"].set_rows(record.visits)
        self.models["decisions"].set_rows(record.decisions)
        self.models["chronology"].set_rows(self._chronology(record))
        for view in self.views.values():
            fit_columns(view)

    def _show_erasure(self) -> None:
        """Say plainly, from the audit log, that this case's personal data was erased."""
        erased = erasure(self.session.register, self.arrangement_id)
        if erased is not None:
            when = erased.at.astimezone()
            self.erased.setText(
                f"<b>Personal data erased</b> on {fmt_date(when.date())} at {when:%H:%M} by "
                f"{escape(erased.user)} (reason: {escape(erased.reason)}). Names, contact "
                "details and notes show as [erased] and dates of birth keep only the month; "
                "dates, codes and the history's who and when are kept for the statistics."
            )
        self.erased.setVisible(erased is not None)

    def _fill_details(self, record: CaseRecord) -> None:
        while self.details_layout.rowCount():
            self.details_layout.removeRow(0)
        child, a = record.child, record.arrangement
        for name, spec in F.CHILD_FIELDS.items():
            value = child.get(name)
            if spec.kind == "date":
                text = fmt_iso(value)
                if name == "date_of_birth" and value:
                    text += f" (age {age_on(from_iso(value), self.session.today())})"  # type: ignore[arg-type]
            elif spec.kind == "bool":
                text = yes_no(value)
            elif name == "sex":
                text = SEXES.label(value)
            else:
                text = "" if value is None else str(value)
            self._detail(f"Child's {spec.label.lower()}", text or "—")
        for name, spec in F.ARRANGEMENT_FIELDS.items():
            value = a.get(name)
            if spec.kind == "date":
                text = fmt_iso(value)
            elif name == "type_code":
                text = f"{value}: {ARRANGEMENT_TYPES.label(value)}" if value else ""
            else:
                text = "" if value is None else str(value)
            self._detail(spec.label, text or "—")
        if a["end_date"]:
            self._detail("Ended", fmt_iso(a["end_date"]))
            self._detail("Why it ended", END_REASONS.label(a["end_reason"]))
            self._detail("Notes on the ending", a["end_notes"] or "—")

    def _detail(self, label: str, text: str) -> None:
        value = QLabel(text, self.details)
        value.setWordWrap(True)
        value.setTextInteractionFlags(
            value.textInteractionFlags() | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.details_layout.addRow(f"{label}:", value)

    def _people_rows(self, record: CaseRecord) -> list[Row]:
        today = self.session.today()
        needed: dict[int, list[str]] = {}
        for required in self.session.register.required_checks(self.arrangement_id):
            if required.person is not None:
                needed.setdefault(required.person.id, []).append(CHECK_KINDS.label(required.kind))

        def age(row: Row) -> str:
            dob = from_iso(row.get("date_of_birth"))
            return "" if dob is None else str(age_on(dob, today))

        result: list[Row] = []
        if record.carer is not None:
            c = record.carer
            result.append(
                {
                    **c,
                    "name": full_name(c),
                    "kind": "carer",
                    "role": "Carer",
                    "age": age(c),
                    "checks": ", ".join(needed.get(c["id"], [])),
                }
            )
        for m in record.household:
            result.append(
                {
                    **m,
                    "name": full_name(m),
                    "kind": "member",
                    "role": m.get("relationship") or "Household member",
                    "age": age(m),
                    "checks": ", ".join(needed.get(m["person_id"], [])) or "none yet",
                }
            )
        return result

    def _subjects(self, record: CaseRecord) -> dict[int | None, str]:
        names: dict[int | None, str] = {None: f"{full_name(record.child)} (child)"}
        if record.carer is not None:
            names[record.carer["id"]] = f"{full_name(record.carer)} (carer)"
        for m in record.household:
            names[m["person_id"]] = full_name(m)
        return names

    def _check_rows(self, record: CaseRecord) -> list[Row]:
        names = self._subjects(record)
        return [{**c, "subject": names.get(c["person_id"], "?")} for c in record.checks]

    def _chronology(self, record: CaseRecord) -> list[Row]:
        events: list[Row] = []

        def add(day: str | None, what: str, detail: str = "") -> None:
            if day:
                events.append({"date": day, "what": what, "detail": detail})

        a = record.arrangement
        for n in record.notifications:
            add(
                n["received"],
                f"Notification: {NOTIFICATION_KINDS.label(n['kind'])}",
                f"from {NOTIFIER_ROLES.label(n['notifier_role'])} {n['notifier_name'] or ''}",
            )
        add(a["start_date"], "Child moved in")
        names = self._subjects(record)
        for c in record.checks:
            kind = CHECK_KINDS.label(c["kind"])
            add(c["requested"], f"Check requested: {kind}", names.get(c["person_id"], ""))
            add(
                c["returned"],
                f"Check returned: {kind}",
                f"{names.get(c['person_id'], '')}: {CHECK_OUTCOMES.label(c['outcome'])}",
            )
        for v in record.visits:
            seen = "child seen" if v["child_seen"] else "child NOT seen"
            if v["child_seen"]:
                seen += ", alone" if v["seen_alone"] else f", not alone: {v['not_alone_reason']}"
            add(v["visit_date"], f"Visit: {VISIT_KINDS.label(v['kind'])}", seen)
            add(v["report_date"], "Visit report written", f"visit of {fmt_iso(v['visit_date'])}")
        for d in record.decisions:
            add(d["decision_date"], f"Decision: {DECISION_OUTCOMES.label(d['outcome'])}")
            add(d["letter_date"], "Decision letter sent")
        for m in record.household:
            add(m.get("joined"), "Joined the household", full_name(m))
            add(m.get("left"), "Left the household", full_name(m))
        add(a["end_date"], "Arrangement ended", END_REASONS.label(a["end_reason"]))
        events.sort(key=lambda e: e["date"])
        return events

    # ------------------------------------------------------------------ actions
    def _open(self, dialog: FormDialog, *, guarded: bool = False) -> FormDialog:
        """Show ``dialog``. Unless it guards its own rows (``guarded``: the correction
        dialogs, ``dialogs.guard``), its save is refused if anything of the case it writes
        changed since the page loaded it."""
        self.dialog = dialog
        if not guarded:
            guard_changes(dialog, self.session, self.loaded)
        dialog.open()
        return dialog

    def show_history(self) -> HistoryDialog:
        """The audit trail of this case, read only."""
        return open_history(self, self.session, self.arrangement_id)

    def _selected(self, key: str) -> Row | None:
        view = self.views[key]
        index = view.currentIndex()
        if not index.isValid():
            if self.models[key].rowCount() == 1:
                return dict(self.models[key].row_data(0))
            return None
        return dict(self.models[key].row_data(index.row()))

    def record_visit(self) -> FormDialog:
        return self._open(dialogs.visit_dialog(self, self.session, self.arrangement_id))

    def report_written(self) -> FormDialog | None:
        """The report of the visit chosen in the Visits tab; with none chosen, of the one
        visit still without a report, if there is exactly one."""
        view = self.views["visits"]
        visit: Row | None = None
        if view.currentIndex().isValid():
            visit = dict(self.models["visits"].row_data(view.currentIndex().row()))
        elif self.record is not None:
            waiting = [v for v in self.record.visits if v.get("report_date") is None]
            visit = dict(waiting[0]) if len(waiting) == 1 else None
        if visit is None:
            self.tabs.setCurrentWidget(self.views["visits"])
            self._hint("Choose the visit in the Visits tab first.")
            return None
        return self._open(dialogs.visit_report_dialog(self, self.session, visit))

    def record_check(self) -> FormDialog:
        return self._open(dialogs.check_dialog(self, self.session, self.arrangement_id))

    def check_returned(self) -> FormDialog | None:
        check = self._selected("checks")
        if check is None:
            self.tabs.setCurrentWidget(self.views["checks"])
            self._hint("Choose the check in the Checks tab first.")
            return None
        return self._open(dialogs.check_returned_dialog(self, self.session, check))

    def record_decision(self) -> FormDialog:
        return self._open(dialogs.decision_dialog(self, self.session, self.arrangement_id))

    def correct_child(self) -> FormDialog | None:
        if self.record is None:
            return None
        return self._open(
            dialogs.child_dialog(self, self.session, self.record, self.loaded), guarded=True
        )

    def end_arrangement(self) -> FormDialog:
        return self._open(dialogs.end_dialog(self, self.session, self.arrangement_id))

    def further_notification(self) -> FormDialog:
        return self._open(dialogs.notification_dialog(self, self.session, self.arrangement_id))

    # ------------------------------------------------------------------ corrections
    def _row_activated(self, key: str, index: QModelIndex) -> None:
        """Enter or double-click on a record opens its correction."""
        if not index.isValid() or key not in self.models:
            return
        row = dict(self.models[key].row_data(index.row()))
        opener = {
            "people": self._correct_person_row,
            "parents": self._correct_parent_row,
            "notifications": self._correct_notification_row,
            "visits": self._correct_visit_row,
            "checks": self._correct_check_row,
            "decisions": self._correct_decision_row,
        }.get(key)
        if opener is not None:
            opener(row)

    def _choose(self, key: str, what: str) -> Row | None:
        """The row chosen in a tab; if none, show the tab and say what to choose."""
        row = self._selected(key)
        if row is None:
            self.tabs.setCurrentWidget(self.views[key])
            self._hint(
                f"Choose the {what} in the {self.tabs.tabText(self.tabs.currentIndex())} tab first."
            )
        return row

    def correct_arrangement(self) -> FormDialog | None:
        if self.record is None:
            return None
        return self._open(
            dialogs.arrangement_dialog(self, self.session, self.record, self.loaded), guarded=True
        )

    def correct_selected_person(self) -> FormDialog | None:
        """The person chosen in the Carer and household tab, or the parent in the Parents tab."""
        if self.tabs.currentWidget() is self.views["parents"]:
            parent = self._choose("parents", "parent")
            return None if parent is None else self._correct_parent_row(parent)
        person = self._choose("people", "person")
        return None if person is None else self._correct_person_row(person)

    def _correct_person_row(self, row: Row) -> FormDialog:
        if row.get("kind") == "carer":
            return self._open(
                dialogs.person_dialog(self, self.session, row, self.loaded), guarded=True
            )
        return self._open(
            dialogs.household_member_dialog(self, self.session, row, self.loaded), guarded=True
        )

    def _correct_parent_row(self, row: Row) -> FormDialog:
        return self._open(dialogs.parent_dialog(self, self.session, row, self.loaded), guarded=True)

    def add_carer(self) -> FormDialog:
        return self._open(dialogs.add_carer_dialog(self, self.session, self.arrangement_id))

    def add_household_member(self) -> FormDialog:
        return self._open(
            dialogs.add_household_member_dialog(self, self.session, self.arrangement_id)
        )

    def add_parent(self) -> FormDialog:
        return self._open(dialogs.add_parent_dialog(self, self.session, self.arrangement_id))

    def correct_notification(self) -> FormDialog | None:
        notification = self._choose("notifications", "notification")
        return None if notification is None else self._correct_notification_row(notification)

    def _correct_notification_row(self, row: Row) -> FormDialog:
        return self._open(
            dialogs.correct_notification_dialog(self, self.session, row, self.loaded),
            guarded=True,
        )

    def correct_visit(self) -> FormDialog | None:
        visit = self._choose("visits", "visit")
        return None if visit is None else self._correct_visit_row(visit)

    def _correct_visit_row(self, row: Row) -> FormDialog:
        return self._open(
            dialogs.correct_visit_dialog(self, self.session, row, self.loaded), guarded=True
        )

    def correct_check(self) -> FormDialog | None:
        check = self._choose("checks", "check")
        return None if check is None else self._correct_check_row(check)

    def _correct_check_row(self, row: Row) -> FormDialog:
        return self._open(
            dialogs.correct_check_dialog(self, self.session, row, self.loaded), guarded=True
        )

    def correct_decision(self) -> FormDialog | None:
        decision = self._choose("decisions", "decision")
        return None if decision is None else self._correct_decision_row(decision)

    def _correct_decision_row(self, row: Row) -> FormDialog:
        return self._open(
            dialogs.correct_decision_dialog(self, self.session, row, self.loaded), guarded=True
        )

    def correct_ending(self) -> FormDialog | None:
        if self.record is None or self.record.arrangement["end_date"] is None:
            return None
        return self._open(
            dialogs.correct_ending_dialog(self, self.session, self.record, self.loaded),
            guarded=True,
        )

    def reopen(self) -> None:
        """Undo an ending recorded by mistake, after asking; the audit log keeps what it said."""
        if self.record is None or self.record.arrangement["end_date"] is None:
            return
        reference = self.record.arrangement["reference"]
        loaded = self.loaded  # the ending as the officer saw it when asked

        def answered(yes: bool) -> None:
            if not yes:
                return
            try:
                with self.session.register.expecting(loaded):
                    self.session.perform(
                        "reopen", self.session.register.reopen_arrangement, self.arrangement_id
                    )
            except RegisterError as error:  # changed by someone else, read-only, locked
                self.session.refresh()
                tell(self, "Not reopened", str(error))

        common.ask(
            self,
            "Reopen the arrangement?",
            f"Undo the ending of {reference}? Its deadlines become open work again. The "
            "ending stays in the audit history.",
            answered,
        )

    def _hint(self, text: str) -> None:
        tell(self, "Choose a row", text, warning=False)
