"""Reading and writing what happened at and after the visit (the only SQL for it)."""

from __future__ import annotations

from dataclasses import dataclass

from organizer.core.dates import PartialDate, parse_optional
from organizer.core.errors import InvalidInput
from organizer.core.library import Library
from organizer.core.records import Document, Packet, Question, Request
from organizer.core.visit.model import Mark, Outcome, Part, Visit

VISIT_TABLES = ("visits", "visit_marks", "visit_documents", "request_due_back")
"""The tables this package writes (besides packets, questions and requests)."""

_TEXT = ("diagnosis", "plan", "reasoning", "doctor", "decision")
_DATES = ("date", "first_date", "follow_up_on", "followed_up_on")


def load_visit(library: Library, packet_id: int) -> Visit:
    """The packet's visit; an empty one when nothing is written down yet."""
    library.get(Packet, packet_id)
    visit = Visit(packet_id=packet_id)
    row = library._execute("SELECT * FROM visits WHERE packet_id = ?", (packet_id,)).fetchone()
    if row is not None:
        for name in _TEXT:
            setattr(visit, name, row[name])
        for name in _DATES:
            setattr(visit, name, parse_optional(row[name]))
        visit.outcome = Outcome(row["outcome"]) if row["outcome"] else None
    marks = library._execute(
        "SELECT part, mark FROM visit_marks WHERE packet_id = ?", (packet_id,)
    ).fetchall()
    visit.marks = {Part(part): Mark(mark) for part, mark in marks}
    return visit


def save_visit(library: Library, visit: Visit) -> None:
    """Write the whole visit (and its marks) in one transaction."""
    library.get(Packet, visit.packet_id)
    row: dict[str, object] = {name: getattr(visit, name).strip() for name in _TEXT}
    for name in _DATES:
        value: PartialDate | None = getattr(visit, name)
        row[name] = value.to_storage() if value is not None else None
    row["outcome"] = visit.outcome.value if visit.outcome is not None else ""
    row["packet_id"] = visit.packet_id
    names = ", ".join(row)
    marks = ", ".join(f":{name}" for name in row)
    with library.transaction():
        library._execute(f"INSERT OR REPLACE INTO visits ({names}) VALUES ({marks})", row)
        library._execute("DELETE FROM visit_marks WHERE packet_id = ?", (visit.packet_id,))
        for part, mark in visit.marks.items():
            library._execute(
                "INSERT INTO visit_marks (packet_id, part, mark) VALUES (?, ?, ?)",
                (visit.packet_id, part.value, mark.value),
            )


def visit_summary(library: Library, packet_id: int) -> dict[str, str | None] | None:
    """``{"date": ..., "outcome": ...}`` for lists, or None when no visit is recorded."""
    visit = load_visit(library, packet_id)
    if not visit.is_recorded():
        return None
    return {
        "date": visit.date.to_storage() if visit.date else None,
        "outcome": visit.outcome.value if visit.outcome else None,
    }


# -- answers ------------------------------------------------------------------------------


def set_answer(library: Library, question_id: int, text: str) -> None:
    """Write down what the specialist answered (an empty text clears it)."""
    question = library.get(Question, question_id)
    question.answer = text.strip()
    library.update(question)


# -- documents received afterwards --------------------------------------------------------


def link_document(library: Library, packet_id: int, document_id: int, linked: bool = True) -> None:
    """Link a document received after the visit (the specialist's letter) to the packet."""
    packet = library.get(Packet, packet_id)
    document = library.get(Document, document_id)
    if document.person_id != packet.person_id:
        raise InvalidInput(
            f'"{document.title}" belongs to another person than the packet "{packet.title}".'
        )
    with library.transaction():
        if linked:
            library._execute(
                "INSERT OR IGNORE INTO visit_documents (packet_id, document_id) VALUES (?, ?)",
                (packet_id, document_id),
            )
        else:
            library._execute(
                "DELETE FROM visit_documents WHERE packet_id = ? AND document_id = ?",
                (packet_id, document_id),
            )


def received_documents(library: Library, packet_id: int) -> list[Document]:
    """Documents received after the visit, not in the trash, in date order."""
    return library._select(
        Document,
        "trashed_at IS NULL AND id IN (SELECT document_id FROM visit_documents "
        "WHERE packet_id = ?)",
        (packet_id,),
    )


# -- lent items due back ------------------------------------------------------------------


def set_due_back(library: Library, request_id: int, due: PartialDate | None) -> None:
    """When a lent item (slides, a CD) is due back; None forgets the date."""
    request = library.get(Request, request_id)
    with library.transaction():
        if due is None:
            library._execute("DELETE FROM request_due_back WHERE request_id = ?", (request_id,))
            return
        if not request.expected_back:
            request.expected_back = True
            library.update(request)
        library._execute(
            "INSERT OR REPLACE INTO request_due_back (request_id, due_on) VALUES (?, ?)",
            (request_id, due.to_storage()),
        )


def due_back_dates(library: Library, packet_id: int) -> dict[int, PartialDate]:
    """Request id -> the day its item is due back, for the packet's requests."""
    rows = library._execute(
        "SELECT d.request_id, d.due_on FROM request_due_back d "
        "JOIN requests r ON r.id = d.request_id WHERE r.packet_id = ?",
        (packet_id,),
    )
    return {row[0]: PartialDate.parse(row[1]) for row in rows}


# -- the chain of opinions ----------------------------------------------------------------


def set_follows(library: Library, packet_id: int, earlier_packet_id: int) -> None:
    with library.transaction():
        library._execute(
            "INSERT OR REPLACE INTO opinion_chain (packet_id, follows_packet_id) VALUES (?, ?)",
            (packet_id, earlier_packet_id),
        )


def follows(library: Library, packet_id: int) -> int | None:
    """The packet this one follows (a third opinion follows the second), if any."""
    row = library._execute(
        "SELECT follows_packet_id FROM opinion_chain WHERE packet_id = ?", (packet_id,)
    ).fetchone()
    return None if row is None else row[0]


# -- the whole page at once ---------------------------------------------------------------


@dataclass
class VisitState:
    """Everything the Visit page edits, so one save (and its undo) is one operation."""

    visit: Visit
    first_diagnosis: str
    first_plan: str
    first_doctor: str
    answers: dict[int, str]
    due_back: dict[int, PartialDate | None]
    letters: list[int]
    """Documents received after the visit, linked to the packet."""


def read_state(library: Library, packet_id: int) -> VisitState:
    packet = library.get(Packet, packet_id)
    dates = due_back_dates(library, packet_id)
    lent = [r for r in library.children(Request, packet_id) if r.expected_back and r.id]
    return VisitState(
        visit=load_visit(library, packet_id),
        first_diagnosis=packet.first_diagnosis,
        first_plan=packet.first_plan,
        first_doctor=packet.first_doctor,
        answers={q.id: q.answer for q in library.children(Question, packet_id) if q.id},
        due_back={r.id: dates.get(r.id) for r in lent if r.id},
        letters=[d.id for d in received_documents(library, packet_id) if d.id],
    )


def write_state(library: Library, state: VisitState) -> None:
    """Save the visit, the first opinion, the answers and due-back dates together."""
    with library.transaction():
        packet = library.get(Packet, state.visit.packet_id)
        packet.first_diagnosis = state.first_diagnosis.strip()
        packet.first_plan = state.first_plan.strip()
        packet.first_doctor = state.first_doctor.strip()
        library.update(packet)
        save_visit(library, state.visit)
        for question_id, answer in state.answers.items():
            if library.exists(Question, question_id):
                set_answer(library, question_id, answer)
        for request_id, due in state.due_back.items():
            if library.exists(Request, request_id):
                set_due_back(library, request_id, due)
        linked = {d.id for d in received_documents(library, packet.id or 0)}
        for document_id in linked - set(state.letters):
            if document_id is not None:
                link_document(library, state.visit.packet_id, document_id, linked=False)
        for document_id in set(state.letters) - linked:
            if library.exists(Document, document_id):
                link_document(library, state.visit.packet_id, document_id)
