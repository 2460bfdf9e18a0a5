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

from organizer.core.atomic import fsync_directory
from organizer.core.errors import Cancelled
from organizer.core.export import copying, dicomdir
from organizer.core.export.damaged import name_damaged
from organizer.core.export.manifest import ManifestFacts, manifest_json, sha256sums
from organizer.core.export.names import name_key
from organizer.core.export.options import (
    DamagedStoredFile,
    ExportFailed,
    ExportOptions,
    ExportResult,
)
from organizer.core.export.plan import (
    ExportPlan,
    Kind,
    PlannedFile,
)
from organizer.core.export.preflight import check_target, checklist_problem
from organizer.core.export.start import ExportStart, read_start
from organizer.core.export.summary import ChecklistView
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.tidying import claimed_folder, folder_in_use

INCOMPLETE = ".incomplete-"
SCRATCH = ".work"
"""Inside the hidden folder: pages made from photos, kept until the PDF is saved. On the
target, not in the system's temporary folder: they are medical photos too."""
CHECKERS = 3
"""Files re-read at the same time when checking the copies."""
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
    with _prompt_thread_switches(), _Copier(files, work, progress) as copier:
        progress.failure = copier.raise_failure
        from organizer.core.export.packet_pdf import write_packet_pdf  # loads the PDF tools

        printed, not_printed, pdf_pages = write_packet_pdf(
            plan, checklist, scratch, work, options, facts, progress
        )
        hashes = copier.finish()
    from organizer.core.export.index_html import index_html  # loaded with the PDF tools
    from organizer.core.export.portal_pages import readable_copies

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
    written_here |= readable_copies(plan.documents)
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
