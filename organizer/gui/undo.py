"""Undoable record edits: every add, change and delete in the app goes through these.

Each command keeps full copies of the record before and after, so undo and redo are plain
core API calls (re-adding a deleted record keeps its id, which keeps links intact).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from organizer.core.library import Captured, Library
from organizer.core.records import Record, Request

Refresh = Callable[[], None]


def _noop() -> None:
    return None


class AddRecord(QUndoCommand):
    def __init__(self, library: Library, record: Record, text: str, refresh: Refresh = _noop):
        super().__init__(text)
        self.library = library
        self.record = copy.deepcopy(record)
        self.refresh = refresh

    def redo(self) -> None:
        self.record.id = self.library.add(copy.deepcopy(self.record))
        self.refresh()

    def undo(self) -> None:
        assert self.record.id is not None
        self.library.delete(type(self.record), self.record.id)
        self.refresh()


class UpdateRecord(QUndoCommand):
    def __init__(
        self, library: Library, before: Record, after: Record, text: str, refresh: Refresh = _noop
    ):
        super().__init__(text)
        self.library = library
        self.before = copy.deepcopy(before)
        self.after = copy.deepcopy(after)
        self.refresh = refresh
        self._history: list[dict[str, Any]] | None = None

    def redo(self) -> None:
        if isinstance(self.after, Request) and self.after.id is not None:
            # a status change adds to the request's history; undo must take that back too
            self._history = self.library.request_history_rows(self.after.id)
        self.library.update(copy.deepcopy(self.after))
        self.refresh()

    def undo(self) -> None:
        with self.library.transaction():
            self.library.update(copy.deepcopy(self.before))
            if self._history is not None and self.before.id is not None:
                self.library.replace_request_history(self.before.id, self._history)
        self.refresh()


class DeleteRecord(QUndoCommand):
    """Delete a record; undo puts it back with the same id, with everything that went with it
    (a packet's questions, an event's document links...)."""

    def __init__(self, library: Library, record: Record, text: str, refresh: Refresh = _noop):
        super().__init__(text)
        self.library = library
        self.record = copy.deepcopy(record)
        self.refresh = refresh
        self._captured: Captured | None = None

    def redo(self) -> None:
        assert self.record.id is not None
        with self.library.transaction():
            self._captured = self.library.capture(type(self.record), self.record.id)
            self.library.delete(type(self.record), self.record.id)
        self.refresh()

    def undo(self) -> None:
        assert self._captured is not None
        self.library.restore(self._captured)
        self.refresh()
