"""Every record type survives a round trip through a real SQLite library file."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from organizer.core import ops
from organizer.core.dates import PartialDate
from organizer.core.details import DocumentDetails
from organizer.core.errors import InvalidInput, NotFound
from organizer.core.library import Library
from organizer.core.records import (
    Allergy,
    Document,
    DocumentFile,
    Event,
    Medication,
    Packet,
    Person,
    Provider,
    Question,
    Record,
    Request,
)
from organizer.core.validation import FieldError
from organizer.core.vocab import (
    AllergyCategory,
    Answer,
    Category,
    EventKind,
    PreauthAnswer,
    RequestStatus,
    Severity,
    Sex,
)


def _day(text: str) -> PartialDate:
    return PartialDate.parse(text)


def _full_records(library: Library) -> list[Record]:
    """One record of every type with every field set to something unusual."""
    person = Person(
        name="Zoë Ødegård",
        dob=_day("1961-04-09"),
        sex=Sex.FEMALE,
        contact="+47 555 0100",
        insurance_plan="Nordic Health",
        insurance_member_id="M-123",
        insurance_group="G-9",
        primary_doctor="Dr Lind",
        no_known_allergies=True,
        takes_no_medications=False,
    )
    library.add(person)
    provider = Provider(
        name="Dr Hale",
        specialty="Oncology",
        institution="City Hospital",
        phone="555-0101",
        fax="555-0102",
        address="1 Main St",
        portal="https://portal.example",
    )
    library.add(provider)
    assert person.id is not None and provider.id is not None
    document = Document(
        person_id=person.id,
        title="CT chest",
        category=Category.IMAGING_REPORT,
        date=_day("~2026-01"),
        provider_id=provider.id,
        notes="with contrast",
        source="portal download",
        category_confirmed=True,
        date_confirmed=False,
        guess_reason='the text says "impression"',
        flags="password-protected",
        page_count=3,
        added_at="2026-01-13T10:00:00+00:00",
        modality="CT",
        body_part="CHEST",
        details=DocumentDetails.of({"pages": 3}),
    )
    library.add(document)
    packet = Packet(
        person_id=person.id,
        title="Lung nodule",
        question="Is surgery needed now?",
        first_diagnosis="Nodule",
        first_plan="Lobectomy",
        first_doctor="Dr Hale",
        provider_name="Dr Rossi",
        provider_institution="University Clinic",
        appointment="2026-12-03 14:30",
        insurance_covered=Answer.YES,
        in_network=Answer.NO,
        preauthorization=PreauthAnswer.NOT_NEEDED,
        insurance_reference="REF-1",
        insurance_notes="called on Monday",
        created_at="2026-02-01T09:00:00+00:00",
    )
    library.add(packet)
    assert document.id is not None and packet.id is not None
    others: list[Record] = [
        Event(
            person_id=person.id,
            date=_day("2025-11-02"),
            kind=EventKind.PROCEDURE,
            title="Biopsy",
            details="CT-guided",
            provider_id=provider.id,
        ),
        Medication(
            person_id=person.id,
            name="Metformin",
            dose="500 mg",
            route="by mouth",
            frequency="twice a day",
            reason="diabetes",
            prescriber="Dr Lind",
            start=_day("2020"),
            stop=_day("2025-06"),
            current=False,
        ),
        Allergy(
            person_id=person.id,
            substance="Penicillin",
            category=AllergyCategory.DRUG,
            reaction="rash",
            severity=Severity.SEVERE,
            noted_on=_day("about 1990"),
        ),
        DocumentFile(
            document_id=document.id,
            sha256="a" * 64,
            size=12,
            original_name="ct.pdf",
            relative_path="CD/ct.pdf",
            media_type="application/pdf",
            position=1,
        ),
        Question(packet_id=packet.id, text="Do you agree?", answer="Yes", position=2),
        Request(
            packet_id=packet.id,
            item="pathology slides",
            source="City Lab",
            status=RequestStatus.SENT,
            status_date=_day("2026-11-20"),
            method="courier",
            notes="signed release",
            expected_back=True,
        ),
    ]
    for record in others:
        library.add(record)
    return [person, provider, document, packet, *others]


def test_every_record_type_round_trips(library_dir: Path) -> None:
    with Library.open(library_dir) as library:
        originals = _full_records(library)
    with Library.open(library_dir) as reopened:
        for original in originals:
            assert original.id is not None
            assert reopened.get(type(original), original.id) == original


def test_update_and_delete(library: Library) -> None:
    person = Person(name="Ana Diaz")
    library.add(person)
    assert person.id is not None
    changed = dataclasses.replace(person, name="Ana María Díaz", takes_no_medications=True)
    library.update(changed)
    assert library.get(Person, person.id) == changed
    library.delete(Person, person.id)
    with pytest.raises(NotFound, match="no person with id"):
        library.get(Person, person.id)


def test_children_need_an_existing_parent(library: Library) -> None:
    with pytest.raises(NotFound, match="There is no person with id 42"):
        library.add(Event(person_id=42, date=_day("2020"), kind=EventKind.TEST, title="x"))
    assert library.select(Event) == []


def test_validation_names_the_field(library: Library) -> None:
    person_id = library.add(Person(name="Ana"))
    bad = Medication(person_id=person_id, name="X", start=_day("2024-05"), stop=_day("2024-01"))
    with pytest.raises(FieldError) as caught:
        library.add(bad)
    assert caught.value.field == "stop"
    assert "before the start date" in str(caught.value)
    with pytest.raises(InvalidInput, match="needs a name"):
        library.add(Person(name="  "))


def test_packet_includes_everything_unless_excluded(library: Library) -> None:
    person_id = library.add(Person(name="Ana"))
    other_id = library.add(Person(name="Ben"))
    packet_id = library.add_packet(Packet(person_id=person_id, title="Second opinion"))
    kept = library.add_document(Document(person_id=person_id, title="kept"))
    dropped = library.add_document(Document(person_id=person_id, title="dropped"))
    library.add_document(Document(person_id=other_id, title="someone else's"))
    event_id = library.add(
        Event(person_id=person_id, date=_day("2020"), kind=EventKind.VISIT, title="visit")
    )
    library.set_document_included(packet_id, dropped, included=False)
    library.set_event_included(packet_id, event_id, included=False)
    assert [d.id for d in library.packet_documents(packet_id)] == [kept]
    assert library.packet_events(packet_id) == []
    library.set_document_included(packet_id, dropped, included=True)
    assert {d.id for d in library.packet_documents(packet_id)} == {kept, dropped}


def test_questions_keep_their_order(library: Library) -> None:
    person_id = library.add(Person(name="Ana"))
    packet_id = library.add_packet(Packet(person_id=person_id, title="P"))
    first = library.add_question(packet_id, "first")
    library.add_question(packet_id, "second")
    library.add_question(packet_id, "third")
    library.move_question(first, 2)
    assert [q.text for q in library.children(Question, packet_id)] == ["second", "third", "first"]


def test_request_status_history_is_kept(library: Library) -> None:
    person_id = library.add(Person(name="Ana"))
    packet_id = library.add_packet(Packet(person_id=person_id, title="P"))
    request_id = library.add(Request(packet_id=packet_id, item="pathology slides"))
    ops.set_request_status(library, request_id, RequestStatus.REQUESTED, _day("2026-11-01"))
    ops.set_request_status(library, request_id, RequestStatus.SENT, _day("2026-11-20"))
    history = library.request_history(request_id)
    assert [status for status, _ in history] == ["to-request", "requested", "sent"]
    assert history[-1][1] == _day("2026-11-20")


def test_trash_keeps_files_until_emptied(library: Library, samples: Path) -> None:
    person_id = library.add(Person(name="Ana"))
    stored = library.store.put_file(samples / "pdf" / "google-doc-document.pdf")
    document_id = library.add_document(Document(person_id=person_id, title="note"))
    library.add(DocumentFile(document_id=document_id, sha256=stored.sha256, size=stored.size))
    library.trash_document(document_id)
    assert (
        library.packet_documents(library.add_packet(Packet(person_id=person_id, title="P"))) == []
    )
    assert library.store.contains(stored.sha256)
    library.restore_document(document_id)
    library.trash_document(document_id)
    assert library.empty_trash() == 1
    assert not library.store.contains(stored.sha256)


def test_capture_and_restore_bring_back_everything(library: Library) -> None:
    originals = _full_records(library)
    library.link_event_document(originals[4].id or 0, originals[2].id or 0)
    person = originals[0]
    assert person.id is not None

    def dump() -> list[tuple[object, ...]]:
        derived = ("_", "document_search", "text_index")  # the search index is rebuilt
        tables = [t for t in library._db.table_names() if not t.startswith(derived)]
        return [tuple(row) for t in tables for row in library._execute(f"SELECT * FROM {t}")]

    before = dump()
    captured = library.capture(Person, person.id)
    library.delete(Person, person.id)
    assert library.select(Question) == []
    library.restore(captured)
    assert sorted(map(repr, dump())) == sorted(map(repr, before))
    pending = library._execute(
        "SELECT state FROM text_index WHERE document_id = ?", (originals[2].id,)
    )
    assert pending.fetchone()[0] == "pending"


def test_transaction_rolls_back_a_whole_user_action(library: Library) -> None:
    with pytest.raises(RuntimeError), library.transaction():
        library.add(Person(name="Ana"))
        library.add(Person(name="Ben"))
        raise RuntimeError("power cut")
    assert library.people() == []


def test_a_commit_that_fails_leaves_the_library_usable(library: Library) -> None:
    """Undoing a delete whose person has since gone fails at COMMIT (deferred keys).

    The failed action must be rolled back, not left open: otherwise every later write
    fails with "cannot start a transaction within a transaction" until the app restarts.
    """
    person_id = library.add(Person(name="Ana"))
    event_id = library.add(
        Event(
            person_id=person_id, date=PartialDate.parse("2026-03"), kind=EventKind.TEST, title="CT"
        )
    )
    captured = library.capture(Event, event_id)
    library.delete(Person, person_id)
    with pytest.raises(sqlite3.IntegrityError):
        library.restore(captured)
    assert not library._db.conn.in_transaction
    assert library.select(Event) == []
    library.add(Person(name="Ben"))
    assert [p.name for p in library.people()] == ["Ben"]
