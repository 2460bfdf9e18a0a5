"""The preparing phase: find files, copy them into the store, understand them.

This phase never writes the database, so the GUI can run it in a worker thread while
the GUI thread stays the only writer. It walks the dropped paths (folders recursively,
zips in place, nested zips one level), copies each file once into the content-addressed
store (fsynced), reads what it is from the stored copy, and yields either a final
``FileOutcome`` (skipped or rejected) or a ``PreparedDocument`` for ``commit``.
The person's files are only ever opened for reading.
"""

from __future__ import annotations

import collections
import contextlib
import errno
import functools
import io
import os
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from organizer.core.derived import remove_derived
from organizer.core.diskspace import raise_if_disk_full
from organizer.core.errors import Cancelled
from organizer.core.filestore import FileStore, StoredFile
from organizer.core.importing.dicom import DicomDirIndex, DicomHeader, DicomRefused, read_header
from organizer.core.importing.model import (
    FileOutcome,
    Outcome,
    PreparedDocument,
    PreparedFile,
    PreparedItem,
)
from organizer.core.importing.safexml import XdmMetadata, XmlRefused, read_xdm_metadata
from organizer.core.importing.safezip import UnsafeZip, ZipEntry, open_archive, open_entry
from organizer.core.importing.skipping import folder_reason, hidden_reason, viewer_reason
from organizer.core.importing.sniff import (
    DICOMDIR_MEDIA_TYPE,
    HEAD_SIZE,
    IMAGE_KINDS,
    KIND_LABELS,
    MEDIA_TYPES,
    Kind,
    promised_kind,
    sniff,
)
from organizer.core.importing.studies import StudyCollector
from organizer.core.importing.syncing import Syncer
from organizer.core.importing.understanding import Refused, StoredCopy, Understood, understand
from organizer.core.jobs import JobContext

MAX_ZIP_DEPTH = 2  # a zip inside a dropped zip is opened; one more level is refused
MAX_METADATA_BYTES = 16 * 1024**2
XDM_WRAPPER_NAMES = frozenset({"INDEX.HTM", "INDEX.HTML", "README.TXT"})
KEEP_IN_VIEWER_FOLDERS = IMAGE_KINDS | {Kind.DICOM, Kind.PDF}
LOOKAHEAD = 8  # files copied ahead of the one being read; bounds memory and output delay


def display_name(text: str) -> str:
    """A file name fit to print and store, even if it was not valid UTF-8 on disk."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def os_reason(error: OSError) -> str:
    code = error.errno
    if isinstance(error, FileNotFoundError):
        return "the file disappeared before it could be read"
    if isinstance(error, NotRegularFile):
        return NOT_REGULAR
    if code == errno.ENAMETOOLONG:
        return "the path is longer than the system allows"
    if code == errno.ELOOP:
        return "a symbolic link loop (the link points back at itself)"
    if isinstance(error, PermissionError):
        return "cannot read the file (permission denied)"
    if code == errno.EIO:
        return "the disk reported a read error"
    return f"cannot read the file ({error.strerror or error})"


def unexpected_reason(error: Exception) -> str:
    """One line for a reader's unforeseen failure, so the batch can go on without it."""
    detail = " ".join(str(error).split())[:200] or type(error).__name__
    return f"the file could not be read (unexpected content: {detail})"


@dataclass
class _Entry:
    display: str
    parts: tuple[str, ...]  # path inside the dropped folder or zip
    opener: Callable[[], BinaryIO]
    zip_depth: int
    xdm: XdmMetadata | None = None
    xdm_package: bool = False


@dataclass
class _Understanding:
    """A stored file whose reading is under way on the helper thread."""

    display: str
    stored: StoredFile
    prepared: PreparedFile
    note: str
    future: Future[Understood]


@dataclass
class _ReadingDicom:
    """A stored DICOM file whose header is being read on the helper thread."""

    display: str
    stored: StoredFile
    prepared: PreparedFile
    parts: tuple[str, ...]
    collector: StudyCollector
    future: Future[DicomHeader | DicomDirIndex]


@dataclass
class _Finishing:
    """The end of a dropped folder or zip: its studies become documents once the files
    found before it are settled."""

    collector: StudyCollector


_Pending = PreparedItem | _Understanding | _ReadingDicom | _Finishing


def _ready(item: _Pending) -> bool:
    return not isinstance(item, (_Understanding, _ReadingDicom)) or item.future.done()


def _understand_durable(stored: StoredFile, copy: StoredCopy) -> Understood:
    stored.wait_durable()  # read under its name only once it is in place
    return understand(copy)


def _dicom_header_durable(
    stored: StoredFile, path: Path, head: bytes
) -> DicomHeader | DicomDirIndex:
    stored.wait_durable()
    return read_header(path, head)


class _Prefixed(io.RawIOBase):
    """The bytes already read for sniffing, then the rest of the stream."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._head:
            count = min(len(buffer), len(self._head))
            buffer[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


NOT_REGULAR = "not a regular file (a device or pipe); only files, folders and zips are read"
LINK_SKIPPED = (
    "a link (shortcut) to somewhere else; links inside a folder are not followed, "
    "import the file it points to itself"
)


OWN_LIBRARY = "this is the Second Look library itself; its files are already in it"


class NotRegularFile(OSError):
    """What was opened is a pipe, a device or a socket, which could never end or be a record."""


def open_file(path: Path) -> BinaryIO:
    """Open a person's file for reading only (tests replace this to simulate failures).

    It is opened without waiting (a pipe would otherwise block the import forever, with
    the library locked) and refused unless it is a regular file.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise NotRegularFile(errno.EINVAL, NOT_REGULAR, str(path))
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


class Preparer:
    """Runs the preparing phase; remembers which stored files it newly created."""

    def __init__(self, store: FileStore, library_root: Path, context: JobContext) -> None:
        self.store = store
        self.library_root = library_root
        self.context = context
        self.new_hashes: set[str] = set()
        self.done = 0
        self.total = 0
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="understand")
        self._syncer = Syncer()
        self._library_identity = _identity(library_root)

    # -- the walk ---------------------------------------------------------------------------

    def run(self, paths: Sequence[Path]) -> Generator[PreparedItem, None, None]:
        """Yield outcomes in the order files were found.

        Reading what a stored file is (opening a PDF, a DICOM header) runs on helper
        threads while this thread copies and hashes the next files, and so does each
        copy's fsync (``Syncer``); a file is read, and its document handed on, only once
        its copy is durable. A short queue keeps them in step and the output in order.
        """
        waiting: collections.deque[_Pending] = collections.deque()
        try:
            for item in self._walk(paths):
                waiting.append(item)
                while waiting and (_ready(waiting[0]) or len(waiting) > LOOKAHEAD):
                    yield from self._settle(waiting.popleft())
            while waiting:
                yield from self._settle(waiting.popleft())
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._syncer.close()  # every copy finished before any is forgotten
            for item in waiting:  # cancelled or failed part-way: drop what was stored for them
                if isinstance(item, (_Understanding, _ReadingDicom)):
                    self._forget(item.stored)

    def _walk(self, paths: Sequence[Path]) -> Iterator[_Pending]:
        self.total = sum(_count_files(path) for path in paths)
        for path in paths:
            self.context.check_cancelled()
            collector = StudyCollector(display_name(str(path)))
            yield from self._top(path, collector)
            yield _Finishing(collector)

    def _settle(self, item: _Pending) -> Iterator[PreparedItem]:
        if isinstance(item, _Finishing):
            yield from item.collector.finish()
            return
        if isinstance(item, _ReadingDicom):
            yield from self._settle_dicom(item)
            return
        if not isinstance(item, _Understanding):
            yield item
            return
        try:
            understood = item.future.result()
        except Refused as error:
            self._forget(item.stored)
            yield FileOutcome(item.display, Outcome.REJECTED, reason=str(error))
            return
        except Cancelled:
            raise
        except Exception as error:  # a reader tripped on an odd file: that file only fails
            self._forget(item.stored)
            yield self._failed(item.display, error)
            return
        prepared = item.prepared
        prepared.media_type = understood.media_type or prepared.media_type
        embedded, notes = self._embedded(item.display, understood)
        prepared.note = "; ".join(part for part in (item.note, understood.note, *notes) if part)
        yield PreparedDocument(
            document=understood.document,
            files=[prepared],
            clinical=understood.clinical,
            embedded=embedded,
        )

    def _embedded(
        self, display: str, understood: Understood
    ) -> tuple[list[PreparedDocument], list[str]]:
        """Files inside a clinical document (a PDF in a C-CDA) as documents of their own."""
        clinical = understood.clinical
        if clinical is None or not clinical.attachments:
            return [], []
        found: list[PreparedDocument] = []
        notes: list[str] = []
        parent_title = understood.document.title
        for position, attachment in enumerate(clinical.attachments, start=1):
            self.context.check_cancelled()
            shown = f"{display} > embedded file {position}"
            kind = sniff(attachment.data[:HEAD_SIZE])
            stored = self.store.put_stream(io.BytesIO(attachment.data))
            if not stored.already_present:
                self.new_hashes.add(stored.sha256)
            copy = StoredCopy(
                path=self.store.path_for(stored.sha256),
                name=f"embedded-{position}",
                source=shown,
                kind=kind,
            )  # an embedded picture's thumbnail and print copy come from the background pass
            try:
                inner = understand(copy)
            except Refused as error:
                self._forget(stored)
                notes.append(f"embedded file {position} could not be used: {error}")
                continue
            title = attachment.title if attachment.title != parent_title else ""
            inner.document.title = f"{title or inner.document.title} (inside {parent_title})"[:300]
            inner.document.date = inner.document.date or understood.document.date
            inner.document.category = understood.document.category
            media = inner.media_type or attachment.media_type or MEDIA_TYPES[kind]
            file = PreparedFile(path=shown, sha256=stored.sha256, size=stored.size,
                                original_name=copy.name, relative_path=copy.name,
                                media_type=media, newly_stored=not stored.already_present,
                                note=inner.note)  # fmt: skip
            found.append(PreparedDocument(document=inner.document, files=[file]))
        clinical.attachments = []  # their bytes are in the store now; free the memory
        return found, notes

    def _settle_dicom(self, item: _ReadingDicom) -> Iterator[PreparedItem]:
        try:
            header = item.future.result()
        except DicomRefused as error:
            self._forget(item.stored)
            yield FileOutcome(item.display, Outcome.REJECTED, reason=str(error))
            return
        except Exception as error:
            self._forget(item.stored)
            yield self._failed(item.display, error)
            return
        if isinstance(header, DicomDirIndex):
            item.prepared.media_type = DICOMDIR_MEDIA_TYPE
            item.collector.add_dicomdir(item.prepared, header, item.parts)
        else:
            item.collector.add_file(item.prepared, header, item.parts)

    def _failed(self, display: str, error: Exception) -> FileOutcome:
        """A file whose copy could not be finished, or whose reader tripped on it."""
        raise_if_disk_full(error)  # the library's disk is full: stop the batch
        if isinstance(error, OSError):
            return FileOutcome(display, Outcome.REJECTED, reason=os_reason(error))
        return FileOutcome(display, Outcome.REJECTED, reason=unexpected_reason(error))

    def _tick(self, text: str) -> None:
        self.done += 1
        self.context.report(min(self.done, self.total), max(self.total, self.done), text)

    def _top(self, path: Path, collector: StudyCollector) -> Iterator[_Pending]:
        shown = display_name(str(path))
        if self._inside_library(path):
            self._tick(shown)
            yield FileOutcome(shown, Outcome.SKIPPED, reason=OWN_LIBRARY)
            return
        try:
            info = path.stat()
        except OSError as error:
            reason = "no such file or folder" if isinstance(error, FileNotFoundError) else None
            yield FileOutcome(shown, Outcome.REJECTED, reason=reason or os_reason(error))
            return
        if stat.S_ISDIR(info.st_mode):
            yield from self._folder(path, collector)
            return
        if not stat.S_ISREG(info.st_mode):
            self._tick(shown)
            yield FileOutcome(shown, Outcome.SKIPPED, reason=NOT_REGULAR)
            return
        name = display_name(path.name)
        entry = _Entry(shown, (name,), lambda: open_file(path), 0)
        yield from self._entry(entry, collector)

    def _folder(self, root: Path, collector: StudyCollector) -> Iterator[_Pending]:
        root_id = _identity(root)
        stack: list[tuple[Path, tuple[str, ...], frozenset[tuple[int, int]]]] = [
            (root, (), frozenset({root_id}) if root_id else frozenset())
        ]
        while stack:
            folder, parts, ancestors = stack.pop()
            self.context.check_cancelled()
            try:
                with os.scandir(folder) as listing:
                    children = sorted(listing, key=lambda item: item.name)
            except OSError as error:
                yield FileOutcome(
                    display_name(str(folder)),
                    Outcome.REJECTED,
                    reason=os_reason(error).replace("the file", "the folder"),
                )
                continue
            xdm, package = self._xdm_in_folder(folder, children)
            subfolders = []
            for child in children:
                shown = display_name(child.path)
                name = display_name(child.name)
                try:
                    is_link = child.is_symlink()
                    is_dir = not is_link and child.is_dir(follow_symlinks=False)
                    is_file = not is_dir and child.is_file(follow_symlinks=False)
                except OSError as error:
                    yield FileOutcome(shown, Outcome.REJECTED, reason=os_reason(error))
                    continue
                if is_link:
                    self._tick(shown)
                    yield FileOutcome(shown, Outcome.SKIPPED, reason=LINK_SKIPPED)
                    continue
                if is_dir:
                    why = folder_reason(child.name)
                    if why:
                        self._tick(shown)
                        yield FileOutcome(shown, Outcome.SKIPPED, reason=why)
                        continue
                    subfolders.append(child)
                    continue
                if not is_file:
                    yield self._not_regular(child, shown)
                    continue
                path = Path(child.path)
                entry = _Entry(
                    shown, (*parts, name), functools.partial(open_file, path), 0, xdm, package
                )
                yield from self._entry(entry, collector)
            for child in reversed(subfolders):
                identity = _identity(Path(child.path))
                if identity is not None and identity == self._library_identity:
                    yield FileOutcome(display_name(child.path), Outcome.SKIPPED, reason=OWN_LIBRARY)
                    continue
                if identity is not None and identity in ancestors:
                    yield FileOutcome(
                        display_name(child.path),
                        Outcome.SKIPPED,
                        reason="a link back to a folder already being imported (a loop)",
                    )
                    continue
                more = ancestors | {identity} if identity else ancestors
                stack.append((Path(child.path), (*parts, display_name(child.name)), more))

    def _inside_library(self, path: Path) -> bool:
        """Is this the library's own folder or something in it (never imported into itself)?"""
        try:
            resolved, library = path.resolve(), self.library_root.resolve()
        except (OSError, RuntimeError):
            return False
        return resolved == library or library in resolved.parents

    def _not_regular(self, child: os.DirEntry[str], shown: str) -> FileOutcome:
        self._tick(shown)
        return FileOutcome(shown, Outcome.SKIPPED, reason=NOT_REGULAR)

    def _xdm_in_folder(
        self, folder: Path, children: list[os.DirEntry[str]]
    ) -> tuple[XdmMetadata | None, bool]:
        names = {child.name.upper(): child for child in children}
        package = "IHE_XDM" in names
        metadata = names.get("METADATA.XML")
        if metadata is None or metadata.is_symlink():
            return None, package
        try:
            with open_file(Path(metadata.path)) as handle:
                return read_xdm_metadata(handle), package
        except (OSError, XmlRefused):
            return None, package

    # -- one file -------------------------------------------------------------------------

    def _entry(self, entry: _Entry, collector: StudyCollector) -> Iterator[_Pending]:
        self.context.check_cancelled()
        if entry.zip_depth == 0:
            self._tick(entry.display)
        name = entry.parts[-1]
        why = hidden_reason(name)
        package_file = why is None
        if why is None and entry.xdm_package and name.upper() in XDM_WRAPPER_NAMES:
            why = "the XDM package's own index page, not a record"
        if why is None and entry.xdm is not None:
            if name.upper() == "METADATA.XML":
                why = "the XDM package's index (its details were read into the documents)"
            elif name.lower().endswith(".xsl"):
                why = "a stylesheet that came with the XDM package, not a record"
        if why:
            yield FileOutcome(entry.display, Outcome.SKIPPED, reason=why, package_file=package_file)
            return
        try:
            handle = entry.opener()
        except (OSError, *_ZIP_ERRORS, RuntimeError, NotImplementedError) as error:
            yield _unreadable(entry, error)
            return
        with handle:
            try:
                head = handle.read(HEAD_SIZE)
            except (OSError, *_ZIP_ERRORS) as error:
                yield _unreadable(entry, error)
                return
            kind = sniff(head)
            if kind is Kind.EMPTY:
                yield FileOutcome(
                    entry.display, Outcome.REJECTED, reason="the file is empty (0 bytes)"
                )
                return
            if kind is Kind.PROGRAM:
                yield FileOutcome(
                    entry.display, Outcome.SKIPPED, reason="a program (imaging-CD viewer?)"
                )
                return
            viewer = viewer_reason(entry.parts)
            if viewer and kind not in KEEP_IN_VIEWER_FOLDERS:
                yield FileOutcome(entry.display, Outcome.SKIPPED, reason=viewer)
                return
            promised = promised_kind(name)
            if promised is not None and promised is not kind and kind in (Kind.TEXT, Kind.OTHER):
                yield FileOutcome(
                    entry.display,
                    Outcome.REJECTED,
                    reason=f"the name says {KIND_LABELS[promised]}, but the content is "
                    f"{KIND_LABELS[kind]}: the file is damaged or not what it claims",
                )
                return
            if kind is Kind.ZIP and not _is_office_zip(head):
                yield from self._zip(entry, handle, head, collector)
                return
            note = ""
            if promised is not None and promised is not kind:
                note = f"named as {KIND_LABELS[promised]} but it is {KIND_LABELS[kind]}"
            yield from self._store(entry, handle, head, kind, collector, note)

    def _store(
        self,
        entry: _Entry,
        handle: BinaryIO,
        head: bytes,
        kind: Kind,
        collector: StudyCollector,
        note: str = "",
    ) -> Iterator[_Pending]:
        stream = io.BufferedReader(_Prefixed(head, handle), buffer_size=1024 * 1024)
        try:
            stored = self.store.put_stream(stream, self.context.check_cancelled, self._syncer)
        except (OSError, *_ZIP_ERRORS) as error:
            raise_if_disk_full(error)  # the library's disk, not this file: stop the batch
            yield _unreadable(entry, error)
            return
        if not stored.already_present:
            self.new_hashes.add(stored.sha256)
        name = entry.parts[-1]
        prepared = PreparedFile(
            path=entry.display,
            sha256=stored.sha256,
            size=stored.size,
            original_name=name,
            relative_path="/".join(entry.parts),
            media_type=MEDIA_TYPES[kind],
            newly_stored=not stored.already_present,
            repaired=stored.repaired,
        )
        stored_path = self.store.path_for(stored.sha256)
        if kind is Kind.DICOM:
            reading = self._pool.submit(_dicom_header_durable, stored, stored_path, head)
            yield _ReadingDicom(entry.display, stored, prepared, entry.parts, collector, reading)
            return
        copy = StoredCopy(
            path=stored_path,
            name=name,
            source=entry.display,
            kind=kind,
            xdm=entry.xdm.for_name(name) if entry.xdm is not None else None,
        )
        future = self._pool.submit(_understand_durable, stored, copy)
        yield _Understanding(entry.display, stored, prepared, note, future)

    def _forget(self, stored: StoredFile) -> None:
        """A refused file's new copy leaves the store at once (a copy already there stays)."""
        if not stored.already_present:
            self.store.remove(stored.sha256)
            remove_derived(self.library_root, stored.sha256)
            self.new_hashes.discard(stored.sha256)

    # -- zips -------------------------------------------------------------------------------

    def _zip(
        self, entry: _Entry, handle: BinaryIO, head: bytes, collector: StudyCollector
    ) -> Iterator[_Pending]:
        if entry.zip_depth >= MAX_ZIP_DEPTH:
            yield FileOutcome(
                entry.display,
                Outcome.REJECTED,
                reason="a zip inside a zip inside a zip; unzip the outer ones first",
            )
            return
        with contextlib.ExitStack() as stack:
            try:
                seekable = self._seekable(entry, handle, head, stack)
                archive, entries = open_archive(seekable)
            except UnsafeZip as error:
                yield FileOutcome(entry.display, Outcome.REJECTED, reason=str(error))
                return
            except (zipfile.BadZipFile, OSError, EOFError) as error:
                reason = "the zip is damaged or incomplete"
                if isinstance(error, OSError) and not isinstance(error, zipfile.BadZipFile):
                    reason = os_reason(error)
                yield FileOutcome(entry.display, Outcome.REJECTED, reason=reason)
                return
            stack.enter_context(archive)
            inner_collector = collector if entry.zip_depth == 0 else StudyCollector(entry.display)
            yield from self._zip_entries(entry, archive, entries, inner_collector)
            if inner_collector is not collector:
                yield _Finishing(inner_collector)

    def _seekable(
        self, entry: _Entry, handle: BinaryIO, head: bytes, stack: contextlib.ExitStack
    ) -> BinaryIO:
        if entry.zip_depth == 0 and handle.seekable():
            handle.seek(0)
            return handle
        spool = stack.enter_context(tempfile.TemporaryFile())  # noqa: SIM115 - closed by stack
        spool.write(head)
        shutil.copyfileobj(handle, spool, 1024 * 1024)
        spool.seek(0)
        return spool

    def _zip_entries(
        self,
        outer: _Entry,
        archive: zipfile.ZipFile,
        entries: list[ZipEntry],
        collector: StudyCollector,
    ) -> Iterator[_Pending]:
        metadata = self._zip_xdm(archive, entries)
        for item in entries:
            shown = f"{outer.display}/{item.name.replace(chr(92), '/')}"
            shown = display_name(shown)
            if item.problem or item.path is None:
                yield FileOutcome(shown, Outcome.REJECTED, reason=item.problem)
                continue
            parts = tuple(item.path.parts)
            if any(folder_reason(part) for part in parts[:-1]):
                yield FileOutcome(shown, Outcome.SKIPPED, reason="inside a system folder")
                continue
            folder = "/".join(parts[:-1]).upper()
            xdm = metadata.get(folder)
            package = any(key.startswith(f"{folder}/IHE_XDM".lstrip("/")) for key in metadata)
            package = package or (xdm is None and bool(metadata) and not folder)
            entry = _Entry(
                shown,
                parts,
                functools.partial(open_entry, archive, item),
                outer.zip_depth + 1,
                xdm,
                package,
            )
            yield from self._entry(entry, collector)

    def _zip_xdm(self, archive: zipfile.ZipFile, entries: list[ZipEntry]) -> dict[str, XdmMetadata]:
        """METADATA.XML files of an XDM package, by their folder (upper-cased)."""
        found: dict[str, XdmMetadata] = {}
        for item in entries:
            if item.path is None or item.problem or item.path.name.upper() != "METADATA.XML":
                continue
            if item.info.file_size > MAX_METADATA_BYTES:
                continue
            try:
                with open_entry(archive, item) as handle:
                    found["/".join(item.path.parts[:-1]).upper()] = read_xdm_metadata(handle)
            except (XmlRefused, UnsafeZip, zipfile.BadZipFile, OSError, RuntimeError):
                continue
        return found


_ZIP_ERRORS = (UnsafeZip, zipfile.BadZipFile)


def _unreadable(entry: _Entry, error: BaseException) -> FileOutcome:
    """The outcome for a file that could not be read: a system error or a zip's own."""
    reason = os_reason(error) if isinstance(error, OSError) else _zip_reason(error)
    return FileOutcome(entry.display, Outcome.REJECTED, reason=reason)


def _zip_reason(error: BaseException) -> str:
    if isinstance(error, UnsafeZip):
        return str(error)
    text = str(error).lower()
    if "password" in text or "encrypted" in text:
        return "password-protected inside the zip; unzip it with its password first"
    if "crc" in text:
        return "the zip entry is damaged (its checksum does not match)"
    return f"the zip entry cannot be read ({error})"


def _is_office_zip(head: bytes) -> bool:
    """Word, Excel and OpenDocument files are zips too; they are documents, not folders."""
    return b"[Content_Types].xml" in head[:2048] or head[30:38] == b"mimetype"


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def _count_files(path: Path) -> int:
    try:
        if not path.is_dir():
            return 1
    except OSError:
        return 1
    count = 0
    for _, _, files in os.walk(path):
        count += len(files)
    return count


def prepare_paths(
    store: FileStore, library_root: Path, paths: Sequence[Path], context: JobContext
) -> Iterator[PreparedItem]:
    """Run the preparing phase alone (see ``Preparer`` to know which files it stored)."""
    return Preparer(store, library_root, context).run(paths)


__all__ = ["Cancelled", "Preparer", "display_name", "open_file", "prepare_paths"]
