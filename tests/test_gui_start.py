"""The first window: an empty state that says what to do, then people and packets."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from organizer.core.library import Library
from organizer.core.records import Packet, Person
from organizer.gui import app
from organizer.gui.main_window import MainWindow


def test_empty_library_says_what_to_do(qtbot: QtBot, library: Library) -> None:
    window = MainWindow(library)
    qtbot.addWidget(window)
    window.show()
    assert window.central.currentWidget() is window.welcome
    assert "add the person" in window.welcome.findChild(QLabel).text()


def test_lists_people_and_their_packets(qtbot: QtBot, library: Library) -> None:
    person_id = library.add(Person(name="Ana Diaz"))
    library.add_packet(Packet(person_id=person_id, title="Lung nodule"))
    window = MainWindow(library)
    qtbot.addWidget(window)
    assert window.person_combo.itemText(0).startswith("Ana Diaz")
    assert window.packet_combo.itemText(0) == "Lung nodule"


def test_a_second_copy_is_refused_with_a_clear_message(
    qtbot: QtBot, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    assert app.open_library(Path(library.root)) is None
    assert "already open in another copy" in shown[0]


def test_the_app_has_its_icon(qtbot: QtBot) -> None:
    icon = app.app_icon()
    assert not icon.isNull()
    assert icon.pixmap(64, 64).width() == 64
