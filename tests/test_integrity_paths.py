"""Only regular files, folders and zips are read; links inside folders are not followed
(issue 13, points 4 and 5)."""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

import pytest
from importing_helpers import assert_consistent, by_name, run_import

from organizer.core.export import ExportOptions, export_packet
from organizer.core.importing import ImportSummary, Outcome
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.records import DocumentFile, Packet

SECRET = "root:$6$not-a-real-hash:19000:0:99999:7:::\n"


def _import_within(library: Library, seconds: float, *paths: Path) -> ImportSummary:
    """Run the import on a thread; a pipe that blocks it is opened from here to end the test."""
    result: list[ImportSummary] = []
    worker = threading.Thread(target=lambda: result.append(run_import(library, *paths)))
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        for path in paths:
            if path.is_fifo():
                with contextlib.suppress(OSError):
                    os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        worker.join()
        pytest.fail("the import hung on a pipe")
    return result[0]


def test_a_pipe_named_on_the_command_line_is_skipped_not_waited_for(
    library: Library, library_dir: Path, tmp_path: Path
) -> None:
    pipe = tmp_path / "records.pdf"
    os.mkfifo(pipe)
    good = tmp_path / "note.txt"
    good.write_text("Assessment and plan: rest.", encoding="utf-8")
    outcomes = by_name(_import_within(library, 10, pipe, good))
    assert outcomes["records.pdf"].outcome is Outcome.SKIPPED
    assert "not a regular file" in outcomes["records.pdf"].reason
    assert outcomes["note.txt"].outcome is Outcome.IMPORTED
    assert_consistent(library_dir)


def test_a_device_named_on_the_command_line_is_skipped(library: Library, library_dir: Path) -> None:
    outcome = run_import(library, Path("/dev/null")).outcomes[0]
    assert outcome.outcome is Outcome.SKIPPED
    assert outcome.line() == (
        "/dev/null: skipped: not a regular file (a device or pipe); "
        "only files, folders and zips are read"
    )
    assert_consistent(library_dir)


def test_a_pipe_inside_a_folder_is_skipped(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    os.mkfifo(folder / "pipe")
    outcomes = by_name(_import_within(library, 10, folder))
    assert outcomes["pipe"].outcome is Outcome.SKIPPED
    assert "not a regular file" in outcomes["pipe"].reason


def _drop_with_links(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    (outside / "private").mkdir(parents=True)
    (outside / "shadow").write_text(SECRET, encoding="utf-8")
    (outside / "private" / "diary.txt").write_text("Dear diary", encoding="utf-8")
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "visit.txt").write_text("Visit summary: stable.", encoding="utf-8")
    (drop / "shadow").symlink_to(outside / "shadow")
    (drop / "elsewhere").symlink_to(outside / "private", target_is_directory=True)
    return drop


def test_links_inside_a_dropped_folder_are_skipped_and_never_exported(
    library: Library, library_dir: Path, tmp_path: Path
) -> None:
    drop = _drop_with_links(tmp_path)
    summary = run_import(library, drop)
    outcomes = by_name(summary)
    assert outcomes["visit.txt"].outcome is Outcome.IMPORTED
    for link in ("shadow", "elsewhere"):
        assert outcomes[link].outcome is Outcome.SKIPPED
        assert "not followed" in outcomes[link].reason
    assert "diary.txt" not in outcomes
    stored = [library.store.path_for(f.sha256).read_bytes() for f in library.select(DocumentFile)]
    assert SECRET.encode() not in stored and b"Dear diary" not in stored
    assert_consistent(library_dir)
    packet_id = library.add_packet(Packet(person_id=1, title="Second opinion"))
    target = tmp_path / "stick"
    target.mkdir()
    export_packet(library, packet_id, target, ExportOptions(), JobContext())
    written = [p.read_bytes() for p in target.rglob("*") if p.is_file()]
    assert not any(SECRET.encode() in data or b"Dear diary" in data for data in written)


def test_a_link_the_person_names_directly_is_read(library: Library, tmp_path: Path) -> None:
    real = tmp_path / "report.txt"
    real.write_text("Pathology report: benign.", encoding="utf-8")
    link = tmp_path / "link-to-report.txt"
    link.symlink_to(real)
    outcome = run_import(library, link).outcomes[0]
    assert outcome.outcome is Outcome.IMPORTED
