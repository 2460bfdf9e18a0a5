"""Portal records in the export: printed as the app's rendering where they belong (with
bookmarks, footers and page IDs), a readable copy next to each original in the folder,
and index.html linking that copy first. Files are imported through the real importer."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from lxml import html as lxml_html
from pypdf import PdfReader
from rendering_support import (
    SAMPLES,
    cda_section_chunks,
    html_words,
    missing_in_order,
    squeezed,
)

from organizer.core.dates import PartialDate
from organizer.core.export import ExportOptions, ExportResult, export_packet
from organizer.core.importing import import_paths
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.records import Packet, Person

CCDA = SAMPLES / "ccda" / "hl7__Discharge_Summary.xml"
UNSTRUCTURED = SAMPLES / "ccda" / "hl7__Unstructured_Document_embed.xml"
XDM = SAMPLES / "xdm" / "nist__CIRI_Ambulatory.zip"
FHIR_DOCUMENT = SAMPLES / "fhir" / "hl7ex__Bundle-father.json"


@dataclass
class Exported:
    result: ExportResult
    manifest: dict[str, Any]
    reader: PdfReader
    documents: dict[str, dict[str, Any]]
    """Manifest entries by the original file name."""


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    root = tmp_path_factory.mktemp("clinical")
    not_clinical = root / "settings.xml"
    not_clinical.write_text("<settings><colour>blue</colour></settings>")
    library = Library.open(root / "library")
    try:
        person_id = library.add(Person(name="Ana Diaz", dob=PartialDate(1961, 4, 9)))
        packet_id = library.add_packet(Packet(person_id=person_id, title="Second opinion"))
        paths = [CCDA, UNSTRUCTURED, XDM, FHIR_DOCUMENT, not_clinical]
        import_paths(library, person_id, paths, JobContext())
        target = root / "stick"
        target.mkdir()
        result = export_packet(library, packet_id, target, ExportOptions(), JobContext())
    finally:
        library.close()
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    documents = {}
    for doc in manifest["documents"]:
        for item in doc["files"]:
            documents[item["original_name"]] = doc
    return Exported(result, manifest, PdfReader(result.pdf), documents)


def _page_text(reader: PdfReader, number: int) -> str:
    return " ".join(reader.pages[number - 1].extract_text().split())


def test_each_portal_record_is_printed_where_it_belongs(exported: Exported) -> None:
    for name in (CCDA.name, UNSTRUCTURED.name, FHIR_DOCUMENT.name):
        doc = exported.documents[name]
        assert doc["in_pdf"], name
        assert doc["kind"] == "clinical-record"
    xdm_docs = [d for d in exported.manifest["documents"] if d["kind"] == "clinical-record"]
    assert len(xdm_docs) >= 4, "the C-CDA inside the XDM zip is printed too"


def test_bookmarks_point_at_each_rendering_and_its_first_page_shows_its_title(
    exported: Exported,
) -> None:
    marks: dict[str, int] = {}

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                marks[item.title] = exported.reader.get_destination_page_number(item) + 1

    walk(exported.reader.outline)
    for doc in exported.manifest["documents"]:
        if doc["in_pdf"]:
            assert marks[doc["label"]] == doc["pdf_pages"][0], doc["label"]
    summary = exported.documents[CCDA.name]
    first = _page_text(exported.reader, summary["pdf_pages"][0])
    assert "Discharge Summary" in first and "Patient" in first


def test_rendered_pages_carry_footers_and_page_ids(exported: Exported) -> None:
    doc = exported.documents[CCDA.name]
    first, last = doc["pdf_pages"]
    assert doc["page_ids"] == [f"SL-{first:06d}", f"SL-{last:06d}"]
    for number in range(first, last + 1):
        assert f"SL-{number:06d}" in _page_text(exported.reader, number)
        assert "Ana Diaz" in _page_text(exported.reader, number)


def test_every_section_narrative_is_in_the_packet_pdf(exported: Exported) -> None:
    doc = exported.documents[CCDA.name]
    first, last = doc["pdf_pages"]
    printed = squeezed(" ".join(_page_text(exported.reader, n) for n in range(first, last + 1)))
    chunks = [c for section in cda_section_chunks(CCDA.read_bytes()) for c in section]
    assert missing_in_order(chunks, printed) == []


def test_the_embedded_pdf_of_an_unstructured_document_is_printed(exported: Exported) -> None:
    doc = exported.documents[UNSTRUCTURED.name]
    embedded = len(PdfReader(SAMPLES / "pdf" / "hl7__UD_sample.pdf").pages)
    first, last = doc["pdf_pages"]
    assert last - first + 1 == 1 + embedded


def test_only_what_truly_cannot_be_printed_is_in_the_appendix(exported: Exported) -> None:
    doc = exported.documents["settings.xml"]
    assert not doc["in_pdf"]
    assert "not a clinical document" in doc["not_in_pdf_because"]
    assert doc["readable_copy"] is None
    pages = (_page_text(exported.reader, n) for n in range(1, len(exported.reader.pages) + 1))
    appendix = next(text for text in pages if text.startswith("Appendix"))
    assert "settings" in appendix or doc["label"][:20] in appendix
    assert [d for d in exported.manifest["documents"] if not d["in_pdf"]] == [doc]


def test_a_readable_copy_sits_next_to_each_original(exported: Exported) -> None:
    folder = exported.result.folder
    sums = (folder / "SHA256SUMS").read_text(encoding="utf-8")
    for doc in exported.manifest["documents"]:
        if doc["kind"] != "clinical-record" or not doc["in_pdf"]:
            continue
        original = Path(doc["files"][0]["path"])
        copy = Path(doc["readable_copy"])
        assert copy.parent == original.parent
        assert copy.name == original.stem + " (readable).html"
        assert (folder / original).is_file() and (folder / copy).is_file()
        assert f"  {copy.as_posix()}\n" in sums
        page = (folder / copy).read_text(encoding="utf-8")
        assert "<script" not in page.lower()
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//|file:)""", page, re.I)


def test_the_readable_copy_holds_every_section_narrative(exported: Exported) -> None:
    doc = exported.documents[CCDA.name]
    page = (exported.result.folder / doc["readable_copy"]).read_bytes()
    chunks = [c for section in cda_section_chunks(CCDA.read_bytes()) for c in section]
    assert missing_in_order(chunks, squeezed(html_words(page))) == []


def test_index_links_the_readable_copy_first(exported: Exported) -> None:
    index = lxml_html.fromstring((exported.result.folder / "index.html").read_bytes())
    for doc in exported.manifest["documents"]:
        if not doc["readable_copy"]:
            continue
        row = next(
            tr
            for tr in index.iter("tr")
            if any(unquote(a.get("href")) == doc["readable_copy"] for a in tr.iter("a"))
        )
        links = [unquote(a.get("href")) for a in row.iter("a")]
        assert links[0] == doc["readable_copy"]
        assert links[1:] == [item["path"] for item in doc["files"]]
