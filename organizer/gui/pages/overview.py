"""The Overview: the packet's essentials at a glance, and the checklist of what is missing."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from organizer.core.library import Library
from organizer.core.records import Packet, Person
from organizer.gui import labels, theme
from organizer.gui.changes import notices
from organizer.gui.fonts import emphasis
from organizer.gui.markup import escape
from organizer.gui.pages.checklist import ChecklistPanel
from organizer.gui.pages.tracker import TrackerPanel

NOT_YET = "Not filled in yet"

NO_PACKET_TEXT = (
    "<h1>Overview</h1>"
    "<h3>No packet yet</h3>"
    "<p>A <b>packet</b> is everything you are gathering for one second opinion: the question "
    "you want answered, the records, your timeline, medications, questions for the doctor "
    "and the items you have requested.</p>"
    "<p>Press <b>New packet…</b> to start one. You can change everything later.</p>"
)


class OverviewPage(QWidget):
    """Shows a packet's essentials; ``edit_requested(field)`` opens the packet form there."""

    edit_requested = Signal(str)
    new_packet_requested = Signal()

    def __init__(
        self,
        library: Library,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
        *,
        checklist_held: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("overview_page")
        self.library = library
        self.packet_id: int | None = None

        self.no_packet = QWidget()
        empty_layout = QVBoxLayout(self.no_packet)
        message = QLabel(NO_PACKET_TEXT)
        message.setObjectName("overview_empty")
        message.setWordWrap(True)
        self.new_packet_button = QPushButton("New packet…")
        self.new_packet_button.setAccessibleName("Start a new packet")
        self.new_packet_button.clicked.connect(self.new_packet_requested)
        empty_layout.addWidget(message)
        empty_layout.addWidget(self.new_packet_button, 0, Qt.AlignmentFlag.AlignLeft)
        empty_layout.addStretch(1)

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.subheading = QLabel()
        self.subheading.setWordWrap(True)
        self.edit_button = QPushButton("Edit packet details…")
        self.edit_button.setAccessibleName("Edit packet details")
        self.edit_button.clicked.connect(lambda: self.edit_requested.emit("title"))

        self.values: dict[str, QLabel] = {}
        # plain text in a bold or italic font rather than <b> or <i> markup: the same
        # letters, without a rich-text document laid out again for every width tried
        bold = emphasis(bold=True)
        essentials = QGroupBox("The essentials")
        form = QFormLayout(essentials)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for key, title in (
            ("question", "Question for the specialist"),
            ("first_diagnosis", "First opinion: diagnosis"),
            ("first_plan", "First opinion: recommended plan"),
            ("first_doctor", "First doctor"),
            ("provider", "Second-opinion doctor"),
            ("appointment", "Appointment"),
            ("insurance", "Insurance checked"),
        ):
            value = QLabel()
            value.setObjectName(f"overview_{key}")
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            caption = QLabel(title)
            caption.setFont(bold)
            value.setAccessibleName(title)
            form.addRow(caption, value)
            self.values[key] = value

        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.heading)
        titles.addWidget(self.subheading)
        top.addLayout(titles, 1)
        top.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)

        content = QWidget()
        self.content_layout = QVBoxLayout(content)
        self.content_layout.addLayout(top)
        # the checklist first: "is it ready, and what is missing" is what people come for
        self.checklist = ChecklistPanel(library, undo_stack, held=checklist_held)
        self.content_layout.addWidget(self.checklist)
        self.content_layout.addWidget(essentials)
        self.tracker = TrackerPanel(library)
        self.content_layout.addWidget(self.tracker)
        self.content_layout.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(content)
        self.scroll_area.setAccessibleName("Overview of the packet")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.no_packet)
        layout.addWidget(self.scroll_area)
        # the checklist reads nearly every table of the packet: any change may move it
        notices(library).changed.connect(self._library_changed)
        # read when given a packet or first shown, whichever comes first: the window gives
        # it one before showing it, and reading "no packet" before that lays out for nothing
        self._read = False

    def showEvent(self, event: QShowEvent) -> None:
        if not self._read:
            self.reload()
        super().showEvent(event)

    def _library_changed(self, _changes: object) -> None:
        self.reload()

    def set_packet(self, packet_id: int | None, *, force: bool = True) -> None:
        if force or packet_id != self.packet_id or not self._read:
            self.packet_id = packet_id
            self.reload()

    def reload(self) -> None:
        self._read = True
        packet = None
        if self.packet_id is not None and self.library.exists(Packet, self.packet_id):
            packet = self.library.get(Packet, self.packet_id)
        self.no_packet.setVisible(packet is None)
        self.scroll_area.setVisible(packet is not None)
        self.checklist.set_packet(packet.id if packet is not None else None)
        self.tracker.set_packet(packet.id if packet is not None else None)
        if packet is None:
            return
        person = self.library.get(Person, packet.person_id)
        self.heading.setText(f"<h1>{escape(packet.title)}</h1>")
        self.subheading.setText(f"For {escape(person.name)}")
        provider = ", ".join(p for p in (packet.provider_name, packet.provider_institution) if p)
        shown = {
            "question": packet.question,
            "first_diagnosis": packet.first_diagnosis,
            "first_plan": packet.first_plan,
            "first_doctor": packet.first_doctor,
            "provider": provider,
            "appointment": labels.appointment_text(packet.appointment),
            "insurance": _insurance_text(packet),
        }
        for key, text in shown.items():
            self._show_value(key, text)

    def _show_value(self, key: str, text: str) -> None:
        """The value as typed, or "Not filled in yet" in italics in the warning colour."""
        label = self.values[key]
        missing = not text.strip()
        label.setText(NOT_YET if missing else text)
        label.setFont(emphasis(italic=True) if missing else QFont())
        palette = QPalette()  # nothing set: the label follows the page's colours
        if missing:
            palette.setColor(QPalette.ColorRole.WindowText, theme.warning_color(self))
        label.setPalette(palette)


def _insurance_text(packet: Packet) -> str:
    parts = [
        f"Covered: {labels.word(packet.insurance_covered)}",
        f"In network: {labels.word(packet.in_network)}",
        f"Pre-authorisation: {labels.word(packet.preauthorization)}",
    ]
    return "; ".join(parts)
