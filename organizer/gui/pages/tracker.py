"""The case tracker on the Overview: each step with its date, and what is overdue."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QWidget

from organizer.core.library import Library
from organizer.core.records import Packet
from organizer.core.visit.tracker import StepState, Tracker, track
from organizer.gui import theme
from organizer.gui.fonts import emphasis

_STATE_WORDS = {
    StepState.DONE: "Done",
    StepState.WAITING: "Waiting",
    StepState.OVERDUE: "Overdue",
    StepState.NOT_STARTED: "Not yet",
}


class TrackerPanel(QGroupBox):
    """Records requested, appointment, visit, follow-up, and lent items due back."""

    def __init__(
        self,
        library: Library,
        today: Callable[[], _dt.date] = _dt.date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Where things stand", parent)
        self.setObjectName("tracker_panel")
        self.library = library
        self.today = today
        self.tracker: Tracker | None = None
        self.grid = QGridLayout(self)
        self.grid.setColumnStretch(0, 2)
        self.grid.setColumnStretch(3, 3)
        self.rows: list[tuple[QLabel, QLabel, QLabel, QLabel]] = []

    def set_packet(self, packet_id: int | None) -> None:
        self._clear()
        if packet_id is None or not self.library.exists(Packet, packet_id):
            self.tracker = None
            return
        self.tracker = track(self.library, packet_id, self.today())
        for step in self.tracker.steps:
            when = step.date.display() if step.date else ""
            if when and step.state in (StepState.WAITING, StepState.OVERDUE):
                when = f"due {when}"
            self._add_row(
                step.name,
                _STATE_WORDS[step.state],
                when,
                step.note,
                step.guidance,
                step.state is StepState.OVERDUE,
            )
        for item in self.tracker.due_back:
            source = f" to {item.source}" if item.source else ""
            due = f"due {item.due.display()}" if item.due else "no date set"
            if item.overdue:
                note = "The day it was due back has passed: return it, or ask for more time."
            else:
                note = "Lent for the second opinion; it has to go back."
            self._add_row(
                f"Return {item.item}{source}",
                "Overdue" if item.overdue else "Lent out",
                due,
                note,
                "Pathology slides and imaging CDs are lent and expected back.",
                item.overdue,
            )

    def _add_row(
        self, name: str, state: str, when: str, note: str, guidance: str, overdue: bool
    ) -> None:
        row = len(self.rows)
        labels = (QLabel(name), QLabel(state), QLabel(when), QLabel(note))
        labels[0].setFont(emphasis(bold=True))  # not <b> markup: no rich-text document
        for label in labels[:1] + labels[2:]:
            label.setTextFormat(Qt.TextFormat.PlainText)
        for wrapped in (labels[0], labels[3]):
            wrapped.setWordWrap(True)
        if overdue:
            color = theme.warning_color(self).name()
            labels[1].setText(f'<b style="color:{color}">⚠ {state}</b>')
        for column, label in enumerate(labels):
            label.setToolTip(guidance)
            label.setAccessibleName(f"{name}: {label.text()}" if column else name)
            self.grid.addWidget(label, row, column)
        self.rows.append(labels)

    def _clear(self) -> None:
        for labels in self.rows:
            for label in labels:
                self.grid.removeWidget(label)
                label.deleteLater()
        self.rows = []
