"""The Export section through its widgets: checks first, then a real export on a worker."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

import organizer.core.export as export_module
from organizer.core.library import Library
from organizer.gui.destinations import Destination, is_removable, list_destinations
from organizer.gui.main_window import MainWindow
from organizer.gui.pages.export import ExportPage
from tests.document_helpers import standard_documents
from tests.gui_sample import fill_sample
from tests.gui_support import open_window


@pytest.fixture
def window(qtbot: QtBot, library: Library, tmp_path: Path) -> MainWindow:
    person_id, _packet_id = fill_sample(library)
    standard_documents(library, person_id)
    return open_window(qtbot, library, tmp_path / "s.ini")


@pytest.fixture
def page(window: MainWindow, tmp_path: Path) -> ExportPage:
    shown = window.show_section("export")
    assert isinstance(shown, ExportPage)
    target = tmp_path / "stick"
    target.mkdir()
    shown.add_destination(target)
    return shown


def _visible_entries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def test_password_problems_are_shown_next_to_the_field(page: ExportPage, qtbot: QtBot) -> None:
    page.password_box.setChecked(True)
    qtbot.keyClicks(page.password, "secret")
    qtbot.keyClicks(page.password_again, "secrte")
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert page.password_problem.isVisibleTo(page)
    assert "not the same" in page.password_problem.text()
    assert page.runner is None
    qtbot.keyClicks(page.password_again, "x")
    assert not page.password_problem.isVisibleTo(page)


def test_not_ready_warning_then_export_anyway_then_show_in_folder(
    page: ExportPage, qtbot: QtBot, tmp_path: Path
) -> None:
    target = tmp_path / "stick"
    assert "not ready yet" in page.readiness.text() and "Lab results" in page.readiness.text()
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert page.runner is None  # the warning comes first; nothing is written yet
    assert page.problems.isVisibleTo(page)
    assert "checklist is not ready" in page.problems.text()
    assert "Lab results" in page.problems.text()
    assert page.anyway_button.isVisibleTo(page)
    assert page.checklist_button.isVisibleTo(page)
    assert _visible_entries(target) == []

    progress_seen: list[object] = []
    with qtbot.waitSignal(page.finished, timeout=60_000) as finished:
        qtbot.mouseClick(page.anyway_button, Qt.MouseButton.LeftButton)
        assert page.runner is not None
        page.runner.progress.connect(progress_seen.append)
        assert page.progress_box.isVisibleTo(page)
        assert not page.export_button.isEnabled()
    result = finished.args[0]
    assert result.folder.parent == target
    assert result.folder.name.startswith("SecondOpinion_Diaz_Ana_")
    assert result.pdf.is_file() and result.pages > 0
    assert (result.folder / "SHA256SUMS").is_file()
    assert progress_seen
    qtbot.waitUntil(lambda: page.runner is None)
    assert not page.progress_box.isVisibleTo(page)
    assert page.export_button.isEnabled()
    assert "Exported" in page.outcome.text()

    revealed: list[Path] = []
    page.reveal = lambda folder: revealed.append(folder) is None
    qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    assert revealed == [result.folder]
    assert not page.folder_note.isVisibleTo(page)
    page.reveal = lambda folder: False  # no file manager on this computer
    qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    assert page.folder_note.isVisibleTo(page)
    assert "Nothing on this computer could open the folder" in page.folder_note.text()
    assert str(result.folder) in page.folder_note.text()


def test_password_and_parts_reach_the_export(page: ExportPage, qtbot: QtBot) -> None:
    page.password_box.setChecked(True)
    qtbot.keyClicks(page.password, "s3cret")
    qtbot.keyClicks(page.password_again, "s3cret")
    page.split_box.setChecked(True)
    page.split_size.setValue(1)
    with qtbot.waitSignal(page.finished, timeout=60_000) as finished:
        page.start(accept_warnings=True)
    result = finished.args[0]
    assert result.encrypted
    assert len(result.pdf_parts) >= 1
    assert "protected with your password" in page.outcome.text()


def test_cancel_leaves_nothing_behind(
    page: ExportPage, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real export, held at its start until Cancel was pressed, so the test is exact."""
    gate = threading.Event()
    real_export = export_module.export_packet

    def held_export(*args: Any) -> Any:
        gate.wait(30)
        return real_export(*args)

    monkeypatch.setattr(export_module, "export_packet", held_export)
    runner = page.start(accept_warnings=True)
    assert runner is not None
    with qtbot.waitSignal(runner.ended, timeout=60_000):
        qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
        gate.set()
    assert "Export cancelled" in page.outcome.text()
    assert list((tmp_path / "stick").iterdir()) == []
    assert page.export_button.isEnabled()


def test_a_missing_destination_blocks_with_a_message(
    page: ExportPage, qtbot: QtBot, tmp_path: Path
) -> None:
    page.add_destination(tmp_path / "unplugged")
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert page.runner is None
    assert "does not exist" in page.problems.text()
    assert not page.anyway_button.isVisibleTo(page)


def test_other_folder_and_destination_order(page: ExportPage, tmp_path: Path) -> None:
    chosen = tmp_path / "chosen"
    chosen.mkdir()
    page.choose_folder = lambda parent: chosen
    page.other_button.click()
    assert page.target() == chosen
    page.destinations_source = lambda: [
        Destination(tmp_path / "usb", "KINGSTON", True, 8 * 1024**3),
        Destination(tmp_path, "Documents", False, 1024**3),
    ]
    page.fill_destinations()
    assert page.destination.itemText(0).startswith("Removable drive: KINGSTON (8.0 GB free)")
    assert page.target() == chosen  # the choice survives looking for drives again


def test_removable_drives_are_recognised() -> None:
    assert is_removable("/media/ana/KINGSTON", "/")
    assert is_removable("/run/media/ana/STICK", "/")
    assert not is_removable("/", "/")
    assert not is_removable("/home", "/")
    places = list_destinations()
    removable_first = [d.removable for d in places]
    assert removable_first == sorted(removable_first, reverse=True)
