"""Whose documents are whose: one operation wraps each identity change with its undo.

The change itself (confirm a document as the person's, move documents to someone, save a
person and judge their documents again) lives in organizer.core.identity; undo puts back
the people and documents as they were, and forgets anyone the change added.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence

from organizer.core.identity import documents as identity
from organizer.core.identity.changes import Snapshot, move_all, put_back, take_snapshot
from organizer.core.library import Library
from organizer.core.ops.changes import Changes, Outcome, reversible
from organizer.core.records import Document, Person


def identity_change(
    library: Library, person_ids: Sequence[int], change: Callable[[Library], object]
) -> Outcome:
    """Run ``change`` for these people's documents; undo restores them all."""
    ids = list(person_ids)
    kept: list[Snapshot] = []
    touched = Changes.of(Person.TABLE, ids) | Changes.of(Document.TABLE, [])

    def forward() -> Changes:
        kept[:] = [take_snapshot(library, ids)]
        change(library)
        return touched

    def backward() -> Changes:
        put_back(library, kept[0])
        return touched

    return reversible(library, forward, backward)


def edit_person(library: Library, after: Person) -> Outcome:
    """Save a person's details and judge their documents again for the name as now given
    (a new other name or a corrected birth date can clear a warning, or raise one)."""
    if after.id is None:
        raise ValueError("cannot update a person who was never added")
    saved = copy.deepcopy(after)

    def step(library: Library) -> None:
        library.update(copy.deepcopy(saved))
        identity.rejudge_person(library, after.id or 0)

    return identity_change(library, [after.id], step)


def confirm_same_person(library: Library, document_id: int, add_name: bool = False) -> Outcome:
    """ "This is the person": the document is theirs although the file names someone else;
    with ``add_name`` the file's name joins their other names. Undo takes both back."""
    owner = library.get(Document, document_id).person_id
    return identity_change(
        library,
        [owner],
        lambda library: identity.confirm_same_person(library, document_id, add_name=add_name),
    )


def add_other_names(library: Library, person_id: int, names: Sequence[str]) -> Outcome:
    """Add names the person's records may carry and judge their documents again."""

    def step(library: Library) -> None:
        for name in names:
            identity.add_other_name(library, person_id, name)

    return identity_change(library, [person_id], step)


def move_documents(library: Library, document_ids: Sequence[int], person: Person) -> Outcome:
    """File documents under ``person`` (added by the same step if not saved yet); their
    files and history go with them. Undo puts them back and forgets a person it added."""
    ids = list(document_ids)
    owners = {library.get(Document, i).person_id for i in ids}
    if person.id is not None:
        library.get(Person, person.id)
        owners.add(person.id)
    template = copy.deepcopy(person)
    return identity_change(
        library, sorted(owners), lambda library: move_all(library, ids, copy.deepcopy(template))
    )
