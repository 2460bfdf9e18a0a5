"""Building documents for GUI tests the way import does: real files in the real file store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from organizer.core.dates import PartialDate
from organizer.core.details import DocumentDetails
from organizer.core.library import Library
from organizer.core.records import Document, Packet, Person
from organizer.core.vocab import Category
from tests.stored_files import attach_files

SAMPLES = Path(__file__).parent / "data" / "samples"


def add_file_document(
    library: Library,
    person_id: int,
    files: list[Path],
    *,
    title: str,
    category: Category = Category.OTHER,
    date: str | None = None,
    confirmed: bool = True,
    guess_reason: str = "",
    flags: str = "",
    page_count: int | None = None,
    details: dict[str, Any] | None = None,
    relative_to: Path | None = None,
) -> int:
    """Store the files and add one document holding them, in one transaction."""
    with library.transaction():
        document_id = library.add_document(
            Document(
                person_id=person_id,
                title=title,
                category=category,
                date=PartialDate.parse(date) if date else None,
                category_confirmed=confirmed,
                date_confirmed=confirmed,
                guess_reason=guess_reason,
                flags=flags,
                page_count=page_count,
                details=DocumentDetails.of(details or {}),
                source=str(files[0]) if files else "",
            )
        )
        attach_files(library, document_id, files, relative_to=relative_to)
    return document_id


def person_with_packet(library: Library) -> tuple[int, int]:
    person_id = library.add(Person(name="Ana Diaz"))
    packet_id = library.add_packet(Packet(person_id=person_id, title="Second opinion"))
    return person_id, packet_id


def standard_documents(library: Library, person_id: int) -> dict[str, int]:
    """A small realistic set: a multi-page report, a guessed lab result, a photo, a study."""
    cd = SAMPLES / "dicom" / "cd_pcir"
    study_files = sorted(p for p in (cd / "98892003" / "MR1").iterdir())
    return {
        "report": add_file_document(
            library,
            person_id,
            [SAMPLES / "pdf" / "Seige_of_Vicksburg_Sample_OCR.pdf"],
            title="Surgical pathology report",
            category=Category.PATHOLOGY_REPORT,
            date="2026-01-12",
            page_count=6,
        ),
        "guessed": add_file_document(
            library,
            person_id,
            [SAMPLES / "pdf" / "hl7__UD_sample.pdf"],
            title="Discharge summary",
            category=Category.DISCHARGE_SUMMARY,
            date="2025-11",
            confirmed=False,
            guess_reason='the text says "Discharge Summary"',
            page_count=3,
        ),
        "photo": add_file_document(
            library,
            person_id,
            [SAMPLES / "images" / "Portrait_6.jpg"],
            title="Photo of a letter",
            category=Category.LETTER,
            date="2024",
        ),
        "study": add_file_document(
            library,
            person_id,
            study_files,
            title="MRI head",
            category=Category.IMAGING_STUDY,
            date="2025-10-02",
            relative_to=cd,
            details={
                "study_date": "20251002",
                "modality": "MR",
                "description": "MRI head without contrast",
                "body_part": "HEAD",
                "institution": "Example Imaging Center",
                "series": [
                    {
                        "uid": "1.2.3",
                        "number": 1,
                        "description": "T1 axial",
                        "modality": "MR",
                        "images": 2,
                    },
                    {"uid": "1.2.4", "number": 2, "description": "", "modality": "MR", "images": 1},
                ],
                "series_count": 2,
                "image_count": 3,
            },
        ),
    }
