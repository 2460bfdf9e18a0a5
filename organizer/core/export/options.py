"""What an export is asked to do, what it hands back, and what can stop it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from organizer.core.errors import SecondLookError


class ExportFailed(SecondLookError):
    """The export could not be written; nothing that looks like a finished packet was left."""


class DamagedStoredFile(ExportFailed):
    """A stored original no longer has the content it is named for."""

    def __init__(self, message: str, sha256: str) -> None:
        super().__init__(message)
        self.sha256 = sha256


class DamagedDocuments(ExportFailed):
    """Documents whose stored copy is damaged; the export may go on without them."""

    def __init__(self, message: str, documents: tuple[tuple[int, str], ...]) -> None:
        super().__init__(message)
        self.documents = documents

    @property
    def document_ids(self) -> frozenset[int]:
        return frozenset(number for number, _ in self.documents)


@dataclass(frozen=True)
class ExportOptions:
    password: str | None = None
    """Encrypt the PDF (AES-256) with this password; None leaves it open."""
    split_mb: int | None = None
    """Also write the PDF as parts of at most this many megabytes, for upload portals."""
    leave_out: frozenset[int] = frozenset()
    """Documents (by id) not to export this time, such as one whose stored copy is damaged."""


class Level(StrEnum):
    BLOCKER = "blocker"
    """The export cannot be written (no space, a file too big for the stick)."""
    WARNING = "warning"
    """The export can go ahead, but the person should know (checklist not ready)."""


@dataclass(frozen=True)
class Problem:
    level: Level
    message: str
    details: tuple[str, ...] = ()

    @property
    def blocks(self) -> bool:
        return self.level is Level.BLOCKER


@dataclass(frozen=True)
class ExportResult:
    folder: Path
    pdf: Path
    """The whole packet as one PDF."""
    pdf_parts: tuple[Path, ...]
    """The same PDF in parts (only when split_mb was given)."""
    file_count: int
    """Every file written into the folder, the PDF, index and checksums included."""
    total_bytes: int
    pages: int
    encrypted: bool
    checklist_warning: str | None
    """A sentence listing what the checklist still misses, or None when it is ready."""
    not_printed: tuple[str, ...] = field(default=())
    """Labels of documents that are in the folder but could not go into the PDF."""

    @property
    def pdf_paths(self) -> tuple[Path, ...]:
        return (self.pdf, *self.pdf_parts)
