"""The preview's copy of a clinical record's pages, made once and kept with the library.

Kept under the stored file's SHA-256 like thumbnails (``derived.rendering_path``), so it
goes when the file goes and can always be made again. Making it reads nothing but the
stored file, so a worker thread may call ``rendered_pages``.
"""

from __future__ import annotations

from pathlib import Path

from organizer.core.atomic import atomic_output
from organizer.core.derived import rendering_path
from organizer.core.rendering.read import render_file


def cached_pages(library_root: Path, sha256: str) -> Path | None:
    """The pages already made for this stored file, or None."""
    path = rendering_path(library_root, sha256)
    return path if path.is_file() and path.stat().st_size > 0 else None


def rendered_pages(library_root: Path, sha256: str, source: Path) -> Path:
    """The pages of the record stored at ``source``, made now if need be.

    Raises ``NotRenderable`` (with the reason in words) when it is not a clinical record.
    """
    found = cached_pages(library_root, sha256)
    if found is not None:
        return found
    # the PDF writer (pikepdf, fpdf2) loads on first use, not with the app's first window
    from organizer.core.rendering.pdf import rendering_pdf

    data = rendering_pdf(render_file(source))
    path = rendering_path(library_root, sha256)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_output(path, durable=False) as handle:
        handle.write(data)
    return path
