"""The packet as the receiving office reads it: nothing active, stamps clear of the text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from export_support import Built, add_document, build_packet
from hostile_pdf import WEB_ADDRESS, active_parts, write_hostile_pdf
from pdf_boxes import overlaps

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
