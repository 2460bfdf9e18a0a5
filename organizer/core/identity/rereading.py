"""Reading whom older documents name: those imported before identities were read.

Documents imported since version 6 carry what their file says (``identity_found``, an
empty list when it names no one); older ones are read again here from their stored
files, in the background: ``pending_reads`` and ``save_found`` on the writer thread,
``read_found`` in a worker (no database), ``read_all_pending`` for the CLI.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

from organizer.core.filestore import FileStore
from organizer.core.identity.ccda import ccda_identities
from organizer.core.identity.dicom import dicom_identities
from organizer.core.identity.documents import judge_document, remember_found, was_read
from organizer.core.identity.fhir import fhir_identities
from organizer.core.identity.found import FoundIdentity
from organizer.core.identity.labels import text_identities
from organizer.core.importing.dicom import DicomHeader, DicomRefused, read_header
from organizer.core.importing.fhir import JsonRefused, load_json
from organizer.core.importing.pdfs import PdfRefused, analyse_pdf
from organizer.core.importing.sniff import CDA_MEDIA_TYPE, FHIR_MEDIA_TYPE, HEAD_SIZE
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.records import Document, Person

TEXT_BYTES = 65536
DICOM_FILES = 20  # a study's patient is in every file: a few are plenty


@dataclass(frozen=True)
class ReadTask:
    document_id: int
    files: tuple[tuple[str, str], ...]  # (sha256, media type)


def pending_reads(library: Library, limit: int | None = None) -> list[ReadTask]:
    tasks: list[ReadTask] = []
    for document in library._select(Document, "trashed_at IS NULL"):
        if document.id is None or was_read(document):
            continue
        files = library.document_files(document.id)
        tasks.append(ReadTask(document.id, tuple((f.sha256, f.media_type) for f in files)))
        if limit is not None and len(tasks) >= limit:
            break
    return tasks


def read_found(
    store: FileStore, task: ReadTask, check_cancelled: Callable[[], None]
) -> tuple[int, tuple[FoundIdentity, ...]]:
    """What a document's stored files say about its patient (safe in a worker)."""
    found: list[FoundIdentity] = []
    headers: list[DicomHeader] = []
    for sha, media_type in task.files:
        check_cancelled()
        path = store.path_for(sha)
        try:
            if media_type == "application/pdf":
                found.extend(text_identities(analyse_pdf(path).text))
            elif media_type == CDA_MEDIA_TYPE:
                found.extend(ccda_identities(path))
            elif media_type == FHIR_MEDIA_TYPE:
                found.extend(fhir_identities(load_json(path)))
            elif media_type == "text/plain":
                with open(path, "rb") as handle:
                    text = handle.read(TEXT_BYTES).decode("utf-8", errors="replace")
                found.extend(text_identities(text))
            elif media_type == "application/dicom" and len(headers) < DICOM_FILES:
                with open(path, "rb") as handle, warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    header = read_header(path, handle.read(HEAD_SIZE))
                if isinstance(header, DicomHeader):
                    headers.append(header)
        except (OSError, PdfRefused, JsonRefused, DicomRefused):
            continue  # a file that cannot be read names no one; import said why at the time
    found.extend(dicom_identities(headers))
    return task.document_id, tuple(found)


def save_found(library: Library, document_id: int, found: tuple[FoundIdentity, ...]) -> bool:
    """Remember what the file says and judge it; False if the document went meanwhile."""
    if not library.exists(Document, document_id):
        return False
    with library.transaction():
        document = library.get(Document, document_id)
        if was_read(document):
            return False
        remember_found(document, found)
        judge_document(document, library.get(Person, document.person_id))
        library.update(document)
    return True


def read_all_pending(library: Library, context: JobContext) -> int:
    """Read every older document's patient in turn (the CLI's ``index``); how many were read."""
    tasks = pending_reads(library)
    for done, task in enumerate(tasks, start=1):
        context.check_cancelled()
        save_found(library, *read_found(library.store, task, context.check_cancelled))
        context.report(done, len(tasks), f"document {task.document_id}")
    return len(tasks)
