"""What the import pipeline hands from one phase to the next, as plain dataclasses.

The preparing phase (a worker thread in the GUI) produces ``FileOutcome`` for files it
skipped or refused, and ``PreparedDocument`` for content already copied into the file
store but not yet in the database. The commit phase (the one thread that writes the
database) turns each prepared document into rows and returns one outcome per file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from organizer.core.records import Document

if TYPE_CHECKING:  # the clinical reader's model loads with the readers, not at the start
    from organizer.core.clinical.model import ClinicalDocument


class Outcome(StrEnum):
    IMPORTED = "imported"
    ADDED = "added"
    DUPLICATE = "duplicate"
    SKIPPED = "skipped"
    REJECTED = "rejected"


@dataclass
class FileOutcome:
    """What happened to one file the import found (a file on disk or inside a zip)."""

    path: str
    outcome: Outcome
    document_id: int | None = None
    reason: str = ""
    note: str = ""
    package_file: bool = False
    """Skipped because it is the download package's own index or page, not a record:
    not the person's file, so the app's summary does not count it."""
    named_other: str = ""
    """What the file says about its patient when that is someone else ("" when not)."""

    def __post_init__(self) -> None:
        self.reason = " ".join(self.reason.split())
        self.note = " ".join(self.note.split())

    def line(self) -> str:
        """The CLI's line for this file, e.g. ``scan.pdf: imported as document 3``."""
        if self.outcome is Outcome.IMPORTED:
            text = f"imported as document {self.document_id}"
        elif self.outcome is Outcome.ADDED:
            text = f"added to document {self.document_id}"
        elif self.outcome is Outcome.DUPLICATE:
            text = f"duplicate of document {self.document_id}"
        else:
            text = f"{self.outcome.value}: {self.reason}"
        if self.named_other:
            text += f"; names another person: {self.named_other}"
        if self.note:
            text += f" ({self.note})"
        return f"{self.path}: {text}"

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "outcome": self.outcome.value,
            "document_id": self.document_id,
            "reason": self.reason,
            "note": self.note,
            "names_another_person": self.named_other or None,
        }


@dataclass
class StudyFile:
    """What commit needs to merge one DICOM object into its study's series list."""

    series_uid: str
    series_number: int | None
    series_description: str
    modality: str
    is_image: bool


@dataclass
class PreparedFile:
    """One file already copied into the store, waiting for its database row."""

    path: str
    sha256: str
    size: int
    original_name: str
    relative_path: str
    media_type: str
    newly_stored: bool
    note: str = ""
    report: bool = True
    study_file: StudyFile | None = None
    repaired: bool = False  # the store's damaged copy of this content was replaced


REPAIRED_NOTE = "the library's damaged copy of this file was repaired with this one"


@dataclass
class PreparedDocument:
    """A document ready to be written: its row (without an id or person) and its files.

    ``study_uid`` is set for imaging studies: commit then adds the files to the person's
    existing document for that study instead of creating a second one.
    """

    document: Document
    files: list[PreparedFile] = field(default_factory=list)
    study_uid: str = ""
    clinical: ClinicalDocument | None = None
    """What a clinical file says: commit stores it as proposals for review."""
    embedded: list[PreparedDocument] = field(default_factory=list)
    """Files that came out of this one (a PDF inside a C-CDA): documents of their own."""


PreparedItem = FileOutcome | PreparedDocument


@dataclass
class ImportSummary:
    outcomes: list[FileOutcome] = field(default_factory=list)

    def count(self, *kinds: Outcome) -> int:
        return sum(1 for item in self.outcomes if item.outcome in kinds)

    @property
    def imported(self) -> int:
        return self.count(Outcome.IMPORTED, Outcome.ADDED)

    @property
    def duplicates(self) -> int:
        return self.count(Outcome.DUPLICATE)

    @property
    def skipped(self) -> int:
        return self.count(Outcome.SKIPPED)

    @property
    def package_files(self) -> int:
        """Skipped files that were the package's own index pages (part of ``skipped``)."""
        return sum(1 for item in self.outcomes if item.package_file)

    @property
    def rejected(self) -> int:
        return self.count(Outcome.REJECTED)

    @property
    def document_ids(self) -> list[int]:
        seen: dict[int, None] = {}
        for item in self.outcomes:
            if item.outcome in (Outcome.IMPORTED, Outcome.ADDED) and item.document_id:
                seen[item.document_id] = None
        return list(seen)

    def line(self) -> str:
        return (
            f"imported {self.imported}, duplicates {self.duplicates}, "
            f"skipped {self.skipped}, rejected {self.rejected}"
        )
