"""Whose documents are whose: one operation wraps each identity change with its undo.

The change itself (confirm a document as the person's, move documents to someone, save a
person and judge their documents again) lives in organizer.core.identity; undo puts back
the people and documents as they were, and forgets anyone the change added.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence

from organizer.core.identity.changes import Snapshot, put_back, take_snapshot
from organizer.core.identity.documents import rejudge_person
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
        rejudge_person(library, after.id or 0)

    return identity_change(library, [after.id], step)
