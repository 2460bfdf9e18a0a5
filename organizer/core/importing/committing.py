"""The commit phase: one prepared document becomes rows in ONE short transaction.

This is the only part of import that writes the database, so the GUI runs it on its
own thread. Duplicates are detected here, against what the database holds at that
moment: a file whose content is already attached to a document is reported as
"duplicate of document N" and gets no second row. Files of an imaging study join the
person's existing document for that study when there is one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from organizer.core.clinical.proposals import propose
from organizer.core.clinical.review import link_embedded
from organizer.core.derived import remove_derived
from organizer.core.details import DocumentDetails
from organizer.core.identity.documents import judge_document, named_description
from organizer.core.importing import details as keys
from organizer.core.importing.model import (
    REPAIRED_NOTE,
    FileOutcome,
    Outcome,
    PreparedDocument,
    PreparedFile,
)
from organizer.core.importing.studies import add_to_series
from organizer.core.library import Library
from organizer.core.records import Document, DocumentFile, Person
from organizer.core.vocab import Category, Identity

STORED_COPY_GONE = (
    "its copy in the library was removed while the import ran (the trash was emptied); "
    "import it again"
)


def commit(library: Library, person_id: int, prepared: PreparedDocument) -> list[FileOutcome]:
    """Write one prepared document; return what happened to each of its files."""
    gone = [item for item in prepared.files if not library.store.contains(item.sha256)]
    if gone:  # the trash was emptied between preparing and now: never point at nothing
        return [
            FileOutcome(item.path, Outcome.REJECTED, reason=STORED_COPY_GONE)
            for item in prepared.files
            if item.report
        ]
    with library.transaction():
        if prepared.study_uid:
            outcomes = _commit_study(library, person_id, prepared)
        else:
            outcomes = _commit_single(library, person_id, prepared)
    return [outcome for outcome in outcomes if outcome is not None]


def _new_document(library: Library, person_id: int, prepared: PreparedDocument) -> Document:
    """The prepared row for this person, judged: does the file name them?"""
    document = dataclasses.replace(prepared.document, id=None, person_id=person_id)
    judge_document(document, library.get(Person, person_id))
    return document


def _say_who(outcomes: list[FileOutcome | None], document: Document) -> None:
    """The line of the file that made the document says when it names someone else."""
    if document.identity is not Identity.MISMATCH:
        return
    for outcome in outcomes:
        if outcome is not None and outcome.outcome is Outcome.IMPORTED:
            outcome.named_other = named_description(document)
            return


def _first_document_with(library: Library, sha256: str) -> int | None:
    found = library.documents_with_file(sha256)
    return found[0] if found else None


def _outcome(prepared: PreparedFile, outcome: Outcome, document_id: int) -> FileOutcome | None:
    if not prepared.report:
        return None
    note = prepared.note if outcome in (Outcome.IMPORTED, Outcome.ADDED) else ""
    if prepared.repaired:
        note = "; ".join(part for part in (note, REPAIRED_NOTE) if part)
    return FileOutcome(prepared.path, outcome, document_id=document_id, note=note)


def _attach(library: Library, document_id: int, prepared: PreparedFile, position: int) -> None:
    library.add(
        DocumentFile(
            document_id=document_id,
            sha256=prepared.sha256,
            size=prepared.size,
            original_name=prepared.original_name,
            relative_path=prepared.relative_path,
            media_type=prepared.media_type,
            position=position,
        )
    )


def _commit_single(
    library: Library, person_id: int, prepared: PreparedDocument
) -> list[FileOutcome | None]:
    first = prepared.files[0]
    existing = _first_document_with(library, first.sha256)
    if existing is not None:
        outcomes = [_outcome(item, Outcome.DUPLICATE, existing) for item in prepared.files]
        return outcomes + _commit_embedded(library, person_id, prepared, existing)
    document = _new_document(library, person_id, prepared)
    document_id = library.add_document(document)
    outcomes = []
    for position, item in enumerate(prepared.files):
        _attach(library, document_id, item, position)
        kind = Outcome.IMPORTED if position == 0 else Outcome.ADDED
        outcomes.append(_outcome(item, kind, document_id))
    _say_who(outcomes, document)
    if prepared.clinical is not None:  # the import line stays as it is: the review list says
        propose(library, person_id, document_id, prepared.clinical)
    return outcomes + _commit_embedded(library, person_id, prepared, document_id)


def _commit_embedded(
    library: Library, person_id: int, prepared: PreparedDocument, parent_id: int
) -> list[FileOutcome | None]:
    """Files that came out of a clinical document, each a document linked to its parent."""
    outcomes: list[FileOutcome | None] = []
    for inner in prepared.embedded:
        for outcome in _commit_single(library, person_id, inner):
            if outcome is not None and outcome.outcome is Outcome.IMPORTED:
                link_embedded(library, outcome.document_id or 0, parent_id)
            outcomes.append(outcome)
    return outcomes


def _existing_study(library: Library, person_id: int, study_uid: str) -> Document | None:
    found = library._select(
        Document,
        "person_id = ? AND category = ? AND trashed_at IS NULL "
        "AND json_extract(details, '$.study_uid') = ?",
        (person_id, Category.IMAGING_STUDY.value, study_uid),
    )
    return found[0] if found else None


def _commit_study(
    library: Library, person_id: int, prepared: PreparedDocument
) -> list[FileOutcome | None]:
    document = _existing_study(library, person_id, prepared.study_uid)
    images = [item for item in prepared.files if item.study_file is not None]
    indexes = [item for item in prepared.files if item.study_file is None]
    present = (
        {f.sha256 for f in library.document_files(document.id)}
        if document is not None and document.id is not None
        else set()
    )
    outcomes: list[FileOutcome | None] = []
    fresh: list[PreparedFile] = []
    repeated: list[PreparedFile] = []  # the same image twice in this batch
    duplicate_of: int | None = None
    for item in images:
        earlier = _first_document_with(library, item.sha256)
        if earlier is not None:
            duplicate_of = earlier
            outcomes.append(_outcome(item, Outcome.DUPLICATE, earlier))
        elif item.sha256 in {f.sha256 for f in fresh}:
            repeated.append(item)
        else:
            fresh.append(item)
    created = False
    if document is None and fresh:
        document = _new_document(library, person_id, prepared)
        library.add_document(document)
        created = True
    if document is None or document.id is None:
        # every image was already in the library: the index goes with the earlier copy
        return outcomes + [
            _outcome(item, Outcome.DUPLICATE, _first_document_with(library, item.sha256)
                     or duplicate_of or 0)
            for item in indexes
        ]  # fmt: skip
    study_details = dict(document.details.values)
    if created:
        study_details[keys.SERIES] = []
    position = len(present)
    for index, item in enumerate(fresh):
        _attach(library, document.id, item, position)
        position += 1
        add_to_series(study_details, item)
        kind = Outcome.IMPORTED if created and index == 0 else Outcome.ADDED
        outcomes.append(_outcome(item, kind, document.id))
    outcomes.extend(_outcome(item, Outcome.DUPLICATE, document.id) for item in repeated)
    for item in indexes:
        if item.sha256 in present:
            outcomes.append(_outcome(item, Outcome.DUPLICATE, document.id))
            continue
        _attach(library, document.id, item, position)
        position += 1
        present.add(item.sha256)
        add_to_series(study_details, item)
        outcomes.append(_outcome(item, Outcome.ADDED, document.id))
    document.details = DocumentDetails.of(study_details)
    library.update(document)
    if created:
        _say_who(outcomes, document)
    return outcomes


def remove_unreferenced(library: Library, hashes: Iterable[str]) -> int:
    """Drop stored copies (with thumbnails and print copies) no document refers to."""
    removed = 0
    for sha in set(hashes):
        if not library.documents_with_file(sha):
            library.store.remove(sha)
            remove_derived(library.root, sha)
            removed += 1
    return removed
