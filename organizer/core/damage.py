"""Naming the documents behind a damaged stored file, in words a person recognises."""

from __future__ import annotations

from organizer.core.library import Library


def documents_using(library: Library, sha256: str) -> list[tuple[int, str]]:
    """(id, title) of every document, trashed ones too, that holds this stored file."""
    rows = library._execute(
        "SELECT DISTINCT d.id, d.title FROM documents d "
        "JOIN document_files f ON f.document_id = d.id WHERE f.sha256 = ? ORDER BY d.id",
        (sha256,),
    )
    return [(int(row[0]), str(row[1])) for row in rows]


def damaged_file_words(library: Library, sha256: str) -> str:
    """'the document "Chest CT report" (number 4)', or the stored file's short name."""
    documents = documents_using(library, sha256)
    if not documents:
        return f"the stored file {sha256[:12]}… (no document uses it)"
    named = ", ".join(f'"{title}" (number {number})' for number, title in documents)
    return f"the document {named}" if len(documents) == 1 else f"the documents {named}"


REPAIR_HINT = "Import the original file again to repair it."
