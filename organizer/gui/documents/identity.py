"""Whose record is this? The banner on a document naming someone else, and what to do.

A document whose file names another person gets a banner above its preview with two
actions: "This is <person>" (another name or a typo; the name can join the person's
other names) and "Move to another person…" (someone already in the library, or a new
person made from what the file says). After an import, when several new documents all
name the same other person, a bar above the list offers to file them all under that
person at once. Every change is one undoable step.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from organizer.core import ops
from organizer.core.identity.changes import person_named, shared_other_person
from organizer.core.identity.documents import (
    named_description,
    names_someone_else,
    person_from_file,
)
from organizer.core.identity.found import FoundIdentity
from organizer.core.identity.names import natural_order
from organizer.core.importing import ImportSummary
from organizer.core.library import Library
from organizer.core.records import Document, Person
from organizer.gui import theme
from organizer.gui.undo import push


def _person_text(person: Person) -> str:
    born = f", born {person.dob.to_storage()}" if person.dob else ""
    return f"{person.name}{born}"


# -- asking the person ------------------------------------------------------------------------


@dataclass(frozen=True)
class SameAnswer:
    add_name: bool


def ask_same_person(parent: QWidget, person: Person, document: Document) -> SameAnswer | None:
    """ "This is <person>": confirm, optionally adding the file's name to the other names."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(f"This is {person.name}")
    text = QLabel(
        f"<p>The file names <b>{escape(named_description(document))}</b>. You are saying it "
        f"is <b>{escape(person.name)}</b>'s record all the same: the name is another name "
        "they use, or a typo.</p><p>The warning goes away for this document.</p>"
    )
    text.setWordWrap(True)
    add = QCheckBox(f"Also add “{document.named_name}” to {person.name}'s other names")
    add.setToolTip("Other files that use this name will then count as theirs too")
    add.setVisible(bool(document.named_name))
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(f"Yes, it is {person.name}'s")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(text)
    layout.addWidget(add)
    layout.addWidget(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return SameAnswer(add_name=add.isChecked())


NEW_PERSON = 0
"""The answer for "a new person made from the file" (saved people have ids from 1)."""


def ask_move_target(
    parent: QWidget, people: Sequence[Person], suggestion: Person | None, preferred: int | None
) -> int | None:
    """Whom to move the document(s) to: a person's id, NEW_PERSON, or None to cancel."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Move to another person")
    intro = QLabel(
        "Choose whose records this document belongs to. Its files, notes and timeline links "
        "go with it; you can undo this (Ctrl+Z)."
    )
    intro.setWordWrap(True)
    layout = QVBoxLayout(dialog)
    layout.addWidget(intro)
    group = QButtonGroup(dialog)
    for person in people:
        if person.id is None:
            continue
        choice = QRadioButton(_person_text(person))
        group.addButton(choice, person.id)
        layout.addWidget(choice)
    if suggestion is not None:
        choice = QRadioButton(f"A new person: {_person_text(suggestion)} (as the file names them)")
        group.addButton(choice, NEW_PERSON)
        layout.addWidget(choice)
    chosen = group.button(preferred if preferred is not None else NEW_PERSON)
    if chosen is not None:
        chosen.setChecked(True)
    elif group.buttons():
        group.buttons()[0].setChecked(True)
    else:
        layout.addWidget(QLabel("There is no one else yet. Add the person first."))
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Move")
    buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(group.buttons()))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted or group.checkedId() == -1:
        return None
    return group.checkedId()


# -- the widgets ---------------------------------------------------------------------------------


def _add_buttons(layout: QVBoxLayout, *buttons: QPushButton) -> None:
    """One button a row, at their natural width: a narrow window keeps the list readable."""
    for button in buttons:
        row = QHBoxLayout()
        row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)


class IdentityBanner(QFrame):
    """Above the preview: the file names someone else, and the two ways to settle it."""

    same_person_requested = Signal()
    move_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("identityBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAccessibleName("Whose record this is")
        self.same_button = QPushButton("Th&is is the person (another name or a typo)…")
        self.same_button.setAccessibleName("This is the person: confirm the file is theirs")
        self.move_button = QPushButton("&Move to another person…")
        self.move_button.setToolTip("File this document under the person it belongs to")
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        _add_buttons(layout, self.same_button, self.move_button)
        self.same_button.clicked.connect(self.same_person_requested)
        self.move_button.clicked.connect(self.move_requested)
        self.hide()

    def show_for(self, document: Document | None, person: Person | None) -> None:
        if document is None or person is None or not names_someone_else(document):
            self.hide()
            return
        color = theme.warning_color(self).name()
        self.text.setText(
            f'<span style="color:{color}"><b>Names another person:</b></span> '
            f"<b>{escape(named_description(document))}</b>, not "
            f"{escape(_person_text(person))}."
        )
        self.text.setToolTip(
            "The file gives another patient's name or birth date. If it goes into the "
            f"packet, the specialist would read it as {person.name}'s record."
        )
        self.same_button.setText(f"Th&is is {person.name} (another name or a typo)…")
        self.same_button.setToolTip(
            f"The file is {person.name}'s record all the same; the warning goes away"
        )
        self.show()


class BatchOffer(QFrame):
    """Above the list after an import: several new documents all name one other person."""

    accepted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("identityBatchOffer")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.accept_button = QPushButton("File &all under that person")
        self.accept_button.setAccessibleName("File these documents under the person they name")
        self.dismiss_button = QPushButton("&Keep them here")
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        self.accept_button.clicked.connect(self.accepted)
        self.dismiss_button.clicked.connect(self.hide)
        self.hide()


class IdentityActions(QObject):
    """The documents page's part in identity: banner, batch offer, and the undoable steps."""

    def __init__(self, library: Library, undo_stack: QUndoStack, parent: QWidget) -> None:
        super().__init__(parent)
        self.library = library
        self.undo_stack = undo_stack
        self.parent_widget = parent
        self.banner = IdentityBanner(parent)
        self.offer = BatchOffer(parent)
        self.document: Document | None = None
        self.person: Person | None = None
        self.offered_ids: list[int] = []
        self.offered_person: Person | None = None
        self.ask_same: Callable[[QWidget, Person, Document], SameAnswer | None] = ask_same_person
        self.ask_move: Callable[
            [QWidget, Sequence[Person], Person | None, int | None], int | None
        ] = ask_move_target  # tests replace these two to answer for the person
        self.banner.same_person_requested.connect(self.confirm_same_person)
        self.banner.move_requested.connect(self.move_to_other_person)
        self.offer.accepted.connect(self.accept_offer)

    def show_document(self, document: Document | None) -> None:
        self.document = document
        self.person = None
        if document is not None and names_someone_else(document):
            self.person = self.library.get(Person, document.person_id)
        self.banner.show_for(document, self.person)

    # -- one document ------------------------------------------------------------------------

    def confirm_same_person(self) -> None:
        document, person = self.document, self.person
        if document is None or document.id is None or person is None:
            return
        answer = self.ask_same(self.parent_widget, person, document)
        if answer is None:
            return
        outcome = ops.confirm_same_person(self.library, document.id, add_name=answer.add_name)
        push(self.undo_stack, self.library, f"This is {person.name}", outcome)

    def move_to_other_person(self) -> None:
        document = self.document
        if document is None or document.id is None:
            return
        others = [p for p in self.library.people() if p.id != document.person_id]
        existing = person_named(self.library, _named(document)) if document.named_name else None
        suggestion = person_from_file(document) if document.named_name and not existing else None
        preferred = existing.id if existing is not None else None
        choice = self.ask_move(self.parent_widget, others, suggestion, preferred)
        if choice is None:
            return
        if choice == NEW_PERSON:
            assert suggestion is not None
            self.move([document.id], suggestion)
        else:
            self.move([document.id], self.library.get(Person, choice))

    def move(self, document_ids: Sequence[int], person: Person) -> None:
        """Move documents to a person (saved, or new: added by the same undoable step)."""
        if not document_ids:
            return
        count = "1 document" if len(document_ids) == 1 else f"{len(document_ids)} documents"
        outcome = ops.move_documents(self.library, document_ids, person)
        push(self.undo_stack, self.library, f"Move {count} to {person.name}", outcome)

    # -- after an import ---------------------------------------------------------------------

    def offer_after_import(self, summary: ImportSummary) -> None:
        """Several new documents naming one other person: offer to file them all there."""
        documents = [
            self.library.get(Document, document_id)
            for document_id in summary.document_ids
            if self.library.exists(Document, document_id)
        ]
        found = shared_other_person(documents)
        if found is None:
            self.offer.hide()
            return
        self.offered_ids = [d.id for d in documents if d.id is not None and names_someone_else(d)]
        existing = person_named(self.library, found)
        self.offered_person = existing or Person(name=natural_order(found.name), dob=found.dob)
        owner = self.library.get(Person, documents[0].person_id).name
        count = len(self.offered_ids)
        where = (
            "already in your records" if existing else "not in your records yet (filing adds them)"
        )
        self.offer.text.setText(
            f"<b>{count} files you just added name {escape(found.describe())}</b>, not "
            f"{escape(owner)}: perhaps a family member's download, or another patient's CD "
            f"or fax. {escape(found.name)} is {where}."
        )
        self.offer.accept_button.setText(f"File &all {count} under {found.name}")
        self.offer.show()

    def accept_offer(self) -> None:
        if self.offered_person is not None and self.offered_ids:
            self.move(self.offered_ids, self.offered_person)
        self.offer.hide()
        self.offered_ids = []
        self.offered_person = None


def _named(document: Document) -> FoundIdentity:
    return FoundIdentity(
        names=(document.named_name,) if document.named_name else (), dob=document.named_dob
    )
