"""Plain message boxes the main window shows; tests replace ``MainWindow.tell`` and ``ask``."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

# QMessageBox is loaded when a message is first shown: making its Qt type costs start time
Ask = Callable[[QWidget, str, str], bool]
Tell = Callable[[QWidget, str, str], None]


def tell(parent: QWidget, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(parent, title, text)


def ask_yes_no(parent: QWidget, title: str, question: str) -> bool:
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(parent, title, question)
    return answer == QMessageBox.StandardButton.Yes
