"""The packet's summary pages use what the person accepted from portal records: each
item names the document it came from (and links to that document's page on the
clinical summary), and accepted results appear as a table by test and date."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from rendering_support import SAMPLES

from organizer.core.clinical.review import accept, proposals, results
from organizer.core.dates import PartialDate
from organizer.core.export import ExportOptions, export_packet
from organizer.core.importing import import_paths
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.records import Medication, Packet, Person

CCDA = SAMPLES / "ccda" / "hl7__Progress_Note.xml"


@dataclass
class Packet_:
    reader: PdfReader
    medications: list[str]
    typed: str
    results: list[tuple[str, str, str]]
    """Test, value and unit of each accepted lab result."""


def _text(reader: PdfReader, index: int) -> str:
    return " ".join(reader.pages[index].extract_text().split())


def _bookmark_page(reader: PdfReader, title: str) -> int:
    def walk(items: list[object]) -> int | None:
        for item in items:
            if isinstance(item, list):
                found = walk(item)
                if found is not None:
                    return found
            elif getattr(item, "title", None) == title:
                return reader.get_destination_page_number(item)  # type: ignore[arg-type]
        return None

    found = walk(reader.outline)
    assert found is not None, title
    return found


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Packet_:
    root = tmp_path_factory.mktemp("accepted")
    library = Library.open(root / "library")
    try:
        person_id = library.add(Person(name="Adam Everyman", dob=PartialDate(1954, 11, 25)))
        packet_id = library.add_packet(Packet(person_id=person_id, title="Second opinion"))
        library.add(Medication(person_id=person_id, name="Typed-in vitamin D", current=True))
        import_paths(library, person_id, [CCDA], JobContext())
        wanted = [
            p.id
            for p in proposals(library, person_id)
            if p.kind in ("medication", "result", "problem")
        ]
        accept(library, person_id, wanted)
        medications = [
            m.name for m in library.children(Medication, person_id) if m.current and m.id
        ]
        accepted = [(r.test, r.value, r.unit) for r in results(library, person_id)]
        target = root / "stick"
        target.mkdir()
        result = export_packet(library, packet_id, target, ExportOptions(), JobContext())
    finally:
        library.close()
    return Packet_(PdfReader(result.pdf), medications, "Typed-in vitamin D", accepted)


def test_the_fixture_accepted_medications_and_results(exported: Packet_) -> None:
    assert len(exported.medications) >= 3  # two accepted, one typed in
    assert len([r for r in exported.results if r[1]]) >= 3


def test_medications_page_names_the_source_of_accepted_items_only(exported: Packet_) -> None:
    first = _bookmark_page(exported.reader, "Current medications")
    text = _text(exported.reader, first) + " " + _text(exported.reader, first + 1)
    assert "From" in text
    assert text.count("Progress Note") >= 2
    start = text.index(exported.typed)
    typed_row = text[start : text.index("Allergies", start)]
    assert "Progress Note" not in typed_row  # typed in by the person: no source to name


def test_clinical_summary_lines_link_to_the_source_documents_page(exported: Packet_) -> None:
    reader = exported.reader
    summary = _bookmark_page(reader, "Clinical summary")
    text = _text(reader, summary)
    assert "from:" in text
    ccda_page = next(
        index
        for index in range(summary + 1, len(reader.pages))
        if index > _bookmark_page(reader, "Questions for the specialist")
        and "Progress Note" in _text(reader, index)
    )
    numbers = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    targets = [
        numbers[link["/Dest"][0].idnum]
        for link in (a.get_object() for a in reader.pages[summary].get("/Annots", []))
        if link.get("/Subtype") == "/Link" and "/Dest" in link
    ]
    assert targets.count(ccda_page) >= 2  # one per accepted medication at least
    assert f"(page {ccda_page + 1})" in text


def test_an_accepted_problem_reads_as_its_name_its_code_in_words_on_the_timeline(
    exported: Packet_,
) -> None:
    """The Progress Note's problems carry SNOMED CT codes: the summary names each problem
    (the number means nothing to a reader there); the timeline gives the code in words."""
    reader = exported.reader
    summary = _text(reader, _bookmark_page(reader, "Clinical summary"))
    problems = summary[summary.index("Problems") : summary.index("Imaging studies")]
    assert "Mixed asthma" in problems
    assert "snomed" not in problems.lower() and "195977004" not in problems
    assert "Code:" not in problems
    first = _bookmark_page(reader, "Timeline")
    timeline = _text(reader, first) + " " + _text(reader, first + 1)
    assert "SNOMED CT 195977004" in timeline
    assert "Code: snomed" not in timeline


def test_accepted_results_are_a_table_by_test_and_date(exported: Packet_) -> None:
    reader = exported.reader
    first = _bookmark_page(reader, "Results")
    text = _text(reader, first) + " " + _text(reader, first + 1)
    assert "Lab results" in text
    for header in ("Test", "Value", "Unit", "Range", "Flag", "Date", "From"):
        assert header in text
    shown = [(test, value, unit) for test, value, unit in exported.results if value]
    for test, value, unit in shown[:5]:
        assert test.split()[0] in text, test
        assert value in text, (test, value)
        if unit:
            assert unit in text, (test, unit)


def test_a_packet_without_accepted_results_has_no_results_section(tmp_path: Path) -> None:
    library = Library.open(tmp_path / "library")
    try:
        person_id = library.add(Person(name="Ana Diaz"))
        packet_id = library.add_packet(Packet(person_id=person_id, title="Second opinion"))
        import_paths(library, person_id, [CCDA], JobContext())  # proposed, not accepted
        target = tmp_path / "stick"
        target.mkdir()
        result = export_packet(library, packet_id, target, ExportOptions(), JobContext())
    finally:
        library.close()
    reader = PdfReader(result.pdf)
    titles = [getattr(item, "title", "") for item in reader.outline if not isinstance(item, list)]
    nested = [
        getattr(child, "title", "")
        for item in reader.outline
        if isinstance(item, list)
        for child in item
    ]
    assert "Results" not in titles + nested
    assert "Timeline" in nested
