"""Reading whom older documents name: those imported before identities were read.

Documents imported since version 6 carry what their file says (``identity_found``, an
empty list when it names no one); older ones are read again here from their stored
files, in the background: ``pending_reads`` and ``save_found`` (organizer.core.identity.pending,
no file readers) on the writer thread, ``read_found`` in a worker (no database), and
``read_all_pending`` for the CLI.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

from organizer.core.filestore import FileStore
from organizer.core.identity.ccda import ccda_identities
from organizer.core.identity.dicom import dicom_identities
from organizer.core.identity.fhir import fhir_identities
from organizer.core.identity.found import FoundIdentity
from organizer.core.identity.labels import text_identities
from organizer.core.identity.pending import ReadTask, pending_reads, save_found
from organizer.core.importing.dicom import DicomHeader, DicomRefused, read_header
from organizer.core.importing.fhir import JsonRefused, load_json
from organizer.core.importing.pdfs import PdfRefused, analyse_pdf
from organizer.core.importing.sniff import CDA_MEDIA_TYPE, FHIR_MEDIA_TYPE, HEAD_SIZE
from organizer.core.jobs import JobContext
from organizer.core.library import Library

TEXT_BYTES = 65536
DICOM_FILES = 20  # a study's patient is in every file: a few are plenty


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


def read_all_pending(library: Library, context: JobContext) -> int:
    """Read every older document's patient in turn (the CLI's ``index``); how many were read."""
    tasks = pending_reads(library)
    for done, task in enumerate(tasks, start=1):
        context.check_cancelled()
        save_found(library, *read_found(library.store, task, context.check_cancelled))
        context.report(done, len(tasks), f"document {task.document_id}")
    return len(tasks)
