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
    pages: int = 0  # as import counted them (0 when unknown)


@dataclass(frozen=True)
class PictureTask:
    document_id: int
    generation: int
    files: tuple[str, ...]  # sha256 of each image file


def pending_count(library: Library) -> int:
    return _count_pending(library, "text_index")


def pending_tasks(library: Library, limit: int | None = None) -> list[IndexTask]:
    """The next documents to read for search, with their files (one query)."""
    rows = library._execute(
        "SELECT t.document_id, t.generation, coalesce(d.page_count, 0), f.sha256, f.media_type "
        f"FROM ({_next_up('text_index', limit)}) t "
        "LEFT JOIN documents d ON d.id = t.document_id "
        "LEFT JOIN document_files f ON f.document_id = t.document_id "
        "ORDER BY t.document_id, f.position, f.id",
        (PENDING,),
    ).fetchall()
    tasks: dict[int, IndexTask] = {}
    for document_id, generation, pages, sha, media_type in rows:
        task = tasks.setdefault(document_id, IndexTask(document_id, generation, (), pages))
        if sha is not None:
            tasks[document_id] = IndexTask(
                document_id, generation, (*task.files, (sha, media_type)), pages
            )
    return list(tasks.values())


def pictures_pending(library: Library) -> int:
    return _count_pending(library, "derived_work")


def _count_pending(library: Library, table: str) -> int:
    """Documents waiting in one of the pass's work tables (text_index, derived_work)."""
    row = library._execute(f"SELECT count(*) FROM {table} WHERE state = ?", (PENDING,)).fetchone()
    return int(row[0])


def pending_pictures(library: Library, limit: int | None = None) -> list[PictureTask]:
    """The next documents whose pictures are to be made, with their image files."""
    rows = library._execute(
        "SELECT t.document_id, t.generation, f.sha256 "
        f"FROM ({_next_up('derived_work', limit)}) t "
        "LEFT JOIN document_files f ON f.document_id = t.document_id "
        "AND f.media_type LIKE 'image/%' "
        "ORDER BY t.document_id, f.position, f.id",
        (PENDING,),
    ).fetchall()
    tasks: dict[int, PictureTask] = {}
    for document_id, generation, sha in rows:
        task = tasks.setdefault(document_id, PictureTask(document_id, generation, ()))
        if sha is not None:
            tasks[document_id] = PictureTask(document_id, generation, (*task.files, sha))
    return list(tasks.values())


def _next_up(table: str, limit: int | None) -> str:
    """The pending documents of a queue table, in order, the first ``limit`` of them."""
    sql = f"SELECT document_id, generation FROM {table} WHERE state = ? ORDER BY document_id"
    return sql if limit is None else f"{sql} LIMIT {int(limit)}"
