"""The After the visit page and the Overview's tracker, through the real widgets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from organizer.core.dates import PartialDate
from organizer.core.library import Library
from organizer.core.records import Packet, Question, Request
from organizer.core.visit.model import Mark, Outcome, Part
from organizer.core.visit.store import due_back_dates, load_visit, received_documents
from organizer.core.visit.third import ask_for_third_opinion
from organizer.core.vocab import RequestStatus
from organizer.gui.pages.tracker import TrackerPanel
from organizer.gui.pages.visit import VisitPage
from tests.gui_support import open_window
from tests.visit_support import build_case


def _page(qtbot: QtBot, library: Library, tmp_path: Path) -> tuple[object, VisitPage]:
    window = open_window(qtbot, library, tmp_path / "settings.ini")
    page = window.show_section("visit")
    assert isinstance(page, VisitPage)
    return window, page


def test_typing_the_second_opinion_and_saving_it(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    case = build_case(library, visit=False)
    request = library.add(
        Request(packet_id=case.packet_id, item="pathology slides", source="City Lab",
                status=RequestStatus.SENT, expected_back=True)
    )  # fmt: skip
    window, page = _page(qtbot, library, tmp_path)
    assert page.first_diagnosis.toPlainText() == "Early lung cancer"
    assert not page.next_steps_box.isVisible()

    page.diagnosis.setFocus()
    qtbot.keyClicks(page.diagnosis, "Probably a benign granuloma")
    qtbot.keyClicks(page.plan, "CT again in three months")
    qtbot.keyClicks(page.doctor, "Dr Jones")
    qtbot.keyClicks(page.date, "2026-11-20")
    qtbot.keyClicks(page.reasoning, "Calcium in the nodule")
    page.marks[Part.DIAGNOSIS].setCurrentIndex(page.marks[Part.DIAGNOSIS].findData(Mark.DIFFERS))
    page.marks[Part.PLAN].setCurrentIndex(page.marks[Part.PLAN].findData(Mark.REFINES))
    assert page.outcome_hint.text() == "Your marks point to: different."
    assert page.next_steps_box.isVisible()
    assert "third opinion" in page.next_steps.text()
    assert "patient advocate" in page.next_steps.text()
    answer = page.answers.item(0, 1)
    assert answer is not None
    answer.setText("No: more likely benign.")
    due = page.lent.item(0, 2)
    assert due is not None
    due.setText("2026-12-15")
    page.letter_choice.setCurrentIndex(page.letter_choice.findData(case.letter_id))
    qtbot.mouseClick(page.link_button, Qt.MouseButton.LeftButton)
    assert page.message.text() == "Not saved yet"

    page.diagnosis.setFocus()
    qtbot.keyClick(page.diagnosis, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert page.message.text() == "Saved"
    visit = load_visit(library, case.packet_id)
    assert (visit.diagnosis, visit.plan, visit.doctor, visit.reasoning) == (
        "Probably a benign granuloma", "CT again in three months", "Dr Jones",
        "Calcium in the nodule",
    )  # fmt: skip
    assert visit.date == PartialDate.parse("2026-11-20")
    assert visit.marks == {Part.DIAGNOSIS: Mark.DIFFERS, Part.PLAN: Mark.REFINES}
    assert visit.outcome is None
    assert library.get(Question, case.question_ids[0]).answer == "No: more likely benign."
    assert due_back_dates(library, case.packet_id) == {request: PartialDate.parse("2026-12-15")}
    assert [d.id for d in received_documents(library, case.packet_id)] == [case.letter_id]

    window.undo_stack.undo()  # type: ignore[attr-defined]
    assert not load_visit(library, case.packet_id).is_recorded()
    assert library.get(Question, case.question_ids[0]).answer == ""
    assert received_documents(library, case.packet_id) == []
    assert page.diagnosis.toPlainText() == ""
    window.undo_stack.redo()  # type: ignore[attr-defined]
    assert page.diagnosis.toPlainText() == "Probably a benign granuloma"


def test_a_bad_date_is_named_and_nothing_is_saved(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    case = build_case(library, visit=False)
    _window, page = _page(qtbot, library, tmp_path)
    qtbot.keyClicks(page.diagnosis, "Granuloma")
    qtbot.keyClicks(page.date, "the 40th")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "Check the visit date" in page.message.text()
    assert not load_visit(library, case.packet_id).is_recorded()
    page.outcome.setCurrentIndex(page.outcome.findData(Outcome.CONFIRMED))
    page.date.clear()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert load_visit(library, case.packet_id).outcome is Outcome.CONFIRMED


def test_unsaved_edits_are_saved_before_another_packet_is_shown(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    case = build_case(library, visit=False)
    other = library.add_packet(Packet(person_id=case.person_id, title="Knee"))
    window, page = _page(qtbot, library, tmp_path)
    window.packet_combo.setCurrentIndex(window.packet_combo.findData(case.packet_id))  # type: ignore[attr-defined]
    qtbot.keyClicks(page.diagnosis, "Granuloma")
    window.refresh_all()  # another change elsewhere keeps what is typed
    assert page.diagnosis.toPlainText() == "Granuloma"
    window.packet_combo.setCurrentIndex(window.packet_combo.findData(other))  # type: ignore[attr-defined]
    assert load_visit(library, case.packet_id).diagnosis == "Granuloma"
    assert page.diagnosis.toPlainText() == ""


def test_third_opinion_and_what_i_learned_buttons(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    case = build_case(library)
    window, page = _page(qtbot, library, tmp_path)
    window.packet_combo.setCurrentIndex(window.packet_combo.findData(case.packet_id))  # type: ignore[attr-defined]
    assert page.outcome.currentData() == Outcome.DIFFERENT
    out = tmp_path / "out"
    out.mkdir()
    page.choose_folder = lambda parent: out  # type: ignore[method-assign]
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    written = list(out.glob("WhatILearned_*.pdf"))
    assert len(written) == 1 and written[0].stat().st_size > 1000
    assert written[0].name in page.message.text()

    page.ask = lambda parent, title, question: True  # type: ignore[method-assign]
    with qtbot.waitSignal(page.third_opinion_started) as started:
        qtbot.mouseClick(page.third_button, Qt.MouseButton.LeftButton)
    new_id = started.args[0]
    assert window.packet_id == new_id  # type: ignore[attr-defined]
    assert window.current_section() == "overview"  # type: ignore[attr-defined]
    assert "third opinion" in library.get(Packet, new_id).title
    window.undo_stack.undo()  # type: ignore[attr-defined]
    assert not library.exists(Packet, new_id)
    window.undo_stack.redo()  # type: ignore[attr-defined]
    assert library.exists(Packet, new_id)
    assert len(library.children(Question, new_id)) == 5


def test_the_tracker_on_the_overview_shows_what_is_overdue(qtbot: QtBot, library: Library) -> None:
    case = build_case(library, visit=False)
    library.add(
        Request(packet_id=case.packet_id, item="CT images on CD", status=RequestStatus.REQUESTED,
                status_date=PartialDate.parse("2026-09-02"))
    )  # fmt: skip
    panel = TrackerPanel(library, today=lambda: dt.date(2026, 10, 20))
    qtbot.addWidget(panel)
    panel.set_packet(case.packet_id)
    texts = [[label.text() for label in row] for row in panel.rows]
    assert [row[0] for row in texts] == [
        "Records requested",
        "Appointment",
        "Visit",
        "Follow-up with the first doctor",
    ]
    assert all(row[0].font().bold() for row in panel.rows)  # a bold font, not markup
    assert "Overdue" in texts[0][1] and "CT images on CD" in texts[0][3]
    assert "Overdue" in texts[1][1]
    assert texts[2][1] == "Not yet"
    assert "1 to 2 weeks" in panel.rows[0][0].toolTip()
    panel.today = lambda: dt.date(2026, 9, 5)
    panel.set_packet(case.packet_id)
    assert [row[1].text() for row in panel.rows] == ["Waiting", "Not yet", "Not yet", "Not yet"]


def test_a_third_opinion_packet_shows_the_opinions_it_follows(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    case = build_case(library)
    third = ask_for_third_opinion(library, case.packet_id)
    window, page = _page(qtbot, library, tmp_path)
    window.packet_combo.setCurrentIndex(window.packet_combo.findData(third))  # type: ignore[attr-defined]
    assert page.earlier.isVisible()
    text = page.earlier.text()
    assert "third opinion after “Lung nodule”" in text
    assert "First opinion (Dr Smith): Early lung cancer; plan: Lobectomy" in text
    assert "Second opinion (Dr Jones): Probably a benign granuloma" in text
    assert page.headers[2].text() == "<b>This (third) opinion</b>"
    window.packet_combo.setCurrentIndex(window.packet_combo.findData(case.packet_id))  # type: ignore[attr-defined]
    assert not page.earlier.isVisible()
    assert page.headers[2].text() == "<b>Second opinion</b>"
