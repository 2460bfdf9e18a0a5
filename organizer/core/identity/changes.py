"""Changes the app makes about whose record a document is, in whole steps that undo cleanly.

The GUI wraps each one in an undo command: ``take_snapshot`` before, ``put_back`` to undo
(which also removes a person the step created), and the step itself again to redo.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from organizer.core.identity.compare import same_date
from organizer.core.identity.documents import found_in, move_document, names_someone_else
from organizer.core.identity.found import FoundIdentity
from organizer.core.identity.names import same_name
from organizer.core.library import Library
from organizer.core.records import Document, Person


@dataclass(frozen=True)
class Snapshot:
    people: tuple[Person, ...]
    documents: tuple[Document, ...]
    everyone: frozenset[int]
    """The ids of every person at the time: anyone else was made by the step."""


def take_snapshot(library: Library, person_ids: Sequence[int]) -> Snapshot:
    people = tuple(library.get(Person, person_id) for person_id in set(person_ids))
    documents = tuple(d for person in people for d in library.children(Document, person.id or 0))
    everyone = frozenset(p.id for p in library.people() if p.id is not None)
    return Snapshot(people, documents, everyone)


def put_back(library: Library, snapshot: Snapshot) -> None:
    with library.transaction():
        for document in snapshot.documents:
            library.update(document)
        for person in snapshot.people:
            library.update(person)
        for person in library.people():
            if person.id is not None and person.id not in snapshot.everyone:
                library.delete(Person, person.id)


def shared_other_person(documents: Sequence[Document]) -> FoundIdentity | None:
    """The one other person that several documents all name, or None.

    None unless at least two documents name someone else and every one of them names the
    same person (the same name, and no birth dates that disagree).
    """
    others = [d for d in documents if names_someone_else(d) and d.named_name]
    if len(others) < 2:
        return None
    first = others[0]
    for document in others[1:]:
        if same_name(document.named_name, first.named_name) is not True:
            return None
        one, two = document.named_dob, first.named_dob
        if one is not None and two is not None and not same_date(one, two):
            return None
    dob = next((d.named_dob for d in others if d.named_dob is not None), None)
    found = next((item for item in found_in(first) if item.name == first.named_name), None)
    return FoundIdentity(
        names=(first.named_name,), dob=dob, sex=found.sex if found else "", where="several files"
    )


def person_named(library: Library, found: FoundIdentity) -> Person | None:
    """Someone already in the library whom the file names (name and birth date agree)."""
    for person in library.people():
        if same_name(found.name, person.name) is not True:
            continue
        if (
            found.dob is not None
            and person.dob is not None
            and not same_date(found.dob, person.dob)
        ):
            continue
        return person
    return None


def move_all(library: Library, document_ids: Sequence[int], person: Person) -> int:
    """Move documents to ``person``, adding that person first if they are not saved yet."""
    with library.transaction():
        person_id = person.id if person.id is not None else library.add(person)
        for document_id in document_ids:
            move_document(library, document_id, person_id)
    return person_id
