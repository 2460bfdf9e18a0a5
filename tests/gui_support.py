"""Helpers shared by the GUI tests: a main window over a real library, and typing keys."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from organizer.core.library import Library
from organizer.gui.main_window import MainWindow


def settings_at(path: Path) -> QSettings:
    return QSettings(str(path), QSettings.Format.IniFormat)


def open_window(qtbot: QtBot, library: Library, settings_file: Path) -> MainWindow:
    window = MainWindow(library, settings_at(settings_file))
    # never a blocking dialog in a test: answer for the person, and keep what was said
    told: list[tuple[str, str]] = []
    window.told = told  # type: ignore[attr-defined]
    window.tell = lambda parent, title, text: told.append((title, text))
    window.choose_import_paths = lambda parent: []
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def type_text(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(focused(), key, modifier)
