"""Copies finished on the fsync threads: nothing is committed before its file is durable."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import threading
import time
from collections.abc import Generator
from pathlib import Path

import pytest
from importing_helpers import assert_consistent, by_name, run_import

from organizer.core import filestore
from organizer.core.atomic import TEMP_PREFIX
from organizer.core.errors import CorruptLibrary, DiskFull
from organizer.core.filestore import FileStore
from organizer.core.importing import Outcome, committing, pipeline
from organizer.core.importing.pipeline import ahead
from organizer.core.importing.syncing import Syncer
from organizer.core.library import Library

SAMPLES = Path(__file__).parent / "data" / "samples"


def _drop(tmp_path: Path) -> Path:
    drop = tmp_path / "drop"
    (drop / "cd").mkdir(parents=True)
    shutil.copy(SAMPLES / "pdf" / "google-doc-document.pdf", drop / "a-report.pdf")
    shutil.copy(SAMPLES / "dicom" / "CT_small.dcm", drop / "cd" / "IM1")
    shutil.copy(SAMPLES / "dicom" / "MR_small.dcm", drop / "cd" / "IM2")
    (drop / "b-note.txt").write_text("Seen on 01/12/2026 for a cough.\n", encoding="utf-8")
    return drop


def test_the_syncer_finishes_a_copy_under_its_name_and_shares_one_in_flight(
    tmp_path: Path,
) -> None:
    store = FileStore(tmp_path / "files")
    with Syncer() as syncer:
        first = store.put_bytes(b"x")  # the folder exists before the timing matters
        first = store.put_stream(_Bytes(b"same content"), syncer=syncer)
        again = store.put_stream(_Bytes(b"same content"), syncer=syncer)
        first.wait_durable()
        again.wait_durable()
    assert not first.already_present and first.durable is not None
    assert again.already_present  # the second copy was dropped, not stored twice
    assert store.path_for(first.sha256).read_bytes() == b"same content"
    assert not [p for p in store.root.iterdir() if p.name.startswith(TEMP_PREFIX)]


def test_a_copy_whose_fsync_fails_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = FileStore(tmp_path / "files")
    store.put_bytes(b"already here")

    def failing(descriptor: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing)
    with Syncer() as syncer:
        stored = store.put_stream(_Bytes(b"lost in the disk"), syncer=syncer)
        with pytest.raises(OSError):
            stored.wait_durable()
    assert not store.contains(stored.sha256)
    assert not [p for p in store.root.iterdir() if p.name.startswith(TEMP_PREFIX)]
    with pytest.raises(CorruptLibrary):
        store.verify(stored.sha256)


def test_every_document_is_committed_only_after_its_files_are_durable(
    library: Library, library_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    finished: set[str] = set()
    real_finish = filestore._finish

    def slow_finish(out: object, temp: Path, final: Path) -> None:
        time.sleep(0.05)  # a slow disk: the next files are copied meanwhile
        real_finish(out, temp, final)  # type: ignore[arg-type]
        finished.add(final.name)

    real_commit = committing.commit
    unfinished: list[str] = []

    def checking_commit(library: Library, person_id: int, prepared: object) -> object:
        unfinished.extend(f.sha256 for f in prepared.files if f.sha256 not in finished)  # type: ignore[attr-defined]
        return real_commit(library, person_id, prepared)  # type: ignore[arg-type]

    monkeypatch.setattr(filestore, "_finish", slow_finish)
    monkeypatch.setattr(pipeline, "commit", checking_commit)
    summary = run_import(library, _drop(tmp_path))
    outcomes = by_name(summary)
    assert outcomes["a-report.pdf"].outcome is Outcome.IMPORTED
    assert outcomes["b-note.txt"].outcome is Outcome.IMPORTED
    assert outcomes["IM1"].outcome is Outcome.IMPORTED or outcomes["IM2"].outcome is (
        Outcome.IMPORTED
    )
    assert unfinished == []
    assert len(finished) == 4
    assert_consistent(library_dir)


def test_a_file_whose_copy_cannot_be_made_durable_is_rejected_and_the_batch_goes_on(
    library: Library, library_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync
    pdf_size = (SAMPLES / "pdf" / "google-doc-document.pdf").stat().st_size

    def failing_for_the_pdf(descriptor: int) -> None:
        if os.fstat(descriptor).st_size == pdf_size:
            raise OSError(errno.EIO, "Input/output error")
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", failing_for_the_pdf)
    summary = run_import(library, _drop(tmp_path))
    outcomes = by_name(summary)
    assert outcomes["a-report.pdf"].outcome is Outcome.REJECTED
    assert outcomes["a-report.pdf"].reason == "the disk reported a read error"
    assert outcomes["b-note.txt"].outcome is Outcome.IMPORTED
    assert_consistent(library_dir)


def test_a_full_disk_found_by_an_fsync_stops_the_batch(
    library: Library, library_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync

    def full(descriptor: int) -> None:
        if stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(DiskFull):
        run_import(library, _drop(tmp_path))
    assert_consistent(library_dir)
    assert not [p for p in library.store.root.rglob("*") if p.is_file()]


def test_items_made_ahead_raise_in_the_callers_thread_and_stop_when_the_caller_does() -> None:
    closed = threading.Event()

    def counting() -> Generator[int, None, None]:
        try:
            yield from range(1000)
        finally:
            closed.set()

    taken = []
    for item in ahead(counting(), room=2):
        taken.append(item)
        if item == 3:
            break
    assert taken == [0, 1, 2, 3]
    assert closed.is_set()  # closed on the maker's thread before ahead() returned

    def failing() -> Generator[int, None, None]:
        yield 1
        raise ValueError("odd file")

    with pytest.raises(ValueError, match="odd file"):
        list(ahead(failing()))


class _Bytes:
    """A stream of the given bytes (what put_stream reads)."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def read(self, size: int = -1) -> bytes:
        data, self._data = self._data, b""
        return data


def test_temporaries_of_a_killed_import_are_removed_on_open(library_dir: Path) -> None:
    with Library.open(library_dir) as library:
        root = library.store.root
    root.mkdir(parents=True, exist_ok=True)
    (root / f"{TEMP_PREFIX}abc-incoming").write_bytes(b"half a copy")
    with Library.open(library_dir):
        pass
    assert not [p for p in root.iterdir() if p.name.startswith(TEMP_PREFIX)]
    assert os.path.isdir(root)
