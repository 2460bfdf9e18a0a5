"""Table models over lists of records, and the proxy that sorts and filters them.

A model holds records fetched through the core API and a tuple of columns saying how to
show and sort each one; views never reach into the database themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from organizer.core.records import Record
from organizer.gui.rowdiff import update_rows

R = TypeVar("R", bound=Record)

Index = QModelIndex | QPersistentModelIndex

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
ID_ROLE = Qt.ItemDataRole.UserRole + 3


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: its heading, the text shown, and (optionally) a sort key."""

    header: str
    text: Callable[[R], str]
    sort_key: Callable[[R], str | int] | None = None
    tooltip: Callable[[R], str] | None = None
    ordinal: bool = False  # show the row's place in the stored order (1, 2, 3...) instead


def _record_key(record: Record) -> tuple[str, int | None]:
    return (record.TABLE, record.id)


class RecordTableModel(QAbstractTableModel, Generic[R]):
    """Read-only rows of records; edits are core operations, then ``set_records`` again."""

    def __init__(self, columns: Sequence[Column[R]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._records: list[R] = []

    # -- filling -----------------------------------------------------------------------------

    def set_records(self, records: Sequence[R]) -> None:
        """Show these records, telling the view only which rows came, went or changed."""
        update_rows(self, self._records, list(records), _record_key)

    def records(self) -> list[R]:
        return list(self._records)

    def record(self, row: int) -> R:
        return self._records[row]

    def row_of(self, record_id: int) -> int:
        for row, record in enumerate(self._records):
            if record.id == record_id:
                return row
        return -1

    # -- the model interface -----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._records):
            return None
        record = self._records[index.row()]
        column = self._columns[index.column()]
        if column.ordinal and role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            return str(index.row() + 1) if role == Qt.ItemDataRole.DisplayRole else index.row()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(record)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(record) if column.tooltip else column.text(record) or None
        if role == SORT_ROLE:
            if column.sort_key is not None:
                return column.sort_key(record)
            return column.text(record).casefold()
        if role == RECORD_ROLE:
            return record
        if role == ID_ROLE:
            return record.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section].header
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class FilterProxy(QSortFilterProxyModel):
    """Sorts by each column's sort key and keeps rows where any column matches the filter."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
