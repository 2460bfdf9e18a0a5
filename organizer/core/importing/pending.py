"""What the background pass has left to do: pictures to make, documents to read for search.

The app asks at its start, on the writer thread, before the window is idle; so this
module loads no reader (PDF, XML, images). Those load in the worker that does the work
(``pictures.made_in_turn``, ``textindex.extract_text``).
"""

from __future__ import annotations

from dataclasses import dataclass

from organizer.core.library import Library

PENDING = "pending"  # a document's state in text_index and derived_work until its turn


@dataclass(frozen=True)
class IndexTask:
    document_id: int
    generation: int
    files: tuple[tuple[str, str], ...]  # (sha256, media type)


@dataclass(frozen=True)
class PictureTask:
    document_id: int
    generation: int
    files: tuple[str, ...]  # sha256 of each image file


def pending_count(library: Library) -> int:
    row = library._execute("SELECT count(*) FROM text_index WHERE state = ?", (PENDING,)).fetchone()
    return int(row[0])


def pending_tasks(library: Library, limit: int | None = None) -> list[IndexTask]:
    sql = "SELECT document_id, generation FROM text_index WHERE state = ? ORDER BY document_id"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    tasks = []
    for row in library._execute(sql, (PENDING,)).fetchall():
        files = library._execute(
            "SELECT sha256, media_type FROM document_files WHERE document_id = ? "
            "ORDER BY position, id",
            (row[0],),
        ).fetchall()
        tasks.append(IndexTask(row[0], row[1], tuple((f[0], f[1]) for f in files)))
    return tasks


def pictures_pending(library: Library) -> int:
    row = library._execute(
        "SELECT count(*) FROM derived_work WHERE state = ?", (PENDING,)
    ).fetchone()
    return int(row[0])


def pending_pictures(library: Library, limit: int | None = None) -> list[PictureTask]:
    sql = "SELECT document_id, generation FROM derived_work WHERE state = ? ORDER BY document_id"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    tasks = []
    for document_id, generation in library._execute(sql, (PENDING,)).fetchall():
        files = library._execute(
            "SELECT sha256 FROM document_files WHERE document_id = ? "
            "AND media_type LIKE 'image/%' ORDER BY position, id",
            (document_id,),
        ).fetchall()
        tasks.append(PictureTask(document_id, generation, tuple(row[0] for row in files)))
    return tasks
