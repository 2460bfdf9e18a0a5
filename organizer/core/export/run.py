"""export_packet: the whole export, written so that only a complete packet ever appears.

Everything is written into a hidden ".…incomplete-…" folder on the target, every file is
re-read and checked against its SHA-256, everything is fsynced, and only then is the
folder renamed to its final name. Cancel or any failure removes the temporary folder;
if even that is impossible (the stick was pulled out), what is left is hidden and named
incomplete, never mistaken for a finished packet.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import os
import re
import secrets
import shutil
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from organizer import __version__
from organizer.core.atomic import fsync_directory
from organizer.core.derived import print_copy_path
from organizer.core.errors import Cancelled
from organizer.core.export import copying, dicomdir, images, inert, portal_pages, secure, stamp
from organizer.core.export.assemble import (
    PdfUnreadable,
    PrintedDocument,
    SourcePdfs,
    assemble,
)
from organizer.core.export.bookmarks import Bookmark
from organizer.core.export.damaged import name_damaged
from organizer.core.export.front import FrontMatter, build_front_matter
from organizer.core.export.index_html import index_html
from organizer.core.export.layout import Pages
from organizer.core.export.manifest import ManifestFacts, WrittenPdf, manifest_json, sha256sums
from organizer.core.export.names import name_key
from organizer.core.export.numbering import PageRange
from organizer.core.export.options import (
    DamagedStoredFile,
    ExportFailed,
    ExportOptions,
    ExportResult,
)
from organizer.core.export.plan import (
    ExportPlan,
    Kind,
    PlannedDocument,
    PlannedFile,
)
from organizer.core.export.preflight import check_target, checklist_problem
from organizer.core.export.start import ExportStart, read_start
from organizer.core.export.summary import ChecklistView
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.tidying import claimed_folder, folder_in_use
from organizer.core.view_settings import page_rotation

INCOMPLETE = ".incomplete-"
SCRATCH = ".work"
"""Inside the hidden folder: pages made from photos, kept until the PDF is saved. On the
target, not in the system's temporary folder: they are medical photos too."""
CHECKERS = 3
"""Files re-read at the same time when checking the copies."""
PARTS_FOLDER = "PDF in parts"
REPAIRED_NOTE = " (damaged file, repaired: see the original)"
"""Added to a document's title when its PDF had to be rebuilt to be joined."""
_LEFTOVER = re.compile(r"^\.SecondOpinion_.*\.incomplete-[0-9a-f]{8}$")


class _Progress:
    """Progress shared by the main export thread and the copying thread."""

    def __init__(self, context: JobContext, total: int) -> None:
        self.context, self.total, self.done = context, total, 0
        self._lock = threading.Lock()
        self.failure: Callable[[], None] = lambda: None

    def check(self) -> None:
        self.context.check_cancelled()
        self.failure()

    def step(self, text: str) -> None:
        self.check()
        with self._lock:  # reported in order, never going backwards
            self.done += 1
            self.context.report(min(self.done, self.total), self.total, text)


SWITCH_INTERVAL = 0.001
"""Seconds a thread may hold the GIL while another waits for it (Python's default is 5 ms)."""
_switch_lock = threading.Lock()
_switch_users = 0
_switch_before = 0.0


@contextlib.contextmanager
def _prompt_thread_switches() -> Iterator[None]:
    """Let the copying threads back in promptly while the PDF is being made.

    They mostly wait on the device and need the GIL only for a moment between waits;
    with Python's default interval each of those moments can cost them 5 ms while the
    PDF work holds it, which made checking the copies the slowest part of an export.
    """
    global _switch_users, _switch_before
    with _switch_lock:
        if _switch_users == 0:
            _switch_before = sys.getswitchinterval()
            sys.setswitchinterval(min(_switch_before, SWITCH_INTERVAL))
        _switch_users += 1
    try:
        yield
    finally:
        with _switch_lock:
            _switch_users -= 1
            if _switch_users == 0:
                sys.setswitchinterval(_switch_before)


class _Copier:
    """Copies the original files onto the target on its own thread, then re-reads them.

    Copying and hashing are disk work and C code that run without the GIL (on Linux the
    kernel copies the bytes), so they overlap with making the PDF. ``finish`` waits and
    raises the copier's error.
    """

    def __init__(self, files: list[PlannedFile], work: Path, progress: _Progress) -> None:
        self.files, self.work, self.progress = files, work, progress
        self.hashes: dict[str, str] = {}
        self.error: BaseException | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="export-copy", daemon=True)

    def __enter__(self) -> _Copier:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _check(self) -> None:
        if self._stop.is_set():
            raise Cancelled("The export stopped.")
        self.progress.context.check_cancelled()

    def _run(self) -> None:
        # Checking waits on the device far more than it computes: several files are
        # checked at once, each as soon as it is copied, to keep the device busy.
        checks: list[Future[None]] = []
        pool = ThreadPoolExecutor(CHECKERS, thread_name_prefix="export-check")
        try:
            try:
                for item in self.files:
                    self.progress.step(f"Copying {item.destination.name}")
                    copying.copy_file(item.source, self.work / item.destination, self._check)
                    checks.append(pool.submit(self._verify, item))
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise
            pool.shutdown(wait=True)
            for check in checks:
                check.result()
        except BaseException as error:
            self.error = _first_failure(checks) or error

    def _verify(self, item: PlannedFile) -> None:
        try:
            self.progress.step(f"Checking {item.destination.name}")
            target = self.work / item.destination
            copying.verify_copy(item.source, target, item.record.sha256, self._check)
        except BaseException:
            self._stop.set()  # no use copying more: the export has failed
            raise
        self.hashes[str(item.destination)] = item.record.sha256

    def raise_failure(self) -> None:
        """Stop the main thread early when the copy has already failed."""
        if self.error is not None and not isinstance(self.error, Cancelled):
            raise self.error

    def finish(self) -> dict[str, str]:
        self._thread.join()
        if self.error is not None:
            raise self.error
        return self.hashes


def export_packet(
    library: Library,
    packet_id: int,
    target: Path,
    options: ExportOptions,
    context: JobContext,
    start: ExportStart | None = None,
) -> ExportResult:
    """Write the packet's PDF and verified folder into ``target``; return what was written.

    The database is only read, at the start (or given as ``start``, read for the
    preflight just before); a worker thread may pass its own connection
    (``Library.open(root, lock=False, create=False)``).
    """
    start = start or read_start(library, packet_id, options)
    plan, checklist = start.plan, start.checklist
    target = target.expanduser()
    blockers = [p for p in check_target(plan, target, options) if p.blocks]
    if blockers:
        raise ExportFailed(blockers[0].message)
    _remove_leftovers(target)
    context.check_cancelled()
    work = target / f".{plan.folder_name}{INCOMPLETE}{secrets.token_hex(4)}"
    try:
        work.mkdir()
        with claimed_folder(work):  # a second export to the same place leaves it alone
            result = _write_all(plan, work, options, context, checklist)
            final = _final_folder(target, plan.folder_name)
            os.rename(work, final)
            fsync_directory(target)
    except BaseException as error:
        shutil.rmtree(work, ignore_errors=True)
        if isinstance(error, DamagedStoredFile):
            raise name_damaged(plan, error) from error
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
    progress = _Progress(context, 2 * len(files) + len(printable) + 7)
    facts = ManifestFacts()
    scratch = work / SCRATCH
    scratch.mkdir()
    with (
        _prompt_thread_switches(),
        SourcePdfs() as sources,
        _Copier(files, work, progress) as copier,
    ):
        progress.failure = copier.raise_failure
        printed, not_printed = _prepare_documents(plan, scratch, sources, progress)
        pdf_pages = _write_pdf(
            plan, printed, not_printed, checklist, sources, work, options, facts, progress
        )
        hashes = copier.finish()
    shutil.rmtree(scratch)
    progress.step("Writing the imaging studies' indexes")
    written_here = _write_study_indexes(plan, work)
    checklist_warning = checklist_problem(checklist)
    note = checklist_warning.message if checklist_warning else None
    ranges = {
        item.document.document.id or 0: item.range for item in printed if item.range is not None
    }
    facts.file_hashes, facts.ranges = hashes, ranges
    facts.checklist = _checklist_json(checklist)
    written_here |= {pdf.path: pdf.sha256 for pdf in facts.pdfs}
    written_here |= portal_pages.readable_copies(plan.documents)
    progress.step("Writing the index")
    pdf_paths = [pdf.path for pdf in facts.pdfs]
    for relative, data in (
        ("index.html", index_html(plan, pdf_paths, ranges, note, set(written_here))),
        ("manifest.json", manifest_json(plan, facts)),
    ):
        written_here[relative] = copying.write_new_file(work / relative, data)
    written_sums = copying.write_new_file(work / "SHA256SUMS", sha256sums(hashes | written_here))
    written_here["SHA256SUMS"] = written_sums
    progress.step("Checking what was written")
    copying.verify_written(work, written_here, progress.check)
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


def _write_study_indexes(plan: ExportPlan, work: Path) -> dict[str, str]:
    """Each imaging study folder's own DICOMDIR; their hashes by relative path."""
    written: dict[str, str] = {}
    for doc in plan.documents:
        if doc.kind is not Kind.STUDY:
            continue
        files = [(item.source, item.destination.relative_to(doc.location)) for item in doc.files]
        index = dicomdir.study_index(files)
        if index.data:
            relative = doc.location / dicomdir.NAME
            written[str(relative)] = copying.write_new_file(work / relative, index.data)
    return written


def _first_failure(checks: list[Future[None]]) -> BaseException | None:
    """The first check that failed for a reason of its own (not because all stopped)."""
    for check in checks:
        if check.done() and not check.cancelled():
            error = check.exception()
            if error is not None and not isinstance(error, Cancelled):
                return error
    return None


def _prepare_documents(
    plan: ExportPlan, scratch: Path, sources: SourcePdfs, progress: _Progress
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
    progress: _Progress,
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

    return dataclasses.replace(
        result,
        folder=final,
        pdf=moved(result.pdf),
        pdf_parts=tuple(moved(p) for p in result.pdf_parts),
    )


def _remove_leftovers(target: Path) -> None:
    """Temporary folders an earlier, interrupted export could not remove."""
    with contextlib.suppress(OSError):
        for entry in os.listdir(target):
            if _LEFTOVER.match(entry) and not folder_in_use(target / entry):
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
