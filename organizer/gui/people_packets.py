"""Adding, changing and deleting people and packets from the main window, all undoable.

The forms are ui/person_editor.ui and ui/packet_editor.ui; each save is one core
operation on the undo stack. The two "none" boxes (no medications, no known allergies)
are the person's too, so they live here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QCheckBox

from organizer.core import ops
from organizer.core.library import now_text
from organizer.core.records import Packet, Person, Record
from organizer.gui.undo import push

if TYPE_CHECKING:
    from organizer.gui.editor import RecordDialog
    from organizer.gui.main_window import MainWindow
    from organizer.gui.pages.records import RecordListPage

PERSON_FLAGS = {
    "takes_no_medications": ("Takes no medications", "takes no medications", "medications"),
    "no_known_allergies": ("No known allergies", "no known allergies", "allergies"),
}


class PeopleAndPackets(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.library = window.library
        self.dialog: RecordDialog | None = None
        self.flag_boxes: dict[str, QCheckBox] = {}
        self._flag_sections: dict[str, str] = {}
        for field, (label, words, section) in PERSON_FLAGS.items():
            box = QCheckBox(label)
            box.setAccessibleName(f"This person {words}")
            box.toggled.connect(lambda on, field=field: self.set_person_flag(field, on))
            self.flag_boxes[field] = box
            self._flag_sections[section] = field

    def place_flag(self, section: str, page: RecordListPage) -> None:
        """Put the section's "none" box on its page, made the first time it is shown."""
        field = self._flag_sections.get(section)
        if field is not None:
            page.extras.addWidget(self.flag_boxes[field])

    def _run(self, text: str, outcome: ops.Outcome) -> None:
        push(self.window.undo_stack, self.library, text, outcome)

    def _open_dialog(
        self, form: str, record: Record, title: str, on_saved: Callable[[Record], None]
    ) -> RecordDialog:
        from organizer.gui.editor import RecordDialog  # a form: its widgets load when first asked

        dialog = RecordDialog(form, record, title, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def saved() -> None:
            if dialog.result_record is not None:
                on_saved(dialog.result_record)

        dialog.accepted.connect(saved)
        dialog.finished.connect(lambda _result: self._forget_dialog(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _forget_dialog(self, dialog: RecordDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    # -- people ----------------------------------------------------------------------------

    def add_person(self) -> RecordDialog:
        def saved(record: Record) -> None:
            outcome = ops.add_record(self.library, record)
            self.window.person_id, self.window.packet_id = record.id, None
            self._run(f"Add person “{_name(record)}”", outcome)

        return self._open_dialog("person_editor", Person(name=""), "Add a person", saved)

    def edit_person(self) -> RecordDialog | None:
        person = self.window.bar.current_person()
        if person is None:
            return None

        def saved(record: Record) -> None:
            if record != person and isinstance(record, Person):
                # their documents are judged again for the name as now given
                self._run(f"Edit person “{record.name}”", ops.edit_person(self.library, record))

        return self._open_dialog("person_editor", person, "Person details", saved)

    def delete_person(self) -> None:
        person = self.window.bar.current_person()
        if person is not None:
            question = (
                f"Delete {person.name} and everything kept for them: packets, timeline, "
                "medications, allergies and documents? You can undo this with Edit > Undo."
            )
            self._delete(person, "Delete person", question, f"Delete person “{person.name}”")

    def _delete(self, record: Record, title: str, question: str, step: str) -> None:
        if record.id is not None and self.window.ask(self.window, title, question):
            self._run(step, ops.delete_record(self.library, type(record), record.id))

    def set_person_flag(self, field: str, value: bool) -> None:
        person = self.window.bar.current_person()
        if person is None or getattr(person, field) == value:
            return
        after = Person(**{**person.__dict__, field: value})
        words = PERSON_FLAGS[field][1]
        text = f"Mark “{words}”" if value else f"Clear “{words}”"
        self._run(text, ops.update_record(self.library, after))

    def show_person_flags(self, person: Person | None) -> None:
        for field, box in self.flag_boxes.items():
            box.blockSignals(True)
            box.setChecked(bool(person and getattr(person, field)))
            box.setEnabled(person is not None)
            box.blockSignals(False)

    # -- packets ---------------------------------------------------------------------------

    def new_packet(self) -> RecordDialog | None:
        person_id = self.window.person_id
        if person_id is None:
            return None
        packet = Packet(person_id=person_id, title="", created_at=now_text())

        def saved(record: Record) -> None:
            outcome = ops.add_record(self.library, record)
            self.window.packet_id = record.id
            self._run(f"New packet “{_title(record)}”", outcome)
            self.window.show_section("overview")

        return self._open_dialog("packet_editor", packet, "New packet", saved)

    def edit_packet(self, field: str = "") -> RecordDialog | None:
        packet = self.window.bar.current_packet()
        if packet is None:
            return self.new_packet()

        def saved(record: Record) -> None:
            if record != packet:
                outcome = ops.update_record(self.library, record)
                self._run(f"Edit packet “{_title(record)}”", outcome)

        dialog = self._open_dialog("packet_editor", packet, "Packet details", saved)
        if field:
            dialog.focus_field(field)
        return dialog

    def delete_packet(self) -> None:
        packet = self.window.bar.current_packet()
        if packet is not None:
            question = (
                f"Delete the packet “{packet.title}” with its questions and requests? "
                "The person's documents, timeline and medications stay. "
                "You can undo this with Edit > Undo."
            )
            self._delete(packet, "Delete packet", question, f"Delete packet “{packet.title}”")


def _name(record: Record) -> str:
    return record.name if isinstance(record, Person) else ""


def _title(record: Record) -> str:
    return record.title if isinstance(record, Packet) else ""
