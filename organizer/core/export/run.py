"""export_packet: the whole export, written so that only a complete packet ever appears.

Everything is written into a hidden ".…incomplete-…" folder on the target, every file is
re-read and checked against its SHA-256, everything is fsynced, and only then is the
folder renamed to its final name. Cancel or any failure removes the temporary folder;
if even that is impossible (the stick was pulled out), what is left is hidden and named
incomplete, never mistaken for a finished packet.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from organizer import __version__
from organizer.core.atomic import fsync_directory
from organizer.core.errors import Cancelled
from organizer.core.export import copying, images, preflight, secure, stamp
from organizer.core.export.assemble import PdfUnreadable, PrintedDocument, assemble, count_pages
from organizer.core.export.checklist_status import packet_checklist
from organizer.core.export.front import build_front_matter
from organizer.core.export.index_html import index_html
from organizer.core.export.manifest import ManifestFacts, WrittenPdf, manifest_json, sha256sums
from organizer.core.export.names import name_key
from organizer.core.export.options import ExportFailed, ExportOptions, ExportResult
from organizer.core.export.plan import ExportPlan, Kind, PlannedDocument, build_plan
from organizer.core.export.summary import ChecklistView
from organizer.core.jobs import JobContext
from organizer.core.library import Library

INCOMPLETE = ".incomplete-"
PARTS_FOLDER = "PDF in parts"
_LEFTOVER = re.compile(r"^\.SecondOpinion_.*\.incomplete-[0-9a-f]{8}$")


class _Progress:
    def __init__(self, context: JobContext, total: int) -> None:
        self.context, self.total, self.done = context, total, 0

    def step(self, text: str) -> None:
        self.context.check_cancelled()
        self.done += 1
        self.context.report(min(self.done, self.total), self.total, text)


def export_packet(
    library: Library,
    packet_id: int,
    target: Path,
    options: ExportOptions,
    context: JobContext,
) -> ExportResult:
    """Write the packet's PDF and verified folder into ``target``; return what was written.

    The database is only read, at the start; a worker thread may pass its own connection
    (``Library.open(root, lock=False, create=False)``).
    """
    plan = build_plan(library, packet_id)
    checklist = packet_checklist(library, packet_id)
    target = target.expanduser()
    blockers = [p for p in preflight.check_target(plan, target, options) if p.blocks]
    if blockers:
        raise ExportFailed(blockers[0].message)
    _remove_leftovers(target)
    context.check_cancelled()
    work = target / f".{plan.folder_name}{INCOMPLETE}{secrets.token_hex(4)}"
    try:
        work.mkdir()
        result = _write_all(plan, work, options, context, checklist)
        final = _final_folder(target, plan.folder_name)
        os.rename(work, final)
        fsync_directory(target)
    except BaseException as error:
        shutil.rmtree(work, ignore_errors=True)
        if isinstance(error, OSError):
            raise ExportFailed(_os_message(error, target)) from error
        raise
    return _moved(result, work, final)


def _write_all(
    plan: ExportPlan,
    work: Path,
    options: ExportOptions,
    context: JobContext,
    checklist: ChecklistView | None,
) -> ExportResult:
    files = [item for doc in plan.documents for item in doc.files]
    printable = [doc for doc in plan.documents if doc.printable]
    progress = _Progress(context, 2 * len(files) + len(printable) + 6)
    check = context.check_cancelled
    hashes: dict[str, str] = {}
    scratch = work / ".work"
    scratch.mkdir()
    workers = max(1, min(4, os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="export-image") as pool:
        # Photos are turned into pages in the background while the originals are copied.
        pending = {
            number: pool.submit(_image_pdf, doc, scratch / f"doc-{number}.pdf")
            for number, doc in enumerate(plan.documents)
            if doc.kind is Kind.IMAGE
        }
        try:
            for item in files:
                progress.step(f"Copying {item.destination.name}")
                hashes[str(item.destination)] = copying.copy_file(
                    item.source, work / item.destination, item.record.sha256, check
                )
            printed, not_printed = _prepare_documents(plan, scratch, pending, progress)
        finally:
            for future in pending.values():
                future.cancel()
    checklist_warning = preflight.checklist_problem(checklist)
    note = checklist_warning.message if checklist_warning else None
    facts = ManifestFacts(file_hashes=hashes)
    pdf_pages = _write_pdf(
        plan, printed, not_printed, checklist, work, scratch, options, facts, progress
    )
    shutil.rmtree(scratch)
    ranges = {
        item.document.document.id or 0: item.range for item in printed if item.range is not None
    }
    facts.ranges = ranges
    facts.checklist = _checklist_json(checklist)
    for written_pdf in facts.pdfs:
        hashes[written_pdf.path] = written_pdf.sha256
    progress.step("Writing the index")
    pdf_paths = [pdf.path for pdf in facts.pdfs]
    for relative, data in (
        ("index.html", index_html(plan, pdf_paths, ranges, note)),
        ("manifest.json", manifest_json(plan, facts)),
    ):
        hashes[relative] = copying.write_new_file(work / relative, data)
    written_sums = copying.write_new_file(work / "SHA256SUMS", sha256sums(hashes))
    hashes["SHA256SUMS"] = written_sums
    progress.step("Checking what was written")
    copying.verify_written(work, hashes, check)
    copying.fsync_tree(work)
    written = [path for path in work.rglob("*") if path.is_file()]
    parts = tuple(work / pdf.path for pdf in facts.pdfs if pdf.part is not None)
    return ExportResult(
        folder=work,
        pdf=work / plan.pdf_name,
        pdf_parts=parts,
        file_count=len(written),
        total_bytes=sum(path.stat().st_size for path in written),
        pages=pdf_pages,
        encrypted=bool(options.password),
        checklist_warning=note,
        not_printed=tuple(doc.label for doc in not_printed),
    )


def _prepare_documents(
    plan: ExportPlan, scratch: Path, pending: dict[int, Future[int]], progress: _Progress
) -> tuple[list[PrintedDocument], list[PlannedDocument]]:
    """Count each printable document's pages, taking the photo pages made in ``pending``.

    Decoding and encoding images releases the GIL, so the pool's threads use the
    machine's cores; results are taken in document order, so the PDF's order is fixed.
    """
    printed: list[PrintedDocument] = []
    not_printed: list[PlannedDocument] = []
    for number, doc in enumerate(plan.documents):
        if not doc.printable:
            not_printed.append(doc)
            continue
        progress.step(f"Preparing {doc.label}")
        try:
            printed.append(_prepared_document(doc, number, scratch, pending))
        except (PdfUnreadable, images.ImageUnreadable) as error:
            doc.reason = f"could not be printed: {error}"
            not_printed.append(doc)
    return printed, not_printed


def _prepared_document(
    doc: PlannedDocument, number: int, scratch: Path, pending: dict[int, Future[int]]
) -> PrintedDocument:
    if doc.kind is Kind.IMAGE:
        pages = pending[number].result()
        return PrintedDocument(doc, scratch / f"doc-{number}.pdf", pages)
    if len(doc.files) == 1:
        source = doc.files[0].source
        return PrintedDocument(doc, source, count_pages(source))
    source = scratch / f"doc-{number}.pdf"
    return PrintedDocument(doc, source, _join_pdfs(doc, source))


def _image_pdf(doc: PlannedDocument, target: Path) -> int:
    pdf = images.image_document()
    pages = sum(images.add_image_pages(pdf, item.source) for item in doc.files)
    target.write_bytes(bytes(pdf.output()))
    return pages


def _join_pdfs(doc: PlannedDocument, target: Path) -> int:
    """A document made of several PDF files becomes one, in file order."""
    from pypdf import PdfWriter

    for item in doc.files:
        count_pages(item.source)
    writer = PdfWriter()
    for item in doc.files:
        writer.append(str(item.source), import_outline=False)
    with open(target, "wb") as handle:
        writer.write(handle)
    return len(writer.pages)


def _write_pdf(
    plan: ExportPlan,
    printed: list[PrintedDocument],
    not_printed: list[PlannedDocument],
    checklist: ChecklistView | None,
    work: Path,
    scratch: Path,
    options: ExportOptions,
    facts: ManifestFacts,
    progress: _Progress,
) -> int:
    counts = [(item.document, item.pages) for item in printed]
    front = build_front_matter(plan, counts, not_printed, checklist)
    progress.step("Putting the PDF together")
    metadata = _metadata(plan)
    writer = assemble(front, printed, metadata, lambda _label: progress.context.check_cancelled())
    person = plan.person
    born = person.dob.display() if person.dob else "date of birth not recorded"
    footers = stamp.draw_footers(writer, person.name, born, "", plan.created)
    stamp.apply_footers(writer, footers)
    total_pages = len(writer.pages)
    progress.step("Writing the PDF")
    whole = scratch / "whole.pdf"
    with open(whole, "wb") as handle:
        writer.write(handle)
    del writer
    final = work / plan.pdf_name
    if options.password:
        secure.encrypted_copy(whole, final, options.password, metadata)
    else:
        os.replace(whole, final)
    copying.fsync_file(final)
    sha = copying.sha256_file(final)
    facts.pdfs.append(
        WrittenPdf(plan.pdf_name, sha, final.stat().st_size, total_pages, bool(options.password))
    )
    if options.split_mb:
        progress.step("Splitting the PDF into parts")
        source = whole if whole.exists() else final
        _write_parts(plan, source, work, options, metadata, facts, progress.context.check_cancelled)
    return total_pages


def _write_parts(
    plan: ExportPlan,
    source: Path,
    work: Path,
    options: ExportOptions,
    metadata: dict[str, str],
    facts: ManifestFacts,
    check: Callable[[], None],
) -> None:
    folder = work / PARTS_FOLDER
    folder.mkdir()
    made: list[tuple[Path, int]] = []

    def keep(number: int, data: bytes) -> None:
        path = folder / f".part-{number}.pdf"
        copying.write_new_file(path, data)
        made.append((path, number))

    assert options.split_mb is not None
    count = secure.split_parts(source, options.split_mb, options.password, metadata, keep, check)
    stem = plan.pdf_name.removesuffix(".pdf")
    from pypdf import PdfReader

    for path, number in made:
        name = f"{stem}_part{number}of{count}.pdf"
        os.rename(path, folder / name)
        relative = f"{PARTS_FOLDER}/{name}"
        reader = PdfReader(folder / name, password=options.password)
        facts.pdfs.append(
            WrittenPdf(
                relative,
                copying.sha256_file(folder / name),
                (folder / name).stat().st_size,
                len(reader.pages),
                bool(options.password),
                part=number,
            )
        )
    fsync_directory(folder)


def _metadata(plan: ExportPlan) -> dict[str, str]:
    return {
        "/Title": f"{plan.packet.title}: {plan.person.name}",
        "/Author": plan.person.name,
        "/Subject": "Medical records for a second opinion",
        "/Creator": f"Second Look {__version__}",
    }


def _checklist_json(checklist: ChecklistView | None) -> dict[str, object] | None:
    if checklist is None:
        return None
    return {
        "ready": checklist.ready,
        "items": [
            {
                "title": line.title,
                "status": line.status,
                "explanation": line.explanation,
                "not_applicable_reason": line.not_applicable_reason or None,
            }
            for line in checklist.lines
        ],
    }


def _final_folder(target: Path, name: str) -> Path:
    """The folder name, or name_2, name_3...: never an earlier export's, ignoring case."""
    taken = {name_key(entry) for entry in os.listdir(target)}
    candidate, number = name, 1
    while name_key(candidate) in taken:
        number += 1
        candidate = f"{name}_{number}"
    return target / candidate


def _moved(result: ExportResult, work: Path, final: Path) -> ExportResult:
    def moved(path: Path) -> Path:
        return final / path.relative_to(work)

    return ExportResult(
        folder=final,
        pdf=moved(result.pdf),
        pdf_parts=tuple(moved(p) for p in result.pdf_parts),
        file_count=result.file_count,
        total_bytes=result.total_bytes,
        pages=result.pages,
        encrypted=result.encrypted,
        checklist_warning=result.checklist_warning,
        not_printed=result.not_printed,
    )


def _remove_leftovers(target: Path) -> None:
    """Temporary folders an earlier, interrupted export could not remove."""
    with contextlib.suppress(OSError):
        for entry in os.listdir(target):
            if _LEFTOVER.match(entry):
                shutil.rmtree(target / entry, ignore_errors=True)


def _os_message(error: OSError, target: Path) -> str:
    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EROFS: "the target is read-only",
        errno.EACCES: "permission was refused",
        errno.EIO: "the device reported an input/output error (was it removed?)",
        errno.ENOENT: "a folder disappeared (was the device removed?)",
    }
    reason = reasons.get(error.errno or 0, error.strerror or str(error))
    return f"The export to {target} failed: {reason}. Nothing was left behind."


__all__ = ["Cancelled", "export_packet"]
