"""The floor under the app's start time: a first screen like the app's, made of plain PySide6.

No module of the app is imported. The window has what the app's first screen has, in
about the same numbers (counted on the app at its first paint: 127 widgets, 75 of them
visible, 37 visible labels, 53 actions): a menu bar, a toolbar, the person and packet
bar, a list of twelve sections and an Overview page with a heading, a checklist table,
a form of seven rows and a tracker of eight. With ``--library FILE`` it first opens that
library's SQLite file with plain sqlite3 and reads its people and packets, as any first
screen that shows them must.

It reports "ready" the way the app and the bare window do (the first idle turn after the
first paint), so benchmarks/startup_benchmark.py --floor can run it next to them: what
this takes over the bare window, no code of the app's own can avoid.
"""

from __future__ import annotations

import time

started = time.perf_counter()

import sys  # noqa: E402

from PySide6.QtCore import (  # noqa: E402
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QFont, QKeySequence  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

MENUS = ("&File", "&Edit", "&View", "&Packet", "&Records", "&Help")
ACTIONS_PER_MENU = 8
TOOLS = 6
SECTIONS = 12


class Ready(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, done)
        return False


def done() -> None:
    elapsed, cpu = time.perf_counter() - started, time.process_time()
    print(f"ready in {elapsed:.3f} s, cpu {cpu:.3f} s", flush=True)
    QApplication.quit()


Index = QModelIndex | QPersistentModelIndex


class ChecklistModel(QAbstractTableModel):
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 8

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 3

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return f"Item {index.row() + 1}, column {index.column() + 1}"
        return None


def read_library(path: str) -> tuple[list[str], list[str]]:
    import sqlite3

    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        people = [row[0] for row in connection.execute("SELECT name FROM people ORDER BY name")]
        packets = [row[0] for row in connection.execute("SELECT title FROM packets")]
    finally:
        connection.close()
    return people, packets


def build(window: QMainWindow, people: list[str], packets: list[str]) -> None:
    for title in MENUS:
        menu = window.menuBar().addMenu(title)
        for number in range(ACTIONS_PER_MENU):
            action = QAction(f"{title.strip('&')} {number + 1}…", window)
            action.setShortcut(QKeySequence(f"Ctrl+Shift+{number + 1}"))
            menu.addAction(action)
    toolbar = QToolBar("Main")
    window.addToolBar(toolbar)
    for number in range(TOOLS):
        toolbar.addAction(QAction(f"Tool {number + 1}", window))

    central = QWidget()
    outer = QVBoxLayout(central)
    bar = QHBoxLayout()
    outer.addLayout(bar)
    for caption, names in (("Person", people), ("Packet", packets)):
        bar.addWidget(QLabel(caption))
        combo = QComboBox()
        combo.addItems(names or ["(none)"])
        bar.addWidget(combo)
    for caption in ("Add person…", "Edit person…", "New packet…"):
        bar.addWidget(QPushButton(caption))
    splitter = QSplitter()
    outer.addWidget(splitter)
    sections = QListWidget()
    sections.addItems([f"Section {number + 1}" for number in range(SECTIONS)])
    splitter.addWidget(sections)
    pages = QStackedWidget()
    splitter.addWidget(pages)
    pages.addWidget(overview(packets[0] if packets else "No packet yet"))
    window.setCentralWidget(central)
    window.statusBar().showMessage("Ready")


def overview(title: str) -> QScrollArea:
    page = QWidget()
    layout = QVBoxLayout(page)
    heading = QLabel(title)
    font = QFont(heading.font())
    font.setPointSizeF(font.pointSizeF() * 1.6)
    font.setBold(True)
    heading.setFont(font)
    layout.addWidget(heading)
    layout.addWidget(QLabel("Checked 30 November 2026"))
    for caption in ("Edit packet details…", "Export…"):
        layout.addWidget(QPushButton(caption))
    checklist = QGroupBox("What the specialist needs")
    checklist_layout = QVBoxLayout(checklist)
    checklist_layout.addWidget(QLabel("Checking the packet…"))
    table = QTableView()
    table.setModel(ChecklistModel(table))
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    checklist_layout.addWidget(table)
    layout.addWidget(checklist)
    for group_title, rows in (("The essentials", 7), ("Getting the records", 8)):
        group = QGroupBox(group_title)
        form = QFormLayout(group)
        for number in range(rows):
            value = QLabel(f"Value {number + 1}, long enough to wrap on a narrow window")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(QLabel(f"Caption {number + 1}"), value)
        layout.addWidget(group)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(page)
    return scroll


def main(argv: list[str]) -> int:
    people, packets = read_library(argv[2]) if argv[1:2] == ["--library"] else ([], [])
    app = QApplication(argv[:1])
    window = QMainWindow()
    build(window, people, packets)
    window.resize(1100, 760)
    ready = Ready()
    window.installEventFilter(ready)
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
