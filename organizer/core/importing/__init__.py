"""Import: bring in files, folders and zips, understood, deduplicated, never touching originals.

Public entry points (see the module docstrings for the why):

- ``import_paths(library, person_id, paths, context, on_outcome=None) -> ImportSummary``
  runs everything in the calling thread (CLI, tests).
- For the GUI, split across threads: ``Preparer(library.store, library.root, context)``
  and its ``run(paths)`` iterator (worker thread, never writes the database) yield
  ``FileOutcome`` and ``PreparedDocument`` items; ``commit(library, person_id, prepared)``
  writes one prepared document in one transaction (GUI thread) and returns the files'
  outcomes; afterwards (also after a cancel) ``remove_unreferenced(library,
  preparer.new_hashes)`` drops stored copies that no document took.
- Full-text index: ``pending_tasks(library)`` and ``save_text(library, extracted)`` on the
  writer thread, ``extract_text(library.store, task, check_cancelled)`` in a worker
  (``extracted_in_turn`` reads a large batch's PDFs in two helper processes);
  ``index_pending(library, context)`` does both in turn; ``search(library, text,
  person_id=None)`` returns hits and how many documents still wait to be indexed.
- Pictures, made after import by the same background pass: ``pending_pictures`` and
  ``save_pictures`` on the writer thread, ``make_pictures(library.store, library.root,
  task, context)`` in a worker; ``made_in_turn`` runs a few at once; ``make_pending_pictures(library, context)`` does all.
- ``thumbnail_path(library.root, sha256)``: the cached PNG thumbnail of an image file.
- ``print_copy_path(library.root, sha256)``: the upright JPEG (long edge at most
  ``PRINT_LONG_EDGE``) that the background pass writes for each single-frame image, for
  the export to embed as it is; ``write_print_copy(source, target)`` makes one when the
  export finds none yet (raises ``ImageRefused`` on a bad or multi-frame image).
- ``details`` (module): the keys written into ``Document.details``.
"""

from importlib import import_module
from typing import TYPE_CHECKING

from organizer.core.derived import (
    PRINT_COPIES_FOLDER,
    PRINT_LONG_EDGE,
    PRINT_MIN_EDGE,
    THUMBNAILS_FOLDER,
    print_copy_path,
    thumbnail_path,
)
from organizer.core.importing import details
from organizer.core.importing.model import (
    FileOutcome,
    ImportSummary,
    Outcome,
    PreparedDocument,
    PreparedFile,
    PreparedItem,
)

if TYPE_CHECKING:
    from organizer.core.importing.committing import commit, remove_unreferenced
    from organizer.core.importing.images import ImageRefused, write_print_copy
    from organizer.core.importing.pending import (
        IndexTask,
        PictureTask,
        pending_count,
        pending_pictures,
        pending_tasks,
        pictures_pending,
    )
    from organizer.core.importing.pictures import (
        MadePictures,
        PictureSummary,
        made_in_turn,
        make_pending_pictures,
        make_pictures,
        save_pictures,
    )
    from organizer.core.importing.pipeline import import_paths
    from organizer.core.importing.preparing import Preparer, prepare_paths
    from organizer.core.importing.textindex import (
        ExtractedText,
        IndexSummary,
        SearchHit,
        SearchResult,
        extract_text,
        extracted_in_turn,
        fts_query,
        index_pending,
        save_text,
        search,
    )

# The readers (PDF, DICOM, images) load on first use, so the app's window does not wait
# for them at start-up: name -> the module that holds it.
_LAZY = {
    **dict.fromkeys(("commit", "remove_unreferenced"), "committing"),
    **dict.fromkeys(("ImageRefused", "write_print_copy"), "images"),
    "import_paths": "pipeline",
    **dict.fromkeys(
        (
            "MadePictures",
            "PictureSummary",
            "made_in_turn",
            "make_pending_pictures",
            "make_pictures",
            "save_pictures",
        ),
        "pictures",
    ),
    **dict.fromkeys(
        (
            "IndexTask",
            "PictureTask",
            "pending_count",
            "pending_pictures",
            "pending_tasks",
            "pictures_pending",
        ),
        "pending",  # what is left to do, read at start-up without loading a reader
    ),
    **dict.fromkeys(("Preparer", "prepare_paths"), "preparing"),
    **dict.fromkeys(
        (
            "ExtractedText",
            "IndexSummary",
            "SearchHit",
            "SearchResult",
            "extract_text",
            "extracted_in_turn",
            "fts_query",
            "index_pending",
            "save_text",
            "search",
        ),
        "textindex",
    ),
}


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
    globals()[name] = value
    return value


__all__ = [
    "PRINT_COPIES_FOLDER",
    "PRINT_LONG_EDGE",
    "PRINT_MIN_EDGE",
    "THUMBNAILS_FOLDER",
    "ExtractedText",
    "FileOutcome",
    "ImageRefused",
    "ImportSummary",
    "IndexSummary",
    "IndexTask",
    "MadePictures",
    "Outcome",
    "PictureSummary",
    "PictureTask",
    "PreparedDocument",
    "PreparedFile",
    "PreparedItem",
    "Preparer",
    "SearchHit",
    "SearchResult",
    "commit",
    "details",
    "extract_text",
    "extracted_in_turn",
    "fts_query",
    "import_paths",
    "index_pending",
    "made_in_turn",
    "make_pending_pictures",
    "make_pictures",
    "pending_count",
    "pending_pictures",
    "pending_tasks",
    "pictures_pending",
    "prepare_paths",
    "print_copy_path",
    "remove_unreferenced",
    "save_pictures",
    "save_text",
    "search",
    "thumbnail_path",
    "write_print_copy",
]
