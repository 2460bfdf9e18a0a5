"""PDF facts with PDFium (pypdfium2): pages, a text layer, password protection.

PDFium is fast (about 2 ms a page for text) and repairs the broken cross-reference
tables real portals produce. It is not thread-safe, so every use goes through one lock:
the import worker and the background index pass may run at the same time.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]

from organizer.core.records import PASSWORD_PROTECTED, SCANNED_NO_TEXT

PDFIUM_LOCK = threading.Lock()
CLASSIFY_PAGES = 2
MIN_TEXT_CHARS = 5
_PASSWORD_ERROR = 4

PASSWORD_NOTE = (
    "password-protected: it is kept, but the specialist may not be able to open it; "
    "ask the sender for an unprotected copy"
)
SCANNED_NOTE = "scanned, no text: its words cannot be searched"


class PdfRefused(Exception):
    """The PDF cannot be read at all; str() says why."""


@dataclass
class PdfInfo:
    pages: int | None
    text: str
    flags: tuple[str, ...]
    title: str
    creation_date: str

    @property
    def has_text(self) -> bool:
        return SCANNED_NO_TEXT not in self.flags and PASSWORD_PROTECTED not in self.flags


def analyse_pdf(path: Path, pages_for_text: int = CLASSIFY_PAGES) -> PdfInfo:
    """Open the PDF, count pages and read the text of the first few."""
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as error:
            if getattr(error, "err_code", None) == _PASSWORD_ERROR:
                return PdfInfo(None, "", (PASSWORD_PROTECTED,), "", "")
            raise PdfRefused(f"the PDF is damaged and cannot be read ({_reason(error)})") from None
        try:
            count = len(document)
            if count == 0:
                raise PdfRefused("the PDF has no pages")
            text = _text_of(document, range(min(count, pages_for_text)))
            metadata = _metadata(document)
        finally:
            document.close()
    flags: tuple[str, ...] = ()
    if len(text.strip()) < MIN_TEXT_CHARS:
        flags = (SCANNED_NO_TEXT,)
    return PdfInfo(count, text, flags, metadata.get("Title", ""), metadata.get("CreationDate", ""))


def pdf_text(
    path: Path, check_cancelled: Callable[[], None], limit: int = 5_000_000
) -> tuple[str, int]:
    """All the text of a PDF for the search index, with the number of pages read."""
    pieces: list[str] = []
    used = 0
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError:
            return "", 0
        try:
            count = len(document)
            for index in range(count):
                check_cancelled()
                piece = _text_of(document, [index])
                pieces.append(piece)
                used += len(piece)
                if used > limit:
                    break
        finally:
            document.close()
    return "\n".join(pieces)[:limit], count


def pdf_text_in_helper(path: str) -> tuple[str, int]:
    """``pdf_text`` run in a helper process of the background pass (a process of its own:
    PDFium cannot read two files at once in one process). Stopping is the caller's."""
    return pdf_text(Path(path), _go_on)


def _go_on() -> None:
    """Nothing to check: a helper process is stopped from outside."""


def end_with_parent(parent: int) -> None:
    """Start-up of a helper process: it ends on its own once the pass that started it is
    gone (killed, crashed), instead of waiting forever for work that will not come.
    (Where a process is not handed to another parent when its own ends, as on Windows,
    this never fires.)"""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _text_of(document: pdfium.PdfDocument, indexes: range | list[int]) -> str:
    parts = []
    for index in indexes:
        page = document[index]
        try:
            textpage = page.get_textpage()
            try:
                parts.append(textpage.get_text_range())
            finally:
                textpage.close()
        except pdfium.PdfiumError:
            parts.append("")
        finally:
            page.close()
    return "\n".join(parts).replace("\r\n", "\n")


def _metadata(document: pdfium.PdfDocument) -> dict[str, str]:
    try:
        return {key: str(value) for key, value in document.get_metadata_dict().items()}
    except (pdfium.PdfiumError, UnicodeDecodeError):
        return {}


def _reason(error: Exception) -> str:
    text = str(error)
    if "(PDFium:" in text:
        return text.split("(PDFium:", 1)[1].rstrip(").").strip().lower()
    return text
