"""The packet as the receiving office reads it: nothing active, stamps clear of the text."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from export_support import Built, add_document, build_packet
from hostile_pdf import WEB_ADDRESS, active_parts, write_hostile_pdf
from pdf_boxes import overlaps
from pypdf import PdfReader

from organizer.core.dates import PartialDate
from organizer.core.export import ExportOptions, ExportResult, export_packet
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.vocab import Category


@dataclass
class Exported:
    result: ExportResult
    built: Built
    hostile: Path


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    root = tmp_path_factory.mktemp("front")
    hostile = write_hostile_pdf(root / "lab-with-scripts.pdf")
    with Library.open(root / "library") as library:
        built = build_packet(library)
        built.documents["hostile"] = add_document(
            library, built.person_id, "Lab results", Category.LAB_RESULT, "2026-01-06", [hostile]
        )
        target = root / "stick"
        target.mkdir()
        result = export_packet(library, built.packet_id, target, ExportOptions(), JobContext())
    return Exported(result, built, hostile)


def test_the_source_really_carries_active_parts(exported: Exported) -> None:
    assert set(active_parts(exported.hostile)) == {
        "/JS",
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/EmbeddedFiles",
    }


def test_nothing_active_reaches_the_packet_pdf(exported: Exported) -> None:
    assert active_parts(exported.result.pdf) == []
    with pikepdf.open(exported.result.pdf) as pdf:
        for key in ("/OpenAction", "/AA", "/AcroForm", "/Names"):
            assert key not in pdf.Root
        actions = []
        for page in pdf.pages:
            assert "/AA" not in page.obj
            for annotation in page.obj.get("/Annots", []):
                subtype = str(annotation.Subtype)
                assert subtype not in ("/Widget", "/FileAttachment", "/RichMedia")
                if "/A" in annotation:
                    actions.append(annotation.A)
        web = [a for a in actions if str(a.S) == "/URI"]
        assert [str(a.URI) for a in web] == [WEB_ADDRESS]
        assert all("/Next" not in a for a in web)
        assert {str(a.S) for a in actions} <= {"/URI", "/GoTo"}


def test_the_form_fields_are_drawn_into_the_page(exported: Exported) -> None:
    """The pdflatex form's fields (its widgets are gone) now print as page content."""
    with pikepdf.open(exported.result.pdf) as pdf:
        drawn = [
            name
            for page in pdf.pages
            for name in page.obj.Resources.get("/XObject", {})
            if name.startswith("/Fxo")  # qpdf's name for a flattened appearance
        ]
    assert len(drawn) == 2


def test_no_stamp_covers_any_text_of_the_packet(exported: Exported) -> None:
    assert overlaps(exported.result.pdf.read_bytes()) == []


def _manifest(exported: Exported) -> dict[str, Any]:
    folder = exported.result.folder
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def test_page_2_is_the_clinical_summary_with_question_diagnosis_and_allergies(
    exported: Exported,
) -> None:
    page = " ".join(PdfReader(exported.result.pdf).pages[1].extract_text().split())
    assert page.startswith("Clinical summary")
    for expected in (
        "Is surgery needed now, or is watching the nodule safe?",
        "Right upper lobe nodule, probably malignant",
        "Lobectomy in December",
        "Penicillin: rash (Moderate)",
        "Metformin 500 mg, twice a day",
        "CT chest with contrast",  # the imaging studies table
    ):
        assert expected in page, expected
    # the diagnosis points at the pathology report's pages, as a link
    pathology = next(
        d
        for d in _manifest(exported)["documents"]
        if d["id"] == exported.built.documents["pathology"]
    )
    first = pathology["pdf_pages"][0]
    assert f"page {first} (SL-{first:06d})" in page
    assert first - 1 in _link_targets(exported.result.pdf, 1)


def _link_targets(path: Path, page_index: int) -> list[int]:
    """The 0-based pages that the links on one page lead to."""
    with pikepdf.open(path) as pdf:
        numbers = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
        return [
            numbers[annotation.Dest[0].objgen]
            for annotation in pdf.pages[page_index].obj.get("/Annots", [])
            if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation
        ]


def test_every_row_of_the_index_links_to_its_documents_first_page(exported: Exported) -> None:
    documents = _manifest(exported)["documents"]
    printed = sorted(d["pdf_pages"][0] - 1 for d in documents if d["in_pdf"])
    targets = _link_targets(exported.result.pdf, 2)
    assert sorted(t for t in targets if t in printed) == printed
    # rows of what is not printed lead to the appendix
    reader = PdfReader(exported.result.pdf)
    appendix = next(
        i for i, page in enumerate(reader.pages) if page.extract_text().startswith("Appendix")
    )
    not_printed = [d for d in documents if not d["in_pdf"]]
    assert targets.count(appendix) == len(not_printed)


def test_each_document_starts_with_its_title_line(exported: Exported) -> None:
    reader = PdfReader(exported.result.pdf)
    for doc in _manifest(exported)["documents"]:
        if doc["in_pdf"]:
            first, last = doc["pdf_pages"]
            text = reader.pages[first - 1].extract_text()
            ids = f"SL-{first:06d}" if first == last else f"SL-{first:06d} to SL-{last:06d}"
            # the date in words; a record whose file names no date reads "Undated"
            date = PartialDate.parse(doc["date"]).display() if doc["date"] else "Undated"
            words = doc["label"].split(" ")
            title = " ".join(words[2:] if words[0] == "about" else words[1:])
            assert f"{date} {title} · " in text and ids in text, doc["label"]


def test_the_office_part_comes_last_without_the_patients_to_dos(exported: Exported) -> None:
    reader = PdfReader(exported.result.pdf)
    last = " ".join(reader.pages[-1].extract_text().split())
    assert "Insurance and contacts" in last and "Checklist status" in last
    everything = " ".join(page.extract_text() for page in reader.pages)
    assert "returned when back" not in everything
    assert "Not applicable" not in everything and "not-needed" not in everything


def test_index_html_has_the_same_summary_and_index(exported: Exported) -> None:
    html = (exported.result.folder / "index.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower() and "http" not in html
    for expected in (
        "Clinical summary",
        "Is surgery needed now, or is watching the nodule safe?",
        "Right upper lobe nodule, probably malignant",
        "Penicillin: rash (Moderate)",
        "Index of documents",
        "DICOMDIR (open this in a DICOM viewer)",
    ):
        assert expected in html, expected
    for doc in _manifest(exported)["documents"]:
        if doc["in_pdf"]:
            assert f"#page={doc['pdf_pages'][0]}" in html or doc["category"] not in (
                "pathology-report",
                "clinical-note",
            )
