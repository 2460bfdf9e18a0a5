"""Help > "Open sample packet": build the demo library and hand its folder to the shell.

The demo lives in its own folder (organizer.core.sample_packet), never in the person's
library; the main window decides whether to open it in a new window or switch to it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QWidget

from organizer.core.jobs import JobContext
from organizer.gui.jobs import Deliver, JobRunner

# organizer.core.sample_packet brings the whole import pipeline: loaded when asked for,
# so it does not delay the app's first window.


def sample_library_dir() -> Path:
    """Where the sample library is built (its own folder, never the person's library)."""
    from organizer.core import sample_packet

    return sample_packet.sample_library_dir()


def open_sample_library(folder: Path | None = None) -> Path:
    """Build the sample library if it is missing or out of date; return its folder.

    Takes well under a second (about 40 small files); the cursor shows it is busy.
    Raises SecondLookError or OSError with a message fit to show if it cannot.
    """
    from organizer.core.sample_packet import ensure_sample_library

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return ensure_sample_library(folder)
    finally:
        QApplication.restoreOverrideCursor()


class SampleBuilder(QObject):
    """The same, in the background with a progress window: ``ready(Path)`` or ``failed(str)``."""

    ready = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, parent_window: QWidget | None = None, folder: Path | None = None) -> None:
        super().__init__(parent_window)
        self.folder = folder or sample_library_dir()
        self.runner: JobRunner | None = None
        self._parent_window = parent_window

    def start(self) -> None:
        folder = self.folder

        def work(context: JobContext, deliver: Deliver) -> Path:
            from organizer.core.sample_packet import ensure_sample_library

            # a separate library with its own connection, opened and closed in this thread
            return ensure_sample_library(folder, context)

        self.runner = JobRunner(
            "Preparing the sample packet", work, parent_window=self._parent_window
        )
        self.runner.succeeded.connect(self.ready)
        self.runner.failed.connect(self.failed)
        self.runner.cancelled.connect(self.cancelled)
        self.runner.start()
