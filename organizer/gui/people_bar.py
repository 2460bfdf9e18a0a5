"""The bar at the top of the main window: whose records, and which packet, are shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from organizer.core.records import Packet, Person


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
