"""The parts the clinical pages share: a read-only table of rows, a friendly empty state,
and a page of one person's rows that follows the library's changes."""

from __future__ import annotations

from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractItemModel, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QWidget,
)

from organizer.core.library import Library
from organizer.core.ops import Changes
from organizer.core.records import Person
from organizer.gui.changes import concerns, notices

T = TypeVar("T")


def list_table(
    name: str, accessible: str, model: QAbstractItemModel, *, several: bool = False
) -> QTableView:
    """Whole-row selection, no editing in place, alternating rows, Tab leaves the table."""
    table = QTableView()
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    mode = QAbstractItemView.SelectionMode
    table.setSelectionMode(mode.ExtendedSelection if several else mode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table


def empty_or_table(name: str, html: str, table: QTableView) -> tuple[QStackedWidget, QLabel]:
    """A stack showing ``html`` while there is nothing to list, the table otherwise."""
    label = QLabel(html)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setMargin(12)
    stack = QStackedWidget()
    stack.addWidget(label)
    stack.addWidget(table)
    return stack, label


class PersonRowsPage(QWidget, Generic[T]):
    """A section listing one person's rows: the table, or a friendly text while there are none.

    It reads the rows again when the person changes or a change touches one of the tables
    in ``watched`` (its model then updates only the rows that differ), and fits the short
    columns to their words once, the first time it is seen with rows. A page gives
    ``read_rows``, ``show_rows`` and ``fit_columns``, and sets ``table``, ``stack`` and
    ``empty_label`` (``empty_or_table``).
    """

    watched: tuple[str, ...] = ()
    table: QTableView
    stack: QStackedWidget
    empty_label: QLabel

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.person_id: int | None = None
        self._columns_sized = False
        notices(library).changed.connect(self._library_changed)

    def read_rows(self, person_id: int) -> list[T]:
        raise NotImplementedError

    def show_rows(self, rows: list[T]) -> None:
        raise NotImplementedError

    def fit_columns(self) -> None:
        raise NotImplementedError

    def reloaded(self) -> None:
        """Called after every reload, for what else the page shows."""

    def set_person(self, person_id: int | None) -> None:
        self.person_id = person_id
        self.reload()

    def reload(self) -> None:
        person_id = self.person_id
        there = person_id is not None and self.library.exists(Person, person_id)
        rows = self.read_rows(person_id) if there and person_id is not None else []
        self.show_rows(rows)
        self.stack.setCurrentWidget(self.table if rows else self.empty_label)
        if rows and self.isVisible():
            self._fit_once()
        self.reloaded()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._fit_once)

    def _fit_once(self) -> None:
        if self._columns_sized or not self.table.model().rowCount():
            return
        self.fit_columns()
        self._columns_sized = True

    def _library_changed(self, changes: Changes) -> None:
        if self.person_id is not None and concerns(changes, *self.watched):
            self.reload()
