"""Adding, changing and deleting any one record, each undoable with the record's own id."""

from __future__ import annotations

import copy
from typing import TypeVar

from organizer.core.dates import PartialDate
from organizer.core.library import Library, today
from organizer.core.ops.changes import Changes, Outcome, reversible
from organizer.core.records import Document, Packet, Question, Record, Request
from organizer.core.vocab import RequestStatus

R = TypeVar("R", bound=Record)


def _insert(library: Library, record: Record) -> int:
    if isinstance(record, Question) and record.id is None:
        record.position = library.next_question_position(record.packet_id)
    if isinstance(record, Packet):
        return library.add_packet(record)
    if isinstance(record, Document):
        return library.add_document(record)
    return library.add(record)


def add_record(library: Library, record: Record) -> Outcome:
    """Add a record; ``record.id`` is set. Undo deletes it, redo adds it back with that id.

    A new question goes to the end of its packet's list, whatever position it came with.
    """
    kept = copy.deepcopy(record)

    def add() -> Changes:
        kept.id = _insert(library, kept)
        return Changes.of(kept.TABLE, [kept.id])

    def remove() -> Changes:
        assert kept.id is not None
        library.delete(type(kept), kept.id)
        return Changes.of(kept.TABLE, [kept.id])

    outcome = reversible(library, add, remove)
    record.id = kept.id
    return outcome


def update_record(library: Library, after: Record) -> Outcome:
    """Save a changed record; undo puts back the stored one as it was, with all that follows it."""
    if after.id is None:
        raise ValueError("cannot update a record that was never added")
    before = library.saved(type(after), after.id)
    changes = Changes.of(after.TABLE, [after.id])
    saved_after = copy.deepcopy(after)

    def save() -> Changes:
        library.update(copy.deepcopy(saved_after))
        return changes

    def put_back() -> Changes:
        library.put_back(copy.deepcopy(before))
        return changes

    return reversible(library, save, put_back)


def set_request_status(
    library: Library, request_id: int, status: RequestStatus, on: PartialDate | None = None
) -> Outcome:
    """Say a request has moved on (requested, received, ...) on a day, today if none is given;
    its history records the step, and undo takes the step back."""
    request = library.get(Request, request_id)
    request.status = status
    request.status_date = on or today()
    return update_record(library, request)


def delete_record(library: Library, cls: type[Record], record_id: int) -> Outcome:
    """Delete a record and what goes with it; undo restores every row with the same ids."""
    captured = library.capture(cls, record_id)
    touched = Changes()
    for table, row in captured.rows:
        if "id" in row:
            touched = touched | Changes.of(table, [row["id"]])
        else:
            touched = touched | Changes.of(table, [])
    for table, row_id, _column, _value in captured.nulled:
        touched = touched | Changes.of(table, [row_id])

    def remove() -> Changes:
        library.delete(cls, record_id)
        return touched

    def restore() -> Changes:
        library.restore(captured)
        return touched

    return reversible(library, remove, restore)
