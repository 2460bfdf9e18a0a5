"""Real files of every format, imported under the right person and under someone else."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fpdf import FPDF

from organizer.core.dates import PartialDate
from organizer.core.importing import FileOutcome, ImportSummary, import_paths
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.records import Document, Person
from organizer.core.sample_packet import ensure_sample_library
from organizer.core.vocab import Identity

WRONG = Person(name="Ana Diaz", dob=PartialDate(1961, 4, 9))


def _import(library: Library, person: Person, *paths: Path) -> ImportSummary:
    person_id = library.add(Person(name=person.name, dob=person.dob))
    return import_paths(library, person_id, list(paths), JobContext())


def _imported(summary: ImportSummary) -> FileOutcome:
    (outcome,) = [o for o in summary.outcomes if o.outcome.value == "imported"]
    return outcome


def _document(library: Library, outcome: FileOutcome) -> Document:
    assert outcome.document_id is not None
    return library.get(Document, outcome.document_id)


# (file, the person it is about, what the import line says under someone else)
CASES = [
    (
        "ccda/hl7__Discharge_Summary.xml",
        Person(name="Jones, Isabella", dob=PartialDate(2005, 5, 1)),
        "Isabella Jones, born 2005-05-01",
    ),
    (
        "ccda/allscripts-sunrise__C-CDA_400700201_20160902122113_Bates_Jeremy.xml",
        Person(name="Jeremy Bates", dob=PartialDate(1980, 8, 1)),
        "Jeremy V Bates Jr, born 1980-08-01",
    ),
    (
        "fhir/synthea__Gustavo_Mejía_59a8543c-e24f-4a01-b28b-47ccde6bc11d.json",
        Person(name="Gustavo Mejia", dob=PartialDate(1986, 11, 27)),
        "Gustavo Mejía, born 1986-11-27",
    ),
    (
        "fhir/hl7ex__Observation-f001.json",  # only the subject's display names the patient
        Person(name="Pieter van de Heuvel"),
        "P. van de Heuvel",
    ),
    (
        "pdf/hl7__UD_sample.pdf",  # "Patient Name: Levin, Henry L."
        Person(name="Henry Levin"),
        "Levin, Henry L",
    ),
    (
        "xdm/nist__CIRI_Ambulatory.zip",
        Person(name="Alice Newman", dob=PartialDate(1970, 5, 1)),
        "Alice Newman, born 1970-05-01",
    ),
]


@pytest.mark.parametrize(("name", "owner", "says"), CASES, ids=[c[0] for c in CASES])
def test_a_file_under_its_own_person_and_under_someone_else(
    tmp_path: Path, samples: Path, name: str, owner: Person, says: str
) -> None:
    with Library.open(tmp_path / "right") as library:
        outcome = _imported(_import(library, owner, samples / name))
        assert "names another person" not in outcome.line()
        assert _document(library, outcome).identity is Identity.MATCH
    with Library.open(tmp_path / "wrong") as library:
        outcome = _imported(_import(library, WRONG, samples / name))
        assert outcome.line().endswith(f"; names another person: {says}")
        document = _document(library, outcome)
        assert document.identity is Identity.MISMATCH
        assert document.named_name == says.split(", born")[0]


def test_xdm_metadata_names_the_patient_of_a_document_without_a_header(
    tmp_path: Path, samples: Path
) -> None:
    """The package says whose it is even when the file inside says nothing (a PDF here)."""
    import zipfile

    package = tmp_path / "download.zip"
    with (
        zipfile.ZipFile(samples / "xdm/nist__CIRI_Ambulatory.zip") as source,
        zipfile.ZipFile(package, "w") as target,
    ):
        for item in source.infolist():
            data = source.read(item)
            if item.filename.endswith("CIRI_AMBULATORY.XML"):
                data = (samples / "pdf/002-trivial-libre-office-writer.pdf").read_bytes()
            elif item.filename.endswith("METADATA.XML"):
                data = data.replace(b"CIRI_AMBULATORY.XML", b"LETTER.PDF")
            name = item.filename.replace("CIRI_AMBULATORY.XML", "LETTER.PDF")
            target.writestr(name, data)
    with Library.open(tmp_path / "lib") as library:
        outcome = _imported(_import(library, WRONG, package))
        assert outcome.path.endswith("LETTER.PDF")
        assert outcome.named_other == "Alice Newman, born 1970-05-01"


def test_dicom_study_under_its_patient_and_under_someone_else(
    tmp_path: Path, samples: Path
) -> None:
    study = tmp_path / "cd"
    shutil.copytree(samples / "dicom/cd_pcir/77654033/CT2", study / "CT2")
    with Library.open(tmp_path / "right") as library:
        outcome = _imported(_import(library, Person(name="Archibald Doe"), study))
        assert _document(library, outcome).identity is Identity.MATCH
    with Library.open(tmp_path / "wrong") as library:
        summary = _import(library, WRONG, study)
        outcome = _imported(summary)
        assert outcome.line().endswith("; names another person: Archibald Doe")
        assert all("names another" not in o.line() for o in summary.outcomes if o is not outcome)
        assert _document(library, outcome).identity is Identity.MISMATCH


def _labelled_pdf(path: Path, lines: list[str]) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for line in lines:
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def test_a_pdf_with_a_patient_label_among_doctors_and_a_guardian(tmp_path: Path) -> None:
    report = _labelled_pdf(
        tmp_path / "report.pdf",
        [
            "Valley Radiology - CT chest report",
            "Patient: Jeremy Bates     DOB: 04/09/1961     MRN: 77812",
            "Referring physician: Dr. Ann Lee",
            "Guardian name: Mary Bates",
            "Impression: a 6 mm nodule in the right upper lobe.",
            "Electronically signed by: Robert Stone, MD",
        ],
    )
    with Library.open(tmp_path / "right") as library:
        person = Person(name="Bates, Jeremy V", dob=PartialDate(1961, 4, 9))
        assert _document(library, _imported(_import(library, person, report))).identity is (
            Identity.MATCH
        )
    with Library.open(tmp_path / "wrong") as library:
        outcome = _imported(_import(library, Person(name="Ana Diaz"), report))
        assert outcome.line() == (
            f"{report}: imported as document 1; names another person: Jeremy Bates, born 1961-04-09"
        )


def test_a_blank_form_and_files_naming_no_one_raise_no_alarm(tmp_path: Path, samples: Path) -> None:
    form = _labelled_pdf(
        tmp_path / "form.pdf",
        ["Records release form", "Patient name: ____________", "Date of birth: __/__/____",
         "Physician name: Dr. Ann Lee", "Signature: ____________"],
    )  # fmt: skip
    with Library.open(tmp_path / "lib") as library:
        summary = _import(
            library,
            WRONG,
            form,
            samples / "pdf/pdflatex-forms.pdf",
            samples / "fhir/hl7ex__Bundle-lipids.json",
            samples / "images/hopper.png",
        )
        assert summary.imported == 4
        for outcome in summary.outcomes:
            assert "names another person" not in outcome.line()
            assert _document(library, outcome).identity is Identity.UNKNOWN


def test_guardians_and_authors_in_a_ccda_are_not_the_patient(tmp_path: Path, samples: Path) -> None:
    """The HL7 CCD names a guardian (Boris Betterhalf) and clinicians; the patient is Eve."""
    with Library.open(tmp_path / "lib") as library:
        eve = Person(name="Eve Betterhalf", dob=PartialDate(1975, 5, 1))
        outcome = _imported(_import(library, eve, samples / "ccda/hl7__CCD.XML"))
        assert _document(library, outcome).identity is Identity.MATCH
        boris = Person(name="Boris Betterhalf")
        outcome = _imported(_import(library, boris, samples / "ccda/hl7__Progress_Note.xml"))
        assert outcome.named_other == "Adam Frankie Everyman, born 1954-11-25"


def test_the_sample_packet_has_no_mismatch(tmp_path: Path) -> None:
    folder = ensure_sample_library(tmp_path / "sample")
    with Library.open(folder) as library:
        documents = library.select(Document)
        assert documents
        assert not [d for d in documents if d.identity is Identity.MISMATCH and
                    not d.identity_confirmed]  # fmt: skip
