"""Undo and redo put the library back exactly, including what edits add on the side."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from organizer.core import ops
from organizer.core.clinical.review import proposals
from organizer.core.dates import PartialDate
from organizer.core.importing import import_paths
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.records import Document, Medication, Packet, Person, Request
from organizer.core.vocab import RequestStatus
from organizer.gui.changes import notices
from organizer.gui.undo import OperationCommand, push


def test_undoing_a_status_change_takes_back_its_history_entry(library: Library) -> None:
    person_id = library.add(Person(name="Ana"))
    packet_id = library.add_packet(Packet(person_id=person_id, title="P"))
    request = Request(
        packet_id=packet_id, item="pathology slides", status_date=PartialDate.parse("2026-11-01")
    )
    library.add(request)
    assert request.id is not None
    before_history = library.request_history(request.id)
    sent = dataclasses.replace(
        request, status=RequestStatus.SENT, status_date=PartialDate.parse("2026-11-20")
    )
    command = OperationCommand(library, "Slides sent", ops.update_record(library, sent))
    command.redo()  # the first redo (on push) only announces: the operation has run
    assert [status for status, _on in library.request_history(request.id)] == [
        RequestStatus.TO_REQUEST,
        RequestStatus.SENT,
    ]
    command.undo()
    assert library.get(Request, request.id) == request
    assert library.request_history(request.id) == before_history
    command.redo()
    assert library.get(Request, request.id).status is RequestStatus.SENT
    assert [status for status, _on in library.request_history(request.id)] == [
        RequestStatus.TO_REQUEST,
        RequestStatus.SENT,
    ]


def test_a_redo_the_library_no_longer_allows_is_dropped_with_a_plain_reason(
    qtbot: QtBot, library: Library, samples: Path
) -> None:
    """Accepting a portal file's items, undoing, then trashing the file (outside the stack, as
    another part of the app may) leaves a redo that cannot be done: it must not raise inside
    Qt's redo, must change nothing, must say why, and must leave the stack."""
    person_id = library.add(Person(name="Eve"))
    import_paths(library, person_id, [samples / "ccda" / "hl7__CCD.XML"], JobContext())
    stack = QUndoStack()
    push(stack, library, "Accept all", ops.decide_proposals(library, person_id, None,
                                                            ops.Decision.ACCEPT))  # fmt: skip
    stack.undo()
    (document,) = library.children(Document, person_id)
    ops.trash_documents(library, [document.id or 0])
    before = library.children(Medication, person_id), len(proposals(library, person_id))

    with qtbot.waitSignal(notices(library).step_failed) as failed:
        stack.redo()
    assert failed.args[0].startswith("Could not redo “Accept all”.")
    assert "trash" in failed.args[0] and failed.args[0].endswith("Nothing was changed.")
    assert (library.children(Medication, person_id), len(proposals(library, person_id))) == before
    assert stack.count() == 0 and not stack.canRedo() and not stack.canUndo()
