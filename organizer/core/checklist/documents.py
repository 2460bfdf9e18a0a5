"""Rules satisfied by having a kind of document: labs, the first doctor's note, the plan."""

from __future__ import annotations

from organizer.core.checklist import fixes
from organizer.core.checklist.facts import PacketFacts
from organizer.core.checklist.finding import Finding, met, unmet
from organizer.core.checklist.labels import count, document_label
from organizer.core.records import Document
from organizer.core.vocab import Category


def _of(facts: PacketFacts, *categories: Category) -> list[Document]:
    return [d for d in facts.documents if d.category in categories and d.id is not None]


def _found(documents: list[Document], what: str, plural: str) -> Finding:
    return met(
        f"{count(len(documents), what, plural)} in the packet.",
        satisfied_by=tuple(document_label(d) for d in documents),
        refs=tuple(("document", d.id) for d in documents if d.id is not None),
    )


def check_labs(facts: PacketFacts) -> Finding:
    labs = _of(facts, Category.LAB_RESULT)
    if labs:
        return _found(labs, "lab result", "lab results")
    return unmet(
        "There is no lab result in the packet. Import lab reports, or mark this rule not "
        "applicable if no lab tests were done.",
        fixes.import_document(Category.LAB_RESULT.value),
    )


def check_first_opinion_note(facts: PacketFacts) -> Finding:
    notes = _of(facts, Category.CLINICAL_NOTE, Category.DISCHARGE_SUMMARY)
    if notes:
        return _found(notes, "clinical note or discharge summary", "clinical notes and summaries")
    explanation = "There is no clinical note or discharge summary from the first doctor."
    if facts.packet.first_diagnosis.strip():
        explanation += (
            " The diagnosis is written on the packet, but the specialist also needs the "
            "doctor's own note."
        )
    else:
        explanation += " Import the visit note that gives the diagnosis and the plan."
    return unmet(explanation, fixes.import_document(Category.CLINICAL_NOTE.value))


def check_treatment_plan(facts: PacketFacts) -> Finding:
    plans = _of(facts, Category.TREATMENT_PLAN)
    packet_plan = facts.packet.first_plan.strip()
    if plans or packet_plan:
        labels = tuple(document_label(d) for d in plans)
        refs = tuple(("document", d.id) for d in plans if d.id is not None)
        if packet_plan:
            labels += (f"Plan on the packet: {packet_plan}",)
            refs += (("packet", facts.packet.id or 0),)
        where = "in a treatment plan document" if plans else "on the packet"
        return met(f"The proposed plan is recorded {where}.", satisfied_by=labels, refs=refs)
    return unmet(
        "The proposed treatment is not recorded. Import the treatment plan, or write the "
        "first doctor's plan on the packet.",
        fixes.edit_packet("first-plan"),
    )
