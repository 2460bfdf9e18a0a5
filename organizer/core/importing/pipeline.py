"""``import_paths``: the preparing and commit phases, side by side, as the GUI runs them.

The CLI and the tests use this; the GUI runs ``Preparer`` in a worker thread and calls
``commit`` for each prepared document on its own thread, then ``remove_unreferenced``.
Here too the preparing runs on a helper thread, so that each commit's wait for the disk
overlaps the copying and hashing of the next files; this thread stays the only writer.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Generator, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from organizer.core.importing.committing import commit, remove_unreferenced
from organizer.core.importing.model import FileOutcome, ImportSummary
from organizer.core.importing.preparing import Preparer
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.records import Person

OutcomeSink = Callable[[FileOutcome], None]
AHEAD = 8
"""Prepared items waiting for their commit at most (bounds memory)."""
T = TypeVar("T")


def import_paths(
    library: Library,
    person_id: int,
    paths: Sequence[Path],
    context: JobContext,
    on_outcome: OutcomeSink | None = None,
) -> ImportSummary:
    """Import files, folders and zips for one person; raise Cancelled if cancelled.

    Documents committed before a cancel stay (each is complete); nothing half-done does.
    """
    library.get(Person, person_id)
    summary = ImportSummary()

    def emit(outcome: FileOutcome) -> None:
        summary.outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)

    preparer = Preparer(library.store, library.root, context)
    try:
        for item in ahead(preparer.run(paths)):
            if isinstance(item, FileOutcome):
                emit(item)
                continue
            for outcome in commit(library, person_id, item):
                emit(outcome)
    finally:
        remove_unreferenced(library, preparer.new_hashes)
    return summary


def ahead(items: Generator[T, None, None], room: int = AHEAD) -> Iterator[T]:
    """The items, made on a helper thread up to ``room`` ahead of the caller.

    An error in the making is raised here, in the caller's thread. When the caller stops
    early (an error of its own, a cancel), the maker stops at its next item and closes
    ``items`` on its own thread, so whatever cleanup they do is over when this returns.
    """
    passing: queue.Queue[tuple[bool, object]] = queue.Queue(maxsize=room)
    stop = threading.Event()

    def hand_over(done: bool, value: object) -> bool:
        while not stop.is_set():
            try:
                passing.put((done, value), timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def make() -> None:
        try:
            for item in items:
                if not hand_over(False, item):
                    return
            hand_over(True, None)
        except BaseException as error:  # handed to the caller, who raises it
            hand_over(True, error)
        finally:
            items.close()

    maker = threading.Thread(target=make, name="preparing", daemon=True)
    maker.start()
    try:
        while True:
            done, value = passing.get()
            if done:
                if isinstance(value, BaseException):
                    raise value
                return
            yield value  # type: ignore[misc]
    finally:
        stop.set()
        maker.join()
