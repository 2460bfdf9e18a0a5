"""Importing from the window: drop, background job, summary, cancel, then search."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from document_helpers import SAMPLES
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import QApplication, QTreeWidgetItem, QWidget
from pytestqt.qtbot import QtBot

from organizer.core import importing
from organizer.core.importing import ImportSummary
from organizer.core.library import Library
from organizer.core.records import Document, Person
from organizer.gui.documents import DocumentsPage
from organizer.gui.drop import FileDropFilter
from organizer.gui.importing import ImportController, announce_imports
from organizer.gui.jobs import cancel_all_and_wait

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    widget.resize(800, 600)
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def controller(library: Library, window: QWidget) -> Iterator[ImportController]:
    made = ImportController(library, window)
    yield made
    made.shutdown()
    cancel_all_and_wait()


@pytest.fixture
def person_id(library: Library) -> int:
    return library.add(Person(name="Ana Diaz"))


def drop_paths(widget: QWidget, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(widget, QDragEnterEvent(QPointF(10, 10), *args))
    QApplication.sendEvent(widget, QDropEvent(QPointF(10, 10), *args))


def group_texts(item: QTreeWidgetItem) -> list[tuple[str, str]]:
    return [(item.child(n).text(0), item.child(n).text(1)) for n in range(item.childCount())]


def group_tips(item: QTreeWidgetItem) -> list[str]:
    return [item.child(n).toolTip(0) for n in range(item.childCount())]


def test_dropped_files_are_imported_in_the_background_and_become_searchable(
    qtbot: QtBot,
    library: Library,
    window: QWidget,
    controller: ImportController,
    person_id: int,
) -> None:
    dropper = FileDropFilter(window)
    dropper.attach(window)
    dropper.paths_dropped.connect(lambda paths: controller.start(person_id, paths))
    page = DocumentsPage(library, QUndoStack(page_parent := window), window)
    page.set_person(person_id)
    announce_imports(controller)  # as the window does: arriving rows are added
    controller.pictures_ready.connect(page.pictures_made)
    del page_parent

    dropped = [SAMPLES / "pdf" / "hl7__UD_sample.pdf", SAMPLES / "images"]
    with qtbot.waitSignal(controller.finished, timeout=30000) as done:
        drop_paths(window, dropped)
        assert controller.busy  # the drop returned at once; the work goes on in the back
    summary = done.args[0]
    assert isinstance(summary, ImportSummary)
    assert summary.imported >= 10
    documents = library.children(Document, person_id)
    assert len(documents) == len(summary.document_ids)
    assert page.model.rowCount() == len(documents)

    # import made no pictures: a photo's row shows the kind's icon until the pass makes one
    photo = next(
        d for d in documents
        if d.id is not None and library.document_files(d.id)[0].media_type == "image/jpeg"
    )  # fmt: skip
    sha = library.document_files(photo.id or 0)[0].sha256
    placeholder = page.thumbnails._kind_icon(photo).cacheKey()
    if not importing.thumbnail_path(library.root, sha).exists():  # the pass may be under way
        assert page.thumbnails.icon_for(photo).cacheKey() == placeholder

    # the index pass has started but not run yet: search says it is incomplete
    assert importing.pending_count(library) > 0
    page.search_box.setText("hospital")
    with qtbot.waitSignal(page.search_done, timeout=30000):
        page.run_search()
    assert page.index_note.isVisibleTo(page)
    assert "not complete" in page.index_note.text()

    with qtbot.waitSignal(controller.index_finished, timeout=30000):
        pass
    assert importing.pending_count(library) == 0
    assert importing.pictures_pending(library) == 0
    # the pass made the thumbnail and the row shows it now, in place of the icon
    assert importing.thumbnail_path(library.root, sha).is_file()
    icon = page.thumbnails.icon_for(photo)
    assert not icon.isNull()
    assert icon.cacheKey() != placeholder
    with qtbot.waitSignal(page.search_done, timeout=30000):
        page.run_search()
    assert not page.index_note.isVisibleTo(page)
    count = page.results.topLevelItemCount()
    assert count >= 1
    assert f"contain{'s' if count == 1 else ''} “hospital”" in page.results_label.text()
    first = page.results.topLevelItem(0)
    snippet = first.text(1)
    assert "«" in snippet and "»" in snippet
    assert "«hospital»" in snippet.lower()
    # the table shows only the matching documents, and picking a result selects it
    assert page.proxy.rowCount() == count
    page.results.setCurrentItem(first)
    assert page.selected_ids() == [first.data(0, Qt.ItemDataRole.UserRole)]

    page.search_box.setText("zzzunlikelyword")
    with qtbot.waitSignal(page.search_done, timeout=30000):
        page.run_search()
    assert "No document contains" in page.results_label.text()
    assert page.proxy.rowCount() == 0
    page.search_box.clear()
    page.run_search()
    assert page.proxy.rowCount() == len(documents)


def test_summary_lists_duplicates_skipped_and_rejected_files_with_reasons(
    qtbot: QtBot,
    tmp_path: Path,
    library: Library,
    controller: ImportController,
    person_id: int,
) -> None:
    batch = tmp_path / "downloads"
    batch.mkdir()
    shutil.copy(SAMPLES / "pdf" / "crazyones-pdfa.pdf", batch / "letter.pdf")
    shutil.copy(SAMPLES / "pdf" / "crazyones-pdfa.pdf", batch / "letter (1).pdf")
    shutil.copy(SAMPLES / "bad" / "pdf_malformed__bad1.pdf", batch / "broken.pdf")
    shutil.copy(SAMPLES / "bad" / "zip_slip__zip-slip.zip", batch / "portal.zip")
    (batch / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (batch / "empty.txt").write_bytes(b"")

    with qtbot.waitSignal(controller.finished, timeout=30000) as done:
        controller.start(person_id, [batch])
    summary = done.args[0]
    # the zip also holds one harmless text file, which is imported
    assert summary.imported == 2 and summary.duplicates == 1
    assert summary.skipped == 1 and summary.rejected == 3

    dialog = controller.summary_dialog
    assert dialog is not None and dialog.isVisible()
    assert "2 files added to your records as 2 documents" in dialog.headline.text()
    groups = {
        dialog.tree.topLevelItem(n).text(0).split(":")[0]: dialog.tree.topLevelItem(n)
        for n in range(dialog.tree.topLevelItemCount())
    }
    assert set(groups) == {"Already in your records (not stored twice)", "Skipped",
                           "Could not be imported"}  # fmt: skip
    duplicates = group_texts(groups["Already in your records (not stored twice)"])
    assert len(duplicates) == 1 and "letter" in duplicates[0][0]
    assert "already in" in duplicates[0][1]
    skipped = dict(group_texts(groups["Skipped"]))
    assert any(".DS_Store" in name for name in skipped)
    rejected = group_texts(groups["Could not be imported"])
    names = [name for name, _reason in rejected]
    assert "broken.pdf" in names and "empty.txt" in names  # file names, not whole paths
    tips = " ".join(group_tips(groups["Could not be imported"]))
    assert "portal.zip" in tips and str(batch) in tips  # the folder (or zip) as a tooltip
    reasons = dict(rejected)
    assert "empty (0 bytes)" in reasons["empty.txt"]
    # the reason column keeps room however long the names are
    assert dialog.tree.columnWidth(0) <= dialog.width() * 0.4 + 1
    assert all(reason.strip() for _name, reason in rejected)
    assert len(library.children(Document, person_id)) == 2


def test_cancel_mid_import_leaves_only_whole_documents(
    qtbot: QtBot,
    tmp_path: Path,
    library: Library,
    controller: ImportController,
    person_id: int,
) -> None:
    batch = tmp_path / "many"
    shutil.copytree(SAMPLES / "pdf", batch / "pdf")
    shutil.copytree(SAMPLES / "images", batch / "images")
    shutil.copytree(SAMPLES / "ccda", batch / "ccda")
    committed: list[int] = []

    def cancel_after_first(document_id: int) -> None:
        committed.append(document_id)
        if len(committed) == 1:
            controller.cancel()

    controller.document_committed.connect(cancel_after_first)
    with qtbot.waitSignal(controller.finished, timeout=30000) as done:
        controller.start(person_id, [batch])
    summary = done.args[0]
    assert summary.document_ids == committed == [committed[0]]

    documents = library.children(Document, person_id)
    assert [d.id for d in documents] == committed
    for document in documents:
        assert document.id is not None and library.document_files(document.id)
    referenced = {row[0] for row in library._execute("SELECT sha256 FROM document_files")}
    assert set(library.store.all_hashes()) == referenced  # no orphan copy left behind
    dialog = controller.summary_dialog
    assert dialog is not None
    assert "You stopped the import" in dialog.headline.text()
    assert "Nothing was left half-done" in dialog.headline.text()
    assert "The 1 file imported before you stopped is in your records" in dialog.headline.text()


def test_paths_given_during_an_import_are_imported_after_it(
    qtbot: QtBot, library: Library, controller: ImportController, person_id: int
) -> None:
    controller.show_summaries = False
    finished: list[ImportSummary] = []
    controller.finished.connect(finished.append)
    controller.start(person_id, [SAMPLES / "pdf" / "crazyones-pdfa.pdf"])
    controller.start(person_id, [SAMPLES / "pdf" / "google-doc-document.pdf"])
    qtbot.waitUntil(lambda: len(finished) == 2, timeout=30000)
    assert [s.imported for s in finished] == [1, 1]
    assert len(library.children(Document, person_id)) == 2


def test_cached_pictures_are_read_a_few_at_a_time(
    qtbot: QtBot, library: Library, person_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from organizer.core.jobs import JobContext
    from organizer.gui.documents import thumbnails

    importing.import_paths(library, person_id, [SAMPLES / "images" / "hopper.png",
                           SAMPLES / "images" / "Portrait_1.jpg"], JobContext())  # fmt: skip
    importing.make_pending_pictures(library, JobContext())
    cache = thumbnails.ThumbnailCache(library)
    first, second = library.children(Document, person_id)
    monkeypatch.setattr(thumbnails, "LOAD_BUDGET_S", 0.0)
    picture = cache.icon_for(first)
    assert picture.cacheKey() != cache._kind_icon(first).cacheKey()
    placeholder = cache.icon_for(second)  # over this turn's budget: not read now
    assert placeholder.cacheKey() == cache._kind_icon(second).cacheKey()
    with qtbot.waitSignal(cache.more_ready, timeout=5000):
        pass
    assert cache.icon_for(second).cacheKey() != placeholder.cacheKey()


@pytest.mark.parametrize("moment", ["importing", "indexing"])
def test_shutting_down_then_closing_the_library_leaves_nothing_behind(
    qtbot: QtBot, tmp_path: Path, window: QWidget, moment: str
) -> None:
    """The jobs' ended signals are queued: they may arrive after the library is closed, as
    when the window quits mid-import. They must not touch it then, and the copies the
    stopped import made for no document must already be gone."""
    opened = Library.open(tmp_path / "own")
    person = opened.add(Person(name="Ana Diaz"))
    made = ImportController(opened, window)
    made.show_summaries = False
    batch = tmp_path / "many"
    shutil.copytree(SAMPLES / "pdf", batch / "pdf")
    shutil.copytree(SAMPLES / "images", batch / "images")
    if moment == "indexing":
        with qtbot.waitSignal(made.finished, timeout=30000):
            made.start(person, [batch])
        assert made.index_runner is not None  # the pass began right after the import
        # once something is saved, the pass's end reads the database (what failed in CI)
        qtbot.waitUntil(lambda: made._index_saved > 0 or made.index_runner is None, timeout=30000)
    else:
        with qtbot.waitSignal(made.document_committed, timeout=30000):
            made.start(person, [batch])
        assert made.busy

    made.shutdown()
    referenced = {row[0] for row in opened._execute("SELECT sha256 FROM document_files")}
    assert set(opened.store.all_hashes()) == referenced  # no orphan copy left behind
    opened.close()
    qtbot.wait(300)  # queued signals arrive now; an exception here fails the test
    assert not made._arrivals.isActive()  # no later hand-over of arrivals either
    cancel_all_and_wait()
    assert not made.busy and made.index_runner is None
