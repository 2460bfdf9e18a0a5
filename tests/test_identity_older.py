"""Documents imported before identities were read are read again from their stored files."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from organizer.cli import main
from organizer.core.dates import PartialDate
from organizer.core.details import DocumentDetails
from organizer.core.identity.documents import was_read
from organizer.core.identity.rereading import pending_reads, read_all_pending
from organizer.core.importing import import_paths
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.records import Document, Person
from organizer.core.vocab import Identity
from organizer.gui.jobs import cancel_all_and_wait
from tests.gui_support import open_window

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _as_before_version_6(library: Library) -> list[int]:
    """Forget what import read about the patients, as a library from before version 6."""
    ids = []
    for document in library.select(Document):
        kept = {k: v for k, v in document.details.values.items() if k != "identity_found"}
        document.details = DocumentDetails.of(kept)
        document.identity, document.named_name, document.named_dob = Identity.UNKNOWN, "", None
        library.update(document)
        ids.append(document.id or 0)
    return ids


@pytest.fixture
def older(library: Library, samples: Path, tmp_path: Path) -> Library:
    person = library.add(Person(name="Ana Diaz", dob=PartialDate(1961, 4, 9)))
    study = tmp_path / "study"
    study.mkdir()
    (study / "ct.dcm").write_bytes((samples / "dicom/cd_pcir/77654033/CT2/17106").read_bytes())
    paths = [
        samples / "pdf/hl7__UD_sample.pdf",
        samples / "ccda/hl7__Discharge_Summary.xml",
        samples / "fhir/synthea__Clemente_Kreiger_1484a42d-0eaf-4654-9cbf-6b050a5cd73b.json",
        samples / "images/hopper.png",
        study,
    ]
    import_paths(library, person, paths, JobContext())
    assert len(_as_before_version_6(library)) == 5
    return library


def _named(library: Library) -> dict[str, tuple[Identity, str]]:
    return {d.title[:20]: (d.identity, d.named_name) for d in library.select(Document)}


def test_older_documents_are_read_and_judged(older: Library) -> None:
    assert len(pending_reads(older)) == 5
    assert read_all_pending(older, JobContext()) == 5
    named = sorted(name for identity, name in _named(older).values())
    assert named == ["", "Archibald Doe", "Clemente Kreiger", "Isabella Jones", "Levin, Henry L"]
    assert pending_reads(older) == []
    assert read_all_pending(older, JobContext()) == 0


def test_only_unread_documents_are_pending_and_a_batch_is_a_few(older: Library) -> None:
    ids = sorted(task.document_id for task in pending_reads(older))
    # unreadable details count as not read, as was_read says
    older._execute("UPDATE documents SET details = 'not json' WHERE id = ?", (ids[0],))
    assert not was_read(older.get(Document, ids[0]))
    second = older.get(Document, ids[1])
    second.details = DocumentDetails.of({"identity_found": []})  # read: the file named no one
    older.update(second)
    pending = sorted(task.document_id for task in pending_reads(older))
    assert pending == [ids[0], *ids[2:]]
    assert len(pending_reads(older, limit=2)) == 2  # the start reads a batch, not the library


def test_the_cli_index_command_reads_them(
    older: Library, library_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    older.close()
    assert main(["--library", str(library_dir), "index"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "read whom 5 older documents name"
    with Library.open(library_dir, lock=False) as reopened:
        mismatches = [d for d in reopened.select(Document) if d.identity is Identity.MISMATCH]
        assert len(mismatches) == 4


def test_the_window_reads_them_in_the_background(
    older: Library, qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_window(qtbot, older, tmp_path / "s.ini")
    try:
        reader = window.older_documents
        with qtbot.waitSignal(reader.finished, timeout=60_000):
            assert reader.start() is not None
        assert not pending_reads(older)
        marked = [
            window.documents.model.index(row, 1).data()
            for row in range(window.documents.model.rowCount())
        ]
        assert sum("(names another person)" in text for text in marked) == 4
    finally:
        window.importer.shutdown()
        cancel_all_and_wait()
