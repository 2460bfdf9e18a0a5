"""One running copy of Second Look per library, enforced with an OS file lock.

An OS lock (flock on Unix, msvcrt on Windows) is released by the kernel when the process
dies, so a crash never leaves a stale lock that blocks the person the next morning.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO

from organizer.core.errors import LibraryLocked

LOCK_NAME = "library.lock"


class LibraryLock:
    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_NAME
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
        handle = open(descriptor, "a+", encoding="utf-8")  # noqa: SIM115 - held until release
        try:
            _lock(handle)
        except OSError:
            handle.close()
            raise LibraryLocked(
                f"The library at {self.path.parent} is already open in another copy of "
                "Second Look (the app's window, or a second-look-cli command still "
                "running). Close that window or let the command finish, then try again."
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            _unlock(self._handle)
            self._handle.close()
            self._handle = None

    @property
    def held(self) -> bool:
        return self._handle is not None


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
