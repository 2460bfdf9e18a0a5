"""Small pictures for the documents table.

Import caches a thumbnail for each picture it stores (under the library folder, named by
the file's SHA-256); other documents get an icon for their kind. Icons are made once per
document and kept in memory, so scrolling a long list reads nothing twice.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImageReader, QPixmap
from PySide6.QtWidgets import QApplication, QStyle

from organizer.core.importing import thumbnail_path
from organizer.core.library import Library
from organizer.core.records import Document
from organizer.core.vocab import Category

ICON_SIDE = 48
MAX_CACHED = 2000


class ThumbnailCache:
    def __init__(self, library: Library, side: int = ICON_SIDE) -> None:
        self.library = library
        self.size = QSize(side, side)
        self._icons: dict[tuple[int, str], QIcon] = {}
        self._kind_icons: dict[str, QIcon] = {}

    def icon_for(self, document: Document) -> QIcon:
        assert document.id is not None
        sha = self._first_sha(document.id)
        key = (document.id, sha)
        icon = self._icons.get(key)
        if icon is None:
            icon = self._picture(sha) if sha else None
            if icon is None:
                icon = self._kind_icon(document)
            if len(self._icons) >= MAX_CACHED:
                self._icons.clear()
            self._icons[key] = icon
        return icon

    def forget(self) -> None:
        self._icons.clear()

    def _first_sha(self, document_id: int) -> str:
        row = self.library.execute(
            "SELECT sha256 FROM document_files WHERE document_id = ? ORDER BY position, id LIMIT 1",
            (document_id,),
        ).fetchone()
        return str(row[0]) if row else ""

    def _picture(self, sha: str) -> QIcon | None:
        path = thumbnail_path(self.library.root, sha)
        if not path.is_file():
            return None
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)
        image = reader.read()
        if image.isNull():
            return None
        scaled = image.scaled(
            self.size,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        return QIcon(QPixmap.fromImage(scaled))

    def _kind_icon(self, document: Document) -> QIcon:
        if document.category == Category.IMAGING_STUDY:
            name = "imaging"
            standard = QStyle.StandardPixmap.SP_DriveCDIcon
        else:
            name = "file"
            standard = QStyle.StandardPixmap.SP_FileIcon
        icon = self._kind_icons.get(name)
        if icon is None:
            icon = QApplication.style().standardIcon(standard)
            self._kind_icons[name] = icon
        return icon
