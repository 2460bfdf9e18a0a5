"""Put the bundled PDF together with pypdf: front pages, documents, appendix, bookmarks.

Each document's pages are taken as they are. Bookmarks are nested the way the contents
page is (summary sections; documents under their category), and the PDF opens with the
bookmarks panel shown.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError

from organizer.core.export.front import FrontMatter
from organizer.core.export.numbering import PageRange
from organizer.core.export.plan import FOLDER_TITLES, PlannedDocument


class PdfUnreadable(Exception):
    """A stored PDF that pypdf cannot take apart; str() says why, for the appendix."""


@dataclass
class PrintedDocument:
    document: PlannedDocument
    source: Path
    """A PDF file: the stored original, or the pages made from an image."""
    pages: int
    range: PageRange | None = None


def count_pages(path: Path) -> int:
    """Open a stored PDF far enough to count pages; refuse what cannot be merged."""
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise PdfUnreadable("the PDF is password-protected")
        count = len(reader.pages)
    except PdfUnreadable:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, RecursionError) as error:
        raise PdfUnreadable(f"the PDF could not be read ({type(error).__name__})") from error
    if count == 0:
        raise PdfUnreadable("the PDF has no pages")
    return count


def assemble(
    front: FrontMatter,
    printed: list[PrintedDocument],
    metadata: dict[str, str],
    check: Callable[[str], None],
) -> PdfWriter:
    """The whole PDF, unstamped; ``check`` is called between documents (for cancel)."""
    writer = PdfWriter()
    front_reader = PdfReader(io.BytesIO(front.data))
    before = front.before_documents
    for number in range(before):
        writer.add_page(front_reader.pages[number])
    writer.add_outline_item(title="Cover", page_number=0)
    writer.add_outline_item(title="Contents", page_number=1)
    summary = writer.add_outline_item(title="Summary", page_number=1 + front.contents_pages)
    for title, page in front.summary_sections:
        writer.add_outline_item(title=title, page_number=page - 1, parent=summary)
    documents_top = None
    category_items = {}
    for item in printed:
        check(item.document.label)
        first = len(writer.pages)
        reader = PdfReader(item.source)
        for source_page in reader.pages:
            writer.add_page(source_page)
        added = len(writer.pages) - first
        item.range = PageRange(first + 1, added)
        if documents_top is None:
            documents_top = writer.add_outline_item(title="Documents", page_number=first)
        category = item.document.category
        if category not in category_items:
            category_items[category] = writer.add_outline_item(
                title=FOLDER_TITLES[category], page_number=first, parent=documents_top
            )
        writer.add_outline_item(
            title=item.document.label, page_number=first, parent=category_items[category]
        )
    if front.appendix_pages:
        start = len(writer.pages)
        for number in range(before, before + front.appendix_pages):
            writer.add_page(front_reader.pages[number])
        writer.add_outline_item(title="Appendix: not in this PDF", page_number=start)
    writer.page_mode = "/UseOutlines"
    writer.add_metadata(metadata)
    return writer
