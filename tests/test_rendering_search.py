"""Full-text search covers what the rendering shows: every section's narrative, and the
text an unstructured record carries base64-encoded (which the raw file does not show)."""

from __future__ import annotations

import base64
from pathlib import Path

from importing_helpers import run_import
from rendering_support import SAMPLES

from organizer.core.importing import index_pending
from organizer.core.importing.textindex import search
from organizer.core.jobs import JobContext
from organizer.core.library import Library


def _unstructured(path: Path, words: str) -> Path:
    body = base64.b64encode(words.encode()).decode()
    path.write_text(
        '<ClinicalDocument xmlns="urn:hl7-org:v3"><title>Visit note</title>'
        f'<component><nonXMLBody><text mediaType="text/plain" representation="B64">{body}'
        "</text></nonXMLBody></component></ClinicalDocument>"
    )
    return path


def test_search_finds_narrative_and_embedded_text_but_not_base64(
    library: Library, tmp_path: Path
) -> None:
    note = _unstructured(tmp_path / "note.xml", "Bronchoscopy planned after the holidays.")
    summary = run_import(library, note, SAMPLES / "ccda" / "hl7__Discharge_Summary.xml")
    # the two files, and the note's embedded text as a document of its own (issue 10)
    assert len(summary.document_ids) == 3
    index_pending(library, JobContext())
    hits = search(library, "bronchoscopy").hits
    assert "Visit note" in [hit.title for hit in hits]
    encoded = base64.b64encode(b"Bronchoscopy planned").decode()[:12]
    assert search(library, encoded).hits == []
    # a word of the discharge summary's hospital-course narrative
    assert search(library, "Hospital Course").hits
