"""Whose record, through the real window: banner, marker, confirm, move, and a batch offer."""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from organizer.core.dates import PartialDate
from organizer.core.identity.documents import confirm_same_person
from organizer.core.library import Library
from organizer.core.records import Document, Packet, Person
from organizer.core.vocab import Identity
from organizer.gui.documents.identity import NEW_PERSON, SameAnswer
from organizer.gui.documents.model import DOCUMENT_ID_ROLE, TITLE
from organizer.gui.jobs import cancel_all_and_wait
from organizer.gui.main_window import MainWindow
from organizer.gui.pages.export import ExportPage
from tests.gui_support import open_window

SAMPLES = Path(__file__).parent / "data" / "samples"
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def window(qtbot: QtBot, library: Library, tmp_path: Path) -> Iterator[MainWindow]:
    person_id = library.add(Person(name="Ana Diaz", dob=PartialDate(1961, 4, 9)))
    library.add_packet(Packet(person_id=person_id, title="Second opinion"))
    made = open_window(qtbot, library, tmp_path / "s.ini")
    made.importer.show_summaries = False
    yield made
    made.importer.shutdown()
    cancel_all_and_wait()


def import_and_wait(window: MainWindow, qtbot: QtBot, *paths: Path) -> list[int]:
    with qtbot.waitSignal(window.importer.finished, timeout=60_000) as done:
        assert window.import_paths(list(paths))
    ids: list[int] = done.args[0].document_ids
    return ids


def title_cell(window: MainWindow, document_id: int) -> tuple[str, str]:
    page = window.documents
    index = page.proxy.mapFromSource(page.model.index(page.model.row_of(document_id), TITLE))
    return index.data(), index.data(Qt.ItemDataRole.ToolTipRole)


def test_banner_and_marker_then_this_is_the_person_adds_the_other_name(
    window: MainWindow, library: Library, qtbot: QtBot
) -> None:
    (report,) = import_and_wait(window, qtbot, SAMPLES / "pdf" / "hl7__UD_sample.pdf")
    (summary,) = import_and_wait(window, qtbot, SAMPLES / "ccda" / "hl7__Discharge_Summary.xml")
    text, tooltip = title_cell(window, report)
    assert "(names another person)" in text
    assert "Levin, Henry L" in tooltip
    page = window.documents
    page.select_ids([report])
    banner = page.identity.banner
    assert banner.isVisible()
    assert "Levin, Henry L</b>, not Ana Diaz, born 1961-04-09" in banner.text.text()
    assert banner.same_button.text().startswith("Th&is is Ana Diaz")
    asked: list[str] = []

    def answer(_parent: QWidget, person: Person, document: Document) -> SameAnswer:
        asked.append(f"{person.name}/{document.named_name}")
        return SameAnswer(add_name=True)

    page.identity.ask_same = answer
    qtbot.mouseClick(banner.same_button, Qt.MouseButton.LeftButton)
    assert asked == ["Ana Diaz/Levin, Henry L"]
    assert library.get(Document, report).identity is Identity.MATCH  # by the other name
    assert library.get(Person, 1).other_names == ("Levin, Henry L",)
    assert not banner.isVisible()
    assert "names another person" not in title_cell(window, report)[0]
    assert library.get(Document, summary).identity is Identity.MISMATCH  # Isabella Jones

    window.undo_stack.undo()
    assert library.get(Person, 1).other_names == ()
    assert library.get(Document, report).identity is Identity.MISMATCH
    page.select_ids([report])
    assert banner.isVisible()

    page.identity.ask_same = lambda _p, _person, _d: SameAnswer(add_name=False)
    qtbot.mouseClick(banner.same_button, Qt.MouseButton.LeftButton)
    document = library.get(Document, report)
    assert document.identity_confirmed and library.get(Person, 1).other_names == ()


def test_move_to_a_new_person_made_from_the_file_and_undo(
    window: MainWindow, library: Library, qtbot: QtBot
) -> None:
    (summary,) = import_and_wait(window, qtbot, SAMPLES / "ccda" / "hl7__Discharge_Summary.xml")
    files = library.document_files(summary)
    page = window.documents
    page.select_ids([summary])
    offered: list[tuple[list[str], str | None]] = []

    def choose(
        _parent: QWidget, people: Sequence[Person], suggestion: Person | None, _pref: int | None
    ) -> int:
        offered.append(([p.name for p in people], suggestion.name if suggestion else None))
        return NEW_PERSON

    page.identity.ask_move = choose
    qtbot.mouseClick(page.identity.banner.move_button, Qt.MouseButton.LeftButton)
    assert offered == [([], "Isabella Jones")]
    isabella = next(p for p in library.people() if p.name == "Isabella Jones")
    assert isabella.dob == PartialDate(2005, 5, 1)
    moved = library.get(Document, summary)
    assert moved.person_id == isabella.id and moved.identity is Identity.MATCH
    assert library.document_files(summary) == files
    assert page.model.row_of(summary) == -1  # gone from Ana's list
    assert window.person_combo.count() == 2  # the new person can be chosen

    window.undo_stack.undo()
    assert [p.name for p in library.people()] == ["Ana Diaz"]
    assert library.get(Document, summary).person_id == 1
    assert page.model.row_of(summary) >= 0


def test_many_files_naming_one_other_person_are_offered_to_file_under_them(
    window: MainWindow, library: Library, qtbot: QtBot, tmp_path: Path
) -> None:
    peter = library.add(Person(name="Peter Doe"))
    window.refresh_all()
    cd = tmp_path / "cd"
    shutil.copytree(SAMPLES / "dicom" / "cd_pcir" / "98892003", cd / "98892003")
    shutil.copytree(SAMPLES / "dicom" / "cd_pcir" / "98892001", cd / "98892001")
    ids = import_and_wait(window, qtbot, cd)
    assert len(ids) == 4  # four studies, all of Peter Doe
    offer = window.documents.identity.offer
    assert offer.isVisible()
    assert "4 files you just added name Peter Doe</b>, not Ana Diaz" in offer.text.text()
    assert "Peter Doe is already in your records" in offer.text.text()
    assert offer.accept_button.text() == "File &all 4 under Peter Doe"
    qtbot.mouseClick(offer.accept_button, Qt.MouseButton.LeftButton)
    assert not offer.isVisible()
    assert {library.get(Document, i).person_id for i in ids} == {peter}
    assert window.documents.model.rowCount() == 0
    window.undo_stack.undo()
    assert {library.get(Document, i).person_id for i in ids} == {1}


def test_files_naming_different_people_get_no_batch_offer(
    window: MainWindow, library: Library, qtbot: QtBot
) -> None:
    import_and_wait(
        window,
        qtbot,
        SAMPLES / "ccda" / "hl7__Discharge_Summary.xml",
        SAMPLES / "pdf" / "hl7__UD_sample.pdf",
    )
    assert not window.documents.identity.offer.isVisible()


def test_the_checklist_fix_it_opens_the_document(
    window: MainWindow, library: Library, qtbot: QtBot
) -> None:
    (report,) = import_and_wait(window, qtbot, SAMPLES / "pdf" / "hl7__UD_sample.pdf")
    window.fix(f"open-document:{report}")
    assert window.current_section() == "documents"
    assert window.documents.selected_ids() == [report]
    assert window.documents.identity.banner.isVisible()


def test_export_warns_and_lists_them_before_writing_anything(
    window: MainWindow, library: Library, qtbot: QtBot, tmp_path: Path
) -> None:
    (report,) = import_and_wait(window, qtbot, SAMPLES / "pdf" / "hl7__UD_sample.pdf")
    page = window.show_section("export")
    assert isinstance(page, ExportPage)
    target = tmp_path / "stick"
    target.mkdir()
    page.add_destination(target)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert page.runner is None
    text = page.problems.text()
    assert "1 document names another person, not Ana Diaz" in text
    assert "Levin, Henry L" in text
    assert list(target.iterdir()) == []
    confirm_same_person(library, report)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert "another person" not in page.problems.text()


def test_other_names_in_the_person_form_clear_the_warning_and_undo_brings_it_back(
    window: MainWindow, library: Library, qtbot: QtBot
) -> None:
    (report,) = import_and_wait(window, qtbot, SAMPLES / "pdf" / "hl7__UD_sample.pdf")
    dialog = window.people.edit_person()
    assert dialog is not None
    field = dialog.form.findChild(QPlainTextEdit, "other_names")
    assert field is not None and field.toPlainText() == ""
    field.setPlainText("Henry Levin\n\n  Hank  \n")
    dialog.accept()
    assert library.get(Person, 1).other_names == ("Henry Levin", "Hank")
    assert library.get(Document, report).identity is Identity.MATCH
    window.documents.select_ids([report])
    assert not window.documents.identity.banner.isVisible()
    window.undo_stack.undo()
    assert library.get(Person, 1).other_names == ()
    assert library.get(Document, report).identity is Identity.MISMATCH


def test_any_document_can_be_moved_from_its_menu_and_mismatches_count_as_needing_a_check(
    window: MainWindow, library: Library, qtbot: QtBot
) -> None:
    photo, other = import_and_wait(
        window,
        qtbot,
        SAMPLES / "images" / "hopper.png",
        SAMPLES / "ccda" / "hl7__Discharge_Summary.xml",
    )
    bob = library.add(Person(name="Bob Diaz"))
    window.refresh_all()
    page = window.documents
    page.unchecked_only.setChecked(True)
    shown = {page.proxy.index(r, 0).data(DOCUMENT_ID_ROLE) for r in range(page.proxy.rowCount())}
    assert other in shown  # it names someone else: it needs checking
    page.unchecked_only.setChecked(False)
    page.select_ids([photo])
    assert not page.identity.banner.isVisible()  # a photo names no one
    page.identity.ask_move = lambda _parent, people, suggestion, _pref: (
        bob if [p.name for p in people] == ["Bob Diaz"] and suggestion is None else None
    )
    menu = page.context_menu()
    assert page.move_action in menu.actions() and page.move_action.isEnabled()
    page.move_action.trigger()
    assert library.get(Document, photo).person_id == bob


def test_the_import_summary_lists_files_naming_another_person(
    library: Library, qtbot: QtBot, samples: Path
) -> None:
    from organizer.core.importing import import_paths
    from organizer.core.jobs import JobContext
    from organizer.gui.importing import ImportSummaryDialog

    person = library.add(Person(name="Ana Diaz"))
    summary = import_paths(
        library,
        person,
        [samples / "pdf" / "hl7__UD_sample.pdf", samples / "images" / "hopper.png"],
        JobContext(),
    )
    dialog = ImportSummaryDialog(library, summary, False, None, None)
    qtbot.addWidget(dialog)
    (group,) = [dialog.tree.topLevelItem(i) for i in range(dialog.tree.topLevelItemCount())]
    assert group.text(0).startswith("Imported, but the file names another person")
    assert group.child(0).text(1) == "Names Levin, Henry L"
