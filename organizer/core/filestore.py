"""The content-addressed file store: every attached file lives at files/ab/<sha256>.

A file's name is its SHA-256, so the same content is stored once, a damaged copy is
detectable, and nothing in the database has to change when files move between machines.
Deleted documents' files are not removed here: the store only forgets a file when no
document (trashed ones included) refers to it any more, and the caller decides when.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from organizer.core.atomic import (
    PRIVATE_FOLDER,
    TEMP_PREFIX,
    create_private,
    fsync_directory,
    temporary_sibling,
)
from organizer.core.errors import CorruptLibrary

if TYPE_CHECKING:
    from concurrent.futures import Future

    from organizer.core.importing.syncing import Syncer

CHUNK = 1024 * 1024
FINISHING_KEPT = 64
"""Copies in flight remembered (to share with the same content copied again) before the
finished ones are forgotten."""


@dataclass(frozen=True)
class StoredFile:
    """A file as the store keeps it: by its content hash."""

    sha256: str
    size: int
    already_present: bool
    repaired: bool = False  # a damaged copy of this content was replaced by this one
    durable: Future[None] | None = field(default=None, compare=False, repr=False)
    """Set when a ``Syncer`` finishes the copy: it is in place once this is done."""

    def wait_durable(self) -> None:
        """Return once the copy is under its name and survives a power cut (or raise why not)."""
        if self.durable is not None:
            self.durable.result()


def sha256_of(path: Path, chunk: int = CHUNK, check: Callable[[], None] | None = None) -> str:
    """The file's SHA-256; ``check`` (for cancelling) is called before each chunk."""
    import hashlib  # OpenSSL's library loads on first use, not at start

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
        self._finishing: dict[str, Future[None]] = {}

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
        self,
        stream: BinaryIO,
        check_cancelled: Callable[[], None] | None = None,
        syncer: Syncer | None = None,
    ) -> StoredFile:
        """Copy a stream into the store, hashing as it goes.

        Without ``syncer`` the copy is durable on return. With one, the copy is finished
        (fsync, rename, folder fsync) on its threads: the caller must ``wait_durable``
        before anything refers to the file or reads it under its name.
        """
        _make_durable_folder(self.root)
        temp = temporary_sibling(self.root / "incoming")
        import hashlib  # OpenSSL's library loads on first use, not at start

        digest = hashlib.sha256()
        size = 0
        out = create_private(temp)
        try:
            while block := stream.read(CHUNK):
                if check_cancelled is not None:
                    check_cancelled()
                digest.update(block)
                out.write(block)
                size += len(block)
            out.flush()
            sha = digest.hexdigest()
            final = self.path_for(sha)
            finishing = self._finishing.get(sha)
            if finishing is not None and not finishing.done():
                _drop(out, temp)  # the same content, copied a moment ago, is being finished
                return StoredFile(sha, size, already_present=True, durable=finishing)
            present = final.is_file()
            if present and final.stat().st_size == size and sha256_of(final) == sha:
                _drop(out, temp)
                return StoredFile(sha, size, already_present=True)
            if syncer is not None and not present:  # a repair is finished at once, below
                durable = syncer.submit(lambda: _finish(out, temp, final))
                self._remember(sha, durable)
                return StoredFile(sha, size, already_present=False, durable=durable)
        except BaseException:
            _drop(out, temp)
            raise
        _finish(out, temp, final)
        # a stored copy that no longer matches its name is damaged: the new one repairs it
        return StoredFile(sha, size, already_present=present, repaired=present)

    def _remember(self, sha: str, durable: Future[None]) -> None:
        if len(self._finishing) > FINISHING_KEPT:  # forget the finished ones
            self._finishing = {k: v for k, v in self._finishing.items() if not v.done()}
        self._finishing[sha] = durable

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


def _drop(out: BinaryIO, temp: Path) -> None:
    """Close and remove a copy that is not kept."""
    out.close()
    with contextlib.suppress(FileNotFoundError):
        temp.unlink()


def _finish(out: BinaryIO, temp: Path, final: Path) -> None:
    """fsync the written copy, rename it to its final name, fsync the folder (in order)."""
    try:
        try:
            os.fsync(out.fileno())
        finally:
            out.close()
        _make_durable_folder(final.parent)
        os.replace(temp, final)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise
    fsync_directory(final.parent)
