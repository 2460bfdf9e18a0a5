"""What a person does to documents: confirm guesses, trash and restore, include, link."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from organizer.core import queries, view_settings
from organizer.core.guesses import confirmed, needs_check
from organizer.core.library import Library
from organizer.core.ops.changes import Changes, Outcome, nothing_done, reversible
from organizer.core.records import Document

INCLUSION_TABLE = "packet_excluded_documents"
LINK_TABLE = "event_documents"


def confirm_guesses(library: Library, document_ids: Iterable[int]) -> Outcome:
    """Mark the guessed category and date of these documents checked (those that have one)."""
    before = [library.get(Document, i) for i in document_ids]
    before = [document for document in before if needs_check(document)]
    if not before:
        return nothing_done()
    changes = Changes.of(Document.TABLE, [d.id for d in before])

    def confirm() -> Changes:
        for document in before:
            library.update(confirmed(document))
        return changes

    def unconfirm() -> Changes:
        for document in before:
            library.update(document)
        return changes

    return reversible(library, confirm, unconfirm)


def empty_trash(library: Library) -> Outcome:
    """Delete the trashed documents and their files for good: the one change with no undo.

    The outcome names the documents that went; its undo does nothing, so whoever shows
    an undo history must forget steps that referred to them.
    """
    gone = [document.id for document in library.trashed_documents()]
    if not gone:
        return nothing_done()
    library.empty_trash()
    return Outcome(Changes.of(Document.TABLE, gone), nothing_done)


def trash_documents(library: Library, document_ids: Iterable[int]) -> Outcome:
    """Move documents to the trash; their files stay until the trash is emptied."""
    return _trash(library, list(document_ids), into=True)


def restore_documents(library: Library, document_ids: Iterable[int]) -> Outcome:
    """Take documents out of the trash."""
    return _trash(library, list(document_ids), into=False)


def _trash(library: Library, ids: list[int], *, into: bool) -> Outcome:
    if not ids:
        return nothing_done()
    changes = Changes.of(Document.TABLE, ids)

    def trash() -> Changes:
        for document_id in ids:
            library.trash_document(document_id)
        return changes

    def untrash() -> Changes:
        for document_id in ids:
            library.restore_document(document_id)
        return changes

    return reversible(library, trash, untrash) if into else reversible(library, untrash, trash)


def set_documents_included(
    library: Library, packet_id: int, document_ids: Iterable[int], included: bool
) -> Outcome:
    """Include documents in a packet or leave them out; undo gives each its earlier choice."""
    excluded = queries.excluded_document_ids(library, packet_id)
    before = {i: i not in excluded for i in document_ids}
    before = {i: was for i, was in before.items() if was != included}
    if not before:
        return nothing_done()
    changes = Changes.of(INCLUSION_TABLE, before) | Changes.of(Document.TABLE, before)

    def apply() -> Changes:
        for document_id in before:
            library.set_document_included(packet_id, document_id, included)
        return changes

    def put_back() -> Changes:
        for document_id, was in before.items():
            library.set_document_included(packet_id, document_id, was)
        return changes

    return reversible(library, apply, put_back)


def link_events(library: Library, document_id: int, links: Mapping[int, bool]) -> Outcome:
    """Link a document to timeline events or unlink it: ``links`` maps event id to linked."""
    current = set(library.document_event_ids(document_id))
    wanted = {e: linked for e, linked in links.items() if (e in current) != linked}
    if not wanted:
        return nothing_done()
    changes = Changes.of(LINK_TABLE, wanted) | Changes.of(Document.TABLE, [document_id])

    def apply(reverse: bool) -> Changes:
        for event_id, linked in wanted.items():
            library.link_event_document(event_id, document_id, linked != reverse)
        return changes

    return reversible(library, lambda: apply(False), lambda: apply(True))


def rotate_documents(library: Library, document_ids: Iterable[int]) -> Outcome:
    """Turn documents a quarter clockwise as shown and printed (their files stay as they
    are); undo turns each back to where it was."""
    before = {
        i: view_settings.rotations(library, i).get(view_settings.WHOLE_DOCUMENT, 0)
        for i in document_ids
    }
    if not before:
        return nothing_done()
    changes = Changes.of(view_settings.TABLE, before)

    def turn(by: int) -> Changes:
        for document_id, degrees in before.items():
            view_settings.set_rotation(library, document_id, (degrees + by) % 360)
        return changes

    return reversible(library, lambda: turn(90), lambda: turn(0))


def set_rotation(library: Library, document_id: int, degrees: int, page: int = 0) -> Outcome:
    """Turn a document (page 0) or one page clockwise by ``degrees`` as shown and printed,
    replacing the turn set before; undo puts that turn back."""
    before = view_settings.rotations(library, document_id).get(page, 0)
    changes = Changes.of(view_settings.TABLE, [document_id])

    def turn(to: int) -> Changes:
        view_settings.set_rotation(library, document_id, to, page)
        return changes

    return reversible(library, lambda: turn(degrees), lambda: turn(before))
