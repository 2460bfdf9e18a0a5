"""Everything the checks look at, read from the library once per evaluation.

Reading every record up front (a handful of queries, none per document) keeps a packet
of a thousand documents well inside the time budget and lets each check be a plain
function of these facts, testable without thinking about SQL.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from organizer.core.checklist.marks import FindingKey, Ref, finding_marks
from organizer.core.dates import PartialDate
from organizer.core.identity.documents import names_someone_else
from organizer.core.library import Library
from organizer.core.records import (
    Allergy,
    Document,
    Event,
    Medication,
    Packet,
    Person,
    Question,
    Request,
)
from organizer.core.visit.third import EarlierOpinions, earlier_opinions


@dataclass(frozen=True)
class PacketFacts:
    packet: Packet
    person: Person
    documents: tuple[Document, ...]
    events: tuple[Event, ...]
    medications: tuple[Medication, ...]
    allergies: tuple[Allergy, ...]
    questions: tuple[Question, ...]
    requests: tuple[Request, ...]
    event_documents: Mapping[int, frozenset[int]] = field(default_factory=dict)
    """Documents linked to each timeline event (only those included in the packet)."""
    request_since: Mapping[int, PartialDate] = field(default_factory=dict)
    """When each request reached its current status, from its history if not recorded."""
    today: _dt.date = field(default_factory=_dt.date.today)
    finding_marks: Mapping[FindingKey, str] = field(default_factory=dict)
    """Findings marked not applicable: (rule id, record) -> the person's reason."""

    def excused(self, rule_id: str, ref: Ref) -> str | None:
        """The reason this record is marked not applicable for the rule, if it is."""
        return self.finding_marks.get((rule_id, ref))

    other_peoples: tuple[Document, ...] = ()
    """Included documents that name another person (not confirmed): kept out of
    ``documents``, so no other rule counts them as this person's evidence."""
    earlier_opinions: EarlierOpinions | None = None
    """For a third-opinion packet: both opinions it builds on."""


def gather(library: Library, packet_id: int) -> PacketFacts:
    """Read the packet and everything it includes; NotFound if there is no such packet."""
    packet = library.get(Packet, packet_id)
    person = library.get(Person, packet.person_id)
    person_id = packet.person_id
    included = library.packet_documents(packet_id)
    documents = tuple(d for d in included if not names_someone_else(d))
    events = tuple(library.packet_events(packet_id))
    medications = tuple(library.children(Medication, person_id))
    allergies = tuple(library.children(Allergy, person_id))
    questions = tuple(library.children(Question, packet_id))
    requests = tuple(library.children(Request, packet_id))
    return PacketFacts(
        packet=packet,
        person=person,
        documents=documents,
        events=events,
        medications=medications,
        allergies=allergies,
        questions=questions,
        requests=requests,
        event_documents=_event_links(library, person_id, events, documents),
        request_since=_request_since(library, requests),
        finding_marks=finding_marks(library, packet_id),
        other_peoples=tuple(d for d in included if names_someone_else(d)),
        earlier_opinions=earlier_opinions(library, packet_id),
    )


def _event_links(
    library: Library, person_id: int, events: tuple[Event, ...], documents: tuple[Document, ...]
) -> dict[int, frozenset[int]]:
    included = {document.id for document in documents}
    event_ids = {event.id for event in events}
    links: dict[int, set[int]] = {}
    rows = library._execute(
        "SELECT event_id, document_id FROM event_documents "
        "WHERE event_id IN (SELECT id FROM events WHERE person_id = ?)",
        (person_id,),
    )
    for event_id, document_id in rows:
        if event_id in event_ids and document_id in included:
            links.setdefault(event_id, set()).add(document_id)
    return {event_id: frozenset(ids) for event_id, ids in links.items()}


def _request_since(library: Library, requests: tuple[Request, ...]) -> dict[int, PartialDate]:
    since: dict[int, PartialDate] = {}
    for request in requests:
        if request.id is None:
            continue
        if request.status_date is not None:
            since[request.id] = request.status_date
            continue
        history = library.request_history(request.id)
        if history:
            since[request.id] = history[-1][1]
    return since
