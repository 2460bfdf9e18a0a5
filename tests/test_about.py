"""Help > About: the version, and the licences of everything the app carries."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from organizer import __version__, licences
from organizer.core.library import Library
from organizer.gui.about import AboutDialog, LicencesDialog
from organizer.gui.main_window import MainWindow

ROOT = Path(__file__).resolve().parent.parent


def _row(dialog: LicencesDialog, package: str) -> int:
    return next(i for i, entry in enumerate(dialog.entries) if entry.package == package)


def test_about_shows_the_version_and_opens_the_licences(qtbot: QtBot, library: Library) -> None:
    window = MainWindow(library)
    qtbot.addWidget(window)
    about = window.help.show_about()
    assert isinstance(about, AboutDialog)
    assert f"Version {__version__}" in about.text.text()
    qtbot.mouseClick(about.licences_button, Qt.MouseButton.LeftButton)
    shown = about.licences
    assert shown is not None and shown.isVisible()
    # Qt comes first, with the LGPL and how to replace the Qt libraries
    assert shown.entries[0].package == "Qt and PySide6"
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in shown.text.toPlainText()
    assert "replace the Qt libraries" in shown.text.toPlainText()
    shown.list.setCurrentRow(_row(shown, "pypdf"))
    assert "pypdf" in shown.text.toPlainText().splitlines()[0]
    assert "Redistribution and use in source and binary forms" in shown.text.toPlainText()


def test_every_runtime_package_has_a_licence_text() -> None:
    found = {entry.package.lower(): entry for entry in licences.installed_licences()}
    for needed in ("pypdf", "pikepdf", "pillow", "pydicom", "fpdf2", "sqlite-utils"):
        assert found[needed].texts, needed
    assert "pytest" not in found and "pip" not in found  # tools, not part of the app


def test_a_bundle_lists_the_licences_it_was_built_with(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = tmp_path / "second-look"
    written = licences.write_licence_folder(bundle / "licences", ROOT / "LICENSE")
    index = (bundle / "licences" / "README.txt").read_text(encoding="utf-8")
    assert "Qt and PySide6" in index and "pypdf" in index and "Python" in index
    own = bundle / "licences" / f"second-look-{__version__}" / "LICENSE"
    assert own.read_text(encoding="utf-8").startswith("MIT License")
    # the built program finds them next to itself
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(bundle / "second-look"))
    listed = licences.all_licences()
    assert [entry.package for entry in listed] == [entry.package for entry in written]
    for entry in listed:
        assert all(text.is_file() and bundle in text.parents for text in entry.texts)
