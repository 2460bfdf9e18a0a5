"""The pictures made after import: each image's thumbnail and print copy, in the background.

Import only copies an image, hashes it and reads its header, so a drop of phone photos
takes about as long as copying them. Decoding each photo for its thumbnail (for the
documents list) and its print copy (for the export) happens here, in the same background
pass as the full-text index and split the same way: ``pending_pictures`` and
``save_pictures`` touch the database on the writer thread, ``make_pictures`` only reads
stored files and writes the two derived files (each atomically) in a worker.

It is resumable: ``derived_work`` keeps a document 'pending' until its pictures are
saved, so after a cancel, a crash or a power cut the next pass does what is left; a
picture already on disk is not made again. Until then the documents list shows the
kind's icon and the export makes a missing print copy itself.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from organizer.core.cores import usable_cores
from organizer.core.derived import print_copy_path, thumbnail_path
from organizer.core.filestore import FileStore
from organizer.core.importing.images import ImageRefused, analyse_image
from organizer.core.importing.pending import PENDING as PENDING
from organizer.core.importing.pending import PictureTask as PictureTask
from organizer.core.importing.pending import pending_pictures as pending_pictures
from organizer.core.importing.pending import pictures_pending as pictures_pending
from organizer.core.jobs import JobContext
from organizer.core.library import Library

WORKERS = usable_cores() + 1
"""Photos made at once: one more than the cores. Pillow lets go of Python's lock while it
decodes, but each photo also waits for its print copy's fsync and holds the lock for short
steps between; with three threads two cores stay busy (measured: 28 photos/s against 16
with two)."""
DONE = "done"
FAILED = "failed"


@dataclass
class MadePictures:
    document_id: int
    generation: int
    pictures: int
    made: tuple[str, ...]
    """The files whose thumbnail is new (the list's icons to read again)."""
    message: str = ""


@dataclass
class PictureSummary:
    documents: int = 0
    pictures: int = 0
    failed: int = 0


def make_pictures(
    store: FileStore, library_root: Path, task: PictureTask, context: JobContext
) -> MadePictures:
    """Make what is missing of each file's thumbnail and print copy (no database access)."""
    made: list[str] = []
    problems: list[str] = []
    for sha in task.files:
        context.check_cancelled()
        thumbnail = thumbnail_path(library_root, sha)
        print_copy = print_copy_path(library_root, sha)
        if thumbnail.exists() and print_copy.exists():
            continue  # made before a crash, or the same photo in another document
        had_thumbnail = thumbnail.exists()
        try:
            analyse_image(store.path_for(sha), thumbnail, print_copy)
        except (ImageRefused, OSError) as error:
            problems.append(str(error))
            continue
        if not had_thumbnail and thumbnail.exists():
            made.append(sha)
    return MadePictures(task.document_id, task.generation, len(task.files), tuple(made),
                        "; ".join(problems))  # fmt: skip


def made_in_turn(
    store: FileStore,
    library_root: Path,
    tasks: Sequence[PictureTask],
    context: JobContext,
    workers: int = WORKERS,
) -> Iterator[MadePictures]:
    """Each task's pictures, in the tasks' order, made on a few threads (no database)."""
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="pictures") as pool:
        waiting: deque[Future[MadePictures]] = deque()
        try:
            for task in tasks:
                waiting.append(pool.submit(make_pictures, store, library_root, task, context))
                if len(waiting) > workers:
                    yield waiting.popleft().result()
            while waiting:
                yield waiting.popleft().result()
        finally:
            for future in waiting:
                future.cancel()


def save_pictures(library: Library, made: MadePictures) -> bool:
    """Record that a document's pictures exist; False if its files changed meanwhile."""
    with library.transaction():
        row = library._execute(
            "SELECT generation FROM derived_work WHERE document_id = ?", (made.document_id,)
        ).fetchone()
        if row is None or row[0] != made.generation:
            return False
        library._execute(
            "UPDATE derived_work SET state = ?, message = ? WHERE document_id = ?",
            (FAILED if made.message else DONE, made.message, made.document_id),
        )
    return True


def make_pending_pictures(library: Library, context: JobContext) -> PictureSummary:
    """Make every pending document's pictures in turn (the CLI's ``index``)."""
    summary = PictureSummary()
    tasks = pending_pictures(library)
    made_all = made_in_turn(library.store, library.root, tasks, context)
    for done, made in enumerate(made_all, start=1):
        if save_pictures(library, made):
            summary.documents += 1
            summary.pictures += made.pictures
            summary.failed += 1 if made.message else 0
        context.report(done, len(tasks), f"pictures of document {made.document_id}")
    return summary
