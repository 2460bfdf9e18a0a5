"""Full-text search on a worker thread, where the newest query wins.

Searching reads SQLite and can take a moment in a large library; on the GUI thread that
moment froze the window while the person typed. Each query here runs on one worker with
its own read connection; a newer query interrupts the one still running (SQLite's
``interrupt``), and an answer that arrives for an older query is dropped, so what the
list shows always belongs to what is in the search box.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from organizer.core.errors import SecondLookError
from organizer.core.readers import StoppableReader, was_stopped

from . import search as fulltext

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits through it (a queued connection)."""

    answered = Signal(int, str, object)


class _Query(QRunnable):
    def __init__(self, owner: BackgroundSearch, number: int, text: str, person: int) -> None:
        super().__init__()
        self._owner, self._number, self._text, self._person = owner, number, text, person

    def run(self) -> None:
        owner = self._owner
        if not owner.is_current(self._number):
            return  # a newer query came while this one waited
        try:
            reader = StoppableReader(owner.root)
        except (SecondLookError, OSError) as error:
            log.error("search could not open the library: %s", error)
            return
        try:
            owner.running(self._number, reader)
            found = fulltext.search(reader.library, self._text, self._person)
        except Exception as error:  # interrupted by a newer query, or the disk failed
            if not was_stopped(error):
                log.exception("search failed")
            return
        finally:
            owner.running(self._number, None)
            reader.close()
        owner.relay.answered.emit(self._number, self._text, found)


class BackgroundSearch(QObject):
    """``submit`` a query; ``found(Found, text)`` arrives for the newest query only."""

    found = Signal(object, str)

    def __init__(self, root: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.root = root
        self.relay = _Relay(self)
        self.relay.answered.connect(self._answered)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._lock = threading.Lock()
        self._newest = 0
        self._running: tuple[int, StoppableReader] | None = None

    def submit(self, text: str, person_id: int) -> None:
        number = self.forget()
        self._pool.start(_Query(self, number, text, person_id))

    def forget(self) -> int:
        """Make every earlier query stale (stopping the one running); returns the next number."""
        with self._lock:
            self._newest += 1
            if self._running is not None:
                self._running[1].interrupt()
            return self._newest

    def is_current(self, number: int) -> bool:
        with self._lock:
            return number == self._newest

    def running(self, number: int, reader: StoppableReader | None) -> None:
        with self._lock:
            self._running = (number, reader) if reader is not None else None

    def wait(self) -> None:
        """Let a query still running finish (before the window closes)."""
        self.forget()
        self._pool.waitForDone()

    @Slot(int, str, object)
    def _answered(self, number: int, text: str, found: object) -> None:
        if self.is_current(number):
            self.found.emit(found, text)
