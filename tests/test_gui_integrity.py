"""Issue 13 through the window: a damaged document stops the export by name, and one click
exports without it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_integrity_damage import flip_one_bit

from organizer.core.library import Library
from organizer.core.records import DocumentFile
from organizer.gui.main_window import MainWindow
from organizer.gui.pages.export import ExportPage
from tests.document_helpers import standard_documents
from tests.gui_sample import fill_sample
from tests.gui_support import open_window


def test_export_offers_to_go_on_without_a_damaged_document(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    person_id, _packet_id = fill_sample(library)
    standard_documents(library, person_id)
    first = library.select(DocumentFile)[0]
    flip_one_bit(library.store.path_for(first.sha256))
    window = open_window(qtbot, library, tmp_path / "s.ini")
    page = window.show_section("export")
    assert isinstance(page, ExportPage)
    stick = tmp_path / "stick"
    stick.mkdir()
    page.add_destination(stick)
    runner = page.start(accept_warnings=True)
    assert runner is not None
    with qtbot.waitSignal(runner.ended, timeout=60_000):
        pass
    assert "is damaged" in page.outcome.text()
    assert page.without_button.isVisibleTo(page)
    assert not [p for p in stick.iterdir() if not p.name.startswith(".")]
    with qtbot.waitSignal(page.finished, timeout=60_000) as finished:
        qtbot.mouseClick(page.without_button, Qt.MouseButton.LeftButton)
    result = finished.args[0]
    assert result.folder.is_dir()
    assert not page.without_button.isVisibleTo(page)
    assert "Exported" in page.outcome.text()


def _check_from_the_menu(qtbot: QtBot, window: MainWindow) -> str:
    told: list[tuple[str, str]] = window.told  # type: ignore[attr-defined]
    action = next(a for a in window.menus.help_menu.actions() if a.text() == "&Check my records…")
    action.trigger()
    runner = window.records_check.runner
    assert runner is not None
    qtbot.waitUntil(lambda: any(title == "Check my records" for title, _ in told), timeout=30_000)
    return next(text for title, text in told if title == "Check my records")


def test_help_check_my_records_says_all_is_well(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    person_id, _packet_id = fill_sample(library)
    standard_documents(library, person_id)
    window = open_window(qtbot, library, tmp_path / "s.ini")
    said = _check_from_the_menu(qtbot, window)
    assert said.startswith("Everything is in order")


def test_help_check_my_records_names_a_damaged_document(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    person_id, _packet_id = fill_sample(library)
    standard_documents(library, person_id)
    first = library.select(DocumentFile)[0]
    flip_one_bit(library.store.path_for(first.sha256))
    window = open_window(qtbot, library, tmp_path / "s.ini")
    said = _check_from_the_menu(qtbot, window)
    assert "is damaged" in said and "importing its original file again" in said
    assert library.store.path_for(first.sha256).exists()  # the check changed nothing
