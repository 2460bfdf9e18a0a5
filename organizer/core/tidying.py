"""Keeping a library folder private and free of what interrupted work leaves behind.

A library holds medical records: its folder is opened to its owner only (0700), and the
files in it are created readable by the owner only (``atomic.create_private``). A killed
backup, restore or import can leave ``.tmp-*`` files or folders, some of them full copies
of the database; the next start removes them (the library lock is held then, so nothing
else is writing them).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from organizer.core.atomic import PRIVATE_FILE, PRIVATE_FOLDER, TEMP_PREFIX

fcntl: ModuleType | None
try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

STALE_AFTER = 3600.0
"""A temporary sibling outside a library (next to a backup file) untouched this long
(seconds) belongs to no running job: jobs keep writing to theirs."""


def make_private(root: Path) -> None:
    """Close the library folder to other users (their files below are then unreachable)."""
    with contextlib.suppress(OSError):
        if stat.S_IMODE(root.stat().st_mode) & 0o077:
            root.chmod(PRIVATE_FOLDER)


def make_private_tree(root: Path) -> int:
    """Every folder 0700 and every file 0600 under ``root``; returns how many changed."""
    changed = 0
    for folder, folders, files in os.walk(root):
        for name, mode in [(n, PRIVATE_FOLDER) for n in folders] + [
            (n, PRIVATE_FILE) for n in files
        ]:
            path = Path(folder) / name
            with contextlib.suppress(OSError):
                info = path.lstat()
                if not stat.S_ISLNK(info.st_mode) and stat.S_IMODE(info.st_mode) & 0o077:
                    path.chmod(mode)
                    changed += 1
    return changed


def remove_temporaries(folder: Path, *, older_than: float = 0.0, suffix: str = "") -> int:
    """Delete ``.tmp-*`` files and folders directly in ``folder``; returns how many.

    ``older_than`` spares those written to in the last so many seconds, ``suffix`` limits
    the sweep to temporaries of one name.
    """
    removed = 0
    cutoff = time.time() - older_than
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if not entry.name.startswith(TEMP_PREFIX) or not entry.name.endswith(suffix):
                continue
            with contextlib.suppress(OSError):
                if older_than and entry.stat(follow_symlinks=False).st_mtime > cutoff:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    os.unlink(entry.path)
                removed += 1
    return removed


def remove_stale_siblings(path: Path) -> int:
    """Temporaries an interrupted backup or restore left next to ``path`` (same name)."""
    return remove_temporaries(path.parent, older_than=STALE_AFTER, suffix=f"-{path.name}")


def tidy_library_folder(root: Path, database: str, backups: str) -> int:
    """At a start with the lock held: the folder private, the database files 0600, and
    the temporaries of interrupted work gone from the folder and its backups."""
    make_private(root)
    for name in (database, f"{database}-wal", f"{database}-shm"):
        with contextlib.suppress(OSError):
            path = root / name
            if stat.S_IMODE(path.stat().st_mode) & 0o077:
                path.chmod(PRIVATE_FILE)
    return remove_temporaries(root) + remove_temporaries(root / backups)


@contextlib.contextmanager
def claimed_folder(path: Path) -> Iterator[None]:
    """Hold an OS lock on a work folder while a job writes into it.

    Another job that finds the folder (a second export to the same place) sees it is
    claimed and leaves it alone; the kernel drops the claim when the process dies, so a
    killed job's folder is free to be removed.
    """
    if fcntl is None:  # pragma: no cover - Windows: the age of the folder decides instead
        yield
        return
    descriptor = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield
    finally:
        os.close(descriptor)


def folder_in_use(path: Path) -> bool:
    """Is a running job holding this work folder (see ``claimed_folder``)?"""
    if fcntl is None:  # pragma: no cover - Windows
        try:
            return path.stat().st_mtime > time.time() - STALE_AFTER
        except OSError:
            return False
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(descriptor)
    return False
