"""Putting real sample files into a test library: store each, then attach it to a document.

Shared by the document, export and checklist test builders, which used to copy this loop.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from organizer.core.library import Library
from organizer.core.records import DocumentFile

MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".heic": "image/heic",
    ".dcm": "application/dicom",
    ".xml": "application/xml",
    ".json": "application/fhir+json",
}


def attach_files(
    library: Library,
    document_id: int,
    files: Sequence[Path],
    *,
    relative_to: Path | None = None,
    media_type: str | None = None,
) -> None:
    """Store ``files`` and attach them in order; paths are kept relative to ``relative_to``."""
    for position, path in enumerate(files):
        stored = library.store.put_file(path)
        library.add(
            DocumentFile(
                document_id=document_id,
                sha256=stored.sha256,
                size=stored.size,
                original_name=path.name,
                relative_path=path.relative_to(relative_to).as_posix() if relative_to else "",
                media_type=media_type or MEDIA_TYPES.get(path.suffix.lower(), ""),
                position=position,
            )
        )
