"""Finishing stored copies on a few threads while the import copies the next file."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

SYNC_WORKERS = 4
"""Copies made durable at once: the file system writes their fsyncs in one journal commit."""
SYNC_BACKLOG = 16
"""Copies waiting for their fsync at most (each holds an open file) before copying waits."""


class Syncer:
    """Finishes stored copies on a few threads while the next file is copied and hashed.

    Each copy is fsynced, renamed into place and its folder fsynced, in that order, as
    ``put_stream`` does on its own; only the waiting moves off the caller's thread.
    Nothing is cancelled half-way: ``close`` waits until every copy is finished.
    """

    def __init__(self, workers: int = SYNC_WORKERS, backlog: int = SYNC_BACKLOG) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fsync")
        self._room = threading.BoundedSemaphore(backlog)

    def submit(self, finish: Callable[[], None]) -> Future[None]:
        self._room.acquire()
        try:
            future = self._pool.submit(finish)
        except BaseException:
            self._room.release()
            raise
        future.add_done_callback(lambda _: self._room.release())
        return future

    def close(self) -> None:
        self._pool.shutdown(wait=True)

    def __enter__(self) -> Syncer:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
