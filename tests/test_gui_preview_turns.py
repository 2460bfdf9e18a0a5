"""The documents preview shows a document turned as the person set it (as it will print)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from document_helpers import person_with_packet, standard_documents
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QUndoStack
from pytestqt.qtbot import QtBot

from organizer.core.library import Library
from organizer.core.view_settings import set_rotation
from organizer.gui.documents import DocumentsPage
from organizer.gui.documents.preview import PreviewKind, render_pdf_page, turned

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def scene(library: Library) -> tuple[int, dict[str, int]]:
    person_id, _packet_id = person_with_packet(library)
    return person_id, standard_documents(library, person_id)


@pytest.fixture
def ids(scene: tuple[int, dict[str, int]]) -> dict[str, int]:
    return scene[1]


@pytest.fixture
def page(
    qtbot: QtBot, library: Library, scene: tuple[int, dict[str, int]]
) -> Iterator[DocumentsPage]:
    stack = QUndoStack()
    widget = DocumentsPage(library, stack)
    widget._test_stack = stack  # type: ignore[attr-defined]  # keep the stack alive
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.set_person(scene[0])
    yield widget
    widget.shutdown()


def _upright(image: QImage) -> bool:
    return image.height() > image.width()


def test_a_turned_pdf_is_shown_turned_and_undo_shows_it_as_stored(
    qtbot: QtBot, page: DocumentsPage, ids: dict[str, int]
) -> None:
    preview = page.preview
    page.select_ids([ids["report"]])
    assert preview.currentWidget() is preview.pdf  # as stored: the PDF view
    as_stored = render_pdf_page(preview.pdf.pdf, 0)
    assert _upright(as_stored)

    page.rotate_action.trigger()
    assert preview.kind == PreviewKind.PDF
    assert preview.currentWidget() is preview.image
    assert not _upright(preview.image.image)
    assert preview.image.image == turned(as_stored, 90)

    page.rotate_action.trigger()
    assert preview.image.image == turned(as_stored, 180)
    assert preview.image.image != as_stored

    page.undo_stack.undo()
    page.undo_stack.undo()
    assert preview.currentWidget() is preview.pdf
    assert preview.pdf.pdf.pageCount() == 6


def test_one_turned_page_is_shown_turned_and_the_others_are_not(
    qtbot: QtBot, page: DocumentsPage, library: Library, ids: dict[str, int]
) -> None:
    set_rotation(library, ids["report"], 270, page=2)
    page.select_ids([ids["report"]])
    image_view = page.preview.image
    assert page.preview.currentWidget() is image_view
    assert image_view.page_label.text() == "Page 1 of 6"
    assert _upright(image_view.image)
    qtbot.mouseClick(image_view.next_button, Qt.MouseButton.LeftButton)
    assert image_view.page_label.text() == "Page 2 of 6"
    assert not _upright(image_view.image)
    qtbot.mouseClick(image_view.next_button, Qt.MouseButton.LeftButton)
    assert _upright(image_view.image)


def test_a_turned_photo_is_shown_turned(
    qtbot: QtBot, page: DocumentsPage, ids: dict[str, int]
) -> None:
    page.select_ids([ids["photo"]])
    assert page.preview.kind == PreviewKind.IMAGE
    upright = page.preview.image.image
    assert _upright(upright)  # EXIF orientation already applied
    page.rotate_action.trigger()
    assert page.preview.image.image == turned(upright, 90)
    assert not _upright(page.preview.image.image)
    page.undo_stack.undo()
    assert page.preview.image.image == upright
