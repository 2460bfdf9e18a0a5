"""Date fields as the person's own locale writes dates, and text boxes that select on entry.

"04/09/1961" is 9 April in the US and 4 September in the UK: the locale's short date
format says which, and the form shows back in words how it was read before saving.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QLocale, QObject, QTimer
from PySide6.QtWidgets import QLineEdit

from organizer.core.dates import DayOrder


def locale_day_order(locale: QLocale | None = None) -> DayOrder:
    """The order of day, month and year in the locale's short date format."""
    pattern = (locale or QLocale()).dateFormat(QLocale.FormatType.ShortFormat)
    positions = {part: pattern.find(part) for part in "dMy"}
    if positions["y"] >= 0 and positions["y"] < min(p for p in positions.values() if p >= 0) + 1:
        return DayOrder.YMD
    if 0 <= positions["M"] < positions["d"]:
        return DayOrder.MDY
    return DayOrder.DMY


class SelectOnFocus(QObject):
    """A filled-in text box selects its text when entered, so typing replaces it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QLineEdit):
            edit = watched
            if edit.text():
                QTimer.singleShot(0, lambda: _select_all(edit))
        return False


def _select_all(edit: QLineEdit) -> None:
    if shiboken6.isValid(edit):  # the form may have closed meanwhile
        edit.selectAll()
