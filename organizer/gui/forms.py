"""Loading the Qt Designer forms in ui/ wherever the app runs from.

In a source checkout or an editable install the forms sit in the repository's ui/ folder;
a wheel carries the same files inside the package as organizer/gui/_ui (see setup.py).
Forms are loaded at run time with QUiLoader, so nothing has to be compiled.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QFile, QIODevice
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QWidget

_GUI = Path(__file__).resolve().parent
_CANDIDATES = (_GUI / "_ui", _GUI.parent.parent / "ui")


def forms_dir() -> Path:
    """The folder holding the .ui files; raise FileNotFoundError if the install lacks it."""
    for candidate in _CANDIDATES:
        if (candidate / "main_window.ui").is_file():
            return candidate
    searched = ", ".join(str(path) for path in _CANDIDATES)
    raise FileNotFoundError(f"Second Look's window layouts are missing (looked in {searched}).")


def form_path(name: str) -> Path:
    path = forms_dir() / f"{name}.ui"
    if not path.is_file():
        raise FileNotFoundError(f"Second Look's window layout {path.name} is missing.")
    return path


def load_form(name: str, parent: QWidget | None = None) -> QWidget:
    """Build the widget tree described by ui/<name>.ui, parented to ``parent``."""
    path = form_path(name)
    device = QFile(str(path))
    if not device.open(QIODevice.OpenModeFlag.ReadOnly):
        raise OSError(f"Could not read {path}: {device.errorString()}")
    loader = _plain_loader()
    try:
        widget = loader.load(device, parent)
    finally:
        device.close()
    if widget is None:
        raise OSError(f"Could not build the window layout {path.name}.")
    return widget


def _plain_loader() -> QUiLoader:
    """A loader that knows Qt's own widgets only, made without looking for plugins.

    Our forms use Qt's own widgets only. A QUiLoader loads Designer's plugins (a web view,
    a Qt Quick view, PySide's own) as it is made, from the "designer" folder of every Qt
    library path: about 16 ms, and their libraries, before each form. With no library
    paths for that moment it finds none; the paths are put back at once, so image and
    icon plugins are found as before.
    """
    paths = QCoreApplication.libraryPaths()
    QCoreApplication.setLibraryPaths([])
    try:
        loader = QUiLoader()
    finally:
        QCoreApplication.setLibraryPaths(paths)
    loader.clearPluginPaths()  # and never looks for them later either
    return loader
