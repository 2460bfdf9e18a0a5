"""Documents arriving during an import join the list as rows, not by reading it all again.

A real import (ImportController, wired as the window wires it) into a shown DocumentsPage:
the model must add rows (rowsInserted) and never reset, so the selection, the current row
and what is in view stay put; filters apply to the new rows; undo takes them away.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from document_helpers import SAMPLES
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from organizer.core import ops, queries
from organizer.core.derived import thumbnail_path
from organizer.core.guesses import needs_check
from organizer.core.identity.documents import names_someone_else
from organizer.core.importing import import_paths
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.records import Document, Person
from organizer.core.vocab import Category
from organizer.gui import importing as gui_importing
from organizer.gui.documents import DocumentsPage
from organizer.gui.documents import page as page_module
from organizer.gui.documents.model import CATEGORY, DOCUMENT_ID_ROLE, THUMBNAIL, TITLE
from organizer.gui.importing import ImportController, announce_imports
from organizer.gui.jobs import cancel_all_and_wait
from organizer.gui.undo import push

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


class Signals:
    """Counts what the model told its views."""

    def __init__(self, page: DocumentsPage) -> None:
        self.resets = 0
        self.inserted: list[tuple[int, int]] = []
        self.removed = 0
        model = page.model
        model.modelReset.connect(self._reset)
        model.rowsInserted.connect(lambda _parent, first, last: self.inserted.append((first, last)))
        model.rowsRemoved.connect(self._removed)

    def _reset(self) -> None:
        self.resets += 1

    def _removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        self.removed += last - first + 1

    @property
    def rows_inserted(self) -> int:
        return sum(last - first + 1 for first, last in self.inserted)


@pytest.fixture
def person_id(library: Library) -> int:
    return library.add(Person(name="Ana Diaz"))


@pytest.fixture
def stack() -> QUndoStack:
    return QUndoStack()


@pytest.fixture
def page(
    qtbot: QtBot, library: Library, person_id: int, stack: QUndoStack
) -> Iterator[DocumentsPage]:
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(1000, 420)  # room for a few rows: the list scrolls
    made = DocumentsPage(library, stack, window)
    QVBoxLayout(window).addWidget(made)
    made.set_person(person_id)
    window.show()
    qtbot.waitExposed(window)
    yield made
    made.shutdown()


@pytest.fixture
def controller(
    library: Library, page: DocumentsPage, stack: QUndoStack, monkeypatch: pytest.MonkeyPatch
) -> Iterator[ImportController]:
    # arrivals handed over at every turn of the event loop, so they come during the import
    monkeypatch.setattr(gui_importing, "ARRIVED_EVERY_MS", 0)
    made = ImportController(library, page.window())
    made.show_summaries = False
    made.undo_stack = stack
    announce_imports(made)
    yield made
    made.shutdown()
    cancel_all_and_wait()


@pytest.fixture
def full_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each time the whole list of a person's documents is read (the person's id)."""
    reads: list[int] = []
    read = queries.person_documents

    def counting(library: Library, person_id: int, only: object = None) -> list[Document]:
        if only is None:
            reads.append(person_id)
        return read(library, person_id, only)  # type: ignore[arg-type]

    monkeypatch.setattr(queries, "person_documents", counting)
    return reads


def run_import(qtbot: QtBot, controller: ImportController, person_id: int, *paths: Path) -> None:
    with qtbot.waitSignal(controller.finished, timeout=60000):
        controller.start(person_id, list(paths))


def shown_ids(page: DocumentsPage) -> set[int]:
    proxy = page.proxy
    return {int(proxy.index(row, TITLE).data(DOCUMENT_ID_ROLE)) for row in range(proxy.rowCount())}


def search_results(page: DocumentsPage) -> set[int]:
    items = (page.results.topLevelItem(n) for n in range(page.results.topLevelItemCount()))
    return {int(item.data(0, Qt.ItemDataRole.UserRole)) for item in items}


def id_at_top(page: DocumentsPage) -> int:
    return int(page.proxy.index(page.table.rowAt(0), TITLE).data(DOCUMENT_ID_ROLE))


def test_documents_appear_as_rows_while_the_import_runs(
    qtbot: QtBot, library: Library, page: DocumentsPage, controller: ImportController,
    person_id: int, full_reads: list[int],
) -> None:  # fmt: skip
    signals = Signals(page)
    seen_during: list[int] = []
    controller.documents_arrived.connect(
        lambda _ids: seen_during.append(page.model.rowCount()) if controller.busy else None
    )

    run_import(qtbot, controller, person_id, SAMPLES / "images", SAMPLES / "pdf")

    documents = library.children(Document, person_id)
    assert len(documents) >= 15
    assert seen_during and 0 < seen_during[0] < len(documents)  # rows came before the end
    assert page.model.rowCount() == len(documents)
    assert signals.resets == 0
    assert signals.rows_inserted == len(documents)  # one insert per document, none twice
    assert full_reads == []  # only the arriving documents were read
    assert page.list_stack.currentWidget() is page.table
    # in the order the list is sorted by (date, newest first), as a full read gives
    arrived = [row.id for row in page.model.rows]
    page.reload()
    assert [row.id for row in page.model.rows] == arrived


def test_selection_current_row_and_view_stay_while_rows_arrive_above(
    qtbot: QtBot, library: Library, page: DocumentsPage, controller: ImportController,
    person_id: int,
) -> None:  # fmt: skip
    run_import(qtbot, controller, person_id, SAMPLES / "pdf")
    page.table.sortByColumn(THUMBNAIL, Qt.SortOrder.DescendingOrder)  # newest first
    count = page.proxy.rowCount()
    assert count > 6
    chosen = [int(page.proxy.index(row, TITLE).data(DOCUMENT_ID_ROLE)) for row in (4, 5)]
    page.select_ids(chosen)
    page.table.scrollTo(page.proxy.index(count - 1, TITLE))  # the bottom of the list
    top = id_at_top(page)
    assert page.table.verticalScrollBar().value() > 0
    current = page.table.currentIndex().data(DOCUMENT_ID_ROLE)
    signals = Signals(page)

    run_import(qtbot, controller, person_id, SAMPLES / "images")

    assert page.proxy.rowCount() > count
    assert signals.resets == 0 and signals.inserted
    assert all(first < page.model.row_of(top) for first, _last in signals.inserted)  # above
    assert sorted(page.selected_ids()) == sorted(chosen)
    assert page.table.currentIndex().data(DOCUMENT_ID_ROLE) == current
    assert id_at_top(page) == top  # the same rows in view


def test_arriving_documents_follow_the_filter_and_the_search(
    qtbot: QtBot, library: Library, page: DocumentsPage, controller: ImportController,
    person_id: int, stack: QUndoStack,
) -> None:  # fmt: skip
    run_import(qtbot, controller, person_id, SAMPLES / "images")
    # one photo checked by the person: "Needs checking only" hides it
    checked = page.model.rows[0].id
    push(stack, library, "Confirm", ops.confirm_guesses(library, [checked]))
    page.unchecked_only.setChecked(True)
    assert checked not in shown_ids(page) and shown_ids(page)

    run_import(qtbot, controller, person_id, SAMPLES / "ccda")

    documents = library.children(Document, person_id)
    assert page.model.rowCount() == len(documents)
    wanted = {d.id for d in documents if needs_check(d) or names_someone_else(d)}
    assert shown_ids(page) == wanted and checked not in wanted

    # a search shows only its hits: documents arriving now (no words read yet) stay out
    if controller.index_runner is not None:
        with qtbot.waitSignal(controller.index_finished, timeout=60000):
            pass
    page.unchecked_only.setChecked(False)
    page.search_box.setText("hospital")
    with qtbot.waitSignal(page.search_done, timeout=30000):
        page.run_search()
    assert shown_ids(page) == search_results(page) != set()
    before = {row.id for row in page.model.rows}
    controller.start_indexing = lambda: None  # type: ignore[method-assign]  # nothing read

    run_import(qtbot, controller, person_id, SAMPLES / "pdf")
    page.run_search()  # the newest search, after the last arrivals
    with qtbot.waitSignal(page.search_done, timeout=30000):
        pass

    arrived = {row.id for row in page.model.rows} - before
    assert arrived and not arrived & search_results(page)  # their words are not read yet
    assert shown_ids(page) == search_results(page)


def test_undo_of_an_import_removes_its_rows_and_redo_brings_them_back(
    qtbot: QtBot, library: Library, page: DocumentsPage, controller: ImportController,
    person_id: int, stack: QUndoStack, full_reads: list[int],
) -> None:  # fmt: skip
    # the index pass, when it ends, reads every document again: not part of this test
    controller.start_indexing = lambda: None  # type: ignore[method-assign]
    run_import(qtbot, controller, person_id, SAMPLES / "pdf")
    kept = page.model.rowCount()
    run_import(qtbot, controller, person_id, SAMPLES / "images")
    imported = page.model.rowCount() - kept
    assert imported > 0
    signals = Signals(page)

    stack.undo()

    assert page.model.rowCount() == kept
    assert signals.removed == imported and signals.resets == 0
    assert full_reads == []  # the undo named its documents: only their rows went
    assert {row.id for row in page.model.rows} == {
        d.id for d in queries.person_documents(library, person_id)
    }
    stack.redo()
    assert page.model.rowCount() == kept + imported
    assert signals.rows_inserted == imported and signals.resets == 0


def test_a_paint_looks_up_the_first_files_of_all_rows_in_view_at_once(
    qtbot: QtBot, library: Library, page: DocumentsPage, controller: ImportController,
    person_id: int, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    run_import(qtbot, controller, person_id, SAMPLES / "images", SAMPLES / "pdf")
    asked: list[set[int]] = []
    batched = queries.first_files

    def recording(library: Library, ids: object) -> dict[int, tuple[str, str]]:
        wanted = set(ids)  # type: ignore[call-overload]
        asked.append(wanted)
        return batched(library, wanted)

    monkeypatch.setattr(queries, "first_files", recording)
    monkeypatch.setattr(queries, "first_file", lambda *_: pytest.fail("one query per row"))
    page.thumbnails.forget()
    page.table.viewport().grab()  # a paint of the rows in view

    in_view = set(page._shown_ids())
    assert len(in_view) > 2
    assert asked and asked[0] >= in_view  # the first miss asked for every row in view
    assert len(asked) == 1


def test_a_thumbnail_made_redraws_only_the_rows_that_show_it(
    qtbot: QtBot, library: Library, page: DocumentsPage, controller: ImportController,
    person_id: int,
) -> None:  # fmt: skip
    run_import(qtbot, controller, person_id, SAMPLES / "pdf")
    page.table.viewport().grab()  # the rows in view look up their first files
    document_id = page._shown_ids()[0]
    sha, _media_type = queries.first_file(library, document_id)
    changed: list[tuple[int, int, int, int]] = []
    page.model.dataChanged.connect(
        lambda first, last, _roles=(): changed.append(
            (first.row(), last.row(), first.column(), last.column())
        )
    )

    page.thumbnails.pdfs.ready.emit(sha)  # as the background drawing reports a PDF's page

    row = page.model.row_of(document_id)
    assert changed == [(row, row, THUMBNAIL, THUMBNAIL)]


def test_a_changed_document_moves_to_its_new_place_keeping_the_selection(
    qtbot: QtBot, library: Library, page: DocumentsPage, person_id: int, full_reads: list[int]
) -> None:
    for title, category, confirmed in (
        ("Letter", Category.LETTER, True),
        ("Scan", Category.OTHER, False),  # "Other (guessed)": after "Other" once confirmed
        ("Photo", Category.OTHER, True),
    ):
        library.add(Document(person_id=person_id, title=title, category=category,
                             category_confirmed=confirmed))  # fmt: skip
    page.reload()
    page.table.sortByColumn(CATEGORY, Qt.SortOrder.AscendingOrder)
    titles = [row.document.title for row in page.model.rows]
    assert titles.index("Scan") > titles.index("Photo")
    scan = next(row.id for row in page.model.rows if row.document.title == "Scan")
    page.select_ids([scan])
    moved: list[int] = []
    page.model.rowsMoved.connect(lambda *_args: moved.append(1))
    signals = Signals(page)
    full_reads.clear()

    page.confirm_selected()  # through the undo stack and the change notice

    titles = [row.document.title for row in page.model.rows]
    assert titles.index("Scan") < titles.index("Photo")
    assert moved and signals.resets == 0 and signals.removed == 0 and not signals.inserted
    assert page.selected_ids() == [scan]
    assert full_reads == []
    order = [row.id for row in page.model.rows]
    page.reload()
    assert [row.id for row in page.model.rows] == order  # where a full read puts it


def test_first_pages_are_drawn_after_documents_stop_arriving(
    qtbot: QtBot, library: Library, page: DocumentsPage, controller: ImportController,
    person_id: int, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """Drawing PDF first pages competed with an import for the cores and made the window
    block longer as rows arrived: they wait until documents stop arriving, then come."""
    monkeypatch.setattr(page_module, "ARRIVALS_HOLD_MS", 1500)  # long enough for a slow CI machine
    pdfs = page.thumbnails.pdfs
    started_while_held: list[bool] = []
    real_start = pdfs._start

    def start() -> None:
        started_while_held.append(pdfs.held)
        real_start()

    monkeypatch.setattr(pdfs, "_start", start)
    drawn: list[str] = []
    pdfs.ready.connect(drawn.append)

    run_import(qtbot, controller, person_id, SAMPLES / "pdf")
    assert pdfs.held  # the last arrivals were just now
    assert drawn == [] and pdfs.runner is None
    qtbot.waitUntil(lambda: not pdfs.held, timeout=10000)
    qtbot.waitUntil(lambda: len(drawn) > 0, timeout=30000)
    assert started_while_held and not any(started_while_held)
    for sha in drawn:
        assert thumbnail_path(library.root, sha).is_file()


def test_a_hold_ends_with_a_cancel_so_later_pages_are_drawn(
    qtbot: QtBot, library: Library, page: DocumentsPage
) -> None:
    pdfs = page.thumbnails.pdfs
    pdfs.hold(60_000)
    pdfs.cancel()  # a person chosen anew, or the page closing
    assert not pdfs.held


def test_the_first_documents_of_an_empty_list_come_as_one_block_in_order(
    library: Library, page: DocumentsPage, person_id: int, full_reads: list[int]
) -> None:
    import_paths(library, person_id, [SAMPLES / "pdf", SAMPLES / "images"], JobContext())
    ids = [d.id or 0 for d in library.children(Document, person_id)]
    assert len(ids) >= 10 and page.model.rowCount() == 0
    signals = Signals(page)

    page.update_documents(ids)

    assert signals.inserted == [(0, len(ids) - 1)] and signals.resets == 0
    assert full_reads == []
    arrived = [row.id for row in page.model.rows]
    page.reload()
    assert [row.id for row in page.model.rows] == arrived  # the order a full read gives
