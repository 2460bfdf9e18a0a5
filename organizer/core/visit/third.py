"""Asking for a third opinion: a new packet for the same person, already filled in.

It carries the question, the first opinion (as the packet's first opinion), a link to the
packet it follows (which holds the second opinion), the same included documents plus
those received after the second visit, and questions about where the two opinions differ.
"""

from __future__ import annotations

from dataclasses import dataclass

from organizer.core.dates import PartialDate
from organizer.core.library import Library
from organizer.core.records import Packet
from organizer.core.visit.compare import first_opinion
from organizer.core.visit.model import Opinion, Visit
from organizer.core.visit.store import (
    follows,
    load_visit,
    received_documents,
    save_visit,
    set_follows,
)

DISCREPANCY_QUESTIONS: tuple[str, ...] = (
    "The first two doctors see my case differently. Which view is closer to yours, and why?",
    "What in my records leads you to your view, and what leads the others to theirs?",
    "Is there a test or a second look at the images or slides that would settle the difference?",
    "Would it help to discuss my case at a tumour board or case conference?",
    "If we wait while the difference is settled, what are the risks?",
)


@dataclass(frozen=True)
class EarlierOpinions:
    """The opinions a third-opinion packet builds on, read from the packet it follows."""

    follows_packet_id: int
    first: Opinion
    second: Opinion
    letters: tuple[int, ...]
    """Documents received after the second visit (the second specialist's letter)."""


def ask_for_third_opinion(library: Library, packet_id: int) -> int:
    """Make the third-opinion packet in one transaction; return its id."""
    earlier = library.get(Packet, packet_id)
    visit = load_visit(library, packet_id)
    letters = {doc.id for doc in received_documents(library, packet_id) if doc.id}
    question = earlier.question.strip() or "What is the right diagnosis and plan for me?"
    packet = Packet(
        person_id=earlier.person_id,
        title=f"{earlier.title} (third opinion)",
        question=question,
        first_diagnosis=earlier.first_diagnosis,
        first_plan=earlier.first_plan,
        first_doctor=earlier.first_doctor,
        insurance_notes="The first two opinions differ: Medicare Part B generally covers a "
        "third opinion in that case; other plans vary.",
    )
    with library.transaction():
        new_id = library.add_packet(packet)
        set_follows(library, new_id, packet_id)
        _copy_exclusions(library, packet_id, new_id, letters)
        _copy_first_date(library, visit.first_date, new_id)
        for text in DISCREPANCY_QUESTIONS:
            library.add_question(new_id, text)
    return new_id


def earlier_opinions(library: Library, packet_id: int) -> EarlierOpinions | None:
    """Both earlier opinions for a third-opinion packet; None for any other packet."""
    earlier_id = follows(library, packet_id)
    if earlier_id is None:
        return None
    earlier = library.get(Packet, earlier_id)
    visit = load_visit(library, earlier_id)
    letters = tuple(doc.id for doc in received_documents(library, earlier_id) if doc.id)
    return EarlierOpinions(earlier_id, first_opinion(earlier, visit), visit.second, letters)


def _copy_exclusions(library: Library, source: int, target: int, keep: set[int]) -> None:
    """What the earlier packet left out stays out, except the letters received since."""
    library._execute(
        "INSERT INTO packet_excluded_documents (packet_id, document_id) "
        "SELECT ?, document_id FROM packet_excluded_documents WHERE packet_id = ?",
        (target, source),
    )
    for document_id in keep:
        library.set_document_included(target, document_id, True)
    library._execute(
        "INSERT INTO packet_excluded_events (packet_id, event_id) "
        "SELECT ?, event_id FROM packet_excluded_events WHERE packet_id = ?",
        (target, source),
    )


def _copy_first_date(library: Library, first_date: PartialDate | None, target: int) -> None:
    if first_date is not None:
        save_visit(library, Visit(packet_id=target, first_date=first_date))
