"""The main window: the people in the library and their packets.

A deliberately small first window; the full interface (sections, editors, drag and drop)
is built on top of it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from organizer.core.library import Library
from organizer.core.records import Packet, Person

EMPTY_TEXT = (
    "<h2>Welcome to Second Look</h2>"
    "<p>Second Look keeps your medical records together on this computer and helps you "
    "prepare them for a second opinion.</p>"
    "<p><b>To begin</b>, add the person the records are for (yourself, or someone you care "
    "for). Then start a packet for the second opinion and drag your portal downloads, "
    "scans and imaging CDs onto this window.</p>"
    "<p>Nothing leaves this computer.</p>"
)


class MainWindow(QMainWindow):
    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.setWindowTitle("Second Look")
        self.resize(900, 600)

        self.people = QListWidget()
        self.people.setAccessibleName("People")
        self.packets = QListWidget()
        self.packets.setAccessibleName("Packets")
        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty.setMargin(24)

        lists = QWidget()
        layout = QHBoxLayout(lists)
        layout.addLayout(_titled("People", self.people))
        layout.addLayout(_titled("Packets", self.packets))

        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(lists)
        self.setCentralWidget(self.stack)

        self.people.currentItemChanged.connect(self._show_packets)
        self.refresh()

    def refresh(self) -> None:
        self.people.clear()
        for person in self.library.people():
            item = QListWidgetItem(_person_label(person))
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            self.people.addItem(item)
        self.stack.setCurrentIndex(1 if self.people.count() else 0)
        if self.people.count():
            self.people.setCurrentRow(0)

    def _show_packets(self, current: QListWidgetItem | None) -> None:
        self.packets.clear()
        if current is None:
            return
        person_id = current.data(Qt.ItemDataRole.UserRole)
        packets = self.library.children(Packet, person_id)
        for packet in packets:
            self.packets.addItem(packet.title)
        if not packets:
            placeholder = QListWidgetItem("No packets yet: start one for the second opinion.")
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.packets.addItem(placeholder)


def _titled(title: str, widget: QWidget) -> QVBoxLayout:
    column = QVBoxLayout()
    label = QLabel(f"<b>{title}</b>")
    label.setBuddy(widget)
    column.addWidget(label)
    column.addWidget(widget)
    return column


def _person_label(person: Person) -> str:
    if person.dob is None:
        return person.name
    return f"{person.name} (born {person.dob.display()})"
