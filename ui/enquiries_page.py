"""Enquiries: log one in seconds from the keyboard; search, correct, and start a case from one.

The entry form at the top defaults to today and the officer setting; the drop-downs take the
first letters typed; Enter in any box saves and puts the cursor back on "Who enquired" for the
next one. Enter or a double-click on a row opens it for correction. "Confirmed: start the
notification" opens the new notification with what the enquiry already knows, and saving it
links the two. Every rule is the register's: this page only collects and shows.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from PySide6.QtCore import QModelIndex, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from pf_register import fields as F  # noqa: N812
from pf_register.codes import (
    ENQUIRY_CHANNELS,
    ENQUIRY_OUTCOMES,
    ENQUIRY_SOURCES,
)
from pf_register.errors import NotFoundError, RegisterError, ValidationError
from pf_register.loading import Row
from ui import common
from ui.common import fmt_iso, readable, tell
from ui.delete_dialog import DeleteDialog, ask_to_delete, delete_action
from ui.forms import EnterSaves, FieldGroup, FormDialog, error_label
from ui.lazy import LatestRead, RefreshWhenShown
from ui.models import Column, KeyedRowsModel
from ui.new_case import NewNotificationDialog
from ui.session import Session
from ui.widgets import (
    fill_entry_box,
    fit_columns,
    lay_out_log_page,
    make_table,
    search_as_you_type,
)

ENTRY_FIELDS = [
    "enquiry_date",
    "source_sector",
    "channel",
    "area",
    "about",
    "outcome",
    "not_pf_reason",
    "referred_to",
    "heard_from",
    "enquirer_name",
    "contact",
    "child_name",
    "carer_name",
    "officer",
]
EDIT_FIELDS = [*ENTRY_FIELDS[:6], "outcome_date", *ENTRY_FIELDS[6:]]

COLUMNS = (
    Column("Reference", lambda r: r["reference"]),
    Column("Date", lambda r: fmt_iso(r["enquiry_date"]), lambda r: r["enquiry_date"]),
    Column("Who enquired", lambda r: ENQUIRY_SOURCES.label(r["source_sector"])),
    Column("Channel", lambda r: ENQUIRY_CHANNELS.label(r["channel"])),
    Column("Area", lambda r: r["area"] or ""),
    Column("Outcome", lambda r: ENQUIRY_OUTCOMES.label(r["outcome"]).split(":")[0]),
    Column("Case", lambda r: r["arrangement_reference"] or ""),
    Column("Heard from", lambda r: r["activity_title"] or r["heard_from"] or ""),
    Column("About", lambda r: r["about"] or ""),
)


# What each column is ordered by in SQL (``Register.enquiry_ids``): a click on a heading
# does not read every row.
ORDERS = (
    "reference",
    "date",
    "source",
    "channel",
    "area",
    "outcome",
    "case",
    "heard_from",
    "about",
)
assert len(ORDERS) == len(COLUMNS)

NO_SUCH_ACTIVITY = "choose one of the activities in the list, or leave it blank"


class ActivityChoice(QComboBox):
    """The awareness activity an enquirer heard from, blank for none. The drop-down holds the
    newest ``RECENT``; typing any part of an activity's date or title offers every activity
    that matches, newest first, found in the register as the officer types (a county has tens
    of thousands: they are not all read into the form)."""

    RECENT = 100  # in the drop-down
    OFFERED = 50  # matches offered while typing

    def __init__(self, session: Session, parent: QWidget) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("enquiry__activity_id")
        self.setAccessibleName("Heard of private fostering from (activity)")
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        line = self.lineEdit()
        assert line is not None
        line.setPlaceholderText("Type to search the activities, or leave blank")
        self.matches = QStringListModel(self)
        completer = QCompleter(self.matches, self)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        # Filled before the completer looks: textEdited comes first.
        line.textEdited.connect(self._offer)
        # The newest activities are read by ``reload``: the enquiry page calls it when shown,
        # the correction dialog at once.
        self.addItem("", None)

    def _offer(self, text: str) -> None:
        found = self.session.register.activity_choices(text, limit=self.OFFERED) if text else []
        self.matches.setStringList([words for _id, words in found])

    def resolve(self) -> bool:
        """Choose the activity whose words were typed; False if they name none."""
        text = self.currentText().strip()
        if not text:
            self.setCurrentIndex(0)
            return True
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index < 0:  # an older activity, found by typing
            register = self.session.register
            activity_id = register.activity_for_choice(text)
            if activity_id is None:
                return False
            self.addItem(register.activity_choice(activity_id), activity_id)
            index = self.count() - 1
        self.setCurrentIndex(index)
        return True

    def reload(self, keep: object = None) -> None:
        """The newest activities, and the one chosen (``keep``, else the current one)."""
        current = keep if keep is not None else self.currentData()
        register = self.session.register
        self.blockSignals(True)
        self.clear()
        self.addItem("", None)
        for activity_id, words in register.activity_choices(limit=self.RECENT):
            self.addItem(words, activity_id)
        if isinstance(current, int) and self.findData(current) < 0:
            try:
                self.addItem(register.activity_choice(current), current)
            except NotFoundError:
                current = None
        self.setCurrentIndex(max(0, self.findData(current)))
        self.blockSignals(False)


def _enquiry_group(
    parent: QWidget, names: list[str], values: dict[str, object] | None = None
) -> FieldGroup:
    group = FieldGroup("Enquiry", "enquiry", F.ENQUIRY_FIELDS, parent, names=names, values=values)
    outcome = group.inputs["outcome"].widget
    assert isinstance(outcome, QComboBox)
    outcome.removeItem(0)  # an outcome is always chosen; "pending" until known
    outcome.setCurrentIndex(max(0, outcome.findData((values or {}).get("outcome", "pending"))))
    return group


def _tab_through(group: FieldGroup, activity: QComboBox) -> None:
    """Tab goes down the form as it reads, the activity after the area."""
    widgets: list[QWidget] = []
    for name, field in group.inputs.items():
        widgets.append(field.widget)
        if name == "area":
            widgets.append(activity)
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)


class EnquiryDialog(FormDialog):
    """Correct an enquiry or record its outcome."""

    def __init__(self, parent: QWidget, session: Session, enquiry: Row) -> None:
        super().__init__(
            f"Enquiry {enquiry['reference']}",
            parent,
            intro="Correct the enquiry or record its outcome. Dates as DD/MM/YYYY.",
            save_text="Save enquiry",
        )
        self.session = session
        self.enquiry_id = int(enquiry["id"])
        values = {name: enquiry[name] for name in EDIT_FIELDS}
        self.group = self.add_group(_enquiry_group(self, EDIT_FIELDS, values))
        self.activity = ActivityChoice(session, self)
        self.activity.reload(enquiry["activity_id"])
        self.activity.currentIndexChanged.connect(lambda _i: self.mark_dirty())
        form = self.group.layout()
        assert isinstance(form, QFormLayout)
        label = QLabel("Heard from &activity:", self)
        label.setBuddy(self.activity)
        form.insertRow(4, label, self.activity)
        _tab_through(self.group, self.activity)
        self.reference = str(enquiry["reference"])
        self.unlink_button: QPushButton | None = None
        if enquiry["arrangement_id"] is not None:  # a link made by mistake can be removed
            case = str(enquiry["arrangement_reference"] or "a case")
            self.link_label = QLabel(f"Became {case}", self)
            self.unlink_button = QPushButton("Remove this &link…", self)
            self.unlink_button.setObjectName("unlink_button")
            self.unlink_button.clicked.connect(lambda: self._ask_to_unlink(case))
            row = QHBoxLayout()
            row.addWidget(self.link_label, 1)
            row.addWidget(self.unlink_button)
            form.addRow("Case:", row)
        self.submit = self._submit

    def _ask_to_unlink(self, case: str) -> None:
        def answered(yes: bool) -> None:
            if not yes or self.unlink_button is None:
                return
            register = self.session.register
            try:
                self.session.perform("enquiry", register.link_enquiry, self.enquiry_id, None)
            except RegisterError as error:
                self.general_error.setText(str(error))
                self.general_error.show()
                return
            self.link_label.setText(f"Not linked (the link to {case} was removed)")
            self.unlink_button.setEnabled(False)

        common.ask(
            self,
            "Remove the link",
            f"Remove the link between {self.reference} and {case}? Do this only if the link "
            "was made by mistake. The enquiry's outcome stays as recorded: correct it here "
            "if it was not private fostering.",
            answered,
        )

    def _submit(self) -> None:
        if not self.activity.resolve():
            raise ValidationError("enquiry.activity_id", NO_SUCH_ACTIVITY)
        values: dict[str, Any] = {**self.group.values(), "activity_id": self.activity.currentData()}
        self.session.perform(
            "enquiry", self.session.register.update_enquiry, self.enquiry_id, values
        )

    def show_error(self, error: ValidationError) -> None:
        if error.field == "enquiry.activity_id":
            self.general_error.setText(f"Heard from activity: {error.message}")
            self.general_error.show()
            return
        super().show_error(error)


class EnquiriesPage(QWidget):
    """The enquiry log: quick entry above, the searchable list below."""

    open_case = Signal(int)
    SEARCH_DELAY_MS = 150

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("enquiries_page")
        self.dialog: FormDialog | None = None

        box = QGroupBox("Log an enquiry (Enter saves)", self)
        box.setObjectName("enquiry_entry")
        self.entry = _enquiry_group(box, ENTRY_FIELDS, self._defaults())
        self.entry.setTitle("")
        self.activity = ActivityChoice(session, box)
        form = self.entry.layout()
        assert isinstance(form, QFormLayout)
        label = QLabel("Heard from &activity:", box)
        label.setBuddy(self.activity)
        form.insertRow(4, label, self.activity)
        _tab_through(self.entry, self.activity)
        self.error = error_label(box, "enquiry_entry_error")
        self.save_button = QPushButton("Sav&e enquiry", box)
        self.save_button.setObjectName("enquiry_save")
        self.save_button.clicked.connect(self.save)
        self.saved_label = QLabel(box)
        self.saved_label.setObjectName("enquiry_saved")
        enter = EnterSaves(self, self.save)  # Enter saves from the drop-downs too
        for field in self.entry.inputs.values():
            if isinstance(field.widget, QLineEdit):
                field.widget.returnPressed.connect(self.save)
            else:
                enter.watch(field.widget)
        activity_line = self.activity.lineEdit()
        assert activity_line is not None
        activity_line.returnPressed.connect(self.save)
        fill_entry_box(box, self.error, self.entry, self.save_button, self.saved_label)

        self.search = QLineEdit(self)
        self.search.setObjectName("enquiry_search")
        self.search.setAccessibleName("Search the enquiries")
        self.search.setPlaceholderText(
            "Search: reference, area, names, what it was about, activity, case, date"
        )
        self.search.setClearButtonEnabled(True)
        self.count = QLabel(self)
        self.count.setObjectName("enquiry_count")
        self.start_case_button = QPushButton("&Confirmed: start the notification…", self)
        self.start_case_button.setObjectName("enquiry_start_case")
        self.start_case_button.clicked.connect(self.start_case)
        self.delete_button = QPushButton("&Delete…", self)
        self.delete_button.setObjectName("enquiry_delete")
        self.delete_button.setToolTip(
            "Delete the chosen enquiry if it was logged by mistake (Delete key on the list)"
        )
        self.model = KeyedRowsModel(COLUMNS, self)  # rows read as they are shown
        self.model.on_sort = lambda _column, _order: self.read_list()
        self.table = make_table(self.model, "Enquiries", self)
        self.table.activated.connect(self._activated)
        delete_action(self.table, self.delete_button, self.delete_selected)

        lay_out_log_page(
            self,
            box,
            self.search,
            [self.start_case_button, self.delete_button, self.count],
            self.table,
        )
        self._timer = search_as_you_type(self.search, self.read_list, self.SEARCH_DELAY_MS)
        # The ids are chosen and ordered off the GUI thread (half a million take ~0.2 s, a
        # search ~0.4 s); the rows on screen are read here, as they are shown.
        self.reads = LatestRead(self)
        self.reads.ready.connect(self._ids_read)
        self.reads.failed.connect(self._read_failed)
        self._fitted = False
        self._select_when_read: int | None = None
        # Loaded when first shown, and after a change only if shown (or when next shown).
        self.lazy = RefreshWhenShown(self, self.refresh)
        session.changed.connect(lambda _what: self.lazy.changed())

    # ------------------------------------------------------------------ entry
    def _defaults(self) -> dict[str, object]:
        return {
            "enquiry_date": self.session.today().isoformat(),
            "officer": self.session.register.settings.officer_name or None,
            "outcome": "pending",
        }

    def focus_entry(self) -> None:
        widget = self.entry.inputs["source_sector"].widget
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def save(self) -> int | None:
        self.error.hide()
        self.entry.clear_errors()
        if not self.activity.resolve():
            self.error.setText(f"Heard from activity: {NO_SUCH_ACTIVITY}")
            self.error.show()
            self.activity.setFocus(Qt.FocusReason.OtherFocusReason)
            return None
        values: dict[str, Any] = {**self.entry.values(), "activity_id": self.activity.currentData()}
        try:
            enquiry_id: int = self.session.perform(
                "enquiry", self.session.register.record_enquiry, values
            )
        except ValidationError as error:
            found = self.entry.field(error.field)
            if found is not None:
                found.show_error(error.message)
            else:
                self.error.setText(f"{error.field.split('.')[-1]}: {readable(error.message)}")
                self.error.show()
            return None
        reference = self.session.register.enquiry(enquiry_id)["reference"]
        self.saved_label.setText(f"Saved {reference}.")
        for name, field in self.entry.inputs.items():
            field.set_value(self._defaults().get(name))
        self.activity.setCurrentIndex(0)
        self.focus_entry()
        return enquiry_id

    # ------------------------------------------------------------------ the list
    def refresh(self) -> None:
        """After a change (or when first shown): the newest activities, and the list."""
        self.lazy.stale = False
        self.activity.reload()
        self.read_list()

    def read_list(self) -> None:
        """Ask for the ids (as searched and ordered) off the GUI thread; until they come the
        list shows what it showed, and says it is being read."""
        self._timer.stop()
        order, descending = self.model.sql_order(ORDERS)
        self.count.setText("Reading the enquiries…")
        register = self.session.register
        self.reads.ask(register.enquiry_ids_work(self.search.text(), order, descending))

    def is_reading(self) -> bool:
        return self.reads.busy()

    def _ids_read(self, ids: list[int]) -> None:
        self.model.set_ids(ids, self.session.register.enquiries_by_id)
        n = len(ids)
        self.count.setText(f"{n} enquir{'y' if n == 1 else 'ies'}")
        if ids and not self._fitted:
            fit_columns(self.table)
            self._fitted = True
        if self._select_when_read is not None:
            self.select(self._select_when_read)
            self._select_when_read = None

    def _read_failed(self, error: Exception) -> None:
        self.count.setText("The enquiries could not be read")
        tell(self, "Enquiries", f"The enquiry log could not be read: {error}")

    def selected(self) -> Row | None:
        row: Row | None = self.model.row_at(self.table.currentIndex())
        return row

    def select(self, enquiry_id: int) -> bool:
        row = self.model.row_of_id(enquiry_id)
        if row is None:
            return False
        self.table.selectRow(row)
        return True

    def show_enquiry(self, enquiry_id: int) -> EnquiryDialog:
        """The whole log, this enquiry selected once it is read, open for correction. Read
        again only if it is not already the whole log as it stands (shown after a change,
        the page has already asked for it)."""
        searched = bool(self.search.text())
        self.search.clear()
        if self.lazy.stale:
            self.lazy.refresh_now()  # reads the whole log
        elif searched:
            self.read_list()
        if self.reads.busy():
            self._select_when_read = enquiry_id
        else:
            self.select(enquiry_id)
        return self.edit(enquiry_id)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.edit(int(self.model.row_data(index.row())["id"]))

    def edit(self, enquiry_id: int) -> EnquiryDialog:
        dialog = EnquiryDialog(self, self.session, self.session.register.enquiry(enquiry_id))
        dialog.open()
        self.dialog = dialog
        return dialog

    # ------------------------------------------------------------------ deleting a mistake
    def delete_selected(self) -> DeleteDialog | None:
        """Delete the selected enquiry, logged by mistake: what goes (no names), and why."""
        enquiry = self.selected()
        title = "Delete an enquiry"
        if enquiry is None:
            tell(self, title, "Choose the enquiry to delete first.", warning=False)
            return None
        register = self.session.register
        enquiry_id = int(enquiry["id"])
        how = ENQUIRY_CHANNELS.label(enquiry["channel"]).lower()
        outcome = ENQUIRY_OUTCOMES.label(enquiry["outcome"]).split(":")[0]
        what = (
            f"Delete enquiry {enquiry['reference']} of {fmt_iso(enquiry['enquiry_date'])}: "
            f"{ENQUIRY_SOURCES.label(enquiry['source_sector'])}, by {how}, area "
            f"{enquiry['area'] or 'not recorded'}, outcome {outcome}?\n\n"
            "Delete only an enquiry logged by mistake (a duplicate, the wrong form, a test "
            "entry); to change one, correct it instead. It leaves the enquiry log, the home "
            "page and the statistics; the audit trail keeps a copy with your reason."
        )
        dialog = ask_to_delete(
            self,
            self.session,
            title,
            lambda: register.check_enquiry_deletable(enquiry_id),
            what,
            "Delete enquiry",
            {("enquiries", str(enquiry_id)): enquiry},
            lambda reason: register.delete_enquiry(enquiry_id, reason),
        )
        if dialog is not None:
            self.dialog = dialog
        return dialog

    # ------------------------------------------------------------------ a case from it
    def start_case(self) -> NewNotificationDialog | None:
        """The new notification, filled in from the selected enquiry; saving links them."""
        enquiry = self.selected()
        if enquiry is None:
            tell(self, "Start the notification", "Choose the enquiry first.", warning=False)
            return None
        if enquiry["arrangement_id"] is not None:
            tell(
                self,
                "Start the notification",
                f"{enquiry['reference']} is already linked to {enquiry['arrangement_reference']}.",
                warning=False,
            )
            return None
        register = self.session.register
        enquiry_id = int(enquiry["id"])
        prefill = register.enquiry_case_prefill(enquiry_id)
        dialog = NewNotificationDialog(self, self.session)
        dialog.setWindowTitle(f"New notification from enquiry {enquiry['reference']}")
        for group, key in (
            (dialog.notification, "notification"),
            (dialog.child, "child"),
            (dialog.carer, "carer"),
            (dialog.arrangement, "arrangement"),
        ):
            for name, value in (prefill[key] or {}).items():
                if name in group.inputs:
                    group.inputs[name].set_value(value)

        def submit() -> int:
            result: int = self.session.perform(
                "new case",
                register.record_case_from_enquiry,
                enquiry_id,
                **dialog._payload(),
            )
            return result

        dialog.submit = submit
        dialog.saved.connect(lambda arrangement_id: self.open_case.emit(int(arrangement_id)))
        dialog.open()
        self.dialog = dialog
        return dialog


__all__ = ["EnquiriesPage", "EnquiryDialog"]
