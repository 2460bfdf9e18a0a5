"""Starting the desktop app: find the library, claim it, show the main window.

Nothing the library holds may delay the first paint: the window is shown first, and the
search for text boxes that take dropped files, the start copy, the crash tidy-up, the
background passes and the checklist start once it is on screen and the event loop idles,
one step per turn of the loop so the window answers between them. Their modules (backups,
jobs, message boxes) load then too. The text size is set before the window is made, so
that no widget has to change its font (and lay its text out again) before the first paint.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from organizer.gui import pause_collector, resume_collector

_collecting = pause_collector()  # until the app's modules are in (see organizer.gui)

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from organizer import __version__  # noqa: E402
from organizer.core.errors import SecondLookError  # noqa: E402
from organizer.core.library import Library, absolute_path, default_library_dir  # noqa: E402
from organizer.gui.main_window import MainWindow  # noqa: E402
from organizer.gui.ready import when_painted_and_idle  # noqa: E402
from organizer.gui.settings import ViewSettings  # noqa: E402
from organizer.gui.theme import FontZoom  # noqa: E402
from organizer.resources import resource_path  # noqa: E402

resume_collector(_collecting, freeze=True)

if TYPE_CHECKING:  # loaded once the window is on screen
    from PySide6.QtGui import QIcon

    from organizer.core.backup import StartCopy
    from organizer.core.jobs import JobContext
    from organizer.gui.jobs import Deliver, JobRunner

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
    from PySide6.QtGui import QIcon

    return QIcon(str(resource_path("icons/second-look.png")))


def create_application(argv: Sequence[str]) -> QApplication:
    """The QApplication, set up for crisp text on high-DPI screens and the system theme.

    Its icon (``app_icon``) is set once the window is on screen: QIcon's Qt type and the
    picture cost start time, and the window's first paint does not show it.
    """
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
    return app


def open_library(folder: Path) -> Library | None:
    """Open the library, or explain plainly why not (already open elsewhere, unreadable)."""
    try:
        return Library.open(folder, tidy=False)  # tidied once the window is shown
    except (SecondLookError, OSError) as error:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, "Second Look cannot open your records", str(error))
        return None


def back_up_in_background(copy: StartCopy) -> JobRunner:
    """The automatic copy of the records as they were at the start, made in a worker."""
    from organizer.gui.jobs import JobRunner

    def work(_context: JobContext, _deliver: Deliver) -> None:
        copy.write()

    runner = JobRunner("Keeping a safety copy", work, show_dialog=False)
    runner.start()
    return runner


def after_first_paint(
    window: MainWindow,
    copies: list[StartCopy] | None = None,
    then: Callable[[], None] | None = None,
) -> None:
    """The work that waits until the window is on screen, in the order it must run.

    Each step runs in a turn of the event loop of its own, the first once the loop is idle
    after the paint, so the window answers between them. With ``copies``, the start copy
    is held first (nothing has changed the records yet: nobody could act before the
    window was shown), kept in ``copies`` for the app's end, and written last; ``then``
    runs after the last step.
    """
    # the text boxes that take dropped files (the window itself takes them from the start)
    steps: list[Callable[[], object]] = [window.importing.drop_filter.rescan, _set_icon]
    if copies is not None:
        steps.append(lambda: _hold_start_copy(window.library, copies))
    steps += [
        lambda: _tidy_after_crash(window.library),
        # each starts a worker after a short query; the checklist's worker, the busiest, last
        lambda: window.older_documents.start(),  # whom documents from before version 6 name
        lambda: window.importer.start_indexing(),  # documents not yet searchable
        lambda: window.overview.checklist.release(),  # "Checking the packet…" until now
    ]
    if copies is not None:  # the copy is mostly SQLite's own work, in C
        steps.append(lambda: [back_up_in_background(copy) for copy in copies])
    if then is not None:
        steps.append(then)
    _run_in_turns(steps)


def _run_in_turns(steps: list[Callable[[], object]]) -> None:
    def next_step() -> None:
        if steps:
            steps.pop(0)()
            QTimer.singleShot(0, next_step)

    QTimer.singleShot(0, next_step)


def _set_icon() -> None:
    app = QApplication.instance()
    if isinstance(app, QApplication) and app.windowIcon().isNull():
        app.setWindowIcon(app_icon())


def _hold_start_copy(library: Library, copies: list[StartCopy]) -> None:
    from organizer.core.backup import StartCopy

    copy = StartCopy.hold(library)
    if copy is not None:
        copies.append(copy)


def _tidy_after_crash(library: Library) -> None:
    with contextlib.suppress(OSError):  # leftovers stay until the next start; nothing lost
        library.tidy_after_crash()


def main(argv: Sequence[str] | None = None) -> int:
    started = time.perf_counter()
    collecting = pause_collector()  # again until the window is on screen (organizer.gui)
    arguments = list(sys.argv if argv is None else argv)
    options = parse_arguments(arguments[1:])
    if display_missing():
        print(NO_DISPLAY, file=sys.stderr)
        return 1
    app = create_application(arguments)
    library = open_library(options.library or default_library_dir())
    if library is None:
        return 1
    MainWindow.documents_read_when_shown = True
    zoom = FontZoom(app)
    zoom.apply(ViewSettings().zoom())  # before any widget exists: none has to change font
    window = MainWindow(library, zoom=zoom, checklist_after_paint=True, drops_after_paint=True)
    then = None
    if options.quit_when_ready:
        then = _report_when_ready(window, started, sample=options.open_sample)
    start_copies: list[StartCopy] = []  # held and written once the window is on screen
    resume = lambda: resume_collector(collecting, freeze=True)  # noqa: E731
    when_painted_and_idle(window, lambda: QTimer.singleShot(0, resume))  # a turn after
    when_painted_and_idle(window, lambda: after_first_paint(window, start_copies, then))
    window.show()
    if options.open_sample:
        window.open_sample()
    try:
        return app.exec()
    finally:
        _close(library, start_copies)


def _close(library: Library, start_copies: list[StartCopy]) -> None:
    """The end: workers stopped, Qt let go of, the closing copy taken, the library closed."""
    from organizer.core.backup import take_auto_backup
    from organizer.gui.jobs import cancel_all_and_wait
    from organizer.gui.teardown import release_qt

    cancel_all_and_wait()  # no worker may still be using the library when it closes
    for copy in start_copies:
        copy.close()  # the copy is written (or its writing never started)
    release_qt()  # every Qt object goes now, not during interpreter shutdown
    with contextlib.suppress(OSError):
        take_auto_backup(library)
    library.close()


def _report_when_ready(window: MainWindow, started: float, *, sample: bool) -> Callable[[], None]:
    """For install checks and the start-time benchmark: say when the window is ready.

    The line is printed at the first idle turn after the paint; the returned function
    quits the app once it has been (called after the start's own work, so that runs too).
    """
    app = QApplication.instance()
    assert app is not None
    reported: list[bool] = []

    def ready() -> None:
        if sample and not any(w.isVisible() for w in window.help.sample_windows):
            QTimer.singleShot(50, ready)  # the sample packet is still being prepared
            return
        # the processor time counts from the process's start: imports included
        elapsed, cpu = time.perf_counter() - started, time.process_time()
        print(f"ready in {elapsed:.3f} s, cpu {cpu:.3f} s", flush=True)
        reported.append(True)

    def quit_once_reported() -> None:
        if reported:
            app.quit()
        else:
            QTimer.singleShot(50, quit_once_reported)

    when_painted_and_idle(window, ready)
    return quit_once_reported
