"""The undo stack holds operations that have run: no rules of its own, only undo and redo.

Every change a person makes is a core operation (organizer.core.ops) that returns an
``Outcome``; ``push`` puts it on the stack. Undo and redo call the outcome's own undo,
then announce what changed so each view updates what it shows.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand, QUndoStack

from organizer.core.errors import SecondLookError
from organizer.core.library import Library
from organizer.core.ops import Outcome
from organizer.gui.changes import announce, notices


class OperationCommand(QUndoCommand):
    """One operation the person made; it has already run when it is pushed."""

    def __init__(self, library: Library, text: str, outcome: Outcome) -> None:
        super().__init__(text)
        self.library = library
        self.outcome = outcome
        self._pushed = False

    def redo(self) -> None:
        if self._pushed:
            self._reverse("redo")
        else:
            self._pushed = True
            announce(self.library, self.outcome.changes)

    def undo(self) -> None:
        self._reverse("undo")

    def _reverse(self, verb: str) -> None:
        """Run the outcome's undo; if the library has moved on so that it cannot be done
        (its document went to the trash, say), nothing changes, the person is told why, and
        the step leaves the stack (an obsolete command is dropped by QUndoStack)."""
        try:
            self.outcome = self.outcome.undo()
        except SecondLookError as error:
            self.setObsolete(True)
            notices(self.library).step_failed.emit(
                f"Could not {verb} “{self.text()}”. {error} Nothing was changed."
            )
            return
        announce(self.library, self.outcome.changes)


def push(stack: QUndoStack, library: Library, text: str, outcome: Outcome) -> bool:
    """Put a finished operation on the undo stack and announce it; False if it changed nothing."""
    if not outcome.changes:
        return False
    stack.push(OperationCommand(library, text, outcome))
    return True
