"""One dialog for editing any record, laid out by a Designer form in ui/.

Widgets in the form are named after the record's fields; the field's type says how to
read and write it (a date typed in words, a vocabulary word from a list, a tick box).
Each field has a ``<field>_error`` label beneath it where problems are explained.
"""

from __future__ import annotations

import copy
import dataclasses
import typing
from collections.abc import Callable
from enum import StrEnum
from html import escape
from typing import Any, ClassVar

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from organizer.core.dates import PartialDate, appointment_display, parse_appointment
from organizer.core.errors import InvalidInput
from organizer.core.records import Record
from organizer.core.validation import FieldError, validate
from organizer.gui import labels, theme
from organizer.gui.date_fields import SelectOnFocus, locale_day_order
from organizer.gui.forms import load_form


def _appointment(text: str) -> str:
    return parse_appointment(text, locale_day_order())


_SPECIAL_TEXT: dict[str, Callable[[str], Any]] = {"appointment": _appointment}
_SHOWN_AS: dict[str, Callable[[str], str]] = {"appointment": appointment_display}
"""How a special field's value is written back into its box, in words."""


@dataclasses.dataclass
class Binding:
    """How one field's widget is read and written."""

    name: str
    widget: QWidget
    read: Callable[[], Any]
    write: Callable[[Any], None]
    changed: Any  # the widget's "edited" signal, to clear a shown problem


def _unwrap_optional(hint: Any) -> tuple[Any, bool]:
    args = typing.get_args(hint)
    if args and type(None) in args:
        members = [arg for arg in args if arg is not type(None)]
        return members[0], True
    return hint, False


def _bind(name: str, hint: Any, widget: QWidget) -> Binding:
    kind, optional = _unwrap_optional(hint)
    if isinstance(widget, QCheckBox):
        return Binding(name, widget, widget.isChecked, widget.setChecked, widget.toggled)
    if isinstance(widget, QComboBox) and isinstance(kind, type) and issubclass(kind, StrEnum):
        return _bind_choice(name, kind, optional, widget)
    if isinstance(widget, QPlainTextEdit) and typing.get_origin(kind) is tuple:
        return _bind_lines(name, widget)
    if isinstance(widget, QPlainTextEdit):
        return Binding(
            name,
            widget,
            lambda: widget.toPlainText().strip(),
            lambda value: widget.setPlainText(value or ""),
            widget.textChanged,
        )
    if isinstance(widget, QLineEdit):
        if kind is PartialDate:
            return _bind_date(name, optional, widget)
        parser = _SPECIAL_TEXT.get(name)

        def read_text() -> Any:
            text = widget.text().strip()
            if parser is None:
                return text
            return parser(text) if text else None

        shown_as = _SHOWN_AS.get(name)

        def write_text(value: Any) -> None:
            widget.setText(shown_as(value) if shown_as is not None and value else value or "")

        return Binding(name, widget, read_text, write_text, widget.textEdited)
    raise TypeError(f"no way to edit field {name!r} with a {type(widget).__name__}")


def _bind_lines(name: str, edit: QPlainTextEdit) -> Binding:
    """A list of short texts (a person's other names), one a line."""

    def read() -> tuple[str, ...]:
        lines = (" ".join(line.split()) for line in edit.toPlainText().splitlines())
        return tuple(dict.fromkeys(line for line in lines if line))

    def write(value: Any) -> None:
        edit.setPlainText("\n".join(value or ()))

    return Binding(name, edit, read, write, edit.textChanged)


def _bind_choice(name: str, enum: type[StrEnum], optional: bool, combo: QComboBox) -> Binding:
    combo.clear()
    if optional:
        combo.addItem(labels.NOT_GIVEN, None)
    for member in enum:
        combo.addItem(labels.word(member), member.value)

    def read() -> Any:
        value = combo.currentData()
        return None if value is None else enum(value)

    def write(value: Any) -> None:
        found = combo.findData(None if value is None else value.value)
        combo.setCurrentIndex(max(found, 0))

    return Binding(name, combo, read, write, combo.currentIndexChanged)


def _bind_date(name: str, optional: bool, edit: QLineEdit) -> Binding:
    def read() -> Any:
        text = edit.text().strip()
        if not text:
            if optional:
                return None
            raise InvalidInput("Please enter a date (a year is enough if that is all you know).")
        return PartialDate.parse(text, locale_day_order())

    def write(value: Any) -> None:
        edit.setText(value.display() if value is not None else "")

    return Binding(name, edit, read, write, edit.textEdited)


def ask_discard(parent: QWidget) -> bool:
    """Whether to close a form and lose what was typed (tests replace ``ask_discard``)."""
    answer = QMessageBox.question(
        parent,
        "Close without saving?",
        "What you typed in this form has not been saved. Close it and lose those changes?",
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Discard


class RecordDialog(QDialog):
    """Edit a copy of ``record``; after ``accepted``, ``result_record`` holds the new values."""

    ask_discard: ClassVar[Callable[[QWidget], bool]] = staticmethod(ask_discard)

    def __init__(
        self, form: str, record: Record, title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName(f"{form}_dialog")
        self.original = copy.deepcopy(record)
        self.result_record: Record | None = None
        self.typed = False  # the person changed something here: closing should ask first
        self.form = load_form(form, self)
        hints = typing.get_type_hints(type(record))
        self.bindings: dict[str, Binding] = {}
        self.select_on_focus = SelectOnFocus(self)
        self._hints: dict[str, str] = {}  # each field's own description, shown when all is well
        for item in dataclasses.fields(record):
            widget = self.form.findChild(QWidget, item.name)
            if widget is None or item.name == "id":
                continue
            binding = _bind(item.name, hints[item.name], widget)
            binding.write(getattr(record, item.name))
            self._hints[item.name] = widget.accessibleDescription()
            binding.changed.connect(lambda *_, name=item.name: self.clear_problem(name))
            binding.changed.connect(self._note_typing)
            self.bindings[item.name] = binding
            if isinstance(widget, QLineEdit):
                widget.installEventFilter(self.select_on_focus)
                if (
                    _unwrap_optional(hints[item.name])[0] is PartialDate
                    or item.name in _SPECIAL_TEXT
                ):
                    widget.editingFinished.connect(lambda name=item.name: self._check_field(name))
        for name in self.bindings:
            self.clear_problem(name)
        stop, current = self.bindings.get("stop"), self.bindings.get("current")
        if stop is not None and current is not None and isinstance(stop.widget, QLineEdit):
            stop_edit = stop.widget  # a medication with a stop date is no longer taken

            def stopped() -> None:
                if stop_edit.text().strip():
                    current.write(False)

            stop_edit.editingFinished.connect(stopped)

        self.general_problem = QLabel()
        self.general_problem.setObjectName("general_error")
        self.general_problem.setWordWrap(True)
        self.general_problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.general_problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)
        self._focus_first_field()

    # -- problems next to fields -----------------------------------------------------------

    def problem_label(self, name: str) -> QLabel | None:
        return self.form.findChild(QLabel, f"{name}_error")

    def show_problem(self, name: str, message: str) -> None:
        label = self.problem_label(name)
        binding = self.bindings.get(name)
        if label is None or binding is None:
            self._show_general(message)
            return
        color = theme.error_color(self).name()
        label.setText(f'<span style="color:{color}"><b>Please check:</b> {escape(message)}</span>')
        label.setAccessibleName(f"Problem with {binding.widget.accessibleName()}")
        label.show()
        binding.widget.setAccessibleDescription(message)
        self._grow_to_fit()

    def clear_problem(self, name: str) -> None:
        label = self.problem_label(name)
        if label is not None:
            label.clear()
            label.hide()
        binding = self.bindings.get(name)
        if binding is not None:  # a screen reader goes back to the field's own hint
            binding.widget.setAccessibleDescription(self._hints.get(name, ""))

    def problem_text(self, name: str) -> str:
        label = self.problem_label(name)
        return label.text() if label is not None and label.isVisibleTo(self) else ""

    def _show_general(self, message: str) -> None:
        color = theme.error_color(self).name()
        self.general_problem.setText(
            f'<span style="color:{color}"><b>Please check:</b> {escape(message)}</span>'
        )
        self.general_problem.show()
        self._grow_to_fit()

    def _grow_to_fit(self) -> None:
        """Make room for a message that just appeared, so none is cut off."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = layout.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def _check_field(self, name: str) -> None:
        """On leaving a date field: say what is wrong, or show in words how it was read."""
        binding = self.bindings[name]
        if not (shiboken6.isValid(self) and shiboken6.isValid(binding.widget)):
            return  # the field lost focus because its form is being destroyed
        try:
            value = binding.read()
        except InvalidInput as error:
            self.show_problem(name, str(error))
            return
        self.clear_problem(name)
        words = self.read_as(name, value)
        typed = binding.widget.text().strip() if isinstance(binding.widget, QLineEdit) else ""
        label = self.problem_label(name)
        if words and label is not None and words.casefold() != typed.casefold():
            label.setText(f"Read as: <b>{escape(words)}</b>")
            label.setAccessibleName(f"{binding.widget.accessibleName()} read as {words}")
            label.show()
            binding.widget.setAccessibleDescription(f"Read as {words}")

    def read_as(self, name: str, value: Any) -> str:
        """A field's value in words ("9 April 1961"), or "" when there is nothing to show."""
        if isinstance(value, PartialDate):
            return value.display()
        shown_as = _SHOWN_AS.get(name)
        return shown_as(value) if shown_as is not None and value else ""

    # -- focus -----------------------------------------------------------------------------

    def _focus_first_field(self) -> None:
        """On a form with tabs, start in the open tab's first field: otherwise the row of
        tabs takes the keyboard and whatever the person types goes nowhere."""
        for tabs in self.form.findChildren(QTabWidget):
            page = tabs.currentWidget()
            for binding in self.bindings.values():
                if page is not None and page.isAncestorOf(binding.widget):
                    binding.widget.setFocus(Qt.FocusReason.OtherFocusReason)
                    return

    def focus_field(self, name: str) -> None:
        """Bring the field into view (switching tabs if needed) and put the cursor in it."""
        binding = self.bindings.get(name)
        if binding is None:
            return
        for tabs in self.form.findChildren(QTabWidget):
            for index in range(tabs.count()):
                page = tabs.widget(index)
                if page is not None and page.isAncestorOf(binding.widget):
                    tabs.setCurrentIndex(index)
        binding.widget.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- saving ----------------------------------------------------------------------------

    def collect(self) -> Record | None:
        """The edited record, or None after showing what needs fixing next to each field."""
        values: dict[str, Any] = {}
        problems: dict[str, str] = {}
        for name, binding in self.bindings.items():
            try:
                values[name] = binding.read()
            except InvalidInput as error:
                problems[name] = str(error)
        self.general_problem.hide()
        record: Record | None = None
        if not problems:
            record = dataclasses.replace(self.original, **values)
            try:
                validate(record)
            except FieldError as error:
                problems[error.field] = str(error)
            except InvalidInput as error:
                self._show_general(str(error))
                return None
        if problems:
            for name in self.bindings:
                if name not in problems:
                    self.clear_problem(name)
            for name, message in problems.items():
                self.show_problem(name, message)
            self.focus_field(next(iter(problems)))
            return None
        return record

    def _note_typing(self, *_: object) -> None:
        self.typed = True

    def reject(self) -> None:
        """Cancel, Escape or the close button: never throw away typing without asking."""
        if self.typed and not type(self).ask_discard(self):
            return
        super().reject()

    def accept(self) -> None:
        record = self.collect()
        if record is None:
            return
        self.result_record = record
        super().accept()
