"""Accepting files dragged from the desktop onto any widget.

Like Calibre's dropEvent, this only turns a drop into a list of local paths and emits it;
what happens to the files (the import job) is decided by whoever listens. Folders and zip
archives arrive as paths too: the import pipeline looks inside them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QWidget


def local_paths(mime: QMimeData | None) -> list[Path]:
    """The local files and folders a drag carries, in order, without repeats."""
    if mime is None or not mime.hasUrls():
        return []
    paths: list[Path] = []
    for url in mime.urls():
        if not url.isLocalFile():
            continue  # web links and the like: nothing on this computer to import
        path = Path(url.toLocalFile())
        if path not in paths:
            paths.append(path)
    return paths


class FileDropFilter(QObject):
    """An event filter that makes a widget (and the children it contains) a drop target.

    Install it with ``attach(widget)``; every drop of local files emits ``paths_dropped``
    with a ``list[pathlib.Path]``. Drags that carry no local file are left alone, so text
    can still be dropped into a text box.
    """

    paths_dropped = Signal(list)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._windows: list[QWidget] = []
        self._scanned_when_shown: list[QWidget] = []
        self._widgets: list[QWidget] = []

    def attach(self, widget: QWidget) -> None:
        """Make this one widget a drop target."""
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)
        self._widgets.append(widget)

    def detach(self, widget: QWidget) -> None:
        widget.removeEventFilter(self)
        if widget in self._widgets:
            self._widgets.remove(widget)

    def attach_window(self, window: QWidget, *, scan_when_shown: bool = True) -> None:
        """Catch file drops anywhere in a window, even on children that take text drops
        (a search box would otherwise paste the file's address instead of importing it).

        Qt gives a drag to the widget under the pointer that accepts drops, or else to its
        nearest parent that does (here, at the latest, the window). So the filter goes on
        the window and on every child that accepts drops itself; ``rescan`` (also run when
        the window is shown) covers children added later. A window not on screen yet is
        scanned when it is shown: nothing can be dropped on it before, and each scan
        costs the start time. Without ``scan_when_shown`` the owner calls ``rescan`` itself
        (the app: once the window has painted, as a scan of the whole window takes 3 ms).
        """
        window.setAcceptDrops(True)
        self._windows.append(window)
        if scan_when_shown:
            self._scanned_when_shown.append(window)
        window.installEventFilter(self)
        self.rescan()

    def rescan(self) -> None:
        for window in self._windows:
            if window.isVisible():
                self._scan(window)

    def _scan(self, window: QWidget) -> None:
        for child in window.findChildren(QWidget):
            if child.acceptDrops():
                child.removeEventFilter(self)  # never twice
                child.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Show and watched in self._scanned_when_shown:
            assert isinstance(watched, QWidget)
            self._scan(watched)
            return False
        if kind not in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            return False
        if not self._watches(watched):
            return False
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, QDragEnterEvent | QDragMoveEvent)
            if local_paths(event.mimeData()):
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            paths = local_paths(event.mimeData())
            if paths:
                event.acceptProposedAction()
                self.paths_dropped.emit(paths)
                return True
        return False

    def _watches(self, watched: QObject) -> bool:
        if not isinstance(watched, QWidget):
            return False
        if any(watched is widget for widget in self._widgets):
            return True
        # Qt sends a drag to the widget under the pointer that accepts drops (or the first
        # parent that does), so each drop reaches this filter once
        return any(watched.window() is window for window in self._windows)
