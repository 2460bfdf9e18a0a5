"""Defects found in review, each shown through the real window before it was fixed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from organizer.core.dates import PartialDate
from organizer.core.library import Library
from organizer.core.records import Document, Packet, Person, Question
from organizer.gui.editor import RecordDialog
from organizer.gui.jobs import cancel_all_and_wait
from organizer.gui.main_window import MainWindow
from tests.gui_support import focused, open_window, type_text

SAMPLES = Path(__file__).parent / "data" / "samples"


@pytest.fixture
def person_id(library: Library) -> int:
    return library.add(Person(name="Ana Diaz", dob=PartialDate(1961, 4, 9)))


@pytest.fixture
def window(qtbot: QtBot, library: Library, person_id: int, tmp_path: Path) -> MainWindow:
    return open_window(qtbot, library, tmp_path / "settings.ini")


def _save(dialog: RecordDialog, qtbot: QtBot) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _texts(library: Library, packet_id: int) -> list[str]:
    return [q.text for q in library.children(Question, packet_id)]


def test_new_packet_dialog_puts_the_cursor_in_the_title(
    window: MainWindow, library: Library, person_id: int, qtbot: QtBot
) -> None:
    # someone who presses New packet and starts typing must be typing the title, not into
    # the row of tabs above it
    qtbot.mouseClick(window.overview.new_packet_button, Qt.MouseButton.LeftButton)
    dialog = window.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    assert focused().objectName() == "title"
    type_text(qtbot, "Thyroid nodule")
    _save(dialog, qtbot)
    assert [p.title for p in library.children(Packet, person_id)] == ["Thyroid nodule"]


def test_a_question_added_with_the_form_goes_to_the_end_of_the_list(
    window: MainWindow, library: Library, person_id: int, qtbot: QtBot
) -> None:
    packet_id = library.add_packet(Packet(person_id=person_id, title="Lung nodule"))
    window.refresh_all()
    window.questions.add_questions(
        ["Do you agree with the diagnosis?", "What are all the options?"]
    )
    page = window.list_pages["questions"]
    window.show_section("questions")
    dialog = page.add()
    assert dialog is not None
    dialog.form.findChild(QPlainTextEdit, "text").setPlainText("Can I wait three months?")
    _save(dialog, qtbot)
    expected = [
        "Do you agree with the diagnosis?",
        "What are all the options?",
        "Can I wait three months?",
    ]
    assert _texts(library, packet_id) == expected
    assert [str(page.proxy.index(row, 1).data()) for row in range(3)] == expected
    window.menus.undo_action.trigger()
    assert _texts(library, packet_id) == expected[:2]


def test_moving_a_question_swaps_it_with_its_neighbour_only(
    window: MainWindow, library: Library, person_id: int, qtbot: QtBot
) -> None:
    # questions typed in before they were numbered all share position 0
    packet_id = library.add_packet(Packet(person_id=person_id, title="Lung nodule"))
    for text in ("First?", "Second?", "Third?", "Fourth?"):
        library.add(Question(packet_id=packet_id, text=text))
    window.refresh_all()
    page = window.list_pages["questions"]
    window.show_section("questions")
    page.select_id(library.children(Question, packet_id)[0].id or 0)
    qtbot.mouseClick(window.questions.move_down_button, Qt.MouseButton.LeftButton)
    assert _texts(library, packet_id) == ["Second?", "First?", "Third?", "Fourth?"]
    qtbot.mouseClick(window.questions.move_down_button, Qt.MouseButton.LeftButton)
    assert _texts(library, packet_id) == ["Second?", "Third?", "First?", "Fourth?"]
    window.menus.undo_action.trigger()
    window.menus.undo_action.trigger()
    assert _texts(library, packet_id) == ["First?", "Second?", "Third?", "Fourth?"]
    window.menus.redo_action.trigger()
    moved = ["Second?", "First?", "Third?", "Fourth?"]
    assert _texts(library, packet_id) == moved
    assert [str(page.proxy.index(row, 1).data()) for row in range(4)] == moved


def test_a_put_right_problem_is_no_longer_read_out(window: MainWindow, qtbot: QtBot) -> None:
    dialog = window.list_pages["medications"].add()
    assert dialog is not None
    stop = dialog.form.findChild(QLineEdit, "stop")
    qtbot.keyClicks(stop, "Smarch 2020")
    stop.editingFinished.emit()
    assert "is not a valid date" in stop.accessibleDescription()
    stop.clear()
    qtbot.keyClicks(stop, "March 2020")
    assert dialog.problem_text("stop") == ""
    assert stop.accessibleDescription() == "Leave empty if still taking it"


def test_closing_the_window_during_an_import_asks_first(
    window: MainWindow, library: Library, person_id: int, qtbot: QtBot
) -> None:
    asked: list[str] = []
    answers = [False, True]

    def ask(parent: object, title: str, question: str) -> bool:
        asked.append(question)
        return answers.pop(0)

    window.ask = ask  # type: ignore[method-assign]
    window.importer.show_summaries = False
    window.import_paths([SAMPLES / "pdf", SAMPLES / "images"])
    assert window.importer.busy
    window.close()  # "no, keep importing"
    assert window.isVisible() and window.importer.busy
    assert "import" in asked[0].lower()
    with qtbot.waitSignal(window.importer.finished, timeout=60_000):
        pass
    assert library.select(Document)  # the import was allowed to finish
    window.close()  # nothing running any more: closes without asking
    assert not window.isVisible()
    assert len(asked) == 1
    window.importer.shutdown()
    cancel_all_and_wait()


def test_cancelling_a_form_with_typing_asks_before_losing_it(
    qtbot: QtBot, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    from organizer.core.records import Allergy, Person
    from organizer.gui.editor import RecordDialog

    person_id = library.add(Person(name="Ana"))
    answers: list[bool] = []
    monkeypatch.setattr(RecordDialog, "ask_discard", staticmethod(lambda parent: answers.pop()))
    dialog = RecordDialog("allergy_editor", Allergy(person_id=person_id, substance=""), "Allergy")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reject()  # nothing typed: closes without a question
    assert dialog.result() == 0 and not dialog.isVisible()

    dialog = RecordDialog("allergy_editor", Allergy(person_id=person_id, substance=""), "Allergy")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.bindings["substance"].widget, "Penicillin")
    answers.append(False)  # "keep editing"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and answers == []
    answers.append(True)  # "discard"
    dialog.reject()
    assert not dialog.isVisible()
