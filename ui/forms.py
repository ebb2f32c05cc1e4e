"""Forms built from the register's own field definitions, with the register's messages shown
beside the field they name.

A form never validates on its own: it collects what was typed, hands it to one register
operation, and if the register refuses (``ValidationError``), shows ``error.message`` under the
widget whose key is ``error.field`` (``visit.visit_date``) and puts the cursor there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from pf_register.errors import RegisterError, ValidationError
from pf_register.fields import Field
from ui import common


def error_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet("QLabel { color: white; background: #b71c1c; padding: 2px 6px; }")
    label.setAccessibleName("Error")
    label.hide()
    return label


class FieldInput:
    """One input for one register field: a line edit, or a drop-down for codes and yes/no."""

    def __init__(self, spec: Field, key: str, parent: QWidget) -> None:
        self.spec = spec
        self.key = key
        self.widget: QLineEdit | QComboBox
        if spec.kind == "code" and spec.codes is not None:
            combo = QComboBox(parent)
            combo.addItem("", None)
            for code in spec.codes:
                combo.addItem(spec.codes.label(code), code)
            self.widget = combo
        elif spec.kind == "bool":
            combo = QComboBox(parent)
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
        else:
            self.widget.setText("" if value is None else str(value))

    def connect_changed(self, callback: Callable[[], None]) -> None:
        if isinstance(self.widget, QComboBox):
            self.widget.currentIndexChanged.connect(lambda _i: callback())
        else:
            self.widget.textEdited.connect(lambda _t: callback())

    def show_error(self, message: str) -> None:
        self.error.setText(message)
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
    ) -> None:
        super().__init__(title, parent)
        self.prefix = prefix
        self.setObjectName(f"group_{prefix or 'settings'}")
        self.inputs: dict[str, FieldInput] = {}
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name in names if names is not None else specs:
            spec = specs[name]
            field = FieldInput(spec, f"{prefix}.{name}" if prefix else name, self)
            label = QLabel(f"{spec.label}{' *' if spec.required else ''}:", self)
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
        self.body = QVBoxLayout()
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
        layout.addLayout(self.body, 1)
        layout.addWidget(self.buttons)

    def add_group(self, group: FieldGroup, layout: QVBoxLayout | None = None) -> FieldGroup:
        (layout or self.body).addWidget(group)
        self.groups.append(group)
        group.connect_changed(self.mark_dirty)
        return group

    def mark_dirty(self) -> None:
        self.dirty = True

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
        """Put the register's message beside the field it names (or at the top)."""
        found = self.field(error.field)
        if found is not None:
            found.show_error(error.message)
        else:
            self.general_error.setText(f"{self.describe_field(error.field)}: {error.message}")
            self.general_error.show()

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
