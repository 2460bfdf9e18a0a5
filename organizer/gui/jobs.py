"""Running long jobs (import, indexing, export, backup) off the GUI thread.

The pattern, after Anki's progress handling and superqt's thread workers:

* the work runs in a QRunnable on a thread pool; a QObject carries its signals back, and the
  runner keeps a reference to both until the job is over;
* the worker only records its latest progress (``JobContext.report``); the GUI reads it on a
  QTimer, so a chatty job cannot flood the event loop;
* a progress dialog appears only when the job is still running after a short delay, and its
  Cancel button sets the JobContext's cancel flag, which the job checks between steps;
* a job may hand items back to the GUI thread with ``deliver(item)`` (a queued signal); the
  runner calls ``consume(item)`` for each on the GUI thread, a few milliseconds at a time, so
  the one database writer is the GUI thread and no Qt call from the worker touches a widget.
  At most ``max_in_flight`` delivered items wait at a time: the worker pauses until the GUI
  has caught up, which keeps memory flat however large the batch.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from organizer.core.errors import Cancelled
from organizer.core.jobs import JobContext

log = logging.getLogger(__name__)

Deliver = Callable[[Any], None]
Work = Callable[[JobContext, Deliver], Any]
Consume = Callable[[Any], None]

POLL_MS = 100
DIALOG_DELAY_MS = 400
RELEASE_DELAY_MS = 1000
# how long the GUI thread may spend committing delivered items before it lets other events in
CONSUME_BUDGET_S = 0.01


@dataclass(frozen=True)
class Progress:
    done: int = 0
    total: int = 0
    text: str = ""


class _ProgressBox:
    """The latest progress a worker reported; written by the worker, read by a GUI timer."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._latest = Progress()

    def set(self, done: int, total: int, text: str) -> None:
        with self._lock:
            self._latest = Progress(done, total, text)

    def get(self) -> Progress:
        with self._lock:
            return self._latest


class _Signals(QObject):
    """Lives in the GUI thread; emitted from the worker, so every connection is queued."""

    delivered = Signal(object)
    succeeded = Signal(object)
    cancelled = Signal()
    failed = Signal(str)


class _Runnable(QRunnable):
    def __init__(self, work: Callable[[], Any], signals: _Signals, done: threading.Event) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the runner owns it until the end signal arrives
        self._work = work
        self._signals = signals
        self._done = done

    def run(self) -> None:
        try:
            result = self._work()
        except Cancelled:
            self._signals.cancelled.emit()
        except Exception as error:  # a job's failure is reported, never raised into Qt
            log.error("background job failed:\n%s", traceback.format_exc())
            self._signals.failed.emit(str(error) or type(error).__name__)
        else:
            self._signals.succeeded.emit(result)
        finally:
            self._done.set()


class ProgressDialog(QDialog):
    """A plain progress window: what is happening, how far along, and a Cancel button."""

    cancel_requested = Signal()

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(460)
        heading = QLabel(f"<b>{title}</b>")
        self.label = QLabel("Starting…")
        self.label.setWordWrap(True)
        self.label.setMinimumHeight(self.label.fontMetrics().lineSpacing() * 2)
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Progress")
        self.bar.setRange(0, 0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self._cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(buttons)

    def show_progress(self, progress: Progress) -> None:
        if progress.total > 0:
            self.bar.setRange(0, progress.total)
            self.bar.setValue(min(progress.done, progress.total))
        else:
            self.bar.setRange(0, 0)  # busy indicator until the job knows its size
        if progress.text and self.cancel_button.isEnabled():
            text = progress.text
            if progress.total > 0:
                text = f"{min(progress.done, progress.total)} of {progress.total}: {text}"
            room = max(200, self.label.width())
            metrics = self.label.fontMetrics()
            self.label.setText(metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, room))
            self.label.setToolTip(progress.text)

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.label.setText("Stopping… whatever is finished is kept, nothing is left half-done.")
        self.cancel_requested.emit()

    def reject(self) -> None:  # Escape and the window's close button mean Cancel too
        if self.cancel_button.isEnabled():
            self._cancel()


class JobRunner(QObject):
    """Runs one job in the background; create one per job.

    ``work(context, deliver)`` runs on a worker thread and must not touch widgets or the
    database connection's writes; ``consume(item)`` runs on the GUI thread for every item
    the work delivers. Exactly one of ``succeeded(result)``, ``cancelled()`` or
    ``failed(message)`` is emitted at the end, after every delivered item was consumed,
    followed by ``ended()``.
    """

    progress = Signal(object)  # Progress, at most every POLL_MS
    succeeded = Signal(object)
    cancelled = Signal()
    failed = Signal(str)
    ended = Signal()

    # keeps runners (and their runnables) alive until they are done
    _running: ClassVar[set[JobRunner]] = set()
    _retired: ClassVar[set[JobRunner]] = set()

    def __init__(
        self,
        title: str,
        work: Work,
        consume: Consume | None = None,
        *,
        parent_window: QWidget | None = None,
        show_dialog: bool = True,
        max_in_flight: int = 8,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__()
        self.title = title
        self.context = JobContext()
        self._work = work
        self._consume = consume
        self._parent_window = parent_window
        self._show_dialog = show_dialog
        self._pool = pool or QThreadPool.globalInstance()
        self._box = _ProgressBox()
        self.context.report = self._box.set
        self._slots = threading.Semaphore(max(1, max_in_flight))
        self._pending: deque[Any] = deque()
        self._end: tuple[str, Any] | None = None
        self._finished = threading.Event()
        self._consume_error: str | None = None
        self.dialog: ProgressDialog | None = None
        self.started_at = 0.0

        self._signals = _Signals()
        self._signals.delivered.connect(self._on_delivered)
        self._signals.succeeded.connect(self._on_succeeded)
        self._signals.cancelled.connect(self._on_cancelled)
        self._signals.failed.connect(self._on_failed)

        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._show_latest)
        self._dialog_timer = QTimer(self)
        self._dialog_timer.setSingleShot(True)
        self._dialog_timer.setInterval(DIALOG_DELAY_MS)
        self._dialog_timer.timeout.connect(self._open_dialog)
        self._drain_timer = QTimer(self)
        self._drain_timer.setSingleShot(True)
        self._drain_timer.setInterval(0)
        self._drain_timer.timeout.connect(self._drain)
        self._runnable = _Runnable(self._run_work, self._signals, self._finished)

    # -- control ---------------------------------------------------------------------------

    def start(self) -> None:
        JobRunner._running.add(self)
        self.started_at = time.monotonic()
        self._poll.start()
        if self._show_dialog:
            self._dialog_timer.start()
        self._pool.start(self._runnable)

    def cancel(self) -> None:
        """Ask the job to stop at its next check; items not yet consumed are dropped."""
        self.context.cancel()

    @property
    def is_running(self) -> bool:
        return self in JobRunner._running

    @classmethod
    def forget_finished(cls) -> None:
        """Drop the references kept to finished runners (their release timer may not fire
        once the event loop has stopped)."""
        cls._retired.clear()

    def wait(self, timeout_s: float = 30.0) -> bool:
        """Block until the worker thread is done (for shutdown and tests)."""
        return self._finished.wait(timeout_s)

    def latest(self) -> Progress:
        return self._box.get()

    # -- the worker side -------------------------------------------------------------------

    def _run_work(self) -> Any:
        return self._work(self.context, self._deliver)

    def _deliver(self, item: Any) -> None:
        """Called on the worker thread: wait for room, then queue the item for the GUI."""
        while not self._slots.acquire(timeout=0.05):
            self.context.check_cancelled()
        self.context.check_cancelled()
        self._signals.delivered.emit(item)

    # -- the GUI side ----------------------------------------------------------------------

    @Slot(object)
    def _on_delivered(self, item: Any) -> None:
        self._pending.append(item)
        if not self._drain_timer.isActive():
            self._drain_timer.start()

    def _drain(self) -> None:
        """Consume waiting items for a few milliseconds, then give the event loop back."""
        deadline = time.monotonic() + CONSUME_BUDGET_S
        while self._pending:
            item = self._pending.popleft()
            try:
                wanted = not self.context.cancelled and self._consume_error is None
                if wanted and self._consume is not None:
                    self._consume(item)
            except Exception as error:
                log.error("consuming a job's item failed:\n%s", traceback.format_exc())
                self._consume_error = str(error) or type(error).__name__
                self.context.cancel()  # stop the worker: the GUI side cannot keep up safely
            finally:
                self._slots.release()
            if time.monotonic() >= deadline:
                break
        if self._pending:
            self._drain_timer.start()
        elif self._end is not None:
            self._finish()

    @Slot(object)
    def _on_succeeded(self, result: Any) -> None:
        self._on_end("ok", result)

    @Slot()
    def _on_cancelled(self) -> None:
        self._on_end("cancelled", None)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._on_end("failed", message)

    def _on_end(self, how: str, value: Any) -> None:
        self._end = (how, value)
        if not self._pending and not self._drain_timer.isActive():
            self._finish()

    def _finish(self) -> None:
        assert self._end is not None
        self._poll.stop()
        self._dialog_timer.stop()
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
        self._show_latest()
        how, value = self._end
        # the worker emitted its last signal just before returning: let it return before
        # this runner (which owns the runnable) can be let go
        self._finished.wait(5.0)
        QTimer.singleShot(RELEASE_DELAY_MS, lambda: JobRunner._retired.discard(self))
        JobRunner._retired.add(self)
        JobRunner._running.discard(self)
        if self._consume_error is not None:
            self.failed.emit(self._consume_error)
        elif how == "ok" and self.context.cancelled:
            self.cancelled.emit()  # the work finished, but the GUI dropped items on cancel
        elif how == "ok":
            self.succeeded.emit(value)
        elif how == "cancelled":
            self.cancelled.emit()
        else:
            self.failed.emit(str(value))
        self.ended.emit()

    def _show_latest(self) -> None:
        latest = self._box.get()
        self.progress.emit(latest)
        if self.dialog is not None:
            self.dialog.show_progress(latest)

    def _open_dialog(self) -> None:
        if not self.is_running:
            return
        self.dialog = ProgressDialog(self.title, self._parent_window)
        self.dialog.cancel_requested.connect(self.cancel)
        self.dialog.show_progress(self._box.get())
        self.dialog.show()


def cancel_all_and_wait(timeout_s: float = 30.0) -> None:
    """Stop every running job (at quit, or at the end of a test) and wait for the threads."""
    for runner in list(JobRunner._running):
        runner.cancel()
    for runner in list(JobRunner._running):
        runner.wait(timeout_s)
