"""The Designer forms in ui/: each field has its problem label; a built package loads them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QLabel, QWidget
from pytestqt.qtbot import QtBot

from organizer.gui.forms import forms_dir, load_form

ROOT = Path(__file__).resolve().parent.parent
EDITORS = (
    "person_editor",
    "packet_editor",
    "event_editor",
    "medication_editor",
    "allergy_editor",
    "question_editor",
    "request_editor",
)


def test_the_source_checkout_uses_the_repository_folder() -> None:
    assert forms_dir() == ROOT / "ui"


@pytest.mark.parametrize("name", EDITORS)
def test_every_editor_field_has_a_place_for_its_problem(qtbot: QtBot, name: str) -> None:
    form = load_form(name)
    qtbot.addWidget(form)
    captions = [label.objectName() for label in form.findChildren(QLabel)]
    labelled = {name.removesuffix("_label") for name in captions if name.endswith("_label")}
    fields = [
        w
        for w in form.findChildren(QWidget)
        if w.objectName() in labelled or isinstance(w, QCheckBox)
    ]
    assert fields
    for field in fields:
        assert form.findChild(QLabel, f"{field.objectName()}_error") is not None, field


def test_an_installed_wheel_carries_and_loads_its_forms(
    installed_wheel: Path, tmp_path: Path
) -> None:
    """The wheel holds ui/ inside the package; the forms load from there.

    The probe runs in another folder with only the unpacked wheel on the path, so the
    repository's ui/ folder cannot be what it finds.
    """
    for form in ("main_window", *EDITORS):
        assert (installed_wheel / "organizer" / "gui" / "_ui" / f"{form}.ui").is_file()
    probe = (
        "from PySide6.QtWidgets import QApplication; app = QApplication([]);"
        "from organizer.gui.forms import forms_dir, load_form;"
        f"names = {('main_window', *EDITORS)!r};"
        "print(forms_dir()); print(sum(load_form(n) is not None for n in names))"
    )
    env = {**os.environ, "PYTHONPATH": str(installed_wheel), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    found, count = result.stdout.split()
    assert Path(found) == installed_wheel / "organizer" / "gui" / "_ui"
    assert int(count) == 1 + len(EDITORS)


@pytest.mark.skipif(not Path("/proc/self/maps").is_file(), reason="reads Linux's /proc")
def test_a_form_loads_no_designer_plugin_and_leaves_the_library_paths(qtbot: QtBot) -> None:
    """Designer's plugins (Qt Quick, a web view) cost about 16 ms and their libraries a form."""
    paths = QCoreApplication.libraryPaths()
    form = load_form("main_window")
    qtbot.addWidget(form)
    assert QCoreApplication.libraryPaths() == paths  # icon and image plugins still found
    mapped = Path("/proc/self/maps").read_text(encoding="utf-8")
    assert "/plugins/designer/" not in mapped
