"""Starting the desktop app: find the library, claim it, show the main window.

Nothing the library holds may delay the first paint: the window is shown first, and the
crash tidy-up and the search-index pass run once it is on screen and the event loop idles.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from organizer import __version__
from organizer.core.backup import StartCopy, take_auto_backup
from organizer.core.errors import SecondLookError
from organizer.core.jobs import JobContext
from organizer.core.library import Library, absolute_path, default_library_dir
from organizer.gui.jobs import Deliver, JobRunner, cancel_all_and_wait
from organizer.gui.main_window import MainWindow
from organizer.gui.ready import when_painted_and_idle
from organizer.gui.teardown import release_qt
from organizer.gui.theme import FontZoom
from organizer.resources import resource_path

DESKTOP_FILE_NAME = "second-look"  # packaging/second-look.desktop, so the window groups with it
NO_DISPLAY = (
    "Second Look needs a graphical desktop; no display was found. "
    "The command line works without one: second-look-cli --help"
)
# platforms that need no display server (tests, screenshots, install checks)
_HEADLESS_PLATFORMS = ("offscreen", "minimal", "vnc", "vkkhrdisplay", "eglfs", "linuxfb")


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="second-look", description="Second Look desktop app")
    parser.add_argument("--library", type=absolute_path, metavar="DIR", help="the library folder")
    parser.add_argument(
        "--open-sample", action="store_true", help="also open the sample packet (Help menu)"
    )
    parser.add_argument(
        "--quit-when-ready",
        action="store_true",
        help="print the start time and quit once the window is shown (install checks)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser.parse_known_args(list(argv))[0]


def display_missing(environ: dict[str, str] | None = None, platform: str | None = None) -> bool:
    """True on Linux and the BSDs when Qt would find no screen and abort."""
    environ = dict(os.environ) if environ is None else environ
    platform = sys.platform if platform is None else platform
    if platform in ("win32", "darwin"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "")
    if chosen.split(":")[0] in _HEADLESS_PLATFORMS:
        return False
    return not (environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


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
    app.setDesktopFileName(DESKTOP_FILE_NAME)
    app.setWindowIcon(app_icon())
    return app


def open_library(folder: Path) -> Library | None:
    """Open the library, or explain plainly why not (already open elsewhere, unreadable)."""
    try:
        return Library.open(folder, tidy=False)  # tidied once the window is shown
    except (SecondLookError, OSError) as error:
        QMessageBox.critical(None, "Second Look cannot open your records", str(error))
        return None


def back_up_in_background(copy: StartCopy) -> JobRunner:
    """The automatic copy of the records as they were at the start, made in a worker."""

    def work(_context: JobContext, _deliver: Deliver) -> None:
        copy.write()

    runner = JobRunner("Keeping a safety copy", work, show_dialog=False)
    runner.start()
    return runner


def after_first_paint(window: MainWindow, start_copy: StartCopy | None = None) -> None:
    """The work that can wait until the window is on screen, in the order it must run."""
    with contextlib.suppress(OSError):  # leftovers stay until the next start; nothing lost
        window.library.tidy_after_crash()
    # each starts a worker after a short query; the checklist's worker, the busiest, last
    window.older_documents.start()  # whom documents from before version 6 name
    window.importer.start_indexing()  # documents not yet searchable after a crash or update
    window.overview.checklist.release()  # "Checking the packet…" until now
    if start_copy is not None:  # the copy is mostly SQLite's own work, in C
        back_up_in_background(start_copy)


def main(argv: Sequence[str] | None = None) -> int:
    started = time.perf_counter()
    arguments = list(sys.argv if argv is None else argv)
    options = parse_arguments(arguments[1:])
    if display_missing():
        print(NO_DISPLAY, file=sys.stderr)
        return 1
    app = create_application(arguments)
    library = open_library(options.library or default_library_dir())
    if library is None:
        return 1
    start_copy = StartCopy.hold(library)  # written once the window is on screen
    MainWindow.documents_read_when_shown = True
    window = MainWindow(library, zoom=FontZoom(app), checklist_after_paint=True)
    if options.quit_when_ready:
        _quit_when_ready(window, started, sample=options.open_sample)
    when_painted_and_idle(window, lambda: after_first_paint(window, start_copy))
    window.show()
    if options.open_sample:
        window.open_sample()
    try:
        return app.exec()
    finally:
        cancel_all_and_wait()  # no worker may still be using the library when it closes
        if start_copy is not None:
            start_copy.close()  # the copy is written (or the window never came up)
        release_qt()  # every Qt object goes now, not during interpreter shutdown
        with contextlib.suppress(OSError):
            take_auto_backup(library)
        library.close()


def _quit_when_ready(window: MainWindow, started: float, *, sample: bool) -> None:
    """For install checks and the start-time benchmark: say when ready, then quit."""
    app = QApplication.instance()
    assert app is not None

    def ready() -> None:
        if sample and not any(w.isVisible() for w in window.help.sample_windows):
            QTimer.singleShot(50, ready)  # the sample packet is still being prepared
            return
        print(f"ready in {time.perf_counter() - started:.3f} s", flush=True)
        app.quit()

    when_painted_and_idle(window, ready)
