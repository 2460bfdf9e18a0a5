"""The window on a small laptop: 1024x640 at the app's default text size, every section.

Nothing may lie outside the window (what does not fit scrolls inside a scroll area),
the window may not demand more than 1008x600 (the screen less a window border), and no
documents-list column may be narrower than its header text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget
from pytestqt.qtbot import QtBot

from organizer.core import ops
from organizer.core.library import Library
from organizer.core.records import Packet, Person
from organizer.core.sample_packet import ensure_sample_library
from organizer.gui.main_window import SECTION_ORDER, MainWindow
from organizer.gui.pages.records import STRETCH_CHARS
from organizer.gui.settings import ZOOM_DEFAULT
from organizer.gui.theme import FontZoom
from organizer.gui.undo import push
from organizer.gui.window_size import FRAME, fit_to_screen, window_size_for
from tests.gui_support import open_window, settings_at

SMALL = QSize(1024, 640)


@pytest.fixture
def zoom(qapp: QApplication) -> Iterator[FontZoom]:
    zoom = FontZoom(qapp)
    yield zoom
    qapp.setFont(zoom.base)


@pytest.fixture
def sample_window(qtbot: QtBot, tmp_path: Path, zoom: FontZoom) -> Iterator[MainWindow]:
    folder = tmp_path / "sample"
    ensure_sample_library(folder)
    library = Library.open(folder)
    zoom.apply(ZOOM_DEFAULT)  # as the app does: before the window is made
    window = MainWindow(library, settings_at(tmp_path / "s.ini"), zoom)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.resize(SMALL)
    yield window
    window.close()
    library.close()


def _inside_a_scroll_area(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            return True
        parent = parent.parentWidget()
    return False


def _outside(window: MainWindow) -> list[str]:
    bounds = QRect(QPoint(0, 0), window.size())
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.isWindow() or _inside_a_scroll_area(widget, window):
            continue
        place = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        if not bounds.contains(place):
            name = widget.objectName() or widget.accessibleName() or type(widget).__name__
            found.append(f"{name} at {place.getRect()}")
    return found


def test_every_section_fits_a_small_laptop(sample_window: MainWindow, qtbot: QtBot) -> None:
    window = sample_window
    problems: dict[str, object] = {}
    for key, _ in SECTION_ORDER:
        window.show_section(key)
        if key == "documents":
            window.documents.table.selectRow(0)
        QApplication.processEvents()
        hint = window.minimumSizeHint().expandedTo(window.minimumSize())
        # a 1024x640 screen, less the window manager's border and title bar
        if hint.width() > 1024 - FRAME.width() or hint.height() > 640 - FRAME.height():
            problems[key] = f"needs at least {hint.width()}x{hint.height()}"
        qtbot.waitUntil(lambda: window.size() == SMALL)
        if outside := _outside(window):
            problems[key] = outside
    assert problems == {}
    _columns_fit_their_headers(window)
    for key, page in window.list_pages.items():
        window.show_section(key)
        QApplication.processEvents()
        least = page.table.fontMetrics().averageCharWidth() * STRETCH_CHARS
        width = page.table.horizontalHeader().sectionSize(page.spec.stretch_column)
        assert width >= least, f"{key}: its main column is {width} pixels wide"


def _columns_fit_their_headers(window: MainWindow) -> None:
    window.show_section("documents")
    QApplication.processEvents()
    table = window.documents.table
    header = table.horizontalHeader()
    model = table.model()
    metrics = header.fontMetrics()
    for column in range(header.count()):
        text = str(model.headerData(column, header.orientation()) or "")
        if not text or header.isSectionHidden(column):
            continue
        assert header.sectionSize(column) >= metrics.horizontalAdvance(text), text


def test_the_window_opens_at_a_size_that_fits_its_screen() -> None:
    assert window_size_for(QSize(1024, 600)).boundedTo(QSize(1024, 600)) == window_size_for(
        QSize(1024, 600)
    )
    assert window_size_for(QSize(1024, 600)) == QSize(1008, 560)
    assert window_size_for(QSize(1366, 728)) == QSize(1280, 688)
    assert window_size_for(QSize(2560, 1400)) == QSize(1280, 860)


def test_toolbar_undo_and_redo_keep_short_labels_with_the_full_text_in_the_tooltip(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    window = open_window(qtbot, library, tmp_path / "s.ini")
    assert not window.menus.export_action.isEnabled()  # nothing to export in an empty library
    assert not window.menus.toolbar_undo.isEnabled()
    long_name = "Maria Guadalupe Fernández de la Concepción"
    push(
        window.undo_stack,
        library,
        f"Add person “{long_name}”",
        ops.add_record(library, Person(name=long_name)),
    )
    assert window.menus.export_action.isEnabled() is False  # a person, still no packet
    assert window.menus.toolbar_undo.text() == "Undo"
    assert window.menus.toolbar_undo.isEnabled()
    assert long_name in window.menus.toolbar_undo.toolTip()
    assert long_name in window.menus.undo_action.text()  # the Edit menu keeps the full text
    button = window.menus.toolbar.widgetForAction(window.menus.toolbar_undo)
    assert button is not None and button.text() == "Undo"
    assert window.menus.toolbar.widgetForAction(
        window.menus.help_action
    ).isVisible()  # not in overflow
    window.menus.toolbar_undo.trigger()
    assert library.people() == []
    assert window.menus.toolbar_redo.isEnabled()
    assert long_name in window.menus.toolbar_redo.toolTip()
    window.menus.toolbar_redo.trigger()
    assert [p.name for p in library.people()] == [long_name]
    push(
        window.undo_stack,
        library,
        "Add packet",
        ops.add_record(library, Packet(person_id=library.people()[0].id or 0, title="P")),
    )
    assert window.menus.export_action.isEnabled()


def test_the_documents_split_is_the_persons_and_is_remembered(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    library.add(Person(name="Ana"))
    settings = tmp_path / "s.ini"
    window = open_window(qtbot, library, settings)
    window.resize(790, 560)
    window.show_section("documents")
    QApplication.processEvents()
    page = window.documents
    page.show_preview(False)
    assert page.splitter.sizes()[1] == 0
    assert not page.preview_button.isChecked()
    window.close()
    again = open_window(qtbot, library, settings)
    again.show_section("documents")
    QApplication.processEvents()
    assert again.documents.splitter.sizes()[1] == 0
    assert not again.documents.preview_button.isChecked()
    again.documents.show_preview(True)
    assert again.documents.splitter.sizes()[1] > 0


def test_a_remembered_size_larger_than_the_screen_is_shrunk(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    library.add(Person(name="Ana"))
    window = open_window(qtbot, library, tmp_path / "s.ini")
    screen = window.screen().availableGeometry()
    window.resize(screen.width() + 400, screen.height() + 300)
    fit_to_screen(window)
    assert window.width() <= screen.width() and window.height() <= screen.height()


def test_the_checklist_is_part_of_the_overview_and_seen_at_150_percent(
    sample_window: MainWindow, zoom: FontZoom, qtbot: QtBot
) -> None:
    window = sample_window
    zoom.apply(150)
    window.show_section("overview")
    QApplication.processEvents()
    panel = window.overview.checklist
    table = panel.table
    # not a box that scrolls inside the page: every row is shown, the page scrolls instead
    qtbot.waitUntil(lambda: table.height() >= table.verticalHeader().length())
    assert table.verticalScrollBar().maximum() == 0
    # and its verdict is on screen when the page opens, without scrolling
    viewport = window.overview.scroll_area.viewport()
    top = panel.summary.mapTo(viewport, QPoint(0, 0))
    assert top.y() >= 0 and top.y() + panel.summary.height() <= viewport.height()
    assert "Not ready yet" in panel.summary.text()
