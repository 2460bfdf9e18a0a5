"""The full-text index: extract text in the background, write it in short steps, search.

Extraction is the expensive part (PDFium reads every page), so it is split from the
write: ``pending_tasks`` and ``save_text`` touch the database and run on the writer
thread; ``extract_text`` only reads stored files and can run in a worker. The pass is
resumable: whatever is still 'pending' after a cancel or crash is done next time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from organizer.core.dates import PartialDate
from organizer.core.errors import InvalidInput
from organizer.core.filestore import FileStore
from organizer.core.importing.fhir import JsonRefused, json_text, load_json
from organizer.core.importing.pdfs import pdf_text
from organizer.core.importing.safexml import XmlRefused, xml_text
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.rendering import read as rendering  # reads importing's parsers too
from organizer.core.vocab import Category

MAX_TEXT_BYTES = 20 * 1024**2
PENDING = "pending"
DONE = "done"
FAILED = "failed"


@dataclass(frozen=True)
class IndexTask:
    document_id: int
    generation: int
    files: tuple[tuple[str, str], ...]  # (sha256, media type)


@dataclass
class ExtractedText:
    document_id: int
    generation: int
    body: str
    pages: int
    message: str = ""


@dataclass
class IndexSummary:
    documents: int = 0
    pages: int = 0
    failed: int = 0


@dataclass
class SearchHit:
    document_id: int
    person_id: int
    title: str
    category: Category
    date: PartialDate | None
    snippet: str


@dataclass
class SearchResult:
    hits: list[SearchHit] = field(default_factory=list)
    pending: int = 0

    @property
    def complete(self) -> bool:
        return self.pending == 0


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


def extract_text(store: FileStore, task: IndexTask, context: JobContext) -> ExtractedText:
    """Read the words of a document's files (no database access: safe in a worker)."""
    check_cancelled = context.check_cancelled
    pieces: list[str] = []
    pages = 0
    problems: list[str] = []
    for sha, media_type in task.files:
        check_cancelled()
        path = store.path_for(sha)
        try:
            text, count = _file_text(path, media_type, check_cancelled)
        except (OSError, XmlRefused, JsonRefused) as error:
            problems.append(str(error))
            continue
        pieces.append(text)
        pages += count
    return ExtractedText(task.document_id, task.generation, "\n".join(pieces), pages,
                         "; ".join(problems))  # fmt: skip


def _file_text(path: Path, media_type: str, check_cancelled: Callable[[], None]) -> tuple[str, int]:
    if media_type == "application/pdf":
        return pdf_text(path, check_cancelled)
    if media_type in ("application/cda+xml", "application/xml"):
        return _joined(_rendered_text(path), xml_text(path)), 1
    if media_type == "application/fhir+json":
        return _joined(_rendered_text(path), json_text(load_json(path))), 1
    if media_type in ("text/plain", "text/html"):
        with open(path, "rb") as handle:
            raw = handle.read(MAX_TEXT_BYTES).decode("utf-8", errors="replace")
        if media_type == "text/html":
            raw = re.sub(r"<[^>]*>", " ", raw)
        return raw, 1
    return "", 0


def _rendered_text(path: Path) -> str:
    """The words of a clinical record as the app renders it: its header, every section's
    narrative and any text it carries inside (an unstructured note's body), which the
    plain text of the file holds only base64-encoded. Empty for other XML and JSON."""
    try:
        return rendering.render_file(path).plain_text()[:MAX_TEXT_BYTES]
    except rendering.NotRenderable:
        return ""


def _joined(rendered: str, raw: str) -> str:
    """The rendering's words first, then the rest of the file's words (the coded
    entries' names), so a search finds either."""
    return f"{rendered}\n{raw}" if rendered else raw


def save_text(library: Library, extracted: ExtractedText) -> bool:
    """Write one document's text in a short transaction; False if it changed meanwhile."""
    with library.transaction():
        row = library._execute(
            "SELECT generation FROM text_index WHERE document_id = ?", (extracted.document_id,)
        ).fetchone()
        if row is None or row[0] != extracted.generation:
            return False
        library._execute(
            "UPDATE document_search SET body = ? WHERE rowid = ?",
            (extracted.body, extracted.document_id),
        )
        library._execute(
            "UPDATE text_index SET state = ?, pages = ?, message = ? WHERE document_id = ?",
            (
                FAILED if extracted.message and not extracted.body else DONE,
                extracted.pages,
                extracted.message,
                extracted.document_id,
            ),
        )
    return True


def index_pending(library: Library, context: JobContext) -> IndexSummary:
    """Extract and save every pending document's text, reporting progress."""
    summary = IndexSummary()
    tasks = pending_tasks(library)
    for done, task in enumerate(tasks, start=1):
        context.check_cancelled()
        extracted = extract_text(library.store, task, context)
        if save_text(library, extracted):
            summary.documents += 1
            summary.pages += extracted.pages
            if extracted.message and not extracted.body:
                summary.failed += 1
        context.report(done, len(tasks), f"document {task.document_id}")
    return summary


def fts_query(text: str) -> str:
    """Turn anything a person types into a safe FTS5 query: every word must appear.

    Each word is quoted (inner quotes doubled), so operators, brackets, colons and
    stray quotes are just text. A word ending in * keeps its prefix meaning. A NUL
    (from pasted text) would end the query early inside SQLite, so it is a space here;
    bytes that were not UTF-8 on the command line become U+FFFD, which SQLite accepts.
    """
    text = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    terms = []
    for word in text.replace("\x00", " ").split():
        prefix = word.endswith("*") and len(word.rstrip("*")) > 0
        core = word.rstrip("*") if prefix else word
        if not re.search(r"\w", core):
            continue
        quoted = '"' + core.replace('"', '""') + '"'
        terms.append(quoted + ("*" if prefix else ""))
    if not terms:
        raise InvalidInput("Type a word to search for.")
    return " ".join(terms)


def search(
    library: Library, text: str, person_id: int | None = None, limit: int = 100
) -> SearchResult:
    query = fts_query(text)
    sql = (
        "SELECT d.id, d.person_id, d.title, d.category, d.date, "
        "snippet(document_search, -1, '[', ']', '…', 12) AS snip "
        "FROM document_search JOIN documents d ON d.id = document_search.rowid "
        "WHERE document_search MATCH ? AND d.trashed_at IS NULL"
    )
    params: list[object] = [query]
    if person_id is not None:
        sql += " AND d.person_id = ?"
        params.append(person_id)
    sql += " ORDER BY bm25(document_search, 10.0, 5.0, 1.0), d.id LIMIT ?"
    params.append(limit)
    hits = [
        SearchHit(
            document_id=row[0],
            person_id=row[1],
            title=row[2],
            category=Category(row[3]),
            date=PartialDate.parse(row[4]) if row[4] else None,
            snippet=" ".join(str(row[5]).split()),
        )
        for row in library._execute(sql, tuple(params)).fetchall()
    ]
    return SearchResult(hits=hits, pending=pending_count(library))
