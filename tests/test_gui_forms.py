"""The Designer forms in ui/: each field has its problem label; a built package loads them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
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


def test_a_built_package_carries_and_loads_its_forms(tmp_path: Path) -> None:
    """setup.py's build step (what a wheel holds) copies ui/ into the package; load from there.

    The probe runs in another folder with only the built package on the path, so the
    repository's ui/ folder cannot be what it finds.
    """
    project = tmp_path / "project"
    project.mkdir()
    for name in ("setup.py", "pyproject.toml", "README.md", "MANIFEST.in"):
        shutil.copy2(ROOT / name, project / name)
    for folder in ("organizer", "resources", "ui"):
        shutil.copytree(
            ROOT / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    build = tmp_path / "build"
    subprocess.run(
        [sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(build)],
        cwd=project,
        check=True,
        capture_output=True,
    )
    for form in ("main_window", *EDITORS):
        assert (build / "organizer" / "gui" / "_ui" / f"{form}.ui").is_file()
    probe = (
        "from PySide6.QtWidgets import QApplication; app = QApplication([]);"
        "from organizer.gui.forms import forms_dir, load_form;"
        f"names = {('main_window', *EDITORS)!r};"
        "print(forms_dir()); print(sum(load_form(n) is not None for n in names))"
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(build), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=elsewhere,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    found, count = result.stdout.split()
    assert Path(found) == build / "organizer" / "gui" / "_ui"
    assert int(count) == 1 + len(EDITORS)
