"""A small but complete set of records, added through the core API, for GUI tests."""

from __future__ import annotations

from organizer.core.dates import PartialDate
from organizer.core.library import Library
from organizer.core.records import Allergy, Event, Medication, Packet, Person, Request
from organizer.core.vocab import AllergyCategory, EventKind, RequestStatus, Severity


def fill_sample(library: Library) -> tuple[int, int]:
    person_id = library.add(Person(name="Ana Diaz", dob=PartialDate(1961, 4, 9)))
    for date, kind, title in (
        ("about 2015", EventKind.SYMPTOM, "Cough that would not go away"),
        ("March 2026", EventKind.TEST, "CT scan of the chest"),
        ("14 April 2026", EventKind.DIAGNOSIS, "Lung nodule found"),
    ):
        library.add(
            Event(person_id=person_id, date=PartialDate.parse(date), kind=kind, title=title)
        )
    library.add(
        Medication(person_id=person_id, name="Metformin", dose="500 mg", frequency="twice a day")
    )
    library.add(Medication(person_id=person_id, name="Aspirin", dose="81 mg", current=False))
    library.add(
        Allergy(
            person_id=person_id,
            substance="Penicillin",
            category=AllergyCategory.DRUG,
            reaction="Hives",
            severity=Severity.MODERATE,
        )
    )
    packet_id = library.add_packet(
        Packet(person_id=person_id, title="Lung nodule second opinion", question="Biopsy now?")
    )
    library.add_question(packet_id, "Do you agree with the diagnosis?")
    library.add_question(packet_id, "What are all the options?")
    library.add(
        Request(
            packet_id=packet_id,
            item="imaging CD",
            source="City Hospital radiology",
            status=RequestStatus.REQUESTED,
        )
    )
    return person_id, packet_id
