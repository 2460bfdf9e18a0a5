"""Take a picture of every section of the real window, for the README.

Starts a virtual X server (Xvfb, Debian package ``xvfb``), runs the app on Qt's xcb
platform with a demo library built from the repository's own sample files, and saves one
PNG per section in docs/screenshots/, and again at a small laptop's 1024x640 and a full
HD 1920x1080 screen (in folders named after the size). Usage:

    PYTHONPATH=. python tools/screenshots.py [--out docs/screenshots] [--size 1280x820]
        [--also 1024x640,1920x1080]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = (
    "overview",
    "timeline",
    "medications",
    "allergies",
    "documents",
    "questions",
    "requests",
    "export",
)


@contextmanager
def virtual_display(width: int, height: int) -> Iterator[str]:
    """A private Xvfb display for the duration of the block."""
    if shutil.which("Xvfb") is None:
        raise SystemExit("Xvfb is not installed (on Debian or Ubuntu: apt-get install xvfb).")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [
            "Xvfb",
            "-displayfd",
            str(write_end),
            "-screen",
            "0",
            f"{width}x{height}x24",
            "-nolisten",
            "tcp",
        ],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as reader:
            number = reader.readline().strip()
        if not number:
            raise SystemExit("Xvfb did not start.")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


def build_demo(folder: Path) -> None:
    """The demo person and packet, made the same way Help > Open sample packet makes them."""
    from organizer.core.sample_packet import ensure_sample_library

    ensure_sample_library(folder)


def take(out: Path, width: int, height: int, dark: bool = False) -> list[Path]:
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from organizer.core.library import Library
    from organizer.gui.app import create_application
    from organizer.gui.main_window import MainWindow
    from organizer.gui.theme import FontZoom

    work = Path(tempfile.mkdtemp(prefix="second-look-shots-"))
    written: list[Path] = []
    try:
        library_dir = work / "library"
        build_demo(library_dir)
        app = create_application(["second-look"])
        if dark:  # what a person with a dark desktop theme sees
            _use_dark_palette(app)
        library = Library.open(library_dir)
        settings = QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(library, settings, FontZoom(app))
        window.resize(width, height)
        window.show()
        _settle(app)
        out.mkdir(parents=True, exist_ok=True)
        for number, key in enumerate(SECTIONS, start=1):
            window.show_section(key)
            _prepare(window, key)
            _settle(app)
            path = out / f"{number:02d}-{key}.png"
            window.grab().save(str(path))
            written.append(path)
        dialog = window.fix("add-medication")
        if dialog is not None:
            _show_problem_example(dialog)
            _settle(app)
            path = out / f"{len(SECTIONS) + 1:02d}-medication-form.png"
            dialog.grab().save(str(path))
            written.append(path)
            dialog.reject()
        written += _clinical_shots(app, window, library, out, len(SECTIONS) + 2)
        window.show_section("visit")  # last: its number came after the others'
        _settle(app)
        path = out / f"{len(SECTIONS) + 4:02d}-visit.png"
        window.grab().save(str(path))
        written.append(path)
        window.close()
        library.close()
        QApplication.processEvents()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return written


def _use_dark_palette(app: object) -> None:
    """Xvfb has no desktop theme to follow; stand in for a dark one with Fusion's colours."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    app.styleHints().setColorScheme(Qt.ColorScheme.Dark)
    app.setStyle("Fusion")
    palette = QPalette()
    role = QPalette.ColorRole
    for name, color in (
        (role.Window, "#2b2b2b"),
        (role.WindowText, "#e8e8e8"),
        (role.Base, "#1f1f1f"),
        (role.AlternateBase, "#2a2a2a"),
        (role.Text, "#e8e8e8"),
        (role.Button, "#353535"),
        (role.ButtonText, "#e8e8e8"),
        (role.Highlight, "#3d7bd9"),
        (role.HighlightedText, "#ffffff"),
        (role.ToolTipBase, "#353535"),
        (role.ToolTipText, "#e8e8e8"),
        (role.PlaceholderText, "#9a9a9a"),
    ):
        palette.setColor(name, QColor(color))
    disabled = QPalette.ColorGroup.Disabled
    for name in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(disabled, name, QColor("#7a7a7a"))
    app.setPalette(palette)


def _prepare(window: object, key: str) -> None:
    """Choose something in each section, so its details show as a person would see them."""
    from organizer.gui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    page = window.list_pages.get(key)
    if page is not None and page.model.rowCount():
        page.table.selectRow(0)
    if key == "documents":
        documents = window.documents
        for row in range(documents.model.rowCount()):
            document = documents.model.document(row)
            if document.page_count and document.id is not None:
                documents.select_ids([document.id])
                break


def _clinical_shots(
    app: object, window: object, library: object, out: Path, number: int
) -> list[Path]:
    """The review list as the demo's files left it, then Results once those are accepted."""
    from PySide6.QtCore import QItemSelectionModel

    from organizer.core.library import Library
    from organizer.gui.main_window import MainWindow

    assert isinstance(window, MainWindow) and isinstance(library, Library)
    written = []
    window.show_section("review")
    if window.review.model.rowCount():
        window.review.table.selectRow(0)
    _settle(app)
    path = out / f"{number:02d}-review.png"
    window.grab().save(str(path))
    written.append(path)
    review = window.review  # accept the measurements as a person would: select, Accept
    selection = review.table.selectionModel()
    selection.clear()
    for row in range(review.model.rowCount()):
        if review.model.proposal(row).kind in ("result", "vital-sign"):
            flags = (
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            )
            selection.select(review.model.index(row, 0), flags)
    if selection.selectedRows():
        review.decide("accept")
    window.show_section("results")
    tests = [r.test for r in window.results.model.records()]
    repeated = next((t for t in tests if tests.count(t) >= 2), tests[0] if tests else "")
    window.results.select_test(repeated)
    _settle(app)
    path = out / f"{number + 1:02d}-results.png"
    window.grab().save(str(path))
    written.append(path)
    return written


def _show_problem_example(dialog: object) -> None:
    from PySide6.QtWidgets import QLineEdit

    from organizer.gui.editor import RecordDialog

    assert isinstance(dialog, RecordDialog)
    dialog.form.findChild(QLineEdit, "name").setText("Tamoxifen")
    dialog.form.findChild(QLineEdit, "dose").setText("20 mg")
    dialog.form.findChild(QLineEdit, "frequency").setText("once a day")
    dialog.form.findChild(QLineEdit, "start").setText("March 2026")
    dialog.form.findChild(QLineEdit, "stop").setText("2019")
    dialog.collect()


def _settle(app: object, seconds: float = 0.6) -> None:
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def _size(text: str) -> tuple[int, int]:
    width, height = (int(part) for part in text.lower().split("x"))
    return width, height


def _run(out: Path, width: int, height: int, dark: bool) -> list[Path]:
    """One size in a child process: a QApplication belongs to one display for its life."""
    if os.environ.get("SECOND_LOOK_SHOT_CHILD"):
        return take(out, width, height, dark)
    with virtual_display(width, height) as display:
        environment = dict(os.environ, DISPLAY=display, SECOND_LOOK_SHOT_CHILD="1")
        command = [sys.executable, __file__, "--out", str(out), "--size", f"{width}x{height}"]
        command += ["--also", ""] + (["--dark"] if dark else [])
        subprocess.run(command, env=environment, check=True, stdout=subprocess.DEVNULL)
    return sorted(out.glob("*.png"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--size", default="1280x820", help="window size, WIDTHxHEIGHT")
    parser.add_argument(
        "--also",
        default="1024x640,1920x1080",
        help="more sizes, each in a folder of its own (empty for none)",
    )
    parser.add_argument("--dark", action="store_true", help="as with a dark desktop theme")
    options = parser.parse_args(argv)
    runs = [(options.out, _size(options.size))]
    runs += [(options.out / size, _size(size)) for size in options.also.split(",") if size]
    written: list[Path] = []
    for out, (width, height) in runs:
        written += _run(out, width, height, options.dark)
    for path in written:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
