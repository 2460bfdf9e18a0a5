"""Small windows of the documents section: edit a document, its timeline links, the trash."""

from __future__ import annotations

import copy
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from organizer.core.dates import PartialDate
from organizer.core.errors import InvalidInput
from organizer.core.guesses import set_category, set_date
from organizer.core.library import Library
from organizer.core.records import Document, Event
from organizer.core.vocab import CATEGORY_LABELS, Category


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setAccessibleName("Problem with this field")
    label.hide()
    return label


class DocumentEditor(QDialog):
    """Edit title, category, date and notes; a changed category or date counts as checked."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit document")
        self.original = document
        self.title_edit = QLineEdit(document.title)
        self.title_edit.setAccessibleName("Title")
        self.title_error = _error_label()
        self.category_box = QComboBox()
        self.category_box.setAccessibleName("Category")
        for category in Category:
            self.category_box.addItem(CATEGORY_LABELS[category], category.value)
        self.category_box.setCurrentIndex(self.category_box.findData(document.category.value))
        self.date_edit = QLineEdit(document.date.display() if document.date else "")
        self.date_edit.setAccessibleName("Date")
        self.date_edit.setPlaceholderText("for example: 12 January 2026, March 2026, about 2019")
        self.date_error = _error_label()
        self.notes_edit = QPlainTextEdit(document.notes)
        self.notes_edit.setAccessibleName("Notes")
        self.notes_edit.setTabChangesFocus(True)

        form = QFormLayout()
        form.addRow("&Title:", self.title_edit)
        form.addRow("", self.title_error)
        form.addRow("&Category:", self.category_box)
        form.addRow("&Date:", self.date_edit)
        form.addRow("", self.date_error)
        form.addRow("&Notes:", self.notes_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.title_edit.textChanged.connect(self.validate)
        self.date_edit.textChanged.connect(self.validate)

    def validate(self) -> bool:
        ok = True
        if not self.title_edit.text().strip():
            self.title_error.setText("A document needs a title.")
            self.title_error.show()
            ok = False
        else:
            self.title_error.hide()
        try:
            self._date()
        except InvalidInput as error:
            self.date_error.setText(str(error))
            self.date_error.show()
            ok = False
        else:
            self.date_error.hide()
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(ok)
        return ok

    def _date(self) -> PartialDate | None:
        text = self.date_edit.text().strip()
        if not text:
            return None
        original = self.original.date
        if original is not None and text == original.display():
            return original
        return PartialDate.parse(text)

    def edited(self) -> Document:
        """The document as the form now says it (call after validate())."""
        result = copy.deepcopy(self.original)
        result.title = self.title_edit.text().strip()
        category = Category(self.category_box.currentData())
        if category != result.category:
            set_category(result, category)
        date = self._date()
        if date != result.date:
            set_date(result, date)
        result.notes = self.notes_edit.toPlainText().strip()
        return result

    def accept(self) -> None:
        if self.validate():
            super().accept()


class EventLinks(QDialog):
    """Tick the timeline events this document belongs to."""

    def __init__(self, library: Library, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert document.id is not None
        self.setWindowTitle("Timeline links")
        events = library.children(Event, document.person_id)
        self.before: dict[int, bool] = {}
        self.list = QListWidget()
        self.list.setAccessibleName("Timeline events")
        for event in events:
            assert event.id is not None
            linked = document.id in library.event_document_ids(event.id)
            self.before[event.id] = linked
            item = QListWidgetItem(f"{event.date.display()}: {event.title}")
            item.setData(Qt.ItemDataRole.UserRole, event.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if linked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        intro = QLabel(
            f"Tick the timeline events “{document.title}” belongs to."
            if events
            else "There are no timeline events yet. Add them in the Timeline section first."
        )
        intro.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def changes(self) -> dict[int, bool]:
        result: dict[int, bool] = {}
        for row in range(self.list.count()):
            item = self.list.item(row)
            event_id = int(item.data(Qt.ItemDataRole.UserRole))
            linked = item.checkState() == Qt.CheckState.Checked
            if linked != self.before[event_id]:
                result[event_id] = linked
        return result


Confirm = Callable[[QWidget, str, str], bool]


Tell = Callable[[QWidget, str, str], None]


def tell(parent: QWidget, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def ask_yes_no(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


class TrashWindow(QDialog):
    """What is in the trash: restore a document, or empty the trash for good."""

    def __init__(
        self,
        library: Library,
        person_id: int | None,
        restore: Callable[[list[int]], None],
        empty: Callable[[], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Trash")
        self.resize(520, 380)
        self.library = library
        self.person_id = person_id
        self._restore = restore
        self._empty = empty
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Documents in the trash")
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.restore_button = QPushButton("&Restore")
        self.restore_button.setToolTip("Put the selected documents back in the list")
        self.empty_button = QPushButton("&Empty trash…")
        self.empty_button.setToolTip("Delete everything in the trash for good")
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.restore_button)
        row.addWidget(self.empty_button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.list)
        layout.addLayout(row)
        self.restore_button.clicked.connect(self._restore_selected)
        self.empty_button.clicked.connect(self._empty)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        for document in self.library.trashed_documents(self.person_id):
            when = (document.trashed_at or "")[:10]
            item = QListWidgetItem(f"{document.title} (moved to the trash {when})")
            item.setData(Qt.ItemDataRole.UserRole, document.id)
            self.list.addItem(item)
        count = self.list.count()
        if count:
            self.intro.setText(
                "Documents you deleted stay here, with their files, until you empty the trash."
            )
        else:
            self.intro.setText("The trash is empty.")
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(bool(self.list.selectedItems()))
        self.empty_button.setEnabled(self.list.count() > 0)

    def _restore_selected(self) -> None:
        ids = [int(item.data(Qt.ItemDataRole.UserRole)) for item in self.list.selectedItems()]
        if ids:
            self._restore(ids)
            self.refresh()
