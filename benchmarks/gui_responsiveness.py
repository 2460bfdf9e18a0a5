"""How long the GUI thread is blocked while the window imports ~1,000 files and indexes them.

A 10 ms QTimer heartbeat runs on the GUI thread; the longest gap between two beats (minus
the interval) is the longest time the window could not react. Measured, in one run:
  idle      the heartbeat alone for a few seconds (timer jitter and machine load)
  import    ImportController importing the corpus (prepare in a worker, commit per
            document on the GUI thread), wired to a DocumentsPage as the window wires it:
            the rows of arriving documents are added as they come, and the finished
            import is pushed on the undo stack
  index     the background full-text index pass that follows
The target is a longest block under 100 ms during the import. The corpus is the import
benchmark's (benchmarks/import_benchmark.py: PDFs of 1-50 pages, phone photos, a
500-image CT study); ``--size 0.1`` builds a tenth of it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from import_benchmark import build_corpus  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer  # noqa: E402
from PySide6.QtGui import QUndoStack  # noqa: E402
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget  # noqa: E402

from organizer.core import importing  # noqa: E402
from organizer.core.library import Library  # noqa: E402
from organizer.core.records import Person  # noqa: E402
from organizer.gui.documents import DocumentsPage  # noqa: E402
from organizer.gui.importing import ImportController, announce_imports  # noqa: E402

BEAT_MS = 10


class Longest:
    """Wraps a GUI-thread function and keeps its longest single run, to explain a block."""

    def __init__(self, owner: object, name: str) -> None:
        self.name = name
        self.longest = 0.0
        self.calls = 0
        original = getattr(owner, name)

        def timed(*args: object) -> object:
            began = time.perf_counter()
            try:
                return original(*args)
            finally:
                self.calls += 1
                self.longest = max(self.longest, (time.perf_counter() - began) * 1000)

        setattr(owner, name, timed)

    def __str__(self) -> str:
        return f"{self.name}: {self.calls} calls, longest {self.longest:.1f} ms"


class Heartbeat:
    """Records the gaps between timer beats on the GUI thread."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(BEAT_MS)
        self.clock = QElapsedTimer()
        self.gaps: list[float] = []
        self.timer.timeout.connect(self._beat)

    def start(self) -> None:
        self.gaps = []
        self.clock.start()
        self.timer.start()

    def stop(self) -> list[float]:
        self.timer.stop()
        return self.gaps

    def _beat(self) -> None:
        self.gaps.append(self.clock.nsecsElapsed() / 1e6)
        self.clock.restart()


def describe(name: str, gaps: list[float], seconds: float) -> str:
    if not gaps:
        return f"{name}: no beats"
    ordered = sorted(gaps)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    over = sum(1 for gap in gaps if gap - BEAT_MS > 100)
    return (
        f"{name:7s} {seconds:7.1f} s  beats {len(gaps):6d}  "
        f"longest block {max(gaps) - BEAT_MS:6.1f} ms  p99 gap {p99:6.1f} ms  "
        f"median gap {statistics.median(gaps):5.1f} ms  blocks over 100 ms: {over}"
    )


def wait_for(signal: object, timeout_s: float) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    loop.exec()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=float, default=1.0, help="corpus scale (1.0 = ~1 GB)")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    work = Path(tempfile.mkdtemp(prefix="sl-gui-bench-", dir=args.workdir))
    try:
        corpus = work / "corpus"
        files, size, pages = build_corpus(corpus, args.size)
        print(f"corpus: {files} files, {size / 1e6:.0f} MB, {pages} PDF pages")
        library = Library.open(work / "library")
        person_id = library.add(Person(name="Bench"))
        # a real-sized window, shown, so the list paints rows and draws PDF thumbnails
        window = QWidget()
        window.resize(1400, 900)
        undo_stack = QUndoStack(window)
        page = DocumentsPage(library, undo_stack, window)
        QVBoxLayout(window).addWidget(page)
        page.set_person(person_id)
        # measured before anything is connected, so the wrappers are what Qt calls
        parts = [Longest(page, "reload"), Longest(page, "update_documents")]
        controller = ImportController(library, window)
        controller.show_summaries = False
        controller.undo_stack = undo_stack
        announce_imports(controller)
        parts += [Longest(controller, "_commit"), Longest(controller, "_save_made")]
        parts += [Longest(controller, "_import_ended"), Longest(controller, "start_indexing")]
        slow_commits: list[tuple[float, int]] = []
        real_commit = importing.commit

        def commit(*args: object) -> object:
            began = time.perf_counter()
            try:
                return real_commit(*args)  # type: ignore[arg-type]
            finally:
                files = len(args[2].files)  # type: ignore[attr-defined]
                slow_commits.append(((time.perf_counter() - began) * 1000, files))

        importing.commit = commit  # type: ignore[assignment]
        window.show()
        beat = Heartbeat()

        beat.start()
        idle_began = time.perf_counter()
        deadline = QEventLoop()
        QTimer.singleShot(3000, deadline.quit)
        deadline.exec()
        idle = describe("idle", beat.stop(), time.perf_counter() - idle_began)

        summaries: list[importing.ImportSummary] = []
        controller.finished.connect(summaries.append)
        beat.start()
        began = time.perf_counter()
        controller.start(person_id, [corpus])
        wait_for(controller.finished, 3600)
        import_seconds = time.perf_counter() - began
        imported = describe("import", beat.stop(), import_seconds)
        # the index pass was started by the import's end; measure it separately
        beat.start()
        began = time.perf_counter()
        if controller.index_runner is not None:
            wait_for(controller.index_finished, 3600)
        index_seconds = time.perf_counter() - began
        indexed = describe("index", beat.stop(), index_seconds)

        summary = summaries[0]
        print(f"import summary: {summary.line()}; documents in the list: {page.model.rowCount()}")
        print(idle)
        print(imported)
        print(indexed)
        print(f"index pending afterwards: {importing.pending_count(library)}")
        print("GUI-thread steps:", "; ".join(str(part) for part in parts))
        slowest = sorted(slow_commits, reverse=True)[:5]
        print("slowest commits (ms, files):", ", ".join(f"{ms:.0f} ({n})" for ms, n in slowest))
        controller.shutdown()
        page.shutdown()
        library.close()
        del app
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
