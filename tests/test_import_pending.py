"""What the background pass has left to do, read in one query each, files in their order."""

from __future__ import annotations

from organizer.core.importing.pending import (
    IndexTask,
    PictureTask,
    pending_pictures,
    pending_tasks,
)
from organizer.core.library import Library
from organizer.core.records import Document, DocumentFile, Person

SHA = {name: name * 64 for name in "abcd"}


def _file(document_id: int, name: str, media_type: str, position: int) -> DocumentFile:
    return DocumentFile(
        document_id=document_id,
        sha256=SHA[name],
        size=1,
        original_name=name,
        media_type=media_type,
        position=position,
    )


def test_each_pending_document_comes_once_with_its_files_in_order(library: Library) -> None:
    person = library.add(Person(name="Ana Diaz"))
    scan = library.add_document(Document(person_id=person, title="Scan"))
    letter = library.add_document(Document(person_id=person, title="Letter"))
    library.add(_file(scan, "b", "image/png", 1))
    library.add(_file(scan, "a", "image/jpeg", 0))
    library.add(_file(scan, "c", "application/pdf", 2))
    library.add(_file(letter, "d", "application/pdf", 0))
    library._execute("UPDATE text_index SET state = 'pending'")
    library._execute("UPDATE derived_work SET state = 'pending'")
    library._execute(
        "INSERT OR IGNORE INTO derived_work (document_id, state, generation) "
        "SELECT id, 'pending', 1 FROM documents"
    )
    library._execute(
        "INSERT OR IGNORE INTO text_index (document_id, state, generation) "
        "SELECT id, 'pending', 1 FROM documents"
    )
    texts = pending_tasks(library)
    assert [(t.document_id, t.files) for t in texts] == [
        (scan, ((SHA["a"], "image/jpeg"), (SHA["b"], "image/png"), (SHA["c"], "application/pdf"))),
        (letter, ((SHA["d"], "application/pdf"),)),
    ]
    assert all(isinstance(t, IndexTask) for t in texts)
    assert [t.document_id for t in pending_tasks(library, limit=1)] == [scan]
    pictures = pending_pictures(library)
    assert [(p.document_id, p.files) for p in pictures] == [
        (scan, (SHA["a"], SHA["b"])),
        (letter, ()),  # no image: nothing to make, but its turn is still taken
    ]
    assert all(isinstance(p, PictureTask) for p in pictures)
