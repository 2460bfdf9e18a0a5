"""Writing files so that a crash leaves either the old file or the complete new one.

The pattern everywhere: write to a temporary name in the same folder, flush and fsync the
file, rename it over the final name, then fsync the folder so the rename itself survives
a power cut.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

TEMP_PREFIX = ".tmp-"
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
"""Everything inside a library (and a backup of it) is the person's alone to read."""


def create_private(path: Path) -> BinaryIO:
    """A new file only its owner can read, whatever the umask; it must not exist yet."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags, PRIVATE_FILE)
    with contextlib.suppress(AttributeError, OSError):  # an ACL default could widen it
        os.fchmod(descriptor, PRIVATE_FILE)
    return os.fdopen(descriptor, "wb")


def temporary_sibling(path: Path) -> Path:
    return path.with_name(f"{TEMP_PREFIX}{os.urandom(6).hex()}-{path.name}")


def fsync_directory(path: Path) -> None:
    """Make a rename in this folder durable; a no-op where folders cannot be opened."""
    if os.name == "nt":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_output(path: Path, *, durable: bool = True) -> Iterator[BinaryIO]:
    """Yield a binary file; on success it replaces ``path``, on any failure it vanishes.

    ``durable=False`` skips the fsyncs, for files that can always be made again (a
    thumbnail): a reader still never sees half a file, but a power cut may leave an
    empty one, which whoever reads it must be ready to make again.
    """
    temp = temporary_sibling(path)
    try:
        with create_private(temp) as handle:
            yield handle
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise
    if durable:
        fsync_directory(path.parent)
