"""The background job runner and the drop filter, through real threads, signals and events."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from document_helpers import SAMPLES
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.records import Document, DocumentFile, Person
from organizer.gui.drop import FileDropFilter
from organizer.gui.jobs import JobRunner, cancel_all_and_wait

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture(autouse=True)
def _no_job_left_running() -> Any:
    yield
    cancel_all_and_wait()


def storing_work(files: list[Path], library: Library, gate: threading.Event | None = None):
    """Copy files into the store off the GUI thread and hand each to the GUI to record."""

    def work(context: JobContext, deliver: Any) -> int:
        for number, path in enumerate(files):
            context.check_cancelled()
            context.report(number, len(files), f"Copying {path.name}")
            stored = library.store.put_file(path, context.check_cancelled)
            deliver((path, stored, threading.current_thread()))
            if gate is not None and number == 0:
                gate.wait(5)
        return len(files)

    return work


def recording(library: Library, person_id: int, threads: list[threading.Thread]):
    def consume(item: Any) -> None:
        path, stored, worker_thread = item
        threads.append(worker_thread)
        assert threading.current_thread() is threading.main_thread()
        with library.transaction():
            document_id = library.add_document(Document(person_id=person_id, title=path.name))
            library.add(
                DocumentFile(document_id=document_id, sha256=stored.sha256, size=stored.size)
            )

    return consume


def test_worker_prepares_and_the_gui_thread_writes(qtbot: QtBot, library: Library) -> None:
    person_id = library.add(Person(name="Ana Diaz"))
    files = sorted((SAMPLES / "pdf").iterdir())
    threads: list[threading.Thread] = []
    runner = JobRunner(
        "Copying",
        storing_work(files, library),
        recording(library, person_id, threads),
        show_dialog=False,
        max_in_flight=2,
    )
    with qtbot.waitSignal(runner.succeeded, timeout=20000) as finished:
        runner.start()
    assert finished.args == [len(files)]
    assert len(library.children(Document, person_id)) == len(files)
    assert all(thread is not threading.main_thread() for thread in threads)
    assert not runner.is_running


def test_cancel_keeps_whole_documents_only(qtbot: QtBot, library: Library) -> None:
    person_id = library.add(Person(name="Ana Diaz"))
    files = sorted((SAMPLES / "pdf").iterdir())
    gate = threading.Event()
    threads: list[threading.Thread] = []
    runner = JobRunner(
        "Copying",
        storing_work(files, library, gate),
        recording(library, person_id, threads),
        show_dialog=False,
    )
    runner.start()
    qtbot.waitUntil(lambda: len(threads) == 1, timeout=10000)
    with qtbot.waitSignal(runner.cancelled, timeout=10000):
        runner.cancel()
        gate.set()
    documents = library.children(Document, person_id)
    assert len(documents) == 1
    assert all(library.document_files(d.id) for d in documents if d.id is not None)


def test_a_failing_job_reports_its_message(qtbot: QtBot) -> None:
    def work(context: JobContext, deliver: Any) -> None:
        raise ValueError("the disk is full")

    runner = JobRunner("Failing", work, show_dialog=False)
    with qtbot.waitSignal(runner.failed, timeout=10000) as failed:
        runner.start()
    assert failed.args == ["the disk is full"]


def test_progress_dialog_appears_late_and_its_cancel_button_stops_the_job(
    qtbot: QtBot,
) -> None:
    window = QLabel("main window")
    qtbot.addWidget(window)

    def work(context: JobContext, deliver: Any) -> None:
        for step in range(1000):
            context.report(step, 1000, f"Reading file {step}")
            context.check_cancelled()
            time.sleep(0.01)

    runner = JobRunner("Importing", work, parent_window=window)
    runner.start()
    assert runner.dialog is None  # nothing flashes up for a quick job
    qtbot.waitUntil(lambda: runner.dialog is not None, timeout=5000)
    dialog = runner.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: "of 1000: Reading file" in dialog.label.text(), timeout=5000)
    assert dialog.bar.maximum() == 1000
    with qtbot.waitSignal(runner.cancelled, timeout=5000):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert runner.dialog is None


def _drop(widget: QLabel, urls: list[QUrl]) -> tuple[bool, bool]:
    mime = QMimeData()
    mime.setUrls(urls)
    enter = QDragEnterEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, enter)
    drop = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, drop)
    return enter.isAccepted(), drop.isAccepted()


def test_drop_filter_emits_local_files_folders_and_zips(qtbot: QtBot) -> None:
    target = QLabel("drop here")
    qtbot.addWidget(target)
    dropper = FileDropFilter()
    dropper.attach(target)
    paths = [
        SAMPLES / "pdf" / "crazyones-pdfa.pdf",
        SAMPLES / "dicom" / "cd_pcir",
        SAMPLES / "xdm",
    ]
    urls = [QUrl.fromLocalFile(str(p)) for p in paths] + [QUrl("https://example.org/x.pdf")]
    with qtbot.waitSignal(dropper.paths_dropped) as dropped:
        accepted = _drop(target, urls)
    assert accepted == (True, True)
    assert dropped.args == [paths]


def test_drop_filter_ignores_drags_without_local_files(qtbot: QtBot) -> None:
    target = QLabel("drop here")
    qtbot.addWidget(target)
    dropper = FileDropFilter()
    dropper.attach(target)
    with qtbot.assertNotEmitted(dropper.paths_dropped):
        accepted = _drop(target, [QUrl("https://example.org/report.pdf")])
    assert accepted == (False, False)


def test_a_window_catches_file_drops_even_on_a_text_box(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

    window = QWidget()
    search = QLineEdit()
    label = QLabel("nothing to see")
    layout = QVBoxLayout(window)
    layout.addWidget(search)
    layout.addWidget(label)
    qtbot.addWidget(window)
    dropper = FileDropFilter()
    dropper.attach_window(window)
    paths = [SAMPLES / "pdf" / "crazyones-pdfa.pdf"]
    urls = [QUrl.fromLocalFile(str(p)) for p in paths]
    with qtbot.waitSignal(dropper.paths_dropped) as dropped:
        assert _drop(search, urls) == (True, True)
    assert dropped.args == [paths]
    assert search.text() == ""  # the file was not pasted in as text
    other = QLineEdit()  # a text box in another window keeps its ordinary behaviour
    qtbot.addWidget(other)
    with qtbot.assertNotEmitted(dropper.paths_dropped):
        _drop(other, urls)
    late = QLineEdit()  # a text box added after attaching is covered once rescanned
    layout.addWidget(late)
    dropper.rescan()
    with qtbot.waitSignal(dropper.paths_dropped):
        _drop(late, urls)
    assert late.text() == ""
