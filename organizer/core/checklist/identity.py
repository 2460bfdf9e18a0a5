"""The rule that every document in the packet is about this person, not someone else."""

from __future__ import annotations

from organizer.core.checklist import fixes
from organizer.core.checklist.facts import PacketFacts
from organizer.core.checklist.finding import Finding, met, unmet
from organizer.core.checklist.labels import count, document_label
from organizer.core.identity.documents import named_description

SHOWN = 3


def check_documents_belong(facts: PacketFacts) -> Finding:
    others = [d for d in facts.other_peoples if d.id is not None]
    if not others:
        return met("No document in the packet names another person.")
    person = facts.person.name
    shown = [f"“{document_label(d)}” ({named_description(d)})" for d in others[:SHOWN]]
    more = len(others) - len(shown)
    listing = "; ".join(shown) + (f"; and {more} more" if more > 0 else "")
    return unmet(
        f"{count(len(others), 'document names', 'documents name')} another person, not "
        f"{person}: {listing}. Open each one and say whether it is {person}'s record "
        "(another name or a typo), move it to the person it belongs to, or leave it out "
        "of the packet. Until then no other check counts it.",
        fixes.open_document(others[0].id),
        refs=tuple(("document", d.id) for d in others if d.id is not None),
    )
