"""A consistent copy of a live SQLite database, written whole or not at all."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from organizer.core.atomic import create_private, fsync_directory, temporary_sibling


def copy_database(connection: sqlite3.Connection, target: Path) -> None:
    """Copy with SQLite's online backup API (safe with writers), fsync, then rename."""
    temp = temporary_sibling(target)
    try:
        create_private(temp).close()  # the copy holds the records: the owner's alone
        destination = sqlite3.connect(temp)
        try:
            connection.backup(destination)
        finally:
            destination.close()
        with open(temp, "rb+") as handle:
            os.fsync(handle.fileno())
        temp.replace(target)
        fsync_directory(target.parent)
    finally:
        temp.unlink(missing_ok=True)
