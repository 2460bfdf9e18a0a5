"""Whose record: the CLI contract, the checklist rule, the export warning, moving documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from organizer.cli import main
from organizer.core.checklist import Status, evaluate
from organizer.core.dates import PartialDate
from organizer.core.export import preflight
from organizer.core.identity.documents import move_document
from organizer.core.library import Library
from organizer.core.records import Document, Event, Packet, Person
from organizer.core.vocab import EventKind, Identity


def run(capsys: pytest.CaptureFixture[str], library: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--library", str(library), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def documents_json(capsys: pytest.CaptureFixture[str], lib: Path) -> dict[int, dict[str, object]]:
    code, out, err = run(capsys, lib, "list", "documents", "--json")
    assert code == 0, err
    return {int(item["id"]): item for item in json.loads(out)}


@pytest.fixture
def imported(capsys: pytest.CaptureFixture[str], library_dir: Path, samples: Path) -> Path:
    """Ana (born 1961) with three files: Jeremy Bates's C-CDA, a FHIR allergy naming no
    one, and the HL7 discharge summary of Isabella Jones."""
    lib = library_dir
    for args in (
        ("person", "add", "--name", "Ana Diaz", "--dob", "1961-04-09"),
        ("packet", "add", "--person", "1", "--title", "Second opinion"),
    ):
        assert run(capsys, lib, *args)[0] == 0
    code, out, _ = run(
        capsys,
        lib,
        "import",
        "--person",
        "1",
        str(samples / "ccda/practice-fusion__JeremyBatesApi.xml"),
        str(samples / "fhir/hl7ex__AllergyIntolerance-example.json"),
        str(samples / "ccda/hl7__Discharge_Summary.xml"),
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0].endswith(
        "practice-fusion__JeremyBatesApi.xml: imported as document 1; "
        "names another person: Jeremy V Bates Jr, born 1980-08-01"
    )
    assert lines[1].endswith("hl7ex__AllergyIntolerance-example.json: imported as document 2")
    assert lines[2].endswith("names another person: Isabella Jones, born 2005-05-01")
    assert lines[-1] == "imported 3, duplicates 0, skipped 0, rejected 0"
    return lib


def test_list_documents_json_says_identity_and_who_is_named(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    documents = documents_json(capsys, imported)
    assert documents[1]["identity"] == "mismatch"
    assert documents[1]["named_person"] == {"name": "Jeremy V Bates Jr", "dob": "1980-08-01"}
    assert documents[2]["identity"] == "unknown"
    assert documents[2]["named_person"] is None


def test_same_person_confirms_and_the_checklist_and_export_stop_warning(
    capsys: pytest.CaptureFixture[str], imported: Path, tmp_path: Path
) -> None:
    with Library.open(imported, lock=False) as library:
        (rule,) = [
            r for r in evaluate(library, 1).results if r.rule_id == "documents-belong-to-person"
        ]
        assert rule.status is Status.MISSING
        assert set(rule.refs) == {("document", 1), ("document", 3)}
        assert rule.fix == f"open-document:{rule.refs[0][1]}"  # it opens such a document
        assert "Jeremy V Bates Jr, born 1980-08-01" in rule.explanation
        warnings = [p.message for p in preflight(library, 1, tmp_path)]
        assert any("2 documents name another person, not Ana Diaz" in w for w in warnings)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, _, err = run(capsys, imported, "export", "--packet", "1", "--to", str(out_dir))
    assert code == 0
    first = err.splitlines()[0]
    assert first.startswith("second-look-cli: warning: 2 documents name another person")
    assert "Isabella Jones, born 2005-05-01" in first

    assert run(capsys, imported, "document", "set", "1", "--same-person")[0] == 0
    assert run(capsys, imported, "document", "set", "3", "--same-person")[0] == 0
    documents = documents_json(capsys, imported)
    assert documents[1]["identity"] == "match" and documents[1]["identity_confirmed"] is True
    assert documents[1]["named_person"] == {"name": "Jeremy V Bates Jr", "dob": "1980-08-01"}
    with Library.open(imported, lock=False) as library:
        (rule,) = [
            r for r in evaluate(library, 1).results if r.rule_id == "documents-belong-to-person"
        ]
        assert rule.status is Status.OK
        assert not [p for p in preflight(library, 1, tmp_path) if "another person" in p.message]


def test_a_document_left_out_of_the_packet_is_not_a_problem(imported: Path, tmp_path: Path) -> None:
    with Library.open(imported) as library:
        library.set_document_included(1, 1, False)
        library.set_document_included(1, 3, False)
        (rule,) = [
            r for r in evaluate(library, 1).results if r.rule_id == "documents-belong-to-person"
        ]
        assert rule.status is Status.OK


def test_other_names_clear_documents_that_use_them(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    assert run(capsys, imported, "person", "set", "1", "--dob", "1980-08-01")[0] == 0
    code, _, err = run(capsys, imported, "person", "set", "1", "--add-other-name", "Jeremy Bates")
    assert code == 0, err
    documents = documents_json(capsys, imported)
    assert documents[1]["identity"] == "match" and documents[1]["identity_confirmed"] is False
    assert documents[3]["identity"] == "mismatch"
    code, out, _ = run(capsys, imported, "list", "people", "--json")
    assert json.loads(out)[0]["other_names"] == ["Jeremy Bates"]
    assert run(capsys, imported, "person", "set", "1", "--add-other-name", " ")[0] == 2


def test_document_move_files_it_under_the_other_person(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    assert run(capsys, imported, "person", "add", "--name", "Isabella Jones")[0] == 0
    assert run(capsys, imported, "document", "move", "3", "--person", "2")[0] == 0
    _, out, _ = run(capsys, imported, "list", "documents", "--person", "2", "--json")
    (moved,) = json.loads(out)
    assert moved["id"] == 3 and moved["identity"] == "match"
    assert run(capsys, imported, "document", "move", "3", "--person", "9")[0] == 2
    assert run(capsys, imported, "document", "move", "99", "--person", "1")[0] == 2


def test_moving_keeps_files_links_and_history(imported: Path) -> None:
    with Library.open(imported) as library:
        before = library.get(Document, 3)
        files = library.document_files(3)
        stay = Event(person_id=1, date=PartialDate(2014, 9), kind=EventKind.VISIT, title="Stay")
        event = library.add(stay)
        library.link_event_document(event, 3)
        library.set_document_included(1, 3, False)
        jones = library.add(Person(name="Isabella Jones", dob=None))
        move_document(library, 3, jones)
        after = library.get(Document, 3)
        assert after.person_id == jones and after.identity is Identity.MATCH
        assert library.document_files(3) == files
        assert all(library.store.contains(f.sha256) for f in files)
        assert library.event_document_ids(event) == [3]
        for name in ("title", "added_at", "source", "details", "guess_reason", "category", "date"):
            assert getattr(after, name) == getattr(before, name), name
        assert library.document_files(3) == files
        assert library.get(Packet, 1).person_id == 1
