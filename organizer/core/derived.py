"""Where files derived from a stored file live: its thumbnail and its print copy.

Both are named by the stored file's SHA-256 and can always be made again from it, so they
go when no document refers to that file any more. This module imports nothing from the
rest of the app, so the library and the importer can both use it without an import cycle.
"""

from __future__ import annotations

import struct
from pathlib import Path

PRINT_MIN_EDGE = 1000
"""A JPEG is decoded for its print copy at the smallest scale keeping this many pixels."""
PRINT_LONG_EDGE = 2000
"""No picture on an exported page is longer than this (larger ones are reduced)."""
THUMBNAILS_FOLDER = "thumbnails"
PRINT_COPIES_FOLDER = "print-copies"
RENDERINGS_FOLDER = "renderings-1"
"""The app's pages of clinical records (C-CDA, FHIR) for the preview; the number goes up
when the rendering changes, so that pages made by an older version are not shown."""
DERIVED_FOLDERS = (THUMBNAILS_FOLDER, PRINT_COPIES_FOLDER, RENDERINGS_FOLDER)


def thumbnail_path(library_root: Path, sha256: str) -> Path:
    """The cached PNG thumbnail of an image file."""
    return library_root / THUMBNAILS_FOLDER / f"{sha256}.png"


def print_copy_path(library_root: Path, sha256: str) -> Path:
    """The upright, reduced JPEG of a single-frame image that the export puts on a page."""
    return library_root / PRINT_COPIES_FOLDER / f"{sha256}.jpg"


def rendering_path(library_root: Path, sha256: str) -> Path:
    """The PDF pages the app made from a clinical record, shown in the preview."""
    return library_root / RENDERINGS_FOLDER / f"{sha256}.pdf"


def remove_derived(library_root: Path, sha256: str) -> None:
    """Delete the thumbnail, print copy and rendering of one stored file, where they exist."""
    thumbnail_path(library_root, sha256).unlink(missing_ok=True)
    print_copy_path(library_root, sha256).unlink(missing_ok=True)
    rendering_path(library_root, sha256).unlink(missing_ok=True)


_SOI = b"\xff\xd8"
_COMMENT = b"\xff\xfe"
_SEAL = b"second-look print copy sha256="


def seal_jpeg(data: bytes) -> bytes:
    """The JPEG with a comment holding the SHA-256 of everything after it.

    The export puts a print copy into the PDF byte for byte; the seal lets it tell a
    whole copy from one damaged on disk, which would otherwise print as a garbled photo.
    """
    if not data.startswith(_SOI):
        raise ValueError("not a JPEG")
    rest = data[len(_SOI) :]
    import hashlib  # OpenSSL's library loads on first use, not at start

    text = _SEAL + hashlib.sha256(rest).hexdigest().encode("ascii")
    return _SOI + _COMMENT + struct.pack(">H", len(text) + 2) + text + rest


def seal_intact(data: bytes) -> bool:
    """Whether ``data`` is a sealed JPEG whose bytes still match its seal."""
    start = len(_SOI) + len(_COMMENT)
    if not data.startswith(_SOI + _COMMENT) or len(data) < start + 2:
        return False
    (length,) = struct.unpack(">H", data[start : start + 2])
    text = data[start + 2 : start + length]
    if not text.startswith(_SEAL):
        return False
    expected = text[len(_SEAL) :].decode("ascii", errors="replace")
    import hashlib  # OpenSSL's library loads on first use, not at start

    return hashlib.sha256(data[start + length :]).hexdigest() == expected
