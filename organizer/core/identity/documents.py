"""Identity on documents: remembered at import, judged against the person, confirmed, moved.

What a file says is kept in the document's details (``identity_found``), so the verdict
can be made again whenever the person changes: a document moved to someone else, or a
name added to the person's other names, is judged afresh without reading the file again.
"""

from __future__ import annotations

from collections.abc import Sequence

from organizer.core.errors import InvalidInput
from organizer.core.identity.compare import assess
from organizer.core.identity.found import FoundIdentity, distinct
from organizer.core.identity.names import natural_order
from organizer.core.library import Library
from organizer.core.records import Document, Person
from organizer.core.vocab import Identity, Sex

FOUND = "identity_found"


def remember_found(document: Document, found: Sequence[FoundIdentity]) -> None:
    """Add what a file says about its patient to the document's details (not yet judged)."""
    kept = distinct([*found_in(document), *found])
    # [] too: the file has been read
    document.details = document.details.with_values(**{FOUND: [item.to_json() for item in kept]})


def was_read(document: Document) -> bool:
    """Has the file been read for its patient? (Not documents imported before version 6.)"""
    return document.details.identity_found is not None


def found_in(document: Document) -> tuple[FoundIdentity, ...]:
    stored = document.details.identity_found or ()
    return tuple(item for item in map(FoundIdentity.from_json, stored) if item is not None)


def judge_document(document: Document, person: Person) -> None:
    """Set the document's verdict for this person (a confirmation does not carry over)."""
    verdict = assess(person, found_in(document))
    document.identity = verdict.identity
    document.identity_confirmed = False
    document.named_name = verdict.named.name if verdict.named else ""
    document.named_dob = verdict.named.dob if verdict.named else None


def names_someone_else(document: Document) -> bool:
    """A document to warn about: it names another person and no one said it is theirs."""
    return document.identity is Identity.MISMATCH and not document.identity_confirmed


def effective_identity(document: Document) -> Identity:
    """The verdict as the person sees it: a confirmed document is a match."""
    return Identity.MATCH if document.identity_confirmed else document.identity


def named_description(document: Document) -> str:
    """ "Jeremy Bates, born 1961-04-09": what the file says about its patient."""
    return FoundIdentity(
        names=(document.named_name,) if document.named_name else (), dob=document.named_dob
    ).describe()


def named_person_json(document: Document) -> dict[str, str | None] | None:
    if not document.named_name and document.named_dob is None:
        return None
    return {
        "name": document.named_name or None,
        "dob": document.named_dob.to_storage() if document.named_dob else None,
    }


# -- changes the person makes ----------------------------------------------------------------


def confirm_same_person(library: Library, document_id: int, add_name: bool = False) -> None:
    """ "This is the person": the file is theirs (another name or a typo).

    With ``add_name`` the name the file gives joins the person's other names, which also
    clears every other document of theirs that names them the same way.
    """
    document = library.get(Document, document_id)
    with library.transaction():
        if add_name and document.named_name:
            add_other_name(library, document.person_id, document.named_name)
            document = library.get(Document, document_id)
        if document.identity is Identity.MISMATCH:
            document.identity_confirmed = True
            library.update(document)


def add_other_name(library: Library, person_id: int, name: str) -> None:
    """Add a name the person's records may carry, then judge their documents again."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InvalidInput("An other name needs some text.")
    person = library.get(Person, person_id)
    with library.transaction():
        if cleaned.casefold() not in {other.casefold() for other in person.other_names}:
            person.other_names = (*person.other_names, cleaned)
            library.update(person)
        rejudge_person(library, person_id)


def rejudge_person(library: Library, person_id: int) -> int:
    """Judge every document of the person again (after their name, birth date or other
    names changed); confirmations stay. Returns how many verdicts changed."""
    person = library.get(Person, person_id)
    changed = 0
    with library.transaction():
        for document in library.children(Document, person_id):
            before = (document.identity, document.named_name, document.named_dob)
            confirmed = document.identity_confirmed
            judge_document(document, person)
            document.identity_confirmed = confirmed and document.identity is Identity.MISMATCH
            if (document.identity, document.named_name, document.named_dob) != before:
                library.update(document)
                changed += 1
    return changed


def move_document(library: Library, document_id: int, person_id: int) -> None:
    """File a document under another person: the same document, files, links and history;
    only its owner changes, and it is judged again for the new person."""
    document = library.get(Document, document_id)
    person = library.get(Person, person_id)
    if document.person_id == person_id:
        return
    with library.transaction():
        document.person_id = person_id
        judge_document(document, person)
        library.update(document)


_SEXES = {"f": Sex.FEMALE, "female": Sex.FEMALE, "m": Sex.MALE, "male": Sex.MALE}


def person_from_file(document: Document) -> Person:
    """A new person as the file names them (to move the document to), not yet saved."""
    found = next((item for item in found_in(document) if item.name), None)
    name = document.named_name or (found.name if found else "")
    if not name:
        raise InvalidInput("The file does not give a name to make a new person from.")
    sex = _SEXES.get((found.sex if found else "").strip().lower())
    return Person(name=natural_order(name), dob=document.named_dob, sex=sex)
