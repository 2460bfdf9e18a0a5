"""Small pictures for the documents table.

The background pass after an import makes a thumbnail for each picture (under the library
folder, named by the file's SHA-256); until it has, the row shows its kind's icon, and
``pictures_made`` swaps in the picture when it exists. PDFs get the same kind of cached thumbnail of their first page, drawn
in the background with QtPdf the first time a row shows it; everything else gets an icon
for its kind. Icons are made once per document and kept in memory.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QImageReader, QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication, QStyle

from organizer.core import queries
from organizer.core.atomic import temporary_sibling
from organizer.core.importing import thumbnail_path
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.records import PASSWORD_PROTECTED, Document
from organizer.core.vocab import Category
from organizer.gui.jobs import Deliver, JobRunner

ICON_SIDE = 48
PDF_THUMBNAIL_SIDE = 128
MAX_CACHED = 2000
HOLD_POLL_S = 0.05
# time the GUI thread may spend reading cached pictures before it lets other events in
LOAD_BUDGET_S = 0.015


def render_pdf_thumbnail(source: Path, target: Path, side: int = PDF_THUMBNAIL_SIDE) -> bool:
    """Draw a PDF's first page into a PNG (safe in a worker: no widget, QtPdf locks PDFium)."""
    document = QPdfDocument()
    try:
        if document.load(str(source)) != QPdfDocument.Error.None_ or document.pageCount() < 1:
            return False
        page = document.pagePointSize(0)
        if page.width() <= 0 or page.height() <= 0:
            return False
        size = page.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio).toSize()
        image = document.render(0, size)
        if image.isNull():
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = temporary_sibling(target)
        try:
            if not image.save(str(temporary), "PNG"):  # type: ignore[call-overload]
                return False
            temporary.replace(target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
        return True
    finally:
        document.close()


class PdfThumbnails(QObject):
    """Draws PDF first pages one after another in the background; ``ready(sha)`` for each."""

    ready = Signal(str)

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self._lock = threading.Lock()
        self._queue: deque[str] = deque()
        self._asked: set[str] = set()
        self.runner: JobRunner | None = None
        self._go = threading.Event()
        self._go.set()
        self._hold_timer = QTimer(self)
        self._hold_timer.setSingleShot(True)
        self._hold_timer.timeout.connect(self._release)

    @property
    def held(self) -> bool:
        return not self._go.is_set()

    def hold(self, milliseconds: int) -> None:
        """Draw nothing for a while (documents are arriving): drawing first pages while an
        import copies and saves competed with the window for the two cores, and the rows'
        first showing blocked it about a third longer. Asked-for pages wait their turn;
        each call starts the wait again."""
        self._go.clear()
        self._hold_timer.start(milliseconds)

    def _release(self) -> None:
        self._go.set()
        with self._lock:
            waiting = bool(self._queue)
        if waiting and self.runner is None:
            self._start()

    def request(self, sha: str) -> None:
        if sha in self._asked:
            return
        self._asked.add(sha)
        with self._lock:
            self._queue.append(sha)
        if self.runner is None and not self.held:
            self._start()

    def cancel(self) -> None:
        self._hold_timer.stop()  # nothing starts later either (the page may be closing)
        self._go.set()
        with self._lock:
            self._queue.clear()
        if self.runner is not None:
            self.runner.cancel()

    def _start(self) -> None:
        store, root = self.library.store, self.library.root

        def work(context: JobContext, deliver: Deliver) -> None:
            while True:
                context.check_cancelled()
                while not self._go.wait(HOLD_POLL_S):  # held: documents are arriving
                    context.check_cancelled()
                with self._lock:
                    if not self._queue:
                        return
                    sha = self._queue.popleft()
                if render_pdf_thumbnail(store.path_for(sha), thumbnail_path(root, sha)):
                    deliver(sha)

        self.runner = JobRunner("Drawing thumbnails", work, self.ready.emit, show_dialog=False)
        self.runner.ended.connect(self._ended)
        self.runner.start()

    def _ended(self) -> None:
        cancelled = self.runner is not None and self.runner.context.cancelled
        self.runner = None
        with self._lock:
            more = bool(self._queue)
        if more and not cancelled and not self.held:
            self._start()  # asked for while the last job was finishing


class ThumbnailCache(QObject):
    """Icons for the table; reading cached pictures is limited per event-loop turn.

    A repaint after new documents arrive may want a dozen pictures at once; past the
    budget the kind icon is shown for now and ``more_ready`` asks for another repaint.
    """

    more_ready = Signal()

    def __init__(self, library: Library, side: int = ICON_SIDE) -> None:
        super().__init__()
        self.library = library
        self.size = QSize(side, side)
        self._icons: dict[tuple[int, str], QIcon] = {}
        self._kind_icons: dict[str, QIcon] = {}
        self._files: dict[int, tuple[str, str]] = {}
        self.pdfs = PdfThumbnails(library)
        self.pdfs.ready.connect(self._forget_sha)
        self._spent = 0.0
        self._turn_pending = False
        self._deferred = False
        self.shown_ids: Callable[[], Iterable[int]] = tuple
        """The documents on screen (set by the page): looked up together on a miss."""

    def icon_for(self, document: Document) -> QIcon:
        assert document.id is not None
        sha, media_type = self._first_file(document.id)
        key = (document.id, sha)
        icon = self._icons.get(key)
        if icon is None:
            if sha and self._spent > 0 and self._spent >= LOAD_BUDGET_S:
                self._deferred = True  # over budget: a placeholder now, the picture next turn
                self._start_turn()
                return self._kind_icon(document)
            icon = self._timed_picture(sha) if sha else None
            if icon is None:
                icon = self._kind_icon(document)
                if media_type == "application/pdf" and PASSWORD_PROTECTED not in document.flag_set:
                    self.pdfs.request(sha)
            if len(self._icons) >= MAX_CACHED:
                self._icons.clear()
            self._icons[key] = icon
        return icon

    def pictures_made(self, shas: tuple[str, ...]) -> None:
        """Thumbnails were just made for these files: their rows show them from now on."""
        for sha in shas:
            self._forget_sha(sha)

    def documents_showing(self, shas: Iterable[str]) -> set[int]:
        """The documents whose rows show one of these files (as far as looked up so far:
        a row not looked up yet reads its picture when it is first drawn)."""
        wanted = set(shas)
        return {document_id for document_id, (sha, _type) in self._files.items() if sha in wanted}

    def forget_files(self, document_ids: Iterable[int] | None = None) -> None:
        """After a reload, or for these documents: re-read which file comes first (an
        import may add to a study)."""
        if document_ids is None:
            self._files.clear()
            return
        for document_id in document_ids:
            self._files.pop(document_id, None)

    def forget(self) -> None:
        """Drop what is remembered (after a reload: a document's first file may change)."""
        self._icons.clear()
        self._files.clear()

    def _timed_picture(self, sha: str) -> QIcon | None:
        began = time.perf_counter()
        try:
            return self._picture(sha)
        finally:
            self._spent += time.perf_counter() - began
            self._start_turn()

    def _start_turn(self) -> None:
        if not self._turn_pending:
            self._turn_pending = True
            QTimer.singleShot(0, self._new_turn)

    def _new_turn(self) -> None:
        self._spent = 0.0
        self._turn_pending = False
        if self._deferred:
            self._deferred = False
            self.more_ready.emit()

    def _forget_sha(self, sha: str) -> None:
        for key in [key for key in self._icons if key[1] == sha]:
            del self._icons[key]

    def _first_file(self, document_id: int) -> tuple[str, str]:
        """Which file a row shows; on a miss, every row on screen is looked up in one query
        (a paint asks row by row, and one query each cost more than the drawing)."""
        known = self._files.get(document_id)
        if known is not None:
            return known
        wanted = {document_id, *self.shown_ids()} - self._files.keys()
        found = queries.first_files(self.library, wanted)
        if len(self._files) + len(wanted) > MAX_CACHED:
            self._files.clear()
        for wanted_id in wanted:
            self._files[wanted_id] = found.get(wanted_id, ("", ""))
        return self._files[document_id]

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
