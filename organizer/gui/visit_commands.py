"""Undoable steps after the visit: saving the Visit page, and starting a third opinion."""

from __future__ import annotations

import copy
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from organizer.core.library import Captured, Library
from organizer.core.records import Packet
from organizer.core.visit.store import VisitState, write_state
from organizer.core.visit.third import ask_for_third_opinion

Refresh = Callable[[], None]


class SaveVisit(QUndoCommand):
    """Undo writes back the page as it was before; redo writes the saved one again."""

    def __init__(
        self, library: Library, before: VisitState, after: VisitState, refresh: Refresh
    ) -> None:
        super().__init__("Save the visit")
        self.library = library
        self.before = copy.deepcopy(before)
        self.after = copy.deepcopy(after)
        self.refresh = refresh

    def redo(self) -> None:
        write_state(self.library, copy.deepcopy(self.after))
        self.refresh()

    def undo(self) -> None:
        write_state(self.library, copy.deepcopy(self.before))
        self.refresh()


class StartThirdOpinion(QUndoCommand):
    """The first redo makes the packet; undo keeps a copy of it so redo brings it back."""

    def __init__(self, library: Library, packet_id: int, refresh: Refresh) -> None:
        super().__init__("Start a third-opinion packet")
        self.library = library
        self.packet_id = packet_id
        self.refresh = refresh
        self.new_id: int | None = None
        self.captured: Captured | None = None

    def redo(self) -> None:
        if self.captured is None:
            self.new_id = ask_for_third_opinion(self.library, self.packet_id)
        else:
            self.library.restore(self.captured)
        self.refresh()

    def undo(self) -> None:
        assert self.new_id is not None
        self.captured = self.library.capture(Packet, self.new_id)
        self.library.delete(Packet, self.new_id)
        self.refresh()
