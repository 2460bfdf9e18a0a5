"""A turn the person sets on a document or a page: stored apart, printed upright."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pikepdf
import pytest
from export_support import SAMPLES, add_document
from pypdf import PdfReader

from organizer.cli import main
from organizer.core.dates import PartialDate
from organizer.core.errors import InvalidInput, NotFound
from organizer.core.export import ExportOptions, export_packet
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.records import Packet, Person
from organizer.core.view_settings import page_rotation, rotations, set_rotation
from organizer.core.vocab import Category

SCAN = SAMPLES / "pdf" / "hl7__UD_sample.pdf"  # three upright pages


def _library(root: Path) -> tuple[int, int]:
    with Library.open(root) as library:
        person = library.add(Person(name="Ana Diaz", dob=PartialDate(1961, 4, 9)))
        packet = library.add_packet(Packet(person_id=person, title="Second opinion"))
        document = add_document(
            library, person, "Discharge summary", Category.DISCHARGE_SUMMARY, "2026-01-05", [SCAN]
        )
    return packet, document


def test_turns_are_stored_per_document_and_per_page(tmp_path: Path) -> None:
    _packet, document = _library(tmp_path)
    with Library.open(tmp_path) as library:
        set_rotation(library, document, 180)
        set_rotation(library, document, 90, page=2)
        assert rotations(library, document) == {0: 180, 2: 90}
        set_rotation(library, document, 0, page=2)
        assert rotations(library, document) == {0: 180}
        with pytest.raises(InvalidInput):
            set_rotation(library, document, 45)
        with pytest.raises(NotFound):
            set_rotation(library, document + 100, 90)
    assert page_rotation({0: 180, 2: 270}, 2) == 90


def test_cli_rotate_turns_the_printed_pages_and_leaves_the_original_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packet, document = _library(tmp_path / "library")
    stored_before = hashlib.sha256(SCAN.read_bytes()).hexdigest()
    library_args = ["--library", str(tmp_path / "library")]
    assert main([*library_args, "document", "set", str(document), "--rotate", "180"]) == 0
    assert main([*library_args, "document", "set", str(document), "--rotate", "90"]) == 0
    turn_page = ["--rotate", "270", "--page", "3"]
    assert main([*library_args, "document", "set", str(document), *turn_page]) == 0
    assert main([*library_args, "document", "set", str(document), "--rotate", "45"]) == 2
    capsys.readouterr()
    stick = tmp_path / "stick"
    stick.mkdir()
    with Library.open(tmp_path / "library") as library:
        result = export_packet(library, packet, stick, ExportOptions(), JobContext())
        files = library.document_files(document)
        assert library.store.path_for(files[0].sha256).read_bytes() == SCAN.read_bytes()
    assert hashlib.sha256(SCAN.read_bytes()).hexdigest() == stored_before
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    placed = next(d for d in manifest["documents"] if d["id"] == document)
    first = placed["pdf_pages"][0] - 1
    with pikepdf.open(result.pdf) as pdf:
        turns = [int(pdf.pages[first + k].obj.get("/Rotate", 0)) for k in range(3)]
    assert turns == [90, 90, 0]  # the document turned 90, its third page 90 + 270 more
    reader = PdfReader(result.pdf)
    for k in range(3):  # each page keeps its footer, drawn for the page as it is seen
        assert f"Page {first + k + 1} of" in reader.pages[first + k].extract_text()
