"""Letting go of every Qt object while Python is still whole.

Objects that outlive the event loop (finished job runners kept in a class-level set for
a moment, windows never deleted, runnables still queued on the global thread pool) would
otherwise be destroyed during interpreter shutdown, after Python has started tearing
down its own objects. Destructors then run Python code in a half-finalised interpreter,
which showed as "Fatal Python error: bool_dealloc" (exit 134) at the end of one test run
in four. Calling ``release_qt`` once the event loop is over (the app's exit, the end of a
test session) destroys them in order instead: jobs stopped, threads joined, windows
closed and deleted, pending deletions delivered, garbage collected.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QEvent, QThreadPool
from PySide6.QtWidgets import QApplication

from organizer.gui.jobs import JobRunner, cancel_all_and_wait


def release_qt() -> None:
    app = QCoreApplication.instance()
    if app is None:
        return
    cancel_all_and_wait()
    QThreadPool.globalInstance().waitForDone()
    JobRunner.forget_finished()
    if isinstance(app, QApplication):
        for widget in QApplication.topLevelWidgets():
            widget.close()
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()
    QThreadPool.globalInstance().waitForDone()
    gc.collect()
