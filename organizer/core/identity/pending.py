"""Which older documents still need their files read for the patient, and saving what was read.

Both run on the writer thread at the app's start, so this module loads no file reader
(DICOM, PDF): those load in the worker that reads the files (``rereading.read_found``).
"""

from __future__ import annotations

from dataclasses import dataclass

from organizer.core.identity.documents import judge_document, remember_found, was_read
from organizer.core.identity.found import FoundIdentity
from organizer.core.library import Library
from organizer.core.records import Document, Person

# documents whose details hold no identity_found yet (what was_read asks, in SQL, so a
# large library decodes only the few it needs rather than every document)
NOT_READ = (
    "trashed_at IS NULL AND "
    "(CASE WHEN json_valid(details) THEN json_type(details, '$.identity_found') END) IS NULL"
)


FILES_BATCH = 500  # document ids per query (SQLite allows a few thousand parameters)


@dataclass(frozen=True)
class ReadTask:
    document_id: int
    files: tuple[tuple[str, str], ...]  # (sha256, media type)


def pending_reads(library: Library, limit: int | None = None) -> list[ReadTask]:
    """The next documents to read, by id alone (the app asks at every start: nothing is
    decoded; ``save_found`` checks ``was_read`` again before it saves)."""
    sql = f"SELECT id FROM {Document.TABLE} WHERE {NOT_READ} ORDER BY {Document.ORDER}"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    ids = [row[0] for row in library._execute(sql)]
    files = _files_of(library, ids)
    return [ReadTask(document_id, tuple(files.get(document_id, ()))) for document_id in ids]


def _files_of(library: Library, ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """Each document's (sha256, media type), in order: a query per batch, not per document."""
    files: dict[int, list[tuple[str, str]]] = {}
    for start in range(0, len(ids), FILES_BATCH):
        batch = ids[start : start + FILES_BATCH]
        rows = library._execute(
            "SELECT document_id, sha256, media_type FROM document_files "
            f"WHERE document_id IN ({', '.join('?' for _ in batch)}) "
            "ORDER BY document_id, position, id",
            tuple(batch),
        )
        for document_id, sha, media_type in rows:
            files.setdefault(document_id, []).append((sha, media_type))
    return files


def save_found(library: Library, document_id: int, found: tuple[FoundIdentity, ...]) -> bool:
    """Remember what the file says and judge it; False if the document went meanwhile."""
    if not library.exists(Document, document_id):
        return False
    with library.transaction():
        document = library.get(Document, document_id)
        if was_read(document):
            return False
        remember_found(document, found)
        judge_document(document, library.get(Person, document.person_id))
        library.update(document)
    return True
