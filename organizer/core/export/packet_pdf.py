"""The packet PDF: each document's pages prepared, the front drawn, everything joined,
made inert, stamped and saved.

This is where the PDF tools (fpdf2, pikepdf, Pillow) come in: ``run`` imports this module
only once the copy of the originals is running on its own thread, so that loading them
(a third of a second) overlaps the copy instead of coming before it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

from organizer import __version__
from organizer.core.atomic import fsync_directory
from organizer.core.derived import print_copy_path
from organizer.core.export import copying, images, inert, portal_pages, secure, stamp
from organizer.core.export.assemble import (
    PdfUnreadable,
    PrintedDocument,
    SourcePdfs,
    assemble,
)
from organizer.core.export.bookmarks import Bookmark
from organizer.core.export.front import FrontMatter, build_front_matter
from organizer.core.export.layout import Pages
from organizer.core.export.manifest import ManifestFacts, WrittenPdf
from organizer.core.export.numbering import PageRange
from organizer.core.export.options import ExportOptions
from organizer.core.export.plan import ExportPlan, Kind, PlannedDocument
from organizer.core.export.summary import ChecklistView
from organizer.core.view_settings import page_rotation

PARTS_FOLDER = "PDF in parts"
REPAIRED_NOTE = " (damaged file, repaired: see the original)"
"""Added to a document's title when its PDF had to be rebuilt to be joined."""


class Progress(Protocol):
    def step(self, text: str) -> None: ...

    def check(self) -> None: ...


def write_packet_pdf(
    plan: ExportPlan,
    checklist: ChecklistView | None,
    scratch: Path,
    work: Path,
    options: ExportOptions,
    facts: ManifestFacts,
    progress: Progress,
) -> tuple[list[PrintedDocument], list[PlannedDocument], int]:
    """Write the PDF (and its parts) into ``work``, noting them in ``facts``; return the
    documents printed, those not printed, and the number of pages."""
    with SourcePdfs() as sources:
        printed, not_printed = _prepare_documents(plan, scratch, sources, progress)
        pages = _write_pdf(
            plan, printed, not_printed, checklist, sources, work, options, facts, progress
        )
    return printed, not_printed, pages


def _prepare_documents(
    plan: ExportPlan, scratch: Path, sources: SourcePdfs, progress: Progress
) -> tuple[list[PrintedDocument], list[PlannedDocument]]:
    """Open each printable document's PDFs (pictures become pages first); count pages."""
    printed: list[PrintedDocument] = []
    not_printed: list[PlannedDocument] = []
    pictures = images.ImagePages(scratch)
    images.make_missing_print_copies(_image_files(plan), progress.check)
    for doc in plan.documents:
        if not doc.printable:
            not_printed.append(doc)
            continue
        progress.step(f"Preparing {doc.label}")
        try:
            if doc.kind is Kind.CLINICAL:
                path = portal_pages.prepare(doc, scratch, scratch.parent)
                printed.append(PrintedDocument(doc, [(path, None)], sources.page_count(path)))
            else:
                printed.append(_prepared_document(plan, doc, pictures, sources))
        except (PdfUnreadable, images.ImageUnreadable) as error:
            doc.reason = f"could not be printed: {error}"
            not_printed.append(doc)
    pictures.flush()
    return printed, not_printed


def _image_files(plan: ExportPlan) -> list[images.ImageFile]:
    return [
        images.ImageFile(item.source, _print_copy(plan, item.record.sha256))
        for doc in plan.documents
        if doc.printable and doc.kind is Kind.IMAGE
        for item in doc.files
    ]


def _prepared_document(
    plan: ExportPlan, doc: PlannedDocument, pictures: images.ImagePages, sources: SourcePdfs
) -> PrintedDocument:
    if doc.kind is Kind.IMAGE:
        files = [images.ImageFile(i.source, _print_copy(plan, i.record.sha256)) for i in doc.files]
        path, pages = pictures.add(files)
        return PrintedDocument(doc, [(path, pages)], len(pages))
    paths = [item.source for item in doc.files]
    count = sum(sources.page_count(path) for path in paths)
    if sources.repaired.intersection(paths):
        doc.label += REPAIRED_NOTE
        doc.title += REPAIRED_NOTE if doc.title else ""
    return PrintedDocument(doc, [(path, None) for path in paths], count)


def _print_copy(plan: ExportPlan, sha256: str) -> Path | None:
    return print_copy_path(plan.library_root, sha256) if plan.library_root else None


def _write_pdf(
    plan: ExportPlan,
    printed: list[PrintedDocument],
    not_printed: list[PlannedDocument],
    checklist: ChecklistView | None,
    sources: SourcePdfs,
    work: Path,
    options: ExportOptions,
    facts: ManifestFacts,
    progress: Progress,
) -> int:
    counts = [(item.document, item.pages) for item in printed]
    person = plan.person
    born = person.dob.display() if person.dob else "date of birth not recorded"
    document_sizes = [size for item in printed for size in _turned_sizes(item, sources)]
    footers: list[stamp.Footers] = []

    def draw_footers(drawing: Pages, front: FrontMatter) -> None:
        before, appendix = front.page_sizes(drawing)
        sizes = before + document_sizes + appendix
        documents = range(len(before), len(before) + len(document_sizes))
        titles = title_lines(printed, len(before))
        footers.append(stamp.draw_footers(drawing, sizes, person.name, born, documents, titles))

    front = build_front_matter(plan, counts, not_printed, checklist, draw_footers)
    progress.step("Putting the PDF together")
    metadata = _metadata(plan)
    front_pdf = sources.open_bytes(front.data)
    pdf, bookmarks = assemble(front, front_pdf, printed, sources, metadata, progress.check)
    inert.make_inert(pdf)
    stamp.apply_footers(pdf, footers[0], front_pdf)
    total_pages = len(pdf.pages)
    progress.step("Writing the PDF")
    final = work / plan.pdf_name
    secure.save_file(pdf, final, options.password)
    pdf.close()
    facts.pdfs.append(_written(final, plan.pdf_name, total_pages, options))
    if options.split_mb:
        progress.step("Splitting the PDF into parts")
        _write_parts(plan, final, work, options, bookmarks, metadata, facts, progress.check)
    return total_pages


def _turned_sizes(item: PrintedDocument, sources: SourcePdfs) -> Iterator[stamp.Size]:
    """The document's page sizes as they will be seen, with the turns the person set."""
    for number, page in enumerate(sources.pages_of(item), start=1):
        width, height = stamp.seen_size(page)
        turned = page_rotation(item.document.turns, number) in (90, 270)
        yield (height, width) if turned else (width, height)


def title_lines(printed: list[PrintedDocument], first: int) -> dict[int, str]:
    """Each document's title line, by the index of its first page in the whole PDF."""
    lines: dict[int, str] = {}
    for item in printed:
        pages = PageRange(first + 1, item.pages)
        words = [item.document.readable_label, item.document.source, pages.ids_text]
        lines[first] = " · ".join(word for word in words if word)
        first += item.pages
    return lines


def _written(
    path: Path, relative: str, pages: int, options: ExportOptions, part: int | None = None
) -> WrittenPdf:
    """Facts about a PDF just saved, made durable: its hash as the system took it; the
    read-back at the end compares the device with it."""
    sha = copying.hash_while_durable(path)
    return WrittenPdf(relative, sha, path.stat().st_size, pages, bool(options.password), part=part)


def _write_parts(
    plan: ExportPlan,
    source: Path,
    work: Path,
    options: ExportOptions,
    bookmarks: list[Bookmark],
    metadata: dict[str, str],
    facts: ManifestFacts,
    check: Callable[[], None],
) -> None:
    folder = work / PARTS_FOLDER
    folder.mkdir()
    made: list[tuple[Path, int, int]] = []

    def keep(number: int, data: bytes, pages: int) -> None:
        path = folder / f".part-{number}.pdf"
        copying.write_new_file(path, data)
        made.append((path, number, pages))

    assert options.split_mb is not None
    count = secure.split_parts(
        source, options.split_mb, options.password, bookmarks, metadata, keep, check
    )
    stem = plan.pdf_name.removesuffix(".pdf")
    for path, number, pages in made:
        name = f"{stem}_part{number}of{count}.pdf"
        os.rename(path, folder / name)
        relative = f"{PARTS_FOLDER}/{name}"
        facts.pdfs.append(_written(folder / name, relative, pages, options, part=number))
    fsync_directory(folder)


def _metadata(plan: ExportPlan) -> dict[str, str]:
    return {
        "/Title": f"{plan.packet.title}: {plan.person.name}",
        "/Author": plan.person.name,
        "/Subject": "Medical records for a second opinion",
        "/Creator": f"Second Look {__version__}",
    }
