"""Named reads the views need, so the GUI asks for what it shows and never writes SQL."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from organizer.core.library import Library
from organizer.core.records import Document, Provider


def person_documents(
    library: Library, person_id: int, only: Iterable[int] | None = None
) -> list[Document]:
    """A person's documents outside the trash; ``only`` limits them to some ids."""
    if only is None:
        return library._select(Document, "person_id = ? AND trashed_at IS NULL", (person_id,))
    ids = sorted(set(only))
    marks = ", ".join("?" for _ in ids)
    return library._select(
        Document,
        f"person_id = ? AND trashed_at IS NULL AND id IN ({marks})",
        (person_id, *ids),
    )


def provider_names(library: Library) -> dict[int, str]:
    return {p.id: p.name for p in library.select(Provider) if p.id is not None}


def excluded_document_ids(library: Library, packet_id: int) -> set[int]:
    """Documents the person left out of this packet (every other one is included)."""
    rows = library._execute(
        "SELECT document_id FROM packet_excluded_documents WHERE packet_id = ?", (packet_id,)
    )
    return {row[0] for row in rows}


def indexed_text(library: Library, document_id: int) -> str | None:
    """The words the search index holds for a document, or None if not read yet."""
    try:
        state = library._execute(
            "SELECT state FROM text_index WHERE document_id = ?", (document_id,)
        ).fetchone()
        row = library._execute(
            "SELECT body FROM document_search WHERE rowid = ?", (document_id,)
        ).fetchone()
    except sqlite3.Error:
        return None
    if state is None or state[0] == "pending" or row is None:
        return None
    return str(row[0] or "")


def first_file(library: Library, document_id: int) -> tuple[str, str]:
    """The hash and media type of a document's first file, or two empty strings."""
    row = library._execute(
        "SELECT sha256, media_type FROM document_files WHERE document_id = ? "
        "ORDER BY position, id LIMIT 1",
        (document_id,),
    ).fetchone()
    return (str(row[0]), str(row[1])) if row else ("", "")


FIRST_FILES_CHUNK = 500
"""Ids per query: well under SQLite's limit on bound values."""


def first_files(library: Library, document_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """``first_file`` of many documents in one query per 500: the hash and media type of
    each one's first file; a document without files is left out."""
    ids = sorted(set(document_ids))
    found: dict[int, tuple[str, str]] = {}
    for start in range(0, len(ids), FIRST_FILES_CHUNK):
        chunk = ids[start : start + FIRST_FILES_CHUNK]
        marks = ", ".join("?" for _ in chunk)
        rows = library._execute(
            "SELECT document_id, sha256, media_type FROM ("
            " SELECT document_id, sha256, media_type, ROW_NUMBER() OVER ("
            "  PARTITION BY document_id ORDER BY position, id) AS place"
            f" FROM document_files WHERE document_id IN ({marks})"
            ") WHERE place = 1",
            tuple(chunk),
        )
        found.update({int(row[0]): (str(row[1]), str(row[2])) for row in rows})
    return found
