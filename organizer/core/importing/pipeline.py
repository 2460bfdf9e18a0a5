"""``import_paths``: the preparing and commit phases run one after the other.

The CLI and the tests use this; the GUI runs ``Preparer`` in a worker thread and calls
``commit`` for each prepared document on its own thread, then ``remove_unreferenced``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from organizer.core.importing.committing import commit, remove_unreferenced
from organizer.core.importing.model import FileOutcome, ImportSummary
from organizer.core.importing.preparing import Preparer
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.records import Person

OutcomeSink = Callable[[FileOutcome], None]


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
        for item in preparer.run(paths):
            if isinstance(item, FileOutcome):
                emit(item)
                continue
            for outcome in commit(library, person_id, item):
                emit(outcome)
    finally:
        remove_unreferenced(library, preparer.new_hashes)
    return summary
