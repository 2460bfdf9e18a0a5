"""Undo and redo put the library back exactly, including what edits add on the side."""

from __future__ import annotations

import dataclasses

from organizer.core import ops
from organizer.core.dates import PartialDate
from organizer.core.library import Library
from organizer.core.records import Packet, Person, Request
from organizer.core.vocab import RequestStatus
from organizer.gui.undo import OperationCommand


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
