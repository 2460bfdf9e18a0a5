"""After the visit: saving what was said, and starting a third-opinion packet, both undoable."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from organizer.core.library import Captured, Library
from organizer.core.ops.changes import Changes, Outcome, reversible
from organizer.core.records import Packet, Question, Request
from organizer.core.visit.store import VISIT_TABLES, VisitState, read_state, write_state
from organizer.core.visit.third import ask_for_third_opinion


def save_visit_state(library: Library, after: VisitState) -> Outcome:
    """Save the visit, the first opinion, answers, letters and due-back dates as one step."""
    packet_id = after.visit.packet_id
    before = read_state(library, packet_id)
    changes = Changes.of(Packet.TABLE, [packet_id])
    for table in VISIT_TABLES:
        changes = changes | Changes.of(table, [packet_id])
    changes = changes | Changes.of(Question.TABLE, set(before.answers) | set(after.answers))
    changes = changes | Changes.of(Request.TABLE, set(before.due_back) | set(after.due_back))
    kept_after = copy.deepcopy(after)

    def write(state: VisitState) -> Changes:
        write_state(library, copy.deepcopy(state))
        return changes

    return reversible(library, lambda: write(kept_after), lambda: write(before))


@dataclass
class _Made:
    packet_id: int | None = None
    captured: Captured | None = None


def start_third_opinion(library: Library, packet_id: int) -> tuple[int, Outcome]:
    """Make the third-opinion packet; undo deletes it, redo brings it back with its ids."""
    made = _Made()

    def changes() -> Changes:
        assert made.packet_id is not None
        questions = [q.id for q in library.children(Question, made.packet_id)]
        return Changes.of(Packet.TABLE, [made.packet_id]) | Changes.of(Question.TABLE, questions)

    def make() -> Changes:
        if made.captured is None:
            made.packet_id = ask_for_third_opinion(library, packet_id)
        else:
            library.restore(made.captured)
        return changes()

    def remove() -> Changes:
        assert made.packet_id is not None
        touched = changes()
        made.captured = library.capture(Packet, made.packet_id)
        library.delete(Packet, made.packet_id)
        return touched

    outcome = reversible(library, make, remove)
    assert made.packet_id is not None
    return made.packet_id, outcome
