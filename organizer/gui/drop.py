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

    def attach(self, widget: QWidget) -> None:
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def detach(self, widget: QWidget) -> None:
        widget.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
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
        return super().eventFilter(watched, event)
