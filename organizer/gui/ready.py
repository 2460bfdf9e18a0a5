"""Run something once a window has painted for the first time and the event loop is idle."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._then = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._then)  # after the paint and what it queued
            self.deleteLater()
        return False


def when_painted_and_idle(window: QWidget, then: Callable[[], None]) -> None:
    """Call ``then`` once, after the window's first paint (install before ``show()``)."""
    _FirstPaint(window, then)
