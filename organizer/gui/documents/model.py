"""The documents table: one row per document of the current person, read from the library.

Guessed categories and dates carry the word "guessed" and a question-mark icon (never
colour alone) until the person confirms them; the tooltip says why the app guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from organizer.core import queries
from organizer.core.guesses import category_guessed, date_guessed, needs_check
from organizer.core.identity.documents import named_description, names_someone_else
from organizer.core.library import Library
from organizer.core.records import PASSWORD_PROTECTED, SCANNED_NO_TEXT, Document
from organizer.core.vocab import CATEGORY_LABELS
from organizer.gui.rowdiff import update_rows

Index = QModelIndex | QPersistentModelIndex

DOCUMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
NEEDS_CHECK_ROLE = Qt.ItemDataRole.UserRole + 3
SEARCH_TEXT_ROLE = Qt.ItemDataRole.UserRole + 4

GUESS_ICON_SIDE = 16
MAX_TARGETED = 200
"""More changed documents than this at once are brought up to date by a reload."""
THUMBNAIL, TITLE, CATEGORY, DATE, PROVIDER, PAGES, INCLUDED = range(7)
HEADERS = ("", "Title", "Category", "Date", "Provider", "Pages", "In packet")

FLAG_WORDS = {
    PASSWORD_PROTECTED: "password-protected",
    SCANNED_NO_TEXT: "scanned, no text",
}


def guess_explanation(document: Document) -> str:
    reason = document.guess_reason.strip() or "the app filled this in from the file itself"
    return f"Guessed by Second Look: {reason}. Check it and press Confirm if it is right."


@dataclass
class DocumentRow:
    document: Document
    provider: str
    included: bool

    @property
    def id(self) -> int:
        assert self.document.id is not None
        return self.document.id


_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.CheckStateRole,
        Qt.ItemDataRole.TextAlignmentRole,
        DOCUMENT_ID_ROLE,
        SORT_ROLE,
        NEEDS_CHECK_ROLE,
        SEARCH_TEXT_ROLE,
    }
)

Thumbnailer = Callable[[Document], QIcon | None]
IncludeSetter = Callable[[int, bool], None]


def _row_id(row: DocumentRow) -> int:
    return row.id


class DocumentsModel(QAbstractTableModel):
    """Documents of one person (not trashed), with packet inclusion when a packet is set."""

    reloaded = Signal()

    def __init__(self, library: Library, parent: Any = None) -> None:
        super().__init__(parent)
        self.library = library
        self.person_id: int | None = None
        self.packet_id: int | None = None
        self.rows: list[DocumentRow] = []
        self.thumbnailer: Thumbnailer | None = None
        self.include_setter: IncludeSetter | None = None
        self._guess_icon: QIcon | None = None
        self._other_icon: QIcon | None = None
        self._italic: QFont | None = None
        self.sort_column = -1
        self.sort_order = Qt.SortOrder.AscendingOrder

    # -- loading ---------------------------------------------------------------------------

    def set_scope(self, person_id: int | None, packet_id: int | None) -> None:
        self.person_id = person_id
        self.packet_id = packet_id
        self.reload()

    def reload(self) -> None:
        """Read the rows again and tell the view only which came, went or changed."""
        fresh = self._sorted(self._load())
        update_rows(self, self.rows, fresh, _row_id)
        self.reloaded.emit()

    def update_documents(self, document_ids: Iterable[int]) -> None:
        """Bring just these documents up to date: arriving ones are inserted at their sorted
        place, changed ones redrawn (moved if their place changed), gone ones removed.

        An import adds a few documents at a time to a list of thousands: re-reading and
        comparing the whole list each time blocked the window longer than the work itself.
        """
        ids = set(document_ids)
        if len(ids) > MAX_TARGETED:
            self.reload()  # one diff of the whole list beats thousands of single moves
            return
        fresh = {row.id: row for row in self._load_some(ids)}
        place = {row.id: number for number, row in enumerate(self.rows)}
        for document_id in sorted(ids & place.keys(), key=place.__getitem__, reverse=True):
            if document_id not in fresh:  # trashed, or now someone else's
                number = place[document_id]
                self.beginRemoveRows(QModelIndex(), number, number)
                del self.rows[number]
                self.endRemoveRows()
        arriving = [row for document_id, row in fresh.items() if document_id not in place]
        for document_id, row in fresh.items():
            if document_id in place:
                self._replace(row)
        if arriving and not self.rows:
            self._insert_all(self._sorted(arriving))
        else:
            for row in arriving:
                self._insert(row)
        self.reloaded.emit()

    def _insert_all(self, rows: list[DocumentRow]) -> None:
        """The first documents of an empty list, already sorted, as one block: one insert
        of 130 rows costs the view a fraction of 130 inserts of one."""
        self.beginInsertRows(QModelIndex(), 0, len(rows) - 1)
        self.rows = rows
        self.endInsertRows()

    def _load_some(self, ids: set[int]) -> list[DocumentRow]:
        if self.person_id is None or not ids:
            return []
        return self._rows(queries.person_documents(self.library, self.person_id, ids))

    def _insert(self, row: DocumentRow) -> None:
        number = self._place_for(row, self.rows)
        self.beginInsertRows(QModelIndex(), number, number)
        self.rows.insert(number, row)
        self.endInsertRows()

    def _replace(self, row: DocumentRow) -> None:
        """A changed row keeps its selection: it is moved (not removed and added) if its
        sort key changed, then redrawn."""
        number = self.row_of(row.id)
        if self.rows[number] == row:
            return
        others = self.rows[:number] + self.rows[number + 1 :]
        wanted = self._place_for(row, others)
        if wanted != number:
            target = wanted if wanted < number else wanted + 1
            self.beginMoveRows(QModelIndex(), number, number, QModelIndex(), target)
            del self.rows[number]
            self.rows.insert(wanted, row)
            self.endMoveRows()
            number = wanted
        self.rows[number] = row
        self.dataChanged.emit(self.index(number, 0), self.index(number, self.columnCount() - 1))

    def _place_for(self, row: DocumentRow, rows: list[DocumentRow]) -> int:
        """Where ``row`` goes in ``rows`` (sorted as the model sorts): a binary search that
        works out only the keys it compares."""
        if not 0 <= self.sort_column < len(HEADERS):
            return len(rows)
        column = self.sort_column
        descending = self.sort_order == Qt.SortOrder.DescendingOrder
        key = (self._sort_key(row, column), row.id)
        low, high = 0, len(rows)
        while low < high:
            middle = (low + high) // 2
            other = rows[middle]
            other_key = (self._sort_key(other, column), other.id)
            if (other_key > key) if descending else (other_key < key):
                low = middle + 1
            else:
                high = middle
        return low

    # -- sorting (here, in Python, once per reload: far cheaper than the proxy asking for
    #    every compared cell through data()) ------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_column, self.sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        where = [(self.rows[index.row()].id, index.column()) for index in before]
        self._sort_rows()
        rows = {row.id: number for number, row in enumerate(self.rows)}
        after = [self.index(rows[row_id], column) for row_id, column in where]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _sort_rows(self) -> None:
        self.rows = self._sorted(self.rows)

    def _sorted(self, rows: list[DocumentRow]) -> list[DocumentRow]:
        if not 0 <= self.sort_column < len(HEADERS):
            return rows
        column = self.sort_column
        return sorted(
            rows,
            key=lambda row: (self._sort_key(row, column), row.id),
            reverse=self.sort_order == Qt.SortOrder.DescendingOrder,
        )

    def _load(self) -> list[DocumentRow]:
        if self.person_id is None:
            return []
        return self._rows(queries.person_documents(self.library, self.person_id))

    def _rows(self, documents: list[Document]) -> list[DocumentRow]:
        providers = queries.provider_names(self.library)
        excluded: set[int] = set()
        if self.packet_id is not None:
            excluded = queries.excluded_document_ids(self.library, self.packet_id)
        return [
            DocumentRow(
                document=document,
                provider=providers.get(document.provider_id, "") if document.provider_id else "",
                included=document.id not in excluded,
            )
            for document in documents
        ]

    def refresh_document(self, document_id: int) -> None:
        """Re-read one document after an edit, keeping the selection where it is."""
        for number, row in enumerate(self.rows):
            if row.id == document_id:
                fresh = self._load_one(document_id)
                if fresh is None:
                    self.reload()
                    return
                self.rows[number] = fresh
                self.dataChanged.emit(
                    self.index(number, 0), self.index(number, self.columnCount() - 1)
                )
                return
        self.reload()

    def _load_one(self, document_id: int) -> DocumentRow | None:
        if self.person_id is None:
            return None
        found = queries.person_documents(self.library, self.person_id, [document_id])
        return self._rows(found)[0] if found else None

    def refresh_cells(self, document_ids: Iterable[int], column: int) -> None:
        """Redraw one column of these documents' rows (a thumbnail that became ready).

        Not the whole column: the filter re-checks every row a change covers, a call into
        Python each, and PDF thumbnails come one at a time while an import runs."""
        wanted = set(document_ids)
        if not wanted:
            return
        for number, row in enumerate(self.rows):
            if row.id in wanted:
                cell = self.index(number, column)
                self.dataChanged.emit(cell, cell)

    def row_of(self, document_id: int) -> int:
        for number, row in enumerate(self.rows):
            if row.id == document_id:
                return number
        return -1

    def document(self, row: int) -> Document:
        return self.rows[row].document

    # -- the model interface ---------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == INCLUDED:
            return "Ticked documents go into the current packet's export."
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return HEADERS[section] or "Preview picture"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == INCLUDED and self.packet_id is not None:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None  # painting asks for many roles per cell: answer the rest at once
        row = self.rows[index.row()]
        document = row.document
        column = index.column()
        if role == DOCUMENT_ID_ROLE:
            return row.id
        if role == NEEDS_CHECK_ROLE:
            return needs_check(document)
        if role == SEARCH_TEXT_ROLE:
            return " ".join(
                (document.title, CATEGORY_LABELS[document.category], row.provider, document.notes)
            )
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = self._display(row, column)
            return text if text else f"Preview of {document.title}"
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._decoration(row, column)
        if role == Qt.ItemDataRole.FontRole and self._is_guess(document, column):
            if self._italic is None:
                self._italic = QFont()
                self._italic.setItalic(True)
            return self._italic
        if role == Qt.ItemDataRole.CheckStateRole and column == INCLUDED:
            if self.packet_id is None:
                return None
            return Qt.CheckState.Checked if row.included else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and column == PAGES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def multiData(self, index: Index, roleDataSpan: QModelRoleDataSpan | QModelRoleData) -> None:
        """All the roles a view asks of one cell, in one call: drawing or fitting a cell asks
        for about seven, and each call from Qt into Python costs more than the answer (most
        while a worker thread holds the interpreter during an import)."""
        if isinstance(roleDataSpan, QModelRoleData):
            roleDataSpan.setData(self.data(index, roleDataSpan.role()))
            return
        for number in range(roleDataSpan.size()):
            role_data = roleDataSpan[number]  # type: ignore[index]  # (the stubs lack it)
            role_data.setData(self.data(index, role_data.role()))

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            not index.isValid()
            or index.column() != INCLUDED
            or role != Qt.ItemDataRole.CheckStateRole
            or self.packet_id is None
            or self.include_setter is None
        ):
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        row = self.rows[index.row()]
        if checked != row.included:
            self.include_setter(row.id, checked)  # an undoable command; it refreshes the row
        return True

    # -- cell contents ---------------------------------------------------------------------

    @staticmethod
    def _is_guess(document: Document, column: int) -> bool:
        return (column == CATEGORY and category_guessed(document)) or (
            column == DATE and date_guessed(document)
        )

    def _display(self, row: DocumentRow, column: int) -> str:
        document = row.document
        if column == TITLE:
            flags = [FLAG_WORDS[f] for f in sorted(document.flag_set) if f in FLAG_WORDS]
            if names_someone_else(document):
                flags.insert(0, "names another person")
            return document.title + (f" ({', '.join(flags)})" if flags else "")
        if column == CATEGORY:
            label = CATEGORY_LABELS[document.category]
            return f"{label} (guessed)" if category_guessed(document) else label
        if column == DATE:
            if document.date is None:
                return "date unknown"
            text = document.date.display()
            return f"{text} (guessed)" if date_guessed(document) else text
        if column == PROVIDER:
            return row.provider
        if column == PAGES:
            return "" if document.page_count is None else str(document.page_count)
        if column == INCLUDED:
            if self.packet_id is None:
                return ""
            return "yes" if row.included else "no"
        return ""

    def _sort_key(self, row: DocumentRow, column: int) -> Any:
        document = row.document
        if column == DATE:
            return document.date.to_storage().lstrip("~") if document.date else ""
        if column == PAGES:
            return document.page_count if document.page_count is not None else -1
        if column == INCLUDED:
            return int(row.included)
        if column == THUMBNAIL:
            return row.id
        return self._display(row, column).casefold()

    def _tooltip(self, row: DocumentRow, column: int) -> str | None:
        document = row.document
        if self._is_guess(document, column):
            return guess_explanation(document)
        if column == TITLE and names_someone_else(document):
            return (
                f"This file names another person: {named_description(document)}. "
                "Select it to say whose record it is."
            )
        if column == TITLE and document.source:
            return f"Imported from {document.source}"
        return None

    def _decoration(self, row: DocumentRow, column: int) -> QIcon | None:
        document = row.document
        if column == THUMBNAIL:
            if self.thumbnailer is not None:
                return self.thumbnailer(document)
            return None
        if column == TITLE and names_someone_else(document):
            if self._other_icon is None:
                style = QApplication.style()
                warning = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
                self._other_icon = QIcon(warning.pixmap(GUESS_ICON_SIDE, GUESS_ICON_SIDE))
            return self._other_icon
        if self._is_guess(document, column):
            if self._guess_icon is None:
                # a small fixed-size pixmap: the view's icon size is set for thumbnails
                style = QApplication.style()
                question = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxQuestion)
                self._guess_icon = QIcon(question.pixmap(GUESS_ICON_SIDE, GUESS_ICON_SIDE))
            return self._guess_icon
        return None


class DocumentsFilter(QSortFilterProxyModel):
    """Filtering to the documents to check or to search results; sorting is the model's."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._only_unchecked = False
        self._only_ids: frozenset[int] | None = None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if isinstance(source, DocumentsModel):
            source.sort(column, order)

    def set_only_unchecked(self, only: bool) -> None:
        self._change_filter(lambda: setattr(self, "_only_unchecked", only))

    def set_only_ids(self, ids: frozenset[int] | None) -> None:
        """Show only these documents (search results), or all again with None."""
        self._change_filter(lambda: setattr(self, "_only_ids", ids))

    def _change_filter(self, change: Callable[[], None]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 and later
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._only_unchecked and self._only_ids is None:
            return True
        source = self.sourceModel()
        assert isinstance(source, DocumentsModel)
        row = source.rows[source_row]
        if self._only_unchecked and not (
            needs_check(row.document) or names_someone_else(row.document)
        ):
            return False
        return self._only_ids is None or row.id in self._only_ids
