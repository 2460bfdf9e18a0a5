"""The content-addressed file store: every attached file lives at files/ab/<sha256>.

A file's name is its SHA-256, so the same content is stored once, a damaged copy is
detectable, and nothing in the database has to change when files move between machines.
Deleted documents' files are not removed here: the store only forgets a file when no
document (trashed ones included) refers to it any more, and the caller decides when.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from organizer.core.atomic import (
    PRIVATE_FOLDER,
    TEMP_PREFIX,
    create_private,
    fsync_directory,
    temporary_sibling,
)
from organizer.core.errors import CorruptLibrary

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    already_present: bool
    repaired: bool = False  # a damaged copy of this content was replaced by this one


def sha256_of(path: Path, chunk: int = CHUNK, check: Callable[[], None] | None = None) -> str:
    """The file's SHA-256; ``check`` (for cancelling) is called before each chunk."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            if check is not None:
                check()
            digest.update(block)
    return digest.hexdigest()


def is_sha256(name: str) -> bool:
    return len(name) == 64 and all(c in "0123456789abcdef" for c in name)


def _make_durable_folder(folder: Path) -> None:
    """Create the folder if needed; a new one is fsynced into its parent, so a power cut
    cannot take away the folder entry under a file the database already names."""
    if folder.is_dir():
        return
    _make_durable_folder(folder.parent)
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=PRIVATE_FOLDER)
    fsync_directory(folder.parent)


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str) -> Path:
        if not is_sha256(sha256):
            raise ValueError(f"not a SHA-256: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def contains(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def put_file(
        self, source: Path, check_cancelled: Callable[[], None] | None = None
    ) -> StoredFile:
        with open(source, "rb") as handle:
            return self.put_stream(handle, check_cancelled)

    def put_bytes(self, data: bytes) -> StoredFile:
        return self.put_stream(io.BytesIO(data))

    def put_stream(
        self, stream: BinaryIO, check_cancelled: Callable[[], None] | None = None
    ) -> StoredFile:
        """Copy a stream into the store, hashing as it goes; the copy is durable on return."""
        _make_durable_folder(self.root)
        temp = temporary_sibling(self.root / "incoming")
        digest = hashlib.sha256()
        size = 0
        try:
            with create_private(temp) as out:
                while block := stream.read(CHUNK):
                    if check_cancelled is not None:
                        check_cancelled()
                    digest.update(block)
                    out.write(block)
                    size += len(block)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            final = self.path_for(sha)
            present = final.is_file()
            if present and final.stat().st_size == size and sha256_of(final) == sha:
                temp.unlink()
                return StoredFile(sha, size, already_present=True)
            _make_durable_folder(final.parent)
            os.replace(temp, final)
            fsync_directory(final.parent)
            # a stored copy that no longer matches its name is damaged: the new one repairs it
            return StoredFile(sha, size, already_present=present, repaired=present)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
            raise

    def verify(self, sha256: str) -> None:
        """Raise CorruptLibrary unless the stored copy still has the content it is named for."""
        path = self.path_for(sha256)
        if not path.is_file():
            raise CorruptLibrary(f"the stored file {sha256[:12]}… is missing from the library")
        if sha256_of(path) != sha256:
            raise CorruptLibrary(f"the stored file {sha256[:12]}… is damaged (checksum differs)")

    def all_hashes(self) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for folder in sorted(self.root.iterdir()):
            if folder.is_dir() and len(folder.name) == 2:
                for item in sorted(folder.iterdir()):
                    if is_sha256(item.name):
                        yield item.name

    def remove(self, sha256: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path_for(sha256).unlink()

    def remove_leftover_temporaries(self) -> int:
        """Delete half-written copies left by a crash or kill; they are never referenced."""
        if not self.root.is_dir():
            return 0
        removed = 0
        for item in self.root.iterdir():
            if item.name.startswith(TEMP_PREFIX):
                item.unlink()
                removed += 1
        return removed
