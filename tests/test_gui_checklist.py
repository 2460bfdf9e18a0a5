"""The Overview's checklist and the Questions section's standard questions, through widgets."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from organizer.core.checklist import STANDARD_QUESTIONS, Status, finding_marks
from organizer.core.dates import PartialDate
from organizer.core.library import Library
from organizer.core.records import Event, Medication, Question
from organizer.core.vocab import EventKind
from organizer.gui.editor import RecordDialog
from organizer.gui.main_window import MainWindow
from organizer.gui.pages.checklist import RESULT_ROLE
from organizer.gui.status_icons import STATUS_WORDS
from tests.gui_sample import fill_sample
from tests.gui_support import open_window


@pytest.fixture
def ids(library: Library) -> tuple[int, int]:
    return fill_sample(library)


@pytest.fixture
def window(qtbot: QtBot, library: Library, ids: tuple[int, int], tmp_path: Path) -> MainWindow:
    return open_window(qtbot, library, tmp_path / "s.ini")


def _rows(window: MainWindow) -> dict[str, tuple[str, str]]:
    panel = window.overview.checklist
    found = {}
    for row in range(panel.proxy.rowCount()):
        result = panel.proxy.index(row, 0).data(RESULT_ROLE)
        found[result.rule_id] = (
            str(panel.proxy.index(row, 0).data()),
            str(panel.proxy.index(row, 2).data()),
        )
    return found


def test_checklist_shows_words_icons_and_missing_first(
    window: MainWindow, qtmodeltester: object
) -> None:
    panel = window.overview.checklist
    rows = _rows(window)
    assert rows["labs"][0] == "Missing"
    assert rows["medications"][0] == "Done"
    assert rows["insurance"][0] == "Check"
    assert "no lab result" in rows["labs"][1]
    first = panel.proxy.index(0, 0)
    assert first.data() == "Missing"
    assert first.data(Qt.ItemDataRole.DecorationRole) is not None
    assert "Not ready yet" in panel.summary.text()
    assert "missing" in panel.summary.text()
    qtmodeltester.check(panel.model)  # type: ignore[attr-defined]
    qtmodeltester.check(panel.proxy)  # type: ignore[attr-defined]
    assert set(STATUS_WORDS) == set(Status)


def _fix(window: MainWindow, rule_id: str) -> QWidget | None:
    panel = window.overview.checklist
    panel.select_rule(rule_id)
    assert panel.fix_button.isEnabled()
    received: list[str] = []
    panel.fix_requested.connect(received.append)
    panel.fix_button.click()
    assert received and received[0] == panel.selected().fix  # type: ignore[union-attr]
    return window.dialog or window.list_pages[window.current_section()].editor  # type: ignore[return-value]


def test_fix_it_goes_to_the_exact_place(window: MainWindow, library: Library) -> None:
    dialog = _fix(window, "provider")
    assert isinstance(dialog, RecordDialog)
    tabs = dialog.form.findChild(QTabWidget, "tabs")
    assert tabs.tabText(tabs.currentIndex()) == "Second-opinion visit"
    assert dialog.focusWidget() is dialog.bindings["provider_name"].widget
    dialog.reject()

    _fix(window, "questions-list")
    assert window.current_section() == "questions"
    assert window.focusWidget() is window.questions.standard_button

    window.show_section("overview")
    dialog = _fix(window, "own-timeline")
    assert window.current_section() == "timeline"
    assert isinstance(dialog, RecordDialog)
    assert dialog.bindings["kind"].read() is EventKind.TREATMENT
    dialog.reject()

    window.show_section("overview")
    dialog = _fix(window, "open-requests")
    assert window.current_section() == "requests"
    assert isinstance(dialog, RecordDialog)
    assert dialog.form.findChild(QLineEdit, "item").text() == "imaging CD"
    dialog.reject()


def test_fix_targets_from_the_checklist_brief(
    window: MainWindow, library: Library, ids: tuple[int, int]
) -> None:
    person_id, _ = ids
    dialog = window.fix("add-request:pathology slides")
    assert isinstance(dialog, RecordDialog)
    assert dialog.form.findChild(QLineEdit, "item").text() == "pathology slides"
    dialog.accept()
    assert window.list_pages["requests"].model.rowCount() == 2
    dialog = window.fix("add-medication")
    assert isinstance(dialog, RecordDialog) and window.current_section() == "medications"
    dialog.reject()
    dialog = window.fix("add-allergy")
    assert isinstance(dialog, RecordDialog) and window.current_section() == "allergies"
    dialog.reject()
    med = library.children(Medication, person_id)[0]
    dialog = window.fix(f"edit-medication:{med.id}")
    assert isinstance(dialog, RecordDialog) and dialog.original == med
    dialog.reject()
    dialog = window.fix("insurance")
    assert isinstance(dialog, RecordDialog)
    assert dialog.focusWidget() is dialog.bindings["insurance_covered"].widget
    dialog.reject()
    dialog = window.fix("set-packet:first-opinion")
    assert isinstance(dialog, RecordDialog)
    assert dialog.focusWidget() is dialog.bindings["first_diagnosis"].widget
    dialog.reject()
    dialog = window.fix("edit-packet:first-plan")
    assert isinstance(dialog, RecordDialog)
    assert dialog.focusWidget() is dialog.bindings["first_plan"].widget
    dialog.reject()
    window.fix("import-imaging")
    assert window.current_section() == "documents"


def test_mark_not_applicable_with_a_reason_and_undo(
    window: MainWindow, library: Library, ids: tuple[int, int]
) -> None:
    _, packet_id = ids
    panel = window.overview.checklist
    panel.ask_reason = lambda parent, title: "No blood tests were done"
    panel.select_rule("labs")
    panel.mark_button.click()
    assert library.rule_marks(packet_id) == {"labs": "No blood tests were done"}
    assert _rows(window)["labs"][0] == "Does not apply"
    assert "No blood tests were done" in _rows(window)["labs"][1]
    assert panel.selected().rule_id == "labs"  # type: ignore[union-attr]
    assert panel.mark_button.text() == "It applies after all"

    window.menus.undo_action.trigger()
    assert library.rule_marks(packet_id) == {}
    assert _rows(window)["labs"][0] == "Missing"

    panel.ask_reason = lambda parent, title: None  # cancelled: nothing changes
    panel.select_rule("labs")
    panel.mark_button.click()
    assert library.rule_marks(packet_id) == {}


def test_standard_questions_one_click_and_all(
    window: MainWindow, library: Library, ids: tuple[int, int]
) -> None:
    _, packet_id = ids
    window.show_section("questions")
    window.questions.fill_standard_menu()
    actions = [a for a in window.questions.standard_menu.actions() if not a.isSeparator()]
    assert actions[0].text() == STANDARD_QUESTIONS[0]
    actions[0].trigger()
    texts = [q.text for q in library.children(Question, packet_id)]
    assert texts[-1] == STANDARD_QUESTIONS[0] and len(texts) == 3
    assert _rows(window)["questions-list"][0] == "Done"

    window.questions.fill_standard_menu()
    add_all = window.questions.standard_menu.actions()[-1]
    assert add_all.text() == "Add all of them"
    add_all.trigger()
    texts = [q.text for q in library.children(Question, packet_id)]
    assert texts[2:] == list(STANDARD_QUESTIONS)
    window.menus.undo_action.trigger()  # one step takes all of them back
    assert len(library.children(Question, packet_id)) == 3
    assert len(window.questions.standard_questions_missing()) == len(STANDARD_QUESTIONS) - 1


def test_one_entry_marked_not_a_biopsy_from_the_checklist_and_undone(
    window: MainWindow, library: Library, ids: tuple[int, int]
) -> None:
    person_id, packet_id = ids
    pain = library.add(
        Event(
            person_id=person_id,
            date=PartialDate.parse("2026-03-01"),
            kind=EventKind.SYMPTOM,
            title="Pain after surgery",
        )
    )
    window.refresh_all()
    panel = window.overview.checklist
    panel.select_rule("pathology-report")
    assert panel.selected().status is Status.WARNING  # type: ignore[union-attr]
    assert not panel.finding_button.isHidden()
    actions = panel.finding_button.menu().actions()
    assert [a.text() for a in actions] == [
        "“Pain after surgery, 1 March 2026” is not a biopsy or surgery, "
        "or needs no pathology report…"
    ]
    panel.ask_reason = lambda parent, title: "Only a symptom"
    actions[0].trigger()
    assert finding_marks(library, packet_id) == {
        ("pathology-report", ("event", pain)): "Only a symptom"
    }
    assert panel.selected().status is Status.OK  # type: ignore[union-attr]
    assert panel.mark_button.text() == "Does not apply…"  # the rule itself still applies
    again = panel.finding_button.menu().actions()
    assert [a.text() for a in again] == ["“Pain after surgery, 1 March 2026” counts again"]
    window.menus.undo_action.trigger()
    assert finding_marks(library, packet_id) == {}
    panel.select_rule("pathology-report")
    assert panel.selected().status is Status.WARNING  # type: ignore[union-attr]
    assert window.fix(panel.selected().fix) is not None  # type: ignore[union-attr]
    assert window.current_section() == "timeline"


def test_a_change_updates_the_checklists_rows_without_a_reset_and_fix_buttons_follow(
    window: MainWindow, library: Library, ids: tuple[int, int]
) -> None:
    panel = window.overview.checklist
    resets: list[bool] = []
    panel.model.modelReset.connect(lambda: resets.append(True))
    assert "labs" in panel.fix_buttons
    panel.ask_reason = lambda parent, title: "No blood tests were done"
    panel.select_rule("labs")
    panel.mark_button.click()
    assert _rows(window)["labs"][0] == "Does not apply"
    assert resets == []  # the rows that changed were told, the rest kept
    assert "labs" not in panel.fix_buttons
    labs = next(row for row in range(panel.proxy.rowCount())
                if panel.proxy.index(row, 0).data(RESULT_ROLE).rule_id == "labs")  # fmt: skip
    assert panel.table.indexWidget(panel.proxy.index(labs, 3)) is None  # no stale "Fix it"
    window.menus.undo_action.trigger()
    assert _rows(window)["labs"][0] == "Missing"
    assert "labs" in panel.fix_buttons
    assert resets == []
