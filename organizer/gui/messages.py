"""Plain message boxes the main window shows; tests replace ``MainWindow.tell`` and ``ask``."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

Ask = Callable[[QWidget, str, str], bool]
Tell = Callable[[QWidget, str, str], None]


def tell(parent: QWidget, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def ask_yes_no(parent: QWidget, title: str, question: str) -> bool:
    answer = QMessageBox.question(parent, title, question)
    return answer == QMessageBox.StandardButton.Yes
