"""Authors and organisations read from portal records join the providers list when the
person accepts an item from that record: once each, never software, taken back by undo."""

from __future__ import annotations

from pathlib import Path

from organizer.core.clinical.review import accept, dismiss, proposals, undo_batch
from organizer.core.importing import import_paths
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.records import Person, Provider


def _providers(library: Library) -> list[tuple[str, str]]:
    return sorted((p.name, p.institution) for p in library.select(Provider))


def _import(library: Library, *paths: Path) -> int:
    person_id = library.add(Person(name="Adam Everyman"))
    import_paths(library, person_id, list(paths), JobContext())
    return person_id


def test_accepting_an_item_adds_the_records_makers_once(library: Library, samples: Path) -> None:
    library.add(Provider(name="good health clinic"))  # already on the list, another case
    person = _import(library, samples / "ccda/hl7__Progress_Note.xml")
    assert _providers(library) == [("good health clinic", "")]  # importing adds no one
    pending = proposals(library, person)
    first = accept(library, person, [pending[0].id])
    added = _providers(library)
    assert ("Henry Seven", "") in added  # the author
    assert ("Dr. Pseudo Physician-1", "NIST HL7 Test Laboratory") in added  # a performer
    assert len(added) == 4  # Henry Seven once, though he also signed it twice
    accept(library, person, [pending[1].id])
    assert _providers(library) == added  # the same record again: no one twice
    undo_batch(library, first.id)
    assert _providers(library) == [("good health clinic", "")]


def test_dismissing_adds_no_one_and_software_is_not_a_provider(
    library: Library, samples: Path
) -> None:
    allscripts = "ccda/allscripts-sunrise__C-CDA_400700201_20160902122113_Bates_Jeremy.xml"
    person = _import(library, samples / allscripts)
    dismiss(library, person, [proposals(library, person)[0].id])
    assert _providers(library) == []
    accept(library, person, None)
    names = [name for name, _institution in _providers(library)]
    assert names and not [name for name in names if "Sunrise" in name or "Allscripts" in name]
