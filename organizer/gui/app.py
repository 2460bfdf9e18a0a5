"""Starting the desktop app: find the library, claim it, show the main window."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from organizer import __version__
from organizer.core.backup import take_auto_backup
from organizer.core.errors import SecondLookError
from organizer.core.library import Library, default_library_dir
from organizer.gui.main_window import MainWindow


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="second-look", description="Second Look desktop app")
    parser.add_argument("--library", type=Path, metavar="DIR", help="the library folder")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser.parse_known_args(list(argv))[0]


def create_application(argv: Sequence[str]) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(list(argv))
    app.setApplicationName("Second Look")
    app.setOrganizationName("SecondLook")
    app.setApplicationVersion(__version__)
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
    window = MainWindow(library)
    window.show()
    try:
        return app.exec()
    finally:
        with contextlib.suppress(OSError):
            take_auto_backup(library)
        library.close()
