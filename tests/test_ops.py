"""Every operation through the core API alone: what it changes, what it reports, its undo."""

from __future__ import annotations

import pytest
from document_helpers import SAMPLES, add_file_document, person_with_packet

from organizer.core import ops, queries
from organizer.core.checklist import STANDARD_QUESTIONS
from organizer.core.dates import PartialDate
from organizer.core.errors import InvalidInput, NotFound
from organizer.core.identity.documents import judge_document, names_someone_else, remember_found
from organizer.core.identity.found import FoundIdentity
from organizer.core.library import Library
from organizer.core.records import Document, Event, Medication, Packet, Person, Question, Request
from organizer.core.vocab import Category, EventKind, RequestStatus

PDF = SAMPLES / "pdf" / "hl7__UD_sample.pdf"


def _snapshot(library: Library) -> list[tuple[object, ...]]:
    tables = ("people", "packets", "documents", "questions", "requests", "request_history")
    tables += ("events", "event_documents", "packet_excluded_documents", "rule_marks")
    return [(t, *tuple(r)) for t in tables for r in library._execute(f"SELECT * FROM {t}")]


def _document(library: Library, person_id: int, confirmed: bool = False) -> int:
    return add_file_document(
        library,
        person_id,
        [PDF],
        title="Discharge summary",
        category=Category.DISCHARGE_SUMMARY,
        date="2025-11",
        confirmed=confirmed,
    )


def _names_someone_else(library: Library, person_id: int, name: str) -> int:
    """A document whose file names ``name``, judged for the person (a mismatch warning)."""
    document_id = _document(library, person_id)
    document = library.get(Document, document_id)
    remember_found(document, [FoundIdentity(names=(name,))])
    judge_document(document, library.get(Person, person_id))
    library.update(document)
    assert names_someone_else(library.get(Document, document_id))
    return document_id


def test_add_record_reports_its_row_and_undo_redo_keep_the_id(library: Library) -> None:
    person_id, _packet_id = person_with_packet(library)
    empty = _snapshot(library)
    medication = Medication(person_id=person_id, name="Metformin")
    outcome = ops.add_record(library, medication)
    assert medication.id is not None
    assert outcome.changes.ids("medications") == {medication.id}
    assert outcome.changes.tables == {"medications"}

    redo = outcome.undo()
    assert _snapshot(library) == empty
    again = redo.undo()
    assert library.get(Medication, medication.id).name == "Metformin"
    assert again.changes == outcome.changes


def test_add_record_refuses_bad_input_and_writes_nothing(library: Library) -> None:
    person_id, _packet_id = person_with_packet(library)
    before = _snapshot(library)
    with pytest.raises(InvalidInput):
        ops.add_record(library, Medication(person_id=person_id, name="  "))
    assert _snapshot(library) == before


def test_update_of_a_request_status_undoes_its_history_too(library: Library) -> None:
    _person_id, packet_id = person_with_packet(library)
    request = Request(packet_id=packet_id, item="Pathology slides")
    ops.add_record(library, request)
    before = _snapshot(library)
    request.status = RequestStatus.REQUESTED
    outcome = ops.update_record(library, request)
    assert [s for s, _on in library.request_history(request.id or 0)][-1] is RequestStatus.REQUESTED
    assert outcome.changes.ids("requests") == {request.id}
    outcome.undo()
    assert _snapshot(library) == before


def test_set_request_status_records_the_step_and_undo_redo_take_it_back_and_forth(
    library: Library,
) -> None:
    _person_id, packet_id = person_with_packet(library)
    request = Request(packet_id=packet_id, item="Pathology slides")
    ops.add_record(library, request)
    assert request.id is not None
    before = _snapshot(library)
    outcome = ops.set_request_status(
        library, request.id, RequestStatus.RECEIVED, PartialDate.parse("2026-11-20")
    )
    assert outcome.changes.ids("requests") == {request.id}
    stored = library.get(Request, request.id)
    assert (stored.status, stored.status_date) == (
        RequestStatus.RECEIVED,
        PartialDate.parse("2026-11-20"),
    )
    assert library.request_history(request.id)[-1] == (
        RequestStatus.RECEIVED,
        PartialDate.parse("2026-11-20"),
    )
    after = _snapshot(library)

    redo = outcome.undo()
    assert _snapshot(library) == before
    redo.undo()
    assert _snapshot(library) == after


def test_set_request_status_of_a_missing_request_says_so_and_writes_nothing(
    library: Library,
) -> None:
    person_with_packet(library)
    before = _snapshot(library)
    with pytest.raises(NotFound):
        ops.set_request_status(library, 999, RequestStatus.SENT)
    assert _snapshot(library) == before


def test_delete_of_a_packet_reports_what_went_with_it_and_undo_restores_all(
    library: Library,
) -> None:
    person_id, packet_id = person_with_packet(library)
    ops.add_questions(library, packet_id, ["Why?", "What next?"])
    before = _snapshot(library)
    outcome = ops.delete_record(library, Packet, packet_id)
    assert not library.exists(Packet, packet_id)
    assert outcome.changes.ids("packets") == {packet_id}
    assert len(outcome.changes.ids("questions")) == 2
    redo = outcome.undo()
    assert _snapshot(library) == before
    redo.undo()
    assert not library.exists(Packet, packet_id)
    assert library.exists(Person, person_id)


def test_confirm_guesses_touches_only_guessed_documents(library: Library) -> None:
    person_id, _packet_id = person_with_packet(library)
    guessed = _document(library, person_id)
    checked = _document(library, person_id, confirmed=True)
    outcome = ops.confirm_guesses(library, [guessed, checked])
    assert outcome.changes.ids("documents") == {guessed}
    stored = library.get(Document, guessed)
    assert stored.category_confirmed and stored.date_confirmed
    outcome.undo()
    assert not library.get(Document, guessed).category_confirmed
    assert not ops.confirm_guesses(library, [checked]).changes


def test_trash_and_restore_are_each_others_undo(library: Library) -> None:
    person_id, _packet_id = person_with_packet(library)
    first, second = _document(library, person_id), _document(library, person_id)
    outcome = ops.trash_documents(library, [first, second])
    assert {d.id for d in library.trashed_documents()} == {first, second}
    assert outcome.changes.ids("documents") == {first, second}
    outcome.undo()
    assert library.trashed_documents() == []
    ops.trash_documents(library, [first])
    ops.restore_documents(library, [first]).undo()
    assert [d.id for d in library.trashed_documents()] == [first]


def test_leaving_documents_out_undoes_each_ones_own_choice(library: Library) -> None:
    person_id, packet_id = person_with_packet(library)
    first, second = _document(library, person_id), _document(library, person_id)
    ops.set_documents_included(library, packet_id, [first], False)
    outcome = ops.set_documents_included(library, packet_id, [first, second], False)
    assert outcome.changes.ids("packet_excluded_documents") == {second}  # first already out
    assert queries.excluded_document_ids(library, packet_id) == {first, second}
    outcome.undo()
    assert queries.excluded_document_ids(library, packet_id) == {first}


def test_linking_events_reports_the_links_and_undo_unlinks(library: Library) -> None:
    person_id, _packet_id = person_with_packet(library)
    document_id = _document(library, person_id)
    event_id = library.add(
        Event(
            person_id=person_id,
            date=PartialDate.parse("2025-11"),
            kind=EventKind.TEST,
            title="Scan",
        )
    )
    outcome = ops.link_events(library, document_id, {event_id: True})
    assert library.document_event_ids(document_id) == [event_id]
    assert outcome.changes.ids("event_documents") == {event_id}
    outcome.undo()
    assert library.document_event_ids(document_id) == []
    assert not ops.link_events(library, document_id, {event_id: False}).changes


def test_questions_are_added_at_the_end_and_moved_with_undo(library: Library) -> None:
    _person_id, packet_id = person_with_packet(library)
    library.add_question(packet_id, "Mine")
    outcome = ops.add_questions(library, packet_id, list(STANDARD_QUESTIONS[:2]))
    texts = [q.text for q in library.children(Question, packet_id)]
    assert texts == ["Mine", *STANDARD_QUESTIONS[:2]]
    redo = outcome.undo()
    assert [q.text for q in library.children(Question, packet_id)] == ["Mine"]
    redo.undo()
    ids = [q.id or 0 for q in library.children(Question, packet_id)]
    assert ids[1:] == sorted(outcome.changes.ids("questions"))

    moved = ops.move_question(library, ids[2], 0)
    assert [q.id for q in library.children(Question, packet_id)] == [ids[2], ids[0], ids[1]]
    moved.undo()
    assert [q.id for q in library.children(Question, packet_id)] == ids
    assert not ops.move_question(library, ids[0], 0).changes  # already there


def test_a_rule_mark_and_its_undo(library: Library) -> None:
    _person_id, packet_id = person_with_packet(library)
    outcome = ops.set_rule_mark(library, packet_id, "allergies", "Asked, none known")
    assert library.rule_marks(packet_id) == {"allergies": "Asked, none known"}
    assert outcome.changes.ids("rule_marks") == {packet_id}
    outcome.undo()
    assert library.rule_marks(packet_id) == {}
    with pytest.raises(InvalidInput):
        ops.set_rule_mark(library, packet_id, "allergies", " ")


def test_moving_a_document_to_a_new_person_and_back(library: Library) -> None:
    person_id, _packet_id = person_with_packet(library)
    document_id = _document(library, person_id)
    before = _snapshot(library)
    outcome = ops.move_documents(library, [document_id], Person(name="Ben Diaz"))
    moved_to = library.get(Document, document_id).person_id
    assert moved_to != person_id and library.get(Person, moved_to).name == "Ben Diaz"
    assert outcome.changes.touches("people", "documents")
    redo = outcome.undo()
    assert _snapshot(library) == before  # the new person is gone again
    redo.undo()
    assert library.get(Document, document_id).person_id != person_id


def test_moving_documents_to_someone_saved_and_back(library: Library) -> None:
    person_id, _packet_id = person_with_packet(library)
    other = Person(name="Ben Diaz")
    ops.add_record(library, other)
    assert other.id is not None
    first, second = _document(library, person_id), _document(library, person_id)
    before = _snapshot(library)
    outcome = ops.move_documents(library, [first, second], other)
    assert {library.get(Document, i).person_id for i in (first, second)} == {other.id}
    assert outcome.changes.ids("people") == {person_id, other.id}
    outcome.undo()
    assert _snapshot(library) == before
    with pytest.raises(NotFound):
        ops.move_documents(library, [first], Person(id=999, name="Nobody"))
    assert _snapshot(library) == before


def test_editing_a_person_judges_their_documents_again_and_undo_restores_both(
    library: Library,
) -> None:
    person_id, _packet_id = person_with_packet(library)
    document_id = _names_someone_else(library, person_id, "Maria Lopez")
    person = library.get(Person, person_id)
    before = _snapshot(library)

    person.other_names = ("Maria Lopez",)
    outcome = ops.edit_person(library, person)
    assert library.get(Person, person_id).other_names == ("Maria Lopez",)
    assert not names_someone_else(library.get(Document, document_id))
    judged = _snapshot(library)
    assert outcome.changes.ids("people") == {person_id}
    redo = outcome.undo()
    assert _snapshot(library) == before
    redo.undo()
    assert _snapshot(library) == judged


def test_other_names_and_this_is_the_person_are_undone_together_with_their_verdicts(
    library: Library,
) -> None:
    person_id, _packet_id = person_with_packet(library)
    document_id = _names_someone_else(library, person_id, "Maria Lopez")
    before = _snapshot(library)

    outcome = ops.add_other_names(library, person_id, ["Maria Lopez", "Anita"])
    assert library.get(Person, person_id).other_names == ("Maria Lopez", "Anita")
    assert not names_someone_else(library.get(Document, document_id))
    outcome.undo()
    assert _snapshot(library) == before

    confirmed = ops.confirm_same_person(library, document_id, add_name=True)
    assert "Maria Lopez" in library.get(Person, person_id).other_names
    assert not names_someone_else(library.get(Document, document_id))
    confirmed.undo()
    assert _snapshot(library) == before


def test_a_page_turn_replaces_the_one_before_and_undo_puts_it_back(library: Library) -> None:
    from organizer.core.view_settings import rotations

    person_id, _packet_id = person_with_packet(library)
    document_id = _document(library, person_id)
    ops.set_rotation(library, document_id, 90, page=2)
    outcome = ops.set_rotation(library, document_id, 270, page=2)
    assert rotations(library, document_id) == {2: 270}
    assert outcome.changes.ids("view_settings") == {document_id}
    redo = outcome.undo()
    assert rotations(library, document_id) == {2: 90}
    redo.undo()
    assert rotations(library, document_id) == {2: 270}
    with pytest.raises(InvalidInput):
        ops.set_rotation(library, document_id, 45)
    assert rotations(library, document_id) == {2: 270}


def test_emptying_the_trash_names_the_documents_it_deleted_for_good(library: Library) -> None:
    person_id, _packet_id = person_with_packet(library)
    kept, gone = _document(library, person_id), _document(library, person_id)
    assert not ops.empty_trash(library).changes  # nothing in the trash: nothing done
    ops.trash_documents(library, [gone])
    outcome = ops.empty_trash(library)
    assert outcome.changes.ids("documents") == {gone}
    assert not library.exists(Document, gone) and library.exists(Document, kept)
    assert not outcome.undo().changes  # it cannot be taken back, and says so by doing nothing
    assert not library.exists(Document, gone)
