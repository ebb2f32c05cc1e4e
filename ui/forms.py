"""Forms built from the register's own field definitions, with the register's messages shown
beside the field they name.

A form never validates on its own: it collects what was typed, hands it to one register
operation, and if the register refuses (``ValidationError``), shows ``error.message`` under the
widget whose key is ``error.field`` (``visit.visit_date``) and puts the cursor there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from contextlib import suppress
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from pf_register.errors import RegisterError, ValidationError
from pf_register.fields import Field
from ui import common
from ui.common import readable
from ui.widgets import FormComboBox


def error_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet("QLabel { color: white; background: #b71c1c; padding: 2px 6px; }")
    label.setAccessibleName("Error")
    # The message wraps onto as many lines as it needs; it takes height, never the input's.
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
    label.hide()
    return label


class EnterSaves(QObject):
    """Enter (or Return) in a drop-down calls ``save``: a closed QComboBox ignores the key."""

    def __init__(self, parent: QObject, save: Callable[[], object]) -> None:
        super().__init__(parent)
        self._save = save

    def watch(self, widget: QWidget) -> None:
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self._save()
            return True
        return False


def _shown_date(value: object) -> str:
    """A stored or default date as the officer types it (DD/MM/YYYY, as the hint says);
    text that is not an ISO date is shown as it is."""
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    text = "" if value is None else str(value)
    try:
        return f"{date.fromisoformat(text):%d/%m/%Y}"
    except ValueError:
        return text


class FieldInput:
    """One input for one register field: a line edit, or a drop-down for codes and yes/no."""

    def __init__(self, spec: Field, key: str, parent: QWidget) -> None:
        self.spec = spec
        self.key = key
        self.widget: QLineEdit | QComboBox
        if spec.kind == "code" and spec.codes is not None:
            combo = FormComboBox(parent)
            combo.addItem("", None)
            for code in spec.codes:
                combo.addItem(spec.codes.label(code), code)
            self.widget = combo
        elif spec.kind == "bool":
            combo = FormComboBox(parent)
            for words, value in (("", None), ("Yes", "yes"), ("No", "no")):
                combo.addItem(words, value)
            self.widget = combo
        else:
            edit = QLineEdit(parent)
            if spec.kind == "date":
                edit.setPlaceholderText("DD/MM/YYYY")
                edit.setMaxLength(10)
            self.widget = edit
        self.widget.setObjectName(key.replace(".", "__"))
        self.widget.setAccessibleName(spec.label)
        self.error = error_label(parent, f"{key.replace('.', '__')}__error")
        # Once the officer changes the field, its message no longer describes it.
        self.connect_changed(self.clear_error)

    def value(self) -> object:
        if isinstance(self.widget, QComboBox):
            data: object = self.widget.currentData()
            return data
        text = self.widget.text().strip()
        return text or None

    def set_value(self, value: object) -> None:
        if isinstance(self.widget, QComboBox):
            if self.spec.kind == "bool" and value is not None:
                value = "yes" if value else "no"
            self.widget.setCurrentIndex(max(0, self.widget.findData(value)))
        elif self.spec.kind == "date":
            self.widget.setText(_shown_date(value))
        else:
            self.widget.setText("" if value is None else str(value))

    def connect_changed(self, callback: Callable[[], None]) -> None:
        if isinstance(self.widget, QComboBox):
            self.widget.currentIndexChanged.connect(lambda _i: callback())
        else:
            self.widget.textEdited.connect(lambda _t: callback())

    def show_error(self, message: str) -> None:
        self.error.setText(readable(message))
        self.error.show()
        self.widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear_error(self) -> None:
        self.error.clear()
        self.error.hide()


class FieldGroup(QGroupBox):
    """A titled group of inputs for fields of one register record (keys ``prefix.name``)."""

    def __init__(
        self,
        title: str,
        prefix: str,
        specs: Mapping[str, Field],
        parent: QWidget | None = None,
        *,
        names: Iterable[str] | None = None,
        values: Mapping[str, object] | None = None,
        note: str = "",
    ) -> None:
        super().__init__(title, parent)
        self.prefix = prefix
        self.setObjectName(f"group_{prefix or 'settings'}")
        self.inputs: dict[str, FieldInput] = {}
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.note: QLabel | None = None
        if note:  # e.g. what the stars mean in a section that may be left blank
            self.note = QLabel(note, self)
            self.note.setObjectName(f"{prefix}__note")
            self.note.setWordWrap(True)
            layout.addRow(self.note)
        for name in names if names is not None else specs:
            spec = specs[name]
            field = FieldInput(spec, f"{prefix}.{name}" if prefix else name, self)
            starred = spec.required or bool(spec.required_when)
            label = QLabel(f"{spec.label}{' *' if starred else ''}:", self)
            if spec.required_when:  # the star alone would say "always"
                note_for_field = f"Required when {spec.required_when}."
                label.setToolTip(note_for_field)
                field.widget.setToolTip(note_for_field)
            elif spec.required and note:
                label.setToolTip(note)
                field.widget.setToolTip(note)
            label.setBuddy(field.widget)
            cell = QWidget(self)
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.setSpacing(2)
            cell_layout.addWidget(field.widget)
            cell_layout.addWidget(field.error)
            layout.addRow(label, cell)
            self.inputs[name] = field
            if values is not None and name in values:
                field.set_value(values[name])

    def add_row_after(self, name: str, widget: QWidget) -> None:
        """Put ``widget`` on its own row just under the input for ``name``."""
        layout = self.layout()
        assert isinstance(layout, QFormLayout)
        cell = self.inputs[name].widget.parentWidget()
        assert cell is not None
        position: tuple[int, QFormLayout.ItemRole] = layout.getWidgetPosition(cell)  # type: ignore[assignment]
        layout.insertRow(position[0] + 1, "", widget)

    def values(self) -> dict[str, object]:
        return {name: field.value() for name, field in self.inputs.items()}

    def is_blank(self) -> bool:
        return all(v is None for v in self.values().values())

    def field(self, key: str) -> FieldInput | None:
        """The input for a full key like ``visit.visit_date``, if it is in this group."""
        if not self.prefix:
            return self.inputs.get(key)
        prefix, _, name = key.partition(".")
        return self.inputs.get(name) if prefix == self.prefix else None

    def connect_changed(self, callback: Callable[[], None]) -> None:
        for field in self.inputs.values():
            field.connect_changed(callback)

    def clear_errors(self) -> None:
        for field in self.inputs.values():
            field.clear_error()


class FormDialog(QDialog):
    """A dialog of field groups whose Save runs one register operation.

    ``submit`` reads the groups and calls the register (through the session); a
    ``ValidationError`` is shown beside its field and the dialog stays open with what was typed.
    Cancel (or Escape, or closing) with changes asks first. Opened with ``open()``, never
    ``exec()``; ``saved`` is emitted after a successful save.
    """

    saved = Signal(object)

    def __init__(
        self,
        title: str,
        parent: QWidget,
        *,
        intro: str = "",
        save_text: str = "Save",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("form_" + title.lower().replace(" ", "_").strip("…."))
        self.groups: list[FieldGroup] = []
        self.dirty = False
        self.submit: Callable[[], object] = lambda: None
        self._confirmed_close = False

        self.general_error = error_label(self, "form_error")
        # The fields scroll when the screen is small; Save and Cancel stay in sight below them.
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setObjectName("form_scroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        # Not a Tab stop of its own: frameless, it would take the cursor out of sight between
        # the last field and Save. It still scrolls to the field with the cursor, and Page
        # Up/Down in a field reach it. Tab wraps round the dialog (last field, Save, Cancel,
        # first field) as every Windows dialog does; Cancel with changes asks first.
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        inner = QWidget(self.scroll_area)
        inner.setObjectName("form_fields")
        self.scroll_area.setWidget(inner)
        self.fields_widget = inner  # what scrolls: every group of fields
        self.body = QVBoxLayout(inner)
        self.body.setContentsMargins(0, 0, 0, 0)
        # The input the cursor starts in (default: the first input of the first group).
        self.initial_focus: QWidget | None = None
        self._fitted = False
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(save_text)
        self.save_button.setObjectName("save_button")
        self.save_button.setDefault(True)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("cancel_button")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        if intro:
            words = QLabel(intro, self)
            words.setWordWrap(True)
            layout.addWidget(words)
        layout.addWidget(self.general_error)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.buttons)

    def add_group(self, group: FieldGroup, layout: QVBoxLayout | None = None) -> FieldGroup:
        (layout or self.body).addWidget(group)
        self.groups.append(group)
        group.connect_changed(self.mark_dirty)
        return group

    def mark_dirty(self) -> None:
        self.dirty = True

    # ------------------------------------------------------------------ showing
    def first_input(self) -> QWidget | None:
        if self.initial_focus is not None:
            return self.initial_focus
        for group in self.groups:
            if group.isHidden():
                continue
            for field in group.inputs.values():
                if field.widget.isEnabled():
                    return field.widget
        return None

    def focus_first(self) -> None:
        """The cursor in the first input, its text selected so typing replaces it."""
        widget = self.first_input()
        if widget is None:
            return
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        if isinstance(widget, QLineEdit):
            widget.selectAll()

    def fit_to_screen(self) -> None:
        """As big as the fields want (or as asked), but never past the screen's free area."""
        area = common.available_geometry(self)
        content = self.fields_widget.sizeHint()
        chrome = self.sizeHint().height() - self.scroll_area.sizeHint().height()
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        layout = self.layout()
        assert layout is not None
        margins = layout.contentsMargins()
        wanted = QSize(
            max(self.sizeHint().width(), content.width() + bar + margins.left() + margins.right()),
            chrome + content.height(),
        )
        if self.testAttribute(Qt.WidgetAttribute.WA_Resized):  # a size asked for in code
            wanted = wanted.expandedTo(self.size())
        self.resize(wanted.boundedTo(common.usable_size(area)))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        if not self._fitted:
            self._fitted = True
            self.fit_to_screen()
            self.focus_first()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        app = QApplication.instance()
        if isinstance(app, QApplication):
            with suppress(RuntimeError, TypeError):
                app.focusChanged.disconnect(self._focus_changed)
        super().hideEvent(event)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and self.fields_widget.isAncestorOf(new):
            self.scroll_area.ensureWidgetVisible(new)

    def reveal(self, widget: QWidget) -> None:
        """Scroll so ``widget`` (and what is shown with it) is in sight."""
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.scroll_area.ensureWidgetVisible(widget)

    def field(self, key: str) -> FieldInput | None:
        for group in self.groups:
            found = group.field(key)
            if found is not None:
                return found
        return None

    def clear_errors(self) -> None:
        self.general_error.hide()
        for group in self.groups:
            group.clear_errors()

    def show_error(self, error: ValidationError) -> None:
        """Put the register's message beside the field it names (or at the top), the form
        grown to hold it where the screen has room."""
        found = self.field(error.field)
        if found is not None:
            found.show_error(error.message)
        else:
            self.general_error.setText(
                f"{self.describe_field(error.field)}: {readable(error.message)}"
            )
            self.general_error.show()
        if self._fitted:  # (a form shown: one not yet shown is fitted as it is)
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            self.fit_to_screen()  # grows only, once the form has a size of its own
        if found is not None:
            cell = found.widget.parentWidget()
            self.reveal(cell if cell is not None else found.widget)

    def describe_field(self, key: str) -> str:
        return key

    def save(self) -> None:
        self.clear_errors()
        try:
            result = self.submit()
        except ValidationError as error:
            self.show_error(error)
            return
        except RegisterError as error:  # read-only, changed by someone else, locked, disk full
            self.general_error.setText(str(error))
            self.general_error.show()
            return
        self.dirty = False
        self.saved.emit(result)
        self.accept()

    def reject(self) -> None:
        if not self.dirty or self._confirmed_close:
            super().reject()
            return

        def answered(discard: bool) -> None:
            if discard:
                self._confirmed_close = True
                self.reject()

        common.ask(
            self,
            "Discard changes?",
            "You have typed details that are not saved. Close and lose them?",
            answered,
        )


def field_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Values with blanks left out, for a correction that changes only what was given."""
    return {k: v for k, v in values.items() if v is not None}
