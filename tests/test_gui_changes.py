"""After each operation the views hear one notice and update only the rows it touched."""

from __future__ import annotations

from pathlib import Path

import pytest
from document_helpers import SAMPLES, add_file_document
from PySide6.QtCore import QAbstractItemModel
from pytestqt.qtbot import QtBot

from organizer.core import ops
from organizer.core.checklist import STANDARD_QUESTIONS
from organizer.core.library import Library
from organizer.core.ops import Changes
from organizer.core.records import Medication, Packet, Person
from organizer.core.vocab import Category
from organizer.gui.changes import notices
from organizer.gui.main_window import MainWindow
from organizer.gui.pages.records import RecordListPage
from organizer.gui.undo import push
from tests.gui_support import open_window

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


class Signals:
    """Counts what a model told its views."""

    def __init__(self, model: QAbstractItemModel) -> None:
        self.seen: list[str] = []
        model.modelReset.connect(lambda: self.seen.append("reset"))
        model.rowsInserted.connect(lambda *_: self.seen.append("inserted"))
        model.rowsRemoved.connect(lambda *_: self.seen.append("removed"))
        model.dataChanged.connect(lambda *_: self.seen.append("changed"))
        model.layoutChanged.connect(lambda *_: self.seen.append("moved"))


@pytest.fixture
def window(qtbot: QtBot, library: Library, tmp_path: Path) -> MainWindow:
    person_id = library.add(Person(name="Ana Diaz"))
    library.add_packet(Packet(person_id=person_id, title="Second opinion"))
    return open_window(qtbot, library, tmp_path / "settings.ini")


def _page(window: MainWindow, key: str) -> RecordListPage:
    page = window.list_pages[key]
    assert isinstance(page, RecordListPage)
    return page


def test_adding_a_record_inserts_one_row_and_undo_removes_it(
    window: MainWindow, library: Library
) -> None:
    page = _page(window, "medications")
    signals = Signals(page.model)
    medication = Medication(person_id=window.person_id or 0, name="Metformin")
    push(window.undo_stack, library, "Add", ops.add_record(library, medication))
    assert signals.seen == ["inserted"]
    assert page.model.row_of(medication.id or 0) == 0

    medication.dose = "500 mg"
    push(window.undo_stack, library, "Edit", ops.update_record(library, medication))
    assert signals.seen == ["inserted", "changed"]
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert signals.seen == ["inserted", "changed", "changed", "removed"]


def test_a_view_that_does_not_show_the_table_does_not_reload(
    window: MainWindow, library: Library
) -> None:
    allergies = Signals(_page(window, "allergies").model)
    medication = Medication(person_id=window.person_id or 0, name="Metformin")
    push(window.undo_stack, library, "Add", ops.add_record(library, medication))
    assert allergies.seen == []


def test_adding_all_standard_questions_is_one_notice_and_one_step(
    window: MainWindow, library: Library
) -> None:
    heard: list[Changes] = []
    notices(library).changed.connect(heard.append)
    page = _page(window, "questions")
    signals = Signals(page.model)
    window.questions.add_questions(list(STANDARD_QUESTIONS))
    assert len(heard) == 1
    assert len(heard[0].ids("questions")) == len(STANDARD_QUESTIONS)
    assert signals.seen == ["inserted"]
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert page.model.rowCount() == 0


def test_moving_a_question_moves_rows_without_a_reset(window: MainWindow, library: Library) -> None:
    window.questions.add_questions(["First?", "Second?"])
    page = _page(window, "questions")
    signals = Signals(page.model)
    page.select_id(page.model.record(1).id or 0)
    window.questions.move_question(-1)
    assert [q.text for q in page.model.records()] == ["Second?", "First?"]
    assert "reset" not in signals.seen and "moved" in signals.seen
    assert page.selected_record() is not None
    assert page.selected_record().text == "Second?"  # type: ignore[union-attr]


def test_confirming_a_guess_changes_one_document_row(window: MainWindow, library: Library) -> None:
    assert window.person_id is not None
    ids = [
        add_file_document(
            library,
            window.person_id,
            [SAMPLES / "pdf" / "hl7__UD_sample.pdf"],
            title=f"Letter {n}",
            category=Category.LETTER,
            date="2025-11",
            confirmed=False,
        )
        for n in range(3)
    ]
    window.refresh_all()
    signals = Signals(window.documents.model)
    window.documents.select_ids([ids[1]])
    window.documents.confirm_selected()
    assert signals.seen == ["changed"]
    assert "(guessed)" not in str(
        window.documents.model.index(window.documents.model.row_of(ids[1]), 2).data()
    )


def test_deleting_the_packet_updates_the_bar_and_undo_brings_it_back(
    window: MainWindow, library: Library
) -> None:
    window.questions.add_questions(["Why?"])
    asked: list[str] = []
    window.ask = lambda parent, title, question: asked.append(title) or True  # type: ignore[method-assign]
    window.people.delete_packet()
    assert asked == ["Delete packet"]
    assert window.packet_id is None
    assert window.packet_combo.itemText(0) == "No packet yet"
    assert _page(window, "questions").model.rowCount() == 0
    window.undo_stack.undo()
    assert window.packet_combo.itemText(0) == "Second opinion"
    assert window.packet_id is not None
    assert [q.text for q in _page(window, "questions").model.records()] == ["Why?"]
