"""The sidebar's "To review (N)": counted without reading the proposals, the same number."""

from __future__ import annotations

from pathlib import Path

from organizer.core.clinical.pending import PROPOSALS, pending_proposals
from organizer.core.clinical.review import dismiss, proposals
from organizer.core.importing import import_paths
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.ops.review import PROPOSALS as REVIEWED_TABLE
from organizer.core.records import Document, Person


def test_the_count_is_what_the_review_page_lists(library: Library, samples: Path) -> None:
    person = library.add(Person(name="Eve Betterhalf"))
    assert pending_proposals(library, person) == 0
    import_paths(library, person, [samples / "ccda" / "hl7__CCD.XML"], JobContext())
    listed = proposals(library, person)
    assert pending_proposals(library, person) == len(listed) > 2
    dismiss(library, person, [listed[0].id, listed[1].id])
    assert pending_proposals(library, person) == len(listed) - 2
    (document,) = library.children(Document, person)
    library.trash_document(document.id or 0)  # what only a trashed file proposed is not listed
    assert pending_proposals(library, person) == len(proposals(library, person)) == 0
    other = library.add(Person(name="Ana Diaz"))
    assert pending_proposals(library, other) == 0


def test_the_window_listens_for_the_table_the_review_changes() -> None:
    assert PROPOSALS == REVIEWED_TABLE
