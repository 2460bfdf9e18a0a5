"""What goes where: the packet's documents in clinical order, their labels and folder paths.

Reading the database happens here and only here, once, at the start; everything after
works from this plan. Order follows what a reviewing specialist expects: notes and the
proposed plan, pathology, imaging reports, labs, then the rest; date order within each.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path, PurePosixPath

from organizer.core import view_settings
from organizer.core.clinical.results import LabResult
from organizer.core.export.names import (
    FolderNames,
    packet_folder_name,
    safe_name,
    safe_relative_path,
    split_extension,
)
from organizer.core.export.provenance import Origins, load_origins
from organizer.core.export.structured import is_structured, readable_name
from organizer.core.library import Library
from organizer.core.records import (
    PASSWORD_PROTECTED,
    Allergy,
    Document,
    DocumentFile,
    Event,
    Medication,
    Packet,
    Person,
    Provider,
    Question,
    Request,
)
from organizer.core.visit.model import Opinion
from organizer.core.visit.third import earlier_opinions
from organizer.core.vocab import CATEGORY_LABELS, Category, EventKind

CLINICAL_ORDER: tuple[Category, ...] = (
    Category.CLINICAL_NOTE,
    Category.TREATMENT_PLAN,
    Category.DISCHARGE_SUMMARY,
    Category.OPERATIVE_REPORT,
    Category.PATHOLOGY_REPORT,
    Category.IMAGING_REPORT,
    Category.IMAGING_STUDY,
    Category.LAB_RESULT,
    Category.LETTER,
    Category.INSURANCE,
    Category.OTHER,
)

FOLDER_TITLES: dict[Category, str] = {
    Category.CLINICAL_NOTE: "Clinical notes",
    Category.TREATMENT_PLAN: "Treatment plans",
    Category.DISCHARGE_SUMMARY: "Discharge summaries",
    Category.OPERATIVE_REPORT: "Operative reports",
    Category.PATHOLOGY_REPORT: "Pathology reports",
    Category.IMAGING_REPORT: "Imaging reports",
    Category.IMAGING_STUDY: "Imaging studies",
    Category.LAB_RESULT: "Lab results",
    Category.LETTER: "Letters and referrals",
    Category.INSURANCE: "Insurance",
    Category.OTHER: "Other documents",
}

IMAGE_TYPES = frozenset(
    {
        "image/jpeg",
        "image/png",
        "image/tiff",
        "image/heic",
        "image/heif",
        "image/gif",
        "image/bmp",
        "image/webp",
    }
)
_TYPES_BY_EXTENSION = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".heic": "image/heic",
    ".heif": "image/heif",
    ".gif": "image/gif",
    ".bmp": "image/bmp",
    ".webp": "image/webp",
    ".xml": "application/xml",
    ".json": "application/json",
    ".dcm": "application/dicom",
}
_EXTENSIONS_BY_TYPE = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/tiff": ".tif",
    "image/heic": ".heic",
    "image/heif": ".heif",
    "image/gif": ".gif",
    "image/bmp": ".bmp",
    "image/webp": ".webp",
    "application/xml": ".xml",
    "text/xml": ".xml",
    "application/json": ".json",
    "application/fhir+json": ".json",
    "application/dicom": ".dcm",
    "application/zip": ".zip",
}
_CAMERA_NAME = re.compile(
    r"^(img|dsc|dscn|dcim|pxl|photo|scan|image|mvimg|screenshot)[-_ ]?\d+", re.IGNORECASE
)


class Kind(StrEnum):
    PDF = "pdf"
    IMAGE = "image"
    STUDY = "imaging-study"
    LOCKED = "password-protected"
    CLINICAL = "clinical-record"
    """C-CDA, CCR or FHIR: printed as the app's rendering of it (export/portal_pages.py)."""
    NOT_PRINTABLE = "not-printable"


@dataclass
class PlannedFile:
    record: DocumentFile
    source: Path
    destination: PurePosixPath
    media_type: str


@dataclass
class PlannedDocument:
    document: Document
    label: str
    kind: Kind
    files: list[PlannedFile]
    location: PurePosixPath
    """Where the person finds it in the folder: its file, or an imaging study's folder."""
    reason: str = ""
    """Why it is not in the PDF, when it is not."""
    source: str = ""
    """Who made it: the institution or author, when known."""
    title: str = ""
    """The label without its date, for the index of documents."""
    turns: dict[int, int] = field(default_factory=dict)
    """Turns the person set (view_settings): page (0: the whole document) -> degrees."""
    readable: PurePosixPath | None = None
    """A clinical record's readable copy (HTML) next to its original, once planned."""
    readable_sha256: str = ""

    @property
    def readable_label(self) -> str:
        """'12 January 2026 CT chest': the label with its date in words, for the pages."""
        date = self.document.date.display() if self.document.date is not None else "Undated"
        return f"{date} {self.title}" if self.title else self.label

    @property
    def category(self) -> Category:
        return self.document.category

    @property
    def printable(self) -> bool:
        return self.kind in (Kind.PDF, Kind.IMAGE, Kind.CLINICAL)

    @property
    def size(self) -> int:
        return sum(item.record.size for item in self.files)


@dataclass
class ExportPlan:
    person: Person
    packet: Packet
    documents: list[PlannedDocument]
    events: list[Event]
    medications: list[Medication]
    allergies: list[Allergy]
    questions: list[Question]
    requests: list[Request]
    folder_name: str
    pdf_name: str
    created: _dt.datetime
    rule_marks: dict[str, str] = field(default_factory=dict)
    library_root: Path | None = None
    """Where the library keeps its print copies of images."""
    results: list[LabResult] = field(default_factory=list)
    """Lab results and vital signs the person accepted from their files."""
    origins: Origins = field(default_factory=dict)
    """The documents accepted items came from."""
    event_documents: dict[int, frozenset[int]] = field(default_factory=dict)
    """The documents linked to each diagnosis on the timeline, by event id."""
    second_opinion: Opinion | None = None
    """For a third-opinion packet: the second opinion, as the person wrote it down."""

    def second_opinion_text(self) -> list[tuple[str, str]]:
        """The second opinion's labelled lines, in the order the summary prints them."""
        second = self.second_opinion
        if second is None:
            return []
        by = f" by {second.doctor}" if second.doctor else ""
        when = f" on {second.date.display()}" if second.date else ""
        who = f" (second opinion{by}{when})" if by or when else ""
        lines = [
            ("Second diagnosis", second.diagnosis or "Not written down."),
            ("Second plan", (second.plan or "Not written down.") + who),
        ]
        if second.reasoning:
            lines.append(("Why, in the patient's words", second.reasoning))
        return lines

    @property
    def total_file_bytes(self) -> int:
        return sum(doc.size for doc in self.documents)

    def by_category(self) -> list[tuple[Category, list[PlannedDocument]]]:
        groups: dict[Category, list[PlannedDocument]] = {}
        for doc in self.documents:
            groups.setdefault(doc.category, []).append(doc)
        return [(category, groups[category]) for category in CLINICAL_ORDER if category in groups]

    def all_text(self) -> str:
        """Every piece of text the PDF may print, to choose fonts that cover it."""
        pieces = [self.person.name, self.person.contact, self.packet.title, self.packet.question]
        pieces += [self.packet.first_diagnosis, self.packet.first_plan, self.packet.first_doctor]
        pieces += [self.packet.provider_name, self.packet.provider_institution]
        pieces += [f"{doc.label} {doc.source} {doc.document.notes}" for doc in self.documents]
        pieces += [f"{e.title} {e.details}" for e in self.events]
        pieces += [
            f"{m.name} {m.dose} {m.route} {m.frequency} {m.reason}" for m in self.medications
        ]
        pieces += [f"{a.substance} {a.reaction}" for a in self.allergies]
        pieces += [
            f"{r.test} {r.value} {r.unit} {r.reference_range} {r.interpretation}"
            for r in self.results
        ]
        pieces += [origin.label for found in self.origins.values() for origin in found]
        pieces += [f"{q.text} {q.answer}" for q in self.questions]
        pieces += [f"{r.item} {r.source} {r.method} {r.notes}" for r in self.requests]
        pieces += list(self.rule_marks.values())
        pieces += [text for _, text in self.second_opinion_text()]
        return "\n".join(pieces)


def build_plan(library: Library, packet_id: int, now: _dt.datetime | None = None) -> ExportPlan:
    created = now or _dt.datetime.now().astimezone()
    packet = library.get(Packet, packet_id)
    person = library.get(Person, packet.person_id)
    documents = sorted(library.packet_documents(packet_id), key=_clinical_key)
    folder_name = packet_folder_name(person.name, created.date().isoformat())
    top = FolderNames({folder_name + ".pdf", "index.html", "manifest.json", "SHA256SUMS"})
    category_folders: dict[Category, tuple[PurePosixPath, FolderNames]] = {}
    planned: list[PlannedDocument] = []
    for document in documents:
        category = document.category
        if category not in category_folders:
            number = len(category_folders) + 1
            name = top.claim(f"{number:02d} {FOLDER_TITLES[category]}")
            category_folders[category] = (PurePosixPath(name), FolderNames())
        folder, names = category_folders[category]
        assert document.id is not None
        records = library.document_files(document.id)
        item = _plan_document(library, document, records, folder, names)
        item.source = document_source(library, document)
        item.title = document_title(document, records)
        item.turns = view_settings.rotations(library, document.id)
        planned.append(item)
    current = [m for m in library.children(Medication, person.id or 0) if m.current]
    events = library.packet_events(packet_id)
    allergies = library.children(Allergy, person.id or 0)
    results = library.children(LabResult, person.id or 0)
    earlier = earlier_opinions(library, packet_id)
    return ExportPlan(
        person=person,
        packet=packet,
        documents=planned,
        events=events,
        medications=current,
        allergies=allergies,
        questions=library.children(Question, packet_id),
        requests=library.children(Request, packet_id),
        folder_name=folder_name,
        pdf_name=folder_name + ".pdf",
        created=created,
        rule_marks=library.rule_marks(packet_id),
        library_root=library.root,
        results=results,
        origins=load_origins(library, current, allergies, events, results),
        event_documents={
            event.id: frozenset(library.event_document_ids(event.id))
            for event in events
            if event.id is not None and event.kind is EventKind.DIAGNOSIS
        },
        second_opinion=None if earlier is None or earlier.second.is_empty() else earlier.second,
    )


def _clinical_key(document: Document) -> tuple[int, int, str, str, int]:
    rank = CLINICAL_ORDER.index(document.category)
    if document.date is None:
        return (rank, 1, "", document.title.casefold(), document.id or 0)
    day = document.date.earliest.isoformat()
    return (rank, 0, day, document.title.casefold(), document.id or 0)


def document_label(document: Document, records: list[DocumentFile]) -> str:
    """'2026-01-12 CT chest': the date, then a title a person would recognise."""
    return f"{_date_text(document)} {document_title(document, records)}"


def document_title(document: Document, records: list[DocumentFile]) -> str:
    """The document's title, or its type and details when the title is a file name."""
    title = " ".join(document.title.split())
    stems = {split_extension(r.original_name)[0].casefold() for r in records if r.original_name}
    if not title or title.casefold() in stems or _CAMERA_NAME.match(title):
        words = [CATEGORY_LABELS[document.category]]
        words += [w for w in (document.modality, document.body_part) if w]
        title = " ".join(words)
    return title


def document_source(library: Library, document: Document) -> str:
    """The institution or author of a document: its provider, else what import read."""
    if document.provider_id is not None:
        provider = library.get(Provider, document.provider_id)
        names = [provider.institution, provider.name]
        return ", ".join(dict.fromkeys(name for name in names if name))
    return document.details.institution


def _date_text(document: Document) -> str:
    if document.date is None:
        return "Undated"
    text = document.date.to_storage().lstrip("~")
    return f"about {text}" if document.date.approximate else text


def media_type_of(record: DocumentFile, source: Path) -> str:
    if record.media_type:
        return record.media_type.split(";")[0].strip().lower()
    extension = split_extension(record.original_name)[1].lower()
    if extension in _TYPES_BY_EXTENSION:
        return _TYPES_BY_EXTENSION[extension]
    # imported here: the importing package is large, and this is only for unrecorded types
    from organizer.core.importing.sniff import media_type_of_file

    return media_type_of_file(source)


def _plan_document(
    library: Library,
    document: Document,
    records: list[DocumentFile],
    folder: PurePosixPath,
    names: FolderNames,
) -> PlannedDocument:
    label = document_label(document, records)
    sources = [library.store.path_for(r.sha256) for r in records]
    types = [media_type_of(r, s) for r, s in zip(records, sources, strict=True)]
    if document.category is Category.IMAGING_STUDY:
        study = folder / names.claim(label)
        files = [
            PlannedFile(r, s, study / p, t)
            for r, s, p, t in zip(records, sources, _study_paths(records), types, strict=True)
            if p.name.upper() != "DICOMDIR"  # the CD's index: the export writes the study's own
        ]
        return PlannedDocument(
            document, label, Kind.STUDY, files, study, "imaging study: open it with a viewer"
        )
    files = []
    for position, (record, source, media) in enumerate(
        zip(records, sources, types, strict=True), start=1
    ):
        extension = split_extension(record.original_name)[1].lower()
        extension = extension or _EXTENSIONS_BY_TYPE.get(media, "")
        suffix = f" ({position} of {len(records)})" if len(records) > 1 else ""
        name = names.claim(safe_name(label + suffix, limit=90) + extension)
        files.append(PlannedFile(record, source, folder / name, media))
    location = files[0].destination if len(files) == 1 else folder
    kind, reason = _kind(document, types)
    planned = PlannedDocument(document, label, kind, files, location, reason)
    if kind is Kind.CLINICAL:
        original = next(f for f in files if is_structured(f.media_type))
        name = names.claim(readable_name(original.destination.name))
        planned.readable = original.destination.parent / name
    return planned


def _kind(document: Document, types: list[str]) -> tuple[Kind, str]:
    if not types:
        return Kind.NOT_PRINTABLE, "no file is attached"
    if all(t == "application/pdf" for t in types):
        if PASSWORD_PROTECTED in document.flag_set:
            return Kind.LOCKED, "password-protected PDF: open it with its password"
        return Kind.PDF, ""
    if all(t in IMAGE_TYPES for t in types):
        return Kind.IMAGE, ""
    if any(t == "application/dicom" for t in types):
        return Kind.NOT_PRINTABLE, "DICOM image: open it with a viewer"
    if any(is_structured(t) for t in types):
        return Kind.CLINICAL, ""
    return Kind.NOT_PRINTABLE, "this kind of file cannot be printed"


def _study_paths(records: list[DocumentFile]) -> list[PurePosixPath]:
    """The CD layout as stored, rooted where its DICOMDIR sits.

    A DICOMDIR can only name files whose path parts are DICOM file IDs (up to eight
    capitals, digits or underscores, as CDs use); other files, loose ones above all
    ("CT_small.dcm"), are given such names in an IMAGES folder.
    """
    paths = [safe_relative_path(r.relative_path or r.original_name or r.sha256) for r in records]
    roots = [p.parent for p in paths if p.name.upper() == "DICOMDIR"]
    if len(roots) == 1 and roots[0].parts:
        root = roots[0]
        if all(p.is_relative_to(root) for p in paths):
            paths = [p.relative_to(root) for p in paths]
    taken = {p for p in paths if _is_file_id(p)}
    renamed = []
    number = 0
    for path in paths:
        if _is_file_id(path) or path.name.upper() == "DICOMDIR":
            renamed.append(path)
            continue
        number += 1
        while PurePosixPath("IMAGES", f"IM{number:06d}") in taken:
            number += 1
        renamed.append(PurePosixPath("IMAGES", f"IM{number:06d}"))
    return renamed


_FILE_ID_PART = re.compile(r"^[A-Z0-9_]{1,8}$")


def _is_file_id(path: PurePosixPath) -> bool:
    return (
        bool(path.parts)
        and len(path.parts) <= 8
        and all(_FILE_ID_PART.match(part) for part in path.parts)
    )
