"""Undo commands for edits that are not a single record: checklist marks, several adds."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from organizer.core.checklist import finding_marks, set_finding_not_applicable, set_not_applicable
from organizer.core.library import Library


class SetRuleMark(QUndoCommand):
    """Mark a checklist rule not applicable with a reason (or clear the mark); undoable."""

    def __init__(
        self,
        library: Library,
        packet_id: int,
        rule_id: str,
        reason: str | None,
        text: str,
        refresh: Callable[[], None],
    ) -> None:
        super().__init__(text)
        self.library = library
        self.packet_id = packet_id
        self.rule_id = rule_id
        self.before = library.rule_marks(packet_id).get(rule_id)
        self.after = reason
        self.refresh = refresh

    def redo(self) -> None:
        set_not_applicable(self.library, self.packet_id, self.rule_id, self.after)
        self.refresh()

    def undo(self) -> None:
        set_not_applicable(self.library, self.packet_id, self.rule_id, self.before)
        self.refresh()


class SetFindingMark(QUndoCommand):
    """Mark one record of a rule not applicable (this biopsy), or clear it; undoable."""

    def __init__(
        self,
        library: Library,
        packet_id: int,
        rule_id: str,
        ref: tuple[str, int],
        reason: str | None,
        text: str,
        refresh: Callable[[], None],
    ) -> None:
        super().__init__(text)
        self.library = library
        self.packet_id = packet_id
        self.rule_id = rule_id
        self.ref = ref
        self.before = finding_marks(library, packet_id).get((rule_id, ref))
        self.after = reason
        self.refresh = refresh

    def redo(self) -> None:
        set_finding_not_applicable(self.library, self.packet_id, self.rule_id, self.ref, self.after)
        self.refresh()

    def undo(self) -> None:
        set_finding_not_applicable(
            self.library, self.packet_id, self.rule_id, self.ref, self.before
        )
        self.refresh()
