"""The list sections through real widgets: editing, undo and redo, keyboard, validation."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from organizer.core.dates import PartialDate
from organizer.core.library import Library
from organizer.core.records import Allergy, Event, Medication, Packet, Person, Question, Request
from organizer.core.vocab import AllergyCategory, EventKind, RequestStatus
from organizer.gui.editor import RecordDialog
from organizer.gui.main_window import MainWindow
from organizer.gui.pages.records import RecordListPage
from tests.gui_support import focused, open_window, press, type_text


@pytest.fixture
def person_id(library: Library) -> int:
    return library.add(Person(name="Ana Diaz", dob=PartialDate(1961, 4, 9)))


@pytest.fixture
def window(qtbot: QtBot, library: Library, person_id: int, tmp_path: Path) -> MainWindow:
    return open_window(qtbot, library, tmp_path / "settings.ini")


def _page(window: MainWindow, key: str) -> RecordListPage:
    page = window.show_section(key)
    assert isinstance(page, RecordListPage)
    return page


def _cell(page: RecordListPage, row: int, column: int) -> str:
    return str(page.proxy.index(row, column).data())


def _save(dialog: RecordDialog, qtbot: QtBot) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_edit_a_medication_then_undo_and_redo(
    window: MainWindow, library: Library, person_id: int, qtbot: QtBot
) -> None:
    med_id = library.add(
        Medication(person_id=person_id, name="Metformin", dose="500 mg", frequency="twice a day")
    )
    window.refresh_all()
    page = _page(window, "medications")
    page.select_id(med_id)
    dialog = page.edit_selected()
    assert dialog is not None
    dose = dialog.form.findChild(QLineEdit, "dose")
    dose.clear()
    qtbot.keyClicks(dose, "1000 mg")
    _save(dialog, qtbot)

    assert library.get(Medication, med_id).dose == "1000 mg"
    assert _cell(page, 0, 1) == "1000 mg"
    assert "Metformin" in window.menus.undo_action.text()

    window.menus.undo_action.trigger()
    assert library.get(Medication, med_id).dose == "500 mg"
    assert _cell(page, 0, 1) == "500 mg"

    window.menus.redo_action.trigger()
    assert library.get(Medication, med_id).dose == "1000 mg"
    assert _cell(page, 0, 1) == "1000 mg"


def test_add_an_allergy_with_the_keyboard_only(
    window: MainWindow, library: Library, person_id: int, qtbot: QtBot
) -> None:
    window.section_list.setFocus()
    press(qtbot, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)  # View > Allergies
    assert window.current_section() == "allergies"
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # New allergy
    dialog = window.list_pages["allergies"].editor
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: focused().objectName() == "substance")
    type_text(qtbot, "Penicillin")
    press(qtbot, Qt.Key.Key_Tab)
    assert isinstance(focused(), QComboBox) and focused().objectName() == "category"
    press(qtbot, Qt.Key.Key_Down)  # from "Not given" to the first kind: medicine
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Hives")
    press(qtbot, Qt.Key.Key_Return)

    assert not dialog.isVisible()
    allergies = library.children(Allergy, person_id)
    assert [(a.substance, a.category, a.reaction) for a in allergies] == [
        ("Penicillin", AllergyCategory.DRUG, "Hives")
    ]
    page = window.list_pages["allergies"]
    assert _cell(page, 0, 0) == "Penicillin"
    assert page.stack.currentWidget() is page.table


def test_problems_are_shown_next_to_the_field(
    window: MainWindow, library: Library, qtbot: QtBot
) -> None:
    page = _page(window, "medications")
    dialog = page.add()
    assert dialog is not None
    qtbot.keyClicks(dialog.form.findChild(QLineEdit, "name"), "Tamoxifen")
    start = dialog.form.findChild(QLineEdit, "start")
    stop = dialog.form.findChild(QLineEdit, "stop")
    qtbot.keyClicks(start, "March 2026")
    qtbot.keyClicks(stop, "2019")
    assert dialog.bindings["current"].read() is True
    stop.editingFinished.emit()
    assert dialog.bindings["current"].read() is False  # a stop date means no longer taken
    _save(dialog, qtbot)
    assert dialog.isVisible()
    assert "before the start date" in dialog.problem_text("stop")
    assert dialog.problem_text("start") == ""
    assert library.select(Medication) == []

    stop.clear()
    qtbot.keyClicks(stop, "31 February 2026")
    _save(dialog, qtbot)
    assert "has no day 31" in dialog.problem_text("stop")
    assert dialog.focusWidget() is stop

    stop.clear()
    qtbot.keyClicks(stop, "about 2027")
    _save(dialog, qtbot)
    assert not dialog.isVisible()
    saved = library.select(Medication)[0]
    assert saved.start == PartialDate(2026, 3)
    assert saved.stop == PartialDate(2027, approximate=True)
    assert _cell(page, 0, 5) == "March 2026"
    assert _cell(page, 0, 6) == "about 2027"


def test_a_required_field_and_a_bad_date_are_explained_when_leaving_the_field(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = _page(window, "timeline").add()
    assert dialog is not None
    when = dialog.form.findChild(QLineEdit, "date")
    when.clear()
    qtbot.keyClicks(when, "Smarch 2020")
    when.editingFinished.emit()
    assert "is not a valid date" in dialog.problem_text("date")
    when.clear()
    qtbot.keyClicks(when, "about 2015")
    assert dialog.problem_text("date") == ""  # editing clears the old complaint
    _save(dialog, qtbot)
    assert "needs a title" in dialog.problem_text("title")


def test_delete_key_deletes_and_undo_brings_it_back_with_its_id(
    window: MainWindow, library: Library, person_id: int, qtbot: QtBot
) -> None:
    event_id = library.add(
        Event(person_id=person_id, date=PartialDate(2026, 3), kind=EventKind.SYMPTOM, title="Cough")
    )
    window.refresh_all()
    page = _page(window, "timeline")
    page.select_id(event_id)
    page.table.setFocus()
    press(qtbot, Qt.Key.Key_Delete)
    assert library.select(Event) == []
    assert page.stack.currentWidget() is page.empty_label
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [e.id for e in library.select(Event)] == [event_id]
    assert _cell(page, 0, 0) == "March 2026"


def test_dates_sort_by_time_not_alphabet(
    window: MainWindow, library: Library, person_id: int
) -> None:
    for text, title in (
        ("2019", "B"),
        ("about 2015", "A"),
        ("14 March 2026", "D"),
        ("Jan 2026", "C"),
    ):
        library.add(
            Event(
                person_id=person_id, date=PartialDate.parse(text), kind=EventKind.TEST, title=title
            )
        )
    window.refresh_all()
    page = _page(window, "timeline")
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [_cell(page, row, 1) for row in range(4)] == ["A", "B", "C", "D"]
    assert [_cell(page, row, 0) for row in range(4)] == [
        "about 2015",
        "2019",
        "January 2026",
        "14 March 2026",
    ]
    page.filter_edit.setText("march")
    assert page.proxy.rowCount() == 1


def test_codes_from_a_portal_file_read_as_words_on_the_timeline(
    window: MainWindow, library: Library, person_id: int
) -> None:
    library.add(
        Event(
            person_id=person_id,
            date=PartialDate.parse("2019"),
            kind=EventKind.DIAGNOSIS,
            title="Asthma",
            details="Code: snomed 195967001\nStatus: active",
        )
    )
    window.refresh_all()
    page = _page(window, "timeline")
    details = page.proxy.index(0, 3)
    assert details.data() == "Status: active"
    tooltip = str(details.data(Qt.ItemDataRole.ToolTipRole))
    assert tooltip.splitlines() == ["Status: active", "SNOMED CT 195967001"]
    assert "Code: snomed" not in tooltip


def test_person_flags_are_undoable(window: MainWindow, library: Library, person_id: int) -> None:
    window.show_section("allergies")
    window.people.flag_boxes["no_known_allergies"].click()
    assert library.get(Person, person_id).no_known_allergies
    window.menus.undo_action.trigger()
    assert not library.get(Person, person_id).no_known_allergies
    assert not window.people.flag_boxes["no_known_allergies"].isChecked()


def test_questions_belong_to_a_packet_and_move(
    window: MainWindow, library: Library, person_id: int, qtbot: QtBot
) -> None:
    page = _page(window, "questions")
    assert not page.add_button.isEnabled()
    assert "Start a packet first" in page.empty_label.text()
    packet_id = library.add_packet(Packet(person_id=person_id, title="Lung nodule"))
    for text in ("First?", "Second?", "Third?"):
        library.add_question(packet_id, text)
    window.refresh_all()
    assert [_cell(page, row, 1) for row in range(3)] == ["First?", "Second?", "Third?"]
    page.select_id(library.children(Question, packet_id)[2].id or 0)
    qtbot.mouseClick(window.questions.move_up_button, Qt.MouseButton.LeftButton)
    assert [q.text for q in library.children(Question, packet_id)] == [
        "First?",
        "Third?",
        "Second?",
    ]
    assert [_cell(page, row, 0) for row in range(3)] == ["1", "2", "3"]
    window.menus.undo_action.trigger()
    assert [q.text for q in library.children(Question, packet_id)] == [
        "First?",
        "Second?",
        "Third?",
    ]


def test_request_status_edit_is_recorded_in_history(
    window: MainWindow, library: Library, person_id: int, qtbot: QtBot
) -> None:
    packet_id = library.add_packet(Packet(person_id=person_id, title="Second opinion"))
    request_id = library.add(Request(packet_id=packet_id, item="pathology slides"))
    window.refresh_all()
    page = _page(window, "requests")
    page.select_id(request_id)
    dialog = page.edit_selected()
    assert dialog is not None
    status = dialog.form.findChild(QComboBox, "status")
    status.setCurrentIndex(status.findData(RequestStatus.SENT.value))
    status_date = dialog.form.findChild(QLineEdit, "status_date")
    status_date.clear()
    qtbot.keyClicks(status_date, "20 November 2026")
    notes = dialog.form.findChild(QPlainTextEdit, "notes")
    notes.setPlainText("courier")
    _save(dialog, qtbot)
    saved = library.get(Request, request_id)
    assert saved.status is RequestStatus.SENT
    assert saved.status_date == PartialDate(2026, 11, 20)
    assert library.request_history(request_id)[-1] == (
        RequestStatus.SENT,
        PartialDate(2026, 11, 20),
    )
    assert _cell(page, 0, 2) == "Sent"
