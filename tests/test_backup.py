"""Backups hold everything, restores verify everything, automatic copies are thinned."""

from __future__ import annotations

import datetime as dt
import sqlite3
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from organizer.core.backup import (
    auto_backups,
    backups_to_thin,
    hold_snapshot,
    restore_auto_backup,
    restore_backup,
    take_auto_backup,
    write_backup,
)
from organizer.core.errors import CorruptLibrary, InvalidInput
from organizer.core.library import DATABASE_NAME, Library
from organizer.core.records import Document, DocumentFile, Person


def _filled(library: Library, samples: Path) -> list[Path]:
    person_id = library.add(Person(name="Ana Diaz"))
    sources = [samples / "pdf" / "google-doc-document.pdf", samples / "images" / "hopper.png"]
    for source in sources:
        stored = library.store.put_file(source)
        document_id = library.add_document(Document(person_id=person_id, title=source.stem))
        library.add(DocumentFile(document_id=document_id, sha256=stored.sha256, size=stored.size))
    return sources


def _rows(database: Path) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(database)
    try:
        tables = [
            r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        return [
            tuple(row) for t in sorted(tables) for row in connection.execute(f"SELECT * FROM {t}")
        ]
    finally:
        connection.close()


def test_backup_and_restore_round_trip(library: Library, samples: Path, tmp_path: Path) -> None:
    sources = _filled(library, samples)
    backup = tmp_path / "backup.zip"
    assert write_backup(library, backup) == 2
    report = restore_backup(backup, tmp_path / "restored")
    assert report.files == 2
    assert _rows(tmp_path / "restored" / DATABASE_NAME) == _rows(library.root / DATABASE_NAME)
    with Library.open(tmp_path / "restored") as restored:
        for source in sources:
            files = [
                f
                for f in restored.select(DocumentFile)
                if f.original_name == "" and f.size == source.stat().st_size
            ]
            path = restored.store.path_for(files[0].sha256)
            assert path.read_bytes() == source.read_bytes()


def test_backup_is_consistent_while_another_connection_writes(
    library: Library, samples: Path, tmp_path: Path
) -> None:
    _filled(library, samples)
    writer = sqlite3.connect(library.root / DATABASE_NAME, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO people (name) VALUES ('not yet committed')")
    write_backup(library, tmp_path / "b.zip")
    writer.execute("ROLLBACK")
    writer.close()
    restore_backup(tmp_path / "b.zip", tmp_path / "r")
    with Library.open(tmp_path / "r") as restored:
        assert [p.name for p in restored.people()] == ["Ana Diaz"]


def test_restore_refuses_a_folder_with_something_in_it(
    library: Library, samples: Path, tmp_path: Path
) -> None:
    _filled(library, samples)
    write_backup(library, tmp_path / "b.zip")
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "keep.txt").write_text("mine")
    with pytest.raises(InvalidInput, match="not empty"):
        restore_backup(tmp_path / "b.zip", occupied)
    assert [p.name for p in occupied.iterdir()] == ["keep.txt"]


def test_a_damaged_backup_is_caught_and_leaves_nothing(
    library: Library, samples: Path, tmp_path: Path
) -> None:
    _filled(library, samples)
    good = tmp_path / "good.zip"
    write_backup(library, good)
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("files/") and item.filename.endswith(
                library.store.all_hashes().__next__()
            ):
                data = data[:-1] + bytes([data[-1] ^ 0xFF])
            target.writestr(item, data)
    with pytest.raises(CorruptLibrary, match="damaged"):
        restore_backup(bad, tmp_path / "restored")
    assert not (tmp_path / "restored").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp-")] == []


def test_not_a_backup(tmp_path: Path, samples: Path) -> None:
    with pytest.raises(InvalidInput, match="not a Second Look backup"):
        restore_backup(samples / "xdm" / "nist__CIRI_Ambulatory.zip", tmp_path / "r")


def test_automatic_backups_rotate_and_restore(library: Library) -> None:
    library.add(Person(name="Before"))
    first = take_auto_backup(library, dt.datetime(2026, 11, 1, 9, 0, 0))
    library.add(Person(name="After"))
    assert [b.name for b in auto_backups(library)] == [first.name]
    restore_auto_backup(library, first)
    assert [p.name for p in library.people()] == ["Before"]
    assert len(auto_backups(library)) == 2  # the state just replaced was kept too


def test_thinning_keeps_daily_weekly_monthly() -> None:
    from organizer.core.backup import AutoBackup

    now = dt.datetime(2026, 11, 25, 12, 0)
    hourly = [AutoBackup(Path(f"h{i}"), now - dt.timedelta(hours=i)) for i in range(24 * 400)]
    kept = {b.path for b in hourly} - {b.path for b in backups_to_thin(hourly, now)}
    assert len(kept) <= 5 + 8 + 5 + 13
    assert Path("h0") in kept  # the newest is always kept
    ages = sorted(now - b.taken for b in hourly if b.path in kept)
    assert ages[-1] > dt.timedelta(days=300)  # something from months ago survives


def test_a_cancelled_backup_leaves_no_file(library: Library, samples: Path, tmp_path: Path) -> None:
    from organizer.core.errors import Cancelled
    from organizer.core.jobs import JobContext

    _filled(library, samples)
    context = JobContext()
    context.report = lambda done, total, text: context.cancel()
    target = tmp_path / "b.zip"
    with pytest.raises(Cancelled):
        write_backup(library, target, context)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp-")] == []
    assert not target.exists()


def test_going_back_to_an_earlier_copy_brings_documents_back_whole(
    library_dir: Path, samples: Path
) -> None:
    with Library.open(library_dir) as library:
        _filled(library, samples)
        earlier = take_auto_backup(library, dt.datetime(2026, 11, 1, 9, 0))
        for document in library.select(Document):
            assert document.id is not None
            library.trash_document(document.id)
        library.empty_trash()
        kept = set(library.store.all_hashes())
        assert len(kept) == 2  # the earlier copy still lists them
    with Library.open(library_dir) as library:  # the start-up tidy keeps them too
        assert set(library.store.all_hashes()) == kept
        restore_auto_backup(library, earlier)
        for document_file in library.select(DocumentFile):
            library.store.verify(document_file.sha256)
        for backup in auto_backups(library):
            backup.path.unlink()
        library.delete(Document, library.select(Document)[0].id or 0)
    with Library.open(library_dir) as library:  # no copy lists it any more: it goes
        assert len(set(library.store.all_hashes())) == 1


def _flip_stored_byte(backup: Path, member: str) -> None:
    """Damage one byte of a member's data in place, as a failing disk would (CRC no longer fits)."""
    with zipfile.ZipFile(backup) as archive:
        info = archive.getinfo(member)
    with open(backup, "r+b") as handle:
        handle.seek(info.header_offset + 26)
        name_length, extra_length = (
            int.from_bytes(handle.read(2), "little"),
            int.from_bytes(handle.read(2), "little"),
        )
        where = info.header_offset + 30 + name_length + extra_length + info.compress_size // 2
        handle.seek(where)
        byte = handle.read(1)[0]
        handle.seek(where)
        handle.write(bytes([byte ^ 0xFF]))


@pytest.mark.parametrize("which", ["file", "database", "manifest"])
def test_a_backup_damaged_on_disk_is_reported_not_a_traceback(
    library: Library, samples: Path, tmp_path: Path, which: str
) -> None:
    _filled(library, samples)
    backup = tmp_path / "b.zip"
    write_backup(library, backup)
    sha = next(library.store.all_hashes())
    member = {
        "file": f"files/{sha[:2]}/{sha}",
        "database": DATABASE_NAME,
        "manifest": "backup.json",
    }[which]
    _flip_stored_byte(backup, member)
    with pytest.raises(CorruptLibrary, match="damaged"):
        restore_backup(backup, tmp_path / "restored")
    assert not (tmp_path / "restored").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp-")] == []


def test_a_huge_manifest_is_refused_without_reading_it(tmp_path: Path) -> None:
    """A hostile backup.json (80 MB of spaces, a few hundred KB packed) is not loaded."""
    backup = tmp_path / "b.zip"
    with (
        zipfile.ZipFile(backup, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("backup.json", "w", force_zip64=True) as member,
    ):
        block = b" " * (1024 * 1024)
        for _ in range(80):
            member.write(block)
    tracemalloc.start()
    try:
        with pytest.raises(InvalidInput, match="not a Second Look backup"):
            restore_backup(backup, tmp_path / "restored")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024


def test_an_automatic_copy_from_an_older_version_is_upgraded_when_restored(
    library: Library,
) -> None:
    import shutil

    from sqlite_utils import Database

    from organizer.core.schema import migrations

    saved = sorted((Path(__file__).parent / "data" / "schema").glob("before_*.sqlite"))[0]
    folder = library.root / "backups"
    folder.mkdir(exist_ok=True)
    shutil.copy(saved, folder / "auto-20250101-090000.sqlite")
    old = next(b for b in auto_backups(library) if b.name == "auto-20250101-090000.sqlite")
    restore_auto_backup(library, old)
    assert [p.name for p in library.people()] == ["Zoë Ødegård"]
    all_names = [m.name for m in migrations.pending(Database(memory=True))]
    assert [m.name for m in migrations.applied(library._db)] == all_names
    assert library._execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    library.add(Person(name="After the restore"))  # the live library is usable at once


def test_a_cancelled_restore_leaves_no_folder(
    library: Library, samples: Path, tmp_path: Path
) -> None:
    from organizer.core.errors import Cancelled
    from organizer.core.jobs import JobContext

    _filled(library, samples)
    write_backup(library, tmp_path / "b.zip")
    context = JobContext()
    context.report = lambda done, total, text: context.cancel()
    with pytest.raises(Cancelled):
        restore_backup(tmp_path / "b.zip", tmp_path / "restored", context)
    assert not (tmp_path / "restored").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp-")] == []


def test_a_copy_from_a_held_snapshot_is_the_database_as_it_was_then(library: Library) -> None:
    library.add(Person(name="Before"))
    snapshot = hold_snapshot(library)
    try:
        library.add(Person(name="After"))  # the person goes on working meanwhile
        copy = take_auto_backup(library, source=snapshot)
    finally:
        snapshot.close()
    with sqlite3.connect(copy.path) as connection:
        names = [row[0] for row in connection.execute("SELECT name FROM people")]
    assert names == ["Before"]
    assert [p.name for p in library.people()] == ["After", "Before"]  # the live one has both
