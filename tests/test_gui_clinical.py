"""The review list and the Results section through real widgets: accept, edit, undo, chart."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from pytestqt.qtbot import QtBot

from organizer.core import ops
from organizer.core.clinical.review import proposals
from organizer.core.importing import import_paths
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.records import Document, Medication, Person
from organizer.gui.changes import notices
from organizer.gui.jobs import cancel_all_and_wait
from organizer.gui.main_window import MainWindow
from organizer.gui.pages.results import ResultsPage
from organizer.gui.pages.review import ProposalModel, ReviewPage
from tests.gui_support import open_window, press


@pytest.fixture
def person_id(library: Library, samples: Path) -> int:
    person = library.add(Person(name="Eve Betterhalf"))
    import_paths(library, person, [samples / "ccda" / "hl7__CCD.XML"], JobContext())
    return person


@pytest.fixture
def window(qtbot: QtBot, library: Library, person_id: int, tmp_path: Path) -> MainWindow:
    return open_window(qtbot, library, tmp_path / "settings.ini")


def _review(window: MainWindow) -> ReviewPage:
    page = window.show_section("review")
    assert isinstance(page, ReviewPage)
    return page


def _select_rows(page: ReviewPage, rows: list[int]) -> None:
    selection = page.table.selectionModel()
    selection.clear()
    for row in rows:
        selection.select(
            page.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def _medication_rows(page: ReviewPage) -> list[int]:
    return [row for row in range(page.model.rowCount())
            if page.model.proposal(row).kind == "medication"]  # fmt: skip


def test_the_proposal_model_is_a_sound_model(qtmodeltester: object, window: MainWindow) -> None:
    model = _review(window).model
    assert isinstance(model, ProposalModel) and model.rowCount() > 10
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_accept_selected_then_one_undo_takes_the_batch_back(
    qtbot: QtBot, window: MainWindow, library: Library, person_id: int
) -> None:
    page = _review(window)
    before = page.model.rowCount()
    titles = [window.section_list.item(r).text() for r in range(window.section_list.count())]
    assert f"To review ({before})" in titles
    rows = _medication_rows(page)
    assert len(rows) == 2
    _select_rows(page, rows)
    qtbot.mouseClick(page.accept_button, Qt.MouseButton.LeftButton)
    assert len(library.children(Medication, person_id)) == 2
    assert page.model.rowCount() == before - 2
    assert "Accepted 2 items" in page.status.text()
    assert window.list_pages["medications"].model.rowCount() == 2
    window.menus.undo_action.trigger()
    assert library.children(Medication, person_id) == []
    assert page.model.rowCount() == before
    window.menus.redo_action.trigger()
    assert len(library.children(Medication, person_id)) == 2


def test_edit_before_accepting_and_dismiss_with_the_delete_key(
    qtbot: QtBot, window: MainWindow, library: Library, person_id: int
) -> None:
    page = _review(window)
    row = _medication_rows(page)[0]
    page.edit_fields = lambda parent, proposal: {"name": "Albuterol inhaler"}
    _select_rows(page, [row])
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    edited = [
        p for p in proposals(library, person_id) if p.summary.startswith("Albuterol inhaler,")
    ]
    assert len(edited) == 1
    row = next(r for r in range(page.model.rowCount())
               if page.model.proposal(r).id == edited[0].id)  # fmt: skip
    _select_rows(page, [row])
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert edited[0].id not in [p.id for p in proposals(library, person_id)]
    assert library.children(Medication, person_id) == []


def _review_title(window: MainWindow) -> str:
    titles = [window.section_list.item(r).text() for r in range(window.section_list.count())]
    return next(title for title in titles if title.startswith("To review"))


def _summaries(page: ReviewPage) -> list[str]:
    return [page.model.proposal(row).summary for row in range(page.model.rowCount())]


def test_accept_all_then_ctrl_z_restores_the_list_and_empties_medications_and_results(
    qtbot: QtBot, window: MainWindow, library: Library, person_id: int
) -> None:
    page = _review(window)
    listed = _summaries(page)
    medications = window.list_pages["medications"]
    results = window.pages["results"]
    assert isinstance(results, ResultsPage)
    assert medications.model.rowCount() == 0 and results.model.rowCount() == 0
    told: list[object] = []
    notices(library).changed.connect(told.append)
    resets: list[bool] = []
    page.model.modelReset.connect(lambda: resets.append(True))

    qtbot.mouseClick(page.accept_all_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 0 and page.stack.currentWidget() is page.empty_label
    assert _review_title(window) == "To review"
    assert medications.model.rowCount() == 2
    assert results.model.rowCount() >= 10
    assert window.undo_stack.undoText() == f"Accept {len(listed)} items"
    assert len(told) == 1  # one notice for the whole batch, not one per item

    page.table.setFocus()
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _summaries(page) == listed
    assert page.stack.currentWidget() is page.table
    assert _review_title(window) == f"To review ({len(listed)})"
    assert library.children(Medication, person_id) == []
    assert medications.model.rowCount() == 0 and results.model.rowCount() == 0
    assert resets == []  # rows came and went; the model was never reset

    press(qtbot, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert page.model.rowCount() == 0
    assert medications.model.rowCount() == 2


def test_edit_then_undo_puts_the_files_words_back(
    qtbot: QtBot, window: MainWindow, library: Library, person_id: int
) -> None:
    page = _review(window)
    row = _medication_rows(page)[0]
    original = page.model.proposal(row)
    page.edit_fields = lambda parent, proposal: {"name": "Albuterol inhaler", "dose": "2 puffs"}
    _select_rows(page, [row])
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    assert "Changed" in page.status.text()
    assert window.undo_stack.undoText() == "Edit medication"
    edited = next(r for r in range(page.model.rowCount())
                  if page.model.proposal(r).id == original.id)  # fmt: skip
    assert str(page.model.index(edited, 1).data()).startswith("Albuterol inhaler, 2 puffs, ")
    assert page.table.selectionModel().isRowSelected(edited)  # the row stayed chosen

    window.menus.undo_action.trigger()
    back = next(p for p in proposals(library, person_id) if p.id == original.id)
    assert (back.summary, back.data) == (original.summary, original.data)
    shown = next(r for r in range(page.model.rowCount())
                 if page.model.proposal(r).id == original.id)  # fmt: skip
    assert page.model.index(shown, 1).data() == original.summary

    window.menus.redo_action.trigger()
    _select_rows(page, [next(r for r in range(page.model.rowCount())
                             if page.model.proposal(r).id == original.id)])  # fmt: skip
    qtbot.mouseClick(page.accept_button, Qt.MouseButton.LeftButton)
    (medication,) = library.children(Medication, person_id)
    assert (medication.name, medication.dose) == ("Albuterol inhaler", "2 puffs")


def test_an_edit_that_changes_nothing_is_not_an_undo_step(qtbot: QtBot, window: MainWindow) -> None:
    page = _review(window)
    row = _medication_rows(page)[0]
    name = page.model.proposal(row).data["name"]
    page.edit_fields = lambda parent, proposal: {"name": name}
    _select_rows(page, [row])
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    assert page.status.text() == "Nothing was changed."
    assert not window.undo_stack.canUndo()


def test_a_refused_accept_is_said_and_is_no_undo_step(
    qtbot: QtBot, window: MainWindow, library: Library, person_id: int
) -> None:
    page = _review(window)
    rows = _medication_rows(page)
    _select_rows(page, rows)
    chosen = page.selected_ids()
    ops.decide_proposals(library, person_id, chosen[:1], ops.Decision.DISMISS)  # elsewhere
    qtbot.mouseClick(page.accept_button, Qt.MouseButton.LeftButton)
    assert "already dismissed" in page.status.text()
    assert not window.undo_stack.canUndo()
    assert library.children(Medication, person_id) == []


def test_accept_all_fills_results_and_a_test_with_two_values_gets_a_chart(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = _review(window)
    qtbot.mouseClick(page.accept_all_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 0
    assert page.stack.currentWidget() is page.empty_label
    results = window.show_section("results")
    assert isinstance(results, ResultsPage)
    assert results.model.rowCount() >= 10
    tests = [r.test for r in results.model.records()]
    repeated = next(t for t in tests if tests.count(t) >= 2)
    results.select_test(repeated)
    assert results.chart_stack.currentWidget() is results.chart
    assert len(results.chart.points) >= 2
    single = next(t for t in tests if tests.count(t) == 1)
    results.select_test(single)
    assert results.chart_stack.currentWidget() is results.chart_hint
    results.filter_edit.setText(repeated)
    assert 0 < results.proxy.rowCount() < results.model.rowCount()


def test_the_list_follows_the_documents_it_came_from_without_a_refresh_of_everything(
    qtbot: QtBot, window: MainWindow, library: Library, person_id: int
) -> None:
    # the fixture's file was imported before the window opened; trashing it (the documents
    # page's own operation) takes back what only it proposed, and undo brings it back
    page = _review(window)
    listed = page.model.rowCount()
    assert listed > 10
    documents = window.documents
    window.show_section("documents")
    (document,) = library.children(Document, person_id)
    documents.select_ids([document.id or 0])
    documents.trash_selected()
    assert page.model.rowCount() == 0
    assert _review_title(window) == "To review"
    window.menus.undo_action.trigger()
    assert page.model.rowCount() == listed
    assert _review_title(window) == f"To review ({listed})"


def test_a_portal_file_imported_in_the_window_fills_the_list_and_its_count(
    qtbot: QtBot, library: Library, samples: Path, tmp_path: Path
) -> None:
    # the import's own change notice is what brings the list up to date: nothing refreshes
    # every page after an import
    person = library.add(Person(name="Eve Betterhalf"))
    window = open_window(qtbot, library, tmp_path / "settings.ini")
    window.importer.show_summaries = False
    page = _review(window)
    assert page.model.rowCount() == 0 and _review_title(window) == "To review"
    with qtbot.waitSignal(window.importer.finished, timeout=60_000):
        window.import_paths([samples / "ccda" / "hl7__CCD.XML"])
    waiting = len(proposals(library, person))
    assert waiting > 10
    assert page.model.rowCount() == waiting
    assert _review_title(window) == f"To review ({waiting})"
    window.importer.shutdown()
    cancel_all_and_wait()


def test_a_redo_that_cannot_be_done_is_explained_and_leaves_the_menu(
    qtbot: QtBot, window: MainWindow, library: Library, person_id: int
) -> None:
    page = _review(window)
    qtbot.mouseClick(page.accept_all_button, Qt.MouseButton.LeftButton)
    page.table.setFocus()
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    waiting = _summaries(page)
    (document,) = library.children(Document, person_id)
    ops.trash_documents(library, [document.id or 0])  # the library moved on off the stack

    press(qtbot, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    (said,) = window.told  # type: ignore[attr-defined]
    assert said[0] == "Could not undo or redo" and said[1].startswith("Could not redo “Accept")
    assert library.children(Medication, person_id) == []
    assert not window.undo_stack.canRedo()
    assert len(proposals(library, person_id)) <= len(waiting)
