"""Review before anything joins the record: proposals, accept, dismiss, edit, undo, CLI."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from organizer.cli import main
from organizer.core.clinical.review import (
    accept,
    accepted_items,
    batches,
    dismiss,
    edit,
    embedded_in,
    proposals,
    record_sources,
    results,
    undo_batch,
)
from organizer.core.dates import PartialDate
from organizer.core.errors import InvalidInput
from organizer.core.importing import Outcome, import_paths
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.records import Allergy, Document, Event, Medication, Person
from organizer.core.vocab import EventKind


@pytest.fixture
def person(library: Library) -> int:
    return library.add(Person(name="Eve Betterhalf"))


def bring(library: Library, person_id: int, *paths: Path) -> None:
    import_paths(library, person_id, list(paths), JobContext())


def a_redownload(source: Path, folder: Path) -> Path:
    """The same record downloaded again: other bytes (a trailing comment), same content."""
    target = folder / f"again-{source.name}"
    target.write_bytes(source.read_bytes() + b"\n<!-- downloaded again -->\n")
    return target


def by_summary(library: Library, person_id: int, start: str) -> int:
    return next(p.id for p in proposals(library, person_id) if p.summary.startswith(start))


def test_import_proposes_and_the_record_stays_empty(
    library: Library, person: int, samples: Path
) -> None:
    bring(library, person, samples / "ccda" / "hl7__CCD.XML")
    pending = proposals(library, person)
    kinds = {p.kind for p in pending}
    assert kinds == {"medication", "allergy", "problem", "result", "vital-sign", "procedure",
                     "encounter", "immunization"}  # fmt: skip
    assert library.children(Medication, person) == []
    assert library.children(Allergy, person) == []
    assert library.children(Event, person) == []
    (document,) = library.children(Document, person)
    for proposal in pending:
        assert proposal.sources and proposal.sources[0].document_id == document.id
        assert proposal.sources[0].section


def test_the_same_thing_in_two_files_is_one_item_with_two_sources(
    library: Library, person: int, samples: Path, tmp_path: Path
) -> None:
    source = samples / "ccda" / "hl7__CCD.XML"
    bring(library, person, source, a_redownload(source, tmp_path))
    pending = proposals(library, person)
    assert pending
    assert all(len({s.document_id for s in p.sources}) == 2 for p in pending)


def test_accepting_places_items_with_links_to_their_sources(
    library: Library, person: int, samples: Path
) -> None:
    bring(library, person, samples / "ccda" / "hl7__CCD.XML")
    (document,) = library.children(Document, person)
    accept(library, person, None)
    assert proposals(library, person) == []
    medications = library.children(Medication, person)
    assert medications and all(m.name for m in medications)
    assert record_sources(library, "medications", medications[0].id or 0)[0].document_id == (
        document.id
    )
    events = library.children(Event, person)
    assert {e.kind for e in events} == {EventKind.DIAGNOSIS, EventKind.PROCEDURE, EventKind.VISIT}
    diagnosis = next(e for e in events if e.kind is EventKind.DIAGNOSIS)
    assert library.event_document_ids(diagnosis.id or 0) == [document.id]
    stored = results(library, person)
    assert {r.kind for r in stored} == {"result", "vital-sign"}
    assert any(r.unit and r.numeric is not None for r in stored)
    assert accepted_items(library, person, "immunization")


def test_one_undo_takes_back_a_whole_batch(library: Library, person: int, samples: Path) -> None:
    bring(library, person, samples / "ccda" / "hl7__Discharge_Summary.xml")
    before = len(proposals(library, person))
    batch = accept(library, person, None)
    assert library.children(Allergy, person) and library.children(Event, person)
    assert [b.id for b in batches(library, person)] == [batch.id]
    undo_batch(library, batch.id)
    assert library.children(Allergy, person) == []
    assert library.children(Event, person) == []
    assert len(proposals(library, person)) == before
    assert batches(library, person) == []
    with pytest.raises(InvalidInput):
        undo_batch(library, batch.id)


def test_no_known_allergies_sets_the_answer_and_undo_clears_it(
    library: Library, person: int, samples: Path
) -> None:
    bring(library, person, samples / "ccda" / "practice-fusion__JeremyBatesApi.xml")
    nka = by_summary(library, person, "No known allergies")
    batch = accept(library, person, [nka])
    assert library.get(Person, person).no_known_allergies
    assert library.children(Allergy, person) == []
    undo_batch(library, batch.id)
    assert not library.get(Person, person).no_known_allergies


def test_reimport_proposes_nothing_already_accepted_or_dismissed(
    library: Library, person: int, samples: Path, tmp_path: Path
) -> None:
    source = samples / "ccda" / "hl7__Progress_Note.xml"
    bring(library, person, source)
    pending = proposals(library, person)
    accept(library, person, [pending[0].id])
    dismiss(library, person, [p.id for p in pending[1:]])
    bring(library, person, a_redownload(source, tmp_path))
    assert len(library.children(Document, person)) == 2
    assert proposals(library, person) == []


def test_matches_with_what_the_record_already_holds(
    library: Library, person: int, samples: Path
) -> None:
    library.add(Medication(person_id=person, name="Albuterol", dose=""))
    bring(library, person, samples / "ccda" / "hl7__CCD.XML")
    found = {p.summary: p.matches for p in proposals(library, person, kind="medication")}
    albuterol = next(k for k in found if k.lower().startswith("albuterol"))
    assert found[albuterol] == ["Medications: Albuterol"]
    assert any(not matches for matches in found.values())


def test_edit_changes_the_words_before_accepting(
    library: Library, person: int, samples: Path
) -> None:
    bring(library, person, samples / "ccda" / "hl7__CCD.XML")
    proposal = proposals(library, person, kind="medication")[0]
    edit(library, proposal.id, {"name": "Albuterol inhaler", "dose": "2 puffs"})
    accept(library, person, [proposal.id])
    (medication,) = library.children(Medication, person)
    assert (medication.name, medication.dose) == ("Albuterol inhaler", "2 puffs")
    with pytest.raises(InvalidInput):
        edit(library, proposal.id, {"name": "again"})


def test_an_embedded_pdf_becomes_its_own_document(
    library: Library, person: int, samples: Path
) -> None:
    bring(library, person, samples / "ccda" / "hl7__Unstructured_Document_embed.xml")
    documents = library.children(Document, person)
    assert len(documents) == 2
    parent = next(d for d in documents if embedded_in(library, d.id or 0) is None)
    child = next(d for d in documents if d is not parent)
    assert embedded_in(library, child.id or 0) == parent.id
    (file,) = library.document_files(child.id or 0)
    assert file.media_type == "application/pdf"
    assert library.store.path_for(file.sha256).read_bytes().startswith(b"%PDF")


# -- the command line, exactly as the issue writes it ---------------------------------------


def cli(capsys: pytest.CaptureFixture[str], library_dir: Path, *args: str) -> tuple[int, str]:
    code = main(["--library", str(library_dir), *args])
    captured = capsys.readouterr()
    return code, captured.out if code == 0 else captured.err


def test_cli_review(capsys: pytest.CaptureFixture[str], library_dir: Path, samples: Path) -> None:
    assert cli(capsys, library_dir, "person", "add", "--name", "Eve")[0] == 0
    folder = library_dir.parent / "in"
    folder.mkdir()
    shutil.copy(samples / "ccda" / "hl7__CCD.XML", folder)
    assert cli(capsys, library_dir, "import", "--person", "1", str(folder))[0] == 0
    code, out = cli(capsys, library_dir, "proposals", "--person", "1", "--json")
    assert code == 0
    pending = json.loads(out)
    assert set(pending[0]) == {"id", "kind", "summary", "sources", "matches"}
    assert {p["kind"] for p in pending} >= {"medication", "allergy", "problem", "result",
                                            "vital-sign", "immunization"}  # fmt: skip
    meds = [p["id"] for p in pending if p["kind"] == "medication"]
    problem = next(p["id"] for p in pending if p["kind"] == "problem")
    code, out = cli(capsys, library_dir, "proposals", "accept", *map(str, meds), "--person", "1")
    assert (code, out.strip()) == (0, f"accepted {len(meds)} items (review batch 1)")
    code, out = cli(capsys, library_dir, "proposals", "dismiss", str(problem), "--person", "1")
    assert (code, out.strip()) == (0, "dismissed 1 item (review batch 2)")
    code, out = cli(capsys, library_dir, "list", "meds", "--person", "1", "--json")
    listed = json.loads(out)
    assert len(listed) == len(meds)
    assert listed[0]["sources"][0]["document_id"] == 1
    assert cli(capsys, library_dir, "proposals", "accept", "--all", "--person", "1")[0] == 0
    assert json.loads(cli(capsys, library_dir, "proposals", "--person", "1", "--json")[1]) == []
    for what in ("problems", "results", "procedures", "encounters", "immunizations"):
        code, out = cli(capsys, library_dir, "list", what, "--person", "1", "--json")
        assert code == 0
        assert json.loads(out), what
    code, out = cli(capsys, library_dir, "list", "problems", "--person", "1", "--json")
    assert problem not in [item["id"] for item in json.loads(out)]  # dismissed stays out
    code, out = cli(capsys, library_dir, "list", "allergies", "--person", "1")
    assert "sources" in out.splitlines()[0]


@pytest.mark.parametrize(
    "args",
    [
        ("proposals", "accept", "--person", "1"),
        ("proposals", "dismiss", "--all", "--person", "1"),
        ("proposals", "accept", "99", "--person", "1"),
        ("proposals", "--person", "7"),
        ("list", "results"),
    ],
)
def test_cli_review_bad_input_exits_2(
    capsys: pytest.CaptureFixture[str], library_dir: Path, args: tuple[str, ...]
) -> None:
    assert cli(capsys, library_dir, "person", "add", "--name", "Eve")[0] == 0
    code, err = cli(capsys, library_dir, *args)
    assert code == 2, err
    assert err.strip()


def test_a_document_in_the_trash_takes_back_what_only_it_proposed(
    library: Library, person: int, samples: Path
) -> None:
    bring(library, person, samples / "ccda" / "hl7__CCD.XML")
    (document,) = library.children(Document, person)
    hidden = proposals(library, person)[0].id
    library.trash_document(document.id or 0)
    assert proposals(library, person) == []
    with pytest.raises(InvalidInput):
        accept(library, person, [hidden])
    library.restore_document(document.id or 0)
    assert proposals(library, person)


def test_deleting_an_accepted_item_takes_its_links_and_undo_brings_them_back(
    library: Library, person: int, samples: Path
) -> None:
    bring(library, person, samples / "ccda" / "hl7__CCD.XML")
    accept(library, person, [p.id for p in proposals(library, person, kind="medication")])
    medication = library.children(Medication, person)[0]
    assert medication.id is not None
    assert record_sources(library, "medications", medication.id)
    captured = library.capture(Medication, medication.id)
    library.delete(Medication, medication.id)
    assert record_sources(library, "medications", medication.id) == []
    library.restore(captured)
    assert record_sources(library, "medications", medication.id)


def test_entries_not_read_are_noted_with_the_document(
    library: Library, person: int, samples: Path
) -> None:
    summary = import_paths(
        library,
        person,
        [samples / "ccda" / "navigating-cancer-portal__JeremyBates_CCDdownload.xml"],
        JobContext(),
    )
    (outcome,) = summary.outcomes
    assert outcome.outcome is Outcome.IMPORTED and outcome.note == ""
    (document,) = library.children(Document, person)
    notes = document.details.values["clinical_notes"]
    assert (
        "MEDICATIONS / entry 1 (ca0d3db2-529c-4229-af63-986596a2cdee/CCDA2) / states no current medications"
        in notes
    )


def test_fhir_xml_and_ccr_files_are_imported_with_their_items(
    library: Library, person: int, tmp_path: Path
) -> None:
    from tests.test_clinical_reading import CCR, FHIR_XML

    folder = tmp_path / "portal"
    folder.mkdir()
    (folder / "bundle.xml").write_text(FHIR_XML, encoding="utf-8")
    (folder / "record.xml").write_text(CCR, encoding="utf-8")
    summary = import_paths(library, person, [folder], JobContext())
    assert summary.imported == 2 and summary.rejected == 0
    titles = sorted(d.title for d in library.children(Document, person))
    assert titles == ["Continuity of Care Record (CCR)", "FHIR collection bundle"]
    summaries = sorted(p.summary for p in proposals(library, person))
    assert "Metformin 500 MG Oral Tablet, 1 tablet" in summaries
    assert "Penicillin, reaction: Rash" in summaries
    assert any(s.startswith("Hemoglobin A1c, 7.1 %") for s in summaries)


def test_an_accepted_problem_says_when_it_resolved_in_words(
    library: Library, person: int, samples: Path
) -> None:
    bring(library, person, samples / "ccda" / "hl7__CCD.XML")
    accept(library, person, None)
    details = " ".join(e.details for e in library.children(Event, person))
    resolved = re.findall(r"Resolved: ([^\n]+)", details)
    assert resolved == [PartialDate.parse("2008-08-14").display()]  # not the stored 2008-08-14
