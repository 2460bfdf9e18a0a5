"""Help > Check my records: the library check (organizer.core.integrity) from the window.

The check runs on a worker with its own read connection and only reads. Its answer is
said in plain words; what it may repair is tidied by the app itself the next time it
starts (with nothing else running), and for a damaged original the way out is to import
the file again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from organizer.core.integrity import LibraryReport, check_library
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.gui.jobs import JobRunner

Tell = Callable[[QWidget, str, str], None]
TITLE = "Check my records"


def report_words(report: LibraryReport) -> str:
    if report.healthy:
        return (
            f"Everything is in order: the database and all {report.stored_files} stored "
            "files are whole."
        )
    lines = [f"Second Look found {len(report.findings)} thing(s) to look at:", ""]
    lines += [
        f"• {finding.message[:1].upper()}{finding.message[1:]}." for finding in report.findings
    ]
    lines.append("")
    if any(finding.repairable for finding in report.findings):
        lines.append(
            "Leftovers, unused files and damaged thumbnails or print copies are tidied "
            "automatically the next time Second Look starts."
        )
    if not all(finding.repairable for finding in report.findings):
        lines.append(
            "A missing or damaged document is repaired by importing its original file "
            "again. Nothing has been changed."
        )
    return "\n".join(lines)


class RecordsCheck(QObject):
    def __init__(self, window: QWidget, root: Path, tell: Tell) -> None:
        super().__init__(window)
        self._window, self._root, self._tell = window, root, tell
        self.runner: JobRunner | None = None

    def start(self) -> JobRunner:
        root = self._root

        def work(context: JobContext, _deliver: Callable[[Any], None]) -> LibraryReport:
            reader = Library.open(root, lock=False, create=False)
            try:
                return check_library(reader, context.report)
            finally:
                reader.close()

        runner = JobRunner("Checking your records", work, parent_window=self._window)
        runner.succeeded.connect(self._show)
        runner.failed.connect(lambda message: self._tell(self._window, TITLE, message))
        self.runner = runner
        runner.start()
        return runner

    def _show(self, report: LibraryReport) -> None:
        self._tell(self._window, TITLE, report_words(report))
