"""Read-only copies of stored files for the system viewer and the file manager.

The file store names files by their SHA-256 and must never be changed, so other programs
get a copy in a private temporary folder, named the way a person would name it
("2026-01-12 CT chest report.pdf") and made read-only. The folder is removed when the app
closes, so medical files do not linger in the temporary folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QProcess, QUrl
from PySide6.QtGui import QDesktopServices

from organizer.core.library import Library
from organizer.core.records import Document, DocumentFile

_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*]+')
MAX_NAME = 120

EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/tiff": ".tif",
    "image/gif": ".gif",
    "image/bmp": ".bmp",
    "image/webp": ".webp",
    "image/heic": ".heic",
    "image/heif": ".heic",
    "application/dicom": ".dcm",
    "application/xml": ".xml",
    "text/xml": ".xml",
    "application/json": ".json",
    "application/fhir+json": ".json",
    "text/plain": ".txt",
}


def safe_name(text: str) -> str:
    """A file name that is valid on Windows, macOS and Linux, without surprises."""
    cleaned = _UNSAFE.sub(" ", text).strip().strip(".")
    cleaned = " ".join(cleaned.split())[:MAX_NAME].strip()
    return cleaned or "document"


def readable_name(document: Document, file: DocumentFile, index: int, count: int) -> str:
    """ "2026-01-12 CT chest report.pdf", keeping the original extension when it had one."""
    stem = document.title
    if document.date is not None:
        stem = f"{document.date.to_storage().lstrip('~')} {stem}"
    if count > 1:
        stem = f"{stem} ({index + 1} of {count})"
    suffix = Path(file.original_name).suffix.lower()
    if not suffix or len(suffix) > 6:
        suffix = EXTENSIONS.get(file.media_type, "")
    return safe_name(stem) + suffix


Opener = Callable[[QUrl], bool]


def _open_url(url: QUrl) -> bool:
    return QDesktopServices.openUrl(url)


class ViewerCopies:
    """Makes and later removes the read-only copies other programs are shown."""

    def __init__(self) -> None:
        self._folder: Path | None = None
        self.open_url: Opener = _open_url  # tests replace this to see what would open

    def folder(self) -> Path:
        if self._folder is None or not self._folder.is_dir():
            self._folder = Path(tempfile.mkdtemp(prefix="second-look-view-"))
        return self._folder

    def copy_document(self, library: Library, document: Document) -> list[Path]:
        """Copy a document's files into a fresh folder named after it; return the copies.

        An imaging study keeps its files' folder layout (DICOMDIR included).
        """
        assert document.id is not None
        files = library.document_files(document.id)
        target = self.folder() / f"{document.id}-{os.urandom(3).hex()}"
        target.mkdir()
        copies: list[Path] = []
        for number, file in enumerate(files):
            relative = _safe_relative(file.relative_path)
            if relative is not None and len(files) > 1:
                destination = target / safe_name(document.title) / relative
            else:
                destination = target / readable_name(document, file, number, len(files))
            destination.parent.mkdir(parents=True, exist_ok=True)
            if destination.exists():
                destination = destination.with_name(f"{number + 1} {destination.name}")
            shutil.copyfile(library.store.path_for(file.sha256), destination)
            destination.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
            copies.append(destination)
        return copies

    def open_in_viewer(self, library: Library, document: Document) -> Path | None:
        copies = self.copy_document(library, document)
        if not copies:
            return None
        first = copies[0]
        self.open_url(QUrl.fromLocalFile(str(first)))
        return first

    def show_in_folder(self, library: Library, document: Document) -> tuple[Path, bool] | None:
        """The copy shown, and whether anything on this computer could show its folder."""
        copies = self.copy_document(library, document)
        if not copies:
            return None
        return copies[0], reveal(copies[0], self.open_url)

    def cleanup(self) -> None:
        if self._folder is None:
            return
        for root, dirs, files in os.walk(self._folder):
            for name in dirs + files:
                with contextlib.suppress(OSError):
                    os.chmod(os.path.join(root, name), stat.S_IRWXU)
        shutil.rmtree(self._folder, ignore_errors=True)
        self._folder = None


def _safe_relative(text: str) -> Path | None:
    """A stored relative path, only if it stays inside its folder."""
    if not text:
        return None
    parts = [safe_name(part) for part in re.split(r"[\\/]+", text) if part not in ("", ".")]
    if not parts or any(part == ".." for part in re.split(r"[\\/]+", text)):
        return None
    return Path(*parts)


def reveal(path: Path, open_url: Opener = _open_url) -> bool:
    """Show a file selected in the system's file manager (just its folder on Linux);
    False when nothing could be started to show it."""
    if sys.platform == "win32":
        return bool(QProcess.startDetached("explorer.exe", [f"/select,{path}"])[0])
    if sys.platform == "darwin":
        return bool(QProcess.startDetached("open", ["-R", str(path)])[0])
    return bool(open_url(QUrl.fromLocalFile(str(path.parent))))


def no_folder_viewer_text(folder: Path) -> str:
    """What to say when no file manager could be opened: where the files are instead."""
    return (
        "Nothing on this computer could open the folder. The files are here:\n\n"
        f"{folder}\n\nYou can open that folder yourself in your file manager."
    )
