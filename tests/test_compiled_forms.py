"""The main window's form is compiled from ui/main_window.ui and must stay the same form."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from organizer.gui.forms import load_form
from organizer.gui.main_window_form import Ui_main_window

ROOT = Path(__file__).resolve().parent.parent


def test_the_compiled_form_is_up_to_date_with_the_designer_file() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "compile_forms.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _tree(widget: QWidget) -> list[tuple[str, str, str]]:
    return sorted(
        (child.objectName(), type(child).__name__, child.accessibleName())
        for child in widget.findChildren(QWidget)
    )


def test_it_builds_what_the_loader_builds_from_the_designer_file(qtbot: QtBot) -> None:
    loaded = load_form("main_window")
    compiled = QWidget()
    Ui_main_window().setupUi(compiled)  # type: ignore[no-untyped-call]
    qtbot.addWidget(loaded)
    qtbot.addWidget(compiled)
    assert compiled.objectName() == loaded.objectName() == "main_window"
    assert _tree(compiled) == _tree(loaded)
    assert len(_tree(compiled)) >= 10  # the combos, buttons, section list and page stack
