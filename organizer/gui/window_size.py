"""A window that fits the screen it opens on, and toolbar buttons that keep their size.

The window opens at a comfortable size when the screen has room and never larger than
the screen's free area (a 1366x768 laptop, a 1024x600 netbook); a size remembered from
a bigger screen is shrunk to fit.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, QRect, QSize
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

COMFORTABLE = QSize(1280, 860)
FRAME = QSize(16, 40)
"""Room left for the window manager's border and title bar."""
SMALLEST_SCREEN = QSize(1024, 600)


def window_size_for(available: QSize) -> QSize:
    """The opening size on a screen with this much free room."""
    room = available - FRAME
    return QSize(
        max(min(COMFORTABLE.width(), room.width()), 640),
        max(min(COMFORTABLE.height(), room.height()), 480),
    )


def fit_to_screen(window: QWidget) -> None:
    """Shrink and move a (restored) window so all of it is on its screen."""
    screen = window.screen()
    if screen is None:
        return
    area: QRect = screen.availableGeometry()
    limit = area.size() - FRAME
    size = window.size().boundedTo(limit)
    if size != window.size():
        window.resize(size)
    frame = window.frameGeometry()
    x = min(max(frame.x(), area.x()), area.right() - frame.width() + 1)
    y = min(max(frame.y(), area.y()), area.bottom() - frame.height() + 1)
    if (x, y) != (frame.x(), frame.y()):
        window.move(max(x, area.x()), max(y, area.y()))


class ShortLabel(QAction):
    """A toolbar copy of an action with a short fixed label ("Undo"); the full text
    ("Undo Add person “Maria Guadalupe…”") goes to the tooltip, and the menu keeps it."""

    def __init__(self, action: QAction, label: str, parent: QObject) -> None:
        super().__init__(parent)  # not (label, parent): that form makes QIcon's type
        self.setText(label)
        self.source = action
        self.label = label
        self.setObjectName(f"toolbar_{label.lower()}")
        self.triggered.connect(lambda _checked=False: action.trigger())
        action.changed.connect(self._follow)
        self._follow()

    def _follow(self) -> None:
        if not (shiboken6.isValid(self) and shiboken6.isValid(self.source)):
            return  # the window is closing
        self.setEnabled(self.source.isEnabled())
        full = self.source.text().replace("&", "")
        self.setToolTip(full if full.strip() != self.label else f"Nothing to {self.label.lower()}")
        self.setStatusTip(self.toolTip())
