"""Telling a full disk apart from every other failure, so it is reported once, plainly."""

from __future__ import annotations

import errno
import sqlite3

from organizer.core.errors import DiskFull

_FULL_ERRNOS = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})
_SQLITE_FULL = 13  # SQLITE_FULL: "database or disk is full"


def is_disk_full(error: BaseException) -> bool:
    if isinstance(error, DiskFull):
        return True
    if isinstance(error, OSError):
        return error.errno in _FULL_ERRNOS
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        return code is not None and code & 0xFF == _SQLITE_FULL
    return False


def raise_if_disk_full(error: BaseException) -> None:
    """Turn a full-disk failure into ``DiskFull``; anything else is left to the caller."""
    if is_disk_full(error) and not isinstance(error, DiskFull):
        raise DiskFull() from error
