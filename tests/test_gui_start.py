"""The first window: an empty state that says what to do, then people and packets."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFont
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from organizer.core.backup import StartCopy, auto_backups
from organizer.core.checklist import Status
from organizer.core.library import Library, default_library_dir
from organizer.core.records import Document, Packet, Person
from organizer.gui import app
from organizer.gui.changes import EVERYTHING, announce
from organizer.gui.documents.model import DocumentsModel
from organizer.gui.documents.page import DocumentsPage
from organizer.gui.drop import FileDropFilter
from organizer.gui.main_window import MainWindow
from organizer.gui.pages import checklist as checklist_page
from organizer.gui.pages import export as export_page
from organizer.gui.theme import FontZoom

ROOT = Path(__file__).resolve().parent.parent
DISPLAY_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")


def test_empty_library_says_what_to_do(qtbot: QtBot, library: Library) -> None:
    window = MainWindow(library)
    qtbot.addWidget(window)
    window.show()
    assert window.central.currentWidget() is window.welcome
    assert "add the person" in window.welcome.findChild(QLabel).text()


def test_lists_people_and_their_packets(qtbot: QtBot, library: Library) -> None:
    person_id = library.add(Person(name="Ana Diaz"))
    library.add_packet(Packet(person_id=person_id, title="Lung nodule"))
    window = MainWindow(library)
    qtbot.addWidget(window)
    assert window.person_combo.itemText(0).startswith("Ana Diaz")
    assert window.packet_combo.itemText(0) == "Lung nodule"


def test_a_second_copy_is_refused_with_a_clear_message(
    qtbot: QtBot, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    assert app.open_library(Path(library.root)) is None
    assert "already open in another copy" in shown[0]


def test_the_app_has_its_icon(qtbot: QtBot) -> None:
    icon = app.app_icon()
    assert not icon.isNull()
    assert icon.pixmap(64, 64).width() == 64


def _start_app(
    *args: str, cwd: Path, remove: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """``python -m organizer`` as a person starts it: its own process, its own folder."""
    environ = {k: v for k, v in os.environ.items() if k not in remove}
    environ["PYTHONPATH"] = str(ROOT)
    return _run([sys.executable, "-m", "organizer", *args], cwd, environ)


def _run_script(script: str, *args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """A script that starts the app in its own process, with its settings in ``tmp_path``."""
    environ = dict(os.environ, PYTHONPATH=str(ROOT), XDG_CONFIG_HOME=str(tmp_path / "config"))
    return _run([sys.executable, "-c", script, *args], tmp_path, environ)


def _run(
    command: list[str], cwd: Path, environ: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, env=environ, capture_output=True, text=True, timeout=120, check=False
    )


def test_without_a_display_one_clear_line_and_exit_1(tmp_path: Path) -> None:
    result = _start_app("--library", str(tmp_path / "lib"), cwd=tmp_path, remove=DISPLAY_VARIABLES)
    assert (result.returncode, result.stderr.strip(), result.stdout) == (1, app.NO_DISPLAY, "")
    assert not (tmp_path / "lib").exists()  # nothing was touched


def test_which_environments_lack_a_display() -> None:
    assert app.display_missing({}, "linux")
    assert app.display_missing({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not app.display_missing({"DISPLAY": ":0"}, "linux")
    assert not app.display_missing({"WAYLAND_DISPLAY": "wayland-0"}, "freebsd14")
    assert not app.display_missing({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert not app.display_missing({}, "win32") and not app.display_missing({}, "darwin")


def test_starts_with_a_relative_library_folder(tmp_path: Path) -> None:
    result = _start_app("--library", "records", "--quit-when-ready", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ready in ")
    assert (tmp_path / "records" / "library.sqlite").is_file()
    assert list((tmp_path / "records" / "backups").iterdir())  # the automatic copy was made


def test_relative_paths_are_made_absolute_before_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert app.parse_arguments(["--library", "records"]).library == tmp_path / "records"
    monkeypatch.setenv("SECOND_LOOK_LIBRARY", "elsewhere")
    assert default_library_dir() == tmp_path / "elsewhere"


def test_a_start_reads_the_checklist_once_and_the_documents_when_shown(
    qtbot: QtBot, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    person_id = library.add(Person(name="Ana Diaz"))
    library.add_packet(Packet(person_id=person_id, title="Lung nodule"))
    calls: Counter[str] = Counter()

    def counted(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any) -> Any:
            calls[name] += 1
            return real(*args)

        return call

    monkeypatch.setattr(DocumentsModel, "_load", counted("documents", DocumentsModel._load))
    for module in (checklist_page, export_page):
        monkeypatch.setattr(module, "evaluate", counted("checklist", module.evaluate))
    window = MainWindow(library)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert calls == {"checklist": 1}  # the Overview's; the documents are not on screen
    window.show_section("documents")
    window.show_section("overview")
    window.show_section("documents")
    assert calls == {"checklist": 1, "documents": 1}
    window.show_section("export")  # the export page says whether the packet is ready
    assert calls["checklist"] == 2
    assert "checklist" in window.export_page.readiness.text()


def test_at_the_start_the_checklist_waits_for_the_first_paint(
    qtbot: QtBot, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    person_id = library.add(Person(name="Ana Diaz"))
    packet_id = library.add_packet(Packet(person_id=person_id, title="Lung nodule"))
    painted: list[bool] = []
    evaluated: list[tuple[int | None, bool]] = []  # (packet, was the window painted by then)
    real_evaluate = checklist_page.evaluate

    def counted(library: Library, packet_id: int | None) -> Any:
        evaluated.append((packet_id, bool(painted)))
        return real_evaluate(library, packet_id)

    monkeypatch.setattr(checklist_page, "evaluate", counted)
    window = MainWindow(library, checklist_after_paint=True)  # as app.main makes it
    qtbot.addWidget(window)
    checklist = window.overview.checklist
    assert evaluated == [] and checklist.report is None
    assert "Checking the packet" in checklist.summary.text()
    library.add_document(Document(person_id=person_id, title="Letter"))
    announce(library, EVERYTHING)
    assert evaluated == []  # a change before the paint still waits

    # as app.main does; the filter installed last sees the paint first, so `painted` is
    # set before the start's work runs
    app.when_painted_and_idle(window, lambda: app.after_first_paint(window))
    app.when_painted_and_idle(window, lambda: painted.append(True))
    window.show()
    qtbot.waitUntil(lambda: checklist.report is not None)
    assert evaluated and all(evaluated_packet == packet_id for evaluated_packet, _ in evaluated)
    assert all(after_paint for _, after_paint in evaluated)
    assert "Checking" not in checklist.summary.text()
    assert checklist.model.rowCount() > 0
    checked = len(evaluated)
    announce(library, EVERYTHING)
    assert len(evaluated) == checked + 1  # from now on it follows every change at once
    window.importer.shutdown()
    window.documents.shutdown()


def test_a_change_while_the_checklist_is_checked_in_the_background_is_not_lost(
    qtbot: QtBot, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    evaluated: list[int | None] = []
    real_evaluate = checklist_page.evaluate

    def counted(library: Library, packet_id: int | None) -> Any:
        evaluated.append(packet_id)
        return real_evaluate(library, packet_id)

    monkeypatch.setattr(checklist_page, "evaluate", counted)
    person_id = library.add(Person(name="Ana Diaz"))
    packet_id = library.add_packet(Packet(person_id=person_id, title="Lung nodule"))
    window = MainWindow(library, checklist_after_paint=True)
    qtbot.addWidget(window)
    checklist = window.overview.checklist
    runner = checklist.release()
    assert runner is not None and checklist.report is None
    packet = library.get(Packet, packet_id)
    packet.question = "Is surgery needed now?"
    library.update(packet)
    announce(library, EVERYTHING)  # before the worker's answer reaches the window
    assert "Checking the packet" in checklist.summary.text()
    qtbot.waitUntil(lambda: checklist.report is not None)
    assert evaluated == [packet_id, packet_id]  # in the worker, then again as it is now
    question = next(r for r in checklist.report.results if "question" in r.title.lower())
    assert question.status is Status.OK


def test_no_pdf_writer_or_import_reader_is_loaded_before_the_window() -> None:
    code = (
        "import sys; import organizer.gui.app; "
        "print(sorted(m for m in ('fpdf', 'pydicom', 'pypdfium2', 'pikepdf', "
        "'organizer.core.importing.pipeline', 'organizer.core.export.layout', "
        "'organizer.core.rendering.cache') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# the readers, writers and indexers the first screen does not need (each costs 0.1-0.4 s)
NOT_BEFORE_THE_FIRST_PAINT = (
    "fpdf",
    "pydicom",
    "pypdfium2",
    "pikepdf",
    "organizer.core.importing.pipeline",
    "organizer.core.importing.textindex",
    "organizer.core.export.layout",
    "organizer.core.rendering.cache",
    "organizer.core.identity.rereading",
    "organizer.licences",
    "sqlite_utils",  # an up-to-date library is opened and read with plain sqlite3
    # the sections not on screen at the start: made, and their modules loaded, when shown
    "organizer.core.export",
    "organizer.gui.documents.page",
    "organizer.gui.documents.preview",
    "organizer.gui.pages.export",
    "organizer.gui.pages.results",
    "organizer.gui.pages.review",
    "organizer.gui.pages.visit",
    "organizer.gui.pages.records",
    "organizer.gui.pages.sections",  # the record lists' specs, with their first page
    "organizer.gui.editor",  # the record form, when one is opened
    "organizer.gui.question_tools",
    # what the start does once the window is on screen, and what only a menu or a button
    # needs: loaded after the first paint or when first used
    "organizer.core.backup",
    "organizer.gui.backups",
    "organizer.gui.jobs",
    "organizer.gui.teardown",
    "organizer.gui.importing",
    "organizer.core.importing",
    "organizer.gui.older_documents",
    "organizer.core.identity",
    "organizer.gui.records_check",
    "organizer.core.integrity",
    "organizer.gui.help",
    "organizer.gui.sample",
    "organizer.gui.import_dialog",
    "organizer.gui.fixit",
    "organizer.core.checklist.fixes",
    "organizer.core.checklist.model",  # the rules and results: "Checking the packet…" first
    "organizer.core.jobs",
    "organizer.core.clinical.model",  # its kinds of item are in clinical.kinds
    "organizer.gui.forms",  # the main window's form is compiled (main_window_form)
    "PySide6.QtUiTools",
    "platformdirs",  # only for the default folder; the test gives --library
    "hashlib",
    # Qt classes PySide6 makes a Python type for only when first named: each costs time
    "QtWidgets.QMessageBox",
    "QtWidgets.QFileDialog",
    "QtWidgets.QInputDialog",
    "QtWidgets.QProgressDialog",
    "QtWidgets.QWizard",  # a sign of QUiLoader, which makes every widget class's type
    "QtGui.QIcon",
    "QtGui.QPainterPath",
)
FIRST_PAINT_SPY = """
import sys
import PySide6
from organizer.gui import app
from PySide6.QtWidgets import QApplication
real = app.when_painted_and_idle

def loaded(name):
    module, _, qt_class = name.partition(".")
    if module in ("QtCore", "QtGui", "QtWidgets"):
        return qt_class in vars(getattr(PySide6, module))
    return name in sys.modules

def report(window):
    print(sorted(m for m in sys.argv[3].split(",") if loaded(m)), flush=True)
    print(sorted(window.pages.built()), flush=True)
    QApplication.instance().quit()

spied = []

def spy(window, then):
    if not spied:  # the first: the moment the window is painted and the loop idle
        spied.append(True)
        real(window, lambda: report(window))

app.when_painted_and_idle = spy
raise SystemExit(app.main(sys.argv[:3]))
"""


def test_nothing_the_first_screen_does_not_need_is_loaded_before_it_is_painted(
    library: Library, tmp_path: Path
) -> None:
    person_id = library.add(Person(name="Ana Diaz"))
    library.add_packet(Packet(person_id=person_id, title="Lung nodule"))
    for number in range(3):
        library.add_document(Document(person_id=person_id, title=f"Letter {number}"))
    root = Path(library.root)
    library.close()  # the app claims it as a person's start would
    heavy = ",".join(NOT_BEFORE_THE_FIRST_PAINT)
    result = _run_script(FIRST_PAINT_SPY, "--library", str(root), heavy, tmp_path=tmp_path)
    assert (result.returncode, result.stdout.split()) == (0, ["[]", "['overview']"]), result.stderr


def test_the_app_reads_the_documents_when_their_section_is_first_shown(
    qtbot: QtBot, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    person_id = library.add(Person(name="Ana Diaz"))
    library.add_packet(Packet(person_id=person_id, title="Lung nodule"))
    for number in range(3):
        library.add_document(Document(person_id=person_id, title=f"Letter {number}"))
    monkeypatch.setattr(DocumentsPage, "read_when_shown", True)  # as app.main sets it
    loads: list[int] = []
    real_load = DocumentsModel._load

    def counted(model: DocumentsModel) -> Any:
        loads.append(1)
        return real_load(model)

    monkeypatch.setattr(DocumentsModel, "_load", counted)
    window = MainWindow(library)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert loads == []  # the Overview is on screen; nothing read for the hidden section
    window.show_section("documents")
    assert loads == [1] and window.documents.model.rowCount() == 3
    window.show_section("overview")
    window.show_section("documents")
    assert loads == [1]  # shown again: nothing changed, nothing read again


def test_the_start_copy_is_made_after_the_paint_of_the_records_as_they_were(
    qtbot: QtBot, library: Library
) -> None:
    library.add(Person(name="Ana Diaz"))
    start_copy = StartCopy.hold(library)
    assert start_copy is not None
    window = MainWindow(library)
    qtbot.addWidget(window)
    library.add(Person(name="Ben Diaz"))  # a change before the copy is written
    runner = app.back_up_in_background(start_copy)
    assert runner.wait(60)
    (copy,) = auto_backups(library)
    with sqlite3.connect(copy.path) as connection:
        assert [row[0] for row in connection.execute("SELECT name FROM people")] == ["Ana Diaz"]
    window.importer.shutdown()


START_SPY = """
import sys
from pathlib import Path
from organizer.gui import app
root = Path(sys.argv[1])
leftover = root / sys.argv[2]
real = app.when_painted_and_idle
first = []

def report(window):
    copies = list((root / "backups").glob("*.sqlite"))
    print(leftover.exists(), len(copies), window.importing.made, flush=True)

def spy(window, then):
    if not first:  # the first: the moment the window is painted and the loop idle
        first.append(True)
        real(window, lambda: (report(window), then()))
    else:
        real(window, then)

app.when_painted_and_idle = spy
raise SystemExit(app.main(["second-look", "--library", str(root), "--quit-when-ready"]))
"""


def test_the_start_copy_and_the_crash_tidy_up_happen_after_the_first_paint(
    library: Library, tmp_path: Path
) -> None:
    person_id = library.add(Person(name="Ana Diaz"))
    library.add_packet(Packet(person_id=person_id, title="Lung nodule"))
    root = Path(library.root)
    library.close()
    leftover = root / ".tmp-1a2b3c-library.sqlite"  # as a killed restore leaves it
    leftover.write_bytes(b"half a copy")
    result = _run_script(START_SPY, str(root), leftover.name, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    painted, ready = result.stdout.splitlines()
    # when painted: the leftover still there, no copy yet, no import controller made
    assert painted.split() == ["True", "0", "False"]
    assert ready.startswith("ready in ")
    assert not leftover.exists()  # tidied once the window was on screen
    copies = sorted((root / "backups").glob("*.sqlite"))
    assert len(copies) == 2  # the start's copy, written in the background, and the end's


def test_after_the_first_paint_each_step_runs_in_its_own_turn(
    qtbot: QtBot, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    person_id = library.add(Person(name="Ana Diaz"))
    library.add_packet(Packet(person_id=person_id, title="Lung nodule"))
    window = MainWindow(library, checklist_after_paint=True)
    qtbot.addWidget(window)
    done: list[str] = []
    monkeypatch.setattr(library, "tidy_after_crash", lambda: done.append("tidy") or 0, raising=True)
    copies: list[StartCopy] = []
    app.after_first_paint(window, copies, lambda: done.append("then"))
    assert done == [] and copies == []  # nothing yet: the first step waits for a turn
    QApplication.processEvents()  # one turn, one step: the drop targets
    assert done == []
    qtbot.waitUntil(lambda: done == ["tidy", "then"])
    assert len(copies) == 1 and window.importing.made
    assert not QApplication.instance().windowIcon().isNull()
    qtbot.waitUntil(lambda: window.overview.checklist.report is not None)  # checked
    qtbot.waitUntil(lambda: len(auto_backups(library)) == 1)  # the start copy, written
    window.importer.shutdown()
    window.documents.shutdown()


def test_at_the_start_drop_targets_are_looked_for_after_the_first_paint(
    qtbot: QtBot, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    scanned: list[QWidget] = []
    real_scan = FileDropFilter._scan

    def scan(dropper: FileDropFilter, window: QWidget) -> None:
        scanned.append(window)
        real_scan(dropper, window)

    monkeypatch.setattr(FileDropFilter, "_scan", scan)
    person_id = library.add(Person(name="Ana Diaz"))  # the sections, not the welcome page
    library.add_packet(Packet(person_id=person_id, title="Lung nodule"))
    other = MainWindow(library)  # any other window is scanned as it is shown
    qtbot.addWidget(other)
    other.show()
    assert scanned == [other]
    window = MainWindow(library, checklist_after_paint=True, drops_after_paint=True)
    qtbot.addWidget(window)
    box = QLineEdit(window.content)  # a text box takes dropped text itself
    window.show()
    qtbot.waitExposed(window)
    assert box.isVisible() and scanned == [other]  # the window's children: not yet
    done: list[bool] = []
    app.after_first_paint(window, then=lambda: done.append(True))
    qtbot.waitUntil(lambda: done == [True])
    assert scanned == [other, window]
    urls = [QUrl.fromLocalFile(str(ROOT / "README.md"))]
    mime = QMimeData()
    mime.setUrls(urls)
    mime.setText(urls[0].toString())  # file managers offer the address as text too
    with qtbot.waitSignal(window.importing.drop_filter.paths_dropped) as dropped:
        for event in _drag_and_drop(mime):
            QApplication.sendEvent(box, event)
    assert dropped.args == [[ROOT / "README.md"]]
    assert box.text() == ""
    window.importer.shutdown()


def _drag_and_drop(mime: QMimeData) -> list[QDropEvent]:
    where = (QPointF(5, 5), Qt.DropAction.CopyAction, mime)
    keys = (Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    return [QDragEnterEvent(*where, *keys), QDropEvent(*where, *keys)]


FONT_SPY = """
import sys
from PySide6.QtWidgets import QApplication
from organizer.gui import app, main_window
sizes = []
real_init = main_window.MainWindow.__init__

def init(window, *args, **kwargs):
    sizes.append(QApplication.font().pointSizeF())  # as the first widget is made
    real_init(window, *args, **kwargs)

def report(window):
    sizes.append(QApplication.font().pointSizeF())
    print(*sizes, window.font().pointSizeF(), flush=True)
    QApplication.instance().quit()

main_window.MainWindow.__init__ = init
app.when_painted_and_idle = lambda window, then, real=app.when_painted_and_idle: real(
    window, lambda: report(window)
)
raise SystemExit(app.main(sys.argv))
"""


def test_the_text_size_is_set_before_the_window_is_made(library: Library, tmp_path: Path) -> None:
    root = Path(library.root)
    library.close()
    result = _run_script(FONT_SPY, "--library", str(root), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    made, painted, window = (float(size) for size in result.stdout.split()[:3])
    # the default 125% from the first widget on: no window has to change its font later
    assert made == painted == window and made >= 12.5


def test_the_same_text_size_again_changes_nothing(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = QFont(qapp.font())
    zoom = FontZoom(qapp)
    try:
        zoom.apply(150)  # a change: the app's font is set
        assert qapp.font().pointSizeF() == round(zoom.base_points * 1.5, 1)
        asked: list[QFont] = []
        monkeypatch.setattr(qapp, "setFont", asked.append)
        zoom.apply(150)  # already that size: Qt is not asked to re-font every window
        assert asked == []
        zoom.apply(100)
        assert len(asked) == 1
    finally:
        monkeypatch.undo()
        qapp.setFont(before)
