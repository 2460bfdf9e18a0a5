"""Packets for the checklist tests, built through the core API from real sample files.

Each document is stored in the library's FileStore with a DocumentFile, the way the
importer will store it; imaging studies take their modality and study date from the
DICOM header itself, so a mismatch between file and record cannot hide.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pydicom

from organizer.core.dates import PartialDate
from organizer.core.details import DocumentDetails
from organizer.core.library import Library
from organizer.core.records import (
    Allergy,
    Document,
    Event,
    Medication,
    Packet,
    Person,
    Request,
)
from organizer.core.vocab import Answer, Category, EventKind, PreauthAnswer, RequestStatus
from tests.stored_files import attach_files

SAMPLES = Path(__file__).parent / "data" / "samples"
CT_FILE = SAMPLES / "dicom" / "CT_small.dcm"  # a CT, study date 2004-01-19
MR_FILE = SAMPLES / "dicom" / "MR_small.dcm"  # an MR, study date 2004-08-26
REPORT_PDF = SAMPLES / "pdf" / "google-doc-document.pdf"
NOTE_XML = SAMPLES / "ccda" / "hl7__Progress_Note.xml"
DISCHARGE_XML = SAMPLES / "ccda" / "hl7__Discharge_Summary.xml"
IMAGING_XML = SAMPLES / "ccda" / "hl7__Diagnostic_Imaging_Report.xml"
LAB_JSON = SAMPLES / "fhir" / "hl7ex__Observation-f001.json"
PLAN_PDF = SAMPLES / "pdf" / "002-trivial-libre-office-writer.pdf"
PATHOLOGY_PDF = SAMPLES / "pdf" / "hl7__UD_sample.pdf"
LOCKED_PDF = SAMPLES / "bad" / "pdf_encrypted__r4-aes-user-password.pdf"
SCANNED_PDF = SAMPLES / "pdf" / "imagemagick-CCITTFaxDecode.pdf"


def day(text: str) -> PartialDate:
    return PartialDate.parse(text)


@dataclass
class Built:
    library: Library
    person_id: int
    packet_id: int

    # -- documents from real files -------------------------------------------------------

    def document(
        self,
        path: Path,
        title: str,
        category: Category,
        date: str | None,
        *,
        confirmed: bool = True,
        flags: str = "",
        notes: str = "",
    ) -> int:
        with self.library.transaction():
            document_id = self.library.add_document(
                Document(
                    person_id=self.person_id,
                    title=title,
                    category=category,
                    date=day(date) if date else None,
                    category_confirmed=confirmed,
                    date_confirmed=confirmed,
                    flags=flags,
                    notes=notes,
                    source="test",
                )
            )
            attach_files(self.library, document_id, [path])
        return document_id

    def imaging_study(self, path: Path, *, details_only: bool = False) -> int:
        """An imaging-study document described from its own DICOM header."""
        header = pydicom.dcmread(path, stop_before_pixels=True)
        raw_date = str(header.StudyDate)
        iso = f"{raw_date[:4]}-{raw_date[4:6]}-{raw_date[6:]}"
        details = {
            "study_date": raw_date,
            "modality": str(header.Modality),
            "description": str(header.get("StudyDescription", "")),
            "series_count": 1,
            "image_count": 1,
        }
        with self.library.transaction():
            document_id = self.library.add_document(
                Document(
                    person_id=self.person_id,
                    title=f"{header.Modality} study",
                    category=Category.IMAGING_STUDY,
                    date=None if details_only else day(iso),
                    modality="" if details_only else str(header.Modality),
                    details=DocumentDetails.of(details),
                    category_confirmed=True,
                    date_confirmed=not details_only,
                )
            )
            attach_files(self.library, document_id, [path], media_type="application/dicom")
        return document_id

    # -- the rest through the core API ---------------------------------------------------

    def event(self, date: str, kind: EventKind, title: str, details: str = "") -> int:
        return self.library.add(
            Event(person_id=self.person_id, date=day(date), kind=kind, title=title, details=details)
        )

    def request(
        self,
        item: str,
        status: RequestStatus,
        on: str = "2026-01-05",
        *,
        source: str = "",
        expected_back: bool = False,
    ) -> int:
        return self.library.add(
            Request(
                packet_id=self.packet_id,
                item=item,
                source=source,
                status=status,
                status_date=day(on),
                expected_back=expected_back,
            )
        )

    def packet(self) -> Packet:
        return self.library.get(Packet, self.packet_id)

    def update_packet(self, **values: object) -> None:
        packet = self.packet()
        for name, value in values.items():
            setattr(packet, name, value)
        self.library.update(packet)

    def person(self) -> Person:
        return self.library.get(Person, self.person_id)


def start(library: Library) -> Built:
    person_id = library.add(Person(name="Ana Diaz", dob=day("1961-04-09")))
    packet_id = library.add_packet(Packet(person_id=person_id, title="Lung nodule"))
    return Built(library, person_id, packet_id)


def complete(library: Library) -> Built:
    """Everything a specialist needs: the packet the other cases start from."""
    built = start(library)
    library = built.library
    built.update_packet(
        question="Is surgery the right next step for the nodule?",
        first_diagnosis="Adenocarcinoma of the right lung",
        first_plan="Right upper lobectomy",
        first_doctor="Dr. Lee",
        provider_name="Dr. Okafor",
        provider_institution="University Thoracic Centre",
        appointment="2026-03-02 10:30",
        insurance_covered=Answer.YES,
        in_network=Answer.YES,
        preauthorization=PreauthAnswer.NOT_NEEDED,
    )
    for text in (
        "Do you agree with the diagnosis?",
        "What are all the treatment options?",
        "What would you recommend, and why?",
    ):
        library.add_question(built.packet_id, text)
    library.add(
        Medication(
            person_id=built.person_id, name="Metformin", dose="500 mg", frequency="twice a day"
        )
    )
    library.add(Allergy(person_id=built.person_id, substance="Penicillin", reaction="hives"))
    built.event("2003-11", EventKind.SYMPTOM, "Cough that would not go away")
    built.event("2004-01-19", EventKind.TEST, "CT chest")
    built.event("2004-02-03", EventKind.PROCEDURE, "CT-guided lung biopsy")
    built.event("2004-02-10", EventKind.DIAGNOSIS, "Adenocarcinoma, right upper lobe")
    built.event("2004-02-20", EventKind.TREATMENT, "Started inhaler")
    built.document(
        REPORT_PDF, "CT chest with contrast report", Category.IMAGING_REPORT, "2004-01-21"
    )
    built.imaging_study(CT_FILE)
    built.document(PATHOLOGY_PDF, "Lung biopsy pathology", Category.PATHOLOGY_REPORT, "2004-02-09")
    built.document(LAB_JSON, "Blood glucose", Category.LAB_RESULT, "2004-01-10")
    built.document(NOTE_XML, "Pulmonology visit note", Category.CLINICAL_NOTE, "2004-02-12")
    built.request(
        "Pathology slides, right lung biopsy",
        RequestStatus.SENT,
        "2026-02-01",
        source="City Pathology Lab",
    )
    return built
