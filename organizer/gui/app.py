"""Starting the desktop app: find the library, claim it, show the main window."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from organizer import __version__
from organizer.core.backup import take_auto_backup
from organizer.core.errors import SecondLookError
from organizer.core.library import Library, default_library_dir
from organizer.gui.jobs import cancel_all_and_wait
from organizer.gui.main_window import MainWindow
from organizer.gui.theme import FontZoom
from organizer.resources import resource_path


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="second-look", description="Second Look desktop app")
    parser.add_argument("--library", type=Path, metavar="DIR", help="the library folder")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser.parse_known_args(list(argv))[0]


def app_icon() -> QIcon:
    return QIcon(str(resource_path("icons/second-look.png")))


def create_application(argv: Sequence[str]) -> QApplication:
    """The QApplication, set up for crisp text on high-DPI screens and the system theme."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # fractional scale factors (125%, 150%) as the system asks, rather than rounded ones
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(list(argv))
    app.setApplicationName("Second Look")
    app.setApplicationDisplayName("Second Look")
    app.setOrganizationName("SecondLook")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("second-look")
    app.setWindowIcon(app_icon())
    return app


def open_library(folder: Path) -> Library | None:
    """Open the library, or explain plainly why not (already open elsewhere, unreadable)."""
    try:
        library = Library.open(folder)
    except (SecondLookError, OSError) as error:
        QMessageBox.critical(None, "Second Look cannot open your records", str(error))
        return None
    with contextlib.suppress(OSError):  # a failed safety copy must not lock anyone out
        take_auto_backup(library)
    return library


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv if argv is None else argv)
    options = parse_arguments(arguments[1:])
    app = create_application(arguments)
    library = open_library(options.library or default_library_dir())
    if library is None:
        return 1
    window = MainWindow(library, zoom=FontZoom(app))
    window.show()
    window.importer.start_indexing()  # documents not yet searchable after a crash or update
    window.documents.identity.older.start()  # whom documents from before version 6 name
    try:
        return app.exec()
    finally:
        cancel_all_and_wait()  # no worker may still be using the library when it closes
        with contextlib.suppress(OSError):
            take_auto_backup(library)
        library.close()
