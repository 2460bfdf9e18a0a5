"""The main window end to end: drop files anywhere, wait for the import, search, preview."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from organizer.core.library import Library
from organizer.core.records import Document, Person
from organizer.gui.documents.preview import PreviewKind
from organizer.gui.jobs import cancel_all_and_wait
from organizer.gui.main_window import MainWindow
from tests.gui_support import focused, open_window, press, type_text

SAMPLES = Path(__file__).parent / "data" / "samples"


@pytest.fixture
def window(qtbot: QtBot, library: Library, tmp_path: Path) -> Iterator[MainWindow]:
    library.add(Person(name="Ana Diaz"))
    made = open_window(qtbot, library, tmp_path / "s.ini")
    made.importer.show_summaries = False
    yield made
    made.importer.shutdown()
    cancel_all_and_wait()


def drop_on(widget: QWidget, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    args = (
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, QDragEnterEvent(QPointF(5, 5), *args))
    QApplication.sendEvent(widget, QDropEvent(QPointF(5, 5), *args))


def test_drop_anywhere_imports_to_the_only_person_then_search_and_preview(
    window: MainWindow, library: Library, qtbot: QtBot
) -> None:
    [person] = library.people()
    assert window.person_id == person.id  # the only person is selected at start
    window.show_section("medications")
    target = window.list_pages["medications"].filter_edit  # even a text box takes the drop
    dropped = [SAMPLES / "pdf" / "hl7__UD_sample.pdf", SAMPLES / "images" / "Portrait_6.jpg"]
    with qtbot.waitSignal(window.importer.finished, timeout=60_000) as done:
        drop_on(target, dropped)
        assert window.current_section() == "documents"
        assert window.importer.busy  # the window carries on while the job runs
    assert target.text() == ""  # the paths were imported, not typed into the box
    summary = done.args[0]
    documents = library.children(Document, person.id or 0)
    assert len(documents) == len(summary.document_ids) == 2
    assert window.documents.model.rowCount() == 2
    with qtbot.waitSignal(window.importer.index_finished, timeout=60_000):
        pass

    # Ctrl+F goes to the documents' search box, from any section
    window.show_section("overview")
    window.activateWindow()
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_section() == "documents"
    box = focused()
    assert isinstance(box, QLineEdit) and box is window.documents.search_box
    type_text(qtbot, "hospital")
    with qtbot.waitSignal(window.documents.search_done, timeout=30000):
        window.documents.run_search()
    results = window.documents.results
    assert results.topLevelItemCount() >= 1
    results.setCurrentItem(results.topLevelItem(0))

    preview = window.documents.preview
    assert preview.kind == PreviewKind.PDF
    assert preview.pdf.pdf.status() == QPdfDocument.Status.Ready
    assert preview.pdf.current_page() == 0
    qtbot.mouseClick(preview.pdf.next_button, Qt.MouseButton.LeftButton)
    assert preview.pdf.current_page() == 1


def test_file_import_uses_the_chosen_paths(
    window: MainWindow, library: Library, qtbot: QtBot
) -> None:
    window.choose_import_paths = lambda parent: [SAMPLES / "dicom" / "cd_pcir"]
    with qtbot.waitSignal(window.importer.finished, timeout=60_000):
        window.menus.import_action.trigger()
    documents = library.select(Document)
    assert documents
    assert {document.category.value for document in documents} == {"imaging-study"}
    assert window.documents.model.rowCount() == len(documents)


def test_dropping_with_nobody_to_import_for_says_so(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    window = open_window(qtbot, library, tmp_path / "s.ini")
    drop_on(window.welcome, [SAMPLES / "pdf" / "hl7__UD_sample.pdf"])
    assert window.told and window.told[0][0] == "Add a person first"  # type: ignore[attr-defined]
    assert not window.importer.busy
    assert library.select(Document) == []


def test_open_sample_packet_in_its_own_window(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from organizer.gui import sample

    monkeypatch.setattr(sample, "sample_library_dir", lambda: tmp_path / "sample")
    window.open_sample()
    assert window.help.sample_builder is not None
    with qtbot.waitSignal(window.help.sample_builder.ready, timeout=120_000):
        pass
    qtbot.waitUntil(lambda: bool(window.help.sample_windows))
    demo = window.help.sample_windows[0]  # closed with the main window at the latest
    assert demo.is_sample and demo.library.root == tmp_path / "sample"
    assert demo.person_id is not None and demo.packet_id is not None
    assert demo.list_pages["timeline"].model.rowCount() > 0
    assert demo.documents.model.rowCount() > 0
    assert window.library.people()[0].name == "Ana Diaz"  # the person's own library is apart
    demo.close()
    qtbot.waitUntil(lambda: not shiboken6.isValid(demo))
    Library.open(tmp_path / "sample").close()  # the demo window let go of its library


def test_the_welcome_page_offers_the_sample_packet(
    qtbot: QtBot, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from organizer.gui import sample

    monkeypatch.setattr(sample, "sample_library_dir", lambda: tmp_path / "sample")
    window = open_window(qtbot, library, tmp_path / "s.ini")
    assert window.central.currentWidget() is window.welcome
    qtbot.mouseClick(window.welcome.sample_button, Qt.MouseButton.LeftButton)
    assert window.help.sample_builder is not None
    with qtbot.waitSignal(window.help.sample_builder.ready, timeout=120_000):
        pass
    qtbot.waitUntil(lambda: bool(window.help.sample_windows))
    assert library.people() == []  # looking at the sample added nothing to the person's own
    window.help.sample_windows[0].close()


def _live(library: Library) -> list[Document]:
    """Documents not in the trash."""
    return [d for d in library.select(Document) if d.trashed_at is None]


def test_an_import_is_one_undoable_step(window: MainWindow, library: Library, qtbot: QtBot) -> None:
    folder = SAMPLES / "pdf"
    with qtbot.waitSignal(window.importer.finished, timeout=60_000) as done:
        window.import_paths([folder])
    summary = done.args[0]
    files = summary.imported
    assert files > 1
    assert window.menus.undo_action.text() == f"&Undo import of {files} files"
    assert window.menus.toolbar_undo.toolTip() == f"Undo import of {files} files"
    kept = _live(library)
    assert len(kept) == len(summary.document_ids)
    window.menus.undo_action.trigger()
    assert _live(library) == []
    assert len(library.trashed_documents()) == len(kept)  # in the trash, not lost
    window.menus.redo_action.trigger()
    assert len(_live(library)) == len(kept)
    qtbot.waitUntil(lambda: window.importer.index_runner is None, timeout=60_000)


def test_a_stopped_import_says_what_stayed_and_offers_to_remove_it(
    window: MainWindow, library: Library, qtbot: QtBot, tmp_path: Path
) -> None:
    window.importer.show_summaries = True
    committed: list[int] = []

    def stop_after_two(document_id: int) -> None:
        committed.append(document_id)
        if len(committed) == 2:
            window.importer.cancel()

    window.importer.document_committed.connect(stop_after_two)
    with qtbot.waitSignal(window.importer.finished, timeout=60_000):
        window.import_paths([SAMPLES / "pdf", SAMPLES / "images"])
    dialog = window.importer.summary_dialog
    assert dialog is not None
    text = dialog.headline.text()
    assert "You stopped the import" in text
    assert "in your records and in the packet" in text
    assert dialog.remove_button is not None
    assert len(_live(library)) == 2
    dialog.remove_button.click()
    assert _live(library) == []
    assert "moved to the trash" in dialog.headline.text()
    assert not dialog.remove_button.isEnabled()
    window.menus.redo_action.trigger()  # changed minds: redo brings them back
    assert len(_live(library)) == 2
    dialog.close()
    qtbot.waitUntil(lambda: window.importer.index_runner is None, timeout=60_000)


def test_a_portal_packages_own_index_files_are_not_counted(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.importer.show_summaries = True
    with qtbot.waitSignal(window.importer.finished, timeout=60_000) as done:
        window.import_paths([SAMPLES / "xdm" / "nist__CIRI_Ambulatory.zip"])
    summary = done.args[0]
    assert summary.package_files >= 1
    dialog = window.importer.summary_dialog
    assert dialog is not None
    shown = [dialog.tree.topLevelItem(n).text(0) for n in range(dialog.tree.topLevelItemCount())]
    assert not any(text.startswith("Skipped") for text in shown)
    assert "skipped" not in dialog.headline.text().split("</b>")[0].lower()
    assert "index files were left out" in dialog.headline.text()
    dialog.close()
    qtbot.waitUntil(lambda: window.importer.index_runner is None, timeout=60_000)
