"""What the app remembers between runs: window layout and text size, nothing else.

The person's records live in the library; QSettings only holds how the window looked
(geometry, splitter positions, table columns) and the in-app zoom.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter

ZOOM_DEFAULT = 125
ZOOM_MIN = 80
ZOOM_MAX = 250
ZOOM_STEP = 10


class ViewSettings:
    """A thin, typed layer over QSettings for the few layout values we keep."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self.qsettings = settings if settings is not None else QSettings()

    # -- zoom ------------------------------------------------------------------------------

    def zoom(self) -> int:
        value = self.qsettings.value("view/zoom", ZOOM_DEFAULT)
        try:
            number = int(str(value))
        except (TypeError, ValueError):
            number = ZOOM_DEFAULT
        return max(ZOOM_MIN, min(ZOOM_MAX, number))

    def set_zoom(self, percent: int) -> None:
        self.qsettings.setValue("view/zoom", max(ZOOM_MIN, min(ZOOM_MAX, percent)))

    # -- window, splitters, columns --------------------------------------------------------

    def save_window(self, window: QMainWindow) -> None:
        self.qsettings.setValue("window/geometry", window.saveGeometry())
        self.qsettings.setValue("window/state", window.saveState())

    def restore_window(self, window: QMainWindow) -> bool:
        geometry = self._bytes("window/geometry")
        state = self._bytes("window/state")
        if state is not None:
            window.restoreState(state)
        return geometry is not None and window.restoreGeometry(geometry)

    def save_splitter(self, key: str, splitter: QSplitter) -> None:
        self.qsettings.setValue(f"splitters/{key}", splitter.saveState())

    def restore_splitter(self, key: str, splitter: QSplitter) -> bool:
        state = self._bytes(f"splitters/{key}")
        return state is not None and splitter.restoreState(state)

    def save_header(self, key: str, header: QHeaderView) -> None:
        self.qsettings.setValue(f"columns/{key}", header.saveState())

    def restore_header(self, key: str, header: QHeaderView) -> bool:
        state = self._bytes(f"columns/{key}")
        return state is not None and header.restoreState(state)

    def sync(self) -> None:
        self.qsettings.sync()

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.qsettings.value(key)
        if isinstance(value, QByteArray) and not value.isEmpty():
            return value
        if isinstance(value, bytes | bytearray) and value:
            return QByteArray(bytes(value))
        return None
