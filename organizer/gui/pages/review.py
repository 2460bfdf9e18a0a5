"""The review list: what imported files propose, accepted, edited or dismissed by the person.

Nothing read from a portal file joins the record until the person says so here. Accept,
dismiss and edit are core operations (organizer.core.ops.review) pushed on the app's
undo stack, so Edit > Undo takes back a whole batch (every item accepted at once comes
out again) or an edit; the change notice tells every page what changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from organizer.core import ops
from organizer.core.clinical.model import Kind
from organizer.core.clinical.review import EDITABLE, Proposal, proposals
from organizer.core.errors import SecondLookError
from organizer.core.library import Library
from organizer.core.ops.review import PROPOSALS
from organizer.core.records import Allergy, Document, Event, Medication, Person
from organizer.core.words import word
from organizer.gui.pages.listing import PersonRowsPage, empty_or_table, list_table
from organizer.gui.rowdiff import update_rows
from organizer.gui.undo import push

Index = QModelIndex | QPersistentModelIndex
FIELD_WORDS = {
    "name": "Name", "dose": "Dose", "route": "How taken", "frequency": "How often",
    "start": "Started", "stop": "Stopped", "reaction": "Reaction", "severity": "How bad",
    "onset": "Since", "resolved": "Resolved", "status": "Status", "value": "Value",
    "unit": "Unit", "reference_range": "Normal range", "interpretation": "Flag",
    "date": "Date", "place": "Where", "provider": "Who",
}  # fmt: skip
HEADERS = ("What", "Item", "Found in", "Already in the record")

EditFields = Callable[[QWidget, Proposal], dict[str, str] | None]


def kind_word(proposal: Proposal) -> str:
    """The kind of item in the app's words ("Lab result"); a kind not known yet, readable."""
    try:
        return word(Kind(proposal.kind))
    except ValueError:
        return proposal.kind


def _sources_text(proposal: Proposal) -> str:
    titles = dict.fromkeys(source.document_title for source in proposal.sources)
    return "; ".join(titles)


class ProposalModel(QAbstractTableModel):
    """Pending proposals as rows: kind, summary, the documents they came from, matches."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Proposal] = []

    def set_rows(self, rows: list[Proposal]) -> None:
        """Show these proposals, telling the view only which rows came, went or changed."""
        update_rows(self, self._rows, list(rows), lambda proposal: proposal.id)

    def proposal(self, row: int) -> Proposal:
        return self._rows[row]

    def rows(self) -> list[Proposal]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        proposal = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.AccessibleTextRole):  # fmt: skip
            return (
                kind_word(proposal),
                proposal.summary,
                _sources_text(proposal),
                "; ".join(proposal.matches) or "No",
            )[index.column()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None


def ask_edit(parent: QWidget, proposal: Proposal) -> dict[str, str] | None:
    """A small form with the item's editable words; None when cancelled."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(f"Edit {kind_word(proposal).lower()}")
    form = QFormLayout(dialog)
    edits: dict[str, QLineEdit] = {}
    for name in EDITABLE.get(proposal.kind, ("name",)):
        line = QLineEdit(str(proposal.data.get(name) or ""))
        line.setAccessibleName(FIELD_WORDS.get(name, name))
        edits[name] = line
        form.addRow(FIELD_WORDS.get(name, name), line)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return {name: line.text() for name, line in edits.items()}


class ReviewPage(PersonRowsPage[Proposal]):
    """Heading, explanation, the pending items and what can be done with them."""

    pending_changed = Signal(int)
    """How many items wait for review, after every reload."""
    watched = (PROPOSALS, Document.TABLE, Person.TABLE, Medication.TABLE, Allergy.TABLE,
               Event.TABLE)  # fmt: skip
    """What the list and its "Already in the record" column are read from."""

    def __init__(
        self, library: Library, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(library, parent)
        self.setObjectName("review_page")
        self.undo_stack = undo_stack
        self.edit_fields: EditFields = ask_edit

        heading = QLabel("<h1>To review</h1>")
        heading.setAccessibleName("To review")
        intro = QLabel(
            "What your portal files say: medications, allergies, problems, results, "
            "procedures, visits and vaccines. Nothing here is in your record until you accept "
            "it. Check each item against what you know; edit it if the file has it wrong, or "
            "dismiss it. Edit > Undo takes back a whole accept or dismiss, or an edit."
        )
        intro.setWordWrap(True)
        self.status = QLabel("")
        self.status.setObjectName("review_status")
        self.status.setWordWrap(True)

        self.accept_button = QPushButton("&Accept")
        self.accept_button.setAccessibleName("Accept the selected items")
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setAccessibleName("Edit the selected item before accepting it")
        self.dismiss_button = QPushButton("&Dismiss")
        self.dismiss_button.setAccessibleName("Dismiss the selected items")
        self.accept_all_button = QPushButton("Accept a&ll")
        self.accept_all_button.setAccessibleName("Accept every item in the list")
        buttons = QHBoxLayout()
        for button in (self.accept_button, self.edit_button, self.dismiss_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.accept_all_button)

        self.model = ProposalModel(self)
        self.table = list_table("review_table", "Items to review", self.model, several=True)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.stack, self.empty_label = empty_or_table(
            "review_empty",
            "<h3>Nothing to review</h3><p>When you import a portal download (C-CDA, an XDM "
            "zip or FHIR), what it says about medications, allergies, problems and results "
            "appears here for you to check before it joins your record.</p>",
            self.table,
        )

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.stack, 1)

        self.accept_button.clicked.connect(lambda: self.decide("accept"))
        self.dismiss_button.clicked.connect(lambda: self.decide("dismiss"))
        self.accept_all_button.clicked.connect(self.accept_all)
        self.edit_button.clicked.connect(self.edit_selected)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        delete = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(lambda: self.decide("dismiss"))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    # -- filling -------------------------------------------------------------------------------

    def read_rows(self, person_id: int) -> list[Proposal]:
        return proposals(self.library, person_id)

    def show_rows(self, rows: list[Proposal]) -> None:
        self.model.set_rows(rows)

    def fit_columns(self) -> None:
        for column in (0, 3):
            self.table.resizeColumnToContents(column)
        self.table.setColumnWidth(2, self.table.fontMetrics().horizontalAdvance("M" * 15))

    def reloaded(self) -> None:
        self._update_buttons()
        self.pending_changed.emit(self.model.rowCount())

    def pending_count(self) -> int:
        return self.model.rowCount()

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.proposal(row).id for row in rows]

    def _update_buttons(self) -> None:
        chosen = bool(self.table.selectionModel().selectedRows())
        self.accept_button.setEnabled(chosen)
        self.dismiss_button.setEnabled(chosen)
        self.edit_button.setEnabled(len(self.table.selectionModel().selectedRows()) == 1)
        self.accept_all_button.setEnabled(self.model.rowCount() > 0)

    # -- actions -------------------------------------------------------------------------------

    def decide(self, action: str) -> None:
        ids = self.selected_ids()
        if ids and self.person_id is not None:
            self._decide(ops.Decision(action), ids)

    def accept_all(self) -> None:
        if self.person_id is not None and self.model.rowCount():
            self._decide(ops.Decision.ACCEPT, [p.id for p in self.model.rows()])

    def _decide(self, decision: ops.Decision, ids: list[int]) -> None:
        assert self.person_id is not None
        try:
            outcome = ops.decide_proposals(self.library, self.person_id, ids, decision)
        except SecondLookError as error:
            self.status.setText(str(error))
            return
        _batch, count = ops.decided(outcome.changes)
        items = f"{count} item{'s' if count != 1 else ''}"
        verb = "Accept" if decision is ops.Decision.ACCEPT else "Dismiss"
        push(self.undo_stack, self.library, f"{verb} {items}", outcome)
        self.status.setText(f"{verb}ed {items}. Edit > Undo takes them all back.")

    def edit_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if len(rows) != 1:
            return
        chosen = self.model.proposal(rows[0])
        words = self.edit_fields(self, chosen)
        if words is None:
            return
        try:
            outcome = ops.edit_proposal(self.library, chosen.id, words)
        except SecondLookError as error:
            self.status.setText(str(error))
            return
        kind = kind_word(chosen).lower()
        if push(self.undo_stack, self.library, f"Edit {kind}", outcome):
            self.status.setText("Changed. Accept it to add it to the record.")
        else:
            self.status.setText("Nothing was changed.")
