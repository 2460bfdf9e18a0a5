"""Shared helpers for the import tests: run an import and check the library is whole."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from organizer.core.derived import DERIVED_FOLDERS
from organizer.core.importing import (
    FileOutcome,
    ImportSummary,
    import_paths,
    make_pending_pictures,
    thumbnail_path,
)
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.records import Person


def person(library: Library) -> int:
    return library.add(Person(name="Ana Diaz"))


def run_import(library: Library, *paths: Path) -> ImportSummary:
    return import_paths(library, person(library), list(paths), JobContext())


def run_import_and_pass(library: Library, *paths: Path) -> ImportSummary:
    """Import, then the background pass that makes the pictures import leaves for later."""
    summary = run_import(library, *paths)
    make_pending_pictures(library, JobContext())
    return summary


def by_name(summary: ImportSummary) -> dict[str, FileOutcome]:
    return {Path(outcome.path).name: outcome for outcome in summary.outcomes}


def finished_by_a_running_pass(root: Path, table: str) -> int:
    """Documents a pass running in another process has recorded as done in ``table``
    (``text_index`` or ``derived_work``), read beside it as WAL allows."""
    connection = sqlite3.connect(f"file:{root / 'library.sqlite'}?mode=ro", uri=True)
    try:
        row = connection.execute(f"SELECT count(*) FROM {table} WHERE state != 'pending'")
        return int(row.fetchone()[0])
    finally:
        connection.close()


def assert_consistent(library_dir: Path) -> None:
    """Every document has files, every file row has its stored copy, nothing is orphaned."""
    connection = sqlite3.connect(library_dir / "library.sqlite")
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        empty = connection.execute(
            "SELECT count(*) FROM documents "
            "WHERE id NOT IN (SELECT document_id FROM document_files)"
        ).fetchone()[0]
        assert empty == 0, "a document without files was left behind"
        shas = {row[0] for row in connection.execute("SELECT sha256 FROM document_files")}
        searchable = connection.execute("SELECT count(*) FROM document_search").fetchone()[0]
        documents = connection.execute("SELECT count(*) FROM documents").fetchone()[0]
        assert searchable == documents
    finally:
        connection.close()
    files = library_dir / "files"
    stored = {p.name for p in files.rglob("*") if p.is_file()} if files.exists() else set()
    assert not [name for name in stored if name.startswith(".tmp-")], "temporary file left"
    assert stored == shas, "stored files and database rows disagree"
    for name in DERIVED_FOLDERS:  # thumbnails and print copies
        folder = library_dir / name
        for item in folder.iterdir() if folder.exists() else ():
            assert item.stem in shas, f"{name}/{item.name} belongs to no document"


__all__ = [
    "assert_consistent",
    "by_name",
    "finished_by_a_running_pass",
    "person",
    "run_import",
    "run_import_and_pass",
    "thumbnail_path",
]
