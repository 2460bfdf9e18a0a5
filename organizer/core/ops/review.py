"""The review list as operations: accept or dismiss a batch of proposals, edit one first.

The GUI's Accept, Dismiss and Edit, the CLI's ``proposals accept|dismiss`` and the tests
call these. One undo takes a whole batch back (every item accepted at once comes out of
the record again); redo decides the same items again, as a new review batch.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum

from organizer.core.clinical.review import (
    Batch,
    Proposal,
    accept,
    dismiss,
    edit,
    put_words,
    stored_proposal,
    undo_batch,
)
from organizer.core.library import Library
from organizer.core.ops.changes import NOTHING, Changes, Outcome, reversible

PROPOSALS = "proposals"
REVIEW_BATCHES = "review_batches"


class Decision(StrEnum):
    ACCEPT = "accept"
    DISMISS = "dismiss"


def decide_proposals(
    library: Library, person_id: int, ids: Sequence[int] | None, decision: Decision
) -> Outcome:
    """Accept (into the record) or dismiss pending proposals as one review batch.

    ``ids`` None means every pending item. The changes name the batch (``review_batches``),
    the proposals decided and the records written; ``decided`` reads them back.
    """
    decide = accept if decision is Decision.ACCEPT else dismiss
    chosen: list[int] | None = None if ids is None else list(ids)
    last: list[Batch] = []

    def forward() -> Changes:
        nonlocal chosen
        batch = decide(library, person_id, chosen)
        chosen = [row_id for table, row_id in batch.written if table == PROPOSALS]
        last[:] = [batch]
        return _changes(batch)

    def backward() -> Changes:
        return _changes(undo_batch(library, last[0].id))

    return reversible(library, forward, backward)


def decided(changes: Changes) -> tuple[int, int]:
    """The review batch an accept or dismiss (or its redo) made, and how many items it decided."""
    (batch_id,) = changes.ids(REVIEW_BATCHES)
    return batch_id, len(changes.ids(PROPOSALS))


def _changes(batch: Batch) -> Changes:
    # proposals is named even when none were decided ("accept --all" of an empty list)
    touched = Changes.of(REVIEW_BATCHES, [batch.id]) | Changes.of(PROPOSALS, [])
    for table, row_id in batch.written:
        touched |= Changes.of(table, [row_id])
    return touched


def edit_proposal(library: Library, proposal_id: int, words: Mapping[str, str]) -> Outcome:
    """Change a pending item's words before accepting it; undo puts the file's words back.

    Changing nothing (the same words again) is no operation: there is nothing to undo.
    """
    before = stored_proposal(library, proposal_id)
    after: list[Proposal] = []

    def change() -> Changes:
        if not after:
            after.append(edit(library, proposal_id, dict(words)))
            if after[0].data == before.data:  # keep the file's own summary too
                put_words(library, before)
                return NOTHING
        else:
            put_words(library, after[0])
        return Changes.of(PROPOSALS, [proposal_id])

    def put_back() -> Changes:
        put_words(library, before)
        return Changes.of(PROPOSALS, [proposal_id])

    return reversible(library, change, put_back)
