"""A table column that takes the room the others leave, but never less than it needs.

Qt's Stretch mode squeezes the stretching column to a sliver when the other columns
fill the width (a title of 36 pixels: "x…"). Here the column gets the rest of the width
and at least ``chars`` average characters; when that does not fit, the table scrolls
sideways instead.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QHeaderView, QTableView


class FillColumn(QObject):
    def __init__(self, table: QTableView, column: int, chars: int) -> None:
        super().__init__(table)
        self.table = table
        self.column = column
        self.chars = chars
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        # events, not signals: the fit follows the viewport's size and the header's layout
        # (a signal per section resize would call into Python for every column, every time)
        table.viewport().installEventFilter(self)
        header.viewport().installEventFilter(self)
        self._others = -1

    def fit(self) -> None:
        if not shiboken6.isValid(self.table):
            return  # the window is closing
        header = self.table.horizontalHeader()
        if header.sectionResizeMode(self.column) != QHeaderView.ResizeMode.Fixed:
            header.setSectionResizeMode(self.column, QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)  # a restored older layout may have turned it on
        others = self._other_widths()
        least = self.table.fontMetrics().averageCharWidth() * self.chars
        width = max(self.table.viewport().width() - others, least)
        if header.sectionSize(self.column) != width:
            header.resizeSection(self.column, width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not shiboken6.isValid(self.table):
            return False
        kind = event.type()
        if kind in (QEvent.Type.Resize, QEvent.Type.FontChange) and (
            watched is self.table.viewport()
        ):
            QTimer.singleShot(0, self.fit)
        elif kind == QEvent.Type.Paint and watched is self.table.horizontalHeader().viewport():
            others = self._other_widths()
            if others != self._others:  # another column changed size: fit after this paint
                self._others = others
                QTimer.singleShot(0, self.fit)
        return False

    def _other_widths(self) -> int:
        header = self.table.horizontalHeader()
        return sum(
            header.sectionSize(column)
            for column in range(header.count())
            if column != self.column and not header.isSectionHidden(column)
        )
