"""The strip above the preview: what the document is, what was guessed and why, and actions.

A guess is spelled out in words ("Category: Lab result, guessed") with the reason right
under it and a Confirm button, so checking it is one click.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from organizer.core.guesses import category_guessed, date_guessed, needs_check
from organizer.core.records import PASSWORD_PROTECTED, SCANNED_NO_TEXT, Document
from organizer.core.vocab import CATEGORY_LABELS

FLAG_EXPLANATIONS = {
    PASSWORD_PROTECTED: (
        "Password-protected: the specialist may not be able to open it without the password."
    ),
    SCANNED_NO_TEXT: (
        "Scanned, no text: this is a picture of a page, so search cannot find words in it."
    ),
}


def _breakable(text: str) -> str:
    """Let a long file name wrap after _ . - so it cannot widen the pane."""
    return "".join(ch + "\u200b" if ch in "_.-/\\" else ch for ch in text)


class DocumentDetails(QWidget):
    confirm_requested = Signal()
    edit_requested = Signal()
    open_requested = Signal()
    reveal_requested = Signal()
    links_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # wrapped text follows the pane's width; it never sets it
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.summary.setMinimumWidth(1)
        self.guess = QLabel()
        self.guess.setWordWrap(True)
        self.guess.setTextFormat(Qt.TextFormat.RichText)
        self.guess.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.guess.setMinimumWidth(1)
        self.confirm_button = QPushButton("&Confirm")
        self.confirm_button.setToolTip("The guessed category and date are right: mark them checked")
        self.confirm_button.setAccessibleName("Confirm the guessed category and date")
        self.edit_button = QPushButton("Change &details…")
        self.edit_button.setToolTip("Change the title, category, date or notes")
        self.links_button = QPushButton("&Link to timeline…")
        self.links_button.setToolTip("Link this document to events on the timeline")
        self.open_button = QPushButton("&Open in viewer")
        self.open_button.setToolTip("Open a read-only copy in the program your computer uses")
        self.reveal_button = QPushButton("Sho&w in folder")
        self.reveal_button.setToolTip("Show a read-only copy in your file manager")

        guess_row = QHBoxLayout()
        guess_row.addWidget(self.guess, 1)
        guess_row.addWidget(self.confirm_button)
        # two rows of two, so the preview side stays narrow enough to leave the list readable
        buttons = QGridLayout()
        for index, button in enumerate(
            (self.edit_button, self.links_button, self.open_button, self.reveal_button)
        ):
            buttons.addWidget(button, index // 2, index % 2)
        buttons.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addLayout(guess_row)
        layout.addLayout(buttons)

        self.confirm_button.clicked.connect(self.confirm_requested)
        self.edit_button.clicked.connect(self.edit_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.reveal_button.clicked.connect(self.reveal_requested)
        self.links_button.clicked.connect(self.links_requested)
        self.show_document(None)

    def show_document(self, document: Document | None, linked_events: Sequence[str] = ()) -> None:
        has_document = document is not None
        for button in (self.edit_button, self.open_button, self.reveal_button, self.links_button):
            button.setEnabled(has_document)
        if document is None:
            self.summary.setText("")
            self.guess.setText("")
            self.guess.hide()
            self.confirm_button.hide()
            return
        lines = [f"<b>{escape(_breakable(document.title))}</b>"]
        category = CATEGORY_LABELS[document.category]
        category_word = " <i>(guessed)</i>" if category_guessed(document) else ""
        date = document.date.display() if document.date else "date unknown"
        date_word = " <i>(guessed)</i>" if date_guessed(document) else ""
        lines.append(f"Category: {category}{category_word} · Date: {date}{date_word}")
        if document.page_count:
            pages = "1 page" if document.page_count == 1 else f"{document.page_count} pages"
            lines.append(pages)
        for flag in sorted(document.flag_set):
            if flag in FLAG_EXPLANATIONS:
                lines.append(f"<b>Note:</b> {FLAG_EXPLANATIONS[flag]}")
        if linked_events:
            lines.append("On the timeline: " + escape("; ".join(linked_events)))
        if document.notes:
            lines.append("Notes: " + escape(document.notes))
        self.summary.setText("<br>".join(lines))
        guessed = needs_check(document)
        self.guess.setVisible(guessed)
        self.confirm_button.setVisible(guessed)
        if guessed:
            reason = document.guess_reason.strip() or "filled in from the file itself"
            self.guess.setText(
                "<b>Please check:</b> the app guessed the "
                + " and ".join(
                    word
                    for word, flag in (
                        ("category", category_guessed(document)),
                        ("date", date_guessed(document)),
                    )
                    if flag
                )
                + f". Why: {escape(_breakable(reason))}."
            )
