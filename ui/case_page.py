"""One arrangement: the child, the people, everything recorded, and its deadlines."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
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
from pf_register.errors import NotFoundError
from pf_register.loading import CaseRecord, full_name
from ui import dialogs
from ui.common import fmt_iso, tell, yes_no
from ui.forms import FormDialog
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
    """A case: header, actions, what is missing, and tabs for each kind of record."""

    def __init__(self, session: Session, arrangement_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.arrangement_id = arrangement_id
        self.record: CaseRecord | None = None
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
            ("visit", "Record &visit…", self.record_visit),
            ("report", "&Report written…", self.report_written),
            ("check", "Record &check…", self.record_check),
            ("returned", "Check re&turned…", self.check_returned),
            ("decision", "Record &decision…", self.record_decision),
            ("child", "Correct c&hild…", self.correct_child),
            ("end", "&End arrangement…", self.end_arrangement),
        ):
            button = QPushButton(words, self)
            button.setObjectName(f"action_{key}")
            button.clicked.connect(handler)
            actions.addWidget(button)
            self.buttons[key] = button
        actions.addStretch(1)

        self.missing = QLabel(self)
        self.missing.setObjectName("case_missing")
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet(
            "QLabel { background: #fff3c4; color: #3e2a00; padding: 6px 10px;"
            " border: 1px solid #c9a400; border-radius: 4px; }"
        )

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

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addLayout(actions)
        layout.addWidget(self.missing)
        layout.addWidget(self.tabs, 1)

        session.changed.connect(self._changed)
        self.refresh()

    # ------------------------------------------------------------------ construction
    def _add_tab(self, key: str, words: str, model: ObligationModel | RowsModel) -> None:
        view = make_table(model, f"{words.replace('&', '')} of this case", self)
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
        self.refresh()

    def refresh(self) -> None:
        register = self.session.register
        try:
            record = register.case(self.arrangement_id)
        except NotFoundError:
            self.title.setText("This case is no longer in the register")
            return
        self.record = record
        a, child = record.arrangement, record.child
        state = "open" if a["end_date"] is None else f"ended {fmt_iso(a['end_date'])}"
        self.title.setText(f"{full_name(child)}: {a['reference']} ({state})")
        carer = full_name(record.carer) if record.carer else "carer not known yet"
        type_words = (
            f"{a['type_code']} {ARRANGEMENT_TYPES.label(a['type_code'])}"
            if a["type_code"]
            else "type not recorded"
        )
        moved_in = fmt_iso(a["start_date"]) or "not moved in yet"
        self.subtitle.setText(
            f"Carer: {carer} · {type_words} · Moved in: {moved_in} · "
            f"Officer: {a['officer'] or 'none'}"
        )
        for key in ("visit", "check", "end"):
            self.buttons[key].setEnabled(a["end_date"] is None)

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
    def _open(self, dialog: FormDialog) -> FormDialog:
        self.dialog = dialog
        dialog.open()
        return dialog

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
        visit = self._selected("visits")
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
        return self._open(dialogs.child_dialog(self, self.session, self.record))

    def end_arrangement(self) -> FormDialog:
        return self._open(dialogs.end_dialog(self, self.session, self.arrangement_id))

    def _hint(self, text: str) -> None:
        tell(self, "Choose a row", text, warning=False)
