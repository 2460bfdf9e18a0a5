"""The full-text index: extract text in the background, write it in short steps, search.

Extraction is the expensive part (PDFium reads every page), so it is split from the
write: ``pending_tasks`` and ``save_text`` touch the database and run on the writer
thread; ``extract_text`` only reads stored files and can run in a worker. The pass is
resumable: whatever is still 'pending' after a cancel or crash is done next time.

PDFium reads one file at a time in a process, so ``extracted_in_turn`` reads the PDFs of
a large batch in two helper processes (one a core): a few seconds of pages become about
half as many. A small batch is read here, where starting the helpers would cost more
than it saves.
"""

from __future__ import annotations

import re
import sqlite3
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from organizer.core.cleantext import without_controls
from organizer.core.cores import usable_cores
from organizer.core.dates import PartialDate
from organizer.core.errors import InvalidInput
from organizer.core.filestore import FileStore
from organizer.core.importing.fhir import JsonRefused, json_text, load_json
from organizer.core.importing.pdfs import pdf_text
from organizer.core.importing.pending import PENDING as PENDING
from organizer.core.importing.pending import IndexTask as IndexTask
from organizer.core.importing.pending import pending_count as pending_count
from organizer.core.importing.pending import pending_tasks as pending_tasks
from organizer.core.importing.safexml import XmlRefused, xml_text
from organizer.core.importing.snippets import SCAN_BYTES, snippet, terms_pattern
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.vocab import Category

if TYPE_CHECKING:
    from organizer.core.importing.texthelpers import HelperReading

MAX_TEXT_BYTES = 20 * 1024**2
CONTENT_TABLE = "document_search_content"  # where FTS5 keeps document_search's text
RANKED_MATCHES = 1000
"""Up to this many matching documents are ranked by relevance; more come newest first."""
MAX_TERMS = 8
"""Words of a search beyond this are ignored: every one must match, so more only narrow
an already narrow result, while each costs time in every matching document."""
DONE = "done"
FAILED = "failed"
PDF = "application/pdf"
MAX_HELPERS = 4
HELPERS = min(max(2, usable_cores()), MAX_HELPERS)
"""Helper processes reading PDFs for a large batch: one per core, at least two (the main
process mostly waits on them), at most MAX_HELPERS (each holds about 40 MB)."""
HELPER_PAGES = 300
"""Pages a batch needs before helpers are started: starting them costs about as much as
reading 300 pages here."""


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


def extract_text(
    store: FileStore,
    task: IndexTask,
    context: JobContext,
    read_already: Sequence[HelperReading | None] = (),
) -> ExtractedText:
    """Read the words of a document's files (no database access: safe in a worker).

    ``read_already`` holds, file by file, the text a helper process is reading (None
    where this thread reads the file itself).
    """
    check_cancelled = context.check_cancelled
    pieces: list[str] = []
    pages = 0
    problems: list[str] = []
    for number, (sha, media_type) in enumerate(task.files):
        check_cancelled()
        path = store.path_for(sha)
        helper = read_already[number] if number < len(read_already) else None
        try:
            helped = helper.text() if helper is not None else None
            text, count = helped or _file_text(path, media_type, check_cancelled)
        except (OSError, XmlRefused, JsonRefused) as error:
            problems.append(str(error))
            continue
        pieces.append(text)
        pages += count
    return ExtractedText(task.document_id, task.generation, "\n".join(pieces), pages,
                         "; ".join(problems))  # fmt: skip


def extracted_in_turn(
    store: FileStore,
    tasks: Sequence[IndexTask],
    context: JobContext,
    helpers: int | None = None,
) -> Iterator[ExtractedText]:
    """Each task's text, in the tasks' order; a large batch's PDFs read by helper processes.

    A cancel stops at the next document: PDFs not yet begun are dropped, and a helper
    finishes the one file it is reading before it stops.
    """
    helpers = HELPERS if helpers is None else helpers
    if not _helpers_worth_it(tasks, helpers):
        for task in tasks:
            context.check_cancelled()
            yield extract_text(store, task, context)
        return
    from organizer.core.importing.texthelpers import PdfHelpers  # loaded only when used

    pool = PdfHelpers(helpers)
    waiting: deque[tuple[IndexTask, list[HelperReading | None]]] = deque()
    try:
        for task in tasks:
            context.check_cancelled()
            reading = [
                pool.read(store.path_for(sha)) if media == PDF else None
                for sha, media in task.files
            ]
            waiting.append((task, reading))
            while len(waiting) > helpers * 4 or (waiting and _read(waiting[0][1])):
                first, read = waiting.popleft()
                yield extract_text(store, first, context, read)
        while waiting:
            first, read = waiting.popleft()
            yield extract_text(store, first, context, read)
    finally:
        pool.close()


def _read(reading: list[HelperReading | None]) -> bool:
    return all(helper is None or helper.done() for helper in reading)


def _helpers_worth_it(tasks: Sequence[IndexTask], helpers: int) -> bool:
    if helpers < 2 or getattr(sys, "frozen", False):
        return False  # a frozen app can only start helpers that its own start-up expects
    pages = sum(task.pages for task in tasks if any(m == PDF for _, m in task.files))
    return pages >= HELPER_PAGES


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
    from organizer.core.rendering import read as rendering  # reads importing's parsers too

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
            (without_controls(extracted.body), extracted.document_id),
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
    for done, extracted in enumerate(extracted_in_turn(library.store, tasks, context), start=1):
        if save_text(library, extracted):
            summary.documents += 1
            summary.pages += extracted.pages
            if extracted.message and not extracted.body:
                summary.failed += 1
        context.report(done, len(tasks), f"document {extracted.document_id}")
    return summary


def search_terms(text: str) -> list[tuple[str, bool]]:
    """The distinct words of a search, each with whether it ends in * (a prefix).

    A repeated word is kept once and words past ``MAX_TERMS`` are dropped: neither can
    change which documents match much, and each costs time in every matching document.
    Bytes that were not UTF-8 on the command line become U+FFFD, which SQLite accepts; a
    NUL (from pasted text) would end the query early inside SQLite, so it is a space.
    """
    text = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    terms: list[tuple[str, bool]] = []
    seen: set[tuple[str, bool]] = set()
    for word in text.replace("\x00", " ").split():
        prefix = word.endswith("*") and len(word.rstrip("*")) > 0
        core = word.rstrip("*") if prefix else word
        if not re.search(r"\w", core) or (core.casefold(), prefix) in seen:
            continue
        seen.add((core.casefold(), prefix))
        terms.append((core, prefix))
        if len(terms) == MAX_TERMS:
            break
    if not terms:
        raise InvalidInput("Type a word to search for.")
    return terms


def fts_query(text: str) -> str:
    """Turn anything a person types into a safe FTS5 query: every word must appear.

    Each word is quoted (inner quotes doubled), so operators, brackets, colons and
    stray quotes are just text. A word ending in * keeps its prefix meaning.
    """
    return _quoted(search_terms(text))


def _quoted(terms: list[tuple[str, bool]]) -> str:
    return " ".join('"' + core.replace('"', '""') + '"' + ("*" if prefix else "")
                    for core, prefix in terms)  # fmt: skip


def search(
    library: Library, text: str, person_id: int | None = None, limit: int = 100
) -> SearchResult:
    """The best ``limit`` matches; snippets are made for those only, never for every match
    (a snippet reads its whole document again, which is what made common words slow)."""
    terms = search_terms(text)
    query = _quoted(terms)
    sql = (
        "SELECT d.id, d.person_id, d.title, d.category, d.date, d.notes "
        "FROM document_search JOIN documents d ON d.id = document_search.rowid "
        "WHERE document_search MATCH ? AND d.trashed_at IS NULL"
    )
    params: list[object] = [query]
    if person_id is not None:
        sql += " AND d.person_id = ?"
        params.append(person_id)
    sql += f" ORDER BY {_order(library, query)} LIMIT ?"
    params.append(limit)
    rows = library._execute(sql, tuple(params)).fetchall()
    snippets = _snippets(library, terms, rows)
    hits = [
        SearchHit(
            document_id=row[0],
            person_id=row[1],
            title=row[2],
            category=Category(row[3]),
            date=PartialDate.parse(row[4]) if row[4] else None,
            snippet=" ".join(snippets.get(row[0], "").split()),
        )
        for row in rows
    ]
    return SearchResult(hits=hits, pending=pending_count(library))


def _order(library: Library, query: str) -> str:
    """Best match first (bm25) while that is affordable, else newest first.

    bm25 reads every occurrence of every word in every matching document; for a word
    found in thousands of records that alone outlasts the search budget, and ranking
    thousands of near-equal matches tells the person little anyway.
    """
    found = library._execute(
        "SELECT count(*) FROM (SELECT 1 FROM document_search WHERE document_search MATCH ? "
        "LIMIT ?)",
        (query, RANKED_MATCHES + 1),
    ).fetchone()[0]
    if found <= RANKED_MATCHES:
        return "bm25(document_search, 10.0, 5.0, 1.0), d.id"
    return "d.date IS NULL, d.date DESC, d.id DESC"


def _snippets(
    library: Library, terms: list[tuple[str, bool]], rows: list[sqlite3.Row]
) -> dict[int, str]:
    pattern = terms_pattern(terms)
    return {
        int(row[0]): snippet([str(row[5] or ""), _text_start(library, int(row[0]))], pattern)
        for row in rows
    }


def _text_start(library: Library, document_id: int) -> str:
    """The first ``SCAN_BYTES`` of a document's text, read without loading the rest.

    The words live in FTS5's own content table (column c2 is ``body``); reading a slice
    through SQLite's blob interface costs the slice, where ``substr`` would load a long
    record whole first.
    """
    try:
        with library._conn.blobopen(CONTENT_TABLE, "c2", document_id, readonly=True) as blob:
            return blob.read(SCAN_BYTES).decode("utf-8", "ignore")
    except sqlite3.Error:  # no text at all (NULL)
        return ""
