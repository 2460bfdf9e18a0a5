"""A full disk is reported once, in plain words, and the command stops with exit 1
(issue 13, point 7)."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest
from importing_helpers import assert_consistent

from organizer.cli import main
from organizer.core import library as library_module
from organizer.core.filestore import FileStore, StoredFile
from organizer.core.library import Library
from organizer.core.records import Person

FULL = "The disk holding your records is full"


def _drop(tmp_path: Path, count: int) -> list[Path]:
    paths = []
    for number in range(count):
        path = tmp_path / "drop" / f"note-{number}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Visit {number}: blood pressure checked.", encoding="utf-8")
        paths.append(path)
    return paths


def _cli(capsys: pytest.CaptureFixture[str], library_dir: Path, *args: str) -> tuple[int, str]:
    code = main(["--library", str(library_dir), *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_a_full_file_store_stops_the_import_with_one_plain_message(
    capsys: pytest.CaptureFixture[str],
    library_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with Library.open(library_dir) as library:
        library.add(Person(name="Ana Diaz"))
    real_put = FileStore.put_stream
    calls: list[int] = []

    def filling(self: FileStore, *args: object, **kwargs: object) -> StoredFile:
        calls.append(1)
        if len(calls) > 1:  # the first file fits, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_put(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(FileStore, "put_stream", filling)
    _drop(tmp_path, 3)
    code, output = _cli(capsys, library_dir, "import", "--person", "1", str(tmp_path / "drop"))
    assert code == 1
    assert output.count(FULL) == 1, output
    assert "cannot read the file" not in output
    assert "Traceback" not in output
    assert_consistent(library_dir)


def test_a_full_database_disk_is_one_plain_message_not_a_traceback(
    capsys: pytest.CaptureFixture[str],
    library_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with Library.open(library_dir) as library:
        library.add(Person(name="Ana Diaz"))
    real_connect = library_module.connect

    def no_room_to_grow(path: Path) -> sqlite3.Connection:
        """SQLite's own page limit makes it answer SQLITE_FULL, as on a full disk."""
        connection = real_connect(path)
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count = {pages}")
        return connection

    monkeypatch.setattr(library_module, "connect", no_room_to_grow)
    notes = "x" * 200_000
    code, output = _cli(
        capsys, library_dir, "event", "add", "--person", "1", "--date", "2026-03",
        "--kind", "symptom", "--title", "Cough", "--details", notes,
    )  # fmt: skip
    assert code == 1
    assert output.count(FULL) == 1, output
    assert "OperationalError" not in output and "Traceback" not in output
    connection = sqlite3.connect(library_dir / "library.sqlite")
    try:
        assert connection.execute("SELECT count(*) FROM events").fetchone()[0] == 0
    finally:
        connection.close()
