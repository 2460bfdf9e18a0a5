"""The Documents section through its real widgets: list, guesses, trash, packet, preview."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from document_helpers import SAMPLES, person_with_packet, standard_documents
from PySide6.QtCore import QModelIndex, Qt, QUrl
from PySide6.QtGui import QUndoStack
from PySide6.QtPdf import QPdfDocument
from pytestqt.qtbot import QtBot

from organizer.core.details import Series
from organizer.core.library import Library
from organizer.core.records import Document, Event
from organizer.core.vocab import Category, EventKind
from organizer.gui.documents import DocumentsPage
from organizer.gui.documents.dialogs import DocumentEditor
from organizer.gui.documents.model import CATEGORY, DATE, INCLUDED, TITLE, DocumentsModel
from organizer.gui.documents.preview import PreviewKind, SeriesModel

# the offscreen platform cannot resize or raise real windows and says so; that is not ours
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def scene(library: Library) -> tuple[int, int, dict[str, int]]:
    person_id, packet_id = person_with_packet(library)
    return person_id, packet_id, standard_documents(library, person_id)


@pytest.fixture
def page(
    qtbot: QtBot, library: Library, scene: tuple[int, int, dict[str, int]]
) -> Iterator[DocumentsPage]:
    person_id, packet_id, _ids = scene
    stack = QUndoStack()
    widget = DocumentsPage(library, stack)
    widget._test_stack = stack  # type: ignore[attr-defined]  # keep the stack alive
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.set_person(person_id)
    widget.set_packet(packet_id)
    yield widget
    widget.shutdown()


def stack_of(page: DocumentsPage) -> QUndoStack:
    return page.undo_stack


def cell(page: DocumentsPage, document_id: int, column: int) -> QModelIndex:
    row = page.model.row_of(document_id)
    return page.proxy.mapFromSource(page.model.index(row, column))


def test_models_pass_the_model_tester(
    qtmodeltester: object, library: Library, scene: tuple[int, int, dict[str, int]]
) -> None:
    person_id, packet_id, _ids = scene
    model = DocumentsModel(library)
    model.set_scope(person_id, packet_id)
    assert model.rowCount() == 4
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    series = SeriesModel()
    series.set_series((Series(number=1, description="T1", modality="MR", images=3),))
    qtmodeltester.check(series)  # type: ignore[attr-defined]


def test_guesses_are_marked_in_words_and_one_click_confirms_with_undo(
    qtbot: QtBot, page: DocumentsPage, library: Library, scene: tuple[int, int, dict[str, int]]
) -> None:
    guessed = scene[2]["guessed"]
    assert cell(page, guessed, CATEGORY).data() == "Discharge summary (guessed)"
    assert cell(page, guessed, DATE).data() == "November 2025 (guessed)"
    tooltip = cell(page, guessed, CATEGORY).data(Qt.ItemDataRole.ToolTipRole)
    assert '"Discharge Summary"' in tooltip
    assert cell(page, scene[2]["report"], CATEGORY).data() == "Pathology report"

    page.select_ids([guessed])
    assert page.details.confirm_button.isVisibleTo(page)
    assert "Why:" in page.details.guess.text()
    qtbot.mouseClick(page.details.confirm_button, Qt.MouseButton.LeftButton)

    stored = library.get(Document, guessed)
    assert stored.category_confirmed and stored.date_confirmed
    assert cell(page, guessed, CATEGORY).data() == "Discharge summary"
    assert page.selected_ids() == [guessed]
    assert not page.details.confirm_button.isVisibleTo(page)

    stack_of(page).undo()
    stored = library.get(Document, guessed)
    assert not stored.category_confirmed and not stored.date_confirmed
    assert cell(page, guessed, DATE).data() == "November 2025 (guessed)"
    stack_of(page).redo()
    assert library.get(Document, guessed).category_confirmed


def test_only_documents_to_check_filter(page: DocumentsPage, scene: tuple) -> None:
    page.unchecked_only.setChecked(True)
    assert page.proxy.rowCount() == 1
    assert page.proxy.index(0, TITLE).data(Qt.ItemDataRole.UserRole + 1) == scene[2]["guessed"]
    page.unchecked_only.setChecked(False)
    assert page.proxy.rowCount() == 4


def test_delete_key_moves_to_trash_and_undo_brings_it_back(
    qtbot: QtBot, page: DocumentsPage, library: Library, scene: tuple[int, int, dict[str, int]]
) -> None:
    report = scene[2]["report"]
    page.select_ids([report])
    with qtbot.waitSignal(page.documents_changed):
        qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert page.model.row_of(report) == -1
    assert library.get(Document, report).trashed_at is not None
    assert [d.id for d in library.trashed_documents()] == [report]

    stack_of(page).undo()
    assert page.model.row_of(report) >= 0
    assert library.get(Document, report).trashed_at is None
    stack_of(page).redo()

    trash = page.show_trash()
    assert trash.list.count() == 1
    trash.list.item(0).setSelected(True)
    qtbot.mouseClick(trash.restore_button, Qt.MouseButton.LeftButton)
    assert trash.list.count() == 0
    assert library.get(Document, report).trashed_at is None
    stack_of(page).undo()  # undoing the restore shows the document in the trash again
    assert trash.list.count() == 1


def test_emptying_the_trash_asks_first_and_removes_the_files(
    page: DocumentsPage, library: Library, scene: tuple[int, int, dict[str, int]]
) -> None:
    photo = scene[2]["photo"]
    sha = library.document_files(photo)[0].sha256
    page.select_ids([photo])
    page.trash_selected()
    page.confirm = lambda *_args: False
    assert page.empty_trash() == 0
    assert library.store.contains(sha)
    page.confirm = lambda *_args: True
    assert page.empty_trash() == 1
    assert not library.exists(Document, photo)
    assert not library.store.contains(sha)
    assert stack_of(page).count() == 0  # nothing left that could undo into a missing document


def test_include_and_exclude_from_the_packet_with_undo(
    page: DocumentsPage, library: Library, scene: tuple[int, int, dict[str, int]]
) -> None:
    _person, packet_id, ids = scene
    box = cell(page, ids["photo"], INCLUDED)
    assert box.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert page.proxy.setData(box, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert ids["photo"] not in [d.id for d in library.packet_documents(packet_id)]
    box = cell(page, ids["photo"], INCLUDED)
    assert box.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert box.data() == "no"
    stack_of(page).undo()
    assert ids["photo"] in [d.id for d in library.packet_documents(packet_id)]

    page.select_ids([ids["photo"], ids["report"]])
    page.set_selected_included(False)
    assert len(library.packet_documents(packet_id)) == 2
    stack_of(page).undo()
    assert len(library.packet_documents(packet_id)) == 4


def test_edit_form_checks_the_date_next_to_the_field(
    qtbot: QtBot, page: DocumentsPage, library: Library, scene: tuple[int, int, dict[str, int]]
) -> None:
    guessed = scene[2]["guessed"]
    before = library.get(Document, guessed)
    editor = DocumentEditor(before, page)
    qtbot.addWidget(editor)
    editor.date_edit.setText("31 February 2026")
    assert not editor.validate()
    assert "February 2026 has no day 31" in editor.date_error.text()
    assert not editor.buttons.button(editor.buttons.StandardButton.Save).isEnabled()
    editor.date_edit.setText("about 2019")
    editor.title_edit.setText("Discharge summary, County Hospital")
    editor.category_box.setCurrentIndex(editor.category_box.findData("letter"))
    assert editor.validate()
    page.apply_edit(before, editor.edited())

    after = library.get(Document, guessed)
    assert after.title == "Discharge summary, County Hospital"
    assert after.category == Category.LETTER and after.category_confirmed
    assert after.date is not None and after.date.display() == "about 2019"
    assert cell(page, guessed, DATE).data() == "about 2019"
    stack_of(page).undo()
    assert library.get(Document, guessed) == before


def test_linking_a_document_to_a_timeline_event_is_undoable(
    page: DocumentsPage, library: Library, scene: tuple[int, int, dict[str, int]]
) -> None:
    person_id, _packet, ids = scene
    from organizer.core.dates import PartialDate

    event_id = library.add(
        Event(
            person_id=person_id, date=PartialDate(2026, 1, 12), kind=EventKind.TEST, title="Biopsy"
        )
    )
    page.select_ids([ids["report"]])
    page.link_events(ids["report"], {event_id: True})
    assert library.event_document_ids(event_id) == [ids["report"]]
    assert "Biopsy" in page.details.summary.text()
    stack_of(page).undo()
    assert library.event_document_ids(event_id) == []


def test_pdf_preview_shows_pages_and_moves_between_them(
    qtbot: QtBot, page: DocumentsPage, scene: tuple[int, int, dict[str, int]]
) -> None:
    page.select_ids([scene[2]["report"]])
    preview = page.preview
    assert preview.kind == PreviewKind.PDF
    pdf = preview.pdf
    assert pdf.pdf.status() == QPdfDocument.Status.Ready
    assert pdf.pdf.pageCount() == 6
    assert pdf.current_page() == 0
    assert not pdf.previous_button.isEnabled()
    qtbot.mouseClick(pdf.next_button, Qt.MouseButton.LeftButton)
    assert pdf.current_page() == 1
    assert pdf.page_box.value() == 2
    pdf.page_box.setValue(6)
    assert pdf.current_page() == 5
    assert not pdf.next_button.isEnabled()
    zoom = pdf.view.zoomFactor()
    qtbot.mouseClick(pdf.zoom_in_button, Qt.MouseButton.LeftButton)
    assert pdf.view.zoomFactor() > zoom


def test_password_protected_pdf_is_explained(
    qtbot: QtBot, library: Library, page: DocumentsPage, scene: tuple[int, int, dict[str, int]]
) -> None:
    from document_helpers import add_file_document

    locked = add_file_document(
        library,
        scene[0],
        [SAMPLES / "bad" / "pdf_encrypted__r4-aes-user-password.pdf"],
        title="Locked lab results",
        flags="password-protected",
    )
    page.reload()
    page.select_ids([locked])
    assert page.preview.kind == PreviewKind.PDF
    message = page.preview.pdf.message
    assert message.isVisibleTo(page)
    assert "protected by a password" in message.text()
    assert "password-protected" in cell(page, locked, TITLE).data()


def test_photo_preview_is_upright(
    page: DocumentsPage, scene: tuple[int, int, dict[str, int]]
) -> None:
    page.select_ids([scene[2]["photo"]])
    assert page.preview.kind == PreviewKind.IMAGE
    image = page.preview.image.image
    assert image.height() > image.width()  # EXIF orientation 6: stored sideways


def test_imaging_study_preview_lists_its_series(
    page: DocumentsPage, scene: tuple[int, int, dict[str, int]]
) -> None:
    page.select_ids([scene[2]["study"]])
    preview = page.preview
    assert preview.kind == PreviewKind.STUDY
    assert preview.study.values["modality"].text() == "MRI (MR)"
    assert preview.study.values["study_date"].text() == "2 October 2025"
    assert preview.study.values["institution"].text() == "Example Imaging Center"
    series = preview.study.series
    assert series.rowCount() == 2
    assert series.index(0, 1).data() == "T1 axial"
    assert series.index(1, 1).data() == "(no description)"


def test_open_with_system_viewer_uses_a_read_only_copy_with_a_readable_name(
    page: DocumentsPage, library: Library, scene: tuple[int, int, dict[str, int]]
) -> None:
    opened: list[QUrl] = []
    page.viewer_copies.open_url = lambda url: opened.append(url) or True
    report = scene[2]["report"]
    page.select_ids([report])
    page.details.open_button.click()
    assert len(opened) == 1
    copy = Path(opened[0].toLocalFile())
    assert copy.name == "2026-01-12 Surgical pathology report.pdf"
    stored = library.store.path_for(library.document_files(report)[0].sha256)
    assert copy.read_bytes() == stored.read_bytes()
    assert copy != stored
    assert not copy.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)

    page.select_ids([scene[2]["study"]])
    page.details.reveal_button.click()
    folder = Path(opened[1].toLocalFile())
    names = sorted(p.name for p in folder.rglob("*") if p.is_file())
    assert names == sorted(p.name for p in (SAMPLES / "dicom/cd_pcir/98892003/MR1").iterdir())
    told: list[tuple[str, str]] = []
    page.tell = lambda parent, title, text: told.append((title, text))
    page.viewer_copies.open_url = lambda url: False  # nothing can open a folder
    page.details.reveal_button.click()
    assert told and told[0][0] == "The folder could not be opened"
    assert "Nothing on this computer could open the folder" in told[0][1]
    page.viewer_copies.cleanup()
    assert not copy.exists()


def test_empty_states_say_what_to_do(qtbot: QtBot, library: Library) -> None:
    page = DocumentsPage(library, QUndoStack())
    qtbot.addWidget(page)
    assert page.list_stack.currentWidget() is page.empty
    assert "Choose or add" in page.empty.text()
    person_id, _packet = person_with_packet(library)
    page.set_person(person_id)
    assert "Drag your portal downloads" in page.empty.text()


def test_sorting_by_date_keeps_the_selection(
    page: DocumentsPage, scene: tuple[int, int, dict[str, int]]
) -> None:
    ids = scene[2]
    page.select_ids([ids["photo"]])
    page.table.sortByColumn(DATE, Qt.SortOrder.AscendingOrder)
    order = [page.proxy.index(row, TITLE).data(Qt.ItemDataRole.UserRole + 1) for row in range(4)]
    assert order == [ids["photo"], ids["study"], ids["guessed"], ids["report"]]
    assert page.selected_ids() == [ids["photo"]]
    page.table.sortByColumn(DATE, Qt.SortOrder.DescendingOrder)
    assert page.proxy.index(0, TITLE).data(Qt.ItemDataRole.UserRole + 1) == ids["report"]
    assert page.selected_ids() == [ids["photo"]]


def test_switching_person_forgets_the_other_persons_packet(
    page: DocumentsPage, library: Library, scene: tuple[int, int, dict[str, int]]
) -> None:
    from organizer.core.records import Person

    other = library.add(Person(name="Ben Diaz"))
    page.set_person(other)
    assert page.packet_id is None
    assert page.model.rowCount() == 0
    assert page.table.isColumnHidden(INCLUDED)
    page.set_person(scene[0])
    page.set_packet(scene[1])
    assert not page.table.isColumnHidden(INCLUDED)


def test_pdf_rows_get_a_thumbnail_of_their_first_page_drawn_in_the_background(
    qtbot: QtBot, page: DocumentsPage, library: Library, scene: tuple[int, int, dict[str, int]]
) -> None:
    from organizer.core.importing import thumbnail_path

    report = library.get(Document, scene[2]["report"])
    sha = library.document_files(report.id or 0)[0].sha256
    target = thumbnail_path(library.root, sha)
    first = page.thumbnails.icon_for(report)  # the kind icon while the page is drawn
    with qtbot.waitSignal(page.model.dataChanged, timeout=10000):
        pass
    assert target.is_file()
    drawn = page.thumbnails.icon_for(report)
    assert drawn.cacheKey() != first.cacheKey()
    size = drawn.availableSizes()[0]
    assert size.height() == 48 and size.width() < 48  # a portrait page
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporaries left


def test_portal_records_show_the_pages_made_from_them(
    qtbot: QtBot, library: Library, page: DocumentsPage, scene: tuple[int, int, dict[str, int]]
) -> None:
    from organizer.core import importing
    from organizer.core.jobs import JobContext

    summary = importing.import_paths(
        library, scene[0], [SAMPLES / "ccda" / "hl7__Progress_Note.xml"], JobContext()
    )
    (note,) = summary.document_ids
    page.reload()
    page.select_ids([note])
    # the words are shown while the pages are made in the background
    assert page.preview.kind in (PreviewKind.TEXT, PreviewKind.RENDERED)
    qtbot.waitUntil(lambda: page.preview.kind == PreviewKind.RENDERED, timeout=30_000)
    pdf = page.preview.pdf
    assert pdf.pdf.pageCount() >= 2
    assert "made these pages" in pdf.message.text() and pdf.message.isVisibleTo(page)
    first_page = " ".join(pdf.pdf.getAllText(0).text().split())
    assert "Progress Note" in first_page and "Patient" in first_page

    page.select_ids([scene[2]["report"]])
    page.select_ids([note])  # made once: shown at once the second time
    assert page.preview.kind == PreviewKind.RENDERED


def test_xml_that_is_not_a_clinical_record_shows_the_words_read_from_it(
    qtbot: QtBot,
    library: Library,
    page: DocumentsPage,
    scene: tuple[int, int, dict[str, int]],
    tmp_path: Path,
) -> None:
    from organizer.core import importing
    from organizer.core.jobs import JobContext

    settings = tmp_path / "device-settings.xml"
    settings.write_text("<settings><colour>blue</colour><size>large</size></settings>")
    summary = importing.import_paths(library, scene[0], [settings], JobContext())
    (other,) = summary.document_ids
    importing.index_pending(library, JobContext())
    page.reload()
    page.select_ids([other])
    assert page.preview.kind == PreviewKind.TEXT
    qtbot.wait(300)  # the attempt to make pages finds nothing to show
    assert page.preview.kind == PreviewKind.TEXT
    assert "structured health record (XML)" in page.preview.text.label.text()
    assert "blue" in page.preview.text.text.toPlainText()


def test_rotate_turns_a_document_for_the_packet_with_undo(
    qtbot: QtBot, page: DocumentsPage, library: Library, scene: tuple[int, int, dict[str, int]]
) -> None:
    from organizer.core.view_settings import rotations

    report = scene[2]["report"]
    page.select_ids([report])
    assert page.rotate_action in page.context_menu().actions()
    assert page.rotate_action.shortcut().toString() == "Ctrl+R"
    page.rotate_action.trigger()
    assert rotations(library, report) == {0: 90}
    page.rotate_action.trigger()
    assert rotations(library, report) == {0: 180}
    stack_of(page).undo()
    stack_of(page).undo()
    assert rotations(library, report) == {}
