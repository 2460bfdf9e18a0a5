"""Where files derived from a stored file live: its thumbnail and its print copy.

Both are named by the stored file's SHA-256 and can always be made again from it, so they
go when no document refers to that file any more. This module imports nothing from the
rest of the app, so the library and the importer can both use it without an import cycle.
"""

from __future__ import annotations

from pathlib import Path

THUMBNAILS_FOLDER = "thumbnails"
PRINT_COPIES_FOLDER = "print-copies"
DERIVED_FOLDERS = (THUMBNAILS_FOLDER, PRINT_COPIES_FOLDER)


def thumbnail_path(library_root: Path, sha256: str) -> Path:
    """The cached PNG thumbnail of an image file."""
    return library_root / THUMBNAILS_FOLDER / f"{sha256}.png"


def print_copy_path(library_root: Path, sha256: str) -> Path:
    """The upright, reduced JPEG of a single-frame image that the export puts on a page."""
    return library_root / PRINT_COPIES_FOLDER / f"{sha256}.jpg"


def remove_derived(library_root: Path, sha256: str) -> None:
    """Delete the thumbnail and print copy of one stored file, where they exist."""
    thumbnail_path(library_root, sha256).unlink(missing_ok=True)
    print_copy_path(library_root, sha256).unlink(missing_ok=True)
