"""manifest.json and SHA256SUMS: what the folder holds, for programs and for people.

The manifest is versioned so a later Second Look (or anyone's script) can read older
exports. SHA256SUMS uses the exact format ``sha256sum -c SHA256SUMS`` checks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from organizer import __version__
from organizer.core.export.numbering import PageRange, page_id
from organizer.core.export.plan import ExportPlan, PlannedDocument

MANIFEST_FORMAT = "second-look-export"
MANIFEST_VERSION = 1


@dataclass
class WrittenPdf:
    path: str
    sha256: str
    size: int
    pages: int
    encrypted: bool
    part: int | None = None


@dataclass
class ManifestFacts:
    pdfs: list[WrittenPdf] = field(default_factory=list)
    ranges: dict[int, PageRange] = field(default_factory=dict)
    """Document id -> its pages in the PDF."""
    file_hashes: dict[str, str] = field(default_factory=dict)
    checklist: dict[str, Any] | None = None


def manifest_json(plan: ExportPlan, facts: ManifestFacts) -> bytes:
    person, packet = plan.person, plan.packet
    payload: dict[str, Any] = {
        "format": MANIFEST_FORMAT,
        "version": MANIFEST_VERSION,
        "created": plan.created.isoformat(timespec="seconds"),
        "app": {"name": "Second Look", "version": __version__},
        "person": {
            "name": person.name,
            "date_of_birth": person.dob.to_storage() if person.dob else None,
        },
        "packet": {
            "id": packet.id,
            "title": packet.title,
            "question": packet.question,
            "provider": packet.provider_name,
            "institution": packet.provider_institution,
            "appointment": packet.appointment,
        },
        "pdf": [
            {
                "path": pdf.path,
                "sha256": pdf.sha256,
                "bytes": pdf.size,
                "pages": pdf.pages,
                "encrypted": pdf.encrypted,
                "part": pdf.part,
            }
            for pdf in facts.pdfs
        ],
        "documents": [_document(doc, facts) for doc in plan.documents],
        "checklist": facts.checklist,
    }
    return (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _document(doc: PlannedDocument, facts: ManifestFacts) -> dict[str, Any]:
    record = doc.document
    pages = facts.ranges.get(record.id or 0)
    return {
        "id": record.id,
        "label": doc.label,
        "title": record.title,
        "category": record.category.value,
        "date": record.date.to_storage() if record.date else None,
        "kind": doc.kind.value,
        "location": str(doc.location),
        "in_pdf": pages is not None,
        "pdf_pages": [pages.first, pages.last] if pages else None,
        "page_ids": [page_id(pages.first), page_id(pages.last)] if pages else None,
        "not_in_pdf_because": None if pages else (doc.reason or "not printable"),
        "readable_copy": str(doc.readable) if doc.readable_sha256 else None,
        "files": [
            {
                "path": str(item.destination),
                "sha256": item.record.sha256,
                "bytes": item.record.size,
                "original_name": item.record.original_name,
                "media_type": item.media_type,
            }
            for item in doc.files
        ],
    }


def sha256sums(hashes: dict[str, str]) -> bytes:
    """Lines of "<hash>  <path>", sorted by path, as `sha256sum` writes them."""
    lines = []
    for path in sorted(hashes):
        if "\n" in path or "\\" in path:
            raise ValueError(f"{path!r} cannot be listed in SHA256SUMS")
        lines.append(f"{hashes[path]}  {path}\n")
    return "".join(lines).encode("utf-8")
