"""What a new library shows instead of the sections: what the app is, and how to begin."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

WELCOME_TEXT = (
    "<h1>Welcome to Second Look</h1>"
    "<p>Second Look keeps medical records together on this computer and helps you prepare "
    "them for a second opinion.</p>"
    "<p><b>To begin</b>, add the person the records are about: yourself, or someone you "
    "care for. Then start a packet for the second opinion and drag your portal downloads, "
    "scans and imaging CDs onto this window.</p>"
    "<p>Nothing leaves this computer.</p>"
)


class WelcomePage(QWidget):
    def __init__(self, add_person: Callable[[], object], open_sample: Callable[[], object]) -> None:
        super().__init__()
        self.setObjectName("welcome_page")
        text = QLabel(WELCOME_TEXT)
        text.setWordWrap(True)
        text.setMaximumWidth(760)
        self.first_person_button = QPushButton("Add the first person…")
        self.first_person_button.setAccessibleName("Add the first person")
        self.first_person_button.clicked.connect(lambda: add_person())
        # a newcomer can look around a made-up packet before typing anything of their own
        self.sample_button = QPushButton("Look at a sample packet first…")
        self.sample_button.setAccessibleName("Open a made-up sample packet")
        self.sample_button.setToolTip(
            "Opens made-up records in a separate window; nothing is added to yours"
        )
        self.sample_button.clicked.connect(lambda: open_sample())
        buttons = QHBoxLayout()
        buttons.addWidget(self.first_person_button)
        buttons.addWidget(self.sample_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.addWidget(text)
        layout.addLayout(buttons)
        layout.addStretch(1)
