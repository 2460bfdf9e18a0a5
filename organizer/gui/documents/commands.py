"""Undoable document actions that are not a plain record edit: trash, packet inclusion, links.

Edits of a document's own fields (title, category, date, notes, confirming a guess) use
``organizer.gui.undo.UpdateRecord``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QUndoCommand

from organizer.core.library import Library
from organizer.core.view_settings import WHOLE_DOCUMENT, rotations, set_rotation

Refresh = Callable[[], None]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


class TrashDocuments(QUndoCommand):
    """Move documents to the trash; undo takes them out again. Files stay until emptied."""

    def __init__(self, library: Library, document_ids: Sequence[int], refresh: Refresh) -> None:
        super().__init__(f"Move {_plural(len(document_ids), 'document')} to the trash")
        self.library = library
        self.document_ids = list(document_ids)
        self.refresh = refresh

    def redo(self) -> None:
        with self.library.transaction():
            for document_id in self.document_ids:
                self.library.trash_document(document_id)
        self.refresh()

    def undo(self) -> None:
        with self.library.transaction():
            for document_id in self.document_ids:
                self.library.restore_document(document_id)
        self.refresh()


class RotateDocuments(QUndoCommand):
    """Turn documents a quarter clockwise as shown and printed (the stored file is not
    changed); undo turns each back to where it was."""

    def __init__(self, library: Library, document_ids: Sequence[int], refresh: Refresh) -> None:
        super().__init__(f"Rotate {_plural(len(document_ids), 'document')}")
        self.library = library
        self.before = {i: rotations(library, i).get(WHOLE_DOCUMENT, 0) for i in document_ids}
        self.refresh = refresh

    def _turn(self, by: int) -> None:
        with self.library.transaction():
            for document_id, degrees in self.before.items():
                set_rotation(self.library, document_id, (degrees + by) % 360)
        self.refresh()

    def redo(self) -> None:
        self._turn(90)

    def undo(self) -> None:
        self._turn(0)


class RestoreDocuments(QUndoCommand):
    """Take documents out of the trash (from the trash window); undo puts them back."""

    def __init__(self, library: Library, document_ids: Sequence[int], refresh: Refresh) -> None:
        super().__init__(f"Restore {_plural(len(document_ids), 'document')} from the trash")
        self.inverse = TrashDocuments(library, document_ids, refresh)

    def redo(self) -> None:
        self.inverse.undo()

    def undo(self) -> None:
        self.inverse.redo()


class SetDocumentsIncluded(QUndoCommand):
    """Include documents in a packet or leave them out; undo restores each one's choice."""

    def __init__(
        self,
        library: Library,
        packet_id: int,
        before: dict[int, bool],
        included: bool,
        refresh: Refresh,
    ) -> None:
        verb = "Include" if included else "Leave out"
        super().__init__(f"{verb} {_plural(len(before), 'document')}")
        self.library = library
        self.packet_id = packet_id
        self.before = dict(before)
        self.included = included
        self.refresh = refresh

    def redo(self) -> None:
        with self.library.transaction():
            for document_id in self.before:
                self.library.set_document_included(self.packet_id, document_id, self.included)
        self.refresh()

    def undo(self) -> None:
        with self.library.transaction():
            for document_id, was in self.before.items():
                self.library.set_document_included(self.packet_id, document_id, was)
        self.refresh()


class LinkEvents(QUndoCommand):
    """Link a document to timeline events or unlink it: ``changes`` maps event id to linked."""

    def __init__(
        self, library: Library, document_id: int, changes: dict[int, bool], refresh: Refresh
    ) -> None:
        super().__init__("Change the document's timeline links")
        self.library = library
        self.document_id = document_id
        self.changes = dict(changes)
        self.refresh = refresh

    def _apply(self, reverse: bool) -> None:
        with self.library.transaction():
            for event_id, linked in self.changes.items():
                self.library.link_event_document(event_id, self.document_id, linked != reverse)
        self.refresh()

    def redo(self) -> None:
        self._apply(reverse=False)

    def undo(self) -> None:
        self._apply(reverse=True)
