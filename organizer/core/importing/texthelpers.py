"""Helper processes that read PDFs for the background pass (loaded only when it uses them).

PDFium reads one file at a time in a process, so a large batch's PDFs are read by two
helper processes, one per core. They are started with "spawn" (a fresh interpreter,
never a fork of a process running Qt or other threads) and end on their own when the
pass that started them is gone. Kept apart from ``textindex`` because loading
``multiprocessing`` costs the window a noticeable moment, and most passes never need it.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from organizer.core.importing.pdfs import end_with_parent, pdf_text_in_helper


class HelperReading:
    """One PDF being read by a helper."""

    def __init__(self, future: Future[tuple[str, int]]) -> None:
        self._future = future

    def done(self) -> bool:
        return self._future.done()

    def text(self) -> tuple[str, int] | None:
        """Its text and pages; None when the helper died (the caller reads it itself)."""
        try:
            return self._future.result()
        except BrokenProcessPool:
            return None


class PdfHelpers:
    """A few helper processes reading PDFs; ``close`` waits for the files they have begun
    and drops the rest."""

    def __init__(self, count: int) -> None:
        self._pool = ProcessPoolExecutor(
            count,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=end_with_parent,
            initargs=(os.getpid(),),
        )

    def read(self, path: Path) -> HelperReading | None:
        """Start reading a PDF; None when the helpers have died (read it here instead)."""
        try:
            return HelperReading(self._pool.submit(pdf_text_in_helper, str(path)))
        except BrokenProcessPool:  # a helper died (PDFium crashed on a file)
            return None

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
