"""Put the bundled PDF together with qpdf (through pikepdf): front pages, documents, and
the pages after them (appendix, the office's part).

qpdf copies pages between files without decoding them and reads the source files
lazily, only when the result is saved, so a 2,000-page packet is joined in a fraction
of a second and memory stays flat. The sources therefore stay open until the save:
``SourcePdfs`` owns them. Bookmarks are nested the way the index is (documents under
their category), and the PDF opens with the bookmarks shown.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Name, OutlineItem

from organizer.core.export.bookmarks import Bookmark, shifted
from organizer.core.export.front import FrontMatter
from organizer.core.export.links import add_links
from organizer.core.export.numbering import PageRange
from organizer.core.export.options import ExportFailed
from organizer.core.export.plan import FOLDER_TITLES, PlannedDocument
from organizer.core.view_settings import page_rotation

# qpdf reports each repair it makes to a damaged file; the import already said what it found.
logging.getLogger("pikepdf").setLevel(logging.ERROR)

FILES_KEPT_FREE = 64
"""Open files left for everything else while the sources are held open."""


class PdfUnreadable(Exception):
    """A stored PDF that cannot be joined into the packet; str() says why, for the appendix."""


@dataclass
class PrintedDocument:
    document: PlannedDocument
    sources: list[tuple[Path, range | None]]
    """PDF files and which of their pages (None: all): the stored originals, or the
    pages made from the document's pictures."""
    pages: int
    range: PageRange | None = None


class SourcePdfs:
    """The PDFs being joined, each opened once: counted first, then read when saving."""

    def __init__(self) -> None:
        self._open: dict[Path, pikepdf.Pdf] = {}
        self._stack = contextlib.ExitStack()
        self.repaired: set[Path] = set()
        """Sources qpdf found damaged and rebuilt: their pages may be incomplete."""

    def __enter__(self) -> SourcePdfs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._stack.close()
        self._open.clear()

    def open(self, path: Path) -> pikepdf.Pdf:
        """Open a PDF and check it can be joined; refuse what cannot, saying why.

        A file that cannot be parsed is refused (the document goes to the appendix); a
        file that cannot be read at all stops the export, since the library is at fault.
        """
        if path in self._open:
            return self._open[path]
        _make_room_for(len(self._open))
        checked = _opened(path)
        try:
            count = len(checked.pages)
            # qpdf reads objects only when it needs them, so damage would otherwise come to
            # light during the save, silently. Reading every object now finds it.
            for _object in checked.objects:
                pass
            repaired = bool(checked.get_warnings())
        except (pikepdf.PdfError, RuntimeError, ValueError) as error:
            raise PdfUnreadable("the PDF's pages could not be read") from error
        finally:
            # Every object read stays in memory while the file is open: opened afresh, the
            # file is read lazily again, which keeps a 200-file packet's memory flat.
            checked.close()
        if count == 0:
            raise PdfUnreadable("the PDF has no pages")
        if repaired:
            self.repaired.add(path)
        pdf = _opened(path)
        self._stack.callback(pdf.close)
        self._open[path] = pdf
        return pdf

    def open_bytes(self, data: bytes) -> pikepdf.Pdf:
        """A PDF made in memory (the front pages), kept open like the sources."""
        pdf = pikepdf.Pdf.open(io.BytesIO(data))
        self._stack.callback(pdf.close)
        return pdf

    def page_count(self, path: Path) -> int:
        return len(self.open(path).pages)

    def pages_of(self, item: PrintedDocument) -> Iterator[pikepdf.Page]:
        """The pages ``item`` puts in the packet, in order."""
        for path, pages in item.sources:
            pdf = self.open(path)
            for number in range(len(pdf.pages)) if pages is None else pages:
                yield pdf.pages[number]


def _opened(path: Path) -> pikepdf.Pdf:
    try:
        return pikepdf.Pdf.open(path)
    except pikepdf.PasswordError as error:
        raise PdfUnreadable("the PDF is password-protected") from error
    except OSError as error:
        raise ExportFailed(
            f"A stored PDF could not be read ({error.strerror or error}); nothing was exported."
        ) from error
    except (pikepdf.PdfError, ValueError, RuntimeError) as error:
        raise PdfUnreadable(f"the PDF could not be read ({type(error).__name__})") from error


def _make_room_for(held: int) -> None:
    """Make sure one more file can be opened, raising this process's open-file limit (up
    to the system's) when the packet needs it; ``held`` is how many sources are open."""
    if sys.platform == "win32":
        return  # 8,192 files, far beyond any packet
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY or held + 4 * FILES_KEPT_FREE < soft:
        return
    wanted = _open_descriptors() + 1 + FILES_KEPT_FREE
    if wanted <= soft:
        return
    ceiling = hard if hard != resource.RLIM_INFINITY else wanted * 2
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(ceiling, wanted * 2), hard))
    allowed = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if allowed < wanted:
        raise ExportFailed(
            f"This packet has more PDFs than this computer lets a program keep open at once "
            f"({allowed} files); export fewer documents at a time."
        )


def _open_descriptors() -> int:
    """Files this process has open (Linux and macOS list them in a folder)."""
    for folder in ("/proc/self/fd", "/dev/fd"):
        with contextlib.suppress(OSError):
            return len(os.listdir(folder))
    return 0


def assemble(
    front: FrontMatter,
    front_pdf: pikepdf.Pdf,
    printed: list[PrintedDocument],
    sources: SourcePdfs,
    metadata: dict[str, str],
    check: Callable[[], None],
) -> tuple[pikepdf.Pdf, list[Bookmark]]:
    """The whole PDF, unstamped, and its bookmarks; ``check`` runs between documents.

    ``front_pdf`` is ``front.data`` opened; it must stay open until the result is saved.
    """
    writer = pikepdf.Pdf.new()
    before, skipped = front.before_documents, front.skipped
    # The pages are counted here: pikepdf counts a PDF's pages anew at every len() or
    # index, which a 2,000-page packet would pay for at each document.
    count = join_pages(writer, front_pdf, range(skipped, skipped + before))
    bookmarks = list(front.marks_before)
    documents: Bookmark | None = None
    categories: dict[str, Bookmark] = {}
    for item in printed:
        check()
        first = count
        for path, pages in item.sources:
            count += join_pages(writer, sources.open(path), pages)
        item.range = PageRange(first + 1, count - first)
        turn_pages(writer, first, count - first, item.document.turns)
        if documents is None:
            documents = Bookmark("Documents", first)
            bookmarks.append(documents)
        category = item.document.category
        if category not in categories:
            categories[category] = Bookmark(FOLDER_TITLES[category], first)
            documents.children.append(categories[category])
        categories[category].children.append(Bookmark(item.document.label, first))
    if front.after_pages:
        after = count
        after_first = skipped + before
        join_pages(writer, front_pdf, range(after_first, after_first + front.after_pages))
        bookmarks += [shifted(mark, after) for mark in front.marks_after]
    add_links(writer, front.links)
    finish(writer, bookmarks, metadata)
    return writer, bookmarks


def turn_pages(writer: pikepdf.Pdf, first: int, count: int, turns: dict[int, int]) -> None:
    """Turn a document's ``count`` pages (from index ``first``) as the person set them to
    be seen."""
    if not turns:
        return
    pages = list(writer.pages)
    for number in range(1, count + 1):
        turn = page_rotation(turns, number)
        if turn:
            page = pages[first + number - 1].obj
            page[Name.Rotate] = (int(page.get(Name.Rotate, 0)) + turn) % 360


def join_pages(writer: pikepdf.Pdf, source: pikepdf.Pdf, pages: range | None = None) -> int:
    """Append ``source``'s pages, with its filled-in form fields, links and layers; return
    how many were appended.

    ``add_pages_from`` carries those over, but costs far more per document than copying
    the pages alone, which is all that most records (a lab report, a letter) need. Files
    attached inside a PDF are not carried over; the original, with them, is in the folder.
    """
    wanted = range(len(source.pages)) if pages is None else pages
    root = source.Root
    names = root.get(Name.Names)
    plain = not any(key in root for key in (Name.AcroForm, Name.Dests, Name.OCProperties)) and (
        names is None or Name.Dests not in names
    )
    if plain and pages is None:
        writer.pages.extend(source.pages)  # one call: measured a tenth quicker than a loop
    elif plain:
        for number in wanted:
            writer.pages.append(source.pages[number])
    else:
        writer.add_pages_from(source, wanted, outlines="ignore")
    return len(wanted)


def finish(writer: pikepdf.Pdf, bookmarks: list[Bookmark], metadata: dict[str, str]) -> None:
    """Bookmarks, opening with the bookmarks panel, and the document's metadata."""
    pages = list(writer.pages)
    with writer.open_outline() as outline:
        outline.root.extend(_outline_item(mark, pages) for mark in bookmarks)
    writer.Root.PageMode = Name.UseOutlines
    for key, value in metadata.items():
        writer.docinfo[Name(key)] = value


def _outline_item(mark: Bookmark, pages: list[pikepdf.Page]) -> OutlineItem:
    # The destination pikepdf makes of a page number, without its looking up the page
    # among all pages again for every bookmark.
    item = OutlineItem(mark.title, pikepdf.Array([pages[mark.page].obj, Name.Fit]))
    item.children.extend(_outline_item(child, pages) for child in mark.children)
    return item
