"""Writing files onto the target so that what is there is exactly what we meant.

Each file is hashed while it is copied (so a damaged stored original is caught), flushed
and fsynced, and later re-read from the target and compared with its SHA-256, because a
cheap USB stick can acknowledge writes it then loses.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from organizer.core.atomic import fsync_directory
from organizer.core.export.options import ExportFailed

CHUNK = 1024 * 1024


def copy_file(
    source: Path, target: Path, expected_sha256: str | None, check: Callable[[], None]
) -> str:
    """Copy ``source`` to the new file ``target``, fsync it, and return its SHA-256."""
    digest = hashlib.sha256()
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(source, "rb") as reader, open(target, "xb") as writer:
            while block := reader.read(CHUNK):
                check()
                digest.update(block)
                writer.write(block)
            writer.flush()
            os.fsync(writer.fileno())
    except FileNotFoundError as error:
        if not source.exists():
            raise ExportFailed(
                f"The stored copy of {target.name} is missing from the library."
            ) from error
        raise
    found = digest.hexdigest()
    if expected_sha256 is not None and found != expected_sha256:
        raise ExportFailed(
            f"The stored copy of {target.name} is damaged (its checksum changed); "
            "nothing was exported."
        )
    return found


def write_new_file(target: Path, data: bytes) -> str:
    """Write bytes to a new file on the target, fsynced; return their SHA-256."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "xb") as writer:
        writer.write(data)
        writer.flush()
        os.fsync(writer.fileno())
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path, check: Callable[[], None] | None = None) -> str:
    """Hash a file as it is on the device: cached pages are dropped first where possible."""
    digest = hashlib.sha256()
    with open(path, "rb") as reader:
        if hasattr(os, "posix_fadvise"):
            os.posix_fadvise(reader.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
        while block := reader.read(CHUNK):
            if check is not None:
                check()
            digest.update(block)
    return digest.hexdigest()


def fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def verify_written(folder: Path, expected: dict[str, str], check: Callable[[], None]) -> None:
    """Re-read every file under ``folder`` and compare it with ``expected`` (path -> hash)."""
    for relative, sha in expected.items():
        check()
        found = sha256_file(folder / relative, check)
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
