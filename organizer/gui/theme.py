"""Text size and the few colours we choose ourselves, always derived from the system palette.

The app uses the platform's light or dark theme as it is; here we only scale the base font
for the in-app zoom and pick an error colour that reads well on the current background.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

MIN_BASE_POINTS = 10.0


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def error_color(widget: QWidget | None = None) -> QColor:
    palette = widget.palette() if widget is not None else QGuiApplication.palette()
    return QColor("#ff8a80") if is_dark(palette) else QColor("#b3261e")


def success_color(widget: QWidget | None = None) -> QColor:
    palette = widget.palette() if widget is not None else QGuiApplication.palette()
    return QColor("#81c995") if is_dark(palette) else QColor("#1e6b34")


def warning_color(widget: QWidget | None = None) -> QColor:
    palette = widget.palette() if widget is not None else QGuiApplication.palette()
    return QColor("#fdd663") if is_dark(palette) else QColor("#8a5300")


class FontZoom:
    """Remembers the system font at start and applies ``percent`` of it to the whole app."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.base: QFont = QFont(app.font())
        points = self.base.pointSizeF()
        self.base_points = max(points if points > 0 else MIN_BASE_POINTS, MIN_BASE_POINTS)

    def apply(self, percent: int) -> None:
        """Set the app's font; nothing when it already is that font (Qt would still send
        every window a font change, and every label would lay its text out again)."""
        font = QFont(self.base)
        font.setPointSizeF(round(self.base_points * percent / 100.0, 1))
        if font != self.app.font():
            self.app.setFont(font)
