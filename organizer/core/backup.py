"""Backups: a whole library in one file, and rotating automatic copies of the database.

A backup file is a zip holding ``library.sqlite`` (taken with SQLite's online backup API,
so it is consistent even while the app is writing), every stored file under ``files/``,
and ``backup.json`` listing each file's SHA-256. Restoring checks every hash before it
says it succeeded.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import shutil
import sqlite3
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from organizer import __version__
from organizer.core.atomic import (
    PRIVATE_FOLDER,
    TEMP_PREFIX,
    atomic_output,
    create_private,
    fsync_directory,
    temporary_sibling,
)
from organizer.core.boundedzip import UnsafeZip, open_bounded
from organizer.core.damage import REPAIR_HINT, damaged_file_words
from organizer.core.dbcopy import copy_database
from organizer.core.errors import CorruptLibrary, InvalidInput
from organizer.core.filestore import CHUNK, is_sha256, sha256_of
from organizer.core.jobs import JobContext
from organizer.core.library import AUTO_BACKUP_FOLDER, DATABASE_NAME, FILES_NAME, Library
from organizer.core.tidying import remove_stale_siblings
from organizer.core.upgrade import upgrade_schema

FORMAT = "second-look-backup"
FORMAT_VERSION = 1
MANIFEST = "backup.json"

MANIFEST_BASE = 64 * 1024
MANIFEST_PER_MEMBER = 256
"""backup.json may be this big plus this much per archive member (one hash line each)."""

# What zipfile raises for a member it cannot read back: a bad CRC or a broken deflate
# stream (damage), an encrypted member or an unknown compression method (not ours).
# A member that produces more than it declares (UnsafeZip) is damage too.
_DAMAGE = (
    zipfile.BadZipFile,
    UnsafeZip,
    zlib.error,
    EOFError,
    RuntimeError,
    NotImplementedError,
)

MAX_MEMBER = 64 * 1024**3
MAX_RATIO = 200
RATIO_FLOOR = 8 * 1024**2
"""A member may not unpack beyond this, nor (past the floor) beyond this ratio: SQLite
databases compress well, but nowhere near a compression bomb's thousands to one."""


def snapshot_database(library: Library, target: Path) -> None:
    """Copy the live database consistently, even with writers active."""
    if not target.exists():
        create_private(target).close()
    destination = sqlite3.connect(target)
    try:
        library._conn.backup(destination)
    finally:
        destination.close()


def write_backup(library: Library, target: Path, context: JobContext | None = None) -> int:
    """Write the backup file; returns the number of stored files it holds.

    A cancel (``context.cancel()``) or any failure leaves no backup file behind.
    """
    context = context or JobContext()
    if target.is_dir():
        raise InvalidInput(f"{target} is a folder; give a file name for the backup.")
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_siblings(target)
    hashes = list(library.store.all_hashes())
    # the snapshot waits inside the library, so a kill leaves it where the next start
    # removes it (never a stray copy of the records in the system's temporary folder)
    with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX, dir=library.root) as scratch:
        database_copy = Path(scratch) / DATABASE_NAME
        snapshot_database(library, database_copy)
        manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "app_version": __version__,
            "created": _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "database_sha256": sha256_of(database_copy),
            "files": hashes,
        }
        with atomic_output(target) as handle, zipfile.ZipFile(handle, "w") as archive:
            archive.write(database_copy, DATABASE_NAME, zipfile.ZIP_DEFLATED)
            for done, sha in enumerate(hashes, start=1):
                context.check_cancelled()
                context.report(done, len(hashes), sha)
                _add_verified(library, archive, sha, context.check_cancelled)
            archive.writestr(MANIFEST, json.dumps(manifest, indent=2))
    return len(hashes)


def _add_verified(
    library: Library, archive: zipfile.ZipFile, sha: str, check_cancelled: Callable[[], None]
) -> None:
    """Copy one stored file into the backup, hashing it on the way: a damaged copy would
    make the whole backup refuse to restore, so it is named now, while it can be repaired."""
    path = library.store.path_for(sha)
    info = zipfile.ZipInfo.from_file(path, f"{FILES_NAME}/{sha[:2]}/{sha}")
    info.compress_type = zipfile.ZIP_STORED
    digest = hashlib.sha256()
    with open(path, "rb") as source, archive.open(info, "w") as member:
        while block := source.read(CHUNK):
            check_cancelled()
            digest.update(block)
            member.write(block)
    if digest.hexdigest() != sha:
        raise CorruptLibrary(
            f"No backup was made: the stored copy of {damaged_file_words(library, sha)} is "
            f"damaged (its checksum changed). {REPAIR_HINT}"
        )


@dataclass(frozen=True)
class RestoreReport:
    files: int
    folder: Path


def restore_backup(source: Path, target: Path, context: JobContext | None = None) -> RestoreReport:
    """Unpack a backup into an empty (or new) folder, verifying every file on the way.

    A cancel or a damaged file leaves the target folder as it was.
    """
    context = context or JobContext()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InvalidInput(
            f"{target} is not empty; restore into a new or empty folder so nothing is overwritten."
        )
    try:
        archive = zipfile.ZipFile(source)
    except (OSError, zipfile.BadZipFile) as error:
        raise InvalidInput(f"{source} is not a Second Look backup ({error}).") from None
    with archive:
        manifest = _read_manifest(archive, source)
        _check_members(archive, source)
        remove_stale_siblings(target)
        staging = temporary_sibling(target)
        staging.parent.mkdir(parents=True, exist_ok=True)
        staging.mkdir(mode=PRIVATE_FOLDER)
        try:
            _unpack_verified(archive, manifest, staging, context)
            if target.exists():
                target.rmdir()
            staging.rename(target)
            fsync_directory(target.parent)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    files = manifest["files"]
    assert isinstance(files, list)
    return RestoreReport(files=len(files), folder=target)


def _check_members(archive: zipfile.ZipFile, source: Path) -> None:
    """Refuse the whole backup before anything is written if a member is out of place:
    a name that is not ours (``../``, absolute), or a size or compression ratio that no
    library file reaches (a compression bomb)."""
    for info in archive.infolist():
        name = info.filename
        if not _is_backup_name(name):
            raise CorruptLibrary(
                f"{source} is not a backup this app made: it holds an entry named "
                f'"{name[:80]}", which it never writes. Nothing was restored.'
            )
        ratio = info.file_size / max(1, info.compress_size)
        if info.file_size > MAX_MEMBER or (info.file_size > RATIO_FLOOR and ratio > MAX_RATIO):
            raise CorruptLibrary(
                f"{source} is damaged or hostile: {name} would unpack to "
                f"{info.file_size / 1024**2:.0f} MB from {info.compress_size / 1024**2:.1f} MB "
                "(a compression bomb?). Nothing was restored."
            )


def _is_backup_name(name: str) -> bool:
    if name in (MANIFEST, DATABASE_NAME):
        return True
    parts = name.split("/")
    return (
        len(parts) == 3
        and parts[0] == FILES_NAME
        and is_sha256(parts[2])
        and parts[1] == parts[2][:2]
    )


def _read_manifest(archive: zipfile.ZipFile, source: Path) -> dict[str, object]:
    try:
        info = archive.getinfo(MANIFEST)
    except KeyError:
        raise InvalidInput(f"{source} is not a Second Look backup (no backup.json).") from None
    # The list names one hash per member of the archive, so it can never honestly be much
    # longer than that; a bigger one is hostile and is not unpacked into memory.
    if info.file_size > MANIFEST_BASE + MANIFEST_PER_MEMBER * len(archive.infolist()):
        raise InvalidInput(f"{source} is not a Second Look backup (its backup.json is too big).")
    try:
        with open_bounded(archive, info, info.file_size) as member:
            manifest = json.loads(member.read())
    except ValueError:
        raise InvalidInput(f"{source} is not a Second Look backup (no backup.json).") from None
    except _DAMAGE as error:
        raise CorruptLibrary(
            f"{source} is damaged: its backup.json cannot be read ({error})."
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise InvalidInput(f"{source} is not a Second Look backup.")
    if manifest.get("version") != FORMAT_VERSION:
        raise InvalidInput(f"{source} was made by a newer Second Look; update the app first.")
    files = manifest.get("files")
    if not isinstance(files, list) or not all(isinstance(s, str) and is_sha256(s) for s in files):
        raise CorruptLibrary(f"{source} has a damaged file list.")
    return manifest


def _unpack_verified(
    archive: zipfile.ZipFile, manifest: dict[str, object], staging: Path, context: JobContext
) -> None:
    database = staging / DATABASE_NAME
    _copy_member(archive, DATABASE_NAME, database)
    if sha256_of(database) != manifest.get("database_sha256"):
        raise CorruptLibrary("The database in the backup is damaged (checksum differs).")
    files = manifest["files"]
    assert isinstance(files, list)
    (staging / FILES_NAME).mkdir(mode=PRIVATE_FOLDER)
    for done, sha in enumerate(files, start=1):
        context.check_cancelled()
        context.report(done, len(files), sha)
        path = staging / FILES_NAME / sha[:2] / sha
        path.parent.mkdir(mode=PRIVATE_FOLDER, exist_ok=True)
        _copy_member(archive, f"{FILES_NAME}/{sha[:2]}/{sha}", path)
        if sha256_of(path) != sha:
            raise CorruptLibrary(f"The file {sha[:12]}… in the backup is damaged.")
    _check_database(database, set(files))


def _copy_member(archive: zipfile.ZipFile, name: str, path: Path) -> None:
    try:
        info = archive.getinfo(name)
        source = open_bounded(archive, info, info.file_size)
    except KeyError:
        raise CorruptLibrary(f"The backup is missing {name}.") from None
    except _DAMAGE as error:
        raise CorruptLibrary(f"The backup's copy of {name} cannot be read ({error}).") from None
    try:
        with source, atomic_output(path) as out:
            shutil.copyfileobj(source, out, CHUNK)
    except _DAMAGE as error:
        raise CorruptLibrary(f"The backup's copy of {name} is damaged ({error}).") from None


def _check_database(database: Path, hashes: set[str]) -> None:
    connection = sqlite3.connect(database)
    try:
        if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise CorruptLibrary("The database in the backup fails SQLite's integrity check.")
        referenced = {row[0] for row in connection.execute("SELECT sha256 FROM document_files")}
    finally:
        connection.close()
    missing = referenced - hashes
    if missing:
        raise CorruptLibrary(f"The backup lacks {len(missing)} file(s) its documents refer to.")


# -- automatic backups of the database ----------------------------------------------------

AUTO_PREFIX = "auto-"
AUTO_STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class AutoBackup:
    path: Path
    taken: _dt.datetime

    @property
    def name(self) -> str:
        return self.path.name


def auto_backups(library: Library) -> list[AutoBackup]:
    """The automatic database copies, newest first."""
    folder = library.root / AUTO_BACKUP_FOLDER
    found = []
    if folder.is_dir():
        for path in folder.glob(f"{AUTO_PREFIX}*.sqlite"):
            stamp = path.stem.removeprefix(AUTO_PREFIX)[:15]
            with contextlib.suppress(ValueError):
                found.append(AutoBackup(path, _dt.datetime.strptime(stamp, AUTO_STAMP)))
    return sorted(found, key=lambda backup: (backup.taken, backup.name), reverse=True)


def hold_snapshot(library: Library) -> sqlite3.Connection:
    """A second connection that keeps reading the database as it is now, to copy later.

    The app's automatic copy at the start is made in the background once the window is
    shown; it must still hold the records as they were when the app opened, whatever the
    person changes meanwhile. This connection's read transaction keeps that state (WAL)
    until it is closed; ``take_auto_backup(library, source=...)`` copies from it.
    """
    connection = sqlite3.connect(
        library.root / DATABASE_NAME, isolation_level=None, check_same_thread=False
    )
    try:
        connection.execute("BEGIN")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()  # reads from now
    except BaseException:
        connection.close()
        raise
    return connection


class StartCopy:
    """The records as they were when the app opened, copied once its window is shown.

    The copy's time grows with the library, so it must not delay the window; it must
    still be of the records as they were at the start. The snapshot is held at once
    (``hold_snapshot``); ``write`` makes the copy from it, in a worker thread.
    """

    def __init__(self, library: Library) -> None:
        self.library = library
        self._snapshot = hold_snapshot(library)

    @classmethod
    def hold(cls, library: Library) -> StartCopy | None:
        """None if even reading the database fails: the app opens without its copy."""
        try:
            return cls(library)
        except (OSError, sqlite3.Error):
            return None

    def write(self) -> AutoBackup | None:
        """The automatic copy (None if it could not be written: nobody is locked out)."""
        try:
            return take_auto_backup(self.library, source=self._snapshot)
        except (OSError, sqlite3.Error):
            return None
        finally:
            self.close()

    def close(self) -> None:
        self._snapshot.close()


def take_auto_backup(
    library: Library,
    now: _dt.datetime | None = None,
    *,
    source: sqlite3.Connection | None = None,
) -> AutoBackup:
    """Copy the database (or the state ``source`` holds) into backups/, thin older copies.

    Reads no table through ``library``: with a ``source`` it is safe in a worker thread.
    """
    now = now or _dt.datetime.now()
    folder = library.root / AUTO_BACKUP_FOLDER
    folder.mkdir(mode=PRIVATE_FOLDER, exist_ok=True)
    stem = f"{AUTO_PREFIX}{now.strftime(AUTO_STAMP)}"
    path = folder / f"{stem}.sqlite"
    counter = 1
    while path.exists():  # two copies in one second must not replace each other
        counter += 1
        path = folder / f"{stem}-{counter}.sqlite"
    copy_database(library._conn if source is None else source, path)
    for old in backups_to_thin(auto_backups(library), now):
        old.path.unlink(missing_ok=True)
    return AutoBackup(path, now.replace(microsecond=0))


def backups_to_thin(backups: list[AutoBackup], now: _dt.datetime) -> list[AutoBackup]:
    """Keep the last few, then one a day for a week, one a week for a month, one a month."""
    keep: set[Path] = {backup.path for backup in backups[:5]}
    seen_buckets: set[tuple[str, int]] = set()
    for backup in backups:  # newest first, so the first in each bucket is its newest
        age = now - backup.taken
        if age <= _dt.timedelta(days=7):
            bucket = ("day", backup.taken.toordinal())
        elif age <= _dt.timedelta(days=35):
            bucket = ("week", backup.taken.toordinal() // 7)
        elif age <= _dt.timedelta(days=366):
            bucket = ("month", backup.taken.year * 12 + backup.taken.month)
        else:
            continue
        if bucket not in seen_buckets:
            seen_buckets.add(bucket)
            keep.add(backup.path)
    return [backup for backup in backups if backup.path not in keep]


def restore_auto_backup(library: Library, backup: AutoBackup) -> None:
    """Put an automatic copy back as the live database, keeping the current one first."""
    take_auto_backup(library)
    source = sqlite3.connect(backup.path)
    try:
        source.backup(library._conn)
    finally:
        source.close()
    # a copy from before an update has an older schema: bring it up to date at once
    library._execute("PRAGMA journal_mode = WAL")
    upgrade_schema(library._conn, library.root / AUTO_BACKUP_FOLDER)
