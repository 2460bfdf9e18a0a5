"""The packet's question list: adding questions at its end and moving one up or down."""

from __future__ import annotations

from collections.abc import Sequence

from organizer.core.errors import InvalidInput
from organizer.core.library import Library
from organizer.core.ops.changes import Changes, Outcome, nothing_done, reversible
from organizer.core.records import Packet, Question


def add_questions(library: Library, packet_id: int, texts: Sequence[str]) -> Outcome:
    """Append questions to the packet's list, in order; undo removes them all."""
    if not texts:
        return nothing_done()
    if any(not text.strip() for text in texts):
        raise InvalidInput("A question needs some text.")
    library.get(Packet, packet_id)
    added: list[Question] = []

    def add() -> Changes:
        if not added:
            ids = [library.add_question(packet_id, text) for text in texts]
            added.extend(library.get(Question, i) for i in ids)
        else:
            for question in added:
                library.add(Question(**question.__dict__))
        return Changes.of(Question.TABLE, [q.id for q in added])

    def remove() -> Changes:
        for question in added:
            library.delete(Question, question.id or 0)
        return Changes.of(Question.TABLE, [q.id for q in added])

    return reversible(library, add, remove)


def move_question(library: Library, question_id: int, new_index: int) -> Outcome:
    """Put a question at ``new_index`` in its list; the whole list is numbered afresh."""
    question = library.get(Question, question_id)
    before = {q.id or 0: q.position for q in library.children(Question, question.packet_id)}
    ordered = list(before)
    if not 0 <= new_index < len(ordered) or ordered.index(question_id) == new_index:
        return nothing_done()

    def move() -> Changes:
        library.move_question(question_id, new_index)
        return Changes.of(Question.TABLE, before)

    def put_back() -> Changes:
        library.set_question_positions(before)
        return Changes.of(Question.TABLE, before)

    return reversible(library, move, put_back)
