"""A real library with a packet whose second-opinion visit has happened."""

from __future__ import annotations

from dataclasses import dataclass

from organizer.core.dates import PartialDate
from organizer.core.library import Library
from organizer.core.records import Packet, Person
from organizer.core.visit.model import Mark, Outcome, Part, Visit
from organizer.core.visit.store import link_document, save_visit, set_answer
from organizer.core.vocab import Category
from tests.export_support import SAMPLES, add_document


@dataclass
class Case:
    person_id: int
    packet_id: int
    note_id: int
    left_out_id: int
    letter_id: int
    question_ids: list[int]


def build_case(library: Library, *, visit: bool = True) -> Case:
    person_id = library.add(Person(name="Zoë Ødegård", dob=PartialDate.parse("1961-04-09")))
    packet_id = library.add_packet(
        Packet(
            person_id=person_id,
            title="Lung nodule",
            question="Is surgery needed now?",
            first_diagnosis="Early lung cancer",
            first_plan="Lobectomy",
            first_doctor="Dr Smith",
            created_at="2026-09-01T09:00:00+00:00",
        )
    )
    pdf = SAMPLES / "pdf" / "google-doc-document.pdf"
    note_id = add_document(
        library, person_id, "Visit note, Dr Smith", Category.CLINICAL_NOTE, "2026-08-20", [pdf]
    )
    left_out_id = add_document(
        library, person_id, "Old knee X-ray report", Category.IMAGING_REPORT, "2015", [pdf]
    )
    library.set_document_included(packet_id, left_out_id, False)
    questions = [
        library.add_question(packet_id, "Do you agree with the diagnosis?"),
        library.add_question(packet_id, "What would you do in my place?"),
    ]
    letter_id = add_document(
        library,
        person_id,
        "Letter from Dr Jones",
        Category.LETTER,
        "2026-11-25",
        [SAMPLES / "pdf" / "002-trivial-libre-office-writer.pdf"],
    )
    # the letter arrived after the visit: packets made before it must not carry it
    library.set_document_included(packet_id, letter_id, False)
    if visit:
        save_visit(
            library,
            Visit(
                packet_id=packet_id,
                date=PartialDate.parse("2026-11-20"),
                diagnosis="Probably a benign granuloma",
                plan="CT again in three months",
                reasoning="The nodule has calcium in it, which is usually benign.",
                doctor="Dr Jones",
                outcome=Outcome.DIFFERENT,
                decision="Wait for the CT in February.",
                first_date=PartialDate.parse("2026-08-20"),
                marks={Part.DIAGNOSIS: Mark.DIFFERS, Part.PLAN: Mark.DIFFERS},
            ),
        )
        set_answer(library, questions[0], "No: more likely benign than cancer.")
        link_document(library, packet_id, letter_id)
    return Case(person_id, packet_id, note_id, left_out_id, letter_id, questions)
