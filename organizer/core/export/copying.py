"""Writing files onto the target so that what is there is exactly what we meant.

Each file is copied and fsynced, then re-read from the target and compared with the
SHA-256 the library stored for it, because a cheap USB stick can acknowledge writes it
then loses. A match also proves the stored original was intact; on a mismatch the
stored original is checked to say which side is at fault.
"""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from organizer.core.atomic import fsync_directory
from organizer.core.export.options import DamagedStoredFile, ExportFailed
from organizer.core.filestore import sha256_of

CHUNK = 1024 * 1024
READ_CHUNK = 8 * CHUNK
"""Reads for hashing: a phone photo in one go, so a checking thread seldom needs the GIL."""
KERNEL_CHUNK = 16 * CHUNK
"""Bytes per copy_file_range call; between calls a cancel is noticed."""
_NO_KERNEL_COPY = {errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EPERM}


def copy_file(source: Path, target: Path, check: Callable[[], None]) -> None:
    """Copy ``source`` to the new file ``target``; ``verify_copy`` makes it durable later.

    The kernel copies the bytes (``copy_file_range``) where it can, without bringing them
    through Python; elsewhere they go through a buffer. Leaving the fsync until every file
    is written lets the system write them out together, which is far quicker than
    waiting for the device after each file.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(source, "rb") as reader, open(target, "xb") as writer:
            if not _kernel_copy(reader.fileno(), writer.fileno(), check):
                while block := reader.read(CHUNK):
                    check()
                    writer.write(block)
    except FileNotFoundError as error:
        if not source.exists():
            raise ExportFailed(
                f"The stored copy of {target.name} is missing from the library."
            ) from error
        raise


def _kernel_copy(reader: int, writer: int, check: Callable[[], None]) -> bool:
    """Copy with copy_file_range; False (having written nothing) where it is not offered."""
    if not hasattr(os, "copy_file_range"):
        return False
    copied = 0
    while True:
        check()
        try:
            step = os.copy_file_range(reader, writer, KERNEL_CHUNK)
        except OSError as error:
            if copied == 0 and error.errno in _NO_KERNEL_COPY:
                return False
            raise
        if step == 0:
            # Some file systems answer 0 at once instead of an error: copy by hand then.
            return copied > 0 or os.fstat(reader).st_size == 0
        copied += step


def verify_copy(source: Path, target: Path, expected: str, check: Callable[[], None]) -> None:
    """Fsync ``target``, re-read it from the device and compare it with the stored SHA-256."""
    fsync_file(target)
    if sha256_file(target, check) == expected:
        return
    if sha256_file(source, check) != expected:
        raise DamagedStoredFile(
            f"The stored copy of {target.name} is damaged (its checksum changed); "
            "nothing was exported.",
            expected,
        )
    raise ExportFailed(f"{target.name} did not read back as written; the target may be failing.")


def write_new_file(target: Path, data: bytes) -> str:
    """Write bytes to a new file on the target, fsynced; return their SHA-256."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "xb") as writer:
        writer.write(data)
        writer.flush()
        os.fsync(writer.fileno())
    return hashlib.sha256(data).hexdigest()


def hash_while_durable(path: Path) -> str:
    """The SHA-256 of a file just written, read from memory while the system writes the
    file out to the device (fsync); the read-back at the end compares the device with it.

    qpdf saves fastest straight into a file (no Python call for each piece it writes),
    and hashing then overlaps the wait for the device instead of slowing the save.
    """
    with ThreadPoolExecutor(1, "export-hash") as hashing:
        digest = hashing.submit(sha256_of, path, READ_CHUNK)
        fsync_file(path)
        return digest.result()


def sha256_file(path: Path, check: Callable[[], None] | None = None) -> str:
    """Hash a file as it is on the device: its cached pages are dropped first where the
    system allows (``posix_fadvise``), so the bytes are read back from the device."""
    if hasattr(os, "posix_fadvise"):
        with open(path, "rb") as reader:
            os.posix_fadvise(reader.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
    return sha256_of(path, READ_CHUNK, check)


def _read_back_sha256(path: Path, check: Callable[[], None]) -> str:
    """``sha256_file``, with the next chunk read from the device while this one is hashed:
    the packet PDF is read back whole, and waiting for the device and then hashing, in
    turn, took twice as long as doing both at once."""
    if hasattr(os, "posix_fadvise"):
        with open(path, "rb") as reader:
            os.posix_fadvise(reader.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
    digest = hashlib.sha256()
    with open(path, "rb") as reader, ThreadPoolExecutor(1, "export-read-back") as ahead:
        coming = ahead.submit(reader.read, READ_CHUNK)
        while block := coming.result():
            coming = ahead.submit(reader.read, READ_CHUNK)
            check()
            digest.update(block)
    return digest.hexdigest()


def fsync_file(path: Path) -> None:
    # Windows flushes only a handle opened for writing.
    with open(path, "r+b" if os.name == "nt" else "rb") as handle:
        os.fsync(handle.fileno())


def verify_written(folder: Path, expected: dict[str, str], check: Callable[[], None]) -> None:
    """Re-read every file under ``folder`` and compare it with ``expected`` (path -> hash)."""
    for relative, sha in expected.items():
        check()
        found = _read_back_sha256(folder / relative, check)
        if found != sha:
            raise ExportFailed(
                f"{relative} did not read back as written; the target may be failing."
            )


def fsync_tree(folder: Path) -> None:
    """Make every folder entry under ``folder`` durable (files were fsynced as written)."""
    for root, dirs, _files in os.walk(folder, topdown=False):
        for name in dirs:
            fsync_directory(Path(root) / name)
    fsync_directory(folder)
