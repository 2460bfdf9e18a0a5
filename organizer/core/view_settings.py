"""How a document is shown and printed upright: a turn the person sets, kept apart from
the stored file (which is never changed), for a whole document or for one page."""

from __future__ import annotations

from organizer.core.errors import InvalidInput
from organizer.core.library import Library
from organizer.core.records import Document

TABLE = "view_settings"
ROTATIONS = (0, 90, 180, 270)
WHOLE_DOCUMENT = 0


def set_rotation(library: Library, document_id: int, degrees: int, page: int = 0) -> None:
    """Turn a document (page 0) or one of its pages (1 and up) clockwise by ``degrees``,
    replacing any turn set before; 0 takes it away."""
    if degrees % 360 not in ROTATIONS:
        raise InvalidInput(f"a page can be turned by 90, 180 or 270 degrees, not {degrees}")
    if page < 0:
        raise InvalidInput(f"there is no page {page}")
    library.get(Document, document_id)  # says clearly when there is no such document
    with library.transaction():
        if degrees % 360 == 0:
            library._execute(
                "DELETE FROM view_settings WHERE document_id = ? AND page = ?", (document_id, page)
            )
        else:
            library._execute(
                "INSERT INTO view_settings (document_id, page, rotation) VALUES (?, ?, ?) "
                "ON CONFLICT (document_id, page) DO UPDATE SET rotation = excluded.rotation",
                (document_id, page, degrees % 360),
            )


def rotations(library: Library, document_id: int) -> dict[int, int]:
    """The turns set for a document: page (0 for the whole document) -> degrees."""
    rows = library._execute(
        "SELECT page, rotation FROM view_settings WHERE document_id = ?", (document_id,)
    ).fetchall()
    return {int(page): int(rotation) for page, rotation in rows}


def page_rotation(turns: dict[int, int], page: int) -> int:
    """The turn of page ``page`` (1-based): the whole document's plus its own."""
    return (turns.get(WHOLE_DOCUMENT, 0) + turns.get(page, 0)) % 360
