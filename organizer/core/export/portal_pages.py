"""Portal records (C-CDA, CCR, FHIR) in the packet: their rendering as pages, and a
readable copy in the folder next to the original XML or JSON.

The plan marks such a document ``Kind.CLINICAL`` and reserves a name for its readable
copy; here, while the PDF is prepared, the file is read once and written twice: as PDF
pages joined into the packet (where the document belongs, with its bookmark, footers and
page IDs like any other), and as an HTML page that opens offline in any browser.
"""

from __future__ import annotations

import logging
from pathlib import Path

from organizer.core.export.assemble import PdfUnreadable
from organizer.core.export.copying import write_new_file
from organizer.core.export.plan import PlannedDocument
from organizer.core.export.structured import is_structured

log = logging.getLogger(__name__)


def prepare(doc: PlannedDocument, scratch: Path, work: Path) -> Path:
    """Render the document's clinical file; write its pages into ``scratch`` and its
    readable copy into the export folder ``work``. ``PdfUnreadable`` when it cannot be."""
    # Imported here: the renderers are big, and most packets hold no portal record.
    from organizer.core.rendering import html, pdf, read

    item = next((f for f in doc.files if is_structured(f.media_type)), None)
    if item is None:
        raise PdfUnreadable("no structured health record is attached")
    try:
        rendering = read.render_file(item.source)
        data = pdf.rendering_pdf(rendering)
    except read.NotRenderable as error:
        doc.readable = None
        raise PdfUnreadable(str(error)) from None
    except Exception as error:  # one odd record must not cost the whole export
        log.warning("rendering %s failed", item.source, exc_info=True)
        doc.readable = None
        raise PdfUnreadable(f"its pages could not be made ({type(error).__name__})") from None
    pages = scratch / f"clinical-{doc.document.id or 0}-{item.record.sha256[:12]}.pdf"
    pages.write_bytes(data)
    if doc.readable is not None:
        note = (
            f"A readable copy made by Second Look from {item.destination.name}, "
            "the original file next to it in this folder."
        )
        doc.readable_sha256 = write_new_file(
            work / doc.readable, html.rendering_html(rendering, note)
        )
    return pages


def readable_copies(documents: list[PlannedDocument]) -> dict[str, str]:
    """The readable copies written, by path in the folder, with their SHA-256."""
    return {
        str(doc.readable): doc.readable_sha256
        for doc in documents
        if doc.readable is not None and doc.readable_sha256
    }
