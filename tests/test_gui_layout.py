"""The window on a small laptop: 1024x640 at the app's default text size, every section.

Nothing may lie outside the window (what does not fit scrolls inside a scroll area),
the window may not demand more than 1024x600, and no documents-list column may be
narrower than its header text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget
from pytestqt.qtbot import QtBot

from organizer.core.library import Library
from organizer.core.sample_packet import ensure_sample_library
from organizer.gui.main_window import SECTION_ORDER, MainWindow
from organizer.gui.settings import ZOOM_DEFAULT
from organizer.gui.theme import FontZoom
from organizer.gui.window_size import window_size_for
from tests.gui_support import settings_at

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
    window = MainWindow(library, settings_at(tmp_path / "s.ini"), zoom)
    zoom.apply(ZOOM_DEFAULT)
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
        if hint.width() > 1024 or hint.height() > 600:
            problems[key] = f"needs at least {hint.width()}x{hint.height()}"
        qtbot.waitUntil(lambda: window.size() == SMALL)
        if outside := _outside(window):
            problems[key] = outside
    assert problems == {}
    _columns_fit_their_headers(window)


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
