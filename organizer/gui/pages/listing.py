"""The parts the clinical pages share: a read-only table of rows and a friendly empty state."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QStackedWidget, QTableView


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
