"""Sections are made when first shown: the start builds only the Overview, nothing is lost.

A page not made yet has no view to keep up to date; when it is made it reads what the
library holds then, so a change, an undo or a fix-it before it was ever shown still shows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from organizer.core import ops
from organizer.core.library import Library
from organizer.core.records import Document, Medication, Packet, Person
from organizer.gui.changes import announce
from organizer.gui.documents.model import DocumentsModel
from organizer.gui.documents.page import DocumentsPage
from organizer.gui.editor import RecordDialog
from organizer.gui.main_window import SECTION_ORDER, MainWindow
from organizer.gui.undo import push
from tests.gui_support import open_window
from tests.test_gui_main_import import SAMPLES


def test_a_shortcut_makes_its_section_and_shows_it(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    person_id = library.add(Person(name="Ana Diaz"))
    library.add(Medication(person_id=person_id, name="Metformin"))
    window = open_window(qtbot, library, tmp_path / "s.ini")
    assert list(window.pages.built()) == ["overview"]
    number = [key for key, _ in SECTION_ORDER].index("medications") + 1
    qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
    assert window.current_section() == "medications"
    page = window.list_pages["medications"]
    assert window.page_stack.currentWidget() is window.page_holders["medications"]
    assert page.isVisible() and page.model.rowCount() == 1
    assert window.menus.new_action.text() == "&New medication…"
    # its "none" box is on the page and says what the person's record says
    box = window.people.flag_boxes["takes_no_medications"]
    assert box.isVisible() and box.isEnabled() and not box.isChecked()


def test_changes_before_a_section_is_made_show_when_it_is(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    person_id = library.add(Person(name="Ana Diaz"))
    packet_id = library.add_packet(Packet(person_id=person_id, title="Lung nodule"))
    window = open_window(qtbot, library, tmp_path / "s.ini")
    outcome = ops.add_record(library, Medication(person_id=person_id, name="Metformin"))
    assert push(window.undo_stack, library, "Add medication", outcome)  # announced
    assert not window.pages.is_built("medications")
    assert window.list_pages["medications"].model.rowCount() == 1
    window.undo_stack.undo()  # undone once it is made: the page follows
    assert window.list_pages["medications"].model.rowCount() == 0
    window.undo_stack.redo()
    assert window.list_pages["medications"].model.rowCount() == 1

    packet = library.get(Packet, packet_id)
    packet.question = "Is surgery needed now?"
    outcome = ops.update_record(library, packet)
    announce(library, outcome.changes)
    assert not window.pages.is_built("visit")
    window.show_section("visit")
    assert window.visit_page.packet_id == packet_id


def test_a_fix_it_opens_a_section_never_shown(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    person_id = library.add(Person(name="Ana Diaz"))
    library.add_packet(Packet(person_id=person_id, title="Lung nodule"))
    window = open_window(qtbot, library, tmp_path / "s.ini")
    assert not window.pages.is_built("requests")
    dialog = window.fix("add-request:pathology slides")
    assert isinstance(dialog, RecordDialog) and window.current_section() == "requests"
    dialog.accept()
    assert window.list_pages["requests"].model.rowCount() == 1
    assert not window.pages.is_built("questions")
    window.fix("add-question")
    assert window.current_section() == "questions"
    assert window.questions.standard_button.isVisible()


def test_in_the_app_a_hidden_documents_page_reads_a_new_person_when_shown_again(
    qtbot: QtBot, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana = library.add(Person(name="Ana Diaz"))
    ben = library.add(Person(name="Ben Diaz"))
    library.add_document(Document(person_id=ana, title="Letter"))
    library.add_document(Document(person_id=ben, title="Scan"))
    monkeypatch.setattr(DocumentsPage, "read_when_shown", False)  # put back after the test
    monkeypatch.setattr(MainWindow, "documents_read_when_shown", True)  # as app.main sets it
    loads: list[int | None] = []
    real_load = DocumentsModel._load

    def counted(model: DocumentsModel) -> Any:
        loads.append(model.person_id)
        return real_load(model)

    monkeypatch.setattr(DocumentsModel, "_load", counted)
    window = open_window(qtbot, library, tmp_path / "s.ini")
    first = window.person_id
    window.show_section("documents")
    assert loads == [first] and window.documents.model.rowCount() == 1
    window.show_section("overview")
    window.person_combo.setCurrentIndex(1 - window.person_combo.currentIndex())
    assert window.person_id != first and loads == [first]  # hidden: nothing read yet
    window.show_section("documents")
    assert loads == [first, window.person_id]


def test_a_file_dropped_on_a_text_box_of_a_section_made_later_is_imported(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    library.add(Person(name="Ana Diaz"))
    window = open_window(qtbot, library, tmp_path / "s.ini")
    window.importer.show_summaries = False
    window.show_section("documents")  # made after the window was shown
    box = window.documents.search_box
    dropped = SAMPLES / "pdf" / "hl7__UD_sample.pdf"
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(dropped))])
    data.setText(str(dropped))  # as file managers offer it: a text box would take it as text
    args = (
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    try:
        with qtbot.waitSignal(window.importer.finished, timeout=20_000):
            QApplication.sendEvent(box, QDragEnterEvent(QPointF(5, 5), *args))
            QApplication.sendEvent(box, QDropEvent(QPointF(5, 5), *args))
        assert box.text() == ""
    finally:
        window.importer.shutdown()


def test_the_welcome_page_is_made_only_when_no_one_is_in_the_library(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    person_id = library.add(Person(name="Ana Diaz"))
    window = open_window(qtbot, library, tmp_path / "s.ini")
    assert window.central.count() == 1  # the sections only: the start builds no welcome
    assert window.findChild(QWidget, "welcome_page") is None
    outcome = ops.delete_record(library, Person, person_id)
    assert push(window.undo_stack, library, "Delete person", outcome)
    assert window.central.currentWidget() is window.findChild(QWidget, "welcome_page")
    assert window.welcome.first_person_button.isVisible()
    window.undo_stack.undo()  # the person is back: the sections again
    assert window.central.currentWidget() is window.content
