"""The bar at the top of the main window: whose records, and which packet, are shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from organizer.core.records import Packet, Person

if TYPE_CHECKING:
    from organizer.gui.main_window import MainWindow


def person_label(person: Person) -> str:
    if person.dob is None:
        return person.name
    return f"{person.name} (born {person.dob.display()})"


def fill_people(combo: QComboBox, people: list[Person], chosen: int | None) -> int | None:
    """List the people, keep ``chosen`` if it is still there, and return who is shown."""
    ids = [person.id for person in people]
    if chosen not in ids:
        chosen = ids[0] if ids else None
    combo.blockSignals(True)
    combo.clear()
    names = [person.name.casefold() for person in people]
    for index, person in enumerate(people):
        # the date of birth tells apart two people of the same name; otherwise keep it short
        shared = names.count(person.name.casefold()) > 1
        combo.addItem(person_label(person) if shared else person.name, person.id)
        combo.setItemData(index, person_label(person), Qt.ItemDataRole.ToolTipRole)
    combo.setCurrentIndex(max(combo.findData(chosen), 0))
    combo.blockSignals(False)
    return chosen


def fill_packets(combo: QComboBox, packets: list[Packet], chosen: int | None) -> int | None:
    """List the person's packets (the newest is shown unless one is chosen)."""
    ids = [packet.id for packet in packets]
    if chosen not in ids:
        chosen = ids[-1] if ids else None
    combo.blockSignals(True)
    combo.clear()
    for packet in packets:
        combo.addItem(packet.title, packet.id)
    if not packets:
        combo.addItem("No packet yet", None)
    combo.setCurrentIndex(max(combo.findData(chosen), 0))
    combo.setEnabled(bool(packets))
    combo.blockSignals(False)
    return chosen


class PeopleBar:
    """The two lists at the top of a main window and the buttons beside them.

    Choosing a person or a packet sets the window's ``person_id`` and ``packet_id`` and
    asks it to show them; the window tells its sections.
    """

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.library = window.library
        window.person_combo.currentIndexChanged.connect(self._person_chosen)
        window.packet_combo.currentIndexChanged.connect(self._packet_chosen)
        window.add_person_button.clicked.connect(window.people.add_person)
        window.edit_person_button.clicked.connect(window.people.edit_person)
        window.new_packet_button.clicked.connect(window.people.new_packet)

    def fill(self) -> Person | None:
        """List the people and the chosen person's packets; return who is shown."""
        window = self.window
        people = self.library.people()
        window.person_id = fill_people(window.person_combo, people, window.person_id)
        packets = (
            [] if window.person_id is None else self.library.children(Packet, window.person_id)
        )
        window.packet_id = fill_packets(window.packet_combo, packets, window.packet_id)
        return next((person for person in people if person.id == window.person_id), None)

    def update_buttons(self) -> None:
        has_person = self.window.person_id is not None
        self.window.new_packet_button.setEnabled(has_person)
        self.window.edit_person_button.setEnabled(has_person)

    def _person_chosen(self, index: int) -> None:
        if index < 0:
            return
        self.window.person_id = self.window.person_combo.itemData(index)
        self.window.packet_id = None
        self.window.refresh_all()

    def _packet_chosen(self, index: int) -> None:
        data = self.window.packet_combo.itemData(index) if index >= 0 else None
        if data is None:
            return
        self.window.packet_id = data
        self.window.refresh_all()

    def show_packet(self, packet_id: int) -> None:
        """Show a packet of the current person (a third-opinion packet just made)."""
        self.window.packet_id = packet_id
        self.window.refresh_all()
        self.window.show_section("overview")

    def current_person(self) -> Person | None:
        person_id = self.window.person_id
        if person_id is None or not self.library.exists(Person, person_id):
            return None
        return self.library.get(Person, person_id)

    def current_packet(self) -> Packet | None:
        packet_id = self.window.packet_id
        if packet_id is None or not self.library.exists(Packet, packet_id):
            return None
        return self.library.get(Packet, packet_id)
