"""A read-only connection to a library whose running query another thread may stop.

The GUI's search runs such a reader on a worker; a newer query stops the older one with
``interrupt`` instead of waiting for it. SQL and the connection stay in the core.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from organizer.core.library import Library


class StoppableReader:
    def __init__(self, root: Path) -> None:
        self.library = Library.open(root, lock=False, create=False)

    def interrupt(self) -> None:
        """Stop the query running now (from any thread); it raises in its own thread."""
        self.library._conn.interrupt()

    def close(self) -> None:
        self.library.close()


def was_stopped(error: BaseException) -> bool:
    """Did this error come from ``interrupt`` (or another failure of a read)?"""
    return isinstance(error, sqlite3.OperationalError)
