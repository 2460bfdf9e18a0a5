"""The identity check takes the patient from the clinical reading: a C-CDA is not parsed
again for it, FHIR XML and CCR files (read only by the clinical reader) are checked too,
and when the clinical reading fails the C-CDA header is still read for the patient."""

from __future__ import annotations

from pathlib import Path

import pytest

from organizer.core.dates import PartialDate
from organizer.core.importing import import_paths, understanding
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.records import Document, Person
from organizer.core.vocab import Identity
from tests.test_clinical_reading import CCR, FHIR_XML

ANA = Person(name="Ana Diaz", dob=PartialDate(1961, 4, 9))
EVE = Person(name="Eve Betterhalf", dob=PartialDate(1975, 5, 1))


def _only_document(library: Library, person: Person, path: Path) -> Document:
    person_id = library.add(Person(name=person.name, dob=person.dob))
    summary = import_paths(library, person_id, [path], JobContext())
    assert summary.imported == 1, [o.line() for o in summary.outcomes]
    (document,) = library.children(Document, person_id)
    return document


def _header_reader_not_used(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    calls: list[Path] = []

    def counted(path: Path) -> tuple[object, ...]:
        calls.append(path)
        return ()

    monkeypatch.setattr(understanding, "ccda_identities", counted)
    return calls


def test_a_ccda_is_checked_from_the_clinical_reading(
    library: Library, samples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _header_reader_not_used(monkeypatch)
    document = _only_document(library, EVE, samples / "ccda/hl7__CCD.XML")
    assert calls == []
    assert document.identity is Identity.MATCH
    assert document.named_name == "Eve Betterhalf"  # no title, the legal name first


def test_when_the_clinical_reading_fails_the_header_is_still_read(
    library: Library, samples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(path: Path) -> None:
        raise ValueError("a reader bug")

    monkeypatch.setattr(understanding, "read_clinical", broken)
    document = _only_document(library, ANA, samples / "ccda/hl7__Progress_Note.xml")
    assert document.identity is Identity.MISMATCH
    assert document.named_name == "Adam Frankie Everyman"


def test_a_second_patient_in_a_ccda_counts(library: Library, samples: Path, tmp_path: Path) -> None:
    text = (samples / "ccda/hl7__CCD.XML").read_text(encoding="utf-8")
    start, end = text.index("<recordTarget>"), text.index("</recordTarget>") + 15
    second = text[start:end].replace("Betterhalf", "Stranger").replace("Eve", "Olga")
    path = tmp_path / "two patients.xml"
    path.write_text(text[:end] + second + text[end:], encoding="utf-8")
    document = _only_document(library, EVE, path)
    assert document.identity is Identity.MISMATCH
    assert document.named_name == "Olga Stranger"


@pytest.mark.parametrize("content", [FHIR_XML, CCR], ids=["fhir-xml", "ccr"])
def test_fhir_xml_and_ccr_files_are_checked_for_their_patient(
    library: Library, tmp_path: Path, content: str
) -> None:
    path, again = tmp_path / "record.xml", tmp_path / "again.xml"
    path.write_text(content, encoding="utf-8")
    again.write_text(content + "<!-- downloaded again -->\n", encoding="utf-8")
    assert _only_document(library, ANA, path).identity is Identity.MATCH
    other = _only_document(library, EVE, again)
    assert other.identity is Identity.MISMATCH
    assert other.named_name == "Ana Diaz"
