"""Builds a real library for the export tests: real sample files, through the core API."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from organizer.core.dates import PartialDate
from organizer.core.details import DocumentDetails
from organizer.core.library import Library
from organizer.core.records import (
    PASSWORD_PROTECTED,
    Allergy,
    Document,
    Event,
    Medication,
    Packet,
    Person,
    Request,
)
from organizer.core.vocab import Category, EventKind, RequestStatus, Severity
from tests.stored_files import attach_files

SAMPLES = Path(__file__).parent / "data" / "samples"


@dataclass
class Built:
    person_id: int
    packet_id: int
    documents: dict[str, int] = field(default_factory=dict)


def add_document(
    library: Library,
    person_id: int,
    title: str,
    category: Category,
    date: str | None,
    files: list[Path],
    *,
    relative_to: Path | None = None,
    flags: str = "",
    details: dict[str, object] | None = None,
    modality: str = "",
    body_part: str = "",
) -> int:
    doc_id = library.add_document(
        Document(
            person_id=person_id,
            title=title,
            category=category,
            date=PartialDate.parse(date) if date else None,
            flags=flags,
            details=DocumentDetails.of(details or {}),
            modality=modality,
            body_part=body_part,
        )
    )
    attach_files(library, doc_id, files, relative_to=relative_to)
    return doc_id


def build_packet(library: Library, name: str = "Zoë Ødegård") -> Built:
    person_id = library.add(
        Person(
            name=name,
            dob=PartialDate(1961, 4, 9),
            contact="zoe@example.org",
            insurance_plan="Nordic Mutual",
            insurance_member_id="NM-5521",
        )
    )
    packet_id = library.add_packet(
        Packet(
            person_id=person_id,
            title="Second opinion on lung nodule",
            question="Is surgery needed now, or is watching the nodule safe?",
            first_diagnosis="Right upper lobe nodule, probably malignant",
            first_plan="Lobectomy in December",
            first_doctor="Dr Hansen, City Hospital",
            provider_name="Dr Ito",
            provider_institution="University Thoracic Centre",
            appointment="2026-12-03 14:30",
        )
    )
    built = Built(person_id, packet_id)
    pdf, img = SAMPLES / "pdf", SAMPLES / "images"
    docs = built.documents
    docs["note"] = add_document(
        library,
        person_id,
        "Clinic letter Dr Hansen",
        Category.CLINICAL_NOTE,
        "2026-01-12",
        [pdf / "google-doc-document.pdf"],
    )
    docs["plan"] = add_document(
        library,
        person_id,
        "Proposed surgery",
        Category.TREATMENT_PLAN,
        "2026-02-01",
        [pdf / "002-trivial-libre-office-writer.pdf"],
    )
    docs["pathology"] = add_document(
        library,
        person_id,
        "Biopsy report",
        Category.PATHOLOGY_REPORT,
        "2026-01-20",
        [pdf / "crazyones-pdfa.pdf"],
    )
    docs["ct_report"] = add_document(
        library,
        person_id,
        "CT chest",
        Category.IMAGING_REPORT,
        "2026-01-10",
        [pdf / "hl7__UD_sample.pdf"],
    )
    docs["old_report"] = add_document(
        library,
        person_id,
        "Chest X-ray",
        Category.IMAGING_REPORT,
        "~2019",
        [pdf / "Seige_of_Vicksburg_Sample_OCR.pdf"],
    )
    cd = SAMPLES / "dicom" / "cd_pcir"
    docs["study"] = add_document(
        library,
        person_id,
        "CT chest images",
        Category.IMAGING_STUDY,
        "2026-01-10",
        sorted(p for p in cd.rglob("*") if p.is_file()),
        relative_to=cd,
        details={
            "study_date": "2026-01-10",
            "modality": "CT",
            "description": "CT chest with contrast",
            "series_count": 3,
            "image_count": 31,
        },
        modality="CT",
    )
    docs["lab_photo"] = add_document(
        library,
        person_id,
        "IMG_0042",
        Category.LAB_RESULT,
        "2026-01-15",
        [img / "Portrait_6.jpg"],
        body_part="blood",
    )
    docs["lab_pdf"] = add_document(
        library,
        person_id,
        "Blood count",
        Category.LAB_RESULT,
        "2026-01-05",
        [pdf / "pdflatex-forms.pdf"],
    )
    docs["photos"] = add_document(
        library,
        person_id,
        "Skin photos",
        Category.OTHER,
        "2026-02-10",
        [img / "xiaomi.heic", img / "Landscape_3.jpg", img / "g4-multi.tiff"],
    )
    docs["ccda"] = add_document(
        library,
        person_id,
        "Portal summary",
        Category.OTHER,
        "2026-02-11",
        [SAMPLES / "ccda" / "hl7__CCD.XML"],
    )
    docs["fhir"] = add_document(
        library,
        person_id,
        "Phone health export",
        Category.OTHER,
        None,
        [SAMPLES / "fhir" / "hl7ex__Observation-f001.json"],
    )
    docs["locked"] = add_document(
        library,
        person_id,
        "Insurance letter",
        Category.INSURANCE,
        "2026-02-15",
        [SAMPLES / "bad" / "pdf_encrypted__libreoffice-writer-password.pdf"],
        flags=PASSWORD_PROTECTED,
    )
    library.add(
        Medication(person_id=person_id, name="Metformin", dose="500 mg", frequency="twice a day")
    )
    library.add(
        Allergy(
            person_id=person_id, substance="Penicillin", reaction="rash", severity=Severity.MODERATE
        )
    )
    library.add(
        Event(
            person_id=person_id,
            date=PartialDate(2025, 11),
            kind=EventKind.SYMPTOM,
            title="Cough for six weeks",
        )
    )
    library.add(
        Event(
            person_id=person_id,
            date=PartialDate(2026, 1, 10),
            kind=EventKind.TEST,
            title="CT chest",
        )
    )
    library.add_question(packet_id, "Do you agree with the diagnosis?")
    library.add_question(packet_id, "What would you recommend for your own family member?")
    library.add(
        Request(
            packet_id=packet_id,
            item="Pathology slides",
            source="City Lab",
            status=RequestStatus.SENT,
            status_date=PartialDate(2026, 11, 20),
            method="courier",
            expected_back=True,
        )
    )
    return built
