"""The review list's operations through the core API alone: accept, dismiss, edit, and undo."""

from __future__ import annotations

from pathlib import Path

import pytest

from organizer.core import ops
from organizer.core.clinical.review import batches, proposals, results, stored_proposal
from organizer.core.errors import InvalidInput, NotFound
from organizer.core.importing import import_paths
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.ops.review import PROPOSALS, REVIEW_BATCHES
from organizer.core.records import Allergy, Event, Medication, Person, Provider

ACCEPT, DISMISS = ops.Decision.ACCEPT, ops.Decision.DISMISS


@pytest.fixture
def person(library: Library, samples: Path) -> int:
    person_id = library.add(Person(name="Eve Betterhalf"))
    import_paths(library, person_id, [samples / "ccda" / "hl7__CCD.XML"], JobContext())
    return person_id


def _pending(library: Library, person_id: int, kind: str | None = None) -> list[int]:
    return [p.id for p in proposals(library, person_id, kind=kind)]


def _record(library: Library, person_id: int) -> tuple[int, int, int, int, int]:
    return (
        len(library.children(Medication, person_id)),
        len(library.children(Allergy, person_id)),
        len(library.children(Event, person_id)),
        len(results(library, person_id)),
        len(library.select(Provider)),
    )


def test_accept_all_is_one_batch_that_one_undo_takes_back_and_redo_decides_again(
    library: Library, person: int
) -> None:
    pending = _pending(library, person)
    outcome = ops.decide_proposals(library, person, None, ACCEPT)
    assert _pending(library, person) == []
    medications = library.children(Medication, person)
    assert medications and library.children(Allergy, person) and results(library, person)
    changes = outcome.changes
    assert changes.ids(PROPOSALS) == frozenset(pending)
    assert changes.ids(Medication.TABLE) == {m.id for m in medications}
    assert changes.touches(Allergy.TABLE, Event.TABLE, "results")
    batch_id, count = ops.decided(changes)
    assert count == len(pending)
    assert [b.id for b in batches(library, person)] == [batch_id]

    undone = outcome.undo()
    assert sorted(_pending(library, person)) == sorted(pending)
    assert _record(library, person) == (0, 0, 0, 0, 0)
    assert batches(library, person) == []
    assert undone.changes.ids(PROPOSALS) == frozenset(pending)
    assert undone.changes.ids(Medication.TABLE) == {m.id for m in medications}

    redone = undone.undo()
    assert _pending(library, person) == []
    assert len(library.children(Medication, person)) == len(medications)
    again, count_again = ops.decided(redone.changes)
    assert again != batch_id and count_again == len(pending)
    redone.undo()
    assert sorted(_pending(library, person)) == sorted(pending)


def test_dismissing_some_items_touches_only_those_and_undo_brings_them_back(
    library: Library, person: int
) -> None:
    chosen = _pending(library, person, "medication")
    outcome = ops.decide_proposals(library, person, [*chosen, chosen[0]], DISMISS)
    assert not set(chosen) & set(_pending(library, person))
    assert outcome.changes.tables == {PROPOSALS, REVIEW_BATCHES}
    assert ops.decided(outcome.changes)[1] == len(chosen)
    assert _record(library, person) == (0, 0, 0, 0, 0)
    outcome.undo()
    assert set(chosen) <= set(_pending(library, person))


def test_no_known_allergies_touches_the_person_and_undo_clears_the_answer(
    library: Library, samples: Path
) -> None:
    person = library.add(Person(name="Jeremy Bates"))
    source = samples / "ccda" / "practice-fusion__JeremyBatesApi.xml"
    import_paths(library, person, [source], JobContext())
    nka = next(p.id for p in proposals(library, person) if p.summary.startswith("No known"))
    outcome = ops.decide_proposals(library, person, [nka], ACCEPT)
    assert library.get(Person, person).no_known_allergies
    assert outcome.changes.ids(Person.TABLE) == {person}
    assert outcome.undo().changes.ids(Person.TABLE) == {person}
    assert not library.get(Person, person).no_known_allergies


def test_a_refused_decision_writes_nothing(library: Library, person: int) -> None:
    pending = _pending(library, person)
    with pytest.raises(NotFound):
        ops.decide_proposals(library, person, [pending[0], 99_999], ACCEPT)
    ops.decide_proposals(library, person, [pending[0]], DISMISS)
    with pytest.raises(InvalidInput, match="already dismissed"):
        ops.decide_proposals(library, person, [pending[1], pending[0]], ACCEPT)
    assert sorted(_pending(library, person)) == sorted(pending[1:])
    assert _record(library, person) == (0, 0, 0, 0, 0)
    assert len(batches(library, person)) == 1


def test_edit_changes_the_words_and_undo_puts_the_files_words_back(
    library: Library, person: int
) -> None:
    chosen = proposals(library, person, kind="medication")[0]
    outcome = ops.edit_proposal(library, chosen.id, {"name": "Albuterol inhaler", "dose": "2"})
    assert outcome.changes.touched == {PROPOSALS: {chosen.id}}
    edited = stored_proposal(library, chosen.id)
    assert edited.summary.startswith("Albuterol inhaler, 2")
    assert (edited.data["name"], edited.data["dose"]) == ("Albuterol inhaler", "2")

    undone = outcome.undo()
    assert undone.changes.touched == {PROPOSALS: {chosen.id}}
    back = stored_proposal(library, chosen.id)
    assert (back.summary, back.data) == (chosen.summary, chosen.data)

    undone.undo()
    assert stored_proposal(library, chosen.id).summary == edited.summary
    ops.decide_proposals(library, person, [chosen.id], ACCEPT)
    (medication,) = library.children(Medication, person)
    assert (medication.name, medication.dose) == ("Albuterol inhaler", "2")


def test_edit_refuses_what_it_cannot_do_and_the_same_words_are_no_change(
    library: Library, person: int
) -> None:
    chosen = proposals(library, person, kind="medication")[0]
    same = ops.edit_proposal(library, chosen.id, {"name": chosen.data["name"]})
    assert not same.changes
    with pytest.raises(InvalidInput, match="needs a name"):
        ops.edit_proposal(library, chosen.id, {"name": "  "})
    with pytest.raises(InvalidInput, match="no field"):
        ops.edit_proposal(library, chosen.id, {"colour": "blue"})
    with pytest.raises(NotFound):
        ops.edit_proposal(library, 99_999, {"name": "x"})
    assert stored_proposal(library, chosen.id).summary == chosen.summary
    ops.decide_proposals(library, person, [chosen.id], ACCEPT)
    with pytest.raises(InvalidInput, match="already accepted"):
        ops.edit_proposal(library, chosen.id, {"name": "Too late"})
