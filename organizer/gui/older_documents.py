"""Whom documents imported before version 6 name: read in the background after the start.

The stored copies are read in a worker (the DICOM and PDF readers load there, never on
the window's thread); each result is saved on the GUI thread (the one writer), so an
upgraded library warns like a new one. The window starts this once it is on screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from organizer.core.identity.found import FoundIdentity
from organizer.core.identity.pending import pending_reads, save_found
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.gui.jobs import Deliver, JobRunner

Refresh = Callable[[], None]


class OlderDocuments(QObject):
    """Reads, in the background, whom documents imported before version 6 name.

    The stored copies are read in a worker; each result is saved on the GUI thread (the one
    writer) and the documents are judged, so an upgraded library warns like a new one.
    """

    BATCH = 200
    finished = Signal()

    def __init__(self, library: Library, parent_window: QWidget, refresh: Refresh) -> None:
        super().__init__(parent_window)
        self.library = library
        self.parent_window = parent_window
        self.refresh = refresh
        self.runner: JobRunner | None = None
        self.saved = 0

    def start(self) -> JobRunner | None:
        if self.runner is not None:
            return self.runner
        tasks = pending_reads(self.library, limit=self.BATCH)
        if not tasks:
            self.finished.emit()
            return None
        store = self.library.store

        def work(context: JobContext, deliver: Deliver) -> int:
            # the file readers (DICOM, PDF) load here, in the worker, never at start-up
            from organizer.core.identity.rereading import read_found

            for done, task in enumerate(tasks):
                context.check_cancelled()
                context.report(done, len(tasks), "Checking whose records the documents are")
                deliver(read_found(store, task, context.check_cancelled))
            return len(tasks)

        self.saved = 0
        self.runner = JobRunner(
            "Checking whose records the documents are",
            work,
            self._save,
            parent_window=self.parent_window,
            show_dialog=False,
        )
        self.runner.ended.connect(self._ended)
        self.runner.start()
        return self.runner

    def _save(self, item: tuple[int, tuple[FoundIdentity, ...]]) -> None:
        if save_found(self.library, *item):
            self.saved += 1

    def _ended(self) -> None:
        runner, self.runner = self.runner, None
        if self.saved:
            self.refresh()
        cancelled = runner is not None and runner.context.cancelled
        if not cancelled and self.saved and pending_reads(self.library, limit=1):
            self.start()  # the next batch
            return
        self.finished.emit()
