"""The thumbnails' first files of many documents in one query, the same as one by one."""

from __future__ import annotations

import pytest
from document_helpers import SAMPLES

from organizer.core import queries
from organizer.core.importing.pipeline import import_paths
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.records import Document, DocumentFile, Person


def test_first_files_agree_with_first_file_for_every_document(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    person_id = library.add(Person(name="Ana Diaz"))
    for folder in ("dicom", "images", "pdf"):
        import_paths(library, person_id, [SAMPLES / folder], JobContext())
    # a document with no file, and one whose files were added out of order
    empty = library.add(Document(person_id=person_id, title="Nothing attached"))
    mixed = library.add(Document(person_id=person_id, title="Pages added out of order"))
    for position, sha in ((2, "c" * 64), (0, "b" * 64), (1, "a" * 64), (0, "d" * 64)):
        library.add(
            DocumentFile(document_id=mixed, sha256=sha, size=1, media_type="image/png",
                         position=position)
        )  # fmt: skip
    ids = [d.id for d in library.children(Document, person_id) if d.id is not None]
    assert any(len(library.document_files(i)) > 1 for i in ids if i != mixed)  # a study
    monkeypatch.setattr(queries, "FIRST_FILES_CHUNK", 3)  # several queries' worth

    batched = queries.first_files(library, [*ids, 999_999])

    for document_id in ids:
        assert batched.get(document_id, ("", "")) == queries.first_file(library, document_id)
    assert batched[mixed] == ("b" * 64, "image/png")  # position 0, then the older row
    assert empty not in batched and 999_999 not in batched
