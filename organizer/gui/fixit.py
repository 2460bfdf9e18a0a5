"""Checklist "Fix it": take the person to the place where an item is put right.

Targets are read with the core's ``read_fix`` into a ``FixAction``; each action has one
handler here, so a new action in the core that the GUI does not know shows up as a plain
status-bar hint rather than a silent no-op.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from organizer.core.checklist.fixes import FixAction, FixTarget, read_fix
from organizer.core.vocab import EventKind

if TYPE_CHECKING:
    from organizer.gui.main_window import MainWindow

# the packet form's field for each ``edit-packet``/``set-packet`` argument the core uses
PACKET_FIELDS = {
    "question": "question",
    "provider": "provider_name",
    "appointment": "appointment",
    "first-opinion": "first_diagnosis",
    "title": "title",
}
LIST_SECTIONS = {
    FixAction.ADD_MEDICATION: "medications",
    FixAction.EDIT_MEDICATION: "medications",
    FixAction.ADD_ALLERGY: "allergies",
    FixAction.EDIT_ALLERGY: "allergies",
    FixAction.ADD_REQUEST: "requests",
    FixAction.EDIT_REQUEST: "requests",
    FixAction.ADD_EVENT: "timeline",
    FixAction.EDIT_EVENT: "timeline",
}


class FixNavigator:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._handlers: dict[FixAction, Callable[[FixTarget], QWidget | None]] = {
            FixAction.ADD_MEDICATION: self._add_to_list,
            FixAction.ADD_ALLERGY: self._add_to_list,
            FixAction.ADD_REQUEST: self._add_to_list,
            FixAction.ADD_EVENT: self._add_to_list,
            FixAction.EDIT_MEDICATION: self._edit_in_list,
            FixAction.EDIT_ALLERGY: self._edit_in_list,
            FixAction.EDIT_REQUEST: self._edit_in_list,
            FixAction.EDIT_EVENT: self._edit_in_list,
            FixAction.ADD_QUESTION: self._questions,
            FixAction.EDIT_PACKET: self._packet,
            FixAction.SET_PACKET: self._packet,
            FixAction.INSURANCE: lambda _t: self.window.people.edit_packet("insurance_covered"),
            FixAction.IMPORT_IMAGING: lambda _t: self.window.import_files(),
            FixAction.IMPORT_DOCUMENT: lambda _t: self.window.import_files(),
            FixAction.CONFIRM_DOCUMENT: lambda t: self.window.show_document(t.number),
            FixAction.OPEN_DOCUMENT: lambda t: self.window.show_document(t.number),
        }

    def go(self, fix: str) -> QWidget | None:
        target = read_fix(fix)
        if target is None:
            self.window.statusBar().showMessage(
                f"Go to the right section to fix this ({fix}).", 6000
            )
            return None
        return self._handlers[target.action](target)

    def _add_to_list(self, target: FixTarget) -> QWidget | None:
        key = LIST_SECTIONS[target.action]
        preset: dict[str, object] | None = None
        if target.action is FixAction.ADD_REQUEST:
            preset = {"item": target.argument}
        elif target.action is FixAction.ADD_EVENT and target.argument in set(EventKind):
            preset = {"kind": EventKind(target.argument)}
        self.window.show_section(key)
        return self.window.list_pages[key].add(preset)

    def _edit_in_list(self, target: FixTarget) -> QWidget | None:
        if target.number is None:
            return None
        key = LIST_SECTIONS[target.action]
        self.window.show_section(key)
        return self.window.list_pages[key].edit_id(target.number)

    def _questions(self, _target: FixTarget) -> QWidget:
        page = self.window.show_section("questions")
        self.window.questions.standard_button.setFocus(Qt.FocusReason.OtherFocusReason)
        return page

    def _packet(self, target: FixTarget) -> QWidget | None:
        field = PACKET_FIELDS.get(target.argument, target.argument.replace("-", "_"))
        return self.window.people.edit_packet(field)
