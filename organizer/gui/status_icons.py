"""Checklist status shown by shape and word, never by colour alone.

Each status has a word ("Missing") and an icon whose shape differs (a cross, a
triangle, a tick...), drawn at the screen's pixel ratio so it stays crisp on high-DPI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPalette

from organizer.core.checklist import Status
from organizer.core.words import status_word
from organizer.gui.theme import is_dark

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

STATUS_WORDS: dict[Status, str] = {status: status_word(status.value) for status in Status}

STATUS_ORDER: dict[Status, int] = {
    Status.MISSING: 0,
    Status.REQUESTED: 1,
    Status.WARNING: 2,
    Status.TIP: 3,
    Status.OK: 4,
    Status.NOT_APPLICABLE: 5,
}

_COLORS: dict[Status, str] = {
    Status.MISSING: "#c62828",
    Status.REQUESTED: "#6a1b9a",
    Status.WARNING: "#b26a00",
    Status.TIP: "#1565c0",
    Status.OK: "#2e7d32",
    Status.NOT_APPLICABLE: "#757575",
}


_DARK_COLORS: dict[Status, str] = {
    Status.MISSING: "#ef5350",
    Status.REQUESTED: "#ce93d8",
    Status.WARNING: "#f9a825",
    Status.TIP: "#64b5f6",
    Status.OK: "#66bb6a",
    Status.NOT_APPLICABLE: "#9e9e9e",
}
"""Lighter shades for a dark background, so each shape still stands out (3:1 or more)."""


def status_color(status: Status, palette: QPalette | None = None) -> QColor:
    """The colour of a status's icon on this palette's background."""
    colors = _DARK_COLORS if is_dark(palette) else _COLORS
    return QColor(colors[status])


def status_icon(status: Status, size: int = 32, ratio: float = 2.0) -> QIcon:
    # the drawing classes load with the first icon: the start shows none (each costs time)
    from PySide6.QtGui import QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

    pixels = round(size * ratio)
    pixmap = QPixmap(pixels, pixels)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(pixels / 32.0, pixels / 32.0)
    color = status_color(status)
    white = QPen(QColor("white"), 3.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    if status is Status.WARNING:
        painter.drawPolygon(QPolygonF([QPointF(16, 2), QPointF(31, 29), QPointF(1, 29)]))
        painter.setPen(white)
        painter.drawLine(QPointF(16, 11), QPointF(16, 19))
        painter.drawPoint(QPointF(16, 24.5))
    elif status is Status.MISSING:
        painter.drawEllipse(QRectF(1, 1, 30, 30))
        painter.setPen(white)
        painter.drawLine(QPointF(10, 10), QPointF(22, 22))
        painter.drawLine(QPointF(22, 10), QPointF(10, 22))
    elif status is Status.OK:
        painter.drawEllipse(QRectF(1, 1, 30, 30))
        painter.setPen(white)
        path = QPainterPath(QPointF(8.5, 16.5))
        path.lineTo(14, 22)
        path.lineTo(23.5, 10.5)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
    elif status is Status.REQUESTED:
        painter.drawRoundedRect(QRectF(1, 1, 30, 30), 8, 8)
        painter.setPen(white)  # an hourglass: on its way
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPolygon(
            QPolygonF([QPointF(10, 8), QPointF(22, 8), QPointF(10, 24), QPointF(22, 24)])
        )
    elif status is Status.TIP:
        painter.drawRoundedRect(QRectF(2, 2, 28, 28), 6, 6)
        painter.setPen(QColor("white"))
        font = QFont()
        font.setPixelSize(22)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRectF(2, 2, 28, 28), Qt.AlignmentFlag.AlignCenter, "i")
    else:
        painter.setPen(QPen(color, 2.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QRectF(2, 2, 28, 28))
        painter.drawLine(QPointF(9, 16), QPointF(23, 16))
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return QIcon(pixmap)
