"""The sample packet: a separate demo library where every section has something to show."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from organizer.core import importing
from organizer.core.errors import InvalidInput, LibraryLocked
from organizer.core.library import Library, default_library_dir
from organizer.core.records import (
    Allergy,
    Document,
    Event,
    Medication,
    Packet,
    Person,
    Question,
    Request,
)
from organizer.core.sample_packet import (
    MARKER_NAME,
    SAMPLE_PERSON,
    ensure_sample_library,
    sample_files_dir,
    sample_library_dir,
)
from organizer.core.vocab import Category
from organizer.gui.documents import DocumentsPage
from organizer.gui.documents.preview import PreviewKind
from organizer.gui.sample import SampleBuilder, open_sample_library

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_every_section_of_the_sample_has_something(tmp_path: Path) -> None:
    folder = ensure_sample_library(tmp_path / "sample")
    with Library.open(folder) as library:
        (person,) = library.select(Person)
        assert person.name == SAMPLE_PERSON
        assert person.id is not None
        (packet,) = library.children(Packet, person.id)
        assert packet.id is not None
        assert packet.question and packet.first_diagnosis and packet.appointment
        assert len(library.children(Event, person.id)) >= 5
        assert any(m.current for m in library.children(Medication, person.id))
        assert library.children(Allergy, person.id)
        assert len(library.children(Question, packet.id)) >= 3
        items = " ".join(r.item for r in library.children(Request, packet.id))
        assert "Pathology slides" in items and "MRI" in items and "CD" in items

        documents = library.children(Document, person.id)
        categories = {d.category for d in documents}
        assert {Category.IMAGING_STUDY, Category.DISCHARGE_SUMMARY, Category.LETTER} <= categories
        assert any(not d.category_confirmed for d in documents)  # guesses left to check
        assert any(d.category_confirmed for d in documents)
        assert len(library.packet_documents(packet.id)) == len(documents) - 1
        assert any(library.event_document_ids(e.id or 0) for e in library.select(Event))
        assert importing.pending_count(library) == 0
        assert importing.search(library, "discharge", person.id).hits


def test_an_up_to_date_sample_is_reused_and_an_old_one_rebuilt(tmp_path: Path) -> None:
    folder = ensure_sample_library(tmp_path / "sample")
    database = folder / "library.sqlite"
    built = database.stat().st_mtime_ns
    assert ensure_sample_library(folder) == folder
    assert database.stat().st_mtime_ns == built
    (folder / MARKER_NAME).write_text("older version\n", encoding="utf-8")
    # a window has the old sample open: it is left alone
    with Library.open(folder), pytest.raises(LibraryLocked):
        ensure_sample_library(folder)
    ensure_sample_library(folder)
    with Library.open(folder) as library:
        assert len(library.select(Person)) == 1


def test_the_sample_never_goes_into_someone_elses_folder(tmp_path: Path) -> None:
    own = tmp_path / "my-records"
    own.mkdir()
    (own / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InvalidInput, match="already holds other files"):
        ensure_sample_library(own)
    assert (own / "notes.txt").read_text(encoding="utf-8") == "mine"
    with pytest.raises(InvalidInput, match="your own library"):
        ensure_sample_library(default_library_dir())
    assert sample_library_dir() != default_library_dir()


def test_every_shipped_sample_file_is_named_in_sources() -> None:
    folder = sample_files_dir()
    sources = (folder / "SOURCES.md").read_text(encoding="utf-8")
    named = set(re.findall(r"^\| `([^`]+)`", sources, re.MULTILINE))
    for path in folder.rglob("*"):
        if path.is_file() and path.name != "SOURCES.md":
            relative = path.relative_to(folder).as_posix()
            assert relative in named or any(
                entry.endswith("/") and relative.startswith(entry) for entry in named
            ), relative
            original = Path(__file__).parent / "data" / "samples" / relative
            assert original.read_bytes() == path.read_bytes()  # unchanged copies


def test_open_sample_library_gives_a_folder_the_documents_page_can_show(
    qtbot: QtBot,
) -> None:
    folder = open_sample_library()
    assert folder == sample_library_dir()
    assert folder.resolve() != default_library_dir().resolve()
    with Library.open(folder) as library:
        page = DocumentsPage(library, QUndoStack())
        qtbot.addWidget(page)
        (person,) = library.select(Person)
        page.set_person(person.id)
        assert page.model.rowCount() >= 8
        study = next(d for d in library.select(Document) if d.category == "imaging-study")
        assert study.id is not None
        page.select_ids([study.id])
        assert page.preview.kind == PreviewKind.STUDY
        assert page.preview.study.series.rowCount() >= 1


def test_sample_builder_reports_the_folder_from_the_background(
    qtbot: QtBot, tmp_path: Path
) -> None:
    builder = SampleBuilder(None, tmp_path / "sample")
    with qtbot.waitSignal(builder.ready, timeout=30000) as ready:
        builder.start()
    assert ready.args == [tmp_path / "sample"]
    assert (tmp_path / "sample" / MARKER_NAME).is_file()


def test_an_installed_wheel_can_build_the_sample(installed_wheel: Path, tmp_path: Path) -> None:
    """The wheel carries the sample files (in resources/) that the demo library is made from."""
    import subprocess
    import sys

    probe = (
        "import sys, pathlib; from organizer.core import sample_packet as s;"
        "print(s.sample_files_dir()); print(s.ensure_sample_library(pathlib.Path(sys.argv[1])))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path / "sample")],
        cwd=tmp_path, env={"PYTHONPATH": str(installed_wheel), "PATH": "/usr/bin:/bin",
                           "HOME": str(tmp_path)},
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    files, folder = result.stdout.split()
    assert Path(files) == installed_wheel / "organizer" / "_resources" / "sample"
    with Library.open(Path(folder)) as library:
        assert len(library.select(Document)) >= 8
